package report

import (
	"fmt"
	"testing"

	"github.com/slareport/slareport/aggregate"
)

// TestFailingFilterBounded: a series with more rows than the page embeds
// keeps the keys with the most bad requests over the report and sums the
// rest under (other), so that every bucket's bad requests per table still
// add up to what the series counted.
func TestFailingFilterBounded(t *testing.T) {
	var series []aggregate.FailingBucket
	want := map[[2]int64]int64{} // bucket start, table → bad
	const buckets, keys = 40, 1500
	for b := range int64(buckets) {
		start := 1793660400 + 3600*b
		series = append(series, aggregate.FailingBucket{Start: start, End: start + 3600, Class: 5, Table: aggregate.FailAll, Bad: 10 * keys})
		for k := range int64(keys) {
			// Key k fails k%7+1 times an hour, and the heavy ones more.
			bad := k%7 + 1
			if k < 5 {
				bad = 1000 - k
			}
			series = append(series, aggregate.FailingBucket{Start: start, End: start + 3600, Class: 5, Table: aggregate.FailClients, Key: fmt.Sprintf("10.0.%d.%d", k/256, k%256), Bad: bad})
			want[[2]int64{start, aggregate.FailClients}] += bad
		}
	}
	f := failingOf(series, &aggregate.Summary{})
	if len(f.Rows) > maxFailingRows || len(f.Rows) < maxFailingRows/4 {
		t.Fatalf("%d rows; want at most %d, and not far fewer", len(f.Rows), maxFailingRows)
	}
	if len(f.Start) != buckets {
		t.Fatalf("%d buckets, want %d", len(f.Start), buckets)
	}
	got := map[[2]int64]int64{}
	named := map[string]bool{}
	for _, r := range f.Rows {
		if r[2] == aggregate.FailAll {
			if r[4] != 10*keys {
				t.Errorf("row %v: all the bad requests changed", r)
			}
			continue
		}
		got[[2]int64{f.Start[r[0]], r[2]}] += r[4]
		if r[3] >= 0 {
			named[f.Keys[r[2]][r[3]]] = true
		}
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("bucket %d, table %d: %d bad requests embedded, the series has %d", k[0], k[1], got[k], n)
		}
	}
	for k := range 5 {
		if key := fmt.Sprintf("10.0.0.%d", k); !named[key] {
			t.Errorf("the heavy client %s is not named", key)
		}
	}
	if len(named) == keys {
		t.Error("every key is named: nothing was cut")
	}
}
