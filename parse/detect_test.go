package parse

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// variedStatuses are the statuses a varied sample cycles through.
var variedStatuses = []int{200, 503, 404, 301, 200, 500, 204, 200}

// varied returns lines of f's example line, each with the example's
// status replaced by the next of variedStatuses wherever it stands as a
// number of its own (an upstream status equal to it changes along), and
// how many lines carry each status.
func varied(t testing.TB, f *Format) (sample []byte, codes map[int]int) {
	t.Helper()
	var r Record
	if err := f.NewParser().Parse([]byte(f.Example), &r); err != nil || r.Status < 100 || r.Status > 599 {
		t.Fatalf("%s: the example does not read with a valid status: %v, %d", f.Name, err, r.Status)
	}
	status := strconv.Itoa(r.Status)
	codes = map[int]int{}
	for _, st := range variedStatuses {
		sample = append(sample, replaceNumber(f.Example, status, strconv.Itoa(st))...)
		sample = append(sample, '\n')
		codes[st]++
	}
	return sample, codes
}

// replaceNumber replaces old in s where no digit touches it.
func replaceNumber(s, old, repl string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, old)
		if i < 0 {
			return b.String() + s
		}
		end := i + len(old)
		digit := func(k int) bool { return k >= 0 && k < len(s) && s[k] >= '0' && s[k] <= '9' }
		b.WriteString(s[:i])
		if digit(i-1) || digit(end) {
			b.WriteString(old)
		} else {
			b.WriteString(repl)
		}
		s = s[end:]
	}
}

// TestDetectEveryPreset detects a sample of every preset, made of its
// example line with varied statuses, as that preset, and reads each line's
// status in it. It walks PresetFormats, so a preset added later is held
// to the same: its example must be detected as itself.
func TestDetectEveryPreset(t *testing.T) {
	for _, f := range PresetFormats() {
		t.Run(f.Name, func(t *testing.T) {
			sample, codes := varied(t, f)
			d := Sniff(sample)
			if d.Format == nil || d.Format.Name != f.Name || d.Parsed != len(variedStatuses) || d.Lines != len(variedStatuses) {
				t.Fatalf("Sniff = %v %d/%d, want %s %d/%d; %v", d.Format, d.Parsed, d.Lines, f.Name, len(variedStatuses), len(variedStatuses), d.Problem("sample"))
			}
			p := d.Format.NewParser()
			got := map[int]int{}
			var r Record
			for _, line := range bytes.Split(bytes.TrimSuffix(sample, []byte("\n")), []byte("\n")) {
				if err := p.Parse(line, &r); err != nil {
					t.Fatalf("%v: %q", err, line)
				}
				got[r.Status]++
			}
			if fmt.Sprint(got) != fmt.Sprint(codes) {
				t.Errorf("statuses %v, want %v", got, codes)
			}
		})
	}
}

