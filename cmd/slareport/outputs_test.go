package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
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

// execIn runs the built slareport in dir, so that arguments can be the
// relative names a user types.
func execIn(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	code, stdout, stderr, err := execCmd(cmd)
	if err != nil {
		t.Fatal(err)
	}
	return code, stdout.String(), stderr.String()
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

// noTemporaryFiles fails when a temporary output file was left in dir.
func noTemporaryFiles(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, en := range entries {
		if strings.Contains(en.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", en.Name())
		}
	}
}

func isSymlink(t *testing.T, path string) bool {
	t.Helper()
	fi, err := os.Lstat(path)
	return err == nil && fi.Mode()&os.ModeSymlink != 0
}

// TestOutputThroughLinkToStandardOutput: -o through a link to
// /proc/self/fd/1 or /dev/stdout, with standard output redirected to a
// file, writes the report into that file. Renaming a file over the link
// instead, as root with -o /dev/stdout itself, would replace the system's
// /dev/stdout. The links live in a temporary directory: the real /dev is
// never touched.
func TestOutputThroughLinkToStandardOutput(t *testing.T) {
	if _, err := os.Stat("/proc/self/fd/1"); err != nil {
		t.Skip("no /proc/self/fd on this system")
	}
	for _, target := range []string{"/proc/self/fd/1", "/dev/stdout"} {
		t.Run(target, func(t *testing.T) {
			dir := t.TempDir()
			log, _ := writeLines(t, dir, "a.log", 10)
			link := filepath.Join(dir, "stdout.md")
			if err := os.Symlink(target, link); err != nil {
				t.Fatal(err)
			}
			captured := filepath.Join(dir, "captured")
			f, err := os.Create(captured)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			cmd := exec.Command(binary, "-o", link, log)
			cmd.Stdout = f
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("%v: %s", err, stderr.String())
			}
			if !isSymlink(t, link) {
				t.Fatalf("the link to %s was replaced by a file", target)
			}
			if b, _ := os.ReadFile(captured); !bytes.HasPrefix(b, []byte("# SLA report")) {
				t.Errorf("standard output received %.80q", b)
			}
			noTemporaryFiles(t, dir)
		})
	}
}

// TestOutputThroughSymlink: -o, --save and the profiles write through a
// symlink: the file it points to is replaced atomically and the link
// stays, also along a chain of links and when the target does not exist
// yet.
func TestOutputThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	writeLines(t, dir, "a.log", 10)
	os.Mkdir(filepath.Join(dir, "real"), 0o755)
	for _, l := range []struct{ link, target string }{
		{"report.md", "real/report.md"},
		{"chain.md", "report.md"},
		{"new.md", "real/new.md"}, // dangling until the run
		{"s.slasum", "real/s.slasum"},
		{"cpu.prof", "real/cpu.prof"},
	} {
		if err := os.Symlink(l.target, filepath.Join(dir, l.link)); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "real", "report.md"), []byte("previous report\n"), 0o644)

	for _, args := range [][]string{
		{"-o", "report.md", "--save", "s.slasum", "--cpuprofile", "cpu.prof", "a.log"},
		{"-o", "chain.md", "a.log"},
		{"-o", "new.md", "a.log"},
	} {
		if code, _, stderr := execIn(t, dir, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		link := filepath.Join(dir, args[1])
		if !isSymlink(t, link) {
			t.Errorf("%v: the link %s was replaced by a file", args, args[1])
		}
		if b, _ := os.ReadFile(link); !bytes.HasPrefix(b, []byte("# SLA report")) {
			t.Errorf("%v: %s holds %.40q", args, args[1], b)
		}
	}
	for _, name := range []string{"s.slasum", "cpu.prof"} {
		if !isSymlink(t, filepath.Join(dir, name)) {
			t.Errorf("the link %s was replaced by a file", name)
		}
		if fi, err := os.Stat(filepath.Join(dir, "real", name)); err != nil || fi.Size() == 0 {
			t.Errorf("real/%s not written through its link: %v", name, err)
		}
	}
	if code, _, stderr := execIn(t, dir, "merge", "-f", "json", "s.slasum"); code != 0 {
		t.Errorf("merge of the summary written through a link: exit %d: %s", code, stderr)
	}
	noTemporaryFiles(t, dir)
	noTemporaryFiles(t, filepath.Join(dir, "real"))
}

