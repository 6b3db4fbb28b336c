package report

import (
	"sort"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/reference"
)

func classesSection(d *htmlData) (*htmlSection, error) {
	sec := &htmlSection{ID: "classes", Title: "Requests by status class"}
	c, err := classesChart(d)
	if err != nil {
		return nil, err
	}
	if c != nil {
		sec.Blocks = append(sec.Blocks, htmlBlock{Chart: c})
	}
	sec.Blocks = append(sec.Blocks, htmlBlock{Table: classesTable(d.s)})
	return sec, nil
}

func classesChart(d *htmlData) (*htmlChart, error) {
	var total [6]int64
	rows := make([][]any, len(d.slots))
	for i, p := range d.slots {
		row := []any{ms(p.Wall)}
		for c, n := range p.Classes {
			row = append(row, n)
			total[c] += n
		}
		rows[i] = append(row, p.Invalid)
		total[5] += p.Invalid
	}
	line := charts.NewLine()
	line.SetGlobalOptions(timeAxisOpts("chart-classes", opts.YAxis{Type: "value", MinInterval: 1})...)
	line.AddDataset(opts.Dataset{Source: rows})
	n := 0
	for i, t := range total {
		if t == 0 {
			continue // an empty class would only crowd the legend
		}
		name := "invalid"
		if i < 5 {
			name = reference.Class(i + 1).String()
		}
		line.AddSeries(name, nil,
			charts.WithEncodeOpts(opts.Encode{X: 0, Y: i + 1}),
			charts.WithLineChartOpts(opts.LineChart{Stack: "requests", ShowSymbol: opts.Bool(false)}),
			charts.WithAreaStyleOpts(opts.AreaStyle{Opacity: opts.Float(0.55)}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: classColors[i]}),
			charts.WithLineStyleOpts(opts.LineStyle{Width: 1}),
		)
		n++
	}
	if n == 0 {
		return nil, nil
	}
	opt, err := chartOption("chart-classes", line)
	if err != nil {
		return nil, err
	}
	return &htmlChart{ID: "chart-classes", Title: "Requests per " + slotName(d.width) + ", stacked by class",
		Label: "Requests per " + slotName(d.width) + " stacked by status class", Option: opt}, nil
}

func classesTable(s *aggregate.Summary) *htmlTable {
	req := s.Requests()
	t := &htmlTable{Head: []htmlCell{{Text: "Class"}, {Text: "Requests", Num: true}, {Text: "Share", Num: true}}}
	for i, n := range s.Classes() {
		t.Rows = append(t.Rows, []htmlCell{
			{Text: reference.Class(i + 1).String(), Swatch: "c" + strconv.Itoa(i+1)},
			{Text: group(n), Num: true}, {Text: share(n, req), Num: true}})
	}
	if inv := s.Invalid(); inv > 0 {
		t.Rows = append(t.Rows, []htmlCell{{Text: "invalid", Swatch: "inv"},
			{Text: group(inv), Num: true}, {Text: share(inv, req), Num: true}})
		t.Note = "Invalid: a status outside 100–599, counted as a request but in no class."
	}
	return t
}

// codeKind says what the registry knows about a code: "" for one IANA
// lists, "nonstandard" for one it does not, "invalid" outside 100–599.
func codeKind(code int) string {
	_, ok := reference.Lookup(code)
	switch {
	case !reference.Valid(code):
		return "invalid"
	case !ok:
		return "nonstandard"
	}
	return ""
}

func sortedCodes(m map[int]int64) []int {
	codes := make([]int, 0, len(m))
	for c := range m {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	return codes
}

func codesSection(d *htmlData) (*htmlSection, error) {
	if len(d.s.Codes) == 0 {
		return nil, nil
	}
	c, err := codesChart(d.s)
	if err != nil {
		return nil, err
	}
	return &htmlSection{ID: "codes", Title: "Status codes",
		Blocks: []htmlBlock{{Chart: c}, {Table: codesTable(d.s)}}}, nil
}

func codesChart(s *aggregate.Summary) (*htmlChart, error) {
	codes := sortedCodes(s.Codes)
	names := make([]string, len(codes))
	data := make([]opts.BarData, len(codes))
	lo, hi := int64(-1), int64(0)
	marked := false
	for i, code := range codes {
		n := s.Codes[code]
		style := &opts.ItemStyle{Color: classColor(reference.ClassOf(code))}
		names[i] = strconv.Itoa(code)
		switch codeKind(code) {
		case "nonstandard":
			names[i] += "*"
			style.Opacity = opts.Float(0.55)
			marked = true
		case "invalid":
			names[i] += "†"
			marked = true
		}
		data[i] = opts.BarData{Name: names[i], Value: n, ItemStyle: style}
		if lo < 0 || n < lo {
			lo = n
		}
		hi = max(hi, n)
	}
	y := opts.YAxis{Type: "value", MinInterval: 1}
	caption := ""
	if lo > 0 && hi/lo >= 100 {
		// One code usually dwarfs the rest; on a linear axis the errors
		// would be invisible.
		y = opts.YAxis{Type: "log"}
		caption = "Logarithmic scale. "
	}
	if marked {
		caption += "* not in the IANA registry (faded) · † invalid: outside 100–599."
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(baseOpts("chart-codes"),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithYAxisOpts(y))...)
	// Counts on the bars: on a log scale a code seen once has no height.
	bar.SetXAxis(names).AddSeries("Requests", data,
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(len(codes) <= 40), Position: "top"}))
	opt, err := chartOption("chart-codes", bar)
	if err != nil {
		return nil, err
	}
	return &htmlChart{ID: "chart-codes", Title: "Requests per status code", Caption: strings.TrimSpace(caption),
		Label: "Requests per status code, coloured by class, for " + plural(int64(len(codes)), "code"), Option: opt}, nil
}