// Lines no preset reads: detection must refuse them, never pick a format
// that finds a number where the status should be.
var (
	envoyLines = strings.Join([]string{
		`[2016-04-15T20:17:00.310Z] "POST /api/v1/locations HTTP/2" 204 - 154 0 226 100 "10.0.35.28" "nsq2http" "cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2" "locations" "tcp://10.0.2.1:80"`,
		`[2016-04-15T20:17:01.310Z] "GET /api/v1/locations HTTP/2" 200 - 0 1024 12 10 "10.0.35.28" "nsq2http" "cc21d9b0-cf5c-432b-8c7e-98aeb7988cd3" "locations" "tcp://10.0.2.1:80"`,
		`[2016-04-15T20:17:02.310Z] "GET /missing HTTP/1.1" 404 NR 0 0 0 - "10.0.35.28" "curl/7.68.0" "cc21d9b0-cf5c-432b-8c7e-98aeb7988cd4" "locations" "-"`,
		`[2016-04-15T20:17:03.310Z] "PUT /api/v1/locations HTTP/2" 501 URX 154 0 5 - "10.0.35.28" "nsq2http" "cc21d9b0-cf5c-432b-8c7e-98aeb7988cd5" "locations" "tcp://10.0.2.1:80"`,
		`[2016-04-15T20:17:04.310Z] "- - -" 0 - 512 1024 3000 - "-" "-" "-" "-" "10.0.2.1:5432"`,
	}, "\n") + "\n"
	nlbLines = strings.Join([]string{
		`tls 2.0 2018-12-20T02:59:40 net/my-network-loadbalancer/c6e77e28c25b2234 g3d4b5e8bb8464cd 72.21.218.154:51341 172.100.100.185:443 5 2 98 246 - arn:aws:acm:us-east-2:671290407336:certificate/2a108f19-aded-46b0-8493-c63eb1ef4a99 - ECDHE-RSA-AES128-SHA tlsv12 - my-network-loadbalancer-c6e77e28c25b2234.elb.us-east-2.amazonaws.com - - - 2018-12-20T02:59:30`,
		`tls 2.0 2018-12-20T02:59:41 net/my-network-loadbalancer/c6e77e28c25b2234 g3d4b5e8bb8464cd 72.21.218.154:51342 172.100.100.185:443 5 2 0 0 - arn:aws:acm:us-east-2:671290407336:certificate/2a108f19-aded-46b0-8493-c63eb1ef4a99 - ECDHE-RSA-AES128-SHA tlsv12 - my-network-loadbalancer-c6e77e28c25b2234.elb.us-east-2.amazonaws.com - - - 2018-12-20T02:59:31`,
	}, "\n") + "\n"
	haproxyTCPLines = strings.Join([]string{
		`Feb  6 12:12:56 localhost haproxy[14387]: 10.0.1.2:33313 [06/Feb/2009:12:12:51.443] fnt bck/srv1 0/0/5007 212 -- 0/0/0/0/3 0/0`,
		`Feb  6 12:12:57 localhost haproxy[14387]: 10.0.1.2:33314 [06/Feb/2009:12:12:52.443] fnt bck/srv1 0/0/5007 404 -- 0/0/0/0/3 0/0`,
		`Feb  6 12:12:58 localhost haproxy[14387]: 10.0.1.3:33315 [06/Feb/2009:12:12:53.443] fnt bck/srv2 0/0/1 503 CD 0/0/0/0/3 0/0`,
	}, "\n") + "\n"
	haproxyHTTPLines = strings.Join([]string{
		`Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1"`,
		`Feb  6 12:14:15 localhost haproxy[14389]: 10.0.1.2:33318 [06/Feb/2009:12:14:15.655] http-in static/srv1 10/0/30/69/109 503 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /x.html HTTP/1.1"`,
	}, "\n") + "\n"
	nginxErrorLines = strings.Join([]string{
		`2026/11/02 10:00:00 [error] 1234#0: *5 connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.0.1, server: x, request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:8080/", host: "x"`,
		`2026/11/02 10:00:01 [error] 1234#0: *6 connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.0.1, server: x, request: "GET /a HTTP/1.1", upstream: "http://127.0.0.1:8080/a", host: "x"`,
		`2026/11/02 10:00:02 [warn] 1234#0: *7 an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/1/00/0000000001 while reading upstream, client: 10.0.0.2, server: x, request: "GET /big HTTP/1.1", upstream: "http://127.0.0.1:8080/big", host: "x"`,
	}, "\n") + "\n"
	syslogLines = strings.Join([]string{
		`Nov  2 10:00:00 web1 systemd[1]: Started Session 42 of user root.`,
		`Nov  2 10:00:01 web1 sshd[2201]: Accepted publickey for deploy from 203.0.113.9 port 52114 ssh2`,
		`Nov  2 10:00:02 web1 CRON[2210]: (root) CMD (run-parts /etc/cron.hourly)`,
		`Nov  2 10:00:03 web1 kernel: [12345.678901] eth0: link up 200 Mbps`,
	}, "\n") + "\n"
)

