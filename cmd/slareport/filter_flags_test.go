package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// realLog returns the path of a real log of the shared test data, and
// skips the test when it is absent.
func realLog(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join("..", "..", "..", "shared", "data", "real", name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared test data %s not present (only in the project's CI); skipping", name)
	}
	return p
}

// pipelineCount runs a shell pipeline that prints a count.
func pipelineCount(t *testing.T, pipeline string) int64 {
	t.Helper()
	out, err := exec.Command("sh", "-c", pipeline).Output()
	if err != nil {
		t.Skipf("%s: %v", pipeline, err)
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
	if err != nil {
		t.Fatalf("%s printed %q", pipeline, out)
	}
	return n
}

// filterReport is what the filter tests read of a JSON report.
type filterReport struct {
	Lines struct {
		Read, Parsed, Malformed, Filtered int64
	}
	Requests int64
	Reasons  map[string]int64 `json:"filtered_reasons"`
}

func filterRun(t *testing.T, args ...string) (int, filterReport, string) {
	t.Helper()
	common := []string{"--tz", "UTC", "-f", "json"}
	if len(args) > 0 && args[0] == "merge" {
		args = append(append([]string{"merge"}, common...), args[1:]...)
	} else {
		args = append(append([]string{"-q"}, common...), args...)
	}
	code, stdout, stderr, _ := execBinary(t, args...)
	var r filterReport
	if code < 2 {
		if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
			t.Fatalf("exit %d, stdout is not JSON: %v\n%s", code, err, stderr)
		}
	}
	return code, r, stderr.String()
}

// TestFilterFlagsOnARealLog runs each filter flag over the real Apache
// log, through the binary, and checks the lines it filters against a
// shell pipeline over the raw log that knows nothing of slareport.
func TestFilterFlagsOnARealLog(t *testing.T) {
	log := realLog(t, "elastic-apache_logs.log")
	// The user agent is the third quoted field; the robots in it, by the
	// names seen when reading the log by hand, at a word's start.
	const robots = `googlebot|bingbot|bingpreview|msnbot|slurp|baiduspider|yandex(bot|images|direct)|mj12bot|ahrefsbot|twitterbot|` +
		`exabot|mail\.ru_bot|sogou web spider|siteexplorer|facebookexternalhit|psbot|magpie-crawler|archive\.org_bot|ia_archiver|` +
		`360spider|mojeekbot|daumoa|easouspider|beetlebot|lumibot|yisouspider|voilabot|embedly|ezooms|spinn3r|nutch`
	cases := []struct {
		name     string
		flags    []string
		reason   string
		pipeline string // counts the lines the flags leave out
	}{
		{"bots", []string{"--exclude-bots"}, "bot",
			`awk -F'"' '{print $6}' ` + log + ` | grep -Eic '(^|[^[:alnum:]])(` + robots + `)'`},
		{"path", []string{"--path", "/images/**"}, "path not selected",
			`awk '$7 !~ /^\/images\//' ` + log + ` | wc -l`},
		{"paths, comma-separated", []string{"--path", "/images/**,/favicon.ico"}, "path not selected",
			`awk '$7 !~ /^\/images\// && $7 != "/favicon.ico"' ` + log + ` | wc -l`},
		{"excluded path, with its query", []string{"--exclude-path", "/blog/**"}, "excluded path",
			`awk '$7 ~ /^\/blog\//' ` + log + ` | wc -l`},
		{"client prefix", []string{"--exclude-client", "66.249.0.0/16"}, "excluded client",
			`awk '$1 ~ /^66\.249\./' ` + log + ` | wc -l`},
		{"client prefixes, repeated", []string{"--exclude-client", "66.249.0.0/16", "--exclude-client", "83.149.9.216"}, "excluded client",
			`awk '$1 ~ /^66\.249\./ || $1 == "83.149.9.216"' ` + log + ` | wc -l`},
		{"maintenance window", []string{"--exclude-window", "2015-05-18T10:00:00Z/2015-05-18T11:00:00Z"}, "maintenance window",
			`grep -c '\[18/May/2015:10:[0-9:]* +0000\]' ` + log},
		{"user agent with a comma", []string{"--exclude-ua", "*(KHTML, like Gecko)*"}, "excluded user agent",
			`awk -F'"' '{print $6}' ` + log + ` | grep -Fc '(KHTML, like Gecko)'`},
		{"method", []string{"--method", "get"}, "method not selected",
			`grep -vc '"GET ' ` + log},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := pipelineCount(t, c.pipeline)
			if want == 0 || want == 10000 {
				t.Fatalf("the pipeline counts %d lines: the case tests nothing", want)
			}
			code, r, stderr := filterRun(t, append(c.flags, log)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			l := r.Lines
			if l.Read != 10000 || l.Read != l.Parsed+l.Malformed+l.Filtered || l.Filtered != want || r.Requests != l.Parsed {
				t.Errorf("lines %+v, requests %d; want %d filtered of 10,000", l, r.Requests, want)
			}
			if r.Reasons[c.reason] != want || len(r.Reasons) != 1 {
				t.Errorf("filtered_reasons %v, want %d %q", r.Reasons, want, c.reason)
			}
		})
	}
}

