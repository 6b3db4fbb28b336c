package main

import (
	"fmt"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/report"
)

// --compare on a run and on merge: the previous period is counted the way
// the report was (a second pass over the logs, or the same summaries
// re-windowed), or read from the summaries given.

// addCompare adds the comparison --compare asks for to a run's report:
// the previous period is a second pass over the same logs with its
// window.
func (c *reportCmd) addCompare(e *env, paths []string, opt aggregate.Options, sum *aggregate.Summary, ropt *report.Options) error {
	previous, files, err := c.comparing()
	if err != nil || (!previous && len(files) == 0) {
		return err
	}
	var prev *aggregate.Summary
	if previous {
		if c.State != "" {
			return usageError(fmt.Errorf("--compare previous cannot be used with --state: the logs read before are not read again"))
		}
		w, err := previousWindow(opt.Window, opt.Zone)
		if err != nil {
			return err
		}
		opt.Window = w
		opt.Progress, opt.Statuses, opt.StatusDims = nil, false, 0
		if prev, err = aggregate.Run(e.ctx, paths, opt); err != nil {
			if e.ctx.Err() != nil {
				return stopped(e.ctx)
			}
			return inputError(fmt.Errorf("--compare previous: %w", err))
		}
	} else if prev, err = compareSummaries(c.outputs(), files, aggregate.MergeOptions{}); err != nil {
		return err
	}
	cmp := aggregate.Compare(sum, prev)
	ropt.Compare = &cmp
	return nil
}

// addCompare adds the comparison --compare asks for to a merge's report:
// the previous period is the same summaries merged for its window.
func (c *mergeCmd) addCompare(sum *aggregate.Summary, ropt *report.Options) error {
	previous, files, err := c.comparing()
	if err != nil || (!previous && len(files) == 0) {
		return err
	}
	mo := aggregate.MergeOptions{AllowOverlap: c.AllowOverlap}
	if previous {
		w, err := previousWindow(sum.Window, sum.Zone)
		if err != nil {
			return err
		}
		mo.Window, mo.Zone, files = &w, sum.Zone, c.Files
	}
	prev, err := compareSummaries(c.outputs(), files, mo)
	if err != nil {
		return err
	}
	cmp := aggregate.Compare(sum, prev)
	ropt.Compare = &cmp
	return nil
}

// compareSummaries reads and merges the summaries of the period compared
// with, none of which may be an output.
func compareSummaries(outs []output, files []string, mo aggregate.MergeOptions) (*aggregate.Summary, error) {
	if err := refuseInputs(outs, files); err != nil {
		return nil, err
	}
	var states []*aggregate.State
	for _, path := range files {
		st, _, err := readSummaryInfo(path)
		if err != nil {
			return nil, inputError(fmt.Errorf("--compare: %w", err))
		}
		states = append(states, st)
	}
	merged, err := aggregate.Merge(states, mo)
	if err != nil {
		return nil, mergeError(fmt.Errorf("--compare: %w", err), files)
	}
	sum, err := merged.Summary()
	if err != nil {
		return nil, inputError(fmt.Errorf("--compare: %w", err))
	}
	return sum, nil
}
