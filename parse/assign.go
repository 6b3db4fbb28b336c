package parse

import "bytes"

// field says where a value goes in a Record. The compiled formats (nginx,
// Apache), the delimited ones and JSON all describe their fields with it,
// so a value means the same thing whichever layout carried it.
type field uint8

const (
	fLiteral        field = iota // not a value: text to match exactly
	fOpaque                      // a value slareport does not interpret
	fRemoteAddr                  // client address
	fRemoteUser                  // authenticated user; "-" is none
	fTimeLocal                   // 10/Oct/2000:13:55:36 -0700
	fTimeISO8601                 // 2000-10-10T13:55:36-07:00
	fTimeEpoch                   // Unix time; slot.unit says in what
	fTimeLayout                  // strftime layout (Apache %{...}t)
	fTimeAny                     // JSON: ISO 8601, CLF or a number
	fDate                        // W3C date: 2000-10-10 (UTC)
	fClock                       // W3C time: 13:55:36 (UTC)
	fRequest                     // GET /path HTTP/1.1
	fMethod                      // GET
	fRequestURI                  // /path?query
	fURI                         // /path
	fArgs                        // query string
	fURIQuery                    // /path?query: nginx $uri$is_args$args, Apache %U%q
	fProtocol                    // HTTP/1.1
	fStatus                      // 200
	fBodyBytes                   // response body size
	fBytesSent                   // response size with headers: used when no body size is logged
	fReferer                     // Referer header
	fUserAgent                   // User-Agent header
	fDuration                    // request time; slot.scale converts to seconds
	fDurationPart                // a load balancer's processing time: the parts add up to Duration
	fTargetTime                  // a load balancer's target processing time: Duration part and UpstreamTime
	fUpstreamTime                // nginx $upstream_response_time, possibly a list
	fUpstreamStatus              // nginx $upstream_status or a target status, possibly a list
	fUpstreamAddr                // backend address
	fHost                        // virtual host or Host header
	fScheme                      // http, https
	fPort                        // a port number (checked, then ignored)
	fSquidStatus                 // Squid's TCP_MISS/200: the status after the slash

	numFields // keep last: sizes per-field tables
)

// slot is one value of a layout: which field, and in what unit.
type slot struct {
	field  field
	name   string  // as the layout names it, for messages
	scale  float64 // seconds per unit of a duration (0 means 1)
	unit   int     // epoch unit of fTimeEpoch/fTimeAny (unitAuto...)
	layout layout  // fTimeLayout only
}

// assigner fills a Record from values and keeps what a parser carries from
// line to line (the timestamp caches) and across the values of one line
// (a W3C date waiting for its time, load balancer duration parts).
type assigner struct {
	clf clfCache
	iso isoCache

	days, clock    int64
	hasDay, hasClk bool
	parts          float64
	partsBad       bool
	hasParts       bool
	hasBody        bool
}

// begin prepares for a new line.
func (a *assigner) begin(r *Record) {
	r.reset()
	a.hasDay, a.hasClk, a.hasParts, a.partsBad, a.parts, a.hasBody = false, false, false, false, 0, false
}

// finish combines values that only make sense together.
func (a *assigner) finish(r *Record) {
	if a.hasDay && a.hasClk {
		setTime(r, a.days*86400+a.clock)
	}
	if a.hasParts && !a.partsBad {
		r.Duration = a.parts
	}
}

func isDash(v []byte) bool { return len(v) == 1 && v[0] == '-' }

// badTime records an unreadable time: the request still counts. A layout
// with two times (Apache can log the start and the end) keeps a good one.
func badTime(r *Record) error {
	r.BadTime = !r.HasTime
	return nil
}

func setTime(r *Record, t int64) {
	r.Time, r.HasTime, r.BadTime = t, true, false
}

