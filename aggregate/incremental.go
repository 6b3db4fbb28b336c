package aggregate

// Incremental runs: a run that continues the State an earlier one left,
// reading only what the logs gained since. ingest looks at the files and
// ties each to the input it continues; this file decides what to ask it,
// and adds the new counts to the old.

import (
	"context"
	"fmt"

	"github.com/slareport/slareport/ingest"
)

// StateError is Continue's refusal of the State it was to continue, as
// opposed to a problem with the logs: the State was counted under other
// Settings (Diff), or was not split by dimensions the run splits by
// (Missing), or does not merge with the run (Err).
type StateError struct {
	Diff    *SettingDiff
	Missing Dims
	Err     error
}

func (e *StateError) Error() string {
	switch {
	case e.Diff != nil:
		return fmt.Sprintf("the state was made with other settings (%s)", *e.Diff)
	case e.Missing != 0:
		return fmt.Sprintf("the state was not split by %s", e.Missing)
	}
	return "the state: " + e.Err.Error()
}

func (e *StateError) Unwrap() error { return e.Err }

// Continue reads paths as the next incremental run after prev, the State
// an earlier run left (nil: there was none), and returns the Summary of
// everything counted: prev's and what the logs gained since. Each file is
// looked at first (ingest.LookAt) and continues the input it is the same
// log as, by the rules of ingest.PlanResume: only the bytes past where that
// input ended are read, and a line still being written is left for the
// next run. Only regular files can be continued; a caller refuses anything
// else first.
//
// Objects (opt.Objects) are not looked at: one prev counted, by its key,
// size and ETag, is not read again, and one that changed under its key is
// an *ObjectChangedError (incremental_objects.go).
//
// prev must have been counted under the Settings of opt, and split by at
// least opt.StatusDims; otherwise Continue reads nothing and returns a
// *StateError.
func Continue(ctx context.Context, paths []string, opt Options, prev *State) (*Summary, error) {
	if prev != nil {
		set := opt.Settings
		set.settle()
		if d, differ := prev.Settings.Diff(set); differ {
			return nil, &StateError{Diff: &d}
		}
		if missing := opt.StatusDims &^ prev.Dims; missing != 0 {
			return nil, &StateError{Missing: missing}
		}
	}
	paths, err := newObjects(paths, opt.Objects, prev)
	if err != nil {
		return nil, err
	}
	looks := make([]ingest.Look, len(paths))
	for i, p := range paths {
		// Tens of thousands of files take a while: a signal is heard
		// between them.
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if opt.Objects.Has(p) {
			looks[i] = ingest.Look{Path: p} // a new object: nothing to continue
			continue
		}
		if looks[i], err = ingest.LookAt(p); err != nil {
			return nil, err
		}
	}
	var ends []ingest.Source
	if prev != nil {
		ends = resumePoints(prev.Inputs)
	}
	opt.Resume = ingest.PlanResume(looks, ends)
	sum, err := Run(ctx, paths, opt)
	if err != nil || prev == nil {
		return sum, err
	}
	// The plan decided which bytes are new, by the rules PlanResume states;
	// Merge's check for inputs that start alike would refuse a new log that
	// begins with the header a counted one began with.
	st, err := Merge([]*State{prev, sum.State()}, MergeOptions{AllowOverlap: true})
	if err != nil {
		return nil, &StateError{Err: err}
	}
	return st.Summary()
}

// ResumeAt returns where a later run continues the input: at the end of
// what was read, with its line count.
func (in Input) ResumeAt() ingest.Source {
	s := in.Source
	s.Offset, s.Lines = s.End, s.Lines+in.Lines.Read
	return s
}

// resumePoints returns where a later run continues each input.
func resumePoints(inputs []Input) []ingest.Source {
	ends := make([]ingest.Source, len(inputs))
	for i, in := range inputs {
		ends[i] = in.ResumeAt()
	}
	return ends
}
