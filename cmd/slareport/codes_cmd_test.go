package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slareport/slareport/reference"
)

// runCodes runs `slareport codes ARGS` in-process; tty says whether
// standard output is a terminal.
func runCodes(t *testing.T, tty bool, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runCodesEnv(t, tty, nil, args...)
}

// runCodesEnv is runCodes with the given environment variables.
func runCodesEnv(t *testing.T, tty bool, vars map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{ctx: context.Background(), stdin: strings.NewReader(""), stdout: &out, stdoutIsTTY: tty, stderr: &errb,
		getenv: func(k string) string { return vars[k] }}
	code = run(append([]string{"codes"}, args...), e)
	return code, out.String(), errb.String()
}

// listedCodes returns the codes of the one-line entries in text output
// ("  499  Client Closed Request ...").
func listedCodes(text string) []int {
	var codes []int
	for _, m := range regexp.MustCompile(`(?m)^  (\d{3})  `).FindAllStringSubmatch(text, -1) {
		n, _ := strconv.Atoi(m[1])
		codes = append(codes, n)
	}
	return codes
}

func TestCodesCommand(t *testing.T) {
	cases := []struct {
		name   string
		args   []string
		code   int
		stdout []string // substrings, in order
		stderr string
	}{
		{"all, grouped by class", nil, 0, []string{"1xx Informational\n", "  100  Continue", "4xx Client Error\n", "  499  Client Closed Request", "5xx Server Error\n", "  599  "}, ""},
		{"one code, every meaning", []string{"499"}, 0, []string{"499 Client Closed Request\nnginx, unofficial", "SLA:", "499 Token Required\nEsri ArcGIS, unofficial"}, ""},
		{"IANA code in full", []string{"503"}, 0, []string{"503 Service Unavailable\nIANA, assigned, 5xx Server Error, RFC 9110 §15.6.4", "Behaviour: goes with Retry-After", "Counted against availability"}, ""},
		{"explicit search, ranked", []string{"search", "gateway", "timeout"}, 0, []string{`Search "gateway timeout": 2 results`, "  504  Gateway Timeout", "  502  Bad Gateway"}, ""},
		{"words are a search", []string{"unavailabel"}, 0, []string{"  503  Service Unavailable"}, ""},
		{"search with a filter", []string{"--class", "5xx", "timeout"}, 0, []string{"  504  Gateway Timeout", "  524  A Timeout Occurred"}, ""},
		{"nothing found", []string{"search", "zzzqqq"}, 0, []string{`No status code matches "zzzqqq".`}, ""},
		{"invalid code", []string{"600"}, 1, nil, "slareport: 600: not a status code: outside 100–599\n"},
		{"unknown code", []string{"299"}, 1, nil, "slareport: 299: unknown status code: unassigned by IANA and no vendor meaning is known\n"},
		{"known and unknown", []string{"499", "999"}, 1, []string{"499 Client Closed Request\n", "499 Token Required\n"}, "slareport: 999: not a status code"},
		{"code filtered out", []string{"--vendor", "nginx", "503"}, 0, []string{"503: no meaning matches the filters."}, ""},
		{"bad class", []string{"--class", "7xx"}, exitUsage, nil, `--class: class "7xx": not a status class`},
		{"bad vendor", []string{"--vendor", "acme"}, exitUsage, nil, `--vendor "acme": no such vendor (known: iana, `},
		{"search without words", []string{"search"}, exitUsage, nil, "search: give words to search for"},
		{"bad format", []string{"-f", "yaml"}, exitUsage, nil, "--format"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runCodes(t, false, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tc.code, errs)
			}
			rest := out
			for _, s := range tc.stdout {
				i := strings.Index(rest, s)
				if i < 0 {
					t.Fatalf("stdout lacks %q (in order):\n%s", s, out)
				}
				rest = rest[i+len(s):]
			}
			if !strings.Contains(errs, tc.stderr) {
				t.Errorf("stderr %q lacks %q", errs, tc.stderr)
			}
		})
	}
}

// TestCodesFilters checks that --class and --vendor keep exactly the codes
// they name, and that the class spellings agree.
func TestCodesFilters(t *testing.T) {
	_, want4, _ := runCodes(t, false, "--class", "4xx")
	codes := listedCodes(want4)
	if len(codes) < 40 {
		t.Fatalf("--class 4xx listed %d codes:\n%s", len(codes), want4)
	}
	for _, c := range codes {
		if c < 400 || c > 499 {
			t.Errorf("--class 4xx lists %d", c)
		}
	}
	for _, spelling := range []string{"4", "4XX", "client"} {
		if _, out, _ := runCodes(t, false, "--class", spelling); out != want4 {
			t.Errorf("--class %s differs from --class 4xx", spelling)
		}
	}

	_, cf, _ := runCodes(t, false, "--vendor", "cloudflare")
	want := []int{520, 521, 522, 523, 524, 525, 526, 527, 530}
	if got := listedCodes(cf); !slices.Equal(got, want) {
		t.Errorf("--vendor cloudflare lists %v, want %v", got, want)
	}
}

