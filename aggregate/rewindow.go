package aggregate

import (
	"fmt"
	"sort"
	"time"
)

// Re-windowing: a merge asked for another window or zone than its states
// were saved with. The per-minute series could be cut anywhere, but a
// state's codes, breakdowns, latency sketch and counters are kept for the
// whole state, not per minute. So each state is taken whole or not at
// all: a state whose requests all lie inside the window is kept as it is,
// one whose requests all lie outside becomes lines filtered as outside the
// time window, exactly as a run with that window would have counted them,
// and a window that cuts through a state's requests is refused with the
// finest window the states allow. Daily summaries can thus answer for any
// day, week or month they cover, long after their logs are gone.
//
// Lines a state filtered as outside its own saved window are taken as
// counted, if anywhere, by the state whose window holds them: daily
// summaries of the same rotated files each read every line, and each
// counts its day.

// WindowError is Merge's refusal of an asked window that cuts through a
// state's requests, or whose buckets are finer than a state kept.
type WindowError struct {
	State int // its place among the states, from 1
	// Span is the state's requests (or its saved window) that the asked
	// window cuts: [Span.Since, Span.Until).
	Span Window
	// Allowed is the finest window holding the asked one that no state is
	// cut by; zero when the cut is of buckets (LatencyWidth) instead.
	Allowed Window
	// LatencyWidth and Width are set when the state's latency is kept in
	// buckets wider than the report's buckets for the window.
	LatencyWidth, Width int64
}

func (e *WindowError) Error() string {
	if e.LatencyWidth > 0 {
		return fmt.Sprintf("merge: state %d keeps its latency in buckets of %ds, wider than the window's %ds buckets", e.State, e.LatencyWidth, e.Width)
	}
	return fmt.Sprintf("merge: the window cuts inside state %d (%s), which is kept as one piece", e.State, e.Span)
}

// UntimedError is Merge's refusal to apply a window to a state saved
// without one that counted requests without a time: a run with the window
// would have filtered them, but they cannot be taken out of the state's
// codes and breakdowns.
type UntimedError struct {
	State    int
	Requests int64
}

func (e *UntimedError) Error() string {
	return fmt.Sprintf("merge: state %d counted %d requests without a time, which a window leaves out", e.State, e.Requests)
}

// ZoneError is Merge's refusal of states saved in other zones than asked
// whose buckets do not align with the asked zone's.
type ZoneError struct {
	State        int
	Saved, Asked string // zone names
	Width        int64  // the saved bucket width that does not align
}

func (e *ZoneError) Error() string {
	return fmt.Sprintf("merge: state %d was saved in %s, and its %ds buckets do not align with %s", e.State, e.Saved, e.Width, e.Asked)
}

// WindowsError is Merge's refusal of states saved with different windows
// that do not join into one, when no window was asked.
type WindowsError struct {
	A, B       int // the two states, from 1
	WinA, WinB Window
}

func (e *WindowsError) Error() string {
	return fmt.Sprintf("merge: states %d and %d were saved with windows %s and %s, which do not join", e.A, e.B, e.WinA, e.WinB)
}

// String writes the window's bounds in UTC, an open one as "open".
func (w Window) String() string {
	f := func(t time.Time) string {
		if t.IsZero() {
			return "open"
		}
		return t.UTC().Format(time.RFC3339)
	}
	return f(w.Since) + " to " + f(w.Until)
}

// place is where a state's requests lie against a window.
type place int

const (
	placeInside place = iota
	placeOutside
	placeCut
)

// rewindow returns the states as runs with the asked window and zone
// would have saved them (see the comment at the top of this file); with
// nothing asked and every state alike, the states themselves.
func rewindow(states []*State, mo MergeOptions) ([]*State, error) {
	zone, err := mergeZone(states, mo.Zone)
	if err != nil {
		return nil, err
	}
	win, err := mergeWindow(states, mo.Window)
	if err != nil {
		return nil, err
	}
	changed := false
	for _, st := range states {
		changed = changed || st.Settings.Zone.String() != zone.String() || !sameWindow(st.Settings.Window, win)
	}
	if !changed {
		return states, nil
	}
	places := make([]place, len(states))
	var span Span
	for i, st := range states {
		if err := st.checkSettings(); err != nil {
			return nil, fmt.Errorf("merge: state %d: %w", i+1, err)
		}
		places[i] = st.placeIn(win)
		switch places[i] {
		case placeCut:
			return nil, &WindowError{State: i + 1, Span: st.extent(), Allowed: allowedWindow(states, win)}
		case placeInside:
			if st.Untimed > 0 && win.Active() && !st.Settings.Window.Active() {
				return nil, &UntimedError{State: i + 1, Requests: st.Untimed}
			}
			for _, in := range st.Inputs {
				span.merge(in.Span)
			}
		}
	}
	width := reportWidth(states[0].Settings.Bucket, win, span)
	out := make([]*State, len(states))
	for i, st := range states {
		c := *st
		c.Settings.Window, c.Settings.Zone = win, zone
		if places[i] == placeOutside {
			c.leaveOut()
		} else if err := st.alignsWith(width, zone); err != nil {
			if we, ok := err.(*WindowError); ok {
				we.State = i + 1
			} else if ze, ok := err.(*ZoneError); ok {
				ze.State = i + 1
			}
			return nil, err
		}
		out[i] = &c
	}
	return out, nil
}

