package report

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slareport/slareport/aggregate"
)

// echartsSHA256 pins the embedded dist/echarts.min.js of the npm package
// echarts@5.4.3, as published.
const echartsSHA256 = "1156429a16a38cb8604dcc6518c19406d4226142d908f8edd2e3531443c54d19"

func TestEChartsAssetIsPinned(t *testing.T) {
	h := sha256.Sum256([]byte(echartsJS))
	if got := hex.EncodeToString(h[:]); got != echartsSHA256 {
		t.Errorf("assets/echarts.min.js has sha256 %s, want %s (npm echarts@%s)", got, echartsSHA256, echartsVersion)
	}
	for _, f := range []string{"assets/LICENSE", "assets/NOTICE", "assets/LICENSE-d3"} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("the echarts licence files must ship with it: %v", err)
		}
	}
}

func renderHTML(t testing.TB, s *aggregate.Summary, opt HTMLOptions) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := HTML(&b, s, opt); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withoutECharts replaces the megabyte of embedded ECharts with a line
// naming it, so the golden file shows the report and stays reviewable.
func withoutECharts(t testing.TB, page []byte) []byte {
	t.Helper()
	js := string(htmlAssets().ECharts)
	if bytes.Count(page, []byte(js)) != 1 {
		t.Fatal("the page must inline ECharts exactly once")
	}
	return bytes.Replace(page, []byte(js), []byte("/* echarts.min.js "+echartsVersion+" inlined here */"), 1)
}

func TestHTMLGolden(t *testing.T) {
	s := fixture()
	slo := sloFixture(t, s, "99.9")
	for _, tc := range []struct {
		name string
		s    *aggregate.Summary
		opt  HTMLOptions
	}{
		{"report.html", s, HTMLOptions{Options: slo}},
		{"stamped.html", s, HTMLOptions{Options: slo, Generated: time.Date(2026, 11, 4, 8, 30, 0, 0, time.UTC)}},
		{"empty.html", &aggregate.Summary{}, HTMLOptions{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			golden(t, tc.name, withoutECharts(t, renderHTML(t, tc.s, tc.opt)))
		})
	}
}

// sample runs the pipeline on the bundled sample log, judged against 99.9%.
func sample(t testing.TB) (*aggregate.Summary, Options) {
	t.Helper()
	s, err := aggregate.Run(context.Background(), []string{filepath.Join("..", "testdata", "access.log.gz")}, aggregate.Options{Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	o := s.Evaluate(target(t, "99.9"))
	return s, Options{SLO: &o}
}

// TestHTMLDeterministic renders the same report twice from separate runs of
// the pipeline: the bytes must not change (no random chart ids, no map
// order, no clock).
func TestHTMLDeterministic(t *testing.T) {
	var pages [2][]byte
	for i := range pages {
		s, opt := sample(t)
		pages[i] = renderHTML(t, s, HTMLOptions{Options: opt})
	}
	if !bytes.Equal(pages[0], pages[1]) {
		t.Error("two renders of the same logs differ")
	}
	if bytes.Contains(pages[0], []byte("Made by slareport on")) {
		t.Error("a report without a stamp must not carry a time")
	}
}

func TestHTMLSize(t *testing.T) {
	const limit = 1536 * 1024
	s, opt := sample(t)
	if n := len(renderHTML(t, s, HTMLOptions{Options: opt})); n > limit {
		t.Errorf("sample report is %d bytes, over %d", n, limit)
	}
	// A year of hours, every code, many sources: charts regroup and the
	// page stays under the target.
	big := &aggregate.Summary{BucketSeconds: 3600, Codes: map[int]int64{}}
	for h := int64(0); h < 365*24; h++ {
		big.Buckets = append(big.Buckets, aggregate.Bucket{Start: 1767225600 + h*3600, End: 1767225600 + (h+1)*3600,
			Counts: aggregate.Counts{Classes: [5]int64{1, 1000, 100, 50, 3}, Invalid: 1, Bad: 3}})
	}
	for c := 0; c < 1000; c++ {
		big.Codes[c] = int64(c + 1)
		big.Lines.Parsed += int64(c + 1)
	}
	for i := 0; i < 200; i++ {
		big.Inputs = append(big.Inputs, aggregate.Input{Name: strings.Repeat("x", 200), Format: "combined"})
	}
	big.Span = aggregate.Span{First: 1767225600, Last: 1767225600 + 365*86400, Valid: true}
	o := big.Evaluate(target(t, "99.9"))
	if n := len(renderHTML(t, big, HTMLOptions{Options: Options{SLO: &o}})); n > limit {
		t.Errorf("a year-long report is %d bytes, over %d", n, limit)
	}
}

var (
	inlineScript = regexp.MustCompile(`(?s)<script>(.*?)</script>`)
	inlineStyle  = regexp.MustCompile(`(?s)<style>(.*?)</style>`)
	cspMeta      = regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`)
	jsonBlock    = regexp.MustCompile(`(?s)<script type="application/json" id="([^"]+)">(.*?)</script>`)
)

