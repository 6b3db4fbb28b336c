package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/slareport/slareport/aggregate"
)

// progressFlags control the progress line on stderr.
type progressFlags struct {
	Progress bool `help:"Show the progress line even when stderr is not a terminal."`
	Quiet    bool `short:"q" help:"Show no progress line."`
}

// progressTick is how often the line redraws: often enough to look alive,
// rarely enough to cost nothing.
const progressTick = 100 * time.Millisecond

// startProgress draws one line on stderr with the bytes read (of the stored,
// compressed inputs) against their total, the lines read, the rate and the
// time left, until stop is called. It reads counters the reader updates once
// per block; the pipeline never waits for it. It shows only on a terminal
// unless --progress forces it.
//
// The line is redrawn in place with a carriage return, padded to cover the
// previous one, and blanked at the end, so it needs no terminal escapes.
func (f *progressFlags) startProgress(e *env, paths []string, p *aggregate.Progress) (stop func()) {
	if f.Quiet || !(f.Progress || e.stderrIsTTY) {
		return func() {}
	}
	total := totalSize(paths)
	start := time.Now()
	last := 0 // length of the line on screen
	draw := func(s string) {
		pad := max(0, last-len(s))
		io.WriteString(e.stderr, "\r"+s+strings.Repeat(" ", pad))
		last = len(s)
	}
	update := func() {
		draw(progressLine(p.Bytes(), total, p.Lines(), time.Since(start)))
	}
	update()
	done := make(chan struct{})
	var wg sync.WaitGroup
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
		draw("") // blank the line: the report follows
		io.WriteString(e.stderr, "\r")
	}
}

// progressLine describes a run that has read n of total stored bytes (total
// < 0: unknown, as from a pipe) and lines lines in elapsed:
//
//	reading  47%  98.5 of 209.9 MB  484.5k lines  99.2 MB/s  1s left
func progressLine(n, total, lines int64, elapsed time.Duration) string {
	var b strings.Builder
	b.WriteString("reading ")
	if total > 0 {
		fmt.Fprintf(&b, "%3d%%  %s of %s", min(100, n*100/total), size(n), size(total))
	} else {
		b.WriteString(size(n))
	}
	b.WriteString("  " + linesRead(lines))
	if secs := elapsed.Seconds(); secs > 0 && n > 0 {
		rate := float64(n) / secs
		b.WriteString("  " + size(int64(rate)) + "/s")
		if total > 0 && n < total {
			left := time.Duration(float64(total-n) / rate * float64(time.Second))
			b.WriteString("  " + left.Round(time.Second).String() + " left")
		}
	}
	return b.String()
}

// size writes a byte count in decimal units: 950 B, 12.3 kB, 209.9 MB.
func size(n int64) string {
	const units = "kMGTPE"
	if n < 1000 {
		return strconv.FormatInt(n, 10) + " B"
	}
	v, u := float64(n)/1000, 0
	for v >= 999.95 && u < len(units)-1 {
		v /= 1000
		u++
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + " " + units[u:u+1] + "B"
}

// totalSize is the stored size of all inputs, or -1 when one has none
// (a pipe): the line then shows no percentage and no time left.
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

// linesRead writes a line count compactly: 950 lines, 12.3k lines, 4.56M
// lines.
func linesRead(n int64) string {
	switch {
	case n < 1000:
		return strconv.FormatInt(n, 10) + " lines"
	case n < 1_000_000:
		return strconv.FormatFloat(float64(n)/1e3, 'f', 1, 64) + "k lines"
	}
	return strconv.FormatFloat(float64(n)/1e6, 'f', 2, 64) + "M lines"
}
