package report

import (
	"errors"
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/schema"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/reference"
)

// The rollup is written column by column with parquet/file rather than
// through Arrow records and pqarrow: pqarrow brings Arrow Flight, gRPC and
// protobuf into the binary, for nothing this file needs.

// ErrNoStatuses is returned by Parquet for a summary made without
// per-status counts (aggregate.Options.Statuses).
var ErrNoStatuses = errors.New("the summary has no counts per status and bucket")

// ErrNoDims is wrapped by Parquet's error for a summary whose counts are
// not split by the dimensions asked for (aggregate.Options.StatusDims).
var ErrNoDims = errors.New("the summary's counts are not split by")

// rollupRowGroup bounds the rows of a row group: the writer keeps a row
// group's pages in memory until it closes, and engines read row groups in
// parallel.
const rollupRowGroup = 1 << 20

// Parquet writes requests per bucket of the report's series and status as
// a zstd-compressed Parquet file: a rollup that DuckDB, Spark or Trino
// query without slareport. Requests without a time are in no bucket, as
// in the series. bad says whether the run's rule counted the status
// against availability. by adds a host and an endpoint column, with a row
// per key: the breakdowns' keys, and their OtherKey for the keys they do
// not keep, so the rows of a key add up to its breakdown's figure.
//
// The columns, all required, are what the SQL in docs/sql queries; they
// are only ever added to: bucket_start (timestamp, milliseconds, UTC),
// bucket_seconds (int32), status (int16), class (string), bad (boolean),
// requests (int64), judged (boolean: the rule judges the status, as good
// or bad; false for statuses outside 100–599 unless it names "invalid"),
// and with by, host and endpoint (strings; host is empty for requests
// whose line has none).
func Parquet(w io.Writer, s *aggregate.Summary, by aggregate.Dims) error {
	if !s.HasStatuses() {
		return ErrNoStatuses
	}
	rows, err := rollupRows(s, by)
	if err != nil {
		return err
	}
	if err := writeRollup(w, rollupValues(s, by, rows).columns(), len(rows)); err != nil {
		return fmt.Errorf("parquet: %w", err)
	}
	return nil
}

// rollupRows are the rows of the rollup: requests per bucket and status,
// split by the dimensions in by.
func rollupRows(s *aggregate.Summary, by aggregate.Dims) ([]aggregate.DimBucket, error) {
	if by == 0 {
		var rows []aggregate.DimBucket
		for _, b := range s.StatusSeries() {
			rows = append(rows, aggregate.DimBucket{Start: b.Start, End: b.End, Status: b.Status, Requests: b.Requests})
		}
		return rows, nil
	}
	if missing := by &^ s.Dims(); missing != 0 {
		return nil, fmt.Errorf("%w %s", ErrNoDims, missing)
	}
	rows, err := s.DimSeries(by)
	if err != nil {
		return nil, fmt.Errorf("parquet: %w", err)
	}
	return rows, nil
}

// rollup is the rollup column by column: value i of each column belongs
// to row i.
type rollup struct {
	start, requests []int64
	width, status   []int32
	class           []parquet.ByteArray
	bad, judged     []bool
	host, endpoint  []parquet.ByteArray // nil unless by asks for them
}

// rollupValues fills the columns from the rows.
func rollupValues(s *aggregate.Summary, by aggregate.Dims, rows []aggregate.DimBucket) rollup {
	n := len(rows)
	var (
		start, requests = make([]int64, n), make([]int64, n)
		width, status   = make([]int32, n), make([]int32, n)
		class           = make([]parquet.ByteArray, n)
		bad, judged     = make([]bool, n), make([]bool, n)
		host, endpoint  []parquet.ByteArray
		strs            = map[string]parquet.ByteArray{}
	)
	// Keys and classes repeat from row to row: each is converted once.
	str := func(v string) parquet.ByteArray {
		b, ok := strs[v]
		if !ok {
			b = parquet.ByteArray(v)
			strs[v] = b
		}
		return b
	}
	if by&aggregate.DimHost != 0 {
		host = make([]parquet.ByteArray, n)
	}
	if by&aggregate.DimEndpoint != 0 {
		endpoint = make([]parquet.ByteArray, n)
	}
	for i, row := range rows {
		start[i] = row.Start * 1000
		width[i] = int32(row.End - row.Start)
		status[i] = int32(row.Status)
		class[i] = str(reference.ClassOf(row.Status).String())
		bad[i] = s.Rule.IsBad(row.Status)
		judged[i] = s.Rule.Judges(row.Status)
		requests[i] = row.Requests
		if host != nil {
			host[i] = str(row.Host)
		}
		if endpoint != nil {
			endpoint[i] = str(row.Endpoint)
		}
	}
	return rollup{start: start, requests: requests, width: width, status: status, class: class,
		bad: bad, judged: judged, host: host, endpoint: endpoint}
}

