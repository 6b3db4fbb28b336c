package aggregate

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/slareport/slareport/ingest"
	"github.com/slareport/slareport/reference"
)

// A run's Summary holds derived views: the report's buckets, quantiles and
// top keys. Those cannot be added up, so summaries of different logs cannot
// be combined from them. State is what lies underneath: every count, every
// latency sketch at its finest width and every breakdown with its cap, all
// of which add exactly. States of parts of a log merge into the State of
// the whole, and that State yields the same Summary one pass would have.

// StateVersion is the layout of State. A State of another version is
// refused rather than misread.
const StateVersion = 2

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

// String returns the pattern as given to --route.
func (r Route) String() string { return r.pattern }

// ParseRuleSpec reads BadRule.String() back: "5xx", or "5xx,429 except 501".
func ParseRuleSpec(spec string) (BadRule, error) {
	if spec == DefaultBadRule.String() {
		return DefaultBadRule, nil
	}
	bad, good, _ := strings.Cut(spec, " except ")
	if strings.TrimSpace(bad) == "" {
		return BadRule{}, fmt.Errorf("bad rule %q names no codes", spec)
	}
	return ParseBadRule(bad, good)
}

// ResumeAt returns where a later run continues the input: at the end of
// what was read, with its line count.
func (in Input) ResumeAt() ingest.Source {
	s := in.Source
	s.Offset, s.Lines = s.End, s.Lines+in.Lines.Read
	return s
}

// Sketch is a latency sketch as plain data: the DDSketch bins (index,
// count) of the positive durations, the count of zero durations, and the
// exact maximum.
type Sketch struct {
	Zero int64
	Bins []SketchBin // ascending by Index
	Max  float64
}

// SketchBin is one bin of a Sketch.
type SketchBin struct {
	Index int32
	Count int64
}

// Count returns the durations in the sketch.
func (s Sketch) Count() int64 {
	n := s.Zero
	for _, b := range s.Bins {
		n += b.Count
	}
	return n
}

// KeyState is one breakdown key with everything that adds.
type KeyState struct {
	Key           string
	Requests, Bad int64
	// Unjudged are the requests without a valid status, which the rule
	// left out of availability (0 in summaries saved before it was kept).
	Unjudged int64
	Latency  Sketch
}

// KeyTable is a breakdown's complete state: the kept keys, the requests
// folded into OtherKey, and the hash limit that decides which keys are
// kept (0: none dropped yet). See breakdown for why the limit makes the
// kept set independent of how the requests were split.
type KeyTable struct {
	Limit uint64
	Keys  []KeyState // sorted by Key
	Other KeyState
}

// BucketSketch is the latency sketch of one bucket of State.LatencyWidth.
type BucketSketch struct {
	Start  int64
	Sketch Sketch
}

// StateSample is a kept malformed line with the index of its input in
// State.Inputs, which orders the samples of merged states.
type StateSample struct {
	Input  int
	Line   int64
	Reason string
	Text   []byte
}

// StatusCount is the requests with one status in one minute.
type StatusCount struct {
	Minute   int64 // Unix seconds, a multiple of 60
	Status   int
	Requests int64
}

// State is the complete mergeable state of a run: everything in it adds,
// merges or takes a minimum or maximum, so the States of parts of the logs
// merge into the State of all of them.
type State struct {
	Version  int
	Settings Settings
	Inputs   []Input

	Codes     map[int]int64 // requests per status 0..999
	Malformed map[string]int64
	Samples   []StateSample // in (input, line) order, at most Settings.Samples
	Filtered  map[string]int64
	Untimed   int64
	BadTimes  int64
	Recovered int64
	Timed     int64
	Fast      int64
	Minutes   []Slice // ascending

	Latency Sketch // over every request with a duration
	// LatencyWidth is the width of LatencyBuckets. It is at most the width
	// the report uses, so buckets roll up into report buckets exactly.
	LatencyWidth   int64
	LatencyBuckets []BucketSketch // ascending

	Endpoints, Hosts, Upstreams KeyTable

	// Statuses are requests per minute and status, ascending, for the
	// Parquet rollup; nil when the run was not asked to keep them
	// (Options.Statuses).
	Statuses []StatusCount

	// Dims are the breakdowns DimCounts split requests by, for the
	// rollup's host and endpoint columns; 0 when the run was not asked to
	// (Options.StatusDims). DimWidth is the counts' bucket width: like
	// LatencyWidth, at most the report's.
	Dims      Dims
	DimWidth  int64
	DimCounts []DimCount // in (Start, Status, Host, Endpoint) order
}

