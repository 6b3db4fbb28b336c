package report

import (
	_ "embed"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/template"
	"time"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/reference"
)

//go:embed markdown.tmpl
var markdownTmpl string

// markdownT is parsed on first use: a run that writes JSON does not pay for
// it. The template only places strings; every value in mdView is already
// escaped for Markdown, so nothing from a log reaches the output raw.
var markdownT = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("markdown").Option("missingkey=error").Parse(markdownTmpl))
})

type mdView struct {
	Headline  string
	SLO       string
	Facts     []mdFact
	Classes   []mdClass
	Pie       []mdSlice
	Codes     []mdCodeRow
	CodesNote string
	Chart     *mdChart
	Worst     []mdHour
	WorstName string // "hours", "days": what the worst table lists
	Zone      string
	Malformed *mdMalformed

	SLOs       []sloRow
	SLOGroups  []mdSLOGroups
	Budget     *mdBudget
	Latency    *mdLatency
	Breakdowns []mdBreakdown
	Who        *mdWho
	Gates      []string
}

// mdBudget is the error budget section: the budget as outage time, the
// time-slice SLI and the burn-rate alert rules.
type mdBudget struct {
	Time, Minutes string
	Alerts        []mdAlert
}

type mdAlert struct{ Severity, Windows, Threshold, Burn, State, First string }

type mdLatency struct {
	Count, P50, P90, P95, P99, Max string
	SLO                            string
}

// mdBreakdown is a top-N table of endpoints, hosts or upstream statuses.
type mdBreakdown struct {
	// Timed says some key has a latency: without one the p99 column
	// would only hold dashes, and is left out.
	Timed            bool
	Title, Key, Note string
	Rows             []mdKeyRow
}

type mdKeyRow struct{ Key, Requests, Bad, Availability, P99 string }

// mdSlice is one slice of the Mermaid pie of classes.
type mdSlice struct {
	Name  string
	Value int64
}

// mdChart is the Mermaid xychart of availability per slot. Labels and
// numbers are made here, never taken from a log.
type mdChart struct {
	Title, XAxis, YAxis, Line, SLOLine string
}

type mdFact struct{ Label, Value string }

type mdClass struct{ Name, Requests, Share string }

type mdCodeRow struct{ Code, Phrase, Requests, Share, Note string }

type mdHour struct{ Start, Requests, Bad, Availability string }

type mdMalformed struct {
	Summary string
	Reasons []mdReason
	Samples []mdSample
}

type mdReason struct{ Name, Lines string }

type mdSample struct{ Where, Reason, Text string }

// maxSampleMarkdown bounds a sample in Markdown: enough to recognise the
// line, short enough for a terminal or a GitHub job summary.
const maxSampleMarkdown = 200

// worstHours is how many buckets the "Worst hours" table lists.
const worstHours = 5

// GitHub refuses a job summary over 1 MiB. Tables a log can make long are
// cut with a note; TestMarkdownStaysUnderTheStepSummaryCap checks the worst
// case.
const (
	maxMarkdownSources = 50
	maxMarkdownCodes   = 100
	maxMarkdownName    = 300 // runes of a source name
	// maxMarkdownPoints keeps the availability chart legible on GitHub.
	maxMarkdownPoints = 48
)

// Markdown writes the human report: GitHub-flavoured Markdown that also
// reads well in a terminal.
func Markdown(w io.Writer, s *aggregate.Summary, opt Options) error {
	if err := markdownT().Execute(w, markdownView(s, opt)); err != nil {
		return err
	}
	if opt.History != nil {
		if err := markdownHistory(w, s, opt.History); err != nil {
			return err
		}
	}
	if opt.Compare != nil {
		return markdownCompare(w, s, opt.Compare)
	}
	return nil
}

// markdownView builds the page's view section by section, in the order the
// template shows them. Each section fills its own fields and leaves them
// empty when the Summary has nothing for it.
func markdownView(s *aggregate.Summary, opt Options) mdView {
	var v mdView
	v.header(s, opt.SLO)
	v.facts(s)
	v.sources(s.Inputs)
	v.classes(s)
	v.codes(s)
	v.availability(s, opt.SLO)
	v.malformed(s)
	v.objectives(opt.Objectives)
	v.budget(opt.SLO)
	v.latency(s, opt.LatencySLO)
	v.breakdowns(s)
	v.who(s)
	v.gates(s, opt.Verdict)
	return v
}