func codesTable(s *aggregate.Summary) *htmlTable {
	req := s.Requests()
	t := &htmlTable{Head: []htmlCell{{Text: "Code", Num: true}, {Text: "Phrase"}, {Text: "Class"},
		{Text: "Requests", Num: true}, {Text: "Share", Num: true}, {Text: "Note"}}}
	for _, code := range sortedCodes(s.Codes) {
		n := s.Codes[code]
		cl := reference.ClassOf(code)
		phrase := reference.Phrase(code)
		if ms := reference.Meanings(code); phrase == "" && len(ms) > 0 {
			phrase = ms[0].Phrase // a vendor's name for it, such as nginx's
		}
		if phrase == "" {
			phrase = "—"
		}
		note := reference.Flag(code)
		if s.Rule.IsBad(code) {
			note = strings.TrimPrefix(note+"; counted as bad", "; ")
		}
		t.Rows = append(t.Rows, []htmlCell{
			{Text: strconv.Itoa(code), Num: true, Href: "#" + refID(code)},
			{Text: phrase, Href: codesPageHref(code)},
			{Text: cl.String(), Swatch: swatch(cl)},
			{Text: group(n), Num: true},
			{Text: share(n, req), Num: true},
			{Text: note, Note: true},
		})
	}
	return t
}

func swatch(c reference.Class) string {
	if c >= 1 && c <= 5 {
		return "c" + strconv.Itoa(int(c))
	}
	return "inv"
}

// referenceSection embeds what the registry knows about the codes in the
// report, so the codes table links within the file and the report needs no
// network to explain a code. Codes nobody is known to use share one entry
// per kind: a log of garbage statuses must not grow a card per code.
func referenceSection(d *htmlData) (*htmlSection, error) {
	if len(d.s.Codes) == 0 {
		return nil, nil
	}
	var refs []htmlRef
	kinds := map[string]bool{}
	for _, code := range sortedCodes(d.s.Codes) {
		ms := reference.Meanings(code)
		if len(ms) == 0 {
			kinds[refID(code)] = true
			continue
		}
		r := htmlRef{ID: refID(code), Code: strconv.Itoa(code), Class: reference.ClassOf(code).String(), Phrase: ms[0].Phrase}
		for _, m := range ms {
			who := "IANA: " + m.Status.String()
			if m.Vendor != "" {
				who = m.Vendor + ": " + m.Phrase
			}
			text := who
			if m.Summary != "" {
				text += " — " + m.Summary
			}
			r.Meanings = append(r.Meanings, htmlMeaning{Text: text, Ref: m.Ref, URL: m.Source})
		}
		refs = append(refs, r)
	}
	if kinds["ref-nonstandard"] {
		refs = append(refs, htmlRef{ID: "ref-nonstandard", Code: "*", Phrase: "Nonstandard status", Class: "100–599",
			Meanings: []htmlMeaning{{Text: "a code the IANA registry does not list and no known vendor uses"}}})
	}
	if kinds["ref-invalid"] {
		refs = append(refs, htmlRef{ID: "ref-invalid", Code: "†", Phrase: "Invalid status", Class: "no class",
			Meanings: []htmlMeaning{{Text: "outside 100–599, so not an HTTP status code: counted as a request, in no class"}}})
	}
	return &htmlSection{ID: "reference", Title: "Status code reference",
		Intro:  "What the IANA registry and the vendors that use them say about the codes above.",
		Link:   codesPageSeenLink(d.s.Codes),
		Blocks: []htmlBlock{{Refs: refs}}}, nil
}

// refID is the anchor of a code's reference entry.
func refID(code int) string {
	switch {
	case len(reference.Meanings(code)) > 0:
		return "ref-" + strconv.Itoa(code)
	case !reference.Valid(code):
		return "ref-invalid"
	}
	return "ref-nonstandard"
}
