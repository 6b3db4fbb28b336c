package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slareport/slareport/reference"
)

// TestCodesGuide: the list names every guide; each guide renders as text
// within 80 columns, as Markdown and as JSON, with the documents it cites;
// an unknown guide is a usage error that lists the guides.
func TestCodesGuide(t *testing.T) {
	code, out, _ := runCodes(t, false, "guide")
	if code != 0 {
		t.Fatalf("codes guide: exit %d", code)
	}
	names := []string{"classes", "cycle", "pairs", "redirects", "caching", "rest", "errors-in-200", "grpc", "custom", "sla"}
	for _, n := range names {
		g, ok := reference.GuideNamed(n)
		if !ok || !strings.Contains(out, "  "+n+" ") || !strings.Contains(out, g.Title) {
			t.Errorf("codes guide does not list %s:\n%s", n, out)
		}
	}
	for _, n := range names {
		g, _ := reference.GuideNamed(n)
		code, text, stderr := runCodes(t, false, "guide", n)
		if code != 0 || stderr != "" {
			t.Fatalf("codes guide %s: exit %d, %s", n, code, stderr)
		}
		flat := strings.Join(strings.Fields(text), " ")
		if !strings.HasPrefix(text, g.Title+"\n\n") || !strings.Contains(flat, "Sources: "+strings.Join(g.Cites, "; ")) {
			t.Errorf("codes guide %s: no title or sources:\n%s", n, text)
		}
		for i, line := range strings.Split(text, "\n") {
			if w := utf8.RuneCountInString(line); w > 80 {
				t.Errorf("codes guide %s: line %d is %d columns", n, i+1, w)
			}
		}
		if _, md, _ := runCodes(t, false, "guide", n, "-f", "markdown"); !strings.HasPrefix(md, "# "+g.Title+"\n") || !strings.Contains(md, "*Sources: ") {
			t.Errorf("codes guide %s -f markdown:\n%s", n, md)
		}
		_, js, _ := runCodes(t, false, "guide", strings.ToUpper(n), "-f", "json")
		var got []struct {
			Name, Title, Body string
			Cites             []string
		}
		if err := json.Unmarshal([]byte(js), &got); err != nil || len(got) != 1 || got[0].Name != n || got[0].Body != g.Body || len(got[0].Cites) == 0 {
			t.Errorf("codes guide %s -f json: %v %+v", n, err, got)
		}
	}
	for _, tc := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"codes", "guide", "nope"}, `slareport: guide "nope": no such guide (guides: ` + strings.Join(names, ", ") + ")\n"},
		{[]string{"codes", "guide", "sla", "caching"}, "one guide at a time"},
		{[]string{"codes", "guide", "sla", "-f", "html"}, "codes.html#guide-NAME"},
	} {
		code, stdout, stderr, _ := execBinary(t, tc.args...)
		if code != 2 || stdout.Len() != 0 || !strings.Contains(stderr.String(), tc.stderr) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2 and %q", tc.args, code, stdout, stderr, tc.stderr)
		}
	}
}

// TestGuideSLAWorkedExample runs the SLA guide's worked example through
// the binary: 10,000 requests, 9,200 2xx, 300 3xx, 450 4xx (30 of them
// 429), 42 5xx and 8 with status 0 give the availability the guide
// computes by hand, with and without --bad 5xx,429.
func TestGuideSLAWorkedExample(t *testing.T) {
	g, _ := reference.GuideNamed("sla")
	for _, s := range []string{"9,992", "99.579%", "9.992 bad requests", "bad is 72", "99.279%"} {
		if !strings.Contains(g.Body, s) {
			t.Fatalf("the guide no longer says %q", s)
		}
	}
	counts := []struct{ status, n int }{{200, 9200}, {301, 300}, {404, 420}, {429, 30}, {500, 42}, {0, 8}}
	var lines []string
	at := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	for _, c := range counts {
		for range c.n {
			lines = append(lines, fmt.Sprintf(`10.0.0.1 - - [%s] "GET / HTTP/1.1" %03d 5 "-" "x"`+"\n", at.Format("02/Jan/2006:15:04:05 -0700"), c.status))
			at = at.Add(time.Second)
		}
	}
	log := writeLog(t, t.TempDir(), "example.log", lines)
	for _, tc := range []struct {
		args      []string
		bad       int64
		printed   string
		allowedBy float64
	}{
		{nil, 42, "99.579%", 9.992},
		{[]string{"--bad", "5xx,429"}, 72, "99.279%", 9.992},
	} {
		args := append([]string{"-f", "json", "--slo", "99.9"}, tc.args...)
		_, out, stderr, _ := execBinary(t, append(args, log)...)
		var r struct {
			Requests, Judged, Invalid int64
			Bad                       struct{ Requests int64 }
			Availability              float64
			SLO                       struct{ Budget struct{ Allowed float64 } }
		}
		if err := json.Unmarshal(out.Bytes(), &r); err != nil {
			t.Fatalf("%q: %v; %s", tc.args, err, stderr)
		}
		if r.Requests != 10000 || r.Judged != 9992 || r.Invalid != 8 || r.Bad.Requests != tc.bad {
			t.Errorf("%q: %+v", tc.args, r)
		}
		if want := float64(9992-tc.bad) / 9992; r.Availability != want {
			t.Errorf("%q: availability %v, want %v", tc.args, r.Availability, want)
		}
		if got := fmt.Sprintf("%.3f%%", float64(int64(r.Availability*100000))/1000); got != tc.printed {
			t.Errorf("%q: availability rounds down to %s, the guide says %s", tc.args, got, tc.printed)
		}
		if d := r.SLO.Budget.Allowed - tc.allowedBy; d > 1e-9 || d < -1e-9 {
			t.Errorf("%q: %v bad requests allowed, the guide says %v", tc.args, r.SLO.Budget.Allowed, tc.allowedBy)
		}
		_, md, _, _ := execBinary(t, append([]string{"-f", "markdown", "--slo", "99.9"}, append(tc.args, log)...)...)
		if !strings.Contains(md.String(), tc.printed) {
			t.Errorf("%q: the Markdown report does not print %s", tc.args, tc.printed)
		}
	}
}
