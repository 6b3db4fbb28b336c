package aggregate

import (
	"math"
	"sort"

	"github.com/slareport/slareport/parse"
)

// Who sent the requests: the top clients, user agents and referrers, and
// the robots among the user agents. Each table is a breakdown, so its
// memory is bounded by BreakdownCap and the keys it keeps are the same
// for any number of workers; beside it, a distinctSketch counts the keys
// it saw, kept or not. Every table keys on the bytes as logged, escapes
// and all, and hashes them with keyHash.
//
// Every request looks its three keys up, so this is on the hot path, and
// it is built to cost little more than a run without it (see
// insight_cache.go): the parser does not read the referer and user agent
// but hands back the raw rest of the line, which a direct-mapped cache
// maps to both keys' stats and the robot; a client is hashed, compared
// with the table's hash limit, and only then looked up.

// MaxKeyBytes bounds the bytes of a client, user agent or referrer that a
// table keys on: longer ones are cut, and classified by what is kept.
const MaxKeyBytes = 512

// insight is a worker's or a tally's tables of who sent the requests.
type insight struct {
	clients, agents, referrers breakdown
	seen                       [3]distinctSketch // of clients, agents, referrers
	bots                       []botCount        // by index in agents
	caches                     *insightCaches    // a worker's own, never merged; nil in a tally
	// cl is a worker's clients; merge moves them into clients, the
	// table a tally keeps.
	cl clientTable
	// failing are the clients, agents and referrers of the bad requests
	// alone, counted only on a bad request (countFailing). Bad requests
	// come from far fewer keys than requests do, so these tables keep
	// them all, and rank them exactly, where the tables of every request
	// keep a sample: the client that fails the most is in them even on a
	// site with millions of clients. noFailing says a merged summary
	// lacked them (saved before slareport kept them): the ranking by bad
	// requests then comes from the samples, as it did.
	failing   [3]breakdown
	noFailing bool
	// series is a worker's failing series, fails a tally's (see
	// failing_series.go); nil when not kept.
	series *failSeries
	fails  *failTally
}

// botCount is the requests of one robot of the agents table.
type botCount struct{ requests, bad int64 }

// untagged marks a cache slot whose user agent is not classified yet.
const untagged = -2

func newInsight() *insight {
	return &insight{bots: make([]botCount, len(agents))}
}

// newWorkerInsight returns the insight a worker counts in, with its caches.
func newWorkerInsight() *insight {
	in := newInsight()
	in.caches = newInsightCaches()
	return in
}

// countFields counts the user agent and referrer of a parser that reads
// them; the referer and user agent of a lean parser's line come as its raw
// tail instead (countTail). A worker counts each request's client with
// countClient and one of the two (partial.count); only a worker's insight,
// made by newWorkerInsight, counts.
func (in *insight) countFields(r *parse.Record, verdict uint8) {
	in.countAgent(in.caches, r.UserAgent, verdict)
	in.countReferer(in.caches, r.Referer, verdict)
}

// countAgent counts a request under its user agent and robot, and returns
// the agent's cache slot; nil for none.
func (in *insight) countAgent(c *insightCaches, key []byte, verdict uint8) *keySlot {
	if len(key) == 0 || isDash(key) {
		return nil
	}
	s := in.addKey(&in.agents, &c.agents, key, verdict, &in.seen[1])
	if s.tag == untagged {
		s.tag = int32(agentIndex(s.key))
	}
	in.countBot(s.tag, verdict)
	return s
}

// countReferer counts a request under its referrer, and returns the
// referrer's cache slot; nil for none.
func (in *insight) countReferer(c *insightCaches, key []byte, verdict uint8) *keySlot {
	if len(key) == 0 || isDash(key) {
		return nil
	}
	return in.addKey(&in.referrers, &c.referrers, key, verdict, &in.seen[2])
}

// countFailing counts a bad request under its client, user agent and
// referrer in the failing tables: the keys the tables of every request
// count it under, by the same rules (no "-", cut to MaxKeyBytes), read
// from the record's fields or its raw tail.
func (in *insight) countFailing(r *parse.Record) {
	ref, ua := r.Referer, r.UserAgent
	if len(r.Tail) > 0 {
		ref, ua = parse.SplitTail(r.Tail)
	}
	var stats [3]*keyStat
	for i, key := range [3][]byte{r.Remote, ua, ref} {
		if len(key) == 0 || isDash(key) {
			continue
		}
		key = key[:min(len(key), MaxKeyBytes)]
		stats[i] = in.failing[i].statHashed(key, keyHash(key))
		stats[i].count(verdictBad, -1)
	}
	if in.series != nil && r.HasTime {
		in.series.add(r.Time, r.Status, &stats, &in.failing)
	}
}

