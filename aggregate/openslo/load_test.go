package openslo

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/slareport/slareport/aggregate"
)

func loadFile(t *testing.T, path, name string) *File {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	file, err := Load(Source{Name: name, R: f})
	if err != nil {
		t.Fatalf("load %s: %v", path, err)
	}
	return file
}

func mustTarget(t *testing.T, pct string) aggregate.Target {
	t.Helper()
	tg, err := aggregate.ParseTarget(pct)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

func mustRule(t *testing.T, list string) aggregate.BadRule {
	t.Helper()
	r, err := aggregate.ParseBadRule(list, "")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestShopExample loads the shop's SLO file and checks every field of what
// was understood against values written out by hand from the file:
// names and positions (counted in the file), targets, windows, selectors,
// references resolved, alerts.
func TestShopExample(t *testing.T) {
	file := loadFile(t, "testdata/shop.yaml", "shop.yaml")
	pos := func(line, col int) Pos { return Pos{"shop.yaml", line, col} }

	wantServices := []Service{
		{Name: "shop-api", DisplayName: "Shop API", Description: "The JSON API behind the web and mobile shop", Pos: pos(6, 9)},
		{Name: "shop-web", Description: "Pages and static assets", Pos: pos(14, 9)},
	}
	if !reflect.DeepEqual(file.Services, wantServices) {
		t.Errorf("services:\n got %+v\nwant %+v", file.Services, wantServices)
	}

	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skipf("no time zone database: %v", err)
	}
	fastBurn := Alert{Policy: "checkout-paging", Name: "fast-burn", Severity: "page", Op: "gt", Threshold: 14.4, LookbackWindow: time.Hour, AlertAfter: 5 * time.Minute, Pos: pos(94, 9)}
	slowBurn := Alert{Policy: "checkout-paging", Name: "slow-burn", Severity: "ticket", Op: "gt", Threshold: 2, LookbackWindow: 6 * time.Hour, AlertAfter: 30 * time.Minute, Pos: pos(116, 15)}
	want := []SLO{{
		Name: "api-availability", DisplayName: "API availability", Description: "99.5% of API requests succeed over four weeks",
		Service: "shop-api", BudgetingMethod: Occurrences, Target: mustTarget(t, "99.5"),
		Window: Window{Rolling: true, Duration: 28 * 24 * time.Hour},
		Indicator: Indicator{Name: "api-requests", DisplayName: "API requests", Pos: pos(23, 9),
			Total: Selector{Paths: []string{"/api/**"}, ExcludePaths: []string{"/health"}, ExcludeBots: true,
				ExcludeClients: []string{"10.0.0.0/8", "192.0.2.7/32"}},
			Bad: &Selection{Status: "5xx", Rule: mustRule(t, "5xx")}},
		Alerts: DefaultAlerts(), DefaultAlerts: true, Pos: pos(46, 9),
	}, {
		Name: "static-assets", Service: "shop-web", BudgetingMethod: Occurrences, Target: mustTarget(t, "99.9"),
		Window: Window{Rolling: true, Duration: 7 * 24 * time.Hour},
		Indicator: Indicator{Name: "static-requests", Pos: pos(69, 13),
			Total: Selector{Hosts: []string{"static.shop.example", "cdn-*.shop.example"}, Methods: []string{"GET", "HEAD"}},
			Bad:   &Selection{Status: "5xx,404", Rule: mustRule(t, "5xx,404")}},
		GroupBy: GroupByHost, Alerts: DefaultAlerts(), DefaultAlerts: true, Pos: pos(64, 9),
	}, {
		Name: "checkout-latency", Service: "shop-api", BudgetingMethod: Occurrences, Target: mustTarget(t, "99"),
		Window: Window{Unit: Month, Count: 1, Start: time.Date(2024, 1, 1, 0, 0, 0, 0, berlin), Zone: berlin},
		Indicator: Indicator{Name: "checkout-fast", Pos: pos(136, 13), DurationUnder: 300 * time.Millisecond,
			Total: Selector{Paths: []string{"/api/checkout/**"}, Methods: []string{"POST"}},
			Good:  &Selection{Status: "2xx,3xx", Rule: mustRule(t, "2xx,3xx")}},
		Alerts: []Alert{fastBurn, slowBurn}, Pos: pos(131, 9),
	}, {
		Name: "homepage", Service: "shop-web", BudgetingMethod: Timeslices, Target: mustTarget(t, "99"),
		TimeSliceTarget: Ratio{950_000_000}, TimeSliceWindow: 5 * time.Minute,
		Window: Window{Rolling: true, Duration: 28 * 24 * time.Hour},
		Indicator: Indicator{Name: "homepage-requests", Pos: pos(174, 13),
			Total: Selector{Paths: []string{"/"}, ExcludeUserAgents: []string{"ELB-HealthChecker/*"},
				ExcludeWindows: []string{"2024-05-04T01:00:00Z/2024-05-04T03:00:00Z"}},
			Bad: &Selection{Status: "5xx,429", Rule: mustRule(t, "5xx,429")}},
		Alerts: []Alert{{Policy: "homepage-down", Name: "homepage-burn", Severity: "page", Op: "gt", Threshold: 10,
			LookbackWindow: 30 * time.Minute, AlertAfter: 5 * time.Minute, Pos: pos(207, 21)}},
		Pos: pos(169, 9),
	}}
	if len(file.SLOs) != len(want) {
		t.Fatalf("%d SLOs, want %d", len(file.SLOs), len(want))
	}
	for i, got := range file.SLOs {
		w := want[i]
		// Locations are compared by name: LoadLocation returns a new one.
		if got.Window.Zone.String() != w.Window.Zone.String() || !got.Window.Start.Equal(w.Window.Start) {
			t.Errorf("%s: window zone %v start %v, want %v %v", w.Name, got.Window.Zone, got.Window.Start, w.Window.Zone, w.Window.Start)
		}
		got.Window.Zone, w.Window.Zone = nil, nil
		got.Window.Start, w.Window.Start = time.Time{}, time.Time{}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("SLO %d:\n got %+v\nwant %+v", i, got, w)
		}
	}
	// The Start of the Berlin month is midnight there, 23:00 UTC.
	if s := file.SLOs[2].Window.Start.UTC(); s != time.Date(2023, 12, 31, 23, 0, 0, 0, time.UTC) {
		t.Errorf("calendar start %v in UTC, want 2023-12-31 23:00", s)
	}
}

