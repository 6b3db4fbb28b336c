package report

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/internal/browsertest"
	"github.com/slareport/slareport/parse"
)

// failingSelectionLog writes twelve hours of a log, a line every 10 seconds from
// 30 clients, one in thirteen answered 502, and a culprit with 503s in
// hours 3 and 4 whose count grows by the minute, so that no two keys tie
// where the tables are cut.
func failingSelectionLog(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	start := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	line := func(at time.Time, client string, status int, ref, ua string) {
		fmt.Fprintf(&b, "%s - - [%s] \"GET /p HTTP/1.1\" %d 1 \"%s\" \"%s\"\n", client, at.Format("02/Jan/2006:15:04:05 -0700"), status, ref, ua)
	}
	for i := range 12 * 360 {
		at := start.Add(time.Duration(i) * 10 * time.Second)
		status := 200
		if i%13 == 0 {
			status = 502
		}
		line(at, fmt.Sprintf("10.1.0.%d", i%30), status, fmt.Sprintf("https://ref%d.example/", i%4), fmt.Sprintf("agent/%d", i%7))
		if h := at.Hour(); (h == 3 || h == 4) && i%(2+at.Minute()%3) == 0 {
			line(at, "203.0.113.66", 503, "-", "curl/8.5.0")
		}
	}
	path := filepath.Join(t.TempDir(), "failing.log")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// awkFailingHours counts, with awk, the bad requests (5xx) of the log's hours
// from..to-1 by client: the counts, most first, and their total.
func awkFailingHours(t *testing.T, path string, from, to int) ([]string, int64) {
	t.Helper()
	prog := fmt.Sprintf(`{ split($1, a, " "); split($3, s, " "); h = substr(a[4], 14, 2) + 0; if (s[1] >= 500 && h >= %d && h < %d) print a[1] }`, from, to)
	out, err := exec.Command("sh", "-c", "awk -F'\"' '"+prog+"' "+path+" | LC_ALL=C sort | uniq -c | LC_ALL=C sort -k1,1nr -k2,2").Output()
	if err != nil {
		t.Skipf("awk: %v", err)
	}
	var rows []string
	var total int64
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(l)
		n, _ := strconv.ParseInt(f[0], 10, 64)
		total += n
		rows = append(rows, f[1]+" "+f[0])
	}
	return rows, total
}

// awkFirstBad returns, with awk, the first three bad lines of each of the
// log's hours from..to-1, as "number text".
func awkFirstBad(t *testing.T, path string, from, to int) []string {
	t.Helper()
	prog := fmt.Sprintf(`{ split($1, a, " "); split($3, s, " "); h = substr(a[4], 14, 2) + 0; if (s[1] >= 500 && h >= %d && h < %d && ++n[h] <= 3) print NR " " $0 }`, from, to)
	out, err := exec.Command("awk", "-F", `"`, prog, path).Output()
	if err != nil {
		t.Skipf("awk: %v", err)
	}
	return strings.Split(strings.TrimSpace(string(out)), "\n")
}

// whoShown is what the "who" section shows of a selection: its tables,
// the clients, user agents and referrers, then the bad lines.
type whoShown struct {
	Head   string
	Tables [][][]string
	Whole  bool
}

const readWhoJS = `(() => { const sec = document.getElementById("who"), w = sec.querySelector(".failing-selection");
  return {Head: w ? w.querySelector(".failing-head").textContent : "",
    Tables: w ? [...w.querySelectorAll("table")].map(tb => [...tb.querySelectorAll("tbody tr")].map(tr => [...tr.cells].map(c => c.textContent))) : [],
    Whole: sec.classList.contains("whole")}; })()`