// header writes the headline, availability with what it counted, and the
// SLO's verdict; an incomplete run says so before anything else.
func (v *mdView) header(s *aggregate.Summary, o *aggregate.SLO) {
	req, bad, judged := s.Requests(), s.Bad(), s.Judged()
	switch {
	case req == 0:
		v.Headline = "**Availability: no data** (no requests)"
	case judged == 0:
		v.Headline = "**Availability: no data** (" + unjudgedText(s) + ")"
	default:
		v.Headline = fmt.Sprintf("**Availability: %s** (%s of %s requests were bad: %s",
			availabilityText(judged-bad, judged), group(bad), group(judged), s.Rule)
		if u := s.Unjudged(); u > 0 {
			v.Headline += "; " + group(u) + " not judged"
		}
		v.Headline += ")"
	}
	if s.Incomplete != "" {
		v.Headline = "**Incomplete:** the run stopped at an input error, " + mdCode(s.Incomplete, false) +
			"; every figure covers only the lines read before it.\n\n" + v.Headline
	}
	if o != nil {
		v.SLO = sloLine(s, o)
	}
}

// facts lists what the figures cover: the period, the counts, the rule,
// and whatever was left out or stretched the period.
func (v *mdView) facts(s *aggregate.Summary) {
	fact := func(label, value string) { v.Facts = append(v.Facts, mdFact{label, value}) }
	if s.Span.Valid {
		fact("Period", timeUTC(s.Span.First)+" → "+timeUTC(s.Span.Last))
	}
	fact("Requests", group(s.Requests()))
	fact("Lines", fmt.Sprintf("%s read · %s parsed · %s malformed · %s filtered",
		group(s.Lines.Read), group(s.Lines.Parsed), group(s.Lines.Malformed), group(s.Lines.Filtered)))
	fact("Counted as bad", s.Rule.String()+" · availability = (requests − bad) / requests"+judgedNote(s.Rule))
	if w := s.Window; w.Active() {
		fact("Window", windowText(w, s.Zone))
	}
	if !s.Filter.Empty() {
		fact("Filter", mdCode(s.Filter.String(), true))
	}
	if len(s.Filtered) > 0 {
		fact("Filtered", reasonsText(s.Filtered))
	}
	if u := unjudgedText(s); u != "" {
		fact("Not judged", u+" (left out of availability; --bad invalid or --good invalid judges them)")
	}
	for _, o := range s.Outliers {
		fact("Far outliers", outlierText(o, s)+": counted, but they stretch the period")
	}
	if line := BotLine(s); line != "" {
		fact("Robots", line)
	}
	if line := failingLine(s, func(k string) string { return mdCode(cut(k, maxMarkdownName), true) }); line != "" {
		fact("Failing clients", line)
	}
	if s.Recovered > 0 {
		fact("Recovered", plural(s.Recovered, "request")+
			" read from damaged lines whose status was unambiguous (a missing host, an unclosed last field)")
	}
	if s.Untimed > 0 {
		txt := plural(s.Untimed, "request") + " without a usable time (counted, in no bucket)"
		if s.BadTimes > 0 {
			txt += fmt.Sprintf("; %s of them had an unreadable time", group(s.BadTimes))
		}
		fact("Untimed", txt)
	}
}

// sources adds a fact per input, up to maxMarkdownSources: its name,
// compression, format and how the format was chosen.
func (v *mdView) sources(ins []aggregate.Input) {
	for i, in := range ins {
		if i == maxMarkdownSources {
			v.Facts = append(v.Facts, mdFact{"Source", fmt.Sprintf("… and %s more (the JSON and HTML reports list them all)",
				group(int64(len(ins)-i)))})
			break
		}
		comp := in.Compression
		if comp == "none" {
			comp = "plain"
		}
		v.Facts = append(v.Facts, mdFact{"Source", fmt.Sprintf("%s · %s · %s, %s · %s",
			mdCode(cut(in.Name, maxMarkdownName), true), comp, mdFormat(in.Format), formatHow(in), plural(in.Lines.Read, "line"))})
	}
}