// counters are the plain sums a worker keeps and a tally adds up; one
// struct, so a new counter cannot be summed in one place and forgotten in
// another.
type counters struct {
	untimed   int64 // requests without a usable time
	badTimes  int64 // of those, an unreadable time field
	recovered int64 // damaged lines read because their status was unambiguous
	timed     int64 // requests with a duration
	fast      int64 // of those, under the latency threshold
}

func (c *counters) add(o counters) {
	c.untimed += o.untimed
	c.badTimes += o.badTimes
	c.recovered += o.recovered
	c.timed += o.timed
	c.fast += o.fast
}

// tally is the working form of a State: maps and sketches that add.
type tally struct {
	set       Settings
	inputs    []Input
	codes     [1000]int64
	malformed map[string]int64
	filtered  map[string]int64
	samples   []Sample
	counters
	outside   Span // of a run's lines filtered out by the window; not saved
	minutes   map[int64]*Counts
	latency   timing
	latWidth  int64
	lat       map[int64]*timing
	endpoints breakdown
	hosts     breakdown
	upstreams breakdown
	statuses  *statusTally // nil: not kept
	dims      *dimTally    // nil: not kept
}

func newTally(set Settings, statuses bool) *tally {
	t := &tally{set: set, malformed: map[string]int64{}, filtered: map[string]int64{},
		minutes: map[int64]*Counts{}, latWidth: 60, lat: map[int64]*timing{}}
	if set.Bucket > 0 {
		t.latWidth = set.Bucket
	}
	if statuses {
		t.statuses = &statusTally{}
	}
	return t
}

// addPartial folds one worker's partial in. Every step is a sum, a
// min/max or a sketch merge, so the order of the partials does not matter.
func (t *tally) addPartial(p *partial) {
	for c, n := range p.codes {
		t.codes[c] += n
	}
	for i := range p.inputs {
		t.inputs[i].Lines.add(p.inputs[i])
		t.inputs[i].Span.merge(p.spans[i])
	}
	for i, fps := range p.prints {
		in := &t.inputs[i]
		in.Prints = append(in.Prints, fps...)
		in.PrintLevel = max(in.PrintLevel, p.printLevels[i])
	}
	for err, n := range p.reasons {
		t.malformed[err.Error()] += n
	}
	for r, n := range p.filter {
		t.filtered[r] += n
	}
	t.samples = append(t.samples, p.samples...)
	t.counters.add(p.counters)
	t.outside.merge(p.outside)
	t.addMinutes(p.minutes)
	t.latency.merge(&p.latency)
	t.addLatency(p.latWidth, p.lat)
	t.endpoints.merge(&p.endpoints)
	t.hosts.merge(&p.hosts)
	t.upstreams.merge(&p.upstreams)
	if t.statuses != nil && p.statuses != nil {
		t.statuses.merge(p.statuses)
	}
	if t.dims != nil {
		t.dims.addWorker(p.dims, &p.hosts, &p.endpoints)
		t.dims.fold(&t.hosts, &t.endpoints)
	}
}

func (t *tally) addMinutes(minutes map[int64]*Counts) {
	for start, c := range minutes {
		m := t.minutes[start]
		if m == nil {
			m = &Counts{}
			t.minutes[start] = m
		}
		m.add(*c)
	}
}

