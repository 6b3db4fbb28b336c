package main

import (
	"math"
	"testing"
	"time"
)

// TestProgressLine checks the progress line's figures against values worked
// out by hand.
func TestProgressLine(t *testing.T) {
	for _, c := range []struct {
		n, total, lines int64
		elapsed         time.Duration
		want            string
	}{
		// 46.9% read; 111.4 MB left at 98.5 MB/s is 1.13 s.
		{98_500_000, 209_900_000, 484_500, time.Second, "reading  46%  98.5 MB of 209.9 MB  484.5k lines  98.5 MB/s  1s left"},
		// A pipe: no total, so no percentage and no time left.
		{5_000, -1, 20, 2 * time.Second, "reading 5.0 kB  20 lines  2.5 kB/s"},
		// Nothing read yet: no rate, no division by zero.
		{0, 100, 0, 0, "reading   0%  0 B of 100 B  0 lines"},
		{0, 100, 0, time.Second, "reading   0%  0 B of 100 B  0 lines"},
		// A file that grew while read: capped at 100%, nothing left.
		{150, 100, 3, time.Second, "reading 100%  150 B of 100 B  3 lines  150 B/s"},
		{3_000_000_000, 6_000_000_000, 12_345_678, 90 * time.Second, "reading  50%  3.0 GB of 6.0 GB  12.35M lines  33.3 MB/s  1m30s left"},
	} {
		if got := progressLine(c.n, c.total, c.lines, c.elapsed); got != c.want {
			t.Errorf("progressLine(%d, %d, %d, %v) =\n%q, want\n%q", c.n, c.total, c.lines, c.elapsed, got, c.want)
		}
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 B", 999: "999 B", 1000: "1.0 kB", 999_949: "999.9 kB", 999_950: "1.0 MB",
		209_857_798: "209.9 MB", math.MaxInt64: "9.2 EB",
	} {
		if got := size(n); got != want {
			t.Errorf("size(%d) = %q, want %q", n, got, want)
		}
	}
}
