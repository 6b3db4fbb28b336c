// Package board draws the live SLO board of a follow run on a terminal:
// availability and bad requests over the last 5 minutes, the last hour
// and the window, each SLO's budget left and burn rates (firing rules
// highlighted), latency, what failed lately, the reading rate and the
// malformed lines. It only reads a Summary and the options the command
// evaluated: the figures are aggregate's, never computed here.
//
// The board runs on Bubble Tea (program.go); where the terminal cannot
// move its cursor (TERM=dumb) the command prints Text at every interval
// instead.
package board

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/report"
)

// Snapshot is one state of the board: plain data, made in the follow
// loop from the Summary of the moment, so that the drawing goroutine
// shares nothing with the counting.
type Snapshot struct {
	At     time.Time
	Inputs int
	Spans  []Span // the last 5 minutes, the last hour, the window
	SLOs   []SLO
	P50    string // "" when no request logged a duration
	P99    string
	// Codes, Endpoints and Clients failing in the lines read lately.
	Recent    time.Duration
	Codes     []aggregate.RecentCount
	Endpoints []aggregate.RecentCount
	Clients   []aggregate.RecentCount
	LinesPerS float64
	Malformed int64
	Read      int64
}

// Span is the requests of a stretch of time.
type Span struct {
	Label         string
	Requests, Bad int64
}

// SLO is one objective's state: its budget and its burn-rate rules.
type SLO struct {
	Name      string
	Target    string
	Remaining float64 // share of the budget left
	NoData    bool
	Rules     []aggregate.AlertState
}

// NewSnapshot reads the board's figures from the Summary judged at at,
// its evaluated options and what was read lately.
func NewSnapshot(s *aggregate.Summary, opt report.Options, recent aggregate.Recent, at time.Time) Snapshot {
	snap := Snapshot{At: at, Inputs: len(s.Inputs), Malformed: s.Lines.Malformed, Read: s.Lines.Read,
		Recent: recent.Span, Codes: recent.Codes, Endpoints: recent.Endpoints, Clients: recent.Clients}
	if recent.Span > 0 {
		snap.LinesPerS = float64(recent.Lines) / recent.Span.Seconds()
	}
	for _, w := range []struct {
		label string
		d     time.Duration
	}{{"last 5 m", 5 * time.Minute}, {"last 1 h", time.Hour}} {
		sp := Span{Label: w.label}
		from := at.Add(-w.d).Unix()
		for _, m := range s.Minutes {
			if m.Start+60 > from && m.Start <= at.Unix() {
				sp.Requests += m.Judged()
				sp.Bad += m.Bad
			}
		}
		snap.Spans = append(snap.Spans, sp)
	}
	snap.Spans = append(snap.Spans, Span{Label: "window", Requests: s.Judged(), Bad: s.Bad()})
	if o := opt.SLO; o != nil {
		snap.SLOs = append(snap.SLOs, SLO{Name: "availability", Target: o.Target.String(), Remaining: o.Remaining, NoData: o.NoData, Rules: o.Alerts})
	}
	for _, o := range opt.Objectives {
		snap.SLOs = append(snap.SLOs, SLO{Name: o.Name, Target: o.Target.String(), Remaining: o.Budget.Remaining, NoData: o.NoData, Rules: o.Alerts})
	}
	if q := s.Latency; q != nil {
		snap.P50, snap.P99 = seconds(q.P50), seconds(q.P99)
	}
	return snap
}

// seconds writes a duration in seconds the way people read latency.
func seconds(v float64) string {
	if v < 1 {
		return strconv.FormatFloat(v*1000, 'f', 0, 64) + " ms"
	}
	return strconv.FormatFloat(v, 'f', 2, 64) + " s"
}

// Style marks parts of the board; the plain style marks nothing.
type Style struct {
	Title, Bad, Firing, Dim func(string) string
}

// Plain is the style of a terminal without colours.
var Plain = Style{Title: same, Bad: same, Firing: same, Dim: same}

func same(s string) string { return s }

