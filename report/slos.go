package report

// The SLOs of SLO files, judged: one table, worst first, in every
// format, and their JSON. The figures come judged from aggregate; this
// file only orders and words them. SLO and service names are RFC 1123
// labels (openslo checks them); group keys come from logs and are
// escaped for each output.

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/slareport/slareport/aggregate"
)

// sloRow is one SLO in words, as the tables show it.
type sloRow struct {
	Name, Service, Target, Window string
	Availability, BudgetLeft      string
	BurnRate, Firing, Verdict     string
	Met                           bool
	// Groups says how many groups fail, for a grouped SLO ("" otherwise).
	Groups string
}

// worstFirst orders the SLOs as the tables show them: failing before
// met, then by the budget left, then by name.
func worstFirst(list []aggregate.ObjectiveResult) []aggregate.ObjectiveResult {
	out := append([]aggregate.ObjectiveResult(nil), list...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Met != b.Met {
			return !a.Met
		}
		if a.Budget.Remaining != b.Budget.Remaining {
			return a.Budget.Remaining < b.Budget.Remaining
		}
		return a.Name < b.Name
	})
	return out
}

func sloRowOf(o aggregate.ObjectiveResult) sloRow {
	r := sloRow{Name: o.Name, Service: o.Service, Target: o.Target.String(), Window: objectiveWindowText(o.Window), Met: o.Met}
	if o.Slices != nil {
		r.Target += " of " + duration(time.Duration(o.Slices.Seconds)*time.Second) + " slices"
	}
	switch {
	case o.NoData:
		r.Availability, r.BudgetLeft, r.BurnRate = "no data", "–", "–"
	case o.Slices != nil:
		r.Availability = availabilityText(o.Slices.Good, o.Slices.Total) + " of slices"
	default:
		r.Availability = availabilityText(o.Good, o.Requests)
	}
	if !o.NoData {
		r.BudgetLeft = remainingText(o.Budget.Remaining)
		r.BurnRate = strconv.FormatFloat(o.BurnRate, 'f', 2, 64)
	}
	var firing []string
	for _, a := range o.Alerts {
		if a.Firing {
			firing = append(firing, a.Rule.Severity+" "+duration(a.Rule.Long)+"/"+duration(a.Rule.Short))
		}
	}
	r.Firing = strings.Join(firing, ", ")
	if r.Firing == "" {
		r.Firing = "none"
	}
	switch {
	case o.NoData:
		r.Verdict = "FAILED: no data"
	case o.Met:
		r.Verdict = "met"
	default:
		r.Verdict = "FAILED"
	}
	if len(o.Groups) > 0 {
		r.Groups = strconv.Itoa(o.FailingGroups) + " of " + strconv.Itoa(len(o.Groups)) + " groups fail"
		if o.FailingGroups > 0 && r.Verdict == "FAILED" {
			r.Verdict += " (" + r.Groups + ")"
		}
	}
	return r
}

// objectiveWindowText names a window: "28d rolling, 2026-10-04 to
// 2026-11-01 UTC" or "1M calendar, 2026-10-01 to 2026-11-01
// Europe/Berlin".
func objectiveWindowText(w aggregate.ObjectiveWindow) string {
	zone := w.Zone
	if zone == nil {
		zone = time.UTC
	}
	kind := " calendar, "
	if w.Rolling {
		kind = " rolling, "
	}
	layout := "2006-01-02"
	if w.Start.In(zone).Format("15:04") != "00:00" || w.End.In(zone).Format("15:04") != "00:00" {
		layout = "2006-01-02 15:04"
	}
	return w.Length + kind + w.Start.In(zone).Format(layout) + " to " + w.End.In(zone).Format(layout) + " " + zoneName(zone)
}

// jsonObjective is one SLO of the JSON report's "slos".
type jsonObjective struct {
	Name            string              `json:"name"`
	Service         string              `json:"service"`
	Target          float64             `json:"target"`
	BudgetingMethod string              `json:"budgeting_method"`
	Window          jsonObjectiveWindow `json:"window"`
	Requests        int64               `json:"requests"`
	Good            int64               `json:"good"`
	Bad             int64               `json:"bad"`
	Availability    *float64            `json:"availability"`
	Met             bool                `json:"met"`
	NoData          bool                `json:"no_data"`
	Budget          jsonBudget          `json:"budget"`
	BurnRate        float64             `json:"burn_rate"`
	Alerts          []jsonAlert         `json:"alerts"`
	TimeSlices      *jsonSlices         `json:"time_slices"`
	Groups          []jsonGroup         `json:"groups"`
	GroupBy         string              `json:"group_by,omitempty"`
	GroupsCapped    bool                `json:"groups_capped,omitempty"`
	FailingGroups   int                 `json:"failing_groups,omitempty"`
	JudgedUntil     string              `json:"judged_until"`
}

