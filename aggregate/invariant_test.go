package aggregate

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"
)

// TestAccountingInvariant builds random mixes of good lines (known status
// and time), malformed lines of several kinds and blank lines (filtered),
// in several inputs, with and without a time window, and checks that
// every line is accounted for (read = parsed + malformed + filtered, per
// input and in total) and that the class counts are exactly those written.
func TestAccountingInvariant(t *testing.T) {
	base := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	window := Window{Since: base.Add(6 * time.Hour), Until: base.Add(18 * time.Hour)}
	statuses := []int{200, 204, 301, 304, 404, 429, 499, 500, 503, 0, 600}
	junk := []string{
		"garbage <script>",
		`1.2.3.4 - - [02/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 2x0 5`,
		`1.2.3.4 - - [02/Nov/2026:10:00:00 +0000] "GET / HTT`,
		`1.2.3.4 - - [02/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 20000 5`,
		"",
	}
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 99))
		useWindow := seed%2 == 1
		var want [5]int64
		var wantParsed, wantBad, wantFiltered int64
		var inputs []string
		var wantRead []int64
		for range 1 + rng.IntN(3) {
			var b strings.Builder
			// Good lines first so that format detection sees a log.
			n := 200 + rng.IntN(3000)
			var read int64
			for i := range n {
				read++
				if i > 50 && rng.IntN(10) == 0 {
					j := junk[rng.IntN(len(junk))]
					b.WriteString(j + "\n")
					if j == "" {
						wantFiltered++ // a blank line is filtered, not malformed
					} else {
						wantBad++
					}
					continue
				}
				st := statuses[rng.IntN(len(statuses))]
				ts := base.Add(time.Duration(rng.IntN(24*3600)) * time.Second)
				fmt.Fprintf(&b, "10.0.0.%d - - [%s] \"GET /p/%d HTTP/1.1\" %03d %d \"-\" \"ua\"\n",
					rng.IntN(255), ts.Format("02/Jan/2006:15:04:05 -0700"), rng.IntN(50), st, rng.IntN(9999))
				if useWindow && (ts.Before(window.Since) || !ts.Before(window.Until)) {
					wantFiltered++
					continue
				}
				wantParsed++
				if st >= 100 && st <= 599 {
					want[st/100-1]++
				}
			}
			inputs = append(inputs, b.String())
			wantRead = append(wantRead, read)
		}
		opt := Options{Workers: 1 + rng.IntN(4), BlockSize: 1 << (12 + rng.IntN(6))}
		if useWindow {
			opt.Window = window
		}
		s := runInputs(t, inputs, opt)
		l := s.Lines
		if l.Read != l.Parsed+l.Malformed+l.Filtered {
			t.Fatalf("seed %d: read %d != %d + %d + %d", seed, l.Read, l.Parsed, l.Malformed, l.Filtered)
		}
		if l.Parsed != wantParsed || l.Malformed != wantBad || l.Filtered != wantFiltered {
			t.Fatalf("seed %d: lines %+v, want parsed %d malformed %d filtered %d", seed, l, wantParsed, wantBad, wantFiltered)
		}
		for i, in := range s.Inputs {
			il := in.Lines
			if il.Read != wantRead[i] || il.Read != il.Parsed+il.Malformed+il.Filtered {
				t.Fatalf("seed %d input %d: %+v, want %d read", seed, i, il, wantRead[i])
			}
		}
		if s.Classes() != want {
			t.Fatalf("seed %d: classes %v, want %v", seed, s.Classes(), want)
		}
	}
}

// runInputs runs the given logs as files.
func runInputs(t *testing.T, logs []string, opt Options) *Summary {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for i, l := range logs {
		p := fmt.Sprintf("%s/in%d.log", dir, i)
		if err := writeFile(p, l); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	s, err := Run(context.Background(), paths, opt)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func writeFile(p, s string) error { return os.WriteFile(p, []byte(s), 0o644) }
