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
	t.insight = in
	return nil
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
