package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSignalStopsTheRun kills a run that is waiting for more input: it
// must exit 128+signal, say why, leave the existing report untouched and
// leave no temporary file.
func TestSignalStopsTheRun(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no POSIX signals")
	}
	for _, tc := range []struct {
		sig  syscall.Signal
		code int
		name string
	}{{syscall.SIGTERM, 143, "SIGTERM"}, {syscall.SIGINT, 130, "SIGINT"}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "report.md")
			os.WriteFile(out, []byte("previous report\n"), 0o644)
			cmd := exec.Command(binary, "-o", out, "-")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			stdin, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// More than a pipe buffer: when Write returns, slareport is
			// reading, and then it waits for the rest.
			line := `1.2.3.4 - - [02/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "x"` + "\n"
			if _, err := stdin.Write([]byte(strings.Repeat(line, 30000))); err != nil {
				t.Fatal(err)
			}
			if err := cmd.Process.Signal(tc.sig); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("slareport did not stop after %s", tc.name)
			}
			stdin.Close()
			if code := cmd.ProcessState.ExitCode(); code != tc.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tc.code, stderr.String())
			}
			if want := "slareport: interrupted by " + tc.name; !strings.Contains(stderr.String(), want) {
				t.Errorf("stderr %q lacks %q", stderr.String(), want)
			}
			if b, _ := os.ReadFile(out); string(b) != "previous report\n" {
				t.Errorf("the existing report changed: %q", b)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				t.Errorf("files left in the output directory: %v", entries)
			}
		})
	}
}
