package parse

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
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
