package ingest

// Following growing logs: a Follower reads what the files hold, then, at
// each poll, what they gained, following the two ways logs are rotated.
// Rename rotation moves the file away (same inode, new name) and creates a
// new one at the path: the old file is read to its end, the new one from
// its start. copytruncate copies the file and truncates it: the file is
// read again from its start, and a copy that joins a glob continues the
// read it copies rather than counting its lines twice.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Chunk is what a poll read of one log: whole lines (the last one may
// lack its '\n' when the file was read to its end for good).
type Chunk struct {
	// Name is the input the lines belong to: the path under which the
	// content was first followed, which a renamed file keeps.
	Name string
	// Data holds the lines; it is valid until the callback returns.
	Data []byte
	// FirstLine is the 1-based number of Data's first line in its file.
	FirstLine int64
}

// Change is something a poll noticed about the files, for a caller that
// tells the user.
type Change struct {
	Path string
	What string // "new", "rotated", "truncated" or "closed"
}

// followChunk is how much a poll reads of a file at once: the memory a
// follower holds whatever the logs' size.
const followChunk = 4 << 20

// maxEnded bounds the finished reads kept for copies to continue.
const maxEnded = 64

// Follower follows log files given as paths or glob patterns. It is not
// safe for concurrent use.
type Follower struct {
	patterns []string
	active   []*followed // in the order first seen
	ended    []*followed // finished reads, newest last, for copies to continue
	buf      []byte
	polled   bool
	watch    *watcher // nil: poll every time
	// Changes are what the last Poll noticed.
	Changes []Change
}

// followed is one file being followed, known by its device and inode.
type followed struct {
	name       string // the input its lines belong to
	path       string // where it was last seen
	f          *os.File
	dev, inode uint64
	off        int64 // content bytes read: whole lines
	lines      int64 // lines before off
	head       []byte
	compressed bool  // read whole when first seen; nothing more to follow
	gone       bool  // no longer at any followed path: read to its end, then closed
	size       int64 // of a gone file at the last poll, to tell when it is idle
}

// NewFollower returns a follower of the paths and patterns. "-" cannot be
// followed; a path that is not a regular file is refused before it is
// opened (a named pipe would block).
func NewFollower(patterns []string) (*Follower, error) {
	for _, p := range patterns {
		if p == "-" {
			return nil, errors.New("standard input cannot be followed: give the log files")
		}
		if strings.ContainsAny(p, "*?[") {
			if _, err := filepath.Glob(p); err != nil {
				return nil, fmt.Errorf("expand %q: %w", p, err)
			}
			continue
		}
		if fi, err := StatRegular(p); err != nil && !(errors.Is(err, ErrNotRegular) && fi.IsDir()) {
			return nil, err
		}
	}
	return &Follower{patterns: patterns, buf: make([]byte, followChunk)}, nil
}

// Dirs returns the directories the followed paths and patterns live in:
// what a watcher must watch to hear of growth, rotation and new files.
func (fw *Follower) Dirs() []string {
	var dirs []string
	for _, p := range fw.patterns {
		dirs = append(dirs, filepath.Dir(p))
	}
	for _, fo := range fw.active {
		dirs = append(dirs, filepath.Dir(fo.path))
	}
	slices.Sort(dirs)
	return slices.Compact(dirs)
}

// expand returns the paths the patterns name now. A pattern matching
// nothing is no error while following: the file may be between rotations.
func (fw *Follower) expand() []string {
	var out []string
	for _, p := range fw.patterns {
		if _, err := os.Lstat(p); err == nil || !strings.ContainsAny(p, "*?[") {
			out = append(out, p)
			continue
		}
		m, _ := filepath.Glob(p) // the pattern was checked by NewFollower
		slices.Sort(m)
		out = append(out, m...)
	}
	return out
}

