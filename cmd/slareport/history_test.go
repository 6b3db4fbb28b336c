package main

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/slareport/slareport/internal/loggen"
)

// historyRow is what the tests read of a JSON history row.
type historyRow struct {
	Start, End      time.Time
	Requests, Bad   int64
	Met             *bool
	BudgetRemaining *float64 `json:"budget_remaining"`
}

func historyOf(t *testing.T, args ...string) []historyRow {
	t.Helper()
	code, stdout, stderr, _ := execBinary(t, append(args, "-f", "json")...)
	if code > 1 {
		t.Fatalf("%v: exit %d: %s", args, code, stderr)
	}
	var r struct{ History []historyRow }
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	return r.History
}

// TestHistoryFromDailySummaries: five daily summaries merged with
// --history day give five rows, each with the requests and 5xx the
// generator wrote that day, whether the summaries were saved for their
// day (their windows join) or without a window.
func TestHistoryFromDailySummaries(t *testing.T) {
	dir := t.TempDir()
	start := time.Date(2015, 5, 16, 0, 0, 0, 0, time.UTC)
	logs, counts := synthDays(t, dir, start, 5)
	for name, extra := range map[string]func(int) []string{
		"saved for their day":    func(i int) []string { return []string{"--period", start.AddDate(0, 0, i).Format("2006-01-02")} },
		"saved without a window": func(int) []string { return nil },
	} {
		t.Run(name, func(t *testing.T) {
			sums := saveDays(t, t.TempDir(), logs, extra)
			rows := historyOf(t, append([]string{"merge", "--slo", "99.9", "--history", "day"}, sums...)...)
			if len(rows) != 5 {
				t.Fatalf("%d rows, want 5: %+v", len(rows), rows)
			}
			for i, r := range rows {
				c := counts[i]
				day := start.AddDate(0, 0, i)
				if !r.Start.Equal(day) || !r.End.Equal(day.AddDate(0, 0, 1)) {
					t.Errorf("row %d: %s to %s, want the day %s", i, r.Start, r.End, day.Format("2006-01-02"))
				}
				if r.Requests != c.Requests || r.Bad != c.Class(5) {
					t.Errorf("row %d: %d requests, %d bad; the generator wrote %d and %d 5xx", i, r.Requests, r.Bad, c.Requests, c.Class(5))
				}
				// met and the budget follow from the counts: 0.1% of the day's
				// requests are allowed to fail.
				allowed := float64(c.Requests) / 1000
				if r.Met == nil || *r.Met != (float64(c.Class(5)) <= allowed) || r.BudgetRemaining == nil || *r.BudgetRemaining != 1-float64(c.Class(5))/allowed {
					t.Errorf("row %d: met %v, budget remaining %v; want from %d of %d", i, r.Met, r.BudgetRemaining, c.Class(5), c.Requests)
				}
			}
		})
	}
}

// TestHistoryDSTMonth: March 2026 in Europe/Berlin has 31 days, one of
// them (the 29th) 23 hours long; each row's requests are the generator's
// hourly counts summed into Berlin days by the test.
func TestHistoryDSTMonth(t *testing.T) {
	dir := t.TempDir()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no Europe/Berlin zone data")
	}
	from := time.Date(2026, 3, 1, 0, 0, 0, 0, berlin)
	to := time.Date(2026, 4, 1, 0, 0, 0, 0, berlin)
	log, c := generate(t, dir, "march.log", loggen.Config{Lines: 31 * 24 * 20, Seed: 5, Start: from, Span: to.Sub(from), Zone: berlin})
	perDay := map[string]int64{}
	for hour, classes := range c.Hourly {
		for _, n := range classes {
			perDay[hour.In(berlin).Format("2006-01-02")] += n
		}
	}
	rows := historyOf(t, "--tz", "Europe/Berlin", "--period", "2026-03", "--history", "day", log)
	if len(rows) != 31 {
		t.Fatalf("%d rows, want 31", len(rows))
	}
	var total int64
	for i, r := range rows {
		day := time.Date(2026, 3, 1+i, 0, 0, 0, 0, berlin)
		want := 24 * time.Hour
		if i == 28 {
			want = 23 * time.Hour
		}
		if !r.Start.Equal(day) || r.End.Sub(r.Start) != want {
			t.Errorf("row %d: %s + %s, want %s + %s", i, r.Start, r.End.Sub(r.Start), day, want)
		}
		if n := perDay[day.Format("2006-01-02")]; r.Requests != n {
			t.Errorf("row %d (%s): %d requests, the generator wrote %d", i, day.Format("2006-01-02"), r.Requests, n)
		}
		total += r.Requests
	}
	if total != c.Requests {
		t.Errorf("rows add up to %d requests, the generator wrote %d", total, c.Requests)
	}
}
