package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/slareport/slareport/aggregate"
)

func TestMarkdownMermaid(t *testing.T) {
	s := fixture()
	var b bytes.Buffer
	if err := Markdown(&b, s, sloFixture(t, s, "99.9")); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	for _, want := range []string{"```mermaid\npie showData title Requests by status class\n", `    "2xx" : 900`,
		"```mermaid\nxychart-beta\n", `    line [100, 97.7777]`, `    line [99.9, 99.9]`} { // 440 good of 450 judged (the 600 is not)
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
	// Without requests there is nothing to chart.
	b.Reset()
	Markdown(&b, &aggregate.Summary{}, Options{})
	if strings.Contains(b.String(), "mermaid") {
		t.Error("an empty report must have no charts")
	}
}

// TestMarkdownCellsAreEscaped puts hostile text in every cell a log
// controls: a cell must stay one cell and render as text.
func TestMarkdownCellsAreEscaped(t *testing.T) {
	s := hostileSummary()
	s.Inputs[0].Name = "a|b`c<script>alert(1)</script>\nd\re"
	var b bytes.Buffer
	if err := Markdown(&b, s, Options{}); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	if strings.ContainsAny(md, "\x00\x1b\r\u202e") {
		t.Error("Markdown carries raw control or bidi characters")
	}
	for _, l := range strings.Split(md, "\n") {
		if !strings.HasPrefix(l, "| Source") {
			continue
		}
		if n := strings.Count(l, "|") - strings.Count(l, `\|`); n != 3 {
			t.Errorf("source row has %d cell separators, want 3: %s", n, l)
		}
		if strings.Contains(l, "<script>") && !strings.Contains(l, "` ") {
			t.Errorf("markup outside a code span: %s", l)
		}
	}
	if !strings.Contains(md, `a\|b`) || !strings.Contains(md, `\x0ad\x0de`) {
		t.Errorf("name not escaped for a table cell:\n%s", md)
	}
}

// TestMarkdownStaysUnderTheStepSummaryCap: GitHub refuses a job summary
// over 1 MiB; a log with thousands of long-named sources and every code
// must still fit.
func TestMarkdownStaysUnderTheStepSummaryCap(t *testing.T) {
	s := &aggregate.Summary{Codes: map[int]int64{}, BucketSeconds: 3600}
	for i := 0; i < 10000; i++ {
		s.Inputs = append(s.Inputs, aggregate.Input{Name: strings.Repeat("n|`<", 1024), Format: "combined", Detected: true})
	}
	for c := 0; c < 1000; c++ {
		s.Codes[c] = int64(c + 1)
		s.Lines.Parsed += int64(c + 1)
	}
	for h := int64(0); h < 24*365; h++ {
		s.Buckets = append(s.Buckets, aggregate.Bucket{Start: 1767225600 + h*3600, End: 1767225600 + (h+1)*3600,
			Counts: aggregate.Counts{Classes: [5]int64{0, 10, 0, 0, 1}, Bad: 1}})
	}
	for i := 0; i < 100; i++ {
		s.Samples = append(s.Samples, aggregate.Sample{Input: strings.Repeat("x", 1024), Line: 1, Reason: "bad status", Text: bytes.Repeat([]byte("`|"), 512)})
		s.Lines.Malformed++
	}
	s.Malformed = map[string]int64{"bad status": 100}
	var b bytes.Buffer
	if err := Markdown(&b, s, Options{}); err != nil {
		t.Fatal(err)
	}
	if n := b.Len(); n > 1<<20 {
		t.Errorf("Markdown is %d bytes, over GitHub's 1 MiB step summary cap", n)
	}
	if !strings.Contains(b.String(), "… and 9,950 more") || !strings.Contains(b.String(), "… and 900 more codes") {
		t.Error("cut tables must say what was left out")
	}
}
