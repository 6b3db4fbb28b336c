package report

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/reference"
)

// The HTML report is one self-contained file: the page, its stylesheet,
// Apache ECharts and the small script that draws the charts are all inline,
// so it opens offline, from a mail attachment, years later. A strict
// Content-Security-Policy admits exactly those inline blocks by hash; log
// text only ever reaches the page through html/template's escaping, and the
// chart data sits in JSON blocks the browser never executes.
//
// go-echarts builds the chart options; its own page templates are not used:
// they write each chart's data inside an executable inline script, which a
// hash-based policy cannot admit without hashing data from the log.

//go:embed html.tmpl
var htmlTmpl string

//go:embed html.css
var htmlCSS string

//go:embed html.js
var htmlJS string

//go:embed assets/echarts.min.js
var echartsJS string

// echartsVersion is the Apache ECharts release embedded in HTML reports:
// the one go-echarts v2.6.7 targets. report/assets holds its minified
// build as published on npm, with its LICENSE and NOTICE.
const echartsVersion = "5.4.3"

// htmlT is parsed on first use: only an HTML report needs it.
var htmlT = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("html").Option("missingkey=error").Parse(htmlTmpl))
})

// htmlAssets are the inline blocks and the policy that admits them,
// prepared once. Browsers hash a script's text after turning CR LF into LF
// (the published echarts.min.js has CR LF), so the text is normalised
// before it is hashed and inlined.
var htmlAssets = sync.OnceValue(func() htmlInline {
	norm := func(s string) string {
		return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	a := htmlInline{
		CSS:     template.CSS(norm(htmlCSS)),
		ECharts: template.JS(norm(echartsJS)),
		Boot:    template.JS(norm(htmlJS)),
	}
	a.CSP = strings.Join([]string{
		"default-src 'none'",
		"script-src " + cspHash(string(a.ECharts)) + " " + cspHash(string(a.Boot)),
		"style-src " + cspHash(string(a.CSS)),
		"img-src 'none'",
		"connect-src 'none'",
		"base-uri 'none'",
		"form-action 'none'",
	}, "; ")
	return a
})

type htmlInline struct {
	CSP     string
	CSS     template.CSS
	ECharts template.JS
	Boot    template.JS
}

func cspHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(h[:]) + "'"
}

// HTMLOptions are the settings of an HTML report.
type HTMLOptions struct {
	Options
	// Generated, when not zero, is shown as the time the report was made.
	// It is off by default so that the same logs give the same bytes.
	Generated time.Time
}

