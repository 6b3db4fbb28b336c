package report

import (
	"encoding/json"
	"fmt"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/slareport/slareport/reference"
)

// Class colours for 1xx..5xx and invalid, the same in every chart and
// table swatch (html.css): they read on a light and a dark background.
var classColors = [6]string{"#64748b", "#16a34a", "#2563eb", "#d97706", "#dc2626", "#9333ea"}

const (
	colorBad  = "#dc2626" // the SLO line, thresholds
	colorLine = "#2563eb" // single-series lines
	colorBurn = "#d97706"
)

func classColor(c reference.Class) string {
	if c >= 1 && c <= 5 {
		return classColors[c-1]
	}
	return classColors[5]
}

// echartsChart is what chartOption needs of a go-echarts chart.
type echartsChart interface {
	Validate()
	JSON() map[string]any
}

// chartOption turns a go-echarts chart into its option JSON with the
// settings every chart of the report shares. go-echarts panics on charts it
// cannot build; a panic becomes an error naming the chart.
func chartOption(id string, c echartsChart) (raw json.RawMessage, err error) {
	defer func() {
		if r := recover(); r != nil {
			raw, err = nil, fmt.Errorf("build chart %s: %v", id, r)
		}
	}()
	c.Validate()
	obj := c.JSON()
	// Times are already on the report zone's clock (see wall); UTC keeps
	// the reader's own zone out of the axes.
	obj["useUTC"] = true
	obj["backgroundColor"] = "transparent"
	// richText tooltips are drawn on the canvas: HTML tooltips carry
	// style attributes the Content-Security-Policy refuses.
	obj["tooltip"] = map[string]any{"trigger": "axis", "renderMode": "richText", "confine": true}
	if _, ok := obj["xAxis"]; ok {
		obj["grid"] = map[string]any{"left": 8, "right": gridRight(id), "top": 40, "bottom": 8, "containLabel": true}
	}
	delete(obj, "title")   // the page's heading names the chart
	delete(obj, "toolbox") // no save-as-image: it would need blob URLs
	b, err := json.Marshal(obj)
	if err != nil {
		return nil, fmt.Errorf("build chart %s: %w", id, err)
	}
	return b, nil
}

// baseOpts are the go-echarts options every chart starts from; the
// ChartID keeps the bytes deterministic (go-echarts would pick a random one).
func baseOpts(id string) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{ChartID: id}),
		charts.WithAnimation(false), // a printed or captured chart must be complete
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "0"}),
	}
}

func timeAxisOpts(id string, y opts.YAxis) []charts.GlobalOpts {
	return append(baseOpts(id),
		charts.WithXAxisOpts(opts.XAxis{Type: "time"}),
		charts.WithYAxisOpts(y),
	)
}

func ms(wall int64) int64 { return wall * 1000 }

// round4 keeps chart values short in the JSON; charts cannot show more.
func round4(v float64) float64 {
	if v < 0 {
		return -float64(int64(-v*1e4+0.5)) / 1e4
	}
	return float64(int64(v*1e4+0.5)) / 1e4
}

func availabilitySection(d *htmlData) (*htmlSection, error) {
	c, err := availabilityChart(d)
	if err != nil || c == nil {
		return nil, err
	}
	intro := "Availability = (requests − bad) / requests per " + slotName(d.width) + ", bad being " + d.s.Rule.String() +
		". Gaps are periods without requests: no data, not 100%."
	return &htmlSection{ID: "availability", Title: "Availability over time", Intro: intro,
		Blocks: []htmlBlock{{Chart: c}}}, nil
}

