package board

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slareport/slareport/aggregate"
)

func snapshot() Snapshot {
	rules := []aggregate.AlertState{
		{Rule: aggregate.AlertRules[0], Firing: true, LongBurn: 20, ShortBurn: 31.5},
		{Rule: aggregate.AlertRules[1], LongBurn: 2, ShortBurn: 3},
	}
	return Snapshot{
		At: time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC), Inputs: 2,
		Spans: []Span{{"last 5 m", 1000, 30}, {"last 1 h", 12000, 31}, {"window", 50000, 40}},
		SLOs:  []SLO{{Name: "availability", Target: "99.9%", Remaining: 0.2, Rules: rules}},
		P50:   "12 ms", P99: "450 ms",
		Codes:     []aggregate.RecentCount{{Key: "503", Count: 30}},
		Endpoints: []aggregate.RecentCount{{Key: "/api/\x1b[31mred", Count: 30}},
		Clients:   []aggregate.RecentCount{{Key: "203.0.113.9\x1b[2J", Count: 21}, {Key: "198.51.100.4", Count: 9}},
		LinesPerS: 12.5, Malformed: 3, Read: 50003,
	}
}

// TestTextWide draws the table of burn rates, marks the firing rule, lists
// what failed lately and spells out the escape bytes a log put in an
// endpoint and a client.
func TestTextWide(t *testing.T) {
	text := Text(snapshot(), 120, Plain, false)
	for _, want := range []string{
		"last 5 m", "97.000%", "availability", "99.9%", "20.0 %", "20.0/31.5!", "2.0/3.0",
		"p50 12 ms · p99 450 ms", "503 ×30", `/api/\x1b[31mred ×30`, `clients: 203.0.113.9\x1b[2J ×21, 198.51.100.4 ×9`, "12.5 lines/s", "3 malformed", "q quit · p pause",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the board lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "\x1b") {
		t.Error("an escape byte from the log reached the terminal")
	}
}

// TestTextNarrow fits a 50-column terminal: one line per SLO naming its
// firing rules, every line cut to the width.
func TestTextNarrow(t *testing.T) {
	text := Text(snapshot(), 50, Plain, true)
	if !strings.Contains(text, "availability: budget 20.0 % · FIRING 1h/5m") || !strings.Contains(text, "PAUSED") {
		t.Errorf("narrow board:\n%s", text)
	}
	for _, l := range strings.Split(text, "\n") {
		if n := utf8.RuneCountInString(l); n > 50 {
			t.Errorf("a line of %d columns: %q", n, l)
		}
	}
}
