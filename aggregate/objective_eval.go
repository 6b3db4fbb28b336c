package aggregate

// Judging an objective: its availability and verdict, its error budget in
// requests and in time, its burn rate, the replay of its alert rules, its
// time slices and its groups. Every verdict is exact, in integers.

import (
	"sort"
	"time"
)

// ObjectiveResult is an Objective judged over its window.
type ObjectiveResult struct {
	Objective
	// Requests were judged in the window; Bad of them failed.
	Requests, Good, Bad int64
	// Availability is Good/Requests; false with no request.
	Availability    float64
	HasAvailability bool
	// Met is the verdict: the objective as a whole meets its target and,
	// when it groups, so does every group. NoData: no request to judge,
	// which never meets an objective.
	Met, NoData bool
	// Budget is the error budget over the window.
	Budget ObjectiveBudget
	// BurnRate is how fast the budget burns: the share of bad requests
	// (or of bad time slices) over the share the target allows.
	BurnRate float64
	// Alerts are the objective's rules replayed minute by minute up to
	// End, on requests (as the Workbook's rules are).
	Alerts []AlertState
	// Slices are the time slices, with Timeslices budgeting; nil
	// otherwise.
	Slices *SliceCount
	// Groups are the groups judged, worst first; GroupsCapped says the
	// cap folded some of them into one OtherKey group. FailingGroups
	// counts those that do not meet the target.
	Groups        []GroupResult
	GroupsCapped  bool
	FailingGroups int
	// Minutes are the requests per minute in the window, for charts.
	Minutes []ObjectiveMinute
	// End is where the judgement stops: the window's end, or now while
	// the window is still running (Unix seconds, exclusive).
	End int64
}

// ObjectiveBudget is an objective's error budget over its window.
type ObjectiveBudget struct {
	// Allowed is the number of bad requests (Occurrences) or bad time
	// slices (Timeslices) the target allows; Spent is how many there
	// were.
	Allowed float64
	Spent   int64
	// Remaining is the share left, 1 − Spent/Allowed: negative when
	// overspent, 1 with no data.
	Remaining float64
	// AllowedSeconds is the budget as time: the full outage the target
	// allows over the whole window; RemainingSeconds its share left.
	AllowedSeconds, RemainingSeconds float64
	// Series is the share left over the window, for a burn-down chart:
	// at most BudgetPoints points, the first at the window's start
	// (1), the last at End (Remaining). Empty when nothing is allowed.
	Series []BudgetPoint
}

// BudgetPoint is the share of an error budget left at a time (Unix
// seconds).
type BudgetPoint struct {
	At        int64
	Remaining float64
}

// BudgetPoints bounds a budget series.
const BudgetPoints = 240

// SliceCount counts the time slices of a Timeslices objective from the
// window's start up to End: Good ones reach the slice target, Empty ones
// had no request (and count as good: no traffic is not an outage).
type SliceCount struct {
	Seconds          int64
	Target           uint64 // parts per billion
	Total, Good, Bad int64
	Empty            int64
	WindowTotal      int64 // slices in the whole window
}

// GroupResult is one group of a grouped objective, judged by its
// requests against the objective's target.
type GroupResult struct {
	Key             string
	Requests, Bad   int64
	Availability    float64
	Met             bool
	BudgetRemaining float64
	BurnRate        float64
	Other           bool // the groups beyond the cap, together
}

// EvaluateObjectives judges every objective of the run at s.Now, in
// their order.
func (s *Summary) EvaluateObjectives() []ObjectiveResult {
	var out []ObjectiveResult
	for i := range s.Objectives {
		out = append(out, s.Objectives[i].Evaluate(s.Now))
	}
	return out
}

// Evaluate judges the counts at now: a window that has not ended is
// judged up to now. With a zero now, up to the window's end.
func (c *ObjectiveCounts) Evaluate(now time.Time) ObjectiveResult {
	o := ObjectiveResult{Objective: c.Objective, Minutes: c.Minutes}
	start, end := c.Window.Start.Unix(), c.Window.End.Unix()
	o.End = end
	if !now.IsZero() && now.Unix()+1 < end {
		o.End = now.Unix() + 1
		if n := len(c.Minutes); n > 0 {
			o.End = max(o.End, c.Minutes[n-1].Start+60)
		}
	}
	for _, m := range c.Minutes {
		o.Requests += m.Requests
		o.Bad += m.Bad
	}
	o.Good = o.Requests - o.Bad
	o.NoData = o.Requests == 0
	o.Availability, o.HasAvailability = ratio(o.Good, o.Requests)
	share := float64(billion-c.Target.ppb) / billion
	windowSeconds := float64(end - start)
	o.Budget.AllowedSeconds = windowSeconds * share
	if c.SliceWindow > 0 {
		o.Slices = c.slices(start, end, o.End)
		o.Met = !o.NoData && meets(o.Slices.Good, o.Slices.Total, c.Target.ppb)
		o.Budget.Allowed = float64(o.Slices.WindowTotal) * share
		o.Budget.Spent = o.Slices.Bad
		if o.Slices.Total > 0 {
			o.BurnRate = float64(o.Slices.Bad) / (float64(o.Slices.Total) * share)
		}
	} else {
		b := newBudget(c.Target, o.Requests, o.Bad)
		o.Met = b.Met
		o.Budget.Allowed, o.Budget.Spent, o.BurnRate = b.Allowed, o.Bad, b.BurnRate
	}
	o.Budget.Remaining = 1
	if o.Budget.Allowed > 0 {
		o.Budget.Remaining = 1 - float64(o.Budget.Spent)/o.Budget.Allowed
	} else if o.Budget.Spent > 0 {
		o.Budget.Remaining = -1 // a budget of nothing, overspent
	}
	o.Budget.RemainingSeconds = o.Budget.Remaining * o.Budget.AllowedSeconds
	o.Budget.Series = c.budgetSeries(start, o.End, o.Budget.Allowed)
	points := make([]minutePoint, len(c.Minutes))
	for i, m := range c.Minutes {
		points[i] = minutePoint{m.Start, m.Requests, m.Bad}
	}
	o.Alerts = replayRules(c.Alerts, points, o.End, c.Target)
	if c.GroupBy != "" {
		c.judgeGroups(&o)
	}
	return o
}

