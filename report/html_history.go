package report

import (
	"encoding/json"
	"fmt"
	"html/template"
	"strings"
)

// historySection is the compliance history: for days, a calendar heat map
// coloured by availability against the target, then the table.
func historySection(d *htmlData) (*htmlSection, error) {
	h := d.opt.History
	if h == nil {
		return nil, nil
	}
	sec := &htmlSection{ID: "history", Title: "Compliance by " + string(h.Period),
		Intro: fmt.Sprintf("Each %s judged on its own, in %s. The downtime equivalent is the bad share as minutes of full outage.", h.Period, zoneLabel(d.s))}
	if h.Period == "day" && len(h.Rows) > 0 {
		c, err := calendarChart(d)
		if err != nil {
			return nil, err
		}
		sec.Blocks = append(sec.Blocks, htmlBlock{Chart: c})
	}
	head, rows := historyTable(d.s, h, template.HTMLEscapeString)
	t := &htmlTable{Caption: "By " + string(h.Period)}
	for i, c := range head {
		t.Head = append(t.Head, htmlCell{Text: c, Num: i > 0})
	}
	for _, r := range rows {
		var cells []htmlCell
		for i, c := range r {
			cells = append(cells, htmlCell{Text: c, Num: i > 0})
		}
		t.Rows = append(t.Rows, cells)
	}
	sec.Blocks = append(sec.Blocks, htmlBlock{Table: t})
	return sec, nil
}

// calendarChart is a calendar heat map of the days: with an SLO, green
// for days that met it and red for those that did not; without, a scale
// of availability. Days without requests stay blank.
func calendarChart(d *htmlData) (*htmlChart, error) {
	const id = "chart-calendar"
	h := d.opt.History
	var data [][]any
	for _, r := range h.Rows {
		if a, ok := r.Availability(); ok {
			data = append(data, []any{dayOf(d.s, r.Start), round4(100 * a)})
		}
	}
	first, last := dayOf(d.s, h.Rows[0].Start), dayOf(d.s, h.Rows[len(h.Rows)-1].Start)
	visual := map[string]any{"type": "continuous", "min": 90, "max": 100, "calculable": false,
		"orient": "horizontal", "left": "center", "top": 0, "inRange": map[string]any{"color": []string{colorBad, "#facc15", classColors[1]}}}
	caption := "Each day's availability, from 90% (red) to 100% (green); blank days had no requests."
	if o := d.opt.SLO; o != nil {
		target := round4(100 * o.Target.Ratio())
		visual = map[string]any{"type": "piecewise", "orient": "horizontal", "left": "center", "top": 0,
			"pieces": []map[string]any{
				{"gte": target, "color": classColors[1], "label": "SLO met"},
				{"lt": target, "color": colorBad, "label": "SLO missed"},
			}}
		caption = fmt.Sprintf("Green days met the SLO of %s, red ones did not; blank days had no requests.", o.Target)
	}
	opt := map[string]any{
		"useUTC": true, "backgroundColor": "transparent", "animation": false,
		"tooltip":   map[string]any{"trigger": "item", "renderMode": "richText", "confine": true},
		"visualMap": visual,
		"calendar": map[string]any{"range": []string{first, last}, "top": 70, "left": 40, "right": 16,
			"cellSize": []int{28, 22}, "yearLabel": map[string]any{"show": false}, "dayLabel": map[string]any{"firstDay": 1}},
		"series": []map[string]any{{"type": "heatmap", "coordinateSystem": "calendar", "name": "Availability %", "data": data}},
	}
	raw, err := json.Marshal(opt)
	if err != nil {
		return nil, fmt.Errorf("build chart %s: %w", id, err)
	}
	return &htmlChart{ID: id, Title: "Availability by day", Caption: caption,
		Label: "Calendar of " + strings.TrimSpace(fmt.Sprint(len(h.Rows))) + " days coloured by availability", Option: raw}, nil
}

// compareSection is the comparison with the previous period, as a table
// of the same rows the other formats show.
func compareSection(d *htmlData) (*htmlSection, error) {
	c := d.opt.Compare
	if c == nil {
		return nil, nil
	}
	t := &htmlTable{Caption: "This period against the previous one"}
	for _, r := range compareRows(d.s, c) {
		row := []htmlCell{{Text: r.Label}}
		if len(r.Keys) == 0 {
			row = append(row, htmlCell{Text: r.Text})
		}
		for _, e := range r.Keys {
			row = append(row, htmlCell{Text: visible([]byte(e)), Code: true})
		}
		t.Rows = append(t.Rows, row)
	}
	return &htmlSection{ID: "compare", Title: "Compared with the previous period", Blocks: []htmlBlock{{Table: t}}}, nil
}
