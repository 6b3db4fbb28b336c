package report

import (
	"testing"

	"github.com/slareport/slareport/aggregate"
)

// TestBudgetTimeText checks the budget as outage time, both ways, against
// figures computed by hand: 99.9% over 30 days allows 43.2 minutes.
func TestBudgetTimeText(t *testing.T) {
	const month = 30 * 86400
	tg, _ := aggregate.ParseTarget("99.9")
	for _, tc := range []struct {
		remaining float64
		want      string
	}{
		{0.25, "≈ 11 min of full outage left of the 43 min the budget allows over this 30.0 d window."},
		{-1, "Overspent by ≈ 43 min of full outage: the budget over this 30.0 d window is 43 min."},
	} {
		o := &aggregate.SLO{Budget: aggregate.Budget{Target: tg, Remaining: tc.remaining}, Requests: 1000,
			WindowSeconds: month, BudgetSeconds: month * 0.001}
		if got := budgetTimeText(o); got != tc.want {
			t.Errorf("remaining %v: %q, want %q", tc.remaining, got, tc.want)
		}
	}
}