// HTML writes the self-contained HTML report: header cards, charts and
// tables, readable on a phone, in dark mode and on paper. Nothing in it
// loads from the network. The same Summary and options give the same bytes.
func HTML(w io.Writer, s *aggregate.Summary, opt HTMLOptions) error {
	v, err := htmlViewOf(s, opt)
	if err != nil {
		return err
	}
	// Render to memory first: a template error must not leave half a page.
	var buf bytes.Buffer
	if err := htmlT().Execute(&buf, v); err != nil {
		return fmt.Errorf("render HTML: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

type htmlView struct {
	htmlInline
	Title     string
	Subtitle  string
	Zone      string
	Generated string
	Cards     []htmlCard
	Sections  []*htmlSection
	Version   string
}

// htmlCard is one figure in the header. Tone is "good", "bad", "warn" or
// empty and only ever a constant.
type htmlCard struct {
	Label, Value, Detail, Tone string
	Big                        bool // the headline figure
	Text                       bool // a value in words, set smaller
}

// htmlSection is a titled part of the page. Sections and their blocks are
// built by small functions of the Summary that return nil when their data
// is absent: a report without an SLO has no error-budget section.
type htmlSection struct {
	ID, Title, Intro string
	Blocks           []htmlBlock
}

// htmlBlock is one of a chart, a table, malformed samples or reference
// entries.
type htmlBlock struct {
	Chart   *htmlChart
	Table   *htmlTable
	Samples []htmlSample
	Refs    []htmlRef
}

// htmlChart is a chart's element and its ECharts option, serialised as JSON
// and placed in a <script type="application/json"> block, where
// html/template escapes it for a script context.
type htmlChart struct {
	ID      string // element id; every chart has a fixed one
	Title   string
	Caption string
	Label   string // what the chart shows, for screen readers
	Option  json.RawMessage
}

type htmlTable struct {
	Caption string
	Head    []htmlCell
	Rows    [][]htmlCell
	Note    string
}

// htmlCell is a table cell. Href is only ever an anchor inside the page,
// never text from a log.
type htmlCell struct {
	Text   string
	Num    bool   // a figure: right-aligned, tabular digits
	Code   bool   // text from a log, shown as code
	Href   string // link target
	Swatch string // colour key: "c1".."c5" for the classes, "inv"
	Note   bool   // secondary text
}

type htmlSample struct {
	Where, Reason, Text string
}

// htmlRef is a status code's entry in the embedded reference. URLs come
// from the reference package, never from a log.
type htmlRef struct {
	ID, Code, Phrase, Class string
	Meanings                []htmlMeaning
}

type htmlMeaning struct {
	Text, Ref, URL string
}

// htmlData is what the section builders read: the Summary, the options and
// the time series regrouped for charts.
type htmlData struct {
	s     *aggregate.Summary
	opt   HTMLOptions
	width int64 // slot width in seconds
	slots []slot
}

// maxChartSlots bounds the points of a time chart: a month of hours.
// Longer reports group buckets into wider slots.
const maxChartSlots = 744

// htmlSections are the parts of the page in order. Each returns nil when
// the Summary has nothing for it.
var htmlSections = []func(d *htmlData) (*htmlSection, error){
	availabilitySection,
	budgetSection,
	classesSection,
	codesSection,
	latencySection,
	endpointsSection,
	hostsSection,
	upstreamsSection,
	malformedSection,
	sourcesSection,
	referenceSection,
}

func htmlViewOf(s *aggregate.Summary, opt HTMLOptions) (*htmlView, error) {
	d := &htmlData{s: s, opt: opt}
	d.width, d.slots = slots(s, maxChartSlots)
	v := &htmlView{
		htmlInline: htmlAssets(),
		Title:      "SLA report",
		Subtitle:   "no requests",
		Zone:       zoneLabel(s),
		Cards:      htmlCards(s, opt.Options),
		Version:    echartsVersion,
	}
	if s.Span.Valid {
		const layout = "2006-01-02 15:04:05 MST"
		v.Subtitle = localTime(s.Span.First, s, layout) + " → " + localTime(s.Span.Last, s, layout)
		first, last := localTime(s.Span.First, s, "2006-01-02"), localTime(s.Span.Last, s, "2006-01-02")
		v.Title = "SLA report " + first
		if last != first {
			v.Title += " – " + last
		}
	}
	if !opt.Generated.IsZero() {
		v.Generated = opt.Generated.UTC().Format("2006-01-02 15:04:05 UTC")
	}
	for _, build := range htmlSections {
		sec, err := build(d)
		if err != nil {
			return nil, err
		}
		if sec != nil && (len(sec.Blocks) > 0 || sec.Intro != "") {
			v.Sections = append(v.Sections, sec)
		}
	}
	return v, nil
}

func htmlCards(s *aggregate.Summary, opt Options) []htmlCard {
	req, bad, judged := s.Requests(), s.Bad(), s.Judged()
	classes := s.Classes()
	rule := s.Rule.String()
	avail := htmlCard{Label: "Availability", Value: "no data", Detail: "no requests", Big: true}
	if judged > 0 {
		avail.Value = availabilityText(judged-bad, judged)
		avail.Detail = group(bad) + " of " + group(judged) + " requests were bad (" + rule + ")"
	}
	if u := unjudgedText(s); u != "" {
		if judged == 0 {
			avail.Detail = u
		} else {
			avail.Detail += "; " + u
		}
	}
	cards := []htmlCard{avail}
	if o := opt.SLO; o != nil {
		verdict := htmlCard{Label: "SLO " + o.Target.String(), Value: "met", Tone: "good",
			Detail: "burn rate " + strconv.FormatFloat(o.BurnRate, 'f', 2, 64) + "×"}
		switch {
		case o.NoData:
			verdict.Value, verdict.Tone = "no data", "bad"
			verdict.Detail = noDataText(s, false)
		case !o.Met:
			verdict.Value, verdict.Tone = "breached", "bad"
		}
		cards[0].Tone = verdict.Tone
		budget := htmlCard{Label: "Error budget left", Value: remainingText(o.Remaining),
			Detail: group(o.Bad) + " of " + allowedText(o.Allowed) + " allowed bad requests", Tone: "good"}
		if o.Remaining < 0 {
			budget.Tone = "bad"
		} else if o.Remaining < 0.25 {
			budget.Tone = "warn"
		}
		cards = append(cards, verdict, budget)
	}
	cards = append(cards,
		htmlCard{Label: "Requests", Value: group(req), Detail: plural(s.Lines.Read, "line") + " read"},
		htmlCard{Label: "5xx", Value: group(classes[4]), Detail: share(classes[4], req) + " of requests", Tone: toneIf(classes[4] > 0, "bad")},
		htmlCard{Label: "4xx", Value: group(classes[3]), Detail: share(classes[3], req) + " of requests", Tone: toneIf(classes[3] > 0, "warn")},
		htmlCard{Label: "Malformed lines", Value: group(s.Lines.Malformed), Detail: share(s.Lines.Malformed, s.Lines.Read) + " of lines", Tone: toneIf(s.Lines.Malformed > 0, "warn")},
	)
	if q := s.Latency; q != nil {
		c := htmlCard{Label: "Latency p95", Value: seconds(q.P95), Detail: "p50 " + seconds(q.P50) + " · p99 " + seconds(q.P99)}
		if l := opt.LatencySLO; l != nil {
			c.Detail += " · SLO " + l.Objective.String() + " " + map[bool]string{true: "met", false: "breached"}[l.Budget.Met]
			c.Tone = map[bool]string{true: "good", false: "bad"}[l.Budget.Met]
		}
		cards = append(cards, c)
	}
	period := htmlCard{Label: "Period", Value: "—", Detail: "no line had a time", Text: true}
	if s.Span.Valid {
		period.Value = localTime(s.Span.First, s, "Jan 2 15:04") + " → " + localTime(s.Span.Last, s, "Jan 2 15:04")
		period.Detail = localTime(s.Span.First, s, "2006") + " · time zone " + zoneLabel(s)
		if s.Window.Label != "" {
			period.Detail += " · " + visible([]byte(s.Window.Label))
		}
	}
	cards = append(cards, period, inputsCard(s.Inputs))
	if s.Incomplete != "" {
		// The first thing a reader sees: the figures cover part of the logs.
		cards = append([]htmlCard{{Label: "Incomplete", Value: "input error", Tone: "bad", Text: true,
			Detail: cut(visible([]byte(s.Incomplete)), 200) + "; every figure covers only the lines read before it"}}, cards...)
	}
	return cards
}

func toneIf(cond bool, tone string) string {
	if cond {
		return tone
	}
	return ""
}

// inputsCard names the sources, or counts them when there are many, and
// lists the log formats with how each was chosen.
func inputsCard(ins []aggregate.Input) htmlCard {
	c := htmlCard{Label: "Sources", Value: plural(int64(len(ins)), "source"), Text: true}
	if len(ins) == 1 {
		c.Value = cut(visible([]byte(ins[0].Name)), 60)
	}
	seen := map[string]bool{}
	var formats []string
	for _, in := range ins {
		f := visible([]byte(in.Format)) + " (" + formatHow(in) + ")"
		if !seen[f] && len(formats) < 5 {
			seen[f] = true
			formats = append(formats, f)
		}
	}
	c.Detail = strings.Join(formats, ", ")
	return c
}

// Class colours for 1xx..5xx and invalid, the same in every chart and
// table swatch (html.css): they read on a light and a dark background.
var classColors = [6]string{"#64748b", "#16a34a", "#2563eb", "#d97706", "#dc2626", "#9333ea"}

const (
	colorBad  = "#dc2626" // the SLO line, thresholds
	colorLine = "#2563eb" // single-series lines
	colorBurn = "#d97706"
)

func classColor(c reference.Class) string {
	if c >= 1 && c <= 5 {
		return classColors[c-1]
	}
	return classColors[5]
}

// echartsChart is what chartOption needs of a go-echarts chart.
type echartsChart interface {
	Validate()
	JSON() map[string]any
}

// chartOption turns a go-echarts chart into its option JSON with the
// settings every chart of the report shares. go-echarts panics on charts it
// cannot build; a panic becomes an error naming the chart.
func chartOption(id string, c echartsChart) (raw json.RawMessage, err error) {
	defer func() {
		if r := recover(); r != nil {
			raw, err = nil, fmt.Errorf("build chart %s: %v", id, r)
		}
	}()
	c.Validate()
	obj := c.JSON()
	// Times are already on the report zone's clock (see wall); UTC keeps
	// the reader's own zone out of the axes.
	obj["useUTC"] = true
	obj["backgroundColor"] = "transparent"
	// richText tooltips are drawn on the canvas: HTML tooltips carry
	// style attributes the Content-Security-Policy refuses.
	obj["tooltip"] = map[string]any{"trigger": "axis", "renderMode": "richText", "confine": true}
	if _, ok := obj["xAxis"]; ok {
		obj["grid"] = map[string]any{"left": 8, "right": 16, "top": 40, "bottom": 8, "containLabel": true}
	}
	delete(obj, "title")   // the page's heading names the chart
	delete(obj, "toolbox") // no save-as-image: it would need blob URLs
	b, err := json.Marshal(obj)
	if err != nil {
		return nil, fmt.Errorf("build chart %s: %w", id, err)
	}
	return b, nil
}

// baseOpts are the go-echarts options every chart starts from; the
// ChartID keeps the bytes deterministic (go-echarts would pick a random one).
func baseOpts(id string) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{ChartID: id}),
		charts.WithAnimation(false), // a printed or captured chart must be complete
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "0"}),
	}
}

