package report

import (
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/slareport/slareport/aggregate"
)

// The burn-rate chart and the alert table show the same rules, taken from
// the same evaluated SLO (Alerts), spelled by the same functions and told
// apart by the same colours: a threshold on the chart is always a row of
// the table.

// ruleColors tell the alert rules apart, in their order: a rule's
// burn-rate line, its threshold and its swatch in the alert table
// (html.css .r1 … .r4) share one.
var ruleColors = [4]string{"#dc2626", "#9333ea", "#0891b2", "#65a30d"}

func ruleColor(i int) string  { return ruleColors[i%len(ruleColors)] }
func ruleSwatch(i int) string { return "r" + strconv.Itoa(i%len(ruleColors)+1) }

// ruleWindows writes a rule's windows as the alert table does: "1h / 5m",
// with no-break spaces: on a phone the table's narrow column broke
// "6h / 30m" in two.
func ruleWindows(r aggregate.AlertRule) string {
	return duration(r.Long) + "\u00a0/\u00a0" + duration(r.Short)
}

// ruleThreshold writes a rule's threshold: "14.4×".
func ruleThreshold(r aggregate.AlertRule) string {
	return strconv.FormatFloat(r.Threshold, 'f', -1, 64) + "×"
}

// ruleName names a rule on the chart: "page 1h / 5m 14.4×".
func ruleName(r aggregate.AlertRule) string {
	return r.Severity + " " + ruleWindows(r) + " " + ruleThreshold(r)
}

// slotEnds are the Unix times at which each slot ends (its last bucket's
// end), 0 for a slot without buckets: the burn rate of a rule's window is
// taken there.
func slotEnds(d *htmlData) []int64 {
	ends := make([]int64, len(d.slots))
	if len(d.slots) == 0 {
		return ends
	}
	base := floorDiv(d.slots[0].Wall, d.width)
	for _, b := range d.s.Buckets {
		if i := floorDiv(wall(b.Start, d.s.Zone), d.width) - base; i >= 0 && i < int64(len(ends)) {
			ends[i] = max(ends[i], b.End)
		}
	}
	return ends
}

// burnRows are the burn-rate chart's dataset: per slot its time, the
// slot's own burn rate (a bar, nil without requests) and each rule's burn
// rate over its long window at the slot's end (nil where the slot has no
// buckets). top is the highest value.
func burnRows(d *htmlData, rules []aggregate.AlertRule) (rows [][]any, top float64, seen bool) {
	o := d.opt.SLO
	ends := slotEnds(d)
	rows = make([][]any, len(d.slots))
	for i, p := range d.slots {
		rows[i] = make([]any, 2+len(rules))
		rows[i][0] = ms(p.Wall)
		if r, ok := o.Target.BurnRate(p.Bad, p.Judged()); ok {
			rows[i][1] = round4(r)
			seen, top = true, max(top, r)
		}
	}
	for k, r := range rules {
		for i, b := range d.s.WindowBurns(o.Target, r.Long, ends) {
			if ends[i] != 0 {
				rows[i][2+k] = round4(b)
				top = max(top, b)
			}
		}
	}
	return rows, top, seen
}

// burnLogAbove is the highest burn rate drawn on a linear axis: above it
// the thresholds would merge into the floor.
const burnLogAbove = 60

func burnRateChart(d *htmlData) (*htmlChart, error) {
	o := d.opt.SLO
	var rules []aggregate.AlertRule
	for _, a := range o.Alerts {
		rules = append(rules, a.Rule)
	}
	rows, top, seen := burnRows(d, rules)
	if !seen {
		return nil, nil
	}
	y := opts.YAxis{Type: "value", AxisLabel: &opts.AxisLabel{Formatter: "{value}×"}}
	caption := burnRateCaption(rules)
	if top > burnLogAbove {
		y.Type, y.Min = "log", 0.1
		caption += " Logarithmic scale: a bar rises from 1× when the budget burns faster than its pace and falls below it when slower; a period without bad requests has none."
		for _, row := range rows {
			for k := 2; k < len(row); k++ {
				if row[k] == 0.0 {
					row[k] = nil // a log axis has no 0: the line breaks
				}
			}
		}
	} else {
		y.Max = burnAxisMax(rules, top) // every threshold on the chart, even above the bars
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(timeAxisOpts("chart-burnrate", y),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "0", Type: "scroll"}))...)
	bar.AddDataset(opts.Dataset{Source: rows})
	bar.AddSeries("Burn rate per "+slotName(d.width), nil,
		charts.WithEncodeOpts(opts.Encode{X: 0, Y: 1}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colorBurn}))
	var names []string
	lines := charts.NewLine() // the rules' series, drawn over the bars
	for k, r := range rules {
		lines.AddSeries(ruleName(r), nil, ruleSeriesOpts(k, r)...)
		names = append(names, ruleName(r))
	}
	bar.Overlap(lines)
	opt, err := chartOption("chart-burnrate", bar)
	if err != nil {
		return nil, err
	}
	return &htmlChart{ID: "chart-burnrate", Title: "Burn rate per " + slotName(d.width), Caption: caption,
		Label: "Burn rate per " + slotName(d.width) + " and the alert rules " + andList(names), Option: opt}, nil
}

// ruleSeriesOpts draw rule k as a line of its burn rate over its long
// window, with its threshold as a dashed line of the same colour labelled
// with its name; labels alternate between the ends of the chart, so that
// two close thresholds do not print over each other.
func ruleSeriesOpts(k int, r aggregate.AlertRule) []charts.SeriesOpts {
	pos := "insideStartTop"
	if k%2 == 1 {
		pos = "insideEndTop"
	}
	return []charts.SeriesOpts{
		charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false), ConnectNulls: opts.Bool(false)}),
		charts.WithEncodeOpts(opts.Encode{X: 0, Y: 2 + k}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: ruleColor(k)}),
		charts.WithLineStyleOpts(opts.LineStyle{Color: ruleColor(k), Width: 1.5}),
		charts.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{Name: ruleName(r), YAxis: r.Threshold}),
		charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"},
			LineStyle: &opts.LineStyle{Color: ruleColor(k), Type: "dashed"},
			Label:     &opts.Label{Show: opts.Bool(true), Position: pos, Formatter: "{b}", Color: ruleColor(k)}}),
	}
}

// burnAxisMax is the top of a linear burn-rate axis: a multiple of 5
// above the data and a quarter above the highest threshold, so that every
// threshold and its label are on the chart (ECharts sizes an axis to the
// data alone: a 14.4× threshold over bars of 8× was not drawn).
func burnAxisMax(rules []aggregate.AlertRule, top float64) float64 {
	top = max(top, aggregate.BudgetPace)
	for _, r := range rules {
		top = max(top, r.Threshold*1.25)
	}
	return float64(int64(top/5)+1) * 5
}

// burnRateCaption explains the burn-rate chart with its rules.
func burnRateCaption(rules []aggregate.AlertRule) string {
	text := "Bars: (bad / requests) / (1 − target) per slot; 1× spends the budget exactly over the period, and periods without requests have no bar."
	if len(rules) > 0 {
		text += " Lines: each alert rule's burn rate over its long window, at the end of each slot, with its threshold dashed in the same colour as its row of the alert table; a rule fires while the burn rate over both its windows exceeds its threshold."
	}
	return text
}
