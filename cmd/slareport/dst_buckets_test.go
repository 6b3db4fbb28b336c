package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBucketsAcrossDST runs three local days around a DST change, a timed
// request every 7 minutes, through the binary with 2-hour buckets, and
// checks the JSON series: buckets follow one another without overlapping,
// every request is in exactly one of them, each bucket's latency sketch
// holds its own requests, and the bucket holding the change is cut at it.
// The expected buckets are worked out here from the zone's offsets alone.
func TestBucketsAcrossDST(t *testing.T) {
	cases := []struct {
		zone  string
		first string // the first local day; the change is on the second
	}{
		{"Europe/Berlin", "2026-03-28"},
		{"Europe/Berlin", "2026-10-24"},
		{"America/New_York", "2026-03-07"},
		{"America/New_York", "2026-10-31"},
	}
	const width = 2 * 3600
	for _, c := range cases {
		loc, err := time.LoadLocation(c.zone)
		if err != nil {
			t.Skipf("no tz database: %v", err)
		}
		t.Run(c.zone+" "+c.first, func(t *testing.T) {
			day, _ := time.ParseInLocation("2006-01-02", c.first, loc)
			from, to := day, day.AddDate(0, 0, 3)
			offset := func(u int64) int { _, off := time.Unix(u, 0).In(loc).Zone(); return off }

			// Bucket boundaries: every even hour of the local clock, and
			// every instant the offset changes.
			var bounds []int64
			changes := 0
			for m := from.Unix(); m <= to.Unix(); m += 60 {
				changed := offset(m-1) != offset(m)
				if changed {
					changes++
				}
				if changed || (m+int64(offset(m)))%width == 0 {
					bounds = append(bounds, m)
				}
			}
			if changes != 1 {
				t.Fatalf("%d offset changes in the three days, want 1", changes)
			}

			// A traefik line every 7 minutes (and a few seconds), with its
			// local time and offset, and a duration.
			var log strings.Builder
			want := map[int64]int64{} // requests by bucket start
			n := 0
			for ts := from; ts.Before(to); ts = ts.Add(7*time.Minute + time.Duration(n%5)*time.Second) {
				fmt.Fprintf(&log, `192.168.1.1 - - [%s] "GET /api/items HTTP/1.1" 200 512 "-" "t" %d "r@docker" "http://10.0.0.5:8080" %dms`+"\n",
					ts.In(loc).Format("02/Jan/2006:15:04:05 -0700"), n, 1+n%40)
				u := ts.Unix()
				i := len(bounds) - 1
				for bounds[i] > u {
					i--
				}
				want[bounds[i]]++
				n++
			}
			path := filepath.Join(t.TempDir(), "access.log")
			if err := os.WriteFile(path, []byte(log.String()), 0o644); err != nil {
				t.Fatal(err)
			}

			code, r, stderr, _ := runBinary(t, "--log-format", "traefik", "--bucket", "2h", "--tz", c.zone, path)
			if code != 0 || r == nil {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if got := num(r, "requests"); got != float64(n) {
				t.Fatalf("%v requests, want %d", got, n)
			}
			buckets, _ := r["series"].(map[string]any)["buckets"].([]any)
			var sum int64
			var prevEnd time.Time
			got := map[int64]int64{}
			for i, x := range buckets {
				b := x.(map[string]any)
				start, err1 := time.Parse(time.RFC3339, b["start"].(string))
				end, err2 := time.Parse(time.RFC3339, b["end"].(string))
				if err1 != nil || err2 != nil {
					t.Fatalf("bucket %d: %v %v", i, err1, err2)
				}
				requests := int64(num(b, "requests"))
				if !start.Before(end) || end.Sub(start) > width*time.Second {
					t.Errorf("bucket %d is [%s, %s)", i, b["start"], b["end"])
				}
				if i > 0 && start.Before(prevEnd) {
					t.Errorf("bucket %d [%s, %s) overlaps the one before, which ends at %s", i, b["start"], b["end"], prevEnd.Format(time.RFC3339))
				}
				if lat := int64(num(b, "latency", "count")); lat != requests {
					t.Errorf("bucket %d [%s, %s): latency count %d, requests %d", i, b["start"], b["end"], lat, requests)
				}
				// The bucket is the stretch between two of the expected
				// boundaries.
				k := 0
				for k < len(bounds) && bounds[k] < start.Unix() {
					k++
				}
				if k+1 >= len(bounds) || bounds[k] != start.Unix() || bounds[k+1] != end.Unix() {
					t.Errorf("bucket %d [%s, %s) is not between two boundaries", i, b["start"], b["end"])
				}
				got[start.Unix()] = requests
				sum += requests
				prevEnd = end
			}
			if sum != int64(n) {
				t.Errorf("buckets hold %d requests, the report %d", sum, n)
			}
			for start, w := range want {
				if got[start] != w {
					t.Errorf("bucket at %s: %d requests, want %d", time.Unix(start, 0).UTC().Format(time.RFC3339), got[start], w)
				}
			}
			if len(got) != len(want) {
				t.Errorf("%d buckets, want %d", len(got), len(want))
			}
		})
	}
}