func timeAxisOpts(id string, y opts.YAxis) []charts.GlobalOpts {
	return append(baseOpts(id),
		charts.WithXAxisOpts(opts.XAxis{Type: "time"}),
		charts.WithYAxisOpts(y),
	)
}

func ms(wall int64) int64 { return wall * 1000 }

// round4 keeps chart values short in the JSON; charts cannot show more.
func round4(v float64) float64 {
	if v < 0 {
		return -float64(int64(-v*1e4+0.5)) / 1e4
	}
	return float64(int64(v*1e4+0.5)) / 1e4
}

func availabilitySection(d *htmlData) (*htmlSection, error) {
	c, err := availabilityChart(d)
	if err != nil || c == nil {
		return nil, err
	}
	intro := "Availability = (requests − bad) / requests per " + slotName(d.width) + ", bad being " + d.s.Rule.String() +
		". Gaps are periods without requests: no data, not 100%."
	return &htmlSection{ID: "availability", Title: "Availability over time", Intro: intro,
		Blocks: []htmlBlock{{Chart: c}}}, nil
}

func availabilityChart(d *htmlData) (*htmlChart, error) {
	rows := make([][]any, len(d.slots))
	low, seen := 100.0, false
	for i, p := range d.slots {
		rows[i] = []any{ms(p.Wall), nil}
		if v, ok := availabilityPercent(p.Judged()-p.Bad, p.Judged()); ok {
			rows[i][1] = v
			low, seen = min(low, v), true
		}
	}
	if !seen {
		return nil, nil
	}
	var marks []charts.SeriesOpts
	label := fmt.Sprintf("Availability per %s, lowest %.3f%%", slotName(d.width), low)
	if o := d.opt.SLO; o != nil {
		t := o.Target.Ratio() * 100
		low = min(low, t)
		marks = append(marks,
			charts.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{Name: "SLO " + o.Target.String(), YAxis: t}),
			charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"},
				LineStyle: &opts.LineStyle{Color: colorBad, Type: "dashed"},
				Label:     &opts.Label{Show: opts.Bool(true), Position: "insideEndTop", Formatter: "SLO {c}%"}}))
		label += ", SLO " + o.Target.String()
	}
	yMin := float64(int64(low)) // the whole percent below the lowest point
	if yMin >= 100 {
		yMin = 99
	}
	line := charts.NewLine()
	line.SetGlobalOptions(timeAxisOpts("chart-availability", opts.YAxis{Type: "value", Min: yMin, Max: 100,
		AxisLabel: &opts.AxisLabel{Formatter: "{value}%"}})...)
	line.AddDataset(opts.Dataset{Source: rows})
	line.AddSeries("Availability", nil, append(marks,
		charts.WithEncodeOpts(opts.Encode{X: 0, Y: 1}),
		charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(len(rows) <= 72), ConnectNulls: opts.Bool(false)}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colorLine}),
	)...)
	opt, err := chartOption("chart-availability", line)
	if err != nil {
		return nil, err
	}
	return &htmlChart{ID: "chart-availability", Title: "Availability per " + slotName(d.width),
		Label: label, Option: opt}, nil
}

