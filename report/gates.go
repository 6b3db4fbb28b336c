package report

import (
	"fmt"
	"strconv"

	"github.com/slareport/slareport/aggregate"
)

// GateText describes a checked gate in one line, actual against required,
// e.g. "slo failed: availability 99.4994%, required 99.9%". A gate with no
// data says why there was none; an availability gate also says how many
// requests were left out for want of a valid status.
func GateText(s *aggregate.Summary, g aggregate.Gate) string {
	if g.Objective != nil {
		return objectiveGateText(s, g)
	}
	verdict := "passed"
	if !g.Passed {
		verdict = "failed"
	}
	pct := func(r float64) string { return strconv.FormatFloat(100*r, 'f', -1, 64) + "%" }
	if g.NoData {
		how := "no data"
		if g.Passed {
			how = "no data, allowed by --allow-no-data"
		}
		return fmt.Sprintf("%s %s: %s: %s", g.Name, verdict, how, noDataText(s, g.Name == "latency-slo"))
	}
	var txt string
	switch g.Name {
	case "min-requests":
		return fmt.Sprintf("insufficient data: %s requests, %s required; no other gate was checked",
			group(int64(g.Actual)), group(int64(g.Required)))
	case "slo":
		txt = fmt.Sprintf("slo %s: availability %s, required %s", verdict,
			availabilityText(g.Good, g.Total), pct(g.Required))
	case "max-burn-rate":
		txt = fmt.Sprintf("max-burn-rate %s: burn rate %s, allowed at most %s", verdict,
			strconv.FormatFloat(g.Actual, 'f', 2, 64), strconv.FormatFloat(g.Required, 'f', -1, 64))
	case "latency-slo":
		return fmt.Sprintf("latency-slo %s: %s of requests under the threshold, required %s", verdict,
			availabilityText(g.Good, g.Total), pct(g.Required))
	default:
		return g.Name + " " + verdict
	}
	if u := unjudgedText(s); u != "" {
		txt += "; " + u
	}
	return txt
}