// Text draws the board for a terminal width columns wide: narrower than
// 80, each SLO takes one line of its firing rules instead of a table.
func Text(snap Snapshot, width int, st Style, paused bool) string {
	var b strings.Builder
	title := fmt.Sprintf("slareport --follow · %d %s · %s", snap.Inputs, plural(snap.Inputs, "file"), snap.At.UTC().Format("2006-01-02 15:04:05 UTC"))
	if paused {
		title = "PAUSED · " + title
	}
	b.WriteString(st.Title(title) + "\n\n")
	writeSpans(&b, snap, st, width >= 60)
	if len(snap.SLOs) > 0 {
		b.WriteString("\n")
		if width >= 80 {
			writeSLOTable(&b, snap.SLOs, st)
		} else {
			writeSLOLines(&b, snap.SLOs, st)
		}
	}
	b.WriteString("\n")
	if snap.P50 != "" {
		fmt.Fprintf(&b, "latency     p50 %s · p99 %s\n", snap.P50, snap.P99)
	}
	writeFailing(&b, "codes", snap.Codes, st)
	writeFailing(&b, "endpoints", snap.Endpoints, st)
	writeFailing(&b, "clients", snap.Clients, st)
	fmt.Fprintf(&b, "reading     %.1f lines/s · %s lines read · %s malformed\n", snap.LinesPerS, group(snap.Read), group(snap.Malformed))
	b.WriteString("\n" + st.Dim("q quit · p pause") + "\n")
	return clip(b.String(), width)
}

func writeSpans(b *strings.Builder, snap Snapshot, st Style, wide bool) {
	layout, head := "%-10s %14s %s %14s\n", "availability"
	if !wide {
		layout, head = "%-9s %10s %s %9s\n", "avail."
	}
	fmt.Fprintf(b, layout, "", "requests", fmt.Sprintf("%10s", "bad"), head)
	for _, sp := range snap.Spans {
		avail := "no data"
		if sp.Requests > 0 {
			avail = strconv.FormatFloat(100*float64(sp.Requests-sp.Bad)/float64(sp.Requests), 'f', 3, 64) + "%"
		}
		bad := fmt.Sprintf("%10s", group(sp.Bad))
		if sp.Bad > 0 {
			bad = st.Bad(bad)
		}
		fmt.Fprintf(b, layout, sp.Label, group(sp.Requests), bad, avail)
	}
}

func writeSLOTable(b *strings.Builder, slos []SLO, st Style) {
	b.WriteString(fmt.Sprintf("%-24s %8s %12s", "SLO", "target", "budget left"))
	for _, r := range slos[0].Rules {
		b.WriteString(fmt.Sprintf(" %13s", window(r.Rule)))
	}
	b.WriteString("\n")
	for _, o := range slos {
		fmt.Fprintf(b, "%-24s %8s %12s", cut(o.Name, 24), o.Target, budget(o))
		for _, r := range o.Rules {
			cell := fmt.Sprintf(" %13s", fmt.Sprintf("%.1f/%.1f", r.LongBurn, r.ShortBurn))
			if r.Firing {
				cell = " " + st.Firing(fmt.Sprintf("%12s!", fmt.Sprintf("%.1f/%.1f", r.LongBurn, r.ShortBurn)))
			}
			b.WriteString(cell)
		}
		b.WriteString("\n")
	}
	b.WriteString(st.Dim("burn rates long/short window; ! firing") + "\n")
}

func writeSLOLines(b *strings.Builder, slos []SLO, st Style) {
	for _, o := range slos {
		var firing []string
		for _, r := range o.Rules {
			if r.Firing {
				firing = append(firing, window(r.Rule))
			}
		}
		line := fmt.Sprintf("%s: budget %s", cut(o.Name, 20), budget(o))
		if len(firing) > 0 {
			line += " · " + st.Firing("FIRING "+strings.Join(firing, " "))
		}
		b.WriteString(line + "\n")
	}
}

func writeFailing(b *strings.Builder, what string, list []aggregate.RecentCount, st Style) {
	if len(list) == 0 {
		return
	}
	var parts []string
	for i, c := range list {
		if i == 5 {
			break
		}
		parts = append(parts, cut(report.Visible(c.Key), 40)+" ×"+group(c.Count))
	}
	fmt.Fprintf(b, "%-11s %s\n", "failing", st.Bad(what+": "+strings.Join(parts, ", ")))
}

func window(r aggregate.AlertRule) string {
	return strings.TrimSuffix(r.Long.String(), "0m0s") + "/" + strings.TrimSuffix(strings.TrimSuffix(r.Short.String(), "0s"), "0m")
}

func budget(o SLO) string {
	if o.NoData {
		return "no data"
	}
	return strconv.FormatFloat(100*o.Remaining, 'f', 1, 64) + " %"
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// group writes n with thousands separators.
func group(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		return "-" + s
	}
	return s
}

// cut shortens s to n runes, marking the cut.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// clip cuts every line of plain text to width runes; styled lines are
// left alone, the terminal cuts them.
func clip(s string, width int) string {
	if width <= 0 {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if !strings.Contains(l, "\x1b") {
			lines[i] = cut(l, width)
		}
	}
	return strings.Join(lines, "\n")
}
