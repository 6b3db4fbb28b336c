package aggregate

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/slareport/slareport/internal/loggen"
	"github.com/slareport/slareport/parse"
)

// TestBudgetFormulas checks newBudget against cases computed by hand.
func TestBudgetFormulas(t *testing.T) {
	cases := []struct {
		name                     string
		target                   string
		total, bad               int64
		met                      bool
		allowed, remaining, burn float64
	}{
		{"zero traffic: no data, never met", "99.9", 0, 0, false, 0, 1, 0},
		{"all bad", "99.9", 500, 500, false, 0.5, -999, 1000},
		{"all bad at 90%", "90", 10, 10, false, 1, -9, 10},
		{"exactly spent", "99", 100, 1, true, 1, 0, 1},
		{"a quarter spent", "99.5", 800, 1, true, 4, 0.75, 0.25},
		{"nothing bad", "99.99", 1e6, 0, true, 100, 1, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tg, err := ParseTarget(tc.target)
			if err != nil {
				t.Fatal(err)
			}
			b := newBudget(tg, tc.total, tc.bad)
			near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }
			if b.Met != tc.met || !near(b.Allowed, tc.allowed) || !near(b.Remaining, tc.remaining) || !near(b.BurnRate, tc.burn) {
				t.Errorf("got met %v allowed %v remaining %v burn %v", b.Met, b.Allowed, b.Remaining, b.BurnRate)
			}
			for _, v := range []float64{b.Allowed, b.Remaining, b.BurnRate} {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Errorf("non-finite figure %v", v)
				}
			}
		})
	}
	// A 100% SLO has no budget to divide: slareport refuses it rather than
	// report an infinite burn rate.
	if _, err := ParseTarget("100"); err == nil || !strings.Contains(err.Error(), "strictly between 0 and 100") {
		t.Errorf("SLO 100%%: err = %v", err)
	}
}

// plantedOutage generates a day of traffic with one 20-minute outage at 50%
// 5xx starting at 14:00 UTC.
func plantedOutage(t *testing.T) (string, loggen.Counts, time.Time) {
	start := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	out := start.Add(14 * time.Hour)
	var b strings.Builder
	c, err := loggen.Generate(&b, loggen.Config{Lines: 200000, Seed: 5, Start: start, Span: 24 * time.Hour,
		Outages: []loggen.Outage{{Start: out, End: out.Add(20 * time.Minute), ErrorRate: 0.5}}})
	if err != nil {
		t.Fatal(err)
	}
	return b.String(), c, out
}

// TestPlantedOutageFiresThePage runs a day with a planted outage: the fast
// page rule (1h and 5m above 14.4) must fire within minutes of its start,
// and the budget figures must match a computation from the generator's own
// counts.
func TestPlantedOutageFiresThePage(t *testing.T) {
	log, counts, outage := plantedOutage(t)
	s := runString(t, log, Options{Workers: 3})
	tg, _ := ParseTarget("99.9")
	o := s.Evaluate(tg)

	page := o.Alerts[0]
	if page.Rule.Threshold != 14.4 || !page.Fired {
		t.Fatalf("fast page rule did not fire: %+v", page)
	}
	fired := time.Unix(page.FirstFired, 0).UTC()
	if fired.Before(outage) || fired.After(outage.Add(5*time.Minute)) {
		t.Errorf("fast page first fired at %s, want within 5 minutes after the outage began at %s", fired, outage)
	}
	// The exact minute, by brute force over the raw lines.
	if want := bruteForceFirstFire(t, log, time.Hour, 5*time.Minute, 14.4, 0.001); page.FirstFired != want.Unix() {
		t.Errorf("fast page first fired at %s, brute force says %s", fired, want)
	}
	if page.Firing {
		t.Errorf("fast page still firing at the end of the day, 10 hours after the outage")
	}
	if slow := o.Alerts[1]; !slow.Fired || time.Unix(slow.FirstFired, 0).Before(outage) {
		t.Errorf("6h/30m rule: %+v", slow)
	}

	// Independent figures from the generator's tally.
	req := float64(counts.Requests)
	bad := float64(counts.Class(5))
	allowed := 0.001 * req
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }
	if o.Requests != counts.Requests || o.Bad != counts.Class(5) {
		t.Fatalf("requests %d bad %d, want %d %d", o.Requests, o.Bad, counts.Requests, counts.Class(5))
	}
	if !near(o.Allowed, allowed) || !near(o.Remaining, 1-bad/allowed) || !near(o.BurnRate, bad/req/0.001) || o.Met {
		t.Errorf("budget: allowed %v remaining %v burn %v met %v; want %v %v %v false",
			o.Allowed, o.Remaining, o.BurnRate, o.Met, allowed, 1-bad/allowed, bad/req/0.001)
	}
	if o.TotalMinutes == 0 || o.GoodMinutes >= o.TotalMinutes {
		t.Errorf("good minutes %d of %d: the outage minutes must be bad", o.GoodMinutes, o.TotalMinutes)
	}
	// The worst buckets are the outage's: day-long span -> 5-minute buckets.
	if s.BucketSeconds != 300 {
		t.Fatalf("bucket width %d, want 300 for a day of data", s.BucketSeconds)
	}
	for _, b := range s.Buckets {
		in := b.Start >= outage.Unix() && b.End <= outage.Add(20*time.Minute).Unix()
		if a, _ := b.Availability(); in != (a < 0.9) {
			t.Errorf("bucket %s availability %.3f (inside outage: %v)", time.Unix(b.Start, 0).UTC(), a, in)
		}
	}
}

