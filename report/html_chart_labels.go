package report

import "github.com/go-echarts/go-echarts/v2/opts"

// Where the labels of the marked lines go, so that on a phone they cover
// neither the data nor the axes' labels.

// sloLabel is the label of the SLO line of the availability chart. It
// sits past the end of the plot, in a margin kept for it (gridRight), on
// two lines to keep that margin narrow: inside the plot it lay over the
// availability line, which runs just above the SLO most of the time.
func sloLabel() *opts.Label {
	return &opts.Label{Show: opts.Bool(true), Position: "end", Formatter: "SLO\n{c}%", LineHeight: 14}
}

// exhaustedLabel is the label of the budget chart's zero line: above the
// line, inside the plot. Below it, where the axis is at 0 until the
// budget is overspent, it ran into the time axis's labels.
func exhaustedLabel() *opts.Label {
	return &opts.Label{Show: opts.Bool(true), Position: "insideEndTop", Formatter: "budget exhausted"}
}

// gridRight is the plot's right margin in a chart with axes, in pixels:
// wide enough for the SLO label in the availability chart, else narrow.
func gridRight(chartID string) int {
	if chartID == "chart-availability" {
		return 52
	}
	return 16
}