// mergeZone is the asked zone, else the zone every state was saved in.
func mergeZone(states []*State, asked *time.Location) (*time.Location, error) {
	if asked != nil {
		return asked, nil
	}
	z := states[0].Settings.Zone
	for i, st := range states[1:] {
		if st.Settings.Zone.String() != z.String() {
			return nil, &SettingsError{State: i + 2, Diff: SettingDiff{SettingZone, z.String(), st.Settings.Zone.String()}}
		}
	}
	return z, nil
}

// mergeWindow is the asked window, else the window every state was saved
// with, else the window the states' windows join into: daily summaries of
// consecutive days make the window of those days.
func mergeWindow(states []*State, asked *Window) (Window, error) {
	if asked != nil {
		return *asked, nil
	}
	w := states[0].Settings.Window
	same := true
	for _, st := range states[1:] {
		same = same && sameWindow(st.Settings.Window, w)
	}
	if same {
		return w, nil
	}
	order := make([]int, len(states))
	for i, st := range states {
		order[i] = i
		if s := st.Settings.Window; s.Since.IsZero() || s.Until.IsZero() {
			j := 1 - min(i, 1) // another state: the first, or the second for the first
			return Window{}, &WindowsError{A: j + 1, B: i + 1, WinA: states[j].Settings.Window, WinB: s}
		}
	}
	win := func(k int) Window { return states[order[k]].Settings.Window }
	sort.SliceStable(order, func(a, b int) bool { return win(a).Since.Before(win(b).Since) })
	joined := Window{Since: win(0).Since, Until: win(0).Until}
	for k := 1; k < len(order); k++ {
		p, s := win(k-1), win(k)
		switch {
		case sameWindow(p, s): // equal windows join as one
		case p.Until.Equal(s.Since):
			joined.Until = s.Until
		default:
			return Window{}, &WindowsError{A: order[k-1] + 1, B: order[k] + 1, WinA: p, WinB: s}
		}
	}
	return joined, nil
}

func sameWindow(a, b Window) bool { return a.Since.Equal(b.Since) && a.Until.Equal(b.Until) }

// placeIn says where the state's requests lie against w: all inside, all
// outside, or some on each side (or in a minute w cuts), which cannot be
// told apart.
func (st *State) placeIn(w Window) place {
	since, until := w.bounds()
	timed, inside := false, true
	for _, in := range st.Inputs {
		if in.Span.Valid {
			timed = true
			inside = inside && in.Span.First >= since && in.Span.Last < until
		}
	}
	if !timed {
		if st.Untimed > 0 && w.Active() && !st.Settings.Window.Active() {
			return placeOutside
		}
		return placeInside
	}
	if inside {
		return placeInside
	}
	for _, m := range st.Minutes {
		if m.Start+60 > since && m.Start < until {
			return placeCut
		}
	}
	return placeOutside
}

// extent is the time the state's requests are known to lie in: its saved
// window, else from its first request to the second after its last.
func (st *State) extent() Window {
	if w := st.Settings.Window; !w.Since.IsZero() && !w.Until.IsZero() {
		return Window{Since: w.Since, Until: w.Until}
	}
	var s Span
	for _, in := range st.Inputs {
		s.merge(in.Span)
	}
	if !s.Valid {
		return Window{}
	}
	return Window{Since: time.Unix(s.First, 0).UTC(), Until: time.Unix(s.Last+1, 0).UTC()}
}

// allowedWindow widens w until it cuts no state: the finest window around
// w that the states can answer for.
func allowedWindow(states []*State, w Window) Window {
	for grown := true; grown; {
		grown = false
		for _, st := range states {
			if st.placeIn(w) != placeCut {
				continue
			}
			e := st.extent()
			if w.Since.IsZero() || e.Since.Before(w.Since) {
				w.Since, grown = e.Since, true
			}
			if w.Until.IsZero() || e.Until.After(w.Until) {
				w.Until, grown = e.Until, true
			}
		}
	}
	w.Label = ""
	return w
}