// TestDefaultAlertsAreTheWorkbooks: an SLO without alertPolicies gets
// the four rules aggregate replays, each mapping back onto its rule.
func TestDefaultAlertsAreTheWorkbooks(t *testing.T) {
	alerts := DefaultAlerts()
	if len(alerts) != 4 {
		t.Fatalf("%d default alerts, want 4", len(alerts))
	}
	for i, a := range alerts {
		if a.Rule() != aggregate.AlertRules[i] {
			t.Errorf("alert %d maps to %+v, want %+v", i, a.Rule(), aggregate.AlertRules[i])
		}
	}
	custom := Alert{Severity: "page", Threshold: 14.4, LookbackWindow: time.Hour, AlertAfter: 5 * time.Minute}
	if r := custom.Rule(); r.Long != time.Hour || r.Short != 5*time.Minute || r.Threshold != 14.4 || r.Severity != "page" {
		t.Errorf("lookbackWindow 1h, alertAfter 5m map to %+v: want long 1h, short 5m", r)
	}
}

// TestExactTargets: targets turn into parts per billion from their text,
// never through a float, so the verdict's arithmetic sees what was
// written; 0.999999999 is the finest target (one part per billion).
func TestExactTargets(t *testing.T) {
	for _, tc := range []struct {
		objective string
		want      string // the percentage ParseTarget reads exactly
	}{
		{"target: 0.995", "99.5"},
		{"target: 0.9995", "99.95"},
		{"target: 0.999999999", "99.9999999"},
		{"target: 0.1", "10"},
		{"target: 0.005", "0.5%"},
		{"target: .99", "99"},
		{"target: 0.99000", "99"},
		{"targetPercent: 99.95", "99.95"},
		{"targetPercent: 0.5", "0.5%"},
		{"targetPercent: 99.9999999", "99.9999999"},
	} {
		doc := strings.Replace(minimalSLO, "target: 0.999", tc.objective, 1)
		file, err := Load(Source{"t.yaml", strings.NewReader(doc)})
		if err != nil {
			t.Errorf("%s: %v", tc.objective, err)
			continue
		}
		if got := file.SLOs[0].Target; got != mustTarget(t, tc.want) {
			t.Errorf("%s: target %v, want %s", tc.objective, got, tc.want)
		}
	}
}

