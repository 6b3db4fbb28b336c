package report

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/parquet/compress"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/internal/parquettest"
	"github.com/slareport/slareport/reference"
)

// rollupSchema is the rollup's layout as Arrow reads it back: the contract
// the SQL in docs/sql relies on.
var rollupSchema = arrow.NewSchema([]arrow.Field{
	{Name: "bucket_start", Type: &arrow.TimestampType{Unit: arrow.Millisecond, TimeZone: "UTC"}},
	{Name: "bucket_seconds", Type: arrow.PrimitiveTypes.Int32},
	{Name: "status", Type: arrow.PrimitiveTypes.Int16},
	{Name: "class", Type: arrow.BinaryTypes.String},
	{Name: "bad", Type: arrow.FixedWidthTypes.Boolean},
	{Name: "requests", Type: arrow.PrimitiveTypes.Int64},
	{Name: "judged", Type: arrow.FixedWidthTypes.Boolean},
}, nil)

// TestParquetRollup writes the bundled sample's rollup and reads it back:
// the schema is rollupSchema with every column required, the columns are
// zstd-compressed, and the rows add up to each bucket of the series.
func TestParquetRollup(t *testing.T) {
	s, err := aggregate.Run(context.Background(), []string{filepath.Join("..", "testdata", "access.log.gz")},
		aggregate.Options{Statuses: true, Settings: aggregate.Settings{Bucket: 3600}})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Parquet(&buf, s, 0); err != nil {
		t.Fatal(err)
	}
	md, tbl := parquettest.Read(t, buf.Bytes())
	defer tbl.Release()
	if c, err := md.RowGroup(0).ColumnChunk(5); err != nil || c.Compression() != compress.Codecs.Zstd {
		t.Fatal("requests column is not zstd-compressed")
	}
	checkSchema(t, tbl.Schema(), rollupSchema.Fields())
	tr := array.NewTableReader(tbl, -1)
	defer tr.Release()
	perBucket := map[int64]int64{}
	var bad int64
	for tr.Next() {
		rec := tr.RecordBatch()
		starts := rec.Column(0).(*array.Timestamp)
		widths := rec.Column(1).(*array.Int32)
		statuses := rec.Column(2).(*array.Int16)
		classes := rec.Column(3).(*array.String)
		bads := rec.Column(4).(*array.Boolean)
		reqs := rec.Column(5).(*array.Int64)
		judgeds := rec.Column(6).(*array.Boolean)
		for i := range int(rec.NumRows()) {
			if valid := classes.Value(i) != "invalid"; judgeds.Value(i) != valid {
				t.Fatalf("row %d: status %d judged %v", i, statuses.Value(i), judgeds.Value(i))
			}
			if widths.Value(i) != 3600 {
				t.Fatalf("row %d: bucket_seconds %d", i, widths.Value(i))
			}
			if got := classes.Value(i); got != reference.ClassOf(int(statuses.Value(i))).String() {
				t.Fatalf("row %d: status %d in class %q", i, statuses.Value(i), got)
			}
			perBucket[int64(starts.Value(i))/1000] += reqs.Value(i)
			if bads.Value(i) {
				bad += reqs.Value(i)
			}
		}
	}
	if len(perBucket) != len(s.Buckets) {
		t.Fatalf("%d buckets in the rollup, %d in the series", len(perBucket), len(s.Buckets))
	}
	for _, b := range s.Buckets {
		if perBucket[b.Start] != b.Requests() {
			t.Fatalf("bucket %d: %d requests in the rollup, %d in the series", b.Start, perBucket[b.Start], b.Requests())
		}
	}
	if bad != s.Bad() {
		t.Fatalf("bad rows hold %d requests, the summary %d", bad, s.Bad())
	}
}

func TestParquetNeedsStatuses(t *testing.T) {
	s, err := aggregate.Run(context.Background(), []string{filepath.Join("..", "testdata", "access.log.gz")}, aggregate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := Parquet(&bytes.Buffer{}, s, 0); !errors.Is(err, ErrNoStatuses) {
		t.Fatalf("err = %v, want ErrNoStatuses", err)
	}
}

// checkSchema checks that the columns read back are want, in order, every
// one required.
func checkSchema(t *testing.T, got *arrow.Schema, want []arrow.Field) {
	t.Helper()
	if got.NumFields() != len(want) {
		t.Fatalf("columns %v, want %v", got, want)
	}
	for i, f := range want {
		if g := got.Field(i); g.Name != f.Name || !arrow.TypeEqual(g.Type, f.Type) || g.Nullable {
			t.Fatalf("column %d read back as %s %s (nullable %v), want %s %s, required", i, g.Name, g.Type, g.Nullable, f.Name, f.Type)
		}
	}
}

// readRollup reads a rollup back as rows of column name to value;
// timestamps are in milliseconds.
func readRollup(t *testing.T, b []byte) (*arrow.Schema, []map[string]any) {
	t.Helper()
	_, tbl := parquettest.Read(t, b)
	defer tbl.Release()
	tr := array.NewTableReader(tbl, -1)
	defer tr.Release()
	var rows []map[string]any
	for tr.Next() {
		rec := tr.RecordBatch()
		for i := range int(rec.NumRows()) {
			row := map[string]any{}
			for c, f := range rec.Schema().Fields() {
				switch col := rec.Column(c).(type) {
				case *array.Timestamp:
					row[f.Name] = int64(col.Value(i))
				default:
					row[f.Name] = col.GetOneForMarshal(i)
				}
			}
			rows = append(rows, row)
		}
	}
	return tbl.Schema(), rows
}

// TestParquetByEndpoint: split by endpoint, the rollup has an endpoint
// column after the others, and its rows add up per endpoint to the
// breakdown and per bucket to the series.
func TestParquetByEndpoint(t *testing.T) {
	s, err := aggregate.Run(context.Background(), []string{filepath.Join("..", "testdata", "access.log.gz")},
		aggregate.Options{Statuses: true, StatusDims: aggregate.DimEndpoint, Settings: aggregate.Settings{Bucket: 3600}})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Parquet(&buf, s, aggregate.DimEndpoint); err != nil {
		t.Fatal(err)
	}
	sc, rows := readRollup(t, buf.Bytes())
	checkSchema(t, sc, append(rollupSchema.Fields(), arrow.Field{Name: "endpoint", Type: arrow.BinaryTypes.String}))
	perKey, perBucket := map[string]int64{}, map[int64]int64{}
	for _, r := range rows {
		n := r["requests"].(int64)
		perKey[r["endpoint"].(string)] += n
		perBucket[r["bucket_start"].(int64)/1000] += n
	}
	kt := s.State().Endpoints
	if len(perKey) != len(kt.Keys) || kt.Other.Requests != 0 {
		t.Fatalf("%d endpoints in the rollup, %d in the breakdown", len(perKey), len(kt.Keys))
	}
	for _, k := range kt.Keys {
		if perKey[k.Key] != k.Requests {
			t.Fatalf("%s: %d requests in the rollup, %d in the breakdown", k.Key, perKey[k.Key], k.Requests)
		}
	}
	for _, b := range s.Buckets {
		if perBucket[b.Start] != b.Requests() {
			t.Fatalf("bucket %d: %d requests in the rollup, %d in the series", b.Start, perBucket[b.Start], b.Requests())
		}
	}
	if err := Parquet(&bytes.Buffer{}, s, aggregate.DimHost); !errors.Is(err, ErrNoDims) {
		t.Fatalf("by host from counts split by endpoint: err = %v, want ErrNoDims", err)
	}
}
