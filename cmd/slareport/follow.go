package main

// The follow loop: read what the logs gained, count it, judge it and
// report, at every interval, until a signal (or q on the board) ends it.
// Reading is ingest's Follower, counting aggregate's Live; this file only
// wires them to the outputs and the alert hooks.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/ingest"
	"github.com/slareport/slareport/report"
)

// sink is where a follow run's reports go, one per interval.
type sink interface {
	// show renders the report made at at; it must write whole reports
	// only, so that a run stopped at any moment leaves complete output.
	show(sum *aggregate.Summary, ropt report.Options, live *aggregate.Live, at time.Time) error
	// quit is closed when the user asked to stop (q on the board), and
	// stopErr is then how the run ends.
	quit() <-chan struct{}
	stopErr() error
	close()
}

// follow runs the report command with --follow.
func (c *reportCmd) follow(e *env) error {
	if err := c.followFlags.check(c); err != nil {
		return err
	}
	opt, gates, err := c.options(e)
	if err != nil {
		return err
	}
	fw, err := c.follower(e)
	if err != nil {
		return err
	}
	defer fw.Close()
	// A live page filters by time range, host, endpoint and class, as a
	// report's does: only an HTML page pays for the counts per minute
	// and status, and their split by host and endpoint.
	if c.Format == "html" || c.Serve != "" {
		opt.Statuses, opt.StatusDims = true, aggregate.DimHost|aggregate.DimEndpoint
	}
	live, err := aggregate.NewLive(opt)
	if err != nil {
		return usageError(err)
	}
	hooks, err := c.alertFlags.start(e)
	if err != nil {
		return err
	}
	// A stopped run gives the events under way one delivery's time.
	defer hooks.close(c.AlertTimeout)
	out, err := c.sink(e)
	if err != nil {
		return err
	}
	defer out.close()
	return c.followLoop(e, fw, live, gates, hooks, out)
}

// follower opens the logs for following, refusing an output that is one
// of them; the kernel is asked to report changes where it can.
func (c *reportCmd) follower(e *env) (*ingest.Follower, error) {
	paths, err := ingest.Expand(c.Files)
	if err != nil {
		return nil, inputError(err)
	}
	if err := refuseInputs(c.outputs(), append(paths, c.SLOFile...)); err != nil {
		return nil, err
	}
	fw, err := ingest.NewFollower(c.Files)
	switch {
	case errors.Is(err, ingest.ErrNotRegular):
		return nil, usageError(fmt.Errorf("--follow: %w: only files can be followed", err))
	case err != nil && c.Files[0] == "-":
		return nil, usageError(fmt.Errorf("--follow: %w", err))
	case err != nil:
		return nil, inputError(err)
	}
	if err := fw.Watch(); err != nil {
		fmt.Fprintf(e.stderr, "slareport: warning: no file change notifications (%v): polling every %s\n", err, c.Interval)
	}
	return fw, nil
}

// sink picks where the reports go: the file -o names, rewritten each
// time; the board on a terminal; NDJSON anywhere else.
func (c *reportCmd) sink(e *env) (sink, error) {
	var s sink
	switch {
	case c.Output != "":
		s = &fileSink{c: c, e: e}
	case e.stdoutIsTTY && c.Format == "auto":
		b, err := startBoard(e, c.Interval)
		if err != nil {
			return nil, outputError(err)
		}
		s = b
	case c.Format == "auto" || c.Format == "json":
		s = &ndjsonSink{w: e.stdout}
	default:
		return nil, usageError(fmt.Errorf("--follow writes one JSON report per line to standard output: give -f json, or -o FILE for -f %s", c.Format))
	}
	if c.Serve != "" {
		srv, err := startServer(e, c.Serve, s)
		if srv != nil {
			srv.c = c
		}
		if err != nil {
			s.close()
			return nil, err
		}
		s = srv
	}
	return s, nil
}