// assign stores v as s says. It returns nil or a reason sentinel. It runs
// for every value of every line that the compiled, delimited and JSON
// parsers read, so the values most layouts carry are stored right here;
// each helper it calls does work that costs more than the call.
func (a *assigner) assign(s *slot, v []byte, r *Record) error {
	switch s.field {
	case fOpaque, fLiteral:
	case fRemoteAddr:
		r.Remote = v
	case fRemoteUser:
		if !isDash(v) && len(v) > 0 {
			r.User = v
		}
	case fTimeLocal, fTimeISO8601, fTimeEpoch, fTimeLayout:
		return a.fixedTime(s, v, r)
	case fTimeAny:
		return a.anyTime(s, v, r)
	case fDate, fClock:
		return a.dateOrClock(s.field, v, r)
	case fRequest:
		r.Request = v
		splitRequest(r)
	case fMethod, fRequestURI, fArgs, fProtocol, fUpstreamAddr, fHost, fScheme:
		if !isDash(v) {
			setText(s.field, v, r)
		}
	case fURI:
		if r.Path == nil && !isDash(v) {
			r.Path = v
		}
	case fURIQuery:
		splitURIQuery(v, r)
	case fStatus:
		if len(v) == 0 {
			return ErrNoStatus
		}
		return parseStatus(v, r)
	case fSquidStatus:
		return squidStatus(v, r)
	case fBodyBytes:
		a.hasBody = true
		return parseBytes(v, r)
	case fBytesSent:
		if a.hasBody {
			return nil
		}
		return parseBytes(v, r)
	case fReferer:
		r.Referer = v
	case fUserAgent:
		r.UserAgent = v
	case fDuration:
		return duration(s, v, r)
	case fDurationPart, fTargetTime:
		return a.durationPart(s, v, r)
	case fUpstreamTime:
		return upstreamTimes(v, s.perUnit(), r)
	case fUpstreamStatus:
		return upstreamStatus(v, r)
	case fPort:
		return checkPort(v)
	}
	return nil
}

// setText stores v, which is not "-", in the text field of r that f
// names.
func setText(f field, v []byte, r *Record) {
	switch f {
	case fMethod:
		r.Method = v
	case fRequestURI:
		r.Path = v
	case fArgs:
		r.Query = v
	case fProtocol:
		r.Proto = v
	case fUpstreamAddr:
		r.UpstreamAddr = v
	case fHost:
		r.Host = v
	case fScheme:
		r.Scheme = v
	}
}

// fixedTime reads a time in the one syntax s gives: CLF, ISO 8601, epoch
// or a strftime layout. "-" or nothing is no time.
func (a *assigner) fixedTime(s *slot, v []byte, r *Record) error {
	if isDash(v) || len(v) == 0 {
		return nil
	}
	var t int64
	var ok bool
	switch s.field {
	case fTimeLocal:
		t, ok = a.clf.parseCLF(v)
	case fTimeISO8601:
		t, ok = a.iso.parse(v)
	case fTimeEpoch:
		t, ok = parseEpoch(v, s.unit)
	default:
		t, ok = s.layout.parse(v)
	}
	if !ok {
		return badTime(r)
	}
	setTime(r, t)
	return nil
}

// dateOrClock keeps a W3C date or time of day until finish joins them.
func (a *assigner) dateOrClock(f field, v []byte, r *Record) error {
	if f == fDate {
		d, ok := parseDate(v)
		if !ok {
			return badTime(r)
		}
		a.days, a.hasDay = d, true
		return nil
	}
	c, ok := parseClock(v)
	if !ok {
		return badTime(r)
	}
	a.clock, a.hasClk = c, true
	return nil
}

// splitURIQuery stores Apache's %U%q: the path, and the query from its
// '?' on.
func splitURIQuery(v []byte, r *Record) {
	if i := indexByte(v, '?'); i >= 0 {
		r.Path, r.Query = v[:i], v[i:]
	} else {
		r.Path = v
	}
}

// squidStatus reads the status after the slash of Squid's TCP_MISS/200.
func squidStatus(v []byte, r *Record) error {
	i := bytes.LastIndexByte(v, '/')
	if i < 0 {
		r.Bad = v
		return ErrBadStatus
	}
	return parseStatus(v[i+1:], r)
}