// TestHTMLFailingSelectionInBrowser selects a range in Chromium: the "who"
// section names the clients that failed in it, each with the bad requests
// awk counts in the hours that hold the range, says which hours those are,
// and agrees with a run over them; the 5xx class gives the same, and a
// host or endpoint filter, which the counts are not split by, leaves the
// section showing the whole report.
func TestHTMLFailingSelectionInBrowser(t *testing.T) {
	path := failingSelectionLog(t)
	ctx := browsertest.New(t)
	run := func(set aggregate.Settings) *aggregate.Summary {
		t.Helper()
		opt := aggregate.Options{Format: parse.Combined, Settings: set, Statuses: true, StatusDims: aggregate.DimEndpoint}
		s, err := aggregate.Run(context.Background(), []string{path}, opt)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	full := run(aggregate.Settings{})
	if full.BucketSeconds != 300 {
		t.Fatalf("buckets of %d s, want 5 minutes", full.BucketSeconds)
	}
	url, _ := serve(t, renderHTML(t, full, HTMLOptions{}))
	tab, errs := filterTab(t, ctx, url)
	read := func(steps ...string) whoShown {
		t.Helper()
		for _, js := range steps {
			if _, err := chromedp.Run(tab, chromedp.Evaluate[any](js)); err != nil {
				t.Fatalf("%s: %v", js, err)
			}
		}
		w, err := chromedp.Run(tab, chromedp.Evaluate[whoShown](readWhoJS))
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	check := func(what string, w whoShown, from, to int) {
		t.Helper()
		rows, total := awkFailingHours(t, path, from, to)
		head := fmt.Sprintf("%s bad requests from 2026-11-02 %02d:00 → 2026-11-02 %02d:00 UTC", group(total), from, to)
		if !strings.HasPrefix(w.Head, head) || !strings.Contains(w.Head, fmt.Sprintf("they came from %d clients", len(rows))) {
			t.Errorf("%s: the section says %q; awk counts %d bad requests from %d clients in %02d:00–%02d:00", what, w.Head, total, len(rows), from, to)
		}
		if len(w.Tables) != 4 || len(w.Tables[0]) != min(10, len(rows)) {
			t.Fatalf("%s: tables %q, want 4 with %d clients first", what, w.Tables, min(10, len(rows)))
		}
		// The bad lines: the first three of each hour, by awk.
		var lines []string
		for _, r := range w.Tables[3] {
			lines = append(lines, strings.TrimPrefix(r[0], path+":")+" "+r[1])
		}
		if want := awkFirstBad(t, path, from, to); !slices.Equal(lines, want[:min(20, len(want))]) {
			t.Errorf("%s: the bad lines shown are\n%s\nawk's first three of each hour are\n%s", what, strings.Join(lines, "\n"), strings.Join(want, "\n"))
		}
		for i, r := range w.Tables[0] {
			if got := r[0] + " " + r[1]; got != rows[i] {
				t.Errorf("%s: client row %d is %q; awk's is %q", what, i, got, rows[i])
			}
		}
		if !strings.HasPrefix(w.Tables[1][0][0], "curl/8.5.0") && from <= 3 && to >= 5 {
			t.Errorf("%s: the top user agent is %q, not the culprit's", what, w.Tables[1][0][0])
		}
		// A run over the hours the page names counts the same.
		s := run(aggregate.Settings{Window: aggregate.Window{
			Since: time.Date(2026, 11, 2, from, 0, 0, 0, time.UTC), Until: time.Date(2026, 11, 2, to, 0, 0, 0, time.UTC)}})
		if s.Bad() != total || s.Insight.Clients.TopBad[0].Key+" "+strconv.FormatInt(s.Insight.Clients.TopBad[0].Bad, 10) != rows[0] {
			t.Errorf("%s: a run over %02d:00–%02d:00 counts %d bad requests, first %+v; the page %d, first %q", what, from, to, s.Bad(), s.Insight.Clients.TopBad[0], total, rows[0])
		}
		t.Logf("%s: %q", what, w.Head)
	}

	if w := read(); w.Head != "" || w.Whole {
		t.Fatalf("before any selection the section shows %+v", w)
	}
	t.Run("range inside hours", func(t *testing.T) {
		// 03:20 to 05:55: counted in the hours 03:00 to 06:00, and said so.
		w := read(choose("filter-from", "40"), choose("filter-to", "70"))
		check("03:20–05:55", w, 3, 6)
		// The lines' files break after a '/', as the report's paths do.
		paths, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#who .failing-selection code.path")].map(c =>
		  [...c.children].map(x => x.tagName === "WBR" ? "|" : x.textContent).join(""))`))
		if err != nil || len(paths) == 0 {
			t.Fatalf("no path in the bad lines: %v %v", paths, err)
		}
		for _, p := range paths {
			text := strings.ReplaceAll(p, "|", "")
			if want := strings.Join(pathParts(text), "|"); p != want || !strings.HasPrefix(text, path+":") {
				t.Errorf("a bad line's file breaks as %q; the report's tables break it as %q", p, want)
			}
		}
		if !strings.Contains(w.Head, "counted in whole buckets of an hour") {
			t.Errorf("the section does not say the range was widened: %q", w.Head)
		}
		caption, err := chromedp.Run(tab, chromedp.Evaluate[string](`[...document.querySelectorAll("#who .failing-selection .caption")].map(c => c.textContent).join(" ")`))
		if err != nil || !strings.Contains(caption, "The first 3 bad lines of each hour the selection covers.") {
			t.Errorf("the lines' caption reads %q (%v)", caption, err)
		}
	})
	t.Run("range on hours", func(t *testing.T) {
		w := read(choose("filter-from", "60"), choose("filter-to", "95"))
		check("05:00–08:00", w, 5, 8)
		if strings.Contains(w.Head, "whole buckets") {
			t.Errorf("a range on the hours says it was widened: %q", w.Head)
		}
	})
	t.Run("class", func(t *testing.T) {
		w := read(`document.getElementById("filter-reset").click()`, choose("filter-class", "5"))
		check("5xx", w, 0, 12)
		w = read(choose("filter-class", "2"))
		if !strings.HasPrefix(w.Head, "No bad requests") {
			t.Errorf("2xx: the section says %q", w.Head)
		}
	})
	t.Run("endpoint", func(t *testing.T) {
		w := read(`document.getElementById("filter-reset").click()`, choose("filter-endpoint", "0"))
		if w.Head != "" || !w.Whole {
			t.Errorf("with an endpoint chosen the section shows %+v, not the whole report", w)
		}
	})
	if e := errs(); len(e) > 0 {
		t.Errorf("console errors: %q", e)
	}
}
