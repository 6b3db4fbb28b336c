package aggregate

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"sort"
	"time"

	"github.com/slareport/slareport/ingest"
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

	// Insight holds the tables of who sent the requests; nil in a
	// summary saved before slareport kept them.
	Insight *InsightState

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

	// Objectives are the counts of the run's objectives (Options), each
	// with the window it was counted over; nil without objectives.
	// ObjectivesPrint identifies their source, and ObjectivesSeen spans
	// the times of every line offered to them, as on Summary.
	Objectives      []ObjectiveState
	ObjectivesPrint string
	ObjectivesSeen  Span

	merge MergeOptions // of the Merge that made the state, for Summary
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
	// Codes and Samples are an endpoint's requests per status and first
	// bad lines (see KeyStats); other breakdowns have none, nor do
	// endpoints of a summary saved before they were kept.
	Codes   map[int]int64
	Samples []StateSample
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
		Insight: t.insight.state(),
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
	if s.Objectives != nil {
		st.Objectives, st.ObjectivesPrint, st.ObjectivesSeen = objectiveStates(s.Objectives), s.ObjectivesPrint, s.ObjectivesSeen
	}
	return st
}

// MergeOptions control Merge.
type MergeOptions struct {
	// AllowOverlap accepts states that counted the same bytes of the same
	// log; without it they are refused, since the requests would count
	// twice.
	AllowOverlap bool
	// Objectives, when set, are judged over the merged states: those of
	// the SLO files the states were saved with (Print is their
	// fingerprint, which every state must record), each over its window
	// as placed for the merge. Without them the states' objectives are
	// dropped.
	Objectives []Objective
	Print      string
	// Window and Zone, when set, ask for the state a run with that window
	// in that zone would have made: see rewindow. Without them, states
	// saved with other windows merge when their windows join.
	Window *Window
	Zone   *time.Location
}

// ErrOverlap is wrapped by Merge's error for states that counted the same
// bytes of a log twice.
var ErrOverlap = errors.New("overlapping inputs")

// SettingsError is Merge's refusal of a state counted under other
// Settings than the first state.
type SettingsError struct {
	State int // its place among the states, from 1
	Diff  SettingDiff
}

func (e *SettingsError) Error() string {
	return fmt.Sprintf("merge: state %d was made with other settings: %s", e.State, e.Diff)
}

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
	saved := make([]Window, len(states))
	for i, st := range states {
		saved[i] = st.Settings.Window
	}
	states, err := rewindow(states, mo)
	if err != nil {
		return nil, err
	}
	keep, dims := true, DimHost|DimEndpoint
	for _, st := range states {
		keep, dims = MergedKeeps(keep, dims, st)
	}
	m, err := NewMerger(states[0], keep, dims, mo)
	if err != nil {
		return nil, err
	}
	m.saved[0] = saved[0]
	for i, st := range states[1:] {
		if err := m.add(st, saved[i+1]); err != nil {
			return nil, err
		}
	}
	return m.State(), nil
}

// apart reports whether window w shares no time with any of before: the
// states saved with them counted different requests, even of the same
// lines, as daily summaries of the same rotated files do.
func apart(before []Window, w Window) bool {
	if w.Since.IsZero() || w.Until.IsZero() {
		return false
	}
	for _, b := range before {
		if b.Since.IsZero() || b.Until.IsZero() || b.Since.Before(w.Until) && w.Since.Before(b.Until) {
			return false
		}
	}
	return true
}

// Summary returns the Summary the state's runs would have produced in one
// pass. It checks the state first: a state read from a file may be
// damaged.
func (st *State) Summary() (*Summary, error) {
	t, err := st.tally(st.Statuses != nil, st.Dims)
	if err != nil {
		return nil, err
	}
	if st.merge.Objectives != nil {
		if err := t.loadObjectives(st, st.merge, 1); err != nil {
			return nil, err
		}
	}
	return t.summary(), nil
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
	if err := st.checkSettings(); err != nil {
		return nil, err
	}
	t := newTally(st.Settings, statuses)
	if err := t.loadInputs(st); err != nil {
		return nil, err
	}
	if err := t.loadCounts(st); err != nil {
		return nil, err
	}
	if err := t.loadLatency(st); err != nil {
		return nil, err
	}
	if err := t.loadBreakdowns(st); err != nil {
		return nil, err
	}
	if err := t.loadInsight(st); err != nil {
		return nil, err
	}
	if statuses {
		var err error
		if t.statuses, err = statusesOf(st.Statuses); err != nil {
			return nil, err
		}
	}
	if err := t.loadDims(st, dims); err != nil {
		return nil, err
	}
	return t, nil
}

// checkSettings refuses a state of another version or with settings no
// run has.
func (st *State) checkSettings() error {
	if st.Version != StateVersion {
		return fmt.Errorf("state version %d, want %d", st.Version, StateVersion)
	}
	set := st.Settings
	if set.Zone == nil {
		return errors.New("state has no time zone")
	}
	if set.Samples < 0 || set.Samples > maxSamples {
		return fmt.Errorf("state keeps %d samples", set.Samples)
	}
	if set.Bucket < 0 || set.Bucket%60 != 0 || math.IsNaN(set.LatencyThreshold) || set.LatencyThreshold < 0 {
		return errors.New("state has impossible settings")
	}
	return nil
}

