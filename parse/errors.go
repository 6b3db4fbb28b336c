package parse

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Reasons a line is malformed. Parsers return these sentinels unwrapped so
// that counting a bad line costs no allocation; their texts are the reason
// keys of the report and the JSON contract, so they never change.
var (
	ErrTooLong    = errors.New("line too long")
	ErrTruncated  = errors.New("truncated line")
	ErrBadTime    = errors.New("bad time")
	ErrBadRequest = errors.New("bad request")
	ErrNoStatus   = errors.New("missing status")
	ErrBadStatus  = errors.New("bad status")
	ErrBadBytes   = errors.New("bad bytes")
	ErrBadNumber  = errors.New("bad number")
	ErrMismatch   = errors.New("line does not match the log format")
	// ErrBinary is a line that holds NUL bytes: a corrupt or non-text
	// stretch of the file rather than a damaged access-log line.
	ErrBinary = errors.New("binary")
	// ErrFieldCount is a delimited line (W3C, CloudFront, CSV, load
	// balancers) with fewer fields than its layout needs, or more than a
	// fixed field list allows.
	ErrFieldCount = errors.New("wrong field count")
)

// ErrComment marks a comment or directive line (`#Fields: ...`, a CSV
// header row), and ErrEmpty a blank one (nothing but spaces and tabs). They
// are not malformed lines: callers count them as filtered, which is why
// they are not among Reasons.
var (
	ErrComment = errors.New("comment line")
	ErrEmpty   = errors.New("empty line")
)

// Reasons lists every malformed-line reason in a fixed order, for reports
// that show all of them.
var Reasons = []error{
	ErrTooLong, ErrTruncated, ErrBadTime, ErrBadRequest,
	ErrNoStatus, ErrBadStatus, ErrBadBytes, ErrBadNumber, ErrMismatch,
	ErrBinary, ErrFieldCount,
}

// failed turns a parser's error for line into the reason to report: a line
// with a NUL byte is binary whatever else went wrong. Checking only after a
// failure keeps the scan off the path of good lines.
func failed(line []byte, err error) error {
	if err != ErrEmpty && bytes.IndexByte(line, 0) >= 0 {
		return ErrBinary
	}
	return err
}

// maxQuote bounds how much of a line an error message repeats.
const maxQuote = 1024

// ParseError locates a malformed line, like csv.ParseError: its message
// reads `access.log:1042: bad status "2x0"`.
type ParseError struct {
	Source string // input name
	Line   int64  // 1-based line number
	Err    error  // one of the reason sentinels above
	Field  []byte // the offending field, if known
}

func (e *ParseError) Error() string {
	msg := fmt.Sprintf("%s:%d: %v", e.Source, e.Line, e.Err)
	if len(e.Field) > 0 {
		f := e.Field
		if len(f) > maxQuote {
			f = f[:maxQuote]
		}
		msg += " " + strconv.Quote(string(f))
	}
	return msg
}

func (e *ParseError) Unwrap() error { return e.Err }

// DetectError is why Sniff chose no format for an input, with the evidence:
// how well the formats that came closest read the sample, and what its
// lines look like. Its message states those facts; how to give a layout
// (a flag, an option) is for the caller to add in its users' terms, from
// the fields. One case holds: Lines is 0, JSON is set, Tie is set, or else
// no format read nearly all of the lines.
type DetectError struct {
	Input string // input name
	// Lines counts the sample lines; 0 when the first block held none.
	Lines int
	// Closest lists the formats that read some of the lines cleanly, best
	// first, at most three.
	Closest []Candidate
	// Tie is set when the first two of Closest read the sample equally
	// well, and well enough that either would have been chosen alone.
	Tie bool
	// Likely is the best format when it reads at least half of the lines
	// cleanly: the input may well be in it, with the other lines damaged.
	Likely *Format
	// Weak is a format that parses at least half of the lines but reads
	// fewer than half cleanly (see Candidate.Fit), which is no evidence.
	Weak *Candidate
	// Duration is a number in lines that the NCSA parser reads only as
	// damaged ones that looks like a duration: a custom layout, whose
	// duration a layout given explicitly would read.
	Duration *UnreadDuration
	// JSON is what JSON lines that no JSON format reads lack.
	JSON *JSONHint
}

// Error states the facts: which case holds, with the candidates' scores.
func (e *DetectError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "detect format of %q: ", e.Input)
	switch {
	case e.Lines == 0:
		b.WriteString("no log lines in the first block")
	case e.JSON != nil:
		b.WriteString(e.JSON.String())
	case e.Tie:
		a, c := e.Closest[0], e.Closest[1]
		fmt.Fprintf(&b, "the first %d lines read equally well as %s (%d/%d) and as %s (%d/%d)",
			e.Lines, a.Format.Name, a.Fit, e.Lines, c.Format.Name, c.Fit, e.Lines)
	default:
		e.writeNoFit(&b)
	}
	return b.String()
}

// writeNoFit says that no format reads nearly every line, which come
// closest, and what else the lines show.
func (e *DetectError) writeNoFit(b *strings.Builder) {
	if len(e.Closest) == 0 {
		fmt.Fprintf(b, "no known format reads any of the first %d lines", e.Lines)
	} else {
		close := make([]string, len(e.Closest))
		for i, c := range e.Closest {
			close[i] = fmt.Sprintf("%s %d/%d", c.Format.Name, c.Fit, e.Lines)
		}
		fmt.Fprintf(b, "no known format reads nearly all of the first %d lines (closest: %s)", e.Lines, strings.Join(close, ", "))
	}
	if c := e.Weak; c != nil {
		if c.Recovered >= c.Untimed {
			fmt.Fprintf(b, "; %s reads %d of them only by recovering damaged lines (fields missing before the time), which is no evidence of a format", c.Format.Name, c.Parsed)
		} else {
			fmt.Fprintf(b, "; %s parses %d of them but finds no readable time in them, which is no evidence of a format", c.Format.Name, c.Parsed)
		}
	}
	if e.Duration != nil {
		b.WriteString("; " + e.Duration.String())
	}
}