// columns are the rollup's columns in the order of the file, each with
// its schema node.
func (r rollup) columns() []rollupColumn {
	cols := []rollupColumn{
		{required("bucket_start", parquet.Types.Int64, schema.NewTimestampLogicalTypeForce(true, schema.TimeUnitMillis)),
			batches[int64, *file.Int64ColumnChunkWriter](r.start)},
		{required("bucket_seconds", parquet.Types.Int32, schema.NewIntLogicalType(32, true)),
			batches[int32, *file.Int32ColumnChunkWriter](r.width)},
		// int16 in a 32-bit column, as Parquet stores it: engines read it
		// as SMALLINT.
		{required("status", parquet.Types.Int32, schema.NewIntLogicalType(16, true)),
			batches[int32, *file.Int32ColumnChunkWriter](r.status)},
		{required("class", parquet.Types.ByteArray, schema.StringLogicalType{}),
			batches[parquet.ByteArray, *file.ByteArrayColumnChunkWriter](r.class)},
		{required("bad", parquet.Types.Boolean, nil),
			batches[bool, *file.BooleanColumnChunkWriter](r.bad)},
		{required("requests", parquet.Types.Int64, schema.NewIntLogicalType(64, true)),
			batches[int64, *file.Int64ColumnChunkWriter](r.requests)},
		{required("judged", parquet.Types.Boolean, nil),
			batches[bool, *file.BooleanColumnChunkWriter](r.judged)},
	}
	for _, dim := range []struct {
		name string
		v    []parquet.ByteArray
	}{{"host", r.host}, {"endpoint", r.endpoint}} {
		if dim.v != nil {
			cols = append(cols, rollupColumn{required(dim.name, parquet.Types.ByteArray, schema.StringLogicalType{}),
				batches[parquet.ByteArray, *file.ByteArrayColumnChunkWriter](dim.v)})
		}
	}
	return cols
}

// rollupColumn is one column of the rollup: its schema node, and how to
// write rows [lo, hi) of it.
type rollupColumn struct {
	node  schema.Node
	write func(cw file.ColumnChunkWriter, lo, hi int) error
}

// required returns the node of a required column.
func required(name string, typ parquet.Type, logical schema.LogicalType) schema.Node {
	return schema.MustPrimitive(schema.NewPrimitiveNodeLogical(name, parquet.Repetitions.Required, logical, typ, -1, -1))
}

// batches writes slices of v with the typed writer W of its column.
func batches[T any, W interface {
	WriteBatch(v []T, def, rep []int16) (int64, error)
}](v []T) func(file.ColumnChunkWriter, int, int) error {
	return func(cw file.ColumnChunkWriter, lo, hi int) error {
		_, err := cw.(W).WriteBatch(v[lo:hi], nil, nil)
		return err
	}
}

// writeRollup writes rows of cols in row groups of rollupRowGroup rows;
// an empty rollup still has one row group, as engines expect.
func writeRollup(w io.Writer, cols []rollupColumn, rows int) (err error) {
	fields := make(schema.FieldList, len(cols))
	for i, c := range cols {
		fields[i] = c.node
	}
	root, err := schema.NewGroupNode("schema", parquet.Repetitions.Repeated, fields, -1)
	if err != nil {
		return err
	}
	props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Zstd), parquet.WithCreatedBy("slareport"))
	fw, err := file.NewParquetWriterWithError(w, root, file.WithWriterProps(props))
	if err != nil {
		return err
	}
	defer func() {
		if cerr := fw.Close(); err == nil {
			err = cerr
		}
	}()
	for lo := 0; lo == 0 || lo < rows; lo += rollupRowGroup {
		hi := min(lo+rollupRowGroup, rows)
		rg, err := fw.AppendRowGroupChecked()
		if err != nil {
			return err
		}
		for _, c := range cols {
			cw, err := rg.NextColumn()
			if err != nil {
				return err
			}
			if err := c.write(cw, lo, hi); err != nil {
				return err
			}
		}
		if err := rg.Close(); err != nil {
			return err
		}
	}
	return nil
}
