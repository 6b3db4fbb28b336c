package aggregate

// The choices of a run: Options configure Run, and Settings are those
// among them that shape the counts, which a State records and Merge
// compares.

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/slareport/slareport/ingest"
	"github.com/slareport/slareport/parse"
)

// Options configure a Run. Zero values mean the defaults.
type Options struct {
	// Workers is the number of parse goroutines (default GOMAXPROCS).
	Workers int
	// Format parses every input; nil detects it per input from its first
	// lines.
	Format *parse.Format
	// BlockSize and MaxLine are passed to ingest.NewSplitter.
	BlockSize, MaxLine int
	// Samples is how many malformed lines to keep (default 5; -1 keeps none).
	Samples int
	// Stdin is read for the path "-" (default: the process's standard
	// input).
	Stdin io.Reader

	// Window filters requests by time; lines outside it are filtered.
	Window Window
	// Rule decides which requests are bad (default: 5xx).
	Rule BadRule
	// Zone places hour and day boundaries (default UTC).
	Zone *time.Location
	// Bucket is the series bucket width in seconds; 0 chooses one from the
	// covered span (AutoBucket).
	Bucket int64
	// LatencyThreshold, in seconds, makes the run count requests faster
	// than it, for a latency SLO. 0 counts nothing.
	LatencyThreshold float64
	// Routes name endpoints by pattern before the automatic collapsing.
	Routes []Route
	// Progress, when set, is updated as blocks are read.
	Progress *Progress
	// Readers is how many inputs are read at once (default: one per three
	// CPUs, at least one). A reader decompresses and cuts blocks for the
	// workers; a second one only pays when it has cores to run on.
	Readers int
	// Statuses keeps requests per minute and status in the State, for the
	// Parquet rollup. Off, the hot loop does not pay for it.
	Statuses bool
	// StatusDims also splits requests per status by host and endpoint
	// keys, in buckets no finer than the report's, for the rollup's host
	// and endpoint columns. 0, the hot loop does not pay for it.
	StatusDims Dims
	// Resume, by path index, continues inputs where an earlier run
	// stopped; nil or a zero Resume reads an input from its start.
	Resume []ingest.Resume
	// PartialOK makes Run return, beside an input error, the Summary of
	// every line read before it (with Incomplete set), instead of nil.
	// Cancellation still returns nil.
	PartialOK bool
}

// Settings are the choices of a run that shape its counts. States merge
// only when their Settings are equal: a request counted as bad under one
// rule cannot be recounted under another.
type Settings struct {
	Rule             BadRule
	Zone             *time.Location
	Window           Window
	Bucket           int64   // the series width asked for; 0: automatic
	LatencyThreshold float64 // seconds; 0: none
	Routes           []Route
	Samples          int // malformed lines kept
}

// settings returns the Settings of a run with opt, defaults applied.
func (opt *Options) settings() Settings {
	return Settings{Rule: opt.Rule, Zone: opt.Zone, Window: opt.Window, Bucket: opt.Bucket,
		LatencyThreshold: opt.LatencyThreshold, Routes: opt.Routes, Samples: opt.Samples}
}

// Equal reports whether two runs counted alike.
func (s Settings) Equal(o Settings) bool { return s.Diff(o) == "" }

// Diff names the first setting that differs between s and o, as a flag
// with both values, or returns "" when they are equal.
func (s Settings) Diff(o Settings) string {
	routes := func(rs []Route) string {
		var p []string
		for _, r := range rs {
			p = append(p, r.String())
		}
		return strings.Join(p, " ")
	}
	win := func(w Window) string {
		f := func(t time.Time) string {
			if t.IsZero() {
				return "open"
			}
			return t.UTC().Format(time.RFC3339Nano)
		}
		return f(w.Since) + " to " + f(w.Until)
	}
	zone := func(z *time.Location) string {
		if z == nil {
			return "UTC"
		}
		return z.String()
	}
	for _, d := range []struct{ flag, a, b string }{
		{"--bad/--good", s.Rule.String(), o.Rule.String()},
		{"--tz", zone(s.Zone), zone(o.Zone)},
		{"the window", win(s.Window), win(o.Window)},
		{"--bucket", fmt.Sprint(s.Bucket), fmt.Sprint(o.Bucket)},
		{"the --latency-slo threshold", fmt.Sprint(s.LatencyThreshold), fmt.Sprint(o.LatencyThreshold)},
		{"--route", routes(s.Routes), routes(o.Routes)},
		{"samples kept", fmt.Sprint(s.Samples), fmt.Sprint(o.Samples)},
	} {
		if d.a != d.b {
			return fmt.Sprintf("%s: %q vs %q", d.flag, d.a, d.b)
		}
	}
	return ""
}

// SettingsOf returns the Settings a run with opt counts under, with Run's
// defaults applied, so a caller can check them against a saved State
// before reading anything.
func SettingsOf(opt Options) Settings {
	opt.settle()
	return opt.settings()
}

// settle applies the defaults of the options that a State records, the
// same for Run and SettingsOf.
func (o *Options) settle() {
	if o.Samples == 0 {
		o.Samples = 5
	}
	if o.Samples < 0 {
		o.Samples = 0
	}
	if o.Zone == nil {
		o.Zone = time.UTC
	}
}