// addLatency merges per-bucket sketches of the given width, coarsening to
// the wider of the two widths. Widths are 1m, 5m, 1h, 1d or --bucket and
// nest, so a coarser bucket is a union of finer ones and nothing is split.
func (t *tally) addLatency(width int64, lat map[int64]*timing) {
	if width > t.latWidth {
		t.lat = rebucket(t.lat, newBucketer(width, t.set.Zone), (*timing).merge)
		t.latWidth = width
	}
	bk := newBucketer(t.latWidth, t.set.Zone)
	for start, tm := range lat {
		s, _ := bk.bucket(start)
		m := t.lat[s]
		if m == nil {
			m = &timing{}
			t.lat[s] = m
		}
		m.merge(tm)
	}
}

// summary derives the report's views. It is the only place they are made,
// for a run and for merged States alike.
func (t *tally) summary() *Summary {
	s := &Summary{
		Inputs:           t.inputs,
		Codes:            map[int]int64{},
		Malformed:        t.malformed,
		Filtered:         t.filtered,
		Untimed:          t.untimed,
		BadTimes:         t.badTimes,
		Recovered:        t.recovered,
		OutsideSpan:      t.outside,
		Timed:            t.timed,
		Fast:             t.fast,
		Rule:             t.set.Rule,
		Window:           t.set.Window,
		Zone:             t.set.Zone,
		LatencyThreshold: t.set.LatencyThreshold,
		tally:            t,
	}
	for c, n := range t.codes {
		if n > 0 {
			s.Codes[c] = n
		}
	}
	for _, in := range s.Inputs {
		s.Lines.add(in.Lines)
		s.Span.merge(in.Span)
	}
	sort.Slice(t.samples, func(i, k int) bool { return sampleLess(t.samples[i], t.samples[k]) })
	if len(t.samples) > t.set.Samples {
		t.samples = t.samples[:t.set.Samples]
	}
	s.Samples = t.samples
	s.Minutes = t.sortedMinutes()
	s.Outliers = outliers(s.Minutes)
	if !t.set.Rule.JudgesInvalid() {
		for i := range s.Minutes {
			s.Minutes[i].Unjudged = s.Minutes[i].Invalid
		}
	}
	s.Latency = t.latency.quantiles()
	s.Endpoints = t.endpoints.result()
	s.Hosts = t.hosts.result()
	s.Upstreams = t.upstreams.result()
	s.BucketSeconds = bucketWidth(s, t.set.Bucket)
	s.Buckets = buckets(s, t.lat)
	return s
}

func (t *tally) sortedMinutes() []Slice {
	if len(t.minutes) == 0 {
		return nil
	}
	out := make([]Slice, 0, len(t.minutes))
	for start, c := range t.minutes {
		out = append(out, Slice{Start: start, Counts: *c})
	}
	sort.Slice(out, func(i, k int) bool { return out[i].Start < out[k].Start })
	return out
}

// State returns the complete mergeable state behind the summary, for
// saving and merging. It is built on demand: a plain report never pays
// for it.
func (s *Summary) State() *State {
	t := s.tally
	if t == nil {
		return nil
	}
	st := &State{
		Version: StateVersion, Settings: t.set, Inputs: t.inputs,
		Codes: map[int]int64{}, Malformed: maps.Clone(t.malformed), Filtered: maps.Clone(t.filtered),
		Untimed: t.untimed, BadTimes: t.badTimes, Recovered: t.recovered, Timed: t.timed, Fast: t.fast,
		Minutes: t.sortedMinutes(), Latency: sketchOf(&t.latency), LatencyWidth: t.latWidth,
		Endpoints: keyTable(&t.endpoints), Hosts: keyTable(&t.hosts), Upstreams: keyTable(&t.upstreams),
	}
	for c, n := range t.codes {
		if n > 0 {
			st.Codes[c] = n
		}
	}
	for _, smp := range t.samples {
		st.Samples = append(st.Samples, StateSample{Input: smp.order, Line: smp.Line, Reason: smp.Reason, Text: smp.Text})
	}
	for start, tm := range t.lat {
		st.LatencyBuckets = append(st.LatencyBuckets, BucketSketch{Start: start, Sketch: sketchOf(tm)})
	}
	sort.Slice(st.LatencyBuckets, func(i, k int) bool { return st.LatencyBuckets[i].Start < st.LatencyBuckets[k].Start })
	if t.statuses != nil {
		st.Statuses = t.statuses.list()
	}
	if t.dims != nil {
		st.Dims, st.DimWidth, st.DimCounts = t.dims.by, t.dims.width, t.dims.list()
	}
	return st
}

