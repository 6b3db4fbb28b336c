package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// followRun is slareport --follow running as a process, its NDJSON read
// line by line.
type followRun struct {
	t      *testing.T
	cmd    *exec.Cmd
	lines  chan []byte
	stderr *bytes.Buffer
	last   []byte
}

func startFollow(t *testing.T, args ...string) *followRun {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("follow tests read /proc and send POSIX signals")
	}
	cmd := exec.Command(binary, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	f := &followRun{t: t, cmd: cmd, lines: make(chan []byte, 1000), stderr: &bytes.Buffer{}}
	cmd.Stderr = f.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	go func() {
		r := bufio.NewReaderSize(stdout, 1<<20)
		for {
			b, err := r.ReadBytes('\n')
			if len(b) > 0 {
				f.lines <- b
			}
			if err != nil {
				close(f.lines)
				return
			}
		}
	}()
	return f
}

// report is the part of an NDJSON line the tests read.
type ndReport struct {
	Schema string `json:"schema"`
	At     string `json:"at"`
	Lines  struct {
		Read, Parsed, Malformed int64
	} `json:"lines"`
	Bad struct {
		Requests int64 `json:"requests"`
	} `json:"bad"`
}

// next returns the next report, failing after a while without one.
func (f *followRun) next() ndReport {
	f.t.Helper()
	select {
	case b, ok := <-f.lines:
		if !ok {
			f.t.Fatalf("slareport stopped; stderr: %s", f.stderr)
		}
		f.last = b
		var r ndReport
		if err := json.Unmarshal(b, &r); err != nil {
			f.t.Fatalf("a line that is not a JSON report: %v: %.200s", err, b)
		}
		return r
	case <-time.After(20 * time.Second):
		f.t.Fatalf("no report for 20 s; stderr: %s", f.stderr)
	}
	return ndReport{}
}

// await reads reports until one has read lines, failing when one has
// more (a line counted twice) or none comes; then it checks that two
// more reports still say the same.
func (f *followRun) await(read int64) ndReport {
	return f.awaitN(read, 2)
}

// awaitN is await checking again more reports.
func (f *followRun) awaitN(read int64, again int) ndReport {
	f.t.Helper()
	for range 30 {
		r := f.next()
		if r.Lines.Read > read {
			f.t.Fatalf("%d lines read, only %d written: counted twice", r.Lines.Read, read)
		}
		if r.Lines.Read == read {
			for range again {
				if more := f.next(); more.Lines.Read != read {
					f.t.Fatalf("%d lines read, then %d", read, more.Lines.Read)
				}
			}
			return r
		}
	}
	f.t.Fatalf("the reports never reached %d lines read; stderr: %s", read, f.stderr)
	return ndReport{}
}

// clfNow returns n Common Log Format lines stamped now with status.
func clfNow(n, status int) string {
	ts := time.Now().UTC().Format("02/Jan/2006:15:04:05 -0700")
	line := fmt.Sprintf("192.0.2.9 - - [%s] \"GET /api/items HTTP/1.0\" %d 12\n", ts, status)
	return strings.Repeat(line, n)
}

