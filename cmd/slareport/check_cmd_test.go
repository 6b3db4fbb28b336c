package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// shopDir holds the shop's SLO file, the example openslo's tests load.
const shopDir = "../../aggregate/openslo/testdata"

// runCheck runs `check` in-process in dir and returns its exit code and
// outputs.
func runCheck(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	if dir != "" {
		t.Chdir(dir)
	}
	var out, errb bytes.Buffer
	e := &env{ctx: context.Background(), stdin: strings.NewReader(""), stdout: &out, stderr: &errb}
	code := run(append([]string{"check"}, args...), e)
	return code, out.String(), errb.String()
}

// TestCheckGolden compares `check shop.yaml` with testdata/check-shop.txt,
// which was read line by line against the YAML when it was written
// (refresh with -update and read the diff). TestCheckFacts asserts the
// key facts independently of it.
func TestCheckGolden(t *testing.T) {
	golden, err := filepath.Abs(filepath.Join("testdata", "check-shop.txt"))
	if err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCheck(t, shopDir, "shop.yaml")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if *update {
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Errorf("check output differs from %s:\n%s", golden, out)
	}
}

// block returns the lines of the SLO's block in check's output.
func block(t *testing.T, out, name string) string {
	t.Helper()
	_, rest, ok := strings.Cut(out, "\nslo "+name+" (")
	if !ok {
		t.Fatalf("no block for SLO %s in\n%s", name, out)
	}
	b, _, _ := strings.Cut(rest, "\n\n")
	return b
}

// field returns the text after the label on the block's line for it.
func field(t *testing.T, b, label string) string {
	t.Helper()
	for _, line := range strings.Split(b, "\n") {
		if rest, ok := strings.CutPrefix(line, "  "+label+" "); ok {
			return strings.TrimLeft(rest, " ")
		}
	}
	t.Errorf("no %q line in\n%s", label, b)
	return ""
}

// TestCheckFacts: what check says of each SLO of the shop file, written
// out by hand from the YAML.
func TestCheckFacts(t *testing.T) {
	code, out, stderr := runCheck(t, shopDir, "shop.yaml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if first := strings.SplitN(out, "\n", 2)[0]; first != "shop.yaml: 4 SLOs and 2 services, valid" {
		t.Errorf("first line %q", first)
	}
	facts := []struct {
		name, pos, service, selects, window, target string
		alerts                                      []string
	}{
		{"api-availability", "shop.yaml:46:9", "shop-api",
			"requests to /api/** except /health, clients in 10.0.0.0/8 and 192.0.2.7/32, bots; bad: 5xx",
			"rolling 28 days", "99.5% of requests good (Occurrences)",
			[]string{"page    burn rate above 14.4 over 1h and over 5m", "page    burn rate above 6 over 6h and over 30m",
				"ticket  burn rate above 3 over 1d and over 2h", "ticket  burn rate above 1 over 3d and over 6h"}},
		{"static-assets", "shop.yaml:64:9", "shop-web",
			"GET or HEAD requests on static.shop.example or cdn-*.shop.example; bad: 5xx,404",
			"rolling 7 days", "99.9% of requests good (Occurrences)", nil},
		{"checkout-latency", "shop.yaml:131:9", "shop-api",
			"POST requests that logged a duration to /api/checkout/**; good: 2xx,3xx faster than 300ms",
			"calendar month in Europe/Berlin from 2024-01-01 00:00", "99% of requests good (Occurrences)",
			[]string{"page    fast-burn (checkout-paging): burn rate above 14.4 over 1h and over 5m",
				"ticket  slow-burn (checkout-paging): burn rate above 2 over 6h and over 30m"}},
		{"homepage", "shop.yaml:169:9", "shop-web",
			"requests to / except user agent ELB-HealthChecker/*, during 2024-05-04T01:00:00Z/2024-05-04T03:00:00Z; bad: 5xx,429",
			"rolling 28 days", "99% of 5-minute slices good, a slice being good when 95% of its requests are (Timeslices)",
			[]string{"page    homepage-burn (homepage-down): burn rate above 10 over 30m and over 5m"}},
	}
	for _, f := range facts {
		b := block(t, out, f.name)
		if !strings.HasPrefix(b, f.pos+")") {
			t.Errorf("%s: position line %q, want %s", f.name, strings.SplitN(b, "\n", 2)[0], f.pos)
		}
		for label, want := range map[string]string{"service": f.service, "selects": f.selects, "window": f.window, "target": f.target} {
			if got := field(t, b, label); got != want {
				t.Errorf("%s: %s %q, want %q", f.name, label, got, want)
			}
		}
		for _, a := range f.alerts {
			if !strings.Contains(b, "\n            "+a+"\n") && !strings.HasSuffix(b, "\n            "+a) {
				t.Errorf("%s: no alert line %q in\n%s", f.name, a, b)
			}
		}
	}
	if got := field(t, block(t, out, "static-assets"), "groups"); got != "one SLO per host (groupBy host)" {
		t.Errorf("static-assets groups: %q", got)
	}
}

