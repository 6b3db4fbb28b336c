package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"

	"github.com/slareport/slareport/internal/loggen"
)

// binary is slareport built once for the tests that run it as a process:
// exit codes are only honest when measured from the outside.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "slareport-test-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "slareport")
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	// The binary gets the build tags of the tests (slareport_gcs, ...).
	args := []string{"build", "-o", binary}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "-tags" && s.Value != "" {
				args = append(args, "-tags", s.Value)
			}
		}
	}
	out, err := exec.Command("go", append(args, ".")...).CombinedOutput()
	if err != nil {
		os.Stderr.Write(out)
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// generate writes a synthetic log and returns its path and true counts.
func generate(t testing.TB, dir, name string, cfg loggen.Config) (string, loggen.Counts) {
	t.Helper()
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := loggen.Generate(f, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path, c
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	log, counts := generate(t, dir, "access.log", loggen.Config{Lines: 20000, Seed: 3})
	good := float64(counts.Requests-counts.Class(5)) / float64(counts.Requests)
	below := strconv.FormatFloat(100*good-0.01, 'f', 4, 64) // a target the log meets
	above := strconv.FormatFloat(100*good+0.01, 'f', 4, 64) // a target it misses

	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	data, _ := os.ReadFile(log)
	zw.Write(data)
	zw.Close()
	cut := filepath.Join(dir, "cut.log.gz")
	os.WriteFile(cut, gz.Bytes()[:gz.Len()/2], 0o644)
	garbage := filepath.Join(dir, "garbage.log")
	os.WriteFile(garbage, []byte("this is not\nan access log\n"), 0o644)

	cases := []struct {
		name   string
		args   []string
		code   int
		stderr string // expected substring ("" expects empty stderr)
	}{
		{"report", []string{log}, 0, ""},
		{"slo met", []string{"--slo", below, log}, 0, ""},
		{"slo breached", []string{"--slo", above, log}, 1, "slareport: slo failed: availability "},
		{"json to file", []string{"-f", "json", "-o", filepath.Join(dir, "r.json"), log}, 0, ""},
		{"help", []string{"--help"}, 0, ""},
		{"version", []string{"--version"}, 0, ""},
		{"unknown flag", []string{"--bogus", log}, 2, "slareport: unknown flag --bogus"},
		{"bad slo", []string{"--slo", "abc", log}, 2, `slareport: --slo: SLO "abc" is not a percentage`},
		{"slo of 100", []string{"--slo", "100", log}, 2, "strictly between 0 and 100"},
		{"bad format", []string{"-f", "xml", log}, 2, "slareport: --format"},
		{"zero workers", []string{"--workers", "0", log}, 2, "--workers must be at least 1"},
		{"bad log format", []string{"--log-format", "fancy", log}, 2, `unknown log format "fancy"`},
		{"missing file", []string{"x.log"}, 3, `slareport: open "x.log": no such file or directory` + "\n"},
		{"directory", []string{dir}, 3, "is a directory"},
		{"glob matching nothing", []string{filepath.Join(dir, "*.nothing")}, 3, "no files match"},
		{"truncated gzip", []string{cut}, 3, `slareport: read "` + cut + `": unexpected EOF (after `},
		{"garbage", []string{garbage}, 3, `detect format of "` + garbage + `": no known format reads any of the first 2 lines; give the layout with --log-format`},
		{"unwritable output", []string{"-o", filepath.Join(dir, "no", "such", "dir", "r.md"), log}, 4, "slareport: write "},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr, _ := execBinary(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tc.code, stderr.String())
			}
			if tc.stderr == "" && stderr.Len() > 0 {
				t.Errorf("unexpected stderr: %s", stderr.String())
			}
			if !strings.Contains(stderr.String(), tc.stderr) {
				t.Errorf("stderr %q does not contain %q", stderr.String(), tc.stderr)
			}
			if (tc.code == 0 || tc.code == 1) && stdout.Len() == 0 && !strings.Contains(strings.Join(tc.args, " "), "-o") {
				t.Error("no report on stdout")
			}
		})
	}
}

func TestNoInputOnTerminalIsUsageError(t *testing.T) {
	// A terminal and /dev/null are both character devices; a closed
	// standard input cannot be examined.
	for _, mode := range []os.FileMode{os.ModeDevice | os.ModeCharDevice, os.ModeIrregular, os.ModeDir} {
		var stderr bytes.Buffer
		code := run(nil, &env{ctx: context.Background(), stdin: strings.NewReader(""), stdinMode: mode, stdout: &bytes.Buffer{}, stderr: &stderr})
		if code != exitUsage || !strings.Contains(stderr.String(), "no input") {
			t.Errorf("stdin %v: exit %d, stderr %q", mode, code, stderr.String())
		}
	}
	for _, mode := range []os.FileMode{0, os.ModeNamedPipe, os.ModeSocket} {
		if !readsStdin(mode) {
			t.Errorf("stdin %v is not read", mode)
		}
	}
}

