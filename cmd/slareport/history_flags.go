package main

import (
	"fmt"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/report"
)

// historyFlags add the period-by-period compliance table to a report or
// a merge.
type historyFlags struct {
	History string `group:"History" placeholder:"PERIOD" enum:",day,week,month" default:"" help:"Add a compliance table with one row per day, week or month of the window (in --tz): requests, bad, availability, the SLO's verdict and budget, the worst hour and the downtime-equivalent minutes."`
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
