package aggregate

// A worker's partial: its private tally and the per-line fold into it,
// the hot loop of every run.

import (
	"bytes"
	"sort"
	"strconv"

	"github.com/slareport/slareport/parse"
	"github.com/slareport/slareport/reference"
)

// partial is one worker's private tally; nothing in it is shared, so the
// hot loop takes no locks.
type partial struct {
	opt     *Options
	verdict *[1000]uint8 // verdictGood, verdictBad or verdictSkip by status
	since   int64
	until   int64
	window  bool
	codes   [1000]int64
	inputs  []Lines // by input index
	spans   []Span
	reasons map[error]int64
	filter  map[string]int64
	samples []Sample // sorted by (order, Line), at most keep
	counters
	outside Span // times of the lines outside the window

	minutes map[int64]*Counts
	lastMin int64
	last    *Counts // the minute of the previous line: logs are nearly sorted

	// Latency sketches per bucket of latWidth seconds. Without --bucket the
	// width follows AutoBucket of this worker's span, which never exceeds
	// the final span, so merging only ever coarsens.
	latency  timing
	lat      map[int64]*timing
	latWidth int64
	latBk    *bucketer
	latStart int64
	latCur   *timing
	span     Span

	endpoints breakdown
	hosts     breakdown
	upstreams breakdown
	insight   *insight
	scratch   []byte

	prints      [][]Fingerprint // by input index
	printLevels []int

	parsers map[*parse.Format]parse.Parser
	rec     parse.Record
	sel     *Selector   // nil when every request counts
	obj     *objCounter // nil without objectives

	statuses *statusTally // nil unless Options.Statuses
	dims     *workerDims  // nil unless Options.StatusDims
}

func newPartial(opt *Options) *partial {
	p := &partial{
		opt:      opt,
		verdict:  opt.Rule.table(),
		reasons:  map[error]int64{},
		filter:   map[string]int64{},
		minutes:  map[int64]*Counts{},
		lastMin:  -1,
		lat:      map[int64]*timing{},
		latWidth: 60,
		parsers:  map[*parse.Format]parse.Parser{},
		insight:  newWorkerInsight(),
	}
	if opt.Bucket > 0 {
		p.latWidth = opt.Bucket
	}
	p.latBk = newBucketer(p.latWidth, opt.Zone)
	if opt.Statuses {
		p.statuses = &statusTally{}
		p.insight.series = newFailSeries(opt.Zone, opt.failKeep)
	}
	if opt.StatusDims != 0 {
		p.dims = newWorkerDims(opt)
	}
	p.since, p.until = opt.Window.bounds()
	p.window = opt.Window.Active()
	if !opt.Filter.Empty() {
		p.sel = opt.Filter
	}
	if opt.objs != nil {
		p.obj = newObjCounter(opt.objs, opt.Routes)
	}
	return p
}

// Reasons a parsed line is not counted, besides a Selector's
// FilterReasons.
const (
	filteredOutside = "outside the time window"
	filteredNoTime  = "no time (a time window is set)"
	filteredComment = "comment or header line"
	filteredBlank   = "blank line"
)

func (p *partial) fold(j *job) {
	for len(p.inputs) <= j.input {
		p.inputs = append(p.inputs, Lines{})
		p.spans = append(p.spans, Span{})
	}
	lines := &p.inputs[j.input]
	span := &p.spans[j.input]
	lines.Read += int64(j.blk.Lines)

	if j.blk.TooLong {
		lines.Malformed++
		p.malformed(j, j.blk.FirstLine, parse.ErrTooLong, j.blk.Data)
		return
	}

	parser := p.parser(j.format)
	sw := j.switches
	r := &p.rec
	data, n := j.blk.Data, j.blk.FirstLine-1
	bp := blockPrints{}
	// The line starts at offset at, the next one at next: offsets rather
	// than the rest of data as a slice keep fewer words live across the
	// calls in the loop, and at is the offset the switches and prints
	// need.
	for at, next := 0, 0; at < len(data); at = next {
		if len(sw) > 0 && at >= sw[0].at {
			parser, sw = p.parser(sw[0].format), sw[1:]
		}
		line := data[at:]
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line, next = line[:i], at+i+1
		} else {
			next = len(data)
		}
		n++
		if err := parser.Parse(line, r); err != nil {
			switch err {
			case parse.ErrComment:
				lines.Filtered++
				p.filter[filteredComment]++
				continue
			case parse.ErrEmpty:
				// A blank line holds no request and no damage: a
				// clean file may well end in an extra newline.
				lines.Filtered++
				p.filter[filteredBlank]++
				continue
			}
			lines.Malformed++
			p.malformed(j, n, err, line)
			continue
		}
		if p.window {
			if !r.HasTime {
				lines.Filtered++
				p.filter[filteredNoTime]++
				continue
			}
			if r.Time < p.since || r.Time >= p.until {
				lines.Filtered++
				p.filter[filteredOutside]++
				p.outside.add(r.Time)
				continue
			}
		}
		if p.obj != nil && r.HasTime {
			p.obj.count(r)
		}
		if p.sel != nil {
			if why := p.sel.Match(r); why != Selected {
				lines.Filtered++
				p.filter[filterReasons[why]]++
				continue
			}
		}
		lines.Parsed++
		if r.Recovered {
			p.recovered++
		}
		if r.HasTime && (r.Time >= bp.next || !bp.started) {
			p.mark(j, at, r.Time, &bp)
		}
		if ep, bad := p.count(r, span); bad {
			smp := Sample{Input: j.name, Line: n, order: j.input}
			ep.addSample(smp, line)
			if p.insight.series != nil && r.HasTime {
				p.insight.series.addSample(r.Time, r.Status, smp, line)
			}
		}
	}
}

