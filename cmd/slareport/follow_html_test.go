package main

import (
	"bufio"
	"context"
	"html"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/slareport/slareport/internal/browsertest"
)

// startServe runs a follow run with --serve on a free loopback port and
// returns the URL it says it serves.
func startServe(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"--follow", "--interval", "1s", "--serve", "127.0.0.1:0"}, args...)...)
	cmd.Stdout = io.Discard
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if m := regexp.MustCompile(`serving the report at (http://127\.0\.0\.1:\d+/)`).FindStringSubmatch(sc.Text()); m != nil {
			go io.Copy(io.Discard, stderr)
			return m[1]
		}
	}
	t.Fatal("--serve did not say where it serves")
	return ""
}

// TestFollowServe serves the live page on loopback with its policy as a
// header, streams an event per report, and answers nothing else.
func TestFollowServe(t *testing.T) {
	log := incidentLog(t)
	url := startServe(t, "--slo", "99.9", log)
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "connect-src 'self'") || !strings.Contains(html.UnescapeString(string(page)), `content="`+csp+`"`) {
		t.Errorf("policy header %q, not the page's", csp)
	}
	if !strings.Contains(string(page), `data-events="/events"`) || strings.Contains(string(page), `http-equiv="refresh"`) {
		t.Error("the served page does not reload on events alone")
	}
	ev, err := http.Get(url + "events")
	if err != nil {
		t.Fatal(err)
	}
	defer ev.Body.Close()
	if ct := ev.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("events as %q", ct)
	}
	sc := bufio.NewScanner(ev.Body)
	if !sc.Scan() || sc.Text() != "event: report" {
		t.Errorf("first event line %q", sc.Text())
	}
	for _, bad := range []string{"x", "../etc/passwd", "events/x"} {
		r, err := http.Get(url + bad)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if r.StatusCode != http.StatusNotFound {
			t.Errorf("GET /%s: %d, want 404", bad, r.StatusCode)
		}
	}
	r, _ := http.Post(url, "text/plain", strings.NewReader("x"))
	if r.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /: %d", r.StatusCode)
	}
}

