package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/slareport/slareport/aggregate"
)

// Who sent the requests, in words and in Markdown: the robots line every
// report carries, the top tables by requests and by bad requests, the 404
// and 429 view of the endpoints, and the bad lines of the worst
// endpoints.

// BotLine says how many requests came from robots and which robots sent
// the bad ones ("2 of the 3 bad requests came from Googlebot"); "" when
// the summary has no robots table or no robot came.
func BotLine(s *aggregate.Summary) string {
	in := s.Insight
	if in == nil || in.Bots.Requests+in.Bots.ToolRequests == 0 {
		return ""
	}
	b := in.Bots
	line := fmt.Sprintf("%s of %s requests from crawlers and monitors", group(b.Requests), group(s.Requests()))
	if b.ToolRequests > 0 {
		line += fmt.Sprintf(", %s from tools", group(b.ToolRequests))
	}
	bad := s.Bad()
	var names []string
	var robots int64
	for _, k := range b.Top {
		if k.Bad > 0 {
			names = append(names, fmt.Sprintf("%s %s", k.Name, group(k.Bad)))
			robots += k.Bad
		}
	}
	switch {
	case bad == 0:
	case robots == 0:
		line += fmt.Sprintf("; none of the %s bad requests", group(bad))
	case len(names) == 1:
		name := names[0][:strings.LastIndexByte(names[0], ' ')]
		line += fmt.Sprintf("; %s of the %s bad requests came from %s", group(robots), group(bad), name)
	default:
		line += fmt.Sprintf("; %s of the %s bad requests came from robots: %s", group(robots), group(bad), strings.Join(names, ", "))
	}
	return line
}

// FailingLine says how many clients the bad requests came from, and how
// many came from the client that sent the most ("85 bad requests from 61
// clients; 25 of them from 203.0.113.2"); "" without bad requests or
// without the tables of the bad requests. The client is as logged, cut
// and made visible; failingLine writes it with key, for a format's own
// escaping.
func FailingLine(s *aggregate.Summary) string {
	return failingLine(s, func(k string) string { return visible([]byte(cut(k, maxMarkdownName))) })
}

func failingLine(s *aggregate.Summary, key func(string) string) string {
	if s.Insight == nil {
		return ""
	}
	c := s.Insight.Clients
	if !c.Failing || c.BadRequests == 0 || len(c.TopBad) == 0 {
		return ""
	}
	top := c.TopBad[0]
	if c.BadDistinct == 1 {
		return fmt.Sprintf("%s from %s", plural(c.BadRequests, "bad request"), key(top.Key))
	}
	clients := group(c.BadDistinct) + " clients"
	if c.BadCapped {
		clients = "about " + clients + " (estimated)"
	}
	line := fmt.Sprintf("%s from %s", plural(c.BadRequests, "bad request"), clients)
	if top.Bad > 1 {
		line += fmt.Sprintf("; %s of them from %s", group(top.Bad), key(top.Key))
	}
	return line
}

// mdWho is the Markdown section of who sent the requests.
type mdWho struct {
	Tables       []mdTopTable
	ClientErrors []mdClientErrorRow
	BadLines     []mdBadLine
}

type mdTopTable struct {
	Title, Key, Note string
	Rows             []mdTopRow
}

type mdTopRow struct{ Key, Requests, Bad string }

// mdClientErrorRow is an endpoint of the 404 and 429 view.
type mdClientErrorRow struct{ Key, Requests, NotFound, TooMany, Other string }

// mdBadLine is one bad line of an endpoint with bad requests.
type mdBadLine struct{ Endpoint, Where, Text string }