type jsonObjectiveWindow struct {
	Start    string `json:"start"`
	End      string `json:"end"`
	Rolling  bool   `json:"rolling"`
	Duration string `json:"duration"`
	TimeZone string `json:"time_zone"`
}

type jsonSlices struct {
	Seconds     int64   `json:"slice_seconds"`
	Target      float64 `json:"slice_target"`
	Total       int64   `json:"total"`
	Good        int64   `json:"good"`
	Bad         int64   `json:"bad"`
	Empty       int64   `json:"empty"`
	WindowTotal int64   `json:"window_total"`
}

type jsonGroup struct {
	Key             string   `json:"key"`
	Requests        int64    `json:"requests"`
	Bad             int64    `json:"bad"`
	Availability    *float64 `json:"availability"`
	Met             bool     `json:"met"`
	BudgetRemaining float64  `json:"budget_remaining"`
	BurnRate        float64  `json:"burn_rate"`
	Other           bool     `json:"other,omitempty"`
}

// objectivesJSON lists the SLOs in the order of their files.
func objectivesJSON(list []aggregate.ObjectiveResult) []jsonObjective {
	out := []jsonObjective{}
	for _, o := range list {
		zone := o.Window.Zone
		if zone == nil {
			zone = time.UTC
		}
		j := jsonObjective{
			Name: o.Name, Service: o.Service, Target: o.Target.Ratio(), BudgetingMethod: "Occurrences",
			Window: jsonObjectiveWindow{Start: o.Window.Start.In(zone).Format(time.RFC3339), End: o.Window.End.In(zone).Format(time.RFC3339),
				Rolling: o.Window.Rolling, Duration: o.Window.Length, TimeZone: zoneName(zone)},
			Requests: o.Requests, Good: o.Good, Bad: o.Bad, Met: o.Met, NoData: o.NoData,
			Budget: jsonBudget{Allowed: o.Budget.Allowed, Spent: o.Budget.Spent, Remaining: o.Budget.Remaining,
				Time: &jsonBudgetTime{WindowSeconds: float64(o.Window.End.Unix() - o.Window.Start.Unix()),
					TotalSeconds: o.Budget.AllowedSeconds, RemainingSeconds: o.Budget.RemainingSeconds}},
			BurnRate: o.BurnRate, Alerts: []jsonAlert{}, Groups: []jsonGroup{}, GroupBy: o.GroupBy,
			GroupsCapped: o.GroupsCapped, FailingGroups: o.FailingGroups,
			JudgedUntil: time.Unix(o.End, 0).In(zone).Format(time.RFC3339),
		}
		if o.HasAvailability {
			a := o.Availability
			j.Availability = &a
		}
		for _, a := range o.Alerts {
			j.Alerts = append(j.Alerts, alertJSON(a))
		}
		if sl := o.Slices; sl != nil {
			j.BudgetingMethod = "Timeslices"
			j.TimeSlices = &jsonSlices{Seconds: sl.Seconds, Target: float64(sl.Target) / 1e9, Total: sl.Total,
				Good: sl.Good, Bad: sl.Bad, Empty: sl.Empty, WindowTotal: sl.WindowTotal}
		}
		for _, g := range o.Groups {
			jg := jsonGroup{Key: visible([]byte(g.Key)), Requests: g.Requests, Bad: g.Bad, Met: g.Met,
				BudgetRemaining: g.BudgetRemaining, BurnRate: g.BurnRate, Other: g.Other}
			if g.Requests > 0 {
				a := g.Availability
				jg.Availability = &a
			}
			j.Groups = append(j.Groups, jg)
		}
		out = append(out, j)
	}
	return out
}

