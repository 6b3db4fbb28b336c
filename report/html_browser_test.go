package report

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/internal/browsertest"
	"github.com/slareport/slareport/parse"
)

// The hostile corpus: every payload, if it ever ran, would call __pwn with
// its number. The trap below defines __pwn before the page's own scripts,
// records each call, and turns alert, confirm and prompt into calls too.
var hostilePayloads = []string{
	`<script>__pwn(1)</script>`,
	`<img src=x onerror="__pwn(2)">`,
	`</script><script>__pwn(3)</script>`,
	`"><svg onload=__pwn(4)>`,
	`'><body onload='__pwn(5)'>`,
	`javascript:__pwn(6)`,
	`<a href="javascript:__pwn(7)" id=pwnlink>click</a>`,
	`{{__pwn(8)}} ${__pwn(8)} <%= __pwn(8) %> {{.Title}}`,
	`<iframe srcdoc="<script>parent.__pwn(9)</script>"></iframe>`,
	`<object data="javascript:__pwn(10)"></object>`,
	`<meta http-equiv="refresh" content="0;url=javascript:__pwn(11)">`,
	`<base href="http://evil.invalid/">`,
	`<link rel=stylesheet href="http://evil.invalid/x.css">`,
	`<style>@import "http://evil.invalid/y.css"; body{background:url(http://evil.invalid/z.png)}</style>`,
	`<img src="http://evil.invalid/beacon.png">`,
	`';__pwn(16);'`,
	`";__pwn(17);"`,
	"\u2028__pwn(18)\u2029",
	`<!--<script>__pwn(19)//`,
	`<template><script>__pwn(20)</script></template>`,
	`<math><mi xlink:href="javascript:__pwn(21)">x</mi></math>`,
	`<details open ontoggle=__pwn(22)>`,
	`[x](javascript:__pwn(23)) ![y](http://evil.invalid/md.png)`,
	"\x1b]0;pwned\x07\x1b[2J\x1b[H <script>__pwn(24)</script>",
	"nul\x00<script>__pwn(25)</script>",
	"\xff\xfe<script>__pwn(26)</script>\xc0\xbc",
	"\u202e<script>__pwn(27)</script>\u202d",
	`<scr<script>ipt>__pwn(28)</scr</script>ipt>`,
	`<svg><script>__pwn(29)</script></svg>`,
	`<noscript><p title="</noscript><img src=x onerror=__pwn(30)>">`,
}

// hostileNames are file names, which the report shows as sources. A file
// name cannot hold '/' or NUL; everything else goes.
var hostileNames = []string{
	`<img src=x onerror=__pwn(101)>.log`,
	`"'><svg onload=__pwn(102)>.log`,
	"\x1b]0;title\x07{{__pwn(103)}}.log",
	"\xff\u202e<b onmouseover=__pwn(104)>.log",
}

const trapScript = `
window.__pwned = [];
window.__pwn = function (id) { window.__pwned.push(String(id)); };
window.alert = window.confirm = window.prompt = function (m) { window.__pwned.push("dialog " + m); };
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI);
});
`

// validLine is a request that parses, with a hostile path, referer and
// user agent: the endpoints table shows paths, and must escape them too.
func validLine(i int) string {
	return fmt.Sprintf(`198.51.100.%d - - [02/Nov/2026:%02d:%02d:00 +0000] "GET /<script>__pwn(200)</script>/%d HTTP/1.1" %d 512 "javascript:__pwn(201)" "<img src=x onerror=__pwn(202)>" 0.%03d`,
		i%250, i%24, i%60, i%7, []int{200, 200, 200, 404, 503, 499}[i%6], i%1000)
}