// TestCodesTextFits80Columns: text output fits an 80-column terminal. The
// one exception is a source URL longer than a line, which stands alone on
// its own line because a broken URL can be neither clicked nor copied.
func TestCodesTextFits80Columns(t *testing.T) {
	url := regexp.MustCompile(`^https://\S+$`)
	all := []string{"search"}
	for _, m := range reference.AllMeanings() {
		all = append(all, strconv.Itoa(m.Code))
	}
	for _, args := range [][]string{nil, {"search", "timeout"}, all[1:]} {
		_, out, _ := runCodes(t, false, args...)
		for i, line := range strings.Split(out, "\n") {
			if n := utf8.RuneCountInString(line); n > 80 && !url.MatchString(line) {
				t.Errorf("codes %.20q: line %d is %d columns: %q", strings.Join(args, " "), i+1, n, line)
			}
		}
	}
}

func TestCodesColourOnlyOnTerminal(t *testing.T) {
	const esc = "\x1b["
	noColor := map[string]string{"NO_COLOR": "1"}
	cases := []struct {
		name   string
		tty    bool
		vars   map[string]string
		args   []string
		colour bool
	}{
		{"terminal", true, nil, []string{"499"}, true},
		{"pipe", false, nil, []string{"499"}, false},
		{"terminal, never", true, nil, []string{"--color", "never", "499"}, false},
		{"terminal, NO_COLOR", true, noColor, []string{"499"}, false},
		{"NO_COLOR, always", true, noColor, []string{"--color", "always", "499"}, true},
		{"pipe, always", false, nil, []string{"--color", "always", "499"}, true},
		{"terminal, json", true, nil, []string{"-f", "json", "499"}, false},
		{"terminal, markdown", true, nil, []string{"-f", "markdown", "499"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, out, _ := runCodesEnv(t, tc.tty, tc.vars, tc.args...)
			if got := strings.Contains(out, esc); got != tc.colour {
				t.Errorf("colour %v, want %v:\n%s", got, tc.colour, out)
			}
		})
	}

	// -o on a terminal writes a file: no colour there.
	path := filepath.Join(t.TempDir(), "codes.txt")
	if code, _, errs := runCodes(t, true, "-o", path); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if b, _ := os.ReadFile(path); bytes.Contains(b, []byte(esc)) || !bytes.Contains(b, []byte("499")) {
		t.Errorf("-o file has colour or lacks entries:\n%.300s", b)
	}
}

func TestCodesJSON(t *testing.T) {
	code, out, errs := runCodes(t, false, "-f", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var entries []map[string]any
	if err := json.Unmarshal([]byte(out), &entries); err != nil {
		t.Fatalf("not a JSON array: %v", err)
	}
	if len(entries) != len(reference.AllMeanings()) {
		t.Errorf("%d entries, want one per (code, meaning): %d", len(entries), len(reference.AllMeanings()))
	}
	kinds := map[string]bool{"iana": true, "unused": true, "unofficial": true}
	type pair struct {
		code   float64
		vendor string
	}
	seen := make(map[pair]bool)
	for _, e := range entries {
		for _, k := range []string{"code", "phrase", "class", "kind", "vendor", "source", "description"} {
			if _, ok := e[k]; !ok {
				t.Errorf("entry %v lacks %q", e["code"], k)
			}
		}
		if !kinds[e["kind"].(string)] {
			t.Errorf("entry %v: kind %q", e["code"], e["kind"])
		}
		p := pair{e["code"].(float64), e["vendor"].(string)}
		if seen[p] {
			t.Errorf("entry %v appears twice", p)
		}
		seen[p] = true
	}

	_, out, _ = runCodes(t, false, "-f", "json", "search", "zzzqqq-xyzzy")
	if strings.TrimSpace(out) != "[]" {
		t.Errorf("empty search as JSON = %q, want []", out)
	}
}

func TestCodesMarkdown(t *testing.T) {
	_, out, _ := runCodes(t, false, "-f", "markdown", "--class", "server")
	for _, s := range []string{"# HTTP status codes\n", "## 5xx Server Error\n", "| Code | Phrase | Who | Summary |", "| 503 | Service Unavailable | IANA | ", "| 520 | Web Server Returns an Unknown Error | Cloudflare | "} {
		if !strings.Contains(out, s) {
			t.Errorf("markdown lacks %q:\n%s", s, out)
		}
	}
	if strings.Contains(out, "## 4xx") {
		t.Error("--class server markdown has a 4xx section")
	}
}

func TestCodesHTMLFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "codes.html")
	code, out, errs := runCodes(t, true, "-f", "html", "-o", path)
	if code != 0 || out != "" {
		t.Fatalf("exit %d, stdout %q, stderr %s", code, out, errs)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"<!doctype html>", `http-equiv="Content-Security-Policy"`, `id="499"`, `id="q"`} {
		if !bytes.Contains(b, []byte(s)) {
			t.Errorf("page lacks %q", s)
		}
	}

	missing := filepath.Join(dir, "no", "such", "dir", "codes.html")
	if code, _, errs := runCodes(t, false, "-f", "html", "-o", missing); code != exitOutput {
		t.Errorf("-o into a missing directory: exit %d, want %d (%s)", code, exitOutput, errs)
	}
}