// bruteForceFirstFire reads time and status from each line with plain
// string functions and finds the first minute end at which both trailing
// windows burn faster than threshold, summing every window afresh.
func bruteForceFirstFire(t *testing.T, log string, long, short time.Duration, threshold, budget float64) time.Time {
	type minute struct{ req, bad int }
	per := map[int64]*minute{}
	var first, last int64 = math.MaxInt64, math.MinInt64
	for _, l := range strings.Split(strings.TrimSpace(log), "\n") {
		open, end := strings.Index(l, "["), strings.Index(l, "]")
		q := strings.Index(l, "\" ")
		if open < 0 || end < open || q < 0 {
			continue // a malformed line
		}
		ts, err := time.Parse("02/Jan/2006:15:04:05 -0700", l[open+1:end])
		if err != nil {
			continue
		}
		fields := strings.Fields(l[q+2:])
		if len(fields) == 0 || len(fields[0]) != 3 {
			continue
		}
		m := ts.Unix() / 60 * 60
		if per[m] == nil {
			per[m] = &minute{}
		}
		per[m].req++
		if fields[0][0] == '5' {
			per[m].bad++
		}
		first, last = min(first, m), max(last, m)
	}
	burn := func(endAt int64, w time.Duration) float64 {
		var req, bad int
		for m := endAt - int64(w/time.Second); m < endAt; m += 60 {
			if x := per[m]; x != nil {
				req += x.req
				bad += x.bad
			}
		}
		if req == 0 {
			return 0
		}
		return float64(bad) / float64(req) / budget
	}
	for endAt := first + 60; endAt <= last+60; endAt += 60 {
		if burn(endAt, long) > threshold && burn(endAt, short) > threshold {
			return time.Unix(endAt, 0).UTC()
		}
	}
	t.Fatal("brute force: the rule never fires")
	return time.Time{}
}

func line(ts time.Time, status int) string {
	return fmt.Sprintf("1.2.3.4 - - [%s] \"GET /x HTTP/1.1\" %d 5 \"-\" \"x\"\n", ts.Format("02/Jan/2006:15:04:05 -0700"), status)
}

// TestWindowIsHalfOpen puts lines on both edges of [since, until).
func TestWindowIsHalfOpen(t *testing.T) {
	since := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	until := since.Add(time.Hour)
	var b strings.Builder
	for _, ts := range []time.Time{since.Add(-time.Second), since, until.Add(-time.Second), until, until.Add(time.Second)} {
		b.WriteString(line(ts, 200))
	}
	b.WriteString("1.2.3.4 - - [-] \"GET / HTTP/1.1\" 200 5\n") // no time
	// The layout is given: a line without a time is no evidence for
	// detection, and one in six is too many.
	s := runString(t, b.String(), Options{Format: parse.Combined, Settings: Settings{Window: Window{Since: since, Until: until}}})
	if want := (Lines{Read: 6, Parsed: 2, Filtered: 4}); s.Lines != want {
		t.Errorf("lines %+v, want %+v", s.Lines, want)
	}
	if s.Span.First != since.Unix() || s.Span.Last != until.Unix()-1 {
		t.Errorf("span %v..%v", time.Unix(s.Span.First, 0).UTC(), time.Unix(s.Span.Last, 0).UTC())
	}
	if s.Filtered[filteredOutside] != 3 || s.Filtered[filteredNoTime] != 1 {
		t.Errorf("filtered reasons %v", s.Filtered)
	}
}

