package main

import (
	"errors"
	"fmt"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/ingest"
	"github.com/slareport/slareport/report"
)

// reportCmd reads logs and writes the availability report.
type reportCmd struct {
	Files       []string `arg:"" optional:"" name:"file" help:"Log files or glob patterns; - reads standard input. With no file, standard input is read when it is a pipe, a socket or a redirected file (not a terminal or /dev/null)."`
	outputFlags `set:"autoWithoutOutput=a coloured summary when standard output is a terminal, and Markdown when it is not" set:"outputHelp=Write the report to FILE instead of standard output: atomically (a temporary file renamed over it, or over the file a symlink points to), in place for a device or pipe, never over an input; - is standard output. Its extension picks the format; a -f that contradicts it is refused."`
	Workers     int `default:"${workers}" help:"Parse workers (default: the number of CPUs)."`
	stampFlag   `set:"stampHelp=Show in the HTML report when it was made (off: the same logs give the same bytes)."`

	formatFlags
	qualityFlags
	slaFlags
	historyFlags
	summaryFlags `set:"saveHelp=Also write the run's mergeable summary (Arrow IPC), for 'slareport merge' (atomically)." set:"exportHelp=Also write requests per bucket and status as Parquet (zstd), for DuckDB, Spark or Trino (atomically)." set:"exportByHelp=Split the rollup's rows by host, endpoint or both (host,endpoint), in columns of those names; keys beyond the breakdowns' cap are (other). With --save or --state, the summary keeps the split for 'merge --export-by'."`
	stateFlags
	exportDirFlags
	objectFlags
	progressFlags
	diagFlags
	followFlags
	alertFlags
}

// Validate checks the flags and settles --format against --output.
func (c *reportCmd) Validate() error {
	if c.Workers < 1 {
		return fmt.Errorf("--workers must be at least 1, not %d", c.Workers)
	}
	if err := c.objectFlags.validate(); err != nil {
		return err
	}
	if err := c.exportDirFlags.check(); err != nil {
		return err
	}
	return c.settleFormat()
}

func (c *reportCmd) Run(e *env) error {
	if err := c.alertFlags.check(); err != nil {
		return err
	}
	if c.Follow || c.Serve != "" {
		return c.follow(e)
	}
	opt, gates, err := c.options(e)
	if err != nil {
		return err
	}
	paths, err := c.inputs(e)
	defer c.objectFlags.close()
	if err != nil {
		return err
	}
	c.objectFlags.apply(&opt)
	if len(c.SLOFile) > 0 && c.State != "" {
		return usageError(errors.New("--slo-file cannot be used with --state yet: save each run with --save and judge them with 'slareport merge --slo-file'"))
	}
	if c.PartialOK && c.State != "" {
		return usageError(errors.New("--partial-ok cannot be used with --state: an incomplete run must not move the state on"))
	}
	prof, err := c.diagFlags.start()
	if err != nil {
		return outputError(err)
	}
	defer prof.stop()
	out := newOutputs(e)
	defer out.discard()
	sum, by, err := c.read(e, paths, opt)
	if err != nil {
		return c.broken(e, out, prof, sum, gates, err)
	}
	if err := c.qualityFlags.check(sum); err != nil {
		return inputError(err)
	}
	warnNotes(e, sum)

	ropt := reportOptions(e, sum, gates)
	if err := c.addHistory(&ropt, sum, gates); err != nil {
		return err
	}
	if err := c.addCompare(e, paths, opt, sum, &ropt); err != nil {
		return err
	}
	if err := c.stage(out, e, sum, ropt, by); err != nil {
		return err
	}
	if err := prof.stage(out); err != nil {
		return err
	}
	if err := out.commit(); err != nil {
		return err
	}
	if err := c.alertFlags.fireOnce(e, sum, ropt); err != nil {
		return err
	}
	return c.judge(e, sum, ropt)
}

// options turns the flags into how the logs are read and counted, and the
// gates the run is judged by. Its errors are usage errors.
func (c *reportCmd) options(e *env) (aggregate.Options, aggregate.Gates, error) {
	f, err := c.format()
	if err != nil {
		return aggregate.Options{}, aggregate.Gates{}, usageError(err)
	}
	pl, err := c.plan(e.clock())
	if err != nil {
		return aggregate.Options{}, aggregate.Gates{}, usageError(err)
	}
	opt := aggregate.Options{Settings: pl.set, Workers: c.Workers, Stdin: e.stdin, Format: f, PartialOK: c.PartialOK}
	slos, err := c.sloFileFlags.load(e)
	if err != nil {
		return aggregate.Options{}, aggregate.Gates{}, err
	}
	slos.apply(e, &opt)
	return opt, pl.gates, nil
}

