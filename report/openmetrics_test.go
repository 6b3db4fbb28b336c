package report

import (
	"bytes"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slareport/slareport/aggregate"
)

// TestOpenMetricsFigures checks each sample against the fixture's counts,
// worked out by hand: 1,001 requests of which one (600) is unjudged,
// 10 bad (503 ×8, 520 ×2) of 1,000 judged.
func TestOpenMetricsFigures(t *testing.T) {
	s := fixture()
	s.Window = aggregate.Window{Label: "yesterday"}
	var b bytes.Buffer
	if err := OpenMetrics(&b, s, OpenMetricsOptions{Options: sloFixture(t, s, "99.9")}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"# TYPE slareport_requests_total counter\n",
		`slareport_requests_total{slo="availability",window="yesterday"} 1000` + "\n",
		`slareport_bad_requests_total{slo="availability",window="yesterday"} 10` + "\n",
		`slareport_availability_ratio{slo="availability",window="yesterday"} 0.99` + "\n",
		`slareport_slo_target_ratio{slo="availability",window="yesterday"} 0.999` + "\n",
		`slareport_slo_met{slo="availability",window="yesterday"} 0` + "\n",
		// 1 − 10/(0.001 × 1000) = −9; 0.01/0.001 = 10.
		`slareport_error_budget_remaining_ratio{slo="availability",window="yesterday"} -9` + "\n",
		`slareport_burn_rate{slo="availability",window="yesterday"} 10` + "\n",
		`slareport_latency_seconds{window="yesterday",quantile="0.99"} 1.2` + "\n",
		`slareport_latency_seconds{window="yesterday",quantile="1"} 7.5` + "\n",
		`slareport_latency_seconds_count{window="yesterday"} 1001` + "\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if !strings.HasSuffix(out, "\n# EOF\n") {
		t.Errorf("does not end in # EOF:\n%s", out)
	}
	promtool(t, out)
	if strings.Contains(out, "NaN") || strings.Contains(out, "Inf") {
		t.Errorf("a figure is not finite:\n%s", out)
	}
}

// TestOpenMetricsNoData: with nothing judged, the ratios, budget and burn
// rate are left out rather than written as NaN or a made-up 1, and the
// objective is not met.
func TestOpenMetricsNoData(t *testing.T) {
	s := &aggregate.Summary{Codes: map[int]int64{}}
	var b bytes.Buffer
	if err := OpenMetrics(&b, s, OpenMetricsOptions{Options: sloFixture(t, s, "99.9")}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, absent := range []string{"slareport_availability_ratio{", "slareport_error_budget_remaining_ratio{", "slareport_burn_rate{", "slareport_latency_seconds{", "NaN"} {
		if strings.Contains(out, absent) {
			t.Errorf("%q written with no data:\n%s", absent, out)
		}
	}
	for _, want := range []string{`slareport_requests_total{slo="availability",window="all"} 0`, `slareport_slo_met{slo="availability",window="all"} 0`} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}

// TestOpenMetricsHostileLabels writes objectives whose names and services
// carry quotes, backslashes, newlines and bytes that are not UTF-8, as an
// SLO file or a log could, and has promtool parse the result.
func TestOpenMetricsHostileLabels(t *testing.T) {
	s := fixture()
	s.Window = aggregate.Window{Label: "a\"b"}
	objs := []MetricObjective{
		{Name: "x\"} 1\nevil_total 2", Service: `back\slash`, Budget: aggregate.Budget{Total: 3, Bad: 1}},
		{Name: hostile, Service: "\xff", Budget: aggregate.Budget{Total: 1}},
	}
	var b bytes.Buffer
	if err := OpenMetrics(&b, s, OpenMetricsOptions{Objectives: objs}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		// The newline is spelled \x0a and the backslash doubled, each
		// backslash escaped again for the format.
		`slareport_requests_total{slo="x\"} 1\\x0aevil_total 2",service="back\\\\slash",window="a\"b"} 3`,
		`service="\\xff"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "evil_total") {
			t.Errorf("a label value broke out of its line: %q", line)
		}
	}
	promtool(t, out)
}

// promtool runs `promtool check metrics` on text, where promtool is
// installed (Debian package prometheus).
func promtool(t *testing.T, text string) {
	t.Helper()
	path, err := exec.LookPath("promtool")
	if err != nil {
		t.Skip("promtool is not installed (Debian package prometheus): the metrics are not checked by it")
	}
	cmd := exec.Command(path, "check", "metrics")
	cmd.Stdin = strings.NewReader(text)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("promtool check metrics: %v\n%s\non:\n%s", err, out, text)
	}
}

// FuzzLabelValue: an escaped label value is valid UTF-8 on one line with
// every quote escaped, and undoing the format's escapes and then the
// visible spelling (\\, \xHH, \u{H}) gives back the original bytes.
func FuzzLabelValue(f *testing.F) {
	for _, s := range []string{"", "plain", `a"b\c`, "x\ny", "\xff\xfe", hostile, `\xff`, "\u202e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := labelValue(s)
		if !utf8.ValidString(v) || strings.ContainsAny(v, "\n\r") {
			t.Fatalf("%q escaped to %q", s, v)
		}
		// The format's escapes.
		var value []byte
		for i := 0; i < len(v); i++ {
			switch {
			case v[i] == '"':
				t.Fatalf("unescaped quote in %q", v)
			case v[i] != '\\':
				value = append(value, v[i])
			case i+1 < len(v) && (v[i+1] == '"' || v[i+1] == '\\'):
				value = append(value, v[i+1])
				i++
			default:
				t.Fatalf("bad escape in %q", v)
			}
		}
		// The visible spelling.
		var back []byte
		for i := 0; i < len(value); i++ {
			if value[i] != '\\' {
				back = append(back, value[i])
				continue
			}
			rest := string(value[i+1:])
			switch {
			case strings.HasPrefix(rest, `\`):
				back, i = append(back, '\\'), i+1
			case strings.HasPrefix(rest, "x") && len(rest) >= 3:
				b, err := strconv.ParseUint(rest[1:3], 16, 8)
				if err != nil {
					t.Fatalf("bad \\x in %q", value)
				}
				back, i = append(back, byte(b)), i+3
			case strings.HasPrefix(rest, "u{") && strings.Contains(rest, "}"):
				end := strings.Index(rest, "}")
				r, err := strconv.ParseUint(rest[2:end], 16, 32)
				if err != nil {
					t.Fatalf("bad \\u in %q", value)
				}
				back, i = utf8.AppendRune(back, rune(r)), i+end+1
			default:
				t.Fatalf("bad spelling in %q", value)
			}
		}
		if string(back) != s {
			t.Fatalf("%q escaped to %q reads back as %q", s, v, back)
		}
	})
}
