package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/slareport/slareport/parse"
)

// These tests hold detection to its rule through the built binary: a log is
// read right or refused with exit 3, never counted wrong with exit 0.

// detectStatuses are the statuses a preset's sample cycles through.
var detectStatuses = []int{200, 503, 404, 301, 200, 500, 204, 200}

// presetSample is a preset's example line once per detectStatuses, the
// example's status replaced wherever it stands as a number of its own, and
// the count of each status as the JSON report keys it.
func presetSample(t *testing.T, f *parse.Format) (string, map[string]float64) {
	var r parse.Record
	if err := f.NewParser().Parse([]byte(f.Example), &r); err != nil {
		t.Fatalf("%s: example: %v", f.Name, err)
	}
	status := strconv.Itoa(r.Status)
	num := regexp.MustCompile(`\d+`)
	var b strings.Builder
	codes := map[string]float64{}
	for _, st := range detectStatuses {
		b.WriteString(num.ReplaceAllStringFunc(f.Example, func(n string) string {
			if n == status {
				return strconv.Itoa(st)
			}
			return n
		}) + "\n")
		codes[strconv.Itoa(st)]++
	}
	return b.String(), codes
}

// writeFile writes data to name in dir and returns its path.
func writeFile(t *testing.T, dir, name, data string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// codesOf returns the report's status counts.
func codesOf(r map[string]any) map[string]float64 {
	out := map[string]float64{}
	m, _ := r["codes"].(map[string]any)
	for k, v := range m {
		out[k], _ = v.(float64)
	}
	return out
}

// inputFormat returns the format of the report's first input.
func inputFormat(r map[string]any) (string, bool) {
	ins, _ := r["inputs"].([]any)
	if len(ins) == 0 {
		return "", false
	}
	in, _ := ins[0].(map[string]any)
	name, _ := in["format"].(string)
	detected, _ := in["detected"].(bool)
	return name, detected
}

// TestDetectEveryPresetThroughTheBinary writes a file of each preset's
// example line with varied statuses, and the binary must detect it as
// that preset and count every status. It walks the presets `slareport
// formats` lists, so a preset added later is covered too.
func TestDetectEveryPresetThroughTheBinary(t *testing.T) {
	dir := t.TempDir()
	for _, f := range parse.PresetFormats() {
		t.Run(f.Name, func(t *testing.T) {
			data, codes := presetSample(t, f)
			path := writeFile(t, dir, f.Name+".log", data)
			code, r, stderr, _ := runBinary(t, path)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if name, detected := inputFormat(r); name != f.Name || !detected {
				t.Errorf("format %q (detected %v), want %s", name, detected, f.Name)
			}
			if got := codesOf(r); fmt.Sprint(got) != fmt.Sprint(codes) {
				t.Errorf("codes %v, want %v", got, codes)
			}
			if parsed := num(r, "lines", "parsed"); parsed != float64(len(detectStatuses)) {
				t.Errorf("parsed %v of %d lines", parsed, len(detectStatuses))
			}
		})
	}
}

// zeroRead matches a candidate named with no line read: "traefik 0/20".
var zeroRead = regexp.MustCompile(`[a-z0-9-]+ 0/\d+`)

// TestAdversarialLogsAreRefused runs logs of layouts no preset reads.
// Before, AWS NLB TLS lines were read as s3 (statuses 98 and 0); the
// others were refused with a "closest" candidate that had read nothing.
// Each must now end in exit 3, with no report and a message that names no
// such candidate. (Envoy and HAProxy HTTP logs have presets now:
// TestAdversarialLogsAreReadExactly.)
func TestAdversarialLogsAreRefused(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name, data string
		want       string // in stderr
	}{
		{"aws nlb tls", strings.Join([]string{
			`tls 2.0 2018-12-20T02:59:40 net/my-network-loadbalancer/c6e77e28c25b2234 g3d4b5e8bb8464cd 72.21.218.154:51341 172.100.100.185:443 5 2 98 246 - arn:aws:acm:us-east-2:671290407336:certificate/2a108f19-aded-46b0-8493-c63eb1ef4a99 - ECDHE-RSA-AES128-SHA tlsv12 - my-network-loadbalancer-c6e77e28c25b2234.elb.us-east-2.amazonaws.com - - - 2018-12-20T02:59:30`,
			`tls 2.0 2018-12-20T02:59:41 net/my-network-loadbalancer/c6e77e28c25b2234 g3d4b5e8bb8464cd 72.21.218.154:51342 172.100.100.185:443 5 2 0 0 - arn:aws:acm:us-east-2:671290407336:certificate/2a108f19-aded-46b0-8493-c63eb1ef4a99 - ECDHE-RSA-AES128-SHA tlsv12 - my-network-loadbalancer-c6e77e28c25b2234.elb.us-east-2.amazonaws.com - - - 2018-12-20T02:59:31`,
		}, "\n") + "\n", "finds no readable time"},
		{"haproxy tcp", strings.Join([]string{
			`Feb  6 12:12:56 localhost haproxy[14387]: 10.0.1.2:33313 [06/Feb/2009:12:12:51.443] fnt bck/srv1 0/0/5007 212 -- 0/0/0/0/3 0/0`,
			`Feb  6 12:12:58 localhost haproxy[14387]: 10.0.1.3:33315 [06/Feb/2009:12:12:53.443] fnt bck/srv2 0/0/1 503 CD 0/0/0/0/3 0/0`,
		}, "\n") + "\n", "no known format reads any of the first 2 lines"},
		{"nginx error log", strings.Repeat(`2026/11/02 10:00:00 [error] 1234#0: *5 connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.0.1, server: x, request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:8080/", host: "x"`+"\n", 3),
			"no known format reads any of the first 3 lines"},
		{"syslog noise", strings.Join([]string{
			`Nov  2 10:00:00 web1 systemd[1]: Started Session 42 of user root.`,
			`Nov  2 10:00:01 web1 sshd[2201]: Accepted publickey for deploy from 203.0.113.9 port 52114 ssh2`,
			`Nov  2 10:00:03 web1 kernel: [12345.678901] eth0: link up 200 Mbps`,
		}, "\n") + "\n", "no known format reads any of the first 3 lines"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, dir, strings.ReplaceAll(tc.name, " ", "-")+".log", tc.data)
			code, r, stderr, _ := runBinary(t, path)
			if code != exitInput {
				t.Fatalf("exit %d, want %d (a misread: format %v, codes %v); stderr: %s", code, exitInput, r["inputs"], r["codes"], stderr)
			}
			if r != nil {
				t.Error("a report was written")
			}
			for _, w := range []string{`detect format of "` + path + `"`, tc.want, "--log-format"} {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q: %s", w, stderr)
				}
			}
			if z := zeroRead.FindString(stderr); z != "" {
				t.Errorf("stderr names %q, a candidate that read nothing: %s", z, stderr)
			}
		})
	}
}