// TestOutputNeverAnInput: an output that is one of the run's inputs, by
// the same name, another name, a hard link or a symlink, is refused with
// exit 2 before anything is read, and the input is left as it was.
func TestOutputNeverAnInput(t *testing.T) {
	// Each case gets its own files: a run that overwrote one must not
	// decide the next case's outcome.
	fixture := func(t *testing.T) (dir string, data, summary []byte) {
		dir = t.TempDir()
		_, data = writeLines(t, dir, "a.log", 10)
		os.Link(filepath.Join(dir, "a.log"), filepath.Join(dir, "hard.log"))
		os.Symlink("a.log", filepath.Join(dir, "sym.log"))
		os.WriteFile(filepath.Join(dir, "cut.log.gz"), gz(t, data)[:20], 0o644)
		if code, _, stderr := execIn(t, dir, "--save", "s.slasum", "a.log"); code != 0 {
			t.Fatalf("--save: exit %d: %s", code, stderr)
		}
		summary, _ = os.ReadFile(filepath.Join(dir, "s.slasum"))
		return dir, data, summary
	}

	cases := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"-o", []string{"a.log", "-o", "a.log"}, `-o "a.log" is an input: give another file`},
		{"--save", []string{"a.log", "--save", "a.log"}, `--save "a.log" is an input`},
		{"--export", []string{"a.log", "--export", "a.log"}, `--export "a.log" is an input`},
		{"--state", []string{"a.log", "--state", "a.log"}, `--state "a.log" is an input`},
		{"--cpuprofile", []string{"a.log", "--cpuprofile", "a.log"}, `--cpuprofile "a.log" is an input`},
		{"--memprofile", []string{"a.log", "--memprofile", "a.log"}, `--memprofile "a.log" is an input`},
		{"another name", []string{"a.log", "-o", "./a.log"}, `-o "./a.log" is the input "a.log"`},
		{"hard link", []string{"a.log", "-o", "hard.log"}, `-o "hard.log" is the input "a.log"`},
		{"symlink output", []string{"a.log", "-o", "sym.log"}, `-o "sym.log" is the input "a.log"`},
		{"symlink input", []string{"sym.log", "-o", "a.log"}, `-o "a.log" is the input "sym.log"`},
		{"glob", []string{"*.log", "--save", "a.log"}, `--save "a.log" is an input`},
		{"before reading", []string{"a.log", "cut.log.gz", "-o", "a.log"}, `-o "a.log" is an input`},
		{"merge -o", []string{"merge", "s.slasum", "-o", "s.slasum"}, `-o "s.slasum" is an input`},
		{"merge --save", []string{"merge", "s.slasum", "--save", "s.slasum"}, `--save "s.slasum" is an input`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir, data, summary := fixture(t)
			code, _, stderr := execIn(t, dir, tc.args...)
			if code != exitUsage || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, stderr, tc.stderr)
			}
			for _, name := range []string{"a.log", "hard.log"} {
				if b, _ := os.ReadFile(filepath.Join(dir, name)); !bytes.Equal(b, data) {
					t.Fatalf("the input %s was overwritten", name)
				}
			}
			if b, _ := os.ReadFile(filepath.Join(dir, "s.slasum")); !bytes.Equal(b, summary) {
				t.Fatal("the input summary was overwritten")
			}
			if !isSymlink(t, filepath.Join(dir, "sym.log")) {
				t.Fatal("the input symlink was replaced")
			}
		})
	}
	// Standard input is not a path, and a new file cannot be an input.
	dir, data, _ := fixture(t)
	cmd := exec.Command(binary, "-o", "new.md", "-")
	cmd.Dir, cmd.Stdin = dir, bytes.NewReader(data)
	if code, _, stderr, _ := execCmd(cmd); code != 0 {
		t.Errorf("stdin to a new file: exit %d: %s", code, stderr)
	}
}

