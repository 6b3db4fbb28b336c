package main

import (
	"errors"
	"fmt"
	"time"
)

// followFlags make a report live: the logs are followed as they grow and
// the report is made again at every interval.
type followFlags struct {
	Follow   bool          `group:"Follow" help:"Keep reading the logs as they grow (following rename and copytruncate rotation; globs are expanded again at every interval, so new files join) until SIGINT or SIGTERM. On a terminal: a live board. Piped: one JSON report per interval, one per line (NDJSON). With -o: the file rewritten atomically at every interval (HTML reloads itself, keeping its scroll position and its time, host, endpoint and class filters)."`
	Interval time.Duration `group:"Follow" default:"10s" placeholder:"DURATION" help:"How often --follow reads and reports (at least 1s; default 10s)."`
	Serve    string        `group:"Follow" placeholder:"ADDR" help:"With --follow, also serve the HTML report at http://ADDR/, updated through server-sent events; ADDR is HOST:PORT (a bare :PORT listens on 127.0.0.1 only)."`
}

// check refuses what a follow run cannot do, before anything is read.
func (f *followFlags) check(c *reportCmd) error {
	if !f.Follow {
		if f.Serve != "" {
			return usageError(errors.New("--serve needs --follow"))
		}
		return nil
	}
	if f.Interval < time.Second {
		return usageError(fmt.Errorf("--interval %s: at least 1s", f.Interval))
	}
	for _, o := range []struct {
		flag string
		set  bool
	}{
		{"--state", c.State != ""}, {"--save", c.Save != ""}, {"--export", c.Export != ""},
		{"--partial-ok", c.PartialOK}, {"--history", c.History != ""}, {"--compare", len(c.Compare) > 0},
		{"--cpuprofile", c.CPUProfile != ""}, {"--memprofile", c.MemProfile != ""},
	} {
		if o.set {
			return usageError(fmt.Errorf("%s cannot be used with --follow: a followed log has no end to save or compare", o.flag))
		}
	}
	if len(c.Files) == 0 {
		return usageError(errors.New("--follow needs log files: standard input cannot be followed (pipe it without --follow)"))
	}
	if c.Format == "openmetrics" {
		return usageError(errors.New("--follow cannot write -f openmetrics: give -f json, html or markdown"))
	}
	return nil
}
