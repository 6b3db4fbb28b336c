package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// good is one combined line at a given time and status.
func good(ts string, status string) string {
	return `203.0.113.7 - - [` + ts + `] "GET /x HTTP/1.1" ` + status + ` 5 "-" "t"` + "\n"
}

func gz(t *testing.T, data []byte) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(data)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// runBinary runs the built slareport and returns its exit code, JSON report
// (when it wrote one), stderr and peak RSS in KiB.
func runBinary(t *testing.T, args ...string) (int, map[string]any, string, int64) {
	t.Helper()
	code, stdout, stderr, cmd := execBinary(t, append([]string{"-f", "json"}, args...)...)
	var r map[string]any
	if stdout.Len() > 0 {
		if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
			t.Fatalf("stdout is not JSON: %v", err)
		}
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss
	}
	return code, r, stderr.String(), rss
}

// execBinary runs the built slareport with args and returns its exit code
// and output; it fails the test only when the process cannot run at all.
func execBinary(t *testing.T, args ...string) (code int, stdout, stderr *bytes.Buffer, cmd *exec.Cmd) {
	t.Helper()
	cmd = exec.Command(binary, args...)
	code, stdout, stderr, err := execCmd(cmd)
	if err != nil {
		t.Fatal(err)
	}
	return code, stdout, stderr, cmd
}

// execCmd runs cmd and returns its exit code and output; err is set only
// when it could not run at all.
func execCmd(cmd *exec.Cmd) (code int, stdout, stderr *bytes.Buffer, err error) {
	stdout, stderr = &bytes.Buffer{}, &bytes.Buffer{}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	err = cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), stdout, stderr, nil
	}
	return 0, stdout, stderr, err
}

func num(r map[string]any, path ...string) float64 {
	var v any = r
	for _, p := range path {
		m, _ := v.(map[string]any)
		v = m[p]
	}
	f, _ := v.(float64)
	return f
}

