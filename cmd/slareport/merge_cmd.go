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
	historyFlags
}

func (c *mergeCmd) Help() string {
	return `The merged report is the one a single run over all the summaries' logs
would write, with the same gates and exit codes. Flags that change how
requests are counted (--bad, --good, --bucket, --route, the time of
--latency-slo, the filters) were settled when the summaries were saved: the
same values are accepted, others refused.

A window (--period, --since, --until) may be narrower than the summaries:
each summary is taken whole or left out, so the window must not cut through
one's requests (daily summaries answer for any day, week or month they
cover; a cut is refused with the finest window they allow). Summaries of
consecutive windows (--period yesterday, night after night) merge into
their joined window. Without --tz the window is read in the summaries'
zone; another --tz is taken when their buckets divide the report's.

Examples:
  slareport --save web1.slasum /var/log/nginx/access.log
    on each host: a report, and the run's mergeable summary
  slareport merge --slo 99.9 web1.slasum web2.slasum
    one report and one gate over every host
  slareport merge -o all.html web1.slasum web2.slasum
    the same as an HTML page: -o picks the format from the extension
  slareport merge --period 2026-11-02 days/*.slasum
    one day out of summaries saved night after night with --period yesterday
  slareport merge --period last-month --slo 99.9 --history day --compare previous -o month.html days/*.slasum
    last month day by day on a calendar, compared with the month before
  slareport merge --period yesterday --slo 99.9 -o sla.prom days/*.slasum
    the figures as metrics for node_exporter's textfile collector
  slareport --exclude-bots --save web1.slasum /var/log/nginx/access.log
    a summary of the requests left after a filter: merge takes it with others
    saved with the same filter (and --exclude-bots, or no filter flag), and
    refuses the rest
  slareport merge --slo-file slos.yaml web1.slasum web2.slasum
    judge the SLOs of an SLO file over summaries saved with it (--save with
    --slo-file), exactly as one pass over their logs would`
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
	if err := refuseInputs(c.outputs(), append(c.Files, c.SLOFile...)); err != nil {
		return err
	}
	slos, err := c.sloFileFlags.load(e)
	if err != nil {
		return err
	}
	merged, err := c.merge(e, slos)
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
	if err := c.addHistory(&ropt, sum, pl.gates); err != nil {
		return err
	}
	if err := c.addCompare(sum, &ropt); err != nil {
		return err
	}
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
// old to be checked. Its errors are input errors, or usage errors for a
// window the summaries cannot answer for. It reads them twice, one at a
// time: first for what every one of them keeps (status counts, the
// --export-by split) and the window and zone each was saved with, then
// to add each to the merge, so that memory follows the merged state
// rather than the number of summaries. A merge that re-windows them
// (another window or zone than they were all saved with) holds them all.
func (c *mergeCmd) merge(e *env, slos *sloFiles) (*aggregate.State, error) {
	keep, dims := true, aggregate.DimHost|aggregate.DimEndpoint
	var heads []*aggregate.State // the summaries' settings alone
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
		heads = append(heads, &aggregate.State{Settings: st.Settings})
	}
	if len(heads) == 0 {
		return nil, inputError(errors.New("merge: no states"))
	}
	mo, err := c.mergeAsks(e.clock(), heads)
	if err != nil {
		return nil, usageError(err)
	}
	shared, same := sharedWindow(heads)
	if slos != nil {
		// The SLOs' windows are placed by the window flags, else by the
		// summaries' own window when they share one.
		var w aggregate.Window
		if mo.Window != nil {
			w = *mo.Window
		} else if same {
			w = shared
		}
		mo.Objectives, mo.Print = slos.objectives(e, w), slos.print
	}
	var merged *aggregate.State
	if mo.Window == nil && mo.Zone == nil && same && sharedZone(heads) != nil {
		merged, err = c.stream(keep, dims, mo)
	} else {
		merged, err = c.mergeAll(mo)
	}
	var oe *aggregate.ObjectivesError
	if errors.As(err, &oe) && oe.State >= 1 && oe.State <= len(c.Files) {
		return nil, inputError(fmt.Errorf("merge --slo-file: %q: %w", c.Files[oe.State-1], oe.Err))
	}
	if err != nil {
		if errors.As(err, new(*exitError)) {
			return nil, err
		}
		return nil, mergeError(err, c.Files)
	}
	return merged, nil
}

// stream adds the summaries to a merge one at a time.
func (c *mergeCmd) stream(keep bool, dims aggregate.Dims, mo aggregate.MergeOptions) (*aggregate.State, error) {
	var m *aggregate.Merger
	for _, path := range c.Files {
		st, _, err := readSummaryInfo(path)
		if err != nil {
			return nil, inputError(err) // changed since the first pass
		}
		if m == nil {
			m, err = aggregate.NewMerger(st, keep, dims, mo)
		} else {
			err = m.Add(st)
		}
		if err != nil {
			return nil, err
		}
	}
	return m.State(), nil
}

// mergeAll reads every summary and merges them as Merge does, re-windowed.
func (c *mergeCmd) mergeAll(mo aggregate.MergeOptions) (*aggregate.State, error) {
	var states []*aggregate.State
	for _, path := range c.Files {
		st, _, err := readSummaryInfo(path)
		if err != nil {
			return nil, inputError(err)
		}
		states = append(states, st)
	}
	return aggregate.Merge(states, mo)
}

// fixed refuses flags that would change how requests were counted: those
// were settled when the summaries were saved. The same values are fine,
// so one set of flags serves both commands. The window and the zone are
// not among them: the merge answers for another window or zone when the
// summaries allow it (mergeAsks).
func (c *mergeCmd) fixed(pl plan, saved aggregate.Settings) error {
	asked := saved
	if c.Bad != "" || c.Good != "" {
		asked.Rule = pl.set.Rule
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
		return fmt.Errorf("%s were saved with other settings than asked: %s: asked %q, saved with %q: save them again with these flags",
			summaryNames(c.Files), settingFlag(d.Setting), d.B, d.A)
	}
	return nil
}

// sharedWindow is the window every state was saved with, if they share
// one.
func sharedWindow(states []*aggregate.State) (aggregate.Window, bool) {
	if len(states) == 0 {
		return aggregate.Window{}, false
	}
	w := states[0].Settings.Window
	for _, st := range states[1:] {
		if !st.Settings.Window.Since.Equal(w.Since) || !st.Settings.Window.Until.Equal(w.Until) {
			return aggregate.Window{}, false
		}
	}
	return w, true
}
