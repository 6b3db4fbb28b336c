package aggregate

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"sync"

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
	// Stdin is read for the path "-" (default os.Stdin).
	Stdin io.Reader
}

// BucketSeconds is the width of the time series buckets.
const BucketSeconds = 3600

// Run reads every path ("-" is standard input) in order and returns the
// Summary. Input problems (a missing file, a corrupt or truncated stream)
// end the run with an error naming the input; a line that does not parse
// is counted, never an error.
func Run(ctx context.Context, paths []string, opt Options) (*Summary, error) {
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	if opt.Samples == 0 {
		opt.Samples = 5
	}
	if opt.Samples < 0 {
		opt.Samples = 0
	}
	if opt.Stdin == nil {
		opt.Stdin = os.Stdin
	}
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
	nblocks := 2*opt.Workers + 1
	free := make(chan *job, nblocks)
	for range nblocks {
		free <- &job{}
	}
	work := make(chan *job, nblocks)

	parts := make([]*partial, opt.Workers)
	var wg sync.WaitGroup
	for w := range parts {
		parts[w] = newPartial(opt.Samples)
		wg.Go(func() {
			for j := range work {
				parts[w].fold(j)
				free <- j
			}
		})
	}

	inputs := make([]Input, len(paths))
	readErr := read(ctx, paths, inputs, opt, free, work)
	close(work)
	wg.Wait()
	if readErr != nil {
		return nil, readErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return merge(inputs, parts, opt.Samples), nil
}

// job is a block on its way to a worker, with what the worker needs to
// know about its input.
type job struct {
	blk    ingest.Block
	input  int
	name   string
	format *parse.Format
}

// read feeds the blocks of every input to the workers, one input after the
// other, and fills in each Input's description.
func read(ctx context.Context, paths []string, inputs []Input, opt Options, free, work chan *job) error {
	for i, p := range paths {
		in, err := open(p, opt.Stdin)
		if err != nil {
			return err
		}
		inputs[i] = Input{Name: in.Name, Compression: in.Compression}
		err = readInput(ctx, in, i, &inputs[i], opt, free, work)
		if cerr := in.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("close %q: %w", in.Name, cerr)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func open(path string, stdin io.Reader) (*ingest.Input, error) {
	if path == "-" {
		return ingest.FromReader("(stdin)", stdin)
	}
	return ingest.Open(path)
}

func readInput(ctx context.Context, in *ingest.Input, idx int, desc *Input, opt Options, free, work chan *job) error {
	sp := ingest.NewSplitter(in, opt.BlockSize, opt.MaxLine)
	format := opt.Format
	if format != nil {
		desc.Format = format.Name
	}
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
			var ok bool
			format, ok = parse.Detect(j.blk.Data)
			desc.Format, desc.Detected = format.Name, ok
		}
		j.input, j.name, j.format = idx, in.Name, format
		work <- j
	}
}

// partial is one worker's private tally; nothing in it is shared, so the
// hot loop takes no locks.
type partial struct {
	codes   [1000]int64
	inputs  []Lines // by input index
	spans   []Span
	reasons map[error]int64
	samples []Sample // sorted by (order, Line), at most cap
	keep    int

	buckets map[int64]*Bucket
	last    *Bucket // the bucket of the previous line: logs are nearly sorted

	parsers map[*parse.Format]parse.Parser
	rec     parse.Record
}

func newPartial(keep int) *partial {
	return &partial{
		reasons: map[error]int64{},
		keep:    keep,
		buckets: map[int64]*Bucket{},
		parsers: map[*parse.Format]parse.Parser{},
	}
}

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

	parser := p.parsers[j.format]
	if parser == nil {
		parser = j.format.NewParser()
		p.parsers[j.format] = parser
	}
	r := &p.rec
	data, n := j.blk.Data, j.blk.FirstLine
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		if err := parser.Parse(line, r); err != nil {
			lines.Malformed++
			p.malformed(j, n, err, line)
			n++
			continue
		}
		lines.Parsed++
		p.codes[r.Status]++
		if r.HasTime {
			span.add(r.Time)
			p.bucket(r.Time).count(r.Status)
		}
		n++
	}
}

func (p *partial) bucket(t int64) *Bucket {
	start := t - t%BucketSeconds
	if t < 0 && t%BucketSeconds != 0 {
		start -= BucketSeconds
	}
	if p.last != nil && p.last.Start == start {
		return p.last
	}
	b := p.buckets[start]
	if b == nil {
		b = &Bucket{Start: start}
		p.buckets[start] = b
	}
	p.last = b
	return b
}

func (b *Bucket) count(status int) {
	if c := reference.ClassOf(status); c != 0 {
		b.Classes[c-1]++
	} else {
		b.Invalid++
	}
}

// malformed counts a bad line and keeps it as a sample if it is among the
// first lines (by input, then line number) this worker has seen.
func (p *partial) malformed(j *job, line int64, err error, text []byte) {
	p.reasons[err]++
	if p.keep == 0 {
		return
	}
	s := Sample{Input: j.name, Line: line, Reason: err.Error(), order: j.input}
	at := sort.Search(len(p.samples), func(i int) bool { return sampleLess(s, p.samples[i]) })
	if at >= p.keep {
		return
	}
	if len(text) > SampleBytes {
		text = text[:SampleBytes]
	}
	s.Text = bytes.Clone(text)
	p.samples = append(p.samples, Sample{})
	copy(p.samples[at+1:], p.samples[at:])
	p.samples[at] = s
	if len(p.samples) > p.keep {
		p.samples = p.samples[:p.keep]
	}
}

func sampleLess(a, b Sample) bool {
	if a.order != b.order {
		return a.order < b.order
	}
	return a.Line < b.Line
}

// merge folds the partials into one Summary. Every step is a sum, a min/max
// or a sort, so the result does not depend on the number of workers or on
// which worker read which block.
func merge(inputs []Input, parts []*partial, keep int) *Summary {
	s := &Summary{
		Inputs:        inputs,
		Codes:         map[int]int64{},
		Malformed:     map[string]int64{},
		BucketSeconds: BucketSeconds,
	}
	var codes [1000]int64
	buckets := map[int64]*Bucket{}
	for _, p := range parts {
		for c, n := range p.codes {
			codes[c] += n
		}
		for i := range p.inputs {
			s.Inputs[i].Lines.add(p.inputs[i])
			s.Inputs[i].Span.merge(p.spans[i])
		}
		for err, n := range p.reasons {
			s.Malformed[err.Error()] += n
		}
		s.Samples = append(s.Samples, p.samples...)
		for start, b := range p.buckets {
			m := buckets[start]
			if m == nil {
				m = &Bucket{Start: start}
				buckets[start] = m
			}
			for c := range b.Classes {
				m.Classes[c] += b.Classes[c]
			}
			m.Invalid += b.Invalid
		}
	}
	for c, n := range codes {
		if n > 0 {
			s.Codes[c] = n
		}
	}
	for _, in := range s.Inputs {
		s.Lines.add(in.Lines)
		s.Span.merge(in.Span)
	}
	sort.Slice(s.Samples, func(i, k int) bool { return sampleLess(s.Samples[i], s.Samples[k]) })
	if len(s.Samples) > keep {
		s.Samples = s.Samples[:keep]
	}
	for _, b := range buckets {
		s.Buckets = append(s.Buckets, *b)
	}
	sort.Slice(s.Buckets, func(i, k int) bool { return s.Buckets[i].Start < s.Buckets[k].Start })
	return s
}
