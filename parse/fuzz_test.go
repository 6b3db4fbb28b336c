package parse

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
)

var fuzzSeeds = []string{
	`127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326`,
	`203.0.113.9 - - [02/Nov/2026:00:00:01 +0000] "POST /api?q=1 HTTP/1.1" 503 0 "https://e.com/" "curl/8.0"`,
	`- - - [-] "-" - -`,
	`1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "GET /a"b HTTP/1.1" 200 9 "-" "Mozilla \"q\" (cut`,
	"0.0.0.0 - - [04/Oct/2022:03:07:27 +0000] \"\x16\x03\x01\" 400 150 \"\" \"\"\r\n",
	`- - - [2000-10-10T20:55:36.5+02:00] "GET / HTTP/1.1" 999 -`,
	`[::1] user] x [10/Oct/2000:13:55:36 -0700]] "GET / HTTP/1.1" 200 1`,
	`a] "b [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 ] "`,
	`]]] "`,
	`10/Oct/2000:13:55:36 -070010/Oct/2000:13:55:59 -0700`,
	`10/Oct/2000:13:55:36 -070010/Oct/2000:13:55:36 -0800`,
	`10/Oct/2000:13:55:36 -070010/Oct/2001:13:55:36 -0700`,
	`10/Oct/2000:13:55:36 -070011/Oct/2000:13:55:36 -0700`,
	`10/Oct/2000:13:55:36 -070010/Oct/2000:13:56:36 -0700`,
	`10/Oct/2000:13:55:36 -070010/Oct/2000:13:55:36 -0730`,
	"GET  HTTP/1.1",
	"X_Y-Z /",
	"GET",
	" GET / HTTP/1.1",
	"a  b  ",
	" ",
	"a",
}

// FuzzParse checks that no line crashes the parser and that whatever it
// accepts is self-consistent: a status of at most three digits, and every
// field a piece of the line itself.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Add([]byte(traefikExample))
	f.Add([]byte(`10.42.0.9 - - [10/Oct/2023:13:55:39 +0000] "GET / HTTP/1.1" 404 19 - - 45 - - 0ms`))
	f.Fuzz(func(t *testing.T, line []byte) {
		if got, want := timeClose(line), bytes.Index(line, []byte(`] "`)); got != want {
			t.Fatalf("timeClose = %d, bytes.Index = %d", got, want)
		}
		checkSplitters(t, line)
		p := Combined.NewParser()
		var r Record
		err := p.Parse(line, &r)
		checkRecord(t, line, &r, err)
		// Traefik's parser is the NCSA one with a stricter tail: what it
		// reads, the combined parser reads the same way.
		var tr Record
		if terr := Traefik.NewParser().Parse(line, &tr); terr == nil {
			checkRecord(t, line, &tr, terr)
			if err != nil || tr.Status != r.Status || tr.Time != r.Time || tr.Bytes != r.Bytes {
				t.Fatalf("traefik read status %d time %d bytes %d, combined %v %d %d %d", tr.Status, tr.Time, tr.Bytes, err, r.Status, r.Time, r.Bytes)
			}
		}
		if err != nil {
			return
		}
		// Parsing again with the warm timestamp cache gives the same time.
		t1, h1 := r.Time, r.HasTime
		var r2 Record
		if err := p.Parse(line, &r2); err != nil || r2.Time != t1 || r2.HasTime != h1 {
			t.Fatalf("second parse differs: %v %d %v", err, r2.Time, r2.HasTime)
		}
	})
}

// checkSplitters compares the hand-rolled loops of the NCSA parser with the
// plain bytes-package formulations they replace, on any input.
func checkSplitters(t *testing.T, b []byte) {
	t.Helper()
	var got, want Record
	(&clfParser{}).splitPrefix(b, &got)
	refSplitPrefix(b, &want)
	if !sameFields(&got, &want) {
		t.Fatalf("splitPrefix(%q) = %q %q %v, want %q %q %v", b, got.Remote, got.User, got.Recovered, want.Remote, want.User, want.Recovered)
	}
	got, want = Record{Request: b}, Record{Request: b}
	splitRequest(&got)
	refSplitRequest(&want)
	if !sameFields(&got, &want) {
		t.Fatalf("splitRequest(%q) = %q %q %q, want %q %q %q", b, got.Method, got.Path, got.Proto, want.Method, want.Path, want.Proto)
	}
	tok, rest := shortToken(b)
	wtok, wrest := nextToken(b)
	if !bytes.Equal(tok, wtok) || !bytes.Equal(rest, wrest) || (rest == nil) != (wrest == nil) {
		t.Fatalf("shortToken(%q) = %q %q, nextToken = %q %q", b, tok, rest, wtok, wrest)
	}
	// The cached time: a second line that differs from the first anywhere
	// but in the seconds must not be read from the cache.
	if len(b) >= 2*clfLen {
		var c clfCache
		c.parseCLF(b[:clfLen])
		t2, ok2 := c.parseCLF(b[clfLen : 2*clfLen])
		var fresh clfCache
		w2, wok2 := fresh.parseCLF(b[clfLen : 2*clfLen])
		if t2 != w2 || ok2 != wok2 {
			t.Fatalf("parseCLF(%q) after %q = %d %v, fresh = %d %v", b[clfLen:2*clfLen], b[:clfLen], t2, ok2, w2, wok2)
		}
	}
}