// loadInputs takes the state's inputs, refusing line counts that do not
// add up, impossible byte ranges and fingerprints no run records.
func (t *tally) loadInputs(st *State) error {
	t.inputs = append([]Input(nil), st.Inputs...)
	for i, in := range t.inputs {
		l := in.Lines
		if l.Read < 0 || l.Parsed < 0 || l.Malformed < 0 || l.Filtered < 0 || l.Read != l.Parsed+l.Malformed+l.Filtered {
			return fmt.Errorf("input %d: line counts do not add up", i+1)
		}
		if in.Source.HeadLen < 0 || in.Source.HeadLen > ingest.HeadBytes || in.Source.Offset < 0 || in.Source.End < in.Source.Offset {
			return fmt.Errorf("input %d: impossible source range", i+1)
		}
		if err := in.checkPrints(); err != nil {
			return fmt.Errorf("input %d: %w", i+1, err)
		}
	}
	return nil
}

// loadCounts takes the state's plain counts: per status, per reason, the
// samples, the counters and the minutes. It needs the inputs, which the
// samples name.
func (t *tally) loadCounts(st *State) error {
	for c, n := range st.Codes {
		if c < 0 || c > 999 || n < 0 || n > maxCount {
			return fmt.Errorf("impossible count %d of status %d", n, c)
		}
		t.codes[c] = n
	}
	maps.Copy(t.malformed, st.Malformed)
	maps.Copy(t.filtered, st.Filtered)
	if len(st.Samples) > t.set.Samples {
		return fmt.Errorf("%d samples, at most %d kept", len(st.Samples), t.set.Samples)
	}
	for _, smp := range st.Samples {
		if smp.Input < 0 || smp.Input >= len(t.inputs) || len(smp.Text) > SampleBytes {
			return errors.New("a sample names no input or is too long")
		}
		t.samples = append(t.samples, Sample{Input: t.inputs[smp.Input].Name, Line: smp.Line, Reason: smp.Reason, Text: smp.Text, order: smp.Input})
	}
	t.untimed, t.badTimes, t.recovered, t.timed, t.fast = st.Untimed, st.BadTimes, st.Recovered, st.Timed, st.Fast
	for _, m := range st.Minutes {
		if m.Start%60 != 0 {
			return fmt.Errorf("minute %d is not on a minute", m.Start)
		}
		if t.minutes[m.Start] != nil {
			return fmt.Errorf("minute %d twice", m.Start)
		}
		c := m.Counts
		t.minutes[m.Start] = &c
	}
	return nil
}

// loadLatency rebuilds the latency sketches, overall and per bucket of a
// width that rolls up into the report's.
func (t *tally) loadLatency(st *State) error {
	var err error
	if t.latency, err = st.Latency.timing(); err != nil {
		return fmt.Errorf("latency: %w", err)
	}
	w := st.LatencyWidth
	if w < 60 || w%60 != 0 || (t.set.Bucket > 0 && w != t.set.Bucket) {
		return fmt.Errorf("latency width %d is not a bucket width", w)
	}
	t.latWidth = w
	for _, b := range st.LatencyBuckets {
		if _, dup := t.lat[b.Start]; dup {
			return fmt.Errorf("latency bucket %d twice", b.Start)
		}
		tm, err := b.Sketch.timing()
		if err != nil {
			return fmt.Errorf("latency bucket %d: %w", b.Start, err)
		}
		t.lat[b.Start] = &tm
	}
	return nil
}

// loadBreakdowns rebuilds the endpoint, host and upstream tables.
func (t *tally) loadBreakdowns(st *State) error {
	for _, kt := range []struct {
		name string
		src  KeyTable
		dst  *breakdown
	}{{"endpoints", st.Endpoints, &t.endpoints}, {"hosts", st.Hosts, &t.hosts}, {"upstreams", st.Upstreams, &t.upstreams}} {
		if err := kt.src.breakdown(kt.dst, t.inputs); err != nil {
			return fmt.Errorf("%s: %w", kt.name, err)
		}
	}
	return nil
}

// loadDims rebuilds the counts split by dims, which the state must have
// been split by. It needs the breakdowns and the minutes, which the
// counts must agree with.
func (t *tally) loadDims(st *State, dims Dims) error {
	if st.Dims&^(DimHost|DimEndpoint) != 0 || dims&^st.Dims != 0 {
		return fmt.Errorf("state split by %q (%d), asked for %q", st.Dims, uint8(st.Dims), dims)
	}
	if st.Dims == 0 && (st.DimWidth != 0 || len(st.DimCounts) > 0) {
		return errors.New("dimension counts of no dimension")
	}
	if dims != 0 {
		var err error
		if t.dims, err = st.dimsOf(dims, &t.hosts, &t.endpoints, t.minutes); err != nil {
			return err
		}
	}
	return nil
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
	ks := KeyState{Key: key, Requests: k.requests, Bad: k.bad(), Unjudged: k.unjudged(), Latency: sketchOf(&k.timing),
		Codes: k.codeMap()}
	for _, smp := range k.samples {
		ks.Samples = append(ks.Samples, StateSample{Input: smp.order, Line: smp.Line, Text: smp.Text})
	}
	return ks
}

// breakdown rebuilds the working form into dst. Hashes are recomputed from
// the keys, never trusted.
func (kt KeyTable) breakdown(dst *breakdown, inputs []Input) error {
	return kt.breakdownBy(dst, inputs, fnv64)
}

// breakdownBy is breakdown for a table whose keys are hashed by hash.
func (kt KeyTable) breakdownBy(dst *breakdown, inputs []Input, hash func([]byte) uint64) error {
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
		st := &keyStat{hash: hash([]byte(k.Key)), requests: k.Requests, timing: tm}
		st.by[verdictBad], st.by[verdictSkip] = k.Bad, k.Unjudged
		if err := st.loadDetail(k, inputs); err != nil {
			return nil, fmt.Errorf("key %q: %w", k.Key, err)
		}
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
