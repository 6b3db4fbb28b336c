package aggregate

// A live tally: the counts of a run that never ends. A follow run feeds it
// the lines its logs gain, and asks it for a Summary at every interval.
// Its memory is bounded over days: the per-minute detail behind the
// longest window anything is judged over is dropped (the totals keep it),
// latency sketches are coarsened as a run's are, and an SLO file's rolling
// window moves with the clock instead of staying where it was at the
// start.

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/slareport/slareport/ingest"
	"github.com/slareport/slareport/parse"
)

// Live is the long-lived tally of a follow run. It is not safe for
// concurrent use: feed it and take its Summary from one goroutine.
type Live struct {
	opt    Options
	t      *tally
	index  map[string]int // input by name
	inputs []liveInput
	// keep is how far behind the newest minute the per-minute detail is
	// kept, in seconds.
	keep int64
	// rolling are the lengths of the objectives' rolling windows, by
	// objective; 0 for a calendar window.
	rolling []time.Duration
	// recent are the failures of the lines read lately, newest last,
	// for the board's "failing now".
	recent []recentRead
	// started is when the first chunk was fed.
	started time.Time
}

// liveInput is what a Live knows of one input between feeds: its format
// and the layout its directives last announced.
type liveInput struct {
	format *parse.Format
	lay    layouts
}

// NewLive returns an empty live tally counting as opt says. Requests per
// minute and status (Statuses, which a live page's filters read) are kept
// for the minutes the per-minute detail keeps, and so is their split by
// host and endpoint (StatusDims), in buckets that widen with the span
// kept as a run's do.
func NewLive(opt Options) (*Live, error) {
	l := &Live{index: map[string]int{}, keep: int64(longestRule(AlertRules) / time.Second)}
	// A rolling window follows the clock: its requests are counted from
	// the window's start on, and each Summary judges the window ending
	// then (see Summary).
	opt.Objectives = append([]Objective(nil), opt.Objectives...)
	l.rolling = make([]time.Duration, len(opt.Objectives))
	for i := range opt.Objectives {
		o := &opt.Objectives[i]
		if o.Window.Rolling && o.Window.Duration > 0 {
			l.rolling[i] = o.Window.Duration
			o.Window.End = time.Unix(1<<40, 0)
			l.keep = max(l.keep, int64(o.Window.Duration/time.Second))
		}
		l.keep = max(l.keep, int64(longestRule(o.Alerts)/time.Second))
	}
	if err := opt.defaults(1); err != nil {
		return nil, err
	}
	// Who failed is kept per bucket for as long as the minutes are.
	opt.failKeep = l.keep
	l.opt = opt
	l.t = newTally(opt.Settings, opt.Statuses)
	if opt.StatusDims != 0 {
		l.t.dims = newDimTally(opt.StatusDims, l.t.set)
	}
	if opt.Statuses {
		l.t.insight.fails = newFailTally(opt.Zone, l.keep)
	}
	if opt.objs != nil {
		l.t.objs, l.t.objList, l.t.objPrint = newObjCounter(opt.objs, opt.Routes), opt.Objectives, opt.ObjectivesPrint
	}
	return l, nil
}

// longestRule is the longest window of the rules.
func longestRule(rules []AlertRule) time.Duration {
	var d time.Duration
	for _, r := range rules {
		d = max(d, r.Long)
	}
	return d
}

// Feed counts the lines of a chunk a follower read at the time at. A chunk of an input
// seen for the first time settles its format from its first lines, as a
// run does; an input whose lines match no format is an error.
func (l *Live) Feed(ctx context.Context, at time.Time, c ingest.Chunk) error {
	if l.started.IsZero() {
		l.started = at
	}
	idx, ok := l.index[c.Name]
	if !ok {
		idx = len(l.inputs)
		l.index[c.Name] = idx
		l.inputs = append(l.inputs, liveInput{format: l.opt.Format})
		in := Input{Name: c.Name, Compression: "none"}
		if f := l.opt.Format; f != nil {
			in.Format, in.FormatTitle = f.Name, f.Title
		}
		l.t.inputs = append(l.t.inputs, in)
	}
	parts, err := l.fold(ctx, idx, c)
	l.noteRecent(at, parts) // before the merge takes the partials' keys
	for _, p := range parts {
		l.t.addPartial(p)
	}
	l.widenDims()
	in := &l.t.inputs[idx]
	in.Prints, in.PrintLevel = thinPrints(in.Prints, in.PrintLevel)
	return err
}

// fold cuts the chunk into blocks and folds them in parallel, each worker
// into its own partial, as Run does.
func (l *Live) fold(ctx context.Context, idx int, c ingest.Chunk) ([]*partial, error) {
	workers := l.opt.Workers
	if len(c.Data) < 1<<20 {
		workers = 1 // a few lines: not worth a goroutine
	}
	work := make(chan *job, 2*workers)
	free := make(chan *job, 2*workers)
	for range 2 * workers {
		free <- &job{}
	}
	parts := make([]*partial, workers)
	var wg sync.WaitGroup
	for w := range parts {
		p := newPartial(&l.opt)
		parts[w] = p
		wg.Go(func() {
			for j := range work {
				p.fold(j)
				free <- j
			}
		})
	}
	err := l.cut(ctx, idx, c, free, work)
	close(work)
	wg.Wait()
	return parts, err
}

