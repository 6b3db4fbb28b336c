package report

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/internal/browsertest"
)

// TestHistoryInBrowser opens a report with the day calendar and the
// comparison in headless Chromium: every chart, the calendar included,
// paints under the page's policy, and both sections are on the page.
func TestHistoryInBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	w := aggregate.Window{Since: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC), Until: time.Date(2026, 11, 4, 0, 0, 0, 0, time.UTC)}
	run := func(w aggregate.Window) *aggregate.Summary {
		s, err := aggregate.Run(context.Background(), []string{filepath.Join("..", "testdata", "access.log.gz")},
			aggregate.Options{Settings: aggregate.Settings{Window: w}})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	s := run(w)
	prev := run(aggregate.Window{Since: w.Since, Until: w.Since.Add(24 * time.Hour)})
	o := s.Evaluate(target(t, "99.9"))
	h := s.History(aggregate.HistoryDay, []aggregate.NamedTarget{{Name: "availability", Target: o.Target}})
	c := aggregate.Compare(s, prev)
	page := renderHTML(t, s, HTMLOptions{Options: Options{SLO: &o, History: &h, Compare: &c}})
	if !strings.Contains(string(page), `id="chart-calendar"`) {
		t.Fatal("no calendar on the page")
	}
	url, _ := serve(t, page)
	r := open(t, ctx, url, visit{})
	checkRendered(t, r, len(jsonBlock.FindAll(page, -1)))
	for _, want := range []string{"Compliance by day", "2026-11-03", "Compared with the previous period", "Previous period"} {
		if !strings.Contains(r.Text, want) {
			t.Errorf("the page does not show %q", want)
		}
	}
}
