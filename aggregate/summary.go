// Package aggregate runs the pipeline: it reads inputs through ingest, hands
// line-aligned blocks to worker goroutines that parse and fold them into
// private partials, and merges the partials in a fixed order into one
// Summary. It also holds the availability and SLO arithmetic. It never
// touches files: ingest opens, looks at and resumes them, and hands it
// readers. It never renders: report reads the Summary.
package aggregate

import (
	"time"

	"github.com/slareport/slareport/ingest"
	"github.com/slareport/slareport/reference"
)

// Lines accounts for every line read: Read = Parsed + Malformed + Filtered.
type Lines struct {
	Read      int64
	Parsed    int64
	Malformed int64
	Filtered  int64
}

func (l *Lines) add(o Lines) {
	l.Read += o.Read
	l.Parsed += o.Parsed
	l.Malformed += o.Malformed
	l.Filtered += o.Filtered
}

// Span is a time range in Unix seconds; it is empty when no line had a time.
type Span struct {
	First, Last int64
	Valid       bool
}

func (s *Span) add(t int64) {
	if !s.Valid {
		s.First, s.Last, s.Valid = t, t, true
		return
	}
	s.First = min(s.First, t)
	s.Last = max(s.Last, t)
}

func (s *Span) merge(o Span) {
	if o.Valid {
		s.add(o.First)
		s.add(o.Last)
	}
}

// Input describes one source as it was read.
type Input struct {
	Name        string
	Compression string // "gzip", "zstd", "bzip2" or "none"
	Format      string // format name used to parse it ("combined", "nginx", ...)
	FormatTitle string // the same in words ("Apache/nginx combined")
	Detected    bool   // Format was detected from the first lines, not given
	// Sampled and Matched are the detection's evidence: how many lines of
	// the first block were tried and how many the format parsed.
	Sampled, Matched int
	// Note is detection's remark on this run's reading of the input, for
	// a warning (see parse.Detection.Note); summaries do not keep it.
	Note   string
	Lines  Lines
	Span   Span
	Source ingest.Source // which bytes were read, for merging and resuming
	// Prints are fingerprints of the lines counted (fingerprint.go), those
	// of at least PrintLevel, ascending by time. Unprinted says some of
	// the lines were counted by a slareport that took none.
	Prints     []Fingerprint
	PrintLevel int
	Unprinted  bool

	// resumed is the Source this input continued, in the run that resumed
	// it: its head may be shorter than the one Source now records, so the
	// merge into the earlier state joins the two by it. Never saved.
	resumed *ingest.Source
}

// Sample is one malformed line kept for the report.
type Sample struct {
	Input  string
	Line   int64
	Reason string
	Text   []byte // at most SampleBytes of the raw line
	order  int    // input index, for the deterministic choice of samples
}

// SampleBytes bounds how much of a malformed line a Sample keeps.
const SampleBytes = 1024

// Counts are the requests of one time slice or bucket.
type Counts struct {
	Classes [5]int64 // requests per class 1xx..5xx
	Invalid int64    // requests with a status outside 100..599
	Bad     int64    // requests the BadRule counts against availability
	Timed   int64    // requests that logged a duration
	Fast    int64    // of those, faster than the latency SLO threshold
	// Unjudged are the requests the BadRule leaves out of availability
	// (the Invalid ones, unless the rule judges them). It is derived from
	// Invalid and the rule when a Summary is made, never saved.
	Unjudged int64
}

// Requests returns all requests counted.
func (c Counts) Requests() int64 {
	return c.Classes[0] + c.Classes[1] + c.Classes[2] + c.Classes[3] + c.Classes[4] + c.Invalid
}

// Judged returns the requests that count towards availability, as good or
// bad.
func (c Counts) Judged() int64 { return c.Requests() - c.Unjudged }

// Availability returns (judged − bad) / judged, and false when no request
// was judged: an empty slice is "no data", never 100%.
func (c Counts) Availability() (float64, bool) {
	return ratio(c.Judged()-c.Bad, c.Judged())
}

func (c *Counts) add(o Counts) {
	for i := range c.Classes {
		c.Classes[i] += o.Classes[i]
	}
	c.Invalid += o.Invalid
	c.Bad += o.Bad
	c.Timed += o.Timed
	c.Fast += o.Fast
	c.Unjudged += o.Unjudged
}

// Slice is one minute of requests.
type Slice struct {
	Start int64 // Unix seconds, a multiple of 60
	Counts
}

// Bucket is one bucket of the report's time series.
type Bucket struct {
	// [Start, End) in Unix seconds. Buckets never overlap: a DST day is 23
	// or 25 h, and a bucket under a day that holds a DST change is cut in
	// two at it.
	Start, End int64
	Counts
	Latency *Quantiles // nil when no request in it logged a duration
}

