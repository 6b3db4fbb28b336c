package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// shopFormat is the nginx log_format of the synthetic shop logs: the
// virtual host first, the request time last.
const shopFormat = `$host $remote_addr - - [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time`

// shopLine is one request of a synthetic shop log.
type shopLine struct {
	at            time.Time
	host, path    string
	method        string // GET when empty
	status        int
	agent, client string
	duration      string // seconds, or "-"
}

func (l shopLine) String() string {
	method := l.method
	if method == "" {
		method = "GET"
	}
	return fmt.Sprintf(`%s %s - - [%s] "%s %s HTTP/1.1" %d 512 "-" "%s" %s`, l.host, l.client,
		l.at.UTC().Format("02/Jan/2006:15:04:05 -0700"), method, l.path, l.status, l.agent, l.duration)
}

// shopLog writes lines of a shop spread over [from, from+span), seeded,
// with health checks, bots, an office network, slow checkouts and a bad
// hour of 5xx, and returns its path.
func shopLog(t *testing.T, dir, name string, seed uint64, from time.Time, span time.Duration, n int) string {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 7))
	hosts := []string{"shop.example.com", "api.example.com", "static.example.com"}
	paths := []string{"/api/v1/items", "/api/v1/items/42", "/api/health", "/api/v1/cart?id=9", "/checkout/pay", "/checkout/confirm", "/", "/static/app.js"}
	agents := []string{"Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "curl/8.5.0"}
	codes := []int{200, 200, 200, 200, 200, 200, 200, 301, 404, 429, 500, 502, 503}
	lines := make([]string, 0, n)
	for i := range n {
		l := shopLine{
			at:     from.Add(time.Duration(i) * (span / time.Duration(n))),
			host:   hosts[rng.IntN(len(hosts))],
			path:   paths[rng.IntN(len(paths))],
			status: codes[rng.IntN(len(codes))],
			agent:  agents[rng.IntN(len(agents))],
			client: fmt.Sprintf("198.51.100.%d", rng.IntN(200)),
			method: []string{"GET", "GET", "POST"}[rng.IntN(3)],
		}
		if rng.IntN(10) == 0 {
			l.client = fmt.Sprintf("10.1.2.%d", rng.IntN(200)) // the office
		}
		ms := rng.IntN(600)
		l.duration = fmt.Sprintf("%d.%03d", ms/1000, ms%1000)
		if rng.IntN(50) == 0 {
			l.duration = "-"
		}
		lines = append(lines, l.String())
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// judgedSLO is what the tests read of an SLO in the JSON report.
type judgedSLO struct {
	Name, Service   string
	Target          float64
	BudgetingMethod string `json:"budgeting_method"`
	Window          struct {
		Start, End string
		Rolling    bool
		Duration   string
		TimeZone   string `json:"time_zone"`
	}
	Requests, Good, Bad int64
	Met                 bool
	NoData              bool `json:"no_data"`
	Budget              struct {
		Allowed   float64
		Spent     int64
		Remaining float64
		Time      struct {
			WindowSeconds float64 `json:"window_seconds"`
		}
	}
	Alerts []struct {
		Severity  string
		Long      string `json:"long_window"`
		Short     string `json:"short_window"`
		Threshold float64
		Firing    bool
	}
	TimeSlices *struct {
		Seconds                 int64 `json:"slice_seconds"`
		Total, Good, Bad, Empty int64
		WindowTotal             int64 `json:"window_total"`
	} `json:"time_slices"`
	Groups []struct {
		Key           string
		Requests, Bad int64
		Met           bool
	}
}

type sloReport struct {
	SLOs  []judgedSLO `json:"slos"`
	Gates struct {
		Passed  bool
		Results []struct {
			Name   string
			Passed bool
		}
	}
}

func runSLOs(t *testing.T, args ...string) (int, sloReport, string) {
	t.Helper()
	code, stdout, stderr, _ := execBinary(t, args...)
	var r sloReport
	if code < 2 {
		if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
			t.Fatalf("exit %d, stdout is not JSON: %v\n%s", code, err, stderr)
		}
	}
	return code, r, stderr.String()
}

// threeSLOs: the API's route group without its health check, office or
// maintenance window; the shop host without bots, 429 counting as bad;
// checkout latency under 300 ms.
const threeSLOs = `apiVersion: openslo/v1
kind: SLO
metadata: {name: api}
spec:
  service: shop
  budgetingMethod: Occurrences
  objectives: [{target: 0.99}]
  timeWindow: [{duration: 28d, isRolling: true}]
  indicator:
    metadata: {name: api-availability}
    spec:
      ratioMetric:
        counter: true
        bad: {metricSource: {type: slareport, spec: {status: 5xx}}}
        total:
          metricSource:
            type: slareport
            spec:
              path: /api/**
              exclude:
                path: /api/health
                client: 10.0.0.0/8
                windows: 2026-11-05T10:00:00Z/2026-11-05T12:00:00Z
---
apiVersion: openslo/v1
kind: SLO
metadata: {name: storefront}
spec:
  service: shop
  budgetingMethod: Occurrences
  objectives: [{targetPercent: 70}]
  timeWindow: [{duration: 1M, calendar: {startTime: "2026-01-01 00:00:00", timeZone: UTC}}]
  indicator:
    metadata: {name: storefront-requests}
    spec:
      ratioMetric:
        counter: true
        good: {metricSource: {type: slareport, spec: {status: "2xx,3xx,404"}}}
        total: {metricSource: {type: slareport, spec: {host: shop.example.com, exclude: {bots: true}}}}
---
apiVersion: openslo/v1
kind: SLO
metadata: {name: checkout-latency}
spec:
  service: shop
  budgetingMethod: Occurrences
  objectives: [{target: 0.5}]
  timeWindow: [{duration: 7d, isRolling: true}]
  indicator:
    metadata: {name: checkout-fast}
    spec:
      ratioMetric:
        counter: true
        good: {metricSource: {type: slareport, spec: {durationUnder: 300ms}}}
        total: {metricSource: {type: slareport, spec: {path: /checkout/**}}}
`

// awkPrelude reads the shop log's fields for awk: host $1, client $2,
// time $5 ("[05/Nov/2026:10:00:00"), path $8 (p, without its query),
// status $10, request time $NF.
const awkPrelude = `{ p = $8; sub(/\?.*/, "", p); day = substr($5, 2, 11); hour = substr($5, 2, 14) }`

// TestSLOFileThreeSLOs judges three SLOs in one pass and checks each
// one's requests, bad requests and verdict against awk over the raw log.
func TestSLOFileThreeSLOs(t *testing.T) {
	dir := t.TempDir()
	// Ten days of November, 2026-11-01 to 2026-11-11.
	log := shopLog(t, dir, "shop.log", 1, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), 10*24*time.Hour, 20000)
	slos := writeFile(t, dir, "slos.yaml", threeSLOs)
	if d := os.Getenv("SLO_TEST_KEEP"); d != "" {
		data, _ := os.ReadFile(log)
		os.WriteFile(filepath.Join(d, "shop.log"), data, 0o644)
	}
	code, r, stderr := runSLOs(t, "-q", "--tz", "UTC", "-f", "json", "--log-format", shopFormat,
		"--slo-file", slos, "--until", "2026-11-11T00:00:00Z", log)

	count := func(cond string) int64 {
		return pipelineCount(t, `awk '`+awkPrelude+` `+cond+` { n++ } END { print n+0 }' `+log)
	}
	// The API: /api/** but not /api/health, not 10/8, not 10:00-12:00 on
	// the 5th; 5xx are bad.
	api := `p ~ /^\/api\// && p != "/api/health" && $2 !~ /^10\./ && hour != "05/Nov/2026:10" && hour != "05/Nov/2026:11"`
	// The storefront: host shop.example.com, no Googlebot; good is 2xx,
	// 3xx and 404, so bad is 429 and 5xx.
	shop := `$1 == "shop.example.com" && $0 !~ /Googlebot/`
	// Checkout latency over the last 7 days (from the 4th): requests with
	// a duration; bad ones took 300 ms or more.
	checkout := `p ~ /^\/checkout\// && $NF != "-" && day >= "04/Nov/2026"`
	want := map[string][2]int64{
		"api":              {count(api), count(api + ` && $10 >= 500`)},
		"storefront":       {count(shop), count(shop + ` && ($10 == 429 || $10 >= 500)`)},
		"checkout-latency": {count(checkout), count(checkout + ` && $NF + 0 >= 0.3`)},
	}
	targets := map[string][2]int64{"api": {99, 100}, "storefront": {70, 100}, "checkout-latency": {50, 100}}
	if len(r.SLOs) != 3 {
		t.Fatalf("exit %d, %d SLOs in the report\n%s", code, len(r.SLOs), stderr)
	}
	failed := false
	for _, s := range r.SLOs {
		w, ok := want[s.Name]
		if !ok {
			t.Fatalf("unexpected SLO %q", s.Name)
		}
		if s.Requests != w[0] || s.Bad != w[1] || s.Good != w[0]-w[1] {
			t.Errorf("%s: %d requests, %d bad, %d good; awk counts %d requests, %d bad", s.Name, s.Requests, s.Bad, s.Good, w[0], w[1])
		}
		tg := targets[s.Name]
		met := (w[0]-w[1])*tg[1] >= tg[0]*w[0]
		if s.Met != met || s.NoData {
			t.Errorf("%s: met %v (no data %v), want %v from %d of %d good", s.Name, s.Met, s.NoData, met, w[0]-w[1], w[0])
		}
		failed = failed || !met
	}
	if w := want["api"]; w[1] == 0 || w[0] < 1000 {
		t.Fatalf("the log does not exercise the API SLO: %v", w)
	}
	if (code == 1) != failed || (!failed && code != 0) {
		t.Errorf("exit %d, want %d (an SLO failing exits 1)\n%s", code, map[bool]int{true: 1, false: 0}[failed], stderr)
	}
	for _, g := range r.Gates.Results {
		if strings.HasPrefix(g.Name, "slo:") {
			for _, s := range r.SLOs {
				if "slo:"+s.Name == g.Name && s.Met != g.Passed {
					t.Errorf("gate %s passed %v, SLO met %v", g.Name, g.Passed, s.Met)
				}
			}
		}
	}
	// The windows: 28 days back from --until, November in UTC, 7 days.
	windows := map[string]string{
		"api":              "2026-10-14T00:00:00Z 2026-11-11T00:00:00Z true 28d",
		"storefront":       "2026-11-01T00:00:00Z 2026-12-01T00:00:00Z false 1M",
		"checkout-latency": "2026-11-04T00:00:00Z 2026-11-11T00:00:00Z true 7d",
	}
	for _, s := range r.SLOs {
		got := fmt.Sprintf("%s %s %v %s", s.Window.Start, s.Window.End, s.Window.Rolling, s.Window.Duration)
		if got != windows[s.Name] {
			t.Errorf("%s: window %s, want %s", s.Name, got, windows[s.Name])
		}
	}
}
