package main

import (
	"fmt"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/report"
)

// The verdict of the gates, shared by report and merge: evaluated once for
// the renderers, then told on stderr (and to GitHub) and turned into the
// exit code.

// reportOptions evaluates the objectives the gates name, for the renderers,
// as of now: a window that has not ended yet is judged up to now.
func reportOptions(e *env, sum *aggregate.Summary, g aggregate.Gates) report.Options {
	sum.Now = e.clock()
	var o report.Options
	if g.SLO != nil {
		slo := sum.Evaluate(*g.SLO)
		o.SLO = &slo
	}
	if g.Latency != nil {
		o.LatencySLO = &report.LatencySLO{Objective: *g.Latency, Budget: sum.LatencySLO(*g.Latency)}
	}
	if g.SLO != nil || g.Latency != nil || g.MinRequests > 0 || len(sum.Objectives) > 0 {
		v := sum.Check(g)
		o.Verdict = &v
		// The SLO files' objectives, judged once: each has its gate.
		for _, gt := range v.Gates {
			if gt.Objective != nil {
				o.Objectives = append(o.Objectives, *gt.Objective)
			}
		}
	}
	if o.Objectives == nil && len(sum.Objectives) > 0 {
		o.Objectives = sum.EvaluateObjectives() // no gate checked: too few requests
	}
	return o
}

// judge tells the user which gates failed or passed on no data (stderr,
// and GitHub annotations and step summary when asked) and turns a failure
// into exit 1. The step summary is a copy of the report for the run's
// page: when it cannot be written, that is a warning, and the exit code
// stays the verdict's.
func (c *slaFlags) judge(e *env, sum *aggregate.Summary, ropt report.Options) error {
	v := ropt.Verdict
	if c.GitHub {
		if err := githubSummary(e, sum, ropt); err != nil {
			fmt.Fprintf(e.stderr, "slareport: warning: %v\n", err)
			githubAnnotate(true, e, "warning", err.Error())
		}
	}
	if v == nil {
		return nil
	}
	failed := false
	if v.Insufficient {
		msg := report.GateText(sum, v.Gates[0])
		fmt.Fprintf(e.stderr, "slareport: %s\n", msg)
		if c.FailOnInsufficient {
			failed = true
			githubAnnotate(c.GitHub, e, "error", msg)
		} else {
			githubAnnotate(c.GitHub, e, "notice", msg)
		}
	}
	for _, g := range v.Gates {
		switch {
		case g.Name == "min-requests":
		case !g.Passed:
			failed = true
			msg := report.GateText(sum, g)
			fmt.Fprintf(e.stderr, "slareport: %s\n", msg)
			githubAnnotate(c.GitHub, e, "error", msg)
		case g.NoData:
			// Passed only because --allow-no-data: still say so.
			msg := report.GateText(sum, g)
			fmt.Fprintf(e.stderr, "slareport: %s\n", msg)
			githubAnnotate(c.GitHub, e, "notice", msg)
		}
	}
	if failed {
		return errGateFailed
	}
	return nil
}