// HasStatuses reports whether the summary kept requests per minute and
// status (Options.Statuses), which StatusSeries needs.
func (s *Summary) HasStatuses() bool { return s.tally != nil && s.tally.statuses != nil }

// StatusBucket is the requests with one status in one bucket of the
// report's series.
type StatusBucket struct {
	Start, End int64 // [Start, End) in Unix seconds
	Status     int
	Requests   int64
}

// StatusSeries returns the requests per bucket (of BucketSeconds, as in
// Buckets) and status, by bucket then status; nil unless HasStatuses.
func (s *Summary) StatusSeries() []StatusBucket {
	if !s.HasStatuses() {
		return nil
	}
	bk := newBucketer(s.BucketSeconds, s.Zone)
	type key struct {
		start  int64
		status int
	}
	sum := map[key]*StatusBucket{}
	for _, c := range s.tally.statuses.list() {
		start, end := bk.bucket(c.Minute)
		k := key{start, c.Status}
		b := sum[k]
		if b == nil {
			b = &StatusBucket{Start: start, End: end, Status: c.Status}
			sum[k] = b
		}
		b.Requests += c.Requests
	}
	out := make([]StatusBucket, 0, len(sum))
	for _, b := range sum {
		out = append(out, *b)
	}
	sort.Slice(out, func(i, k int) bool {
		if out[i].Start != out[k].Start {
			return out[i].Start < out[k].Start
		}
		return out[i].Status < out[k].Status
	})
	return out
}

// MergeOptions control Merge.
type MergeOptions struct {
	// AllowOverlap accepts states that counted the same bytes of the same
	// log; without it they are refused, since the requests would count
	// twice.
	AllowOverlap bool
}

// ErrOverlap is wrapped by Merge's error for states that counted the same
// bytes of a log twice.
var ErrOverlap = errors.New("overlapping inputs")

// Merge combines states into the state of all their inputs, in the order
// given. The states must have equal Settings and version; the merged state
// yields, through Summary, exactly the Summary of one run over all their
// logs, input listing aside. Per-minute status counts survive only when
// every state has them, and a dimension of the counts only when every
// state was split by it.
func Merge(states []*State, mo MergeOptions) (*State, error) {
	if len(states) == 0 {
		return nil, errors.New("merge: no states")
	}
	keep, dims := true, DimHost|DimEndpoint
	for _, st := range states {
		keep = keep && st.Statuses != nil
		dims &= st.Dims
	}
	t, err := states[0].tally(keep, dims)
	if err != nil {
		return nil, err
	}
	prints := printIndex{}
	prints.add(states[0].Inputs)
	for i, st := range states[1:] {
		if st.Version != StateVersion {
			return nil, fmt.Errorf("merge: state %d has version %d, want %d", i+2, st.Version, StateVersion)
		}
		if d := t.set.Diff(st.Settings); d != "" {
			return nil, fmt.Errorf("merge: state %d was made with other settings: %s", i+2, d)
		}
		if !mo.AllowOverlap {
			for _, a := range t.inputs {
				for _, b := range st.Inputs {
					if a.Source.Overlaps(b.Source) {
						return nil, fmt.Errorf("merge: %w: %q and %q hold the same log lines", ErrOverlap, a.Name, b.Name)
					}
				}
			}
			if err := prints.shared(st.Inputs); err != nil {
				return nil, err
			}
		}
		o, err := st.tally(keep, dims)
		if err != nil {
			return nil, fmt.Errorf("merge: state %d: %w", i+2, err)
		}
		t.add(o)
		prints.add(st.Inputs)
	}
	return t.summary().State(), nil
}

