package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCheckReadmeExample checks the README's example: its YAML, checked,
// prints what the README shows (up to its "...").
func TestCheckReadmeExample(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, sec, ok := strings.Cut(string(readme), "### SLOs as code")
	_, yaml, ok2 := strings.Cut(sec, "```yaml\n")
	yaml, rest, ok3 := strings.Cut(yaml, "```")
	_, shown, ok4 := strings.Cut(rest, "$ slareport check slos.yaml\n")
	shown, _, ok5 := strings.Cut(shown, "            ...\n")
	if !ok || !ok2 || !ok3 || !ok4 || !ok5 {
		t.Fatal("the README's SLO file example is not where this test looks")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "slos.yaml"), []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCheck(t, dir, "slos.yaml")
	if code != 0 || !strings.HasPrefix(out, shown) {
		t.Errorf("exit %d, stderr %q; README shows\n%s\ncheck prints\n%s", code, stderr, shown, out)
	}
}

// TestReadmeSLOFileJudgesALog runs the README's complete SLO file over a
// synthetic shop log: three SLOs judged, the static one per host, and
// the checkout SLO in time slices.
func TestReadmeSLOFileJudgesALog(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, sec, _ := strings.Cut(string(readme), "### SLOs as code")
	_, yaml, _ := strings.Cut(sec, "```yaml\n")
	yaml, _, ok := strings.Cut(yaml, "```")
	if !ok {
		t.Fatal("the README's SLO file is not where this test looks")
	}
	dir := t.TempDir()
	slos := writeFile(t, dir, "slos.yaml", yaml)
	log := shopLog(t, dir, "shop.log", 9, time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC), 5*24*time.Hour, 5000)
	code, r, stderr := runSLOs(t, "-q", "-f", "json", "--log-format", shopFormat, "--slo-file", slos, "--until", "2026-11-15T00:00:00Z", log)
	if code > 1 || len(r.SLOs) != 3 {
		t.Fatalf("exit %d, %d SLOs: %s", code, len(r.SLOs), stderr)
	}
	for _, s := range r.SLOs {
		if s.Requests == 0 {
			t.Errorf("SLO %s judged no request", s.Name)
		}
	}
	if g := r.SLOs[1].Groups; len(g) != 3 {
		t.Errorf("static: %d host groups, want the log's 3", len(g))
	}
	if r.SLOs[2].TimeSlices == nil || r.SLOs[2].BudgetingMethod != "Timeslices" {
		t.Errorf("checkout-latency: %+v", r.SLOs[2])
	}
}
