package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestOpenMetricsOutput runs the binary with both objectives on a log
// whose counts the test knows from writing it, writes the metrics through
// -o FILE.prom and -f openmetrics, checks every figure against those
// counts, and has promtool parse and lint the file.
func TestOpenMetricsOutput(t *testing.T) {
	dir := t.TempDir()
	day := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	// 2,000 requests, one every 30 s: every 400th (5) is a 503, every
	// 100th (20) takes 0.5 s and the rest 0.1 s.
	var lines []string
	for i := range 2000 {
		status, dur := 200, "0.100"
		if i%400 == 399 {
			status = 503
		}
		if i%100 == 7 {
			dur = "0.500"
		}
		lines = append(lines, fmt.Sprintf(`10.0.0.1 - - [%s] "GET /a HTTP/1.1" %d 5 "-" "x" %s`+"\n",
			day.Add(time.Duration(i)*30*time.Second).Format("02/Jan/2006:15:04:05 -0700"), status, dur))
	}
	log := writeLog(t, dir, "d.log", lines)
	prom := filepath.Join(dir, "sla.prom")
	code, _, stderr, _ := execBinary(t, "-q", "--log-format", durationFormat, "--tz", "UTC", "--period", "2026-11-02",
		"--slo", "99.5", "--latency-slo", "98%<300ms", "-o", prom, log)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(prom)
	if err != nil {
		t.Fatal(err)
	}
	out := string(b)
	w := `window="2026-11-02"`
	for _, want := range []string{
		`slareport_requests_total{slo="availability",` + w + `} 2000`,
		`slareport_bad_requests_total{slo="availability",` + w + `} 5`,
		`slareport_availability_ratio{slo="availability",` + w + `} 0.9975`,
		`slareport_slo_target_ratio{slo="availability",` + w + `} 0.995`,
		`slareport_slo_met{slo="availability",` + w + `} 1`,
		// 1 − 5/(0.005 × 2000) and 0.0025/0.005.
		`slareport_error_budget_remaining_ratio{slo="availability",` + w + `} 0.5`,
		`slareport_burn_rate{slo="availability",` + w + `} 0.5`,
		`slareport_requests_total{slo="latency",` + w + `} 2000`,
		`slareport_bad_requests_total{slo="latency",` + w + `} 20`,
		`slareport_slo_met{slo="latency",` + w + `} 1`,
		`slareport_latency_seconds_count{` + w + `} 2000`,
		`slareport_latency_seconds{` + w + `,quantile="1"} 0.5`,
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}

	// -f openmetrics to standard output gives the same bytes.
	code, stdout, stderr, _ := execBinary(t, "-q", "--log-format", durationFormat, "--tz", "UTC", "--period", "2026-11-02",
		"--slo", "99.5", "--latency-slo", "98%<300ms", "-f", "OpenMetrics", log)
	if code != 0 || stdout.String() != out {
		t.Errorf("-f openmetrics: exit %d, %s; differs from -o sla.prom:\n%s", code, stderr, stdout)
	}
	// A format that contradicts the extension is refused.
	if code, _, stderr, _ := execBinary(t, "-f", "json", "-o", prom, log); code != exitUsage || !strings.Contains(stderr.String(), "-f json contradicts -o") {
		t.Errorf("-f json -o x.prom: exit %d: %s", code, stderr)
	}

	promtoolCheck(t, prom)
}

// promtoolCheck runs `promtool check metrics` on a file, where promtool
// is installed (Debian package prometheus; CI installs it).
func promtoolCheck(t *testing.T, path string) {
	t.Helper()
	tool, err := exec.LookPath("promtool")
	if err != nil {
		t.Skip("promtool is not installed (Debian package prometheus): the metrics are not checked by it")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cmd := exec.Command(tool, "check", "metrics")
	cmd.Stdin = f
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("promtool check metrics: %v\n%s", err, out)
	}
}
