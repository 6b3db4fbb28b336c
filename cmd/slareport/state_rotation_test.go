package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/slareport/slareport/aggregate"
)

// Headers that every file of a format starts with: a GCS usage log's CSV
// header, and IIS's W3C header without a #Date line.
const (
	gcsHeader = `"time_micros","c_ip","c_ip_type","c_ip_region","cs_method","cs_uri","sc_status","cs_bytes","sc_bytes","time_taken_micros","cs_host","cs_referer","cs_user_agent","s_request_id","cs_operation","cs_bucket","cs_object"` + "\n"
	w3cHeader = "#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n" +
		"#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n"
)

// lineCounts are a JSON report's line and request totals.
type lineCounts struct {
	Read, Parsed, Malformed, Filtered, Requests int64
}

// TestStateFollowsRotationOfLogsWithAHeader: logs whose files all start
// with the same header are rotated (renamed, a new file holding only the
// header) between --state runs, in either glob order. Every line of every
// file is counted exactly once: today's file never claims the rotated
// file's input because both start with the header.
func TestStateFollowsRotationOfLogsWithAHeader(t *testing.T) {
	formats := []struct {
		name, flag, header string
		line               func(i int) string
	}{
		{"gcs", "gcs", gcsHeader, func(i int) string {
			return fmt.Sprintf(`"%d","192.0.2.10","1","","GET","/o/%d","200","0","1271","41000","h","","c","A","GET_Object","b","o"`+"\n", 1588166433227000+i*1000000, i)
		}},
		{"w3c", "w3c", w3cHeader, func(i int) string {
			return fmt.Sprintf("2024-03-05 00:%02d:%02d 10.0.0.4 GET /p%d - 443 - 203.0.113.50 Mozilla/5.0 - 200 0 0 46\n", i/60, i%60, i%10)
		}},
	}
	orders := []struct {
		name, rotated, glob string
	}{
		{"rotated sorts last", "access.log.1", "access.log*"},
		{"rotated sorts first", "access.1.log", "access.*log"},
	}
	for _, f := range formats {
		for _, o := range orders {
			t.Run(f.name+"/"+o.name, func(t *testing.T) {
				dir := t.TempDir()
				cur, rot := filepath.Join(dir, "access.log"), filepath.Join(dir, o.rotated)
				state := filepath.Join(dir, "state.slasum")
				headerLines := int64(strings.Count(f.header, "\n"))
				var files, data int64
				next := 0
				appendLines := func(n int) {
					fh, err := os.OpenFile(cur, os.O_APPEND|os.O_WRONLY, 0)
					if err != nil {
						t.Fatal(err)
					}
					for range n {
						fh.WriteString(f.line(next))
						next++
					}
					fh.Close()
					data += int64(n)
				}
				create := func() {
					if err := os.WriteFile(cur, []byte(f.header), 0o644); err != nil {
						t.Fatal(err)
					}
					files++
				}
				cron := func(step string) lineCounts {
					t.Helper()
					code, stdout, stderr, _ := execBinary(t, "--log-format", f.flag, "--tz", "UTC", "--no-github",
						"--state", state, "-f", "json", filepath.Join(dir, o.glob))
					if code != 0 {
						t.Fatalf("%s: exit %d: %s", step, code, stderr)
					}
					var r struct {
						Lines    lineCounts
						Requests int64
					}
					if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
						t.Fatalf("%s: %v", step, err)
					}
					r.Lines.Requests = r.Requests
					return r.Lines
				}
				check := func(step string, got lineCounts) {
					t.Helper()
					want := lineCounts{Read: data + files*headerLines, Parsed: data, Filtered: files * headerLines, Requests: data}
					if got != want {
						t.Fatalf("%s: counted %+v, want %+v (%d data lines, %d files of %d header lines)", step, got, want, data, files, headerLines)
					}
				}

				// The last run sees the new file holding only its header.
				create()
				check("a new file", cron("a new file"))
				for round := 1; round <= 2; round++ {
					appendLines(3)
					os.Remove(rot) // rotate 1: the oldest goes
					if err := os.Rename(cur, rot); err != nil {
						t.Fatal(err)
					}
					create()
					step := fmt.Sprintf("rotation %d", round)
					check(step, cron(step))
				}
				appendLines(4)
				check("the new file grew", cron("the new file grew"))
				check("nothing new", cron("nothing new"))
			})
		}
	}
}

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