// followLoop reads, counts and reports at every interval. An input error
// ends it (exit 3) after the last complete report; a signal ends it with
// 128 + its number.
func (c *reportCmd) followLoop(e *env, fw *ingest.Follower, live *aggregate.Live, gates aggregate.Gates, hooks *hooks, out sink) error {
	tick := time.NewTicker(c.Interval)
	defer tick.Stop()
	var watch aggregate.AlertWatch
	for first := true; ; first = false {
		if first || fw.Changed() {
			at := e.clock()
			err := fw.Poll(func(ch ingest.Chunk) error { return live.Feed(e.ctx, at, ch) })
			if e.ctx.Err() != nil {
				return stopped(e.ctx)
			}
			if err != nil {
				return inputError(withLayoutFlags(err, nil))
			}
			c.tellChanges(e, fw)
		}
		now := e.clock()
		sum := live.Summary(now)
		if first {
			warnNotes(e, sum)
		}
		ropt := reportOptions(e, sum, gates)
		hooks.send(watch.Update(judgedSLOs(sum, ropt), now))
		if err := out.show(sum, ropt, live, now); err != nil {
			return err
		}
		select {
		case <-e.ctx.Done():
			return stopped(e.ctx)
		case <-out.quit():
			return out.stopErr()
		case <-tick.C:
		}
	}
}

// tellChanges says on stderr what happened to the files, unless the board
// holds the terminal.
func (c *reportCmd) tellChanges(e *env, fw *ingest.Follower) {
	if e.stdoutIsTTY && e.stderrIsTTY && c.Output == "" {
		return
	}
	for _, ch := range fw.Changes {
		switch ch.What {
		case "new":
			fmt.Fprintf(e.stderr, "slareport: following %q\n", ch.Path)
		case "rotated":
			fmt.Fprintf(e.stderr, "slareport: %q was rotated: reading it to its end\n", ch.Path)
		case "truncated":
			fmt.Fprintf(e.stderr, "slareport: %q was truncated: reading it from its start\n", ch.Path)
		}
	}
}

// judgedSLOs are the SLOs whose alerts the hooks hear of: --slo, named
// "availability", and each SLO of the SLO files.
func judgedSLOs(sum *aggregate.Summary, ropt report.Options) []aggregate.Judged {
	var out []aggregate.Judged
	if ropt.SLO != nil {
		out = append(out, aggregate.JudgedSLO("availability", *ropt.SLO))
	}
	for _, o := range ropt.Objectives {
		out = append(out, aggregate.JudgedObjective(o))
	}
	return out
}

// ndjsonSink writes a JSON report per line.
type ndjsonSink struct {
	w io.Writer
}

func (s *ndjsonSink) show(sum *aggregate.Summary, ropt report.Options, _ *aggregate.Live, at time.Time) error {
	var buf bytes.Buffer
	if err := report.JSONLine(&buf, sum, ropt, at); err != nil {
		return outputError(err)
	}
	// One write: a reader never sees half a line.
	if _, err := s.w.Write(buf.Bytes()); err != nil {
		return outputError(fmt.Errorf("write standard output: %w", err))
	}
	return nil
}

func (s *ndjsonSink) quit() <-chan struct{} { return nil }
func (s *ndjsonSink) stopErr() error        { return nil }
func (s *ndjsonSink) close()                {}

// fileSink rewrites the -o file at every interval, atomically: a reader
// sees the previous report or the next, never half of one. An HTML page
// reloads itself at the interval, keeping its scroll position and its
// filters.
type fileSink struct {
	c *reportCmd
	e *env
}

func (s *fileSink) show(sum *aggregate.Summary, ropt report.Options, _ *aggregate.Live, at time.Time) error {
	// The outputs of one interval are committed even when a signal comes
	// meanwhile: the rename is atomic, and the loop stops after it.
	e := *s.e
	e.ctx = context.WithoutCancel(s.e.ctx)
	out := newOutputs(&e)
	defer out.discard()
	err := out.emit(s.c.Output, func(w io.Writer) error {
		return s.c.liveRenderer(&e, "")(w, sum, ropt)
	})
	if err != nil {
		return err
	}
	return out.commit()
}

func (s *fileSink) quit() <-chan struct{} { return nil }
func (s *fileSink) stopErr() error        { return nil }
func (s *fileSink) close()                {}

// liveRenderer is the report writer of a follow run: HTML that reloads
// itself (after each interval, or on the server's events when events is
// its path), or the format asked for.
func (c *reportCmd) liveRenderer(e *env, events string) func(io.Writer, *aggregate.Summary, report.Options) error {
	if c.Format != "html" && events == "" {
		return c.renderer(e, c.Stamp)
	}
	return func(w io.Writer, s *aggregate.Summary, o report.Options) error {
		live := &report.HTMLLive{Refresh: c.Interval, Events: events}
		return report.HTML(w, s, report.HTMLOptions{Options: o, Generated: e.clock(), Live: live})
	}
}
