package slasum

import (
	"bytes"
	"reflect"
	"testing"
	"time"

	"github.com/slareport/slareport/aggregate"
)

// TestObjectivesRoundTrip: a state with objectives, grouped and not,
// reads back as written, as a version 4 file, and the merge judges it.
func TestObjectivesRoundTrip(t *testing.T) {
	bad, _ := aggregate.ParseBadRule("5xx", "")
	target, _ := aggregate.ParseTarget("99")
	w := aggregate.ObjectiveWindow{Start: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 5, 2, 0, 0, 0, 0, time.UTC), Length: "1d"}
	list := []aggregate.Objective{
		{Name: "all", Target: target, Status: bad, Window: w},
		{Name: "hosts", Target: target, Status: bad, Window: w, GroupBy: aggregate.GroupHost},
		{Name: "paths", Target: target, Status: bad, Window: w, GroupBy: aggregate.GroupEndpoint, Total: aggregate.SelectorSpec{Paths: []string{"/p/**"}}},
	}
	st := testStateN(t, 5000, aggregate.Options{Objectives: list, ObjectivesPrint: "sha256:test"})
	if len(st.Objectives) != 3 || len(st.Objectives[1].Groups) != 3 || len(st.Objectives[0].Minutes) == 0 {
		t.Fatalf("objectives %+v", st.Objectives)
	}
	back, data := roundTrip(t, st)
	if _, info, err := ReadInfo(bytes.NewReader(data)); err != nil || info.Version != Version {
		t.Fatalf("info %+v, %v", info, err)
	}
	if back.ObjectivesPrint != st.ObjectivesPrint || back.ObjectivesSeen != st.ObjectivesSeen || len(back.Objectives) != len(st.Objectives) {
		t.Fatalf("read back %q %+v, written %q %+v", back.ObjectivesPrint, back.ObjectivesSeen, st.ObjectivesPrint, st.ObjectivesSeen)
	}
	for i := range st.Objectives {
		a, b := back.Objectives[i], st.Objectives[i]
		if a.Name != b.Name || a.Start != b.Start || a.End != b.End || a.Other != b.Other || a.GroupsLimit != b.GroupsLimit ||
			!reflect.DeepEqual(a.Minutes, b.Minutes) || len(a.Groups) != len(b.Groups) || (len(a.Groups) > 0 && !reflect.DeepEqual(a.Groups, b.Groups)) {
			t.Errorf("objective %s reads back other than written: %d minutes and %d groups, other %+v; wrote %d, %d, %+v",
				b.Name, len(a.Minutes), len(a.Groups), a.Other, len(b.Minutes), len(b.Groups), b.Other)
		}
	}
	merged, err := aggregate.Merge([]*aggregate.State{back}, aggregate.MergeOptions{Objectives: list, Print: "sha256:test"})
	if err != nil {
		t.Fatal(err)
	}
	s, err := merged.Summary()
	if err != nil {
		t.Fatal(err)
	}
	var requests int64
	for _, m := range st.Objectives[0].Minutes {
		requests += m.Requests
	}
	if r := s.Objectives[0].Evaluate(time.Time{}); r.Requests != requests || requests == 0 {
		t.Errorf("merged: %d requests, saved %d", r.Requests, requests)
	}
	// Counts no run makes are refused by the merge.
	back.Objectives[0].Minutes[0].Bad = back.Objectives[0].Minutes[0].Requests + 1
	if _, err := aggregate.Merge([]*aggregate.State{back}, aggregate.MergeOptions{Objectives: list, Print: "sha256:test"}); err == nil {
		t.Error("a minute with more bad requests than requests was merged")
	}
}
