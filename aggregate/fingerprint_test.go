package aggregate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/slareport/slareport/ingest"
	"github.com/slareport/slareport/parse"
)

// lines returns lines first to last (from 1) of data.
func lines(data []byte, first, last int) []byte {
	l := bytes.SplitAfter(data, []byte("\n"))
	return bytes.Join(l[first-1:last], nil)
}

func runState(t *testing.T, path string, opt Options) *State {
	t.Helper()
	opt.Format = must(parse.Compile(stateLogFormat))
	s, err := Run(context.Background(), []string{path}, opt)
	if err != nil {
		t.Fatal(err)
	}
	return s.State()
}

// TestMergeFindsSharedLines: pieces of one log that share lines, each a
// file of its own with its own first lines, are refused by Merge; pieces
// that share none merge. The fingerprints do not depend on the number of
// workers.
func TestMergeFindsSharedLines(t *testing.T) {
	data := stateLog(20000, 7) // two days, about 7 lines a minute
	for _, tc := range []struct {
		name   string
		a, b   [2]int
		shared bool
	}{
		{"a shared middle", [2]int{1, 12000}, [2]int{8000, 20000}, true},
		{"one inside the other", [2]int{1, 20000}, [2]int{5000, 5400}, true},
		{"the same lines again, found by their head", [2]int{3, 9000}, [2]int{3, 9000}, true},
		{"adjacent", [2]int{1, 10000}, [2]int{10001, 20000}, false},
		{"apart", [2]int{1, 5000}, [2]int{15000, 20000}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			paths := writeParts(t, t.TempDir(), [][]byte{lines(data, tc.a[0], tc.a[1]), lines(data, tc.b[0], tc.b[1])})
			a, b := runState(t, paths[0], Options{Workers: 1}), runState(t, paths[1], Options{Workers: 3, BlockSize: 256 << 10})
			if len(a.Inputs[0].Prints) == 0 || a.Inputs[0].Unprinted {
				t.Fatalf("no fingerprints: %+v", a.Inputs[0])
			}
			_, err := Merge([]*State{a, b}, MergeOptions{})
			if tc.shared != errors.Is(err, ErrOverlap) {
				t.Fatalf("shared lines %v, merge: %v", tc.shared, err)
			}
			if _, err := Merge([]*State{a, b}, MergeOptions{AllowOverlap: true}); err != nil {
				t.Fatal(err)
			}
			if again := runState(t, paths[0], Options{Workers: 4}); !reflect.DeepEqual(again.Inputs[0].Prints, a.Inputs[0].Prints) {
				t.Fatal("4 workers took other fingerprints than 1")
			}
		})
	}
}

// TestFingerprintsThin: a long input keeps at most MaxPrints fingerprints,
// and still shares some with a day of its lines in another file, which
// keeps more; a state of the whole read in two runs holds the same
// fingerprints as one pass.
func TestFingerprintsThin(t *testing.T) {
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	var b bytes.Buffer
	for i := range 3 * 60 * 24 * 8 { // eight days, three lines every 20 s
		ts := start.Add(time.Duration(i) * 20 * time.Second)
		for k := range 3 {
			fmt.Fprintf(&b, "h.example 10.0.%d.%d [%s] \"GET /x/%d HTTP/1.1\" 200 %d 0.0%d\n", k, i%250, ts.Format("02/Jan/2006:15:04:05 -0700"), i, 100+i%900, k)
		}
	}
	data := b.Bytes()
	n := bytes.Count(data, []byte("\n"))
	paths := writeParts(t, t.TempDir(), [][]byte{data, lines(data, n/2, n/2+n/8), lines(data, 1, n/3), lines(data, n/3+1, n)})
	whole, day := runState(t, paths[0], Options{}), runState(t, paths[1], Options{})
	src := whole.Inputs[0]
	if len(src.Prints) > MaxPrints || src.PrintLevel < 2 || len(src.Prints) < MaxPrints/4 {
		t.Fatalf("%d fingerprints at level %d over %d minutes", len(src.Prints), src.PrintLevel, n/9)
	}
	if d := day.Inputs[0]; d.PrintLevel >= src.PrintLevel || len(d.Prints) <= 100 {
		t.Fatalf("a day of it: %d fingerprints at level %d", len(d.Prints), d.PrintLevel)
	}
	if _, err := Merge([]*State{whole, day}, MergeOptions{}); !errors.Is(err, ErrOverlap) {
		t.Fatalf("a day of the lines again: %v", err)
	}
	// The same log in two resumed runs.
	first := runState(t, paths[2], Options{})
	o := Options{Resume: []ingest.Resume{{Source: first.Inputs[0].ResumeAt()}}}
	os.WriteFile(paths[2], data, 0o644)
	second := runState(t, paths[2], o)
	joined := must(Merge([]*State{first, second}, MergeOptions{}))
	got := joined.Inputs[0]
	if got.PrintLevel != src.PrintLevel || len(got.Prints) < len(src.Prints)-5 {
		t.Fatalf("resumed: %d fingerprints at level %d, one pass %d at %d", len(got.Prints), got.PrintLevel, len(src.Prints), src.PrintLevel)
	}
}
