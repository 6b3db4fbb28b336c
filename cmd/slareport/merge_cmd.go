package main

import (
	"errors"
	"fmt"

	"github.com/slareport/slareport/aggregate"
)

// mergeCmd renders a report from summaries saved with --save or --state,
// exactly as if all their logs had been read in one pass: summaries from
// many hosts, or many days, become one report without the raw logs.
type mergeCmd struct {
	Files        []string   `arg:"" name:"summary" help:"Summaries written by --save or --state (.slasum files)."`
	Format       formatName `short:"f" enum:"auto,markdown,json,html" default:"auto" help:"Report format: ${enum} (any case). auto: with -o, from the file's extension (.html/.htm, .json, .md/.markdown; any other is Markdown); else as for the report command."`
	Output       string     `short:"o" placeholder:"FILE" help:"Write the report to FILE (atomically, through symlinks, never over an input) instead of standard output. Its extension picks the format; a -f that contradicts it is refused."`
	Stamp        bool       `help:"Show in the HTML report when it was made."`
	AllowOverlap bool       `help:"Accept summaries that counted the same lines of a log (those requests then count twice)."`
	Save         string     `group:"Summaries" placeholder:"FILE.slasum" help:"Also write the merged summary."`
	Export       string     `group:"Summaries" placeholder:"FILE.parquet" help:"Also write the merged Parquet rollup (every summary must have been saved by this version)."`
	ExportBy     []string   `group:"Summaries" name:"export-by" enum:"host,endpoint" sep:"," placeholder:"DIM" help:"Split the rollup's rows by host, endpoint or both (host,endpoint); every summary must have been saved with them."`

	slaFlags
}

func (c *mergeCmd) Help() string {
	return `The merged report is the one a single run over all the summaries' logs
would write, with the same gates and exit codes. Flags that change how
requests are counted (--bad, --good, --tz, the window, --bucket, --route,
the time of --latency-slo) were settled when the summaries were saved: the
same values are accepted, others refused.

Examples:
  slareport --save web1.slasum /var/log/nginx/access.log
    on each host: a report, and the run's mergeable summary
  slareport merge --slo 99.9 web1.slasum web2.slasum
    one report and one gate over every host
  slareport merge -o all.html web1.slasum web2.slasum
    the same as an HTML page: -o picks the format from the extension`
}

// Validate settles --format against --output.
func (c *mergeCmd) Validate() (err error) {
	c.Format, err = outputFormat(c.Format, c.Output, reportExtensions, "markdown")
	return err
}

func (c *mergeCmd) Run(e *env) error {
	pl, err := c.plan(e.clock())
	if err != nil {
		return usageError(err)
	}
	// A merged summary keeps the split its parts were saved with, so only
	// --export makes --export-by mean anything here.
	if len(c.ExportBy) > 0 && c.Export == "" {
		return usageError(errors.New("--export-by needs --export"))
	}
	save := saveFlags{Save: c.Save, Export: c.Export, ExportBy: c.ExportBy}
	by, err := save.dims()
	if err != nil {
		return err
	}
	outs := []output{{"-o", c.Output}, {"--save", c.Save}, {"--export", c.Export}}
	if err := refuseInputs(outs, c.Files); err != nil {
		return err
	}
	var states []*aggregate.State
	for _, path := range c.Files {
		st, info, err := readSummaryInfo(path)
		if err != nil {
			return inputError(err)
		}
		if !info.Checked {
			fmt.Fprintf(e.stderr, "slareport: warning: %q is a version %d summary: it has no checksum, so damage to it "+
				"cannot be detected, and no line fingerprints, so lines it shares with another summary are found "+
				"only when both read the same file\n", path, info.Version)
		}
		states = append(states, st)
	}
	merged, err := aggregate.Merge(states, aggregate.MergeOptions{AllowOverlap: c.AllowOverlap})
	if err != nil {
		return inputError(mergeFlagError(err))
	}
	if err := c.fixed(pl, merged.Settings); err != nil {
		return usageError(err)
	}
	if missing := by &^ merged.Dims; missing != 0 {
		return usageError(fmt.Errorf("the summaries were not all saved with --export-by %s: save them again with it", missing))
	}
	sum, err := merged.Summary()
	if err != nil {
		return inputError(err)
	}
	ropt := reportOptions(e, sum, pl.gates)
	out := newOutputs(e)
	defer out.discard()
	if err := (&reportCmd{Format: c.Format, Output: c.Output, Stamp: c.Stamp}).stageReport(out, e, sum, ropt); err != nil {
		return err
	}
	if err := save.stage(out, sum); err != nil {
		return err
	}
	if err := out.commit(); err != nil {
		return err
	}
	return c.judge(e, sum, ropt)
}

// fixed refuses flags that would change how requests were counted: those
// were settled when the summaries were saved. The same values are fine,
// so one set of flags serves both commands.
func (c *mergeCmd) fixed(pl plan, saved aggregate.Settings) error {
	asked := saved
	if c.Bad != "" || c.Good != "" {
		asked.Rule = pl.set.Rule
	}
	if c.TZ != "" {
		asked.Zone = pl.set.Zone
	}
	if c.Since != "" || c.Until != "" || c.Period != "" {
		asked.Window = pl.set.Window
	}
	if c.Bucket != "" {
		asked.Bucket = pl.set.Bucket
	}
	if len(c.Route) > 0 {
		asked.Routes = pl.set.Routes
	}
	if pl.gates.Latency != nil {
		asked.LatencyThreshold = pl.set.LatencyThreshold
	}
	if d, differ := saved.Diff(asked); differ {
		return fmt.Errorf("the summaries were saved with other settings than asked (%s): save them again with these flags", settingDiff(d))
	}
	return nil
}
