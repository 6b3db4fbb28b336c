package aggregate

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/slareport/slareport/parse"
)

// shellTop runs a pipeline that prints "count key" (uniq -c) and returns
// both.
func shellTop(t *testing.T, pipeline string) (int64, string) {
	t.Helper()
	out := shellLines(t, pipeline)
	if len(out) != 1 {
		t.Fatalf("%s printed %q", pipeline, out)
	}
	f := strings.Fields(out[0])
	n, err := strconv.ParseInt(f[0], 10, 64)
	if err != nil || len(f) < 2 {
		t.Fatalf("%s printed %q", pipeline, out[0])
	}
	return n, strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(out[0]), f[0]))
}

func shellLines(t *testing.T, pipeline string) []string {
	t.Helper()
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh to count with")
	}
	out, err := exec.Command("sh", "-c", pipeline).Output()
	if err != nil {
		t.Fatalf("%s: %v", pipeline, err)
	}
	return strings.Split(strings.TrimRight(string(out), "\n"), "\n")
}

// TestInsightOnRealApacheLog checks who sent the requests of Elastic's
// Apache log against awk and grep, which know nothing of slareport: the
// top client, the top user agent, Googlebot (its variants added up), the
// top 404 endpoint, and every 500 line among its endpoint's bad lines.
func TestInsightOnRealApacheLog(t *testing.T) {
	path := sharedData(t, "real/elastic-apache_logs.log")
	for _, workers := range []int{1, 3} {
		t.Run(fmt.Sprint("workers ", workers), func(t *testing.T) {
			s, err := Run(context.Background(), []string{path}, Options{Workers: workers, BlockSize: 64 << 10})
			if err != nil {
				t.Fatal(err)
			}
			checkElasticInsight(t, s, path)
		})
	}
}

func checkElasticInsight(t *testing.T, s *Summary, path string) {
	in := s.Insight
	if in == nil {
		t.Fatal("no insight")
	}
	// Clients: the first field.
	n, key := shellTop(t, `awk '{print $1}' `+path+` | sort | uniq -c | sort -rn | head -1`)
	if top := in.Clients.Top[0]; top.Key != key || top.Requests != n {
		t.Errorf("top client %s with %d, awk says %s with %d", top.Key, top.Requests, key, n)
	}
	distinct := shellCount(t, `awk '{print $1}' `+path+` | sort -u | wc -l`)
	if in.Clients.Distinct != int64(distinct) || in.Clients.Capped {
		t.Errorf("%d distinct clients (capped %v), awk says %d", in.Clients.Distinct, in.Clients.Capped, distinct)
	}
	// User agents: the sixth field between quotes.
	n, key = shellTop(t, `awk -F'"' '{print $6}' `+path+` | sort | uniq -c | sort -rn | head -1`)
	if top := in.UserAgents.Top[0]; top.Key != key || top.Requests != n {
		t.Errorf("top user agent %q with %d, awk says %q with %d", top.Key, top.Requests, key, n)
	}
	// Googlebot and its variants (Googlebot-Image, Googlebot-Mobile).
	var google, googleBad int64
	for _, b := range in.Bots.Top {
		if strings.HasPrefix(b.Name, "Googlebot") {
			google += b.Requests
			googleBad += b.Bad
		}
	}
	if want := shellCount(t, "grep -c Googlebot "+path); google != int64(want) {
		t.Errorf("Googlebot: %d requests, grep counts %d", google, want)
	}
	if want := shellCount(t, `awk '$9 >= 500' `+path+` | grep -c Googlebot`); googleBad != int64(want) || want != 2 {
		t.Errorf("Googlebot: %d bad requests, awk and grep count %d (2 when the data was checked in)", googleBad, want)
	}
	// The top 404 endpoint: the path without its query.
	n, key = shellTop(t, `awk '$9 == 404 {sub(/[?].*/, "", $7); print $7}' `+path+` | sort | uniq -c | sort -rn | head -1`)
	var best KeyStats
	for _, k := range in.ClientErrors {
		if k.Codes[404] > best.Codes[404] {
			best = k
		}
	}
	if best.Key != key || best.Codes[404] != n {
		t.Errorf("top 404 endpoint %s with %d, awk says %s with %d", best.Key, best.Codes[404], key, n)
	}
	checkFiveHundreds(t, s, path)
}

