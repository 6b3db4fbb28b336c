package slasum

import (
	"fmt"

	"github.com/slareport/slareport/aggregate"
)

// The tables of a summary, in the order Write writes them. Each is the
// one list of its columns, which Write writes and Read reads.

var routeTable = table[aggregate.Route]{prefix: "route", cols: []column[aggregate.Route]{
	field("pattern", stringElem, func(rt *aggregate.Route) string { return rt.String() },
		func(rt *aggregate.Route, p string) (err error) {
			if *rt, err = aggregate.ParseRoute(p); err != nil {
				return fmt.Errorf("route: %v", err)
			}
			return nil
		}),
}}

var inputTable = table[aggregate.Input]{prefix: "input", row: "input", cols: []column[aggregate.Input]{
	col("name", stringElem, func(in *aggregate.Input) *string { return &in.Name }),
	col("compression", stringElem, func(in *aggregate.Input) *string { return &in.Compression }),
	col("format", stringElem, func(in *aggregate.Input) *string { return &in.Format }),
	col("format_title", stringElem, func(in *aggregate.Input) *string { return &in.FormatTitle }),
	col("detected", boolElem, func(in *aggregate.Input) *bool { return &in.Detected }),
	intCol("sampled", func(in *aggregate.Input) *int { return &in.Sampled }),
	intCol("matched", func(in *aggregate.Input) *int { return &in.Matched }),
	col("lines_read", int64Elem, func(in *aggregate.Input) *int64 { return &in.Lines.Read }),
	col("lines_parsed", int64Elem, func(in *aggregate.Input) *int64 { return &in.Lines.Parsed }),
	col("lines_malformed", int64Elem, func(in *aggregate.Input) *int64 { return &in.Lines.Malformed }),
	col("lines_filtered", int64Elem, func(in *aggregate.Input) *int64 { return &in.Lines.Filtered }),
	col("span_valid", boolElem, func(in *aggregate.Input) *bool { return &in.Span.Valid }),
	col("span_first", int64Elem, func(in *aggregate.Input) *int64 { return &in.Span.First }),
	col("span_last", int64Elem, func(in *aggregate.Input) *int64 { return &in.Span.Last }),
	field("head_sha256", binaryElem, func(in *aggregate.Input) []byte { return in.Source.Head[:] },
		func(in *aggregate.Input, h []byte) error {
			if len(h) != len(in.Source.Head) {
				return fmt.Errorf("head hash of %d bytes", len(h))
			}
			copy(in.Source.Head[:], h)
			return nil
		}),
	intCol("head_bytes", func(in *aggregate.Input) *int { return &in.Source.HeadLen }),
	col("offset", int64Elem, func(in *aggregate.Input) *int64 { return &in.Source.Offset }),
	col("end", int64Elem, func(in *aggregate.Input) *int64 { return &in.Source.End }),
	col("lines_before", int64Elem, func(in *aggregate.Input) *int64 { return &in.Source.Lines }),
	col("dev", uint64Elem, func(in *aggregate.Input) *uint64 { return &in.Source.Dev }),
	col("inode", uint64Elem, func(in *aggregate.Input) *uint64 { return &in.Source.Inode }),
	// An object's version and stored size, for --state over a bucket.
	sparseStringCol("etag", func(in *aggregate.Input) *string { return &in.Source.ETag }),
	sparseCol("stored_bytes", func(in *aggregate.Input) *int64 { return &in.Source.Stored }),
}}

// printsRow is the rest of an input's row, from version 2 on: what the
// input says of its fingerprints, and how many of the print table's rows
// that follow the previous input's are its own.
type printsRow struct {
	unprinted     bool
	level, prints int64
}

var inputPrintTable = table[printsRow]{prefix: "input", cols: []column[printsRow]{
	col("unprinted", boolElem, func(p *printsRow) *bool { return &p.unprinted }),
	col("print_level", int64Elem, func(p *printsRow) *int64 { return &p.level }),
	col("prints", int64Elem, func(p *printsRow) *int64 { return &p.prints }),
}}

var printTable = table[aggregate.Fingerprint]{prefix: "print", cols: []column[aggregate.Fingerprint]{
	col("time", int64Elem, func(f *aggregate.Fingerprint) *int64 { return &f.Time }),
	col("hash", uint64Elem, func(f *aggregate.Fingerprint) *uint64 { return &f.Hash }),
}}

// entry is one key of a map of counts.
type entry[K any] struct {
	key K
	n   int64
}

var codeTable = table[entry[int]]{prefix: "code", cols: []column[entry[int]]{
	statusCol("status", func(e *entry[int]) *int { return &e.key }),
	col("requests", int64Elem, func(e *entry[int]) *int64 { return &e.n }),
}}

var malformedTable, filteredTable = reasonTable("malformed"), reasonTable("filtered")

// reasonTable is the table of lines per reason, of malformed or filtered
// lines.
func reasonTable(prefix string) table[entry[string]] {
	return table[entry[string]]{prefix: prefix, cols: []column[entry[string]]{
		col("reason", stringElem, func(e *entry[string]) *string { return &e.key }),
		col("lines", int64Elem, func(e *entry[string]) *int64 { return &e.n }),
	}}
}

var sampleTable = table[aggregate.StateSample]{prefix: "sample", cols: []column[aggregate.StateSample]{
	intCol("input", func(s *aggregate.StateSample) *int { return &s.Input }),
	col("line", int64Elem, func(s *aggregate.StateSample) *int64 { return &s.Line }),
	col("reason", stringElem, func(s *aggregate.StateSample) *string { return &s.Reason }),
	col("text", binaryElem, func(s *aggregate.StateSample) *[]byte { return &s.Text }),
}}