// slices counts the time slices of [start, upTo), aligned on start, from
// the minute counts.
func (c *ObjectiveCounts) slices(start, end, upTo int64) *SliceCount {
	w := int64(c.SliceWindow / time.Second)
	sc := &SliceCount{Seconds: w, Target: c.SliceTarget}
	sc.WindowTotal = (end - start + w - 1) / w
	sc.Total = min(sc.WindowTotal, max(0, (upTo-start+w-1)/w))
	for _, js := range c.judgedSlices(start) {
		if js.good {
			sc.Good++
		} else {
			sc.Bad++
		}
	}
	sc.Empty = sc.Total - sc.Good - sc.Bad
	sc.Good += sc.Empty
	return sc
}

// judgedSlice is a time slice with requests: its end, and whether the
// share of good requests in it reaches the slice target.
type judgedSlice struct {
	end  int64
	good bool
}

// judgedSlices judges the time slices that have requests, in order; the
// slices are aligned on start, from the minute counts.
func (c *ObjectiveCounts) judgedSlices(start int64) []judgedSlice {
	w := int64(c.SliceWindow / time.Second)
	first := start - mod64(start, 60) // the minute series' alignment
	var out []judgedSlice
	var slice, req, bad int64 = -1, 0, 0
	flush := func() {
		if slice >= 0 && req > 0 {
			out = append(out, judgedSlice{first + (slice+1)*w, meets(req-bad, req, c.SliceTarget)})
		}
	}
	for _, m := range c.Minutes {
		if k := (m.Start - first) / w; k != slice {
			flush()
			slice, req, bad = k, 0, 0
		}
		req, bad = req+m.Requests, bad+m.Bad
	}
	flush()
	return out
}

// judgeGroups judges each group against the target, worst first.
func (c *ObjectiveCounts) judgeGroups(o *ObjectiveResult) {
	judge := func(g GroupCount, other bool) GroupResult {
		b := newBudget(c.Target, g.Requests, g.Bad)
		a, _ := ratio(g.Requests-g.Bad, g.Requests)
		return GroupResult{Key: g.Key, Requests: g.Requests, Bad: g.Bad, Availability: a, Met: b.Met,
			BudgetRemaining: b.Remaining, BurnRate: b.BurnRate, Other: other}
	}
	for _, g := range c.Groups {
		if g.Requests > 0 {
			o.Groups = append(o.Groups, judge(g, false))
		}
	}
	if c.Other.Requests > 0 {
		o.Groups = append(o.Groups, judge(c.Other, true))
	}
	o.GroupsCapped = c.GroupsLimit != 0
	sort.SliceStable(o.Groups, func(i, j int) bool { return worseGroup(o.Groups[i], o.Groups[j]) })
	for _, g := range o.Groups {
		if !g.Met {
			o.FailingGroups++
		}
	}
	o.Met = o.Met && o.FailingGroups == 0
}

// worseGroup orders groups worst first: failing before met, then by the
// budget left, then by more requests, then by key.
func worseGroup(a, b GroupResult) bool {
	if a.Met != b.Met {
		return !a.Met
	}
	if a.BudgetRemaining != b.BudgetRemaining {
		return a.BudgetRemaining < b.BudgetRemaining
	}
	if a.Requests != b.Requests {
		return a.Requests > b.Requests
	}
	return a.Key < b.Key
}

// budgetSeries is the budget left over [start, upTo): the bad requests
// (or bad time slices, each at its end) spent by each point, over
// allowed.
func (c *ObjectiveCounts) budgetSeries(start, upTo int64, allowed float64) []BudgetPoint {
	if allowed <= 0 || upTo <= start {
		return nil
	}
	step := max(60, (upTo-start+BudgetPoints-1)/BudgetPoints)
	step += mod64(-step, 60) // whole minutes
	type spend struct{ at, n int64 }
	var spent []spend
	if c.SliceWindow > 0 {
		for _, js := range c.judgedSlices(start) {
			if !js.good {
				spent = append(spent, spend{js.end - 1, 1})
			}
		}
	} else {
		for _, m := range c.Minutes {
			if m.Bad > 0 {
				spent = append(spent, spend{m.Start, m.Bad})
			}
		}
	}
	points := []BudgetPoint{{start, 1}}
	var total int64
	i := 0
	for at := start + step; ; at += step {
		at = min(at, upTo)
		for i < len(spent) && (spent[i].at < at || at == upTo) {
			total += spent[i].n
			i++
		}
		points = append(points, BudgetPoint{at, 1 - float64(total)/allowed})
		if at == upTo {
			return points
		}
	}
}

// period judges the objective's requests in [start, end) by their
// count, as a history row does, from the minute at *next on; it leaves
// *next at the first minute after end.
func (c *ObjectiveCounts) period(start, end int64, next *int) HistoryObjective {
	var req, bad int64
	for ; *next < len(c.Minutes) && c.Minutes[*next].Start < end; *next++ {
		if m := c.Minutes[*next]; m.Start >= start {
			req, bad = req+m.Requests, bad+m.Bad
		}
	}
	return HistoryObjective{Name: c.Name, Budget: newBudget(c.Target, req, bad)}
}