// TestHTMLContentSecurityPolicy checks that the policy admits exactly the
// page's own inline script and style blocks, by hash, and nothing else.
func TestHTMLContentSecurityPolicy(t *testing.T) {
	page := renderHTML(t, fixture(), HTMLOptions{Options: sloFixture(t, fixture(), "99.9")})
	m := cspMeta.FindSubmatch(page)
	if m == nil {
		t.Fatal("no Content-Security-Policy meta tag")
	}
	csp := strings.ReplaceAll(strings.ReplaceAll(string(m[1]), "&#39;", "'"), "&#43;", "+")
	directives := map[string]string{}
	for _, d := range strings.Split(csp, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		directives[name] = value
	}
	for name, want := range map[string]string{"default-src": "'none'", "img-src": "'none'", "connect-src": "'none'", "base-uri": "'none'", "form-action": "'none'"} {
		if directives[name] != want {
			t.Errorf("%s is %q, want %q", name, directives[name], want)
		}
	}
	if strings.Contains(csp, "unsafe") || strings.Contains(csp, "*") || strings.Contains(csp, "http") || strings.Contains(csp, "data:") {
		t.Errorf("policy allows more than hashes: %s", csp)
	}
	check := func(kind string, re *regexp.Regexp, directive string) {
		blocks := re.FindAllSubmatch(page, -1)
		allowed := strings.Fields(directives[directive])
		if len(blocks) == 0 || len(blocks) != len(allowed) {
			t.Errorf("%d inline %s blocks, %d hashes in %s", len(blocks), kind, len(allowed), directive)
		}
		for _, b := range blocks {
			if h := cspHash(string(b[1])); !strings.Contains(directives[directive], h) {
				t.Errorf("inline %s block %.40q... has hash %s, not in %s", kind, b[1], h, directive)
			}
		}
	}
	check("script", inlineScript, "script-src")
	check("style", inlineStyle, "style-src")
}

const (
	hostileName = "<img src=x onerror=alert(1)>\x1b]0;title\x07\"'.log"
	hostileLine = "</script><script>alert(1)</script><!--<script> \u2028\u2029 {{.Title}} ${alert(1)} " +
		"<a href=\"javascript:alert(1)\">x</a> \x00\xff\xfe \u202e \x1b[2J"
)