// TestStateLooksStopOnCancel: the run looks at its files one by one and
// hears a cancellation between them, rather than looking at tens of
// thousands of files first (here the next file is missing: looking at it
// would fail instead).
func TestStateLooksStopOnCancel(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "a.log")
	os.WriteFile(log, timedLog(100, 1, time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), time.Hour), 0o644)
	f := &stateFlags{State: filepath.Join(dir, "s.slasum")}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := f.run(ctx, []string{log, filepath.Join(dir, "missing.log")}, aggregate.Options{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want the cancellation", err)
	}
}

// TestStateSignalWhilePlanning: SIGTERM to a --state run over thousands of
// files, sent once it has them open, ends it with exit 143 and leaves the
// state as it was, with no temporary file beside it.
func TestStateSignalWhilePlanning(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("watches the run's open files in /proc")
	}
	for _, n := range []int{4000, 16000} {
		dir := t.TempDir()
		logs := filepath.Join(dir, "logs")
		os.Mkdir(logs, 0o755)
		for i := range n {
			line := fmt.Sprintf("h 203.0.113.%d [01/Jul/2026:10:%02d:%02d +0000] \"GET /f/%d HTTP/1.1\" 200 5 0.010\n", i%250, i/60%60, i%60, i)
			if err := os.WriteFile(filepath.Join(logs, fmt.Sprintf("%05d.log", i)), []byte(line), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		stateDir := filepath.Join(dir, "state")
		os.Mkdir(stateDir, 0o755)
		state := filepath.Join(stateDir, "s.slasum")
		args := []string{"-q", "--log-format", timedFormat, "--tz", "UTC", "--no-github", "--state", state, "-o", os.DevNull, filepath.Join(logs, "*.log")}
		if code, _, stderr, _ := execBinary(t, args...); code != 0 {
			t.Fatalf("first run: exit %d: %s", code, stderr)
		}
		before, _ := os.ReadFile(state)

		cmd := exec.Command(binary, args...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		signalled := false
		for !signalled {
			select {
			case <-done:
				t.Logf("%d files: the run ended before it was seen with a log open; trying more files", n)
			default:
				if opensUnder(cmd.Process.Pid, logs) {
					signalled = cmd.Process.Signal(syscall.SIGTERM) == nil
				} else {
					time.Sleep(time.Millisecond)
				}
				continue
			}
			break
		}
		if !signalled {
			continue
		}
		select {
		case <-done:
		case <-time.After(2 * time.Minute):
			cmd.Process.Kill()
			t.Fatal("slareport did not stop on SIGTERM")
		}
		if code := cmd.ProcessState.ExitCode(); code == 0 {
			t.Logf("%d files: the run ended as the signal came; trying more files", n)
			continue
		} else if code != 143 || !strings.Contains(stderr.String(), "interrupted by SIGTERM") {
			t.Fatalf("exit %d, want 143; stderr: %s", code, stderr.String())
		}
		if after, _ := os.ReadFile(state); !bytes.Equal(before, after) {
			t.Fatal("the state changed")
		}
		if entries, _ := os.ReadDir(stateDir); len(entries) != 1 {
			t.Fatalf("files left beside the state: %v", entries)
		}
		return
	}
	t.Skip("every run ended before the signal reached it")
}

// opensUnder reports whether process pid has a file under dir open.
func opensUnder(pid int, dir string) bool {
	fds := fmt.Sprintf("/proc/%d/fd", pid)
	entries, _ := os.ReadDir(fds)
	for _, e := range entries {
		if target, err := os.Readlink(filepath.Join(fds, e.Name())); err == nil && strings.HasPrefix(target, dir+string(filepath.Separator)) {
			return true
		}
	}
	return false
}
