package report

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/slareport/slareport/internal/browsertest"
	"github.com/slareport/slareport/reference"
)

func codesPage(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := CodesHTML(&b, reference.AllMeanings()); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestCodesPageSelfContained checks the page's policy without a browser:
// its CSP names the hashes of the inline style and script it actually
// contains, fetches nothing, and the page references no other resource.
func TestCodesPageSelfContained(t *testing.T) {
	page := string(codesPage(t))
	m := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no CSP meta element")
	}
	csp := m[1]
	hash := func(open, close string) string {
		i := strings.Index(page, open)
		j := strings.Index(page[i:], close)
		if i < 0 || j < 0 {
			t.Fatalf("page has no %s block", open)
		}
		sum := sha256.Sum256([]byte(page[i+len(open) : i+j]))
		return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	for _, want := range []string{
		"default-src 'none'",
		"style-src " + hash("<style>", "</style>"),
		"script-src " + hash("<script>", "</script>"),
	} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "http") {
		t.Errorf("CSP allows too much: %q", csp)
	}
	// Nothing loads: no src attributes, and the only <link> is the empty
	// data: icon that stops browsers asking for /favicon.ico.
	if regexp.MustCompile(`\ssrc=`).MatchString(page) {
		t.Error("page has a src attribute")
	}
	if n := strings.Count(page, "<link"); n != 1 || !strings.Contains(page, `<link rel="icon" href="data:,">`) {
		t.Errorf("page has %d <link> elements", n)
	}
	if n := strings.Count(page, "<script>"); n != 1 {
		t.Errorf("page has %d executable scripts, want 1", n)
	}
}

func TestCodeEntryHTML(t *testing.T) {
	got := string(CodeEntryHTML(499))
	for _, s := range []string{`<div class="code-entry" data-code="499">`, "Client Closed Request", "Token Required", "<dt>SLA</dt>", "408 Request Timeout"} {
		if !strings.Contains(got, s) {
			t.Errorf("CodeEntryHTML(499) lacks %q", s)
		}
	}
	if strings.Contains(got, `href="#`) {
		t.Error("CodeEntryHTML links to panels a report does not have")
	}
	if got := CodeEntryHTML(299); got != "" {
		t.Errorf("CodeEntryHTML(299) = %q, want empty", got)
	}
	if !strings.Contains(string(CodeEntryHTML(444)), "<code>return 444;</code>") {
		t.Error("backquoted snippets are not <code>")
	}
}

// pageWatch records what a browser does with a page: requests, console
// messages at error level and uncaught exceptions.
type pageWatch struct {
	mu       sync.Mutex
	requests []string
	problems []string
}

