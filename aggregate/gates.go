package aggregate

// Gates are the conditions a CI job can fail on.
type Gates struct {
	SLO         *Target           // availability ≥ target
	Latency     *LatencyObjective // share of fast requests ≥ target
	MaxBurnRate float64           // availability burn rate ≤ this (0: no gate)
	// MinRequests below which there is too little data to judge: the
	// verdict is "insufficient data" and the other gates are not checked.
	MinRequests int64
}

// Gate is one checked condition, with the measured and required values.
type Gate struct {
	Name     string // "slo", "latency-slo", "max-burn-rate", "min-requests"
	Passed   bool
	Actual   float64 // ratio, burn rate or count, as Name implies
	Required float64
	NoData   bool // nothing to measure (no requests, or none with a duration)
}

// Verdict is the outcome of all gates.
type Verdict struct {
	Gates        []Gate
	Insufficient bool // fewer requests than MinRequests
}

// Failed returns the gates that did not pass.
func (v Verdict) Failed() []Gate {
	var out []Gate
	for _, g := range v.Gates {
		if !g.Passed {
			out = append(out, g)
		}
	}
	return out
}

// Check evaluates the gates. With no requests (or no durations for the
// latency gate) a gate passes with NoData set: nothing failed, and the
// min-requests gate is the way to demand traffic.
func (s *Summary) Check(g Gates) Verdict {
	var v Verdict
	req := s.Requests()
	if g.MinRequests > 0 && req < g.MinRequests {
		v.Insufficient = true
		v.Gates = append(v.Gates, Gate{Name: "min-requests", Actual: float64(req), Required: float64(g.MinRequests)})
		return v
	}
	if g.SLO != nil {
		o := s.Evaluate(*g.SLO)
		a, ok := s.Availability()
		v.Gates = append(v.Gates, Gate{Name: "slo", Passed: o.Met, Actual: a, Required: g.SLO.Ratio(), NoData: !ok})
		if g.MaxBurnRate > 0 {
			v.Gates = append(v.Gates, Gate{Name: "max-burn-rate", Passed: o.BurnRate <= g.MaxBurnRate,
				Actual: o.BurnRate, Required: g.MaxBurnRate, NoData: !ok})
		}
	}
	if g.Latency != nil {
		b := s.LatencySLO(*g.Latency)
		a, ok := ratio(s.Fast, s.Timed)
		v.Gates = append(v.Gates, Gate{Name: "latency-slo", Passed: b.Met, Actual: a, Required: g.Latency.Target.Ratio(), NoData: !ok})
	}
	return v
}
