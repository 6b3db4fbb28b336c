package report

import (
	"math"
	"testing"
	"time"

	"github.com/slareport/slareport/aggregate"
)

func target(t testing.TB, s string) aggregate.Target {
	t.Helper()
	tg, err := aggregate.ParseTarget(s)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

func TestAvailabilityPercent(t *testing.T) {
	cases := []struct {
		name        string
		good, total int64
		want        float64
		ok          bool
	}{
		{"all good", 10, 10, 100, true},
		{"one bad in a million is not 100", 999_999, 1_000_000, 99.9999, true},
		{"one bad in ten million rounds down", 9_999_999, 10_000_000, 99.9999, true},
		{"99.9 exactly", 999, 1000, 99.9, true},
		{"a third", 1, 3, 33.3333, true},
		{"none good", 0, 7, 0, true},
		{"no requests is no data", 0, 0, 0, false},
		{"huge counts do not overflow", math.MaxInt64 - 1, math.MaxInt64, 99.9999, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := availabilityPercent(tc.good, tc.total)
			if got != tc.want || ok != tc.ok {
				t.Errorf("availabilityPercent(%d, %d) = %v, %v; want %v, %v", tc.good, tc.total, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestBurnDown(t *testing.T) {
	mk := func(reqBad ...int64) []slot {
		var ps []slot
		for i := 0; i < len(reqBad); i += 2 {
			ps = append(ps, slot{Wall: int64(i) * 1800, Classes: [5]int64{0, reqBad[i] - reqBad[i+1], 0, 0, reqBad[i+1]}, Bad: reqBad[i+1]})
		}
		return ps
	}
	slo := func(ps []slot) *aggregate.SLO {
		s := &aggregate.Summary{Codes: map[int]int64{}}
		for _, p := range ps {
			s.Lines.Parsed += p.Requests()
			s.Codes[200] += p.Classes[1]
			s.Codes[500] += p.Classes[4]
		}
		o := s.Evaluate(target(t, "99.9"))
		return &o
	}
	cases := []struct {
		name string
		ps   []slot
		want []float64
	}{
		// 2000 requests at 99.9% allow 2 bad ones.
		{"half then all of it", mk(1000, 1, 1000, 1), []float64{0.5, 0}},
		{"overspent goes negative", mk(1000, 0, 1000, 4), []float64{1, -1}},
		{"an empty slot spends nothing", mk(1000, 1, 0, 0, 1000, 0), []float64{0.5, 0.5, 0.5}},
		{"no requests: no budget to draw down", mk(0, 0), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := burnDown(tc.ps, slo(tc.ps))
			if len(got) != len(tc.want) {
				t.Fatalf("burnDown = %v, want %v", got, tc.want)
			}
			for i := range got {
				if math.Abs(got[i]-tc.want[i]) > 1e-9 || math.IsNaN(got[i]) {
					t.Errorf("burnDown = %v, want %v", got, tc.want)
				}
			}
		})
	}
	if burnDown(mk(10, 1), nil) != nil {
		t.Error("burnDown without an SLO must be nil")
	}
}

func TestSlots(t *testing.T) {
	const hour = int64(3600)
	const t0 = 1793577600 // 2026-11-02 00:00 UTC
	bucket := func(h int64, ok, bad int64) aggregate.Bucket {
		return aggregate.Bucket{Start: t0 + h*hour, End: t0 + (h+1)*hour,
			Counts: aggregate.Counts{Classes: [5]int64{0, ok, 0, 0, bad}, Bad: bad}}
	}
	cases := []struct {
		name      string
		buckets   []aggregate.Bucket
		max       int
		wantWidth int64
		wantReqs  []int64
	}{
		{"contiguous hours stay hours", []aggregate.Bucket{bucket(0, 5, 0), bucket(1, 5, 1)}, 10, hour, []int64{5, 6}},
		{"a missing hour becomes an empty slot", []aggregate.Bucket{bucket(0, 5, 0), bucket(2, 5, 0)}, 10, hour, []int64{5, 0, 5}},
		{"too many hours group by two", []aggregate.Bucket{bucket(0, 1, 0), bucket(1, 1, 0), bucket(2, 1, 0), bucket(3, 1, 0)}, 2, 2 * hour, []int64{2, 2}},
		{"a day of hours into one slot", []aggregate.Bucket{bucket(0, 1, 0), bucket(23, 1, 0)}, 1, 24 * hour, []int64{2}},
		{"no buckets", nil, 10, 0, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := &aggregate.Summary{BucketSeconds: hour, Buckets: tc.buckets}
			width, ps := slots(s, tc.max)
			if width != tc.wantWidth || len(ps) != len(tc.wantReqs) {
				t.Fatalf("slots: width %d, %d slots; want %d, %d", width, len(ps), tc.wantWidth, len(tc.wantReqs))
			}
			var bad, wantBad int64
			for i, p := range ps {
				if p.Requests() != tc.wantReqs[i] {
					t.Errorf("slot %d has %d requests, want %d", i, p.Requests(), tc.wantReqs[i])
				}
				if p.Wall%width != 0 || i > 0 && p.Wall != ps[i-1].Wall+width {
					t.Errorf("slot %d starts at %d: not contiguous and aligned to %d", i, p.Wall, width)
				}
				bad += p.Bad
			}
			for _, b := range tc.buckets {
				wantBad += b.Bad
			}
			if bad != wantBad {
				t.Errorf("slots hold %d bad requests, buckets %d", bad, wantBad)
			}
		})
	}

	// Ten years of hours still fit.
	s := &aggregate.Summary{BucketSeconds: hour, Buckets: []aggregate.Bucket{bucket(0, 1, 0), bucket(24*3650, 1, 0)}}
	if _, ps := slots(s, maxChartSlots); len(ps) > maxChartSlots || len(ps) < 2 {
		t.Errorf("ten years gave %d slots, want 2..%d", len(ps), maxChartSlots)
	}

	// Days in a zone start at local midnight, 23 or 25 hours apart across
	// a DST change: each day keeps its own slot, on the local clock.
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no tz database:", err)
	}
	var days []aggregate.Bucket
	for d := 0; d < 3; d++ { // 2026-10-24 .. 26; DST ends on the 25th
		start := time.Date(2026, 10, 24+d, 0, 0, 0, 0, berlin)
		days = append(days, aggregate.Bucket{Start: start.Unix(), End: start.AddDate(0, 0, 1).Unix(),
			Counts: aggregate.Counts{Classes: [5]int64{0, int64(d + 1)}}})
	}
	width, ps := slots(&aggregate.Summary{BucketSeconds: 86400, Buckets: days, Zone: berlin}, 10)
	if width != 86400 || len(ps) != 3 || ps[0].Requests() != 1 || ps[2].Requests() != 3 || ps[0].Wall%86400 != 0 {
		t.Errorf("DST days: width %d, slots %+v", width, ps)
	}

	// 2-hour buckets as the series cuts them when summer time ends at
	// 03:00 CEST on 2026-10-25: 02:00–03:00 CEST, then 02:00–04:00 CET.
	// Both start at 02:00 on the clock and share a slot, which sums their
	// counts but cannot have the quantiles of either alone.
	at := func(h int) int64 { return time.Date(2026, 10, 25, h, 0, 0, 0, time.UTC).Unix() }
	q := func(n int64) *aggregate.Quantiles { return &aggregate.Quantiles{Count: n} }
	twoHours := []aggregate.Bucket{
		{Start: at(-2), End: at(0), Counts: aggregate.Counts{Classes: [5]int64{0, 4}}, Latency: q(4)},
		{Start: at(0), End: at(1), Counts: aggregate.Counts{Classes: [5]int64{0, 2}}, Latency: q(2)},
		{Start: at(1), End: at(3), Counts: aggregate.Counts{Classes: [5]int64{0, 4}}, Latency: q(4)},
		{Start: at(3), End: at(5), Counts: aggregate.Counts{Classes: [5]int64{0, 4}}, Latency: q(4)},
	}
	width, ps = slots(&aggregate.Summary{BucketSeconds: 7200, Buckets: twoHours, Zone: berlin}, 10)
	if width != 7200 || len(ps) != 3 {
		t.Fatalf("DST hours: width %d, %d slots, want 7200, 3", width, len(ps))
	}
	for i, want := range []int64{4, 6, 4} {
		if p := ps[i]; p.Requests() != want {
			t.Errorf("DST hours: slot %d holds %d requests, want %d", i, p.Requests(), want)
		}
		if p := ps[i]; (p.Latency != nil) != (want == 4) || p.Latency != nil && p.Latency.Count != want {
			t.Errorf("DST hours: slot %d of %d requests has latency %+v", i, want, p.Latency)
		}
	}
}
