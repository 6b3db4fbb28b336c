package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slareport/slareport/internal/loggen"
)

// runEnv runs slareport in-process with a fixed clock and environment.
func runEnv(t *testing.T, vars map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{
		ctx: context.Background(), stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
		now:    func() time.Time { return time.Date(2026, 11, 4, 12, 0, 0, 0, time.UTC) },
		getenv: func(k string) string { return vars[k] },
	}
	code = run(args, e)
	return code, out.String(), errb.String()
}

func TestSLAFlags(t *testing.T) {
	dir := t.TempDir()
	// Two days from 2026-11-02 00:00 UTC with the default outage on day 2.
	log, counts := generate(t, dir, "a.log", loggen.Config{Lines: 40000, Seed: 9})
	cases := []struct {
		name   string
		args   []string
		code   int
		stderr []string // substrings, in order
	}{
		{"period and since", []string{"--period", "yesterday", "--since", "1h", log}, 2, []string{"--period cannot be combined"}},
		{"bad since", []string{"--since", "last tuesday", log}, 2, []string{`--since: "last tuesday" is not a time`}},
		{"empty window", []string{"--since", "2026-11-03", "--until", "2026-11-02", log}, 2, []string{"the window is empty"}},
		{"bad tz", []string{"--tz", "Mars/Olympus", log}, 2, []string{`unknown time zone "Mars/Olympus"`}},
		{"bad bucket", []string{"--bucket", "90s", log}, 2, []string{"--bucket"}},
		{"bad --bad", []string{"--bad", "6xx", log}, 2, []string{"--bad:"}},
		{"burn without slo", []string{"--max-burn-rate", "2", log}, 2, []string{"--max-burn-rate needs --slo"}},
		{"bad latency slo", []string{"--latency-slo", "fast", log}, 2, []string{"latency SLO"}},
		{"every failed gate listed", []string{"--slo", "99.9", "--max-burn-rate", "1.5", log}, 1,
			[]string{"slareport: slo failed: availability ", "required 99.9%", "slareport: max-burn-rate failed: burn rate "}},
		{"insufficient data passes", []string{"--slo", "99.99", "--min-requests", "1000000", log}, 0,
			[]string{"insufficient data: 40,000 requests, 1,000,000 required"}},
		{"insufficient data fails when asked", []string{"--slo", "99.99", "--min-requests", "1000000", "--fail-on-insufficient", log}, 1,
			[]string{"insufficient data"}},
		{"day without the outage meets the SLO", []string{"--slo", "99.5", "--period", "2026-11-02", "--tz", "UTC", log}, 0, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runEnv(t, nil, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tc.code, stderr)
			}
			rest := stderr
			for _, want := range tc.stderr {
				i := strings.Index(rest, want)
				if i < 0 {
					t.Errorf("stderr %q lacks %q", stderr, want)
					break
				}
				rest = rest[i+len(want):]
			}
		})
	}

	// The window's JSON: half the log filtered, the label and zone shown.
	code, out, stderr := runEnv(t, nil, "-f", "json", "--period", "2026-11-02", "--tz", "Europe/Berlin", log)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r struct {
		Lines  struct{ Read, Parsed, Filtered int64 }
		Window struct {
			Since, Until, Label, TZ string
		}
		Series struct {
			BucketSeconds int64 `json:"bucket_seconds"`
		}
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Window.Since != "2026-11-01T23:00:00Z" || r.Window.Until != "2026-11-02T23:00:00Z" || r.Window.TZ != "Europe/Berlin" || r.Window.Label != "2026-11-02" {
		t.Errorf("window %+v", r.Window)
	}
	if r.Lines.Read != counts.Lines || r.Lines.Parsed+r.Lines.Filtered+counts.Malformed != counts.Lines || r.Lines.Filtered == 0 {
		t.Errorf("lines %+v", r.Lines)
	}
	if r.Series.BucketSeconds != 300 {
		t.Errorf("a one-day window has 5-minute buckets, got %d", r.Series.BucketSeconds)
	}
}

