package parse

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func unix(s string) int64 {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.Unix()
}

func TestCombined(t *testing.T) {
	type want struct {
		err                 error
		remote, user        string
		time                int64
		hasTime             bool
		method, path, proto string
		status              int
		bytes               int64
		referer, agent      string
		extra               int
		badTime, recovered  bool
	}
	cases := []struct {
		name string
		line string
		want want
	}{
		{"apache common", `127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326`,
			want{remote: "127.0.0.1", user: "frank", time: unix("2000-10-10T20:55:36Z"), hasTime: true,
				method: "GET", path: "/apache_pb.gif", proto: "HTTP/1.0", status: 200, bytes: 2326}},
		{"combined", `203.0.113.9 - - [02/Nov/2026:00:00:01 +0000] "POST /api?q=1 HTTP/1.1" 503 0 "https://e.com/" "curl/8.0"`,
			want{remote: "203.0.113.9", time: unix("2026-11-02T00:00:01Z"), hasTime: true, method: "POST",
				path: "/api?q=1", proto: "HTTP/1.1", status: 503, bytes: 0, referer: "https://e.com/", agent: "curl/8.0", extra: 2}},
		{"ipv6 host and crlf", "2001:db8::1 - - [01/Jan/2026:00:00:00 +0000] \"GET / HTTP/2.0\" 204 - \"-\" \"-\"\r\n",
			want{remote: "2001:db8::1", time: unix("2026-01-01T00:00:00Z"), hasTime: true, method: "GET", path: "/",
				proto: "HTTP/2.0", status: 204, bytes: -1, referer: "-", agent: "-", extra: 2}},
		{"nasa line without host ident user", `- [31/Aug/1995:23:56:31 -0400] "GET /images/x.gif HTTP/1.0" 200 234`,
			want{remote: "-", time: unix("1995-09-01T03:56:31Z"), hasTime: true, method: "GET",
				path: "/images/x.gif", proto: "HTTP/1.0", status: 200, bytes: 234, recovered: true}},
		{"apache escaped quote in agent", `1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "Mozilla \"quoted\" x"`,
			want{remote: "1.2.3.4", time: unix("2000-10-10T13:55:36Z"), hasTime: true, method: "GET", path: "/",
				proto: "HTTP/1.1", status: 200, bytes: 1, referer: "-", agent: `Mozilla \"quoted\" x`, extra: 2}},
		{"nginx x22 escape in request", `1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "GET /a\x22b HTTP/1.1" 404 9 "-" "-"`,
			want{remote: "1.2.3.4", time: unix("2000-10-10T13:55:36Z"), hasTime: true, method: "GET", path: `/a\x22b`,
				proto: "HTTP/1.1", status: 404, bytes: 9, referer: "-", agent: "-", extra: 2}},
		{"unescaped quote inside request", `1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "GET /a"b HTTP/1.1" 200 9 "-" "-"`,
			want{remote: "1.2.3.4", time: unix("2000-10-10T13:55:36Z"), hasTime: true, method: "GET", path: `/a"b`,
				proto: "HTTP/1.1", status: 200, bytes: 9, referer: "-", agent: "-", extra: 2}},
		{"unterminated user agent still counts", `1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 9 "-" "Mozilla/5.0 (cut`,
			want{remote: "1.2.3.4", time: unix("2000-10-10T13:55:36Z"), hasTime: true, method: "GET", path: "/",
				proto: "HTTP/1.1", status: 200, bytes: 9, referer: "-", agent: "Mozilla/5.0 (cut", extra: 2, recovered: true}},
		{"dash request", `1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "-" 408 - "-" "-"`,
			want{remote: "1.2.3.4", time: unix("2000-10-10T13:55:36Z"), hasTime: true, status: 408, bytes: -1, referer: "-", agent: "-", extra: 2}},
		{"tls garbage request", `0.0.0.0 - - [04/Oct/2022:03:07:27 +0000] "\x16\x03\x01\x00" 400 150 "-" "-"`,
			want{remote: "0.0.0.0", time: unix("2022-10-04T03:07:27Z"), hasTime: true, status: 400, bytes: 150, referer: "-", agent: "-", extra: 2}},
		{"nginx main with forwarded-for", `172.24.0.3 - - [31/Dec/2024:17:32:06 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/8.11.1" "1.2.3.4, 10.10.1.1"`,
			want{remote: "172.24.0.3", time: unix("2024-12-31T17:32:06Z"), hasTime: true, method: "GET", path: "/",
				proto: "HTTP/1.1", status: 200, bytes: 615, referer: "-", agent: "curl/8.11.1", extra: 3}},
		{"iso time in brackets", `- - - [2000-10-10T20:55:36Z] "GET / HTTP/1.1" 200 1`,
			want{remote: "-", time: unix("2000-10-10T20:55:36Z"), hasTime: true, method: "GET", path: "/", proto: "HTTP/1.1", status: 200, bytes: 1}},
		{"status 000 is kept", `1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 000 0`,
			want{remote: "1.2.3.4", time: unix("2000-10-10T13:55:36Z"), hasTime: true, method: "GET", path: "/", proto: "HTTP/1.1", status: 0, bytes: 0}},
		{"leap day", `h - - [29/Feb/2024:23:59:59 +0100] "GET / HTTP/1.1" 200 1`,
			want{remote: "h", time: unix("2024-02-29T22:59:59Z"), hasTime: true, method: "GET", path: "/", proto: "HTTP/1.1", status: 200, bytes: 1}},

		{"empty", ``, want{err: ErrEmpty}},
		{"blank", " \t ", want{err: ErrEmpty}},
		{"garbage", `not a common log line`, want{err: ErrTruncated}},
		{"bad status", `1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 2x0 1`, want{err: ErrBadStatus}},
		{"four digit status", `1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 2000 1`, want{err: ErrBadStatus}},
		{"missing status", `83.149.9.216 - a.user [11/Jan/2020:23:05:27 +0100] "OPTIONS /remote.php/ HTTP/1.1" - 7908 "-" "x"`, want{err: ErrNoStatus}},
		{"bad bytes", `1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 12k`, want{err: ErrBadBytes}},
		{"cut after status", `1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200`, want{err: ErrTruncated}},
		{"cut in request", `1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "GET / HTT`, want{err: ErrBadRequest}},
		// A request whose time cannot be read still counts: only its
		// time is unknown.
		{"impossible date still counts", `1.2.3.4 - - [31/Feb/2024:13:55:36 +0000] "GET / HTTP/1.1" 200 1`,
			want{remote: "1.2.3.4", badTime: true, method: "GET", path: "/", proto: "HTTP/1.1", status: 200, bytes: 1}},
		{"bad month still counts", `1.2.3.4 - - [10/Foo/2000:13:55:36 +0000] "GET / HTTP/1.1" 503 1`,
			want{remote: "1.2.3.4", badTime: true, method: "GET", path: "/", proto: "HTTP/1.1", status: 503, bytes: 1}},
		{"hour 24 still counts", `1.2.3.4 - - [10/Oct/2000:24:00:00 +0000] "GET / HTTP/1.1" 200 1`,
			want{remote: "1.2.3.4", badTime: true, method: "GET", path: "/", proto: "HTTP/1.1", status: 200, bytes: 1}},
		{"dash time is no time, not a bad one", `1.2.3.4 - - [-] "GET / HTTP/1.1" 200 1`,
			want{remote: "1.2.3.4", method: "GET", path: "/", proto: "HTTP/1.1", status: 200, bytes: 1}},
		{"numeric timestamp", `- - - [1234] - - -`, want{err: ErrBadTime}},
		// An nginx error log line is not a request: its [error] is no time.
		{"nginx error log", `2026/11/02 03:14:15 [error] 1234#1234: *5 connect() failed (111: Connection refused)`, want{err: ErrBadTime}},
		{"binary", "1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] \"GET / HTTP/1.1\" 2\x000 1", want{err: ErrBinary}},
		{"nul bytes only", "\x00\x00\x00", want{err: ErrBinary}},
	}
	p := Combined.NewParser()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var r Record
			err := p.Parse([]byte(tc.line), &r)
			if !errors.Is(err, tc.want.err) {
				t.Fatalf("err = %v, want %v", err, tc.want.err)
			}
			if err != nil {
				return
			}
			got := want{
				remote: string(r.Remote), user: string(r.User), time: r.Time, hasTime: r.HasTime,
				method: string(r.Method), path: string(r.Path), proto: string(r.Proto), status: r.Status,
				bytes: r.Bytes, referer: string(r.Referer), agent: string(r.UserAgent), extra: r.Extra,
				badTime: r.BadTime, recovered: r.Recovered,
			}
			if got != tc.want {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestTimeCacheAcrossMinutesAndZones(t *testing.T) {
	// The cache keys on everything but the seconds; a change of minute,
	// day or zone must be noticed.
	lines := []struct{ ts, want string }{
		{"10/Oct/2000:13:55:36 -0700", "2000-10-10T20:55:36Z"},
		{"10/Oct/2000:13:55:59 -0700", "2000-10-10T20:55:59Z"},
		{"10/Oct/2000:13:56:00 -0700", "2000-10-10T20:56:00Z"},
		{"10/Oct/2000:13:56:00 +0000", "2000-10-10T13:56:00Z"},
		{"11/Oct/2000:13:56:00 +0000", "2000-10-11T13:56:00Z"},
		{"31/Dec/1969:23:59:59 +0000", "1969-12-31T23:59:59Z"},
		{"01/Jan/1970:00:00:00 +0000", "1970-01-01T00:00:00Z"},
		{"01/Jan/2100:00:00:00 +0000", "2100-01-01T00:00:00Z"},
	}
	var c clfCache
	for _, l := range lines {
		got, ok := c.parseCLF([]byte(l.ts))
		if !ok || got != unix(l.want) {
			t.Errorf("parseCLF(%q) = %d, %v; want %d", l.ts, got, ok, unix(l.want))
		}
	}
}

func TestTimeAgreesWithTimePackage(t *testing.T) {
	// Independent check of the hand-written calendar against package time
	// over a wide range of dates and zones.
	var c clfCache
	zones := []int{0, -7 * 3600, 3*3600 + 30*60, 14 * 3600, -12 * 3600}
	for ts := unix("1900-01-01T00:00:00Z"); ts < unix("2200-01-01T00:00:00Z"); ts += 86400*13 + 3607 {
		for _, off := range zones {
			tm := time.Unix(ts, 0).In(time.FixedZone("", off))
			s := tm.Format("02/Jan/2006:15:04:05 -0700")
			if got, ok := c.parseCLF([]byte(s)); !ok || got != ts {
				t.Fatalf("parseCLF(%q) = %d, %v; want %d", s, got, ok, ts)
			}
			iso := tm.Format(time.RFC3339)
			if got, ok := parseISO8601([]byte(iso)); !ok || got != ts {
				t.Fatalf("parseISO8601(%q) = %d, %v; want %d", iso, got, ok, ts)
			}
		}
	}
}

func TestNginxLogFormat(t *testing.T) {
	const gonx = `$remote_addr [$time_local] "$request" $status $request_length $body_bytes_sent $request_time "$t_size" $read_time $gen_time`
	cases := []struct {
		name, spec, line string
		err              error
		status           int
		bytes            int64
		path             string
		duration         float64
	}{
		{"gonx example", gonx,
			`157.157.30.206 [08/Nov/2013:13:39:18 +0000] "GET /api/foo/bar HTTP/1.1" 200 491 2349 0.119 "-" - -`,
			nil, 200, 2349, "/api/foo/bar", 0.119},
		{"custom short", `$remote_addr [$time_local] "$request" $status`,
			`89.234.89.123 [08/Nov/2013:13:39:18 +0000] "GET /api/foo/bar HTTP/1.1" 200`,
			nil, 200, -1, "/api/foo/bar", -1},
		{"empty request", `$remote_addr [$time_local] "$request" $status`,
			`89.234.89.123 [08/Nov/2013:13:39:18 +0000] "" 200`, nil, 200, -1, "", -1},
		{"braced names and iso time", `${time_iso8601} ${status} ${request_method} ${request_uri} ${request_time}`,
			`2026-11-02T10:00:00+01:00 502 POST /pay 1.5`, nil, 502, -1, "/pay", 1.5},
		{"not matching", `$remote_addr [$time_local] "$request" $status`, `GET /api/foo/bar HTTP/1.1`,
			ErrTruncated, 0, 0, "", 0},
		{"literal mismatch", `$remote_addr [$time_local] "$request" $status`, `1.2.3.4 <08/Nov/2013:13:39:18 +0000> "GET / HTTP/1.1" 200`,
			ErrTruncated, 0, 0, "", 0},
		{"bad request_time", `$status $request_time`, `200 fast`, ErrBadNumber, 0, 0, "", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Compile(tc.spec)
			if err != nil {
				t.Fatal(err)
			}
			var r Record
			err = f.NewParser().Parse([]byte(tc.line), &r)
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if err != nil {
				return
			}
			if r.Status != tc.status || r.Bytes != tc.bytes || string(r.Path) != tc.path || r.Duration != tc.duration {
				t.Errorf("got status %d bytes %d path %q duration %v", r.Status, r.Bytes, r.Path, r.Duration)
			}
		})
	}
}

func TestCompileErrors(t *testing.T) {
	for _, spec := range []string{
		`$remote_addr [$time_local] "$request"`, // no status
		`$remote_addr$status`,                   // nothing between
		`no variables at all`,
	} {
		if _, err := Compile(spec); err == nil {
			t.Errorf("Compile(%q) succeeded, want an error", spec)
		}
	}
	if _, err := ForFlag("apache-fancy"); err == nil {
		t.Error(`ForFlag("apache-fancy") succeeded, want an error naming the presets`)
	}
	for _, name := range []string{"combined", "Common", " clf "} {
		if _, err := ForFlag(name); err != nil {
			t.Errorf("ForFlag(%q): %v", name, err)
		}
	}
}

func TestParseErrorMessage(t *testing.T) {
	err := &ParseError{Source: "access.log", Line: 1042, Err: ErrBadStatus, Field: []byte("2x0")}
	if got, want := err.Error(), `access.log:1042: bad status "2x0"`; got != want {
		t.Errorf("Error() = %s, want %s", got, want)
	}
	if !errors.Is(err, ErrBadStatus) {
		t.Error("ParseError does not unwrap to its reason")
	}
	long := &ParseError{Source: "a", Line: 1, Err: ErrBadRequest, Field: []byte(strings.Repeat("\x1b", 5000))}
	if n := len(long.Error()); n > 4*maxQuote+64 {
		t.Errorf("message of %d bytes; the quote must be bounded", n)
	}
	if strings.ContainsRune(long.Error(), 0x1b) {
		t.Error("message carries a raw escape byte to the terminal")
	}
}

// sharedData is the project's shared test data, outside the repository.
func sharedData(t testing.TB, rel string) string {
	p := filepath.Join("..", "..", "shared", "data", rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared test data %s not present (only in the project's CI); skipping", rel)
	}
	return p
}

// peerSpecs are the layouts of the peer rows written out for slareport's
// own compilers, to cross-check the lenient NCSA parser.
var peerSpecs = map[string]string{
	"nginx_combined":             `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"`,
	"nginx_main":                 `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for"`,
	"nginx_ingress_upstreaminfo": `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_length $request_time [$proxy_upstream_name] [$proxy_alternative_upstream_name] $upstream_addr $upstream_response_length $upstream_response_time $upstream_status $req_id`,
	"apache_common":              `%h %l %u %t "%r" %>s %b`,
	"apache_combined":            `%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"`,
}

// TestPeerCases runs every row of the parser cases collected from Vector,
// Logstash, fluent-bit and gonx. Each access-log row goes through the
// lenient NCSA parser, through detection, and through the row's layout
// compiled by CompileApache or Compile.
//
// Where slareport departs from a peer, on purpose:
//   - a line with no status (Vector's all-dash lines, Logstash's status
//     "-") is malformed ("missing status"): it cannot be a request in an
//     availability ratio, whatever other fields it has;
//   - error-log rows (apache_error, nginx_error) parse for the peers, which
//     read error logs too; for slareport they are not requests, so they
//     must be malformed and detection must find no access-log format;
//   - a format without $status is refused when compiling.
func TestPeerCases(t *testing.T) {
	f, err := os.Open(sharedData(t, "peer/peer-cases.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	sc.Scan() // header
	rows, withStatus := 0, 0
	for n := 2; sc.Scan(); n++ {
		col := strings.Split(sc.Text(), "\t")
		if len(col) < 9 {
			t.Fatalf("row %d: %d columns", n, len(col))
		}
		rows++
		format, expected, status, size, method, path, line := col[1], col[2], col[3], col[4], col[5], col[6], col[7]
		name := fmt.Sprintf("row %d (%s %s)", n, format, strings.SplitN(col[8], ";", 2)[0])
		var r Record

		if strings.HasSuffix(format, "_error") {
			if err := Combined.NewParser().Parse([]byte(line), &r); err == nil {
				t.Errorf("%s: an error-log line parsed as a request: %q", name, line)
			}
			if d := Sniff([]byte(line)); d.OK() {
				t.Errorf("%s: error-log line detected as %s", name, d.Format.Name)
			}
			continue
		}

		parsers := map[string]*Format{"combined": Combined}
		spec, custom := strings.CutPrefix(format, "custom:")
		switch {
		case custom && !strings.Contains(spec, "$status"):
			if _, err := Compile(spec); err == nil {
				t.Errorf("%s: compiled a format without $status", name)
			}
			continue
		case custom:
			if parsers["compiled"], err = Compile(spec); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			delete(parsers, "combined") // gonx's layout is not NCSA
		case peerSpecs[format] != "":
			if parsers["compiled"], err = ForFlag(peerSpecs[format]); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		default:
			t.Fatalf("%s: unknown format", name)
		}
		if strings.Contains(col[8], "missing_fields") {
			// Vector accepts a combined line whose referer and user
			// agent are bare dashes; a compiled layout requires its
			// quotes, and only the lenient parser forgives them.
			delete(parsers, "compiled")
		}
		if expected == "ok" && status != "" && status != "-" && !custom {
			if d := Sniff([]byte(line)); !d.OK() {
				t.Errorf("%s: not detected: %v", name, d.Candidates[:2])
			} else {
				parsers["detected "+d.Format.Name] = d.Format
			}
		}

		for via, pf := range parsers {
			perr := pf.NewParser().Parse([]byte(line), &r)
			switch {
			case expected == "error":
				if perr == nil {
					t.Errorf("%s via %s: parsed a line the peer rejects: %q", name, via, line)
				}
			case status == "" || status == "-":
				if !errors.Is(perr, ErrNoStatus) && !errors.Is(perr, ErrTruncated) && !errors.Is(perr, ErrBadStatus) && !errors.Is(perr, ErrMismatch) {
					t.Errorf("%s via %s: line without status: err = %v, want it malformed", name, via, perr)
				}
			default:
				if perr != nil {
					t.Errorf("%s via %s: %v: %q", name, via, perr, line)
					continue
				}
				withStatus++
				if strconv.Itoa(r.Status) != status {
					t.Errorf("%s via %s: status %d, want %s", name, via, r.Status, status)
				}
				if size != "" && strconv.FormatInt(r.Bytes, 10) != size {
					t.Errorf("%s via %s: bytes %d, want %s", name, via, r.Bytes, size)
				}
				if string(r.Method) != method || string(r.Path) != path {
					t.Errorf("%s via %s: method/path %q %q, want %q %q", name, via, r.Method, r.Path, method, path)
				}
			}
		}
	}
	t.Logf("%d rows, %d parses with a status", rows, withStatus)
	if rows != 59 || withStatus < 60 {
		t.Errorf("ran %d rows, %d parses with a status; the table changed shape?", rows, withStatus)
	}
}

// TestRealLogs counts status codes on the real logs with the parser alone;
// the expected figures come from data/README.md (two independent shell
// pipelines).
func TestRealLogs(t *testing.T) {
	cases := []struct {
		file     string
		spec     string // "" detects
		detected string // the preset detection must choose
		codes    map[int]int
		// recovered are the damaged lines whose status was still read:
		// elastic's line 8899 lacks the user agent's closing quote, the
		// NASA trace's first line has no host, ident or user.
		recovered []int
	}{
		{"elastic-apache_logs.log", "", "combined", map[int]int{200: 9126, 206: 45, 301: 164, 304: 445, 403: 2, 404: 213, 416: 2, 500: 3}, []int{8899}},
		{"lnav-shop_access.log", "", "nginx-main", map[int]int{200: 938, 301: 11, 302: 20, 304: 7, 404: 24}, nil},
		{"nasa-small.log", "", "common", map[int]int{200: 37, 302: 2, 304: 1, 404: 1}, []int{1}},
		{"gonx-example_access.log",
			`$remote_addr [$time_local] "$request" $status $request_length $body_bytes_sent $request_time "$t_size" $read_time $gen_time`,
			"", map[int]int{200: 901, 404: 99}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(sharedData(t, "real/"+tc.file))
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
			var f *Format
			if tc.spec != "" {
				if f, err = Compile(tc.spec); err != nil {
					t.Fatal(err)
				}
			} else {
				d := Sniff(data)
				want := min(len(lines), detectLines)
				if !d.OK() || d.Format.Name != tc.detected || d.Lines != want || d.Parsed != want {
					t.Fatalf("Sniff = %v (%s), want %s with %d/%d sample lines", d.Format, d, tc.detected, want, want)
				}
				f = d.Format
			}
			p := f.NewParser()
			got := map[int]int{}
			var recovered []int
			var r Record
			for i, line := range lines {
				if err := p.Parse([]byte(line), &r); err != nil {
					t.Errorf("line %d: %v: %q", i+1, err, line)
					continue
				}
				if !r.HasTime {
					t.Errorf("line %d: no time: %q", i+1, line)
				}
				got[r.Status]++
				if r.Recovered {
					recovered = append(recovered, i+1)
				}
			}
			if !slices.Equal(recovered, tc.recovered) {
				t.Errorf("recovered lines %v, want %v", recovered, tc.recovered)
			}
			for code, n := range tc.codes {
				if got[code] != n {
					t.Errorf("status %d: %d lines, want %d", code, got[code], n)
				}
			}
			if len(got) != len(tc.codes) {
				t.Errorf("codes seen %v, want %v", got, tc.codes)
			}
		})
	}
}
