package aggregate

import (
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"strings"
	"time"
)

// Target is an SLO availability target, held exactly in parts per billion
// so that "99.9" means 999,000,000/10⁹ and the met/breached verdict never
// depends on floating-point rounding.
type Target struct {
	ppb uint64
}

const billion = 1_000_000_000

// ParseTarget reads a percentage such as "99.9" or "99.95%". It must lie
// strictly between 0 and 100: a 100% target leaves no error budget to divide
// by, and 0% is no objective. A number below 1 without a '%' sign is
// refused: "0.999" is a ratio written for 99.9, and read as a percentage it
// is an objective any service meets. Under 1 percent is written "0.5%".
func ParseTarget(s string) (Target, error) {
	v, percent := strings.CutSuffix(strings.TrimSpace(s), "%")
	p, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(p) || math.IsInf(p, 0) {
		return Target{}, fmt.Errorf("SLO %q is not a percentage like 99.9", s)
	}
	if !percent && p > 0 && p < 1 {
		meant := strings.TrimSuffix(Target{ppb: uint64(math.Round(p * billion))}.String(), "%")
		return Target{}, fmt.Errorf("SLO %q is a ratio, not a percentage: did you mean %s? (for %s percent, write %s%%)", s, meant, v, v)
	}
	ppb := math.Round(p * 1e7)
	if ppb <= 0 || ppb >= billion {
		return Target{}, fmt.Errorf("SLO %q must lie strictly between 0 and 100 percent", s)
	}
	return Target{ppb: uint64(ppb)}, nil
}

// Ratio returns the target as a ratio, e.g. 0.999.
func (t Target) Ratio() float64 { return float64(t.ppb) / billion }

// IsZero reports whether no target was set.
func (t Target) IsZero() bool { return t.ppb == 0 }

// String returns the target as a percentage, e.g. "99.9%".
func (t Target) String() string {
	return strconv.FormatFloat(float64(t.ppb)/1e7, 'f', -1, 64) + "%"
}

// BudgetShare returns the error budget as a share of events, 1 − target,
// from the exact parts per billion: 1 − 0.999 in floating point is
// 0.0010000000000000009, and a chart or a JSON number would show it.
func (t Target) BudgetShare() float64 { return float64(billion-t.ppb) / billion }

// BudgetPace is the burn rate that spends exactly the error budget over
// the window judged: a faster one runs out before the window ends.
const BudgetPace = 1.0

// BurnRate returns how fast bad of total events spend the error budget:
// (bad/total) / (1 − target), BudgetPace when they spend it exactly. It is
// false with no events: no traffic is no data, not a burn rate of 0. It is
// the figure for a slice of the window, such as a bar of a chart; the
// Budget of a whole window and the alert replay hold their own.
func (t Target) BurnRate(bad, total int64) (float64, bool) {
	budget := t.BudgetShare()
	if total <= 0 || budget <= 0 {
		return 0, false
	}
	return float64(bad) / (float64(total) * budget), true
}

// Budget is an error budget: how many bad events an objective allows over
// some total, and how much of that is spent.
type Budget struct {
	Target Target
	// Met is exact; it is false with no events: nothing to judge is no
	// data (NoData), never a met objective.
	Met    bool
	NoData bool
	Total  int64 // events judged (requests, or requests with a duration)
	Bad    int64 // events that failed

	// Allowed is the number of bad events the target permits:
	// (1 − target) × total.
	Allowed float64
	// Remaining is the share of the budget left: 1 − Bad/Allowed. It is
	// negative when the budget is overspent, and 1 with no events.
	Remaining float64
	// BurnRate is how fast the budget burns: (Bad/Total)/(1 − target);
	// 1 spends exactly the budget, 0 with no events.
	BurnRate float64
}

// newBudget judges total events of which bad failed against t.
func newBudget(t Target, total, bad int64) Budget {
	b := Budget{Target: t, Total: total, Bad: bad, Remaining: 1}
	b.NoData = total <= 0
	b.Met = !b.NoData && meets(total-bad, total, t.ppb)
	if total > 0 {
		// Products of whole numbers first, one division last: 1 − 0.999
		// in floating point is 0.0010000000000000009, and the JSON would
		// show it.
		budgetPPB := float64(billion - t.ppb) // > 0: ParseTarget refuses 100%
		b.Allowed = budgetPPB * float64(total) / billion
		b.Remaining = b.RemainingAfter(bad)
		b.BurnRate = float64(bad) * billion / (float64(total) * budgetPPB)
	}
	return b
}

// RemainingAfter returns the share of the budget left once bad events are
// spent: 1 − bad/Allowed, negative when overspent. Remaining is
// RemainingAfter(Bad); a burn-down chart asks it for the bad events up to
// each point of the window. Allowed must be above 0.
func (b Budget) RemainingAfter(bad int64) float64 { return 1 - float64(bad)/b.Allowed }

