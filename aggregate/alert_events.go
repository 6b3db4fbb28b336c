package aggregate

// Alert events: the moments a burn-rate rule starts or stops firing, or an
// SLO's error budget falls below (or climbs back above) half, a quarter
// or nothing left. A follow run asks at every interval and is told only
// what changed; a one-off run (cron) starts from nothing firing and a full
// budget, so it is told what fires and what is spent at its end.

import (
	"strconv"
	"time"
)

// BudgetLevels are the shares of an error budget left whose crossing is
// an event.
var BudgetLevels = []float64{0.5, 0.25, 0}

// Event kinds.
const (
	EventBurnRate = "burn_rate"
	EventBudget   = "budget"
)

// AlertEvent is one change of an SLO's alert state.
type AlertEvent struct {
	SLO  string
	Kind string // EventBurnRate or EventBudget
	// Rule is the burn-rate rule that changed, for EventBurnRate; its
	// burn rates are LongBurn and ShortBurn.
	Rule                AlertRule
	LongBurn, ShortBurn float64
	// Level is the budget level crossed, for EventBudget; Remaining is
	// the share of the budget left.
	Level     float64
	Remaining float64
	// Firing: the rule started firing, or the budget fell below Level;
	// false: it stopped, or the budget climbed back above.
	Firing bool
	At     time.Time
}

// Judged is one SLO's state at an evaluation, as AlertWatch compares it.
type Judged struct {
	SLO    string
	Alerts []AlertState
	// Remaining is the share of the budget left; HasBudget is false when
	// nothing was judged (no budget to speak of).
	Remaining float64
	HasBudget bool
}

// JudgedSLO is the --slo objective's state for AlertWatch, named name.
func JudgedSLO(name string, o SLO) Judged {
	return Judged{SLO: name, Alerts: o.Alerts, Remaining: o.Remaining, HasBudget: !o.NoData}
}

// JudgedObjective is an SLO file's objective's state for AlertWatch.
func JudgedObjective(o ObjectiveResult) Judged {
	return Judged{SLO: o.Name, Alerts: o.Alerts, Remaining: o.Budget.Remaining, HasBudget: !o.NoData}
}

// AlertWatch remembers what fired and which budget levels were crossed,
// so that Update returns only changes. The zero value knows of nothing
// firing and of full budgets.
type AlertWatch struct {
	firing map[string]bool
	below  map[string]bool
}

// Update compares the SLOs' states at at with the last ones and returns
// the changes, in the SLOs' order: rules in their order, then budget
// levels from the highest.
func (w *AlertWatch) Update(slos []Judged, at time.Time) []AlertEvent {
	if w.firing == nil {
		w.firing, w.below = map[string]bool{}, map[string]bool{}
	}
	var out []AlertEvent
	for _, j := range slos {
		for i, a := range j.Alerts {
			key := j.SLO + "\x00" + strconv.Itoa(i)
			if a.Firing == w.firing[key] {
				continue
			}
			w.firing[key] = a.Firing
			out = append(out, AlertEvent{SLO: j.SLO, Kind: EventBurnRate, Rule: a.Rule, LongBurn: a.LongBurn,
				ShortBurn: a.ShortBurn, Firing: a.Firing, Remaining: j.Remaining, At: at})
		}
		if !j.HasBudget {
			continue
		}
		for _, level := range BudgetLevels {
			key := j.SLO + "\x00" + strconv.FormatFloat(level, 'g', -1, 64)
			below := j.Remaining < level || level == 0 && j.Remaining <= 0
			if below == w.below[key] {
				continue
			}
			w.below[key] = below
			out = append(out, AlertEvent{SLO: j.SLO, Kind: EventBudget, Level: level, Remaining: j.Remaining,
				Firing: below, At: at})
		}
	}
	return out
}
