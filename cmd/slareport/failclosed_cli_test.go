package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/alecthomas/kong"
	"github.com/klauspost/compress/gzip"
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

// fileIsHTML checks that the run wrote an HTML report to name.
func fileIsHTML(name string) func(*testing.T, cliResult) {
	return func(t *testing.T, r cliResult) {
		b, err := os.ReadFile(filepath.Join(r.dir, name))
		if err != nil || !bytes.HasPrefix(bytes.ToLower(b), []byte("<!doctype html>")) {
			t.Errorf("%s is not HTML: %.40q %v", name, b, err)
		}
	}
}

// fileIsJSON checks that the run wrote JSON to name.
func fileIsJSON(name string) func(*testing.T, cliResult) {
	return func(t *testing.T, r cliResult) {
		b, err := os.ReadFile(filepath.Join(r.dir, name))
		if err != nil || !json.Valid(b) {
			t.Errorf("%s is not JSON: %.40q %v", name, b, err)
		}
	}
}

// fileIsMarkdown checks that the run wrote Markdown (a heading first) to name.
func fileIsMarkdown(name string) func(*testing.T, cliResult) {
	return func(t *testing.T, r cliResult) {
		b, err := os.ReadFile(filepath.Join(r.dir, name))
		if err != nil || !bytes.HasPrefix(b, []byte("# ")) {
			t.Errorf("%s is not Markdown: %.40q %v", name, b, err)
		}
	}
}

