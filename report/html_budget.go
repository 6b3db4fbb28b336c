package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/slareport/slareport/aggregate"
)

func budgetSection(d *htmlData) (*htmlSection, error) {
	o := d.opt.SLO
	if o == nil {
		return nil, nil
	}
	intro := fmt.Sprintf("SLO %s over the report's period allows %s bad requests of %s; %s were spent.",
		o.Target, allowedText(o.Allowed), group(o.Requests), group(o.Bad))
	if t, m := budgetTimeText(o), goodMinutesText(o); t != "" || m != "" {
		intro = strings.TrimSpace(intro + " " + t + " " + m)
	}
	sec := &htmlSection{ID: "budget", Title: "Error budget", Intro: intro}
	for _, build := range []func(*htmlData) (*htmlChart, error){burnDownChart, burnRateChart} {
		c, err := build(d)
		if err != nil {
			return nil, err
		}
		if c != nil {
			sec.Blocks = append(sec.Blocks, htmlBlock{Chart: c})
		}
	}
	if t := alertsTable(d); t != nil {
		sec.Blocks = append(sec.Blocks, htmlBlock{Table: t})
	}
	if t := gatesTable(d.s, d.opt.Verdict); t != nil {
		sec.Blocks = append(sec.Blocks, htmlBlock{Table: t})
	}
	return sec, nil
}

func burnDownChart(d *htmlData) (*htmlChart, error) {
	left := burnDown(d.slots, d.opt.SLO)
	if left == nil {
		return nil, nil
	}
	// The budget is whole at the start of the first slot; each point is the
	// budget left at the end of a slot.
	rows := [][]any{{ms(d.slots[0].Wall), 100.0}}
	for i, p := range d.slots {
		rows = append(rows, []any{ms(p.Wall + d.width), round4(100 * left[i])})
	}
	line := charts.NewLine()
	line.SetGlobalOptions(timeAxisOpts("chart-burndown", opts.YAxis{Type: "value", Max: 100,
		AxisLabel: &opts.AxisLabel{Formatter: "{value}%"}})...)
	line.AddDataset(opts.Dataset{Source: rows})
	line.AddSeries("Budget left", nil,
		charts.WithEncodeOpts(opts.Encode{X: 0, Y: 1}),
		charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false), Step: "end"}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colorLine}),
		charts.WithAreaStyleOpts(opts.AreaStyle{Opacity: opts.Float(0.15)}),
		charts.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{Name: "exhausted", YAxis: 0}),
		charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"},
			LineStyle: &opts.LineStyle{Color: colorBad, Type: "dashed"},
			Label:     exhaustedLabel()}),
	)
	opt, err := chartOption("chart-burndown", line)
	if err != nil {
		return nil, err
	}
	return &htmlChart{ID: "chart-burndown", Title: "Error budget left over the period",
		Caption: "100% at the start of the period; below 0 the budget is overspent.",
		Label:   "Error budget left, ending at " + remainingText(d.opt.SLO.Remaining), Option: opt}, nil
}

// andList joins items as prose: "a", "a and b", "a, b and c".
func andList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// alertsTable shows the multi-window burn-rate rules replayed over the
// period: whether each is firing at its end, and when it first fired.
func alertsTable(d *htmlData) *htmlTable {
	o := d.opt.SLO
	if o == nil || len(o.Alerts) == 0 {
		return nil
	}
	t := &htmlTable{Caption: "Burn-rate alerts",
		Head: []htmlCell{{Text: "Severity"}, {Text: "Windows"}, {Text: "Threshold", Num: true}, {Text: "State"},
			{Text: "Burn long / short", Num: true}, {Text: "First fired"}, {Text: "Minutes fired", Num: true}},
		Note: "Replayed minute by minute: a rule fires while the burn rate over both windows exceeds its threshold."}
	for i, a := range o.Alerts {
		state, first := "ok", "never"
		switch {
		case a.Firing:
			state = "firing"
		case a.Fired:
			state = "fired, not firing now"
		}
		if a.Fired {
			first = localTime(a.FirstFired, d.s, "2006-01-02 15:04 MST")
		}
		t.Rows = append(t.Rows, []htmlCell{
			{Text: a.Rule.Severity, Swatch: ruleSwatch(i)},
			{Text: ruleWindows(a.Rule)},
			{Text: ruleThreshold(a.Rule), Num: true},
			{Text: state},
			{Text: strconv.FormatFloat(a.LongBurn, 'f', 2, 64) + " / " + strconv.FormatFloat(a.ShortBurn, 'f', 2, 64), Num: true},
			{Text: first, Note: true},
			{Text: group(a.MinutesFired), Num: true},
		})
	}
	return t
}

func gatesTable(s *aggregate.Summary, v *aggregate.Verdict) *htmlTable {
	if v == nil || len(v.Gates) == 0 {
		return nil
	}
	t := &htmlTable{Caption: "Gates", Head: []htmlCell{{Text: "Gate"}, {Text: "Result"}}}
	for _, g := range v.Gates {
		t.Rows = append(t.Rows, []htmlCell{{Text: g.Name}, {Text: GateText(s, g)}})
	}
	return t
}
