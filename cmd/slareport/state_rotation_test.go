package main

import (
	"bytes"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runWithin runs cmd and waits for it at most d; a run still going then is
// killed and reported as hung (ok false).
func runWithin(t *testing.T, cmd *exec.Cmd, d time.Duration) (code int, stderr string, ok bool) {
	t.Helper()
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
		return cmd.ProcessState.ExitCode(), errb.String(), true
	case <-time.After(d):
		cmd.Process.Kill()
		<-done
		return -1, errb.String(), false
	}
}

// TestStateRefusesWhatItCannotSeek: with --state, a named pipe, a socket
// or a device, as an input or as the state file, is refused with exit 2
// before it is opened: opening a pipe would block the run (ignoring the
// first SIGTERM), and looking at its head would take the writer's first
// 4 KiB from whoever reads the pipe.
func TestStateRefusesWhatItCannotSeek(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("opens a named pipe for reading and writing, which only Linux allows")
	}
	dir := t.TempDir()
	log := filepath.Join(dir, "access.log")
	os.WriteFile(log, timedLog(100, 1, time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), time.Hour), 0o644)
	fifo := filepath.Join(dir, "pipe.log")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	// A writer with 5,000 bytes in the pipe: they must still be there
	// after the run.
	pipe, err := os.OpenFile(fifo, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer pipe.Close()
	sent := timedLog(60, 2, time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), time.Hour)[:5000]
	if _, err := pipe.Write(sent); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "s.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	stateFifo := filepath.Join(dir, "state-pipe")
	if err := syscall.Mkfifo(stateFifo, 0o644); err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(dir, "state.slasum")

	for _, tc := range []struct {
		name, state, input, says string
	}{
		{"a named pipe as input", state, fifo, `"` + fifo + `" is a named pipe (FIFO), not a regular file`},
		{"a socket as input", state, sock, `"` + sock + `" is a socket, not a regular file`},
		{"a named pipe as the state", stateFifo, log, `--state: "` + stateFifo + `" is a named pipe (FIFO)`},
		{"a device as the state", os.DevNull, log, `--state: "` + os.DevNull + `" is a character device`},
		{"a directory as the state", dir, log, `--state: "` + dir + `" is a directory`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(binary, "--log-format", timedFormat, "--no-github", "--state", tc.state, "-o", filepath.Join(dir, "r.md"), log, tc.input)
			code, stderr, ok := runWithin(t, cmd, 30*time.Second)
			if !ok {
				t.Fatalf("slareport hung; stderr: %s", stderr)
			}
			if code != exitUsage || !strings.Contains(stderr, tc.says) {
				t.Fatalf("exit %d, stderr %q; want exit %d saying %q", code, stderr, exitUsage, tc.says)
			}
			if _, err := os.Stat(state); err == nil {
				t.Fatal("a state was written")
			}
			if _, err := os.Stat(filepath.Join(dir, "r.md")); err == nil {
				t.Fatal("a report was written")
			}
		})
	}
	if fi, err := os.Lstat(stateFifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("the state pipe was replaced: %v", err)
	}
	// Everything the writer sent is still in the pipe.
	pipe.SetReadDeadline(time.Now().Add(time.Second))
	got := make([]byte, 2*len(sent))
	n, _ := pipe.Read(got)
	if !bytes.Equal(got[:n], sent) {
		t.Fatalf("the pipe holds %d of the %d bytes its writer sent", n, len(sent))
	}
}
