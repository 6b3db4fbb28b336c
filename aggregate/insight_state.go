package aggregate

import (
	"errors"
	"fmt"
)

// InsightState is the mergeable form of the tables of who sent the
// requests: each table with its cap, the registers of its distinct-key
// sketch, and the requests of each robot.
type InsightState struct {
	Clients, Agents, Referrers KeyTable
	// Seen are the distinct-key sketches of Clients, Agents and
	// Referrers, in that order: 2^14 registers each, or none when the
	// table saw no key.
	Seen [3][]byte
	Bots []BotState // by name
	// Failing are the clients, agents and referrers of the bad requests
	// alone, in that order; nil in a state saved before slareport kept
	// them, which leaves the ranking by bad requests to the samples.
	Failing *[3]KeyTable
}

// BotState is the requests of one robot, by its name in the table
// ClassifyAgent reads.
type BotState struct {
	Name          string
	Requests, Bad int64
}

// state returns the insight as plain data; nil for none.
func (in *insight) state() *InsightState {
	if in == nil {
		return nil
	}
	st := &InsightState{Clients: keyTable(&in.clients), Agents: keyTable(&in.agents), Referrers: keyTable(&in.referrers)}
	for i := range in.seen {
		st.Seen[i] = in.seen[i].registers()
	}
	for i, b := range in.bots {
		if b.requests > 0 {
			st.Bots = append(st.Bots, BotState{Name: agents[i].name, Requests: b.requests, Bad: b.bad})
		}
	}
	if !in.noFailing {
		st.Failing = &[3]KeyTable{}
		for i := range in.failing {
			st.Failing[i] = keyTable(&in.failing[i])
		}
	}
	return st
}

// agentByName finds a robot of the table by its name.
var agentByName = func() map[string]int {
	m := map[string]int{}
	for i, a := range agents {
		m[a.name] = i
	}
	return m
}()

// loadInsight rebuilds the insight of a state; a state without one has
// none, and neither then do its endpoints' codes and lines count.
func (t *tally) loadInsight(st *State) error {
	if st.Insight == nil {
		t.dropInsight()
		return nil
	}
	in := newInsight()
	for i, kt := range []struct {
		name string
		src  KeyTable
		dst  *breakdown
	}{{"clients", st.Insight.Clients, &in.clients}, {"user agents", st.Insight.Agents, &in.agents},
		{"referrers", st.Insight.Referrers, &in.referrers}} {
		if err := kt.src.breakdownBy(kt.dst, nil, keyHash); err != nil {
			return fmt.Errorf("%s: %w", kt.name, err)
		}
		var err error
		if in.seen[i], err = sketchFromRegisters(st.Insight.Seen[i]); err != nil {
			return fmt.Errorf("%s: %w", kt.name, err)
		}
	}
	for _, b := range st.Insight.Bots {
		i, ok := agentByName[b.Name]
		if !ok {
			return fmt.Errorf("bots: unknown robot %q", b.Name)
		}
		if b.Requests <= 0 || b.Bad < 0 || b.Bad > b.Requests || b.Requests > maxCount || in.bots[i].requests != 0 {
			return fmt.Errorf("bots: impossible counts of %q", b.Name)
		}
		in.bots[i] = botCount{b.Requests, b.Bad}
	}
	if err := in.loadFailing(st.Insight.Failing); err != nil {
		return err
	}
	t.insight = in
	return nil
}

// loadFailing rebuilds the failing tables, or notes that the state has
// none. Every request a failing table holds is bad, and each table holds
// the bad requests of the table of every request beside it, key by key:
// a state whose tables disagree is refused.
func (in *insight) loadFailing(fs *[3]KeyTable) error {
	if fs == nil {
		in.noFailing = true
		return nil
	}
	for i, all := range []*breakdown{&in.clients, &in.agents, &in.referrers} {
		name := [3]string{"clients", "user agents", "referrers"}[i]
		f := &in.failing[i]
		if err := fs[i].breakdownBy(f, nil, keyHash); err != nil {
			return fmt.Errorf("failing %s: %w", name, err)
		}
		// Only a table that capped has requests under other.
		ok := f.other.bad() == f.other.requests && f.other.unjudged() == 0 && (f.limit != 0 || f.other.requests == 0)
		for key, k := range f.keys {
			// A key the table of every request kept, or would have kept
			// (it has not capped), has there the same bad requests.
			a := all.keys[key]
			if k.bad() != k.requests || k.unjudged() != 0 || k.requests == 0 ||
				a != nil && a.bad() != k.requests || a == nil && all.limit == 0 {
				ok = false
			}
		}
		if want := all.other.bad() + sumBad(all); !ok || f.total() != want {
			return fmt.Errorf("failing %s do not add up to the bad requests of %s", name, name)
		}
	}
	return nil
}

// sumBad is the bad requests of a breakdown's kept keys.
func sumBad(b *breakdown) int64 {
	var n int64
	for _, k := range b.keys {
		n += k.bad()
	}
	return n
}

// loadDetail takes a key's codes and bad lines, refusing codes that do
// not add up to its requests and lines of no input.
func (k *keyStat) loadDetail(ks KeyState, inputs []Input) error {
	var sum int64
	for c, n := range ks.Codes {
		if c < 0 || c > 999 || n <= 0 || n > maxCount {
			return fmt.Errorf("impossible count %d of status %d", n, c)
		}
		sum += n
		k.addCodes(c, n)
	}
	k.sortCodes()
	if len(ks.Codes) > 0 && sum != ks.Requests {
		return errors.New("codes do not add up to the requests")
	}
	if len(ks.Samples) > EndpointSamples {
		return fmt.Errorf("%d bad lines, at most %d kept", len(ks.Samples), EndpointSamples)
	}
	for _, smp := range ks.Samples {
		if smp.Input < 0 || smp.Input >= len(inputs) || len(smp.Text) > SampleBytes || smp.Line < 1 {
			return errors.New("a bad line names no input or is too long")
		}
		k.samples = append(k.samples, Sample{Input: inputs[smp.Input].Name, Line: smp.Line, Text: smp.Text, order: smp.Input})
	}
	sortSamples(k.samples)
	return nil
}