func classesSection(d *htmlData) (*htmlSection, error) {
	sec := &htmlSection{ID: "classes", Title: "Requests by status class"}
	c, err := classesChart(d)
	if err != nil {
		return nil, err
	}
	if c != nil {
		sec.Blocks = append(sec.Blocks, htmlBlock{Chart: c})
	}
	sec.Blocks = append(sec.Blocks, htmlBlock{Table: classesTable(d.s)})
	return sec, nil
}

func classesChart(d *htmlData) (*htmlChart, error) {
	var total [6]int64
	rows := make([][]any, len(d.slots))
	for i, p := range d.slots {
		row := []any{ms(p.Wall)}
		for c, n := range p.Classes {
			row = append(row, n)
			total[c] += n
		}
		rows[i] = append(row, p.Invalid)
		total[5] += p.Invalid
	}
	line := charts.NewLine()
	line.SetGlobalOptions(timeAxisOpts("chart-classes", opts.YAxis{Type: "value", MinInterval: 1})...)
	line.AddDataset(opts.Dataset{Source: rows})
	n := 0
	for i, t := range total {
		if t == 0 {
			continue // an empty class would only crowd the legend
		}
		name := "invalid"
		if i < 5 {
			name = reference.Class(i + 1).String()
		}
		line.AddSeries(name, nil,
			charts.WithEncodeOpts(opts.Encode{X: 0, Y: i + 1}),
			charts.WithLineChartOpts(opts.LineChart{Stack: "requests", ShowSymbol: opts.Bool(false)}),
			charts.WithAreaStyleOpts(opts.AreaStyle{Opacity: opts.Float(0.55)}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: classColors[i]}),
			charts.WithLineStyleOpts(opts.LineStyle{Width: 1}),
		)
		n++
	}
	if n == 0 {
		return nil, nil
	}
	opt, err := chartOption("chart-classes", line)
	if err != nil {
		return nil, err
	}
	return &htmlChart{ID: "chart-classes", Title: "Requests per " + slotName(d.width) + ", stacked by class",
		Label: "Requests per " + slotName(d.width) + " stacked by status class", Option: opt}, nil
}

func classesTable(s *aggregate.Summary) *htmlTable {
	req := s.Requests()
	t := &htmlTable{Head: []htmlCell{{Text: "Class"}, {Text: "Requests", Num: true}, {Text: "Share", Num: true}}}
	for i, n := range s.Classes() {
		t.Rows = append(t.Rows, []htmlCell{
			{Text: reference.Class(i + 1).String(), Swatch: "c" + strconv.Itoa(i+1)},
			{Text: group(n), Num: true}, {Text: share(n, req), Num: true}})
	}
	if inv := s.Invalid(); inv > 0 {
		t.Rows = append(t.Rows, []htmlCell{{Text: "invalid", Swatch: "inv"},
			{Text: group(inv), Num: true}, {Text: share(inv, req), Num: true}})
		t.Note = "Invalid: a status outside 100–599, counted as a request but in no class."
	}
	return t
}

// codeKind says what the registry knows about a code: "" for one IANA
// lists, "nonstandard" for one it does not, "invalid" outside 100–599.
func codeKind(code int) string {
	_, ok := reference.Lookup(code)
	switch {
	case !reference.Valid(code):
		return "invalid"
	case !ok:
		return "nonstandard"
	}
	return ""
}

func sortedCodes(m map[int]int64) []int {
	codes := make([]int, 0, len(m))
	for c := range m {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	return codes
}

func codesSection(d *htmlData) (*htmlSection, error) {
	if len(d.s.Codes) == 0 {
		return nil, nil
	}
	c, err := codesChart(d.s)
	if err != nil {
		return nil, err
	}
	return &htmlSection{ID: "codes", Title: "Status codes",
		Blocks: []htmlBlock{{Chart: c}, {Table: codesTable(d.s)}}}, nil
}

func codesChart(s *aggregate.Summary) (*htmlChart, error) {
	codes := sortedCodes(s.Codes)
	names := make([]string, len(codes))
	data := make([]opts.BarData, len(codes))
	lo, hi := int64(-1), int64(0)
	marked := false
	for i, code := range codes {
		n := s.Codes[code]
		style := &opts.ItemStyle{Color: classColor(reference.ClassOf(code))}
		names[i] = strconv.Itoa(code)
		switch codeKind(code) {
		case "nonstandard":
			names[i] += "*"
			style.Opacity = opts.Float(0.55)
			marked = true
		case "invalid":
			names[i] += "†"
			marked = true
		}
		data[i] = opts.BarData{Name: names[i], Value: n, ItemStyle: style}
		if lo < 0 || n < lo {
			lo = n
		}
		hi = max(hi, n)
	}
	y := opts.YAxis{Type: "value", MinInterval: 1}
	caption := ""
	if lo > 0 && hi/lo >= 100 {
		// One code usually dwarfs the rest; on a linear axis the errors
		// would be invisible.
		y = opts.YAxis{Type: "log"}
		caption = "Logarithmic scale. "
	}
	if marked {
		caption += "* not in the IANA registry (faded) · † invalid: outside 100–599."
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(baseOpts("chart-codes"),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithYAxisOpts(y))...)
	// Counts on the bars: on a log scale a code seen once has no height.
	bar.SetXAxis(names).AddSeries("Requests", data,
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(len(codes) <= 40), Position: "top"}))
	opt, err := chartOption("chart-codes", bar)
	if err != nil {
		return nil, err
	}
	return &htmlChart{ID: "chart-codes", Title: "Requests per status code", Caption: strings.TrimSpace(caption),
		Label: "Requests per status code, coloured by class, for " + plural(int64(len(codes)), "code"), Option: opt}, nil
}