// TestDetectReadsWhatOnlyAPresetReads: an Envoy log, which the NCSA
// parser reads only by taking the missing host, ident and user for damage,
// and an HAProxy HTTP log are read by their own presets, every status as
// logged (Envoy's TCP line with status 0 included).
func TestDetectReadsWhatOnlyAPresetReads(t *testing.T) {
	for _, tc := range []struct {
		name, sample, format string
		statuses             []int
	}{
		{"envoy", envoyLines, "envoy", []int{204, 200, 404, 501, 0}},
		{"haproxy http", haproxyHTTPLines, "haproxy", []int{200, 503}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := Sniff([]byte(tc.sample))
			if d.Format == nil || d.Format.Name != tc.format {
				t.Fatalf("detected %v, want %s: %v", d.Format, tc.format, d.Problem("x.log"))
			}
			lines := strings.Split(strings.TrimSuffix(tc.sample, "\n"), "\n")
			if d.Parsed != len(lines) {
				t.Errorf("read %d of %d lines", d.Parsed, len(lines))
			}
			p := d.Format.NewParser()
			var r Record
			for i, line := range lines {
				if err := p.Parse([]byte(line), &r); err != nil {
					t.Fatalf("line %d: %v", i+1, err)
				}
				// The status is the one written after the request.
				if tc.statuses != nil && r.Status != tc.statuses[i] {
					t.Errorf("line %d: status %d, want %d", i+1, r.Status, tc.statuses[i])
				}
			}
		})
	}
}

// zeroOf matches a candidate named with no line read: "traefik 0/20".
var zeroOf = regexp.MustCompile(`[a-z0-9-]+ 0/\d+`)

// TestDetectRefusesWhatNoPresetReads runs the adversarial samples: AWS NLB
// TLS lines (s3 finds statuses such as 98 and 0 in them, and no time),
// HAProxy's TCP log, an nginx error log, syslog, and an access log a
// quarter of whose lines are syslog noise. Each is refused, naming no
// candidate that read nothing, and the last with the format it is likely
// in. (Envoy and HAProxy HTTP logs, once refused too, have presets of
// their own: TestDetectReadsWhatOnlyAPresetReads.)
func TestDetectRefusesWhatNoPresetReads(t *testing.T) {
	noisy := strings.Repeat(combinedExample+"\n"+combinedExample+"\n"+combinedExample+"\n"+`Nov  2 10:00:00 web1 systemd[1]: Started Session 42 of user root.`+"\n", 5)
	cases := []struct {
		name, sample string
		want         []string // in the message
		likely       *Format
	}{
		{"aws nlb tls", nlbLines, []string{"no known format reads any of the first 2 lines", "s3 parses 2 of them but finds no readable time"}, nil},
		{"haproxy tcp", haproxyTCPLines, []string{"no known format reads any of the first 3 lines"}, nil},
		{"nginx error log", nginxErrorLines, []string{"no known format reads any of the first 3 lines"}, nil},
		{"syslog", syslogLines, []string{"no known format reads any of the first 4 lines"}, nil},
		{"an access log with syslog noise", noisy, []string{"reads nearly all of the first 20 lines (closest: combined 15/20)"}, Combined},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := Sniff([]byte(tc.sample))
			if d.Format != nil {
				t.Fatalf("detected %s (%d/%d lines)", d.Format.Name, d.Parsed, d.Lines)
			}
			err := d.Problem("x.log")
			if err == nil {
				t.Fatal("no problem reported")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("message lacks %q:\n%v", w, err)
				}
			}
			if z := zeroOf.FindString(err.Error()); z != "" {
				t.Errorf("message names %q, a candidate that read nothing:\n%v", z, err)
			}
			if de := err.(*DetectError); de.Likely != tc.likely || de.Tie || de.JSON != nil {
				t.Errorf("Likely %v, Tie %v, JSON %v; want Likely %v alone", de.Likely, de.Tie, de.JSON, tc.likely)
			}
		})
	}
}

// TestDetectTiesAreRefused plugs in a preset that reads the vcommon
// example exactly as vcommon does: neither is evidence against the other,
// so detection refuses and names both.
func TestDetectTiesAreRefused(t *testing.T) {
	twin := &Format{Name: "vcommon-twin", Title: "a twin of vcommon", Example: VCommon.Example, newParser: VCommon.newParser}
	saved := presetList
	presetList = append(append([]*Format(nil), presetList...), twin)
	t.Cleanup(func() { presetList = saved })

	sample, _ := varied(t, VCommon)
	d := Sniff(sample)
	if d.Format != nil {
		t.Fatalf("detected %s in a tie", d.Format.Name)
	}
	err := d.Problem("x.log")
	for _, w := range []string{"the first 8 lines read equally well as vcommon (8/8) and as vcommon-twin (8/8)"} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("message lacks %q: %v", w, err)
		}
	}
	if de := err.(*DetectError); !de.Tie || len(de.Closest) < 2 || de.Closest[0].Format != VCommon || de.Closest[1].Format != twin {
		t.Errorf("Tie %v between %v, want vcommon and its twin", de.Tie, de.Closest)
	}
	// A lenient format reading as much is no tie: combined reads these
	// lines too, but vcommon explains their shape.
	presetList = saved
	if d := Sniff(sample); d.Format != VCommon {
		t.Errorf("without the twin: %v", d.Format)
	}
}

