package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/ingest"
	"github.com/slareport/slareport/parse"
	"github.com/slareport/slareport/report"
)

// reportCmd reads logs and writes the availability report.
type reportCmd struct {
	Files   []string  `arg:"" optional:"" name:"file" help:"Log files or glob patterns; - reads standard input. With no file, piped standard input is read."`
	Format  string    `short:"f" enum:"markdown,json" default:"markdown" help:"Report format: ${enum}."`
	Output  string    `short:"o" placeholder:"FILE" help:"Write the report to FILE (atomically: temp file + rename) instead of standard output."`
	SLO     sloTarget `name:"slo" placeholder:"PERCENT" help:"Availability objective in percent, e.g. 99.9; exit 1 when it is not met."`
	Workers int       `default:"${workers}" help:"Parse workers (default: the number of CPUs)."`

	formatFlags
}

// sloTarget is the --slo flag; kong reports a bad value as a usage error.
type sloTarget struct{ aggregate.Target }

func (t *sloTarget) UnmarshalText(b []byte) error {
	v, err := aggregate.ParseTarget(string(b))
	t.Target = v
	return err
}

func (c *reportCmd) Validate() error {
	if c.Workers < 1 {
		return fmt.Errorf("--workers must be at least 1, not %d", c.Workers)
	}
	return nil
}

func (c *reportCmd) Run(e *env) error {
	f, err := c.format()
	if err != nil {
		return usageError(err)
	}
	opt := aggregate.Options{Workers: c.Workers, Stdin: e.stdin, Format: f}
	files := c.Files
	if len(files) == 0 {
		if e.stdinIsTTY {
			return usageError(errors.New("no input: give log files, or pipe a log into standard input"))
		}
		files = []string{"-"}
	}
	paths, err := ingest.Expand(files)
	if err != nil {
		return inputError(err)
	}

	sum, err := aggregate.Run(e.ctx, paths, opt)
	if err != nil {
		if e.ctx.Err() != nil {
			return e.ctx.Err()
		}
		return inputError(err)
	}
	if err := checkParsed(sum); err != nil {
		return inputError(err)
	}

	var ropt report.Options
	if !c.SLO.IsZero() {
		o := sum.Evaluate(c.SLO.Target)
		ropt.SLO = &o
	}
	render := report.Markdown
	if c.Format == "json" {
		render = report.JSON
	}
	write := func(w io.Writer) error { return render(w, sum, ropt) }
	if c.Output == "" {
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			return outputError(err)
		}
		if _, err := e.stdout.Write(buf.Bytes()); err != nil {
			return outputError(fmt.Errorf("write standard output: %w", err))
		}
	} else if err := writeAtomic(c.Output, write); err != nil {
		return outputError(err)
	}

	if ropt.SLO != nil && !ropt.SLO.Met {
		a, _ := sum.Availability()
		fmt.Fprintf(e.stderr, "slareport: SLO %s breached: availability %.4f%% over %d requests\n",
			c.SLO.Target, 100*a, sum.Requests())
		return errSLOBreached
	}
	return nil
}

// checkParsed refuses to call garbage a report: when lines were read but
// not one of them parsed (blank lines aside), the format is wrong and an
// "availability: no data" report with exit 0 would hide it.
func checkParsed(s *aggregate.Summary) error {
	nonBlank := s.Lines.Malformed - s.Malformed[parse.ErrEmpty.Error()]
	if s.Lines.Parsed > 0 || nonBlank == 0 {
		return nil
	}
	msg := fmt.Sprintf("none of %d lines could be parsed", s.Lines.Read)
	if len(s.Samples) > 0 {
		smp := s.Samples[0]
		msg += fmt.Sprintf(" (first: %s)", &parse.ParseError{Source: smp.Input, Line: smp.Line, Err: errors.New(smp.Reason), Field: smp.Text})
	}
	return errors.New(msg + "; is it an access log? give --log-format if it has a custom layout")
}