var minuteTable = table[aggregate.Slice]{prefix: "minute", cols: []column[aggregate.Slice]{
	col("start", int64Elem, func(m *aggregate.Slice) *int64 { return &m.Start }),
	col("1xx", int64Elem, func(m *aggregate.Slice) *int64 { return &m.Classes[0] }),
	col("2xx", int64Elem, func(m *aggregate.Slice) *int64 { return &m.Classes[1] }),
	col("3xx", int64Elem, func(m *aggregate.Slice) *int64 { return &m.Classes[2] }),
	col("4xx", int64Elem, func(m *aggregate.Slice) *int64 { return &m.Classes[3] }),
	col("5xx", int64Elem, func(m *aggregate.Slice) *int64 { return &m.Classes[4] }),
	col("invalid", int64Elem, func(m *aggregate.Slice) *int64 { return &m.Invalid }),
	col("bad", int64Elem, func(m *aggregate.Slice) *int64 { return &m.Bad }),
	col("timed", int64Elem, func(m *aggregate.Slice) *int64 { return &m.Timed }),
	col("fast", int64Elem, func(m *aggregate.Slice) *int64 { return &m.Fast }),
}}

// The latency sketch of each bucket is in the sketch table.
var bucketTable = table[aggregate.BucketSketch]{prefix: "latency_bucket", cols: []column[aggregate.BucketSketch]{
	col("start", int64Elem, func(b *aggregate.BucketSketch) *int64 { return &b.Start }),
}}

// keyRow is a key of a breakdown: table names the breakdown, as
// breakdowns does. A breakdown's first row is its OtherKey; the keys'
// latency sketches are in the sketch table.
type keyRow struct {
	table string
	aggregate.KeyState
}

var keyTable = table[keyRow]{prefix: "key", cols: []column[keyRow]{
	col("table", stringElem, func(k *keyRow) *string { return &k.table }),
	col("key", stringElem, func(k *keyRow) *string { return &k.Key }),
	col("requests", int64Elem, func(k *keyRow) *int64 { return &k.Requests }),
	col("bad", int64Elem, func(k *keyRow) *int64 { return &k.Bad }),
	sparseCol("unjudged", func(k *keyRow) *int64 { return &k.Unjudged }),
}}

// sketchRow is a latency sketch without its bins, which are the next
// bins rows of the bin table. The sketches are the state's Latency, then
// those of LatencyBuckets, then those of the keys of the key table.
type sketchRow struct {
	aggregate.Sketch
	bins int64
}

var sketchTable = table[sketchRow]{prefix: "sketch", cols: []column[sketchRow]{
	col("zero", int64Elem, func(s *sketchRow) *int64 { return &s.Zero }),
	col("max", float64Elem, func(s *sketchRow) *float64 { return &s.Max }),
	col("bins", int64Elem, func(s *sketchRow) *int64 { return &s.bins }),
}}

// binRow is an aggregate.SketchBin as written; its index is checked as the
// bins are shared out among the sketches.
type binRow struct{ index, count int64 }

var binTable = table[binRow]{prefix: "bin", cols: []column[binRow]{
	col("index", int64Elem, func(b *binRow) *int64 { return &b.index }),
	col("count", int64Elem, func(b *binRow) *int64 { return &b.count }),
}}

// The status table is read only when the metadata says the state has
// statuses (slareport.statuses).
var statusTable = table[aggregate.StatusCount]{prefix: "status", cols: []column[aggregate.StatusCount]{
	col("minute", int64Elem, func(c *aggregate.StatusCount) *int64 { return &c.Minute }),
	statusCol("status", func(c *aggregate.StatusCount) *int { return &c.Status }),
	col("requests", int64Elem, func(c *aggregate.StatusCount) *int64 { return &c.Requests }),
}}

// The dim table is written only when the state splits its counts by host
// or endpoint (slareport.dims).
var dimTable = table[aggregate.DimCount]{prefix: "dim", cols: []column[aggregate.DimCount]{
	col("start", int64Elem, func(c *aggregate.DimCount) *int64 { return &c.Start }),
	statusCol("status", func(c *aggregate.DimCount) *int { return &c.Status }),
	col("host", stringElem, func(c *aggregate.DimCount) *string { return &c.Host }),
	col("endpoint", stringElem, func(c *aggregate.DimCount) *string { return &c.Endpoint }),
	col("requests", int64Elem, func(c *aggregate.DimCount) *int64 { return &c.Requests }),
}}

// breakdown is one of the state's key tables, by the name the key table
// and the metadata ("slareport.endpoints.limit") give it.
type breakdown struct {
	name string
	t    *aggregate.KeyTable
}

// breakdowns are the state's key tables, in the order they are written.
func breakdowns(st *aggregate.State) []breakdown {
	return []breakdown{{"endpoints", &st.Endpoints}, {"hosts", &st.Hosts}, {"upstreams", &st.Upstreams}}
}

// counter is one of the state's scalar counts, a metadata value under
// "slareport." and its key.
type counter struct {
	key string
	n   *int64
}

// stateCounts are the state's scalar counts, in the order Read reads
// them.
func stateCounts(st *aggregate.State) []counter {
	return []counter{{"untimed", &st.Untimed}, {"bad_time", &st.BadTimes}, {"timed", &st.Timed},
		{"fast", &st.Fast}, {"recovered", &st.Recovered}, {"latency_width", &st.LatencyWidth}}
}
