package slasum

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/slareport/slareport/aggregate"
)

// The reader keeps the first damage it finds as its error and reads on,
// so that the steps below need not check each other's results: a step
// stops early only where going on would index past what it read.

// fromRecord reads the state out of the file's one row.
func fromRecord(rec arrow.RecordBatch, h header) (*aggregate.State, error) {
	r := &reader{rec: rec, meta: rec.Schema().Metadata()}
	if err := r.matches(h); err != nil {
		return nil, err
	}
	st := &aggregate.State{Version: aggregate.StateVersion}
	r.settings(&st.Settings, h.version)
	for _, c := range stateCounts(st) {
		*c.n = r.int(c.key)
	}
	st.Inputs = inputTable.read(r)
	r.prints(st.Inputs, h.version)
	r.tallies(st)
	st.Samples = sampleTable.read(r)
	st.Minutes = minuteTable.read(r)
	keys := r.latencies(st)
	if r.err != nil {
		return nil, r.err
	}
	r.keys(st, keys)
	r.readInsight(st)
	r.statuses(st)
	r.dims(st)
	r.objectives(st, h.version)
	if r.err != nil {
		return nil, r.err
	}
	// The State's own checks (counts, sketches, limits) run here, so a
	// file that reads is a state that merges.
	if _, err := st.Summary(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotSlasum, err)
	}
	return st, nil
}

// matches checks that the footer's schema, which arrow reads, says what
// the opening one said.
func (r *reader) matches(h header) error {
	if r.str("format") != Format {
		return ErrNotSlasum
	}
	if v := r.int("version"); r.err == nil && v != int64(h.version) {
		return fmt.Errorf("%w: version %d in the footer, %d at the start", ErrNotSlasum, v, h.version)
	}
	if has := r.meta.FindKey(checksumKey) >= 0; has != h.checksum {
		return fmt.Errorf("%w: the footer and the start disagree on the checksum", ErrNotSlasum)
	}
	return nil
}

// settings reads the run's settings.
func (r *reader) settings(set *aggregate.Settings, version int) {
	var err error
	if set.Rule, err = aggregate.ParseRuleSpec(r.str("rule")); err != nil {
		r.fail("rule: %v", err)
	}
	if set.Zone, err = time.LoadLocation(r.str("zone")); err != nil {
		r.fail("unknown time zone %q", r.str("zone"))
	}
	set.Window = aggregate.Window{Since: r.time("window.since"), Until: r.time("window.until"), Label: r.str("window.label")}
	set.Bucket = r.int("bucket")
	if set.LatencyThreshold, err = strconv.ParseFloat(r.str("latency_threshold"), 64); err != nil {
		r.fail("latency threshold is not a number")
	}
	set.Samples = int(r.int("samples"))
	set.Routes = routeTable.read(r)
	r.filter(set, version)
}

// filter reads the run's filter: only a version 3 file has one, and it
// must (see filterKey).
func (r *reader) filter(set *aggregate.Settings, version int) {
	i := r.meta.FindKey(filterKey)
	switch {
	case version < filteredVersion && i >= 0:
		r.fail("a version %d summary with a filter", version)
	case version == filteredVersion && i < 0:
		r.fail("a version %d summary without its filter", version)
	case i >= 0:
		var err error
		if set.Filter, err = readFilter(r.meta.Values()[i]); err != nil {
			r.fail("%v", err)
		}
	}
}

// prints reads the inputs' fingerprints. A version 1 file has none: its
// inputs are unprinted.
func (r *reader) prints(inputs []aggregate.Input, version int) {
	if version < 2 {
		for i := range inputs {
			inputs[i].Unprinted = true
		}
		return
	}
	rest, all := inputPrintTable.fetch(r), printTable.fetch(r)
	prints := all.rows(r)
	rows := rest.rows(r, len(inputs))
	if len(rows) != len(inputs) || r.err != nil {
		return
	}
	at := 0
	for i, p := range rows {
		if p.prints < 0 || p.prints > int64(len(prints)-at) || p.level < 0 || p.level > 64 {
			r.fail("input %d claims %d fingerprints of level %d", i+1, p.prints, p.level)
			return
		}
		s := &inputs[i]
		s.Unprinted, s.PrintLevel = p.unprinted, int(p.level)
		s.Prints = append(s.Prints, prints[at:at+int(p.prints)]...)
		at += int(p.prints)
	}
	if at != len(prints) {
		r.fail("%d fingerprints belong to no input", len(prints)-at)
	}
}

// tallies reads the requests per status and the lines per reason.
func (r *reader) tallies(st *aggregate.State) {
	st.Codes = map[int]int64{}
	for _, e := range codeTable.read(r) {
		st.Codes[e.key] = e.n
	}
	st.Malformed = reasonMap(malformedTable.read(r))
	st.Filtered = reasonMap(filteredTable.read(r))
}

func reasonMap(rows []entry[string]) map[string]int64 {
	m := map[string]int64{}
	for _, e := range rows {
		m[e.key] = e.n
	}
	return m
}

