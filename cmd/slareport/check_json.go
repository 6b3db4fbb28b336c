package main

import (
	"encoding/json"
	"io"
	"time"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/aggregate/openslo"
)

// The JSON of `check -f json`: the SLOs as understood, with the names the
// report's JSON uses (snake case, windows as "1h", ratios as numbers).

type checkJSON struct {
	Files    []string           `json:"files"`
	Services []checkServiceJSON `json:"services"`
	SLOs     []checkSLOJSON     `json:"slos"`
}

type checkServiceJSON struct {
	Name        string `json:"name"`
	DisplayName string `json:"display_name,omitempty"`
	Description string `json:"description,omitempty"`
	Position    string `json:"position"`
}

type checkSLOJSON struct {
	Name            string             `json:"name"`
	DisplayName     string             `json:"display_name,omitempty"`
	Description     string             `json:"description,omitempty"`
	Service         string             `json:"service"`
	BudgetingMethod string             `json:"budgeting_method"`
	Target          float64            `json:"target"`
	TimeSliceTarget *float64           `json:"time_slice_target,omitempty"`
	TimeSliceWindow string             `json:"time_slice_window,omitempty"`
	Window          checkWindowJSON    `json:"window"`
	Indicator       checkIndicatorJSON `json:"indicator"`
	GroupBy         string             `json:"group_by,omitempty"`
	Alerts          []checkAlertJSON   `json:"alerts"`
	DefaultAlerts   bool               `json:"default_alerts"`
	Position        string             `json:"position"`
}

type checkWindowJSON struct {
	Rolling  bool   `json:"rolling"`
	Duration string `json:"duration,omitempty"`
	Calendar string `json:"calendar_unit,omitempty"`
	Count    int    `json:"count,omitempty"`
	Start    string `json:"start,omitempty"`
	TimeZone string `json:"time_zone,omitempty"`
	Words    string `json:"description"`
}

type checkIndicatorJSON struct {
	Name          string                 `json:"name"`
	DisplayName   string                 `json:"display_name,omitempty"`
	Total         aggregate.SelectorSpec `json:"total"`
	Good          *checkSelectionJSON    `json:"good,omitempty"`
	Bad           *checkSelectionJSON    `json:"bad,omitempty"`
	DurationUnder float64                `json:"duration_under_seconds,omitempty"`
	Words         string                 `json:"description"`
	Position      string                 `json:"position"`
}

type checkSelectionJSON struct {
	aggregate.SelectorSpec
	Status string `json:"status,omitempty"`
}

type checkAlertJSON struct {
	Policy         string  `json:"policy,omitempty"`
	Name           string  `json:"name,omitempty"`
	Severity       string  `json:"severity"`
	Op             string  `json:"op"`
	Threshold      float64 `json:"threshold"`
	LookbackWindow string  `json:"lookback_window"`
	AlertAfter     string  `json:"alert_after"`
}

func writeCheckJSON(w io.Writer, names []string, f *openslo.File) error {
	out := checkJSON{Files: names, Services: []checkServiceJSON{}, SLOs: []checkSLOJSON{}}
	for _, s := range f.Services {
		out.Services = append(out.Services, checkServiceJSON{s.Name, s.DisplayName, s.Description, s.Pos.String()})
	}
	for _, s := range f.SLOs {
		out.SLOs = append(out.SLOs, sloJSON(s))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func sloJSON(s openslo.SLO) checkSLOJSON {
	j := checkSLOJSON{
		Name: s.Name, DisplayName: s.DisplayName, Description: s.Description, Service: s.Service,
		BudgetingMethod: string(s.BudgetingMethod), Target: s.Target.Ratio(), GroupBy: string(s.GroupBy),
		Alerts: []checkAlertJSON{}, DefaultAlerts: s.DefaultAlerts, Position: s.Pos.String(),
	}
	if s.BudgetingMethod == openslo.Timeslices {
		r := float64(s.TimeSliceTarget.PPB()) / 1e9
		j.TimeSliceTarget, j.TimeSliceWindow = &r, openslo.Short(s.TimeSliceWindow)
	}
	w := s.Window
	j.Window = checkWindowJSON{Rolling: w.Rolling, Words: w.Describe()}
	if w.Rolling {
		j.Window.Duration = openslo.Short(w.Duration)
	} else {
		j.Window.Calendar, j.Window.Count = string(w.Unit), w.Count
		j.Window.Start, j.Window.TimeZone = w.Start.Format(time.RFC3339), w.Zone.String()
	}
	ind := s.Indicator
	j.Indicator = checkIndicatorJSON{Name: ind.Name, DisplayName: ind.DisplayName, Total: aggregate.SelectorSpec(ind.Total),
		DurationUnder: ind.DurationUnder.Seconds(), Words: ind.Describe(), Position: ind.Pos.String()}
	for _, sel := range []struct {
		from *openslo.Selection
		to   **checkSelectionJSON
	}{{ind.Good, &j.Indicator.Good}, {ind.Bad, &j.Indicator.Bad}} {
		if sel.from != nil {
			*sel.to = &checkSelectionJSON{aggregate.SelectorSpec(sel.from.Selector), sel.from.Status}
		}
	}
	for _, a := range s.Alerts {
		j.Alerts = append(j.Alerts, checkAlertJSON{a.Policy, a.Name, a.Severity, a.Op, a.Threshold,
			openslo.Short(a.LookbackWindow), openslo.Short(a.AlertAfter)})
	}
	return j
}
