// Package report renders an aggregate.Summary. Renderers only read the
// Summary; they never parse logs. Every string that came from a log (sample
// lines, input names) is hostile and is escaped for the output it goes to:
// JSON gets valid UTF-8 with odd bytes spelled out, Markdown gets code spans
// that nothing can break out of.
package report

import "github.com/slareport/slareport/aggregate"

// Schema names the JSON contract; fields are only ever added to it.
const Schema = "slareport/v1"

// Options say what a report covers besides the Summary itself.
type Options struct {
	// SLO, when set, adds the verdict against this target.
	SLO *aggregate.SLO
	// LatencySLO, when set, adds the latency objective's verdict.
	LatencySLO *LatencySLO
	// Verdict, when set, lists the CI gates and their outcome.
	Verdict *aggregate.Verdict
	// Objectives are the SLOs of SLO files, judged, in their files'
	// order.
	Objectives []aggregate.ObjectiveResult
	// History, when set, adds the period-by-period compliance table.
	History *aggregate.History
	// Compare, when set, adds the comparison with the previous period.
	Compare *aggregate.Comparison
}

// LatencySLO is a latency objective with its budget.
type LatencySLO struct {
	Objective aggregate.LatencyObjective
	Budget    aggregate.Budget
}