// countBot counts a request of the robot of index i in agents, if any.
func (in *insight) countBot(i int32, verdict uint8) {
	if i >= 0 {
		b := &in.bots[i]
		b.requests++
		if verdict == verdictBad {
			b.bad++
		}
	}
}

func isDash(b []byte) bool { return len(b) == 1 && b[0] == '-' }

func (in *insight) merge(o *insight) {
	o.flush()
	if o.cl.slots != nil {
		o.cl.into(&o.clients)
		o.cl = clientTable{}
	}
	in.clients.merge(&o.clients)
	in.agents.merge(&o.agents)
	in.referrers.merge(&o.referrers)
	for i := range in.seen {
		in.seen[i].merge(&o.seen[i])
	}
	for i, b := range o.bots {
		in.bots[i].requests += b.requests
		in.bots[i].bad += b.bad
	}
	if in.fails != nil {
		// A worker's series joins; anything else (a state, a saved
		// summary) has none, and the merged series would miss its
		// bad requests.
		if o.series != nil {
			in.fails.addWorker(o.series, &o.failing)
		} else {
			in.fails = nil
		}
	}
	for i := range in.failing {
		in.failing[i].merge(&o.failing[i])
	}
	in.noFailing = in.noFailing || o.noFailing
}

// Insight is who sent the requests, for the report.
type Insight struct {
	Clients    TopTable // by client address or host name, as logged
	UserAgents TopTable
	Referrers  TopTable // requests without one ("-") are left out
	Bots       Bots
	// ClientErrors are the endpoints with the most 4xx answers, with
	// their codes: what was not found, refused or rate-limited.
	ClientErrors []KeyStats
}

// TopTable is a table of the keys with the most requests.
type TopTable struct {
	// Distinct is the number of distinct keys seen: exact when the table
	// kept them all, else (Capped) an estimate within about 1%.
	Distinct int64
	// Capped says the table saw more keys than BreakdownCap and kept a
	// sample of them, chosen by a hash of the key.
	Capped bool
	Top    []KeyStats // by requests, at most TopKeys
	// TopBad are the keys with the most bad requests, at most TopKeys.
	// They come from a table of the bad requests alone, which keeps
	// every key unless more than BreakdownCap sent bad requests
	// (BadCapped): a key's Bad is then exact, and its Requests are those
	// of the table of every request, or -1 when that table did not keep
	// the key (RequestsKnown).
	TopBad    []KeyStats
	BadCapped bool
	// BadRequests are the bad requests with a key, and BadDistinct the
	// keys they came from: exact unless BadCapped, when it is estimated
	// from the sample (its keys over the share of hashes it keeps),
	// within about 3%.
	BadRequests, BadDistinct int64
	// Failing says TopBad, BadRequests and BadDistinct come from the
	// table of the bad requests. A summary saved before slareport kept
	// it has not: TopBad then comes from the sample of every request,
	// and the counts are 0.
	Failing bool
}

// RequestsKnown says a TopBad key's Requests are known: -1 says the table
// of every request did not keep it.
func (k KeyStats) RequestsKnown() bool { return k.Requests >= 0 }

// Bots are the requests of the robots ClassifyAgent knows.
type Bots struct {
	// Requests and Bad are those of crawlers and monitors, the requests
	// --exclude-bots leaves out.
	Requests, Bad int64
	// ToolRequests and ToolBad are those of tools, which it keeps.
	ToolRequests, ToolBad int64
	// Top lists every robot and tool that came, by requests.
	Top []BotStats
}

// BotStats are the requests of one robot.
type BotStats struct {
	Name          string
	Kind          AgentKind
	Requests, Bad int64
}

