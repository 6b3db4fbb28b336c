package parse

import "bytes"

// HAProxy is HAProxy's HTTP log format, written with "option httplog". The
// configuration manual (section 8.2.3 "HTTP log format", version 1.7)
// defines it as
//
//	log-format "%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC \
//	            %CS %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %hr %hs %{+Q}r"
//
// with this example, the syslog header before it:
//
//	>>> Feb  6 12:14:14 localhost \
//	      haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in \
//	      static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} \
//	      {} "GET /index.html HTTP/1.1"
//
//	Field   Format                                Extract from the example above
//	    1   process_name '[' pid ']:'                            haproxy[14389]:
//	    2   client_ip ':' client_port                             10.0.1.2:33317
//	    3   '[' request_date ']'                      [06/Feb/2009:12:14:14.655]
//	    4   frontend_name                                                http-in
//	    5   backend_name '/' server_name                             static/srv1
//	    6   TR '/' Tw '/' Tc '/' Tr '/' Ta*                       10/0/30/69/109
//	    7   status_code                                                      200
//	    8   bytes_read*                                                     2750
//	    9   captured_request_cookie                                            -
//	   10   captured_response_cookie                                           -
//	   11   termination_state                                               ----
//	   12   actconn '/' feconn '/' beconn '/' srv_conn '/' retries*    1/1/1/1/0
//	   13   srv_queue '/' backend_queue                                      0/0
//	   14   '{' captured_request_headers* '}'                   {haproxy.1wt.eu}
//	   15   '{' captured_response_headers* '}'                                {}
//	   16   '"' http_request '"'                      "GET /index.html HTTP/1.1"
//
// What slareport takes from it:
//
//   - the status is status_code; HAProxy logs -1 when no response was sent
//     (the client aborted first), which becomes status 0: no valid status,
//     so the request is counted but not judged;
//   - the duration is the last timer, Ta: "the total time in milliseconds
//     elapsed between the first byte of the request was received and the
//     last byte of response was sent". Tt, the field there up to HAProxy
//     1.6, also counts the idle time of a keep-alive connection before the
//     request, which is not the request's latency; a log from before 1.7
//     has Tt in that place and is read the same way. A value prefixed with
//     '+' ("option logasap": the log was written before the transfer ended)
//     is not the request's duration, so the duration is left unknown;
//   - Tr, the server's response time, is the upstream time; -1 (the server
//     was never reached) leaves it unknown;
//   - bytes_read is the size (a '+' prefix is dropped: at least that many);
//   - backend_name '/' server_name is the upstream ("static/srv1",
//     "www/<NOSRV>");
//   - the syslog header is optional: a line may start at the client address
//     (HAProxy logging to stdout) or after anything ending in ": ";
//   - request_date has no zone and is read as UTC;
//   - captured headers and cookies are skipped: which header each holds is
//     configuration the log does not carry.
//
// A TCP log line ("option tcplog": Tw/Tc/Tt, no status, no request) is
// malformed, never read as an HTTP one.
var HAProxy = &Format{Name: "haproxy", Title: "HAProxy HTTP log (option httplog)", Example: haproxyExample, Family: Proxies,
	newParser: func() Parser { return &haproxyParser{} }}

// haproxyExample is the manual's example with its syslog header.
const haproxyExample = `Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1"`

type haproxyParser struct {
	clf clfCache
	buf [clfLen]byte // the request date with a zone, for parseCLF
}

func (p *haproxyParser) Parse(line []byte, r *Record) error {
	if err := p.parse(line, r); err != nil {
		return failed(line, err)
	}
	return nil
}

func (p *haproxyParser) parse(line []byte, r *Record) error {
	r.reset()
	line = trimEOL(line)
	if isBlank(line) {
		return ErrEmpty
	}
	open, n := haproxyDate(line)
	if open < 0 {
		return ErrMismatch
	}
	// The client is the token before the date; before it comes nothing,
	// or a syslog header ending in the tag's ": ".
	start := bytes.LastIndexByte(line[:open], ' ') + 1
	if start > 0 && (start < 2 || line[start-2] != ':') {
		return ErrMismatch
	}
	if !p.client(line[start:open], r) {
		return ErrMismatch
	}
	p.date(line[open+2:open+2+n], r)
	rest := line[open+2+n:]
	if len(rest) < 2 || rest[1] != ' ' { // past `]` or `.655]`
		return ErrTruncated
	}
	rest = rest[2:]

	var tok []byte
	var parts [5][]byte
	if tok, rest = cutField(rest); len(tok) == 0 { // frontend_name
		return ErrTruncated
	}
	if tok, rest = cutField(rest); !slashed(tok, parts[:2]) { // backend/server
		return ErrMismatch
	}
	r.UpstreamAddr = tok
	if tok, rest = cutField(rest); !slashed(tok, parts[:5]) { // TR/Tw/Tc/Tr/Ta
		return ErrMismatch // a TCP log's Tw/Tc/Tt among them
	}
	if err := haproxyTimers(&parts, r); err != nil {
		return err
	}
	if tok, rest = cutField(rest); len(tok) == 0 {
		return ErrTruncated
	}
	if string(tok) == "-1" {
		r.Status = 0 // no response: not a valid status
	} else if err := parseStatus(tok, r); err != nil {
		return err
	}
	if tok, rest = cutField(rest); len(tok) == 0 {
		return ErrTruncated
	}
	if err := parseBytes(bytes.TrimPrefix(tok, []byte("+")), r); err != nil {
		return err
	}
	for i := 0; i < 2; i++ { // the captured cookies
		if tok, rest = cutField(rest); len(tok) == 0 {
			return ErrTruncated
		}
	}
	if tok, rest = cutField(rest); !termState(tok) {
		return ErrMismatch
	}
	if tok, rest = cutField(rest); !slashed(tok, parts[:5]) || !counters(parts[:5]) {
		return ErrMismatch
	}
	if tok, rest = cutField(rest); !slashed(tok, parts[:2]) || !counters(parts[:2]) {
		return ErrMismatch
	}
	// Up to two blocks of captured headers; '{', '|' and '}' inside them
	// are logged as #7B, #7C and #7D, so the first '}' closes a block.
	for i := 0; i < 2 && len(rest) > 0 && rest[0] == '{'; i++ {
		end := bytes.IndexByte(rest, '}')
		if end < 0 {
			return ErrTruncated
		}
		if rest = rest[end+1:]; len(rest) == 0 || rest[0] != ' ' {
			return ErrTruncated
		}
		rest = rest[1:]
	}
	return haproxyRequest(rest, r)
}