// classes writes the requests per status class, as a table and a pie of
// the classes that have any.
func (v *mdView) classes(s *aggregate.Summary) {
	req := s.Requests()
	for i, n := range s.Classes() {
		v.Classes = append(v.Classes, mdClass{reference.Class(i + 1).String(), group(n), share(n, req)})
		if n > 0 {
			v.Pie = append(v.Pie, mdSlice{reference.Class(i + 1).String(), n})
		}
	}
	if inv := s.Invalid(); inv > 0 {
		v.Classes = append(v.Classes, mdClass{"invalid", group(inv), share(inv, req)})
	}
}

// codes writes a row per status code in numeric order, cut to the
// busiest maxMarkdownCodes with a note on the rest.
func (v *mdView) codes(s *aggregate.Summary) {
	req := s.Requests()
	codes := make([]int, 0, len(s.Codes))
	for c := range s.Codes {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	if len(codes) > maxMarkdownCodes {
		// Keep the busiest codes, listed in numeric order.
		byCount := append([]int(nil), codes...)
		sort.SliceStable(byCount, func(i, k int) bool { return s.Codes[byCount[i]] > s.Codes[byCount[k]] })
		var rest int64
		for _, c := range byCount[maxMarkdownCodes:] {
			rest += s.Codes[c]
		}
		v.CodesNote = fmt.Sprintf("… and %s more codes with %s requests (the JSON and HTML reports list them all).",
			group(int64(len(codes)-maxMarkdownCodes)), group(rest))
		codes = byCount[:maxMarkdownCodes]
		sort.Ints(codes)
	}
	for _, c := range codes {
		n := s.Codes[c]
		row := mdCodeRow{Code: strconv.Itoa(c), Phrase: reference.Phrase(c), Requests: group(n), Share: share(n, req),
			Note: reference.Flag(c)}
		if ms := reference.Meanings(c); row.Phrase == "" && len(ms) > 0 {
			row.Phrase = ms[0].Phrase // a vendor's name for it, such as nginx's
		}
		if row.Phrase == "" {
			row.Phrase = "—"
		}
		v.Codes = append(v.Codes, row)
	}
}

// availability writes the chart of availability over time and the worst
// buckets, on the report zone's clock.
func (v *mdView) availability(s *aggregate.Summary, o *aggregate.SLO) {
	v.Worst = worst(s)
	v.WorstName = slotsName(s.BucketSeconds)
	v.Zone = zoneLabel(s)
	v.Chart = markdownChart(s, o)
}

// malformed counts the lines that did not parse by reason and quotes the
// first samples, cut to maxSampleMarkdown bytes.
func (v *mdView) malformed(s *aggregate.Summary) {
	if s.Lines.Malformed == 0 {
		return
	}
	m := &mdMalformed{Summary: fmt.Sprintf("%s of %s lines (%s) could not be parsed.",
		group(s.Lines.Malformed), group(s.Lines.Read), share(s.Lines.Malformed, s.Lines.Read))}
	for _, r := range byCount(s.Malformed) {
		m.Reasons = append(m.Reasons, mdReason{r, group(s.Malformed[r])})
	}
	for _, smp := range s.Samples {
		text := smp.Text
		cut := ""
		if len(text) > maxSampleMarkdown {
			text, cut = text[:maxSampleMarkdown], " (cut)"
		}
		m.Samples = append(m.Samples, mdSample{
			Where:  mdCode(smp.Input+":"+strconv.FormatInt(smp.Line, 10), false),
			Reason: smp.Reason,
			Text:   mdCode(string(text), false) + cut,
		})
	}
	v.Malformed = m
}

// budget describes the error budget as outage time, the good minutes and
// the alert rules; nothing without an SLO.
func (v *mdView) budget(o *aggregate.SLO) {
	if o == nil {
		return
	}
	v.Budget = &mdBudget{Time: budgetTimeText(o), Minutes: goodMinutesText(o)}
	for _, a := range o.Alerts {
		v.Budget.Alerts = append(v.Budget.Alerts, alertRow(a))
	}
}

// alertRow is an alert rule's row: its windows and threshold, the burn
// rates at the end of the replay, and when it first fired.
func alertRow(a aggregate.AlertState) mdAlert {
	row := mdAlert{
		Severity:  a.Rule.Severity,
		Windows:   duration(a.Rule.Long) + " and " + duration(a.Rule.Short),
		Threshold: "> " + strconv.FormatFloat(a.Rule.Threshold, 'f', -1, 64),
		Burn:      strconv.FormatFloat(a.LongBurn, 'f', 2, 64) + " / " + strconv.FormatFloat(a.ShortBurn, 'f', 2, 64),
		State:     "ok",
		First:     "—",
	}
	if a.Firing {
		row.State = "**firing**"
	} else if a.Fired {
		row.State = "fired, not firing now"
	}
	if a.Fired {
		row.First = timeUTC(a.FirstFired)[:16] + fmt.Sprintf(" UTC (%s)", plural(a.MinutesFired, "minute"))
	}
	return row
}

// latency writes the quantiles of the logged durations and the latency
// objective's verdict; with an objective but no durations, why there are
// none.
func (v *mdView) latency(s *aggregate.Summary, l *LatencySLO) {
	q := s.Latency
	if q == nil {
		if l != nil {
			v.Latency = &mdLatency{Count: "0", P50: "—", P90: "—", P95: "—", P99: "—", Max: "—",
				SLO: fmt.Sprintf("**Latency SLO %s: no data** · %s", l.Objective.Target,
					noDataText(s, true))}
		}
		return
	}
	v.Latency = &mdLatency{Count: group(q.Count), P50: seconds(q.P50), P90: seconds(q.P90), P95: seconds(q.P95), P99: seconds(q.P99), Max: seconds(q.Max)}
	if l != nil {
		b := l.Budget
		verdict := "met"
		if !b.Met {
			verdict = "missed"
		}
		v.Latency.SLO = fmt.Sprintf("**Latency SLO %s: %s** · %s of %s requests under %s · budget %s remaining · burn rate %s",
			l.Objective.Target, verdict, availabilityText(b.Total-b.Bad, b.Total), group(b.Total),
			seconds(l.Objective.Threshold), remainingText(b.Remaining), strconv.FormatFloat(b.BurnRate, 'f', 2, 64))
	}
}

// breakdowns writes a table per breakdown that has keys: endpoints, hosts,
// upstream statuses.
func (v *mdView) breakdowns(s *aggregate.Summary) {
	for _, b := range []struct {
		title, key string
		b          aggregate.Breakdown
	}{
		{"Endpoints", "Endpoint", s.Endpoints},
		{"Hosts", "Host", s.Hosts},
		{"Upstream statuses", "Upstream status", s.Upstreams},
	} {
		if bv, ok := breakdownView(b.title, b.key, b.b); ok {
			v.Breakdowns = append(v.Breakdowns, bv)
		}
	}
}

// gates writes a line per checked gate.
func (v *mdView) gates(s *aggregate.Summary, vd *aggregate.Verdict) {
	if vd == nil {
		return
	}
	for _, g := range vd.Gates {
		v.Gates = append(v.Gates, GateText(s, g))
	}
}

func breakdownView(title, key string, b aggregate.Breakdown) (mdBreakdown, bool) {
	if len(b.Keys) == 0 {
		return mdBreakdown{}, false
	}
	v := mdBreakdown{Title: title, Key: key, Timed: timedKeys(b)}
	for _, k := range b.Keys {
		row := mdKeyRow{Key: mdCode(cut(k.Key, maxMarkdownName), true), Requests: group(k.Requests), Bad: group(k.Bad),
			Availability: keyAvailability(k), P99: "—"}
		if k.Latency != nil {
			row.P99 = seconds(k.Latency.P99)
		}
		v.Rows = append(v.Rows, row)
	}
	if b.Capped {
		v.Note = fmt.Sprintf("More than %s distinct keys: the rest are counted as `(other)`.", group(aggregate.BreakdownCap))
	}
	return v, true
}

func sloLine(s *aggregate.Summary, o *aggregate.SLO) string {
	verdict := "met"
	if !o.Met {
		verdict = "breached"
	}
	if o.NoData {
		return fmt.Sprintf("**SLO %s: no data** (%s)", o.Target, noDataText(s, false))
	}
	return fmt.Sprintf("**SLO %s: %s** · error budget %s remaining (%s of %s allowed bad requests spent) · burn rate %s",
		o.Target, verdict, remainingText(o.Remaining), group(o.Bad),
		allowedText(o.Allowed), strconv.FormatFloat(o.BurnRate, 'f', 2, 64))
}

// judgedNote says which requests availability leaves out, if any.
func judgedNote(r aggregate.BadRule) string {
	if r.JudgesInvalid() {
		return ", over every request"
	}
	return ", over requests with a valid status (100–599)"
}

// worst lists the buckets with the lowest availability, labelled on the
// report zone's clock.
func worst(s *aggregate.Summary) []mdHour {
	var rows []mdHour
	for _, b := range worstBuckets(s, worstHours) {
		rows = append(rows, mdHour{
			Start: localTime(b.Start, s, "2006-01-02 15:04"), Requests: group(b.Requests()), Bad: group(b.Bad),
			Availability: percentFloor(b.Judged()-b.Bad, b.Judged(), 3),
		})
	}
	return rows
}

// markdownChart draws availability per slot as a Mermaid xychart, which
// GitHub renders. Mermaid has no gaps, so slots without requests are left
// out; their absence shows in the labels.
func markdownChart(s *aggregate.Summary, o *aggregate.SLO) *mdChart {
	width, ps := slots(s, maxMarkdownPoints)
	var labels, values []string
	low := 100.0
	for _, p := range ps {
		v, ok := availabilityPercent(p.Judged()-p.Bad, p.Judged())
		if !ok {
			continue
		}
		layout := "01-02 15:04"
		if width%86400 == 0 {
			layout = "2006-01-02"
		}
		labels = append(labels, strconv.Quote(time.Unix(p.Wall, 0).UTC().Format(layout)))
		values = append(values, strconv.FormatFloat(v, 'f', -1, 64))
		low = min(low, v)
	}
	if len(values) < 2 {
		return nil // one point is no chart
	}
	c := &mdChart{
		Title: strconv.Quote("Availability per " + slotName(width) + " (" + zoneLabel(s) + ")"),
		XAxis: "[" + strings.Join(labels, ", ") + "]",
		Line:  "[" + strings.Join(values, ", ") + "]",
	}
	if o != nil {
		t := o.Target.Ratio() * 100
		low = min(low, t)
		c.SLOLine = "[" + strings.TrimSuffix(strings.Repeat(strconv.FormatFloat(t, 'f', -1, 64)+", ", len(values)), ", ") + "]"
	}
	yMin := float64(int64(low))
	if yMin >= 100 {
		yMin = 99
	}
	c.YAxis = strconv.Quote("%") + " " + strconv.FormatFloat(yMin, 'f', -1, 64) + " --> 100"
	return c
}

// mdFormat shows a format name as is and anything else, such as a
// --log-format string, as code.
func mdFormat(f string) string {
	for _, r := range f {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return mdCode(f, true)
		}
	}
	return f
}

// mdCode puts untrusted text in a code span, where Markdown and HTML are
// inert: the fence is longer than any backtick run inside, control bytes
// and invalid UTF-8 are spelled out, and in a table cell '|' is escaped
// (GitHub splits cells on it even inside code spans).
func mdCode(s string, inTable bool) string {
	t := visible([]byte(s))
	if t == "" {
		return "—"
	}
	if inTable {
		t = strings.ReplaceAll(t, "|", `\|`)
	}
	run, longest := 0, 0
	for i := 0; i < len(t); i++ {
		if t[i] == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	return fence + " " + t + " " + fence
}

// timeUTC writes a Unix time in UTC, to the second, "2006-01-02 15:04:05 UTC".
func timeUTC(unix int64) string {
	return time.Unix(unix, 0).UTC().Format("2006-01-02 15:04:05 UTC")
}

// slotsName is the plural of slotName: "hours", "6 hours", "5 minutes".
func slotsName(width int64) string {
	n := slotName(width)
	if strings.HasSuffix(n, "s") {
		return n
	}
	return n + "s"
}
