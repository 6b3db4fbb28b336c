package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/slareport/slareport/aggregate"
)

// TerminalOptions are the settings of the terminal summary.
type TerminalOptions struct {
	Options
	// Color adds ANSI colours. Set it only when the output is a terminal
	// that wants them (not with NO_COLOR).
	Color bool
}

// The only escape sequences the summary writes: SGR colours from this
// list. Text from a log goes through visible, which spells out ESC and
// every other control character, so a log line cannot move the cursor,
// clear the screen or set the window title.
const (
	sgrReset = "\x1b[0m"
	sgrBold  = "\x1b[1m"
	sgrDim   = "\x1b[2m"
	sgrRed   = "\x1b[31m"
	sgrGreen = "\x1b[32m"
	sgrAmber = "\x1b[33m"
)

// termSampleWidth bounds a malformed sample on a terminal line.
const termSampleWidth = 100

// Terminal writes a compact summary for a person at a terminal: the
// verdict first, then what explains it, one fact per line.
func Terminal(w io.Writer, s *aggregate.Summary, opt TerminalOptions) error {
	t := &termWriter{w: bufio.NewWriter(w), color: opt.Color}
	t.title(s)
	t.availability(s, opt.SLO)
	t.slo(s, opt.SLO)
	t.latencySLO(s, opt.LatencySLO)
	t.objectives(opt.Objectives)
	t.requests(s)
	t.filters(s)
	t.latency(s.Latency)
	t.worst(s)
	t.endpoints(s.Endpoints)
	if line := BotLine(s); line != "" {
		t.fact("Robots", line)
	}
	if line := FailingLine(s); line != "" {
		t.fact("Failing", line)
	}
	t.malformed(s)
	t.sources(s.Inputs)
	t.compare(s, opt.Compare)
	t.line(t.paint(sgrDim, "Full report: add -o report.html (or -o report.md, -o report.json)"))
	return t.w.Flush()
}

// title names the report and its period on the report zone's clock.
func (t *termWriter) title(s *aggregate.Summary) {
	title := "SLA report"
	if s.Span.Valid {
		const layout = "2006-01-02 15:04 MST"
		title += " · " + localTime(s.Span.First, s, layout) + " → " + localTime(s.Span.Last, s, layout)
	}
	t.line(t.paint(sgrBold, title))
}

// availability writes the headline figure, coloured by the SLO's verdict
// when there is one, and the requests left out of it.
func (t *termWriter) availability(s *aggregate.Summary, o *aggregate.SLO) {
	req, bad, judged := s.Requests(), s.Bad(), s.Judged()
	avail := "no data (no requests)"
	tone := ""
	switch {
	case judged > 0:
		avail = availabilityText(judged-bad, judged)
		tone = sgrGreen
		if bad > 0 {
			tone = sgrAmber
		}
	case req > 0:
		avail = "no data (no request had a valid status)"
	}
	if o != nil && judged > 0 {
		tone = map[bool]string{true: sgrGreen, false: sgrRed}[o.Met]
	}
	detail := ""
	if judged > 0 {
		detail = t.paint(sgrDim, fmt.Sprintf("  %s of %s requests bad (%s)", group(bad), group(judged), s.Rule))
	}
	t.fact("Availability", t.paint(sgrBold+tone, avail)+detail)
	if u := unjudgedText(s); u != "" {
		t.fact("Not judged", t.paint(sgrAmber, u))
	}
}

// slo writes the SLO's verdict with its budget and burn rate, and a line
// per alert rule that fired.
func (t *termWriter) slo(s *aggregate.Summary, o *aggregate.SLO) {
	if o == nil {
		return
	}
	v := t.verdict(o.Budget, s, false)
	if !o.NoData {
		v += fmt.Sprintf(" · budget %s left · burn rate %s×", remainingText(o.Remaining),
			strconv.FormatFloat(o.BurnRate, 'f', 2, 64))
	}
	t.fact("SLO "+o.Target.String(), v)
	for _, a := range o.Alerts {
		if a.Fired {
			state := alertText(a, s, "Jan 2 15:04")
			t.fact("Alert", fmt.Sprintf("%s %s/%s over %s×: %s", a.Rule.Severity, duration(a.Rule.Long),
				duration(a.Rule.Short), strconv.FormatFloat(a.Rule.Threshold, 'f', -1, 64),
				t.paint(map[bool]string{true: sgrRed, false: sgrAmber}[a.Firing], state)))
		}
	}
}

// latencySLO writes the latency objective's verdict.
func (t *termWriter) latencySLO(s *aggregate.Summary, l *LatencySLO) {
	if l != nil {
		t.fact("Latency SLO", l.Objective.String()+" "+t.verdict(l.Budget, s, true))
	}
}

// verdict paints a budget's verdict: met, breached, or no data with why.
func (t *termWriter) verdict(b aggregate.Budget, s *aggregate.Summary, latency bool) string {
	switch {
	case b.NoData:
		return t.paint(sgrRed+sgrBold, "no data") + " · " + noDataText(s, latency)
	case b.Met:
		return t.paint(sgrGreen, "met")
	}
	return t.paint(sgrRed+sgrBold, "breached")
}

