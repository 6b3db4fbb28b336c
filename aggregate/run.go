package aggregate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slareport/slareport/ingest"
	"github.com/slareport/slareport/parse"
	"github.com/slareport/slareport/reference"
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

// Run reads every path ("-" is standard input) in order and returns the
// Summary. Input problems (a missing file, a corrupt or truncated stream)
// end the run with an error naming the input; a line that does not parse
// is counted, never an error.
func Run(ctx context.Context, paths []string, opt Options) (*Summary, error) {
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	opt.settle()
	if opt.Readers <= 0 {
		opt.Readers = max(1, runtime.GOMAXPROCS(0)/3)
	}
	opt.Readers = max(1, min(opt.Readers, len(paths)))
	// Fail before reading gigabytes if a later argument is a typo.
	for _, p := range paths {
		if err := ingest.Check(p); err != nil {
			return nil, err
		}
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	// A fixed pool of blocks bounds memory: the reader waits for a worker
	// to hand a block back before it reads more.
	nblocks := 2*opt.Workers + opt.Readers
	free := make(chan *job, nblocks)
	for range nblocks {
		free <- &job{}
	}
	work := make(chan *job, nblocks)

	parts := make([]*partial, opt.Workers)
	var wg sync.WaitGroup
	for w := range parts {
		parts[w] = newPartial(&opt)
		wg.Go(func() {
			for j := range work {
				parts[w].fold(j)
				free <- j
			}
		})
	}

	inputs := make([]Input, len(paths))
	var readErr error
	finished := make(chan struct{})
	go func() {
		readErr = read(ctx, paths, inputs, opt, free, work)
		close(work)
		wg.Wait()
		close(finished)
	}()
	// A reader blocked on a pipe sees the cancellation only when its read
	// returns; the caller should not wait for that. The goroutines end on
	// their own as soon as it does.
	select {
	case <-finished:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if readErr != nil {
		if !opt.PartialOK || errors.Is(readErr, context.Canceled) {
			return nil, readErr
		}
		// Inputs never opened keep their path as a name, with no lines.
		for i := range inputs {
			if inputs[i].Name == "" {
				inputs[i].Name = paths[i]
			}
		}
		s := merge(inputs, parts, &opt)
		s.Incomplete = readErr.Error()
		return s, readErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return merge(inputs, parts, &opt), nil
}

// job is a block on its way to a worker, with what the worker needs to
// know about its input.
type job struct {
	blk    ingest.Block
	input  int
	name   string
	format *parse.Format // the layout at the block's start
	// switches are the directive lines in the block that change the
	// layout, in order.
	switches []layoutSwitch
}

// read feeds the blocks of every input to the workers, opt.Readers inputs
// at a time, and fills in each Input's description. When an input fails,
// the inputs after it stop, but those before it are read to their end: the
// error returned is that of the first failing input in argument order,
// whatever the timing.
func read(ctx context.Context, paths []string, inputs []Input, opt Options, free, work chan *job) error {
	errs := make([]error, len(paths))
	cancels := make([]context.CancelFunc, len(paths))
	var mu sync.Mutex
	failed := len(paths) // lowest index that failed
	var next atomic.Int64
	var wg sync.WaitGroup
	for range opt.Readers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				mu.Lock()
				if i >= failed || ctx.Err() != nil {
					mu.Unlock()
					return
				}
				ictx, cancel := context.WithCancel(ctx)
				cancels[i] = cancel
				mu.Unlock()

				err := readPath(ictx, paths[i], i, &inputs[i], opt, free, work)
				cancel()
				if err == nil {
					continue
				}
				mu.Lock()
				errs[i] = err
				if i < failed {
					failed = i
					for k := i + 1; k < len(paths); k++ {
						if cancels[k] != nil {
							cancels[k]()
						}
					}
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if failed < len(paths) {
		return errs[failed]
	}
	return ctx.Err()
}

func readPath(ctx context.Context, path string, i int, desc *Input, opt Options, free, work chan *job) error {
	var res ingest.Resume
	if i < len(opt.Resume) {
		res = opt.Resume[i]
	}
	if res.Unchanged() {
		*desc = Input{Name: path, Compression: "none", resumed: &res.Source}
		if f := opt.Format; f != nil {
			desc.Format, desc.FormatTitle = f.Name, f.Title
		}
		desc.Source = res.Unread()
		return nil
	}
	in, err := ingest.OpenAt(path, opt.Stdin, res)
	if err != nil {
		return err
	}
	*desc = Input{Name: in.Name, Compression: in.Compression}
	src, err := ingest.NewSourceReader(in, res)
	if err == nil {
		err = readInput(ctx, in, src, i, desc, opt, free, work)
	}
	desc.Source = src.Source()
	if res.Source.Offset > 0 {
		desc.resumed = &res.Source
	}
	if cerr := in.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close %q: %w", in.Name, cerr)
	}
	return err
}

func readInput(ctx context.Context, in *ingest.Input, src io.Reader, idx int, desc *Input, opt Options, free, work chan *job) error {
	sp := ingest.NewSplitter(src, opt.BlockSize, opt.MaxLine)
	var reported int64 // bytes of this input already added to Progress
	if p := opt.Progress; p != nil {
		defer func() { p.bytes.Add(in.CompressedBytes() - reported) }()
	}
	format := opt.Format
	if format != nil {
		desc.Format, desc.FormatTitle = format.Name, format.Title
	}
	var lay layouts
	for {
		var j *job
		select {
		case j = <-free:
		case <-ctx.Done():
			return ctx.Err()
		}
		err := sp.Next(&j.blk)
		if err == io.EOF {
			free <- j
			return nil
		}
		if err != nil {
			free <- j
			return fmt.Errorf("%w (after %d lines)", err, sp.Lines())
		}
		if format == nil {
			d := parse.Sniff(j.blk.Data)
			if err := d.Problem(in.Name); err != nil && d.Lines > 0 {
				free <- j
				return err
			}
			format = d.Format
			if format == nil {
				format = parse.Combined // nothing to detect from: blank lines only
			}
			desc.Format, desc.FormatTitle, desc.Detected = format.Name, format.Title, d.OK()
			desc.Sampled, desc.Matched, desc.Note = d.Lines, d.Parsed, d.Note
		}
		j.input, j.name, j.format = idx, in.Name, format
		j.switches = j.switches[:0]
		if format.HasDirectives() && !j.blk.TooLong {
			j.switches, format = lay.scan(j.blk.Data, format, j.switches)
		}
		if p := opt.Progress; p != nil {
			p.lines.Add(int64(j.blk.Lines))
			n := in.CompressedBytes()
			p.bytes.Add(n - reported)
			reported = n
		}
		work <- j
	}
}

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
	scratch   []byte

	prints      [][]Fingerprint // by input index
	printLevels []int

	parsers map[*parse.Format]parse.Parser
	rec     parse.Record

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
	}
	if opt.Bucket > 0 {
		p.latWidth = opt.Bucket
	}
	p.latBk = newBucketer(p.latWidth, opt.Zone)
	if opt.Statuses {
		p.statuses = &statusTally{}
	}
	if opt.StatusDims != 0 {
		p.dims = newWorkerDims(opt)
	}
	p.since, p.until = opt.Window.bounds()
	p.window = opt.Window.Active()
	return p
}

// Reasons a parsed line is not counted.
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
	for len(data) > 0 {
		at := len(j.blk.Data) - len(data)
		if len(sw) > 0 && at >= sw[0].at {
			parser, sw = p.parser(sw[0].format), sw[1:]
		}
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
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
		lines.Parsed++
		if r.Recovered {
			p.recovered++
		}
		if r.HasTime && (r.Time >= bp.next || !bp.started) {
			p.mark(j, at, r.Time, &bp)
		}
		p.count(r, span)
	}
}