// TestHostileInputs is the bad-input matrix: each input runs through the
// real binary, and the exit code, the message and the accounting
// (read = parsed + malformed + filtered) are checked.
func TestHostileInputs(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	lines := strings.Repeat(good("02/Nov/2026:10:00:00 +0000", "200"), 3000) + good("02/Nov/2026:10:00:01 +0000", "503")
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 20<<20)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	full := gz(t, []byte(lines))
	badCRC := bytes.Clone(full)
	badCRC[len(badCRC)-8] ^= 0xff // the CRC32 in the gzip trailer
	var zs bytes.Buffer
	zw, _ := zstd.NewWriter(&zs)
	zw.Write([]byte(lines))
	zw.Close()

	cases := []struct {
		name      string
		data      []byte
		code      int
		stderr    string // substring
		read      float64
		parsed    float64
		malformed float64
	}{
		{"empty file", nil, 0, "", 0, 0, 0},
		{"only blank lines", []byte("\n\n  \n\t\n"), 0, "", 4, 0, 0},
		{"a clean file ending in an extra newline", []byte(lines + "\n"), 0, "", 3002, 3001, 0},
		{"no newline at the end", []byte(strings.TrimSuffix(lines, "\n")), 0, "", 3001, 3001, 0},
		{"CRLF", []byte(strings.ReplaceAll(lines, "\n", "\r\n")), 0, "", 3001, 3001, 0},
		{"NUL bytes inside lines", []byte(lines + "1.2.3.4 - - [02/Nov/2026:10:00:00 +0000] \"GET /\x00 HTTP/1.1\" 200 5\n\x00\x00\x00\n"), 0, "", 3003, 3002, 1},
		{"invalid UTF-8", []byte(lines + good("02/Nov/2026:10:00:00 +0000", "200")[:40] + "\xff\xfe\xc0" + "\n"), 0, "", 3002, 3001, 1},
		{"a 10 MiB line", []byte(lines + strings.Repeat("A", 10<<20) + "\n" + lines), 0, "", 6003, 6002, 1},
		{"20 MB of random bytes", random, 3, "no known format", 0, 0, 0},
		{"gzip truncated mid-stream", full[:len(full)/2], 3, "unexpected EOF (after ", 0, 0, 0},
		{"gzip with a corrupt CRC", badCRC, 3, "gzip: invalid checksum", 0, 0, 0},
		{"zstd truncated", zs.Bytes()[:zs.Len()/2], 3, "unexpected EOF", 0, 0, 0},
		{"multi-member gzip", append(gz(t, []byte(lines)), gz(t, []byte(lines))...), 0, "", 6002, 6002, 0},
		{"mixed formats in one file", []byte(lines + `{"status":200,"time":"2026-11-02T10:00:00Z"}` + "\n" + "127.0.0.1 - - [02/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.0\" 200 5\n"), 0, "", 3003, 3002, 1},
		{"timestamps far out of order, 1970 and 2100", []byte(lines + good("01/Jan/1970:00:00:00 +0000", "200") + good("31/Dec/2100:23:59:59 +0000", "500") + good("02/Nov/2026:09:00:00 +0000", "200")), 0, "", 3004, 3004, 0},
		{"impossible dates", []byte(lines + good("31/Feb/2026:10:00:00 +0000", "200") + good("02/Nov/2026:25:00:00 +0000", "200")), 0, "", 3003, 3003, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := write(strings.ReplaceAll(tc.name, " ", "_")+".log", tc.data)
			code, r, stderr, _ := runBinary(t, path)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tc.code, stderr)
			}
			if !strings.Contains(stderr, tc.stderr) || (tc.stderr == "" && stderr != "") {
				t.Errorf("stderr %q, want it to contain %q", stderr, tc.stderr)
			}
			if tc.code != 0 {
				if r != nil {
					t.Error("a report was written on an input error")
				}
				if !strings.Contains(stderr, path) {
					t.Errorf("the message does not name the file: %s", stderr)
				}
				return
			}
			read, parsed, malformed, filtered := num(r, "lines", "read"), num(r, "lines", "parsed"), num(r, "lines", "malformed"), num(r, "lines", "filtered")
			if read != tc.read || parsed != tc.parsed || malformed != tc.malformed {
				t.Errorf("lines read %v parsed %v malformed %v, want %v %v %v", read, parsed, malformed, tc.read, tc.parsed, tc.malformed)
			}
			if read != parsed+malformed+filtered {
				t.Errorf("read %v != parsed %v + malformed %v + filtered %v", read, parsed, malformed, filtered)
			}
		})
	}
}

// TestGzipBomb decompresses 1 GiB of zeros from a 1 MiB file: memory stays
// bounded (one over-long line is skipped, not held) and the run ends with
// a clear input error.
func TestGzipBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("decompresses 1 GiB; skipped with -short")
	}
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	zero := make([]byte, 1<<20)
	for range 1024 {
		w.Write(zero)
	}
	w.Close()
	path := filepath.Join(t.TempDir(), "bomb.gz")
	os.WriteFile(path, b.Bytes(), 0o644)
	// The peak RSS as GNU time measures it: a child's own rusage includes
	// this test process, whose memory a forked child starts from, and
	// which the tests before this one have grown.
	timer, err := exec.LookPath("/usr/bin/time")
	if err != nil {
		t.Skip("no /usr/bin/time (Debian package time) to measure the peak RSS with")
	}
	code, _, errb, err := execCmd(exec.Command(timer, "-f", "peak %M KiB", binary, "-f", "json", path))
	if err != nil {
		t.Fatal(err)
	}
	stderr := errb.String()
	var rss int64
	if i := strings.LastIndex(stderr, "peak "); i < 0 {
		t.Fatalf("no peak RSS in %q", stderr)
	} else if _, err := fmt.Sscanf(stderr[i:], "peak %d KiB", &rss); err != nil {
		t.Fatal(err)
	}
	if code != exitInput || !strings.Contains(stderr, path) {
		t.Errorf("exit %d, stderr %q: want an input error naming the file", code, stderr)
	}
	if rss > 200<<10 {
		t.Errorf("peak RSS %d MiB decompressing a bomb; want it bounded well under 200 MiB", rss>>10)
	}
	t.Logf("%d-byte gzip of 1 GiB: exit %d, peak RSS %d MiB, %s", b.Len(), code, rss>>10, strings.TrimSpace(stderr))
}

