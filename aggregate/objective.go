package aggregate

// Objectives: many SLOs judged in one pass. Each Objective selects its
// requests (Total), tells the good from the bad among them, and is judged
// over its own window; the run counts every objective's requests per
// minute beside its own counts, so that a summary of a day can later be
// merged into the judgement of a month.

import (
	"fmt"
	"time"
)

// Objective is one SLO as a run evaluates it: the requests it judges,
// which of them are good, its target and its window, in aggregate's
// terms. aggregate/openslo makes them from OpenSLO files.
type Objective struct {
	Name, Service string
	// Target is the share of good requests (Occurrences) or of good time
	// slices (Timeslices) the objective requires.
	Target Target
	// Total selects the requests the objective judges.
	Total SelectorSpec
	// Pick selects, within Total, the good requests when GoodPick is set
	// and else the bad ones: those it selects whose status Status takes.
	// AnyStatus takes every status (a latency SLI's good requests).
	GoodPick  bool
	Pick      SelectorSpec
	Status    BadRule
	AnyStatus bool
	// DurationUnder, when above 0, makes a request good only when it also
	// logged a duration under it; Total then counts only requests that
	// logged a duration.
	DurationUnder time.Duration
	// Window is the time the objective is judged over.
	Window ObjectiveWindow
	// SliceWindow, for Timeslices budgeting, is the length of a time
	// slice, a whole number of minutes; a slice is good when the share of
	// good requests in it reaches SliceTarget (parts per billion). 0
	// budgets Occurrences.
	SliceWindow time.Duration
	SliceTarget uint64
	// GroupBy splits the objective into one per host or endpoint: "",
	// GroupHost or GroupEndpoint.
	GroupBy string
	// Alerts are the burn-rate rules replayed over the window.
	Alerts []AlertRule
}

// The groupings of an Objective.
const (
	GroupHost     = "host"
	GroupEndpoint = "endpoint"
)

// ObjectiveWindow is the time an Objective is judged over, [Start, End).
type ObjectiveWindow struct {
	Start, End time.Time
	// Rolling windows have a Duration; a calendar window is a Period
	// ("1M") in Zone.
	Rolling  bool
	Duration time.Duration
	// Length is the window's length as its file writes it: "28d", "1M".
	Length string
	Zone   *time.Location
}

// objectives is the compiled set a run counts, shared by its workers.
type objectives struct {
	list      []objective
	words     int  // uint64 words of a mask over the list
	needAgent bool // some selector reads the user agent
	endpoints bool // some objective groups by endpoint
	// collapse: no path pattern has a literal segment that an endpoint
	// key collapses (a number, a uuid, a hash) or that is a collapsed
	// one (":id"), so a collapsed path matches every pattern exactly as
	// the path does: a literal never equals a segment that collapses,
	// and '*' and '**' take any segment.
	collapse bool
	// hosts: some selector reads the host, or an objective groups by it;
	// without, the host is no part of a request key.
	hosts bool
}

// objective is one Objective compiled for the hot loop.
type objective struct {
	total, pick  *Selector
	dynTotal     bool
	dynPick      bool
	picked       [1000]uint8 // verdictBad: Pick takes the status; verdictSkip: not judged
	goodPick     bool
	durUnder     float64 // seconds; 0: none
	since, until int64   // the window, Unix seconds
	group        uint8   // 0, groupByHost, groupByEndpoint
}

const (
	groupByHost uint8 = iota + 1
	groupByEndpoint
)

// ObjectiveError is an Objective that cannot be counted, named.
type ObjectiveError struct {
	Name string
	Err  error
}

func (e *ObjectiveError) Error() string { return fmt.Sprintf("SLO %q: %v", e.Name, e.Err) }
func (e *ObjectiveError) Unwrap() error { return e.Err }

// compileObjectives checks and compiles the objectives of a run.
func compileObjectives(list []Objective) (*objectives, error) {
	if len(list) == 0 {
		return nil, nil
	}
	set := &objectives{words: (len(list) + 63) / 64, collapse: true}
	seen := map[string]bool{}
	for _, o := range list {
		c, err := compileObjective(o)
		if err == nil && seen[o.Name] {
			err = fmt.Errorf("named twice")
		}
		if err != nil {
			return nil, &ObjectiveError{Name: o.Name, Err: err}
		}
		seen[o.Name] = true
		set.list = append(set.list, c)
		set.needAgent = set.needAgent || c.total.NeedsUserAgent() || c.pick.NeedsUserAgent()
		set.endpoints = set.endpoints || c.group == groupByEndpoint
		set.collapse = set.collapse && c.total.collapsible() && c.pick.collapsible()
		set.hosts = set.hosts || c.group == groupByHost || c.total.readsHost() || c.pick.readsHost()
	}
	return set, nil
}

func compileObjective(o Objective) (objective, error) {
	var c objective
	var err error
	if o.Target.IsZero() {
		return c, fmt.Errorf("no target")
	}
	if !o.Window.End.After(o.Window.Start) {
		return c, fmt.Errorf("the window %s to %s is empty", o.Window.Start, o.Window.End)
	}
	if o.SliceWindow < 0 || o.SliceWindow%time.Minute != 0 || (o.SliceWindow > 0 && (o.SliceTarget == 0 || o.SliceTarget > billion)) {
		return c, fmt.Errorf("time slices of %s to %d ppb: want whole minutes and a share above 0 up to 1", o.SliceWindow, o.SliceTarget)
	}
	if c.total, err = NewSelector(o.Total); err != nil {
		return c, err
	}
	if c.pick, err = NewSelector(o.Pick); err != nil {
		return c, err
	}
	c.dynTotal, c.dynPick = c.total.hasDynamic(), c.pick.hasDynamic()
	c.goodPick = o.GoodPick
	verdicts := o.Status.table()
	for code := range c.picked {
		switch {
		case !o.Status.Judges(code):
			c.picked[code] = verdictSkip
		case o.AnyStatus || verdicts[code] == verdictBad:
			c.picked[code] = verdictBad
		}
	}
	c.durUnder = o.DurationUnder.Seconds()
	c.since, c.until = o.Window.Start.Unix(), o.Window.End.Unix()
	switch o.GroupBy {
	case "":
	case GroupHost:
		c.group = groupByHost
	case GroupEndpoint:
		c.group = groupByEndpoint
	default:
		return c, fmt.Errorf("groupBy %q: want host or endpoint", o.GroupBy)
	}
	return c, nil
}

// readsHost reports whether the selector's static checks read the host.
func (s *Selector) readsHost() bool { return s != nil && len(s.hosts)+len(s.exHosts) > 0 }

// collapsible reports whether no literal segment of the selector's path
// patterns collapses or is a collapsed segment (see objectives.collapse).
func (s *Selector) collapsible() bool {
	if s == nil {
		return true
	}
	for _, r := range append(append([]Route(nil), s.paths...), s.exPaths...) {
		for _, seg := range r.segs {
			if seg == "*" || seg == "**" {
				continue
			}
			if c := appendSeg(nil, []byte(seg)); string(c) != seg || seg == string(idSeg) || seg == string(uuidSeg) || seg == string(hashSeg) {
				return false
			}
		}
	}
	return true
}
