package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/slareport/slareport/aggregate/openslo"
)

// checkCmd validates OpenSLO files and prints the SLOs as slareport
// understood them, so that a file can be reviewed (and gated in CI)
// before any log is read.
type checkCmd struct {
	Files  []string `arg:"" name:"file" help:"OpenSLO v1 files (YAML, several documents each); '-' reads standard input. References may point from one file into another."`
	Format string   `short:"f" enum:"text,json" default:"text" help:"Output format: ${enum}. json is the SLOs as understood, for tools."`
}

func (c *checkCmd) Help() string {
	return `Exit codes: 0 when every file is valid, 2 when one is not (each error on
stderr as FILE:LINE:COLUMN: what is wrong), 3 when one cannot be read.

Examples:
  slareport check slos.yaml
    the SLOs as understood: selector in words, window, target, alert rules
  slareport check services/*.yaml
    several files as one set: an indicatorRef may name an SLI in another
  slareport check -f json slos.yaml
    the same as JSON`
}

// stdinName names standard input in positions: "<stdin>:3:7".
const stdinName = "<stdin>"

func (c *checkCmd) Run(e *env) error {
	var sources []openslo.Source
	for _, name := range c.Files {
		if name == "-" {
			sources = append(sources, openslo.Source{Name: stdinName, R: e.stdin})
			continue
		}
		f, err := os.Open(name)
		if err != nil {
			return inputError(fmt.Errorf("open %q: %w", name, unwrapPath(err)))
		}
		defer f.Close()
		sources = append(sources, openslo.Source{Name: name, R: f})
	}
	file, err := openslo.Load(sources...)
	var rerr *openslo.ReadError
	var errs *openslo.Errors
	switch {
	case errors.As(err, &rerr):
		return inputError(fmt.Errorf("read %q: %w", rerr.Name, unwrapPath(rerr.Err)))
	case errors.As(err, &errs):
		fmt.Fprintln(e.stderr, errs.Error())
		return usageError(fmt.Errorf("check: %s", plural(errs.Count(), "error")))
	case err != nil:
		return inputError(err)
	}
	var b bytes.Buffer
	if c.Format == "json" {
		err = writeCheckJSON(&b, c.names(), file)
	} else {
		writeCheck(&b, c.names(), file)
	}
	if err != nil {
		return err
	}
	if _, err := e.stdout.Write(b.Bytes()); err != nil {
		return outputError(fmt.Errorf("write standard output: %w", err))
	}
	return nil
}

// names are the files as positions name them.
func (c *checkCmd) names() []string {
	var names []string
	for _, n := range c.Files {
		if n == "-" {
			n = stdinName
		}
		names = append(names, n)
	}
	return names
}

// writeCheck prints the services and SLOs of f as understood, one block
// each. Free text from the file (titles, descriptions) is quoted and
// patterns are escaped by openslo, so nothing in it reaches a terminal
// raw.
func writeCheck(w io.Writer, names []string, f *openslo.File) {
	fmt.Fprintf(w, "%s: %s and %s, valid\n", strings.Join(names, ", "), plural(len(f.SLOs), "SLO"), plural(len(f.Services), "service"))
	line := func(label, text string) { fmt.Fprintf(w, "  %-9s %s\n", label, text) }
	for _, s := range f.Services {
		fmt.Fprintf(w, "\nservice %s (%s)\n", s.Name, s.Pos)
		if s.DisplayName != "" {
			line("title", strconv.Quote(s.DisplayName))
		}
		if s.Description != "" {
			line("about", strconv.Quote(s.Description))
		}
	}
	for _, s := range f.SLOs {
		fmt.Fprintf(w, "\nslo %s (%s)\n", s.Name, s.Pos)
		if s.DisplayName != "" {
			line("title", strconv.Quote(s.DisplayName))
		}
		if s.Description != "" {
			line("about", strconv.Quote(s.Description))
		}
		line("service", s.Service)
		line("indicator", s.Indicator.Name)
		line("selects", s.Indicator.Describe())
		if s.GroupBy != openslo.GroupByNone {
			line("groups", fmt.Sprintf("one SLO per %s (groupBy %s)", s.GroupBy, s.GroupBy))
		}
		line("window", s.Window.Describe())
		line("target", targetWords(s))
		writeAlerts(w, s)
	}
}

// targetWords says what the objective asks: "99.5% of requests good
// (Occurrences)".
func targetWords(s openslo.SLO) string {
	if s.BudgetingMethod == openslo.Timeslices {
		return fmt.Sprintf("%s of %s slices good, a slice being good when %s of its requests are (Timeslices)",
			s.Target, sliceWords(s.TimeSliceWindow), s.TimeSliceTarget)
	}
	return fmt.Sprintf("%s of requests good (%s)", s.Target, s.BudgetingMethod)
}

// sliceWords names a slice length as an adjective: "5-minute", "1-hour".
func sliceWords(d time.Duration) string {
	short := openslo.Short(d)
	n, unit := short[:len(short)-1], short[len(short)-1:]
	return n + "-" + map[string]string{"m": "minute", "h": "hour", "d": "day"}[unit]
}

func writeAlerts(w io.Writer, s openslo.SLO) {
	switch {
	case s.DefaultAlerts:
		fmt.Fprintf(w, "  %-9s %s\n", "alerts", "the Workbook's four rules, as no alertPolicies are given:")
	case len(s.Alerts) == 0:
		fmt.Fprintf(w, "  %-9s %s\n", "alerts", "none (alertPolicies is empty)")
		return
	default:
		fmt.Fprintf(w, "  %-9s %s\n", "alerts", "burn-rate alerts of the alertPolicies:")
	}
	for _, a := range s.Alerts {
		name := ""
		if a.Name != "" {
			name = a.Name + " (" + a.Policy + "): "
		}
		fmt.Fprintf(w, "  %-9s %-7s %sburn rate above %s over %s and over %s\n", "", openslo.Bare(a.Severity), name,
			strconv.FormatFloat(a.Threshold, 'f', -1, 64), openslo.Short(a.LookbackWindow), openslo.Short(a.AlertAfter))
	}
}
