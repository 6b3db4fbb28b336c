package slasum

import (
	"sort"
	"strconv"

	"github.com/slareport/slareport/aggregate"
)

// The tables of who sent the requests (aggregate.InsightState) and the
// endpoints' codes and bad lines came after the first layout. They are
// written when the state has them ("slareport.insight" is "true"), in
// columns of their own, which a slareport that predates them does not
// read: to it the file is the state without them, as it is to this one
// when they are missing.

const insightKey = "insight"

// insightTables are the state's tables of who sent the requests, by the
// name the topkey and seen tables and the limits give them.
func insightTables(in *aggregate.InsightState) []breakdown {
	return []breakdown{{"clients", &in.Clients}, {"user_agents", &in.Agents}, {"referrers", &in.Referrers}}
}

// failingKey marks a state with the tables of the bad requests' clients,
// agents and referrers (aggregate.InsightState.Failing), which came after
// the other insight tables: their keys are in a table of their own, which
// a slareport that predates them does not read.
const failingKey = "failing"

// failingTables are the state's failing tables, by the name their keys and
// limits give them.
func failingTables(fs *[3]aggregate.KeyTable) []breakdown {
	return []breakdown{{"failing_clients", &fs[0]}, {"failing_user_agents", &fs[1]}, {"failing_referrers", &fs[2]}}
}

// failKeyTable holds the keys of the failing tables, as topKeyTable holds
// those of the others.
var failKeyTable = table[keyRow]{prefix: "failkey", cols: topKeyTable.cols}

// topKeyTable holds the keys of the insight tables, each table's first
// row its OtherKey, as in the key table; they have no latency.
var topKeyTable = table[keyRow]{prefix: "topkey", cols: []column[keyRow]{
	col("table", stringElem, func(k *keyRow) *string { return &k.table }),
	col("key", stringElem, func(k *keyRow) *string { return &k.Key }),
	col("requests", int64Elem, func(k *keyRow) *int64 { return &k.Requests }),
	col("bad", int64Elem, func(k *keyRow) *int64 { return &k.Bad }),
	col("unjudged", int64Elem, func(k *keyRow) *int64 { return &k.Unjudged }),
}}

// seenRow is a table's distinct-key sketch.
type seenRow struct {
	table     string
	registers []byte
}

var seenTable = table[seenRow]{prefix: "seen", cols: []column[seenRow]{
	col("table", stringElem, func(s *seenRow) *string { return &s.table }),
	col("registers", binaryElem, func(s *seenRow) *[]byte { return &s.registers }),
}}

var botTable = table[aggregate.BotState]{prefix: "bot", cols: []column[aggregate.BotState]{
	col("name", stringElem, func(b *aggregate.BotState) *string { return &b.Name }),
	col("requests", int64Elem, func(b *aggregate.BotState) *int64 { return &b.Requests }),
	col("bad", int64Elem, func(b *aggregate.BotState) *int64 { return &b.Bad }),
}}

// keyCodeRow is the requests of one status at one endpoint.
type keyCodeRow struct {
	key      string
	status   int
	requests int64
}

var keyCodeTable = table[keyCodeRow]{prefix: "endpoint_code", cols: []column[keyCodeRow]{
	col("key", stringElem, func(c *keyCodeRow) *string { return &c.key }),
	statusCol("status", func(c *keyCodeRow) *int { return &c.status }),
	col("requests", int64Elem, func(c *keyCodeRow) *int64 { return &c.requests }),
}}

// keySampleRow is one bad line of an endpoint.
type keySampleRow struct {
	key string
	aggregate.StateSample
}

var keySampleTable = table[keySampleRow]{prefix: "endpoint_sample", cols: []column[keySampleRow]{
	col("key", stringElem, func(s *keySampleRow) *string { return &s.key }),
	intCol("input", func(s *keySampleRow) *int { return &s.Input }),
	col("line", int64Elem, func(s *keySampleRow) *int64 { return &s.Line }),
	col("text", binaryElem, func(s *keySampleRow) *[]byte { return &s.Text }),
}}