// TestDetectJSONHints refuses JSON lines without a status or a time key
// slareport knows, and says which keys it saw, which is missing, and a key
// that looks like it.
func TestDetectJSONHints(t *testing.T) {
	cases := []struct {
		name, sample string
		want         []string
		lacks        JSONLack
		key          string
	}{
		{"status under an unusual key",
			`{"time":"2026-11-02T10:00:00Z","level":"info","msg":"request","http":{"code":200,"path":"/a"}}` + "\n" +
				`{"time":"2026-11-02T10:00:01Z","level":"info","msg":"request","http":{"code":503,"path":"/b"},"tags":["x",{"y":1}]}` + "\n",
			[]string{"this is JSON lines", "no key slareport knows holds the status", "keys seen: time, level, msg, http.code, http.path, tags)"},
			JSONNoStatus, "http.code"},
		{"time under an unusual key",
			`{"when":"2026-11-02T10:00:00Z","status":200}` + "\n" + `{"when":"2026-11-02T10:00:01Z","status":503}` + "\n",
			[]string{"no key slareport knows holds a readable time", "keys seen: when, status)"},
			JSONNoTime, "when"},
		{"nothing that looks like a status",
			`{"ts":"2026-11-02T10:00:00Z","event":"login","user":"bob"}` + "\n",
			[]string{"keys seen: ts, event, user)"},
			JSONNoStatus, ""},
		{"a status and a time that do not read",
			`{"status":"abc","time":"2026-11-02T10:00:00Z"}` + "\n" + `{"status":"2x0","time":"2026-11-02T10:00:00Z"}` + "\n",
			[]string{"they do not read as an access log (keys seen: status, time)"},
			JSONNotAccessLog, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := Sniff([]byte(tc.sample))
			if d.Format != nil {
				t.Fatalf("detected %s", d.Format.Name)
			}
			err := d.Problem("app.log")
			for _, w := range tc.want {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Errorf("message lacks %q:\n%v", w, err)
				}
			}
			if z := zeroOf.FindString(err.Error()); z != "" {
				t.Errorf("message names %q:\n%v", z, err)
			}
			if h := err.(*DetectError).JSON; h == nil || h.Lacks != tc.lacks || h.Key != tc.key {
				t.Errorf("JSON hint %+v, want lacks %d, key %q", h, tc.lacks, tc.key)
			}
		})
	}
}

// TestDetectGonxCustomLayout: gonx's example log is a custom nginx layout
// with one field before the time and $request_time after the status. The
// NCSA parser reads its lines only as damaged ones, so it is refused, and
// the error says a duration is there for a layout given by hand to read.
func TestDetectGonxCustomLayout(t *testing.T) {
	data, err := os.ReadFile(sharedData(t, "real/gonx-example_access.log"))
	if err != nil {
		t.Fatal(err)
	}
	d := Sniff(data)
	if d.Format != nil {
		t.Fatalf("detected %s", d.Format.Name)
	}
	err = d.Problem("gonx.log")
	for _, w := range []string{"combined reads 200 of them only by recovering damaged lines", "a number after the status (0.138 in the first lines) looks like $request_time"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("message lacks %q:\n%v", w, err)
		}
	}
	if u := err.(*DetectError).Duration; u == nil || *u != (UnreadDuration{Example: "0.138"}) {
		t.Errorf("Duration %+v, want 0.138 after the status", u)
	}
}

// BenchmarkSniff detects a first block of 200 combined lines: the cost
// paid once per input.
func BenchmarkSniff(b *testing.B) {
	lines, _ := benchLines(b, "real/elastic-apache_logs.log")
	sample := bytes.Join(lines[:detectLines], []byte("\n"))
	b.ReportAllocs()
	for b.Loop() {
		if d := Sniff(sample); d.Format != Combined {
			b.Fatal(d.Format)
		}
	}
}