func codesTable(s *aggregate.Summary) *htmlTable {
	req := s.Requests()
	t := &htmlTable{Head: []htmlCell{{Text: "Code", Num: true}, {Text: "Phrase"}, {Text: "Class"},
		{Text: "Requests", Num: true}, {Text: "Share", Num: true}, {Text: "Note"}}}
	for _, code := range sortedCodes(s.Codes) {
		n := s.Codes[code]
		cl := reference.ClassOf(code)
		phrase := reference.Phrase(code)
		if ms := reference.Meanings(code); phrase == "" && len(ms) > 0 {
			phrase = ms[0].Phrase // a vendor's name for it, such as nginx's
		}
		if phrase == "" {
			phrase = "—"
		}
		note := reference.Flag(code)
		if s.Rule.IsBad(code) {
			note = strings.TrimPrefix(note+"; counted as bad", "; ")
		}
		t.Rows = append(t.Rows, []htmlCell{
			{Text: strconv.Itoa(code), Num: true, Href: "#" + refID(code)},
			{Text: phrase},
			{Text: cl.String(), Swatch: swatch(cl)},
			{Text: group(n), Num: true},
			{Text: share(n, req), Num: true},
			{Text: note, Note: true},
		})
	}
	return t
}

func swatch(c reference.Class) string {
	if c >= 1 && c <= 5 {
		return "c" + strconv.Itoa(int(c))
	}
	return "inv"
}

func budgetSection(d *htmlData) (*htmlSection, error) {
	o := d.opt.SLO
	if o == nil {
		return nil, nil
	}
	intro := fmt.Sprintf("SLO %s over the report's period allows %s bad requests of %s; %s were spent.",
		o.Target, allowedText(o.Allowed), group(o.Requests), group(o.Bad))
	if t, m := budgetTimeText(o), goodMinutesText(o); t != "" || m != "" {
		intro = strings.TrimSpace(intro + " " + t + " " + m)
	}
	sec := &htmlSection{ID: "budget", Title: "Error budget", Intro: intro}
	for _, build := range []func(*htmlData) (*htmlChart, error){burnDownChart, burnRateChart} {
		c, err := build(d)
		if err != nil {
			return nil, err
		}
		if c != nil {
			sec.Blocks = append(sec.Blocks, htmlBlock{Chart: c})
		}
	}
	if t := alertsTable(d); t != nil {
		sec.Blocks = append(sec.Blocks, htmlBlock{Table: t})
	}
	if t := gatesTable(d.s, d.opt.Verdict); t != nil {
		sec.Blocks = append(sec.Blocks, htmlBlock{Table: t})
	}
	return sec, nil
}

func burnDownChart(d *htmlData) (*htmlChart, error) {
	left := burnDown(d.slots, d.opt.SLO)
	if left == nil {
		return nil, nil
	}
	// The budget is whole at the start of the first slot; each point is the
	// budget left at the end of a slot.
	rows := [][]any{{ms(d.slots[0].Wall), 100.0}}
	for i, p := range d.slots {
		rows = append(rows, []any{ms(p.Wall + d.width), round4(100 * left[i])})
	}
	line := charts.NewLine()
	line.SetGlobalOptions(timeAxisOpts("chart-burndown", opts.YAxis{Type: "value", Max: 100,
		AxisLabel: &opts.AxisLabel{Formatter: "{value}%"}})...)
	line.AddDataset(opts.Dataset{Source: rows})
	line.AddSeries("Budget left", nil,
		charts.WithEncodeOpts(opts.Encode{X: 0, Y: 1}),
		charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false), Step: "end"}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colorLine}),
		charts.WithAreaStyleOpts(opts.AreaStyle{Opacity: opts.Float(0.15)}),
		charts.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{Name: "exhausted", YAxis: 0}),
		charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"},
			LineStyle: &opts.LineStyle{Color: colorBad, Type: "dashed"},
			Label:     &opts.Label{Show: opts.Bool(true), Position: "insideEndBottom", Formatter: "budget exhausted"}}),
	)
	opt, err := chartOption("chart-burndown", line)
	if err != nil {
		return nil, err
	}
	return &htmlChart{ID: "chart-burndown", Title: "Error budget left over the period",
		Caption: "100% at the start of the period; below 0 the budget is overspent.",
		Label:   "Error budget left, ending at " + remainingText(d.opt.SLO.Remaining), Option: opt}, nil
}

