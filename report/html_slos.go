package report

// The SLOs of SLO files in the HTML report: a card each among the
// headline cards, and a section with their table, worst first, and the
// burn-down of each one's error budget over its window.

import (
	"fmt"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/slareport/slareport/aggregate"
)

// objectiveCards are a card per SLO, worst first.
func objectiveCards(list []aggregate.ObjectiveResult) []htmlCard {
	var cards []htmlCard
	for _, o := range worstFirst(list) {
		r := sloRowOf(o)
		c := htmlCard{Label: "SLO " + o.Name, Value: "met", Tone: "good",
			Detail: r.Availability + " of " + r.Target + " · budget " + r.BudgetLeft + " left · " + r.Window}
		switch {
		case o.NoData:
			c.Value, c.Tone, c.Detail = "no data", "bad", "no request in its window, "+r.Window
		case !o.Met:
			c.Value, c.Tone = "breached", "bad"
			if o.FailingGroups > 0 {
				c.Detail = r.Groups + " · " + c.Detail
			}
		case o.Budget.Remaining < 0.25:
			c.Tone = "warn"
		}
		cards = append(cards, c)
	}
	return cards
}

func objectivesSection(d *htmlData) (*htmlSection, error) {
	list := d.opt.Objectives
	if len(list) == 0 {
		return nil, nil
	}
	sec := &htmlSection{ID: "slos", Title: "SLOs",
		Intro: "Each SLO of the SLO files over its own requests and window, worst first; a window still running is judged up to now."}
	t := &htmlTable{Head: []htmlCell{{Text: "SLO"}, {Text: "Service"}, {Text: "Target", Num: true}, {Text: "Window"},
		{Text: "Availability", Num: true}, {Text: "Budget left", Num: true}, {Text: "Burn rate", Num: true},
		{Text: "Firing"}, {Text: "Verdict"}}}
	ordered := worstFirst(list)
	for _, o := range ordered {
		r := sloRowOf(o)
		t.Rows = append(t.Rows, []htmlCell{{Text: r.Name}, {Text: r.Service}, {Text: r.Target, Num: true}, {Text: r.Window},
			{Text: r.Availability, Num: true}, {Text: r.BudgetLeft, Num: true}, {Text: r.BurnRate, Num: true},
			{Text: r.Firing}, {Text: r.Verdict}})
	}
	sec.Blocks = append(sec.Blocks, htmlBlock{Table: t})
	for i, o := range ordered {
		if c, err := objectiveBudgetChart(d, o, i); err != nil {
			return nil, err
		} else if c != nil {
			sec.Blocks = append(sec.Blocks, htmlBlock{Chart: c})
		}
		if g := groupsTable(o); g != nil {
			sec.Blocks = append(sec.Blocks, htmlBlock{Table: g})
		}
	}
	return sec, nil
}

// objectiveBudgetChart is the burn-down of one SLO's budget. Its element
// id is fixed by the SLO's place, never by its name.
func objectiveBudgetChart(d *htmlData, o aggregate.ObjectiveResult, i int) (*htmlChart, error) {
	if len(o.Budget.Series) < 2 {
		return nil, nil
	}
	id := "chart-slo-" + strconv.Itoa(i)
	rows := make([][]any, 0, len(o.Budget.Series))
	for _, p := range o.Budget.Series {
		rows = append(rows, []any{ms(p.At), round4(100 * p.Remaining)})
	}
	line := charts.NewLine()
	line.SetGlobalOptions(timeAxisOpts(id, opts.YAxis{Type: "value", Max: 100, AxisLabel: &opts.AxisLabel{Formatter: "{value}%"}})...)
	line.AddDataset(opts.Dataset{Source: rows})
	line.AddSeries("Budget left", nil,
		charts.WithEncodeOpts(opts.Encode{X: 0, Y: 1}),
		charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false), Step: "end"}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colorLine}),
		charts.WithAreaStyleOpts(opts.AreaStyle{Opacity: opts.Float(0.15)}),
	)
	opt, err := chartOption(id, line)
	if err != nil {
		return nil, err
	}
	what := "bad requests"
	if o.Slices != nil {
		what = "bad time slices"
	}
	return &htmlChart{ID: id, Title: "SLO " + o.Name + ": error budget left",
		Caption: fmt.Sprintf("%s, %s; 100%% at the window's start, spent by %s; below 0 it is overspent.", o.Target, objectiveWindowText(o.Window), what),
		Label:   "Error budget of SLO " + o.Name + " left, ending at " + remainingText(o.Budget.Remaining), Option: opt}, nil
}

// groupsTable lists a grouped SLO's groups, worst first.
func groupsTable(o aggregate.ObjectiveResult) *htmlTable {
	if len(o.Groups) == 0 {
		return nil
	}
	t := &htmlTable{Caption: "SLO " + o.Name + ": one SLO per " + o.GroupBy,
		Head: []htmlCell{{Text: o.GroupBy}, {Text: "Requests", Num: true}, {Text: "Bad", Num: true},
			{Text: "Availability", Num: true}, {Text: "Budget left", Num: true}, {Text: "Verdict"}}}
	for i, g := range o.Groups {
		if i == aggregate.TopKeys {
			t.Note = fmt.Sprintf("%d more groups; %d of %d fail in all.", len(o.Groups)-aggregate.TopKeys, o.FailingGroups, len(o.Groups))
			break
		}
		r := groupRowOf(g, func(k string) string { return visible([]byte(k)) })
		t.Rows = append(t.Rows, []htmlCell{{Text: r.Key, Code: true}, {Text: r.Requests, Num: true}, {Text: r.Bad, Num: true},
			{Text: r.Availability, Num: true}, {Text: r.BudgetLeft, Num: true}, {Text: r.Verdict}})
	}
	return t
}