// requests counts the requests by class, leaving out empty classes.
func (t *termWriter) requests(s *aggregate.Summary) {
	parts := []string{group(s.Requests())}
	for i, n := range s.Classes() {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%dxx %s", i+1, group(n)))
		}
	}
	if inv := s.Invalid(); inv > 0 {
		parts = append(parts, "invalid "+group(inv))
	}
	t.fact("Requests", strings.Join(parts, " · "))
}

// filters writes what narrowed the figures: the window and the request
// filter, the lines they filtered out, and requests stamped far from the
// rest.
func (t *termWriter) filters(s *aggregate.Summary) {
	if w := s.Window; w.Active() {
		t.fact("Window", windowText(w, s.Zone))
	}
	if !s.Filter.Empty() {
		t.fact("Filter", visible([]byte(s.Filter.String())))
	}
	if s.Lines.Filtered > 0 {
		f := group(s.Lines.Filtered) + " of " + plural(s.Lines.Read, "line") + ": " + reasonsText(s.Filtered)
		if s.Lines.Filtered == s.Lines.Read {
			f = t.paint(sgrAmber, "every line: ") + f
		}
		t.fact("Filtered", f)
	}
	for _, o := range s.Outliers {
		t.fact("Far outliers", t.paint(sgrAmber, outlierText(o, s)))
	}
}

// latency writes the main quantiles of the logged durations.
func (t *termWriter) latency(q *aggregate.Quantiles) {
	if q != nil {
		t.fact("Latency", "p50 "+seconds(q.P50)+" · p95 "+seconds(q.P95)+" · p99 "+seconds(q.P99))
	}
}

// worst names the three buckets with the lowest availability.
func (t *termWriter) worst(s *aggregate.Summary) {
	hit := worstBuckets(s, 3)
	if len(hit) == 0 {
		return
	}
	var hs []string
	for _, b := range hit {
		hs = append(hs, localTime(b.Start, s, "2006-01-02 15:04")+" "+availabilityText(b.Judged()-b.Bad, b.Judged()))
	}
	t.fact("Worst", strings.Join(hs, " · "))
}

// endpoints names the first three endpoints with bad requests.
func (t *termWriter) endpoints(b aggregate.Breakdown) {
	for i, k := range b.Keys {
		if i == 3 || k.Bad == 0 {
			break
		}
		t.fact(map[bool]string{true: "Endpoints", false: ""}[i == 0],
			fmt.Sprintf("%s %s bad of %s", cut(visible([]byte(k.Key)), 60), group(k.Bad), group(k.Requests)))
	}
}

// malformed counts the lines that did not parse by reason and quotes the
// first three, each cut to termSampleWidth.
func (t *termWriter) malformed(s *aggregate.Summary) {
	if s.Lines.Malformed == 0 {
		return
	}
	var rs []string
	for _, r := range byCount(s.Malformed) {
		rs = append(rs, visible([]byte(r))+" "+group(s.Malformed[r]))
	}
	t.fact("Malformed", t.paint(sgrAmber, group(s.Lines.Malformed))+" of "+group(s.Lines.Read)+" lines: "+strings.Join(rs, ", "))
	for i, smp := range s.Samples {
		if i == 3 {
			break
		}
		t.line("  " + t.paint(sgrDim, cut(visible([]byte(smp.Input)), 40)+":"+strconv.FormatInt(smp.Line, 10)) +
			" " + cut(visible(smp.Text), termSampleWidth))
	}
}

// sources names the first five inputs with how each was read.
func (t *termWriter) sources(ins []aggregate.Input) {
	for i, in := range ins {
		if i == 5 {
			t.fact("", fmt.Sprintf("… and %d more", len(ins)-5))
			break
		}
		t.fact(map[bool]string{true: "Sources", false: ""}[i == 0], fmt.Sprintf("%s %s",
			cut(visible([]byte(in.Name)), 60), t.paint(sgrDim, fmt.Sprintf("(%s, %s %s, %s)",
				strings.Replace(in.Compression, "none", "plain", 1), visible([]byte(in.Format)), formatHow(in), plural(in.Lines.Read, "line")))))
	}
}

type termWriter struct {
	w     *bufio.Writer
	color bool
}

func (t *termWriter) paint(sgr, s string) string {
	if !t.color || sgr == "" {
		return s
	}
	return sgr + s + sgrReset
}

func (t *termWriter) line(s string) {
	t.w.WriteString(s)
	t.w.WriteByte('\n')
}

// fact writes a label padded to a column, then the value.
func (t *termWriter) fact(label, value string) {
	const col = 14
	pad := col - len([]rune(label))
	if pad < 1 {
		pad = 1
	}
	t.line(t.paint(sgrDim, label) + strings.Repeat(" ", pad) + value)
}

// alertText describes an alert that fired: "firing since May 18 03:06 (15
// min)" or "fired 15 min from May 18 03:06, not firing now". The time is
// the end of the first minute at whose end the rule fired.
func alertText(a aggregate.AlertState, s *aggregate.Summary, layout string) string {
	first := localTime(a.FirstFired, s, layout)
	mins := humanDuration(float64(a.MinutesFired * 60))
	if a.Firing {
		return fmt.Sprintf("firing since %s (%s in all)", first, mins)
	}
	return fmt.Sprintf("fired %s from %s, not firing now", mins, first)
}