// Summary returns the Summary the state's runs would have produced in one
// pass. It checks the state first: a state read from a file may be
// damaged.
func (st *State) Summary() (*Summary, error) {
	t, err := st.tally(st.Statuses != nil, st.Dims)
	if err != nil {
		return nil, err
	}
	return t.summary(), nil
}

// add folds another tally in; its inputs come after t's, except that an
// input continuing one of t's (the same log, from where that one ended)
// joins it: an incremental run adds to its file's entry rather than
// listing the file once per run.
func (t *tally) add(o *tally) {
	index := make([]int, len(o.inputs))
	ends := newInputEnds(t.inputs)
	for i, in := range o.inputs {
		from := in.Source
		if in.resumed != nil {
			from = *in.resumed
		}
		in.resumed = nil
		if j, ok := ends.take(from.Head, from.HeadLen, from.Offset); ok {
			index[i] = j
			t.inputs[j] = joinInputs(t.inputs[j], in)
		} else {
			index[i] = len(t.inputs)
			t.inputs = append(t.inputs, in)
		}
		ends.put(index[i], t.inputs[index[i]].Source)
	}
	for c, n := range o.codes {
		t.codes[c] += n
	}
	for r, n := range o.malformed {
		t.malformed[r] += n
	}
	for r, n := range o.filtered {
		t.filtered[r] += n
	}
	for _, smp := range o.samples {
		smp.order = index[smp.order]
		smp.Input = t.inputs[smp.order].Name
		t.samples = append(t.samples, smp)
	}
	t.counters.add(o.counters)
	t.addMinutes(o.minutes)
	t.latency.merge(&o.latency)
	t.addLatency(o.latWidth, o.lat)
	t.endpoints.merge(&o.endpoints)
	t.hosts.merge(&o.hosts)
	t.upstreams.merge(&o.upstreams)
	if t.statuses != nil && o.statuses != nil {
		t.statuses.merge(o.statuses)
	}
	if t.dims != nil && o.dims != nil {
		t.dims.merge(o.dims)
		t.dims.fold(&t.hosts, &t.endpoints)
	}
}

// joinInputs returns input a continued by b: the name and format under
// which the log was first read, with the lines, times and bytes of both,
// and b's head, which covers at least as much of the content as a's.
func joinInputs(a, b Input) Input {
	if a.Format == "" {
		a.Format, a.FormatTitle, a.Detected, a.Sampled, a.Matched = b.Format, b.FormatTitle, b.Detected, b.Sampled, b.Matched
	}
	if a.Note == "" {
		a.Note = b.Note
	}
	a.Lines.add(b.Lines)
	a.Span.merge(b.Span)
	a.joinPrints(b)
	a.Source.End = b.Source.End
	a.Source.Head, a.Source.HeadLen = b.Source.Head, b.Source.HeadLen
	a.Source.Dev, a.Source.Inode = b.Source.Dev, b.Source.Inode
	return a
}

// inputEnds finds the input a continuation joins, by the head of its log
// and the byte where it ended, in one map lookup rather than a scan of
// every input: a state over tens of thousands of files is joined in
// linear time.
type inputEnds map[endKey][]int // input indexes, ascending

type endKey struct {
	head    [32]byte
	headLen int
	end     int64
}

func newInputEnds(inputs []Input) inputEnds {
	e := inputEnds{}
	for j, in := range inputs {
		e.put(j, in.Source)
	}
	return e
}

// put records that input j now ends as s says.
func (e inputEnds) put(j int, s ingest.Source) {
	if s.HeadLen == 0 {
		return // no content: nothing continues it
	}
	k := endKey{s.Head, s.HeadLen, s.End}
	at := sort.SearchInts(e[k], j)
	e[k] = slices.Insert(e[k], at, j)
}

// take returns the first input that ended at byte end of the log with
// that head, and forgets it there: it is about to end elsewhere.
func (e inputEnds) take(head [32]byte, headLen int, end int64) (int, bool) {
	k := endKey{head, headLen, end}
	js := e[k]
	if headLen == 0 || len(js) == 0 {
		return 0, false
	}
	if len(js) == 1 {
		delete(e, k)
	} else {
		e[k] = js[1:]
	}
	return js[0], true
}