// hostileSummary is the fixture with every string a log controls replaced
// by an attack.
func hostileSummary() *aggregate.Summary {
	s := fixture()
	for i := range s.Samples {
		s.Samples[i].Input = hostileName
		s.Samples[i].Text = []byte(hostileLine)
		s.Samples[i].Reason = "bad status <b>"
	}
	s.Inputs[0].Name = hostileName
	s.Inputs[1].Format = `$remote_addr "<script>` // a --log-format string is shown too
	s.Endpoints = aggregate.Breakdown{Keys: []aggregate.KeyStats{{Key: hostileLine, Requests: 10, Bad: 2,
		Samples: []aggregate.Sample{{Input: hostileName, Line: 7, Text: []byte(hostileLine)}}}}, Distinct: 1}
	s.Window.Label = hostileName
	// Who sent the requests: every key is text from a log.
	top := aggregate.TopTable{Distinct: 1, Top: []aggregate.KeyStats{{Key: hostileLine, Requests: 10, Bad: 2}},
		TopBad: []aggregate.KeyStats{{Key: hostileLine, Requests: 10, Bad: 2}}}
	s.Insight = &aggregate.Insight{Clients: top, UserAgents: top, Referrers: top,
		ClientErrors: []aggregate.KeyStats{{Key: hostileLine, Requests: 10, Codes: map[int]int64{404: 3}}}}
	return s
}

func TestHTMLHostileTextIsEscaped(t *testing.T) {
	page := renderHTML(t, hostileSummary(), HTMLOptions{Options: sloFixture(t, fixture(), "99.9")})
	body := withoutECharts(t, page)
	if !utf8.Valid(page) {
		t.Error("page is not valid UTF-8")
	}
	if bytes.ContainsAny(body, "\x00\x1b\x07\u202e") {
		t.Error("page carries raw control or bidi characters")
	}
	for _, bad := range []string{"<img", "<script>alert", "<a href=\"javascript", "javascript:alert(1)\"", "<!--<script>"} {
		if bytes.Contains(body, []byte(bad)) {
			t.Errorf("page contains %q unescaped", bad)
		}
	}
	// The text is there, escaped and spelled out, not dropped.
	for _, want := range []string{"&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;", `\x1b]0;title\x07`, `\x00\xff\xfe`, `\u{202e}`} {
		if !bytes.Contains(body, []byte(want)) {
			t.Errorf("page lacks the escaped text %q", want)
		}
	}
	// Only the page's own scripts: ECharts, the chart drawer, the
	// filters, and JSON.
	if n, want := bytes.Count(body, []byte("<script")), 3+len(jsonBlock.FindAll(body, -1))+bytes.Count(body, []byte(`<script type="application/json" data-filter`)); n != want {
		t.Errorf("%d <script> tags, want %d", n, want)
	}
}

// TestChartJSONIsScriptSafe checks every chart's data block: JSON that
// cannot end its <script> element or start a comment in it.
func TestChartJSONIsScriptSafe(t *testing.T) {
	for name, page := range map[string][]byte{
		"sample":  func() []byte { s, opt := sample(t); return renderHTML(t, s, HTMLOptions{Options: opt}) }(),
		"hostile": renderHTML(t, hostileSummary(), HTMLOptions{Options: sloFixture(t, fixture(), "99.9")}),
	} {
		blocks := jsonBlock.FindAllSubmatch(page, -1)
		if len(blocks) < 5 {
			t.Errorf("%s: %d chart blocks, want at least 5", name, len(blocks))
		}
		for _, b := range blocks {
			if bytes.ContainsAny(b[2], "<>&\u2028\u2029") {
				t.Errorf("%s %s: chart JSON holds a character a script context must not see raw", name, b[1])
			}
			var v map[string]any
			if err := json.Unmarshal(b[2], &v); err != nil {
				t.Errorf("%s %s: %v", name, b[1], err)
			}
			if v["useUTC"] != true {
				t.Errorf("%s %s: charts must not use the reader's time zone", name, b[1])
			}
		}
	}
}