// cut hands the chunk's blocks to the workers, settling the input's format
// on its first block and following its directives.
func (l *Live) cut(ctx context.Context, idx int, c ingest.Chunk, free, work chan *job) error {
	li := &l.inputs[idx]
	sp := ingest.NewSplitter(bytes.NewReader(c.Data), l.opt.BlockSize, l.opt.MaxLine)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		j := <-free
		err := sp.Next(&j.blk)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", c.Name, err)
		}
		j.blk.FirstLine += c.FirstLine - 1
		if li.format == nil {
			if err := l.detect(idx, c.Name, j.blk.Data); err != nil {
				return err
			}
		}
		j.input, j.name, j.format = idx, c.Name, li.format
		j.switches = j.switches[:0]
		if li.format.HasDirectives() && !j.blk.TooLong {
			j.switches, li.format = li.lay.scan(j.blk.Data, li.format, j.switches)
		}
		work <- j
	}
}

// detect settles the format of input idx from its first block.
func (l *Live) detect(idx int, name string, data []byte) error {
	d := parse.Sniff(data)
	if err := d.Problem(name); err != nil && d.Lines > 0 {
		return err
	}
	f := d.Format
	if f == nil {
		f = parse.Combined // blank lines only
	}
	l.inputs[idx].format = f
	in := &l.t.inputs[idx]
	in.Format, in.FormatTitle, in.Detected = f.Name, f.Title, d.OK()
	in.Sampled, in.Matched, in.Note = d.Lines, d.Parsed, d.Note
	return nil
}

// Summary returns the Summary of everything fed, judged at now: the
// per-minute detail behind the longest window is dropped first, and each
// rolling objective is judged over the window that ends now. The Summary
// shares the tally's memory: render it before the next Feed.
func (l *Live) Summary(now time.Time) *Summary {
	l.prune(now)
	s := l.t.summary()
	s.Now, s.Live = now, true
	for i := range s.Objectives {
		if d := l.rolling[i]; d > 0 {
			o := &s.Objectives[i]
			end := now.Truncate(time.Minute).Add(time.Minute)
			o.Window.Start, o.Window.End = end.Add(-d), end
			from := 0
			for from < len(o.Minutes) && o.Minutes[from].Start < o.Window.Start.Unix() {
				from++
			}
			o.Minutes = o.Minutes[from:]
		}
	}
	return s
}

// widenDims widens the buckets of the split by host and endpoint as the
// span kept grows, as prune does, but as soon as the lines come: a log
// read from its start comes in chunks of an hour or so each, whose
// workers split by the minute, and would otherwise pile up a minute's
// rows for every minute it holds before the first summary.
func (l *Live) widenDims() {
	d := l.t.dims
	if d == nil || l.opt.Bucket > 0 || len(l.t.minutes) == 0 {
		return
	}
	oldest, newest := int64(1<<62), int64(-1<<62)
	for start := range l.t.minutes {
		oldest, newest = min(oldest, start), max(newest, start)
	}
	d.coarsen(AutoBucket(min(newest-oldest, l.keep)))
}

// prune drops the minutes (and their latency sketches) more than keep
// behind the newest minute, or behind now when a line was stamped in the
// future, and coarsens the latency sketches of what is left as a run over
// that span would.
func (l *Live) prune(now time.Time) {
	t := l.t
	newest := int64(-1 << 62)
	for start := range t.minutes {
		newest = max(newest, start)
	}
	if len(t.minutes) == 0 {
		return
	}
	cut := min(newest, now.Unix()) - l.keep
	if d := t.dims; d != nil {
		// The split by host and endpoint is as wide as the span kept
		// (widenDims, at every feed), and the cut falls on one of its
		// buckets' starts, so that every bucket kept holds the same
		// requests in the minutes as in the split: a few minutes more
		// than keep stay.
		cut = newBucketer(d.width, d.zone).startOf(cut)
		for k := range d.rows {
			if k.start < cut {
				delete(d.rows, k)
			}
		}
	}
	oldest := newest
	for start := range t.minutes {
		if start < cut {
			delete(t.minutes, start)
		} else {
			oldest = min(oldest, start)
		}
	}
	if t.statuses != nil {
		for start := range t.statuses.rows {
			if start < cut {
				delete(t.statuses.rows, start)
			}
		}
		t.statuses.last = nil
	}
	if t.insight != nil && t.insight.fails != nil {
		t.insight.fails.prune(cut)
	}
	if l.opt.Bucket == 0 {
		if w := AutoBucket(newest - oldest); w > t.latWidth {
			t.lat, t.latWidth = rebucket(t.lat, newBucketer(w, t.set.Zone), (*timing).merge), w
		}
	}
	for start := range t.lat {
		if start+t.latWidth <= cut {
			delete(t.lat, start)
		}
	}
	l.pruneObjectives(now)
}

// pruneObjectives drops the objectives' minutes that no window they are
// judged over holds any more: those before the earliest window start.
func (l *Live) pruneObjectives(now time.Time) {
	c := l.t.objs
	if c == nil {
		return
	}
	cut := now.Unix()
	for i, o := range l.t.objList {
		start := o.Window.Start.Unix()
		if d := l.rolling[i]; d > 0 {
			start = now.Add(-d).Unix() - 60
		}
		cut = min(cut, start)
	}
	for start := range c.minutes {
		if start < cut {
			delete(c.minutes, start)
		}
	}
	c.last, c.lastMin = nil, -1
}