func TestGitHubActions(t *testing.T) {
	dir := t.TempDir()
	log, _ := generate(t, dir, "a.log", loggen.Config{Lines: 20000, Seed: 9})
	summary := filepath.Join(dir, "summary.md")
	os.WriteFile(summary, []byte("earlier step\n"), 0o644)
	vars := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary}

	code, stdout, stderr := runEnv(t, vars, "--slo", "99.9", "-f", "json", log)
	if code != 1 {
		t.Fatalf("exit %d, want 1: %s", code, stderr)
	}
	if !strings.Contains(stderr, "::error title=slareport::slo failed: availability ") {
		t.Errorf("no error annotation on stderr: %q", stderr)
	}
	// A workflow command is a line that starts with "::"; an IPv6
	// client in the JSON holds "::" too, indented.
	if strings.Contains("\n"+stdout, "\n::") || !json.Valid([]byte(stdout)) {
		t.Error("workflow commands leaked into the JSON on stdout")
	}
	b, _ := os.ReadFile(summary)
	if !bytes.HasPrefix(b, []byte("earlier step\n# SLA report")) {
		t.Errorf("step summary not appended: %.80q", b)
	}

	// --no-github wins over the environment.
	os.WriteFile(summary, nil, 0o644)
	_, _, stderr = runEnv(t, vars, "--slo", "99.9", "--no-github", log)
	if strings.Contains(stderr, "::error") {
		t.Errorf("--no-github still annotated: %q", stderr)
	}
	if b, _ := os.ReadFile(summary); len(b) != 0 {
		t.Error("--no-github still wrote the step summary")
	}
}

func TestEscapeWorkflow(t *testing.T) {
	if got := escapeWorkflow("50% down\n::error::x\r"); got != "50%25 down%0A::error::x%0D" {
		t.Errorf("escapeWorkflow = %q", got)
	}
}

// TestProgress forces the bar onto a non-terminal stderr and feeds the log
// slowly through stdin: the bar must show the lines read while the run goes
// on and clear itself at the end; without --progress, or with --quiet, a
// non-terminal gets nothing.
func TestProgress(t *testing.T) {
	dir := t.TempDir()
	// 20k lines are about 4 MiB: several 1 MiB blocks, delivered slowly.
	log, _ := generate(t, dir, "a.log", loggen.Config{Lines: 20000, Seed: 1})
	data, _ := os.ReadFile(log)
	var errb bytes.Buffer
	e := &env{ctx: context.Background(), stdin: &slowReader{data: data, chunk: len(data) / 8}, stdout: &bytes.Buffer{}, stderr: &errb}
	if code := run([]string{"--progress"}, e); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	stderr := errb.String()
	if !strings.Contains(stderr, "k lines") {
		t.Errorf("the bar never showed lines read: %q", stderr)
	}
	if !strings.HasSuffix(stderr, "\r") || strings.Contains(stderr, "\n") {
		t.Errorf("progress bar not cleared at the end: %q", stderr[max(0, len(stderr)-60):])
	}
	if _, _, stderr := runEnv(t, nil, log); stderr != "" {
		t.Errorf("a bar on a non-terminal without --progress: %q", stderr)
	}
	if _, _, stderr := runEnv(t, nil, "--progress", "-q", log); stderr != "" {
		t.Errorf("--quiet still drew: %q", stderr)
	}
}

// slowReader hands out data in chunks with a pause before each, like a
// pipe from a slow producer.
type slowReader struct {
	data  []byte
	chunk int
}

func (r *slowReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	time.Sleep(3 * progressTick / 2)
	n := copy(p[:min(len(p), r.chunk)], r.data)
	r.data = r.data[n:]
	return n, nil
}

// TestProfiles writes both profiles and checks they are complete pprof
// files (gzip magic) with no temporary file left beside them.
func TestProfiles(t *testing.T) {
	dir := t.TempDir()
	log, _ := generate(t, dir, "a.log", loggen.Config{Lines: 2000, Seed: 1})
	cpu, mem := filepath.Join(dir, "cpu.prof"), filepath.Join(dir, "mem.prof")
	if code, _, stderr := runEnv(t, nil, "--cpuprofile", cpu, "--memprofile", mem, "-o", filepath.Join(dir, "r.md"), log); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, p := range []string{cpu, mem} {
		if b, err := os.ReadFile(p); err != nil || len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
			t.Errorf("%s is not a pprof profile: %v", p, err)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}