// TestCodesExitCodes runs the binary: exit codes are measured from the
// outside. A code the reference does not know is exit 1, with the reason on
// stderr and nothing on stdout; anything the reference knows is exit 0,
// even when a search or a filter leaves nothing to show.
func TestCodesExitCodes(t *testing.T) {
	cases := []struct {
		name   string
		args   []string
		code   int
		stdout string // a substring; "" expects stdout empty
		stderr string // a substring; "" expects stderr empty
	}{
		{"known code", []string{"codes", "499"}, 0, "499 Client Closed Request", ""},
		{"unassigned code", []string{"codes", "299"}, 1, "", "slareport: 299: unknown status code: unassigned by IANA and no vendor meaning is known\n"},
		{"not a status code", []string{"codes", "999"}, 1, "", "slareport: 999: not a status code: outside 100–599\n"},
		{"several unknown", []string{"codes", "299", "999"}, 1, "", "slareport: 299: unknown status code: unassigned by IANA and no vendor meaning is known; 999: not a status code"},
		{"unknown beside known", []string{"codes", "503", "299"}, 1, "503 Service Unavailable", "299: unknown status code"},
		{"unknown as JSON", []string{"codes", "-f", "json", "299"}, 1, "[]", "299: unknown status code"},
		{"filtered out", []string{"codes", "--vendor", "nginx", "503"}, 0, "503: no meaning matches the filters.", ""},
		{"search finding nothing", []string{"codes", "search", "zzzqqq"}, 0, `No status code matches "zzzqqq".`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr, _ := execBinary(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tc.code, stderr)
			}
			if tc.stdout == "" && stdout.Len() > 0 || !strings.Contains(stdout.String(), tc.stdout) {
				t.Errorf("stdout %q, want %q", stdout, tc.stdout)
			}
			if tc.stderr == "" && stderr.Len() > 0 || !strings.Contains(stderr.String(), tc.stderr) {
				t.Errorf("stderr %q, want %q", stderr, tc.stderr)
			}
		})
	}
}

// TestCodesHelpDocumentsExitCodes: the exit codes of codes are API, so its
// --help states them.
func TestCodesHelpDocumentsExitCodes(t *testing.T) {
	code, out, _ := runCodes(t, false, "--help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, s := range []string{"Exit codes:", "1  a code asked for is unknown", "(codes 299)", "(codes 999)"} {
		if !strings.Contains(out, s) {
			t.Errorf("codes --help lacks %q:\n%s", s, out)
		}
	}
}

// TestCodesCompare: several codes in a query show each, and a side-by-side
// comparison for the pairs people confuse, in every format.
func TestCodesCompare(t *testing.T) {
	cases := []struct {
		name   string
		args   []string
		stdout []string // substrings, in order
		not    string
	}{
		{"codes in full", []string{"401", "403"}, []string{"401 vs 403\n", "Means ", "401 Unauthorized\nIANA", "403 Forbidden\nIANA"}, ""},
		{"vs is the same", []string{"401", "vs", "403"}, []string{"401 vs 403\n", "401 Unauthorized\nIANA", "403 Forbidden\nIANA"}, "Search"},
		{"a question", []string{"difference", "between", "502", "and", "504"}, []string{"502 vs 504\n", "502 Bad Gateway\nIANA", "504 Gateway Timeout\nIANA"}, ""},
		{"four redirects", []string{"301", "308"}, []string{"301 vs 302 vs 307 vs 308\n", "Permanent  yes"}, ""},
		{"ranked search", []string{"search", "401", "vs", "403"}, []string{`Search "401 vs 403": 2 results`, "  401  Unauthorized", "  403  Forbidden", "\n401 vs 403\n"}, ""},
		{"three codes, two pairs", []string{"502", "503", "504"}, []string{"502 vs 504\n", "503 vs 504\n", "502 Bad Gateway\nIANA"}, "500 vs 503"},
		{"no well-known pair", []string{"401", "404"}, []string{"401 Unauthorized\nIANA", "404 Not Found\nIANA"}, " vs "},
		{"markdown", []string{"-f", "markdown", "404", "vs", "410"}, []string{"## 404 vs 410\n", "|  | 404 Not Found | 410 Gone |", "## 404 Not Found"}, ""},
		{"json", []string{"-f", "json", "500", "503"}, []string{`"code": 500`, `"title": "500 vs 503"`, `"code": 503`, `"title": "500 vs 503"`}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runCodes(t, false, tc.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			rest := out
			for _, s := range tc.stdout {
				i := strings.Index(rest, s)
				if i < 0 {
					t.Fatalf("stdout lacks %q (in order):\n%s", s, out)
				}
				rest = rest[i+len(s):]
			}
			if tc.not != "" && strings.Contains(out, tc.not) {
				t.Errorf("stdout has %q:\n%s", tc.not, out)
			}
		})
	}
}