// minimalSLO is the least an SLO file must say.
const minimalSLO = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: api
spec:
  service: shop
  budgetingMethod: Occurrences
  objectives: [{target: 0.999}]
  timeWindow: [{duration: 28d, isRolling: true}]
  indicator:
    metadata: {name: api}
    spec:
      ratioMetric:
        bad: {metricSource: {type: slareport, spec: {status: 5xx}}}
        total: {metricSource: {type: slareport, spec: {}}}
`

// TestSeveralFiles: references resolve across the files of one load, and
// a name defined in two files is an error at the second.
func TestSeveralFiles(t *testing.T) {
	sli := "apiVersion: openslo/v1\nkind: SLI\nmetadata: {name: api}\nspec:\n  ratioMetric:\n" +
		"    bad: {metricSource: {type: slareport, spec: {status: 5xx}}}\n" +
		"    total: {metricSource: {type: slareport, spec: {path: /api/**}}}\n"
	slo := strings.Replace(minimalSLO, "  indicator:\n    metadata: {name: api}\n    spec:\n      ratioMetric:\n"+
		"        bad: {metricSource: {type: slareport, spec: {status: 5xx}}}\n"+
		"        total: {metricSource: {type: slareport, spec: {}}}\n", "  indicatorRef: api\n", 1)
	file, err := Load(Source{"slos.yaml", strings.NewReader(slo)}, Source{"slis.yaml", strings.NewReader(sli)})
	if err != nil {
		t.Fatal(err)
	}
	if got := file.SLOs[0].Indicator.Total.Paths; !reflect.DeepEqual(got, []string{"/api/**"}) {
		t.Errorf("indicatorRef across files: paths %v", got)
	}
	_, err = Load(Source{"a.yaml", strings.NewReader(minimalSLO)}, Source{"b.yaml", strings.NewReader(minimalSLO)})
	if err == nil || err.Error() != `b.yaml:4:9: SLO "api" is already defined at a.yaml:4:9` {
		t.Errorf("the same SLO in two files: %v", err)
	}
}

// TestSelectorTakesWhatTheFlagsTake: values the filter flags take are
// taken from a file too, as written (clients as prefixes, masked and
// unmapped), so that a file and the flags select alike.
func TestSelectorTakesWhatTheFlagsTake(t *testing.T) {
	spec := `{host: ["shop.example", "caf\u00e9\u00a0.example"], path: ["/files/my report.pdf", "/a/*/**"], method: [get, M-SEARCH],
   exclude: {client: ["::ffff:192.0.2.7", 10.1.2.3/8], userAgent: " ", windows: 2024-05-04T03:00:00+02:00/2024-05-04T02:00:00Z}}`
	file, err := Load(Source{Name: "t.yaml", R: strings.NewReader(strings.Replace(minimalSLO, "spec: {}", "spec: "+spec, 1))})
	if err != nil {
		t.Fatal(err)
	}
	want := Selector{
		Hosts: []string{"shop.example", "café\u00a0.example"}, Paths: []string{"/files/my report.pdf", "/a/*/**"},
		Methods: []string{"get", "M-SEARCH"}, ExcludeClients: []string{"192.0.2.7/32", "10.0.0.0/8"}, ExcludeUserAgents: []string{" "},
		ExcludeWindows: []string{"2024-05-04T03:00:00+02:00/2024-05-04T02:00:00Z"},
	}
	if got := file.SLOs[0].Indicator.Total; !reflect.DeepEqual(got, want) {
		t.Errorf("total\n got %#v\nwant %#v", got, want)
	}
}
