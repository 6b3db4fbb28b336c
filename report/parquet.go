package report

import (
	"errors"
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/slareport/slareport/aggregate"
)

// ParquetSchema is the rollup's layout, one row per bucket and status. It
// is what the SQL in docs/sql queries; columns are only ever added.
var ParquetSchema = arrow.NewSchema([]arrow.Field{
	{Name: "bucket_start", Type: &arrow.TimestampType{Unit: arrow.Millisecond, TimeZone: "UTC"}},
	{Name: "bucket_seconds", Type: arrow.PrimitiveTypes.Int32},
	{Name: "status", Type: arrow.PrimitiveTypes.Int16},
	{Name: "class", Type: arrow.BinaryTypes.String},
	{Name: "bad", Type: arrow.FixedWidthTypes.Boolean},
	{Name: "requests", Type: arrow.PrimitiveTypes.Int64},
}, nil)

// ErrNoStatuses is returned by Parquet for a summary made without
// per-status counts (aggregate.Options.Statuses).
var ErrNoStatuses = errors.New("the summary has no counts per status and bucket")

// Parquet writes requests per bucket of the report's series and status as
// a zstd-compressed Parquet file: a rollup that DuckDB, Spark or Trino
// query without slareport. Requests without a time are in no bucket, as
// in the series. bad says whether the run's rule counted the status
// against availability.
func Parquet(w io.Writer, s *aggregate.Summary) error {
	if !s.HasStatuses() {
		return ErrNoStatuses
	}
	mem := memory.NewGoAllocator()
	b := array.NewRecordBuilder(mem, ParquetSchema)
	defer b.Release()
	start := b.Field(0).(*array.TimestampBuilder)
	width := b.Field(1).(*array.Int32Builder)
	status := b.Field(2).(*array.Int16Builder)
	class := b.Field(3).(*array.StringBuilder)
	bad := b.Field(4).(*array.BooleanBuilder)
	requests := b.Field(5).(*array.Int64Builder)
	for _, row := range s.StatusSeries() {
		start.Append(arrow.Timestamp(row.Start * 1000))
		width.Append(int32(row.End - row.Start))
		status.Append(int16(row.Status))
		class.Append(aggregate.ClassName(row.Status))
		bad.Append(s.Rule.IsBad(row.Status))
		requests.Append(row.Requests)
	}
	rec := b.NewRecordBatch()
	defer rec.Release()

	props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Zstd),
		parquet.WithCreatedBy("slareport"), parquet.WithAllocator(mem))
	fw, err := pqarrow.NewFileWriter(ParquetSchema, w, props, pqarrow.NewArrowWriterProperties(pqarrow.WithAllocator(mem)))
	if err != nil {
		return fmt.Errorf("parquet: %w", err)
	}
	if err := fw.Write(rec); err != nil {
		fw.Close()
		return fmt.Errorf("parquet: %w", err)
	}
	if err := fw.Close(); err != nil {
		return fmt.Errorf("parquet: %w", err)
	}
	return nil
}
