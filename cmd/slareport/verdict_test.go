package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/slareport/slareport/internal/loggen"
)

// timedLine is a combined log line with a $request_time after the user
// agent, read with durationFormat.
func timedLine(t time.Time, status int, dur float64) string {
	return fmt.Sprintf(`10.0.0.1 - - [%s] "GET /api/items HTTP/1.1" %d 512 "-" "curl/8" %.3f`+"\n",
		t.Format("02/Jan/2006:15:04:05 -0700"), status, dur)
}

const durationFormat = `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time`

// writeLog writes lines to a file in dir.
func writeLog(t *testing.T, dir, name string, lines []string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestVerdictsFailClosed runs the binary on each case where a gate used to
// pass on nothing, or a figure said something it did not mean.
func TestVerdictsFailClosed(t *testing.T) {
	dir := t.TempDir()
	day := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)

	// A day of combined lines, no durations; 10 of 19,999 are 503.
	var lines []string
	for i := range 19999 {
		status := 200
		if i%1999 == 1998 { // 10 of 19,999
			status = 503
		}
		lines = append(lines, fmt.Sprintf(`10.0.0.1 - - [%s] "GET / HTTP/1.1" %d 5 "-" "x"`+"\n",
			day.Add(time.Duration(i)*4*time.Second).Format("02/Jan/2006:15:04:05 -0700"), status))
	}
	combined := writeLog(t, dir, "combined.log", lines)
	empty := writeLog(t, dir, "empty.log", nil)
	// 2 good, 1 bad and 7 requests that got no response (status 0).
	var zero []string
	for i, st := range []int{200, 0, 0, 503, 0, 0, 200, 0, 0, 0} {
		zero = append(zero, fmt.Sprintf(`10.0.0.1 - - [02/Nov/2026:10:00:%02d +0000] "GET / HTTP/1.1" %03d 5 "-" "x"`+"\n", i, st))
	}
	zeros := writeLog(t, dir, "zeros.log", zero)

	cases := []struct {
		name   string
		args   []string
		code   int
		stderr []string // substrings of stderr
		stdout []string // substrings of the report
	}{
		// 1. Nothing in the window: no data, not "met".
		{"window the log misses", []string{"--slo", "99.9", "--period", "yesterday", "--tz", "UTC", "-f", "markdown", combined}, 1,
			[]string{"slo failed: no data: 0 of 19,999 lines fell in the window yesterday", "the data spans 2026-11-02 00:00 → 2026-11-02 22:13"},
			[]string{"**SLO 99.9%: no data**", "| Filtered | 19,999 outside the time window |"}},
		{"window the log misses, no data allowed", []string{"--slo", "99.9", "--period", "yesterday", "--allow-no-data", combined}, 0,
			[]string{"slo passed: no data, allowed by --allow-no-data"}, nil},
		{"empty file", []string{"--slo", "99.9", empty}, 1, []string{"slo failed: no data: no line was read"}, nil},
		{"empty file with min-requests", []string{"--slo", "99.9", "--min-requests", "10", empty}, 1, []string{"slo failed: no data"}, nil},
		{"empty file, burn-rate gate", []string{"--slo", "99.9", "--max-burn-rate", "2", empty}, 1, []string{"max-burn-rate failed: no data"}, nil},
		// 3. A latency SLO on a log without durations.
		{"latency without durations", []string{"--latency-slo", "99%<300ms", "-f", "markdown", combined}, 1,
			[]string{"latency-slo failed: no data: none of the 19,999 requests logged a duration", "$request_time"},
			[]string{"**Latency SLO 99%: no data**"}},
		// 8. One rounding rule: the gate line and the headline agree, and an
		// overspent budget never reads as untouched.
		{"rounding", []string{"--slo", "99.95", "-f", "markdown", combined}, 1,
			[]string{"slo failed: availability 99.949%, required 99.95%"},
			[]string{"**Availability: 99.949%**", "error budget -0.005% remaining (10 of 9.9 allowed bad requests spent)"}},
		// 11. Requests without a valid status are not judged.
		{"status 0 not judged", []string{"--slo", "99.9", "-f", "markdown", zeros}, 1,
			[]string{"slo failed: availability 66.666%, required 99.9%; 7 requests had no valid status (0): not judged"},
			[]string{"**Availability: 66.666%** (1 of 3 requests were bad: 5xx; 7 not judged)", "| Not judged | 7 requests had no valid status (0)"}},
		{"status 0 judged bad", []string{"--slo", "99.9", "--bad", "invalid", "-f", "markdown", zeros}, 1,
			[]string{"slo failed: availability 20.000%, required 99.9%"}, []string{"(8 of 10 requests were bad: 5xx,invalid)"}},
		{"status 0 judged good", []string{"--slo", "80", "--good", "invalid", "-f", "markdown", zeros}, 0,
			nil, []string{"**Availability: 90.000%**"}},
		{"an invalid code named alone", []string{"--bad", "0", zeros}, 2, []string{`--bad: 0 is not a valid status (100–599): name "invalid"`}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr, _ := execBinary(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tc.code, stderr)
			}
			for _, want := range tc.stderr {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			for _, want := range tc.stdout {
				if !strings.Contains(stdout.String(), want) {
					t.Errorf("report lacks %q:\n%s", want, stdout)
				}
			}
		})
	}

	// 11, in JSON: the counts an independent tally of the ten lines gives.
	var r struct {
		Requests, Judged, Unjudged, Invalid int64
		Availability                        float64
		Codes                               map[string]int64
		Gates                               struct {
			Passed bool
			NoData bool `json:"no_data"`
		}
	}
	_, out, _, _ := execBinary(t, "-f", "json", "--slo", "99", zeros)
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if r.Requests != 10 || r.Judged != 3 || r.Unjudged != 7 || r.Invalid != 7 || r.Availability != 2.0/3 || r.Codes["0"] != 7 {
		t.Errorf("status 0 in JSON: %+v", r)
	}
	_, out, _, _ = execBinary(t, "-f", "json", "--slo", "99", empty)
	if err := json.Unmarshal(out.Bytes(), &r); err != nil || r.Gates.Passed || !r.Gates.NoData {
		t.Errorf("empty input: gates %+v (%v)", r.Gates, err)
	}
}

