package parse

import (
	"fmt"
	"strings"
)

// nginxVars maps the nginx variables slareport reads to their fields; any
// other variable is read and ignored.
var nginxVars = map[string]slot{
	"remote_addr":            {field: fRemoteAddr},
	"realip_remote_addr":     {field: fRemoteAddr},
	"remote_user":            {field: fRemoteUser},
	"time_local":             {field: fTimeLocal},
	"time_iso8601":           {field: fTimeISO8601},
	"msec":                   {field: fTimeEpoch, unit: unitSec},
	"request":                {field: fRequest},
	"request_method":         {field: fMethod},
	"request_uri":            {field: fRequestURI},
	"uri":                    {field: fURI},
	"document_uri":           {field: fURI},
	"args":                   {field: fArgs},
	"query_string":           {field: fArgs},
	"server_protocol":        {field: fProtocol},
	"status":                 {field: fStatus},
	"body_bytes_sent":        {field: fBodyBytes},
	"bytes_sent":             {field: fBytesSent},
	"request_time":           {field: fDuration},
	"upstream_response_time": {field: fUpstreamTime},
	"upstream_addr":          {field: fUpstreamAddr},
	"upstream_status":        {field: fUpstreamStatus},
	"host":                   {field: fHost},
	"http_host":              {field: fHost},
	"server_name":            {field: fHost},
	"http_referer":           {field: fReferer},
	"http_user_agent":        {field: fUserAgent},
	"scheme":                 {field: fScheme},
	"server_port":            {field: fPort},
	"remote_port":            {field: fPort},
}

// Compile builds a parser for an nginx log_format string such as
//
//	$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent
//
// Known variables fill the Record; any other $name or ${name} is read and
// ignored. The string may be pasted from nginx.conf as it stands there:
// `log_format main escape=json '...' '...';` is accepted, the quoted
// pieces joined. The string is compiled once; parsing a line uses no
// regexp and allocates nothing.
func Compile(spec string) (*Format, error) {
	steps, err := compileNginx(spec)
	if err != nil {
		return nil, err
	}
	return &Format{Name: "nginx", Title: "nginx log_format", Spec: spec, newParser: func() Parser {
		return &stepParser{steps: steps}
	}}, nil
}

func compileNginx(spec string) ([]step, error) {
	body := nginxDirective(spec)
	var steps []step
	var lit []byte
	hasStatus := false
	flushLit := func() {
		if len(lit) > 0 {
			steps = append(steps, step{slot: slot{field: fLiteral}, lit: lit})
			lit = nil
		}
	}
	for i := 0; i < len(body); {
		if body[i] != '$' {
			lit = append(lit, body[i])
			i++
			continue
		}
		name, n := varName(body[i+1:])
		if n == 0 {
			lit = append(lit, '$') // a lone '$' is text, as in nginx
			i++
			continue
		}
		i += 1 + n
		flushLit()
		s, ok := nginxVars[name]
		if !ok {
			s = slot{field: fOpaque}
		}
		s.name = "$" + name
		hasStatus = hasStatus || s.field == fStatus
		steps = append(steps, step{slot: s})
	}
	flushLit()
	steps = mergeURI(steps)
	if a, b, ok := adjacent(steps); ok {
		return nil, fmt.Errorf("log format %q: %s follows %s with nothing between them, so their values cannot be told apart", spec, b, a)
	}
	if !hasStatus {
		return nil, fmt.Errorf("log format %q has no $status: availability needs it", spec)
	}
	link(steps)
	return steps, nil
}

// nginxDirective strips what a copy from nginx.conf brings along: the
// `log_format name` prefix, `escape=...`, the trailing ';', and the quotes
// around each piece, which nginx joins. A plain format string is returned
// unchanged. Escaping needs no setting: quoted values skip `\"` (json and
// Apache style) and nginx's default `\x22` needs nothing.
func nginxDirective(s string) string {
	t := strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(t, "log_format "); ok {
		t = strings.TrimSpace(rest)
		if i := strings.IndexAny(t, " \t"); i >= 0 && t[0] != '\'' && t[0] != '"' {
			t = strings.TrimSpace(t[i+1:]) // the format's name
		}
	}
	if rest, ok := strings.CutPrefix(t, "escape="); ok {
		if i := strings.IndexAny(rest, " \t"); i >= 0 {
			t = strings.TrimSpace(rest[i+1:])
		}
	}
	t = strings.TrimSpace(strings.TrimSuffix(t, ";"))
	if len(t) < 2 || t[0] != '\'' {
		if t != strings.TrimSpace(s) {
			return t
		}
		return s
	}
	// 'piece' 'piece' ...: join the pieces.
	var b strings.Builder
	for len(t) > 0 {
		if t[0] != '\'' {
			return s // not a sequence of quoted pieces after all
		}
		end := strings.IndexByte(t[1:], '\'')
		if end < 0 {
			return s
		}
		b.WriteString(t[1 : 1+end])
		t = strings.TrimSpace(t[2+end:])
	}
	return b.String()
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

// parseSeconds reads `12`, `0.123` or `1700000000.123` by hand; digits past
// the ninth decimal are dropped.
func parseSeconds(b []byte) (float64, bool) {
	dot := indexByte(b, '.')
	intPart, frac := b, []byte(nil)
	if dot >= 0 {
		intPart, frac = b[:dot], b[dot+1:]
		if len(frac) == 0 {
			return 0, false
		}
		for _, c := range frac {
			if c < '0' || c > '9' {
				return 0, false
			}
		}
		if len(frac) > 9 {
			frac = frac[:9]
		}
	}
	n, ok := parseUint(intPart)
	if !ok {
		return 0, false
	}
	v := float64(n)
	if len(frac) > 0 {
		f, _ := parseUint(frac)
		v += float64(f) / pow10[len(frac)]
	}
	return v, true
}

var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9}
