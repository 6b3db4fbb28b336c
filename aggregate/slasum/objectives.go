package slasum

import (
	"strconv"

	"github.com/slareport/slareport/aggregate"
)

// The objectives of a state (version 4): one row per objective, its
// minutes and groups in the tables after it, in the objectives' order.
// objectivesKey holds the fingerprint of their SLO files; a file has the
// key, and the tables, exactly when it is version 4.
const objectivesKey = "slareport.objectives.print"

// objectiveRow is an objective's row: its name and window, what its
// groups' cap kept, and how many of the minute and group tables' rows
// that follow the previous objective's are its own.
type objectiveRow struct {
	aggregate.ObjectiveState
	minutes, groups int64
}

var objectiveTable = table[objectiveRow]{prefix: "objective", cols: []column[objectiveRow]{
	col("name", stringElem, func(o *objectiveRow) *string { return &o.Name }),
	col("start", int64Elem, func(o *objectiveRow) *int64 { return &o.Start }),
	col("end", int64Elem, func(o *objectiveRow) *int64 { return &o.End }),
	col("groups_limit", uint64Elem, func(o *objectiveRow) *uint64 { return &o.GroupsLimit }),
	col("other_requests", int64Elem, func(o *objectiveRow) *int64 { return &o.Other.Requests }),
	col("other_bad", int64Elem, func(o *objectiveRow) *int64 { return &o.Other.Bad }),
	col("minutes", int64Elem, func(o *objectiveRow) *int64 { return &o.minutes }),
	col("groups", int64Elem, func(o *objectiveRow) *int64 { return &o.groups }),
}}

var objectiveMinuteTable = table[aggregate.ObjectiveMinute]{prefix: "objective_minute", cols: []column[aggregate.ObjectiveMinute]{
	col("start", int64Elem, func(m *aggregate.ObjectiveMinute) *int64 { return &m.Start }),
	col("requests", int64Elem, func(m *aggregate.ObjectiveMinute) *int64 { return &m.Requests }),
	col("bad", int64Elem, func(m *aggregate.ObjectiveMinute) *int64 { return &m.Bad }),
}}

var objectiveGroupTable = table[aggregate.GroupCount]{prefix: "objective_group", cols: []column[aggregate.GroupCount]{
	col("key", stringElem, func(g *aggregate.GroupCount) *string { return &g.Key }),
	col("hash", uint64Elem, func(g *aggregate.GroupCount) *uint64 { return &g.Hash }),
	col("requests", int64Elem, func(g *aggregate.GroupCount) *int64 { return &g.Requests }),
	col("bad", int64Elem, func(g *aggregate.GroupCount) *int64 { return &g.Bad }),
}}

// objectivesMeta records the objectives' fingerprint and the span of the
// lines offered to them, and makes the file version 4.
func objectivesMeta(meta map[string]string, st *aggregate.State) {
	if st.ObjectivesPrint == "" {
		return
	}
	meta["slareport.version"] = strconv.Itoa(Version)
	meta[objectivesKey] = st.ObjectivesPrint
	seen := st.ObjectivesSeen
	meta["slareport.objectives.seen_valid"] = strconv.FormatBool(seen.Valid)
	meta["slareport.objectives.seen_first"] = strconv.FormatInt(seen.First, 10)
	meta["slareport.objectives.seen_last"] = strconv.FormatInt(seen.Last, 10)
}

func writeObjectives(b *builder, st *aggregate.State) {
	if st.ObjectivesPrint == "" {
		return
	}
	var rows []objectiveRow
	var minutes []aggregate.ObjectiveMinute
	var groups []aggregate.GroupCount
	for _, o := range st.Objectives {
		rows = append(rows, objectiveRow{ObjectiveState: o, minutes: int64(len(o.Minutes)), groups: int64(len(o.Groups))})
		minutes = append(minutes, o.Minutes...)
		groups = append(groups, o.Groups...)
	}
	objectiveTable.write(b, rows)
	objectiveMinuteTable.write(b, minutes)
	objectiveGroupTable.write(b, groups)
}

// objectives reads the objectives of a version 4 file.
func (r *reader) objectives(st *aggregate.State, version int) {
	i := r.meta.FindKey(objectivesKey)
	switch {
	case version < Version && i >= 0:
		r.fail("a version %d summary with objectives", version)
		return
	case version == Version && i < 0:
		r.fail("a version %d summary without its objectives", version)
		return
	case i < 0:
		return
	}
	st.ObjectivesPrint = r.meta.Values()[i]
	st.ObjectivesSeen = aggregate.Span{Valid: r.str("objectives.seen_valid") == "true",
		First: r.int("objectives.seen_first"), Last: r.int("objectives.seen_last")}
	rows := objectiveTable.read(r)
	minutes, groups := objectiveMinuteTable.read(r), objectiveGroupTable.read(r)
	if r.err != nil {
		return
	}
	st.Objectives = []aggregate.ObjectiveState{}
	var atM, atG int64
	for _, row := range rows {
		if row.minutes < 0 || row.minutes > int64(len(minutes))-atM || row.groups < 0 || row.groups > int64(len(groups))-atG {
			r.fail("objective %q claims %d minutes and %d groups", row.Name, row.minutes, row.groups)
			return
		}
		o := row.ObjectiveState
		o.Other.Key = aggregate.OtherKey
		o.Minutes = minutes[atM : atM+row.minutes : atM+row.minutes]
		o.Groups = groups[atG : atG+row.groups : atG+row.groups]
		atM, atG = atM+row.minutes, atG+row.groups
		st.Objectives = append(st.Objectives, o)
	}
	if atM != int64(len(minutes)) || atG != int64(len(groups)) {
		r.fail("objective minutes or groups belong to no objective")
	}
}
