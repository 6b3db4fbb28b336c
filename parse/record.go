// Package parse turns one access-log line into a Record without regexps and
// without allocating: a Record's byte fields point into the line and are valid
// only until the next call to Parse.
//
// A Format is an immutable description of a log layout: the hand-written
// NCSA parser (combined, common), a compiled nginx log_format or Apache
// LogFormat string, a delimited layout driven by a field list (W3C/IIS,
// CloudFront, AWS load balancers, S3, Google Cloud Storage, Squid), or a JSON
// key mapping. Each worker asks the Format for its own Parser because parsers
// keep a small timestamp cache. Sniff chooses a Format from the
// first lines of an input.
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
	// BadTime is set when the line has a time field that cannot be read
	// (31/Feb, a garbled zone). The request still counts: only its time is
	// unknown, so HasTime is false.
	BadTime bool

	Request []byte // the raw request line, e.g. `GET / HTTP/1.1`
	Method  []byte // empty when the request is "-", empty or garbage
	Path    []byte // the request target; for some formats a full URL
	Query   []byte // the query string, for formats that log it apart from Path
	Proto   []byte
	Host    []byte // the virtual host or Host header, when logged
	Scheme  []byte // http or https (or the load balancer's listener type), when logged

	// Status is the HTTP status code as logged, 0..999. Codes outside
	// 100..599 are kept: the aggregate counts them as invalid.
	Status int
	// Bytes is the response size; -1 when the log says "-".
	Bytes int64

	Referer   []byte
	UserAgent []byte

	// Duration is the request time in seconds; -1 when the format has none.
	Duration float64

	// UpstreamStatus is the status returned by the backend (nginx
	// $upstream_status, a load balancer's target status); 0 when absent.
	// When several upstreams were tried ("502, 200") it is the last one,
	// the answer the client got through.
	UpstreamStatus int
	// UpstreamTime is the time spent waiting for the backend in seconds,
	// summed over all upstreams tried; -1 when absent.
	UpstreamTime float64
	// UpstreamAddr is the backend address as logged (possibly a list).
	UpstreamAddr []byte

	// Tail is the unread rest of the line after the response size when a
	// lean parser stopped there (see Format.NewLeanParser), raw: the
	// referer and user agent that SplitTail reads. Nil otherwise.
	Tail []byte

	// Extra counts the fields after the size in the combined/common layout:
	// 0 for common, 2 for combined, more for nginx "main" and friends.
	Extra int

	// Recovered is set when a damaged line was still read because its
	// status was unambiguous: a last quoted field without its closing
	// quote, a missing host, ident and user.
	Recovered bool

	// Bad is the offending field when Parse fails, for error messages.
	Bad []byte
}

// reset zeroes r, then sets what "absent" is for its numbers. Zeroing and
// three stores cost half of copying a Record literal, which is what the
// compiler does for one with fields set.
func (r *Record) reset() {
	*r = Record{}
	r.Bytes, r.Duration, r.UpstreamTime = -1, -1, -1
}
