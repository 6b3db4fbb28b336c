package main

import (
	"bytes"
	"context"
	"os"
	"testing"
)

// TestDocsSampleIsCurrent regenerates the sample reports under docs/ from
// the bundled log with the command the README shows and compares them, so
// the published samples cannot drift from what slareport writes. Refresh:
//
//	slareport --slo 99.9 --tz UTC -f markdown -o docs/report.md testdata/access.log.gz
//	slareport --slo 99.9 --tz UTC -f html -o docs/report.html testdata/access.log.gz
func TestDocsSampleIsCurrent(t *testing.T) {
	t.Chdir("../..")
	for _, f := range []struct{ format, file string }{{"markdown", "docs/report.md"}, {"html", "docs/report.html"}} {
		want, err := os.ReadFile(f.file)
		if err != nil {
			t.Fatal(err)
		}
		var out, errb bytes.Buffer
		e := &env{ctx: context.Background(), stdout: &out, stderr: &errb}
		if code := run([]string{"--slo", "99.9", "--tz", "UTC", "-f", f.format, "testdata/access.log.gz"}, e); code != exitGateFailed {
			t.Fatalf("exit %d, want %d (the sample misses 99.9%%): %s", code, exitGateFailed, errb.String())
		}
		if !bytes.Equal(out.Bytes(), want) {
			t.Errorf("%s is out of date; regenerate it with the command in this test's comment", f.file)
		}
	}
}