// TestOutputsNeverShareAFile: two outputs naming one file, by the same
// name, another spelling or a link, are refused before anything is read
// or written; a character device such as /dev/null takes several.
func TestOutputsNeverShareAFile(t *testing.T) {
	cases := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"-o and --save", []string{"-o", "out.json", "--save", "out.json"}, `--save "out.json" names the same file as -o`},
		{"another spelling", []string{"-o", "out.md", "--export", "./out.md"}, `--export "./out.md" names the same file as -o`},
		{"an existing file by a link", []string{"--save", "old.txt", "--export", "link.txt"}, `--export "link.txt" names the same file as --save`},
		{"--state and --save", []string{"--state", "s", "--save", "s"}, `--state "s" names the same file as --save`},
		{"merge", []string{"merge", "in.slasum", "-o", "m.md", "--save", "m.md"}, `--save "m.md" names the same file as -o`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeLines(t, dir, "a.log", 10)
			if code, _, stderr := execIn(t, dir, "--save", "in.slasum", "a.log"); code != 0 {
				t.Fatalf("--save: exit %d: %s", code, stderr)
			}
			os.WriteFile(filepath.Join(dir, "old.txt"), []byte("kept"), 0o644)
			os.Symlink("old.txt", filepath.Join(dir, "link.txt"))
			args := tc.args
			if args[0] != "merge" {
				args = append(args, "a.log")
			}
			code, _, stderr := execIn(t, dir, args...)
			if code != exitUsage || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, stderr, tc.stderr)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 4 {
				t.Errorf("files after a refused run: %d, want the 4 of the fixture", len(entries))
			}
			if b, _ := os.ReadFile(filepath.Join(dir, "old.txt")); string(b) != "kept" {
				t.Errorf("old.txt was overwritten: %q", b)
			}
		})
	}
	// /dev/null is no file to share.
	dir := t.TempDir()
	writeLines(t, dir, "a.log", 10)
	if code, _, stderr := execIn(t, dir, "-f", "json", "-o", os.DevNull, "--save", os.DevNull, "a.log"); code != 0 {
		t.Errorf("-o and --save to %s: exit %d: %s", os.DevNull, code, stderr)
	}
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

// TestOutputsAllOrNothing: when one output cannot be written, none is:
// an existing report stays as it was, no summary or state appears, and
// no temporary file is left.
func TestOutputsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	writeLines(t, dir, "a.log", 10)
	os.WriteFile(filepath.Join(dir, "plain"), []byte("a file, not a directory\n"), 0o644)
	cases := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"--save under a file", []string{"--save", "plain/s.slasum"}, `write "plain/s.slasum": not a directory`},
		{"--export and --state under a file", []string{"--state", "st", "--export", "plain/x.parquet"}, `write "plain/x.parquet": not a directory`},
		{"--save to a full device", []string{"--save", "/dev/full", "--state", "st"}, `write "/dev/full": no space left on device`},
		{"--memprofile under a file", []string{"--save", "s.slasum", "--memprofile", "plain/mem.prof"}, `write "plain/mem.prof": not a directory`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if strings.Contains(tc.name, "device") {
				if _, err := os.Stat("/dev/full"); err != nil {
					t.Skip("no /dev/full")
				}
			}
			os.WriteFile(filepath.Join(dir, "report.md"), []byte("previous report\n"), 0o644)
			code, _, stderr := execIn(t, dir, append([]string{"-o", "report.md", "a.log"}, tc.args...)...)
			if code != exitOutput || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("exit %d, stderr %q; want exit 4 and %q", code, stderr, tc.stderr)
			}
			if b, _ := os.ReadFile(filepath.Join(dir, "report.md")); string(b) != "previous report\n" {
				t.Errorf("the existing report was replaced although another output failed: %.40q", b)
			}
			for _, name := range []string{"st", "s.slasum"} {
				if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
					t.Errorf("%s was written although another output failed", name)
				}
			}
			noTemporaryFiles(t, dir)
		})
	}
}

