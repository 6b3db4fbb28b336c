package parse

import (
	"bytes"
	"fmt"
)

// field says where a log_format variable's value goes in a Record.
type field uint8

const (
	fLiteral field = iota // not a variable: match the text exactly
	fOpaque               // a variable slareport does not interpret
	fRemoteAddr
	fRemoteUser
	fTimeLocal
	fTimeISO8601
	fMsec
	fRequest
	fMethod
	fRequestURI
	fURI
	fProtocol
	fStatus
	fBodyBytes
	fBytesSent
	fReferer
	fUserAgent
	fRequestTime
)

var nginxVars = map[string]field{
	"remote_addr":     fRemoteAddr,
	"remote_user":     fRemoteUser,
	"time_local":      fTimeLocal,
	"time_iso8601":    fTimeISO8601,
	"msec":            fMsec,
	"request":         fRequest,
	"request_method":  fMethod,
	"request_uri":     fRequestURI,
	"uri":             fURI,
	"server_protocol": fProtocol,
	"status":          fStatus,
	"body_bytes_sent": fBodyBytes,
	"bytes_sent":      fBytesSent,
	"http_referer":    fReferer,
	"http_user_agent": fUserAgent,
	"request_time":    fRequestTime,
}

// step is one piece of a compiled format: a literal to match, or a variable
// whose value runs up to the next literal (until).
type step struct {
	field  field
	name   string // variable name, for messages
	lit    []byte // the literal (fLiteral)
	until  []byte // the literal after a variable; nil when it ends the line
	quoted bool   // the variable sits inside "...": skip backslash-escaped quotes
}

// Compile builds a parser for an nginx log_format string such as
//
//	$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent
//
// Known variables fill the Record; any other $name or ${name} is read and
// ignored. The string is compiled once; parsing a line uses no regexp and
// allocates nothing.
func Compile(spec string) (*Format, error) {
	steps, err := compileNginx(spec)
	if err != nil {
		return nil, err
	}
	return &Format{Name: "nginx", Spec: spec, newParser: func() Parser {
		return &nginxParser{steps: steps}
	}}, nil
}

func compileNginx(spec string) ([]step, error) {
	var steps []step
	var lit []byte
	hasStatus, hasBody := false, false
	flushLit := func() {
		if len(lit) > 0 {
			steps = append(steps, step{field: fLiteral, lit: lit})
			lit = nil
		}
	}
	for i := 0; i < len(spec); {
		if spec[i] != '$' {
			lit = append(lit, spec[i])
			i++
			continue
		}
		name, n := varName(spec[i+1:])
		if n == 0 {
			lit = append(lit, '$') // a lone '$' is text, as in nginx
			i++
			continue
		}
		i += 1 + n
		flushLit()
		if len(steps) > 0 && steps[len(steps)-1].field != fLiteral {
			return nil, fmt.Errorf("log format %q: $%s follows $%s with nothing between them, so their values cannot be told apart",
				spec, name, steps[len(steps)-1].name)
		}
		f, ok := nginxVars[name]
		if !ok {
			f = fOpaque
		}
		hasStatus = hasStatus || f == fStatus
		hasBody = hasBody || f == fBodyBytes
		steps = append(steps, step{field: f, name: name})
	}
	flushLit()
	if !hasStatus {
		return nil, fmt.Errorf("log format %q has no $status: availability needs it", spec)
	}
	for i := range steps {
		s := &steps[i]
		if s.field == fLiteral {
			continue
		}
		if hasBody && s.field == fBytesSent {
			s.field = fOpaque // $body_bytes_sent is the size we report
		}
		if i > 0 && bytes.HasSuffix(steps[i-1].lit, []byte(`"`)) {
			s.quoted = true
		}
		if i+1 < len(steps) {
			s.until = steps[i+1].lit
		}
	}
	return steps, nil
}

