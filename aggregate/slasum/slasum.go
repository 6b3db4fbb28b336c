// Package slasum stores an aggregate.State as a .slasum file: an Arrow IPC
// file, so that summaries made on many hosts can be shipped, merged, and
// read by any Arrow tool (pyarrow.ipc.open_file), not only by slareport.
//
// The file holds one record batch of one row. The run's settings and
// scalar counts are schema metadata (keys "slareport.*"); every table of
// the state is a set of list columns of equal length sharing a prefix
// ("minute.start", "minute.bad", ...), struct-of-arrays style, with
// nested lists (sketch bins) flattened behind a count column. A file comes
// from another host and is read as hostile: its size, every allocation it
// asks for and every value are bounded, and damage is an error, never a
// panic.
//
// Parts added after the first layout are optional, so that every file
// still reads: the counts split by host and endpoint ("slareport.dims",
// "slareport.dim_width" and the dim.* columns) are written only when the
// state has them, and a file without them is a state without them. An
// older slareport reads such a file as the state without its split, which
// is what it is to that version. Likewise the breakdown keys' requests
// without a valid status ("key.unjudged") are written only when some key
// has one; without the column every key has none.
package slasum

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/ingest"
)

// Format names the layout in the file's metadata.
const Format = "slareport.slasum"

// Version is the layout Write writes. Version 2 added the checksum and
// the inputs' line fingerprints. Read reads version 1 as well: such a file
// has no checksum, so damage to it cannot be detected (Info.Checked is
// false), and its inputs have no fingerprints (aggregate.Input.Unprinted).
const Version = 2

// MaxFileBytes bounds what Read accepts. A month of a busy site is a few
// megabytes; a gigabyte is not a summary.
const MaxFileBytes = 1 << 30

// ErrNotSlasum is wrapped by Read's error for input that is not a .slasum
// file at all, or one of another version.
var ErrNotSlasum = errors.New("not a slareport summary")

