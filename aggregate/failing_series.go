package aggregate

import (
	"cmp"
	"slices"
	"time"

	"github.com/slareport/slareport/reference"
)

// The failing series: the bad requests per bucket, status class and key
// of the failing tables (clients, user agents, referrers), so that an HTML
// report can name who failed within a selected time range and class, not
// only over the whole report. It is kept by a run that keeps per-status
// counts (Options.Statuses) and counted on bad requests alone, so a run
// pays for it only on the lines that failed.
//
// Its memory is bounded whatever the logs: the keys are those the failing
// tables keep (at most BreakdownCap each), and the buckets are coarse, at
// most about a hundred (failLadder), their width growing with the span a
// worker has seen, as the latency sketches' do. A key a failing table
// drops is counted under its other from then on. Where the buckets and
// keys end up depends only on the lines counted, so the series is the same
// for any number of workers.
//
// It is not saved: a summary that merges a state or saved summaries has
// none (FailingSeries returns nil), and a report then shows who failed
// over the whole report only.

// failLadder is the failing series' bucket width for a covered span: at
// most about a hundred buckets, each a whole number of the report's
// automatic buckets below it (1m, 5m, 1h, 1d), so a report's bucket lies
// within one of the series' when its width is automatic.
var failLadder = ladder{
	{2 * 3600, 60},
	{8 * 3600, 300},
	{4 * 86400, 3600},
	{96 * 86400, 86400},
	{0, 7 * 86400},
}

// failWidth returns the failing series' bucket width for a span.
func failWidth(span int64) int64 { return failLadder.width(span) }

// The tables of the failing series: FailingBucket.Table.
const (
	FailClients = iota
	FailAgents
	FailReferrers
	// FailAll counts every bad request of the bucket and class, with a key
	// or not: what the keys' counts are shares of.
	FailAll = -1
)

// allTable is a cell's table for all the bad requests (FailAll).
const allTable = 3

// failCell is a worker's count of bad requests in one bucket and class,
// under one key stat of a failing table (its other for a key it dropped),
// or, with allTable and a nil key, all of them.
type failCell struct {
	start int64
	class uint8
	table uint8
	key   *keyStat
}

// FailingSamples is the most bad lines the failing series keeps of each
// bucket and class: the first ones, by input and line.
const FailingSamples = 3

// failBucket is a bucket and class of the failing series, which keeps
// its first bad lines.
type failBucket struct {
	start int64
	class uint8
}

// failSeries is a worker's failing series.
type failSeries struct {
	width    int64
	bk       *bucketer
	span     Span
	keep     int64 // the span kept behind the latest time; 0: all of it
	cells    map[failCell]int64
	samples  map[failBucket][]Sample
	limits   [3]uint64 // the failing tables' limits when the cells last named their keys
	cur, end int64     // the bucket of the last request
}

func newFailSeries(loc *time.Location, keep int64) *failSeries {
	return &failSeries{width: failLadder[0].width, bk: newBucketer(failLadder[0].width, loc), keep: keep,
		cells: map[failCell]int64{}, samples: map[failBucket][]Sample{}, cur: 1}
}

// keptWidth is the width for a span of which only keep (when not 0) is
// kept.
func keptWidth(span Span, keep int64) int64 {
	d := span.Last - span.First
	if keep > 0 {
		d = min(d, keep)
	}
	return failWidth(d)
}

// endsBy reports whether the bucket of the time start ends by cut.
func endsBy(bk *bucketer, start, cut int64) bool {
	_, end := bk.bucket(start)
	return end <= cut
}

// dropSamples deletes the lines of the buckets that end by cut.
func dropSamples(samples map[failBucket][]Sample, bk *bucketer, cut int64) {
	for k := range samples {
		if endsBy(bk, k.start, cut) {
			delete(samples, k)
		}
	}
}

// addSample keeps a bad line of the given status at time t if it is among
// the first of its bucket and class. add has counted it first.
func (f *failSeries) addSample(t int64, status int, s Sample, text []byte) {
	k := failBucket{f.bk.startOf(t), uint8(reference.ClassOf(status))}
	f.samples[k] = keepSample(f.samples[k], s, text, FailingSamples)
}