// TestPeriodAcrossDST checks --period yesterday in Europe/Berlin on the day
// after summer time ends (25 October 2026 has 25 hours) and after it
// begins (29 March 2026 has 23).
func TestPeriodAcrossDST(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skipf("no tz database: %v", err)
	}
	cases := []struct {
		now          time.Time
		since, until string
		hours        float64
	}{
		{time.Date(2026, 10, 26, 9, 0, 0, 0, berlin), "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z", 25},
		{time.Date(2026, 3, 30, 9, 0, 0, 0, berlin), "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z", 23},
		{time.Date(2026, 7, 15, 0, 30, 0, 0, berlin), "2026-07-13T22:00:00Z", "2026-07-14T22:00:00Z", 24},
	}
	for _, tc := range cases {
		w, err := ParsePeriod("yesterday", tc.now, berlin)
		if err != nil {
			t.Fatal(err)
		}
		if got := w.Since.UTC().Format(time.RFC3339); got != tc.since {
			t.Errorf("now %s: since %s, want %s", tc.now, got, tc.since)
		}
		if got := w.Until.UTC().Format(time.RFC3339); got != tc.until {
			t.Errorf("now %s: until %s, want %s", tc.now, got, tc.until)
		}
		if h := w.Until.Sub(w.Since).Hours(); h != tc.hours {
			t.Errorf("now %s: %v hours, want %v", tc.now, h, tc.hours)
		}
	}
	// The 25-hour day as a run: day buckets in Berlin hold 25 hours.
	w, _ := ParsePeriod("2026-10-25", time.Now(), berlin)
	var b strings.Builder
	for ts := w.Since.Add(-time.Hour); ts.Before(w.Until.Add(time.Hour)); ts = ts.Add(30 * time.Minute) {
		b.WriteString(line(ts.UTC(), 200))
	}
	s := runString(t, b.String(), Options{Settings: Settings{Window: w, Zone: berlin, Bucket: 86400}})
	if len(s.Buckets) != 1 || s.Buckets[0].End-s.Buckets[0].Start != 25*3600 || s.Buckets[0].Requests() != 50 {
		t.Errorf("buckets %+v, want one 25-hour bucket of 50 requests", s.Buckets)
	}
	for name, p := range map[string]string{"month": "2026-02", "this-week": "this-week", "last-month": "last-month"} {
		if _, err := ParsePeriod(p, time.Date(2026, 3, 4, 12, 0, 0, 0, berlin), berlin); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := ParsePeriod("fortnight", time.Now(), berlin); err == nil {
		t.Error("unknown period accepted")
	}
}

