package aggregate

import (
	"math/big"
	"math/rand/v2"
	"reflect"
	"strconv"
	"testing"
	"time"
)

// denseReplay is the plain form of the replay: every minute from the first
// to end, empty ones included. The sparse replay must agree with it.
func denseReplay(minutes []Slice, end int64, t Target) []AlertState {
	states := make([]AlertState, len(AlertRules))
	if len(minutes) == 0 {
		for i, r := range AlertRules {
			states[i].Rule = r
		}
		return states
	}
	first := minutes[0].Start
	n := int((end - first + 59) / 60)
	// Prefix sums over every minute, empty ones included.
	req := make([]int64, max(n, 0)+1)
	bad := make([]int64, max(n, 0)+1)
	for _, m := range minutes {
		if i := int((m.Start - first) / 60); i < n {
			req[i+1], bad[i+1] = m.Requests(), m.Bad
		}
	}
	for i := 1; i <= n; i++ {
		req[i] += req[i-1]
		bad[i] += bad[i-1]
	}
	budget := float64(billion-t.ppb) / billion
	for k, r := range AlertRules {
		st := &states[k]
		st.Rule = r
		for i := 1; i <= n; i++ {
			burn := func(w int) float64 {
				lo := max(i-w, 0)
				rq, bd := req[i]-req[lo], bad[i]-bad[lo]
				if rq == 0 {
					return 0
				}
				return float64(bd) / float64(rq) / budget
			}
			// Firing is decided in exact fractions: bad/requests over the
			// window against threshold × (1 − target).
			exceeds := func(w int) bool {
				lo := max(i-w, 0)
				rq, bd := req[i]-req[lo], bad[i]-bad[lo]
				if rq == 0 {
					return false
				}
				lim, _ := new(big.Rat).SetString(strconv.FormatFloat(r.Threshold, 'f', -1, 64))
				lim.Mul(lim, big.NewRat(int64(billion-t.ppb), billion))
				return big.NewRat(bd, rq).Cmp(lim) > 0
			}
			l, s := burn(int(r.Long/time.Minute)), burn(int(r.Short/time.Minute))
			firing := exceeds(int(r.Long/time.Minute)) && exceeds(int(r.Short/time.Minute))
			if firing {
				st.MinutesFired++
				if !st.Fired {
					st.Fired, st.FirstFired = true, first+int64(i)*60
				}
			}
			if i == n {
				st.Firing, st.LongBurn, st.ShortBurn = firing, l, s
			}
		}
	}
	return states
}

// TestSparseReplayAgreesWithDense replays random minute series, dense and
// sparse, bursty and quiet, with ends before, at and after the data.
func TestSparseReplayAgreesWithDense(t *testing.T) {
	tg, _ := ParseTarget("99")
	rng := rand.New(rand.NewPCG(7, 9))
	for round := range 300 {
		var minutes []Slice
		start := int64(1_800_000_000 - 1_800_000_000%60)
		at := start
		for range rng.IntN(60) + 1 {
			at += 60 * int64(1+rng.IntN([]int{1, 5, 90, 400, 3000}[round%5]))
			c := Counts{}
			c.Classes[1] = int64(rng.IntN(50))
			c.Classes[4] = int64(rng.IntN(3)) * int64(rng.IntN(20))
			c.Bad = c.Classes[4]
			minutes = append(minutes, Slice{Start: at, Counts: c})
		}
		last := minutes[len(minutes)-1].Start
		for _, end := range []int64{last + 1, last + 60, last + 30, last + 3600*5 + 17, minutes[0].Start + 1, last - 600} {
			got := evaluateAlerts(minutes, end, tg)
			want := denseReplay(minutes, end, tg)
			for k := range want {
				g, w := got[k], want[k]
				// Burn rates: the same sums divided the same way.
				if !reflect.DeepEqual(g, w) {
					t.Fatalf("round %d end %+d rule %d:\nsparse %+v\ndense  %+v", round, end-last, k, g, w)
				}
			}
		}
	}
}

// TestReplayIgnoresTheSpan: a minute decades before the rest must not make
// the replay walk the years between (it would take gigabytes).
func TestReplayIgnoresTheSpan(t *testing.T) {
	tg, _ := ParseTarget("99.9")
	minutes := []Slice{{Start: 0, Counts: Counts{Classes: [5]int64{0, 1}}}}
	base := int64(1_800_000_000 - 1_800_000_000%60)
	for i := range int64(120) {
		c := Counts{Classes: [5]int64{0, 100, 0, 0, 0}}
		if i >= 100 {
			c.Classes[4], c.Bad = 50, 50
		}
		minutes = append(minutes, Slice{Start: base + 60*i, Counts: c})
	}
	allocs := testing.AllocsPerRun(3, func() { evaluateAlerts(minutes, base+120*60, tg) })
	if allocs > 50 {
		t.Errorf("%v allocations", allocs)
	}
	// The stray minute is decades before any window: the states are those
	// of the recent minutes alone.
	got := evaluateAlerts(minutes, base+120*60, tg)
	if want := denseReplay(minutes[1:], base+120*60, tg); !reflect.DeepEqual(got, want) {
		t.Errorf("with a minute in 1970:\n%+v\nwithout:\n%+v", got, want)
	}
	if !got[0].Firing || got[0].MinutesFired == 0 {
		t.Errorf("fast page not firing at the end of an outage: %+v", got[0])
	}
}

// TestFourWorkbookRules pins the rule table to the SRE Workbook's.
func TestFourWorkbookRules(t *testing.T) {
	want := []struct {
		long, short time.Duration
		threshold   float64
		severity    string
	}{
		{time.Hour, 5 * time.Minute, 14.4, "page"},
		{6 * time.Hour, 30 * time.Minute, 6, "page"},
		{24 * time.Hour, 2 * time.Hour, 3, "ticket"},
		{72 * time.Hour, 6 * time.Hour, 1, "ticket"},
	}
	if len(AlertRules) != len(want) {
		t.Fatalf("%d rules, want %d", len(AlertRules), len(want))
	}
	for i, w := range want {
		r := AlertRules[i]
		if r.Long != w.long || r.Short != w.short || r.Threshold != w.threshold || r.Severity != w.severity {
			t.Errorf("rule %d = %+v, want %+v", i, r, w)
		}
	}
}
