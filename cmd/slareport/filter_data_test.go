package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

var filterBlock = regexp.MustCompile(`<script type="application/json" data-filter id="filter-data">\{[^<]*"endpoints":\[("[^<]*)\]`)

// TestHTMLFilterData: an HTML report counts what its filters need, split
// by endpoint; a run that also saves a summary writes the same summary as
// it would beside a Markdown report, and its page filters by what that
// summary keeps (no endpoint split).
func TestHTMLFilterData(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "r.html")
	if code, _, stderr := runIn([]string{"-o", page, "../../testdata/access.log.gz"}, ""); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if !filterBlock.Match(b) {
		t.Error("the HTML report has no filters' data split by endpoint")
	}
	sums := map[string][]byte{}
	for _, out := range []string{"r2.html", "r.md"} {
		sum := filepath.Join(dir, out+".slasum")
		if code, _, stderr := runIn([]string{"-o", filepath.Join(dir, out), "--save", sum, "../../testdata/access.log.gz"}, ""); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if sums[out], err = os.ReadFile(sum); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(sums["r2.html"], sums["r.md"]) {
		t.Error("the summary saved beside an HTML report differs from the one beside Markdown")
	}
	b, err = os.ReadFile(filepath.Join(dir, "r2.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(`data-filter id="filter-data"`)) || filterBlock.Match(b) {
		t.Error("with --save the page should filter by time and class only")
	}
}