// TestFilterFlagsTogether: a line left out for several reasons is counted
// once, under the first; the lines add up.
func TestFilterFlagsTogether(t *testing.T) {
	log := realLog(t, "elastic-apache_logs.log")
	code, r, stderr := filterRun(t, "--exclude-bots", "--path", "/images/**", "--exclude-client", "66.249.0.0/16", log)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	notImages := pipelineCount(t, `awk '$7 !~ /^\/images\//' `+log+` | wc -l`)
	googleImages := pipelineCount(t, `awk '$7 ~ /^\/images\// && $1 ~ /^66\.249\./' `+log+` | wc -l`)
	var sum int64
	for _, n := range r.Reasons {
		sum += n
	}
	if r.Reasons["path not selected"] != notImages || r.Reasons["excluded client"] != googleImages || sum != r.Lines.Filtered ||
		r.Lines.Read != r.Lines.Parsed+r.Lines.Filtered {
		t.Errorf("reasons %v, lines %+v; want %d path not selected, %d excluded client", r.Reasons, r.Lines, notImages, googleImages)
	}
}

// TestHostFlag selects by virtual host on a vcombined log whose hosts are
// counted by hand: three lines to api, one with a port, two elsewhere.
func TestHostFlag(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "vhost.log")
	lines := []string{
		`api.example.com:443 192.0.2.1 - - [02/Nov/2026:10:00:00 +0000] "GET /a HTTP/1.1" 200 5 "-" "curl/8.5.0"`,
		`API.example.com:80 192.0.2.2 - - [02/Nov/2026:10:00:01 +0000] "GET /b HTTP/1.1" 500 5 "-" "curl/8.5.0"`,
		`www.example.com:443 192.0.2.3 - - [02/Nov/2026:10:00:02 +0000] "GET /c HTTP/1.1" 200 5 "-" "curl/8.5.0"`,
		`shop.example.org:443 192.0.2.4 - - [02/Nov/2026:10:00:03 +0000] "GET /d HTTP/1.1" 200 5 "-" "curl/8.5.0"`,
		`a.b.example.com:443 192.0.2.5 - - [02/Nov/2026:10:00:04 +0000] "GET /e HTTP/1.1" 200 5 "-" "curl/8.5.0"`,
		`example.com:443 192.0.2.6 - - [02/Nov/2026:10:00:05 +0000] "GET /f HTTP/1.1" 200 5 "-" "curl/8.5.0"`,
	}
	if err := os.WriteFile(log, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		flags    []string
		selected int64
		reason   string
	}{
		{[]string{"--host", "api.example.com"}, 2, "host not selected"},
		{[]string{"--host", "*.example.com"}, 4, "host not selected"}, // api twice, www, a.b: not example.com itself
		{[]string{"--host", "*.example.com,example.com"}, 5, "host not selected"},
		{[]string{"--exclude-host", "*.example.org"}, 5, "excluded host"},
	} {
		code, r, stderr := filterRun(t, append([]string{"--log-format", "vcombined"}, append(c.flags, log)...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", c.flags, code, stderr)
		}
		if r.Requests != c.selected || r.Reasons[c.reason] != 6-c.selected {
			t.Errorf("%v: %d requests, filtered %v; want %d", c.flags, r.Requests, r.Reasons, c.selected)
		}
	}
}

