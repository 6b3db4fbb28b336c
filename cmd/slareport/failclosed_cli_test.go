package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// sampleLog is the bundled sample: 3,000 combined lines over two days,
// availability 99.4995%.
var sampleLog = filepath.Join("..", "..", "testdata", "access.log.gz")

// binaryCmd is the built slareport with args, its environment cleared of
// what would change its behaviour under CI (GITHUB_*) and set from vars.
func binaryCmd(args []string, vars map[string]string) *exec.Cmd {
	cmd := exec.Command(binary, args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GITHUB_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	for k, v := range vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	return cmd
}

// cliResult is what a check of a run looks at: its standard output and
// the test's directory.
type cliResult struct {
	stdout string
	dir    string
}

// stdoutHas checks that standard output contains s.
func stdoutHas(s string) func(*testing.T, cliResult) {
	return func(t *testing.T, r cliResult) {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("stdout lacks %q: %.80q", s, r.stdout)
		}
	}
}

// jsonLinesRead checks that the JSON report on standard output read n lines.
func jsonLinesRead(n float64) func(*testing.T, cliResult) {
	return func(t *testing.T, r cliResult) {
		var rep map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Fatalf("stdout is not JSON: %v: %.80q", err, r.stdout)
		}
		if got := num(rep, "lines", "read"); got != n {
			t.Errorf("lines read %v, want %v", got, n)
		}
	}
}

// noStdout checks that nothing was written to standard output.
func noStdout(t *testing.T, r cliResult) {
	if r.stdout != "" {
		t.Errorf("a report was written: %.60q", r.stdout)
	}
}

// TestFailClosedCLI runs the binary where a run used to go on with the
// wrong input, the wrong number or the wrong format, or to fail on
// something beside its verdict.
func TestFailClosedCLI(t *testing.T) {
	dir := t.TempDir()
	sample, err := os.ReadFile(sampleLog)
	if err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name   string
		args   []string // "{dir}/" is the test's directory, "{log}" the sample, "{sum}" its summary
		stdin  string   // "": exec's default (/dev/null); "devnull", "pipe" or "file": the sample
		vars   map[string]string
		code   int
		stderr []string // substrings; nil expects an empty stderr
		check  func(*testing.T, cliResult)
	}{
		// 1. No file: standard input is read only when something is sent.
		{"no file, stdin /dev/null", []string{"--slo", "99.9"}, "devnull", nil, exitUsage,
			[]string{"slareport: no input: give log files, or pipe a log into standard input", `"-"`}, nil},
		{"no file, stdin not set up", []string{"--slo", "99.9", "-f", "json"}, "", nil, exitUsage,
			[]string{"no input"}, noStdout},
		{"no file, stdin a pipe", []string{"-f", "json"}, "pipe", nil, 0, nil, jsonLinesRead(3000)},
		{"no file, stdin a regular file", []string{"-f", "json"}, "file", nil, 0, nil, jsonLinesRead(3000)},
		{"- with stdin /dev/null", []string{"-f", "json", "-"}, "devnull", nil, 0, nil, jsonLinesRead(0)},

		// 2. A ratio is not a percentage.
		{"--slo 0.999", []string{"--slo", "0.999", "{log}"}, "", nil, exitUsage,
			[]string{`slareport: --slo: SLO "0.999" is a ratio, not a percentage: did you mean 99.9?`}, nil},
		{"--slo 0.95", []string{"--slo", "0.95", "{log}"}, "", nil, exitUsage, []string{"did you mean 95?"}, nil},
		{"--slo 0.5%", []string{"--slo", "0.5%", "-f", "json", "{log}"}, "", nil, 0, nil, stdoutHas(`"target": 0.005`)},
		{"--latency-slo 0.99<300ms", []string{"--latency-slo", "0.99<300ms", "{log}"}, "", nil, exitUsage,
			[]string{`--latency-slo: latency SLO "0.99<300ms": `, "did you mean 99?"}, nil},
		{"--latency-slo 0.5%<300ms", []string{"--latency-slo", "0.5%<300ms", "{log}"}, "", nil, 0, nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := make([]string, len(tc.args))
			for i, a := range tc.args {
				a = strings.ReplaceAll(a, "{dir}/", dir+string(filepath.Separator))
				args[i] = strings.ReplaceAll(a, "{log}", sampleLog)
			}
			cmd := binaryCmd(args, tc.vars)
			switch tc.stdin {
			case "devnull":
				f, err := os.Open(os.DevNull)
				if err != nil {
					t.Skipf("no %s: %v", os.DevNull, err)
				}
				defer f.Close()
				cmd.Stdin = f
			case "pipe":
				cmd.Stdin = bytes.NewReader(sample) // not an *os.File: exec makes a pipe
			case "file":
				f, err := os.Open(sampleLog)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				cmd.Stdin = f
			}
			code, stdout, stderr, err := execCmd(cmd)
			if err != nil {
				t.Fatal(err)
			}
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tc.code, stderr)
			}
			if tc.stderr == nil && stderr.Len() > 0 {
				t.Errorf("unexpected stderr: %s", stderr)
			}
			for _, want := range tc.stderr {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr %q lacks %q", stderr, want)
				}
			}
			if tc.check != nil {
				tc.check(t, cliResult{stdout: stdout.String(), dir: dir})
			}
		})
	}
}