// hostileReport runs the real pipeline over files with hostile names and
// hostile lines, plus standard input, and renders the HTML report.
func hostileReport(t *testing.T) []byte {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	per := len(hostilePayloads) / len(hostileNames)
	for i, name := range hostileNames {
		var b strings.Builder
		for k := 0; k < 40; k++ {
			b.WriteString(validLine(i*40+k) + "\n")
		}
		end := (i + 1) * per
		if i == len(hostileNames)-1 {
			end = len(hostilePayloads)
		}
		for _, p := range hostilePayloads[i*per : end] {
			b.WriteString(p + "\n")
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	var stdin strings.Builder
	for k := 0; k < 40; k++ {
		stdin.WriteString(validLine(1000+k) + "\n")
	}
	stdin.WriteString(strings.Join(hostilePayloads, " ") + "\n")
	paths = append(paths, "-")
	f, err := parse.Compile(`$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time`)
	if err != nil {
		t.Fatal(err)
	}
	// An SLO grouped by endpoint, so that the hostile paths are group
	// keys too, with a card and a budget chart of its own.
	bad, _ := aggregate.ParseBadRule("5xx", "")
	slo := aggregate.Objective{Name: "hostile-endpoints", Service: "web", Target: target(t, "99"), Status: bad, GroupBy: aggregate.GroupEndpoint,
		Window: aggregate.ObjectiveWindow{Start: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC), Rolling: true, Duration: 24 * time.Hour, Length: "1d"}}
	// Per-status counts by host and endpoint give the page its filters,
	// whose selects and tables show the hostile paths too.
	s, err := aggregate.Run(context.Background(), paths, aggregate.Options{Stdin: strings.NewReader(stdin.String()), Format: f,
		Settings: aggregate.Settings{Samples: 100}, Objectives: []aggregate.Objective{slo},
		Statuses: true, StatusDims: aggregate.DimHost | aggregate.DimEndpoint})
	if err != nil {
		t.Fatal(err)
	}
	if s.Lines.Malformed < int64(len(hostilePayloads)) || len(s.Samples) < len(hostilePayloads) {
		t.Fatalf("the corpus must land in the malformed samples: %d malformed, %d samples", s.Lines.Malformed, len(s.Samples))
	}
	if len(s.Endpoints.Keys) == 0 || s.Latency == nil {
		t.Fatal("the hostile paths must land in the endpoints, and the durations in latency")
	}
	o := s.Evaluate(target(t, "99.9"))
	objs := s.EvaluateObjectives()
	if len(objs) != 1 || len(objs[0].Groups) == 0 || !strings.Contains(objs[0].Groups[0].Key, "<script>") {
		t.Fatalf("the SLO must group the hostile paths: %d SLOs", len(objs))
	}
	return renderHTML(t, s, HTMLOptions{Options: Options{SLO: &o, Objectives: objs}})
}

// pageRun is what a browser saw while it showed a report.
type pageRun struct {
	Executed   []string // payloads that ran
	Violations []string // Content-Security-Policy violations the page saw
	Errors     []string // console errors, exceptions, browser log errors
	Requests   []string // every URL the page asked for
	Charts     int      // chart elements
	Drawn      []int    // painted pixels on each chart's canvas
	Foreign    []string // elements and attributes the report never makes
	Text       string   // the page's visible text
	Online     bool     // navigator.onLine
	Overflow   int      // pixels the page is wider than the viewport
	Background string   // the body's computed background colour
}

type visit struct {
	bypassCSP bool  // test the escaping alone, as if the policy were missing
	offline   bool  // the browser has no network at all
	dark      bool  // the reader prefers a dark colour scheme
	width     int64 // viewport width in CSS pixels (default 1200)
}

// open shows url in a new tab of the browser in ctx and reports what
// happened.
func open(t *testing.T, ctx context.Context, url string, v visit) *pageRun {
	t.Helper()
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	if err := chromedp.Do(tab); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	r := &pageRun{}
	err := chromedp.Listen(tab, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			r.Requests = append(r.Requests, ev.Request.URL)
		case *runtime.EventExceptionThrown:
			r.Errors = append(r.Errors, "exception: "+ev.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			switch ev.Type {
			case runtime.ConsoleAPICalledTypeError, runtime.ConsoleAPICalledTypeWarning, runtime.ConsoleAPICalledTypeAssert:
				r.Errors = append(r.Errors, fmt.Sprintf("console.%s", ev.Type))
			}
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError || ev.Entry.Level == log.EntryLevelWarning {
				r.Errors = append(r.Errors, "log: "+ev.Entry.Text)
			}
		case *page.EventJavascriptDialogOpening:
			r.Executed = append(r.Executed, "dialog: "+ev.Message)
			go chromedp.Call(tab, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(tab, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: trapScript}); err != nil {
		t.Fatal(err)
	}
	if v.bypassCSP {
		if _, err := chromedp.Call(tab, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true}); err != nil {
			t.Fatal(err)
		}
	}
	if v.offline {
		if _, err := chromedp.Call(tab, network.OverrideNetworkState, network.OverrideNetworkStateParams{
			Offline: true, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
			t.Fatal(err)
		}
	}
	if v.dark {
		if _, err := chromedp.Call(tab, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}}); err != nil {
			t.Fatal(err)
		}
	}
	if v.width == 0 {
		v.width = 1200
	}
	if err := chromedp.Do(tab, chromedp.EmulateViewport(v.width, 900), chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	type state struct {
		Executed, Violations, Foreign []string
		Charts                        int
		Drawn                         []int
		Text                          string
		Online                        bool
		Overflow                      int
		Background                    string
	}
	st, err := chromedp.Run(tab, chromedp.Evaluate[state](inspectJS, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	r.Executed = append(r.Executed, st.Executed...)
	r.Violations, r.Foreign, r.Charts, r.Drawn, r.Text = st.Violations, st.Foreign, st.Charts, st.Drawn, st.Text
	r.Online, r.Overflow, r.Background = st.Online, st.Overflow, st.Background
	return r
}

// inspectJS reports, after two animation frames (ECharts paints in one):
// the payloads that ran, policy violations, the painted pixels of each
// chart, and any element or attribute the report's template never makes.
const inspectJS = `new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => {
  const ours = new Set(["HTML","HEAD","META","TITLE","STYLE","BODY","HEADER","H1","H2","H3","P","NAV","A","MAIN",
    "SECTION","DIV","FIGURE","FIGCAPTION","SCRIPT","TABLE","THEAD","TBODY","TR","TH","TD","SPAN","CODE","PRE",
    "OL","LI","DL","DT","DD","FOOTER","CANVAS","LABEL","SELECT","OPTION","BUTTON","WBR"]);
  const foreign = [];
  for (const el of document.querySelectorAll("*")) {
    if (!ours.has(el.tagName)) foreign.push("<" + el.tagName + ">");
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) foreign.push(el.tagName + " " + a.name);
      if (/^\s*(javascript|data|vbscript):/i.test(a.value)) foreign.push(el.tagName + " " + a.name + "=" + a.value);
    }
    // The report's own links: within the page, to https sources, and to a
    // code on the reference page beside it, built from numbers only.
    if (el.tagName === "A" && !/^(#|https:\/\/|codes\.html(#[0-9]{3}|\?seen=[0-9]{3}(,[0-9]{3})*)$)/.test(el.getAttribute("href") || "")) foreign.push("link to " + el.getAttribute("href"));
  }
  const charts = [...document.querySelectorAll("[data-chart]")];
  const drawn = charts.map(el => {
    const c = el.querySelector("canvas");
    if (!c || !c.width || !c.height) return 0;
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i]) n++;
    return n;
  });
  done({Executed: window.__pwned || ["trap missing"], Violations: window.__violations || [],
        Foreign: foreign, Charts: charts.length, Drawn: drawn, Text: document.body.innerText,
        Online: navigator.onLine, Overflow: document.documentElement.scrollWidth - window.innerWidth,
        Background: getComputedStyle(document.body).backgroundColor});
})))`

// serve serves page at / and records every request made to the server.
func serve(t *testing.T, page []byte) (string, func() []string) {
	t.Helper()
	var mu sync.Mutex
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.URL.String())
		mu.Unlock()
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/", func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), seen...)
	}
}

// checkRendered fails unless every chart painted its canvas and the page
// logged no error.
func checkRendered(t *testing.T, r *pageRun, wantCharts int) {
	t.Helper()
	if r.Charts != wantCharts {
		t.Errorf("%d charts on the page, want %d", r.Charts, wantCharts)
	}
	for i, px := range r.Drawn {
		if px < 1000 {
			t.Errorf("chart %d painted %d pixels: not rendered", i, px)
		}
	}
	if len(r.Errors) > 0 || len(r.Violations) > 0 {
		t.Errorf("console errors %q, policy violations %q", r.Errors, r.Violations)
	}
}

func countDrawn(r *pageRun) int {
	n := 0
	for _, px := range r.Drawn {
		if px >= 1000 {
			n++
		}
	}
	return n
}

// TestHTMLInBrowser opens a report built from the hostile corpus in
// headless Chromium: served over http, without its policy, from a file
// with the network off, and dark on a phone.
func TestHTMLInBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	report := hostileReport(t)
	wantCharts := len(jsonBlock.FindAll(report, -1))
	if wantCharts < 7 { // availability, budget ×2, classes, codes, latency, endpoints
		t.Fatalf("the hostile report has %d charts, want 7", wantCharts)
	}

	t.Run("hostile corpus over http", func(t *testing.T) {
		url, served := serve(t, report)
		r := open(t, ctx, url, visit{})
		checkRendered(t, r, wantCharts)
		if len(r.Executed) > 0 {
			t.Errorf("payloads executed: %q", r.Executed)
		}
		if len(r.Foreign) > 0 {
			t.Errorf("log text became markup: %q", r.Foreign)
		}
		if len(r.Requests) != 1 || r.Requests[0] != url {
			t.Errorf("the page made requests beyond itself: %q", r.Requests)
		}
		if got := served(); len(got) != 1 {
			t.Errorf("the server saw %d requests, want 1 (the page): %q", len(got), got)
		}
		// The payloads are on the page, as text.
		for _, p := range []string{hostilePayloads[0], hostilePayloads[2], hostilePayloads[6], hostileNames[0], "/<script>__pwn(200)</script>/"} {
			if !strings.Contains(r.Text, p) {
				t.Errorf("payload %q is not shown as text", p)
			}
		}
		t.Logf("charts rendered: %d of %d; payloads executed: %d of %d; requests beyond the page: %d",
			countDrawn(r), r.Charts, len(r.Executed), len(hostilePayloads)+len(hostileNames)+3, len(r.Requests)-1)
	})

	t.Run("escaping holds without the policy", func(t *testing.T) {
		url, _ := serve(t, report)
		r := open(t, ctx, url, visit{bypassCSP: true})
		// Without the policy (img-src 'none') Chromium fetches
		// /favicon.ico by itself; that 404 is the browser's, not the page's.
		r.Errors = slices.DeleteFunc(r.Errors, func(e string) bool { return strings.Contains(e, "404") })
		r.Requests = slices.DeleteFunc(r.Requests, func(u string) bool { return strings.HasSuffix(u, "/favicon.ico") })
		checkRendered(t, r, wantCharts)
		if len(r.Executed) > 0 || len(r.Foreign) > 0 || len(r.Requests) != 1 {
			t.Errorf("with the policy bypassed, payloads executed %q, markup injected %q, requests %q", r.Executed, r.Foreign, r.Requests)
		}
	})

	// The controls prove the trap and the policy can fail: a script the
	// template did not make runs once the policy is bypassed, and is
	// refused while it holds.
	control := bytes.Replace(report, []byte("<body>"), []byte(`<body><script>__pwn("control")</script>`), 1)
	t.Run("control: the trap catches an injected script", func(t *testing.T) {
		url, _ := serve(t, control)
		r := open(t, ctx, url, visit{bypassCSP: true})
		if len(r.Executed) != 1 || r.Executed[0] != "control" {
			t.Errorf("the trap saw %q, want [control]", r.Executed)
		}
	})
	t.Run("control: the policy refuses an injected script", func(t *testing.T) {
		url, _ := serve(t, control)
		r := open(t, ctx, url, visit{})
		if len(r.Executed) != 0 || len(r.Violations) == 0 {
			t.Errorf("injected script ran %q; violations %q", r.Executed, r.Violations)
		}
	})

	t.Run("opens from a file with the network off", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "report.html")
		if err := os.WriteFile(path, report, 0o644); err != nil {
			t.Fatal(err)
		}
		u := (&url.URL{Scheme: "file", Path: path}).String()
		r := open(t, ctx, u, visit{offline: true})
		checkRendered(t, r, wantCharts)
		if len(r.Executed) > 0 {
			t.Errorf("payloads executed: %q", r.Executed)
		}
		for _, req := range r.Requests {
			if req != u {
				t.Errorf("request from a file page: %s", req)
			}
		}
		if !strings.Contains(r.Text, "Availability") || !strings.Contains(r.Text, "breached") {
			t.Error("the report's content is missing")
		}
		if r.Online {
			t.Error("navigator.onLine is true: the network was not off")
		}
		t.Logf("from file:// offline: charts rendered %d of %d, console errors %d, requests beyond the page %d",
			countDrawn(r), r.Charts, len(r.Errors), len(r.Requests)-1)
	})

	t.Run("dark mode on a phone", func(t *testing.T) {
		url, _ := serve(t, report)
		r := open(t, ctx, url, visit{dark: true, width: 390})
		checkRendered(t, r, wantCharts)
		if r.Background != "rgb(15, 17, 21)" {
			t.Errorf("background %s in dark mode, want the dark one", r.Background)
		}
		if r.Overflow > 0 {
			t.Errorf("the page is %d px wider than a phone's screen", r.Overflow)
		}
	})
}
