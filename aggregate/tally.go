package aggregate

// The tally is the merge form of the counts: worker partials fold into
// it, States convert to and from it and add up in it, and it alone derives
// a Summary's views.

import (
	"slices"
	"sort"

	"github.com/slareport/slareport/ingest"
)

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
	insight   *insight     // nil: not kept (a summary saved before it was)
	statuses  *statusTally // nil: not kept
	dims      *dimTally    // nil: not kept
	// objs counts the objectives of objList; nil without objectives.
	objs     *objCounter
	objList  []Objective
	objPrint string
}

func newTally(set Settings, statuses bool) *tally {
	t := &tally{set: set, malformed: map[string]int64{}, filtered: map[string]int64{},
		minutes: map[int64]*Counts{}, latWidth: 60, lat: map[int64]*timing{}, insight: newInsight()}
	if set.Bucket > 0 {
		t.latWidth = set.Bucket
	}
	if statuses {
		t.statuses = &statusTally{}
	}
	return t
}

// merge folds the partials into one Summary, through the same tally that
// merged States go through.
func merge(inputs []Input, parts []*partial, opt *Options) *Summary {
	t := newTally(opt.Settings, opt.Statuses)
	if opt.Statuses {
		t.insight.fails = newFailTally(opt.Zone, 0)
	}
	if opt.StatusDims != 0 {
		t.dims = newDimTally(opt.StatusDims, t.set)
	}
	t.inputs = inputs
	if opt.objs != nil {
		t.objs, t.objList, t.objPrint = newObjCounter(opt.objs, opt.Routes), opt.Objectives, opt.ObjectivesPrint
	}
	for _, p := range parts {
		t.addPartial(p)
	}
	for i := range t.inputs {
		in := &t.inputs[i]
		in.Prints, in.PrintLevel = thinPrints(in.Prints, in.PrintLevel)
	}
	t.resumeLines(opt.Resume)
	return t.summary()
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
	t.insight.merge(p.insight)
	if t.statuses != nil && p.statuses != nil {
		t.statuses.merge(p.statuses)
	}
	if t.objs != nil && p.obj != nil {
		t.objs.merge(p.obj)
	}
	if t.dims != nil {
		t.dims.addWorker(p.dims, &p.hosts, &p.endpoints)
		t.dims.fold(&t.hosts, &t.endpoints)
	}
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
	o.endpoints.eachSample(func(smp *Sample) {
		smp.order = index[smp.order]
		smp.Input = t.inputs[smp.order].Name
	})
	t.counters.add(o.counters)
	t.addMinutes(o.minutes)
	t.latency.merge(&o.latency)
	t.addLatency(o.latWidth, o.lat)
	t.endpoints.merge(&o.endpoints)
	t.hosts.merge(&o.hosts)
	t.upstreams.merge(&o.upstreams)
	if t.insight != nil && o.insight != nil {
		t.insight.merge(o.insight)
	} else {
		t.dropInsight()
	}
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

// resumeLines moves the line numbers of samples from resumed inputs past
// the lines read before.
func (t *tally) resumeLines(res []ingest.Resume) {
	shift := func(smp *Sample) {
		if o := smp.order; o < len(res) && res[o].Source.Offset > 0 {
			smp.Line += res[o].Source.Lines
		}
	}
	for i := range t.samples {
		shift(&t.samples[i])
	}
	t.endpoints.eachSample(shift)
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
		Filter:           t.set.Filter,
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
	if t.insight != nil {
		s.Insight = t.insight.result(&t.endpoints)
	}
	s.BucketSeconds = bucketWidth(s, t.set.Bucket)
	s.Buckets = buckets(s, t.lat)
	if t.objs != nil {
		s.Objectives = objectiveCounts(t.objs, t.objList)
		s.ObjectivesSeen, s.ObjectivesPrint = t.objs.seen, t.objPrint
	}
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

// bucketWidth is --bucket, or AutoBucket of the window when it is closed,
// else of the data.
func bucketWidth(s *Summary, bucket int64) int64 {
	if bucket > 0 {
		return bucket
	}
	if w := s.Window; !w.Since.IsZero() && !w.Until.IsZero() {
		return AutoBucket(w.Until.Unix() - w.Since.Unix())
	}
	if !s.Span.Valid {
		return 60
	}
	return AutoBucket(s.Span.Last - s.Span.First)
}

// buckets rolls the minutes and the latency sketches up into the report's
// buckets.
func buckets(s *Summary, lat map[int64]*timing) []Bucket {
	bk := newBucketer(s.BucketSeconds, s.Zone)
	byStart := map[int64]*Bucket{}
	get := func(t int64) *Bucket {
		start, end := bk.bucket(t)
		b := byStart[start]
		if b == nil {
			b = &Bucket{Start: start, End: end}
			byStart[start] = b
		}
		return b
	}
	for _, m := range s.Minutes {
		get(m.Start).Counts.add(m.Counts)
	}
	timings := map[int64]*timing{}
	for start, tm := range lat {
		b := get(start)
		t := timings[b.Start]
		if t == nil {
			t = &timing{}
			timings[b.Start] = t
		}
		t.merge(tm)
	}
	out := make([]Bucket, 0, len(byStart))
	for _, b := range byStart {
		b.Latency = timings[b.Start].quantiles()
		out = append(out, *b)
	}
	sort.Slice(out, func(i, k int) bool { return out[i].Start < out[k].Start })
	return out
}