// TestLiveIncidentFiresToday: a window that ends in the future is replayed
// up to now, so an incident in the last minutes is firing, not hidden by
// the empty minutes of the rest of the day.
func TestLiveIncidentFiresToday(t *testing.T) {
	now := time.Now().UTC()
	var lines []string
	for i, at := 0, now.Add(-2*time.Hour); !at.After(now); i, at = i+1, at.Add(10*time.Second) {
		status := 200
		if at.After(now.Add(-10*time.Minute)) && i%2 == 0 {
			status = 503 // half the requests of the last 10 minutes
		}
		lines = append(lines, timedLine(at, status, 0.01))
	}
	log := writeLog(t, t.TempDir(), "live.log", lines)
	code, out, stderr, _ := execBinary(t, "-f", "json", "--period", "today", "--tz", "UTC", "--slo", "99.9", "--log-format", durationFormat, log)
	if code != exitGateFailed {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r struct {
		SLO struct {
			Alerts []struct {
				Firing       bool   `json:"firing"`
				FirstFired   string `json:"first_fired"`
				MinutesFired int64  `json:"minutes_fired"`
				Long         string `json:"long_window"`
			} `json:"alerts"`
			AlertsUntil string `json:"alerts_until"`
		} `json:"slo"`
	}
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	page := r.SLO.Alerts[0]
	if page.Long != "1h" || !page.Firing {
		t.Fatalf("fast page not firing during a live incident: %+v", r.SLO)
	}
	first, err := time.Parse(time.RFC3339, page.FirstFired)
	if err != nil {
		t.Fatal(err)
	}
	// No minute after now is replayed: it cannot have fired for longer
	// than from its first firing to the end of the current minute.
	if most := int64(now.Sub(first)/time.Minute) + 2; page.MinutesFired > most {
		t.Errorf("fired %d minutes since %s, at most %d have passed", page.MinutesFired, first, most)
	}
	until, _ := time.Parse(time.RFC3339, r.SLO.AlertsUntil)
	if until.After(now.Add(2 * time.Minute)) {
		t.Errorf("alerts replayed until %s, now is %s", until, now)
	}
}

// TestStrayTimestampStaysSmall: one line dated 1970 in a two-day log must
// neither blow up memory (the replay once walked every minute of the 56
// years) nor go unmentioned.
func TestStrayTimestampStaysSmall(t *testing.T) {
	dir := t.TempDir()
	log, _ := generate(t, dir, "two.log", loggen.Config{Lines: 200000, Seed: 1})
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	stray := `10.0.0.1 - - [01/Jan/1970:00:00:01 +0000] "GET / HTTP/1.1" 200 5 "-" "x"` + "\n"
	if err := os.WriteFile(log, append([]byte(stray), data...), 0o644); err != nil {
		t.Fatal(err)
	}
	// The peak RSS as GNU time measures it: a child's own rusage would
	// include this test process, whose memory a forked child starts from.
	timer, err := exec.LookPath("/usr/bin/time")
	if err != nil {
		t.Skip("no /usr/bin/time (Debian package time) to measure the peak RSS with")
	}
	cmd := exec.Command(timer, "-f", "peak %M KiB", binary, "--slo", "99.9", "-f", "markdown", log)
	code, out, stderr, _ := execCmd(cmd)
	if code != exitOK && code != exitGateFailed {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rss int64
	if i := strings.LastIndex(stderr.String(), "peak "); i < 0 {
		t.Fatalf("no peak RSS in %q", stderr)
	} else if _, err := fmt.Sscanf(stderr.String()[i:], "peak %d KiB", &rss); err != nil {
		t.Fatal(err)
	}
	t.Logf("peak RSS %d KiB", rss)
	if rss > 64<<10 {
		t.Errorf("peak RSS %d KiB with one line dated 1970, want under 64 MiB", rss)
	}
	if want := "1 request dated 1970-01-01, 56 years before the rest"; !strings.Contains(out.String(), want) {
		t.Errorf("report does not name the stray line (%q)", want)
	}
}

// TestReportTexts checks wording the issue tracker caught: alerts that
// stopped, the worst-slot heading, a missed latency verdict, and the
// terminal summary of a window that filtered every line.
func TestReportTexts(t *testing.T) {
	dir := t.TempDir()
	start := time.Date(2026, 5, 18, 0, 0, 0, 0, time.UTC)
	var lines []string
	for i := range 24 * 60 * 6 { // a day, a request every 10 s
		at := start.Add(time.Duration(i) * 10 * time.Second)
		status, dur := 200, 0.05
		if at.Hour() == 3 && at.Minute() >= 5 && at.Minute() < 20 {
			status, dur = 503, 0.9 // 15 minutes of outage from 03:05
		}
		lines = append(lines, timedLine(at, status, dur))
	}
	log := writeLog(t, dir, "day.log", lines)

	_, md, _, _ := execBinary(t, "-f", "markdown", "--slo", "99.9", "--latency-slo", "99%<300ms", "--log-format", durationFormat, log)
	for _, want := range []string{"## Worst 5 minutes", "**Latency SLO 99%: missed** ·", "fired, not firing now",
		"| ticket | 1d and 2h | > 3 |"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
	if strings.Contains(md.String(), "minutess") || strings.Contains(md.String(), "****") {
		t.Errorf("Markdown has a doubled plural or broken bold:\n%s", md)
	}

	term := func(args ...string) string {
		var out, errb bytes.Buffer
		e := &env{ctx: context.Background(), stdout: &out, stderr: &errb, stdoutIsTTY: true,
			getenv: func(k string) string { return map[string]string{"NO_COLOR": "1"}[k] }}
		run(args, e)
		return out.String()
	}
	tt := term("--slo", "99.9", "--tz", "UTC", "--log-format", durationFormat, log)
	if !regexp.MustCompile(`page 1h/5m over 14.4×: fired 19 min from May 18 03:06, not firing now\n`).MatchString(tt) || strings.Contains(tt, "since") {
		t.Errorf("terminal alert wording:\n%s", tt)
	}
	if !strings.HasSuffix(strings.TrimSpace(tt), "-o report.json)") {
		t.Errorf("terminal summary does not end with how to get the full report:\n%s", tt)
	}
	tt = term("--slo", "99.9", "--tz", "UTC", "--period", "2026-06-01", "--log-format", durationFormat, log)
	for _, want := range []string{"Window        2026-06-01: [2026-06-01 00:00, 2026-06-02 00:00) (UTC)",
		"Filtered      every line: 8,640 of 8,640 lines: 8,640 outside the time window", "no data"} {
		if !strings.Contains(tt, want) {
			t.Errorf("terminal summary lacks %q:\n%s", want, tt)
		}
	}
}