// reportWidth is the bucket width a Summary of the merged state will use
// (see bucketWidth): --bucket, else from the window, else from the data.
func reportWidth(bucket int64, w Window, span Span) int64 {
	switch {
	case bucket > 0:
		return bucket
	case !w.Since.IsZero() && !w.Until.IsZero():
		return AutoBucket(w.Until.Unix() - w.Since.Unix())
	case span.Valid:
		return AutoBucket(span.Last - span.First)
	}
	return 60
}

// leaveOut turns every request of the state into a line filtered as
// outside the time window (or without a time, for a state saved without
// a window), as a run with the window would have counted it. Malformed
// lines and their samples stay: the window does not change them.
func (st *State) leaveOut() {
	var timed int64
	for _, m := range st.Minutes {
		timed += m.Requests()
	}
	st.Filtered = cloneCounts(st.Filtered)
	if timed > 0 {
		st.Filtered[filteredOutside] += timed
	}
	if st.Untimed > 0 {
		st.Filtered[filteredNoTime] += st.Untimed
	}
	st.Inputs = append([]Input(nil), st.Inputs...)
	for i := range st.Inputs {
		in := &st.Inputs[i]
		in.Lines.Filtered += in.Lines.Parsed
		in.Lines.Parsed = 0
		in.Span = Span{}
	}
	st.Codes = map[int]int64{}
	st.Minutes = nil
	st.Untimed, st.BadTimes, st.Recovered, st.Timed, st.Fast = 0, 0, 0, 0, 0
	st.Latency, st.LatencyBuckets = Sketch{}, nil
	st.LatencyWidth = 60
	if st.Settings.Bucket > 0 {
		st.LatencyWidth = st.Settings.Bucket
	}
	st.Endpoints, st.Hosts, st.Upstreams = KeyTable{}, KeyTable{}, KeyTable{}
	if st.Insight != nil {
		// Who sent the requests, empty: a state without the tables
		// would drop them from the whole merge.
		empty := &InsightState{}
		if st.Insight.Failing != nil {
			empty.Failing = &[3]KeyTable{}
		}
		st.Insight = empty
	}
	if st.Statuses != nil {
		st.Statuses = []StatusCount{}
	}
	st.DimCounts = nil
	if st.Objectives != nil {
		// The objectives counted the same lines: none of them is in.
		objs := make([]ObjectiveState, len(st.Objectives))
		for i, o := range st.Objectives {
			objs[i] = ObjectiveState{Name: o.Name, Start: o.Start, End: o.End}
		}
		st.Objectives, st.ObjectivesSeen = objs, Span{}
	}
}

func cloneCounts(m map[string]int64) map[string]int64 {
	out := make(map[string]int64, len(m)+2)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// alignsWith checks that each latency bucket and split count the state
// kept lies within one report bucket of width in zone: coarser buckets,
// or buckets of another zone that straddle the report's, cannot be
// divided.
func (st *State) alignsWith(width int64, zone *time.Location) error {
	saved := st.Settings.Zone
	sameZone := saved.String() == zone.String()
	if st.LatencyWidth > width && len(st.LatencyBuckets) > 0 {
		return &WindowError{LatencyWidth: st.LatencyWidth, Width: width}
	}
	if sameZone {
		return nil
	}
	report := newBucketer(width, zone)
	check := func(w int64, starts func(yield func(int64) bool)) error {
		own := newBucketer(w, saved)
		for s := range starts {
			_, end := own.bucket(s)
			rs, re := report.bucket(s)
			if s < rs || end > re {
				return &ZoneError{Saved: saved.String(), Asked: zone.String(), Width: w}
			}
		}
		return nil
	}
	err := check(st.LatencyWidth, func(yield func(int64) bool) {
		for _, b := range st.LatencyBuckets {
			if !yield(b.Start) {
				return
			}
		}
	})
	if err != nil {
		return err
	}
	dimBk := newBucketer(max(st.DimWidth, 60), zone)
	for _, c := range st.DimCounts {
		if s, _ := dimBk.bucket(c.Start); s != c.Start {
			return &ZoneError{Saved: saved.String(), Asked: zone.String(), Width: st.DimWidth}
		}
	}
	return check(max(st.DimWidth, 60), func(yield func(int64) bool) {
		for _, c := range st.DimCounts {
			if !yield(c.Start) {
				return
			}
		}
	})
}