// haproxyDate finds ` [` followed by a request date, `06/Feb/2009:12:14:14`
// with or without `.655`, and a `]`: it returns the index of the space and
// the length of the date, or -1.
func haproxyDate(line []byte) (int, int) {
	for from := 0; ; {
		i := bytes.Index(line[from:], []byte(" ["))
		if i < 0 {
			return -1, 0
		}
		at := from + i
		d := line[at+2:]
		if len(d) > 20 && d[2] == '/' && d[6] == '/' && d[11] == ':' && d[14] == ':' && d[17] == ':' {
			n := 20
			if d[n] == '.' {
				n++
				for n < len(d) && d[n] >= '0' && d[n] <= '9' {
					n++
				}
			}
			if n < len(d) && d[n] == ']' && n != 21 {
				return at, n
			}
		}
		from = at + 1
	}
}

// date reads the request date. It has no zone: it is taken as UTC, and a
// date that cannot be read leaves the time unknown.
func (p *haproxyParser) date(d []byte, r *Record) {
	copy(p.buf[:20], d)
	copy(p.buf[20:], " +0000")
	if t, ok := p.clf.parseCLF(p.buf[:]); ok {
		setTime(r, t)
	} else {
		r.BadTime = true
	}
}

// client reads `client_ip ':' client_port`: an IPv4 or IPv6 address (which
// HAProxy writes without brackets, so the port follows the last ':'), or
// "unix" and a socket id.
func (p *haproxyParser) client(b []byte, r *Record) bool {
	i := bytes.LastIndexByte(b, ':')
	if i <= 0 || i == len(b)-1 {
		return false
	}
	ip, port := b[:i], b[i+1:]
	if _, ok := parseUint(port); !ok {
		return false
	}
	if string(ip) != "unix" {
		for _, c := range ip {
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == '.' || c == ':') {
				return false
			}
		}
	}
	r.Remote = ip
	return true
}

// cutField splits off the bytes up to the next space: HAProxy and Envoy
// separate their fields by exactly one.
func cutField(b []byte) (tok, rest []byte) {
	i := bytes.IndexByte(b, ' ')
	if i < 0 {
		return b, nil
	}
	return b[:i], b[i+1:]
}

// slashed splits tok at '/' into exactly len(out) non-empty parts.
func slashed(tok []byte, out [][]byte) bool {
	for i := range out {
		j := bytes.IndexByte(tok, '/')
		last := i == len(out)-1
		if last != (j < 0) {
			return false
		}
		if last {
			j = len(tok)
		}
		if j == 0 {
			return false
		}
		out[i] = tok[:j]
		if !last {
			tok = tok[j+1:]
		}
	}
	return true
}

// haproxyTimers reads TR/Tw/Tc/Tr/Ta, each in milliseconds or -1 for a
// step not reached; Ta (Tt before 1.7) may carry logasap's '+'.
func haproxyTimers(t *[5][]byte, r *Record) error {
	for i, v := range t {
		plus := i == 4 && v[0] == '+'
		if plus {
			v = v[1:]
		}
		if string(v) == "-1" {
			continue
		}
		ms, ok := parseUint(v)
		if !ok {
			r.Bad = t[i]
			return ErrBadNumber
		}
		switch {
		case i == 3:
			r.UpstreamTime = float64(ms) / 1e3
		case i == 4 && !plus:
			r.Duration = float64(ms) / 1e3
		}
	}
	return nil
}

// counters checks the connection counts and queue positions: numbers, the
// last possibly with the '+' of a redispatch.
func counters(parts [][]byte) bool {
	for i, v := range parts {
		if i == len(parts)-1 && v[0] == '+' {
			v = v[1:]
		}
		if _, ok := parseUint(v); !ok {
			return false
		}
	}
	return true
}

// termState checks the termination state with cookie status (%tsc): four
// flags, each a letter or '-'. A TCP log has two.
func termState(b []byte) bool {
	if len(b) != 4 {
		return false
	}
	for _, c := range b {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '-') {
			return false
		}
	}
	return true
}

// haproxyRequest reads the last field, the quoted request line. HAProxy
// logs a quote inside it as #22, so the next quote closes it; syslog-ng may
// escape both quotes as \". A request cut off by the syslog line limit has
// no closing quote: the status is already read, so the line still counts.
func haproxyRequest(b []byte, r *Record) error {
	quote := []byte(`"`)
	if bytes.HasPrefix(b, []byte(`\"`)) {
		quote = []byte(`\"`)
	}
	if !bytes.HasPrefix(b, quote) {
		if len(b) == 0 {
			return ErrTruncated
		}
		return ErrMismatch
	}
	b = b[len(quote):]
	end := bytes.Index(b, quote)
	switch {
	case end < 0:
		r.Request, r.Recovered = b, true
	case end+len(quote) != len(b):
		return ErrMismatch // text after the request
	default:
		r.Request = b[:end]
	}
	splitRequest(r)
	return nil
}
