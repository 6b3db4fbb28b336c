package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/report"
)

// historyFlags add the period-by-period compliance table and the
// comparison with another period to a report or a merge.
type historyFlags struct {
	Compare []string `group:"History" placeholder:"previous|FILE.slasum" help:"Add a comparison with another period: 'previous', the period of the same length just before the window (whole days, or whole months, on the calendar), or summaries saved with --save (repeat, or separate with commas)."`
	History string   `group:"History" placeholder:"PERIOD" enum:",day,week,month" default:"" help:"Add a compliance table with one row per day, week or month of the window (in --tz): requests, bad, availability, the SLO's verdict and budget, the worst hour and the downtime-equivalent minutes."`
}

// addHistory puts the history the flags ask for into the report options.
func (f *historyFlags) addHistory(ropt *report.Options, sum *aggregate.Summary, g aggregate.Gates) error {
	if f.History == "" {
		return nil
	}
	p, err := aggregate.ParseHistoryPeriod(f.History)
	if err != nil {
		return usageError(fmt.Errorf("--history: %w", err))
	}
	var targets []aggregate.NamedTarget
	if g.SLO != nil {
		targets = append(targets, aggregate.NamedTarget{Name: "availability", Target: *g.SLO})
	}
	h := sum.History(p, targets)
	ropt.History = &h
	return nil
}

// comparing returns what --compare asks for: the previous period, or the
// summaries to compare with; neither without the flag.
func (f *historyFlags) comparing() (previous bool, files []string, err error) {
	for _, v := range f.Compare {
		if v == "previous" {
			previous = true
		} else if v != "" {
			files = append(files, v)
		}
	}
	if previous && len(files) > 0 {
		return false, nil, usageError(errors.New("--compare takes 'previous' or summaries, not both"))
	}
	return previous, files, nil
}

// previousWindow is the window --compare previous compares with.
func previousWindow(w aggregate.Window, zone *time.Location) (aggregate.Window, error) {
	prev, err := aggregate.PreviousWindow(w, zone)
	if errors.Is(err, aggregate.ErrNoWindow) {
		return prev, usageError(errors.New("--compare previous needs a window with a start and an end: give --period, or --since and --until"))
	}
	return prev, err
}
