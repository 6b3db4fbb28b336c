package report

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/internal/browsertest"
	"github.com/slareport/slareport/parse"
)

// vhostFormat is combined with the virtual host in front, as nginx logs it
// with $host first.
const vhostFormat = `$host $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"`

// hostLog writes a real Apache log with a virtual host in front of each
// line, a.example, b.example or c.example by line number, so that the
// report has hosts to filter by.
func hostLog(t *testing.T) string {
	t.Helper()
	src := filepath.Join("..", "..", "shared", "data", "real", "elastic-apache_logs.log")
	in, err := os.Open(src)
	if err != nil {
		t.Skipf("shared test data %s not present (only in the project's CI); skipping", src)
	}
	defer in.Close()
	path := filepath.Join(t.TempDir(), "vhost.log")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 0; sc.Scan(); n++ {
		fmt.Fprintf(out, "%c.example %s\n", 'a'+n%3, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return path
}

// awkCount counts the lines of path whose status matches re, with awk:
// the status is the first word after the request's closing quote.
func awkCount(t *testing.T, path, re string) int64 {
	t.Helper()
	out, err := exec.Command("awk", "-F", `"`, `{ split($3, a, " "); if (a[1] ~ /`+re+`/) n++ } END { print n + 0 }`, path).Output()
	if err != nil {
		t.Skipf("awk: %v", err)
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// headline is what the page's header shows for the selection.
type headline struct {
	Availability, Detail, Requests, Status string
	Since, Until                           int64
	Whole                                  int // sections that say they show the whole report
	Violations                             []string
}

var badOfJudged = regexp.MustCompile(`^([0-9,]+) of ([0-9,]+) requests were bad`)

func (h headline) bad(t *testing.T) int64 {
	t.Helper()
	m := badOfJudged.FindStringSubmatch(h.Detail)
	if m == nil {
		t.Fatalf("availability detail %q", h.Detail)
	}
	n, _ := strconv.ParseInt(strings.ReplaceAll(m[1], ",", ""), 10, 64)
	return n
}

func (h headline) requests() int64 {
	n, _ := strconv.ParseInt(strings.ReplaceAll(h.Requests, ",", ""), 10, 64)
	return n
}

const readHeadlineJS = `(() => {
  const card = k => document.querySelector('[data-card="' + k + '"]');
  const st = document.getElementById("filter-status");
  return {Availability: card("availability").querySelector(".value").textContent,
    Detail: card("availability").querySelector(".detail").textContent,
    Requests: card("requests").querySelector(".value").textContent,
    Status: st.textContent, Since: Number(st.dataset.since), Until: Number(st.dataset.until),
    Whole: document.querySelectorAll("section.whole .whole-note").length,
    Violations: window.__violations};
})()`

// choose sets a filter's select the way a person does: a new value, then
// the change event.
func choose(id, value string) string {
	return fmt.Sprintf(`(() => { const s = document.getElementById(%q); s.value = %q; s.dispatchEvent(new Event("change")); return s.value; })()`, id, value)
}

// TestHTMLFiltersInBrowser selects a range, a host, an endpoint and a
// class in Chromium and checks the headline against runs made apart from
// the page: a run over the snapped range, runs with the host and the path
// selector, and awk.
func TestHTMLFiltersInBrowser(t *testing.T) {
	path := hostLog(t)
	ctx := browsertest.New(t)
	f, err := parse.Compile(vhostFormat)
	if err != nil {
		t.Fatal(err)
	}
	slo := target(t, "99.9")
	run := func(set aggregate.Settings, dims bool) *aggregate.Summary {
		t.Helper()
		opt := aggregate.Options{Format: f, Settings: set}
		if dims {
			opt.Statuses, opt.StatusDims = true, aggregate.DimHost|aggregate.DimEndpoint
		}
		s, err := aggregate.Run(context.Background(), []string{path}, opt)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	full := run(aggregate.Settings{}, true)
	if full.Requests() != 10000 || len(full.Hosts.Keys) != 3 {
		t.Fatalf("the log has %d requests and %d hosts, want 10,000 and 3", full.Requests(), len(full.Hosts.Keys))
	}
	o := full.Evaluate(slo)
	url, _ := serve(t, renderHTML(t, full, HTMLOptions{Options: Options{SLO: &o}}))

	tab, errs := filterTab(t, ctx, url)
	read := func(steps ...string) headline {
		t.Helper()
		for _, js := range steps {
			if _, err := chromedp.Run(tab, chromedp.Evaluate[any](js)); err != nil {
				t.Fatalf("%s: %v", js, err)
			}
		}
		h, err := chromedp.Run(tab, chromedp.Evaluate[headline](readHeadlineJS))
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Violations) > 0 {
			t.Fatalf("policy violations: %q", h.Violations)
		}
		return h
	}
	same := func(what string, h headline, s *aggregate.Summary) {
		t.Helper()
		want := availabilityText(s.Judged()-s.Bad(), s.Judged())
		if h.requests() != s.Requests() || h.bad(t) != s.Bad() || h.Availability != want {
			t.Errorf("%s: the page shows %s requests, %d bad, %s; the run counted %d, %d, %s",
				what, h.Requests, h.bad(t), h.Availability, s.Requests(), s.Bad(), want)
		}
		t.Logf("%s: %q: %s requests, %d bad, availability %s", what, h.Status, h.Requests, h.bad(t), h.Availability)
	}
	window := func(h headline) aggregate.Settings {
		return aggregate.Settings{Window: aggregate.Window{Since: time.Unix(h.Since, 0), Until: time.Unix(h.Until, 0)}}
	}

	whole := read()
	if whole.requests() != 10000 || whole.Whole != 0 || !strings.HasPrefix(whole.Status, "Showing the whole report") {
		t.Fatalf("before any selection the page shows %s requests, %d dimmed sections, %q", whole.Requests, whole.Whole, whole.Status)
	}

	t.Run("range from the selects", func(t *testing.T) {
		h := read(choose("filter-from", "20"), choose("filter-to", "40"))
		if !strings.HasPrefix(h.Status, "Showing 2015-05-18 06:00 → 2015-05-19 03:00") || h.Until-h.Since != 21*3600 {
			t.Errorf("status %q, range %d..%d", h.Status, h.Since, h.Until)
		}
		if h.Whole == 0 {
			t.Error("no section says it shows the whole report")
		}
		same("range", h, run(window(h), false))
	})

	t.Run("range dragged on the chart snaps to buckets", func(t *testing.T) {
		// Half past the hour to ten past: the slider's ends fall inside
		// buckets, and the selection takes the buckets they touch.
		drag := `(() => { const c = echarts.getInstanceByDom(document.getElementById("chart-availability"));
		  const d = JSON.parse(document.getElementById("filter-data").textContent);
		  c.dispatchAction({type: "dataZoom", startValue: d.wall[5] + 1800e3, endValue: d.wall[30] + 600e3}); })()`
		h := read(drag)
		if !strings.Contains(h.Status, "2015-05-17 15:00 → 2015-05-18 17:00") {
			t.Errorf("status %q: not snapped to the hours the drag touched", h.Status)
		}
		same("dragged range", h, run(window(h), false))
	})

	t.Run("host", func(t *testing.T) {
		h := read(`document.getElementById("filter-reset").click()`, choose("filter-host", "1"))
		if !strings.Contains(h.Status, "host b.example") {
			t.Fatalf("status %q, want host b.example", h.Status)
		}
		sel, err := aggregate.NewSelector(aggregate.SelectorSpec{Hosts: []string{"b.example"}})
		if err != nil {
			t.Fatal(err)
		}
		same("host", h, run(aggregate.Settings{Filter: sel}, false))
	})

	t.Run("endpoint", func(t *testing.T) {
		// The first endpoint the page offers that is a plain path: no
		// id collapsed, and no twin with a final '/', which a path
		// selector would match too.
		pick := `(() => { const s = document.getElementById("filter-endpoint"); const keys = [...s.options].map(o => o.textContent);
		  for (const o of s.options) { const k = o.textContent;
		    if (o.value >= 0 && /^\/[A-Za-z0-9_.\/-]+$/.test(k) && !keys.includes(k + "/") && !keys.includes(k.replace(/\/$/, ""))) return [o.value, k]; }
		  return ["", ""]; })()`
		got, err := chromedp.Run(tab, chromedp.Evaluate[[]string](pick))
		if err != nil || len(got) != 2 || got[0] == "" {
			t.Fatalf("no plain endpoint to choose: %v %v", got, err)
		}
		h := read(`document.getElementById("filter-reset").click()`, choose("filter-endpoint", got[0]))
		if !strings.Contains(h.Status, "endpoint "+got[1]) {
			t.Fatalf("status %q, want endpoint %s", h.Status, got[1])
		}
		sel, err := aggregate.NewSelector(aggregate.SelectorSpec{Paths: []string{got[1]}})
		if err != nil {
			t.Fatal(err)
		}
		same("endpoint "+got[1], h, run(aggregate.Settings{Filter: sel}, false))
	})

	t.Run("class", func(t *testing.T) {
		for _, c := range []struct{ value, re, avail string }{{"4", "^4[0-9][0-9]$", "100%"}, {"5", "^5[0-9][0-9]$", "0.000%"}} {
			h := read(`document.getElementById("filter-reset").click()`, choose("filter-class", c.value))
			want := awkCount(t, path, c.re)
			bad := int64(0)
			if c.value == "5" {
				bad = want
			}
			if h.requests() != want || h.bad(t) != bad || h.Availability != c.avail {
				t.Errorf("class %sxx: the page shows %s requests, %d bad, %s; awk counts %d, %d bad, %s",
					c.value, h.Requests, h.bad(t), h.Availability, want, bad, c.avail)
			}
			t.Logf("class %sxx: %q: %s requests (awk %d), availability %s", c.value, h.Status, h.Requests, want, h.Availability)
			if c.value == "5" {
				// Every 5xx is bad: the chart's axis must reach down to 0%.
				low, err := chromedp.Run(tab, chromedp.Evaluate[float64](`echarts.getInstanceByDom(document.getElementById("chart-availability")).getOption().yAxis[0].min`))
				if err != nil || low > 0 {
					t.Errorf("availability axis starts at %v (%v): the 5xx selection is off the chart", low, err)
				}
			}
		}
	})

	t.Run("reset", func(t *testing.T) {
		h := read(`document.getElementById("filter-reset").click()`)
		if h.Requests != whole.Requests || h.Availability != whole.Availability || h.Detail != whole.Detail || h.Whole != 0 {
			t.Errorf("after reset: %+v, want %+v", h, whole)
		}
	})
	if e := errs(); len(e) > 0 {
		t.Errorf("console errors: %q", e)
	}
}

// filterTab opens url in a new tab with the hostile corpus's trap, and
// returns the tab and the errors it logged so far.
func filterTab(t *testing.T, ctx context.Context, url string) (context.Context, func() []string) {
	t.Helper()
	tab, cancel := chromedp.NewContext(ctx)
	t.Cleanup(cancel)
	if err := chromedp.Do(tab); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var errs []string
	err := chromedp.Listen(tab, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			errs = append(errs, "exception: "+ev.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
				errs = append(errs, "console."+string(ev.Type))
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(tab, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: trapScript}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(tab, chromedp.EmulateViewport(1200, 900), chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	return tab, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), errs...)
	}
}

// TestHTMLFiltersHostile filters the hostile corpus's report by each of
// its hostile endpoints: the tables the filters build show the paths as
// text, and nothing runs.
func TestHTMLFiltersHostile(t *testing.T) {
	ctx := browsertest.New(t)
	url, _ := serve(t, hostileReport(t))
	tab, errs := filterTab(t, ctx, url)
	type seen struct {
		Options    []string
		Executed   []string
		Violations []string
		Endpoints  string
		Who        string
	}
	// The endpoint and class filters, then the class alone, under which
	// the who section shows the hostile agents, referrers, file names and
	// lines of the bad requests.
	got, err := chromedp.Run(tab, chromedp.Evaluate[seen](`(() => {
	  const s = document.getElementById("filter-endpoint");
	  const options = [...s.options].map(o => o.textContent);
	  s.value = "0"; s.dispatchEvent(new Event("change"));
	  document.getElementById("filter-class").value = "5";
	  document.getElementById("filter-class").dispatchEvent(new Event("change"));
	  const endpoints = document.querySelector("#endpoints .filtered").innerText;
	  s.value = "-1"; s.dispatchEvent(new Event("change"));
	  const who = document.querySelector("#who .failing-selection");
	  return {Options: options, Executed: window.__pwned, Violations: window.__violations,
	    Endpoints: endpoints, Who: who ? who.innerText : ""};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Executed) > 0 || len(got.Violations) > 0 {
		t.Errorf("payloads executed %q, violations %q", got.Executed, got.Violations)
	}
	if !slices.ContainsFunc(got.Options, func(o string) bool { return strings.Contains(o, "/<script>__pwn(200)</script>/") }) ||
		!strings.Contains(got.Endpoints, "/<script>__pwn(200)</script>/") {
		t.Errorf("the hostile paths are not shown as text: options %q, table %q", got.Options, got.Endpoints)
	}
	for _, text := range []string{"<img src=x onerror=__pwn(202)>", "javascript:__pwn(201)", `"GET /<script>__pwn(200)</script>/`} {
		if !strings.Contains(got.Who, text) {
			t.Errorf("the who section of the 5xx does not show %q as text: %q", text, got.Who)
		}
	}
	if e := errs(); len(e) > 0 {
		t.Errorf("console errors: %q", e)
	}
}
