package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/slareport/slareport/aggregate"
)

// The comparison with the previous period (--compare), in every format.
// Its rows are listed once, in compareRows; JSON has its own field names,
// which are a contract.

type jsonCompare struct {
	Previous            jsonPrevious      `json:"previous"`
	DeltaAvailability   *float64          `json:"delta_availability"`
	DeltaRequests       int64             `json:"delta_requests"`
	NewFailingEndpoints []string          `json:"new_failing_endpoints"`
	NewFailingClients   []string          `json:"new_failing_clients"` // null: unknown
	LatencyDelta        *jsonLatencyDelta `json:"latency_delta"`
}

type jsonPrevious struct {
	Start        *string  `json:"start"`
	End          *string  `json:"end"`
	Requests     int64    `json:"requests"`
	Bad          int64    `json:"bad"`
	Availability *float64 `json:"availability"`
}

type jsonLatencyDelta struct {
	P50 float64 `json:"p50"`
	P99 float64 `json:"p99"`
}

func compareJSON(c *aggregate.Comparison) *jsonCompare {
	if c == nil {
		return nil
	}
	p := c.Previous
	j := &jsonCompare{
		Previous:          jsonPrevious{Requests: p.Requests, Bad: p.Bad, Availability: optRatio(p.Availability, p.HasAvailability)},
		DeltaAvailability: c.DeltaAvailability, DeltaRequests: c.DeltaRequests, NewFailingEndpoints: []string{},
	}
	if p.End > p.Start {
		j.Previous.Start, j.Previous.End = optString(timeRFC3339(p.Start)), optString(timeRFC3339(p.End))
	}
	for _, e := range c.NewFailingEndpoints {
		j.NewFailingEndpoints = append(j.NewFailingEndpoints, visible([]byte(e)))
	}
	if c.NewFailingClients != nil {
		j.NewFailingClients = []string{}
		for _, k := range c.NewFailingClients {
			j.NewFailingClients = append(j.NewFailingClients, visible([]byte(k)))
		}
	}
	if d := c.LatencyDelta; d != nil {
		j.LatencyDelta = &jsonLatencyDelta{P50: d.P50, P99: d.P99}
	}
	return j
}

// compareRow is one line of the comparison: a label and its text. Keys
// holds the new failing endpoints or clients instead, log-borne text each
// output escapes its way.
type compareRow struct {
	Label, Text string
	Keys        []string
}

// compareRows are the comparison's lines, the same in every format.
func compareRows(s *aggregate.Summary, c *aggregate.Comparison) []compareRow {
	p := c.Previous
	period := "no requests, no window"
	if p.End > p.Start {
		const layout = "2006-01-02 15:04"
		period = localTime(p.Start, s, layout) + " → " + localTime(p.End, s, layout) + " " + zoneLabel(s)
	}
	rows := []compareRow{
		{Label: "Previous period", Text: period},
		{Label: "Requests", Text: group(p.Requests) + " before, " + group(s.Requests()) + " now (" + signedCount(c.DeltaRequests) + ")"},
	}
	avail := "n/a before"
	if p.HasAvailability {
		avail = percentFloor(p.Requests-p.Bad, p.Requests, 3) + " before"
		if d := c.DeltaAvailability; d != nil {
			avail = percentFloor(s.Judged()-s.Bad(), s.Judged(), 3) + " now, " + avail + " (" + signedPoints(*d) + ")"
		}
	}
	rows = append(rows, compareRow{Label: "Availability", Text: avail}, compareRow{Label: "Bad requests", Text: group(p.Bad) + " before, " + group(s.Bad()) + " now"})
	if d := c.LatencyDelta; d != nil {
		rows = append(rows, compareRow{Label: "Latency", Text: "p50 " + signedSeconds(d.P50) + " · p99 " + signedSeconds(d.P99)})
	}
	rows = append(rows, keysRow("New failing", c.NewFailingEndpoints))
	if c.NewFailingClients != nil {
		rows = append(rows, keysRow("New failing clients", c.NewFailingClients))
	}
	return rows
}

// keysRow is a row of new failing keys, or "none".
func keysRow(label string, keys []string) compareRow {
	if len(keys) == 0 {
		return compareRow{Label: label, Text: "none"}
	}
	return compareRow{Label: label, Keys: keys}
}

func signedCount(n int64) string {
	if n >= 0 {
		return "+" + group(n)
	}
	return "−" + group(-n)
}

// signedPoints writes an availability change in percentage points.
func signedPoints(d float64) string {
	v := strconv.FormatFloat(100*d, 'f', 3, 64)
	if d >= 0 {
		return "+" + v + " points"
	}
	return strings.Replace(v, "-", "−", 1) + " points"
}

func signedSeconds(d float64) string {
	if d < 0 {
		return "−" + seconds(-d)
	}
	return "+" + seconds(d)
}

// markdownCompare writes the comparison section of the Markdown report.
func markdownCompare(w io.Writer, s *aggregate.Summary, c *aggregate.Comparison) error {
	var b strings.Builder
	b.WriteString("\n## Compared with the previous period\n\n| | |\n|---|---|\n")
	for _, r := range compareRows(s, c) {
		text := r.Text
		if len(r.Keys) > 0 {
			var codes []string
			for _, e := range r.Keys {
				codes = append(codes, mdCode(e, true))
			}
			text = strings.Join(codes, ", ")
		}
		fmt.Fprintf(&b, "| %s | %s |\n", r.Label, text)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// compare writes the comparison lines of the terminal summary.
func (t *termWriter) compare(s *aggregate.Summary, c *aggregate.Comparison) {
	if c == nil {
		return
	}
	for _, r := range compareRows(s, c) {
		text := r.Text
		if len(r.Keys) > 0 {
			var names []string
			for _, e := range r.Keys {
				names = append(names, cut(visible([]byte(e)), 60))
			}
			text = strings.Join(names, ", ")
		}
		t.fact(r.Label, text)
	}
}
