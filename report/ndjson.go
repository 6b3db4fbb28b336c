package report

// The report as one line of NDJSON, for a follow run whose standard output
// is a pipe: a consumer reads a line per interval, each a whole report.

import (
	"encoding/json"
	"io"
	"time"

	"github.com/slareport/slareport/aggregate"
)

// jsonLine is the slareport/v1 report with the time it was made.
type jsonLine struct {
	jsonReport
	At string `json:"at"`
}

// JSONLine writes the report (schema slareport/v1, plus "at": when it was
// made, RFC 3339 in UTC) on one line, ending in a newline: one line per
// interval of a follow run makes NDJSON.
func JSONLine(w io.Writer, s *aggregate.Summary, opt Options, at time.Time) error {
	return json.NewEncoder(w).Encode(jsonLine{jsonReportOf(s, opt), at.UTC().Format(time.RFC3339)})
}

// jsonEvent is an alert event as a hook receives it.
type jsonEvent struct {
	SLO       string   `json:"slo"`
	Kind      string   `json:"kind"`
	Severity  string   `json:"severity"`
	Long      string   `json:"long_window"`
	Short     string   `json:"short_window"`
	Threshold float64  `json:"threshold"`
	Firing    bool     `json:"firing"`
	LongBurn  float64  `json:"long_burn_rate"`
	ShortBurn float64  `json:"short_burn_rate"`
	Remaining *float64 `json:"budget_remaining"`
	At        string   `json:"at"`
}

// AlertEventJSON is the event as one JSON object, for --alert-exec's
// standard input and --alert-webhook's body: slo, kind ("burn_rate" or
// "budget"), severity, long_window, short_window, threshold, firing,
// long_burn_rate, short_burn_rate, budget_remaining and at. A budget
// event's severity is "budget", its threshold the level crossed (0.5,
// 0.25, 0) and its windows empty.
func AlertEventJSON(ev aggregate.AlertEvent) ([]byte, error) {
	j := jsonEvent{SLO: visible([]byte(ev.SLO)), Kind: ev.Kind, Firing: ev.Firing, At: ev.At.UTC().Format(time.RFC3339)}
	switch ev.Kind {
	case aggregate.EventBurnRate:
		j.Severity, j.Long, j.Short, j.Threshold = ev.Rule.Severity, duration(ev.Rule.Long), duration(ev.Rule.Short), ev.Rule.Threshold
		j.LongBurn, j.ShortBurn = finite(ev.LongBurn), finite(ev.ShortBurn)
	default:
		j.Severity, j.Threshold = "budget", ev.Level
	}
	if r := finite(ev.Remaining); r == ev.Remaining {
		j.Remaining = &r
	}
	return json.Marshal(j)
}

// finite is v, or 0 for NaN and the infinities JSON cannot hold.
func finite(v float64) float64 {
	if v != v || v > 1e308 || v < -1e308 {
		return 0
	}
	return v
}
