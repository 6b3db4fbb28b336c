package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slareport/slareport/internal/loggen"
)

// synthDays writes n synthetic days of log, one file a day from start
// (UTC), and returns their paths and the generator's own counts.
func synthDays(t *testing.T, dir string, start time.Time, n int) ([]string, []loggen.Counts) {
	t.Helper()
	var logs []string
	var counts []loggen.Counts
	for d := range n {
		day := start.AddDate(0, 0, d)
		cfg := loggen.Config{Lines: 3000 + 500*d, Seed: uint64(40 + d), Start: day, Span: 24 * time.Hour, Malformed: 0.002}
		if d != 2 {
			cfg.Outages = []loggen.Outage{} // the third day has the default outage
		}
		log, c := generate(t, dir, fmt.Sprintf("day%d.log", d+1), cfg)
		logs, counts = append(logs, log), append(counts, c)
	}
	return logs, counts
}

// saveDays saves one summary per log with the extra flags.
func saveDays(t *testing.T, dir string, logs []string, extra func(i int) []string) []string {
	t.Helper()
	var sums []string
	for i, log := range logs {
		sum := filepath.Join(dir, fmt.Sprintf("day%d.slasum", i+1))
		args := append([]string{"-q", "--tz", "UTC", "-o", os.DevNull, "--save", sum}, extra(i)...)
		if code, _, stderr, _ := execBinary(t, append(args, log)...); code != 0 {
			t.Fatalf("--save %s: exit %d: %s", sum, code, stderr)
		}
		sums = append(sums, sum)
	}
	return sums
}

// reportJSON runs the binary for a JSON report and returns it with its
// inputs left out (a merge lists summaries' inputs as they were read), and
// the exit code.
func reportJSON(t *testing.T, args ...string) (map[string]any, int, string) {
	t.Helper()
	code, stdout, stderr, _ := execBinary(t, append(args, "-f", "json")...)
	if code > 1 {
		return nil, code, stderr.String()
	}
	var r map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatalf("%v: not JSON: %v", args, err)
	}
	delete(r, "inputs")
	return r, code, stderr.String()
}

// TestMergeRewindow: five daily summaries answer for one of their days
// exactly as one pass over the five logs with that day's window does,
// whether they were saved without a window or each with its own day.
func TestMergeRewindow(t *testing.T) {
	dir := t.TempDir()
	start := time.Date(2015, 5, 16, 0, 0, 0, 0, time.UTC)
	logs, counts := synthDays(t, dir, start, 5)
	for _, tc := range []struct {
		name  string
		extra func(i int) []string
	}{
		{"saved without a window", func(int) []string { return nil }},
		{"saved for their day", func(i int) []string { return []string{"--period", start.AddDate(0, 0, i).Format("2006-01-02")} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sub := t.TempDir()
			sums := saveDays(t, sub, logs, tc.extra)
			flags := []string{"--tz", "UTC", "--period", "2015-05-18", "--slo", "99.9"}
			direct, dcode, derr := reportJSON(t, append(flags, logs...)...)
			merged, mcode, merr := reportJSON(t, append(append([]string{"merge"}, flags...), sums...)...)
			if direct == nil || merged == nil {
				t.Fatalf("exit %d (%s) and %d (%s)", dcode, derr, mcode, merr)
			}
			a, _ := json.MarshalIndent(direct, "", " ")
			b, _ := json.MarshalIndent(merged, "", " ")
			if string(a) != string(b) || dcode != mcode {
				t.Fatalf("merge --period 2015-05-18 differs from one pass (exit %d vs %d):\n%s", mcode, dcode, lineDiff(string(a), string(b)))
			}
			// The day's figures are the generator's own.
			c := counts[2]
			if got := num(merged, "requests"); got != float64(c.Requests) {
				t.Errorf("requests %v, the generator wrote %d", got, c.Requests)
			}
			if got := num(merged, "bad", "requests"); got != float64(c.Class(5)) {
				t.Errorf("bad %v, the generator wrote %d 5xx", got, c.Class(5))
			}
		})
	}
}

// lineDiff shows the lines of a and b that differ, side by side.
func lineDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out []string
	for i := 0; i < max(len(la), len(lb)) && len(out) < 40; i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			out = append(out, fmt.Sprintf("%d: %s\n%d: %s", i+1, x, i+1, y))
		}
	}
	return strings.Join(out, "\n")
}

