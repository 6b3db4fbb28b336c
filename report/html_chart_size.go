package report

// A horizontal bar chart gets the height its bars need: at the
// stylesheet's fixed height, two bars were thick slabs and twenty would
// squeeze their labels until ECharts hid every other one.
const (
	barPitch  = 26  // CSS pixels per bar: a 12 px label and its gap
	barFrame  = 68  // the grid's top and bottom margins and the value axis
	barsFloor = 140 // a chart of one or two bars stays readable
)

// barsHeight is the height in CSS pixels of a horizontal bar chart of n
// bars.
func barsHeight(n int) int {
	return max(barsFloor, barFrame+barPitch*n)
}
