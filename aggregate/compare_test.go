package aggregate

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/slareport/slareport/parse"
)

func TestPreviousWindow(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no Europe/Berlin zone data")
	}
	d := func(y int, m time.Month, day, h int) time.Time { return time.Date(y, m, day, h, 0, 0, 0, berlin) }
	for _, tc := range []struct {
		name             string
		since, until     time.Time
		wantSince, wantU time.Time
	}{
		{"a day", d(2026, 3, 10, 0), d(2026, 3, 11, 0), d(2026, 3, 9, 0), d(2026, 3, 10, 0)},
		// The day before is the 23 h day clocks go forward: still one day.
		{"the day after DST", d(2026, 3, 30, 0), d(2026, 3, 31, 0), d(2026, 3, 29, 0), d(2026, 3, 30, 0)},
		{"a week", d(2026, 3, 30, 0), d(2026, 4, 6, 0), d(2026, 3, 23, 0), d(2026, 3, 30, 0)},
		{"March, before it February", d(2026, 3, 1, 0), d(2026, 4, 1, 0), d(2026, 2, 1, 0), d(2026, 3, 1, 0)},
		{"a quarter", d(2026, 4, 1, 0), d(2026, 7, 1, 0), d(2026, 1, 1, 0), d(2026, 4, 1, 0)},
		// Not whole days: the same seconds before, across the change.
		{"six hours", d(2026, 3, 29, 6), d(2026, 3, 29, 12), d(2026, 3, 28, 23), d(2026, 3, 29, 6)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := PreviousWindow(Window{Since: tc.since, Until: tc.until}, berlin)
			if err != nil || !p.Since.Equal(tc.wantSince) || !p.Until.Equal(tc.wantU) {
				t.Errorf("%v to %v: got %v to %v (%v), want %v to %v", tc.since, tc.until, p.Since, p.Until, err, tc.wantSince, tc.wantU)
			}
		})
	}
	if _, err := PreviousWindow(Window{Since: d(2026, 3, 1, 0)}, berlin); err != ErrNoWindow {
		t.Errorf("an open window: %v", err)
	}
}

// clfLines writes one Common Log Format line per client and status.
func clfLines(day int, lines ...any) string {
	var b strings.Builder
	for i := 0; i < len(lines); i += 2 {
		fmt.Fprintf(&b, "%s - - [%02d/Jan/2026:10:00:00 +0000] \"GET /x HTTP/1.1\" %d 1 \"-\" \"ua\"\n", lines[i], day, lines[i+1])
	}
	return b.String()
}

// TestCompareNewFailingClients: the clients failing now that did not fail
// before, counted by hand: A failed in both periods, D only before, C (3
// bad) and E (1) only now. Against a previous period whose table of bad
// clients capped, a client it would not have kept is left out, since it
// may have failed then, and one it would have kept is new. Against a
// summary without those tables, the list is unknown.
func TestCompareNewFailingClients(t *testing.T) {
	opt := Options{Format: parse.Combined}
	prev := runString(t, clfLines(1, "A", 500, "B", 200, "D", 500), opt)
	cur := runString(t, clfLines(2, "A", 500, "A", 500, "C", 503, "C", 503, "C", 503, "D", 200, "E", 500), opt)
	if got := Compare(cur, prev).NewFailingClients; fmt.Sprint(got) != "[C E]" {
		t.Errorf("new failing clients %q, want [C E]", got)
	}

	var capped strings.Builder
	for i := range 6000 {
		capped.WriteString(clfLines(1, fmt.Sprintf("10.1.%d.%d", i>>8, i&255), 500))
	}
	wide := runString(t, capped.String(), opt)
	limit := wide.tally.insight.failing[0].limit
	if limit == 0 {
		t.Fatal("6,000 failing clients should cap the table")
	}
	kept := ""
	for i := 0; kept == ""; i++ {
		if k := fmt.Sprintf("198.18.%d.%d", i>>8, i&255); keyHash([]byte(k)) < limit {
			kept = k
		}
	}
	high := highKey("198.19.0.1")
	now := runString(t, clfLines(2, high, 500, high, 500, kept, 500), opt)
	if got := Compare(now, wide).NewFailingClients; fmt.Sprint(got) != "["+kept+"]" {
		t.Errorf("against a capped table: %q, want only %q (%q may have failed before)", got, kept, high)
	}

	st := prev.State()
	st.Insight.Failing = nil
	old, err := st.Summary()
	if err != nil {
		t.Fatal(err)
	}
	if got := Compare(cur, old).NewFailingClients; got != nil {
		t.Errorf("against a summary without the tables: %q, want nil (unknown)", got)
	}
}
