package parse

import "bytes"

// Envoy is Envoy's default access log format. Envoy's documentation
// (configuration reference, "Access logging", "Default Format String")
// gives it as
//
//	[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%"
//	%RESPONSE_CODE% %RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% %DURATION%
//	%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%"
//	"%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%"\n
//
// on one line, with this example:
//
//	[2016-04-15T20:17:00.310Z] "POST /api/v1/locations HTTP/2" 204 - 154 0 226 100 "10.0.35.28"
//	"nsq2http" "cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2" "locations" "tcp://10.0.2.1:80"
//
// What slareport takes from it:
//
//   - the status is RESPONSE_CODE. "A response code of '0' means that the
//     server never sent the beginning of a response": no valid status, so
//     the request is counted but not judged. A TCP proxy's line
//     (`"- - -" 0 ...`) is such a request; the documentation says TCP logs
//     "-" there, which is read as 0 too;
//   - the duration is DURATION, "total duration in milliseconds of the
//     request from the start time to the last byte out";
//   - X-ENVOY-UPSTREAM-SERVICE-TIME, the upstream's own time in ms, is the
//     upstream time;
//   - BYTES_SENT ("body bytes sent") is the size;
//   - :AUTHORITY is the host, UPSTREAM_HOST the upstream, X-FORWARDED-FOR
//     the client (Envoy's default format logs no peer address);
//   - "-" is Envoy's mark for a value not set, and leaves the field empty.
var Envoy = &Format{Name: "envoy", Title: "Envoy access log (default format)", Example: envoyExample, Family: Proxies,
	newParser: func() Parser { return &envoyParser{} }}

// envoyExample is the documentation's example.
const envoyExample = `[2016-04-15T20:17:00.310Z] "POST /api/v1/locations HTTP/2" 204 - 154 0 226 100 "10.0.35.28" "nsq2http" "cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2" "locations" "tcp://10.0.2.1:80"`

type envoyParser struct {
	iso isoCache
}

func (p *envoyParser) Parse(line []byte, r *Record) error {
	if err := p.parse(line, r); err != nil {
		return failed(line, err)
	}
	return nil
}

func (p *envoyParser) parse(line []byte, r *Record) error {
	r.reset()
	line = trimEOL(line)
	if isBlank(line) {
		return ErrEmpty
	}
	// [START_TIME]: an RFC 3339 time in UTC with milliseconds.
	if line[0] != '[' {
		return ErrMismatch
	}
	close := bytes.IndexByte(line, ']')
	if close < 0 {
		return ErrTruncated
	}
	ts := line[1:close]
	if len(ts) < 20 || ts[4] != '-' || ts[7] != '-' || ts[10] != 'T' {
		return ErrMismatch
	}
	if t, ok := p.iso.parse(ts); ok {
		setTime(r, t)
	} else {
		r.BadTime = true
	}
	rest := line[close+1:]
	if len(rest) < 2 || rest[0] != ' ' || rest[1] != '"' {
		return ErrTruncated
	}
	rest = rest[2:]
	q := requestEnd(rest)
	if q < 0 {
		r.Bad = rest
		return ErrBadRequest
	}
	r.Request = rest[:q]
	if string(r.Request) != "- - -" { // a TCP connection has no request
		splitRequest(r)
	}
	rest = rest[q+2:]

	// RESPONSE_CODE RESPONSE_FLAGS BYTES_RECEIVED BYTES_SENT DURATION
	// X-ENVOY-UPSTREAM-SERVICE-TIME
	var f [6][]byte
	for i := range f {
		if f[i], rest = cutField(rest); len(f[i]) == 0 {
			return ErrTruncated
		}
	}
	if isDash(f[0]) {
		r.Status = 0 // TCP: "not implemented"
	} else if err := parseStatus(f[0], r); err != nil {
		return err
	}
	if !responseFlags(f[1]) {
		return ErrMismatch
	}
	if _, ok := parseUint(f[2]); !ok && !isDash(f[2]) {
		r.Bad = f[2]
		return ErrBadBytes
	}
	if err := parseBytes(f[3], r); err != nil {
		return err
	}
	var err error
	if r.Duration, err = envoyMillis(f[4], r); err != nil {
		return err
	}
	if r.UpstreamTime, err = envoyMillis(f[5], r); err != nil {
		return err
	}
	return p.quoted(rest, r)
}

// quoted reads the five quoted headers at the end of the line. Envoy does
// not escape quotes inside them, so the three that cannot hold one (the
// request id, the authority and the upstream host) are taken from the
// right, and X-Forwarded-For (addresses) from the left: a quote in the user
// agent, between them, does no harm.
func (p *envoyParser) quoted(b []byte, r *Record) error {
	if len(b) < 2 || b[0] != '"' {
		if len(b) == 0 {
			return ErrTruncated
		}
		return ErrMismatch
	}
	if b[len(b)-1] != '"' {
		return ErrTruncated
	}
	sep := []byte(`" "`)
	var tail [3][]byte // upstream host, authority, request id
	head := b[:len(b)-1]
	for i := range tail {
		j := bytes.LastIndex(head, sep)
		if j < 0 {
			return ErrMismatch
		}
		tail[i], head = head[j+len(sep):], head[:j]
	}
	if len(head) == 0 {
		return ErrMismatch
	}
	j := bytes.Index(head[1:], sep)
	if j < 0 {
		return ErrMismatch
	}
	xff, ua := head[1:1+j], head[1+j+len(sep):]
	if !isDash(xff) {
		r.Remote = xff
	}
	if !isDash(ua) {
		r.UserAgent = ua
	}
	if !isDash(tail[1]) {
		r.Host = tail[1]
	}
	if !isDash(tail[0]) {
		r.UpstreamAddr = tail[0]
	}
	return nil
}

// envoyMillis reads a number of milliseconds into seconds; "-" (not set)
// is -1, unknown.
func envoyMillis(tok []byte, r *Record) (float64, error) {
	if isDash(tok) {
		return -1, nil
	}
	ms, ok := parseUint(tok)
	if !ok {
		r.Bad = tok
		return -1, ErrBadNumber
	}
	return float64(ms) / 1e3, nil
}

// responseFlags checks RESPONSE_FLAGS: "-", or short upper-case codes such
// as UH, URX or DC joined by commas.
func responseFlags(b []byte) bool {
	if isDash(b) {
		return true
	}
	for _, c := range b {
		if (c < 'A' || c > 'Z') && c != ',' {
			return false
		}
	}
	return true
}
