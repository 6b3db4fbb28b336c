package aggregate

// The objectives in a State: each one's counts with the window they were
// counted over, and how a merge judges them over another window.

import (
	"fmt"
	"slices"
	"time"
)

// ObjectiveState is one objective's counts in a State, by name, with the
// window [Start, End) (Unix seconds) they were counted over.
type ObjectiveState struct {
	Name        string
	Start, End  int64
	Minutes     []ObjectiveMinute
	Groups      []GroupCount
	Other       GroupCount
	GroupsLimit uint64
}

func objectiveStates(list []ObjectiveCounts) []ObjectiveState {
	var out []ObjectiveState
	for _, c := range list {
		out = append(out, ObjectiveState{Name: c.Name, Start: c.Window.Start.Unix(), End: c.Window.End.Unix(),
			Minutes: c.Minutes, Groups: c.Groups, Other: c.Other, GroupsLimit: c.GroupsLimit})
	}
	return out
}

// ObjectivesError is a merge's refusal to judge a state's objectives.
type ObjectivesError struct {
	State int // its place among the states, from 1
	Err   error
}

func (e *ObjectivesError) Error() string { return fmt.Sprintf("merge: state %d: %v", e.State, e.Err) }
func (e *ObjectivesError) Unwrap() error { return e.Err }

// rewindowObjective returns the counts of the saved objective s as counted over
// o's window, when the state's lines allow it: the lines it read (seen)
// that o's window holds must all have been counted by s's window, and a
// window edge may cut a minute only where s's did. Groups, counted in
// total, follow only when all the lines that count for them lie on one
// side of o's window.
func rewindowObjective(s ObjectiveState, o Objective, seen Span) (ObjectiveCounts, error) {
	c := ObjectiveCounts{Objective: o, GroupsLimit: s.GroupsLimit}
	ns, ne := o.Window.Start.Unix(), o.Window.End.Unix()
	if s.Name != o.Name {
		return c, fmt.Errorf("it holds SLO %q where the SLO file has %q", s.Name, o.Name)
	}
	if seen.Valid {
		lo, hi := max(seen.First, ns), min(seen.Last+1, ne) // what the merge needs of its lines
		if lo < hi && (lo < s.Start || hi > s.End) {
			return c, fmt.Errorf("SLO %q was counted over %s, and this merge judges it over %s: the summary's lines from %s to %s were not counted for it",
				s.Name, spanText(s.Start, s.End), spanText(ns, ne), unixText(max(lo, seen.First)), unixText(min(hi, seen.Last+1)))
		}
	}
	for _, edge := range []int64{ns, ne} {
		if edge%60 != 0 && edge != s.Start && edge != s.End {
			for _, m := range s.Minutes {
				if m.Start < edge && edge < m.Start+60 {
					return c, fmt.Errorf("SLO %q: the window edge %s cuts a minute of counted requests; give --until on a whole minute", s.Name, unixText(edge))
				}
			}
		}
	}
	for _, m := range s.Minutes {
		if m.Start+60 > ns && m.Start < ne {
			c.Minutes = append(c.Minutes, m)
		}
	}
	inside := !seen.Valid || (seen.First >= ns && seen.Last < ne)
	outside := seen.Valid && (seen.Last < ns || seen.First >= ne)
	switch {
	case outside:
		c.GroupsLimit = 0
	case inside:
		c.Groups, c.Other = s.Groups, s.Other
	case len(s.Groups) > 0 || s.Other.Requests > 0:
		return c, fmt.Errorf("SLO %q groups its requests, and the summary's lines (%s to %s) straddle the edge of its window %s: merge summaries of whole days inside the window",
			s.Name, unixText(seen.First), unixText(seen.Last+1), spanText(ns, ne))
	}
	return c, nil
}

func unixText(t int64) string { return time.Unix(t, 0).UTC().Format(time.RFC3339) }

func spanText(start, end int64) string { return "[" + unixText(start) + ", " + unixText(end) + ")" }

// loadObjectives adds the objectives of st, the place-th state of a
// merge, judged over the windows of mo.
func (t *tally) loadObjectives(st *State, mo MergeOptions, place int) error {
	fail := func(format string, a ...any) error {
		return &ObjectivesError{State: place, Err: fmt.Errorf(format, a...)}
	}
	switch {
	case st.ObjectivesPrint == "" || st.Objectives == nil:
		return fail("it was saved without --slo-file, so it holds no SLO's counts")
	case st.ObjectivesPrint != mo.Print:
		return fail("it was saved with another SLO file (%s, not %s): merge judges the SLOs the summaries counted", st.ObjectivesPrint, mo.Print)
	case len(st.Objectives) != len(mo.Objectives):
		return fail("it holds %d SLOs, and the SLO file %d", len(st.Objectives), len(mo.Objectives))
	}
	if t.objs == nil {
		set, err := compileObjectives(mo.Objectives)
		if err != nil {
			return err
		}
		t.objs, t.objList, t.objPrint = newObjCounter(set, t.set.Routes), mo.Objectives, mo.Print
	}
	counts := make([]ObjectiveCounts, len(mo.Objectives))
	for i, o := range mo.Objectives {
		s := st.Objectives[i]
		if err := checkObjectiveState(s); err != nil {
			return fail("SLO %q: %v", s.Name, err)
		}
		c, err := rewindowObjective(s, o, st.ObjectivesSeen)
		if err != nil {
			return fail("%v", err)
		}
		counts[i] = c
	}
	t.objs.load(counts)
	t.objs.seen.merge(st.ObjectivesSeen)
	return nil
}

// checkObjectiveState refuses counts no run makes.
func checkObjectiveState(s ObjectiveState) error {
	prev := int64(-1 << 63)
	for _, m := range s.Minutes {
		if m.Start%60 != 0 || m.Start <= prev || m.Requests <= 0 || m.Bad < 0 || m.Bad > m.Requests || m.Requests > maxCount {
			return fmt.Errorf("impossible minute counts at %d", m.Start)
		}
		prev = m.Start
	}
	for _, g := range append(slices.Clip(s.Groups), s.Other) {
		if g.Requests < 0 || g.Bad < 0 || g.Bad > g.Requests || g.Requests > maxCount {
			return fmt.Errorf("impossible counts of group %q", g.Key)
		}
	}
	if s.End <= s.Start {
		return fmt.Errorf("an empty window")
	}
	return nil
}