// checkFiveHundreds finds every line awk sees answered 500 among the bad
// lines of its endpoint, at its line number and with its text.
func checkFiveHundreds(t *testing.T, s *Summary, path string) {
	lines := shellLines(t, `awk '$9 == 500 {print NR " " $7 " " $0}' `+path)
	if len(lines) != 3 {
		t.Fatalf("awk finds %d lines answered 500, want 3: %q", len(lines), lines)
	}
	for _, l := range lines {
		f := strings.SplitN(l, " ", 3)
		nr, _ := strconv.ParseInt(f[0], 10, 64)
		var found bool
		for _, k := range s.Endpoints.Keys {
			if k.Key != f[1] {
				continue
			}
			for _, smp := range k.Samples {
				if smp.Line == nr && smp.Input == path && bytes.Equal(smp.Text, []byte(f[2])) {
					found = true
				}
			}
			if k.Codes[500] == 0 {
				t.Errorf("endpoint %s has no 500 in %v", k.Key, k.Codes)
			}
		}
		if !found {
			t.Errorf("line %d (%s) is not among its endpoint's bad lines", nr, f[1])
		}
	}
}

// TestInsightKeys: clients, user agents and referrers of hand-written
// lines, with "-" left out, long keys cut, and robots by kind.
func TestInsightKeys(t *testing.T) {
	long := strings.Repeat("x", MaxKeyBytes+100)
	log := strings.Join([]string{
		`192.0.2.1 - - [01/Jan/2026:00:00:00 +0000] "GET /a HTTP/1.1" 200 1 "-" "curl/8.5.0"`,
		`192.0.2.1 - - [01/Jan/2026:00:00:01 +0000] "GET /a HTTP/1.1" 500 1 "https://example.com/" "Mozilla/5.0 (compatible; Googlebot/2.1)"`,
		`192.0.2.2 - - [01/Jan/2026:00:00:02 +0000] "GET /b HTTP/1.1" 404 1 "https://example.com/" "` + long + `"`,
		`192.0.2.2 - - [01/Jan/2026:00:00:03 +0000] "GET /b HTTP/1.1" 429 1 "-" "` + long + `y"`,
		`192.0.2.3 - - [01/Jan/2026:00:00:04 +0000] "GET /b HTTP/1.1" 502 1 "-" "-"`,
	}, "\n") + "\n"
	s := runString(t, log, Options{Format: parse.Combined, Workers: 2})
	in := s.Insight
	if c := in.Clients; c.Distinct != 3 || c.Top[0].Key != "192.0.2.1" || c.Top[0].Requests != 2 || c.Top[0].Bad != 1 {
		t.Errorf("clients %+v", c)
	}
	if len(in.Clients.TopBad) != 2 || in.Clients.TopBad[0].Key != "192.0.2.1" {
		t.Errorf("clients by bad %+v", in.Clients.TopBad)
	}
	// The two long user agents differ past MaxKeyBytes: one key.
	if a := in.UserAgents; a.Distinct != 3 || a.Top[0].Key != long[:MaxKeyBytes] || a.Top[0].Requests != 2 {
		t.Errorf("user agents %d distinct, top %q %d", a.Distinct, a.Top[0].Key[:10], a.Top[0].Requests)
	}
	if r := in.Referrers; r.Distinct != 1 || r.Top[0].Requests != 2 {
		t.Errorf("referrers %+v", r)
	}
	b := in.Bots
	if b.Requests != 1 || b.Bad != 1 || b.ToolRequests != 1 || b.ToolBad != 0 || len(b.Top) != 2 {
		t.Errorf("bots %+v", b)
	}
	if len(in.ClientErrors) != 1 || in.ClientErrors[0].Key != "/b" || in.ClientErrors[0].ClientErrors() != 2 {
		t.Errorf("client errors %+v", in.ClientErrors)
	}
}

// distinctLog is n requests, each from its own client with its own user
// agent and referrer.
func distinctLog(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "10.%d.%d.%d - - [01/Jan/2026:00:%02d:00 +0000] \"GET /x HTTP/1.1\" %d 1 \"https://r%d.example/\" \"agent-%d\"\n",
			i>>16&255, i>>8&255, i&255, i%60, 200+300*(i%7/6), i, i)
	}
	return b.String()
}

