package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// saveParts writes each part as a log, saves its summary with the binary
// and returns the summaries' paths.
func saveParts(t *testing.T, dir, prefix string, parts ...[]byte) []string {
	t.Helper()
	var sums []string
	for i, p := range parts {
		log := filepath.Join(dir, fmt.Sprintf("%s%d.log", prefix, i+1))
		if err := os.WriteFile(log, p, 0o644); err != nil {
			t.Fatal(err)
		}
		sum := filepath.Join(dir, fmt.Sprintf("%s%d.slasum", prefix, i+1))
		if code, _, stderr, _ := execBinary(t, "--log-format", timedFormat, "-o", filepath.Join(dir, "ignored.md"), "--save", sum, log); code != 0 {
			t.Fatalf("save %s: exit %d: %s", sum, code, stderr)
		}
		sums = append(sums, sum)
	}
	return sums
}

// TestMergeRefusesAFlippedBit: a summary with one bit flipped, wherever it
// is, makes merge exit 3 or report exactly what the undamaged summary
// reports; never other figures without a word.
func TestMergeRefusesAFlippedBit(t *testing.T) {
	dir := t.TempDir()
	data := timedLog(60, 3, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), time.Hour)
	sum := saveParts(t, dir, "a", data)[0]
	good, err := os.ReadFile(sum)
	if err != nil {
		t.Fatal(err)
	}
	code, want, stderr, _ := execBinary(t, "merge", "-f", "json", sum)
	if code != 0 || want.Len() == 0 {
		t.Fatalf("undamaged summary: exit %d: %s", code, stderr)
	}
	damaged := filepath.Join(dir, "damaged.slasum")
	step := 8*len(good)/300 | 1 // about 300 flips, odd so every bit of a byte is tried
	if testing.Short() {
		step = 8*len(good)/40 | 1
	}
	var silent int
	for bit := 0; bit < 8*len(good); bit += step {
		b := bytes.Clone(good)
		b[bit/8] ^= 1 << (bit % 8)
		if err := os.WriteFile(damaged, b, 0o644); err != nil {
			t.Fatal(err)
		}
		code, got, stderr, _ := execBinary(t, "merge", "-f", "json", damaged)
		if code == exitInput && strings.Contains(stderr.String(), "not a slareport summary") {
			continue
		}
		if code == 0 && bytes.Equal(got.Bytes(), bytes.ReplaceAll(want.Bytes(), []byte(sum), []byte(damaged))) {
			continue
		}
		if silent++; silent <= 5 {
			t.Errorf("bit %d of byte %d flipped: exit %d, %s", bit%8, bit/8, code, firstLine(stderr.String()))
		}
	}
	if silent > 0 {
		t.Fatalf("%d flipped bits were not refused and changed the report", silent)
	}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// TestMergeWarnsOfOldSummaries: a summary written before checksums (the
// checked-in version 1 file) still merges, with a warning that damage to
// it cannot be detected.
func TestMergeWarnsOfOldSummaries(t *testing.T) {
	old := filepath.Join("..", "..", "aggregate", "slasum", "testdata", "v1-no-dims.slasum")
	code, out, stderr, _ := execBinary(t, "merge", "-f", "json", old)
	if code != 0 || out.Len() == 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"slareport: warning: ", "version 1", "no checksum"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr %q does not mention %q", stderr.String(), want)
		}
	}
}

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
