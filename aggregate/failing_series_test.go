package aggregate

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slareport/slareport/parse"
)

// lowKey returns a key of the form prefix-N whose keyHash is in the lowest
// sixteenth: a sampled table keeps it through its first shrinks.
func lowKey(prefix string) string {
	for i := 0; ; i++ {
		if k := fmt.Sprintf("%s-%d", prefix, i); keyHash([]byte(k)) < 1<<60 {
			return k
		}
	}
}

// seriesLog is twelve hours of a site's log, a line every 10 seconds from
// 50 clients, one in twenty answered 502; hours 3 and 4 add a burst of
// 503s from one client, and hour 7 adds one 500 from each of 2,500 new
// clients, more than a failing table keeps.
func seriesLog(culprit string) string {
	var b strings.Builder
	start := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	line := func(t time.Time, client string, status int, ref, ua string) {
		fmt.Fprintf(&b, "%s - - [%s] \"GET /x HTTP/1.1\" %d 1 \"%s\" \"%s\"\n", client, t.Format("02/Jan/2006:15:04:05 -0700"), status, ref, ua)
	}
	for i := range 12 * 360 {
		t := start.Add(time.Duration(i) * 10 * time.Second)
		status := 200
		if i%20 == 7 {
			status = 502
		}
		ref := "-"
		if i%3 == 0 {
			ref = fmt.Sprintf("https://r%d.example/", i%7)
		}
		line(t, fmt.Sprintf("10.0.0.%d", i%50), status, ref, fmt.Sprintf("agent-%d", i%11))
		if h := t.Hour(); (h == 3 || h == 4) && i%4 == 0 {
			line(t, culprit, 503, "-", "curl/8.5.0")
		}
		if t.Hour() == 7 && i%360 < 250 {
			for k := range 10 {
				line(t, fmt.Sprintf("198.18.%d.%d", (i%360)/10, (i%360)%10*10+k), 500, "-", "agent-flood")
			}
		}
	}
	return b.String()
}