// TestFollowLiveHTMLInBrowser opens the live page in Chromium, from the
// file -o rewrites (meta refresh) and from --serve (server-sent events):
// each reloads with the new counts and keeps the reader's scroll
// position, its scripts admitted by the policy.
func TestFollowLiveHTMLInBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	for _, mode := range []string{"file", "serve"} {
		t.Run(mode, func(t *testing.T) {
			dir := t.TempDir()
			log := filepath.Join(dir, "access.log")
			appendFile(t, log, clfNow(100, 200))
			var url string
			if mode == "file" {
				page := filepath.Join(dir, "live.html")
				startFollow(t, "--follow", "--interval", "1s", "--slo", "99.9", "-o", page, log)
				for range 100 {
					if _, err := os.Stat(page); err == nil {
						break
					}
					time.Sleep(50 * time.Millisecond)
				}
				url = "file://" + page
			} else {
				url = startServe(t, "--slo", "99.9", log)
			}
			tab, cancel := chromedp.NewContext(ctx)
			defer cancel()
			tctx, cancelT := context.WithTimeout(tab, 60*time.Second)
			defer cancelT()
			if _, err := chromedp.Run(tctx, chromedp.Navigate(url)); err != nil {
				t.Fatal(err)
			}
			for range 100 {
				if ok, _ := chromedp.Run(tctx, chromedp.Evaluate[bool](`document.querySelectorAll("canvas").length > 0`)); ok {
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			y, err := chromedp.Run(tctx, chromedp.Evaluate[float64](`window.scrollTo(0, 400); window.__old = true; window.scrollY`))
			if err != nil || y != 400 {
				t.Fatalf("scroll: %v (scrollY %v)", err, y)
			}
			appendFile(t, log, clfNow(23, 200))
			type pageState struct {
				Reloaded, Counted bool
				Y                 float64
				Canvases          int
			}
			var state pageState
			for range 100 {
				got, err := chromedp.Run(tctx, chromedp.Evaluate[pageState](`({Reloaded: window.__old === undefined,
					Counted: document.body.innerText.includes("123"), Y: window.scrollY,
					Canvases: document.querySelectorAll("canvas").length})`))
				if err == nil {
					state = got
				}
				if state.Reloaded && state.Counted && state.Canvases > 0 {
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			if !state.Reloaded || !state.Counted {
				t.Fatalf("the page did not reload with the new lines: %+v", state)
			}
			if state.Y != 400 || state.Canvases == 0 {
				t.Errorf("after the reload: scrollY %v (want 400), %d charts drawn", state.Y, state.Canvases)
			}
			t.Logf("%s: reloaded with 123 requests, scroll kept at %v, %d charts", mode, state.Y, state.Canvases)
		})
	}
}

// TestFollowLiveHTMLFilters: a live page filters by class, time range and
// endpoint as a report does, and keeps the selection across its reloads: chosen
// 5xx, it shows the 5xx of the lines read so far, and after the reload
// that new lines bring, the 5xx of all of them, still chosen, its range
// still reaching the newest bucket. Counts are those the test wrote.
func TestFollowLiveHTMLFilters(t *testing.T) {
	ctx := browsertest.New(t)
	dir := t.TempDir()
	log, page := filepath.Join(dir, "access.log"), filepath.Join(dir, "live.html")
	appendFile(t, log, clfNow(100, 200)+clfNow(10, 503))
	startFollow(t, "--follow", "--interval", "1s", "--slo", "99.9", "-o", page, log)
	for range 100 {
		if _, err := os.Stat(page); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	tctx, cancelT := context.WithTimeout(tab, 60*time.Second)
	defer cancelT()
	if _, err := chromedp.Run(tctx, chromedp.Navigate("file://"+page)); err != nil {
		t.Fatal(err)
	}
	type pageState struct {
		Fresh    bool // not the page the test marked: reloaded
		Class    string
		Requests string
		Status   string
		Newest   bool // the range reaches the newest bucket
		Who      string
		WhoTop   string // the first row of who failed in the selection
	}
	const read = `(() => {
	  const cls = document.getElementById("filter-class"), to = document.getElementById("filter-to");
	  const card = document.querySelector('[data-card="requests"] .value');
	  return {Fresh: window.__old === undefined, Class: cls ? cls.value : "", Requests: card ? card.textContent : "",
	    Status: (document.getElementById("filter-status") || {}).textContent || "",
	    Newest: !!to && to.selectedIndex === to.options.length - 1,
	    Who: (document.querySelector("#who .failing-head") || {}).textContent || "",
	    WhoTop: (document.querySelector("#who .failing-selection tbody tr") || {}).innerText || ""};
	})()`
	wait := func(what string, ok func(pageState) bool) pageState {
		t.Helper()
		var st pageState
		for range 150 {
			if got, err := chromedp.Run(tctx, chromedp.Evaluate[pageState](read)); err == nil {
				st = got
				if ok(st) {
					return st
				}
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("%s: the page shows %+v", what, st)
		return st
	}
	wait("the filters", func(s pageState) bool { return s.Class == "0" && s.Requests == "110" })
	const choose5xx = `(() => { const s = document.getElementById("filter-class"); s.value = "5"; s.dispatchEvent(new Event("change")); return s.value; })()`
	if _, err := chromedp.Run(tctx, chromedp.Evaluate[string](choose5xx)); err != nil {
		t.Fatal(err)
	}
	st := wait("5xx chosen", func(s pageState) bool { return s.Requests == "10" })
	// Who failed in the selection: the one client the test wrote.
	if !strings.Contains(st.Status, "5xx") || !st.Newest || !strings.HasPrefix(st.Who, "10 bad requests from ") ||
		!strings.Contains(st.Who, "they came from 1 client.") || strings.Join(strings.Fields(st.WhoTop), " ") != "192.0.2.9 10 100.0%" {
		t.Fatalf("5xx chosen: %+v", st)
	}
	if _, err := chromedp.Run(tctx, chromedp.Evaluate[bool](`window.__old = true`)); err != nil {
		t.Fatal(err)
	}
	appendFile(t, log, clfNow(7, 503)+clfNow(50, 200))
	st = wait("the reload", func(s pageState) bool { return s.Fresh && s.Requests == "17" })
	if st.Class != "5" || !strings.Contains(st.Status, "Showing") || !strings.Contains(st.Status, "5xx") || !st.Newest ||
		!strings.HasPrefix(st.Who, "17 bad requests from ") {
		t.Fatalf("after the reload: %+v; want 5xx still chosen over a range to the newest bucket", st)
	}
	if _, err := chromedp.Run(tctx, chromedp.Evaluate[bool](`document.getElementById("filter-reset").click(), true`)); err != nil {
		t.Fatal(err)
	}
	wait("reset", func(s pageState) bool { return s.Class == "0" && s.Requests == "167" })
	t.Logf("after the reload: %+v", st)

	// The endpoint filter: five requests to another path, chosen by
	// name, stay chosen across the reload that one more line brings.
	health := strings.ReplaceAll(clfNow(5, 200), "/api/items", "/health")
	if _, err := chromedp.Run(tctx, chromedp.Evaluate[bool](`window.__old = true`)); err != nil {
		t.Fatal(err)
	}
	appendFile(t, log, health)
	wait("the /health lines", func(s pageState) bool { return s.Fresh && s.Requests == "172" })
	const chooseHealth = `(() => { const s = document.getElementById("filter-endpoint"); if (!s) return "no select";
	  const o = [...s.options].find(o => o.textContent === "/health"); if (!o) return "";
	  s.value = o.value; s.dispatchEvent(new Event("change")); return s.value; })()`
	// The page may be between two reloads: try until it has its bar.
	var v string
	var err error
	for range 50 {
		if v, err = chromedp.Run(tctx, chromedp.Evaluate[string](chooseHealth)); err == nil && v != "no select" {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if v == "" || v == "no select" {
		t.Fatalf("the live page offers no endpoint /health to choose: %q (%v)", v, err)
	}
	st = wait("/health chosen", func(s pageState) bool { return s.Requests == "5" })
	if !strings.Contains(st.Status, "endpoint /health") {
		t.Fatalf("/health chosen: %+v", st)
	}
	if _, err := chromedp.Run(tctx, chromedp.Evaluate[bool](`window.__old = true`)); err != nil {
		t.Fatal(err)
	}
	appendFile(t, log, clfNow(1, 200))
	st = wait("the reload with /health chosen", func(s pageState) bool { return s.Fresh && s.Requests == "5" })
	if !strings.Contains(st.Status, "endpoint /health") {
		t.Fatalf("after the reload: %+v; want /health still chosen", st)
	}
}
