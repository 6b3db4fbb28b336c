package aggregate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"

	"github.com/slareport/slareport/ingest"
	"github.com/slareport/slareport/parse"
)

// Run reads every path ("-" is standard input) in order and returns the
// Summary. Input problems (a missing file, a corrupt or truncated stream)
// end the run with an error naming the input; a line that does not parse
// is counted, never an error.
func Run(ctx context.Context, paths []string, opt Options) (*Summary, error) {
	if err := opt.defaults(len(paths)); err != nil {
		return nil, err
	}
	// Fail before reading gigabytes if a later argument is a typo.
	for _, p := range paths {
		if err := opt.Objects.Check(p); err != nil {
			return nil, err
		}
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	opt.Objects.Prefetch(ctx, paths)
	p := start(ctx, paths, &opt)
	// A reader blocked on a pipe sees the cancellation only when its read
	// returns; the caller should not wait for that. The goroutines end on
	// their own as soon as it does.
	select {
	case <-p.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if p.err != nil {
		return p.incomplete(paths, &opt)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return merge(p.inputs, p.parts, &opt), nil
}

// pipeline is a run under way: readers cut the inputs into jobs, and
// workers fold the jobs into their partials.
type pipeline struct {
	parts  []*partial
	inputs []Input
	err    error         // the reading's error; set before done is closed
	done   chan struct{} // closed when every reader and worker has ended
}

// start sets the workers and the readers going.
func start(ctx context.Context, paths []string, opt *Options) *pipeline {
	// A fixed pool of blocks bounds memory: the reader waits for a worker
	// to hand a block back before it reads more.
	nblocks := 2*opt.Workers + opt.Readers
	free := make(chan *job, nblocks)
	for range nblocks {
		free <- &job{}
	}
	work := make(chan *job, nblocks)

	p := &pipeline{parts: make([]*partial, opt.Workers), inputs: make([]Input, len(paths)), done: make(chan struct{})}
	var wg sync.WaitGroup
	for w := range p.parts {
		part := newPartial(opt)
		p.parts[w] = part
		wg.Go(func() {
			for j := range work {
				part.fold(j)
				free <- j
			}
		})
	}
	go func() {
		p.err = read(ctx, paths, p.inputs, *opt, free, work)
		close(work)
		wg.Wait()
		close(p.done)
	}()
	return p
}

// incomplete returns what Run returns when reading failed: the error, and
// with PartialOK the Summary of every line read before it, marked
// incomplete.
func (p *pipeline) incomplete(paths []string, opt *Options) (*Summary, error) {
	if !opt.PartialOK || errors.Is(p.err, context.Canceled) {
		return nil, p.err
	}
	// Inputs never opened keep their path as a name, with no lines.
	for i := range p.inputs {
		if p.inputs[i].Name == "" {
			p.inputs[i].Name = paths[i]
		}
	}
	s := merge(p.inputs, p.parts, opt)
	s.Incomplete = p.err.Error()
	return s, p.err
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
	in, err := opt.Objects.OpenAt(ctx, path, opt.Stdin, res)
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