// sameFields compares the fields splitPrefix and splitRequest set, by
// position in the line, not just by text.
func sameFields(a, b *Record) bool {
	same := func(x, y []byte) bool {
		return len(x) == len(y) && (x == nil) == (y == nil) && (len(x) == 0 || &x[0] == &y[0])
	}
	return same(a.Remote, b.Remote) && same(a.User, b.User) && a.Recovered == b.Recovered &&
		same(a.Method, b.Method) && same(a.Path, b.Path) && same(a.Proto, b.Proto)
}

// refSplitPrefix is splitPrefix written with the bytes package.
func refSplitPrefix(b []byte, r *Record) {
	b = bytes.TrimRight(b, " ")
	if len(b) == 0 {
		r.Recovered = true
		return
	}
	i := bytes.IndexByte(b, ' ')
	if i < 0 {
		r.Remote, r.Recovered = b, true
		return
	}
	r.Remote, b = b[:i], b[i+1:]
	if i = bytes.IndexByte(b, ' '); i < 0 {
		r.Recovered = true
		return
	}
	if u := b[i+1:]; !(len(u) == 1 && u[0] == '-') {
		r.User = u
	}
}

// refSplitRequest is splitRequest's search for the method written with the
// bytes package.
func refSplitRequest(r *Record) {
	req := r.Request
	sp := bytes.IndexByte(req, ' ')
	if sp <= 0 {
		return
	}
	for _, c := range req[:sp] {
		if (c < 'A' || c > 'Z') && c != '-' && c != '_' {
			return
		}
	}
	r.Method = req[:sp]
	target := req[sp+1:]
	if last := protoStart(target); last >= 0 {
		r.Proto = target[last+1:]
		target = target[:last]
	}
	r.Path = target
}

// within reports whether sub is a slice of line's memory (not just equal
// text), which is what "no allocation" promises.
func within(line, sub []byte) bool {
	if len(sub) == 0 {
		return true
	}
	for i := range line {
		if &line[i] == &sub[0] {
			return len(line)-i >= len(sub)
		}
	}
	return false
}

// FuzzRoundTrip writes a combined line from fuzzed fields the way nginx and
// Apache would (quotes escaped) and checks that the parser gets every field
// back.
func FuzzRoundTrip(f *testing.F) {
	f.Add("10.0.0.1", "alice", int64(971186136), int32(-7*3600), "GET", "/x?y=1", "HTTP/1.1", uint16(200), int64(12), "-", "curl/8")
	f.Add("2001:db8::1", "", int64(0), int32(0), "DELETE", `/a"b`, "HTTP/2.0", uint16(503), int64(-1), `ref "q"`, `ua \ back`)
	f.Fuzz(func(t *testing.T, remote, user string, ts int64, off int32, method, path, proto string, status uint16, size int64, referer, agent string) {
		if !token(remote) || strings.ContainsAny(user, "[]") || !upper(method) || !token(path) || !strings.HasPrefix(proto, "HTTP/") || !token(proto) {
			t.Skip()
		}
		if strings.Contains(user, `] "`) || strings.HasPrefix(user, " ") || strings.HasSuffix(user, " ") || strings.Contains(user, "  ") || user == "-" {
			t.Skip()
		}
		ts %= 4e9 // 1843..2096
		off %= 14 * 3600
		off -= off % 60
		status %= 1000
		if size < -1 {
			size = -size % 1e15
		}
		u := user
		if u == "" {
			u = "-"
		}
		sz := "-"
		if size >= 0 {
			sz = strconv.FormatInt(size, 10)
		}
		tm := time.Unix(ts, 0).In(time.FixedZone("", int(off)))
		line := remote + " - " + u + " [" + tm.Format("02/Jan/2006:15:04:05 -0700") + `] "` +
			method + " " + esc(path) + " " + esc(proto) + `" ` + pad3(status) + " " + sz + ` "` + esc(referer) + `" "` + esc(agent) + `"`
		var r Record
		if err := Combined.NewParser().Parse([]byte(line), &r); err != nil {
			t.Fatalf("%v: %q", err, line)
		}
		if string(r.Remote) != remote || string(r.User) != user || r.Time != ts || !r.HasTime ||
			string(r.Method) != method || string(r.Path) != esc(path) || string(r.Proto) != esc(proto) ||
			r.Status != int(status) || (size >= 0 && r.Bytes != size) || (size < 0 && r.Bytes != -1) ||
			string(r.Referer) != esc(referer) || string(r.UserAgent) != esc(agent) {
			t.Fatalf("round trip of %q gave %+v", line, r)
		}
	})
}