// TestMalformedLimits checks --strict and --max-malformed against a log
// with 2 malformed lines in 3,002.
func TestMalformedLimits(t *testing.T) {
	lines := strings.Repeat(good("02/Nov/2026:10:00:00 +0000", "200"), 1000) + "junk\n" +
		strings.Repeat(good("02/Nov/2026:10:00:00 +0000", "200"), 2000) + good("02/Nov/2026:10:00:00 +0000", "2x0")
	path := filepath.Join(t.TempDir(), "a.log")
	os.WriteFile(path, []byte(lines), 0o644)
	cases := []struct {
		args   []string
		code   int
		stderr string
	}{
		{nil, 0, ""},
		{[]string{"--strict"}, 3, `--strict: 2 lines malformed (first: ` + path + `:1001: truncated line "junk")`},
		{[]string{"--max-malformed", "2"}, 0, ""},
		{[]string{"--max-malformed", "1"}, 3, "--max-malformed: 2 lines of 3002 are malformed, more than 1 line (first: " + path + ":1001:"},
		{[]string{"--max-malformed", "0.1%"}, 0, ""},
		{[]string{"--max-malformed", "0.05%"}, 3, "more than 0.05% of the lines"},
		{[]string{"--max-malformed", "lots"}, 2, "--max-malformed"},
	}
	for _, tc := range cases {
		code, _, stderr, _ := runBinary(t, append(tc.args, path)...)
		if code != tc.code || !strings.Contains(stderr, tc.stderr) || tc.stderr == "" && stderr != "" {
			t.Errorf("%v: exit %d, stderr %q; want %d, %q", tc.args, code, stderr, tc.code, tc.stderr)
		}
	}
}

// TestPartialOK: a gzip cut mid-stream with --partial-ok still exits 3
// naming the file, but writes the report of the lines read before the
// break, marked incomplete in JSON, Markdown and HTML, and saves nothing.
func TestPartialOK(t *testing.T) {
	dir := t.TempDir()
	full := gz(t, []byte(strings.Repeat(good("02/Nov/2026:10:00:00 +0000", "200"), 200000)))
	cut := filepath.Join(dir, "cut.log.gz")
	os.WriteFile(cut, full[:len(full)/2], 0o644)

	code, r, stderr, _ := runBinary(t, "--partial-ok", cut)
	if code != exitInput || !strings.Contains(stderr, `read "`+cut+`": unexpected EOF (after `) {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	inc, _ := r["incomplete"].(string)
	read := num(r, "lines", "read")
	if !strings.Contains(inc, "unexpected EOF") || read == 0 || read >= 200000 || read != num(r, "lines", "parsed") {
		t.Errorf("incomplete %q, lines read %v parsed %v", inc, read, num(r, "lines", "parsed"))
	}
	for _, f := range []string{"markdown", "html"} {
		out := filepath.Join(dir, "r."+f)
		if code, _, _, _ := execBinary(t, "--partial-ok", "-f", f, "-o", out, "--save", filepath.Join(dir, "s.slasum"), cut); code == 0 {
			t.Fatalf("%s: exit 0 on a truncated input", f)
		}
		b, _ := os.ReadFile(out)
		if !bytes.Contains(b, []byte("Incomplete")) || !bytes.Contains(b, []byte("unexpected EOF")) {
			t.Errorf("%s report not marked incomplete", f)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "s.slasum")); err == nil {
		t.Error("a summary was saved from an incomplete run")
	}
	// Without --partial-ok nothing is written.
	if code, r, _, _ := runBinary(t, cut); code != exitInput || r != nil {
		t.Errorf("exit %d, report %v without --partial-ok", code, r != nil)
	}
	if code, _, stderr, _ := runBinary(t, "--partial-ok", "--state", filepath.Join(dir, "st"), cut); code != exitUsage {
		t.Errorf("--partial-ok with --state: exit %d, %s", code, stderr)
	}
}
