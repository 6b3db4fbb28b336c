package main

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/ingest"
	"github.com/slareport/slareport/report"
)

// reportCmd reads logs and writes the availability report.
type reportCmd struct {
	Files   []string   `arg:"" optional:"" name:"file" help:"Log files or glob patterns; - reads standard input. With no file, standard input is read when it is a pipe, a socket or a redirected file (not a terminal or /dev/null)."`
	Format  formatName `short:"f" enum:"auto,markdown,json,html" default:"auto" help:"Report format: ${enum} (any case). auto: with -o, from the file's extension (.html/.htm, .json, .md/.markdown; any other is Markdown); else a coloured summary when standard output is a terminal, and Markdown when it is not."`
	Output  string     `short:"o" placeholder:"FILE" help:"Write the report to FILE instead of standard output: atomically (a temporary file renamed over it, or over the file a symlink points to), in place for a device or pipe, never over an input. Its extension picks the format; a -f that contradicts it is refused."`
	Workers int        `default:"${workers}" help:"Parse workers (default: the number of CPUs)."`
	Stamp   bool       `help:"Show in the HTML report when it was made (off: the same logs give the same bytes)."`

	formatFlags
	qualityFlags
	slaFlags
	saveFlags
	progressFlags
	diagFlags
}

// Validate checks the flags and settles --format against --output.
func (c *reportCmd) Validate() (err error) {
	if c.Workers < 1 {
		return fmt.Errorf("--workers must be at least 1, not %d", c.Workers)
	}
	c.Format, err = outputFormat(c.Format, c.Output, reportExtensions, "markdown")
	return err
}