// addSamples puts lists of samples together under the buckets bucket
// gives their starts, keeping the first FailingSamples of each.
func addSamples(into, from map[failBucket][]Sample, bucket func(int64) int64) {
	for k, list := range from {
		k.start = bucket(k.start)
		into[k] = mergeSamples(into[k], list, FailingSamples)
	}
}

// add counts a bad request at time t of the given status under its keys
// in the failing tables (nil for a key the request did not log).
func (f *failSeries) add(t int64, status int, keys *[3]*keyStat, failing *[3]breakdown) {
	for i := range failing {
		if failing[i].limit != f.limits[i] {
			f.fold(failing)
			break
		}
	}
	// Every time joins the span, so that the tally's span, and the width
	// it gives, are the same however the lines were split.
	f.span.add(t)
	if t < f.cur || t >= f.end {
		if w := keptWidth(f.span, f.keep); w > f.width {
			f.width, f.bk = w, newBucketer(w, f.bk.loc)
			f.rebucket()
		}
		if f.keep > 0 && f.span.Last-f.span.First > f.keep+f.width {
			// A live tally's feed that spans more than it keeps (a log
			// read from its start) holds only the buckets kept.
			cut := f.span.Last - f.keep
			for c := range f.cells {
				if endsBy(f.bk, c.start, cut) {
					delete(f.cells, c)
				}
			}
			dropSamples(f.samples, f.bk, cut)
			f.span.First = cut
		}
		f.cur, f.end = f.bk.bucket(t)
	}
	c := failCell{start: f.cur, class: uint8(reference.ClassOf(status)), table: allTable}
	f.cells[c]++
	for i, k := range keys {
		if k != nil {
			c.table, c.key = uint8(i), k
			f.cells[c]++
		}
	}
}

// rebucket moves every cell to the bucket of the current width that holds
// its start.
func (f *failSeries) rebucket() {
	out := make(map[failCell]int64, len(f.cells))
	for c, n := range f.cells {
		c.start = f.bk.startOf(c.start)
		out[c] += n
	}
	f.cells = out
	samples := make(map[failBucket][]Sample, len(f.samples))
	addSamples(samples, f.samples, f.bk.startOf)
	f.samples = samples
}

// fold moves the counts of keys the failing tables dropped to their other.
func (f *failSeries) fold(failing *[3]breakdown) {
	for i := range failing {
		f.limits[i] = failing[i].limit
	}
	out := make(map[failCell]int64, len(f.cells))
	for c, n := range f.cells {
		if c.table != allTable {
			c.key = failing[c.table].live(c.key)
		}
		out[c] += n
	}
	f.cells = out
}

// failName is a failing series' cell with its key named: what a tally
// keeps, merging workers whose key stats are their own.
type failName struct {
	start int64
	class uint8
	table uint8 // allTable: all bad requests
	key   string
	other bool // under the table's other
}

// failTally is a tally's failing series: the workers' cells, named, at
// the width of the span it has seen, which grows as a worker's does; so a
// live tally, which takes a partial per feed, keeps as few buckets as a
// run. FailingSeries rebuckets them at the width of the whole span, which
// no worker's or earlier width exceeds.
type failTally struct {
	cells   map[failName]int64
	samples map[failBucket][]Sample
	span    Span
	keep    int64 // a live tally's span kept; 0: all of it
	width   int64
	bk      *bucketer
}

func newFailTally(loc *time.Location, keep int64) *failTally {
	w := failLadder[0].width
	return &failTally{cells: map[failName]int64{}, samples: map[failBucket][]Sample{}, keep: keep, width: w, bk: newBucketer(w, loc)}
}