// fileAbsent checks that the run wrote nothing to name.
func fileAbsent(name string) func(*testing.T, cliResult) {
	return func(t *testing.T, r cliResult) {
		if _, err := os.Stat(filepath.Join(r.dir, name)); err == nil {
			t.Errorf("%s was written", name)
		}
	}
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
	sum := filepath.Join(dir, "a.slasum")
	if code, _, stderr, _ := execBinary(t, "--save", sum, "-o", filepath.Join(dir, "saved.md"), sampleLog); code != 1 && code != 0 {
		t.Fatalf("--save: exit %d: %s", code, stderr)
	}

	noSummary := filepath.Join(dir, "no", "such", "dir", "summary.md")
	github := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": noSummary}
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
		{"--latency-slo 0.5%<300ms", []string{"--latency-slo", "0.5%<300ms", "--allow-no-data", "{log}"}, "", nil, 0, []string{"latency-slo passed: no data, allowed"}, nil},

		// 3. -o picks the format from the extension; -f may not contradict it.
		{"-o .html", []string{"-o", "{dir}/r1.html", "{log}"}, "", nil, 0, nil, fileIsHTML("r1.html")},
		{"-o .HTM", []string{"-o", "{dir}/r2.HTM", "{log}"}, "", nil, 0, nil, fileIsHTML("r2.HTM")},
		{"-o .json", []string{"-o", "{dir}/r3.json", "{log}"}, "", nil, 0, nil, fileIsJSON("r3.json")},
		{"-o .markdown", []string{"-o", "{dir}/r4.markdown", "{log}"}, "", nil, 0, nil, fileIsMarkdown("r4.markdown")},
		{"-o other extension is Markdown", []string{"-o", "{dir}/r5.txt", "{log}"}, "", nil, 0, nil, fileIsMarkdown("r5.txt")},
		{"-f auto -o .html", []string{"-f", "auto", "-o", "{dir}/r6.html", "{log}"}, "", nil, 0, nil, fileIsHTML("r6.html")},
		{"-f JSON", []string{"-f", "JSON", "-o", "{dir}/r7.json", "{log}"}, "", nil, 0, nil, fileIsJSON("r7.json")},
		{"-f Html agrees with .html", []string{"-f", "Html", "-o", "{dir}/r8.html", "{log}"}, "", nil, 0, nil, fileIsHTML("r8.html")},
		{"-f json contradicts .html", []string{"-f", "json", "-o", "{dir}/r9.html", "{log}"}, "", nil, exitUsage,
			[]string{"-f json contradicts -o ", "r9.html: drop -f, or name the file .json"}, fileAbsent("r9.html")},
		{"-f markdown contradicts .json", []string{"-f", "markdown", "-o", "{dir}/r10.json", "{log}"}, "", nil, exitUsage,
			[]string{"-f markdown contradicts -o ", "name the file .md"}, fileAbsent("r10.json")},
		{"-f html with another extension", []string{"-f", "html", "-o", "{dir}/r11.out", "{log}"}, "", nil, 0, nil, fileIsHTML("r11.out")},
		{"merge -o .html", []string{"merge", "-o", "{dir}/m1.html", "{sum}"}, "", nil, 0, nil, fileIsHTML("m1.html")},
		{"merge -f JSON", []string{"merge", "-f", "JSON", "{sum}"}, "", nil, 0, nil, stdoutHas(`"schema": "slareport/v1"`)},
		{"merge -f html contradicts .json", []string{"merge", "-f", "html", "-o", "{dir}/m2.json", "{sum}"}, "", nil, exitUsage,
			[]string{"-f html contradicts -o "}, fileAbsent("m2.json")},
		{"codes -o .json", []string{"codes", "-o", "{dir}/c1.json", "499"}, "", nil, 0, nil, fileIsJSON("c1.json")},
		{"codes -o .html", []string{"codes", "-o", "{dir}/c2.html"}, "", nil, 0, nil, fileIsHTML("c2.html")},
		{"codes -f Markdown", []string{"codes", "-f", "Markdown", "499"}, "", nil, 0, nil, stdoutHas("# ")},
		{"codes -f text contradicts .html", []string{"codes", "-f", "text", "-o", "{dir}/c3.html", "499"}, "", nil, exitUsage,
			[]string{"-f text contradicts -o ", "name the file .txt"}, fileAbsent("c3.html")},

		// 4. The step summary is a side channel: its failure warns, the
		// verdict decides the exit code.
		{"step summary unwritable, gate passes", []string{"--slo", "90", "{log}"}, "", github, 0,
			[]string{"slareport: warning: append to $GITHUB_STEP_SUMMARY " + `"` + noSummary + `": no such file or directory`}, nil},
		{"step summary unwritable, gate fails", []string{"--slo", "99.9", "{log}"}, "", github, 1,
			[]string{"slareport: warning: append to $GITHUB_STEP_SUMMARY ", "slareport: slo failed: availability "}, nil},

		// A window without traffic is no data, not a log nothing parses
		// (the sample has three malformed lines, and every other one is
		// outside the window).
		{"window with no traffic", []string{"-f", "json", "--period", "2026-12-01", "--tz", "UTC", "{log}"}, "", nil, 0, nil, jsonLinesRead(3000)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := make([]string, len(tc.args))
			for i, a := range tc.args {
				a = strings.ReplaceAll(a, "{dir}/", dir+string(filepath.Separator))
				a = strings.ReplaceAll(a, "{log}", sampleLog)
				args[i] = strings.ReplaceAll(a, "{sum}", sum)
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

// TestHelpExamplesRun runs every command line the help shows, on the
// bundled sample: each must be accepted (exit 0 or 1), so the help cannot
// promise what slareport refuses. Logs named in them become the sample,
// summaries two saved from its halves, files written land in a temporary
// directory (and must be there after the run), and a pipe into slareport
// becomes the sample on standard input.
func TestHelpExamplesRun(t *testing.T) {
	dir := t.TempDir()
	// Files the examples read, by flag: an SLO file, which the summaries
	// the merge examples take were saved with.
	reads := map[string]string{"slo-file": writeFile(t, dir, "slos.yaml", threeSLOs)}
	sums := sampleHalves(t, dir, "--slo-file", reads["slo-file"])
	takesValue := valueFlags()
	writes := map[string]bool{"o": true, "output": true, "save": true, "export": true, "state": true, "cpuprofile": true, "memprofile": true}
	sample, err := os.ReadFile(sampleLog)
	if err != nil {
		t.Fatal(err)
	}

	for _, sub := range []string{"", "merge", "codes", "formats"} {
		args := []string{"--help"}
		if sub != "" {
			args = []string{sub, "--help"}
		}
		code, stdout, stderr, _ := execBinary(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		help := stdout.String()
		if sub == "" {
			// Every family of formats and every exit code, however $COLUMNS wraps the text.
			flat := strings.Join(strings.Fields(help), " ")
			for _, want := range []string{"nginx", "Apache", "W3C", "IIS", "CloudFront", "ELB", "ALB", "S3", "Google Cloud Storage",
				"Caddy", "Traefik", "Squid", "JSON lines", "a coloured summary on a terminal", "no input (exit 2)",
				"Exit codes: 0 ", " 1 report written; a gate failed", " 2 usage error", " 3 input error", " 4 output error", " 130 ", "143"} {
				if !strings.Contains(flat, want) {
					t.Errorf("--help does not mention %q", want)
				}
			}
		}
		examples := helpExamples(help)
		if len(examples) == 0 {
			t.Errorf("%v shows no example", args)
		}
		for _, ex := range examples {
			t.Run(ex, func(t *testing.T) {
				words := shellWords(ex)
				piped := false
				if i := slices.Index(words, "|"); i >= 0 {
					words, piped = words[i+1:], true
				}
				if len(words) == 0 || words[0] != "slareport" {
					t.Fatalf("not a slareport command: %q", ex)
				}
				words = words[1:]
				cmdName := "report"
				if len(words) > 0 && slices.Contains([]string{"report", "merge", "codes", "formats"}, words[0]) {
					cmdName = words[0]
				}
				var run, written []string
				nsum := 0
				for i := 0; i < len(words); i++ {
					w := words[i]
					switch {
					case i == 0 && w == cmdName:
					case w == "-" || !strings.HasPrefix(w, "-"):
						switch cmdName {
						case "report":
							if w != "-" {
								w = sampleLog
							}
						case "merge":
							if nsum == len(sums) {
								t.Fatalf("more summaries than the test saves: %q", ex)
							}
							w, nsum = sums[nsum], nsum+1
						}
					default:
						name, value, inline := strings.Cut(strings.TrimLeft(w, "-"), "=")
						if !inline && takesValue[name] && i+1 < len(words) {
							i++
							value = words[i]
						} else if !inline {
							break
						}
						if writes[name] {
							value = filepath.Join(dir, filepath.Base(value))
							written = append(written, value)
						}
						if f, ok := reads[name]; ok {
							value = f
						}
						if inline {
							w = strings.SplitN(w, "=", 2)[0] + "=" + value
						} else {
							run = append(run, w)
							w = value
						}
					}
					run = append(run, w)
				}
				cmd := binaryCmd(run, nil)
				if piped {
					cmd.Stdin = bytes.NewReader(sample)
				}
				if slices.Contains(run, "--follow") {
					followExample(t, cmd, written)
					return
				}
				code, _, stderr, err := execCmd(cmd)
				if err != nil {
					t.Fatal(err)
				}
				if code != 0 && code != 1 {
					t.Fatalf("slareport %s: exit %d: %s", strings.Join(run, " "), code, stderr)
				}
				for _, f := range written {
					if _, err := os.Stat(f); err != nil {
						t.Errorf("slareport %s wrote no %s", strings.Join(run, " "), filepath.Base(f))
					}
				}
			})
		}
	}
}

// helpExamples returns the command lines of the "Examples:" blocks of a
// help text: their indented lines that run slareport.
func helpExamples(help string) []string {
	var out []string
	in := false
	for _, line := range strings.Split(help, "\n") {
		switch {
		case strings.TrimSpace(line) == "Examples:":
			in = true
		case in && line != "" && !strings.HasPrefix(line, " "):
			in = false
		case in:
			l := strings.TrimSpace(line)
			if strings.HasPrefix(l, "slareport ") || strings.Contains(l, "| slareport ") {
				out = append(out, l)
			}
		}
	}
	return out
}

// shellWords splits a command line as sh does for plain words, '...' and
// "..." quotes; an unquoted | is a word of its own.
func shellWords(s string) []string {
	var words []string
	var w strings.Builder
	inWord := false
	var quote rune
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			w.WriteRune(r)
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words, inWord = append(words, w.String()), false
				w.Reset()
			}
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	return words
}

// valueFlags returns which flags of every command take a value, by long
// and short name (--no-github, a negated bool, takes none).
func valueFlags() map[string]bool {
	m := map[string]bool{}
	var walk func(*kong.Node)
	walk = func(n *kong.Node) {
		for _, f := range n.Flags {
			v := !f.IsBool() && !f.IsCounter()
			m[f.Name] = v
			if f.Short != 0 {
				m[string(f.Short)] = v
			}
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	walk(newParser(&cli{}, &env{stdout: io.Discard, stderr: io.Discard}).Model.Node)
	return m
}

// sampleHalves saves summaries of the two halves of the sample, which
// merge accepts together, and returns their paths.
func sampleHalves(t *testing.T, dir string, extra ...string) []string {
	t.Helper()
	f, err := os.Open(sampleLog)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	cut := bytes.IndexByte(data[len(data)/2:], '\n') + len(data)/2 + 1
	var sums []string
	for i, part := range [][]byte{data[:cut], data[cut:]} {
		log := filepath.Join(dir, fmt.Sprintf("half%d.log", i+1))
		sum := filepath.Join(dir, fmt.Sprintf("half%d.slasum", i+1))
		if err := os.WriteFile(log, part, 0o644); err != nil {
			t.Fatal(err)
		}
		if code, _, stderr, _ := execBinary(t, append(extra, "--save", sum, "-o", log+".md", log)...); code != 0 && code != 1 {
			t.Fatalf("--save %s: exit %d: %s", sum, code, stderr)
		}
		sums = append(sums, sum)
	}
	return sums
}

// followExample runs a --follow example until its first report (on
// standard output, or in the files it writes), then stops it with
// SIGTERM: it must end with 143.
func followExample(t *testing.T, cmd *exec.Cmd, written []string) {
	t.Helper()
	var stdout, stderr syncBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	for _, f := range written {
		os.Remove(f) // an earlier example's: wait for this one's
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	for range 200 {
		done := stdout.Len() > 0
		for _, f := range written {
			_, err := os.Stat(f)
			done = err == nil
		}
		if done {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 143 {
		t.Errorf("%v: exit %d after SIGTERM, want 143: %s", cmd.Args, code, stderr.String())
	}
	for _, f := range written {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("%v wrote no %s", cmd.Args, filepath.Base(f))
		}
	}
}

// syncBuffer is a buffer a process writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Len()
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