// inputs returns the files to read: the arguments with their globs
// expanded, each file once, none of them an output. With no argument it
// is standard input, if that carries a log.
func (c *reportCmd) inputs(e *env) ([]string, error) {
	files := c.Files
	if len(files) == 0 {
		if !readsStdin(e.stdinMode) {
			return nil, usageError(errors.New(`no input: give log files, or pipe a log into standard input ("-" reads standard input even when it is a terminal or /dev/null)`))
		}
		files = []string{"-"}
	}
	paths, err := c.expand(e, files)
	if err != nil {
		return nil, err
	}
	paths = readOnce(e, paths)
	if err := refuseInputs(c.outputs(), append(paths, c.SLOFile...)); err != nil {
		return nil, err
	}
	return paths, nil
}

// outputs are the files the run writes, none of which may be an input.
func (c *reportCmd) outputs() []output {
	return []output{
		{"-o", c.Output}, {"--save", c.Save}, {"--export", c.Export}, {"--state", c.State},
		{"--cpuprofile", c.CPUProfile}, {"--memprofile", c.MemProfile},
	}
}

// keeping reports whether the run must keep per-status counts: every
// summary it writes may be exported later.
func (c *reportCmd) keeping() bool {
	return c.Save != "" || c.Export != "" || c.State != "" || c.ExportDir != ""
}

// dims returns the dimensions --export-by asks for. They are counted for
// a rollup, now or from the summary later: without one, asking is a
// mistake.
func (c *reportCmd) dims() (aggregate.Dims, error) {
	by, err := c.split()
	if err != nil {
		return 0, err
	}
	if by != 0 && !c.keeping() {
		return 0, usageError(errors.New("--export-by needs --export (or --save or --state, to export the split from their summaries later)"))
	}
	return by, nil
}

// read counts the logs, with the progress line on stderr meanwhile: all
// of them, or with --state what they gained since the last run. It
// returns the split --export-by asked for too, which the rollup needs.
func (c *reportCmd) read(e *env, paths []string, opt aggregate.Options) (*aggregate.Summary, aggregate.Dims, error) {
	opt.Progress = &aggregate.Progress{}
	stopBar := c.startProgress(e, paths, opt.Progress)
	defer stopBar()
	by, err := c.dims()
	if err != nil {
		return nil, 0, err
	}
	opt.Statuses, opt.StatusDims = c.keeping(), by|c.exportDirFlags.dims()
	if statuses, dims := c.filterDims(); statuses {
		opt.Statuses, opt.StatusDims = true, opt.StatusDims|dims
	}
	sum, err := c.stateFlags.run(e.ctx, paths, opt)
	return sum, by, err
}

// broken returns the error of a run whose logs could not be read to the
// end: the signal that stopped it, the usage error, or an input error.
// With --partial-ok it first writes the report of what was read.
func (c *reportCmd) broken(e *env, out *outputs, prof *profiler, sum *aggregate.Summary, gates aggregate.Gates, err error) error {
	if e.ctx.Err() != nil {
		return stopped(e.ctx)
	}
	if errors.As(err, new(*exitError)) {
		return err
	}
	err = withLayoutFlags(err, sum)
	if sum != nil && c.PartialOK {
		// The report of what was read, marked incomplete; no summary,
		// export or gate verdict is written from it.
		if werr := c.stageReport(out, e, sum, reportOptions(e, sum, gates), c.Stamp); werr != nil {
			return werr
		}
		if werr := prof.stage(out); werr != nil {
			return werr
		}
		if werr := out.commit(); werr != nil {
			return werr
		}
	}
	return inputError(err)
}

// stage adds the report, the summary, the rollup and the state to out.
func (c *reportCmd) stage(out *outputs, e *env, sum *aggregate.Summary, ropt report.Options, by aggregate.Dims) error {
	if err := c.stageReport(out, e, sum, ropt, c.Stamp); err != nil {
		return err
	}
	if err := c.summaryFlags.stage(out, sum, by); err != nil {
		return err
	}
	if err := c.exportDirFlags.stage(e, out, sum, by); err != nil {
		return err
	}
	return c.stateFlags.stage(out, sum)
}

// warnNotes prints detection's remarks on the inputs, such as a duration
// the detected format leaves unread, once per input.
func warnNotes(e *env, sum *aggregate.Summary) {
	for _, in := range sum.Inputs {
		if in.Note != "" {
			fmt.Fprintf(e.stderr, "slareport: warning: %s: %s%s\n", in.Name, in.Note, noteAdvice)
		}
	}
}

// readOnce drops the inputs that name a file given before, and says so: a
// log matched by two globs, or given by two names, would count its
// requests twice.
func readOnce(e *env, paths []string) []string {
	paths, repeats := ingest.Distinct(paths)
	for _, r := range repeats {
		if r.Path == r.First {
			fmt.Fprintf(e.stderr, "slareport: %q given twice: read once\n", r.First)
		} else {
			fmt.Fprintf(e.stderr, "slareport: %q given twice (again as %q): read once\n", r.First, r.Path)
		}
	}
	return paths
}
