package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/slareport/slareport/parse"
)

// runIn runs the CLI in-process with stdin and returns the exit code and
// both outputs.
func runIn(args []string, stdin string) (int, string, string) {
	var out, errb bytes.Buffer
	e := &env{ctx: context.Background(), stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb}
	code := run(args, e)
	return code, out.String(), errb.String()
}

func TestFormatsCommand(t *testing.T) {
	code, out, stderr := runIn([]string{"formats"}, "")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, f := range parse.PresetFormats() {
		if !strings.Contains(out, f.Name+":\n  ") {
			t.Errorf("formats does not list %s with an example", f.Name)
		}
	}
	if strings.Contains(out, "\t") {
		t.Error("a raw tab in the listing: CloudFront's example would look space separated")
	}
}

// TestFormatsByFamilyWithAliases checks that `formats` groups every preset
// under a family heading and shows the other names it answers to.
func TestFormatsByFamilyWithAliases(t *testing.T) {
	code, out, stderr := runIn([]string{"formats"}, "")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	list, _, _ := strings.Cut(out, "Example lines:")
	for _, fam := range []string{"Web servers:", "Proxies:", "Load balancers, CDNs and cloud storage:", "JSON lines:"} {
		if !strings.Contains(list, "\n"+fam+"\n") {
			t.Errorf("no %q heading in\n%s", fam, list)
		}
	}
	for _, want := range []string{"combined (apache, nginx)", "common (clf)", "nginx-main (main)", "w3c (iis)", "elb (elb-classic)"} {
		if !strings.Contains(list, "  "+want+"  ") {
			t.Errorf("the listing lacks %q:\n%s", want, list)
		}
	}
	for _, f := range parse.PresetFormats() {
		if f.Family == "" {
			t.Errorf("preset %s has no family", f.Name)
		}
		at := strings.Index(list, "\n  "+f.Name+" ")
		if at < 0 {
			t.Errorf("%s is not listed", f.Name)
			continue
		}
		heading := strings.LastIndex(list[:at], "\n\n")
		if got := strings.SplitN(list[heading+2:], "\n", 2)[0]; got != f.Family+":" {
			t.Errorf("%s listed under %q, want %q", f.Name, got, f.Family+":")
		}
		for _, a := range parse.Aliases(f) {
			if g, err := parse.ForFlag(a); err != nil || g != f {
				t.Errorf("--log-format %s = %v, %v; want %s", a, g, err, f.Name)
			}
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasSuffix(line, " ") {
			t.Errorf("trailing space: %q", line)
		}
	}
}

func TestFormatFlags(t *testing.T) {
	const combined = `1.2.3.4 - - [02/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 503 5 "-" "x"` + "\n"
	cases := []struct {
		name   string
		args   []string
		stdin  string
		code   int
		format string // the input's format in the JSON report
		status string // a status code the report must count
	}{
		{"preset by name", []string{"--log-format", "combined"}, combined, 0, "combined", "503"},
		{"nginx means its default layouts", []string{"--log-format", "nginx"}, combined, 0, "combined", "503"},
		{"nginx reads main too", []string{"--log-format", "nginx"}, strings.TrimSuffix(combined, "\n") + ` "203.0.113.7"` + "\n", 0, "combined", "503"},
		{"apache means combined", []string{"--log-format", "Apache"}, combined, 0, "combined", "503"},
		{"apache format", []string{"--apache-format", `%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"`}, combined, 0, "apache", "503"},
		{"apache string in --log-format", []string{"--log-format", `%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"`}, combined, 0, "apache", "503"},
		{"json keys", []string{"--json-status", "res.code", "--json-time", "when", "--json-duration", "took", "--json-duration-unit", "ms"},
			`{"res":{"code":504},"when":"2026-11-02T10:00:00Z","took":12}` + "\n", 0, "json", "504"},
		{"json detected", nil, `{"status":502,"time":"2026-11-02T10:00:00Z"}` + "\n", 0, "json", "502"},
		{"two layouts", []string{"--log-format", "combined", "--json-status", "s"}, combined, exitUsage, "", ""},
		{"bad apache format", []string{"--apache-format", "%h %Z"}, combined, exitUsage, "", ""},
		{"bad duration unit", []string{"--json-status", "s", "--json-duration-unit", "weeks"}, combined, exitUsage, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := runIn(append(append([]string{"-f", "json"}, tc.args...), "-"), tc.stdin)
			if code != tc.code {
				t.Fatalf("exit %d, want %d: %s", code, tc.code, stderr)
			}
			if code != 0 {
				return
			}
			var rep struct {
				Inputs []struct{ Format string }
				Codes  map[string]int
			}
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatal(err)
			}
			if rep.Inputs[0].Format != tc.format || rep.Codes[tc.status] != 1 {
				t.Errorf("format %q codes %v, want %s and one %s", rep.Inputs[0].Format, rep.Codes, tc.format, tc.status)
			}
		})
	}
}