func pad3(n uint16) string {
	s := strconv.Itoa(int(n))
	return strings.Repeat("0", 3-len(s)) + s
}

// esc escapes as Apache does: \" and \\, and control bytes as \xhh.
func esc(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20 || c >= 0x7f:
			b.WriteString(`\x` + strconv.FormatUint(uint64(c)|0x100, 16)[1:])
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func token(s string) bool {
	return s != "" && !strings.ContainsAny(s, " \t\r\n\"[]") && s != "-"
}

func upper(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}

// checkRecord fails t when a parse result breaks a promise every parser
// makes: a status in 0..999, and every field a piece of the line itself.
func checkRecord(t *testing.T, line []byte, r *Record, err error) {
	t.Helper()
	checkFields(t, line, r, err, false)
}

// checkFields is checkRecord for JSON lines when decoded is set: a string
// with escapes is decoded into the parser's own buffer, so its field is
// not part of the line, but only a line with a backslash has one.
func checkFields(t *testing.T, line []byte, r *Record, err error, decoded bool) {
	t.Helper()
	escapes := decoded && bytes.IndexByte(line, '\\') >= 0
	if err != nil {
		if r.Bad != nil && !within(line, r.Bad) && !escapes {
			t.Fatalf("Bad field %q is not part of the line", r.Bad)
		}
		return
	}
	if r.Status < 0 || r.Status > 999 || r.UpstreamStatus < 0 || r.UpstreamStatus > 999 {
		t.Fatalf("status %d, upstream %d out of 0..999", r.Status, r.UpstreamStatus)
	}
	if r.HasTime && r.BadTime {
		t.Fatal("HasTime and BadTime both set")
	}
	for _, b := range [][]byte{r.Remote, r.User, r.Request, r.Method, r.Path, r.Query, r.Proto, r.Host, r.Scheme, r.Referer, r.UserAgent, r.UpstreamAddr} {
		if b != nil && !within(line, b) && !escapes {
			t.Fatalf("field %q is not part of the line", b)
		}
	}
}

// FuzzCompile feeds random format strings and lines to the nginx compiler.
func FuzzCompile(f *testing.F) {
	f.Add(`$remote_addr [$time_local] "$request" $status $body_bytes_sent`, `1.2.3.4 [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 5`)
	f.Add(`${status}|$request_time|${x}`, `200|0.5|zz`)
	f.Add(`$status $upstream_status $upstream_response_time "$upstream_addr"`, `502 502, 200 0.1 : 0.2 "a:1, b:2"`)
	f.Add(`log_format x escape=json '{"s":$status,' '"t":"$time_iso8601"}';`, `{"s":200,"t":"2026-11-02T10:00:00Z"}`)
	f.Add(`$uri$is_args$args $status $msec`, `/a?b=1 200 1793613600.5`)
	f.Fuzz(func(t *testing.T, spec, line string) {
		fm, err := Compile(spec)
		if err != nil {
			return
		}
		var r Record
		b := []byte(line)
		checkRecord(t, b, &r, fm.NewParser().Parse(b, &r))
	})
}

// FuzzCompileApache feeds random LogFormat strings and lines to the Apache
// compiler.
func FuzzCompileApache(f *testing.F) {
	f.Add(`%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"`, combinedExample)
	f.Add(`%v:%p %a %m %U%q %H %s %>s %O %D %{ms}T`, `h:80 ::1 GET /a?b HTTP/1.1 302 200 5 1500 2`)
	f.Add(`[%{%d/%b/%Y %T %z}t] %{begin:msec}t %!200,304{Referer}i %>s`, `[02/Nov/2026 10:00:07 +0100] 1793613600123 - 200`)
	f.Add(`LogFormat "%>s\t%{%F %R %s %e %y %a %j}t" x`, "200\t2026-11-02 10:00 1793613600  2 26 Mon 306")
	f.Fuzz(func(t *testing.T, spec, line string) {
		fm, err := CompileApache(spec)
		if err != nil {
			return
		}
		var r Record
		b := []byte(line)
		checkRecord(t, b, &r, fm.NewParser().Parse(b, &r))
	})
}

// FuzzDelimited runs every delimited preset (W3C, CloudFront, Squid, the
// AWS load balancers, S3, GCS) over a random line.
func FuzzDelimited(f *testing.F) {
	for _, fm := range []*Format{W3C, CloudFront, Squid, ELB, ALB, S3, GCS} {
		f.Add(fm.Example)
	}
	f.Add(`#Fields: date time`)
	f.Add(`"a""b",[x y] "c\"d" e`)
	formats := []*Format{W3C, CloudFront, Squid, ELB, ALB, S3, GCS}
	f.Fuzz(func(t *testing.T, line string) {
		b := []byte(line)
		for _, fm := range formats {
			var r Record
			checkRecord(t, b, &r, fm.NewParser().Parse(b, &r))
		}
	})
}

// FuzzW3CHeader builds W3C and CloudFront layouts from random #Fields
// lines found in a sample, and parses a line with them.
func FuzzW3CHeader(f *testing.F) {
	f.Add("#Fields: date time cs-method cs-uri-stem sc-status time-taken", "2024-03-05 00:00:01 GET / 200 15")
	f.Add("#Fields: date time x-edge-location sc-status", "2019-12-04\t21:02:31\tLAX1\t200")
	f.Add(`"time_micros","sc_status","cs_uri"`, `"1588166433227000","200","/"`)
	f.Fuzz(func(t *testing.T, header, line string) {
		d := Sniff([]byte(header + "\n" + line + "\n"))
		if d.Format == nil {
			return
		}
		var r Record
		b := []byte(line)
		checkRecord(t, b, &r, d.Format.NewParser().Parse(b, &r))
	})
}

// FuzzJSON parses random lines with the automatic mapping, a fuzzed
// explicit status key, and the Caddy and Traefik presets.
func FuzzJSON(f *testing.F) {
	f.Add("status", jsonExample)
	f.Add("res.code", `{"res":{"code":"503"},"ts":1793613600123,"latency":"1.5ms","x":[{"y":"}"}]}`)
	f.Add("", caddyExample)
	f.Add("DownstreamStatus", traefikJSONExample)
	f.Add("st\\u0061tus", `{"st\u0061tus":"\u0035\u0030\u0033","uri":"/caf\u00e9\ud83d\ude00\ud83d","request":{"headers":{"User-Agent":["a\/b"]}}}`)
	f.Fuzz(func(t *testing.T, key, line string) {
		fm, err := JSON(JSONMapping{Status: key})
		if err != nil {
			return
		}
		b := []byte(line)
		for _, p := range []*Format{fm, JSONLines, Caddy, TraefikJSON} {
			var r Record
			checkFields(t, b, &r, p.NewParser().Parse(b, &r), true)
		}
	})
}

// FuzzSniff checks that detection never crashes and that what it reports
// holds: the chosen format reads nearly every sample line cleanly, and a
// refusal never names a candidate that read no line.
func FuzzSniff(f *testing.F) {
	for _, fm := range PresetFormats() {
		f.Add([]byte(fm.Example + "\n" + fm.Example + "\n"))
	}
	f.Add([]byte("#Fields: date time sc-status\n2024-03-05 00:00:01 200\n"))
	f.Add([]byte(`{"time":"2026-11-02T10:00:00Z","http":{"code":503}}` + "\n"))
	f.Fuzz(func(t *testing.T, sample []byte) {
		d := Sniff(sample)
		if d.Format == nil {
			if err := d.Problem("fuzz"); err != nil && strings.Contains(err.Error(), fmt.Sprintf(" 0/%d", d.Lines)) {
				t.Fatalf("a candidate that read nothing is named: %v", err)
			}
			return
		}
		if d.Lines > 0 {
			c := d.Candidates[0]
			if c.Fit*10 < d.Lines*9 || d.Parsed < c.Fit || d.Parsed > d.Lines {
				t.Fatalf("chose %s with %d/%d lines, %d fit", d.Format.Name, d.Parsed, d.Lines, c.Fit)
			}
		}
		_ = d.String()
	})
}

func TestWithinCatchesCopies(t *testing.T) {
	line := []byte("abc")
	if within(line, bytes.Clone(line[1:])) {
		t.Fatal("within accepted a copy")
	}
	if !within(line, line[1:]) {
		t.Fatal("within rejected a sub-slice")
	}
}
