package parse

import (
	"bytes"
	"maps"
	"os"
	"strings"
	"testing"
	"time"
)

// parsed returns the golden-file rendering of one line parsed by f.
func parsed(f *Format, line string) string {
	var r Record
	var b bytes.Buffer
	dump(&b, 1, f.NewParser().Parse([]byte(line), &r), &r)
	return strings.TrimSuffix(strings.TrimPrefix(b.String(), "1: "), "\n")
}

func TestNginxVariables(t *testing.T) {
	cases := []struct{ name, spec, line, want string }{
		{"upstream lists",
			`$remote_addr [$time_local] "$request" $status $upstream_status $upstream_response_time "$upstream_addr" $request_time`,
			`10.0.0.9 [02/Nov/2026:10:00:00 +0000] "GET /pay HTTP/1.1" 200 502, 200 0.010, 0.004 "10.0.0.1:80, 10.0.0.2:80" 0.015`,
			`status=200 time=2026-11-02T10:00:00Z duration=0.015 upstream_status=200 upstream_time=0.014 remote="10.0.0.9" method="GET" path="/pay" proto="HTTP/1.1" upstream="10.0.0.1:80, 10.0.0.2:80"`},
		{"upstream list across an internal redirect, unquoted",
			`$status $upstream_status $upstream_response_time $upstream_addr $msec`,
			`504 504 : 200 1.000 : 0.020 10.0.0.1:80 : 10.0.0.3:80 1793613600.123`,
			`status=504 time=2026-11-02T10:00:00Z upstream_status=200 upstream_time=1.02 upstream="10.0.0.1:80 : 10.0.0.3:80"`},
		{"no upstream",
			`$status $upstream_status $upstream_response_time $upstream_addr`,
			`404 - - -`, `status=404`},
		{"host scheme args uri and bytes_sent alone",
			`$scheme://$host $uri$is_args$args $server_protocol $request_method $status $bytes_sent $request_length $connection $pipe`,
			`https://shop.example.com /cart?id=7 HTTP/2.0 POST 201 733 415 93412 p`,
			`status=201 bytes=733 method="POST" path="/cart" query="?id=7" proto="HTTP/2.0" host="shop.example.com" scheme="https"`},
		{"uri without a query",
			`$uri$is_args$args $status`, `/index.html 200`, `status=200 path="/index.html"`},
		{"body_bytes_sent wins over bytes_sent",
			`$status $bytes_sent $body_bytes_sent`, `200 900 612`, `status=200 bytes=612`},
		{"x-forwarded-for with a comma list",
			`$remote_addr "$request" $status "$http_x_forwarded_for" $server_name`,
			`10.0.0.9 "GET / HTTP/1.1" 200 "203.0.113.7, 10.0.0.2" www.example.com`,
			`status=200 remote="10.0.0.9" method="GET" path="/" proto="HTTP/1.1" host="www.example.com"`},
		{"nginx hex escapes stay as logged",
			`"$request" $status "$http_user_agent"`,
			`"GET /a\x22b HTTP/1.1" 200 "x\x22y"`,
			`status=200 method="GET" path="/a\\x22b" proto="HTTP/1.1" agent="x\\x22y"`},
		{"escape=json layout",
			`escape=json '{"time":"$time_iso8601","status":$status,"request":"$request","ua":"$http_user_agent","rt":$request_time}'`,
			`{"time":"2026-11-02T10:00:00+01:00","status":503,"request":"GET /q?x=\"1\" HTTP/1.1","ua":"a \"b\" c","rt":0.250}`,
			`status=503 time=2026-11-02T09:00:00Z duration=0.25 method="GET" path="/q?x=\\\"1\\\"" proto="HTTP/1.1" agent="a \\\"b\\\" c"`},
		{"pasted from nginx.conf",
			`log_format main '$remote_addr - $remote_user [$time_local] "$request" '
			                 '$status $body_bytes_sent';`,
			`1.2.3.4 - - [02/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5`,
			`status=200 time=2026-11-02T10:00:00Z bytes=5 remote="1.2.3.4" method="GET" path="/" proto="HTTP/1.1"`},
		{"a broken time leaves the request counted",
			`[$time_local] $status`, `[31/Feb/2026:10:00:00 +0000] 500`, `status=500 time=bad`},
		{"truncated user agent is recovered",
			`"$request" $status "$http_user_agent"`, `"GET / HTTP/1.1" 200 "Mozilla/5.0 (cut`,
			`status=200 recovered method="GET" path="/" proto="HTTP/1.1" agent="Mozilla/5.0 (cut"`},
		{"a stray quote in the last field is harmless",
			`"$request" $status "$http_user_agent"`, `"GET / HTTP/1.1" 200 "say "hi" x"`,
			`status=200 method="GET" path="/" proto="HTTP/1.1" agent="say \"hi\" x"`},
		{"binary garbage", `$remote_addr $status`, "\x00\x01\x02 \x00", `binary`},
		{"bad upstream status", `$status $upstream_status`, `200 2x0`, `bad status`},
		{"port must be a number", `$host:$server_port $status`, `example.com:https 200`, `line does not match the log format`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Compile(tc.spec)
			if err != nil {
				t.Fatal(err)
			}
			if got := parsed(f, tc.line); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestApacheFormat(t *testing.T) {
	cases := []struct{ name, spec, line, want string }{
		{"combined from httpd.conf",
			`LogFormat "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"" combined`,
			combinedExample,
			`status=200 time=2000-10-10T20:55:36Z bytes=2326 remote="127.0.0.1" user="frank" method="GET" path="/apache_pb.gif" proto="HTTP/1.0" referer="http://www.example.com/start.html" agent="Mozilla/4.08 [en] (Win98; I ;Nav)"`},
		{"escaped quotes in values",
			`%h %t "%r" %>s %B "%{User-agent}i"`,
			`::1 [10/Oct/2000:13:55:36 +0000] "GET /a\"b HTTP/1.1" 404 0 "ua \"x\""`,
			`status=404 time=2000-10-10T13:55:36Z bytes=0 remote="::1" method="GET" path="/a\\\"b" proto="HTTP/1.1" agent="ua \\\"x\\\""`},
		{"durations in microseconds, seconds, milliseconds",
			`%>s %D`, `200 1532`, `status=200 duration=0.001532`},
		{"%T", `%>s %T`, `200 2`, `status=200 duration=2`},
		{"%{ms}T", `%>s %{ms}T`, `200 15`, `status=200 duration=0.015`},
		{"%{us}T", `%>s %{us}T`, `200 15`, `status=200 duration=1.5e-05`},
		{"request pieces and vhost",
			`%v:%p %a %m %U%q %H %>s %O %I %k %X %P %L`,
			`shop.example.com:443 2001:db8::1 GET /cart?id=7 HTTP/1.1 302 421 380 0 + 4242 -`,
			`status=302 bytes=421 remote="2001:db8::1" method="GET" path="/cart" query="?id=7" proto="HTTP/1.1" host="shop.example.com"`},
		{"final status wins over the original",
			`%s %>s`, `302 200`, `status=200`},
		{"modifiers",
			`%h %400,501{User-agent}i %!200,304{Referer}i %<s`, `1.2.3.4 - - 500`,
			`status=500 remote="1.2.3.4" referer="-" agent="-"`},
		{"strftime time",
			`[%{%d/%b/%Y %T}t] %>s`, `[02/Nov/2026 10:00:07] 200`, `status=200 time=2026-11-02T10:00:07Z`},
		{"strftime ISO with zone",
			`%{%Y-%m-%dT%H:%M:%S%z}t %>s`, `2026-11-02T10:00:07+0100 200`, `status=200 time=2026-11-02T09:00:07Z`},
		{"begin:msec epoch",
			`%{begin:msec}t %>s`, `1793613600123 200`, `status=200 time=2026-11-02T10:00:00Z`},
		{"sec epoch and headers out",
			`%{sec}t %>s %{Content-Type}o %{UNIQUE_ID}e %{X-Forwarded-Proto}i`, `1793613600 200 text/html - https`,
			`status=200 time=2026-11-02T10:00:00Z scheme="https"`},
		{"percent literal", `%>s 100%%`, `200 100%`, `status=200`},
		{"tab separated", `%>s\t%h`, "200\t1.2.3.4", `status=200 remote="1.2.3.4"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := CompileApache(tc.spec)
			if err != nil {
				t.Fatal(err)
			}
			if got := parsed(f, tc.line); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestApacheFormatErrors(t *testing.T) {
	for _, spec := range []string{
		`%h %l %u %t "%r" %b`, // no status
		`%h%>s`,               // nothing between
		`%>s %{Referer`,       // unterminated brace
		`%>s %`,               // dangling %
		`%>s %Z`,              // unknown directive
		`%>s %{fortnights}T`,  // unknown unit
		`%>s %{%Q}t`,          // unsupported strftime
		`LogFormat %h %>s`,    // LogFormat without its quotes
	} {
		if _, err := CompileApache(spec); err == nil {
			t.Errorf("CompileApache(%q) succeeded, want an error", spec)
		}
	}
	// ForFlag tells the two compilers apart by their syntax.
	if f, err := ForFlag(`%h %>s`); err != nil || f.Name != "apache" {
		t.Errorf("ForFlag(apache string) = %v, %v", f, err)
	}
	if f, err := ForFlag(`$remote_addr $status`); err != nil || f.Name != "nginx" {
		t.Errorf("ForFlag(nginx string) = %v, %v", f, err)
	}
	if f, err := ForFlag(`#Fields: date time cs-method cs-uri-stem sc-status`); err != nil || f.Name != "w3c" {
		t.Errorf("ForFlag(#Fields) = %v, %v", f, err)
	}
}

func TestEpochByMagnitude(t *testing.T) {
	want := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC).Unix()
	for _, s := range []string{"1793613600", "1793613600.5", "1793613600123", "1793613600123456", "1793613600123456789"} {
		got, ok := parseEpoch([]byte(s), unitAuto)
		if !ok || got != want {
			t.Errorf("parseEpoch(%q) = %d, %v; want %d", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "-1", "1e9", "12.x", "17936136001234567890", "9999999999999999999"} {
		if _, ok := parseEpoch([]byte(s), unitAuto); ok {
			t.Errorf("parseEpoch(%q) succeeded", s)
		}
	}
}

// TestRealLogsThroughCompilers reads the real logs with their layouts
// written out for the compilers instead of the hand-written parser: the
// counts must be the same exact figures.
func TestRealLogsThroughCompilers(t *testing.T) {
	cases := []struct {
		file, spec string
		codes      map[int]int
		malformed  int // a line only the lenient NCSA parser recovers, or 0
	}{
		{"elastic-apache_logs.log", `%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"`,
			map[int]int{200: 9126, 206: 45, 301: 164, 304: 445, 403: 2, 404: 213, 416: 2, 500: 3}, 0},
		{"elastic-apache_logs.log", `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"`,
			map[int]int{200: 9126, 206: 45, 301: 164, 304: 445, 403: 2, 404: 213, 416: 2, 500: 3}, 0},
		{"lnav-shop_access.log", `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for"`,
			map[int]int{200: 938, 301: 11, 302: 20, 304: 7, 404: 24}, 0},
		// The trace's first line has no host, ident or user: an exact
		// layout does not fit it.
		{"nasa-small.log", `%h %l %u %t "%r" %>s %b`, map[int]int{200: 36, 302: 2, 304: 1, 404: 1}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.file+" "+tc.spec[:2], func(t *testing.T) {
			data, err := os.ReadFile(sharedData(t, "real/"+tc.file))
			if err != nil {
				t.Fatal(err)
			}
			f, err := ForFlag(tc.spec)
			if err != nil {
				t.Fatal(err)
			}
			p := f.NewParser()
			got := map[int]int{}
			var r Record
			for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
				err := p.Parse([]byte(line), &r)
				if (err != nil) != (i+1 == tc.malformed) {
					t.Errorf("line %d: %v: %q", i+1, err, line)
				}
				if err == nil {
					got[r.Status]++
				}
			}
			if !maps.Equal(got, tc.codes) {
				t.Errorf("codes %v, want %v", got, tc.codes)
			}
		})
	}
}
