// Package aggregate runs the pipeline: it reads inputs through ingest, hands
// line-aligned blocks to worker goroutines that parse and fold them into
// private partials, and merges the partials in a fixed order into one
// Summary. It also holds the availability and SLO arithmetic. It never
// renders: report reads the Summary.
package aggregate

import (
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
	Format      string // format name used to parse it
	Detected    bool   // Format was detected from the first lines, not given
	Lines       Lines
	Span        Span
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

// Bucket holds the requests that fell in one time bucket.
type Bucket struct {
	Start   int64    // Unix seconds, a multiple of the bucket width
	Classes [5]int64 // requests per class 1xx..5xx
	Invalid int64    // requests with a status outside 100..599
}

// Requests returns all requests in the bucket.
func (b Bucket) Requests() int64 {
	return b.Classes[0] + b.Classes[1] + b.Classes[2] + b.Classes[3] + b.Classes[4] + b.Invalid
}

// Summary is the result of a run: plain data that renderers only read.
type Summary struct {
	Inputs    []Input
	Lines     Lines
	Span      Span             // earliest and latest request time over all inputs
	Codes     map[int]int64    // requests per status code, 0..999, as logged
	Malformed map[string]int64 // malformed lines per reason
	Samples   []Sample         // the first malformed lines, in input and line order

	BucketSeconds int64    // width of each bucket (3600: hourly)
	Buckets       []Bucket // ascending by Start; hours without requests are absent
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
// count as requests but in no class, and never as server errors.
func (s *Summary) Invalid() int64 {
	var n int64
	for code, c := range s.Codes {
		if reference.ClassOf(code) == 0 {
			n += c
		}
	}
	return n
}

// Bad returns the requests that count against availability: 5xx.
func (s *Summary) Bad() int64 { return s.Classes()[4] }

// Availability returns (requests − 5xx) / requests, and false when there are
// no requests (the ratio is undefined, not 100%).
func (s *Summary) Availability() (float64, bool) {
	return ratio(s.Requests()-s.Bad(), s.Requests())
}

// Availability returns the bucket's availability, false when it is empty.
func (b Bucket) Availability() (float64, bool) {
	return ratio(b.Requests()-b.Classes[4], b.Requests())
}

func ratio(num, den int64) (float64, bool) {
	if den <= 0 {
		return 0, false
	}
	return float64(num) / float64(den), true
}
