package aggregate

import (
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"strings"
)

// Target is an SLO availability target, held exactly in parts per billion
// so that "99.9" means 999,000,000/10⁹ and the met/breached verdict never
// depends on floating-point rounding.
type Target struct {
	ppb uint64
}

const billion = 1_000_000_000

// ParseTarget reads a percentage such as "99.9" or "99.95%". It must lie
// strictly between 0 and 100: a 100% target leaves no error budget to divide
// by, and 0% is no objective.
func ParseTarget(s string) (Target, error) {
	v := strings.TrimSuffix(strings.TrimSpace(s), "%")
	p, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(p) || math.IsInf(p, 0) {
		return Target{}, fmt.Errorf("SLO %q is not a percentage like 99.9", s)
	}
	ppb := math.Round(p * 1e7)
	if ppb <= 0 || ppb >= billion {
		return Target{}, fmt.Errorf("SLO %q must lie strictly between 0 and 100 percent", s)
	}
	return Target{ppb: uint64(ppb)}, nil
}

// Ratio returns the target as a ratio, e.g. 0.999.
func (t Target) Ratio() float64 { return float64(t.ppb) / billion }

// IsZero reports whether no target was set.
func (t Target) IsZero() bool { return t.ppb == 0 }

// String returns the target as a percentage, e.g. "99.9%".
func (t Target) String() string {
	return strconv.FormatFloat(float64(t.ppb)/1e7, 'f', -1, 64) + "%"
}

// SLO is the verdict of a Summary against a Target.
type SLO struct {
	Target   Target
	Met      bool
	Requests int64
	Bad      int64 // requests that count against the SLO (5xx)

	// Allowed is the number of bad requests the target permits:
	// (1 − target) × requests.
	Allowed float64
	// Remaining is the share of the error budget left: 1 − Bad/Allowed.
	// It is negative when the budget is overspent, and 1 when there were no
	// requests.
	Remaining float64
	// BurnRate is how fast the budget burns: (Bad/Requests)/(1 − target);
	// 1 spends exactly the budget, 0 when there were no requests.
	BurnRate float64
}

// Evaluate judges the summary against t. With no requests the SLO is met
// (nothing failed) and the renderers say there was no data.
func (s *Summary) Evaluate(t Target) SLO {
	req, bad := s.Requests(), s.Bad()
	o := SLO{Target: t, Requests: req, Bad: bad, Remaining: 1}
	o.Met = meets(req-bad, req, t.ppb)
	if req > 0 {
		// Products of whole numbers first, one division last: 1 − 0.999
		// in floating point is 0.0010000000000000009, and the JSON would
		// show it.
		budgetPPB := float64(billion - t.ppb) // > 0: ParseTarget refuses 100%
		o.Allowed = budgetPPB * float64(req) / billion
		o.Remaining = 1 - float64(bad)/o.Allowed
		o.BurnRate = float64(bad) * billion / (float64(req) * budgetPPB)
	}
	return o
}

// meets reports good/total ≥ ppb/10⁹ exactly, as good·10⁹ ≥ ppb·total in
// 128-bit arithmetic.
func meets(good, total int64, ppb uint64) bool {
	if total <= 0 {
		return true
	}
	gh, gl := bits.Mul64(uint64(good), billion)
	th, tl := bits.Mul64(uint64(total), ppb)
	return gh > th || (gh == th && gl >= tl)
}