// result derives the report's tables.
func (in *insight) result(endpoints *breakdown) *Insight {
	failing := func(i int) *breakdown {
		if in.noFailing {
			return nil
		}
		return &in.failing[i]
	}
	out := &Insight{
		Clients:      in.clients.topTable(&in.seen[0], failing(0)),
		UserAgents:   in.agents.topTable(&in.seen[1], failing(1)),
		Referrers:    in.referrers.topTable(&in.seen[2], failing(2)),
		ClientErrors: endpoints.topClientErrors(),
	}
	for i, b := range in.bots {
		if b.requests == 0 {
			continue
		}
		a := &agents[i]
		out.Bots.Top = append(out.Bots.Top, BotStats{Name: a.name, Kind: a.kind, Requests: b.requests, Bad: b.bad})
		if a.kind.IsBot() {
			out.Bots.Requests += b.requests
			out.Bots.Bad += b.bad
		} else {
			out.Bots.ToolRequests += b.requests
			out.Bots.ToolBad += b.bad
		}
	}
	sort.SliceStable(out.Bots.Top, func(i, k int) bool {
		a, b := out.Bots.Top[i], out.Bots.Top[k]
		if a.Requests != b.Requests {
			return a.Requests > b.Requests
		}
		return a.Name < b.Name
	})
	return out
}

// topTable ranks a breakdown's kept keys by requests, and by bad requests
// the keys of failing, its table of the bad requests; with none (a summary
// saved before them), its own kept keys.
func (b *breakdown) topTable(seen *distinctSketch, failing *breakdown) TopTable {
	t := TopTable{Distinct: int64(len(b.keys)), Capped: b.limit != 0}
	if t.Capped {
		t.Distinct = max(seen.estimate(), int64(len(b.keys)))
	}
	all := make([]KeyStats, 0, len(b.keys))
	for key, s := range b.keys {
		all = append(all, KeyStats{Key: key, Requests: s.requests, Bad: s.bad(), Unjudged: s.unjudged()})
	}
	sort.Slice(all, func(i, k int) bool {
		if all[i].Requests != all[k].Requests {
			return all[i].Requests > all[k].Requests
		}
		return all[i].Key < all[k].Key
	})
	t.Top = all[:min(len(all), TopKeys)]
	if failing != nil {
		t.TopBad, t.BadCapped = failing.topFailing(b)
		t.BadRequests, t.BadDistinct, t.Failing = failing.total(), failing.distinctKeys(), true
		return t
	}
	var bad []KeyStats
	for _, k := range all {
		if k.Bad > 0 {
			bad = append(bad, k)
		}
	}
	sort.SliceStable(bad, func(i, k int) bool { return bad[i].Bad > bad[k].Bad })
	t.TopBad, t.BadCapped = bad[:min(len(bad), TopKeys)], t.Capped
	return t
}

// total is the requests a breakdown counted, kept or under other.
func (b *breakdown) total() int64 {
	n := b.other.requests
	for _, k := range b.keys {
		n += k.requests
	}
	return n
}

// distinctKeys is the number of distinct keys a breakdown saw: those it
// keeps, or when it capped, an estimate from them. It keeps every key
// whose hash is below its limit, a share limit/2^64 of all hashes, so
// the keys it keeps over that share estimate the keys it saw (adaptive
// sampling; about 1/sqrt(kept) standard error, at most 3.2% with the
// 1,000 or more it keeps after a shrink).
func (b *breakdown) distinctKeys() int64 {
	n := int64(len(b.keys))
	if b.limit == 0 {
		return n
	}
	return max(n, int64(math.Round(float64(n)*(0x1p64/float64(b.limit)))))
}

// topFailing ranks the keys of a failing table by bad requests, then
// requests, then key, as topTable ranks a sample's; each key's requests
// come from all, the table of every request, when it kept the key.
func (b *breakdown) topFailing(all *breakdown) ([]KeyStats, bool) {
	keys := make([]KeyStats, 0, len(b.keys))
	for key, s := range b.keys {
		k := KeyStats{Key: key, Requests: -1, Bad: s.requests}
		if a := all.keys[key]; a != nil {
			k.Requests, k.Unjudged = a.requests, a.unjudged()
		}
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, k int) bool {
		a, b := keys[i], keys[k]
		if a.Bad != b.Bad {
			return a.Bad > b.Bad
		}
		if a.Requests != b.Requests {
			return a.Requests > b.Requests
		}
		return a.Key < b.Key
	})
	return keys[:min(len(keys), TopKeys)], b.limit != 0
}