// TestSignalWhileWritingOutputs stops a run with SIGTERM while it waits to
// write one of its outputs, a named pipe nobody reads yet: the run exits
// 143 and the other outputs are left as they were.
func TestSignalWhileWritingOutputs(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("finds the waiting thread through /proc")
	}
	dir := t.TempDir()
	log, _ := writeLines(t, dir, "a.log", 10)
	out := filepath.Join(dir, "report.md")
	os.WriteFile(out, []byte("previous report\n"), 0o644)
	fifo := filepath.Join(dir, "export.pipe")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	cmd := exec.Command(binary, "-o", out, "--save", filepath.Join(dir, "s.slasum"), "--export", fifo, log)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	defer func() {
		// A run still waiting would keep the pipe open: let it go.
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-done
		}
	}()
	if !waitForPipeOpen(cmd.Process.Pid, done, 20*time.Second) {
		t.Skip("could not see the run wait for the pipe's reader (no /proc/PID/task/*/wchan)")
	}
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		// Unblock a run that ignored the signal, to see what it does next.
		if r, err := os.OpenFile(fifo, os.O_RDONLY, 0); err == nil {
			go func() { io.Copy(io.Discard, r); r.Close() }()
		}
		<-done
		t.Errorf("SIGTERM did not stop a run waiting to write a pipe")
	}
	if code := cmd.ProcessState.ExitCode(); code != 143 {
		t.Errorf("exit %d, want 143; stderr: %s", code, stderr.String())
	}
	if b, _ := os.ReadFile(out); string(b) != "previous report\n" {
		t.Errorf("the existing report was replaced by an interrupted run: %.40q", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "s.slasum")); err == nil {
		t.Error("an interrupted run wrote its summary")
	}
	noTemporaryFiles(t, dir)
}