// grow coarsens the buckets to the width of the span kept, or to w, if
// either is wider: a worker's cells must fall within one bucket.
func (t *failTally) grow(w int64) {
	w = max(w, keptWidth(t.span, t.keep))
	if w <= t.width {
		return
	}
	t.width, t.bk = w, newBucketer(w, t.bk.loc)
	cells := make(map[failName]int64, len(t.cells))
	for c, n := range t.cells {
		c.start = t.bk.startOf(c.start)
		cells[c] += n
	}
	samples := make(map[failBucket][]Sample, len(t.samples))
	addSamples(samples, t.samples, t.bk.startOf)
	t.cells, t.samples = cells, samples
}

// prune drops the buckets that end by cut, as a live tally drops its
// minutes: what is left starts no earlier than the bucket holding cut.
func (t *failTally) prune(cut int64) {
	for c := range t.cells {
		if endsBy(t.bk, c.start, cut) {
			delete(t.cells, c)
		}
	}
	dropSamples(t.samples, t.bk, cut)
	if t.span.Valid && t.span.First < cut {
		t.span.First = min(cut, t.span.Last)
	}
}

// addWorker names a worker's cells with the keys of its failing tables.
func (t *failTally) addWorker(f *failSeries, failing *[3]breakdown) {
	f.fold(failing)
	var names [3]map[*keyStat]string
	for i := range failing {
		names[i] = failing[i].names()
	}
	t.span.merge(f.span)
	t.grow(f.width)
	for c, n := range f.cells {
		name := failName{start: t.bk.startOf(c.start), class: c.class, table: c.table}
		if c.table != allTable {
			if key, ok := names[c.table][c.key]; ok {
				name.key = key
			} else {
				name.other = true
			}
		}
		t.cells[name] += n
	}
	addSamples(t.samples, f.samples, t.bk.startOf)
}

// FailingBucket is the bad requests of one status class in one bucket of
// the failing series, under one key of a failing table.
type FailingBucket struct {
	Start, End int64 // [Start, End) in Unix seconds
	Class      int   // 1..5; 0: not a valid status
	// Table is FailClients, FailAgents or FailReferrers, or FailAll for
	// all the bad requests of the bucket and class, with a key or not.
	Table int
	Key   string // OtherKey for the keys the table did not keep; "" for FailAll
	Bad   int64
	// Samples are the first bad lines of the bucket and class, at most
	// FailingSamples, by input and line; FailAll's only.
	Samples []Sample
}

// FailingSeries returns the bad requests per bucket, class and key of the
// failing tables, at the width of the span kept (failLadder), by bucket,
// class, table and key; nil unless the run kept it (a run with per-status
// counts, not merged with a state or saved summaries).
func (s *Summary) FailingSeries() []FailingBucket {
	if s.tally == nil || s.tally.insight == nil || s.tally.insight.fails == nil {
		return nil
	}
	in := s.tally.insight
	t := in.fails
	// Never finer than the cells: a cell lies within one bucket.
	bk := newBucketer(max(keptWidth(t.span, t.keep), t.width), s.Zone)
	type key struct {
		start int64
		class uint8
		table int
		key   string
	}
	sum := map[key]*FailingBucket{}
	for c, n := range t.cells {
		start, end := bk.bucket(c.start)
		k := key{start: start, class: c.class, table: FailAll}
		if c.table != allTable {
			k.table, k.key = int(c.table), c.key
			// A key the tally's table dropped since, or one a worker
			// had dropped, is under other.
			if _, kept := in.failing[c.table].keys[c.key]; c.other || !kept {
				k.key = OtherKey
			}
		}
		b := sum[k]
		if b == nil {
			b = &FailingBucket{Start: start, End: end, Class: int(c.class), Table: k.table, Key: k.key}
			sum[k] = b
		}
		b.Bad += n
	}
	samples := map[failBucket][]Sample{}
	addSamples(samples, t.samples, bk.startOf)
	out := make([]FailingBucket, 0, len(sum))
	for _, b := range sum {
		if b.Table == FailAll {
			b.Samples = samples[failBucket{b.Start, uint8(b.Class)}]
		}
		out = append(out, *b)
	}
	slices.SortFunc(out, func(a, b FailingBucket) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.Class, b.Class),
			cmp.Compare(a.Table, b.Table), cmp.Compare(a.Key, b.Key))
	})
	return out
}
