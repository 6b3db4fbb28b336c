package aggregate

import (
	"fmt"
	"time"
)

// A compliance history: the report's window cut into days, weeks or
// months in its zone, each judged on its own from the per-minute series.
// Managers read SLAs month by month; the history says which days spent
// the budget.

// HistoryPeriod is the length of a history's rows.
type HistoryPeriod string

// The periods --history takes. Weeks start on Monday, as --period's do.
const (
	HistoryDay   HistoryPeriod = "day"
	HistoryWeek  HistoryPeriod = "week"
	HistoryMonth HistoryPeriod = "month"
)

// ParseHistoryPeriod reads day, week or month.
func ParseHistoryPeriod(s string) (HistoryPeriod, error) {
	switch p := HistoryPeriod(s); p {
	case HistoryDay, HistoryWeek, HistoryMonth:
		return p, nil
	}
	return "", fmt.Errorf("%q is not a history period: use day, week or month", s)
}

// History is the report's window period by period.
type History struct {
	Period HistoryPeriod
	Rows   []HistoryRow
}

// HistoryRow is one period. Periods without requests are rows too, with
// no availability: a calendar must show the day nothing was served.
type HistoryRow struct {
	// [Start, End) in Unix seconds: local midnights (Mondays, firsts of
	// the month) in the report's zone, so a DST day is 23 or 25 h; the
	// first and last rows are cut at the window's bounds.
	Start, End int64
	Counts
	// WorstHour is the hour (in the zone) with the lowest availability
	// among those with judged requests; nil when none.
	WorstHour *HourAvailability
	// DowntimeSeconds is the period's bad share as full-outage time:
	// bad/judged × (End − Start). 0 with no judged request.
	DowntimeSeconds float64
	// Objectives are the period's verdicts, one per objective, in the
	// order they were given; further objectives (SLO files) add entries.
	Objectives []HistoryObjective
}

// HourAvailability is one hour's availability.
type HourAvailability struct {
	Start        int64
	Availability float64
}

// HistoryObjective is one objective's verdict over a period.
type HistoryObjective struct {
	Name   string // "availability" for --slo
	Budget Budget
}

// NamedTarget is an availability target with the name a history row
// gives its verdict.
type NamedTarget struct {
	Name   string
	Target Target
}

// History cuts the report's window (or, without a closed window, the
// days, weeks or months its requests fall in) into periods of p in the
// summary's zone and judges each against the targets.
func (s *Summary) History(p HistoryPeriod, targets []NamedTarget) History {
	h := History{Period: p}
	from, to, ok := s.historyRange()
	if !ok {
		return h
	}
	hours := newBucketer(3600, s.Zone)
	i := 0
	cursors := make([]int, len(s.Objectives)) // each SLO file objective's next minute
	for start := periodStart(from, p, s.Zone); start < to; {
		end := nextPeriod(start, p, s.Zone)
		row := HistoryRow{Start: max(start, from), End: min(end, to)}
		var worst map[int64]*Counts
		for ; i < len(s.Minutes) && s.Minutes[i].Start < row.End; i++ {
			m := s.Minutes[i]
			if m.Start < row.Start {
				continue
			}
			row.Counts.add(m.Counts)
			if worst == nil {
				worst = map[int64]*Counts{}
			}
			hs, _ := hours.bucket(m.Start)
			if worst[hs] == nil {
				worst[hs] = &Counts{}
			}
			worst[hs].add(m.Counts)
		}
		row.WorstHour = worstHour(worst)
		if j := row.Judged(); j > 0 {
			row.DowntimeSeconds = float64(row.Bad) / float64(j) * float64(row.End-row.Start)
		}
		for _, t := range targets {
			row.Objectives = append(row.Objectives, HistoryObjective{Name: t.Name, Budget: newBudget(t.Target, row.Judged(), row.Bad)})
		}
		for k := range s.Objectives {
			row.Objectives = append(row.Objectives, s.Objectives[k].period(row.Start, row.End, &cursors[k]))
		}
		h.Rows = append(h.Rows, row)
		start = end
	}
	return h
}

// historyRange is the time the history covers: the window when it is
// closed, else from the first to the last minute with requests.
func (s *Summary) historyRange() (from, to int64, ok bool) {
	if w := s.Window; !w.Since.IsZero() && !w.Until.IsZero() {
		return w.Since.Unix(), w.Until.Unix(), true
	}
	if len(s.Minutes) == 0 {
		return 0, 0, false
	}
	from, to = s.Minutes[0].Start, s.Minutes[len(s.Minutes)-1].Start+60
	if !s.Window.Since.IsZero() {
		from = s.Window.Since.Unix()
	}
	if !s.Window.Until.IsZero() {
		to = s.Window.Until.Unix()
	}
	return from, to, true
}

// periodStart is the start of the period of p that holds t, in loc.
func periodStart(t int64, p HistoryPeriod, loc *time.Location) int64 {
	lt := time.Unix(t, 0).In(loc)
	y, m, d := lt.Date()
	switch p {
	case HistoryWeek:
		d -= (int(lt.Weekday()) + 6) % 7
	case HistoryMonth:
		d = 1
	}
	return time.Date(y, m, d, 0, 0, 0, 0, loc).Unix()
}

// nextPeriod is the start of the period after the one starting at start.
func nextPeriod(start int64, p HistoryPeriod, loc *time.Location) int64 {
	lt := time.Unix(start, 0).In(loc)
	y, m, d := lt.Date()
	switch p {
	case HistoryWeek:
		d += 7
	case HistoryMonth:
		m++
	default:
		d++
	}
	return time.Date(y, m, d, 0, 0, 0, 0, loc).Unix()
}

// worstHour returns the hour with the lowest availability, the earliest
// of equals.
func worstHour(hours map[int64]*Counts) *HourAvailability {
	var w *HourAvailability
	for start, c := range hours {
		a, ok := c.Availability()
		if !ok {
			continue
		}
		if w == nil || a < w.Availability || a == w.Availability && start < w.Start {
			w = &HourAvailability{Start: start, Availability: a}
		}
	}
	return w
}