// waitForPipeOpen waits until a thread of process pid sleeps opening a
// named pipe for writing (kernel wait channel wait_for_partner, or
// fifo_open on older kernels).
func waitForPipeOpen(pid int, done <-chan error, limit time.Duration) bool {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case <-done:
			return false
		default:
		}
		tasks, _ := filepath.Glob(filepath.Join("/proc", strconv.Itoa(pid), "task", "*", "wchan"))
		for _, task := range tasks {
			if b, _ := os.ReadFile(task); string(b) == "wait_for_partner" || string(b) == "fifo_open" {
				return true
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
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

// TestFullDiskNamesTheOutput: when writing an output fails (here a file
// size limit; a full disk is the same), the message names the file the
// user asked for, not the temporary file, and nothing is left behind.
func TestFullDiskNamesTheOutput(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no ulimit")
	}
	dir := t.TempDir()
	log, _ := writeLines(t, dir, "a.log", 100)
	out := filepath.Join(dir, "report.html")
	// Ignore SIGXFSZ so that a write over the limit fails with EFBIG, as
	// one on a full disk fails with ENOSPC. 2 blocks are 1 KiB or 2.
	cmd := exec.Command("sh", "-c", `trap "" XFSZ; ulimit -f 2 && exec "$0" "$@"`, binary, "-o", out, log)
	code, _, stderr, err := execCmd(cmd)
	if err != nil {
		t.Fatal(err)
	}
	want := `slareport: write "` + out + `": file too large` + "\n"
	if code != exitOutput || stderr.String() != want {
		t.Errorf("exit %d, stderr %q; want exit 4 and %q", code, stderr.String(), want)
	}
	noTemporaryFiles(t, dir)

	if _, err := os.Stat("/dev/full"); err != nil {
		return
	}
	link := filepath.Join(dir, "full.md")
	os.Symlink("/dev/full", link)
	code, _, stderr2, _ := execBinary(t, "-o", link, log)
	if want := `slareport: write "` + link + `": no space left on device` + "\n"; code != exitOutput || stderr2.String() != want {
		t.Errorf("-o to /dev/full: exit %d, stderr %q; want exit 4 and %q", code, stderr2.String(), want)
	}
}

// TestDestination is the table of what writing to a path means: which file
// a rename replaces, what is written in place, and which links lead to
// the run's own standard output or error.
func TestDestination(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("uses /dev and /proc")
	}
	dir := t.TempDir()
	t.Chdir(dir)
	os.WriteFile("file.md", nil, 0o644)
	os.Mkdir("sub", 0o755)
	syscall.Mkfifo("pipe", 0o644)
	for link, target := range map[string]string{
		"link.md":     "file.md",
		"chain.md":    "link.md",
		"abs.md":      filepath.Join(dir, "sub", "x.md"),
		"dangling.md": "sub/new.md",
		"null":        "/dev/null",
		"stdout":      "/dev/stdout",
		"fd2":         "/proc/self/fd/2",
		"shm.md":      "/dev/shm/x.md",
		"loop1":       "loop2",
		"loop2":       "loop1",
	} {
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		path string
		want where
		err  error
	}{
		{"file.md", where{target: "file.md"}, nil},
		{"new.md", where{target: "new.md"}, nil},
		{"link.md", where{target: "file.md"}, nil},
		{"chain.md", where{target: "file.md"}, nil},
		{"abs.md", where{target: filepath.Join(dir, "sub", "x.md")}, nil},
		{"dangling.md", where{target: "sub/new.md"}, nil},
		{"pipe", where{target: "pipe", inPlace: true}, nil},
		{"sub", where{target: "sub", inPlace: true}, nil},
		{"/dev/null", where{target: "/dev/null", inPlace: true}, nil},
		{"null", where{target: "/dev/null", inPlace: true}, nil},
		{"shm.md", where{target: "/dev/shm/x.md", inPlace: true}, nil},
		{"/dev/stdout", where{fd: 1}, nil},
		{"/dev/fd/1", where{fd: 1}, nil},
		{"/proc/self/fd/1", where{fd: 1}, nil},
		{"stdout", where{fd: 1}, nil},
		{"fd2", where{fd: 2}, nil},
		{"loop1", where{}, syscall.ELOOP},
		{"file.md/x", where{}, syscall.ENOTDIR},
	}
	for _, tc := range cases {
		got, err := destination(tc.path)
		if got != tc.want || !errors.Is(err, tc.err) || (err == nil) != (tc.err == nil) {
			t.Errorf("destination(%q) = %+v, %v; want %+v, %v", tc.path, got, err, tc.want, tc.err)
		}
	}
}

// TestOutputDashIsStandardOutput: -o - writes the report to standard
// output, as the other tools of a shell pipeline do, and leaves no file
// named "-" behind; ./- is a file.
func TestOutputDashIsStandardOutput(t *testing.T) {
	dir := t.TempDir()
	writeLines(t, dir, "a.log", 10)
	for _, args := range [][]string{{"-q", "-o", "-", "-f", "json", "a.log"}, {"merge", "-o", "-", "-f", "json", "a.slasum"}} {
		if args[0] == "merge" {
			if code, _, stderr := execIn(t, dir, "-q", "--save", "a.slasum", "-o", "/dev/null", "a.log"); code != 0 {
				t.Fatalf("--save: exit %d: %s", code, stderr)
			}
		}
		code, stdout, stderr := execIn(t, dir, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d, want 0: %s", args, code, stderr)
		}
		if got := reportLinesRead(t, stdout); got != 10 {
			t.Errorf("%v: lines.read %v on standard output, want 10", args, got)
		}
		if _, err := os.Stat(filepath.Join(dir, "-")); err == nil {
			t.Fatalf("%v: wrote a file named -", args)
		}
	}
	if code, stdout, stderr := execIn(t, dir, "-q", "-o", "./-", "a.log"); code != 0 || stdout != "" {
		t.Fatalf("-o ./-: exit %d, stdout %.80q: %s", code, stdout, stderr)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "-")); err != nil || !bytes.HasPrefix(b, []byte("# SLA report")) {
		t.Errorf("-o ./- wrote %.80q, %v", b, err)
	}
}