func (c *reportCmd) Run(e *env) error {
	f, err := c.format()
	if err != nil {
		return usageError(err)
	}
	pl, err := c.plan(e.clock())
	if err != nil {
		return usageError(err)
	}
	opt := aggregate.Options{Settings: pl.set, Workers: c.Workers, Stdin: e.stdin, Format: f}
	files := c.Files
	if len(files) == 0 {
		if !readsStdin(e.stdinMode) {
			return usageError(errors.New(`no input: give log files, or pipe a log into standard input ("-" reads standard input even when it is a terminal or /dev/null)`))
		}
		files = []string{"-"}
	}
	paths, err := ingest.Expand(files)
	if err != nil {
		return inputError(err)
	}
	paths = readOnce(e, paths)
	if err := refuseInputs(c.outputs(), paths); err != nil {
		return err
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
	opt.PartialOK = c.PartialOK
	opt.Progress = &aggregate.Progress{}
	stopBar := c.startProgress(e, paths, opt.Progress)
	sum, err := c.saveFlags.run(e.ctx, paths, opt)
	stopBar()
	if err != nil {
		if e.ctx.Err() != nil {
			return stopped(e.ctx)
		}
		if errors.As(err, new(*exitError)) {
			return err
		}
		if sum != nil && c.PartialOK {
			// The report of what was read, marked incomplete; no summary,
			// export or gate verdict is written from it.
			if werr := c.stageReport(out, e, sum, reportOptions(e, sum, pl.gates)); werr != nil {
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
	if err := c.qualityFlags.check(sum); err != nil {
		return inputError(err)
	}
	warnNotes(e, sum)

	ropt := reportOptions(e, sum, pl.gates)
	if err := c.stageReport(out, e, sum, ropt); err != nil {
		return err
	}
	if err := c.saveFlags.stage(out, sum); err != nil {
		return err
	}
	if err := prof.stage(out); err != nil {
		return err
	}
	if err := out.commit(); err != nil {
		return err
	}
	return c.judge(e, sum, ropt)
}

// outputs are the files the run writes, none of which may be an input.
func (c *reportCmd) outputs() []output {
	return []output{
		{"-o", c.Output}, {"--save", c.Save}, {"--export", c.Export}, {"--state", c.State},
		{"--cpuprofile", c.CPUProfile}, {"--memprofile", c.MemProfile},
	}
}

// warnNotes prints detection's remarks on the inputs, such as a duration
// the detected format leaves unread, once per input.
func warnNotes(e *env, sum *aggregate.Summary) {
	for _, in := range sum.Inputs {
		if in.Note != "" {
			fmt.Fprintf(e.stderr, "slareport: warning: %s: %s\n", in.Name, in.Note)
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

// stageReport adds the report of sum, in the format asked for, to out: for
// standard output, or for --output.
func (c *reportCmd) stageReport(out *outputs, e *env, sum *aggregate.Summary, ropt report.Options) error {
	render := c.renderer(e)
	return out.emit(c.Output, func(w io.Writer) error { return render(w, sum, ropt) })
}

// reportOptions evaluates the objectives the gates name, for the renderers,
// as of now: a window that has not ended yet is judged up to now.
func reportOptions(e *env, sum *aggregate.Summary, g aggregate.Gates) report.Options {
	sum.Now = e.clock()
	var o report.Options
	if g.SLO != nil {
		slo := sum.Evaluate(*g.SLO)
		o.SLO = &slo
	}
	if g.Latency != nil {
		o.LatencySLO = &report.LatencySLO{Objective: *g.Latency, Budget: sum.LatencySLO(*g.Latency)}
	}
	if g.SLO != nil || g.Latency != nil || g.MinRequests > 0 {
		v := sum.Check(g)
		o.Verdict = &v
	}
	return o
}

// judge tells the user which gates failed or passed on no data (stderr,
// and GitHub annotations and step summary when asked) and turns a failure
// into exit 1. The step summary is a copy of the report for the run's
// page: when it cannot be written, that is a warning, and the exit code
// stays the verdict's.
func (c *slaFlags) judge(e *env, sum *aggregate.Summary, ropt report.Options) error {
	v := ropt.Verdict
	if c.GitHub {
		if err := githubSummary(e, sum, ropt); err != nil {
			fmt.Fprintf(e.stderr, "slareport: warning: %v\n", err)
			githubAnnotate(true, e, "warning", err.Error())
		}
	}
	if v == nil {
		return nil
	}
	failed := false
	if v.Insufficient {
		msg := report.GateText(sum, v.Gates[0])
		fmt.Fprintf(e.stderr, "slareport: %s\n", msg)
		if c.FailOnInsufficient {
			failed = true
			githubAnnotate(c.GitHub, e, "error", msg)
		} else {
			githubAnnotate(c.GitHub, e, "notice", msg)
		}
	}
	for _, g := range v.Gates {
		switch {
		case g.Name == "min-requests":
		case !g.Passed:
			failed = true
			msg := report.GateText(sum, g)
			fmt.Fprintf(e.stderr, "slareport: %s\n", msg)
			githubAnnotate(c.GitHub, e, "error", msg)
		case g.NoData:
			// Passed only because --allow-no-data: still say so.
			msg := report.GateText(sum, g)
			fmt.Fprintf(e.stderr, "slareport: %s\n", msg)
			githubAnnotate(c.GitHub, e, "notice", msg)
		}
	}
	if failed {
		return errGateFailed
	}
	return nil
}

// renderer picks the report writer for --format. auto means the terminal
// summary when a person reads standard output, and Markdown for files,
// pipes and CI logs.
func (c *reportCmd) renderer(e *env) func(io.Writer, *aggregate.Summary, report.Options) error {
	switch {
	case c.Format == "json":
		return report.JSON
	case c.Format == "html":
		var made time.Time
		if c.Stamp {
			made = e.clock()
		}
		return func(w io.Writer, s *aggregate.Summary, o report.Options) error {
			return report.HTML(w, s, report.HTMLOptions{Options: o, Generated: made})
		}
	case c.Format == "auto" && c.Output == "" && e.stdoutIsTTY:
		color := e.lookup("NO_COLOR") == "" && e.lookup("TERM") != "dumb"
		return func(w io.Writer, s *aggregate.Summary, o report.Options) error {
			return report.Terminal(w, s, report.TerminalOptions{Options: o, Color: color})
		}
	}
	return report.Markdown
}