// TestNamedW3CReadsFieldsLines names the w3c preset (and its alias iis) for
// a file whose #Fields line is not IIS's default, and for one restarted
// with other fields midway, as detection reads them: every line counts.
func TestNamedW3CReadsFieldsLines(t *testing.T) {
	dir := t.TempDir()
	head := "#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Date: 2024-03-05 00:00:00\n"
	own := writeFile(t, dir, "own.log", head+"#Fields: date time cs-method cs-uri-stem sc-status time-taken\n"+
		"2024-03-05 00:00:01 GET / 200 15\n2024-03-05 00:00:02 GET /x 503 16\n")
	restarted := writeFile(t, dir, "restarted.log", head+"#Fields: date time cs-method cs-uri-stem sc-status time-taken\n"+
		"2024-03-05 00:00:01 GET / 200 15\n2024-03-05 00:00:02 GET /x 503 16\n"+
		head+"#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query sc-status sc-substatus time-taken\n"+
		"2024-03-05 01:00:01 10.0.0.4 GET /y - 404 0 7\n2024-03-05 01:00:02 10.0.0.4 GET /z a=1 500 0 9\n")
	cases := []struct {
		path  string
		args  []string
		codes map[string]float64
	}{
		{own, []string{"--log-format", "w3c"}, map[string]float64{"200": 1, "503": 1}},
		{own, []string{"--log-format", "iis"}, map[string]float64{"200": 1, "503": 1}},
		{own, nil, map[string]float64{"200": 1, "503": 1}},
		{restarted, []string{"--log-format", "iis"}, map[string]float64{"200": 1, "503": 1, "404": 1, "500": 1}},
		{restarted, nil, map[string]float64{"200": 1, "503": 1, "404": 1, "500": 1}},
	}
	for _, tc := range cases {
		t.Run(filepath.Base(tc.path)+" "+strings.Join(tc.args, " "), func(t *testing.T) {
			code, r, stderr, _ := runBinary(t, append(tc.args, tc.path)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if got := codesOf(r); fmt.Sprint(got) != fmt.Sprint(tc.codes) {
				t.Errorf("codes %v, want %v", got, tc.codes)
			}
			if m := num(r, "lines", "malformed"); m != 0 {
				t.Errorf("%v lines malformed", m)
			}
			if name, _ := inputFormat(r); name != "w3c" {
				t.Errorf("format %q", name)
			}
		})
	}
}

// TestTraefikBareDashes reads Traefik CLF lines whose empty referer and
// user agent are bare dashes, detected and named.
func TestTraefikBareDashes(t *testing.T) {
	log := strings.Join([]string{
		`10.42.0.9 - - [10/Oct/2023:13:55:39 +0000] "GET /favicon.ico HTTP/1.1" 404 19 - - 45 "-" "-" 0ms`,
		`10.42.0.9 - - [10/Oct/2023:13:55:40 +0000] "GET /api HTTP/1.1" 502 11 - "curl/8.4.0" 46 "api@docker" "http://10.0.0.5:8080" 12ms`,
		`192.168.1.1 - - [10/Oct/2023:13:55:41 +0000] "GET /api/users HTTP/1.1" 200 1234 "-" "curl/8.4.0" 47 "api-router@docker" "http://10.0.0.5:8080" 3ms`,
	}, "\n") + "\n"
	for _, args := range [][]string{nil, {"--log-format", "traefik"}} {
		r := runJSON(t, []byte(log), append(args, "-")...)
		if got, want := codesOf(r), map[string]float64{"200": 1, "404": 1, "502": 1}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%v: codes %v, want %v", args, got, want)
		}
		if name, _ := inputFormat(r); name != "traefik" || num(r, "lines", "malformed") != 0 {
			t.Errorf("%v: format %q, %v malformed", args, name, num(r, "lines", "malformed"))
		}
	}
}

