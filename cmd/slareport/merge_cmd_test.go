package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// timedFormat is an nginx log_format with what a State holds beyond the
// counts: a host and a request time.
const timedFormat = `$host $remote_addr [$time_local] "$request" $status $body_bytes_sent $request_time`

// timedLog writes n lines spread over span from start: statuses of every
// class (an outage of 5xx in the middle), invalid codes, malformed lines,
// durations from 0 to tens of seconds, four hosts and more endpoints than
// the breakdown keeps.
func timedLog(n int, seed uint64, start time.Time, span time.Duration) []byte {
	r := rand.New(rand.NewPCG(seed, 2))
	codes := []int{200, 200, 200, 200, 200, 201, 204, 301, 304, 400, 404, 429, 499, 500, 503}
	var b bytes.Buffer
	for i := range n {
		t := start.Add(span / time.Duration(n) * time.Duration(i))
		if i%4999 == 11 {
			b.WriteString("\x16\x03\x01 not a request\n")
			continue
		}
		code := codes[r.IntN(len(codes))]
		if f := float64(i) / float64(n); f > 0.6 && f < 0.62 && r.IntN(3) == 0 {
			code = 502
		}
		if i%70001 == 5 {
			code = 0
		}
		dur := "-"
		if k := r.IntN(20); k > 0 {
			dur = fmt.Sprintf("%.3f", r.ExpFloat64()*0.05*float64(1+k/19*200))
		}
		fmt.Fprintf(&b, "shop%d.example 192.0.2.%d [%s] \"GET /api/v2/%c%c%c/%d?x=1 HTTP/1.1\" %03d %d %s\n",
			r.IntN(4), r.IntN(254), t.UTC().Format("02/Jan/2006:15:04:05 -0700"),
			'a'+r.IntN(26), 'a'+r.IntN(26), 'a'+r.IntN(4), r.IntN(100000), code, r.IntN(9000), dur)
	}
	return b.Bytes()
}

// cutLines cuts data into n parts at line ends.
func cutLines(data []byte, n int) [][]byte {
	var out [][]byte
	for k := n; k > 1; k-- {
		cut := len(data) / k
		cut += bytes.IndexByte(data[cut:], '\n') + 1
		out = append(out, data[:cut])
		data = data[cut:]
	}
	return append(out, data)
}

func runOK(t *testing.T, want int, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	e := &env{ctx: context.Background(), stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }}
	if code := run(args, e); code != want {
		t.Fatalf("slareport %s: exit %d, want %d: %s", strings.Join(args, " "), code, want, stderr.String())
	}
	return stderr.String()
}

// reportSansInputs decodes a JSON report and drops what legitimately differs
// between one pass and merged parts: the input listing, and where each
// malformed sample was (file and line; its text and reason must agree).
func reportSansInputs(t *testing.T, path string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var r map[string]any
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	delete(r, "inputs")
	for _, s := range r["malformed"].(map[string]any)["samples"].([]any) {
		delete(s.(map[string]any), "input")
		delete(s.(map[string]any), "line")
	}
	withoutSampleWhere(r)
	return r
}

// TestMergeEqualsOnePass: a 300,000-line log in three parts, each saved
// with --save, merges into the JSON report of one pass over the whole log:
// requests, classes, codes, availability, the series, latency quantiles,
// breakdowns, SLO and gates.
func TestMergeEqualsOnePass(t *testing.T) {
	dir := t.TempDir()
	data := timedLog(300000, 1, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), 36*time.Hour)
	whole := filepath.Join(dir, "access.log")
	os.WriteFile(whole, data, 0o644)
	gates := []string{"--tz", "UTC", "--slo", "99.9", "--latency-slo", "99%<500ms", "--no-github"}
	args := func(a ...string) []string {
		return append(append([]string{"--log-format", timedFormat}, gates...), a...)
	}

	// The SLO fails on this log: both commands exit 1 after writing.
	runOK(t, exitGateFailed, args("-f", "json", "-o", filepath.Join(dir, "one.json"), whole)...)
	var sums []string
	for i, part := range cutLines(data, 3) {
		p := filepath.Join(dir, fmt.Sprintf("part%d.log", i+1))
		os.WriteFile(p, part, 0o644)
		s := filepath.Join(dir, fmt.Sprintf("part%d.slasum", i+1))
		runOK(t, exitGateFailed, args("--workers", fmt.Sprint(i+1), "-f", "json", "-o", filepath.Join(dir, "ignored.json"), "--save", s, p)...)
		sums = append(sums, s)
	}
	merged := filepath.Join(dir, "merged.json")
	runOK(t, exitGateFailed, append(append(append([]string{"merge"}, gates...), "-f", "json", "-o", merged), sums...)...)

	one, got := reportSansInputs(t, filepath.Join(dir, "one.json")), reportSansInputs(t, merged)
	if one["requests"].(float64) < 290000 || one["latency"] == nil || len(one["series"].(map[string]any)["buckets"].([]any)) < 30 {
		t.Fatalf("the test log should have requests, latency and a series: %v", one["requests"])
	}
	if !reflect.DeepEqual(one, got) {
		for k := range one {
			if !reflect.DeepEqual(one[k], got[k]) {
				t.Errorf("%s differs:\none pass %.400v\nmerged   %.400v", k, one[k], got[k])
			}
		}
		t.Fatal("merged JSON differs from one pass")
	}
	b, _ := os.ReadFile(merged)
	var withInputs struct{ Inputs []any }
	json.Unmarshal(b, &withInputs)
	if len(withInputs.Inputs) != 3 {
		t.Fatalf("merged report lists %d inputs, want 3", len(withInputs.Inputs))
	}
}

func TestMergeRefusals(t *testing.T) {
	dir := t.TempDir()
	data := timedLog(3000, 2, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), 2*time.Hour)
	log := filepath.Join(dir, "a.log")
	os.WriteFile(log, data, 0o644)
	a, b := filepath.Join(dir, "a.slasum"), filepath.Join(dir, "b.slasum")
	runOK(t, 0, "--log-format", timedFormat, "-o", filepath.Join(dir, "r.md"), "--save", a, log)
	runOK(t, 0, "--log-format", timedFormat, "--bad", "5xx,429", "-o", filepath.Join(dir, "r.md"), "--save", b, log)
	junk := filepath.Join(dir, "junk.slasum")
	os.WriteFile(junk, []byte("ARROW1 but not really"), 0o644)
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"the same summary twice", []string{"merge", a, a}, exitInput, "--allow-overlap"},
		{"other settings", []string{"merge", a, b}, exitInput, "--bad/--good"},
		{"a different --bad than saved", []string{"merge", "--bad", "5xx,429", a}, exitUsage, "saved with other settings"},
		{"a latency SLO the summary cannot judge", []string{"merge", "--latency-slo", "99%<300ms", a}, exitUsage, "latency-slo threshold"},
		{"a damaged file", []string{"merge", junk}, exitInput, "not a slareport summary"},
		{"a missing file", []string{"merge", filepath.Join(dir, "nope.slasum")}, exitInput, "no such file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if msg := runOK(t, tc.code, tc.args...); !strings.Contains(msg, tc.want) {
				t.Fatalf("stderr %q, want it to mention %q", msg, tc.want)
			}
		})
	}
	// Overlap on purpose, and the same --bad as saved, are fine.
	runOK(t, 0, "merge", "--allow-overlap", "-o", filepath.Join(dir, "r.md"), a, a)
	runOK(t, 0, "merge", "--bad", "5xx,429", "-o", filepath.Join(dir, "r.md"), b)
}
