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
	"strings"
	"sync"
	"time"

	"github.com/slareport/slareport/aggregate"
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

//go:embed html_filter.js
var filterJS string

//go:embed html_filter.css
var filterCSS string

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
		CSS:     template.CSS(norm(htmlCSS + filterCSS)),
		ECharts: template.JS(norm(echartsJS)),
		Boot:    template.JS(norm(htmlJS)),
		Filter:  template.JS(norm(filterJS)),
	}
	a.CSP = strings.Join([]string{
		"default-src 'none'",
		"script-src " + cspHash(string(a.ECharts)) + " " + cspHash(string(a.Boot)) + " " + cspHash(string(a.Filter)),
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
	Filter  template.JS // html_filter.js
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
	// Live, when set, makes the page of a follow run that updates itself.
	Live *HTMLLive
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
	Live      *htmlLiveView // nil: a page that never changes
	// FilterData is the JSON the filters recompute sections from; nil
	// when the Summary kept no per-status counts (see html_filter.go).
	FilterData json.RawMessage
}

// htmlCard is one figure in the header. Tone is "good", "bad", "warn" or
// empty and only ever a constant.
type htmlCard struct {
	Label, Value, Detail, Tone string
	// Key names a card the filters recompute ("availability", "slo",
	// "budget", "requests", "5xx", "4xx"); empty for the others.
	Key  string
	Big  bool // the headline figure
	Text bool // a value in words, set smaller
	Path bool // a value that is a path, which wraps after its '/'
}

// htmlSection is a titled part of the page. Sections and their blocks are
// built by small functions of the Summary that return nil when their data
// is absent: a report without an SLO has no error-budget section.
type htmlSection struct {
	ID, Title, Intro string
	// Link, when set, follows the introduction.
	Link   *htmlLink
	Blocks []htmlBlock
}

// htmlLink is a link the report builds itself: Href never holds text from
// a log.
type htmlLink struct{ Text, Href string }

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
	// Height, when not zero, is the chart's height in CSS pixels, for a
	// chart whose height follows its content; else the stylesheet's.
	Height int
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
	Path   bool   // with Code: a path, which may break only after a '/'
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
	objectivesSection,
	budgetSection,
	historySection,
	compareSection,
	classesSection,
	codesSection,
	latencySection,
	endpointsSection,
	hostsSection,
	upstreamsSection,
	whoSection,
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
	if opt.Live != nil {
		v.Live, v.CSP = opt.Live.view()
	}
	v.FilterData = htmlFilter(s, opt.Options)
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