// TestBlankLinesAreFiltered: a clean file with an extra newline at its
// end, and blank lines inside, has no malformed line.
func TestBlankLinesAreFiltered(t *testing.T) {
	line := good("02/Nov/2026:10:00:00 +0000", "200")
	r := runJSON(t, []byte(line+"\n"+line+"  \t\n"+line+"\n"), "-")
	read, parsed, malformed, filtered := num(r, "lines", "read"), num(r, "lines", "parsed"), num(r, "lines", "malformed"), num(r, "lines", "filtered")
	if read != 6 || parsed != 3 || malformed != 0 || filtered != 3 {
		t.Errorf("read %v parsed %v malformed %v filtered %v, want 6 3 0 3", read, parsed, malformed, filtered)
	}
	if got := num(r, "filtered_reasons", "blank line"); got != 3 {
		t.Errorf("filtered reasons %v", r["filtered_reasons"])
	}
}

// TestJSONEscapesReachTheReport: nginx's escape=json writes non-ASCII
// bytes as \uXXXX; the endpoint is the decoded path.
func TestJSONEscapesReachTheReport(t *testing.T) {
	log := `{"time":"2026-11-02T10:00:00Z","status":503,"uri":"/caf\u00e9"}` + "\n" +
		`{"time":"2026-11-02T10:00:01Z","status":200,"uri":"\/caf\u00e9"}` + "\n"
	r := runJSON(t, []byte(log), "-")
	top, _ := r["endpoints"].(map[string]any)["top"].([]any)
	if len(top) != 1 {
		t.Fatalf("endpoints %v, want one", top)
	}
	if key := top[0].(map[string]any)["key"]; key != "/café" {
		t.Errorf("endpoint %q, want /café", key)
	}
}

