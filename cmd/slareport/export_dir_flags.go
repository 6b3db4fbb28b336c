package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gocloud.dev/blob"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/ingest"
	"github.com/slareport/slareport/report"
)

// exportDirFlags write the rollup as a partitioned table: Hive-style
// folders by date (and host) that Athena, Trino, Spark and DuckDB read as
// one table, in a local folder or under an object-store prefix.
type exportDirFlags struct {
	ExportDir   string   `group:"Summaries" name:"export-dir" placeholder:"DIR" help:"Also write the Parquet rollup partitioned, Hive-style: DIR/date=YYYY-MM-DD/[host=H/]part-<content hash>.parquet, for Athena, Trino, Spark or DuckDB (hive_partitioning). DIR may be s3:// (gs:// or azblob:// in builds with them). Running again over the same logs replaces the files."`
	PartitionBy []string `group:"Summaries" name:"partition-by" enum:"date,host" sep:"," placeholder:"date[,host]" help:"The partition folders of --export-dir: date (the default), or date,host."`
}

// check refuses partitions without a date, --partition-by without
// --export-dir, and a bad URL or one of a store this build lacks before
// the run rather than after it.
func (f *exportDirFlags) check() error {
	if ingest.IsObjectURL(f.ExportDir) {
		if _, err := ingest.ParseObjectURL(f.ExportDir); err != nil {
			return usageError(fmt.Errorf("--export-dir: %w", err))
		}
	}
	if len(f.PartitionBy) == 0 {
		return nil
	}
	if f.ExportDir == "" {
		return usageError(errors.New("--partition-by needs --export-dir"))
	}
	if !slices.Contains(f.PartitionBy, "date") {
		return usageError(errors.New("--partition-by must include date: date or date,host"))
	}
	return nil
}

// byHost reports whether the partitions split by host.
func (f *exportDirFlags) byHost() bool { return slices.Contains(f.PartitionBy, "host") }

// dims returns the breakdown the partitions need counted.
func (f *exportDirFlags) dims() aggregate.Dims {
	if f.ExportDir != "" && f.byHost() {
		return aggregate.DimHost
	}
	return 0
}

// stage adds the partition files to out: files in a local folder, written
// atomically each, or objects uploaded when the outputs commit.
func (f *exportDirFlags) stage(e *env, out *outputs, sum *aggregate.Summary, by aggregate.Dims) error {
	if f.ExportDir == "" {
		return nil
	}
	parts, err := report.Partitions(sum, by, f.byHost())
	if err != nil {
		return outputError(fmt.Errorf("--export-dir: %w", err))
	}
	if ingest.IsObjectURL(f.ExportDir) {
		return f.stageObjects(e, out, parts)
	}
	for _, p := range parts {
		dir := filepath.Join(f.ExportDir, filepath.FromSlash(p.Dir))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return outputError(fmt.Errorf("write %q: %w", dir, unwrapPath(err)))
		}
		data := p.Data
		if err := out.file(filepath.Join(dir, p.Name), func(w io.Writer) error {
			_, err := w.Write(data)
			return err
		}); err != nil {
			return err
		}
	}
	return nil
}

// stageObjects checks the bucket now and uploads the partitions when the
// outputs commit. Each object appears whole or not at all; a failure
// midway leaves the objects already written, which a run again replaces
// (their names are their contents' hashes).
func (f *exportDirFlags) stageObjects(e *env, out *outputs, parts []report.Partition) error {
	u, err := ingest.ParseObjectURL(f.ExportDir)
	if err != nil {
		return usageError(fmt.Errorf("--export-dir: %w", err))
	}
	b, err := ingest.OpenBucket(e.ctx, u)
	if err != nil {
		return outputError(fmt.Errorf("--export-dir: %w", err))
	}
	prefix := u.Pattern
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	out.upload(func() error {
		defer b.Close()
		for _, p := range parts {
			key := prefix + p.Path()
			if err := b.Upload(e.ctx, key, bytes.NewReader(p.Data), &blob.WriterOptions{ContentType: "application/vnd.apache.parquet"}); err != nil {
				return fmt.Errorf("write %q: %w", u.Scheme+"://"+u.Bucket+"/"+key, err)
			}
		}
		return nil
	})
	return nil
}