// TestHTMLSectionsFollowTheData: a section whose data is absent is absent.
func TestHTMLSectionsFollowTheData(t *testing.T) {
	s := fixture()
	bare := fixture()
	bare.Latency, bare.Endpoints = nil, aggregate.Breakdown{}
	cases := []struct {
		name     string
		s        *aggregate.Summary
		opt      Options
		has, not []string
	}{
		{"with SLO", s, sloFixture(t, s, "99.9"), []string{`id="budget"`, `id="chart-burndown"`, `id="chart-burnrate"`, `id="malformed"`, ">breached<"}, nil},
		{"without SLO", s, Options{}, []string{`id="chart-availability"`, `id="chart-codes"`}, []string{`id="budget"`, "Error budget left"}},
		{"no latency, no endpoints", bare, Options{}, nil, []string{`id="latency"`, `id="endpoints"`}},
		{"latency and endpoints", s, Options{}, []string{`id="latency"`, `id="endpoints"`}, nil},
		{"endpoints", hostileSummary(), Options{}, []string{`id="endpoints"`, `id="chart-endpoints"`}, nil},
		{"who sent the requests", hostileSummary(), Options{}, []string{`id="who"`, ">Top clients<", ">Top user agents<",
			">Top referrers<", ">Client errors (4xx) by endpoint<", ">Bad lines by endpoint<", "No request came from a robot"}, nil},
		{"no tables of who sent the requests", s, Options{}, nil, []string{`id="who"`}},
		{"empty", &aggregate.Summary{}, Options{}, []string{">no data<"}, []string{`data-chart role`, `id="malformed"`, `id="codes"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			page := string(withoutECharts(t, renderHTML(t, tc.s, HTMLOptions{Options: tc.opt})))
			for _, h := range tc.has {
				if !strings.Contains(page, h) {
					t.Errorf("page lacks %s", h)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(page, n) {
					t.Errorf("page has %s", n)
				}
			}
		})
	}
}

type panicky struct{}

func (panicky) Validate()            { panic("index out of range") }
func (panicky) JSON() map[string]any { return nil }

func TestChartPanicBecomesError(t *testing.T) {
	_, err := chartOption("chart-x", panicky{})
	if err == nil || !strings.Contains(err.Error(), "chart-x") {
		t.Errorf("chartOption on a panicking chart: %v, want an error naming it", err)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestHTMLReportsWriteErrors(t *testing.T) {
	if err := HTML(failingWriter{}, fixture(), HTMLOptions{}); err == nil {
		t.Error("HTML must return the writer's error")
	}
}

// TestEndpointChartNamesItsBars: the bar chart of endpoints must carry the
// endpoint names on its category axis (an axis swap once dropped them).
func TestEndpointChartNamesItsBars(t *testing.T) {
	page := string(withoutECharts(t, renderHTML(t, fixture(), HTMLOptions{})))
	i := strings.Index(page, `id="chart-endpoints-option">`)
	if i < 0 {
		t.Fatal("no endpoint chart")
	}
	opt := page[i:]
	opt = opt[:strings.Index(opt, "</script>")]
	if !strings.Contains(opt, `"type":"category","data":[`) || !strings.Contains(opt, `/api/v1/orders/:id`) {
		t.Errorf("endpoint chart without names: %s", opt)
	}
}

// TestBurnRateChartLines: the burn-rate chart names aggregate's four
// rules as the alert table spells them, and a linear axis reaches above
// the highest threshold whatever the bars.
func TestBurnRateChartLines(t *testing.T) {
	var names []string
	for _, r := range aggregate.AlertRules {
		names = append(names, ruleName(r))
	}
	if got, want := strings.Join(names, " | "), "page 1h / 5m 14.4× | page 6h / 30m 6× | ticket 1d / 2h 3× | ticket 3d / 6h 1×"; strings.ReplaceAll(got, "\u00a0", " ") != want {
		t.Errorf("rules %q, want %q", got, want)
	}
	for _, tc := range []struct{ top, want float64 }{{0.3, 20}, {8.7, 20}, {19.9, 20}, {20, 25}, {42, 45}} {
		if got := burnAxisMax(aggregate.AlertRules, tc.top); got != tc.want {
			t.Errorf("burnAxisMax(top %g) = %g, want %g", tc.top, got, tc.want)
		}
	}
	for in, want := range map[string]string{"": "", "a": "a", "a b": "a and b", "a b c": "a, b and c"} {
		if got := andList(strings.Fields(in)); got != want {
			t.Errorf("andList(%q) = %q, want %q", in, got, want)
		}
	}
}
