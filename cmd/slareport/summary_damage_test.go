package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestMergeRefusesNonSummaryEarly: a large file that is not a summary is
// refused after its first bytes, not read whole first: peak memory stays
// far below the file's size.
func TestMergeRefusesNonSummaryEarly(t *testing.T) {
	gnuTime := "/usr/bin/time"
	if _, err := os.Stat(gnuTime); err != nil {
		t.Skip("no GNU time at /usr/bin/time to measure peak memory (apt-get install time)")
	}
	const size = 200 << 20
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		head []byte
	}{
		{"zeros", nil},
		{"an Arrow magic, then zeros", []byte("ARROW1\x00\x00")},
		{"an Arrow header claiming a huge schema", []byte("ARROW1\x00\x00\xff\xff\xff\xff\xf0\xff\xff\x7f")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, "big.slasum")
			if err := os.WriteFile(path, tc.head, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(path, size); err != nil { // sparse: quick to make
				t.Fatal(err)
			}
			rss := filepath.Join(dir, "rss")
			cmd := exec.Command(gnuTime, "-f", "%M", "-o", rss, binary, "merge", path)
			code, _, stderr, err := execCmd(cmd)
			if err != nil {
				t.Fatal(err)
			}
			if code != exitInput || !strings.Contains(stderr.String(), "not a slareport summary") {
				t.Fatalf("exit %d, stderr %q; want %d, not a slareport summary", code, stderr, exitInput)
			}
			b, err := os.ReadFile(rss)
			if err != nil {
				t.Fatal(err)
			}
			// The last line: GNU time first notes a non-zero exit status.
			lines := strings.Split(strings.TrimSpace(string(b)), "\n")
			kib, err := strconv.ParseInt(lines[len(lines)-1], 10, 64)
			if err != nil {
				t.Fatalf("GNU time wrote %q", b)
			}
			if kib*1024 > size/4 {
				t.Fatalf("peak RSS %d MiB refusing a %d MiB file", kib>>10, size>>20)
			}
			t.Logf("peak RSS %d MiB", kib>>10)
		})
	}
}