// duration reads a request time; "-" or nothing is none.
func duration(s *slot, v []byte, r *Record) error {
	if isDash(v) || len(v) == 0 {
		return nil
	}
	d, ok := parseSeconds(v)
	if !ok {
		r.Bad = v
		return ErrBadNumber
	}
	r.Duration = d * s.perUnit()
	return nil
}

// durationPart reads a load balancer's part of the request time: the
// parts add up to the duration, which finish stores, and a target's part
// is also the upstream time.
func (a *assigner) durationPart(s *slot, v []byte, r *Record) error {
	a.hasParts = true
	if isDash(v) || (len(v) > 0 && v[0] == '-') {
		a.partsBad = true // -1: the load balancer could not reach a target
		return nil
	}
	d, ok := parseSeconds(v)
	if !ok {
		r.Bad = v
		return ErrBadNumber
	}
	d *= s.perUnit()
	a.parts += d
	if s.field == fTargetTime {
		r.UpstreamTime = d
	}
	return nil
}

// checkPort accepts a port number or "-"; the value is not kept.
func checkPort(v []byte) error {
	if isDash(v) {
		return nil
	}
	if _, ok := parseUint(v); !ok || len(v) > 5 {
		return ErrMismatch
	}
	return nil
}

func (s *slot) perUnit() float64 {
	if s.scale == 0 {
		return 1
	}
	return s.scale
}

// anyTime reads a JSON time: a string in ISO 8601 or CLF, or a number (or
// numeric string) of epoch seconds, milliseconds, microseconds or
// nanoseconds, told apart by magnitude.
func (a *assigner) anyTime(s *slot, v []byte, r *Record) error {
	if len(v) == 0 || isDash(v) {
		return nil
	}
	var t int64
	var ok bool
	switch {
	case v[0] >= '0' && v[0] <= '9' && len(v) >= 20 && v[4] == '-':
		t, ok = a.iso.parse(v)
	case v[0] >= '0' && v[0] <= '9' && len(v) == clfLen && v[2] == '/':
		t, ok = a.clf.parseCLF(v)
	default:
		t, ok = parseEpoch(v, s.unit)
	}
	if !ok {
		return badTime(r)
	}
	setTime(r, t)
	return nil
}

// upstreamTimes sums nginx's list of upstream times: "0.012, 0.004" for
// two servers tried, "0.012 : 0.004" across an internal redirect.
func upstreamTimes(v []byte, unit float64, r *Record) error {
	var sum float64
	seen := false
	for len(v) > 0 {
		var t []byte
		t, v = nextListItem(v)
		if len(t) == 0 || isDash(t) {
			continue
		}
		d, ok := parseSeconds(t)
		if !ok {
			r.Bad = t
			return ErrBadNumber
		}
		sum, seen = sum+d, true
	}
	if seen {
		r.UpstreamTime = sum * unit
	}
	return nil
}

// upstreamStatus keeps the last status of nginx's list ("502, 200"): the
// one the client got.
func upstreamStatus(v []byte, r *Record) error {
	for len(v) > 0 {
		var t []byte
		t, v = nextListItem(v)
		if len(t) == 0 || isDash(t) {
			continue
		}
		n, ok := parseUint(t)
		if !ok || n > 999 {
			r.Bad = t
			return ErrBadStatus
		}
		r.UpstreamStatus = int(n)
	}
	return nil
}

// nextListItem splits nginx's upstream lists at ", " and " : ".
func nextListItem(v []byte) (item, rest []byte) {
	i := 0
	for i < len(v) && v[i] != ',' && v[i] != ':' && v[i] != ' ' {
		i++
	}
	item, rest = v[:i], v[i:]
	for len(rest) > 0 && (rest[0] == ',' || rest[0] == ' ' || rest[0] == ':') {
		rest = rest[1:]
	}
	return item, rest
}
