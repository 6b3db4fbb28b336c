package report

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slareport/slareport/aggregate"
)

// TestHistoryRenderers renders the sample's two days (2,997 requests, 15
// bad, per the README) with a day history in every format that shows it,
// with a hostile objective name beside the availability SLO.
func TestHistoryRenderers(t *testing.T) {
	w := aggregate.Window{Since: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC), Until: time.Date(2026, 11, 4, 0, 0, 0, 0, time.UTC)}
	s, err := aggregate.Run(context.Background(), []string{filepath.Join("..", "testdata", "access.log.gz")},
		aggregate.Options{Settings: aggregate.Settings{Window: w}})
	if err != nil {
		t.Fatal(err)
	}
	opt := sloFixture(t, s, "99.9")
	tg := opt.SLO.Target
	h := s.History(aggregate.HistoryDay, []aggregate.NamedTarget{{Name: "availability", Target: tg}, {Name: hostile, Target: tg}})
	opt.History = &h

	var j bytes.Buffer
	if err := JSON(&j, s, opt); err != nil {
		t.Fatal(err)
	}
	var r struct {
		History []struct {
			Requests, Bad int64
			SLOs          []struct{ Name string }
		}
	}
	if err := json.Unmarshal(j.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	var req, bad int64
	for _, row := range r.History {
		req, bad = req+row.Requests, bad+row.Bad
		// Bytes that are not UTF-8 are spelled out, not replaced.
		if len(row.SLOs) != 2 || !strings.HasPrefix(row.SLOs[1].Name, "<script>") || !strings.Contains(row.SLOs[1].Name, `\xff\xfe`) {
			t.Errorf("row objectives %+v", row.SLOs)
		}
	}
	if len(r.History) != 2 || req != 2997 || bad != 15 {
		t.Errorf("%d rows, %d requests, %d bad; want 2, 2,997 and 15", len(r.History), req, bad)
	}

	var md bytes.Buffer
	if err := Markdown(&md, s, opt); err != nil {
		t.Fatal(err)
	}
	// The hostile name sits in a code span with its table pipe escaped, so
	// the header keeps its ten columns.
	if !strings.Contains(md.String(), "## Compliance by day") || !strings.Contains(md.String(), "| 2026-11-02 | 1,498 | 1 | 99.933% | met |") ||
		!strings.Contains(md.String(), "```` <script>alert(1)</script> \\| ```") {
		t.Errorf("Markdown history missing or unescaped:\n%s", md.String())
	}
	var page bytes.Buffer
	if err := HTML(&page, s, HTMLOptions{Options: opt}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`id="history"`, `id="chart-calendar"`, "2026-11-03"} {
		if !strings.Contains(page.String(), want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if strings.Contains(page.String(), "<script>alert(1)") {
		t.Error("HTML carries the hostile name unescaped")
	}
}
