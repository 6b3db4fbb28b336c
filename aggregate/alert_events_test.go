package aggregate

import (
	"testing"
	"time"
)

// TestAlertWatch reports each change once: a rule starting and stopping,
// the budget falling through two levels and climbing back over one.
func TestAlertWatch(t *testing.T) {
	var w AlertWatch
	at := time.Unix(1_800_000_000, 0)
	page := AlertRules[0]
	state := func(firing bool, remaining float64) []Judged {
		return []Judged{{SLO: "api", Alerts: []AlertState{{Rule: page, Firing: firing, LongBurn: 20, ShortBurn: 30}},
			Remaining: remaining, HasBudget: true}}
	}
	steps := []struct {
		firing    bool
		remaining float64
		want      []string
	}{
		{false, 0.9, nil},
		{true, 0.4, []string{"burn_rate 14.4 true", "budget 0.5 true"}},
		{true, 0.4, nil},
		{true, -0.1, []string{"budget 0.25 true", "budget 0 true"}},
		{false, 0.3, []string{"burn_rate 14.4 false", "budget 0.25 false", "budget 0 false"}},
	}
	for i, s := range steps {
		var got []string
		for _, ev := range w.Update(state(s.firing, s.remaining), at) {
			v := ev.Level
			if ev.Kind == EventBurnRate {
				v = ev.Rule.Threshold
			}
			got = append(got, ev.Kind+" "+ftoa(v)+" "+map[bool]string{true: "true", false: "false"}[ev.Firing])
		}
		if len(got) != len(s.want) {
			t.Fatalf("step %d: events %q, want %q", i, got, s.want)
		}
		for k := range got {
			if got[k] != s.want[k] {
				t.Fatalf("step %d: events %q, want %q", i, got, s.want)
			}
		}
	}
	// No data is no budget: nothing to cross.
	if evs := (&AlertWatch{}).Update([]Judged{{SLO: "x", Remaining: 1}}, at); len(evs) != 0 {
		t.Errorf("events without data: %+v", evs)
	}
}

func ftoa(v float64) string {
	switch v {
	case 14.4:
		return "14.4"
	case 0.5:
		return "0.5"
	case 0.25:
		return "0.25"
	case 0:
		return "0"
	}
	return "?"
}