// varName reads `name` or `{name}` after a '$' and returns the name and the
// bytes consumed (0 when there is no name).
func varName(s string) (string, int) {
	if len(s) > 0 && s[0] == '{' {
		end := 1
		for end < len(s) && isNameByte(s[end]) {
			end++
		}
		if end == 1 || end >= len(s) || s[end] != '}' {
			return "", 0
		}
		return s[1:end], end + 1
	}
	n := 0
	for n < len(s) && isNameByte(s[n]) {
		n++
	}
	return s[:n], n
}

func isNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

type nginxParser struct {
	steps []step
	clfCache
}

func (p *nginxParser) Parse(line []byte, r *Record) error {
	r.reset()
	line = trimEOL(line)
	if isBlank(line) {
		return ErrEmpty
	}
	rest := line
	for i := range p.steps {
		s := &p.steps[i]
		if s.field == fLiteral {
			if !bytes.HasPrefix(rest, s.lit) {
				if len(rest) == 0 {
					return ErrTruncated
				}
				return ErrMismatch
			}
			rest = rest[len(s.lit):]
			continue
		}
		n := valueEnd(rest, s)
		if n < 0 {
			return ErrTruncated
		}
		if err := p.assign(s.field, rest[:n], r); err != nil {
			return err
		}
		rest = rest[n:]
	}
	return nil
}

// valueEnd returns the length of the variable's value at the start of b:
// up to the following literal, or the whole rest at the end of the format.
func valueEnd(b []byte, s *step) int {
	if s.until == nil {
		return len(b)
	}
	if !s.quoted {
		return bytes.Index(b, s.until)
	}
	from := 0
	for {
		n := quotedEnd(b[from:])
		if n < 0 {
			return -1
		}
		if bytes.HasPrefix(b[from+n:], s.until) {
			return from + n
		}
		from += n + 1
	}
}

func (p *nginxParser) assign(f field, v []byte, r *Record) error {
	dash := len(v) == 1 && v[0] == '-'
	switch f {
	case fRemoteAddr:
		r.Remote = v
	case fRemoteUser:
		if !dash {
			r.User = v
		}
	case fTimeLocal:
		if dash {
			return nil
		}
		t, ok := p.parseCLF(v)
		if !ok {
			r.Bad = v
			return ErrBadTime
		}
		r.Time, r.HasTime = t, true
	case fTimeISO8601:
		t, ok := parseISO8601(v)
		if !ok {
			r.Bad = v
			return ErrBadTime
		}
		r.Time, r.HasTime = t, true
	case fMsec:
		s, ok := parseSeconds(v)
		if !ok {
			r.Bad = v
			return ErrBadTime
		}
		r.Time, r.HasTime = int64(s), true
	case fRequest:
		r.Request = v
		splitRequest(r)
	case fMethod:
		r.Method = v
	case fRequestURI:
		r.Path = v
	case fURI:
		if r.Path == nil {
			r.Path = v
		}
	case fProtocol:
		r.Proto = v
	case fStatus:
		return parseStatus(v, r)
	case fBodyBytes, fBytesSent:
		return parseBytes(v, r)
	case fReferer:
		r.Referer = v
	case fUserAgent:
		r.UserAgent = v
	case fRequestTime:
		if dash {
			return nil
		}
		s, ok := parseSeconds(v)
		if !ok {
			r.Bad = v
			return ErrBadNumber
		}
		r.Duration = s
	}
	return nil
}

// parseSeconds reads `12`, `0.123` or `1700000000.123` without strconv's
// allocation-free but slower general path.
func parseSeconds(b []byte) (float64, bool) {
	dot := bytes.IndexByte(b, '.')
	intPart, frac := b, []byte(nil)
	if dot >= 0 {
		intPart, frac = b[:dot], b[dot+1:]
		if len(frac) == 0 || len(frac) > 9 {
			return 0, false
		}
	}
	n, ok := parseUint(intPart)
	if !ok {
		return 0, false
	}
	v := float64(n)
	if len(frac) > 0 {
		f, ok := parseUint(frac)
		if !ok {
			return 0, false
		}
		v += float64(f) / pow10[len(frac)]
	}
	return v, true
}

var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9}
