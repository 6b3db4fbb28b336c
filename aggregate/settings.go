package aggregate

// The choices of a run: Options configure Run, and Settings are those
// among them that shape the counts, which a State records and Merge
// compares.

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"

	"github.com/slareport/slareport/ingest"
	"github.com/slareport/slareport/parse"
)

// Options configure a Run. Zero values mean the defaults.
type Options struct {
	// Settings are the choices that shape the counts, which the run's
	// State records.
	Settings

	// Workers is the number of parse goroutines (default GOMAXPROCS).
	Workers int
	// Format parses every input; nil detects it per input from its first
	// lines.
	Format *parse.Format
	// BlockSize and MaxLine are passed to ingest.NewSplitter.
	BlockSize, MaxLine int
	// Stdin is read for the path "-" (default: the process's standard
	// input).
	Stdin io.Reader
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
	// Objectives are SLOs the run also counts, each over its own requests
	// and window (see Objective); lines outside every window are still
	// read once. Summary.Objectives holds their counts.
	Objectives []Objective
	// ObjectivesPrint identifies where Objectives came from (a
	// fingerprint of their files), for summaries to record.
	ObjectivesPrint string
	objs            *objectives // Objectives compiled by defaults
	// failKeep bounds the span a failing series keeps (a live tally's
	// keep, in seconds); 0 keeps it all.
	failKeep int64
	// Objects are the inputs read from an object store, listed before
	// the run: a path that names one of them is streamed from the store,
	// downloaded ahead of the readers (Objects.Fetchers at once).
	Objects *ingest.Objects
}

// Settings are the choices of a run that shape its counts. States merge
// only when their Settings are equal: a request counted as bad under one
// rule cannot be recounted under another. Zero values mean the defaults.
type Settings struct {
	// Rule decides which requests are bad (default: 5xx).
	Rule BadRule
	// Zone places hour and day boundaries (default UTC).
	Zone *time.Location
	// Window filters requests by time; lines outside it are filtered.
	Window Window
	// Bucket is the series bucket width in seconds; 0 chooses one from the
	// covered span (AutoBucket).
	Bucket int64
	// LatencyThreshold, in seconds, makes the run count requests faster
	// than it, for a latency SLO. 0 counts nothing.
	LatencyThreshold float64
	// Routes name endpoints by pattern before the automatic collapsing.
	Routes []Route
	// Samples is how many malformed lines to keep (default 5; -1 keeps none).
	Samples int
	// Filter selects the requests the run counts; the lines it leaves out
	// are filtered with their reason. nil counts every request.
	Filter *Selector
}

// defaults fills in the options Run leaves to the machine, for a run over
// the given number of inputs, and settles the settings.
func (opt *Options) defaults(inputs int) error {
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	opt.settle()
	if opt.Readers <= 0 {
		opt.Readers = max(1, runtime.GOMAXPROCS(0)/3)
	}
	opt.Readers = max(1, min(opt.Readers, inputs))
	var err error
	opt.objs, err = compileObjectives(opt.Objectives)
	return err
}

// settle applies the defaults of the settings, the same for Run and for
// Continue's check of the earlier State.
func (s *Settings) settle() {
	if s.Samples == 0 {
		s.Samples = 5
	}
	if s.Samples < 0 {
		s.Samples = 0
	}
	if s.Zone == nil {
		s.Zone = time.UTC
	}
	if s.Filter.Empty() {
		s.Filter = nil
	}
}

// Setting names one of the Settings.
type Setting uint8

// The Settings, in the order Diff compares them.
const (
	SettingRule Setting = iota + 1
	SettingZone
	SettingWindow
	SettingBucket
	SettingLatencyThreshold
	SettingRoutes
	SettingSamples
	SettingFilter
)

// String names the setting in words. Callers that know how a user chose
// it, such as by a flag, name it their way.
func (s Setting) String() string {
	switch s {
	case SettingRule:
		return "bad rule"
	case SettingZone:
		return "time zone"
	case SettingWindow:
		return "window"
	case SettingBucket:
		return "bucket"
	case SettingLatencyThreshold:
		return "latency threshold"
	case SettingRoutes:
		return "routes"
	case SettingSamples:
		return "samples kept"
	case SettingFilter:
		return "filter"
	}
	return fmt.Sprintf("Setting(%d)", uint8(s))
}

// SettingDiff is the first setting in which two Settings differ, with the
// value of each as text.
type SettingDiff struct {
	Setting Setting
	A, B    string
}

// String says which setting differs, in words, and both values.
func (d SettingDiff) String() string { return fmt.Sprintf("%s: %q vs %q", d.Setting, d.A, d.B) }

// Equal reports whether two runs counted alike.
func (s Settings) Equal(o Settings) bool {
	_, differ := s.Diff(o)
	return !differ
}

// Diff returns the first setting in which s and o differ, with both
// values, and whether there is one.
func (s Settings) Diff(o Settings) (SettingDiff, bool) {
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
	for _, d := range []SettingDiff{
		{SettingRule, s.Rule.String(), o.Rule.String()},
		{SettingZone, zone(s.Zone), zone(o.Zone)},
		{SettingWindow, win(s.Window), win(o.Window)},
		{SettingBucket, fmt.Sprint(s.Bucket), fmt.Sprint(o.Bucket)},
		{SettingLatencyThreshold, fmt.Sprint(s.LatencyThreshold), fmt.Sprint(o.LatencyThreshold)},
		{SettingRoutes, routes(s.Routes), routes(o.Routes)},
		{SettingSamples, fmt.Sprint(s.Samples), fmt.Sprint(o.Samples)},
		{SettingFilter, s.Filter.String(), o.Filter.String()},
	} {
		if d.A != d.B {
			return d, true
		}
	}
	return SettingDiff{}, false
}
