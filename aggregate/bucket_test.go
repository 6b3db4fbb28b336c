package aggregate

import (
	"testing"
	"time"
)

// TestBucketsPartitionAcrossDST walks every minute of three days around
// each DST change of 2026 in three zones and checks that the buckets of each
// width partition time: each holds its time, follows the previous one
// without a gap or an overlap, maps its own start back to itself, is
// shorter than its width only where the offset changes, and lies within
// one bucket of every width it divides.
func TestBucketsPartitionAcrossDST(t *testing.T) {
	widths := []int64{60, 300, 3600, 2 * 3600, 3 * 3600, 86400}
	changes := []struct {
		zone   string
		change string // the instant of the change, UTC
	}{
		{"Europe/Berlin", "2026-03-29T01:00:00Z"},
		{"Europe/Berlin", "2026-10-25T01:00:00Z"},
		{"America/New_York", "2026-03-08T07:00:00Z"},
		{"America/New_York", "2026-11-01T06:00:00Z"},
		// Lord Howe Island moves its clocks by half an hour: even hour
		// buckets meet the change inside them.
		{"Australia/Lord_Howe", "2026-04-04T15:00:00Z"},
		{"Australia/Lord_Howe", "2026-10-03T15:30:00Z"},
	}
	for _, c := range changes {
		loc, err := time.LoadLocation(c.zone)
		if err != nil {
			t.Skipf("no tz database: %v", err)
		}
		t.Run(c.zone+" "+c.change[:10], func(t *testing.T) { checkPartition(t, loc, c.change, widths) })
	}
}

// checkPartition walks the minutes of 36 hours either side of when, an
// offset change in loc.
func checkPartition(t *testing.T, loc *time.Location, when string, widths []int64) {
	change, _ := time.Parse(time.RFC3339, when)
	if offsetAt(change.Unix()-1, loc) == offsetAt(change.Unix(), loc) {
		t.Fatalf("no offset change at %s", when)
	}
	from, to := change.Add(-36*time.Hour).Unix(), change.Add(36*time.Hour).Unix()

	bks := make([]*bucketer, len(widths))
	for i, w := range widths {
		bks[i] = newBucketer(w, loc)
	}
	type span struct{ start, end int64 }
	prev := make([]span, len(widths))
	for ts := from; ts < to; ts += 60 {
		cur := make([]span, len(widths))
		for i, w := range widths {
			s, e := bks[i].bucket(ts) // the cached bucketer
			cur[i] = span{s, e}
			at := func(format string, args ...any) {
				t.Helper()
				t.Errorf("%ds buckets, at %s: "+format, append([]any{w, utc(ts)}, args...)...)
			}
			if fs, fe := newBucketer(w, loc).bucket(ts); fs != s || fe != e {
				at("cached bucket [%s, %s), uncached [%s, %s)", utc(s), utc(e), utc(fs), utc(fe))
			}
			if !(s <= ts && ts < e) {
				at("bucket [%s, %s) does not hold it", utc(s), utc(e))
			}
			if bs, be := newBucketer(w, loc).bucket(s); bs != s || be != e {
				at("bucket [%s, %s) maps its start to [%s, %s)", utc(s), utc(e), utc(bs), utc(be))
			}
			if p := prev[i]; ts > from && s != p.start && s != p.end {
				at("bucket [%s, %s) does not follow [%s, %s)", utc(s), utc(e), utc(p.start), utc(p.end))
			} else if ts > from && s == p.start && e != p.end {
				at("bucket [%s, %s) was [%s, %s) a minute ago", utc(s), utc(e), utc(p.start), utc(p.end))
			}
			if w < 86400 && e-s != w && offsetAt(s-1, loc) == offsetAt(s, loc) && offsetAt(e-1, loc) == offsetAt(e, loc) {
				at("bucket [%s, %s) is short without an offset change at either end", utc(s), utc(e))
			}
			if w < 86400 && (e-s > w || e <= s) {
				at("bucket [%s, %s) of %d s", utc(s), utc(e), e-s)
			}
		}
		// A finer bucket lies within one bucket of every width it
		// divides, which is what rebucket relies on.
		for i, f := range widths {
			for k, w := range widths {
				if w <= f || w%f != 0 {
					continue
				}
				fine, coarse := cur[i], cur[k]
				if fine.start < coarse.start || fine.end > coarse.end {
					t.Errorf("at %s: %ds bucket [%s, %s) is not within the %ds bucket [%s, %s)",
						utc(ts), f, utc(fine.start), utc(fine.end), w, utc(coarse.start), utc(coarse.end))
				}
				if s, _ := newBucketer(w, loc).bucket(fine.start); s != coarse.start {
					t.Errorf("at %s: the %ds bucket starting %s rebuckets to the %ds bucket %s, want %s",
						utc(ts), f, utc(fine.start), w, utc(s), utc(coarse.start))
				}
			}
		}
		prev = cur
		if t.Failed() {
			return // the first failing minute tells the story
		}
	}
}

func offsetAt(t int64, loc *time.Location) int {
	_, off := time.Unix(t, 0).In(loc).Zone()
	return off
}

func utc(t int64) string { return time.Unix(t, 0).UTC().Format("2006-01-02T15:04Z") }

// TestBucketsNotCutWithoutOffsetChange checks that a zone transition that
// keeps the offset does not cut a bucket: Britain stayed an hour ahead of
// GMT from 1968 to 1971, but the zone database marks 27 October 1968 as
// the end of summer time.
func TestBucketsNotCutWithoutOffsetChange(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skipf("no tz database: %v", err)
	}
	tr := time.Date(1968, 10, 26, 23, 0, 0, 0, time.UTC).Unix()
	if lo, _ := time.Unix(tr, 0).In(london).ZoneBounds(); lo.Unix() != tr || offsetAt(tr-1, london) != offsetAt(tr, london) {
		t.Skip("the zone database has no such transition")
	}
	for _, w := range []int64{2 * 3600, 5 * 3600, 7 * 3600} {
		for _, ts := range []int64{tr - 60, tr, tr + 60} {
			if s, e := newBucketer(w, london).bucket(ts); e-s != w {
				t.Errorf("%ds bucket of %s is [%s, %s)", w, utc(ts), utc(s), utc(e))
			}
		}
	}
}