// parser returns this worker's parser for f.
func (p *partial) parser(f *parse.Format) parse.Parser {
	parser := p.parsers[f]
	if parser == nil {
		parser = f.NewLeanParser()
		p.parsers[f] = parser
	}
	return parser
}

// count folds one request into the tally.
func (p *partial) count(r *parse.Record, span *Span) {
	status := r.Status
	p.codes[status]++
	verdict := p.verdict[status]
	bad := verdict == verdictBad
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
	} else {
		p.untimed++
		if r.BadTime {
			p.badTimes++
		}
	}
	endpoint := p.endpoints.addPath(r.Path, p.opt.Routes, verdict, dur)
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
}

func (p *partial) minute(t int64) *Counts {
	start := t - mod64(t, 60)
	if start == p.lastMin {
		return p.last
	}
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
	at := sort.Search(len(p.samples), func(i int) bool { return sampleLess(s, p.samples[i]) })
	if at >= p.opt.Samples {
		return
	}
	if len(text) > SampleBytes {
		text = text[:SampleBytes]
	}
	s.Text = bytes.Clone(text)
	p.samples = append(p.samples, Sample{})
	copy(p.samples[at+1:], p.samples[at:])
	p.samples[at] = s
	if len(p.samples) > p.opt.Samples {
		p.samples = p.samples[:p.opt.Samples]
	}
}

func sampleLess(a, b Sample) bool {
	if a.order != b.order {
		return a.order < b.order
	}
	return a.Line < b.Line
}

// merge folds the partials into one Summary, through the same tally that
// merged States go through.
func merge(inputs []Input, parts []*partial, opt *Options) *Summary {
	t := newTally(opt.settings(), opt.Statuses)
	if opt.StatusDims != 0 {
		t.dims = newDimTally(opt.StatusDims, t.set)
	}
	t.inputs = inputs
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

// resumeLines moves the line numbers of samples from resumed inputs past
// the lines read before.
func (t *tally) resumeLines(res []ingest.Resume) {
	for i := range t.samples {
		if o := t.samples[i].order; o < len(res) && res[o].Source.Offset > 0 {
			t.samples[i].Line += res[o].Source.Lines
		}
	}
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
