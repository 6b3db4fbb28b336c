package aggregate

import (
	"math"
	"testing"
)

func mustTarget(t *testing.T, s string) Target {
	t.Helper()
	tg, err := ParseTarget(s)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

// TestTargetBudgetShare checks 1 − target against shares written by hand:
// the result must be the float nearest the decimal, not 1 − 0.999 in
// floating point (0.0010000000000000009).
func TestTargetBudgetShare(t *testing.T) {
	cases := []struct {
		target string
		want   float64
	}{
		{"99.9", 0.001},
		{"99", 0.01},
		{"99.95", 0.0005},
		{"99.999", 0.00001},
		{"90", 0.1},
		{"50%", 0.5},
		{"0.5%", 0.995},
	}
	for _, tc := range cases {
		t.Run(tc.target, func(t *testing.T) {
			if got := mustTarget(t, tc.target).BudgetShare(); got != tc.want {
				t.Errorf("BudgetShare() = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestTargetBurnRate checks (bad/total) / (1 − target) against rates
// computed by hand.
func TestTargetBurnRate(t *testing.T) {
	cases := []struct {
		name       string
		bad, total int64
		target     string
		want       float64
		ok         bool
	}{
		{"exactly the budget", 1, 1000, "99.9", 1, true},
		{"five times the budget", 5, 1000, "99.9", 5, true},
		{"ten times the budget", 10, 1000, "99.9", 10, true},
		{"nothing failed", 0, 1000, "99.9", 0, true},
		{"all failed at 99%", 50, 50, "99", 100, true},
		{"half the budget at 99.5%", 1, 400, "99.5", 0.5, true},
		{"no requests is no data", 0, 0, "99.9", 0, false},
		{"14.4 at 99.9", 144, 10000, "99.9", 14.4, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := mustTarget(t, tc.target).BurnRate(tc.bad, tc.total)
			if ok != tc.ok || math.Abs(got-tc.want) > 1e-9 || math.IsNaN(got) || math.IsInf(got, 0) {
				t.Errorf("BurnRate(%d, %d) at %s = %v, %v; want %v, %v", tc.bad, tc.total, tc.target, got, ok, tc.want, tc.ok)
			}
		})
	}
}

// TestBudgetRemainingAfter checks the budget left after some bad events:
// 2,000 requests at 99.9% allow 2 bad ones.
func TestBudgetRemainingAfter(t *testing.T) {
	b := newBudget(mustTarget(t, "99.9"), 2000, 3)
	for _, tc := range []struct {
		bad  int64
		want float64
	}{{0, 1}, {1, 0.5}, {2, 0}, {4, -1}} {
		if got := b.RemainingAfter(tc.bad); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("RemainingAfter(%d) = %v, want %v", tc.bad, got, tc.want)
		}
	}
	if b.Remaining != b.RemainingAfter(b.Bad) {
		t.Errorf("Remaining %v, RemainingAfter(Bad) %v: they must be one formula", b.Remaining, b.RemainingAfter(b.Bad))
	}
}

// TestPageRules checks that the chart's page thresholds are the table's
// page rules, in order.
func TestPageRules(t *testing.T) {
	got := PageRules()
	want := []float64{14.4, 6}
	if len(got) != len(want) {
		t.Fatalf("%d page rules, want %d: %+v", len(got), len(want), got)
	}
	for i, r := range got {
		if r.Severity != "page" || r.Threshold != want[i] || r != AlertRules[i] {
			t.Errorf("page rule %d = %+v, want threshold %v from AlertRules[%d]", i, r, want[i], i)
		}
	}
}
