package parse

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// JSON lines are read by a hand-written scanner that follows only the
// mapped keys: a value under a key nobody asked for is skipped without being
// decoded, which is what makes a 1 KiB Caddy line cheap. A mapped string
// value, and a key, is decoded before use (`/caf\u00e9` is `/café`): a
// string without a backslash is used where it lies in the line, one with
// escapes is decoded into the parser's scratch buffer.

// JSONMapping names the keys of a JSON access log, as dotted paths into
// nested objects (`request.method`). Empty keys are found by the automatic
// mapping (see JSON).
type JSONMapping struct {
	Status    string
	Time      string
	Duration  string
	Method    string
	Path      string
	Host      string
	Remote    string
	Bytes     string
	UserAgent string
	// DurationUnit is s, ms, us or ns: the unit of numeric durations.
	// Empty means seconds, or what a key's _ms/_us/_ns suffix says; a
	// string value may carry its own unit (`12ms`).
	DurationUnit string
}

// jsonAuto lists the keys JSON maps without being told, in order of
// preference for each field: a line that has both `status` and
// `response.status` takes `status`.
var jsonAuto = []struct {
	key  string
	slot slot
}{
	{"status", slot{field: fStatus}},
	{"status_code", slot{field: fStatus}},
	{"statusCode", slot{field: fStatus}},
	{"response.status", slot{field: fStatus}},
	{"response.status_code", slot{field: fStatus}},
	{"http.status_code", slot{field: fStatus}},
	{"http.response.status_code", slot{field: fStatus}},

	{"time", slot{field: fTimeAny}},
	{"timestamp", slot{field: fTimeAny}},
	{"@timestamp", slot{field: fTimeAny}},
	{"ts", slot{field: fTimeAny}},
	{"time_iso8601", slot{field: fTimeAny}},
	{"time_local", slot{field: fTimeAny}},
	{"msec", slot{field: fTimeAny}},

	{"request_time", slot{field: fDuration}},
	{"duration", slot{field: fDuration}},
	{"latency", slot{field: fDuration}},
	{"duration_ms", slot{field: fDuration, scale: 1e-3}},
	{"latency_ms", slot{field: fDuration, scale: 1e-3}},
	{"response_time_ms", slot{field: fDuration, scale: 1e-3}},

	{"request", slot{field: fRequest}},
	{"method", slot{field: fMethod}},
	{"request_method", slot{field: fMethod}},
	{"request.method", slot{field: fMethod}},
	{"http.method", slot{field: fMethod}},
	{"http.request.method", slot{field: fMethod}},
	{"request_uri", slot{field: fRequestURI}},
	{"uri", slot{field: fRequestURI}},
	{"path", slot{field: fRequestURI}},
	{"request.uri", slot{field: fRequestURI}},
	{"url.path", slot{field: fRequestURI}},
	{"http.path", slot{field: fRequestURI}},

	{"host", slot{field: fHost}},
	{"request.host", slot{field: fHost}},
	{"http.host", slot{field: fHost}},
	{"server_name", slot{field: fHost}},

	{"remote_addr", slot{field: fRemoteAddr}},
	{"remote_ip", slot{field: fRemoteAddr}},
	{"client_ip", slot{field: fRemoteAddr}},
	{"request.client_ip", slot{field: fRemoteAddr}},
	{"request.remote_ip", slot{field: fRemoteAddr}},

	{"body_bytes_sent", slot{field: fBodyBytes}},
	{"bytes_sent", slot{field: fBodyBytes}},
	{"size", slot{field: fBodyBytes}},
	{"bytes", slot{field: fBodyBytes}},

	{"http_user_agent", slot{field: fUserAgent}},
	{"user_agent", slot{field: fUserAgent}},
	{"request.headers.User-Agent", slot{field: fUserAgent}},
	{"http_referer", slot{field: fReferer}},
	{"referer", slot{field: fReferer}},

	{"upstream_status", slot{field: fUpstreamStatus}},
	{"upstream_response_time", slot{field: fUpstreamTime}},
	{"upstream_addr", slot{field: fUpstreamAddr}},
	{"scheme", slot{field: fScheme}},
	{"protocol", slot{field: fProtocol}},
	{"server_protocol", slot{field: fProtocol}},
	{"request.proto", slot{field: fProtocol}},
}

// jsonNode is a trie over dotted key paths.
type jsonNode struct {
	kids map[string]*jsonNode
	// byFirst indexes kids by the first byte of their key: most keys of a
	// line are not wanted, and one byte and a length reject them faster
	// than hashing the key for a map.
	byFirst [256][]jsonKid
	slot    slot
	prio    uint8 // lower wins when several keys fill one field
	leaf    bool
}

type jsonKid struct {
	key  string
	node *jsonNode
}

