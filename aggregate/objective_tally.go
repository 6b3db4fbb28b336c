package aggregate

// The objectives' counts once the workers are done: merged, sorted into
// plain data on the Summary, and kept in the State.

import (
	"slices"
	"sort"
)

// ObjectiveMinute is one minute of an objective's requests.
type ObjectiveMinute struct {
	Start         int64 // Unix seconds, a multiple of 60
	Requests, Bad int64
}

// GroupCount is the requests of one group of a grouped objective.
type GroupCount struct {
	Key           string
	Hash          uint64 // the key's hash, which decides whether the cap keeps it
	Requests, Bad int64
}

// ObjectiveCounts are what a run counted for one Objective: the requests
// in its window, minute by minute, and by group when it groups.
type ObjectiveCounts struct {
	Objective
	Minutes []ObjectiveMinute // ascending; minutes without requests absent
	// Groups are the groups kept under BreakdownCap, by key; Other holds
	// the requests of the groups the cap folded together (GroupsLimit is
	// the cap's hash limit, 0 when it never capped).
	Groups      []GroupCount
	Other       GroupCount
	GroupsLimit uint64
}

// objectiveCounts sorts a counter's totals into plain data, one entry
// per objective of list.
func objectiveCounts(c *objCounter, list []Objective) []ObjectiveCounts {
	out := make([]ObjectiveCounts, len(list))
	starts := make([]int64, 0, len(c.minutes))
	for start := range c.minutes {
		starts = append(starts, start)
	}
	slices.Sort(starts)
	for i := range out {
		out[i].Objective = list[i]
		for _, start := range starts {
			if cell := c.minutes[start][i]; cell.Requests > 0 {
				out[i].Minutes = append(out[i].Minutes, ObjectiveMinute{start, cell.Requests, cell.Bad})
			}
		}
		g := &c.groups[i]
		for key, k := range g.keys {
			out[i].Groups = append(out[i].Groups, GroupCount{Key: key, Hash: k.hash, Requests: k.requests, Bad: k.bad()})
		}
		sort.Slice(out[i].Groups, func(a, b int) bool { return out[i].Groups[a].Key < out[i].Groups[b].Key })
		out[i].Other = GroupCount{Key: OtherKey, Requests: g.other.requests, Bad: g.other.bad()}
		out[i].GroupsLimit = g.limit
	}
	return out
}

// load puts counts back into a counter, the way a State comes back into
// a tally. The counter's objectives must be those of counts, in order.
func (c *objCounter) load(counts []ObjectiveCounts) {
	for i, oc := range counts {
		for _, m := range oc.Minutes {
			cells := c.minute(m.Start)
			cells[i].Requests += m.Requests
			cells[i].Bad += m.Bad
		}
		part := breakdown{limit: oc.GroupsLimit}
		for _, g := range oc.Groups {
			if part.keys == nil {
				part.keys = map[string]*keyStat{}
			}
			k := &keyStat{hash: g.Hash, requests: g.Requests}
			k.by[verdictBad] = g.Bad
			part.keys[g.Key] = k
		}
		part.other.requests = oc.Other.Requests
		part.other.by[verdictBad] = oc.Other.Bad
		c.groups[i].merge(&part)
	}
	c.last, c.lastMin = nil, -1
}