func availabilityChart(d *htmlData) (*htmlChart, error) {
	rows := make([][]any, len(d.slots))
	low, seen := 100.0, false
	for i, p := range d.slots {
		rows[i] = []any{ms(p.Wall), nil}
		if v, ok := availabilityPercent(p.Judged()-p.Bad, p.Judged()); ok {
			rows[i][1] = v
			low, seen = min(low, v), true
		}
	}
	if !seen {
		return nil, nil
	}
	var marks []charts.SeriesOpts
	label := fmt.Sprintf("Availability per %s, lowest %.3f%%", slotName(d.width), low)
	if o := d.opt.SLO; o != nil {
		t := o.Target.Ratio() * 100
		low = min(low, t)
		marks = append(marks,
			charts.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{Name: "SLO " + o.Target.String(), YAxis: t}),
			charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"},
				LineStyle: &opts.LineStyle{Color: colorBad, Type: "dashed"},
				Label:     sloLabel()}))
		label += ", SLO " + o.Target.String()
	}
	yMin := float64(int64(low)) // the whole percent below the lowest point
	if yMin >= 100 {
		yMin = 99
	}
	line := charts.NewLine()
	line.SetGlobalOptions(timeAxisOpts("chart-availability", opts.YAxis{Type: "value", Min: yMin, Max: 100,
		AxisLabel: &opts.AxisLabel{Formatter: "{value}%"}})...)
	line.AddDataset(opts.Dataset{Source: rows})
	line.AddSeries("Availability", nil, append(marks,
		charts.WithEncodeOpts(opts.Encode{X: 0, Y: 1}),
		charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(len(rows) <= 72), ConnectNulls: opts.Bool(false)}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colorLine}),
	)...)
	opt, err := chartOption("chart-availability", line)
	if err != nil {
		return nil, err
	}
	return &htmlChart{ID: "chart-availability", Title: "Availability per " + slotName(d.width),
		Label: label, Option: opt}, nil
}

func latencySection(d *htmlData) (*htmlSection, error) {
	q := d.s.Latency
	if q == nil {
		return nil, nil
	}
	sec := &htmlSection{ID: "latency", Title: "Latency",
		Intro: fmt.Sprintf("%s requests logged a duration: p50 %s, p90 %s, p95 %s, p99 %s, max %s.",
			group(q.Count), seconds(q.P50), seconds(q.P90), seconds(q.P95), seconds(q.P99), seconds(q.Max))}
	rows := make([][]any, len(d.slots))
	seen := false
	for i, p := range d.slots {
		rows[i] = []any{ms(p.Wall), nil, nil, nil}
		if l := p.Latency; l != nil && l.Count > 0 {
			rows[i] = []any{ms(p.Wall), round4(l.P50 * 1000), round4(l.P95 * 1000), round4(l.P99 * 1000)}
			seen = true
		}
	}
	if !seen {
		return sec, nil // the figures above; per-slot quantiles need unmerged buckets
	}
	line := charts.NewLine()
	line.SetGlobalOptions(timeAxisOpts("chart-latency", opts.YAxis{Type: "value", AxisLabel: &opts.AxisLabel{Formatter: "{value} ms"}})...)
	line.AddDataset(opts.Dataset{Source: rows})
	for i, name := range []string{"p50", "p95", "p99"} {
		so := []charts.SeriesOpts{
			charts.WithEncodeOpts(opts.Encode{X: 0, Y: i + 1}),
			charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false), ConnectNulls: opts.Bool(false)}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: []string{"#16a34a", "#d97706", "#dc2626"}[i]}),
		}
		if th := d.s.LatencyThreshold; th > 0 && i == 0 {
			so = append(so, charts.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{Name: "threshold", YAxis: round4(th * 1000)}),
				charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"},
					LineStyle: &opts.LineStyle{Color: colorBad, Type: "dashed"},
					Label:     &opts.Label{Show: opts.Bool(true), Position: "insideEndTop", Formatter: "SLO threshold {c} ms"}}))
		}
		line.AddSeries(name, nil, so...)
	}
	opt, err := chartOption("chart-latency", line)
	if err != nil {
		return nil, err
	}
	sec.Blocks = append(sec.Blocks, htmlBlock{Chart: &htmlChart{ID: "chart-latency", Title: "Latency per " + slotName(d.width),
		Caption: "Quantiles of the logged request durations; gaps are periods without timed requests.",
		Label:   "Latency p50, p95 and p99 per " + slotName(d.width), Option: opt}})
	return sec, nil
}
