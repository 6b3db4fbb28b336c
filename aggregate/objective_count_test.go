package aggregate

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/slareport/slareport/parse"
)

// TestObjectiveCountsMatchTheSelector counts random requests for
// objectives through the cached bit masks, and again request by request
// with Selector.Match, the filter flags' matcher: the counts must agree
// whether or not the request keys collapse ids.
func TestObjectiveCountsMatchTheSelector(t *testing.T) {
	w := ObjectiveWindow{Start: time.Unix(1000, 0), End: time.Unix(1000+86400, 0)}
	bad5xx, _ := ParseBadRule("5xx", "")
	good2xx, _ := ParseBadRule("2xx,3xx", "")
	collapsing := []Objective{
		{Name: "api", Total: SelectorSpec{Paths: []string{"/api/**"}, ExcludePaths: []string{"/api/health"}}, Status: bad5xx},
		{Name: "orders", Total: SelectorSpec{Paths: []string{"/api/v1/orders/*"}, Methods: []string{"POST"}}, Status: bad5xx},
		{Name: "shop", Total: SelectorSpec{Hosts: []string{"*.example.com"}, ExcludeBots: true, ExcludeClients: []string{"10.0.0.0/8"}},
			GoodPick: true, Status: good2xx},
		{Name: "fast", Total: SelectorSpec{Paths: []string{"/static/**"}}, GoodPick: true, AnyStatus: true, DurationUnder: 250 * time.Millisecond},
		{Name: "grouped", Total: SelectorSpec{ExcludeWindows: []string{"1970-01-01T01:00:00Z/1970-01-01T02:00:00Z"}}, Status: bad5xx, GroupBy: GroupHost},
		{Name: "picky", Total: SelectorSpec{Paths: []string{"/**"}}, Pick: SelectorSpec{Paths: []string{"/api/**"}}, Status: bad5xx},
	}
	// A literal id in a pattern: keys must not collapse.
	literal := append([]Objective{{Name: "one-order", Total: SelectorSpec{Paths: []string{"/api/v1/orders/12345"}}, Status: bad5xx}}, collapsing...)
	for _, tc := range []struct {
		name     string
		list     []Objective
		collapse bool
	}{{"collapsing", collapsing, true}, {"literal id", literal, false}} {
		t.Run(tc.name, func(t *testing.T) {
			for i := range tc.list {
				tc.list[i].Target, tc.list[i].Window = Target{ppb: 990_000_000}, w
			}
			set, err := compileObjectives(tc.list)
			if err != nil {
				t.Fatal(err)
			}
			if set.collapse != tc.collapse {
				t.Fatalf("collapse %v, want %v", set.collapse, tc.collapse)
			}
			c := newObjCounter(set, nil)
			judges := make([]func(*parse.Record) (bool, bool), len(tc.list))
			for i, o := range tc.list {
				judges[i] = naiveJudge(t, o)
			}
			want := make([]objCell, len(tc.list))
			rng := rand.New(rand.NewPCG(3, 4))
			for range 20000 {
				r := randomRecord(rng)
				c.count(r)
				for i, judge := range judges {
					if good, ok := judge(r); ok {
						want[i].Requests++
						if !good {
							want[i].Bad++
						}
					}
				}
			}
			got := make([]objCell, len(tc.list))
			for _, cells := range c.minutes {
				for i, cell := range cells {
					got[i].Requests += cell.Requests
					got[i].Bad += cell.Bad
				}
			}
			for i, o := range tc.list {
				if got[i] != want[i] || want[i].Requests == 0 || want[i].Bad == 0 {
					t.Errorf("%s: counted %+v, request by request %+v", o.Name, got[i], want[i])
				}
			}
		})
	}
}

// naiveJudge returns how o judges one request the slow way: whether o
// counts it, and whether it is good.
func naiveJudge(t *testing.T, o Objective) func(r *parse.Record) (good, counted bool) {
	total, err := NewSelector(o.Total)
	if err != nil {
		t.Fatal(err)
	}
	pick, err := NewSelector(o.Pick)
	if err != nil {
		t.Fatal(err)
	}
	return func(r *parse.Record) (good, counted bool) {
		return judgeOne(o, total, pick, r)
	}
}

func judgeOne(o Objective, total, pick *Selector, r *parse.Record) (good, counted bool) {
	if r.Time < o.Window.Start.Unix() || r.Time >= o.Window.End.Unix() || total.Match(r) != Selected {
		return false, false
	}
	if o.DurationUnder > 0 && r.Duration < 0 {
		return false, false
	}
	if r.Status < 100 || r.Status > 599 {
		return false, false
	}
	picked := pick.Match(r) == Selected && (o.AnyStatus || o.Status.IsBad(r.Status))
	good = picked == o.GoodPick
	if o.DurationUnder > 0 && r.Duration >= o.DurationUnder.Seconds() {
		good = false
	}
	return good, true
}

func randomRecord(rng *rand.Rand) *parse.Record {
	paths := []string{"/api/v1/orders/%d", "/api/v1/orders/12345", "/api/health", "/api/v1/users/%d/cart", "/static/app.%d.js",
		"/", "/api/v1/orders/3fa85f64-5717-4562-b3fc-2c963f66afa6", "http://proxy.example.com/api/x", "/api/v2/items?id=%d", "*"}
	hosts := []string{"shop.example.com", "API.Example.com:8443", "", "other.net"}
	agents := []string{"Mozilla/5.0", "Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.5"}
	methods := []string{"GET", "POST", "post", ""}
	p := paths[rng.IntN(len(paths))]
	if strings.Contains(p, "%d") {
		p = fmt.Sprintf(p, []int{rng.IntN(100000), 7}[rng.IntN(2)])
	}
	r := &parse.Record{
		Time: 1000 + rng.Int64N(2*86400) - 3600, HasTime: true,
		Method: []byte(methods[rng.IntN(len(methods))]), Path: []byte(p),
		Host:      []byte(hosts[rng.IntN(len(hosts))]),
		Status:    []int{200, 200, 201, 301, 404, 429, 500, 503, 0, 999}[rng.IntN(10)],
		UserAgent: []byte(agents[rng.IntN(len(agents))]),
		Remote:    []byte(fmt.Sprintf("%d.1.2.3", []int{10, 192, 198}[rng.IntN(3)])),
		Duration:  []float64{-1, 0.1, 0.25, 0.3, 1}[rng.IntN(5)],
	}
	return r
}