// Write writes st as a zstd-compressed Arrow IPC file, with its checksum.
func Write(w io.Writer, st *aggregate.State) error {
	mem := memory.NewGoAllocator()
	b := &builder{mem: mem}
	set := st.Settings
	meta := map[string]string{
		"slareport.format":            Format,
		"slareport.version":           strconv.Itoa(Version),
		checksumKey:                   placeholder,
		"slareport.rule":              set.Rule.String(),
		"slareport.zone":              set.Zone.String(),
		"slareport.window.label":      set.Window.Label,
		"slareport.window.since":      timeText(set.Window.Since),
		"slareport.window.until":      timeText(set.Window.Until),
		"slareport.bucket":            strconv.FormatInt(set.Bucket, 10),
		"slareport.latency_threshold": strconv.FormatFloat(set.LatencyThreshold, 'g', -1, 64),
		"slareport.samples":           strconv.Itoa(set.Samples),
		"slareport.untimed":           strconv.FormatInt(st.Untimed, 10),
		"slareport.bad_time":          strconv.FormatInt(st.BadTimes, 10),
		"slareport.recovered":         strconv.FormatInt(st.Recovered, 10),
		"slareport.timed":             strconv.FormatInt(st.Timed, 10),
		"slareport.fast":              strconv.FormatInt(st.Fast, 10),
		"slareport.latency_width":     strconv.FormatInt(st.LatencyWidth, 10),
		"slareport.statuses":          strconv.FormatBool(st.Statuses != nil),
	}
	var routes []string
	for _, r := range set.Routes {
		routes = append(routes, r.String())
	}
	b.strings("route.pattern", routes)

	var in struct {
		name, comp, format, title []string
		detected, valid           []bool
		sampled, matched          []int64
		read, parsed, bad, filt   []int64
		first, last               []int64
		head                      [][]byte
		headLen                   []int64
		offset, end, lines        []int64
		dev, inode                []uint64
		unprinted                 []bool
		level, prints, printTime  []int64
		printHash                 []uint64
	}
	for _, x := range st.Inputs {
		in.name = append(in.name, x.Name)
		in.comp = append(in.comp, x.Compression)
		in.format = append(in.format, x.Format)
		in.title = append(in.title, x.FormatTitle)
		in.detected = append(in.detected, x.Detected)
		in.sampled = append(in.sampled, int64(x.Sampled))
		in.matched = append(in.matched, int64(x.Matched))
		in.read = append(in.read, x.Lines.Read)
		in.parsed = append(in.parsed, x.Lines.Parsed)
		in.bad = append(in.bad, x.Lines.Malformed)
		in.filt = append(in.filt, x.Lines.Filtered)
		in.valid = append(in.valid, x.Span.Valid)
		in.first = append(in.first, x.Span.First)
		in.last = append(in.last, x.Span.Last)
		in.head = append(in.head, x.Source.Head[:])
		in.headLen = append(in.headLen, int64(x.Source.HeadLen))
		in.offset = append(in.offset, x.Source.Offset)
		in.end = append(in.end, x.Source.End)
		in.lines = append(in.lines, x.Source.Lines)
		in.dev = append(in.dev, x.Source.Dev)
		in.inode = append(in.inode, x.Source.Inode)
		in.unprinted = append(in.unprinted, x.Unprinted)
		in.level = append(in.level, int64(x.PrintLevel))
		in.prints = append(in.prints, int64(len(x.Prints)))
		for _, f := range x.Prints {
			in.printTime = append(in.printTime, f.Time)
			in.printHash = append(in.printHash, f.Hash)
		}
	}
	b.strings("input.name", in.name)
	b.strings("input.compression", in.comp)
	b.strings("input.format", in.format)
	b.strings("input.format_title", in.title)
	b.bools("input.detected", in.detected)
	b.int64s("input.sampled", in.sampled)
	b.int64s("input.matched", in.matched)
	b.int64s("input.lines_read", in.read)
	b.int64s("input.lines_parsed", in.parsed)
	b.int64s("input.lines_malformed", in.bad)
	b.int64s("input.lines_filtered", in.filt)
	b.bools("input.span_valid", in.valid)
	b.int64s("input.span_first", in.first)
	b.int64s("input.span_last", in.last)
	b.binaries("input.head_sha256", in.head)
	b.int64s("input.head_bytes", in.headLen)
	b.int64s("input.offset", in.offset)
	b.int64s("input.end", in.end)
	b.int64s("input.lines_before", in.lines)
	b.uint64s("input.dev", in.dev)
	b.uint64s("input.inode", in.inode)
	// An input's fingerprints are the next input.prints rows of print.*.
	b.bools("input.unprinted", in.unprinted)
	b.int64s("input.print_level", in.level)
	b.int64s("input.prints", in.prints)
	b.int64s("print.time", in.printTime)
	b.uint64s("print.hash", in.printHash)

	codes, n := sortedInts(st.Codes)
	b.int64s("code.status", codes)
	b.int64s("code.requests", n)
	reasons, n := sortedStrings(st.Malformed)
	b.strings("malformed.reason", reasons)
	b.int64s("malformed.lines", n)
	reasons, n = sortedStrings(st.Filtered)
	b.strings("filtered.reason", reasons)
	b.int64s("filtered.lines", n)

	var smp struct {
		input, line []int64
		reason      []string
		text        [][]byte
	}
	for _, s := range st.Samples {
		smp.input = append(smp.input, int64(s.Input))
		smp.line = append(smp.line, s.Line)
		smp.reason = append(smp.reason, s.Reason)
		smp.text = append(smp.text, s.Text)
	}
	b.int64s("sample.input", smp.input)
	b.int64s("sample.line", smp.line)
	b.strings("sample.reason", smp.reason)
	b.binaries("sample.text", smp.text)

	var minute [10][]int64
	for _, m := range st.Minutes {
		c := m.Counts
		for i, v := range []int64{m.Start, c.Classes[0], c.Classes[1], c.Classes[2], c.Classes[3], c.Classes[4], c.Invalid, c.Bad, c.Timed, c.Fast} {
			minute[i] = append(minute[i], v)
		}
	}
	for i, name := range minuteColumns {
		b.int64s("minute."+name, minute[i])
	}

	sk := &sketches{}
	sk.add(st.Latency)
	var starts []int64
	for _, bs := range st.LatencyBuckets {
		starts = append(starts, bs.Start)
		sk.add(bs.Sketch)
	}
	b.int64s("latency_bucket.start", starts)

	var keys struct {
		table, key              []string
		requests, bad, unjudged []int64
	}
	anyUnjudged := false
	limits := map[string]string{}
	for _, kt := range []struct {
		name string
		t    aggregate.KeyTable
	}{{"endpoints", st.Endpoints}, {"hosts", st.Hosts}, {"upstreams", st.Upstreams}} {
		limits["slareport."+kt.name+".limit"] = strconv.FormatUint(kt.t.Limit, 10)
		// (other) comes first in each table, under an empty key.
		for _, k := range append([]aggregate.KeyState{kt.t.Other}, kt.t.Keys...) {
			keys.table = append(keys.table, kt.name)
			keys.key = append(keys.key, k.Key)
			keys.requests = append(keys.requests, k.Requests)
			keys.bad = append(keys.bad, k.Bad)
			keys.unjudged = append(keys.unjudged, k.Unjudged)
			anyUnjudged = anyUnjudged || k.Unjudged != 0
			sk.add(k.Latency)
		}
	}
	for k, v := range limits {
		meta[k] = v
	}
	b.strings("key.table", keys.table)
	b.strings("key.key", keys.key)
	b.int64s("key.requests", keys.requests)
	b.int64s("key.bad", keys.bad)
	if anyUnjudged {
		b.int64s("key.unjudged", keys.unjudged)
	}

	b.int64s("sketch.zero", sk.zero)
	b.float64s("sketch.max", sk.max)
	b.int64s("sketch.bins", sk.bins)
	b.int64s("bin.index", sk.index)
	b.int64s("bin.count", sk.count)

	var stat [3][]int64
	for _, c := range st.Statuses {
		stat[0] = append(stat[0], c.Minute)
		stat[1] = append(stat[1], int64(c.Status))
		stat[2] = append(stat[2], c.Requests)
	}
	b.int64s("status.minute", stat[0])
	b.int64s("status.status", stat[1])
	b.int64s("status.requests", stat[2])

	if st.Dims != 0 {
		meta["slareport.dims"] = st.Dims.String()
		meta["slareport.dim_width"] = strconv.FormatInt(st.DimWidth, 10)
		var start, status, requests []int64
		var host, endpoint []string
		for _, c := range st.DimCounts {
			start = append(start, c.Start)
			status = append(status, int64(c.Status))
			host = append(host, c.Host)
			endpoint = append(endpoint, c.Endpoint)
			requests = append(requests, c.Requests)
		}
		b.int64s("dim.start", start)
		b.int64s("dim.status", status)
		b.strings("dim.host", host)
		b.strings("dim.endpoint", endpoint)
		b.int64s("dim.requests", requests)
	}

	md := arrow.MetadataFrom(meta)
	schema := arrow.NewSchema(b.fields, &md)
	rec := array.NewRecordBatch(schema, b.cols, 1)
	defer rec.Release()
	for _, c := range b.cols {
		c.Release()
	}
	var buf bytes.Buffer
	fw, err := ipc.NewFileWriter(&buf, ipc.WithSchema(schema), ipc.WithAllocator(mem), ipc.WithZstd())
	if err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	if err := fw.Write(rec); err != nil {
		fw.Close()
		return fmt.Errorf("write summary: %w", err)
	}
	if err := fw.Close(); err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	if err := seal(buf.Bytes()); err != nil {
		return fmt.Errorf("write summary: checksum: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

var minuteColumns = []string{"start", "1xx", "2xx", "3xx", "4xx", "5xx", "invalid", "bad", "timed", "fast"}

// sketches flattens sketches into columns: sketch.bins says how many of
// the bin.* rows belong to each sketch, in order.
type sketches struct {
	zero, bins, index, count []int64
	max                      []float64
}

func (s *sketches) add(k aggregate.Sketch) {
	s.zero = append(s.zero, k.Zero)
	s.max = append(s.max, k.Max)
	s.bins = append(s.bins, int64(len(k.Bins)))
	for _, b := range k.Bins {
		s.index = append(s.index, int64(b.Index))
		s.count = append(s.count, b.Count)
	}
}

func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func sortedInts(m map[int]int64) (keys, vals []int64) {
	for c := range 1000 {
		if n, ok := m[c]; ok {
			keys = append(keys, int64(c))
			vals = append(vals, n)
		}
	}
	return keys, vals
}

func sortedStrings(m map[string]int64) (keys []string, vals []int64) {
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		vals = append(vals, m[k])
	}
	return keys, vals
}

// builder collects the single-row list columns of the record.
type builder struct {
	mem    memory.Allocator
	fields []arrow.Field
	cols   []arrow.Array
}

func (b *builder) list(name string, elem arrow.DataType, fill func(array.Builder)) {
	lb := array.NewListBuilder(b.mem, elem)
	defer lb.Release()
	lb.Append(true)
	fill(lb.ValueBuilder())
	b.fields = append(b.fields, arrow.Field{Name: name, Type: arrow.ListOf(elem)})
	b.cols = append(b.cols, lb.NewArray())
}

func (b *builder) int64s(name string, v []int64) {
	b.list(name, arrow.PrimitiveTypes.Int64, func(vb array.Builder) { vb.(*array.Int64Builder).AppendValues(v, nil) })
}

func (b *builder) uint64s(name string, v []uint64) {
	b.list(name, arrow.PrimitiveTypes.Uint64, func(vb array.Builder) { vb.(*array.Uint64Builder).AppendValues(v, nil) })
}

func (b *builder) float64s(name string, v []float64) {
	b.list(name, arrow.PrimitiveTypes.Float64, func(vb array.Builder) { vb.(*array.Float64Builder).AppendValues(v, nil) })
}

func (b *builder) bools(name string, v []bool) {
	b.list(name, arrow.FixedWidthTypes.Boolean, func(vb array.Builder) { vb.(*array.BooleanBuilder).AppendValues(v, nil) })
}

func (b *builder) strings(name string, v []string) {
	b.list(name, arrow.BinaryTypes.String, func(vb array.Builder) { vb.(*array.StringBuilder).AppendValues(v, nil) })
}

func (b *builder) binaries(name string, v [][]byte) {
	b.list(name, arrow.BinaryTypes.Binary, func(vb array.Builder) { vb.(*array.BinaryBuilder).AppendValues(v, nil) })
}

// Info is what Read learns of a file besides the state it holds.
type Info struct {
	// Version is the file's layout: 1 for a summary written before
	// checksums and fingerprints, else Version.
	Version int
	// Checked says the file's checksum covered every byte of it.
	Checked bool
}

// Read reads a .slasum file. Everything in it is checked; a damaged or
// hostile file is an error.
func Read(r io.Reader) (*aggregate.State, error) {
	st, _, err := ReadInfo(r)
	return st, err
}

// ReadInfo reads a .slasum file like Read, and says what kind of file it
// was. It reads the magic bytes and the schema message first, and refuses
// a file that is not a summary of a known version before reading the
// rest: a gigabyte of something else costs kilobytes of memory.
func ReadInfo(r io.Reader) (*aggregate.State, Info, error) {
	// The size, when the reader knows it, sizes the buffer once.
	size := int64(-1)
	switch f := r.(type) {
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			size = fi.Size()
		}
	case interface{ Len() int }:
		size = int64(f.Len())
	}
	if size > MaxFileBytes {
		return nil, Info{}, fmt.Errorf("%w: larger than %d bytes", ErrNotSlasum, MaxFileBytes)
	}
	first := make([]byte, 16)
	if _, err := io.ReadFull(r, first); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil, Info{}, ErrNotSlasum
		}
		return nil, Info{}, err
	}
	n, err := headerLen(first)
	if err != nil {
		return nil, Info{}, err
	}
	data := make([]byte, n, max(size, int64(n))+bytes.MinRead)
	copy(data, first)
	if _, err := io.ReadFull(r, data[16:]); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil, Info{}, fmt.Errorf("%w: cut short in its schema", ErrNotSlasum)
		}
		return nil, Info{}, err
	}
	h, err := readHeader(data)
	if err != nil {
		return nil, Info{}, err
	}
	buf := bytes.NewBuffer(data)
	if _, err := buf.ReadFrom(io.LimitReader(r, MaxFileBytes+1-int64(n))); err != nil {
		return nil, Info{}, err
	}
	if data = buf.Bytes(); len(data) > MaxFileBytes {
		return nil, Info{}, fmt.Errorf("%w: larger than %d bytes", ErrNotSlasum, MaxFileBytes)
	}
	st, err := decode(data, h)
	if err != nil {
		return nil, Info{}, err
	}
	return st, Info{Version: h.version, Checked: h.checksum}, nil
}