// who fills the section; it stays nil without the insight.
func (v *mdView) who(s *aggregate.Summary) {
	in := s.Insight
	if in == nil {
		return
	}
	w := &mdWho{}
	for _, t := range topTables(in) {
		tv := mdTopTable{Title: t.title, Key: t.key, Note: t.note}
		for _, k := range t.keys {
			tv.Rows = append(tv.Rows, mdTopRow{Key: mdCode(cut(k.Key, maxMarkdownName), true),
				Requests: topRequests(k), Bad: group(k.Bad)})
		}
		w.Tables = append(w.Tables, tv)
	}
	for _, k := range in.ClientErrors {
		w.ClientErrors = append(w.ClientErrors, mdClientErrorRow{Key: mdCode(cut(k.Key, maxMarkdownName), true),
			Requests: group(k.Requests), NotFound: group(k.Codes[404]), TooMany: group(k.Codes[429]),
			Other: group(k.ClientErrors() - k.Codes[404] - k.Codes[429])})
	}
	for _, k := range s.Endpoints.Keys {
		for _, smp := range k.Samples {
			text := smp.Text
			if len(text) > maxSampleMarkdown {
				text = text[:maxSampleMarkdown]
			}
			w.BadLines = append(w.BadLines, mdBadLine{Endpoint: mdCode(k.Key, false),
				Where: mdCode(smp.Input+":"+strconv.FormatInt(smp.Line, 10), false), Text: mdCode(string(text), false)})
		}
	}
	v.Who = w
}

// topTable is one table of who sent the requests, as every report shows
// it: a title, what its keys are, its keys in order, and a note on how
// many distinct keys there were.
type topTable struct {
	title, key, note string
	keys             []aggregate.KeyStats
}

// topTables lists the tables of who sent the requests that have keys:
// the top clients, user agents and referrers, and the clients and user
// agents with the most bad requests.
func topTables(in *aggregate.Insight) []topTable {
	var out []topTable
	for _, t := range []struct {
		title, key string
		t          aggregate.TopTable
		bad        bool
	}{
		{"Top clients", "Client", in.Clients, false},
		{"Clients with the most bad requests", "Client", in.Clients, true},
		{"Top user agents", "User agent", in.UserAgents, false},
		{"User agents with the most bad requests", "User agent", in.UserAgents, true},
		{"Top referrers", "Referrer", in.Referrers, false},
	} {
		keys, note := t.t.Top, distinctNote(t.t)
		if t.bad {
			keys, note = t.t.TopBad, badNote(t.t)
		}
		if len(keys) > 0 {
			out = append(out, topTable{title: t.title, key: t.key, note: note, keys: keys})
		}
	}
	return out
}

// badNote says what the ranking by bad requests holds: every key with a
// bad request, counted apart from the sample of every request, unless
// that table capped too.
func badNote(t aggregate.TopTable) string {
	switch {
	case !t.Failing: // a summary saved before the tables of the bad requests
		return distinctNote(t)
	case t.BadCapped:
		return fmt.Sprintf("About %s sent bad requests (estimated). A table keeps at most %s, chosen by a hash of the key: this ranks that sample, and the one with the most may not be in it.",
			group(t.BadDistinct), group(aggregate.BreakdownCap))
	case t.Capped:
		return fmt.Sprintf("All %s that sent bad requests are ranked, counted apart from the sample above; — marks one whose requests the sample did not keep.",
			group(t.BadDistinct))
	}
	return fmt.Sprintf("%s of %s sent bad requests.", group(t.BadDistinct), group(t.Distinct))
}

// topRequests is a top table key's requests, or — when unknown.
func topRequests(k aggregate.KeyStats) string {
	if !k.RequestsKnown() {
		return "—"
	}
	return group(k.Requests)
}

// distinctNote says how many distinct keys a table saw, and whether that
// is a count or an estimate.
func distinctNote(t aggregate.TopTable) string {
	if t.Capped {
		return fmt.Sprintf("About %s distinct (estimated). A table keeps at most %s, chosen by a hash of the key: this is the top of that sample, and the busiest may not be in it.",
			group(t.Distinct), group(aggregate.BreakdownCap))
	}
	return group(t.Distinct) + " distinct."
}
