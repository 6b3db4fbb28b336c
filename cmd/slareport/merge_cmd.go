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
	Files        []string `arg:"" name:"summary" help:"Summaries written by --save or --state (.slasum files)."`
	outputFlags  `set:"autoWithoutOutput=as for the report command" set:"outputHelp=Write the report to FILE (atomically, through symlinks, never over an input) instead of standard output. Its extension picks the format; a -f that contradicts it is refused."`
	stampFlag    `set:"stampHelp=Show in the HTML report when it was made."`
	AllowOverlap bool `help:"Accept summaries that counted the same lines of a log (those requests then count twice)."`
	summaryFlags `set:"saveHelp=Also write the merged summary." set:"exportHelp=Also write the merged Parquet rollup (every summary must have been saved by this version)." set:"exportByHelp=Split the rollup's rows by host, endpoint or both (host,endpoint); every summary must have been saved with them."`

	slaFlags
}

func (c *mergeCmd) Help() string {
	return `The merged report is the one a single run over all the summaries' logs
would write, with the same gates and exit codes. Flags that change how
requests are counted (--bad, --good, --tz, the window, --bucket, --route,
the time of --latency-slo, the filters) were settled when the summaries were
saved: the same values are accepted, others refused.

Examples:
  slareport --save web1.slasum /var/log/nginx/access.log
    on each host: a report, and the run's mergeable summary
  slareport merge --slo 99.9 web1.slasum web2.slasum
    one report and one gate over every host
  slareport merge -o all.html web1.slasum web2.slasum
    the same as an HTML page: -o picks the format from the extension
  slareport --exclude-bots --save web1.slasum /var/log/nginx/access.log
    a summary of the requests left after a filter: merge takes it with others
    saved with the same filter (and --exclude-bots, or no filter flag), and
    refuses the rest`
}

// Validate settles --format against --output.
func (c *mergeCmd) Validate() error { return c.settleFormat() }

func (c *mergeCmd) Run(e *env) error {
	pl, err := c.plan(e.clock())
	if err != nil {
		return usageError(err)
	}
	by, err := c.dims()
	if err != nil {
		return err
	}
	if err := refuseInputs(c.outputs(), c.Files); err != nil {
		return err
	}
	merged, err := c.merge(e)
	if err != nil {
		return err
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
	if err := c.stageReport(out, e, sum, ropt, c.Stamp); err != nil {
		return err
	}
	if err := c.summaryFlags.stage(out, sum, by); err != nil {
		return err
	}
	if err := out.commit(); err != nil {
		return err
	}
	return c.judge(e, sum, ropt)
}

// dims returns the dimensions --export-by asks for. A merged summary keeps
// the split its parts were saved with, so only --export makes --export-by
// mean anything here.
func (c *mergeCmd) dims() (aggregate.Dims, error) {
	if len(c.ExportBy) > 0 && c.Export == "" {
		return 0, usageError(errors.New("--export-by needs --export"))
	}
	return c.split()
}

// outputs are the files the merge writes, none of which may be an input.
func (c *mergeCmd) outputs() []output {
	return []output{{"-o", c.Output}, {"--save", c.Save}, {"--export", c.Export}}
}

// merge reads the summaries and merges them, and warns about those too
// old to be checked. Its errors are input errors. It reads them twice, one
// at a time: first for what every one of them keeps (status counts, the
// --export-by split), then to add each to the merge, so that memory
// follows the merged state rather than the number of summaries.
func (c *mergeCmd) merge(e *env) (*aggregate.State, error) {
	keep, dims := true, aggregate.DimHost|aggregate.DimEndpoint
	for _, path := range c.Files {
		st, info, err := readSummaryInfo(path)
		if err != nil {
			return nil, inputError(err)
		}
		if !info.Checked {
			fmt.Fprintf(e.stderr, "slareport: warning: %q is a version %d summary: it has no checksum, so damage to it "+
				"cannot be detected, and no line fingerprints, so lines it shares with another summary are found "+
				"only when both read the same file\n", path, info.Version)
		}
		keep, dims = aggregate.MergedKeeps(keep, dims, st)
	}
	var m *aggregate.Merger
	for _, path := range c.Files {
		st, _, err := readSummaryInfo(path)
		if err != nil {
			return nil, inputError(err) // changed since the first pass
		}
		if m == nil {
			m, err = aggregate.NewMerger(st, keep, dims, aggregate.MergeOptions{AllowOverlap: c.AllowOverlap})
		} else {
			err = m.Add(st)
		}
		if err != nil {
			return nil, inputError(mergeFlagError(err))
		}
	}
	if m == nil {
		return nil, inputError(errors.New("merge: no states"))
	}
	return m.State(), nil
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
	if c.filterFlags.given() {
		asked.Filter = pl.set.Filter
	}
	if pl.gates.Latency != nil {
		asked.LatencyThreshold = pl.set.LatencyThreshold
	}
	if d, differ := saved.Diff(asked); differ {
		return fmt.Errorf("the summaries were saved with other settings than asked (%s): save them again with these flags", settingDiff(d))
	}
	return nil
}
