package report

import (
	"strconv"
	"strings"

	"github.com/slareport/slareport/aggregate"
)

// maxHTMLKey bounds a user agent or referrer in a table cell: the whole
// key is in the JSON report.
const maxHTMLKey = 160

// whoSection is who sent the requests: the robots line, the top clients,
// user agents and referrers by requests and by bad requests, the robots,
// the 404 and 429 view of the endpoints and the first bad lines of the
// worst endpoints, as the Markdown report has them.
func whoSection(d *htmlData) (*htmlSection, error) {
	s := d.s
	in := s.Insight
	if in == nil {
		return nil, nil
	}
	sec := &htmlSection{ID: "who", Title: "Who sent the requests", Intro: BotLine(s)}
	if sec.Intro == "" {
		sec.Intro = "No request came from a robot the classifier knows."
	}
	if line := FailingLine(s); line != "" {
		sec.Intro = strings.TrimSuffix(sec.Intro, ".") + ". " + line + "."
	}
	for _, t := range topTables(in) {
		tb := &htmlTable{Caption: t.title, Note: t.note,
			Head: []htmlCell{{Text: t.key}, {Text: "Requests", Num: true}, {Text: "Bad", Num: true}}}
		for _, k := range t.keys {
			tb.Rows = append(tb.Rows, []htmlCell{{Text: cut(visible([]byte(k.Key)), maxHTMLKey), Code: true},
				{Text: topRequests(k), Num: true}, {Text: group(k.Bad), Num: true}})
		}
		sec.Blocks = append(sec.Blocks, htmlBlock{Table: tb})
	}
	if tb := robotsTable(in.Bots); tb != nil {
		sec.Blocks = append(sec.Blocks, htmlBlock{Table: tb})
	}
	if tb := clientErrorsTable(in.ClientErrors); tb != nil {
		sec.Blocks = append(sec.Blocks, htmlBlock{Table: tb})
	}
	if tb := badLinesTable(s.Endpoints); tb != nil {
		sec.Blocks = append(sec.Blocks, htmlBlock{Table: tb})
	}
	return sec, nil
}

// robotsTable lists every robot and tool that came.
func robotsTable(b aggregate.Bots) *htmlTable {
	if len(b.Top) == 0 {
		return nil
	}
	tb := &htmlTable{Caption: "Robots", Note: "Told by the user agent, with the classifier --exclude-bots uses; tools are kept by it.",
		Head: []htmlCell{{Text: "Robot"}, {Text: "Kind"}, {Text: "Requests", Num: true}, {Text: "Bad", Num: true}}}
	for _, k := range b.Top {
		tb.Rows = append(tb.Rows, []htmlCell{{Text: k.Name}, {Text: k.Kind.String()},
			{Text: group(k.Requests), Num: true}, {Text: group(k.Bad), Num: true}})
	}
	return tb
}

// clientErrorsTable is the 404 and 429 view of the endpoints.
func clientErrorsTable(eps []aggregate.KeyStats) *htmlTable {
	if len(eps) == 0 {
		return nil
	}
	tb := &htmlTable{Caption: "Client errors (4xx) by endpoint",
		Head: []htmlCell{{Text: "Endpoint"}, {Text: "Requests", Num: true}, {Text: "404", Num: true},
			{Text: "429", Num: true}, {Text: "Other 4xx", Num: true}}}
	for _, k := range eps {
		tb.Rows = append(tb.Rows, []htmlCell{{Text: cut(visible([]byte(k.Key)), maxHTMLKey), Code: true, Path: true},
			{Text: group(k.Requests), Num: true}, {Text: group(k.Codes[404]), Num: true}, {Text: group(k.Codes[429]), Num: true},
			{Text: group(k.ClientErrors() - k.Codes[404] - k.Codes[429]), Num: true}})
	}
	return tb
}

// badLinesTable lists the first bad lines of the endpoints in the
// endpoints table, where each was read.
func badLinesTable(b aggregate.Breakdown) *htmlTable {
	tb := &htmlTable{Caption: "Bad lines by endpoint",
		Head: []htmlCell{{Text: "Endpoint"}, {Text: "Where"}, {Text: "Line"}}}
	for _, k := range b.Keys {
		for _, smp := range k.Samples {
			tb.Rows = append(tb.Rows, []htmlCell{{Text: visible([]byte(k.Key)), Code: true, Path: true},
				{Text: visible([]byte(smp.Input)) + ":" + strconv.FormatInt(smp.Line, 10), Code: true, Path: true},
				{Text: visible(smp.Text), Code: true}})
		}
	}
	if len(tb.Rows) == 0 {
		return nil
	}
	return tb
}