// kid returns the child for key, or nil.
func (n *jsonNode) kid(key []byte) *jsonNode {
	if len(key) == 0 {
		return nil
	}
	for _, k := range n.byFirst[key[0]] {
		if len(k.key) == len(key) && k.key == string(key) {
			return k.node
		}
	}
	return nil
}

func (n *jsonNode) add(path string, s slot, prio uint8) {
	for _, seg := range strings.Split(path, ".") {
		if n.kids == nil {
			n.kids = map[string]*jsonNode{}
		}
		k := n.kids[seg]
		if k == nil {
			k = &jsonNode{}
			n.kids[seg] = k
			if seg != "" {
				n.byFirst[seg[0]] = append(n.byFirst[seg[0]], jsonKid{seg, k})
			}
		}
		n = k
	}
	if n.leaf && n.prio <= prio {
		return
	}
	s.name = path
	n.slot, n.prio, n.leaf = s, prio, true
}

// jsonFormat is a compiled mapping.
type jsonFormat struct {
	root *jsonNode
	need []field // fields a line must have to be of this format
}

// maxJSONDepth bounds how deep the scanner follows mapped objects; skipped
// values may nest deeper, they are never recursed into.
const maxJSONDepth = 16

// JSON returns the JSON lines format for m. Keys left empty are mapped
// automatically: status, status_code, response.status, http.status_code
// for the status; time, timestamp, @timestamp, ts, msec for the time;
// request_time, duration, latency for the duration; request, method, uri,
// path, host and a few more (jsonAuto has them all). Times may be RFC 3339
// strings, CLF strings or epoch numbers in seconds, milliseconds,
// microseconds or nanoseconds (told apart by magnitude). The status may be
// a number or a string.
func JSON(m JSONMapping) (*Format, error) {
	unit := 0.0
	switch m.DurationUnit {
	case "", "s":
	case "ms":
		unit = 1e-3
	case "us", "µs":
		unit = 1e-6
	case "ns":
		unit = 1e-9
	default:
		return nil, fmt.Errorf("json duration unit %q: want s, ms, us or ns", m.DurationUnit)
	}
	root := &jsonNode{}
	explicit := []struct {
		key string
		s   slot
	}{
		{m.Status, slot{field: fStatus}}, {m.Time, slot{field: fTimeAny}},
		{m.Duration, slot{field: fDuration, scale: unit}}, {m.Method, slot{field: fMethod}},
		{m.Path, slot{field: fRequestURI}}, {m.Host, slot{field: fHost}},
		{m.Remote, slot{field: fRemoteAddr}}, {m.Bytes, slot{field: fBodyBytes}},
		{m.UserAgent, slot{field: fUserAgent}},
	}
	var spec []string
	given := map[field]bool{}
	for _, e := range explicit {
		if e.key == "" {
			continue
		}
		if strings.Contains(e.key, "..") || strings.HasPrefix(e.key, ".") || strings.HasSuffix(e.key, ".") {
			return nil, fmt.Errorf("json key %q: want a key or a dotted path such as response.status", e.key)
		}
		root.add(e.key, e.s, 0)
		given[e.s.field] = true
		spec = append(spec, e.key)
	}
	for i, a := range jsonAuto {
		if given[a.slot.field] {
			continue // an explicit key replaces the automatic ones
		}
		s := a.slot
		if s.field == fDuration && unit != 0 && s.scale == 0 {
			s.scale = unit
		}
		root.add(a.key, s, uint8(1+i))
	}
	f := &jsonFormat{root: root, need: []field{fStatus}}
	name := "json"
	out := &Format{Name: name, Title: "JSON lines", Example: jsonExample, newParser: func() Parser {
		return &jsonParser{f: f}
	}}
	if len(spec) > 0 {
		out.Spec = strings.Join(spec, ",")
	}
	return out, nil
}

// newJSONPreset builds a JSON format from a fixed key list, for servers
// whose JSON layout is known (Caddy, Traefik). need names the fields that
// make a line one of theirs.
func newJSONPreset(name, title, example string, keys map[string]slot, need ...field) *Format {
	root := &jsonNode{}
	for k, s := range keys {
		root.add(k, s, 0)
	}
	f := &jsonFormat{root: root, need: need}
	return &Format{Name: name, Title: title, Example: example, Family: JSONLogs, newParser: func() Parser {
		return &jsonParser{f: f}
	}}
}

type jsonParser struct {
	f *jsonFormat
	assigner
	prio [numFields]uint8 // per field: the priority of the key that filled it
	seen [numFields]bool
	// buf holds the decoded strings of the current line; Record fields
	// may point into it until the next Parse. key is scratch for a key
	// with escapes, needed only while it is matched.
	buf, key []byte
}