// decode checks the file's checksum and parses the IPC file with
// allocations capped, turning the panics arrow's reader can raise on
// damaged input into errors.
func decode(data []byte, h header) (st *aggregate.State, err error) {
	mem := &cappedAllocator{mem: memory.NewGoAllocator(), left: int64(64*len(data)) + 1<<20}
	defer func() {
		if r := recover(); r != nil {
			st = nil
			if e, ok := r.(error); ok && errors.Is(e, errTooLarge) {
				err = fmt.Errorf("%w: it asks for too much memory", ErrNotSlasum)
				return
			}
			err = fmt.Errorf("%w: damaged file (%v)", ErrNotSlasum, r)
		}
	}()
	switch {
	case h.version >= 2 && !h.checksum:
		return nil, fmt.Errorf("%w: a version %d summary without its checksum", ErrNotSlasum, h.version)
	case h.version < 2 && h.checksum:
		return nil, fmt.Errorf("%w: a version %d summary with a checksum", ErrNotSlasum, h.version)
	}
	if err := verify(data); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotSlasum, err)
	}
	if h.checksum {
		if err := checkSum(data); err != nil {
			return nil, fmt.Errorf("%w: damaged: %v", ErrNotSlasum, err)
		}
	}
	fr, err := ipc.NewFileReader(bytes.NewReader(data), ipc.WithAllocator(mem))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotSlasum, err)
	}
	defer fr.Close()
	if fr.NumRecords() != 1 {
		return nil, fmt.Errorf("%w: %d record batches, want 1", ErrNotSlasum, fr.NumRecords())
	}
	rec, err := fr.RecordBatch(0)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotSlasum, err)
	}
	if rec.NumRows() != 1 {
		return nil, fmt.Errorf("%w: %d rows, want 1", ErrNotSlasum, rec.NumRows())
	}
	return fromRecord(rec, h)
}