// objectiveGateText describes the gate of one SLO: "slo:api failed:
// availability 99.1%, required 99.5% (28d rolling, ...)".
func objectiveGateText(s *aggregate.Summary, g aggregate.Gate) string {
	o := g.Objective
	verdict := "passed"
	if !g.Passed {
		verdict = "failed"
	}
	win := objectiveWindowText(o.Window)
	if g.NoData {
		how := "no data"
		if g.Passed {
			how = "no data, allowed by --allow-no-data"
		}
		txt := fmt.Sprintf("%s %s: %s: no request it selects fell in its window, %s", g.Name, verdict, how, win)
		if seen := s.ObjectivesSeen; seen.Valid {
			txt += "; the logs read span " + localTime(seen.First, s, "2006-01-02 15:04") + " → " + localTime(seen.Last, s, "2006-01-02 15:04")
			if o.Window.Rolling {
				txt += " (a rolling window ends at --until, else now)"
			}
		}
		return txt
	}
	what := "availability " + availabilityText(o.Good, o.Requests)
	if sl := o.Slices; sl != nil {
		what = fmt.Sprintf("%s of %s slices good", availabilityText(sl.Good, sl.Total), duration(time.Duration(sl.Seconds)*time.Second))
	}
	txt := fmt.Sprintf("%s %s: %s, required %s over %s", g.Name, verdict, what, o.Target, win)
	if o.FailingGroups > 0 {
		worst := o.Groups[0]
		txt += fmt.Sprintf("; %d of %d %s groups fail (worst: %s at %s)", o.FailingGroups, len(o.Groups), o.GroupBy,
			visible([]byte(worst.Key)), availabilityText(worst.Requests-worst.Bad, worst.Requests))
	}
	return txt
}

// mdSLOGroups is the table of a grouped SLO's groups, worst first.
type mdSLOGroups struct {
	Name, By, Note string
	Rows           []mdGroupRow
}

type mdGroupRow struct{ Key, Requests, Bad, Availability, BudgetLeft, Verdict string }

// groupRows is how many groups a table shows, worst first.
const groupRows = 10

// objectives adds the SLO table, and a table of groups per grouped SLO.
func (v *mdView) objectives(list []aggregate.ObjectiveResult) {
	for _, o := range worstFirst(list) {
		v.SLOs = append(v.SLOs, sloRowOf(o))
		if len(o.Groups) == 0 {
			continue
		}
		t := mdSLOGroups{Name: o.Name, By: o.GroupBy}
		for i, g := range o.Groups {
			if i == groupRows {
				t.Note = fmt.Sprintf("%d more groups (of %d; %d failing in all).", len(o.Groups)-groupRows, len(o.Groups), o.FailingGroups)
				break
			}
			t.Rows = append(t.Rows, groupRowOf(g, func(k string) string { return mdCode(k, true) }))
		}
		if o.GroupsCapped {
			t.Note += fmt.Sprintf(" Beyond %d groups, the rest are judged together as %s.", aggregate.BreakdownCap, aggregate.OtherKey)
		}
		t.Note = strings.TrimSpace(t.Note)
		v.SLOGroups = append(v.SLOGroups, t)
	}
}

func groupRowOf(g aggregate.GroupResult, key func(string) string) mdGroupRow {
	r := mdGroupRow{Key: key(g.Key), Requests: group(g.Requests), Bad: group(g.Bad),
		Availability: availabilityText(g.Requests-g.Bad, g.Requests), BudgetLeft: remainingText(g.BudgetRemaining), Verdict: "met"}
	if g.Other {
		r.Key = aggregate.OtherKey
	}
	if !g.Met {
		r.Verdict = "FAILED"
	}
	return r
}

// objectives writes the SLO table on the terminal: one line per SLO,
// worst first, with the failing groups of grouped ones.
func (t *termWriter) objectives(list []aggregate.ObjectiveResult) {
	for _, o := range worstFirst(list) {
		r := sloRowOf(o)
		verdict := t.paint(sgrGreen, r.Verdict)
		if !o.Met {
			verdict = t.paint(sgrRed+sgrBold, r.Verdict)
		}
		line := fmt.Sprintf("%s · %s · target %s · budget %s left · burn %s× · firing: %s", verdict, r.Availability, r.Target, r.BudgetLeft, r.BurnRate, r.Firing)
		if o.NoData {
			line = verdict + " · target " + r.Target
		}
		t.fact("SLO "+o.Name, line)
		t.fact("", t.paint(sgrDim, o.Service+" · "+r.Window))
		shown := 0
		for _, g := range o.Groups {
			if g.Met || shown == 3 {
				continue
			}
			shown++
			t.fact("", fmt.Sprintf("%s %s: %s of %s requests good", o.GroupBy, visible([]byte(g.Key)),
				availabilityText(g.Requests-g.Bad, g.Requests), group(g.Requests)))
		}
	}
}
