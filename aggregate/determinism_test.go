package aggregate

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"

	"github.com/slareport/slareport/internal/loggen"
)

// TestSameSummaryForAnyWorkersAndReaders reads three inputs (one gzip)
// with 1, 2 and 8 workers and 1 or 3 readers: every Summary must be
// identical. CI runs it under the race detector.
func TestSameSummaryForAnyWorkersAndReaders(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for i, cfg := range []loggen.Config{
		{Lines: 30000, Seed: 1, Malformed: 0.001},
		{Lines: 20000, Seed: 2, Malformed: 0.002, CRLF: true},
		{Lines: 25000, Seed: 3},
	} {
		var b bytes.Buffer
		var w = &b
		if _, err := loggen.Generate(w, cfg); err != nil {
			t.Fatal(err)
		}
		data := b.Bytes()
		name := filepath.Join(dir, "log"+string(rune('a'+i)))
		if i == 1 {
			var z bytes.Buffer
			zw := gzip.NewWriter(&z)
			zw.Write(data)
			zw.Close()
			data, name = z.Bytes(), name+".gz"
		}
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, name)
	}
	var first *Summary
	for _, workers := range []int{1, 2, 8} {
		for _, readers := range []int{1, 3} {
			s, err := Run(context.Background(), paths, Options{Workers: workers, Readers: readers, BlockSize: 64 << 10, Progress: &Progress{}})
			if err != nil {
				t.Fatal(err)
			}
			if first == nil {
				first = s
				continue
			}
			if !reflect.DeepEqual(first, s) {
				t.Fatalf("workers %d, readers %d: the summary differs from workers 1, readers 1", workers, readers)
			}
		}
	}
	if first.Lines.Read != 75000 || len(first.Samples) != 5 || first.Samples[0].Input != paths[0] {
		t.Errorf("lines %+v, samples %+v", first.Lines, first.Samples)
	}
	// The series an HTML report filters by: the same too.
	var series []FailingBucket
	var statuses []StatusBucket
	for _, workers := range []int{1, 2, 8} {
		for _, readers := range []int{1, 3} {
			s, err := Run(context.Background(), paths, Options{Workers: workers, Readers: readers, BlockSize: 64 << 10, Statuses: true})
			if err != nil {
				t.Fatal(err)
			}
			if series == nil {
				series, statuses = s.FailingSeries(), s.StatusSeries()
				if len(series) < 10 {
					t.Fatalf("a failing series of %d rows: too few to compare", len(series))
				}
				continue
			}
			if !reflect.DeepEqual(series, s.FailingSeries()) || !reflect.DeepEqual(statuses, s.StatusSeries()) {
				t.Fatalf("workers %d, readers %d: the series differ from workers 1, readers 1", workers, readers)
			}
		}
	}
}

// TestFirstFailingInputNamesTheError makes two of three inputs fail; with
// parallel readers the error must still be the first failing input's.
func TestFirstFailingInputNamesTheError(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.log")
	os.WriteFile(good, []byte(strings.Repeat(ok200, 50000)), 0o644)
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write([]byte(strings.Repeat(ok200, 50000)))
	zw.Close()
	cut1, cut2 := filepath.Join(dir, "cut1.gz"), filepath.Join(dir, "cut2.gz")
	os.WriteFile(cut1, z.Bytes()[:z.Len()/2], 0o644)
	os.WriteFile(cut2, z.Bytes()[:z.Len()/3], 0o644)
	for range 5 {
		_, err := Run(context.Background(), []string{good, cut1, cut2}, Options{Workers: 2, Readers: 3})
		if err == nil || !strings.HasPrefix(err.Error(), `read "`+cut1+`"`) {
			t.Fatalf("err = %v, want the error of %s", err, cut1)
		}
	}
}