// TestInsightCapped: with more distinct keys than BreakdownCap, every
// table keeps at most that many, says it capped, estimates the distinct
// keys within 2%, and is the same for any number of workers.
func TestInsightCapped(t *testing.T) {
	const n = 60000
	log := distinctLog(n)
	var first *Insight
	for _, workers := range []int{1, 4} {
		s := runString(t, log, Options{Format: parse.Combined, Workers: workers, BlockSize: 16 << 10})
		in := s.Insight
		for name, tb := range map[string]TopTable{"clients": in.Clients, "user agents": in.UserAgents, "referrers": in.Referrers} {
			if !tb.Capped || tb.Distinct < n*98/100 || tb.Distinct > n*102/100 {
				t.Errorf("%s: capped %v, %d distinct; want capped and %d within 2%%", name, tb.Capped, tb.Distinct, n)
			}
		}
		// Every seventh line is a 500, from a client of its own: more
		// than the table of the bad requests keeps.
		bad := int64(0)
		for i := range n {
			if i%7 == 6 {
				bad++
			}
		}
		for name, tb := range map[string]TopTable{"clients": in.Clients, "user agents": in.UserAgents, "referrers": in.Referrers} {
			if !tb.Failing || !tb.BadCapped || tb.BadRequests != bad || tb.BadDistinct < bad*95/100 || tb.BadDistinct > bad*105/100 {
				t.Errorf("%s: bad capped %v, %d bad requests from %d keys; want capped, %d from %d within 5%%", name, tb.BadCapped, tb.BadRequests, tb.BadDistinct, bad, bad)
			}
		}
		for _, b := range []*breakdown{&s.tally.insight.clients, &s.tally.insight.agents, &s.tally.insight.referrers} {
			if len(b.keys) > BreakdownCap {
				t.Errorf("a table keeps %d keys", len(b.keys))
			}
		}
		if first == nil {
			first = in
		} else if !reflect.DeepEqual(first, in) {
			t.Errorf("workers %d: the tables differ from one worker's", workers)
		}
	}
}

// TestInsightTailAndFieldsAgree: a run whose filter reads the user agent
// parses the referer and user agent; a plain run keys its tables on the
// raw rest of the line its lean parser leaves. On the real logs both must
// give the same tables, for any number of workers.
func TestInsightTailAndFieldsAgree(t *testing.T) {
	for _, file := range []string{"real/elastic-apache_logs.log", "real/lnav-shop_access.log"} {
		path := sharedData(t, file)
		var first *Insight
		for _, workers := range []int{1, 3} {
			plain, err := Run(context.Background(), []string{path}, Options{Workers: workers, BlockSize: 64 << 10})
			if err != nil {
				t.Fatal(err)
			}
			// A pattern no user agent matches: the same requests, read
			// by the full parser.
			sel := mustSelector(t, SelectorSpec{ExcludeUserAgents: []string{"no such agent*"}})
			full, err := Run(context.Background(), []string{path}, Options{Workers: workers, BlockSize: 64 << 10, Settings: Settings{Filter: sel}})
			if err != nil {
				t.Fatal(err)
			}
			if full.Lines.Filtered != 0 || plain.Requests() != full.Requests() {
				t.Fatalf("%s: %d and %d requests", file, plain.Requests(), full.Requests())
			}
			if !reflect.DeepEqual(plain.Insight, full.Insight) {
				t.Errorf("%s, %d workers: the tables from the raw tail differ from those of the fields", file, workers)
			}
			if first == nil {
				first = plain.Insight
			} else if !reflect.DeepEqual(first, plain.Insight) {
				t.Errorf("%s: %d workers give other tables than one", file, workers)
			}
			if len(plain.Insight.UserAgents.Top) == 0 {
				t.Fatalf("%s: no user agents", file)
			}
		}
	}
}

// TestInsightCappedRepeats: keys that come back at once while their
// table caps are counted in the caches' slots, and moved to the tables
// when a shrink folds keys away; every kept key must still have all its requests, and
// the kept ones and other add up to every request.
func TestInsightCappedRepeats(t *testing.T) {
	const n, times = 6000, 3
	var b strings.Builder
	for i := range n {
		for r := range times {
			fmt.Fprintf(&b, "10.0.%d.%d - - [01/Jan/2026:00:%02d:00 +0000] \"GET /x HTTP/1.1\" %d 1 \"https://r%d.example/\" \"agent-%d\"\n",
				i>>8&255, i&255, (i+r)%60, 200+300*(i%5/4), i, i)
		}
	}
	for _, workers := range []int{1, 4} {
		s := runString(t, b.String(), Options{Format: parse.Combined, Workers: workers, BlockSize: 16 << 10})
		for name, tb := range map[string]*breakdown{"clients": &s.tally.insight.clients, "user agents": &s.tally.insight.agents, "referrers": &s.tally.insight.referrers} {
			if tb.limit == 0 || len(tb.keys) > BreakdownCap || len(tb.keys) < BreakdownCap/4 {
				t.Fatalf("%s: limit %x, %d keys", name, tb.limit, len(tb.keys))
			}
			sum, bad := tb.other.requests, tb.other.bad()
			for key, k := range tb.keys {
				var i, hi, lo int
				switch {
				case strings.HasPrefix(key, "https://r"):
					i, _ = strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(key, "https://r"), ".example/"))
				case strings.HasPrefix(key, "agent-"):
					i, _ = strconv.Atoi(strings.TrimPrefix(key, "agent-"))
				default:
					fmt.Sscanf(key, "10.0.%d.%d", &hi, &lo)
					i = hi<<8 | lo
				}
				wantBad := int64(0)
				if i%5 == 4 {
					wantBad = times
				}
				if k.requests != times || k.bad() != wantBad {
					t.Errorf("%s, %d workers: %q has %d requests, %d bad; want %d, %d", name, workers, key, k.requests, k.bad(), times, wantBad)
				}
				sum += k.requests
				bad += k.bad()
			}
			if sum != n*times || bad != n/5*times {
				t.Errorf("%s, %d workers: %d requests, %d bad in the table; want %d, %d", name, workers, sum, bad, n*times, n/5*times)
			}
		}
	}
}