func (p *jsonParser) Parse(line []byte, r *Record) error {
	if err := p.parse(line, r); err != nil {
		return failed(line, err)
	}
	return nil
}

func (p *jsonParser) parse(line []byte, r *Record) error {
	p.begin(r)
	p.seen = [len(p.seen)]bool{}
	p.buf = p.buf[:0]
	line = trimEOL(line)
	i := skipWS(line, 0)
	if i == len(line) {
		return ErrEmpty
	}
	if line[i] != '{' {
		return ErrMismatch
	}
	end, err := p.object(line, i+1, p.f.root, 0, r)
	if err != nil {
		return err
	}
	if skipWS(line, end) != len(line) {
		return ErrMismatch // text after the object
	}
	for _, f := range p.f.need {
		if !p.seen[f] {
			if f == fStatus {
				return ErrNoStatus
			}
			return ErrMismatch
		}
	}
	p.finish(r)
	return nil
}

// object reads the members of an object whose '{' is before b[i] and
// returns the index after its '}'. node is the mapping for this object;
// nil when nothing inside is wanted.
func (p *jsonParser) object(b []byte, i int, node *jsonNode, depth int, r *Record) (int, error) {
	i = skipWS(b, i)
	if i < len(b) && b[i] == '}' {
		return i + 1, nil
	}
	for {
		if i >= len(b) {
			return 0, ErrTruncated
		}
		if b[i] != '"' {
			return 0, ErrMismatch
		}
		end, escaped := keyEnd(b, i+1)
		if end < 0 {
			return 0, ErrTruncated
		}
		key := b[i+1 : end]
		if escaped && node != nil && node.kids != nil {
			var ok bool
			if p.key, ok = appendUnescaped(p.key[:0], key); !ok {
				return 0, ErrMismatch
			}
			key = p.key
		}
		i = skipWS(b, end+1)
		if i >= len(b) {
			return 0, ErrTruncated
		}
		if b[i] != ':' {
			return 0, ErrMismatch
		}
		i = skipWS(b, i+1)
		if i >= len(b) {
			return 0, ErrTruncated
		}
		var child *jsonNode
		if node != nil && node.kids != nil {
			child = node.kid(key)
		}
		var err error
		if i, err = p.value(b, i, child, depth, r); err != nil {
			return 0, err
		}
		i = skipWS(b, i)
		if i >= len(b) {
			return 0, ErrTruncated
		}
		switch b[i] {
		case ',':
			i = skipWS(b, i+1)
		case '}':
			return i + 1, nil
		default:
			return 0, ErrMismatch
		}
	}
}

// value reads the value at b[i] and stores it when node maps it.
func (p *jsonParser) value(b []byte, i int, node *jsonNode, depth int, r *Record) (int, error) {
	switch c := b[i]; {
	case c == '"':
		end := stringEnd(b, i+1)
		if end < 0 {
			return 0, ErrTruncated
		}
		if node != nil && node.leaf {
			if err := p.store(node, b[i+1:end], true, r); err != nil {
				return 0, err
			}
		}
		return end + 1, nil
	case c == '{':
		if node != nil && node.kids != nil && depth < maxJSONDepth {
			return p.object(b, i+1, node, depth+1, r)
		}
		return skipValue(b, i)
	case c == '[':
		if node != nil && node.leaf {
			// A header list such as Caddy's "User-Agent":["curl/8"]:
			// the first string is the value.
			j := skipWS(b, i+1)
			if j < len(b) && b[j] == '"' {
				if end := stringEnd(b, j+1); end >= 0 {
					if err := p.store(node, b[j+1:end], true, r); err != nil {
						return 0, err
					}
				}
			}
		}
		return skipValue(b, i)
	default:
		j := i
		for j < len(b) && !jsonDelim[b[j]] {
			j++
		}
		if j == i {
			return 0, ErrMismatch
		}
		v := b[i:j]
		if node != nil && node.leaf && string(v) != "null" {
			if err := p.store(node, v, false, r); err != nil {
				return 0, err
			}
		}
		return j, nil
	}
}

// store assigns v, the contents of a string when quoted, unless a
// preferred key already filled the field.
func (p *jsonParser) store(n *jsonNode, v []byte, quoted bool, r *Record) error {
	f := n.slot.field
	if p.seen[f] && p.prio[f] <= n.prio {
		return nil
	}
	if quoted && bytes.IndexByte(v, '\\') >= 0 {
		// Appending may move buf; values decoded earlier in the line
		// keep the array they were written to, which nothing reuses
		// before the next line.
		start := len(p.buf)
		var ok bool
		if p.buf, ok = appendUnescaped(p.buf, v); !ok {
			r.Bad = v
			return ErrMismatch
		}
		v = p.buf[start:len(p.buf):len(p.buf)]
	}
	p.seen[f], p.prio[f] = true, n.prio
	if f == fDuration {
		return jsonDuration(&n.slot, v, r)
	}
	return p.assign(&n.slot, v, r)
}