// Poll reads what the files gained since the last poll (everything, the
// first time) and hands it to emit, a file at a time, in chunks of whole
// lines. Files that joined a pattern are read from their start, unless
// they begin with the full head of a read they continue. A file that left
// every path (renamed away, deleted) is read to its end and closed on the
// next poll that finds it idle. The first poll fails on a file it cannot
// open; later ones skip a path that vanished meanwhile.
func (fw *Follower) Poll(emit func(Chunk) error) error {
	fw.Changes = fw.Changes[:0]
	seen := map[*followed]bool{}
	for _, p := range fw.expand() {
		fo, err := fw.look(p)
		if err != nil {
			if !fw.polled {
				return err
			}
			continue
		}
		if fo == nil || seen[fo] {
			continue
		}
		seen[fo] = true
		if err := fw.read(fo, false, emit); err != nil {
			return err
		}
	}
	keep := fw.active[:0]
	for _, fo := range fw.active {
		if seen[fo] {
			keep = append(keep, fo)
			continue
		}
		if fo.compressed || fo.f == nil {
			fw.finish(fo)
			continue
		}
		if !fo.gone {
			fo.gone, fo.size = true, -1
			fw.Changes = append(fw.Changes, Change{fo.path, "rotated"})
		}
		// A renamed file is written to until its writer reopens the
		// path: read it while it grows, then to its very end.
		if err := fw.read(fo, false, emit); err != nil {
			return err
		}
		if fi, err := fo.f.Stat(); err == nil && fi.Size() != fo.size {
			fo.size = fi.Size()
			keep = append(keep, fo)
			continue
		}
		if err := fw.read(fo, true, emit); err != nil {
			return err
		}
		fw.finish(fo)
	}
	fw.active = keep
	fw.polled = true
	fw.watchDirs()
	return nil
}

// finish closes a file that is done and keeps its read for copies.
func (fw *Follower) finish(fo *followed) {
	if fo.f != nil {
		fo.f.Close()
		fo.f = nil
		fw.Changes = append(fw.Changes, Change{fo.path, "closed"})
	}
	fw.remember(fo)
}

func (fw *Follower) remember(fo *followed) {
	if len(fo.head) < HeadBytes {
		return // too short to tell a copy from a log that starts alike
	}
	snap := *fo
	snap.f = nil
	fw.ended = append(fw.ended, &snap)
	if len(fw.ended) > maxEnded {
		fw.ended = fw.ended[1:]
	}
}

// look finds the followed file at path, or starts following it.
func (fw *Follower) look(path string) (*followed, error) {
	fi, err := StatRegular(path)
	if err != nil {
		return nil, err
	}
	dev, inode := fileID(fi)
	for _, fo := range fw.active {
		if fo.dev != dev || fo.inode != inode || (dev == 0 && inode == 0) {
			continue
		}
		fo.path, fo.gone = path, false
		if !fo.compressed && fw.truncated(fo, fi.Size()) {
			// copytruncate, or rewritten: start again, keeping what was
			// read for the copy to continue.
			fw.remember(fo)
			fo.off, fo.lines, fo.head = 0, 0, nil
			fw.Changes = append(fw.Changes, Change{path, "truncated"})
		}
		return fo, nil
	}
	fo, err := fw.open(path, dev, inode)
	if err != nil {
		return nil, err
	}
	fw.active = append(fw.active, fo)
	if fw.polled {
		fw.Changes = append(fw.Changes, Change{path, "new"})
	}
	return fo, nil
}

// truncated reports whether fo, now size bytes long, was truncated since
// it was read: it is shorter than what was read, or no longer starts with
// the bytes it started with (truncated and written past the old length
// between two polls).
func (fw *Follower) truncated(fo *followed, size int64) bool {
	if size < fo.off {
		return true
	}
	if size == fo.off || len(fo.head) == 0 {
		return false
	}
	k := min(len(fo.head), 512)
	b := make([]byte, k)
	n, _ := fo.f.ReadAt(b, 0)
	return !bytes.Equal(b[:n], fo.head[:k])
}

// open starts following the file at path: from its start, or from where
// the read it continues ended.
func (fw *Follower) open(path string, dev, inode uint64) (*followed, error) {
	in, err := Open(path)
	if err != nil {
		return nil, err
	}
	fo := &followed{name: path, path: path, dev: dev, inode: inode, compressed: in.Compression != "none"}
	head := make([]byte, HeadBytes)
	n, err := io.ReadFull(in, head)
	in.Close()
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, fmt.Errorf("read %q: %w", path, err)
	}
	if from := fw.continues(head[:n]); from != nil {
		fo.name, fo.off, fo.lines, fo.head = from.name, from.off, from.lines, from.head
	}
	if !fo.compressed {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("open %q: %w", path, unwrapPath(err))
		}
		fo.f = f
	}
	return fo, nil
}