// Limits a valid State keeps within; a state beyond them is damaged or
// hostile.
const (
	maxSketchIndex = 1 << 20 // far beyond any duration the mapping indexes
	maxCount       = 1 << 53 // counts are exact integers in a float64 sketch
	maxSamples     = 1000
)

// tally checks the state and returns its working form, with the
// per-status counts if statuses and split by dims, a subset of st.Dims.
func (st *State) tally(statuses bool, dims Dims) (*tally, error) {
	if st.Version != StateVersion {
		return nil, fmt.Errorf("state version %d, want %d", st.Version, StateVersion)
	}
	set := st.Settings
	if set.Zone == nil {
		return nil, errors.New("state has no time zone")
	}
	if set.Samples < 0 || set.Samples > maxSamples {
		return nil, fmt.Errorf("state keeps %d samples", set.Samples)
	}
	if set.Bucket < 0 || set.Bucket%60 != 0 || math.IsNaN(set.LatencyThreshold) || set.LatencyThreshold < 0 {
		return nil, errors.New("state has impossible settings")
	}
	t := newTally(set, statuses)
	t.inputs = append([]Input(nil), st.Inputs...)
	for i, in := range t.inputs {
		l := in.Lines
		if l.Read < 0 || l.Parsed < 0 || l.Malformed < 0 || l.Filtered < 0 || l.Read != l.Parsed+l.Malformed+l.Filtered {
			return nil, fmt.Errorf("input %d: line counts do not add up", i+1)
		}
		if in.Source.HeadLen < 0 || in.Source.HeadLen > ingest.HeadBytes || in.Source.Offset < 0 || in.Source.End < in.Source.Offset {
			return nil, fmt.Errorf("input %d: impossible source range", i+1)
		}
		if err := in.checkPrints(); err != nil {
			return nil, fmt.Errorf("input %d: %w", i+1, err)
		}
	}
	var total int64
	for c, n := range st.Codes {
		if c < 0 || c > 999 || n < 0 || n > maxCount {
			return nil, fmt.Errorf("impossible count %d of status %d", n, c)
		}
		t.codes[c] = n
		total += n
	}
	maps.Copy(t.malformed, st.Malformed)
	maps.Copy(t.filtered, st.Filtered)
	if len(st.Samples) > set.Samples {
		return nil, fmt.Errorf("%d samples, at most %d kept", len(st.Samples), set.Samples)
	}
	for _, smp := range st.Samples {
		if smp.Input < 0 || smp.Input >= len(t.inputs) || len(smp.Text) > SampleBytes {
			return nil, errors.New("a sample names no input or is too long")
		}
		t.samples = append(t.samples, Sample{Input: t.inputs[smp.Input].Name, Line: smp.Line, Reason: smp.Reason, Text: smp.Text, order: smp.Input})
	}
	t.untimed, t.badTimes, t.recovered, t.timed, t.fast = st.Untimed, st.BadTimes, st.Recovered, st.Timed, st.Fast
	for _, m := range st.Minutes {
		if m.Start%60 != 0 {
			return nil, fmt.Errorf("minute %d is not on a minute", m.Start)
		}
		if t.minutes[m.Start] != nil {
			return nil, fmt.Errorf("minute %d twice", m.Start)
		}
		c := m.Counts
		t.minutes[m.Start] = &c
	}
	var err error
	if t.latency, err = st.Latency.timing(); err != nil {
		return nil, fmt.Errorf("latency: %w", err)
	}
	w := st.LatencyWidth
	if w < 60 || w%60 != 0 || (set.Bucket > 0 && w != set.Bucket) {
		return nil, fmt.Errorf("latency width %d is not a bucket width", w)
	}
	t.latWidth = w
	for _, b := range st.LatencyBuckets {
		if _, dup := t.lat[b.Start]; dup {
			return nil, fmt.Errorf("latency bucket %d twice", b.Start)
		}
		tm, err := b.Sketch.timing()
		if err != nil {
			return nil, fmt.Errorf("latency bucket %d: %w", b.Start, err)
		}
		t.lat[b.Start] = &tm
	}
	for _, kt := range []struct {
		name string
		src  KeyTable
		dst  *breakdown
	}{{"endpoints", st.Endpoints, &t.endpoints}, {"hosts", st.Hosts, &t.hosts}, {"upstreams", st.Upstreams, &t.upstreams}} {
		if err := kt.src.breakdown(kt.dst); err != nil {
			return nil, fmt.Errorf("%s: %w", kt.name, err)
		}
	}
	if statuses {
		if t.statuses, err = statusesOf(st.Statuses); err != nil {
			return nil, err
		}
	}
	if st.Dims&^(DimHost|DimEndpoint) != 0 || dims&^st.Dims != 0 {
		return nil, fmt.Errorf("state split by %q (%d), asked for %q", st.Dims, uint8(st.Dims), dims)
	}
	if st.Dims == 0 && (st.DimWidth != 0 || len(st.DimCounts) > 0) {
		return nil, errors.New("dimension counts of no dimension")
	}
	if dims != 0 {
		if t.dims, err = st.dimsOf(dims, &t.hosts, &t.endpoints, t.minutes); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// sketchOf returns a timing's sketch as plain data.
func sketchOf(t *timing) Sketch {
	var s Sketch
	if t == nil || t.sketch == nil {
		return s
	}
	s.Zero = int64(t.sketch.GetZeroCount())
	s.Max = t.max
	t.sketch.GetPositiveValueStore().ForEach(func(index int, count float64) bool {
		s.Bins = append(s.Bins, SketchBin{Index: int32(index), Count: int64(count)})
		return false
	})
	sort.Slice(s.Bins, func(i, k int) bool { return s.Bins[i].Index < s.Bins[k].Index })
	return s
}

// timing rebuilds a sketch, refusing bins no sketch of durations has.
func (s Sketch) timing() (timing, error) {
	var t timing
	if s.Zero == 0 && len(s.Bins) == 0 {
		if s.Max != 0 {
			return t, errors.New("empty sketch with a maximum")
		}
		return t, nil
	}
	if len(s.Bins) > sketchBins {
		return t, fmt.Errorf("%d bins, at most %d", len(s.Bins), sketchBins)
	}
	if s.Zero < 0 || s.Zero > maxCount || math.IsNaN(s.Max) || math.IsInf(s.Max, 0) || s.Max < 0 {
		return t, errors.New("impossible zero count or maximum")
	}
	t.sketch = newSketch()
	t.max = s.Max
	if s.Zero > 0 {
		t.sketch.AddWithCount(0, float64(s.Zero))
	}
	total := s.Zero
	for i, b := range s.Bins {
		if b.Count <= 0 || b.Count > maxCount || b.Index > maxSketchIndex || b.Index < -maxSketchIndex ||
			(i > 0 && b.Index <= s.Bins[i-1].Index) {
			return timing{}, fmt.Errorf("bad bin %d (%d × %d)", i, b.Index, b.Count)
		}
		if total += b.Count; total > maxCount {
			return timing{}, errors.New("sketch count too large")
		}
		t.sketch.GetPositiveValueStore().AddWithCount(int(b.Index), float64(b.Count))
	}
	return t, nil
}

func keyTable(b *breakdown) KeyTable {
	kt := KeyTable{Limit: b.limit, Other: keyState("", &b.other)}
	for key, k := range b.keys {
		kt.Keys = append(kt.Keys, keyState(key, k))
	}
	sort.Slice(kt.Keys, func(i, k int) bool { return kt.Keys[i].Key < kt.Keys[k].Key })
	return kt
}

func keyState(key string, k *keyStat) KeyState {
	return KeyState{Key: key, Requests: k.requests, Bad: k.bad(), Unjudged: k.unjudged(), Latency: sketchOf(&k.timing)}
}

// breakdown rebuilds the working form into dst. Hashes are recomputed from
// the keys, never trusted.
func (kt KeyTable) breakdown(dst *breakdown) error {
	if len(kt.Keys) > BreakdownCap {
		return fmt.Errorf("%d keys, at most %d", len(kt.Keys), BreakdownCap)
	}
	stat := func(k KeyState) (*keyStat, error) {
		if k.Requests < 0 || k.Bad < 0 || k.Unjudged < 0 || k.Bad+k.Unjudged > k.Requests || k.Requests > maxCount {
			return nil, fmt.Errorf("key %q: impossible counts", k.Key)
		}
		tm, err := k.Latency.timing()
		if err != nil {
			return nil, fmt.Errorf("key %q: %w", k.Key, err)
		}
		st := &keyStat{hash: fnv64([]byte(k.Key)), requests: k.Requests, timing: tm}
		st.by[verdictBad], st.by[verdictSkip] = k.Bad, k.Unjudged
		return st, nil
	}
	other, err := stat(kt.Other)
	if err != nil {
		return err
	}
	*dst = breakdown{limit: kt.Limit, other: *other}
	for _, k := range kt.Keys {
		s, err := stat(k)
		if err != nil {
			return err
		}
		if kt.Limit != 0 && s.hash >= kt.Limit {
			return fmt.Errorf("key %q is above the table's hash limit", k.Key)
		}
		if dst.keys == nil {
			dst.keys = map[string]*keyStat{}
		}
		if dst.keys[k.Key] != nil {
			return fmt.Errorf("key %q twice", k.Key)
		}
		dst.keys[k.Key] = s
	}
	return nil
}

// statusTally counts requests per minute and status. A minute holds a
// handful of statuses, kept in a short list; a worker's requests arrive
// nearly in time order, so the last minute's list is cached.
type statusTally struct {
	rows    map[int64]*statusRow
	lastMin int64
	last    *statusRow
}

type statusRow []struct {
	status int
	n      int64
}

// add counts n requests of the given status in the minute starting at m.
func (s *statusTally) add(m int64, status int, n int64) {
	if s.last == nil || m != s.lastMin {
		if s.rows == nil {
			s.rows = map[int64]*statusRow{}
		}
		r := s.rows[m]
		if r == nil {
			r = &statusRow{}
			s.rows[m] = r
		}
		s.lastMin, s.last = m, r
	}
	row := *s.last
	for i := range row {
		if row[i].status == status {
			row[i].n += n
			return
		}
	}
	*s.last = append(row, struct {
		status int
		n      int64
	}{status, n})
}

func (s *statusTally) merge(o *statusTally) {
	for m, r := range o.rows {
		for _, c := range *r {
			s.add(m, c.status, c.n)
		}
	}
}

func (s *statusTally) list() []StatusCount {
	out := []StatusCount{}
	for m, r := range s.rows {
		for _, c := range *r {
			out = append(out, StatusCount{Minute: m, Status: c.status, Requests: c.n})
		}
	}
	sort.Slice(out, func(i, k int) bool {
		if out[i].Minute != out[k].Minute {
			return out[i].Minute < out[k].Minute
		}
		return out[i].Status < out[k].Status
	})
	return out
}

func statusesOf(list []StatusCount) (*statusTally, error) {
	s := &statusTally{}
	for _, c := range list {
		if c.Minute%60 != 0 || c.Status < 0 || c.Status > 999 || c.Requests <= 0 || c.Requests > maxCount {
			return nil, fmt.Errorf("impossible status count %d × %d at %d", c.Requests, c.Status, c.Minute)
		}
		s.add(c.Minute, c.Status, c.Requests)
	}
	return s, nil
}

// countStatus adds a timed request to the per-minute status counts, when
// the run keeps them.
func (p *partial) countStatus(t int64, status int) {
	p.statuses.add(t-mod64(t, 60), status, 1)
}

// ClassName returns the class of a status as the reports write it, "1xx" to
// "5xx", or "invalid" for a status outside 100..599.
func ClassName(status int) string {
	if c := reference.ClassOf(status); c != 0 {
		return string(rune('0'+c)) + "xx"
	}
	return "invalid"
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
