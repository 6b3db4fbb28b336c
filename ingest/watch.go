package ingest

// A Follower is told by the kernel (inotify, through fsnotify) when
// something happens in the directories of its files, so that a poll that
// would find nothing is not made: an idle follow run sleeps. Where no
// watch can be set (no inotify, too many watches, a directory that does
// not exist yet) it polls at every interval instead.

import (
	"sync/atomic"

	"github.com/fsnotify/fsnotify"
)

// watcher holds the directory watches of a Follower.
type watcher struct {
	w       *fsnotify.Watcher
	dirs    map[string]bool
	changed atomic.Bool // something happened since the last Changed
	failed  atomic.Bool // a watch could not be kept: poll every time
	done    chan struct{}
}

// Watch starts watching the directories of the followed files. Without it,
// or when it fails, Changed is always true and every interval polls.
func (fw *Follower) Watch() error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	fw.watch = &watcher{w: w, dirs: map[string]bool{}, done: make(chan struct{})}
	fw.watch.changed.Store(true)
	go fw.watch.listen()
	fw.watchDirs()
	return nil
}

// listen records events until the watcher is closed.
func (wt *watcher) listen() {
	defer close(wt.done)
	for {
		select {
		case _, ok := <-wt.w.Events:
			if !ok {
				return
			}
			wt.changed.Store(true)
		case _, ok := <-wt.w.Errors:
			if !ok {
				return
			}
			// An overflowed queue lost events: poll from now on.
			wt.failed.Store(true)
		}
	}
}

// watchDirs adds a watch for each directory not watched yet.
func (fw *Follower) watchDirs() {
	wt := fw.watch
	if wt == nil {
		return
	}
	for _, d := range fw.Dirs() {
		if wt.dirs[d] {
			continue
		}
		if err := wt.w.Add(d); err != nil {
			wt.failed.Store(true)
			continue
		}
		wt.dirs[d] = true
	}
}

// Changed reports whether a poll may find something: an event came since
// the last call, or there is no working watch.
func (fw *Follower) Changed() bool {
	wt := fw.watch
	if wt == nil || wt.failed.Load() {
		return true
	}
	return wt.changed.Swap(false)
}

// Watching reports whether the kernel tells the follower of changes, so
// that idle intervals cost nothing; false when it polls.
func (fw *Follower) Watching() bool {
	return fw.watch != nil && !fw.watch.failed.Load()
}

// stopWatching closes the watches.
func (fw *Follower) stopWatching() {
	if wt := fw.watch; wt != nil {
		wt.w.Close()
		<-wt.done
		fw.watch = nil
	}
}
