package main

import (
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/slareport/slareport/aggregate"
)

// progressFlags control the progress bar on stderr.
type progressFlags struct {
	Progress bool `help:"Show the progress bar even when stderr is not a terminal."`
	Quiet    bool `short:"q" help:"Show no progress bar."`
}

// progressTick is how often the bar redraws: often enough to look alive,
// rarely enough to cost nothing.
const progressTick = 100 * time.Millisecond

// startProgress draws a bar of the bytes read (of the stored, compressed
// inputs) with lines, rate and time left, until stop is called. The bar
// reads counters the reader updates once per block; the pipeline never
// waits for it. It shows only on a terminal unless --progress forces it.
func (f *progressFlags) startProgress(e *env, paths []string, p *aggregate.Progress) (stop func()) {
	if f.Quiet || !(f.Progress || e.stderrIsTTY) {
		return func() {}
	}
	bar := progressbar.NewOptions64(totalSize(paths),
		progressbar.OptionSetWriter(e.stderr),
		progressbar.OptionSetDescription("reading"),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetWidth(24),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetRenderBlankState(true),
	)
	done := make(chan struct{})
	var wg sync.WaitGroup
	update := func() {
		bar.Set64(p.Bytes())
		bar.Describe(lines(p.Lines()))
	}
	wg.Go(func() {
		t := time.NewTicker(progressTick)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				update()
			case <-done:
				return
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
		bar.Finish() // clears the line: the report follows
	}
}

// totalSize is the stored size of all inputs, or -1 when one has none
// (a pipe): the bar then shows a spinner.
func totalSize(paths []string) int64 {
	var total int64
	for _, p := range paths {
		f := os.Stdin
		if p != "-" {
			fi, err := os.Stat(p)
			if err != nil || !fi.Mode().IsRegular() {
				return -1
			}
			total += fi.Size()
			continue
		}
		fi, err := f.Stat()
		if err != nil || !fi.Mode().IsRegular() {
			return -1
		}
		total += fi.Size()
	}
	return total
}

// lines writes a line count compactly: 950 lines, 12.3k lines, 4.56M lines.
func lines(n int64) string {
	switch {
	case n < 1000:
		return strconv.FormatInt(n, 10) + " lines"
	case n < 1_000_000:
		return strconv.FormatFloat(float64(n)/1e3, 'f', 1, 64) + "k lines"
	}
	return strconv.FormatFloat(float64(n)/1e6, 'f', 2, 64) + "M lines"
}