// TestFailingSeries: the bad requests per hour and client, user agent and
// referrer are those awk counts in the log; a key the failing table did
// not keep (hour 7 has more clients than it keeps) is under (other) with
// the rest of the hour's; and the series is the same for any number of
// workers.
func TestFailingSeries(t *testing.T) {
	culprit := lowKey("203.0.113.9")
	log := seriesLog(culprit)
	path := filepath.Join(t.TempDir(), "access.log")
	if err := os.WriteFile(path, []byte(log), 0o644); err != nil {
		t.Fatal(err)
	}
	// awk's bad requests per hour, table and key: "all" for every one.
	awk := shellLines(t, `awk -F'"' '{split($1, a, " "); split($3, s, " "); if (s[1] < 500) next; h = substr(a[4], 2, 14);
		print h "\tall\t"; print h "\t0\t" a[1]; print h "\t1\t" $6; if ($4 != "-") print h "\t2\t" $4}' `+path+` | sort | uniq -c`)
	want := map[string]int64{}
	for _, l := range awk {
		l = strings.TrimLeft(l, " ")
		sp := strings.IndexByte(l, ' ')
		n, err := strconv.ParseInt(l[:sp], 10, 64)
		if err != nil {
			t.Fatalf("awk printed %q", l)
		}
		want[l[sp+1:]] = n
	}
	// awk's first three bad lines of each hour: "hour line text".
	firstLines := map[string][]string{}
	for _, l := range shellLines(t, `awk -F'"' '{split($1, a, " "); split($3, s, " "); if (s[1] < 500) next; h = substr(a[4], 2, 14);
		if (++n[h] <= 3) print h " " NR " " $0}' `+path) {
		f := strings.SplitN(l, " ", 3)
		firstLines[f[0]] = append(firstLines[f[0]], f[1]+" "+f[2])
	}
	if len(firstLines) != 12 {
		t.Fatalf("awk found bad lines in %d hours, want 12", len(firstLines))
	}
	var first []FailingBucket
	for _, workers := range []int{1, 2, 3} {
		s := runString(t, log, Options{Format: parse.Combined, Workers: workers, BlockSize: 16 << 10, Statuses: true})
		series := s.FailingSeries()
		if workers == 1 {
			first = series
		} else if !reflect.DeepEqual(series, first) {
			t.Fatalf("%d workers: the failing series differs from 1 worker's", workers)
		}
		if !s.Insight.Clients.BadCapped {
			t.Fatal("the failing clients table kept every key: the test's flood is too small")
		}
		got, other := map[string]int64{}, map[string]int64{}
		for _, b := range series {
			if b.End-b.Start != 3600 {
				t.Fatalf("bucket %+v is not an hour wide", b)
			}
			if b.Class != 5 {
				t.Fatalf("bucket %+v: a bad request of class %d", b, b.Class)
			}
			h := time.Unix(b.Start, 0).UTC().Format("02/Jan/2006:15")
			if b.Table != FailAll && b.Samples != nil {
				t.Errorf("bucket %+v: lines under a key", b)
			}
			switch {
			case b.Table == FailAll:
				got[h+"\tall\t"] += b.Bad
				var lines []string
				for _, smp := range b.Samples {
					lines = append(lines, strconv.FormatInt(smp.Line, 10)+" "+string(smp.Text))
				}
				if !reflect.DeepEqual(lines, firstLines[h]) {
					t.Errorf("%d workers: hour %s's first bad lines are %q; awk's %q", workers, h, lines, firstLines[h])
				}
			case b.Key == OtherKey:
				other[h+"\t"+strconv.Itoa(b.Table)] += b.Bad
			default:
				got[h+"\t"+strconv.Itoa(b.Table)+"\t"+b.Key] += b.Bad
			}
		}
		// Every key the series names has awk's count; awk's keys it does
		// not name add up to its (other).
		for k, n := range got {
			if want[k] != n {
				t.Errorf("%d workers: %q: %d bad requests, awk counts %d", workers, k, n, want[k])
			}
		}
		left := map[string]int64{}
		for k, n := range want {
			if _, ok := got[k]; !ok {
				if f := strings.SplitN(k, "\t", 3); f[1] == "all" {
					t.Errorf("%d workers: no count of every bad request in %s", workers, f[0])
				} else {
					left[f[0]+"\t"+f[1]] += n
				}
			}
		}
		if !reflect.DeepEqual(left, other) {
			t.Errorf("%d workers: (other) per hour and table is %v; awk's keys left out add up to %v", workers, other, left)
		}
		if n := got["02/Nov/2026:03\t0\t"+culprit]; n != 90 || got["02/Nov/2026:04\t1\tcurl/8.5.0"] != 90 {
			t.Errorf("%d workers: the culprit's hour 3 has %d bad requests; want 90 (awk: %d)", workers, n, want["02/Nov/2026:03\t0\t"+culprit])
		}
		if other["02/Nov/2026:07\t0"] == 0 {
			t.Errorf("%d workers: hour 7's flood left nothing under (other)", workers)
		}
	}
}

// TestFailingSeriesOnlyFromOnePass: a summary that merges a state has no
// failing series, rather than one that misses the state's bad requests;
// a run that keeps no per-status counts has none either.
func TestFailingSeriesOnlyFromOnePass(t *testing.T) {
	log := seriesLog(lowKey("203.0.113.9"))
	opt := Options{Format: parse.Combined, Statuses: true}
	s := runString(t, log, opt)
	if s.FailingSeries() == nil {
		t.Fatal("a run with per-status counts has no failing series")
	}
	st, err := Merge([]*State{s.State()}, MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	merged, err := st.Summary()
	if err != nil {
		t.Fatal(err)
	}
	if merged.FailingSeries() != nil {
		t.Error("a summary from a state has a failing series")
	}
	if runString(t, log, Options{Format: parse.Combined}).FailingSeries() != nil {
		t.Error("a run without per-status counts has a failing series")
	}
}
