package slasum

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strconv"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/slareport/slareport/aggregate"
)

// Write writes st as a zstd-compressed Arrow IPC file, with its checksum.
func Write(w io.Writer, st *aggregate.State) error {
	b := &builder{mem: memory.NewGoAllocator()}
	writeTables(b, st)
	meta := metadata(st)
	writeInsight(b, st, meta)
	data, err := b.file(meta)
	if err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	if err := seal(data); err != nil {
		return fmt.Errorf("write summary: checksum: %w", err)
	}
	_, err = w.Write(data)
	return err
}

// writeTables adds the columns of every table of st to b, in the file's
// order.
func writeTables(b *builder, st *aggregate.State) {
	routeTable.write(b, st.Settings.Routes)
	inputTable.write(b, st.Inputs)
	rest, prints := printRows(st.Inputs)
	inputPrintTable.write(b, rest)
	printTable.write(b, prints)
	codeTable.write(b, codeRows(st.Codes))
	malformedTable.write(b, reasonRows(st.Malformed))
	filteredTable.write(b, reasonRows(st.Filtered))
	sampleTable.write(b, st.Samples)
	minuteTable.write(b, st.Minutes)
	bucketTable.write(b, st.LatencyBuckets)
	keys := keyRows(breakdowns(st))
	keyTable.write(b, keys)
	sketches, bins := sketchRows(st, keys)
	sketchTable.write(b, sketches)
	binTable.write(b, bins)
	statusTable.write(b, st.Statuses)
	if st.Dims != 0 {
		dimTable.write(b, st.DimCounts)
	}
	writeObjectives(b, st)
}

// metadata returns the schema's metadata: what the file is, the run's
// settings, and the state's scalars.
func metadata(st *aggregate.State) map[string]string {
	set := st.Settings
	meta := map[string]string{
		"slareport.format":            Format,
		"slareport.version":           strconv.Itoa(unfilteredVersion),
		checksumKey:                   placeholder,
		"slareport.rule":              set.Rule.String(),
		"slareport.zone":              set.Zone.String(),
		"slareport.window.label":      set.Window.Label,
		"slareport.window.since":      timeText(set.Window.Since),
		"slareport.window.until":      timeText(set.Window.Until),
		"slareport.bucket":            strconv.FormatInt(set.Bucket, 10),
		"slareport.latency_threshold": strconv.FormatFloat(set.LatencyThreshold, 'g', -1, 64),
		"slareport.samples":           strconv.Itoa(set.Samples),
		"slareport.statuses":          strconv.FormatBool(st.Statuses != nil),
	}
	if f := filterText(set.Filter); f != "" {
		meta[filterKey] = f
		meta["slareport.version"] = strconv.Itoa(filteredVersion)
	}
	for _, c := range stateCounts(st) {
		meta["slareport."+c.key] = strconv.FormatInt(*c.n, 10)
	}
	for _, bd := range breakdowns(st) {
		meta["slareport."+bd.name+".limit"] = strconv.FormatUint(bd.t.Limit, 10)
	}
	objectivesMeta(meta, st)
	if st.Dims != 0 {
		meta["slareport.dims"] = st.Dims.String()
		meta["slareport.dim_width"] = strconv.FormatInt(st.DimWidth, 10)
	}
	return meta
}

func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// printRows returns the rest of each input's row, and the print table:
// the inputs' fingerprints, one input's after another's.
func printRows(inputs []aggregate.Input) ([]printsRow, []aggregate.Fingerprint) {
	var rows []printsRow
	var prints []aggregate.Fingerprint
	for _, in := range inputs {
		s := in
		rows = append(rows, printsRow{unprinted: s.Unprinted, level: int64(s.PrintLevel), prints: int64(len(s.Prints))})
		prints = append(prints, s.Prints...)
	}
	return rows, prints
}

// codeRows returns the requests per status, by status.
func codeRows(m map[int]int64) []entry[int] {
	var rows []entry[int]
	for c := range 1000 {
		if n, ok := m[c]; ok {
			rows = append(rows, entry[int]{c, n})
		}
	}
	return rows
}

// reasonRows returns the lines per reason, by reason.
func reasonRows(m map[string]int64) []entry[string] {
	var rows []entry[string]
	for k, n := range m {
		rows = append(rows, entry[string]{k, n})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].key < rows[j].key })
	return rows
}

// keyRows returns the keys of the tables, each table's (other) first,
// under an empty key.
func keyRows(tables []breakdown) []keyRow {
	var rows []keyRow
	for _, bd := range tables {
		rows = append(rows, keyRow{bd.name, bd.t.Other})
		for _, k := range bd.t.Keys {
			rows = append(rows, keyRow{bd.name, k})
		}
	}
	return rows
}

// sketchRows flattens the state's latency sketches, those of its buckets
// and those of keys into the sketch and bin tables.
func sketchRows(st *aggregate.State, keys []keyRow) ([]sketchRow, []binRow) {
	var sketches []sketchRow
	var bins []binRow
	add := func(k aggregate.Sketch) {
		sketches = append(sketches, sketchRow{Sketch: k, bins: int64(len(k.Bins))})
		for _, b := range k.Bins {
			bins = append(bins, binRow{index: int64(b.Index), count: b.Count})
		}
	}
	add(st.Latency)
	for _, b := range st.LatencyBuckets {
		add(b.Sketch)
	}
	for _, k := range keys {
		add(k.Latency)
	}
	return sketches, bins
}

// builder collects the single-row list columns of the record.
type builder struct {
	mem    memory.Allocator
	fields []arrow.Field
	cols   []arrow.Array
}

// file returns the columns as an IPC file of one record batch, with meta
// as its schema's metadata.
func (b *builder) file(meta map[string]string) ([]byte, error) {
	md := arrow.MetadataFrom(meta)
	schema := arrow.NewSchema(b.fields, &md)
	rec := array.NewRecordBatch(schema, b.cols, 1)
	defer rec.Release()
	for _, c := range b.cols {
		c.Release()
	}
	var buf bytes.Buffer
	fw, err := ipc.NewFileWriter(&buf, ipc.WithSchema(schema), ipc.WithAllocator(b.mem), ipc.WithZstd())
	if err != nil {
		return nil, err
	}
	if err := fw.Write(rec); err != nil {
		fw.Close()
		return nil, err
	}
	if err := fw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