// Summary is the result of a run: plain data that renderers only read.
type Summary struct {
	Inputs []Input
	Lines  Lines
	Span   Span // earliest and latest counted request time
	// OutsideSpan is the earliest and latest time of the lines the window
	// filtered out, to say where the data lies when none fell inside it.
	// Summaries read from saved states do not have it.
	OutsideSpan Span
	Codes       map[int]int64    // requests per status code, 0..999, as logged
	Malformed   map[string]int64 // malformed lines per reason
	Samples     []Sample         // the first malformed lines, in input and line order
	Filtered    map[string]int64 // filtered lines per reason
	Untimed     int64            // counted requests without a usable time
	BadTimes    int64            // of those, requests whose time field was unreadable
	Recovered   int64            // requests read from damaged lines whose status was unambiguous
	// Incomplete is the input error that ended a run early, when the run
	// asked for what it had read anyway (Options.PartialOK); "" otherwise.
	Incomplete string

	Rule BadRule // what counts against availability
	// Now is when the report is judged, for windows that end in the
	// future (see ReplayEnd); zero replays alerts to the window's end.
	Now    time.Time
	Window Window         // the time filter, if any
	Filter *Selector      // the requests counted; nil: every request
	Zone   *time.Location // where day and hour boundaries fall

	Minutes []Slice // per-minute counts, ascending; minutes without requests absent
	// Outliers are requests stamped far from all the others (see Outlier).
	Outliers      []Outlier
	BucketSeconds int64    // nominal width of Buckets; DST changes make some shorter or longer
	Buckets       []Bucket // ascending; buckets without requests absent

	Latency *Quantiles // over all requests with a duration; nil if none
	// LatencyThreshold is the latency SLO's limit in seconds (0: none);
	// Timed and Fast count requests with a duration and those under it.
	LatencyThreshold float64
	Timed, Fast      int64

	Endpoints Breakdown
	Hosts     Breakdown // by virtual host, when the format logs one
	Upstreams Breakdown // by upstream (backend) status, when logged
	// Insight is who sent the requests: top clients, user agents,
	// referrers, robots, and the endpoints with the most 4xx. Nil for
	// summaries saved before slareport kept it.
	Insight *Insight

	// Objectives are the counts of the run's objectives, in their order;
	// ObjectivesSeen is the span of the times of every line they were
	// offered (what the run read, inside its window). Evaluate judges one.
	Objectives     []ObjectiveCounts
	ObjectivesSeen Span
	// ObjectivesPrint identifies the objectives' source (Options).
	ObjectivesPrint string

	// Live says the summary is of logs still being followed: the alert
	// replay runs to Now, so that a rule stops firing once the bad
	// requests leave its windows, even when no line comes after them.
	Live bool

	tally *tally // the mergeable state the views were derived from
}

// Requests returns the number of requests: every parsed line is one.
func (s *Summary) Requests() int64 { return s.Lines.Parsed }

// Classes returns the requests per class 1xx..5xx (index 0 is 1xx).
func (s *Summary) Classes() [5]int64 {
	var c [5]int64
	for code, n := range s.Codes {
		if cl := reference.ClassOf(code); cl != 0 {
			c[cl-1] += n
		}
	}
	return c
}

// Invalid returns the requests whose status lies outside 100..599. They
// count as requests but in no class, and are bad only if the rule says so.
func (s *Summary) Invalid() int64 {
	var n int64
	for code, c := range s.Codes {
		if reference.ClassOf(code) == 0 {
			n += c
		}
	}
	return n
}

// Unjudged returns the requests that the rule leaves out of availability:
// those without a valid status, unless --bad or --good names them.
func (s *Summary) Unjudged() int64 {
	if s.Rule.JudgesInvalid() {
		return 0
	}
	return s.Invalid()
}

// Judged returns the requests that count towards availability, as good or
// bad: every request but the unjudged ones.
func (s *Summary) Judged() int64 { return s.Requests() - s.Unjudged() }

// Bad returns the requests that count against availability.
func (s *Summary) Bad() int64 {
	var n int64
	for code, c := range s.Codes {
		if s.Rule.IsBad(code) {
			n += c
		}
	}
	return n
}

// Availability returns (judged − bad) / judged, and false when no request
// was judged (the ratio is undefined, not 100%).
func (s *Summary) Availability() (float64, bool) {
	return ratio(s.Judged()-s.Bad(), s.Judged())
}

func ratio(num, den int64) (float64, bool) {
	if den <= 0 {
		return 0, false
	}
	return float64(num) / float64(den), true
}
