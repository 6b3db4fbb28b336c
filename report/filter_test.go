package report

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slareport/slareport/aggregate"
)

// filtered runs the bundled sample through a filter.
func filtered(t *testing.T, spec aggregate.SelectorSpec) *aggregate.Summary {
	t.Helper()
	sel, err := aggregate.NewSelector(spec)
	if err != nil {
		t.Fatal(err)
	}
	s, err := aggregate.Run(context.Background(), []string{filepath.Join("..", "testdata", "access.log.gz")},
		aggregate.Options{Workers: 2, Settings: aggregate.Settings{Filter: sel}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestFilterInEveryFormat: a filtered run says what the filter was and
// what it left out, in every format, with the filter's text escaped for
// each: a user agent glob may come from a file someone else wrote.
func TestFilterInEveryFormat(t *testing.T) {
	const hostile = "*`|\x1b[2J</script>\u202e*"
	s := filtered(t, aggregate.SelectorSpec{Paths: []string{"/api/**"}, ExcludeUserAgents: []string{hostile}})
	reasons := s.Filtered
	if reasons["path not selected"] == 0 || s.Lines.Read != s.Lines.Parsed+s.Lines.Malformed+s.Lines.Filtered {
		t.Fatalf("filtered %v, lines %+v", reasons, s.Lines)
	}
	opt := Options{}

	var md bytes.Buffer
	if err := Markdown(&md, s, opt); err != nil {
		t.Fatal(err)
	}
	var filterRow string
	for _, l := range strings.Split(md.String(), "\n") {
		if strings.HasPrefix(l, "| Filter |") {
			filterRow = l
		}
	}
	if n := strings.Count(filterRow, "|") - strings.Count(filterRow, `\|`); n != 3 || !strings.Contains(filterRow, "path /api/**") ||
		!strings.Contains(filterRow, `x1b[2j`) || strings.ContainsAny(filterRow, "\x1b\u202e") || !strings.Contains(filterRow, "``") {
		t.Errorf("markdown filter row: %q", filterRow)
	}
	if !strings.Contains(md.String(), "| Filtered | "+group(reasons["path not selected"])+" path not selected |") {
		t.Errorf("markdown lacks the reasons:\n%s", md.String())
	}

	var term bytes.Buffer
	if err := Terminal(&term, s, TerminalOptions{Options: opt}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(term.String(), "Filter        path /api/**; exclude user agent ") || strings.ContainsAny(term.String(), "\x1b\u202e") {
		t.Errorf("terminal:\n%q", term.String())
	}

	var js bytes.Buffer
	if err := JSON(&js, s, opt); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Lines   struct{ Read, Parsed, Malformed, Filtered int64 }
		Reasons map[string]int64 `json:"filtered_reasons"`
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Reasons["path not selected"] != reasons["path not selected"] || doc.Lines.Filtered != s.Lines.Filtered {
		t.Errorf("JSON filtered_reasons %v, lines %+v", doc.Reasons, doc.Lines)
	}

	page := renderHTML(t, s, HTMLOptions{Options: opt})
	if !bytes.Contains(page, []byte(group(s.Lines.Filtered)+" filtered: ")) || !utf8.Valid(page) {
		t.Error("the HTML report does not say what the filter left out")
	}
}

// TestNoDataAfterTheFilter: when the filter leaves nothing, the no-data
// verdict says so, and why.
func TestNoDataAfterTheFilter(t *testing.T) {
	s := filtered(t, aggregate.SelectorSpec{Hosts: []string{"nowhere.example"}})
	tg := target(t, "99.9")
	v := s.Check(aggregate.Gates{SLO: &tg})
	if len(v.Gates) != 1 || !v.Gates[0].NoData {
		t.Fatalf("verdict %+v", v)
	}
	want := "slo failed: no data: 0 of 3,000 lines passed the filter (host nowhere.example): 2,997 host not selected"
	if got := GateText(s, v.Gates[0]); got != want {
		t.Errorf("gate text\n%s\nwant\n%s", got, want)
	}
}