func TestParseTime(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	cases := map[string]string{
		"2026-11-02T10:00:00Z":      "2026-11-02T10:00:00Z",
		"2026-11-02T10:00:00+01:00": "2026-11-02T09:00:00Z",
		"2026-11-02":                "2026-11-02T00:00:00Z",
		"24h":                       "2026-11-23T12:00:00Z",
		"7d":                        "2026-11-17T12:00:00Z",
		"90m":                       "2026-11-24T10:30:00Z",
	}
	for in, want := range cases {
		got, err := ParseTime(in, now, time.UTC)
		if err != nil || got.UTC().Format(time.RFC3339) != want {
			t.Errorf("ParseTime(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	for _, bad := range []string{"yesterday-ish", "-5h", "0d", ""} {
		if _, err := ParseTime(bad, now, time.UTC); err == nil {
			t.Errorf("ParseTime(%q) accepted", bad)
		}
	}
}

// TestLatencyQuantiles compares the sketch's quantiles with exact
// nearest-rank ones, through a whole run with several workers, on a
// log-normal spread of request times from 1 ms to tens of seconds.
func TestLatencyQuantiles(t *testing.T) {
	f, err := parse.Compile(`$remote_addr [$time_local] "$request" $status $request_time`)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	var b strings.Builder
	var ds []float64
	for i := range 100000 {
		d := math.Round(math.Exp(rng.NormFloat64()*1.2-2.5)*1000) / 1000 // ms resolution, as nginx logs
		ds = append(ds, d)
		fmt.Fprintf(&b, "10.0.0.1 [%s] \"GET /a HTTP/1.1\" 200 %.3f\n",
			start.Add(time.Duration(i)*time.Second).Format("02/Jan/2006:15:04:05 -0700"), d)
	}
	s := runString(t, b.String(), Options{Format: f, Workers: 4, Settings: Settings{LatencyThreshold: 0.3}})
	sort.Float64s(ds)
	got := s.Latency
	if got == nil || got.Count != int64(len(ds)) {
		t.Fatalf("latency %+v", got)
	}
	for pct, v := range map[int]float64{50: got.P50, 90: got.P90, 95: got.P95, 99: got.P99} {
		if want := nearestRank(ds, pct); math.Abs(v-want) > quantileTolerance*want {
			t.Errorf("p%d = %v, exact nearest-rank %v: more than 0.5%% off", pct, v, want)
		}
	}
	if got.Max != ds[len(ds)-1] {
		t.Errorf("max %v, want %v", got.Max, ds[len(ds)-1])
	}
	fast := int64(sort.SearchFloat64s(ds, 0.3))
	if s.Timed != int64(len(ds)) || s.Fast != fast {
		t.Errorf("fast %d of %d, want %d", s.Fast, s.Timed, fast)
	}
	for _, bk := range s.Buckets {
		if bk.Latency == nil || bk.Latency.Count != bk.Requests() {
			t.Fatalf("bucket %d latency %+v for %d requests", bk.Start, bk.Latency, bk.Requests())
		}
	}
}

func TestEndpointKeys(t *testing.T) {
	routes := []Route{}
	for _, p := range []string{"/api/v1/items/*", "/static/**"} {
		r, err := ParseRoute(p)
		if err != nil {
			t.Fatal(err)
		}
		routes = append(routes, r)
	}
	cases := map[string]string{
		"/users/123/orders/9f8e7d6c5b4a3f2e1d0c":      "/users/:id/orders/:hash",
		"/files/3fa85f64-5717-4562-b3fc-2c963f66afa6": "/files/:uuid",
		"/search?q=<script>":                          "/search",
		"/docs#install":                               "/docs",
		"/docs?v=2#install":                           "/docs",
		"/docs#a?b":                                   "/docs",
		"/?":                                          "/",
		"/account/invoices/INV-98362":                 "/account/invoices/:id",
		"/v1/users/me":                                "/v1/users/me",
		"/t/aZ3kQ9xP2mN7vB4cR8tY1wE":                  "/t/:hash",
		"/":                                           "/",
		"/api/v1/items/42":                            "/api/v1/items/*",
		"/api/v1/items/42/reviews":                    "/api/v1/items/:id/reviews",
		"/static/css/site.3f9a.css":                   "/static/**",
		"http://example.com/x/77":                     "/x/:id",
		"*":                                           "(other)",
		"":                                            "(other)",
	}
	for in, want := range cases {
		path, _ := splitPath([]byte(in))
		if got := string(appendEndpoint(nil, path, routes)); got != want {
			t.Errorf("endpoint(%q) = %q, want %q", in, got, want)
		}
	}
	for _, bad := range []string{"api/x", "/a/**/b"} {
		if _, err := ParseRoute(bad); err == nil {
			t.Errorf("ParseRoute(%q) accepted", bad)
		}
	}
}

// TestBreakdownBoundedAndDeterministic feeds a million distinct keys: the
// breakdown keeps at most BreakdownCap of them, and the same ones whether
// one worker saw them all or four workers saw a share each.
func TestBreakdownBoundedAndDeterministic(t *testing.T) {
	n := 1_000_000
	if testing.Short() {
		n = 100_000
	}
	var one breakdown
	parts := make([]breakdown, 4)
	rng := rand.New(rand.NewPCG(3, 4))
	key := []byte{}
	for i := range n {
		key = fmt.Appendf(key[:0], "/p/%x", i*2654435761)
		v := map[bool]uint8{true: verdictBad, false: verdictGood}[i%10 == 0]
		one.add(key, v, -1)
		parts[rng.IntN(4)].add(key, v, -1)
		if len(one.keys) > BreakdownCap {
			t.Fatalf("%d keys kept after %d adds", len(one.keys), i+1)
		}
	}
	var merged breakdown
	for i := range parts {
		merged.merge(&parts[i])
	}
	a, b := one.result(), merged.result()
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("one worker and four disagree:\n%+v\n%+v", a, b)
	}
	var sum int64
	for _, k := range one.keys {
		sum += k.requests
	}
	if sum+one.other.requests != int64(n) || !a.Capped || a.Keys[len(a.Keys)-1].Key != OtherKey {
		t.Errorf("kept %d + other %d != %d requests; capped %v", sum, one.other.requests, n, a.Capped)
	}
}

func TestBadRule(t *testing.T) {
	r, err := ParseBadRule("5xx,429", "501,505")
	if err != nil {
		t.Fatal(err)
	}
	for code, want := range map[int]bool{500: true, 501: false, 503: true, 505: false, 429: true, 404: false, 200: false, 599: true, 600: false} {
		if r.IsBad(code) != want {
			t.Errorf("IsBad(%d) = %v", code, !want)
		}
	}
	if r.String() != "5xx,429 except 501,505" || DefaultBadRule.String() != "5xx" {
		t.Errorf("String: %q %q", r, DefaultBadRule)
	}
	if g, _ := ParseBadRule("", "503"); g.IsBad(503) || !g.IsBad(502) {
		t.Error("--good alone must subtract from 5xx")
	}
	for _, bad := range []string{"6xx", "abc", "1000", "-1"} {
		if _, err := ParseBadRule(bad, ""); err == nil {
			t.Errorf("ParseBadRule(%q) accepted", bad)
		}
	}
	s := runString(t, ok200+ok503+strings.Replace(ok200, " 200 ", " 429 ", 1), Options{Settings: Settings{Rule: r}})
	if s.Bad() != 2 || s.Buckets[0].Bad+s.Buckets[1].Bad != 2 {
		t.Errorf("bad %d, buckets %+v", s.Bad(), s.Buckets)
	}
}

// TestRuleErrorSaysWhichList: a list that does not read is reported as
// data, so that the CLI can name its flag; a rule read back from a
// summary names the lists as it always has.
func TestRuleErrorSaysWhichList(t *testing.T) {
	for _, tc := range []struct{ bad, good, list string }{{"6xx", "", "bad"}, {"5xx", "abc", "good"}, {"", "0", "good"}} {
		_, err := ParseBadRule(tc.bad, tc.good)
		var re *RuleError
		if !errors.As(err, &re) || re.List != tc.list || re.Err == nil {
			t.Errorf("ParseBadRule(%q, %q) = %v, want a RuleError of the %s list", tc.bad, tc.good, err, tc.list)
		}
	}
	if _, err := ParseRuleSpec("5xx except abc"); err == nil || !strings.HasPrefix(err.Error(), `--good: "abc" is neither`) {
		t.Errorf("ParseRuleSpec: %v", err)
	}
}

func TestGates(t *testing.T) {
	log, _, _ := plantedOutage(t)
	s := runString(t, log, Options{Settings: Settings{LatencyThreshold: 0.3}})
	tg, _ := ParseTarget("99.9")
	v := s.Check(Gates{SLO: &tg, MaxBurnRate: 2})
	if len(v.Failed()) != 2 || v.Insufficient {
		t.Errorf("gates %+v: want slo and max-burn-rate failed", v.Gates)
	}
	low, _ := ParseTarget("90")
	if v := s.Check(Gates{SLO: &low, MaxBurnRate: 200}); len(v.Failed()) != 0 {
		t.Errorf("gates %+v: want all passed", v.Gates)
	}
	if v := s.Check(Gates{SLO: &tg, MinRequests: 1 << 40}); !v.Insufficient || len(v.Gates) != 1 {
		t.Errorf("gates %+v: want insufficient data and nothing else checked", v)
	}
	// No request logged a duration: the latency gate has no data and
	// fails, unless no data is allowed.
	lo, _ := ParseLatencyObjective("99%<300ms")
	if v := s.Check(Gates{Latency: &lo}); len(v.Failed()) != 1 || !v.Gates[0].NoData || !v.NoData {
		t.Errorf("latency gate without durations: %+v", v.Gates)
	}
	if v := s.Check(Gates{Latency: &lo, AllowNoData: true}); len(v.Failed()) != 0 || !v.Gates[0].NoData {
		t.Errorf("latency gate without durations, no data allowed: %+v", v.Gates)
	}
	// Nothing at all: every gate fails as no data, --min-requests or not.
	empty := runString(t, "", Options{})
	for _, g := range []Gates{{SLO: &tg}, {SLO: &tg, MaxBurnRate: 2}, {SLO: &tg, MinRequests: 10}, {Latency: &lo}} {
		v := empty.Check(g)
		if len(v.Failed()) != len(v.Gates) || len(v.Gates) == 0 || !v.NoData || v.Insufficient {
			t.Errorf("gates %+v on nothing: %+v", g, v)
		}
	}
}

func TestParseLatencyObjective(t *testing.T) {
	l, err := ParseLatencyObjective("99%<300ms")
	if err != nil || l.Threshold != 0.3 || l.Target.Ratio() != 0.99 || l.String() != "99% < 300ms" {
		t.Errorf("got %+v %v", l, err)
	}
	for _, bad := range []string{"99%", "<300ms", "99%<fast", "100%<1s", "99%<0s"} {
		if _, err := ParseLatencyObjective(bad); err == nil {
			t.Errorf("ParseLatencyObjective(%q) accepted", bad)
		}
	}
}
