package aggregate

// Gates are the conditions a CI job can fail on.
type Gates struct {
	SLO         *Target           // availability ≥ target
	Latency     *LatencyObjective // share of fast requests ≥ target
	MaxBurnRate float64           // availability burn rate ≤ this (0: no gate)
	// MinRequests below which there is too little data to judge: the
	// verdict is "insufficient data" and the other gates are not checked.
	// Zero judged requests are "no data" whatever MinRequests says.
	MinRequests int64
	// AllowNoData lets a gate with nothing to judge pass. By default it
	// fails: a gate never passes on nothing.
	AllowNoData bool
}

// Gate is one checked condition, with the measured and required values.
type Gate struct {
	Name     string // "slo", "latency-slo", "max-burn-rate", "min-requests"
	Passed   bool
	Actual   float64 // ratio, burn rate or count, as Name implies
	Required float64
	// Good of Total are the counts behind a ratio gate's Actual, so that
	// it can be written exactly.
	Good, Total int64
	// NoData: nothing to measure (no judged request, or none with a
	// duration). Such a gate fails unless Gates.AllowNoData.
	NoData bool
	// Objective is the judged SLO of a gate named "slo:NAME", one per
	// SLO of the run's Objectives; nil for the other gates.
	Objective *ObjectiveResult
}

// Verdict is the outcome of all gates.
type Verdict struct {
	Gates        []Gate
	Insufficient bool // fewer requests than MinRequests (but some)
	NoData       bool // some gate had nothing to judge
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

// Check evaluates the gates. A gate with nothing to judge — no judged
// request, or for the latency gate none with a duration — fails with
// NoData set, unless AllowNoData: an empty input, a window the logs do not
// reach or a format without durations must never read as a pass.
func (s *Summary) Check(g Gates) Verdict {
	var v Verdict
	req := s.Judged()
	if g.MinRequests > 0 && req > 0 && req < g.MinRequests {
		v.Insufficient = true
		v.Gates = append(v.Gates, Gate{Name: "min-requests", Actual: float64(req), Required: float64(g.MinRequests)})
		return v
	}
	add := func(gt Gate) {
		if gt.NoData {
			gt.Passed = g.AllowNoData
			v.NoData = true
		}
		v.Gates = append(v.Gates, gt)
	}
	if g.SLO != nil {
		o := s.Evaluate(*g.SLO)
		a, ok := s.Availability()
		add(Gate{Name: "slo", Passed: o.Met, Actual: a, Required: g.SLO.Ratio(), NoData: !ok,
			Good: req - o.Bad, Total: req})
		if g.MaxBurnRate > 0 {
			// Decided exactly; BurnRate is the figure shown.
			passed := !g.SLO.Limit(g.MaxBurnRate).ExceededBy(o.Bad, o.Requests)
			add(Gate{Name: "max-burn-rate", Passed: passed,
				Actual: o.BurnRate, Required: g.MaxBurnRate, NoData: !ok})
		}
	}
	if g.Latency != nil {
		b := s.LatencySLO(*g.Latency)
		a, ok := ratio(s.Fast, s.Timed)
		add(Gate{Name: "latency-slo", Passed: b.Met, Actual: a, Required: g.Latency.Target.Ratio(), NoData: !ok,
			Good: s.Fast, Total: s.Timed})
	}
	for _, r := range s.EvaluateObjectives() {
		gt := Gate{Name: "slo:" + r.Name, Passed: r.Met, Actual: r.Availability, Required: r.Target.Ratio(),
			NoData: r.NoData, Good: r.Good, Total: r.Requests, Objective: &r}
		if sl := r.Slices; sl != nil {
			gt.Good, gt.Total = sl.Good, sl.Total
			gt.Actual, _ = ratio(sl.Good, sl.Total)
		}
		add(gt)
	}
	return v
}
