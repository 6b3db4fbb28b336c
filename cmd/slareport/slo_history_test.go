package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSLOFileMetricsAndHistory: the SLOs of an SLO file in the
// OpenMetrics output (labels slo, service and window; checked by
// promtool) and as per-SLO columns of --history day, each day's counts
// adding up to the SLO's.
func TestSLOFileMetricsAndHistory(t *testing.T) {
	dir := t.TempDir()
	log := shopLog(t, dir, "shop.log", 11, time.Date(2026, 11, 4, 0, 0, 0, 0, time.UTC), 7*24*time.Hour, 14000)
	slos := writeFile(t, dir, "slos.yaml", threeSLOs)
	args := []string{"-q", "--tz", "UTC", "--log-format", shopFormat, "--slo-file", slos, "--since", "2026-11-04", "--until", "2026-11-11"}
	code, r, stderr := runSLOs(t, append(args, "-f", "json", log)...)
	if code > 1 || len(r.SLOs) != 3 {
		t.Fatalf("exit %d: %s", code, stderr)
	}

	prom := filepath.Join(dir, "sla.prom")
	if code, _, stderr, _ := execBinary(t, append(args, "-o", prom, log)...); code > 1 {
		t.Fatalf("-o sla.prom: exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(prom)
	if err != nil {
		t.Fatal(err)
	}
	windows := map[string]string{"api": "28d rolling", "storefront": "1M calendar", "checkout-latency": "7d rolling"}
	for _, s := range r.SLOs {
		labels := fmt.Sprintf(`{slo="%s",service="shop",window="%s"}`, s.Name, windows[s.Name])
		for _, want := range []string{
			fmt.Sprintf("slareport_requests_total%s %d\n", labels, s.Requests),
			fmt.Sprintf("slareport_bad_requests_total%s %d\n", labels, s.Bad),
			fmt.Sprintf("slareport_slo_met%s %d\n", labels, map[bool]int{true: 1, false: 0}[s.Met]),
		} {
			if !strings.Contains(string(b), want) {
				t.Errorf("the metrics lack %q", want)
			}
		}
	}
	promtoolCheck(t, prom)

	_, stdout, _, _ := execBinary(t, append(args, "-f", "json", "--history", "day", log)...)
	var h struct {
		History []struct {
			Start string
			SLOs  []struct {
				Name          string
				Requests, Bad int64
			}
		}
	}
	if err := json.Unmarshal(stdout.Bytes(), &h); err != nil || len(h.History) != 7 {
		t.Fatalf("%d history rows, %v", len(h.History), err)
	}
	sums := map[string][2]int64{}
	for _, row := range h.History {
		for _, s := range row.SLOs {
			v := sums[s.Name]
			sums[s.Name] = [2]int64{v[0] + s.Requests, v[1] + s.Bad}
		}
	}
	for _, s := range r.SLOs {
		if got := sums[s.Name]; got != [2]int64{s.Requests, s.Bad} || s.Requests == 0 {
			t.Errorf("%s: the days add up to %v, the SLO has %d requests, %d bad", s.Name, got, s.Requests, s.Bad)
		}
	}
}

// TestSLOFileGitHubAnnotations: under GitHub Actions each failing SLO is
// an error annotation naming it, a met one none, and the step summary
// holds the SLO table.
func TestSLOFileGitHubAnnotations(t *testing.T) {
	dir := t.TempDir()
	log := shopLog(t, dir, "shop.log", 12, time.Date(2026, 11, 4, 0, 0, 0, 0, time.UTC), 24*time.Hour, 3000)
	slos := writeFile(t, dir, "slos.yaml", threeSLOs)
	summary := filepath.Join(dir, "summary.md")
	cmd := binaryCmd([]string{"-q", "--github", "--log-format", shopFormat, "--slo-file", slos, "--until", "2026-11-05T00:00:00Z",
		"-f", "json", "-o", filepath.Join(dir, "r.json"), log}, map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary})
	code, _, stderr, err := execCmd(cmd)
	if err != nil {
		t.Fatal(err)
	}
	var r sloReport
	data, _ := os.ReadFile(filepath.Join(dir, "r.json"))
	if err := json.Unmarshal(data, &r); err != nil || len(r.SLOs) != 3 {
		t.Fatalf("exit %d, %v: %s", code, err, stderr)
	}
	failing := 0
	for _, s := range r.SLOs {
		annotated := strings.Contains(stderr.String(), "::error title=slareport::slo:"+s.Name+" failed")
		if annotated == s.Met {
			t.Errorf("SLO %s met %v, annotated %v:\n%s", s.Name, s.Met, annotated, stderr)
		}
		if !s.Met {
			failing++
		}
	}
	if failing == 0 || code != 1 {
		t.Errorf("exit %d with %d failing SLOs: the log should fail one", code, failing)
	}
	md, err := os.ReadFile(summary)
	if err != nil || !strings.Contains(string(md), "## SLOs") {
		t.Errorf("the step summary has no SLO table: %v", err)
	}
}

// TestSLOFileMonthFromDays is the README's cron recipe: each day saved
// with --period and --slo-file, and the month merged with --period from
// those summaries, gives what one pass over the month's logs gives.
func TestSLOFileMonthFromDays(t *testing.T) {
	dir := t.TempDir()
	log := shopLog(t, dir, "shop.log", 13, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), 5*24*time.Hour, 5000)
	slos := writeFile(t, dir, "slos.yaml", threeSLOs+"---\n"+strings.Replace(burnPolicy, "metadata: {name: api}", "metadata: {name: api-hosts}", -1))
	var sums []string
	for day := 1; day <= 5; day++ {
		sum := filepath.Join(dir, fmt.Sprintf("day-%d.slasum", day))
		code, _, stderr, _ := execBinary(t, "-q", "--tz", "UTC", "--period", fmt.Sprintf("2026-11-%02d", day), "--log-format", shopFormat,
			"--slo-file", slos, "--save", sum, "-f", "json", "-o", filepath.Join(dir, "day.json"), log)
		if code > 1 {
			t.Fatalf("day %d: exit %d: %s", day, code, stderr)
		}
		sums = append(sums, sum)
	}
	_, one, _ := runSLOs(t, "-q", "--tz", "UTC", "--period", "2026-11", "--log-format", shopFormat, "--slo-file", slos, "-f", "json", log)
	code, merged, stderr := runSLOs(t, append([]string{"merge", "--tz", "UTC", "--period", "2026-11", "--slo-file", slos, "-f", "json"}, sums...)...)
	if code > 1 || len(merged.SLOs) != 4 {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	if fmt.Sprintf("%+v", one.SLOs) != fmt.Sprintf("%+v", merged.SLOs) {
		t.Errorf("the month from days differs from one pass:\none:    %+v\nmerged: %+v", one.SLOs, merged.SLOs)
	}
	if merged.SLOs[0].Requests == 0 || merged.SLOs[1].Requests == 0 {
		t.Errorf("the month judged nothing: %+v", merged.SLOs)
	}
}