// runJSON runs slareport in-process with -f json and returns the decoded
// report.
func runJSON(t testing.TB, stdin []byte, args ...string) map[string]any {
	t.Helper()
	var stdout, stderr bytes.Buffer
	e := &env{ctx: context.Background(), stdin: bytes.NewReader(stdin), stdout: &stdout, stderr: &stderr}
	if code := run(append([]string{"-f", "json"}, args...), e); code != 0 {
		t.Fatalf("slareport %v: exit %d: %s", args, code, stderr.String())
	}
	var r map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// checkCounts compares a JSON report with the generator's own tally.
func checkCounts(t *testing.T, r map[string]any, c loggen.Counts) {
	t.Helper()
	want := map[string]any{}
	for code, n := range c.Codes {
		want[strconv.Itoa(code)] = float64(n)
	}
	if !reflect.DeepEqual(r["codes"], want) {
		t.Errorf("codes %v, want %v", r["codes"], want)
	}
	lines := r["lines"].(map[string]any)
	if lines["read"] != float64(c.Lines) || lines["parsed"] != float64(c.Requests) || lines["malformed"] != float64(c.Malformed) {
		t.Errorf("lines %v, want read %d parsed %d malformed %d", lines, c.Lines, c.Requests, c.Malformed)
	}
	buckets := r["series"].(map[string]any)["buckets"].([]any)
	if len(buckets) != len(c.Hourly) {
		t.Errorf("%d hourly buckets, want %d", len(buckets), len(c.Hourly))
	}
	for _, b := range buckets {
		b := b.(map[string]any)
		var start = b["start"].(string)
		var found bool
		for h, cl := range c.Hourly {
			if h.UTC().Format("2006-01-02T15:04:05Z") == start {
				found = true
				got := b["classes"].(map[string]any)
				for i, n := range cl {
					if got[strconv.Itoa(i+1)+"xx"] != float64(n) {
						t.Errorf("hour %s class %dxx: %v, want %d", start, i+1, got[strconv.Itoa(i+1)+"xx"], n)
					}
				}
			}
		}
		if !found {
			t.Errorf("bucket %s not in the generator's hours", start)
		}
	}
}

// withoutInputs drops what legitimately differs between runs over the same
// lines: the names of the input files, in the input list and in the
// malformed samples.
func withoutInputs(r map[string]any) map[string]any {
	c := map[string]any{}
	for k, v := range r {
		if k != "inputs" {
			c[k] = v
		}
	}
	m := c["malformed"].(map[string]any)
	var samples []any
	for _, s := range m["samples"].([]any) {
		s := s.(map[string]any)
		samples = append(samples, []any{s["reason"], s["text"]})
	}
	c["malformed"] = map[string]any{"reasons": m["reasons"], "samples": samples}
	withoutSampleWhere(c)
	return c
}

// withoutSampleWhere drops where each endpoint's bad lines were (file and
// line), which differ between a log and its parts; their text must agree.
func withoutSampleWhere(r map[string]any) {
	eps, _ := r["endpoints"].(map[string]any)
	top, _ := eps["top"].([]any)
	for _, k := range top {
		samples, _ := k.(map[string]any)["samples"].([]any)
		for _, s := range samples {
			delete(s.(map[string]any), "input")
			delete(s.(map[string]any), "line")
		}
	}
}

// TestSameCountsFromEverySource reads one log as a file, gzip, zstd,
// bzip2, standard input and split in two files; every report must agree
// with the others and with the generator's truth.
func TestSameCountsFromEverySource(t *testing.T) {
	dir := t.TempDir()
	plain, counts := generate(t, dir, "access.log", loggen.Config{Lines: 60000, Seed: 11, Malformed: 0.002, CRLF: true, NoFinalNewline: true})
	data, err := os.ReadFile(plain)
	if err != nil {
		t.Fatal(err)
	}

	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(data[:len(data)/3]) // two gzip members, as `cat a.gz b.gz` makes
	zw.Close()
	zw = gzip.NewWriter(&gz)
	zw.Write(data[len(data)/3:])
	zw.Close()
	os.WriteFile(filepath.Join(dir, "access.log.gz"), gz.Bytes(), 0o644)

	var zs bytes.Buffer
	ze, _ := zstd.NewWriter(&zs)
	ze.Write(data)
	ze.Close()
	os.WriteFile(filepath.Join(dir, "access.log.zst"), zs.Bytes(), 0o644)

	cut := bytes.IndexByte(data[len(data)/2:], '\n') + len(data)/2 + 1
	os.WriteFile(filepath.Join(dir, "part1.log"), data[:cut], 0o644)
	os.WriteFile(filepath.Join(dir, "part2.log"), data[cut:], 0o644)

	runs := map[string]map[string]any{
		"plain": runJSON(t, nil, plain),
		"gzip":  runJSON(t, nil, filepath.Join(dir, "access.log.gz")),
		"zstd":  runJSON(t, nil, filepath.Join(dir, "access.log.zst")),
		"stdin": runJSON(t, data),
		"split": runJSON(t, nil, filepath.Join(dir, "part1.log"), filepath.Join(dir, "part2.log")),
		"glob":  runJSON(t, nil, filepath.Join(dir, "part*.log")),
	}
	if bz, err := exec.LookPath("bzip2"); err == nil {
		if err := exec.Command(bz, "-k", plain).Run(); err != nil {
			t.Fatal(err)
		}
		runs["bzip2"] = runJSON(t, nil, plain+".bz2")
	} else {
		t.Log("bzip2 command not found; skipping the bzip2 source (install bzip2 to run it)")
	}
	checkCounts(t, runs["plain"], counts)
	for name, r := range runs {
		if !reflect.DeepEqual(withoutInputs(r), withoutInputs(runs["plain"])) {
			t.Errorf("%s report differs from the plain file's", name)
		}
	}
	if comp := runs["gzip"]["inputs"].([]any)[0].(map[string]any)["compression"]; comp != "gzip" {
		t.Errorf("gzip input reported as %v", comp)
	}
}

// TestWorkersGiveIdenticalJSON checks that the merge is deterministic: one
// worker and eight produce the same bytes on a million-line log.
func TestWorkersGiveIdenticalJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("1M-line log; skipped with -short")
	}
	dir := t.TempDir()
	log, counts := generate(t, dir, "big.log", loggen.Config{Lines: 1_000_000, Seed: 1, Malformed: 0.0001})
	var outs [][]byte
	for _, w := range []string{"1", "8"} {
		out := filepath.Join(dir, "w"+w+".json")
		var stderr bytes.Buffer
		e := &env{ctx: context.Background(), stdout: &bytes.Buffer{}, stderr: &stderr}
		if code := run([]string{"-f", "json", "--workers", w, "-o", out, log}, e); code != 0 {
			t.Fatalf("--workers %s: exit %d: %s", w, code, stderr.String())
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, b)
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Fatal("--workers 1 and --workers 8 wrote different JSON")
	}
	var r map[string]any
	json.Unmarshal(outs[0], &r)
	checkCounts(t, r, counts)
}