// TestMergeRewindowRefusals: what the summaries cannot answer for is
// refused with the files named and the way out.
func TestMergeRewindowRefusals(t *testing.T) {
	dir := t.TempDir()
	start := time.Date(2015, 5, 16, 0, 0, 0, 0, time.UTC)
	logs, counts := synthDays(t, dir, start, 3)
	// The two-day summary's requests, by the generator: [first, last + 1 s).
	twoSpan := counts[1].First.UTC().Format(time.RFC3339) + " to " + counts[2].Last.Add(time.Second).UTC().Format(time.RFC3339)
	days := saveDays(t, dir, logs, func(i int) []string { return []string{"--period", start.AddDate(0, 0, i).Format("2006-01-02")} })
	two := filepath.Join(dir, "two.slasum") // days 2 and 3 in one summary
	berlin := filepath.Join(dir, "berlin.slasum")
	kolkata := filepath.Join(dir, "kolkata.slasum") // two days: latency per hour, on the half hour
	var timed []string
	for i := range 2 * 24 * 60 {
		timed = append(timed, fmt.Sprintf(`10.0.0.1 - - [%s] "GET /a HTTP/1.1" 200 5 "-" "x" 0.010`+"\n",
			start.Add(24*time.Hour+time.Duration(i)*time.Minute).Format("02/Jan/2006:15:04:05 -0700")))
	}
	timedLog := writeLog(t, dir, "timed.log", timed)
	for _, s := range [][]string{
		{"--tz", "UTC", "--save", two, logs[1], logs[2]},
		{"--tz", "Europe/Berlin", "--save", berlin, logs[1]},
		{"--tz", "Asia/Kolkata", "--log-format", durationFormat, "--save", kolkata, timedLog},
	} {
		if code, _, stderr, _ := execBinary(t, append([]string{"-q", "-o", os.DevNull}, s...)...); code != 0 {
			t.Fatalf("%v: exit %d: %s", s, code, stderr)
		}
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"a day inside a two-day summary", []string{"--tz", "UTC", "--period", "2015-05-18", days[0], two}, exitUsage,
			`the window cuts inside "` + two + `", whose requests (` + twoSpan + `) are kept as one piece`},
		{"the finest window it allows", []string{"--tz", "UTC", "--period", "2015-05-18", days[0], two}, exitUsage,
			"the finest window these summaries allow around it is --since " + counts[1].First.UTC().Format(time.RFC3339) + " --until 2015-05-19T00:00:00Z"},
		{"days that do not join", []string{days[0], days[2]}, exitInput,
			`"` + days[0] + `" was saved for 2015-05-16T00:00:00Z to 2015-05-17T00:00:00Z and "` + days[2] + `" for 2015-05-18T00:00:00Z to 2015-05-19T00:00:00Z, which do not join`},
		{"zones differ, no --tz", []string{days[0], berlin}, exitInput,
			`--tz: "` + days[0] + `" has "UTC", "` + berlin + `" has "Europe/Berlin": give --tz`},
		{"hours on the half hour in whole hours", []string{"--tz", "UTC", "--since", "2015-05-17", "--until", "2015-05-19", kolkata}, exitUsage,
			`"` + kolkata + `" was saved with --tz Asia/Kolkata, and its 1h buckets do not align with UTC's`},
		{"other flags than saved", []string{"--bad", "5xx,429", days[0], days[1]}, exitUsage,
			`the summaries ("` + days[0] + `", "` + days[1] + `") were saved with other settings than asked: --bad/--good: asked "5xx,429", saved with "5xx"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr, _ := execBinary(t, append([]string{"merge"}, tc.args...)...)
			if code != tc.code || !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("exit %d, stderr %s\nwant exit %d and %q", code, stderr, tc.code, tc.want)
			}
		})
	}

	// Accepted: the days join into their three days, a Berlin summary
	// merges in UTC over a window its 5-minute buckets divide, and the
	// two-day summary answers for the two days it holds.
	for _, args := range [][]string{
		days,
		{"--tz", "UTC", "--since", "2015-05-16", "--until", "2015-05-18", days[0], berlin},
		{"--tz", "UTC", "--since", "2015-05-17", "--until", "2015-05-19", days[0], two},
	} {
		if code, _, stderr, _ := execBinary(t, append([]string{"merge"}, args...)...); code != 0 {
			t.Errorf("merge %v: exit %d: %s", args, code, stderr)
		}
	}
}