func (w *pageWatch) listen(t *testing.T, ctx context.Context) {
	err := chromedp.Listen(ctx, func(ev any) {
		w.mu.Lock()
		defer w.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			w.requests = append(w.requests, ev.Request.URL)
		case *runtime.EventExceptionThrown:
			w.problems = append(w.problems, "exception: "+ev.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
				w.problems = append(w.problems, "console."+string(ev.Type))
			}
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError || ev.Entry.Level == cdplog.EntryLevelWarning {
				w.problems = append(w.problems, "log: "+ev.Entry.Text)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (w *pageWatch) snapshot() (requests, problems []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.requests), slices.Clone(w.problems)
}

// servePage serves page at /codes.html and counts every request by path.
func servePage(t *testing.T, page []byte) (*httptest.Server, func() []string) {
	var mu sync.Mutex
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		mu.Unlock()
		if r.URL.Path != "/codes.html" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []string { mu.Lock(); defer mu.Unlock(); return slices.Clone(paths) }
}

func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// visibleRows returns the list as the user sees it, top to bottom, as
// "code vendor" strings.
const visibleRowsJS = `Array.from(document.querySelectorAll('#rows li[data-i]')).filter(li => !li.hidden && li.offsetParent !== null).map(li => li.querySelector('.code').textContent + ' ' + li.dataset.vendor)`

func rowKey(m reference.Meaning) string { return strconv.Itoa(m.Code) + " " + m.Vendor }

// expectRows is what the page should show: Go's search (or every meaning)
// narrowed by the class button and vendor select, in Go's order.
func expectRows(query, class, vendor string) []string {
	var ms []reference.Meaning
	if strings.TrimSpace(query) == "" {
		ms = reference.AllMeanings()
	} else {
		for _, r := range reference.Search(query) {
			ms = append(ms, r.Meaning)
		}
	}
	var out []string
	for _, m := range ms {
		switch {
		case class == "n" && m.Kind != reference.KindUnofficial,
			class != "" && class != "n" && strconv.Itoa(int(m.Class)) != class,
			vendor == "iana" && m.Kind == reference.KindUnofficial,
			vendor != "" && vendor != "iana" && m.Vendor != vendor:
			continue
		}
		out = append(out, rowKey(m))
	}
	return out
}

// setQuery replaces the search box's text the way typing does.
func setQuery(t *testing.T, ctx context.Context, q string) {
	t.Helper()
	run(t, ctx, chromedp.Evaluate[chromedp.Void](`(() => { const q = document.getElementById('q'); q.value = `+strconv.Quote(q)+`; q.dispatchEvent(new Event('input')); })()`))
}

func TestCodesPageInBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	var watch pageWatch
	watch.listen(t, ctx)
	srv, served := servePage(t, codesPage(t))
	url := srv.URL + "/codes.html"
	do(t, ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.ID("q")))

	all := expectRows("", "", "")
	if got := run(t, ctx, chromedp.Evaluate[[]string](visibleRowsJS)); !slices.Equal(got, all) {
		t.Fatalf("on load the page shows %d rows, want all %d", len(got), len(all))
	}

	t.Run("type a query", func(t *testing.T) {
		do(t, ctx, chromedp.SendKeys(chromedp.ID("q"), "timeout"))
		got := run(t, ctx, chromedp.Evaluate[[]string](visibleRowsJS))
		if want := expectRows("timeout", "", ""); !slices.Equal(got, want) {
			t.Errorf("after typing timeout the page shows\n%q\nGo's search gives\n%q", got, want)
		}
		for _, c := range []string{"408 ", "504 ", "522 Cloudflare", "524 Cloudflare", "598 informal", "599 informal"} {
			if !slices.Contains(got, c) {
				t.Errorf("timeout: %q not shown in %q", c, got)
			}
		}
		if n := run(t, ctx, chromedp.Text(chromedp.ID("count"))); n != strconv.Itoa(len(got))+" of "+strconv.Itoa(len(all))+" entries" {
			t.Errorf("count says %q with %d rows shown", n, len(got))
		}
	})

	t.Run("click a class filter", func(t *testing.T) {
		do(t, ctx, chromedp.Click(chromedp.CSS(`button[data-class="4"]`)))
		got := run(t, ctx, chromedp.Evaluate[[]string](visibleRowsJS))
		if want := expectRows("timeout", "4", ""); !slices.Equal(got, want) || len(got) == 0 {
			t.Errorf("timeout + 4xx shows %q, want %q", got, want)
		}
		for _, r := range got {
			if !strings.HasPrefix(r, "4") {
				t.Errorf("4xx filter shows %q", r)
			}
		}
		if p := run(t, ctx, chromedp.AttributeValue(chromedp.CSS(`button[data-class="4"]`), "aria-pressed")); p.Value != "true" {
			t.Errorf("4xx button aria-pressed = %q", p.Value)
		}
		// Escape clears the search; the class filter stays.
		do(t, ctx, chromedp.SendKeys(chromedp.ID("q"), kb.Escape))
		got = run(t, ctx, chromedp.Evaluate[[]string](visibleRowsJS))
		if want := expectRows("", "4", ""); !slices.Equal(got, want) {
			t.Errorf("4xx without a query shows %d rows, want %d", len(got), len(want))
		}
		do(t, ctx, chromedp.Click(chromedp.CSS(`button[data-class="n"]`)))
		if got, want := run(t, ctx, chromedp.Evaluate[[]string](visibleRowsJS)), expectRows("", "n", ""); !slices.Equal(got, want) {
			t.Errorf("nonstandard shows %q, want %q", got, want)
		}
		do(t, ctx, chromedp.Click(chromedp.CSS(`button[data-class=""]`)))
	})

	t.Run("vendor filter", func(t *testing.T) {
		run(t, ctx, chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById('vendor'); s.value = 'Cloudflare'; s.dispatchEvent(new Event('change')); })()`))
		got := run(t, ctx, chromedp.Evaluate[[]string](visibleRowsJS))
		if want := expectRows("", "", "Cloudflare"); !slices.Equal(got, want) || len(got) != 9 {
			t.Errorf("Cloudflare shows %q, want %q", got, want)
		}
		run(t, ctx, chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById('vendor'); s.value = ''; s.dispatchEvent(new Event('change')); })()`))
	})

	// The page's search is a JavaScript copy of reference.Search; both must
	// pass the shared table of queries, and find and rank the same rows for
	// it and for every phrase, alias and synonym.
	t.Run("queries table", func(t *testing.T) {
		cases := readQueriesTable(t)
		if len(cases) < 40 {
			t.Errorf("%s has %d queries, want at least 40", queriesTable, len(cases))
		}
		for _, qc := range cases {
			setQuery(t, ctx, qc.query)
			got := run(t, ctx, chromedp.Evaluate[[]string](visibleRowsJS))
			var top []string
			for _, r := range got[:min(3, len(got))] {
				top = append(top, strings.Fields(r)[0])
			}
			for _, c := range qc.top3 {
				if !slices.Contains(top, c) {
					t.Errorf("%s:%d: the page's top 3 for %q are %q, want %s among them (%s)", queriesTable, qc.line, qc.query, top, c, qc.why)
				}
			}
			if want := expectRows(qc.query, "", ""); !slices.Equal(got, want) {
				t.Errorf("query %q: page shows\n%q\nGo ranks\n%q", qc.query, got, want)
			}
		}
		setQuery(t, ctx, "")
	})
	t.Run("same ranking as Go", func(t *testing.T) {
		queries := []string{"too many", "gatewya", "499", "client closed", "Request-URI", "cloudflare origin", "zzzqqq", "I\u2019m a teapot", "TIMEOUTS", "limited", "vs", "the", "499 esri", "4040 52"}
		for _, m := range reference.AllMeanings() {
			queries = append(queries, m.Phrase)
			queries = append(queries, m.Aliases...)
			queries = append(queries, m.Headers...)
		}
		for _, syn := range reference.Synonyms() {
			queries = append(queries, syn.Words)
		}
		for _, q := range queries {
			setQuery(t, ctx, q)
			got := run(t, ctx, chromedp.Evaluate[[]string](visibleRowsJS))
			if want := expectRows(q, "", ""); !slices.Equal(got, want) {
				t.Errorf("query %q: page shows\n%q\nGo ranks\n%q", q, got, want)
			}
		}
		setQuery(t, ctx, "")
	})

	// Comparisons show when the query names two of their codes, as the
	// codes command shows them.
	t.Run("comparisons", func(t *testing.T) {
		const shownJS = `Array.from(document.querySelectorAll('.compare')).filter(c => !c.hidden && c.offsetParent !== null).map(c => c.querySelector('h2').textContent)`
		for _, q := range []string{"401 vs 403", "403 401", "301 308", "502 503 504", "difference between 404 and 410", "500 or 503", "400 422", "401", "teapot", "401 404", ""} {
			setQuery(t, ctx, q)
			got := run(t, ctx, chromedp.Evaluate[[]string](shownJS))
			named, _ := reference.CodesIn(q)
			var want []string
			for _, c := range reference.Comparisons(named) {
				want = append(want, c.Title())
			}
			if !slices.Equal(got, want) && (len(got) != 0 || len(want) != 0) {
				t.Errorf("query %q shows comparisons %q, want %q", q, got, want)
			}
		}
		setQuery(t, ctx, "401 vs 403")
		text := run(t, ctx, chromedp.Text(chromedp.CSS(`.compare[data-codes="401 403"]`)))
		for _, s := range []string{"401 Unauthorized", "403 Forbidden", "WWW-Authenticate with a challenge (required)", "not with the same credentials"} {
			if !strings.Contains(text, s) {
				t.Errorf("the 401 vs 403 comparison lacks %q: %q", s, text)
			}
		}
		// The four redirects side by side fit a phone without moving the page.
		do(t, ctx, chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile))
		setQuery(t, ctx, "301 vs 308")
		if over := run(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)); over {
			t.Error("the redirect comparison makes the page scroll sideways on a phone")
		}
		do(t, ctx, chromedp.EmulateReset())
		setQuery(t, ctx, "")
	})

	t.Run("keyboard", func(t *testing.T) {
		// "/" focuses the search box from anywhere; Enter opens the best match.
		do(t, ctx, chromedp.Focus(chromedp.CSS(`button[data-class=""]`)), chromedp.KeyEvent("/"))
		if id := run(t, ctx, chromedp.Evaluate[string](`document.activeElement.id`)); id != "q" {
			t.Fatalf("after / the focus is on %q, want the search box", id)
		}
		do(t, ctx, chromedp.SendKeys(chromedp.ID("q"), "gateway timeout"+kb.Enter))
		if h := run(t, ctx, chromedp.Evaluate[string](`location.hash`)); h != "#504" {
			t.Errorf("Enter went to %q, want #504", h)
		}
		if id := run(t, ctx, chromedp.Evaluate[string](`document.activeElement.id`)); id != "504" {
			t.Errorf("the opened panel is not focused: focus on %q", id)
		}
		// Arrow keys move from the box through the results.
		setQuery(t, ctx, "gateway")
		do(t, ctx, chromedp.SendKeys(chromedp.ID("q"), kb.ArrowDown))
		first := run(t, ctx, chromedp.Evaluate[string](`document.activeElement.getAttribute('href')`))
		do(t, ctx, chromedp.KeyEvent(kb.ArrowDown))
		second := run(t, ctx, chromedp.Evaluate[string](`document.activeElement.getAttribute('href')`))
		if first != "#502" || second != "#504" {
			t.Errorf("arrow keys visit %q then %q, want #502 then #504", first, second)
		}
		setQuery(t, ctx, "")
	})

	t.Run("deep link", func(t *testing.T) {
		do(t, ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(url+"#499"), chromedp.WaitVisible(chromedp.CSS(`[id="499"]`)))
		text := run(t, ctx, chromedp.Text(chromedp.CSS(`[id="499"]`)))
		for _, s := range []string{"Client Closed Request", "Token Required", "nginx", "Esri ArcGIS"} {
			if !strings.Contains(text, s) {
				t.Errorf("panel #499 lacks %q", s)
			}
		}
		shown := run(t, ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#details > section')).filter(s => getComputedStyle(s).display !== 'none').map(s => s.id || 'intro')`))
		if !slices.Equal(shown, []string{"499"}) {
			t.Errorf("with #499 the panels shown are %q", shown)
		}
	})

	t.Run("phone", func(t *testing.T) {
		do(t, ctx, chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile), chromedp.Navigate("about:blank"), chromedp.Navigate(url+"#503"), chromedp.WaitVisible(chromedp.CSS(`[id="503"]`)))
		over := run(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
		if over {
			t.Error("the page scrolls sideways on a 375 px wide phone")
		}
		if got := run(t, ctx, chromedp.Evaluate[[]string](visibleRowsJS)); len(got) != len(all) {
			t.Errorf("on a phone %d rows are visible, want %d", len(got), len(all))
		}
		do(t, ctx, chromedp.EmulateReset())
	})

	t.Run("dark mode", func(t *testing.T) {
		bg := func() string {
			return run(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.body).backgroundColor`))
		}
		light := bg()
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}}); err != nil {
			t.Fatal(err)
		}
		if dark := bg(); dark == light {
			t.Errorf("background %s in both light and dark mode", dark)
		}
	})

	requests, problems := watch.snapshot()
	if len(problems) > 0 {
		t.Errorf("console errors or exceptions: %q", problems)
	}
	for _, r := range requests {
		if r != url && !strings.HasPrefix(r, url+"#") && r != "about:blank" {
			t.Errorf("the page made a request for %s", r)
		}
	}
	for _, p := range served() {
		if p != "/codes.html" {
			t.Errorf("the server was asked for %s", p)
		}
	}
}

// queriesTable is the reference's table of queries people type, with the
// codes each must put in its top 3; reference's Go test reads it too.
const queriesTable = "../reference/testdata/queries.tsv"

type tableQuery struct {
	line       int
	query, why string
	top3       []string
}

func readQueriesTable(t *testing.T) []tableQuery {
	t.Helper()
	data, err := os.ReadFile(queriesTable)
	if err != nil {
		t.Fatal(err)
	}
	var out []tableQuery
	for i, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		if line == "" || strings.HasPrefix(line, "#") || line == "query\ttop3\twhy" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 || len(strings.Fields(f[1])) == 0 {
			t.Fatalf("%s:%d: want a query, codes and why, tab-separated", queriesTable, i+1)
		}
		out = append(out, tableQuery{i + 1, f[0], f[2], strings.Fields(f[1])})
	}
	return out
}

// TestCodesPageEmbedsSearchRules: the page's script ranks with the weights
// and stop words it carries, and those are the reference's.
func TestCodesPageEmbedsSearchRules(t *testing.T) {
	page := codesPage(t)
	m := regexp.MustCompile(`<script type="application/json" id="codes-rules">([^<]*)</script>`).FindSubmatch(page)
	if m == nil {
		t.Fatal("page carries no search rules")
	}
	var got reference.Rules
	if err := json.Unmarshal(m[1], &got); err != nil {
		t.Fatal(err)
	}
	if want := reference.SearchRules(); !reflect.DeepEqual(got, want) {
		t.Errorf("page's rules %+v, reference's %+v", got, want)
	}
	// The script holds no weights of its own: with the page's weights all
	// zero, no word finds anything.
	ctx := browsertest.New(t)
	var zero reference.Rules
	zero.StopWords, zero.Inflections = got.StopWords, got.Inflections
	zeroJSON, _ := json.Marshal(zero)
	altered := bytes.Replace(page, m[1], zeroJSON, 1)
	srv, _ := servePage(t, altered)
	do(t, ctx, chromedp.Navigate(srv.URL+"/codes.html"), chromedp.WaitVisible(chromedp.ID("q")))
	for _, q := range []string{"teapot", "gateway timeout", "permission denied"} {
		setQuery(t, ctx, q)
		if rows := run(t, ctx, chromedp.Evaluate[[]string](visibleRowsJS)); len(rows) != 0 {
			t.Errorf("with zero weights %q still finds %q", q, rows)
		}
	}
}

// TestCodesPageWatchCatchesCSPViolations proves the checks above can fail:
// a page whose script no longer matches its hash is refused by the browser,
// the refusal is reported, and search does nothing.
func TestCodesPageWatchCatchesCSPViolations(t *testing.T) {
	ctx := browsertest.New(t)
	var watch pageWatch
	watch.listen(t, ctx)
	page := bytes.Replace(codesPage(t), []byte(`"use strict";`), []byte(`"use strict"; `), 1)
	srv, _ := servePage(t, page)
	do(t, ctx, chromedp.Navigate(srv.URL+"/codes.html"), chromedp.WaitVisible(chromedp.ID("q")))
	setQuery(t, ctx, "teapot")
	if got := run(t, ctx, chromedp.Evaluate[[]string](visibleRowsJS)); len(got) != len(reference.AllMeanings()) {
		t.Errorf("a refused script still filtered the list to %d rows", len(got))
	}
	if _, problems := watch.snapshot(); len(problems) == 0 {
		t.Error("the CSP violation was not reported")
	}
}