// TestJSONHintNamesTheKeys: JSON lines whose status key slareport does not
// know are refused with the keys seen and the flag to give, and that flag
// then reads them.
func TestJSONHintNamesTheKeys(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "app.log",
		`{"time":"2026-11-02T10:00:00Z","level":"info","msg":"request","http":{"code":200,"path":"/a"}}`+"\n"+
			`{"time":"2026-11-02T10:00:01Z","level":"info","msg":"request","http":{"code":503,"path":"/b"}}`+"\n")
	code, _, stderr, _ := runBinary(t, path)
	if code != exitInput {
		t.Fatalf("exit %d, want %d: %s", code, exitInput, stderr)
	}
	for _, w := range []string{"this is JSON lines", "keys seen: time, level, msg, http.code, http.path", "try --json-status http.code"} {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr lacks %q: %s", w, stderr)
		}
	}
	if z := zeroRead.FindString(stderr); z != "" {
		t.Errorf("stderr names %q: %s", z, stderr)
	}
	code, r, stderr, _ := runBinary(t, "--json-status", "http.code", path)
	if got := codesOf(r); code != 0 || got["200"] != 1 || got["503"] != 1 {
		t.Errorf("with --json-status http.code: exit %d, codes %v: %s", code, got, stderr)
	}
}

// TestDurationNote: a combined file whose lines end in $request_time is
// detected as combined, and slareport says once that the duration there
// goes unread.
func TestDurationNote(t *testing.T) {
	var b strings.Builder
	for i := range 50 {
		fmt.Fprintf(&b, `10.0.0.1 - - [02/Nov/2026:10:00:%02d +0000] "GET /a HTTP/1.1" %d 512 "-" "curl/8.5.0" 0.%03d`+"\n", i, []int{200, 503}[i%2], i)
	}
	dir := t.TempDir()
	path := writeFile(t, dir, "timed.log", b.String())
	code, r, stderr, _ := runBinary(t, path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := "slareport: warning: " + path + ": a number after the user agent (0.000 in the first lines) looks like $request_time; give the layout with --log-format to use it\n"
	if stderr != want {
		t.Errorf("stderr %q, want %q", stderr, want)
	}
	if got := codesOf(r); got["200"] != 25 || got["503"] != 25 {
		t.Errorf("codes %v", got)
	}
	// A plain combined file gets no note.
	code, _, stderr, _ = runBinary(t, writeFile(t, dir, "plain.log", strings.Repeat(good("02/Nov/2026:10:00:00 +0000", "200"), 3)))
	if code != 0 || stderr != "" {
		t.Errorf("plain combined: exit %d, stderr %q", code, stderr)
	}
}

// TestGonxLayoutIsRefusedWithItsDuration: gonx's example log (a custom
// nginx layout with $request_time) used to be read as combined, its
// duration dropped without a word. It is refused with a hint, and the
// layout given reads every line, duration included.
func TestGonxLayoutIsRefusedWithItsDuration(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "data", "real", "gonx-example_access.log")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("shared test data %s not present (only in the project's CI); skipping", path)
	}
	code, _, stderr, _ := runBinary(t, path)
	if code != exitInput {
		t.Fatalf("exit %d, want %d: %s", code, exitInput, stderr)
	}
	if w := "a number after the status (0.138 in the first lines) looks like $request_time"; !strings.Contains(stderr, w) {
		t.Errorf("stderr lacks %q: %s", w, stderr)
	}
	code, r, stderr, _ := runBinary(t, "--log-format", `$remote_addr [$time_local] "$request" $status $request_length $body_bytes_sent $request_time "$t_size" $read_time $gen_time`, path)
	if code != 0 {
		t.Fatalf("with the layout: exit %d: %s", code, stderr)
	}
	if got := codesOf(r); got["200"] != 901 || got["404"] != 99 || len(got) != 2 {
		t.Errorf("codes %v, want 901 200s and 99 404s", got)
	}
	if n := num(r, "latency", "count"); n != 1000 {
		t.Errorf("latency of %v requests, want 1000", n)
	}
}

