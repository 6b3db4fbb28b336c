package report

import (
	"strconv"

	"github.com/slareport/slareport/aggregate"
)

// The JSON of who sent the requests: the clients, user agents and
// referrers tables, the robots, and each endpoint's codes and bad lines.

// jsonTopTable is a table of the keys with the most requests. Distinct is
// exact unless Capped, when it is an estimate within about 1%.
// TopBad comes from a table of the bad requests alone, sampled only when
// TopBadCapped.
type jsonTopTable struct {
	Distinct     int64           `json:"distinct"`
	Capped       bool            `json:"capped"`
	Top          []jsonTopKey    `json:"top"`
	TopBad       []jsonTopBadKey `json:"top_bad"`
	TopBadCapped bool            `json:"top_bad_capped"`
	// BadRequests and BadDistinct are left out of a summary saved
	// before slareport kept the tables of the bad requests.
	BadRequests *int64 `json:"bad_requests,omitempty"`
	BadDistinct *int64 `json:"bad_distinct,omitempty"`
}

type jsonTopKey struct {
	Key      string `json:"key"`
	Requests int64  `json:"requests"`
	Bad      int64  `json:"bad"`
}

// jsonTopBadKey is a key of top_bad: its requests are null when the table
// of every request (capped) did not keep the key.
type jsonTopBadKey struct {
	Key      string `json:"key"`
	Requests *int64 `json:"requests"`
	Bad      int64  `json:"bad"`
}

type jsonBots struct {
	Requests     int64        `json:"requests"`
	Bad          int64        `json:"bad"`
	ToolRequests int64        `json:"tool_requests"`
	ToolBad      int64        `json:"tool_bad"`
	Top          []jsonBotKey `json:"top"`
}

type jsonBotKey struct {
	Key      string `json:"key"`
	Kind     string `json:"kind"`
	Requests int64  `json:"requests"`
	Bad      int64  `json:"bad"`
}

// jsonKeySample is one bad line of an endpoint.
type jsonKeySample struct {
	Input string `json:"input"`
	Line  int64  `json:"line"`
	Text  string `json:"text"`
}

// jsonInsight holds the fields the report gains from aggregate.Insight;
// they are left out of summaries saved before slareport kept them.
type jsonInsight struct {
	Clients    *jsonTopTable `json:"clients,omitempty"`
	UserAgents *jsonTopTable `json:"user_agents,omitempty"`
	Referrers  *jsonTopTable `json:"referrers,omitempty"`
	Bots       *jsonBots     `json:"bots,omitempty"`
}

func insightJSON(in *aggregate.Insight) jsonInsight {
	if in == nil {
		return jsonInsight{}
	}
	b := &jsonBots{Requests: in.Bots.Requests, Bad: in.Bots.Bad, ToolRequests: in.Bots.ToolRequests,
		ToolBad: in.Bots.ToolBad, Top: []jsonBotKey{}}
	for _, k := range in.Bots.Top {
		b.Top = append(b.Top, jsonBotKey{Key: k.Name, Kind: k.Kind.String(), Requests: k.Requests, Bad: k.Bad})
	}
	return jsonInsight{Clients: topTableJSON(in.Clients), UserAgents: topTableJSON(in.UserAgents),
		Referrers: topTableJSON(in.Referrers), Bots: b}
}

func topTableJSON(t aggregate.TopTable) *jsonTopTable {
	keys := func(ks []aggregate.KeyStats) []jsonTopKey {
		out := []jsonTopKey{}
		for _, k := range ks {
			out = append(out, jsonTopKey{Key: visible([]byte(k.Key)), Requests: k.Requests, Bad: k.Bad})
		}
		return out
	}
	bad := []jsonTopBadKey{}
	for _, k := range t.TopBad {
		b := jsonTopBadKey{Key: visible([]byte(k.Key)), Bad: k.Bad}
		if k.RequestsKnown() {
			b.Requests = &k.Requests
		}
		bad = append(bad, b)
	}
	out := &jsonTopTable{Distinct: t.Distinct, Capped: t.Capped, Top: keys(t.Top), TopBad: bad, TopBadCapped: t.BadCapped}
	if t.Failing {
		out.BadRequests, out.BadDistinct = &t.BadRequests, &t.BadDistinct
	}
	return out
}

// keyCodesJSON is an endpoint's requests per status, keyed by the status as
// the report's codes are; nil for a key without codes.
func keyCodesJSON(codes map[int]int64) map[string]int64 {
	if codes == nil {
		return nil
	}
	out := make(map[string]int64, len(codes))
	for c, n := range codes {
		out[strconv.Itoa(c)] = n
	}
	return out
}

func keySamplesJSON(samples []aggregate.Sample) []jsonKeySample {
	if samples == nil {
		return nil
	}
	out := []jsonKeySample{}
	for _, s := range samples {
		out = append(out, jsonKeySample{Input: visible([]byte(s.Input)), Line: s.Line, Text: visible(s.Text)})
	}
	return out
}

// clientErrorsJSON lists the endpoints with the most 4xx, with their
// codes; nil without the insight.
func clientErrorsJSON(in *aggregate.Insight) []jsonKeyStats {
	if in == nil {
		return nil
	}
	out := []jsonKeyStats{}
	for _, k := range in.ClientErrors {
		e := keyStatsJSON(k)
		e.Samples = nil
		n := k.ClientErrors()
		e.ClientErrors = &n
		out = append(out, e)
	}
	return out
}
