package report

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/slareport/slareport/reference"
)

// codesCompareHead names a compared code by its registered phrase: "401
// Unauthorized".
func codesCompareHead(code int) string {
	s := strconv.Itoa(code)
	if ms := reference.Meanings(code); len(ms) > 0 {
		s += " " + ms[0].Phrase
	}
	return s
}

// codesCompareGap separates the columns of a text comparison.
const codesCompareGap = 2

// codesTextCompare writes a comparison as a text table within width
// columns: the aspects down the left, one column per code, each cell
// wrapped in its column.
func codesTextCompare(b *strings.Builder, p codesPainter, c reference.Comparison, width int) {
	b.WriteString(p.paint(ansiBold, c.Title()) + "\n")
	lead := 0
	for _, r := range c.Rows {
		lead = max(lead, utf8.RuneCountInString(r.Aspect))
	}
	lead += codesCompareGap
	n := len(c.Codes)
	col := (width - lead - codesCompareGap*(n-1)) / n
	var heads []string
	for _, code := range c.Codes {
		heads = append(heads, codesCompareHead(code))
	}
	codesTextCompareRow(b, p, "", heads, lead, col)
	for _, r := range c.Rows {
		codesTextCompareRow(b, p, r.Aspect, r.Cells, lead, col)
	}
}

// codesTextCompareRow writes one row: the aspect, then each cell wrapped
// to col columns, the cells side by side.
func codesTextCompareRow(b *strings.Builder, p codesPainter, aspect string, cells []string, lead, col int) {
	var wrapped [][]string
	lines := 0
	for _, cell := range cells {
		w := strings.Split(codesWrap(cell, col, "", ""), "\n")
		wrapped = append(wrapped, w)
		lines = max(lines, len(w))
	}
	for i := range lines {
		var line strings.Builder
		label := ""
		if i == 0 {
			label = aspect
		}
		if label != "" {
			line.WriteString(p.paint(ansiBold, label))
		}
		line.WriteString(strings.Repeat(" ", lead-utf8.RuneCountInString(label)))
		for j, w := range wrapped {
			text := ""
			if i < len(w) {
				text = w[i]
			}
			if j < len(wrapped)-1 {
				text += strings.Repeat(" ", col-utf8.RuneCountInString(text)+codesCompareGap)
			}
			line.WriteString(text)
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
}

// codesMarkdownCompare writes a comparison as a Markdown table under its
// title.
func codesMarkdownCompare(b *strings.Builder, c reference.Comparison) {
	b.WriteString("## " + c.Title() + "\n\n|  |")
	for _, code := range c.Codes {
		b.WriteString(" " + codesMarkdownText(codesCompareHead(code)) + " |")
	}
	b.WriteString("\n|---|" + strings.Repeat("---|", len(c.Codes)) + "\n")
	for _, r := range c.Rows {
		b.WriteString("| **" + codesMarkdownText(r.Aspect) + "** |")
		for _, cell := range r.Cells {
			b.WriteString(" " + codesMarkdownText(cell) + " |")
		}
		b.WriteString("\n")
	}
}

// codesCompareJSON is a comparison in the JSON output.
type codesCompareJSON struct {
	Title string                `json:"title"`
	Codes []int                 `json:"codes"`
	Rows  []codesCompareRowJSON `json:"rows"`
}

type codesCompareRowJSON struct {
	Aspect string   `json:"aspect"`
	Cells  []string `json:"cells"`
}

// codesComparesJSON returns the comparisons that include code, for the
// JSON element of a meaning of code; nil when there are none.
func codesComparesJSON(cs []reference.Comparison, code int) []codesCompareJSON {
	var out []codesCompareJSON
	for _, c := range cs {
		if !slices.Contains(c.Codes, code) {
			continue
		}
		j := codesCompareJSON{Title: c.Title(), Codes: c.Codes}
		for _, r := range c.Rows {
			j.Rows = append(j.Rows, codesCompareRowJSON{r.Aspect, r.Cells})
		}
		out = append(out, j)
	}
	return out
}

// codesPageCompare is a comparison on the reference page: hidden until
// the search box names two of its codes (data-codes).
type codesPageCompare struct {
	Title string
	Codes string // "401 403"
	Heads []codesRelatedCode
	Rows  []reference.ComparisonRow
}

// codesPageCompares returns the comparisons whose codes all have an entry
// among ms, so that every head links to a panel of the page.
func codesPageCompares(ms []reference.Meaning) []codesPageCompare {
	var out []codesPageCompare
	for _, c := range reference.AllComparisons() {
		all := true
		var codes []string
		var heads []codesRelatedCode
		for _, code := range c.Codes {
			all = all && slices.ContainsFunc(ms, func(m reference.Meaning) bool { return m.Code == code })
			codes = append(codes, strconv.Itoa(code))
			heads = append(heads, codesRelatedCode{code, strings.TrimPrefix(codesCompareHead(code), strconv.Itoa(code)+" ")})
		}
		if all {
			out = append(out, codesPageCompare{c.Title(), strings.Join(codes, " "), heads, c.Rows})
		}
	}
	return out
}
