package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/ingest"
)

// stateFlags make a report incremental: the state that lets the next cron
// run read only what the logs gained.
type stateFlags struct {
	State string `group:"Summaries" placeholder:"FILE" help:"Incremental runs: read only the log bytes added since the run that wrote FILE (following rotation and truncation; in a bucket, the objects not counted yet), report on all of them, and update FILE."`
}

// run reads the logs: all of them, or with --state only what is new, added
// to the summary the state file holds.
func (f *stateFlags) run(ctx context.Context, paths []string, opt aggregate.Options) (*aggregate.Summary, error) {
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
func (f *stateFlags) resumable(paths []string) error {
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

// stage adds the state, the run's summary, to out.
func (f *stateFlags) stage(out *outputs, sum *aggregate.Summary) error {
	if f.State == "" {
		return nil
	}
	return out.file(f.State, summaryWriter(sum))
}
