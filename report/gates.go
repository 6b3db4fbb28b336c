package report

import (
	"fmt"
	"strconv"

	"github.com/slareport/slareport/aggregate"
)

// GateText describes a checked gate in one line, actual against required,
// e.g. "slo failed: availability 99.4995% is below the required 99.9%".
func GateText(g aggregate.Gate) string {
	verdict := "passed"
	if !g.Passed {
		verdict = "failed"
	}
	pct := func(r float64) string { return strconv.FormatFloat(100*r, 'f', -1, 64) + "%" }
	switch g.Name {
	case "min-requests":
		return fmt.Sprintf("insufficient data: %s requests, %s required; no other gate was checked",
			group(int64(g.Actual)), group(int64(g.Required)))
	case "slo":
		if g.NoData {
			return "slo passed: no requests, so none failed"
		}
		return fmt.Sprintf("slo %s: availability %s, required %s", verdict, trimPct(g.Actual), pct(g.Required))
	case "max-burn-rate":
		return fmt.Sprintf("max-burn-rate %s: burn rate %s, allowed at most %s", verdict,
			strconv.FormatFloat(g.Actual, 'f', 2, 64), strconv.FormatFloat(g.Required, 'f', -1, 64))
	case "latency-slo":
		if g.NoData {
			return "latency-slo passed: no request logged a duration"
		}
		return fmt.Sprintf("latency-slo %s: %s of requests under the threshold, required %s", verdict, trimPct(g.Actual), pct(g.Required))
	}
	return g.Name + " " + verdict
}

// trimPct writes a measured ratio as a percentage with four decimals,
// rounded down so that a failing value never prints as the target.
func trimPct(r float64) string {
	const scale = 1e6
	v := float64(int64(r*100*scale)) / scale
	return strconv.FormatFloat(v, 'f', 4, 64) + "%"
}
