package report

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/slareport/slareport/internal/browsertest"
	"github.com/slareport/slareport/reference"
)

// TestReportLinksToCodesPage opens a report beside the reference page, as
// `slareport -o report.html` and `slareport codes -o codes.html` leave
// them: a code's phrase opens its entry, and the reference section's link
// opens the page with the report's codes marked.
func TestReportLinksToCodesPage(t *testing.T) {
	s, opt := sample(t)
	report := renderHTML(t, s, HTMLOptions{Options: opt})
	page := codesPage(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/report.html":
			w.Write(report)
		case "/codes.html":
			w.Write(page)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	ctx := browsertest.New(t)

	// The codes of the run, counted by the pipeline, that the reference
	// knows; every meaning of each is a row of the page.
	var seen []string
	var want []string
	for _, code := range sortedCodes(s.Codes) {
		ms := reference.Meanings(code)
		if len(ms) > 0 {
			seen = append(seen, strconv.Itoa(code))
		}
		for _, m := range ms {
			want = append(want, rowKey(m))
		}
	}
	if len(seen) < 4 {
		t.Fatalf("the sample has only the codes %q", seen)
	}

	do(t, ctx, chromedp.Navigate(srv.URL+"/report.html"), chromedp.WaitReady(chromedp.ID("reference")))
	do(t, ctx, chromedp.Click(chromedp.CSS(`#reference p.intro a`)), chromedp.WaitVisible(chromedp.ID("q")))
	loc := run(t, ctx, chromedp.Location())
	if wantLoc := srv.URL + "/codes.html?seen=" + joinComma(seen); loc != wantLoc {
		t.Errorf("the seen link opened %s, want %s", loc, wantLoc)
	}
	marked := run(t, ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#rows li.seen')).map(li => li.querySelector('.code').textContent + ' ' + li.dataset.vendor)`))
	if !slices.Equal(marked, want) {
		t.Errorf("the page marks %q, want the report's %q", marked, want)
	}

	do(t, ctx, chromedp.Navigate(srv.URL+"/report.html"), chromedp.WaitReady(chromedp.ID("reference")))
	if n := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('a[href="codes.html#503"]').length`)); n != 1 {
		t.Fatalf("the report has %d links to codes.html#503", n)
	}
	run(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('a[href="codes.html#503"]').click()`))
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS(`[id="503"]`)))
	if text := run(t, ctx, chromedp.Text(chromedp.ID("h503"))); text != "503 Service Unavailable" {
		t.Errorf("the 503 link opened %q", text)
	}
}

func joinComma(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ","
		}
		out += x
	}
	return out
}