var errTooLarge = errors.New("allocation limit reached")

// cappedAllocator fails, by panicking with errTooLarge, once a file has
// asked for more memory than a file of its size can legitimately need: a
// compressed buffer may claim any uncompressed length.
type cappedAllocator struct {
	mem  memory.Allocator
	left int64
}

func (a *cappedAllocator) Allocate(size int) []byte {
	a.take(size)
	return a.mem.Allocate(size)
}

func (a *cappedAllocator) Reallocate(size int, b []byte) []byte {
	a.take(size - len(b))
	return a.mem.Reallocate(size, b)
}

func (a *cappedAllocator) Free(b []byte) { a.mem.Free(b) }

func (a *cappedAllocator) take(n int) {
	if n < 0 {
		return
	}
	if a.left -= int64(n); a.left < 0 {
		panic(errTooLarge)
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

func (r *reader) int64s(name string) []int64 {
	v := r.values(name, arrow.PrimitiveTypes.Int64)
	if v == nil {
		return nil
	}
	return v.(*array.Int64).Int64Values()
}

func (r *reader) uint64s(name string) []uint64 {
	v := r.values(name, arrow.PrimitiveTypes.Uint64)
	if v == nil {
		return nil
	}
	return v.(*array.Uint64).Uint64Values()
}

func (r *reader) float64s(name string) []float64 {
	v := r.values(name, arrow.PrimitiveTypes.Float64)
	if v == nil {
		return nil
	}
	return v.(*array.Float64).Float64Values()
}

func (r *reader) bools(name string) []bool {
	v := r.values(name, arrow.FixedWidthTypes.Boolean)
	if v == nil {
		return nil
	}
	b := v.(*array.Boolean)
	out := make([]bool, b.Len())
	for i := range out {
		out[i] = b.Value(i)
	}
	return out
}

func (r *reader) strings(name string) []string {
	v := r.values(name, arrow.BinaryTypes.String)
	if v == nil {
		return nil
	}
	s := v.(*array.String)
	out := make([]string, s.Len())
	for i := range out {
		out[i] = strings.Clone(s.Value(i))
	}
	return out
}

func (r *reader) binaries(name string) [][]byte {
	v := r.values(name, arrow.BinaryTypes.Binary)
	if v == nil {
		return nil
	}
	s := v.(*array.Binary)
	out := make([][]byte, s.Len())
	for i := range out {
		// An empty value is nil, however the file stores it, so that a
		// state reads back the same after it is written again.
		if b := s.Value(i); len(b) > 0 {
			out[i] = bytes.Clone(b)
		}
	}
	return out
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

func fromRecord(rec arrow.RecordBatch, h header) (*aggregate.State, error) {
	r := &reader{rec: rec, meta: rec.Schema().Metadata()}
	if r.str("format") != Format {
		return nil, ErrNotSlasum
	}
	// The footer's schema, which arrow reads, must say what the opening
	// one said.
	if v := r.int("version"); r.err == nil && v != int64(h.version) {
		return nil, fmt.Errorf("%w: version %d in the footer, %d at the start", ErrNotSlasum, v, h.version)
	}
	if has := r.meta.FindKey(checksumKey) >= 0; has != h.checksum {
		return nil, fmt.Errorf("%w: the footer and the start disagree on the checksum", ErrNotSlasum)
	}
	st := &aggregate.State{Version: aggregate.StateVersion}
	set := &st.Settings
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
	for _, p := range r.strings("route.pattern") {
		rt, err := aggregate.ParseRoute(p)
		if err != nil {
			r.fail("route: %v", err)
		}
		set.Routes = append(set.Routes, rt)
	}
	st.Untimed, st.BadTimes, st.Timed, st.Fast = r.int("untimed"), r.int("bad_time"), r.int("timed"), r.int("fast")
	st.Recovered = r.int("recovered")
	st.LatencyWidth = r.int("latency_width")

	name, comp, format, title := r.strings("input.name"), r.strings("input.compression"), r.strings("input.format"), r.strings("input.format_title")
	detected, sampled, matched := r.bools("input.detected"), r.int64s("input.sampled"), r.int64s("input.matched")
	read, parsed, malformed, filtered := r.int64s("input.lines_read"), r.int64s("input.lines_parsed"), r.int64s("input.lines_malformed"), r.int64s("input.lines_filtered")
	valid, first, last := r.bools("input.span_valid"), r.int64s("input.span_first"), r.int64s("input.span_last")
	head, headLen := r.binaries("input.head_sha256"), r.int64s("input.head_bytes")
	offset, end, before := r.int64s("input.offset"), r.int64s("input.end"), r.int64s("input.lines_before")
	dev, inode := r.uint64s("input.dev"), r.uint64s("input.inode")
	n := r.same("input", len(name), len(comp), len(format), len(title), len(detected), len(sampled), len(matched),
		len(read), len(parsed), len(malformed), len(filtered), len(valid), len(first), len(last), len(head), len(headLen),
		len(offset), len(end), len(before), len(dev), len(inode))
	for i := range n {
		in := aggregate.Input{Name: name[i], Compression: comp[i], Format: format[i], FormatTitle: title[i], Detected: detected[i],
			Sampled: int(sampled[i]), Matched: int(matched[i]),
			Lines: aggregate.Lines{Read: read[i], Parsed: parsed[i], Malformed: malformed[i], Filtered: filtered[i]},
			Span:  aggregate.Span{First: first[i], Last: last[i], Valid: valid[i]},
			Source: ingest.Source{HeadLen: int(headLen[i]), Offset: offset[i], End: end[i], Lines: before[i],
				Dev: dev[i], Inode: inode[i]}}
		if len(head[i]) != len(in.Source.Head) {
			r.fail("input %d: head hash of %d bytes", i+1, len(head[i]))
			break
		}
		copy(in.Source.Head[:], head[i])
		st.Inputs = append(st.Inputs, in)
	}
	r.prints(st.Inputs, h.version)

	codes, reqs := r.int64s("code.status"), r.int64s("code.requests")
	st.Codes = map[int]int64{}
	for i := range r.same("code", len(codes), len(reqs)) {
		if codes[i] < 0 || codes[i] > 999 {
			r.fail("status %d", codes[i])
			break
		}
		st.Codes[int(codes[i])] = reqs[i]
	}
	st.Malformed = r.counts("malformed", "reason", "lines")
	st.Filtered = r.counts("filtered", "reason", "lines")

	si, sl, sr, stext := r.int64s("sample.input"), r.int64s("sample.line"), r.strings("sample.reason"), r.binaries("sample.text")
	for i := range r.same("sample", len(si), len(sl), len(sr), len(stext)) {
		st.Samples = append(st.Samples, aggregate.StateSample{Input: int(si[i]), Line: sl[i], Reason: sr[i], Text: stext[i]})
	}

	var mc [10][]int64
	lens := make([]int, len(minuteColumns))
	for i, c := range minuteColumns {
		mc[i] = r.int64s("minute." + c)
		lens[i] = len(mc[i])
	}
	for i := range r.same("minute", lens...) {
		st.Minutes = append(st.Minutes, aggregate.Slice{Start: mc[0][i], Counts: aggregate.Counts{
			Classes: [5]int64{mc[1][i], mc[2][i], mc[3][i], mc[4][i], mc[5][i]},
			Invalid: mc[6][i], Bad: mc[7][i], Timed: mc[8][i], Fast: mc[9][i]}})
	}

	sk := r.sketchList()
	starts := r.int64s("latency_bucket.start")
	kt, kk, kr, kb := r.strings("key.table"), r.strings("key.key"), r.int64s("key.requests"), r.int64s("key.bad")
	nk := r.same("key", len(kt), len(kk), len(kr), len(kb))
	ku := make([]int64, nk)
	if r.has("key.unjudged") {
		ku = r.int64s("key.unjudged")
		r.same("key", nk, len(ku))
	}
	if r.err == nil && len(sk) != 1+len(starts)+nk {
		r.fail("%d sketches for %d buckets and %d keys", len(sk), len(starts), nk)
	}
	if r.err != nil {
		return nil, r.err
	}
	st.Latency = sk[0]
	for i, s := range starts {
		st.LatencyBuckets = append(st.LatencyBuckets, aggregate.BucketSketch{Start: s, Sketch: sk[1+i]})
	}
	tables := map[string]*aggregate.KeyTable{"endpoints": &st.Endpoints, "hosts": &st.Hosts, "upstreams": &st.Upstreams}
	for name, t := range tables {
		lim, err := strconv.ParseUint(r.str(name+".limit"), 10, 64)
		if err != nil {
			r.fail("%s limit is not a number", name)
		}
		t.Limit = lim
	}
	seen := map[string]bool{}
	for i := range nk {
		t := tables[kt[i]]
		if t == nil {
			r.fail("key of unknown table %q", kt[i])
			break
		}
		k := aggregate.KeyState{Key: kk[i], Requests: kr[i], Bad: kb[i], Unjudged: ku[i], Latency: sk[1+len(starts)+i]}
		if !seen[kt[i]] {
			// The first row of a table is its (other).
			seen[kt[i]] = true
			k.Key = ""
			t.Other = k
			continue
		}
		t.Keys = append(t.Keys, k)
	}

	if r.str("statuses") == "true" {
		sm, ss, sq := r.int64s("status.minute"), r.int64s("status.status"), r.int64s("status.requests")
		st.Statuses = []aggregate.StatusCount{}
		for i := range r.same("status", len(sm), len(ss), len(sq)) {
			if ss[i] < 0 || ss[i] > 999 {
				r.fail("status %d", ss[i])
				break
			}
			st.Statuses = append(st.Statuses, aggregate.StatusCount{Minute: sm[i], Status: int(ss[i]), Requests: sq[i]})
		}
	}
	if r.meta.FindKey("slareport.dims") >= 0 {
		r.dims(st)
	}
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

// prints reads the inputs' fingerprints. A version 1 file has none: its
// inputs are unprinted.
func (r *reader) prints(inputs []aggregate.Input, version int) {
	if version < 2 {
		for i := range inputs {
			inputs[i].Unprinted = true
		}
		return
	}
	unprinted, level, count := r.bools("input.unprinted"), r.int64s("input.print_level"), r.int64s("input.prints")
	times, hashes := r.int64s("print.time"), r.uint64s("print.hash")
	n := r.same("print", len(times), len(hashes))
	if r.same("input", len(inputs), len(unprinted), len(level), len(count)) != len(inputs) || r.err != nil {
		return
	}
	at := 0
	for i := range inputs {
		s := &inputs[i]
		if count[i] < 0 || count[i] > int64(n-at) || level[i] < 0 || level[i] > 64 {
			r.fail("input %d claims %d fingerprints of level %d", i+1, count[i], level[i])
			return
		}
		s.Unprinted, s.PrintLevel = unprinted[i], int(level[i])
		for k := at; k < at+int(count[i]); k++ {
			s.Prints = append(s.Prints, aggregate.Fingerprint{Time: times[k], Hash: hashes[k]})
		}
		at += int(count[i])
	}
	if at != n {
		r.fail("%d fingerprints belong to no input", n-at)
	}
}

// dims reads the counts split by host and endpoint.
func (r *reader) dims(st *aggregate.State) {
	names := r.str("dims")
	d, err := aggregate.ParseDims(strings.Split(names, ","))
	if err != nil || d == 0 {
		r.fail("dimensions %q", names)
		return
	}
	st.Dims, st.DimWidth = d, r.int("dim_width")
	start, status, requests := r.int64s("dim.start"), r.int64s("dim.status"), r.int64s("dim.requests")
	host, endpoint := r.strings("dim.host"), r.strings("dim.endpoint")
	st.DimCounts = []aggregate.DimCount{}
	for i := range r.same("dim", len(start), len(status), len(requests), len(host), len(endpoint)) {
		if status[i] < 0 || status[i] > 999 {
			r.fail("status %d", status[i])
			return
		}
		st.DimCounts = append(st.DimCounts, aggregate.DimCount{Start: start[i], Status: int(status[i]),
			Host: host[i], Endpoint: endpoint[i], Requests: requests[i]})
	}
}

func (r *reader) counts(table, key, val string) map[string]int64 {
	k, v := r.strings(table+"."+key), r.int64s(table+"."+val)
	m := map[string]int64{}
	for i := range r.same(table, len(k), len(v)) {
		m[k[i]] = v[i]
	}
	return m
}

// sketchList reassembles the flattened sketches.
func (r *reader) sketchList() []aggregate.Sketch {
	zero, maxv, bins := r.int64s("sketch.zero"), r.float64s("sketch.max"), r.int64s("sketch.bins")
	index, count := r.int64s("bin.index"), r.int64s("bin.count")
	n := r.same("sketch", len(zero), len(maxv), len(bins))
	nb := r.same("bin", len(index), len(count))
	var out []aggregate.Sketch
	at := 0
	for i := range n {
		k := aggregate.Sketch{Zero: zero[i], Max: maxv[i]}
		if bins[i] < 0 || bins[i] > int64(nb-at) {
			r.fail("sketch %d claims %d bins", i, bins[i])
			return nil
		}
		for j := at; j < at+int(bins[i]); j++ {
			if index[j] < -1<<31 || index[j] >= 1<<31 {
				r.fail("bin index %d", index[j])
				return nil
			}
			k.Bins = append(k.Bins, aggregate.SketchBin{Index: int32(index[j]), Count: count[j]})
		}
		at += int(bins[i])
		out = append(out, k)
	}
	if at != nb {
		r.fail("%d bins belong to no sketch", nb-at)
	}
	return out
}
