// Package parse turns one access-log line into a Record without regexps and
// without allocating: a Record's byte fields point into the line and are valid
// only until the next call to Parse.
//
// A Format is an immutable description of a log layout (the hand-written
// combined/common parser, or a compiled nginx log_format string). Each worker
// asks the Format for its own Parser because parsers keep a small timestamp
// cache.
package parse

// Record is one parsed access-log line. Byte slices alias the line given to
// Parse.
type Record struct {
	Remote []byte
	User   []byte

	// Time is the request time in Unix seconds (UTC); it is meaningful only
	// when HasTime is set, because 1970-01-01T00:00:00Z is a legal time.
	Time    int64
	HasTime bool

	Request []byte // the raw request line, e.g. `GET / HTTP/1.1`
	Method  []byte // empty when the request is "-", empty or garbage
	Path    []byte
	Proto   []byte

	// Status is the HTTP status code as logged, 0..999. Codes outside
	// 100..599 are kept: the aggregate counts them as invalid.
	Status int
	// Bytes is the response size; -1 when the log says "-".
	Bytes int64

	Referer   []byte
	UserAgent []byte

	// Duration is the request time in seconds; -1 when the format has none.
	Duration float64

	// Extra counts the fields after the size in the combined/common layout:
	// 0 for common, 2 for combined, more for nginx "main" and friends.
	Extra int

	// Bad is the offending field when Parse fails, for error messages.
	Bad []byte
}

func (r *Record) reset() {
	*r = Record{Bytes: -1, Duration: -1}
}