// TestFilterFlagErrors: a value that cannot select anything is a usage
// error naming the flag and the value, before any log is read.
func TestFilterFlagErrors(t *testing.T) {
	for _, c := range []struct {
		flags []string
		want  string
	}{
		{[]string{"--exclude-client", "10.0.0.0/33"}, `--exclude-client "10.0.0.0/33": the prefix length must be a number from 0 to 32`},
		{[]string{"--exclude-client", "db.internal"}, `--exclude-client "db.internal": not a CIDR prefix`},
		{[]string{"--host", "api.example.com:8443"}, `--host "api.example.com:8443": ports are ignored`},
		{[]string{"--exclude-host", ""}, `--exclude-host "": empty pattern`},
		{[]string{"--path", "api/**"}, `--path "api/**": a path pattern must start with /`},
		{[]string{"--exclude-path", "/a/**/b"}, `--exclude-path "/a/**/b": ** may only end a pattern`},
		{[]string{"--method", "GET POST"}, `--method "GET POST": a method cannot hold ' '`},
		{[]string{"--exclude-ua", ""}, `--exclude-ua "": empty pattern`},
		{[]string{"--exclude-window", "2015-05-18"}, `--exclude-window "2015-05-18": want START/END`},
		{[]string{"--exclude-window", "2015-05-18T11:00:00Z/2015-05-18T10:00:00Z"}, `--exclude-window "2015-05-18T11:00:00Z/2015-05-18T10:00:00Z": START must be before END`},
		{[]string{"--path", "/a,,/b"}, `--path "": empty pattern`},
		{[]string{"--method", "GET,"}, `--method "": empty pattern`},
	} {
		// The log does not exist: a usage error is found before it is
		// looked for.
		code, _, stderr, _ := execBinary(t, append(c.flags, "missing.log")...)
		if code != exitUsage || !strings.Contains(stderr.String(), "slareport: "+c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.flags, code, stderr, exitUsage, c.want)
		}
	}
}

// TestFilterSummaries: a summary keeps its filter; merge takes the same
// filter flags only with the saved values, refuses to mix filtered and
// unfiltered summaries, and --state refuses another filter.
func TestFilterSummaries(t *testing.T) {
	dir := t.TempDir()
	bots := filepath.Join(dir, "bots.slasum")
	plain := filepath.Join(dir, "plain.slasum")
	log := sampleLog
	if code, _, stderr := filterRun(t, "--exclude-bots", "--path", "/api/**", "--save", bots, log); code != 0 {
		t.Fatalf("save: exit %d: %s", code, stderr)
	}
	_, direct, _ := filterRun(t, "--exclude-bots", "--path", "/api/**", log)
	if code, _, stderr := filterRun(t, "--save", plain, log); code != 0 {
		t.Fatalf("save: exit %d: %s", code, stderr)
	}
	for _, c := range []struct {
		name  string
		args  []string
		code  int
		check string // in stderr
	}{
		{"as saved", []string{"merge", bots}, 0, ""},
		{"the same flags", []string{"merge", "--path", "/api/**", "--exclude-bots", bots}, 0, ""},
		{"other flags", []string{"merge", "--exclude-bots", bots}, exitUsage,
			`the filters (--host, --path, --method, --exclude-*): asked "exclude bots", saved with "path /api/**; exclude bots"`},
		{"a filtered and an unfiltered summary", []string{"merge", "--allow-overlap", plain, bots}, exitInput,
			`bots.slasum" was saved with other settings than "` + plain + `": the filters (--host, --path, --method, --exclude-*): "` + plain + `" has "", "` + bots + `" has "path /api/**; exclude bots"`},
		{"a bad filter flag", []string{"merge", "--path", "api", bots}, exitUsage, `--path "api": a path pattern must start with /`},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, r, stderr := filterRun(t, c.args...)
			if code != c.code || !strings.Contains(stderr, c.check) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, stderr, c.code, c.check)
			}
			if code == 0 && (r.Lines != direct.Lines || r.Reasons["bot"] != direct.Reasons["bot"] || r.Reasons["path not selected"] != direct.Reasons["path not selected"]) {
				t.Errorf("merged %+v, the run itself %+v", r, direct)
			}
		})
	}
	state := filepath.Join(dir, "run.state")
	if code, _, stderr := filterRun(t, "--exclude-bots", "--state", state, log); code != 0 {
		t.Fatalf("state: exit %d: %s", code, stderr)
	}
	code, _, stderr := filterRun(t, "--exclude-bots", "--exclude-client", "10.0.0.0/8", "--state", state, log)
	if code != exitUsage || !strings.Contains(stderr, `was made with other settings (the filters (--host, --path, --method, --exclude-*): "exclude bots" vs "exclude client 10.0.0.0/8; exclude bots")`) {
		t.Errorf("--state with another filter: exit %d, %s", code, stderr)
	}
}