func burnRateChart(d *htmlData) (*htmlChart, error) {
	o := d.opt.SLO
	rows := make([][]any, len(d.slots))
	seen, top := false, 0.0
	for i, p := range d.slots {
		rows[i] = []any{ms(p.Wall), nil}
		if r, ok := o.Target.BurnRate(p.Bad, p.Judged()); ok {
			rows[i][1] = round4(r)
			seen, top = true, max(top, r)
		}
	}
	if !seen {
		return nil, nil
	}
	y := opts.YAxis{Type: "value", AxisLabel: &opts.AxisLabel{Formatter: "{value}×"}}
	marks := burnMarks()
	caption := burnRateCaption(marks)
	if top > 60 {
		// On a linear axis the thresholds would merge into the floor.
		y.Type, y.Min = "log", 0.1
		caption += " Logarithmic scale: a bar rises from 1× when the budget burns faster than its pace and falls below it when slower; a period without bad requests has none."
	}
	var lines []opts.MarkLineNameYAxisItem
	var rates []string
	for _, m := range marks {
		lines = append(lines, opts.MarkLineNameYAxisItem{Name: m.Label(), YAxis: m.Rate})
		rates = append(rates, rateText(m.Rate))
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(timeAxisOpts("chart-burnrate", y)...)
	bar.AddDataset(opts.Dataset{Source: rows})
	bar.AddSeries("Burn rate", nil,
		charts.WithEncodeOpts(opts.Encode{X: 0, Y: 1}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colorBurn}),
		charts.WithMarkLineNameYAxisItemOpts(lines...),
		charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"},
			LineStyle: &opts.LineStyle{Color: colorBad, Type: "dashed"},
			Label:     &opts.Label{Show: opts.Bool(true), Position: "insideStartTop", Formatter: "{b}"}}),
	)
	opt, err := chartOption("chart-burnrate", bar)
	if err != nil {
		return nil, err
	}
	return &htmlChart{ID: "chart-burnrate", Title: "Burn rate per " + slotName(d.width), Caption: caption,
		Label: "Burn rate per " + slotName(d.width) + " with thresholds " + andList(rates), Option: opt}, nil
}

// burnRateCaption explains the burn-rate chart with the alert rules'
// thresholds: "… the multiwindow alerts page at 14.4× over 1 h and 6×
// over 6 h. …".
func burnRateCaption(marks []burnMark) string {
	var page []string
	pace := ""
	for _, m := range marks {
		if m.Window == 0 {
			pace = rateText(m.Rate) + "×"
			continue
		}
		page = append(page, rateText(m.Rate)+"× over "+hoursText(m.Window))
	}
	return "(bad / requests) / (1 − target). " + pace + " spends the budget exactly over the period; " +
		"the multiwindow alerts page at " + andList(page) + ". Periods without requests have no bar."
}

// andList joins items as prose: "a", "a and b", "a, b and c".
func andList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// alertsTable shows the multi-window burn-rate rules replayed over the
// period: whether each is firing at its end, and when it first fired.
func alertsTable(d *htmlData) *htmlTable {
	o := d.opt.SLO
	if o == nil || len(o.Alerts) == 0 {
		return nil
	}
	t := &htmlTable{Caption: "Burn-rate alerts",
		Head: []htmlCell{{Text: "Severity"}, {Text: "Windows"}, {Text: "Threshold", Num: true}, {Text: "State"},
			{Text: "Burn long / short", Num: true}, {Text: "First fired"}, {Text: "Minutes fired", Num: true}},
		Note: "Replayed minute by minute: a rule fires while the burn rate over both windows exceeds its threshold."}
	for _, a := range o.Alerts {
		state, first := "ok", "never"
		switch {
		case a.Firing:
			state = "firing"
		case a.Fired:
			state = "fired, not firing now"
		}
		if a.Fired {
			first = localTime(a.FirstFired, d.s, "2006-01-02 15:04 MST")
		}
		t.Rows = append(t.Rows, []htmlCell{
			{Text: a.Rule.Severity},
			{Text: duration(a.Rule.Long) + " / " + duration(a.Rule.Short)},
			{Text: strconv.FormatFloat(a.Rule.Threshold, 'f', -1, 64) + "×", Num: true},
			{Text: state},
			{Text: strconv.FormatFloat(a.LongBurn, 'f', 2, 64) + " / " + strconv.FormatFloat(a.ShortBurn, 'f', 2, 64), Num: true},
			{Text: first, Note: true},
			{Text: group(a.MinutesFired), Num: true},
		})
	}
	return t
}

func gatesTable(s *aggregate.Summary, v *aggregate.Verdict) *htmlTable {
	if v == nil || len(v.Gates) == 0 {
		return nil
	}
	t := &htmlTable{Caption: "Gates", Head: []htmlCell{{Text: "Gate"}, {Text: "Result"}}}
	for _, g := range v.Gates {
		t.Rows = append(t.Rows, []htmlCell{{Text: g.Name}, {Text: GateText(s, g)}})
	}
	return t
}

