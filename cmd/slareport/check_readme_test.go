package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckReadmeExample checks the README's example: its YAML, checked,
// prints what the README shows (up to its "...").
func TestCheckReadmeExample(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, sec, ok := strings.Cut(string(readme), "### SLOs as code (preview)")
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
