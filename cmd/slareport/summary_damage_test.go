package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slareport/slareport/ingest"
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

// lineRange returns lines first to last (counted from 1) of data.
func lineRange(data []byte, first, last int) []byte {
	lines := bytes.SplitAfter(data, []byte("\n"))
	return bytes.Join(lines[first-1:last], nil)
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

// TestMergeRefusesSharedLines: two logs that share lines in the middle (A
// is lines 1-600 of a log, B lines 400-1000, as separate files with their
// own first lines) are refused by merge unless --allow-overlap, which
// counts the shared lines twice; parts that share none merge into exactly
// the report of one pass.
func TestMergeRefusesSharedLines(t *testing.T) {
	dir := t.TempDir()
	data := timedLog(1000, 4, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), 2*time.Hour)
	sums := saveParts(t, dir, "overlap", lineRange(data, 1, 600), lineRange(data, 400, 1000))
	code, _, stderr, _ := execBinary(t, append([]string{"merge", "-f", "json"}, sums...)...)
	if code != exitInput {
		t.Fatalf("merge of parts sharing lines 400-600: exit %d, want %d; stderr %q", code, exitInput, stderr)
	}
	for _, want := range []string{"overlap1.log", "overlap2.log", "same log lines", "--allow-overlap"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr %q does not mention %q", stderr.String(), want)
		}
	}
	code, out, stderr, _ := execBinary(t, append([]string{"merge", "-f", "json", "--allow-overlap"}, sums...)...)
	var r map[string]any
	if code != 0 || json.Unmarshal(out.Bytes(), &r) != nil {
		t.Fatalf("--allow-overlap: exit %d: %s", code, stderr)
	}
	if got := num(r, "lines", "read"); got != 1201 {
		t.Fatalf("--allow-overlap read %v lines, want 600 + 601", got)
	}

	// Cut anywhere without sharing a line, the parts are one pass.
	whole := filepath.Join(dir, "whole.json")
	os.WriteFile(filepath.Join(dir, "whole.log"), data, 0o644)
	if code, _, stderr, _ := execBinary(t, "--log-format", timedFormat, "-f", "json", "-o", whole, filepath.Join(dir, "whole.log")); code != 0 {
		t.Fatalf("one pass: exit %d: %s", code, stderr)
	}
	for _, cut := range []int{1, 399, 400, 600, 999} {
		sums := saveParts(t, dir, "cut"+strconv.Itoa(cut)+"-", lineRange(data, 1, cut), lineRange(data, cut+1, 1000))
		merged := filepath.Join(dir, "merged.json")
		if code, _, stderr, _ := execBinary(t, append([]string{"merge", "-f", "json", "-o", merged}, sums...)...); code != 0 {
			t.Fatalf("cut after line %d: exit %d: %s", cut, code, stderr)
		}
		if a, b := reportSansInputs(t, whole), reportSansInputs(t, merged); !reflect.DeepEqual(a, b) {
			t.Fatalf("cut after line %d: the merged report differs from one pass", cut)
		}
	}
}

// optionalStoresBuilt reports whether the tests, and so the binary, were
// built with the GCS or Azure driver.
func optionalStoresBuilt() bool {
	for _, u := range []string{"gs://b/k", "azblob://c/k"} {
		if _, err := ingest.ParseObjectURL(u); err == nil {
			return true
		}
	}
	return false
}

// peakRSS runs the binary with args under GNU time and returns its exit
// code, stderr and peak RSS in KiB.
func peakRSS(t *testing.T, gnuTime, dir string, args ...string) (int, string, int64) {
	t.Helper()
	rss := filepath.Join(dir, "rss")
	code, _, stderr, err := execCmd(exec.Command(gnuTime, append([]string{"-f", "%M", "-o", rss, binary}, args...)...))
	if err != nil {
		t.Fatal(err)
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
	return code, stderr.String(), kib
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
			code, stderr, kib := peakRSS(t, gnuTime, dir, "merge", path)
			if code != exitInput || !strings.Contains(stderr, "not a slareport summary") {
				t.Fatalf("exit %d, stderr %q; want %d, not a slareport summary", code, stderr, exitInput)
			}
			if !optionalStoresBuilt() {
				if kib*1024 > size/4 {
					t.Fatalf("peak RSS %d MiB refusing a %d MiB file", kib>>10, size>>20)
				}
				t.Logf("peak RSS %d MiB", kib>>10)
				return
			}
			// With the GCS and Azure drivers the binary takes about
			// 49 MiB just to start: such a build is bounded over its
			// start-up, by 25 MiB, tighter than the fixed bound was
			// before object storage (50 MiB, 23 of them to start).
			_, _, base := peakRSS(t, gnuTime, dir, "--version")
			if (kib-base)*1024 > size/8 {
				t.Fatalf("peak RSS %d MiB (%d MiB to start) refusing a %d MiB file", kib>>10, base>>10, size>>20)
			}
			t.Logf("peak RSS %d MiB, %d MiB to start", kib>>10, base>>10)
		})
	}
}
