package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/aggregate/slasum"
	"github.com/slareport/slareport/ingest"
	"github.com/slareport/slareport/report"
)

// saveFlags keep what a run counted besides its report: the mergeable
// summary for 'slareport merge', a Parquet rollup for SQL engines, and the
// state that lets the next cron run read only what the logs gained.
type saveFlags struct {
	Save     string   `group:"Summaries" placeholder:"FILE.slasum" help:"Also write the run's mergeable summary (Arrow IPC), for 'slareport merge' (atomically)."`
	Export   string   `group:"Summaries" placeholder:"FILE.parquet" help:"Also write requests per bucket and status as Parquet (zstd), for DuckDB, Spark or Trino (atomically)."`
	ExportBy []string `group:"Summaries" name:"export-by" enum:"host,endpoint" sep:"," placeholder:"DIM" help:"Split the rollup's rows by host, endpoint or both (host,endpoint), in columns of those names; keys beyond the breakdowns' cap are (other). With --save or --state, the summary keeps the split for 'merge --export-by'."`
	State    string   `group:"Summaries" placeholder:"FILE" help:"Incremental runs: read only the log bytes added since the run that wrote FILE (following rotation and truncation), report on all of them, and update FILE."`
}

// keeping reports whether the run must keep per-status counts: every
// output of these flags may be exported later.
func (f *saveFlags) keeping() bool { return f.Save != "" || f.Export != "" || f.State != "" }

// dims returns the dimensions --export-by asks for. They are counted for
// a rollup, now or from the summary later: without one, asking is a
// mistake.
func (f *saveFlags) dims() (aggregate.Dims, error) {
	by, err := aggregate.ParseDims(f.ExportBy)
	if err != nil {
		return 0, usageError(fmt.Errorf("--export-by: %w", err))
	}
	if by != 0 && !f.keeping() {
		return 0, usageError(errors.New("--export-by needs --export (or --save or --state, to export the split from their summaries later)"))
	}
	return by, nil
}

// run reads the logs: all of them, or with --state only what is new, added
// to the summary the state file holds.
func (f *saveFlags) run(ctx context.Context, paths []string, opt aggregate.Options) (*aggregate.Summary, error) {
	by, err := f.dims()
	if err != nil {
		return nil, err
	}
	opt.Statuses, opt.StatusDims = f.keeping(), by
	if f.State == "" {
		return aggregate.Run(ctx, paths, opt)
	}
	if err := f.resumable(paths); err != nil {
		return nil, err
	}
	prev, err := readSummary(f.State)
	if errors.Is(err, fs.ErrNotExist) {
		prev, err = nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("--state: %w", err)
	}
	sum, err := aggregate.Continue(ctx, paths, opt, prev)
	if se := (*aggregate.StateError)(nil); errors.As(err, &se) {
		return nil, stateFlagError(f.State, se)
	}
	return sum, err
}

// resumable refuses, before anything is opened, what an incremental run
// cannot follow: standard input, inputs that are named pipes, sockets or
// devices, and a state path that is not a regular file. A named pipe
// would block the run on opening it and lose to the look at its head the
// bytes its writer sent; a device or a socket cannot be sought in or found
// again.
func (f *saveFlags) resumable(paths []string) error {
	if _, err := ingest.StatRegular(f.State); errors.Is(err, ingest.ErrNotRegular) {
		return usageError(fmt.Errorf("--state: %w: the state is a file slareport reads and replaces", err))
	}
	for _, p := range paths {
		if p == "-" {
			return usageError(errors.New("--state cannot resume standard input: give the log files"))
		}
		// A directory is an input error like any other run's.
		if fi, err := ingest.StatRegular(p); errors.Is(err, ingest.ErrNotRegular) && !fi.IsDir() {
			return usageError(fmt.Errorf("--state: %w: an incremental run reads only files it can seek in and find again (read it without --state)", err))
		}
	}
	return nil
}

// stage adds the summary, the rollup and the state to out.
func (f *saveFlags) stage(out *outputs, sum *aggregate.Summary) error {
	by, err := f.dims()
	if err != nil {
		return err
	}
	save := func(w io.Writer) error { return slasum.Write(w, sum.State()) }
	for _, o := range []struct {
		path  string
		write func(io.Writer) error
	}{
		{f.Save, save},
		{f.Export, func(w io.Writer) error { return report.Parquet(w, sum, by) }},
		{f.State, save},
	} {
		if o.path == "" {
			continue
		}
		if err := out.file(o.path, o.write); err != nil {
			return err
		}
	}
	return nil
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
	st, info, err := slasum.ReadInfo(fh)
	if err != nil {
		return nil, info, fmt.Errorf("read %q: %w", path, err)
	}
	return st, info, nil
}