func latencySection(d *htmlData) (*htmlSection, error) {
	q := d.s.Latency
	if q == nil {
		return nil, nil
	}
	sec := &htmlSection{ID: "latency", Title: "Latency",
		Intro: fmt.Sprintf("%s requests logged a duration: p50 %s, p90 %s, p95 %s, p99 %s, max %s.",
			group(q.Count), seconds(q.P50), seconds(q.P90), seconds(q.P95), seconds(q.P99), seconds(q.Max))}
	rows := make([][]any, len(d.slots))
	seen := false
	for i, p := range d.slots {
		rows[i] = []any{ms(p.Wall), nil, nil, nil}
		if l := p.Latency; l != nil && l.Count > 0 {
			rows[i] = []any{ms(p.Wall), round4(l.P50 * 1000), round4(l.P95 * 1000), round4(l.P99 * 1000)}
			seen = true
		}
	}
	if !seen {
		return sec, nil // the figures above; per-slot quantiles need unmerged buckets
	}
	line := charts.NewLine()
	line.SetGlobalOptions(timeAxisOpts("chart-latency", opts.YAxis{Type: "value", AxisLabel: &opts.AxisLabel{Formatter: "{value} ms"}})...)
	line.AddDataset(opts.Dataset{Source: rows})
	for i, name := range []string{"p50", "p95", "p99"} {
		so := []charts.SeriesOpts{
			charts.WithEncodeOpts(opts.Encode{X: 0, Y: i + 1}),
			charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false), ConnectNulls: opts.Bool(false)}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: []string{"#16a34a", "#d97706", "#dc2626"}[i]}),
		}
		if th := d.s.LatencyThreshold; th > 0 && i == 0 {
			so = append(so, charts.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{Name: "threshold", YAxis: round4(th * 1000)}),
				charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"},
					LineStyle: &opts.LineStyle{Color: colorBad, Type: "dashed"},
					Label:     &opts.Label{Show: opts.Bool(true), Position: "insideEndTop", Formatter: "SLO threshold {c} ms"}}))
		}
		line.AddSeries(name, nil, so...)
	}
	opt, err := chartOption("chart-latency", line)
	if err != nil {
		return nil, err
	}
	sec.Blocks = append(sec.Blocks, htmlBlock{Chart: &htmlChart{ID: "chart-latency", Title: "Latency per " + slotName(d.width),
		Caption: "Quantiles of the logged request durations; gaps are periods without timed requests.",
		Label:   "Latency p50, p95 and p99 per " + slotName(d.width), Option: opt}})
	return sec, nil
}

// breakdownTable lists a breakdown's top keys with their figures.
func breakdownTable(key string, b aggregate.Breakdown) *htmlTable {
	t := &htmlTable{Head: []htmlCell{{Text: key}, {Text: "Requests", Num: true}, {Text: "Bad", Num: true},
		{Text: "Availability", Num: true}, {Text: "p99", Num: true}}}
	for _, k := range b.Keys {
		p99 := "—"
		if k.Latency != nil {
			p99 = seconds(k.Latency.P99)
		}
		t.Rows = append(t.Rows, []htmlCell{
			{Text: visible([]byte(k.Key)), Code: true},
			{Text: group(k.Requests), Num: true},
			{Text: group(k.Bad), Num: true},
			{Text: keyAvailability(k), Num: true},
			{Text: p99, Num: true},
		})
	}
	if b.Capped {
		t.Note = fmt.Sprintf("More than %s distinct keys: the rest are counted under %s.", group(aggregate.BreakdownCap), aggregate.OtherKey)
	}
	return t
}

// hostsSection and upstreamsSection are tables only: formats that log a
// virtual host or an upstream status have them.
func hostsSection(d *htmlData) (*htmlSection, error) {
	if len(d.s.Hosts.Keys) == 0 {
		return nil, nil
	}
	return &htmlSection{ID: "hosts", Title: "Hosts", Intro: "Virtual hosts, the top ones by bad requests.",
		Blocks: []htmlBlock{{Table: breakdownTable("Host", d.s.Hosts)}}}, nil
}

func upstreamsSection(d *htmlData) (*htmlSection, error) {
	if len(d.s.Upstreams.Keys) == 0 {
		return nil, nil
	}
	return &htmlSection{ID: "upstreams", Title: "Upstream statuses", Intro: "Requests by the status the backend returned.",
		Blocks: []htmlBlock{{Table: breakdownTable("Upstream status", d.s.Upstreams)}}}, nil
}

// maxEndpointBars bounds the endpoint chart; the table lists them all.
const maxEndpointBars = 10

func endpointsSection(d *htmlData) (*htmlSection, error) {
	b := d.s.Endpoints
	if len(b.Keys) == 0 {
		return nil, nil
	}
	sec := &htmlSection{ID: "endpoints", Title: "Endpoints",
		Intro: "Paths with ids collapsed (/users/:id), the top ones by bad requests."}
	var names []string
	var data []opts.BarData
	for _, k := range b.Keys {
		if k.Bad > 0 && len(names) < maxEndpointBars {
			names = append(names, cut(visible([]byte(k.Key)), 48))
			data = append(data, opts.BarData{Value: k.Bad})
		}
	}
	if len(names) > 0 {
		// Largest at the top of a horizontal bar chart.
		for i, k := 0, len(names)-1; i < k; i, k = i+1, k-1 {
			names[i], names[k] = names[k], names[i]
			data[i], data[k] = data[k], data[i]
		}
		bar := charts.NewBar()
		bar.SetGlobalOptions(append(baseOpts("chart-endpoints"),
			charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
			charts.WithXAxisOpts(opts.XAxis{Type: "value", MinInterval: 1}),
			charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: names}))...)
		bar.AddSeries("Bad requests", data, charts.WithItemStyleOpts(opts.ItemStyle{Color: colorBad}),
			charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right"}))
		opt, err := chartOption("chart-endpoints", bar)
		if err != nil {
			return nil, err
		}
		sec.Blocks = append(sec.Blocks, htmlBlock{Chart: &htmlChart{ID: "chart-endpoints", Title: "Top endpoints by bad requests",
			Label: "Bad requests of the " + plural(int64(len(names)), "endpoint") + " with the most", Option: opt}})
	}
	t := breakdownTable("Endpoint", b)
	sec.Blocks = append(sec.Blocks, htmlBlock{Table: t})
	return sec, nil
}

