package report

import (
	"fmt"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/slareport/slareport/aggregate"
)

// breakdownTable lists a breakdown's top keys with their figures.
func breakdownTable(key string, b aggregate.Breakdown) *htmlTable {
	t := &htmlTable{Head: []htmlCell{{Text: key}, {Text: "Requests", Num: true}, {Text: "Bad", Num: true},
		{Text: "Availability", Num: true}}}
	// Without a timed request the p99 column would only hold dashes.
	timed := timedKeys(b)
	if timed {
		t.Head = append(t.Head, htmlCell{Text: "p99", Num: true})
	}
	for _, k := range b.Keys {
		row := []htmlCell{
			{Text: visible([]byte(k.Key)), Code: true, Path: true},
			{Text: group(k.Requests), Num: true},
			{Text: group(k.Bad), Num: true},
			{Text: keyAvailability(k), Num: true},
		}
		if timed {
			p99 := "—"
			if k.Latency != nil {
				p99 = seconds(k.Latency.P99)
			}
			row = append(row, htmlCell{Text: p99, Num: true})
		}
		t.Rows = append(t.Rows, row)
	}
	if b.Capped {
		t.Note = fmt.Sprintf("More than %s distinct keys: the rest are counted under %s.", group(aggregate.BreakdownCap), aggregate.OtherKey)
	}
	return t
}

// timedKeys reports whether some key of b has a latency.
func timedKeys(b aggregate.Breakdown) bool {
	for _, k := range b.Keys {
		if k.Latency != nil {
			return true
		}
	}
	return false
}

// hostsSection and upstreamsSection are tables only: formats that log a
// virtual host or an upstream status have them.
func hostsSection(d *htmlData) (*htmlSection, error) {
	if len(d.s.Hosts.Keys) == 0 {
		return nil, nil
	}
	return &htmlSection{ID: "hosts", Title: "Hosts", Intro: "Virtual hosts, the top ones by bad requests.",
		Blocks: []htmlBlock{{Table: breakdownTable("Host", d.s.Hosts)}}}, nil
}

func upstreamsSection(d *htmlData) (*htmlSection, error) {
	if len(d.s.Upstreams.Keys) == 0 {
		return nil, nil
	}
	return &htmlSection{ID: "upstreams", Title: "Upstream statuses", Intro: "Requests by the status the backend returned.",
		Blocks: []htmlBlock{{Table: breakdownTable("Upstream status", d.s.Upstreams)}}}, nil
}

// maxEndpointBars bounds the endpoint chart; the table lists them all.
// The chart grows with its bars (barsHeight), so that each label has room.
const maxEndpointBars = 20

func endpointsSection(d *htmlData) (*htmlSection, error) {
	b := d.s.Endpoints
	if len(b.Keys) == 0 {
		return nil, nil
	}
	sec := &htmlSection{ID: "endpoints", Title: "Endpoints",
		Intro: "Paths with ids collapsed (/users/:id), the top ones by bad requests."}
	var names []string
	var data []opts.BarData
	for _, k := range b.Keys {
		if k.Bad > 0 && len(names) < maxEndpointBars {
			names = append(names, cut(visible([]byte(k.Key)), 48))
			data = append(data, opts.BarData{Value: k.Bad})
		}
	}
	if len(names) > 0 {
		// Largest at the top of a horizontal bar chart.
		for i, k := 0, len(names)-1; i < k; i, k = i+1, k-1 {
			names[i], names[k] = names[k], names[i]
			data[i], data[k] = data[k], data[i]
		}
		bar := charts.NewBar()
		bar.SetGlobalOptions(append(baseOpts("chart-endpoints"),
			charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
			charts.WithXAxisOpts(opts.XAxis{Type: "value", MinInterval: 1}),
			charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: names}))...)
		bar.AddSeries("Bad requests", data, charts.WithItemStyleOpts(opts.ItemStyle{Color: colorBad}),
			charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right"}))
		opt, err := chartOption("chart-endpoints", bar)
		if err != nil {
			return nil, err
		}
		sec.Blocks = append(sec.Blocks, htmlBlock{Chart: &htmlChart{ID: "chart-endpoints", Title: "Top endpoints by bad requests",
			Label: "Bad requests of the " + plural(int64(len(names)), "endpoint") + " with the most", Option: opt,
			Height: barsHeight(len(names))}})
	}
	t := breakdownTable("Endpoint", b)
	sec.Blocks = append(sec.Blocks, htmlBlock{Table: t})
	return sec, nil
}

func malformedSection(d *htmlData) (*htmlSection, error) {
	s := d.s
	if s.Lines.Malformed == 0 {
		return nil, nil
	}
	sec := &htmlSection{ID: "malformed", Title: "Malformed lines",
		Intro: fmt.Sprintf("%s of %s lines (%s) could not be parsed.",
			group(s.Lines.Malformed), group(s.Lines.Read), share(s.Lines.Malformed, s.Lines.Read))}
	reasons := byCount(s.Malformed)
	t := &htmlTable{Head: []htmlCell{{Text: "Reason"}, {Text: "Lines", Num: true}}}
	for _, r := range reasons {
		t.Rows = append(t.Rows, []htmlCell{{Text: visible([]byte(r))}, {Text: group(s.Malformed[r]), Num: true}})
	}
	sec.Blocks = append(sec.Blocks, htmlBlock{Table: t})
	var samples []htmlSample
	for _, smp := range s.Samples {
		samples = append(samples, htmlSample{
			Where:  visible([]byte(smp.Input)) + ":" + strconv.FormatInt(smp.Line, 10),
			Reason: visible([]byte(smp.Reason)),
			Text:   visible(smp.Text),
		})
	}
	if len(samples) > 0 {
		sec.Blocks = append(sec.Blocks, htmlBlock{Samples: samples})
	}
	return sec, nil
}

func sourcesSection(d *htmlData) (*htmlSection, error) {
	if len(d.s.Inputs) == 0 {
		return nil, nil
	}
	t := &htmlTable{Head: []htmlCell{{Text: "Source"}, {Text: "Compression"}, {Text: "Format"},
		{Text: "Lines", Num: true}, {Text: "Parsed", Num: true}, {Text: "Malformed", Num: true}, {Text: "Period"}}}
	for _, in := range d.s.Inputs {
		period := "—"
		if in.Span.Valid {
			const layout = "2006-01-02 15:04:05 MST"
			period = localTime(in.Span.First, d.s, layout) + " → " + localTime(in.Span.Last, d.s, layout)
		}
		comp := in.Compression
		if comp == "none" {
			comp = "plain"
		}
		t.Rows = append(t.Rows, []htmlCell{
			{Text: visible([]byte(in.Name)), Code: true, Path: true},
			{Text: visible([]byte(comp))},
			{Text: visible([]byte(in.Format)) + ", " + formatHow(in)},
			{Text: group(in.Lines.Read), Num: true},
			{Text: group(in.Lines.Parsed), Num: true},
			{Text: group(in.Lines.Malformed), Num: true},
			{Text: period, Note: true},
		})
	}
	return &htmlSection{ID: "sources", Title: "Sources", Blocks: []htmlBlock{{Table: t}}}, nil
}