// continues returns the read a file starting with head continues: one
// with a full head (HeadBytes) that the file starts with, the one read
// furthest. A shorter head proves nothing: W3C and CSV logs start alike.
func (fw *Follower) continues(head []byte) *followed {
	if len(head) < HeadBytes {
		return nil
	}
	var best *followed
	for _, list := range [][]*followed{fw.ended, fw.active} {
		for _, fo := range list {
			if len(fo.head) == HeadBytes && bytes.Equal(fo.head, head) && (best == nil || fo.off > best.off) {
				best = fo
			}
		}
	}
	return best
}

// read hands emit what fo gained. A compressed file is read whole, once.
// final reads a file that left its path to its very end, a last line
// without '\n' included.
func (fw *Follower) read(fo *followed, final bool, emit func(Chunk) error) error {
	if fo.compressed {
		return fw.readCompressed(fo, emit)
	}
	if fo.f == nil {
		return nil
	}
	for {
		n, err := fo.f.ReadAt(fw.buf, fo.off)
		if err != nil && err != io.EOF {
			return fmt.Errorf("read %q: %w", fo.path, unwrapPath(err))
		}
		data := fw.buf[:n]
		end := bytes.LastIndexByte(data, '\n') + 1
		if end == 0 && n == len(fw.buf) {
			end = n // a line longer than a chunk: the splitter flags it
		}
		if final && n < len(fw.buf) {
			end = n
		}
		if end == 0 {
			return nil
		}
		if err := fw.deliver(fo, data[:end], emit); err != nil {
			return err
		}
		if n < len(fw.buf) {
			return nil
		}
	}
}

// readCompressed reads a compressed file from its start, skipping what
// the read it continues covered, and marks it done.
func (fw *Follower) readCompressed(fo *followed, emit func(Chunk) error) error {
	if fo.off < 0 {
		return nil
	}
	in, err := Open(fo.path)
	if err != nil {
		return err
	}
	defer in.Close()
	skip := fo.off
	if skip > 0 {
		if _, err := io.CopyN(io.Discard, in, skip); err != nil {
			fo.off = -1
			return nil // shorter than what it continues: nothing new
		}
	}
	var pending []byte
	for {
		n, err := io.ReadFull(in, fw.buf[len(pending):])
		data := fw.buf[:len(pending)+n]
		last := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !last {
			return fmt.Errorf("read %q: %w", fo.path, err)
		}
		end := bytes.LastIndexByte(data, '\n') + 1
		if last || end == 0 {
			end = len(data)
		}
		if end > 0 {
			if derr := fw.deliver(fo, data[:end], emit); derr != nil {
				return derr
			}
		}
		if last {
			fo.off = -1 // done
			return nil
		}
		pending = append(pending[:0], data[end:]...)
		copy(fw.buf, pending)
	}
}

// deliver hands one chunk of fo's lines to emit and moves fo past them.
func (fw *Follower) deliver(fo *followed, data []byte, emit func(Chunk) error) error {
	if fo.off >= 0 && len(fo.head) < HeadBytes && int64(len(fo.head)) == fo.off {
		k := min(len(data), HeadBytes-len(fo.head))
		fo.head = append(fo.head, data[:k]...)
	}
	c := Chunk{Name: fo.name, Data: data, FirstLine: fo.lines + 1}
	fo.lines += int64(bytes.Count(data, []byte{'\n'}))
	if n := len(data); n > 0 && data[n-1] != '\n' {
		fo.lines++
	}
	if fo.off >= 0 {
		fo.off += int64(len(data))
	}
	return emit(c)
}

// Close stops watching and closes every file still open.
func (fw *Follower) Close() {
	fw.stopWatching()
	for _, fo := range fw.active {
		if fo.f != nil {
			fo.f.Close()
			fo.f = nil
		}
	}
	fw.active = nil
}