// TestOutputIsAtomic checks that a failed run leaves an existing report
// untouched and no temporary file behind.
func TestOutputIsAtomic(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "report.md")
	os.WriteFile(out, []byte("previous report\n"), 0o644)
	var stderr bytes.Buffer
	e := &env{ctx: context.Background(), stdout: &bytes.Buffer{}, stderr: &stderr}
	if code := run([]string{"-o", out, filepath.Join(dir, "missing.log")}, e); code != exitInput {
		t.Fatalf("exit %d, want %d", code, exitInput)
	}
	if b, _ := os.ReadFile(out); string(b) != "previous report\n" {
		t.Errorf("existing report changed to %q", b)
	}
	log, _ := generate(t, dir, "a.log", loggen.Config{Lines: 100, Seed: 1})
	if code := run([]string{"-o", out, log}, e); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	entries, _ := os.ReadDir(dir)
	for _, en := range entries {
		if strings.Contains(en.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", en.Name())
		}
	}
	if b, _ := os.ReadFile(out); !bytes.HasPrefix(b, []byte("# SLA report")) {
		t.Errorf("report not written: %q", b)
	}
}

// TestBundledSample runs the README's first command on the committed
// sample.
func TestBundledSample(t *testing.T) {
	out, err := exec.Command(binary, filepath.Join("..", "..", "testdata", "access.log.gz")).Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# SLA report", "**Availability: ", "| 499 |", "## Malformed lines", "· gzip · combined, detected ·"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("sample report lacks %q", want)
		}
	}
}

// TestOutputToNamedPipe checks that -o onto something that is not a regular
// file writes into it instead of renaming a file over it (which, run as
// root with -o /dev/null, would replace the device).
func TestOutputToNamedPipe(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no named pipes")
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := exec.Command("mkfifo", fifo).Run(); err != nil {
		t.Skipf("mkfifo not available: %v", err)
	}
	log, _ := generate(t, dir, "a.log", loggen.Config{Lines: 100, Seed: 1})
	got := make(chan []byte)
	go func() {
		b, _ := os.ReadFile(fifo)
		got <- b
	}()
	var stderr bytes.Buffer
	e := &env{ctx: context.Background(), stdout: &bytes.Buffer{}, stderr: &stderr}
	if code := run([]string{"-o", fifo, log}, e); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("the named pipe was replaced: %v %v", fi.Mode(), err)
	}
	if b := <-got; !bytes.HasPrefix(b, []byte("# SLA report")) {
		t.Errorf("pipe received %q", b)
	}
}
