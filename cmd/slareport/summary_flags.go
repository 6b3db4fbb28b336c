package main

import (
	"fmt"
	"io"
	"os"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/aggregate/slasum"
	"github.com/slareport/slareport/report"
)

// summaryFlags keep what a run counted besides its report: the mergeable
// summary for 'slareport merge', and a Parquet rollup for DuckDB, Spark or
// Trino. report and merge embed them; each sets, with kong's set tag on
// the embedded field, its own help (saveHelp, exportHelp, exportByHelp):
// a run's summary is not a merged one.
type summaryFlags struct {
	Save     string   `group:"Summaries" placeholder:"FILE.slasum" help:"${saveHelp}"`
	Export   string   `group:"Summaries" placeholder:"FILE.parquet" help:"${exportHelp}"`
	ExportBy []string `group:"Summaries" name:"export-by" enum:"host,endpoint" sep:"," placeholder:"DIM" help:"${exportByHelp}"`
}

// split returns the dimensions --export-by splits the rollup's rows by.
// When they may be asked for depends on the command.
func (f *summaryFlags) split() (aggregate.Dims, error) {
	by, err := aggregate.ParseDims(f.ExportBy)
	if err != nil {
		return 0, usageError(fmt.Errorf("--export-by: %w", err))
	}
	return by, nil
}

// stage adds the summary and the rollup, split by by, to out.
func (f *summaryFlags) stage(out *outputs, sum *aggregate.Summary, by aggregate.Dims) error {
	if f.Save != "" {
		if err := out.file(f.Save, summaryWriter(sum)); err != nil {
			return err
		}
	}
	if f.Export != "" {
		if err := out.file(f.Export, func(w io.Writer) error { return report.Parquet(w, sum, by) }); err != nil {
			return err
		}
	}
	return nil
}

// summaryWriter writes sum's mergeable State, as --save and --state keep
// it.
func summaryWriter(sum *aggregate.Summary) func(io.Writer) error {
	return func(w io.Writer) error { return slasum.Write(w, sum.State()) }
}

// readSummary reads a .slasum file.
func readSummary(path string) (*aggregate.State, error) {
	st, _, err := readSummaryInfo(path)
	return st, err
}

// readSummaryInfo reads a .slasum file and says what kind it was.
func readSummaryInfo(path string) (*aggregate.State, slasum.Info, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, slasum.Info{}, fmt.Errorf("open %q: %w", path, unwrapPath(err))
	}
	defer fh.Close()
	// A regular file is read as a section of its size, which the reader
	// uses to size its buffer and to refuse a huge file before reading it.
	var r io.Reader = fh
	if fi, err := fh.Stat(); err == nil && fi.Mode().IsRegular() {
		r = io.NewSectionReader(fh, 0, fi.Size())
	}
	st, info, err := slasum.ReadInfo(r)
	if err != nil {
		return nil, info, fmt.Errorf("read %q: %w", path, err)
	}
	return st, info, nil
}