// TestInsightFieldsAfterTheAgent: nginx logs often add fields after the
// user agent ($request_time, a quoted X-Forwarded-For) that change from
// line to line. The tables of the real logs with such fields appended by
// awk must be those of the logs as they are: the fields after the agent
// are neither part of a key nor a reason to lose a count.
func TestInsightFieldsAfterTheAgent(t *testing.T) {
	for _, file := range []string{"real/elastic-apache_logs.log", "real/lnav-shop_access.log"} {
		path := sharedData(t, file)
		want, err := Run(context.Background(), []string{path}, Options{Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		for name, prog := range map[string]string{
			"request time":         `{printf "%s %.3f\n", $0, NR % 997 / 1000}`,
			"time and upstream":    `{printf "%s %.3f %.3f\n", $0, NR % 997 / 1000, NR % 13 / 100}`,
			"quoted forwarded-for": `{printf "%s \"10.%d.%d.%d\"\n", $0, NR % 7, NR % 251, NR % 253}`,
		} {
			t.Run(file+"/"+name, func(t *testing.T) {
				dir := t.TempDir()
				out := dir + "/extra.log"
				shellLines(t, `awk '`+prog+`' `+path+` > `+out+`; echo done`)
				for _, workers := range []int{1, 3} {
					got, err := Run(context.Background(), []string{out}, Options{Workers: workers, Format: parse.Combined, BlockSize: 64 << 10})
					if err != nil {
						t.Fatal(err)
					}
					if got.Requests() != want.Requests() || !reflect.DeepEqual(got.Insight, want.Insight) {
						t.Errorf("%d workers: %d requests, tables equal %v", workers, got.Requests(), reflect.DeepEqual(got.Insight, want.Insight))
					}
				}
			})
		}
	}
}

// TestInsightTailKeysHoldTheirFields: tails whose heads up to the last
// quote are the same but whose user agents are not (an unquoted agent, a
// missing closing quote, no agent) are each counted under their own
// fields, as the full parser reads them, whatever line came first.
func TestInsightTailKeysHoldTheirFields(t *testing.T) {
	tails := []string{
		`"-" curl 0.1`, `"-" wget 0.2`, `"-" curl`, `"-"`, `"-" "Mozilla/5.0 (X11) Firefox/120.0" 0.3`,
		`"-" "Mozilla/5.0 (X11) Firefox/120.0`, `"-" "Mozilla/5.0 (X11) Firefox/120.0 0.4`, `"-" "Googlebot/2.1" "1.2.3.4"`,
		`"-" "Googlebot/2.1" "5.6.7.8"`, `"https://a.example/" "Googlebot/2.1"`, `"https://a.example/" "Googlebot/2.1" 1`,
	}
	var b strings.Builder
	for i := range 400 {
		fmt.Fprintf(&b, "10.0.0.%d - - [02/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" %d 5 %s\n", i%7, 200+300*(i%3/2), tails[(i*7)%len(tails)])
	}
	log := b.String()
	sel := mustSelector(t, SelectorSpec{ExcludeUserAgents: []string{"no such agent*"}})
	full := runString(t, log, Options{Format: parse.Combined, Workers: 1, Settings: Settings{Filter: sel}})
	for _, workers := range []int{1, 2} {
		plain := runString(t, log, Options{Format: parse.Combined, Workers: workers, BlockSize: 4 << 10})
		if !reflect.DeepEqual(plain.Insight, full.Insight) {
			t.Errorf("%d workers: user agents %+v\nwant %+v", workers, plain.Insight.UserAgents.Top, full.Insight.UserAgents.Top)
		}
	}
	if n := len(full.Insight.UserAgents.Top); n != 5 { // curl, wget, Googlebot and two Firefoxes, one cut
		t.Fatalf("only %d user agents: %+v", n, full.Insight.UserAgents.Top)
	}
}