// TestAdversarialLogsAreReadExactly: an Envoy log was once read as
// combined (its 404 and 501 malformed, a TCP line's status 0 counted as a
// good request: 100%), and an HAProxy HTTP log refused. Their presets now
// read every line, each status as logged; the TCP line's 0 is not judged.
func TestAdversarialLogsAreReadExactly(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name, data, format string
		codes              map[string]float64
		availability       float64
	}{
		{"envoy", strings.Join([]string{
			`[2016-04-15T20:17:00.310Z] "POST /api/v1/locations HTTP/2" 204 - 154 0 226 100 "10.0.35.28" "nsq2http" "cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2" "locations" "tcp://10.0.2.1:80"`,
			`[2016-04-15T20:17:01.310Z] "GET /api/v1/locations HTTP/2" 200 - 0 1024 12 10 "10.0.35.28" "nsq2http" "cc21d9b0-cf5c-432b-8c7e-98aeb7988cd3" "locations" "tcp://10.0.2.1:80"`,
			`[2016-04-15T20:17:02.310Z] "GET /missing HTTP/1.1" 404 NR 0 0 0 - "10.0.35.28" "curl/7.68.0" "cc21d9b0-cf5c-432b-8c7e-98aeb7988cd4" "locations" "-"`,
			`[2016-04-15T20:17:03.310Z] "PUT /api/v1/locations HTTP/2" 501 URX 154 0 5 - "10.0.35.28" "nsq2http" "cc21d9b0-cf5c-432b-8c7e-98aeb7988cd5" "locations" "tcp://10.0.2.1:80"`,
			`[2016-04-15T20:17:04.310Z] "- - -" 0 - 512 1024 3000 - "-" "-" "-" "-" "10.0.2.1:5432"`,
		}, "\n") + "\n", "envoy", map[string]float64{"0": 1, "200": 1, "204": 1, "404": 1, "501": 1}, 3.0 / 4},
		{"haproxy http", strings.Repeat(`Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1"`+"\n", 19) +
			`Feb  6 12:14:15 localhost haproxy[14389]: 10.0.1.2:33318 [06/Feb/2009:12:14:15.655] http-in static/srv1 10/0/30/69/109 503 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /x.html HTTP/1.1"` + "\n",
			"haproxy", map[string]float64{"200": 19, "503": 1}, 19.0 / 20},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, dir, strings.ReplaceAll(tc.name, " ", "-")+".log", tc.data)
			code, r, stderr, _ := runBinary(t, path)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if name, detected := inputFormat(r); name != tc.format || !detected {
				t.Errorf("format %q (detected %v), want %s", name, detected, tc.format)
			}
			if got := codesOf(r); fmt.Sprint(got) != fmt.Sprint(tc.codes) {
				t.Errorf("codes %v, want %v", got, tc.codes)
			}
			if a := num(r, "availability"); a != tc.availability || num(r, "lines", "malformed") != 0 {
				t.Errorf("availability %v, malformed %v; want %v, 0", a, num(r, "lines", "malformed"), tc.availability)
			}
		})
	}
}
