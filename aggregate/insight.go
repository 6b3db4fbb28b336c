package aggregate

import (
	"encoding/binary"
	"math/bits"
	"sort"

	"github.com/slareport/slareport/parse"
)

// Who sent the requests: the top clients, user agents and referrers, and
// the robots among the user agents. Each table is a breakdown, so its
// memory is bounded by BreakdownCap and the keys it keeps are the same
// for any number of workers; beside it, a distinctSketch counts the keys
// it saw, kept or not.
//
// Every request looks its three keys up, so each table has a
// direct-mapped cache in front of its map, as endpoints have: a key seen
// before is found by a hash of a few of its words and one comparison,
// and only a key the cache does not hold is hashed whole, added to the
// distinct sketch (adding a key twice changes nothing there) and, for a
// user agent, classified.

// MaxKeyBytes bounds the bytes of a client, user agent or referrer that a
// table keys on: longer ones are cut, and classified by what is kept.
const MaxKeyBytes = 512

// insight is a worker's or a tally's tables of who sent the requests.
type insight struct {
	clients, agents, referrers breakdown
	cache                      [3]keyCache       // not merged: a worker's own
	seen                       [3]distinctSketch // of clients, agents, referrers
	bots                       []botCount        // by index in agents
}

// botCount is the requests of one robot of the agents table.
type botCount struct{ requests, bad int64 }

// untagged marks a cache slot whose user agent is not classified yet.
const untagged = -2

func newInsight() *insight {
	return &insight{bots: make([]botCount, len(agents))}
}

// count folds one request's client, user agent and referrer in.
func (in *insight) count(r *parse.Record, verdict uint8) {
	if key := r.Remote; len(key) > 0 && !isDash(key) {
		in.clients.addKey(&in.cache[0], key, verdict, &in.seen[0])
	}
	if key := r.UserAgent; len(key) > 0 && !isDash(key) {
		key = key[:min(len(key), MaxKeyBytes)]
		s := in.agents.addKey(&in.cache[1], key, verdict, &in.seen[1])
		if s.tag == untagged {
			s.tag = int32(agentIndex(key))
		}
		if s.tag >= 0 {
			b := &in.bots[s.tag]
			b.requests++
			if verdict == verdictBad {
				b.bad++
			}
		}
	}
	if key := r.Referer; len(key) > 0 && !isDash(key) {
		in.referrers.addKey(&in.cache[2], key, verdict, &in.seen[2])
	}
}

func isDash(b []byte) bool { return len(b) == 1 && b[0] == '-' }

// addKey counts a request under key, cut to MaxKeyBytes, and returns the
// key's cache slot; a key the cache did not hold is added to seen.
func (b *breakdown) addKey(c *keyCache, key []byte, verdict uint8, seen *distinctSketch) *keySlot {
	if len(key) > MaxKeyBytes {
		key = key[:MaxKeyBytes]
	}
	h := quickHash(key)
	s := c.slot(h)
	if s.hash != h || s.k == nil || string(s.key) != string(key) || s.limit != b.limit {
		fh := fnv64(key)
		seen.add(fh)
		s.hash, s.key, s.k, s.tag = h, append(s.key[:0], key...), b.statHashed(key, fh), untagged
		s.limit = b.limit
	}
	s.k.count(verdict, -1)
	return s
}

// keyCache is a direct-mapped cache of a top table's keys: the slot of a
// key's quickHash holds the key and its stats. A slot's key buffer is
// reused, so a miss allocates nothing once the cache is warm.
type keyCache struct {
	slots []keySlot
}

type keySlot struct {
	hash uint64
	key  []byte
	k    *keyStat
	// limit is the breakdown's hash limit when the slot was filled: a
	// shrink that folds keys away always lowers it, so a slot of another
	// limit may point at a folded key.
	limit uint64
	tag   int32 // a user agent's index in agents, -1 for none, or untagged
}

// keyCacheBits sizes the cache: 4096 slots.
const keyCacheBits = 12

func (c *keyCache) slot(h uint64) *keySlot {
	if c.slots == nil {
		c.slots = make([]keySlot, 1<<keyCacheBits)
	}
	return &c.slots[h>>(64-keyCacheBits)]
}

// quickHash picks a cache slot for a key by its length and five of its
// words: cheap for a 200-byte user agent, and a key it confuses with
// another only costs a miss, since the slot holds the key to compare.
func quickHash(b []byte) uint64 {
	n := len(b)
	if n <= 8 {
		return mix(hashMul^uint64(n), shortWord(b))
	}
	le := binary.LittleEndian
	w, v := le.Uint64(b), le.Uint64(b[n-8:])
	if n > 16 {
		w ^= bits.RotateLeft64(le.Uint64(b[n/4:]), 17)
		v ^= bits.RotateLeft64(le.Uint64(b[n/2-4:]), 29) ^ bits.RotateLeft64(le.Uint64(b[n-n/4-8:]), 41)
	}
	return mix(mix(hashMul^uint64(n), w), v)
}

func (in *insight) merge(o *insight) {
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
	TopBad []KeyStats // by bad requests, those with any, at most TopKeys
}

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
	out := &Insight{
		Clients:      in.clients.topTable(&in.seen[0]),
		UserAgents:   in.agents.topTable(&in.seen[1]),
		Referrers:    in.referrers.topTable(&in.seen[2]),
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

// topTable ranks a breakdown's kept keys by requests and by bad requests.
func (b *breakdown) topTable(seen *distinctSketch) TopTable {
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
	var bad []KeyStats
	for _, k := range all {
		if k.Bad > 0 {
			bad = append(bad, k)
		}
	}
	sort.SliceStable(bad, func(i, k int) bool { return bad[i].Bad > bad[k].Bad })
	t.TopBad = bad[:min(len(bad), TopKeys)]
	return t
}
