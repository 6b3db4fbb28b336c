package aggregate

import "fmt"

// Merger merges states one at a time, as Merge does, holding only the
// merged state: 'slareport merge' of ten thousand summaries reads each,
// adds it and lets it go, so memory follows the merged state, not the
// number of summaries. It merges states as saved: Merge re-windows them
// first when the merge asks for another window or zone (see rewindow).
type Merger struct {
	t      *tally
	prints printIndex
	mo     MergeOptions
	keep   bool
	dims   Dims
	n      int      // states added, the first included
	saved  []Window // the windows the states were saved with, for apart
}

// MergedKeeps folds one more state into what the merge of all of them
// keeps: the per-minute status counts (keep) when every state has them,
// and the dimensions every state was split by. A caller that streams
// states to a Merger finds these in a first pass.
func MergedKeeps(keep bool, dims Dims, st *State) (bool, Dims) {
	return keep && st.Statuses != nil, dims & st.Dims
}

// NewMerger starts a merge with its first state, keeping the status
// counts and the dimensions that every state to be added has (see
// MergedKeeps). With mo.Objectives it judges them, as Merge does.
func NewMerger(first *State, keep bool, dims Dims, mo MergeOptions) (*Merger, error) {
	t, err := first.tally(keep, dims)
	if err != nil {
		return nil, err
	}
	m := &Merger{t: t, prints: printIndex{}, mo: mo, keep: keep, dims: dims, n: 1, saved: []Window{first.Settings.Window}}
	if mo.Objectives != nil {
		if err := t.loadObjectives(first, mo, 1); err != nil {
			return nil, err
		}
	}
	m.prints.add(first.Inputs)
	return m, nil
}

// Add merges st into the merge, or refuses it as Merge would.
func (m *Merger) Add(st *State) error { return m.add(st, st.Settings.Window) }

// add merges st, saved with the window saved: states whose saved windows
// share no time counted different requests, even of the same lines.
func (m *Merger) add(st *State, saved Window) error {
	m.n++
	if st.Version != StateVersion {
		return fmt.Errorf("merge: state %d has version %d, want %d", m.n, st.Version, StateVersion)
	}
	if d, differ := m.t.set.Diff(st.Settings); differ {
		return &SettingsError{State: m.n, Diff: d}
	}
	if !m.mo.AllowOverlap && !apart(m.saved, saved) {
		for _, a := range m.t.inputs {
			for _, b := range st.Inputs {
				if a.Source.Overlaps(b.Source) {
					return fmt.Errorf("merge: %w: %q and %q hold the same log lines", ErrOverlap, a.Name, b.Name)
				}
			}
		}
		if err := m.prints.shared(st.Inputs); err != nil {
			return err
		}
	}
	o, err := st.tally(m.keep, m.dims)
	if err != nil {
		return fmt.Errorf("merge: state %d: %w", m.n, err)
	}
	if m.mo.Objectives != nil {
		if err := m.t.loadObjectives(st, m.mo, m.n); err != nil {
			return err
		}
	}
	m.t.add(o)
	m.prints.add(st.Inputs)
	m.saved = append(m.saved, saved)
	return nil
}

// State returns the merged state.
func (m *Merger) State() *State {
	st := m.t.summary().State()
	st.merge = m.mo
	return st
}
