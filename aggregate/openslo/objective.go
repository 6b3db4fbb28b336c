package openslo

// From an SLO as understood to an Objective a run counts: its window
// placed in time, its selections in aggregate's terms.

import (
	"strconv"
	"time"

	"github.com/slareport/slareport/aggregate"
)

// Anchor places windows in time: a rolling window ends at Until when set,
// else at Now (rounded up to a whole minute, so that the minute under way
// counts); a calendar window is the period that holds Since when set,
// else the instant before Until when set, else Now.
type Anchor struct {
	Now, Since, Until time.Time
}

// Objectives returns the file's SLOs as a run counts them, windows placed
// by at.
func (f *File) Objectives(at Anchor) []aggregate.Objective {
	out := make([]aggregate.Objective, 0, len(f.SLOs))
	for _, s := range f.SLOs {
		out = append(out, s.Objective(at))
	}
	return out
}

// Objective returns the SLO as a run counts it.
func (s SLO) Objective(at Anchor) aggregate.Objective {
	o := aggregate.Objective{
		Name: s.Name, Service: s.Service, Target: s.Target,
		Total:         aggregate.SelectorSpec(s.Indicator.Total),
		DurationUnder: s.Indicator.DurationUnder,
		Window:        s.Window.Place(at),
		GroupBy:       string(s.GroupBy),
	}
	pick := s.Indicator.Bad
	if s.Indicator.Good != nil {
		pick, o.GoodPick = s.Indicator.Good, true
	}
	if pick != nil {
		o.Pick, o.Status, o.AnyStatus = aggregate.SelectorSpec(pick.Selector), pick.Rule, pick.Status == ""
	}
	if s.BudgetingMethod == Timeslices {
		o.SliceWindow, o.SliceTarget = s.TimeSliceWindow, s.TimeSliceTarget.PPB()
	}
	for _, a := range s.Alerts {
		o.Alerts = append(o.Alerts, a.Rule())
	}
	return o
}

// Place returns the window's time range as anchored by at.
func (w Window) Place(at Anchor) aggregate.ObjectiveWindow {
	if w.Rolling {
		end := at.Until
		if end.IsZero() {
			end = at.Now.Truncate(time.Minute)
			if !end.Equal(at.Now) {
				end = end.Add(time.Minute)
			}
		}
		return aggregate.ObjectiveWindow{Start: end.Add(-w.Duration), End: end, Rolling: true, Duration: w.Duration,
			Length: Short(w.Duration), Zone: time.UTC}
	}
	ref := at.Now
	switch {
	case !at.Since.IsZero():
		ref = at.Since
	case !at.Until.IsZero():
		ref = at.Until.Add(-time.Nanosecond)
	}
	start, end := w.period(ref)
	return aggregate.ObjectiveWindow{Start: start, End: end, Length: strconv.Itoa(w.Count) + string(w.Unit), Zone: w.Zone}
}

// period returns the calendar period that holds ref: periods of Count
// Units follow each other from Start, before it as after it, in Zone
// (a day is a calendar day, 23 or 25 hours across a DST change).
func (w Window) period(ref time.Time) (start, end time.Time) {
	ref = ref.In(w.Zone)
	s := w.Start
	step := func(k int) time.Time {
		n := k * w.Count
		switch w.Unit {
		case Day:
			return time.Date(s.Year(), s.Month(), s.Day()+n, s.Hour(), s.Minute(), s.Second(), 0, w.Zone)
		case Week:
			return time.Date(s.Year(), s.Month(), s.Day()+7*n, s.Hour(), s.Minute(), s.Second(), 0, w.Zone)
		case Quarter:
			n *= 3
		case Year:
			n *= 12
		}
		return time.Date(s.Year(), s.Month()+time.Month(n), s.Day(), s.Hour(), s.Minute(), s.Second(), 0, w.Zone)
	}
	// A first guess from the average length of a period, then steps.
	length := step(1).Sub(s)
	k := int(ref.Sub(s) / length)
	for step(k).After(ref) {
		k--
	}
	for !step(k + 1).After(ref) {
		k++
	}
	return step(k), step(k + 1)
}