// TestCheckJSON: -f json gives the understood model, field names as in
// the report's JSON.
func TestCheckJSON(t *testing.T) {
	code, out, stderr := runCheck(t, shopDir, "-f", "json", "shop.yaml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got struct {
		Files []string
		SLOs  []struct {
			Name            string  `json:"name"`
			Target          float64 `json:"target"`
			TimeSliceTarget float64 `json:"time_slice_target"`
			TimeSliceWindow string  `json:"time_slice_window"`
			GroupBy         string  `json:"group_by"`
			DefaultAlerts   bool    `json:"default_alerts"`
			Window          struct {
				Rolling  bool   `json:"rolling"`
				Duration string `json:"duration"`
				Unit     string `json:"calendar_unit"`
				Start    string `json:"start"`
				Zone     string `json:"time_zone"`
			} `json:"window"`
			Indicator struct {
				Total struct {
					ExcludeClients []string `json:"exclude_clients"`
				} `json:"total"`
				Good *struct {
					Status string `json:"status"`
				} `json:"good"`
				DurationUnder float64 `json:"duration_under_seconds"`
			} `json:"indicator"`
			Alerts []struct {
				Policy         string  `json:"policy"`
				Threshold      float64 `json:"threshold"`
				LookbackWindow string  `json:"lookback_window"`
				AlertAfter     string  `json:"alert_after"`
			} `json:"alerts"`
		} `json:"slos"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(got.SLOs) != 4 {
		t.Fatalf("%d SLOs", len(got.SLOs))
	}
	api, static, checkout, home := got.SLOs[0], got.SLOs[1], got.SLOs[2], got.SLOs[3]
	if api.Target != 0.995 || !api.DefaultAlerts || len(api.Alerts) != 4 || api.Window.Duration != "28d" || !api.Window.Rolling {
		t.Errorf("api-availability: %+v", api)
	}
	if c := api.Indicator.Total.ExcludeClients; len(c) != 2 || c[1] != "192.0.2.7/32" {
		t.Errorf("excluded clients %v", c)
	}
	if static.GroupBy != "host" || static.Target != 0.999 {
		t.Errorf("static-assets: %+v", static)
	}
	w := checkout.Window
	if w.Rolling || w.Unit != "M" || w.Start != "2024-01-01T00:00:00+01:00" || w.Zone != "Europe/Berlin" {
		t.Errorf("checkout window: %+v", w)
	}
	if checkout.Indicator.Good == nil || checkout.Indicator.Good.Status != "2xx,3xx" || checkout.Indicator.DurationUnder != 0.3 {
		t.Errorf("checkout indicator: %+v", checkout.Indicator)
	}
	if a := checkout.Alerts; len(a) != 2 || a[1].Policy != "checkout-paging" || a[1].Threshold != 2 || a[1].LookbackWindow != "6h" || a[1].AlertAfter != "30m" {
		t.Errorf("checkout alerts: %+v", a)
	}
	if home.TimeSliceTarget != 0.95 || home.TimeSliceWindow != "5m" {
		t.Errorf("homepage slices: %+v", home)
	}
}

// TestCheckHostileText: text from the file reaches stdout and stderr only
// escaped.
func TestCheckHostileText(t *testing.T) {
	dir := t.TempDir()
	slo := "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: api, displayName: \"\\e[31mred\\u202e\"}\n" +
		"spec:\n  service: shop\n  budgetingMethod: Occurrences\n  objectives: [{target: 0.999}]\n" +
		"  timeWindow: [{duration: 28d, isRolling: true}]\n  indicator:\n    metadata: {name: api}\n    spec:\n" +
		"      ratioMetric:\n        bad: {metricSource: {type: slareport, spec: {status: 5xx}}}\n" +
		"        total: {metricSource: {type: slareport, spec: {exclude: {userAgent: [\"a b's \\\"bot\\\"\", \"\\e]0;owned\\a\"]}}}}\n"
	os.WriteFile(filepath.Join(dir, "ok.yaml"), []byte(slo), 0o644)
	bad := strings.Replace(slo, "{exclude: {userAgent: [\"a b's \\\"bot\\\"\", \"\\e]0;owned\\a\"]}}", "{host: \"\\e]0;owned\\a\"}", 1)
	os.WriteFile(filepath.Join(dir, "bad.yaml"), []byte(bad), 0o644)

	code, out, stderr := runCheck(t, dir, "ok.yaml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.ContainsAny(out, "\x1b\a\u202e") || !strings.Contains(out, `title     "\x1b[31mred\u202e"`) {
		t.Errorf("the title is not escaped:\n%s", out)
	}
	if !strings.Contains(out, `except user agent "a b's \"bot\"" and "\x1b]0;owned\a";`) {
		t.Errorf("user agents with spaces, quotes or escapes are not quoted:\n%s", out)
	}
	code, _, stderr = runCheck(t, dir, "bad.yaml")
	if code != exitUsage || strings.ContainsAny(stderr, "\x1b\a") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(stderr, `bad.yaml:14:62: host "\x1b]0;owned\a": a host cannot hold '\x1b'`) {
		t.Errorf("stderr: %s", stderr)
	}
}

// TestCheckExitCodes runs the binary: 0 for valid files, 2 with the
// positioned errors on stderr, 3 for a file that cannot be read.
func TestCheckExitCodes(t *testing.T) {
	dir := t.TempDir()
	shop := filepath.Join(shopDir, "shop.yaml")
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: api}\nspec:\n  service: shop\n  budgetingMethod: Occurrences\n"+
		"  objectives: [{target: 99.9}]\n  timeWindow: [{duration: 28days, isRolling: true}]\n  indicatorRef: api\n"), 0o644)
	cases := []struct {
		name   string
		args   []string
		stdin  string
		code   int
		stderr string // the whole of stderr
	}{
		{"valid", []string{"check", shop}, "", 0, ""},
		{"valid as JSON", []string{"check", "-f", "json", shop}, "", 0, ""},
		{"invalid", []string{"check", bad}, "", 2, bad + `:7:25: target 99.9 must lie strictly between 0 and 1 (0.995 is 99.5%); a percentage goes in targetPercent
` + bad + `:8:27: duration: "28days": an OpenSLO duration is a whole number and a unit: m (minutes), h, d, w, M (months), Q (quarters) or Y (years), such as 30m, 1h, 28d, 1M
` + bad + `:9:17: indicatorRef: no SLI is named "api"
slareport: check: 3 errors
`},
		{"invalid on stdin", []string{"check", "-"}, "kind: SLO\n", 2, "<stdin>:1:1: a document: apiVersion is missing\n<stdin>:1:1: a document: metadata is missing\nslareport: check: 2 errors\n"},
		{"valid and invalid", []string{"check", shop, bad}, "", 2, ""},
		{"missing", []string{"check", filepath.Join(dir, "nope.yaml")}, "", 3, `slareport: open "` + filepath.Join(dir, "nope.yaml") + "\": no such file or directory\n"},
		{"directory", []string{"check", dir}, "", 3, `slareport: read "` + dir + "\": is a directory\n"},
		{"no file", []string{"check"}, "", 2, "slareport: expected \"<file> ...\"\nRun 'slareport --help' for usage.\n"},
		{"bad format", []string{"check", "-f", "yaml", shop}, "", 2, ""},
		{"help", []string{"check", "--help"}, "", 0, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(binary, tc.args...)
			cmd.Stdin = strings.NewReader(tc.stdin)
			code, stdout, stderr, err := execCmd(cmd)
			if err != nil {
				t.Fatal(err)
			}
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tc.code, stderr)
			}
			if tc.stderr != "" && stderr.String() != tc.stderr {
				t.Errorf("stderr\n%s\nwant\n%s", stderr, tc.stderr)
			}
			if tc.code == 0 && (stdout.Len() == 0 || stderr.Len() > 0) {
				t.Errorf("stdout %d bytes, stderr %q", stdout.Len(), stderr)
			}
			if tc.code != 0 && tc.name != "no file" && tc.name != "bad format" && stdout.Len() > 0 {
				t.Errorf("output on stdout for a failed check: %s", stdout)
			}
		})
	}
}
