package aggregate

import (
	"sort"
	"time"
)

// WindowBurns returns, for each time in ends (Unix seconds), the burn
// rate over the trailing window w: the bad share of the judged requests
// of the minutes that start in [end−w, end), over the budget share of t.
// It is the figure the alert replay computes for a rule's long or short
// window at a minute's end, for drawing a rule's burn rate over time; as
// in the replay, a window without requests burns at 0. Whether a rule
// fires is decided by the replay alone, exactly.
func (s *Summary) WindowBurns(t Target, w time.Duration, ends []int64) []float64 {
	out := make([]float64, len(ends))
	budget := t.BudgetShare()
	if len(s.Minutes) == 0 || budget <= 0 {
		return out
	}
	// Prefix sums of the minutes, ascending by start.
	req := make([]int64, len(s.Minutes)+1)
	bad := make([]int64, len(s.Minutes)+1)
	for i, m := range s.Minutes {
		req[i+1] = req[i] + m.Judged()
		bad[i+1] = bad[i] + m.Bad
	}
	cut := func(at int64) int { // minutes that start before at
		return sort.Search(len(s.Minutes), func(i int) bool { return s.Minutes[i].Start >= at })
	}
	secs := int64(w / time.Second)
	for i, end := range ends {
		hi, lo := cut(end), cut(end-secs)
		if n := req[hi] - req[lo]; n > 0 {
			out[i] = float64(bad[hi]-bad[lo]) / float64(n) / budget
		}
	}
	return out
}
