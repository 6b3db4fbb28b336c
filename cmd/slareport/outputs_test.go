package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// These tests run the built binary against the README's rules for files
// ("Reliability"): outputs are replaced atomically and all together or not
// at all, devices and pipes are written in place, a symlink is written
// through, no output overwrites an input, each input file is read once,
// and a failure says what to do.

// writeLines writes n requests, the last one a 503, to dir/name.
func writeLines(t *testing.T, dir, name string, n int) (string, []byte) {
	t.Helper()
	data := []byte(strings.Repeat(good("02/Nov/2026:10:00:00 +0000", "200"), n-1) + good("02/Nov/2026:10:00:01 +0000", "503"))
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path, data
}

// reportLinesRead is lines.read of a JSON report.
func reportLinesRead(t *testing.T, report string) float64 {
	t.Helper()
	var r map[string]any
	if err := json.Unmarshal([]byte(report), &r); err != nil {
		t.Fatalf("not a JSON report: %v: %.200q", err, report)
	}
	return num(r, "lines", "read")
}

// TestDuplicateInputsReadOnce: the same file given twice, by the same
// name, another name, a hard link, a symlink or a glob, is read once and
// said so on stderr, also with --state.
func TestDuplicateInputsReadOnce(t *testing.T) {
	dir := t.TempDir()
	writeLines(t, dir, "a.log", 10)
	writeLines(t, dir, "b.log", 7)
	os.Mkdir(filepath.Join(dir, "links"), 0o755)
	os.Link(filepath.Join(dir, "a.log"), filepath.Join(dir, "links", "hard.log"))
	os.Symlink("../a.log", filepath.Join(dir, "links", "sym.log"))

	cases := []struct {
		name   string
		args   []string
		read   float64
		stderr []string
	}{
		{"same name", []string{"a.log", "a.log"}, 10, []string{`slareport: "a.log" given twice: read once`}},
		{"another name", []string{"a.log", "./a.log"}, 10, []string{`slareport: "a.log" given twice (again as "./a.log"): read once`}},
		{"hard link", []string{"a.log", "links/hard.log"}, 10, []string{`"a.log" given twice (again as "links/hard.log")`}},
		{"symlink", []string{"links/sym.log", "b.log", "a.log"}, 17, []string{`"links/sym.log" given twice (again as "a.log")`}},
		{"glob", []string{"links/*.log", "a.log", "b.log"}, 17, []string{`"links/hard.log" given twice (again as "links/sym.log")`, `"links/hard.log" given twice (again as "a.log")`}},
		{"stdin", []string{"-", "-"}, 0, []string{`"-" given twice: read once`}},
		{"--state", []string{"--state", "st", "a.log", "./a.log", "links/sym.log"}, 10, []string{`"a.log" given twice (again as "links/sym.log")`}},
		{"--state again", []string{"--state", "st", "a.log", "./a.log"}, 10, []string{`"a.log" given twice (again as "./a.log")`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(binary, append([]string{"-f", "json", "--no-github"}, tc.args...)...)
			cmd.Dir, cmd.Stdin = dir, strings.NewReader("")
			code, stdout, stderr, err := execCmd(cmd)
			if err != nil || code != 0 {
				t.Fatalf("exit %d: %v %s", code, err, stderr)
			}
			if got := reportLinesRead(t, stdout.String()); got != tc.read {
				t.Errorf("%v lines read, want %v", got, tc.read)
			}
			for _, want := range tc.stderr {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr %q lacks %q", stderr.String(), want)
				}
			}
		})
	}
}

// TestZstdWindowOverLimit: a zstd frame asking for a window over the
// decoder's 256 MiB limit fails with the command that reads it anyway.
func TestZstdWindowOverLimit(t *testing.T) {
	dir := t.TempDir()
	_, data := writeLines(t, dir, "a.log", 10)
	// A frame by hand (RFC 8878 3.1.1): magic, a header descriptor with no
	// content size, a window descriptor of 2^29 bytes (exponent 29-10, no
	// mantissa), then one raw block that is also the last.
	frame := []byte{0x28, 0xb5, 0x2f, 0xfd, 0x00, (29 - 10) << 3}
	bh := 1 | len(data)<<3
	frame = append(frame, byte(bh), byte(bh>>8), byte(bh>>16))
	frame = append(frame, data...)
	path := filepath.Join(dir, "wide.log.zst")
	os.WriteFile(path, frame, 0o644)

	code, _, stderr, _ := execBinary(t, path)
	want := `zstd -dc --long=31 ` + path + ` | slareport -`
	if code != exitInput || !strings.Contains(stderr.String(), want) || !strings.Contains(stderr.String(), "256 MiB") {
		t.Errorf("exit %d, stderr %q; want exit 3, the limit and %q", code, stderr.String(), want)
	}
	// The command the message gives reads it.
	if _, err := exec.LookPath("zstd"); err != nil {
		t.Log("zstd command not found; not running the suggested command")
		return
	}
	cmd := exec.Command("sh", "-c", `zstd -dc --long=31 "$1" | "$0" -f json -`, binary, path)
	code, stdout, stderr, err := execCmd(cmd)
	if err != nil || code != 0 {
		t.Fatalf("the suggested command: exit %d %v: %s", code, err, stderr)
	}
	if got := reportLinesRead(t, stdout.String()); got != 10 {
		t.Errorf("the suggested command read %v lines, want 10", got)
	}
}

// TestClosedStandardOutput: a reader that stops early (slareport big.log |
// head -1) is not an error: the run ends quietly with the verdict's exit
// code, not killed by SIGPIPE (141), so a missed SLO still fails the job.
func TestClosedStandardOutput(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGPIPE")
	}
	dir := t.TempDir()
	log, _ := writeLines(t, dir, "a.log", 20000)
	cases := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"report", []string{log}, 0, ""},
		{"json", []string{"-f", "json", log}, 0, ""},
		{"gate failed", []string{"--slo", "99.999", "--no-github", log}, 1, "slareport: slo failed"},
		{"codes", []string{"codes"}, 0, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			r.Close() // the reader is gone before the first byte
			cmd := exec.Command(binary, tc.args...)
			cmd.Stdout = w
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err = cmd.Run()
			w.Close()
			if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
				t.Fatalf("killed by %v (a shell shows exit %d); stderr: %s", ws.Signal(), 128+int(ws.Signal()), stderr.String())
			}
			if code := cmd.ProcessState.ExitCode(); code != tc.code {
				t.Errorf("exit %d, want %d (%v); stderr: %s", code, tc.code, err, stderr.String())
			}
			if !strings.Contains(stderr.String(), tc.stderr) || tc.stderr == "" && stderr.Len() > 0 {
				t.Errorf("stderr %q, want %q", stderr.String(), tc.stderr)
			}
		})
	}
}
