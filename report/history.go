package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/slareport/slareport/aggregate"
)

// The compliance history (--history): one row per day, week or month. The
// table's columns are listed once, in historyTable, for Markdown and HTML;
// JSON has its own field names, which are a contract.

// jsonHistoryRow is one period in JSON. Met and BudgetRemaining are the
// --slo objective's, null without one; SLOs holds every objective's
// verdict, for reports with more than one.
type jsonHistoryRow struct {
	Start           string               `json:"start"`
	End             string               `json:"end"`
	Requests        int64                `json:"requests"`
	Bad             int64                `json:"bad"`
	Availability    *float64             `json:"availability"`
	Met             *bool                `json:"met"`
	BudgetRemaining *float64             `json:"budget_remaining"`
	WorstHour       *jsonWorstHour       `json:"worst_hour"`
	DowntimeMinutes float64              `json:"downtime_minutes"`
	SLOs            []jsonHistoryVerdict `json:"slos,omitempty"`
}

type jsonWorstHour struct {
	Start        string  `json:"start"`
	Availability float64 `json:"availability"`
}

// jsonHistoryVerdict is one objective's verdict over a period.
type jsonHistoryVerdict struct {
	Name            string   `json:"name"`
	Met             bool     `json:"met"`
	NoData          bool     `json:"no_data"`
	BudgetRemaining *float64 `json:"budget_remaining"`
	Requests        int64    `json:"requests"`
	Bad             int64    `json:"bad"`
}

// historyJSON lists the rows; nil without a history, [] for one with no
// period.
func historyJSON(h *aggregate.History) *[]jsonHistoryRow {
	if h == nil {
		return nil
	}
	rows := []jsonHistoryRow{}
	for _, r := range h.Rows {
		j := jsonHistoryRow{
			Start: timeRFC3339(r.Start), End: timeRFC3339(r.End), Requests: r.Requests(), Bad: r.Bad,
			Availability: optRatio(r.Availability()), DowntimeMinutes: r.DowntimeSeconds / 60,
		}
		if w := r.WorstHour; w != nil {
			j.WorstHour = &jsonWorstHour{Start: timeRFC3339(w.Start), Availability: w.Availability}
		}
		for i, o := range r.Objectives {
			v := jsonHistoryVerdict{Name: visible([]byte(o.Name)), Met: o.Budget.Met, NoData: o.Budget.NoData, BudgetRemaining: optRatio(o.Budget.Remaining, !o.Budget.NoData),
				Requests: o.Budget.Total, Bad: o.Budget.Bad}
			if i == 0 && o.Name == "availability" {
				met := o.Budget.Met
				j.Met, j.BudgetRemaining = &met, v.BudgetRemaining
			}
			if len(r.Objectives) > 1 || o.Name != "availability" {
				j.SLOs = append(j.SLOs, v)
			}
		}
		rows = append(rows, j)
	}
	return &rows
}

// historyTable is the history as text cells, the same for Markdown and
// HTML: the period, the counts, the verdict and budget of each objective,
// the worst hour and the downtime equivalent.
// Objective names may come from SLO files: esc escapes them for the
// output.
func historyTable(s *aggregate.Summary, h *aggregate.History, esc func(string) string) (head []string, rows [][]string) {
	head = []string{"Period", "Requests", "Bad", "Availability"}
	if len(h.Rows) > 0 {
		for _, o := range h.Rows[0].Objectives {
			name := "SLO " + o.Budget.Target.String()
			if o.Name != "availability" {
				name = esc(o.Name) + " " + o.Budget.Target.String()
			}
			head = append(head, name, "Budget spent")
		}
	}
	head = append(head, "Worst hour", "Downtime equivalent")
	for _, r := range h.Rows {
		row := []string{periodText(s, h.Period, r), group(r.Requests()), group(r.Bad), percentFloor(r.Judged()-r.Bad, r.Judged(), 3)}
		for _, o := range r.Objectives {
			row = append(row, verdictWord(o.Budget), budgetSpent(o.Budget))
		}
		worst := "—"
		if w := r.WorstHour; w != nil {
			worst = localTime(w.Start, s, "01-02 15:04") + " " + strconv.FormatFloat(100*w.Availability, 'f', 3, 64) + "%"
		}
		row = append(row, worst, minutesText(r.DowntimeSeconds))
		rows = append(rows, row)
	}
	return head, rows
}

// periodText names a row: the day (with its length when a DST change
// makes it other than 24 h), the week's first and last day, or the month.
func periodText(s *aggregate.Summary, p aggregate.HistoryPeriod, r aggregate.HistoryRow) string {
	switch p {
	case aggregate.HistoryMonth:
		return localTime(r.Start, s, "2006-01")
	case aggregate.HistoryWeek:
		return localTime(r.Start, s, "2006-01-02") + " – " + localTime(r.End-1, s, "01-02")
	}
	t := localTime(r.Start, s, "2006-01-02")
	if d := r.End - r.Start; d != 86400 {
		t += " (" + strconv.FormatFloat(float64(d)/3600, 'f', -1, 64) + " h)"
	}
	return t
}

func verdictWord(b aggregate.Budget) string {
	switch {
	case b.NoData:
		return "no data"
	case b.Met:
		return "met"
	}
	return "missed"
}

// budgetSpent is the share of the period's error budget its bad requests
// spent: over 100% when overspent.
func budgetSpent(b aggregate.Budget) string {
	if b.NoData {
		return "—"
	}
	return strconv.FormatFloat(100*(1-b.Remaining), 'f', 1, 64) + "%"
}

// minutesText writes a downtime equivalent in minutes, to the tenth.
func minutesText(sec float64) string {
	return strconv.FormatFloat(sec/60, 'f', 1, 64) + " min"
}

// markdownHistory writes the history section of the Markdown report.
func markdownHistory(w io.Writer, s *aggregate.Summary, h *aggregate.History) error {
	head, rows := historyTable(s, h, func(n string) string { return mdCode(n, true) })
	var b strings.Builder
	fmt.Fprintf(&b, "\n## Compliance by %s\n\n", h.Period)
	b.WriteString("Each " + string(h.Period) + " judged on its own, in " + zoneLabel(s) + ". The downtime equivalent is the bad share as minutes of full outage.\n\n")
	b.WriteString("| " + strings.Join(head, " | ") + " |\n|---|")
	b.WriteString(strings.Repeat("---:|", len(head)-1) + "\n")
	for _, r := range rows {
		b.WriteString("| " + strings.Join(r, " | ") + " |\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// dayOf is a row's start as a calendar date on the zone's clock.
func dayOf(s *aggregate.Summary, t int64) string {
	loc := s.Zone
	if loc == nil {
		loc = time.UTC
	}
	return time.Unix(t, 0).In(loc).Format("2006-01-02")
}