// parser returns this worker's parser for f: the lean one, unless the
// filter reads the user agent it skips. The tables of user agents and
// referrers read the raw rest of the line a lean parser leaves.
func (p *partial) parser(f *parse.Format) parse.Parser {
	parser := p.parsers[f]
	if parser == nil {
		if p.sel.NeedsUserAgent() || (p.obj != nil && p.obj.set.needAgent) {
			parser = f.NewParser()
		} else {
			parser = f.NewLeanParser()
		}
		p.parsers[f] = parser
	}
	return parser
}

// count folds one request into the tally, and returns its endpoint's
// stats and whether the request is bad.
func (p *partial) count(r *parse.Record, span *Span) (endpoint *keyStat, bad bool) {
	status := r.Status
	p.codes[status]++
	verdict := p.verdict[status]
	bad = verdict == verdictBad
	dur := r.Duration
	if dur >= 0 {
		p.timed++
		if dur < p.opt.LatencyThreshold {
			p.fast++
		}
		p.latency.add(dur)
	}
	if r.HasTime {
		span.add(r.Time)
		m := p.minute(r.Time)
		if c := reference.ClassOf(status); c != 0 {
			m.Classes[c-1]++
		} else {
			m.Invalid++
		}
		if bad {
			m.Bad++
		}
		if p.statuses != nil {
			p.countStatus(r.Time, status)
		}
		if dur >= 0 {
			m.Timed++
			if dur < p.opt.LatencyThreshold {
				m.Fast++
			}
			p.latencyAt(r.Time).add(dur)
		}
	} else if p.untimed++; r.BadTime {
		p.badTimes++
	}
	endpoint = p.endpoints.addPath(r.Path, p.opt.Routes, verdict, dur)
	endpoint.addCode(status)
	// The insight's count, written out: a call less on every request.
	p.insight.countClient(r.Remote, verdict)
	if len(r.Tail) > 0 {
		p.insight.countTail(p.insight.caches, r.Tail, verdict)
	} else {
		p.insight.countFields(r, verdict)
	}
	if bad {
		p.insight.countFailing(r)
	}
	var host *keyStat
	if len(r.Host) > 0 {
		host = p.hosts.add(r.Host, verdict, dur)
	}
	if r.UpstreamStatus > 0 {
		p.scratch = strconv.AppendInt(p.scratch[:0], int64(r.UpstreamStatus), 10)
		p.upstreams.add(p.scratch, verdict, dur)
	}
	if p.dims != nil && r.HasTime {
		p.dims.add(r.Time, status, host, endpoint, &p.hosts, &p.endpoints)
	}
	return endpoint, bad
}

// minute returns the counts of t's minute. Most lines fall in the minute
// of the line before: a subtraction tells, where the start of t's minute
// takes a division, and the test alone is small enough to inline.
func (p *partial) minute(t int64) *Counts {
	if p.last != nil && uint64(t-p.lastMin) < 60 {
		return p.last
	}
	return p.otherMinute(t)
}

// otherMinute is minute for a line in another minute than the line before.
func (p *partial) otherMinute(t int64) *Counts {
	start := t - mod64(t, 60)
	m := p.minutes[start]
	if m == nil {
		m = &Counts{}
		p.minutes[start] = m
	}
	p.lastMin, p.last = start, m
	return m
}

// latencyAt returns the sketch of t's latency bucket, coarsening all of
// this worker's sketches first when its span has outgrown their width.
func (p *partial) latencyAt(t int64) *timing {
	if p.latCur != nil && t >= p.latStart && t < p.latBk.end {
		return p.latCur
	}
	p.span.add(t)
	if p.opt.Bucket == 0 {
		if w := AutoBucket(p.span.Last - p.span.First); w > p.latWidth {
			p.coarsen(w)
		}
	}
	start, _ := p.latBk.bucket(t)
	tm := p.lat[start]
	if tm == nil {
		tm = &timing{}
		p.lat[start] = tm
	}
	p.latStart, p.latCur = start, tm
	return tm
}

func (p *partial) coarsen(width int64) {
	bk := newBucketer(width, p.opt.Zone)
	p.lat, p.latWidth, p.latBk, p.latCur = rebucket(p.lat, bk, (*timing).merge), width, bk, nil
}

// malformed counts a bad line and keeps it as a sample if it is among the
// first lines (by input, then line number) this worker has seen. Comment
// and header lines are not malformed: they count as filtered.
func (p *partial) malformed(j *job, line int64, err error, text []byte) {
	p.reasons[err]++
	if p.opt.Samples == 0 {
		return
	}
	s := Sample{Input: j.name, Line: line, Reason: err.Error(), order: j.input}
	p.samples = keepSample(p.samples, s, text, p.opt.Samples)
}

// keepSample adds s, with its line's text cut to SampleBytes, to samples
// (in input and line order) if it is among the first limit of them, and
// returns samples.
func keepSample(samples []Sample, s Sample, text []byte, limit int) []Sample {
	at := sort.Search(len(samples), func(i int) bool { return sampleLess(s, samples[i]) })
	if at >= limit {
		return samples
	}
	if len(text) > SampleBytes {
		text = text[:SampleBytes]
	}
	s.Text = bytes.Clone(text)
	samples = append(samples, Sample{})
	copy(samples[at+1:], samples[at:])
	samples[at] = s
	return samples[:min(len(samples), limit)]
}

func sampleLess(a, b Sample) bool {
	if a.order != b.order {
		return a.order < b.order
	}
	return a.Line < b.Line
}

// countStatus adds a timed request to the per-minute status counts, when
// the run keeps them.
func (p *partial) countStatus(t int64, status int) {
	p.statuses.add(t-mod64(t, 60), status, 1)
}