// jsonDuration reads a number in the slot's unit, or a string with its own
// unit: `12ms`, `1.5s`, `250us`, `250µs`, `900ns`.
func jsonDuration(s *slot, v []byte, r *Record) error {
	if len(v) == 0 || isDash(v) {
		return nil
	}
	scale := s.perUnit()
	switch {
	case bytes.HasSuffix(v, []byte("ms")):
		v, scale = v[:len(v)-2], 1e-3
	case bytes.HasSuffix(v, []byte("µs")):
		v, scale = v[:len(v)-len("µs")], 1e-6
	case bytes.HasSuffix(v, []byte("us")):
		v, scale = v[:len(v)-2], 1e-6
	case bytes.HasSuffix(v, []byte("ns")):
		v, scale = v[:len(v)-2], 1e-9
	case bytes.HasSuffix(v, []byte("s")):
		v, scale = v[:len(v)-1], 1
	}
	d, ok := parseSeconds(v)
	if !ok {
		r.Bad = v
		return ErrBadNumber
	}
	r.Duration = d * scale
	return nil
}

// jsonDelim marks the bytes that end a number or literal.
var jsonDelim = [256]bool{',': true, '}': true, ']': true, ' ': true, '\t': true, '\r': true, '\n': true, ':': true}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// stringEnd returns the index of the quote that closes a string whose
// content starts at b[i], or -1.
func stringEnd(b []byte, i int) int {
	n := quotedEnd(b[i:])
	if n < 0 {
		return -1
	}
	return i + n
}

// keyEnd is stringEnd for keys: they are short, and a plain loop beats
// the call into the vectorised search that pays off on long values. It
// also tells whether the key holds an escape.
func keyEnd(b []byte, i int) (end int, escaped bool) {
	for ; i < len(b); i++ {
		switch b[i] {
		case '"':
			return i, escaped
		case '\\':
			i++
			escaped = true
		}
	}
	return -1, escaped
}

// appendUnescaped appends the JSON string contents s to dst with its
// escapes decoded: \" \\ \/ \b \f \n \r \t and \uXXXX, a surrogate pair
// making one character and a lone surrogate U+FFFD, as encoding/json
// does, and nginx's \xHH. ok is false for any other escape.
func appendUnescaped(dst, s []byte) (out []byte, ok bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			dst = append(dst, c)
			continue
		}
		if i++; i == len(s) {
			return dst, false
		}
		switch s[i] {
		case '"', '\\', '/':
			dst = append(dst, s[i])
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'x':
			// Not JSON: nginx's default escaping (a log_format shaped
			// as JSON without escape=json) writes \x22 for a quote and
			// \xHH for other bytes; read them as the bytes they are.
			if i+2 >= len(s) {
				return dst, false
			}
			hi, ok1 := unhex(s[i+1])
			lo, ok2 := unhex(s[i+2])
			if !ok1 || !ok2 {
				return dst, false
			}
			dst = append(dst, hi<<4|lo)
			i += 2
		case 'u':
			r, ok := hex4(s[i+1:])
			if !ok {
				return dst, false
			}
			i += 4
			if utf16.IsSurrogate(r) {
				r2, ok := rune(-1), false
				if i+6 < len(s) && s[i+1] == '\\' && s[i+2] == 'u' {
					r2, ok = hex4(s[i+3:])
				}
				if d := utf16.DecodeRune(r, r2); ok && d != utf8.RuneError {
					r = d
					i += 6
				} else {
					r = utf8.RuneError
				}
			}
			dst = utf8.AppendRune(dst, r)
		default:
			return dst, false
		}
	}
	return dst, true
}

// unhex reads one hex digit.
func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// hex4 reads the four hex digits of a \u escape.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// skipValue returns the index after the value at b[i] without decoding
// it; nesting is counted, not recursed, so no line can exhaust the stack.
func skipValue(b []byte, i int) (int, error) {
	depth := 0
	for i < len(b) {
		switch b[i] {
		case '"':
			end := stringEnd(b, i+1)
			if end < 0 {
				return 0, ErrTruncated
			}
			i = end + 1
			if depth == 0 {
				return i, nil
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth <= 0 {
				if depth < 0 {
					return 0, ErrMismatch
				}
				return i + 1, nil
			}
		case ',', ' ', '\t', '\r', '\n':
			if depth == 0 {
				return i, nil
			}
		}
		i++
	}
	if depth == 0 {
		return i, nil
	}
	return 0, ErrTruncated
}