// writeInsight adds the insight's tables and metadata, when the state
// has them. The endpoints' (other) is keyed by the empty string, which no
// endpoint is.
func writeInsight(b *builder, st *aggregate.State, meta map[string]string) {
	in := st.Insight
	if in == nil {
		return
	}
	meta["slareport."+insightKey] = "true"
	var seen []seenRow
	for i, bd := range insightTables(in) {
		seen = append(seen, seenRow{bd.name, in.Seen[i]})
	}
	topKeyTable.write(b, limitedRows(insightTables(in), meta))
	if in.Failing != nil {
		meta["slareport."+failingKey] = "true"
		failKeyTable.write(b, limitedRows(failingTables(in.Failing), meta))
	}
	seenTable.write(b, seen)
	botTable.write(b, in.Bots)
	var codes []keyCodeRow
	var samples []keySampleRow
	each := func(k aggregate.KeyState) {
		for c := range 1000 {
			if n, ok := k.Codes[c]; ok {
				codes = append(codes, keyCodeRow{k.Key, c, n})
			}
		}
		for _, s := range k.Samples {
			samples = append(samples, keySampleRow{k.Key, s})
		}
	}
	each(aggregate.KeyState{Codes: st.Endpoints.Other.Codes, Samples: st.Endpoints.Other.Samples})
	for _, k := range st.Endpoints.Keys {
		each(k)
	}
	keyCodeTable.write(b, codes)
	keySampleTable.write(b, samples)
}

// readInsight reads the insight's tables, when the file has them, and
// gives the endpoints their codes and bad lines.
func (r *reader) readInsight(st *aggregate.State) {
	if i := r.meta.FindKey("slareport." + insightKey); i < 0 || r.meta.Values()[i] != "true" {
		return
	}
	in := &aggregate.InsightState{}
	at := map[string]int{}
	for i, bd := range insightTables(in) {
		at[bd.name] = i
	}
	r.shareKeys(r.limits(insightTables(in)), topKeyTable.read(r))
	if r.err != nil {
		return
	}
	r.readFailing(in)
	if r.err != nil {
		return
	}
	for _, s := range seenTable.read(r) {
		i, ok := at[s.table]
		if !ok || in.Seen[i] != nil {
			r.fail("sketch of table %q", s.table)
			return
		}
		in.Seen[i] = s.registers
	}
	in.Bots = botTable.read(r)
	r.endpointDetail(st)
	st.Insight = in
}

// endpointDetail shares the endpoint codes and bad lines out among the
// endpoints, by key.
func (r *reader) endpointDetail(st *aggregate.State) {
	byKey := map[string]*aggregate.KeyState{"": &st.Endpoints.Other}
	for i := range st.Endpoints.Keys {
		byKey[st.Endpoints.Keys[i].Key] = &st.Endpoints.Keys[i]
	}
	for _, c := range keyCodeTable.read(r) {
		k := byKey[c.key]
		if k == nil {
			r.fail("codes of unknown endpoint %q", c.key)
			return
		}
		if k.Codes == nil {
			k.Codes = map[int]int64{}
		}
		if _, dup := k.Codes[c.status]; dup {
			r.fail("status %d of endpoint %q twice", c.status, c.key)
			return
		}
		k.Codes[c.status] = c.requests
	}
	for _, s := range keySampleTable.read(r) {
		k := byKey[s.key]
		if k == nil {
			r.fail("bad line of unknown endpoint %q", s.key)
			return
		}
		k.Samples = append(k.Samples, s.StateSample)
	}
	for _, k := range byKey {
		sort.SliceStable(k.Samples, func(i, j int) bool {
			a, b := k.Samples[i], k.Samples[j]
			return a.Input < b.Input || a.Input == b.Input && a.Line < b.Line
		})
	}
}

// readFailing reads the failing tables, when the file has them.
func (r *reader) readFailing(in *aggregate.InsightState) {
	if i := r.meta.FindKey("slareport." + failingKey); i < 0 || r.meta.Values()[i] != "true" {
		return
	}
	in.Failing = &[3]aggregate.KeyTable{}
	r.shareKeys(r.limits(failingTables(in.Failing)), failKeyTable.read(r))
}

// limitedRows writes the hash limits of tables to meta and returns their
// keys (keyRows).
func limitedRows(tables []breakdown, meta map[string]string) []keyRow {
	for _, bd := range tables {
		meta["slareport."+bd.name+".limit"] = strconv.FormatUint(bd.t.Limit, 10)
	}
	return keyRows(tables)
}

// limits reads the hash limits of tables into them and returns them by
// name, for shareKeys.
func (r *reader) limits(tables []breakdown) map[string]*aggregate.KeyTable {
	byName := map[string]*aggregate.KeyTable{}
	for _, bd := range tables {
		lim, err := strconv.ParseUint(r.str(bd.name+".limit"), 10, 64)
		if err != nil {
			r.fail("%s limit is not a number", bd.name)
		}
		bd.t.Limit = lim
		byName[bd.name] = bd.t
	}
	return byName
}