// latencies reads the latency sketches and the rows they belong to, in
// order: the state, its buckets, the keys of its breakdowns. It returns
// the keys, each with its sketch, for keys to share out.
func (r *reader) latencies(st *aggregate.State) []keyRow {
	sketches := r.sketches()
	buckets := bucketTable.read(r)
	keys := keyTable.read(r)
	if r.err == nil && len(sketches) != 1+len(buckets)+len(keys) {
		r.fail("%d sketches for %d buckets and %d keys", len(sketches), len(buckets), len(keys))
	}
	if r.err != nil {
		return nil
	}
	st.Latency = sketches[0]
	for i := range buckets {
		buckets[i].Sketch = sketches[1+i]
	}
	st.LatencyBuckets = buckets
	for i := range keys {
		keys[i].Latency = sketches[1+len(buckets)+i]
	}
	return keys
}

// sketches reads the sketch table, sharing the bin table out among its
// rows.
func (r *reader) sketches() []aggregate.Sketch {
	rest, all := sketchTable.fetch(r), binTable.fetch(r)
	rows, bins := rest.rows(r), all.rows(r)
	var out []aggregate.Sketch
	at := 0
	for i, s := range rows {
		if s.bins < 0 || s.bins > int64(len(bins)-at) {
			r.fail("sketch %d claims %d bins", i, s.bins)
			return nil
		}
		k := s.Sketch
		for _, b := range bins[at : at+int(s.bins)] {
			if b.index < math.MinInt32 || b.index > math.MaxInt32 {
				r.fail("bin index %d", b.index)
				return nil
			}
			k.Bins = append(k.Bins, aggregate.SketchBin{Index: int32(b.index), Count: b.count})
		}
		at += int(s.bins)
		out = append(out, k)
	}
	if at != len(bins) {
		r.fail("%d bins belong to no sketch", len(bins)-at)
	}
	return out
}

// keys reads the breakdowns' limits, and shares the keys out among them.
func (r *reader) keys(st *aggregate.State, keys []keyRow) {
	tables := map[string]*aggregate.KeyTable{}
	for _, bd := range breakdowns(st) {
		lim, err := strconv.ParseUint(r.str(bd.name+".limit"), 10, 64)
		if err != nil {
			r.fail("%s limit is not a number", bd.name)
		}
		bd.t.Limit = lim
		tables[bd.name] = bd.t
	}
	r.shareKeys(tables, keys)
}

// shareKeys gives each key row to its table: the first row of a table is
// its (other), the rest its keys.
func (r *reader) shareKeys(tables map[string]*aggregate.KeyTable, keys []keyRow) {
	seen := map[string]bool{}
	for _, k := range keys {
		t := tables[k.table]
		if t == nil {
			r.fail("key of unknown table %q", k.table)
			return
		}
		if !seen[k.table] {
			seen[k.table] = true
			k.Key = ""
			t.Other = k.KeyState
			continue
		}
		t.Keys = append(t.Keys, k.KeyState)
	}
}

// statuses reads the requests per minute and status, when the state
// keeps them.
func (r *reader) statuses(st *aggregate.State) {
	if r.str("statuses") != "true" {
		return
	}
	if st.Statuses = statusTable.read(r); st.Statuses == nil {
		st.Statuses = []aggregate.StatusCount{}
	}
}

// dims reads the counts split by host and endpoint, when the state has
// them.
func (r *reader) dims(st *aggregate.State) {
	if r.meta.FindKey("slareport.dims") < 0 {
		return
	}
	names := r.str("dims")
	d, err := aggregate.ParseDims(strings.Split(names, ","))
	if err != nil || d == 0 {
		r.fail("dimensions %q", names)
		return
	}
	st.Dims, st.DimWidth = d, r.int("dim_width")
	if st.DimCounts = dimTable.read(r); st.DimCounts == nil {
		st.DimCounts = []aggregate.DimCount{}
	}
}

// reader takes the columns of the row by name.
type reader struct {
	rec  arrow.RecordBatch
	meta arrow.Metadata
	err  error
}

func (r *reader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: "+format, append([]any{ErrNotSlasum}, args...)...)
	}
}

// values returns the list of column name as its element array, sliced
// to the row.
func (r *reader) values(name string, want arrow.DataType) arrow.Array {
	idx := r.rec.Schema().FieldIndices(name)
	if len(idx) != 1 {
		r.fail("no column %q", name)
		return nil
	}
	l, ok := r.rec.Column(idx[0]).(*array.List)
	if !ok || !arrow.TypeEqual(l.DataType().(*arrow.ListType).Elem(), want) || l.IsNull(0) {
		r.fail("column %q is not a list of %s", name, want)
		return nil
	}
	start, end := l.ValueOffsets(0)
	v := array.NewSlice(l.ListValues(), start, end)
	if v.NullN() > 0 {
		r.fail("column %q has nulls", name)
	}
	return v
}

// has reports whether the file has the optional column name.
func (r *reader) has(name string) bool {
	return len(r.rec.Schema().FieldIndices(name)) > 0
}

// same checks that the columns of one table have one length.
func (r *reader) same(table string, lens ...int) int {
	for _, n := range lens[1:] {
		if n != lens[0] {
			r.fail("the %s columns differ in length", table)
			return 0
		}
	}
	return lens[0]
}

func (r *reader) str(key string) string {
	i := r.meta.FindKey("slareport." + key)
	if i < 0 {
		r.fail("no %q in the metadata", key)
		return ""
	}
	return r.meta.Values()[i]
}

func (r *reader) int(key string) int64 {
	n, err := strconv.ParseInt(r.str(key), 10, 64)
	if err != nil {
		r.fail("metadata %q is not a number", key)
	}
	return n
}

func (r *reader) time(key string) time.Time {
	s := r.str(key)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		r.fail("metadata %q is not a time", key)
	}
	return t
}