func malformedSection(d *htmlData) (*htmlSection, error) {
	s := d.s
	if s.Lines.Malformed == 0 {
		return nil, nil
	}
	sec := &htmlSection{ID: "malformed", Title: "Malformed lines",
		Intro: fmt.Sprintf("%s of %s lines (%s) could not be parsed.",
			group(s.Lines.Malformed), group(s.Lines.Read), share(s.Lines.Malformed, s.Lines.Read))}
	reasons := byCount(s.Malformed)
	t := &htmlTable{Head: []htmlCell{{Text: "Reason"}, {Text: "Lines", Num: true}}}
	for _, r := range reasons {
		t.Rows = append(t.Rows, []htmlCell{{Text: visible([]byte(r))}, {Text: group(s.Malformed[r]), Num: true}})
	}
	sec.Blocks = append(sec.Blocks, htmlBlock{Table: t})
	var samples []htmlSample
	for _, smp := range s.Samples {
		samples = append(samples, htmlSample{
			Where:  visible([]byte(smp.Input)) + ":" + strconv.FormatInt(smp.Line, 10),
			Reason: visible([]byte(smp.Reason)),
			Text:   visible(smp.Text),
		})
	}
	if len(samples) > 0 {
		sec.Blocks = append(sec.Blocks, htmlBlock{Samples: samples})
	}
	return sec, nil
}

func sourcesSection(d *htmlData) (*htmlSection, error) {
	if len(d.s.Inputs) == 0 {
		return nil, nil
	}
	t := &htmlTable{Head: []htmlCell{{Text: "Source"}, {Text: "Compression"}, {Text: "Format"},
		{Text: "Lines", Num: true}, {Text: "Parsed", Num: true}, {Text: "Malformed", Num: true}, {Text: "Period"}}}
	for _, in := range d.s.Inputs {
		period := "—"
		if in.Span.Valid {
			const layout = "2006-01-02 15:04:05 MST"
			period = localTime(in.Span.First, d.s, layout) + " → " + localTime(in.Span.Last, d.s, layout)
		}
		comp := in.Compression
		if comp == "none" {
			comp = "plain"
		}
		t.Rows = append(t.Rows, []htmlCell{
			{Text: visible([]byte(in.Name)), Code: true},
			{Text: visible([]byte(comp))},
			{Text: visible([]byte(in.Format)) + ", " + formatHow(in)},
			{Text: group(in.Lines.Read), Num: true},
			{Text: group(in.Lines.Parsed), Num: true},
			{Text: group(in.Lines.Malformed), Num: true},
			{Text: period, Note: true},
		})
	}
	return &htmlSection{ID: "sources", Title: "Sources", Blocks: []htmlBlock{{Table: t}}}, nil
}

// referenceSection embeds what the registry knows about the codes in the
// report, so the codes table links within the file and the report needs no
// network to explain a code. Codes nobody is known to use share one entry
// per kind: a log of garbage statuses must not grow a card per code.
func referenceSection(d *htmlData) (*htmlSection, error) {
	if len(d.s.Codes) == 0 {
		return nil, nil
	}
	var refs []htmlRef
	kinds := map[string]bool{}
	for _, code := range sortedCodes(d.s.Codes) {
		ms := reference.Meanings(code)
		if len(ms) == 0 {
			kinds[refID(code)] = true
			continue
		}
		r := htmlRef{ID: refID(code), Code: strconv.Itoa(code), Class: reference.ClassOf(code).String(), Phrase: ms[0].Phrase}
		for _, m := range ms {
			who := "IANA: " + m.Status.String()
			if m.Vendor != "" {
				who = m.Vendor + ": " + m.Phrase
			}
			text := who
			if m.Summary != "" {
				text += " — " + m.Summary
			}
			r.Meanings = append(r.Meanings, htmlMeaning{Text: text, Ref: m.Ref, URL: m.Source})
		}
		refs = append(refs, r)
	}
	if kinds["ref-nonstandard"] {
		refs = append(refs, htmlRef{ID: "ref-nonstandard", Code: "*", Phrase: "Nonstandard status", Class: "100–599",
			Meanings: []htmlMeaning{{Text: "a code the IANA registry does not list and no known vendor uses"}}})
	}
	if kinds["ref-invalid"] {
		refs = append(refs, htmlRef{ID: "ref-invalid", Code: "†", Phrase: "Invalid status", Class: "no class",
			Meanings: []htmlMeaning{{Text: "outside 100–599, so not an HTTP status code: counted as a request, in no class"}}})
	}
	return &htmlSection{ID: "reference", Title: "Status code reference",
		Intro:  "What the IANA registry and the vendors that use them say about the codes above.",
		Blocks: []htmlBlock{{Refs: refs}}}, nil
}

// refID is the anchor of a code's reference entry.
func refID(code int) string {
	switch {
	case len(reference.Meanings(code)) > 0:
		return "ref-" + strconv.Itoa(code)
	case !reference.Valid(code):
		return "ref-invalid"
	}
	return "ref-nonstandard"
}
