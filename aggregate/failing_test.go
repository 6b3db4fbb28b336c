package aggregate

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/slareport/slareport/parse"
)

// highKey returns a key of the form prefix-N whose keyHash is in the top
// half: a sampled table drops it at its first shrink and never keeps it.
func highKey(prefix string) string {
	for i := 0; ; i++ {
		if k := fmt.Sprintf("%s-%d", prefix, i); keyHash([]byte(k)) >= 1<<63 {
			return k
		}
	}
}

// failingLog is a busy site's log in which one client, with a user agent
// and referrer of its own, sends most of the bad requests: 6,000 other
// clients, agents and referrers with one request each (one in a hundred
// bad), then the culprit's 30 requests, 25 of them answered 503. The
// culprit's keys hash high, so no sample of every request keeps them.
func failingLog(client, agent, referrer string) string {
	var b strings.Builder
	line := func(c string, status int, ref, ua string) {
		fmt.Fprintf(&b, "%s - - [01/Jan/2026:00:00:00 +0000] \"GET /x HTTP/1.1\" %d 1 \"%s\" \"%s\"\n", c, status, ref, ua)
	}
	for i := range 6000 {
		status := 200
		if i%100 == 0 {
			status = 500
		}
		line(fmt.Sprintf("10.0.%d.%d", i>>8, i&255), status, fmt.Sprintf("https://r%d.example/", i), fmt.Sprintf("agent-%d", i))
	}
	for i := range 30 {
		status := 503
		if i%6 == 5 {
			status = 200
		}
		line(client, status, referrer, agent)
	}
	return b.String()
}

// TestFailingTablesRankEveryBadKey: on a log with far more clients, agents
// and referrers than a table keeps, the ranking by bad requests comes from
// the tables of the bad requests alone, which keep them all: the culprit,
// which the samples of every request drop, comes first with the bad
// requests awk counts, and its requests are unknown, for any number of
// workers.
func TestFailingTablesRankEveryBadKey(t *testing.T) {
	client, agent, referrer := highKey("203.0.113.7.client"), highKey("culprit-agent"), highKey("https://culprit.example/ref")
	log := failingLog(client, agent, referrer)
	path := filepath.Join(t.TempDir(), "access.log")
	if err := os.WriteFile(path, []byte(log), 0o644); err != nil {
		t.Fatal(err)
	}
	// awk's count of the bad requests per client, user agent and referrer.
	badBy := func(field string) (int64, string) {
		return shellTop(t, `awk -F'"' '{split($3, a, " "); if (a[1] >= 500) print `+field+`}' `+path+` | sort | uniq -c | sort -rn | head -1`)
	}
	var first *Insight
	for _, workers := range []int{1, 3} {
		s := runString(t, log, Options{Format: parse.Combined, Workers: workers, BlockSize: 16 << 10})
		in := s.Insight
		for _, c := range []struct {
			name, field, key string
			t                TopTable
		}{
			{"clients", `substr($1, 1, index($1, " ") - 1)`, client, in.Clients},
			{"user agents", "$6", agent, in.UserAgents},
			{"referrers", "$4", referrer, in.Referrers},
		} {
			n, key := badBy(c.field)
			if key != c.key {
				t.Fatalf("awk's top %s is %q, want the culprit %q", c.name, key, c.key)
			}
			if !c.t.Capped || c.t.BadCapped {
				t.Errorf("%s: capped %v, bad capped %v; want a sample of every request and every bad one", c.name, c.t.Capped, c.t.BadCapped)
			}
			if len(c.t.TopBad) == 0 || c.t.TopBad[0].Key != key || c.t.TopBad[0].Bad != n || c.t.TopBad[0].RequestsKnown() {
				t.Errorf("%s: top bad %+v, want %q with %d bad and requests unknown", c.name, c.t.TopBad[:min(1, len(c.t.TopBad))], key, n)
			}
			for _, k := range c.t.Top {
				if k.Key == key {
					t.Errorf("%s: the sample of every request kept the culprit", c.name)
				}
			}
		}
		if first == nil {
			first = in
		} else if !reflect.DeepEqual(first, in) {
			t.Errorf("%d workers give other tables than one", workers)
		}
	}
}

// TestFailingTablesFromAnOlderState: a state saved before slareport kept
// the failing tables ranks by bad requests from the samples, as it did,
// and so does a merge with it; a state whose failing tables do not add up
// to its bad requests is refused.
func TestFailingTablesFromAnOlderState(t *testing.T) {
	log := failingLog(highKey("c"), highKey("a"), highKey("r"))
	s := runString(t, log, Options{Format: parse.Combined, Workers: 2})
	st := s.State()
	if st.Insight.Failing == nil {
		t.Fatal("a run's state has no failing tables")
	}
	// The older state is of another log: a merge refuses the same lines twice.
	otherLog := strings.ReplaceAll(failingLog(highKey("c2"), highKey("a2"), highKey("r2")), "01/Jan/2026", "02/Jan/2026")
	other := runString(t, otherLog, Options{Format: parse.Combined, Workers: 2}).State()
	other.Inputs[0].Name = "older.log"
	old := *other
	oldIn := *other.Insight
	oldIn.Failing = nil
	old.Insight = &oldIn
	sum, err := old.Summary()
	if err != nil {
		t.Fatal(err)
	}
	c := sum.Insight.Clients
	if !c.BadCapped || len(c.TopBad) == 0 || !c.TopBad[0].RequestsKnown() {
		t.Errorf("older state: top bad %+v, bad capped %v; want the sample's ranking", c.TopBad[:min(1, len(c.TopBad))], c.BadCapped)
	}
	merged, err := Merge([]*State{st, &old}, MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if merged.Insight.Failing != nil {
		t.Error("a merge with an older state keeps failing tables it cannot complete")
	}

	// On a log whose tables keep every key, a failing key must be in the
	// table of every request.
	small := runString(t, "203.0.113.1 - - [01/Jan/2026:00:00:00 +0000] \"GET /x HTTP/1.1\" 500 1 \"-\" \"ua\"\n", Options{Format: parse.Combined}).State()
	small.Insight.Failing[0].Keys[0].Key = "203.0.113.250"
	if _, err := small.Summary(); err == nil || !strings.Contains(err.Error(), "failing") {
		t.Errorf("a failing client the table of every client lacks: %v, want the state refused", err)
	}

	for name, damage := range map[string]func(fs *[3]KeyTable){
		"a key's good request": func(fs *[3]KeyTable) { fs[0].Keys[0].Requests++ },
		"a bad request less":   func(fs *[3]KeyTable) { fs[1].Keys[0].Requests--; fs[1].Keys[0].Bad-- },
		"a bad request more":   func(fs *[3]KeyTable) { fs[2].Other.Requests++; fs[2].Other.Bad++ },
		"a key moved to other": func(fs *[3]KeyTable) {
			fs[0].Other.Requests += fs[0].Keys[0].Requests
			fs[0].Other.Bad += fs[0].Keys[0].Bad
			fs[0].Keys = fs[0].Keys[1:]
		},
	} {
		bad := *st
		in := *st.Insight
		fs := *in.Failing
		for i := range fs {
			fs[i].Keys = append([]KeyState(nil), fs[i].Keys...)
		}
		damage(&fs)
		in.Failing = &fs
		bad.Insight = &in
		if _, err := bad.Summary(); err == nil || !strings.Contains(err.Error(), "failing") {
			t.Errorf("%s: %v, want the failing tables refused", name, err)
		}
	}
}