// SLO is the verdict of a Summary against an availability Target.
type SLO struct {
	Budget
	// Requests and Bad repeat Budget.Total and Budget.Bad under the names
	// the availability SLO uses.
	Requests, Bad int64

	// WindowSeconds is the time the SLO is judged over: the --since/--until
	// window when both are set, else the span of the data. BudgetSeconds is
	// (1 − target) × WindowSeconds: the full outage the budget allows.
	WindowSeconds, BudgetSeconds float64

	// Alerts are the multi-window burn-rate rules, evaluated minute by
	// minute up to the end of the window.
	Alerts []AlertState

	// GoodMinutes of TotalMinutes (minutes with judged requests) had an
	// availability at or above the target: the time-slice SLI.
	GoodMinutes, TotalMinutes int64
}

// RemainingSeconds is the budget left expressed as minutes of full outage
// (negative when overspent).
func (o SLO) RemainingSeconds() float64 { return o.Remaining * o.BudgetSeconds }

// Evaluate judges the summary against t. With no judged request it is no
// data (NoData, Met false), and the gates fail unless told otherwise.
func (s *Summary) Evaluate(t Target) SLO {
	req, bad := s.Judged(), s.Bad()
	o := SLO{Budget: newBudget(t, req, bad), Requests: req, Bad: bad}
	switch w := s.Window; {
	case !w.Since.IsZero() && !w.Until.IsZero():
		o.WindowSeconds = float64(w.Until.Unix() - w.Since.Unix())
	case s.Span.Valid:
		o.WindowSeconds = float64(s.Span.Last - s.Span.First + 1)
	}
	o.BudgetSeconds = o.WindowSeconds * float64(billion-t.ppb) / billion
	o.Alerts = evaluateAlerts(s.Minutes, s.ReplayEnd(), t)
	for _, m := range s.Minutes {
		if n := m.Judged(); n > 0 {
			o.TotalMinutes++
			if meets(n-m.Bad, n, t.ppb) {
				o.GoodMinutes++
			}
		}
	}
	return o
}

// ReplayEnd is where the minute-by-minute alert replay stops (exclusive,
// Unix seconds): the end of the window, but never past Now while the
// window is still running, so that minutes which have not happened yet
// are not replayed as empty traffic and a rule firing now reads as firing.
// Without a window end it is the end of the data. Requests stamped after
// Now (a skewed clock) still count: the replay never stops before the
// last of them.
func (s *Summary) ReplayEnd() int64 {
	var end int64
	if s.Span.Valid {
		end = s.Span.Last + 1
	}
	if u := s.Window.Until; !u.IsZero() {
		until := u.Unix()
		if !s.Now.IsZero() && s.Now.Unix() < until {
			until = max(s.Now.Unix()+1, end)
		}
		end = max(end, until)
	}
	if s.Live && !s.Now.IsZero() && (s.Window.Until.IsZero() || s.Now.Before(s.Window.Until)) {
		end = max(end, s.Now.Unix()+1)
	}
	return end
}

// LatencyObjective is a latency SLO such as "99% of requests under 300 ms".
type LatencyObjective struct {
	Target    Target
	Threshold float64 // seconds
}

// ParseLatencyObjective reads "99%<300ms" (also "99<0.3s", "99.9% < 1s").
func ParseLatencyObjective(s string) (LatencyObjective, error) {
	pct, limit, ok := strings.Cut(s, "<")
	if !ok {
		return LatencyObjective{}, fmt.Errorf("latency SLO %q: want PERCENT<DURATION, e.g. 99%%<300ms", s)
	}
	t, err := ParseTarget(pct)
	if err != nil {
		return LatencyObjective{}, fmt.Errorf("latency SLO %q: %w", s, err)
	}
	d, err := ParseDuration(strings.TrimSpace(limit))
	if err != nil || d <= 0 {
		return LatencyObjective{}, fmt.Errorf("latency SLO %q: %q is not a positive duration like 300ms", s, strings.TrimSpace(limit))
	}
	return LatencyObjective{Target: t, Threshold: d.Seconds()}, nil
}

// String returns the objective as "99% < 300ms".
func (l LatencyObjective) String() string {
	return l.Target.String() + " < " + time.Duration(l.Threshold*float64(time.Second)).String()
}

// LatencySLO judges the requests that logged a duration: those at or over
// the threshold are bad. The run must have had Options.LatencyThreshold set
// to l.Threshold.
func (s *Summary) LatencySLO(l LatencyObjective) Budget {
	return newBudget(l.Target, s.Timed, s.Timed-s.Fast)
}

// meets reports good/total ≥ ppb/10⁹ exactly, as good·10⁹ ≥ ppb·total in
// 128-bit arithmetic.
func meets(good, total int64, ppb uint64) bool {
	if total <= 0 {
		return true
	}
	gh, gl := bits.Mul64(uint64(good), billion)
	th, tl := bits.Mul64(uint64(total), ppb)
	return gh > th || (gh == th && gl >= tl)
}