func appendFile(t *testing.T, path, s string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// awkLines counts the lines of a file with awk, apart from slareport.
func awkLines(t *testing.T, path string) int64 {
	t.Helper()
	out, err := exec.Command("awk", "END {print NR}", path).Output()
	if err != nil {
		t.Skipf("awk: %v", err)
	}
	var n int64
	fmt.Sscan(string(out), &n)
	return n
}

// waitEvent waits until the events file holds an event matching want.
func waitEvent(t *testing.T, path string, want func(map[string]any) bool) map[string]any {
	t.Helper()
	for range 200 {
		b, _ := os.ReadFile(path)
		for _, l := range bytes.Split(b, []byte("\n")) {
			var ev map[string]any
			if json.Unmarshal(l, &ev) == nil && want(ev) {
				return ev
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	b, _ := os.ReadFile(path)
	t.Fatalf("no such event; events so far:\n%s", b)
	return nil
}

// TestFollowNDJSON follows a real log through growth, rename rotation,
// copytruncate and an incident, through the built binary: every line is
// counted once, the alert command hears the incident start and end, and
// SIGTERM ends the run with 143 after a whole last report.
func TestFollowNDJSON(t *testing.T) {
	real, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "data", "real", "nasa-small.log"))
	if err != nil {
		t.Skip("shared test data real/nasa-small.log not present (only in the project's CI); skipping")
	}
	dir := t.TempDir()
	log := filepath.Join(dir, "access.log")
	os.WriteFile(log, real, 0o644)
	events := filepath.Join(dir, "events.jsonl")
	want := awkLines(t, log)
	f := startFollow(t, "--follow", "--interval", "1s", "-f", "json", "--slo", "99.9",
		"--alert-exec", "cat >> '"+events+"'; echo >> '"+events+"'", log)
	if r := f.await(want); r.Schema != "slareport/v1" || r.At == "" {
		t.Fatalf("first report: schema %q, at %q", r.Schema, r.At)
	}

	appendFile(t, log, clfNow(5, 200))
	want += 5
	f.await(want)

	// Rename rotation: lines before the rename, lines the writer adds to
	// the renamed file before it reopens, and the new file.
	appendFile(t, log, clfNow(3, 200))
	if err := os.Rename(log, log+".1"); err != nil {
		t.Fatal(err)
	}
	appendFile(t, log+".1", clfNow(2, 200))
	appendFile(t, log, clfNow(4, 200))
	want += 3 + 2 + 4
	f.await(want)

	// copytruncate: the copy is not followed; lines written before the
	// copy were read, lines after the truncation are read from the start.
	appendFile(t, log, clfNow(3, 200))
	want += 3
	f.await(want)
	b, _ := os.ReadFile(log)
	os.WriteFile(log+".2", b, 0o644)
	if err := os.Truncate(log, 0); err != nil {
		t.Fatal(err)
	}
	appendFile(t, log, clfNow(2, 200))
	want += 2
	f.await(want)

	// An incident: 200 errors now. The fast page rule fires.
	appendFile(t, log, clfNow(200, 503))
	want += 200
	if r := f.await(want); r.Bad.Requests != 200 {
		t.Fatalf("%d bad requests, want 200", r.Bad.Requests)
	}
	firing := waitEvent(t, events, func(ev map[string]any) bool {
		return ev["kind"] == "burn_rate" && ev["long_window"] == "1h" && ev["firing"] == true
	})
	for _, k := range []string{"slo", "severity", "long_window", "short_window", "threshold", "firing", "long_burn_rate", "short_burn_rate", "at"} {
		if _, ok := firing[k]; !ok {
			t.Errorf("the event lacks %q: %v", k, firing)
		}
	}
	if firing["slo"] != "availability" || firing["severity"] != "page" || firing["threshold"] != 14.4 {
		t.Errorf("firing event %v", firing)
	}
	// Its end: enough good requests that every rule's bad share is
	// under its threshold (0.1 % for the slowest).
	appendFile(t, log, clfNow(250000, 200))
	want += 250000
	f.await(want)
	waitEvent(t, events, func(ev map[string]any) bool {
		return ev["kind"] == "burn_rate" && ev["long_window"] == "1h" && ev["firing"] == false
	})

	if err := f.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	for range f.lines {
		// drain: the last line read must be whole
	}
	f.cmd.Wait()
	if code := f.cmd.ProcessState.ExitCode(); code != 143 {
		t.Errorf("exit %d after SIGTERM, want 143; stderr: %s", code, f.stderr)
	}
	var last map[string]any
	if err := json.Unmarshal(f.last, &last); err != nil || last["schema"] != "slareport/v1" || last["at"] == nil {
		t.Errorf("the last line is not a whole report: %v: %.200s", err, f.last)
	}
	if !strings.Contains(f.stderr.String(), "interrupted by SIGTERM") {
		t.Errorf("stderr %q does not say why it stopped", f.stderr)
	}
}

// cpuTicks returns the user and system CPU time of a process in clock
// ticks, from /proc/PID/stat.
func cpuTicks(t *testing.T, pid int) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	// The command name, in parentheses, may hold spaces: count fields
	// after its closing parenthesis. utime and stime are fields 14, 15.
	rest := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	var u, s int64
	fmt.Sscan(rest[11], &u)
	fmt.Sscan(rest[12], &s)
	return u + s
}

// TestFollowIdleCPU measures the CPU a follow run takes over 10 s in
// which its log gains nothing: it must be under 0.1 s.
func TestFollowIdleCPU(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "access.log")
	appendFile(t, log, clfNow(1000, 200))
	f := startFollow(t, "--follow", "--interval", "1s", "--slo", "99.9", "-f", "json", log)
	f.await(1000)
	go func() {
		for range f.lines {
		}
	}()
	hz := int64(100)
	if out, err := exec.Command("getconf", "CLK_TCK").Output(); err == nil {
		fmt.Sscan(string(out), &hz)
	}
	before := cpuTicks(t, f.cmd.Process.Pid)
	time.Sleep(10 * time.Second)
	used := time.Duration(cpuTicks(t, f.cmd.Process.Pid)-before) * time.Second / time.Duration(hz)
	t.Logf("idle for 10 s with a report every second: %s of CPU", used)
	if used >= 100*time.Millisecond {
		t.Errorf("idle follow used %s of CPU in 10 s, want under 100ms", used)
	}
}

// rss returns a process's resident memory in KiB.
func rss(t *testing.T, pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			var n int64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), &n)
			return n
		}
	}
	return 0
}

// TestFollowMemoryFlat follows four days of traffic written fast (a
// six-hour batch a second: 4 days in 16 s, over 20,000× real time) and
// checks that the process's memory stops growing once the longest alert
// window (72 h) is full, while every line is counted.
func TestFollowMemoryFlat(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "access.log")
	start := time.Now().Add(-96 * time.Hour).Truncate(time.Minute)
	appendFile(t, log, "")
	f := startFollow(t, "--follow", "--interval", "1s", "--slo", "99.9", "-f", "json", log)
	var written int64
	var mem []int64
	for batch := range 16 {
		var b strings.Builder
		for m := range 6 * 60 {
			ts := start.Add(time.Duration(batch*6*60+m) * time.Minute).UTC().Format("02/Jan/2006:15:04:05 -0700")
			for k := range 10 {
				fmt.Fprintf(&b, "192.0.2.%d - - [%s] \"GET /api/%d HTTP/1.0\" %d 12\n", k, ts, k, 200+300*(k/9))
			}
			written += 10
		}
		appendFile(t, log, b.String())
		f.awaitN(written, 0)
		mem = append(mem, rss(t, f.cmd.Process.Pid))
	}
	t.Logf("RSS after each 6 h batch, KiB: %v", mem)
	// From the 72nd hour on (batches 12..15) the per-minute detail is
	// full: the peak after it stays within a quarter of the peak of the
	// day before (GC timing moves RSS by a few MB either way).
	if peak, base := maxOf(mem[12:]), maxOf(mem[8:12]); peak > base+base/4 {
		t.Errorf("memory grows after 72 h of data: up to %d KiB on day 3, %d KiB after", base, peak)
	}
}

func maxOf(v []int64) int64 {
	m := v[0]
	for _, x := range v {
		m = max(m, x)
	}
	return m
}
