package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// writeShop writes lines as a shop log.
func writeShop(t *testing.T, dir, name string, lines []shopLine) string {
	t.Helper()
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l.String() + "\n")
	}
	return writeFile(t, dir, name, b.String())
}

// berlinOctober is a Timeslices SLO over October 2026 in Berlin, whose
// last Sunday has 25 hours.
const berlinOctober = `apiVersion: openslo/v1
kind: SLO
metadata: {name: monthly}
spec:
  service: shop
  budgetingMethod: Timeslices
  objectives: [{target: 0.995, timeSliceTarget: 0.5, timeSliceWindow: 1h}]
  timeWindow: [{duration: 1M, calendar: {startTime: "2026-01-01 00:00:00", timeZone: Europe/Berlin}}]
  indicator:
    metadata: {name: all}
    spec:
      ratioMetric:
        counter: true
        bad: {metricSource: {type: slareport, spec: {status: 5xx}}}
        total: {metricSource: {type: slareport, spec: {path: /**}}}
`

// TestSLOFileCalendarMonthAcrossDST judges October 2026 in Berlin: the
// window runs from 1 October 00:00 CEST (30 September 22:00 UTC) to 1
// November 00:00 CET (31 October 23:00 UTC), 745 hours, because the
// clocks go back on 25 October. A line every 10 minutes from 20:00 UTC
// on 30 September to 01:00 UTC on 1 November; three hours of 5xx.
func TestSLOFileCalendarMonthAcrossDST(t *testing.T) {
	dir := t.TempDir()
	start := time.Date(2026, 9, 30, 20, 0, 0, 0, time.UTC)
	end := time.Date(2026, 11, 1, 1, 0, 0, 0, time.UTC)
	from := time.Date(2026, 9, 30, 22, 0, 0, 0, time.UTC) // written out by hand, not computed by slareport
	until := time.Date(2026, 10, 31, 23, 0, 0, 0, time.UTC)
	outage := map[time.Time]bool{ // whole hours of 5xx, one on the 25-hour day
		time.Date(2026, 10, 3, 4, 0, 0, 0, time.UTC):   true,
		time.Date(2026, 10, 25, 1, 0, 0, 0, time.UTC):  true, // 02:00 CET, the repeated hour
		time.Date(2026, 10, 31, 22, 0, 0, 0, time.UTC): true, // the window's last hour
		time.Date(2026, 9, 30, 21, 0, 0, 0, time.UTC):  true, // before the window: not counted
	}
	var lines []shopLine
	var inside, bad int64
	for at := start; at.Before(end); at = at.Add(10 * time.Minute) {
		l := shopLine{at: at, host: "shop.example.com", path: "/", status: 200, agent: "Mozilla/5.0", client: "198.51.100.1", duration: "0.010"}
		if outage[at.Truncate(time.Hour)] {
			l.status = 503
		}
		if !at.Before(from) && at.Before(until) {
			inside++
			if l.status >= 500 {
				bad++
			}
		}
		lines = append(lines, l)
	}
	log := writeShop(t, dir, "october.log", lines)
	slos := writeFile(t, dir, "slos.yaml", berlinOctober)
	// The month is the one holding the instant before --until.
	code, r, stderr := runSLOs(t, "-q", "--tz", "UTC", "-f", "json", "--log-format", shopFormat,
		"--slo-file", slos, "--until", "2026-11-01T00:00:00+01:00", log)
	if len(r.SLOs) != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	s := r.SLOs[0]
	if s.Window.Start != "2026-10-01T00:00:00+02:00" || s.Window.End != "2026-11-01T00:00:00+01:00" || s.Window.TimeZone != "Europe/Berlin" || s.Window.Rolling {
		t.Errorf("window %+v", s.Window)
	}
	if s.Budget.Time.WindowSeconds != 745*3600 {
		t.Errorf("window of %v s, want 745 h", s.Budget.Time.WindowSeconds)
	}
	if s.Requests != inside || s.Bad != bad || inside != 745*6 || bad != 3*6 {
		t.Errorf("%d requests, %d bad; want %d and %d", s.Requests, s.Bad, inside, bad)
	}
	// 745 one-hour slices, 3 of them bad: 742/745 = 99.597% < 99.5%? No:
	// 742 × 1000 = 742,000 ≥ 995 × 745 = 741,275, so it is met.
	sl := s.TimeSlices
	if s.BudgetingMethod != "Timeslices" || sl == nil || sl.WindowTotal != 745 || sl.Seconds != 3600 {
		t.Fatalf("time slices %+v", sl)
	}
	if sl.Total != 745 || sl.Bad != 3 || sl.Good != 742 || sl.Empty != 0 {
		t.Errorf("slices %+v, want 745 of which 3 bad", *sl)
	}
	if !s.Met || code != 0 {
		t.Errorf("met %v, exit %d: %s", s.Met, code, stderr)
	}
	// The budget: 0.5% of 745 slices, 3.725, of which 3 are spent.
	if s.Budget.Spent != 3 || fmt.Sprintf("%.4f", s.Budget.Allowed) != "3.7250" {
		t.Errorf("budget %+v", s.Budget)
	}
}

// burnPolicy pages when the burn rate over the last hour and the last 5
// minutes is above 2.
const burnPolicy = `apiVersion: openslo/v1
kind: SLO
metadata: {name: api}
spec:
  service: shop
  budgetingMethod: Occurrences
  objectives: [{target: 0.99}]
  timeWindow: [{duration: 1d, isRolling: true}]
  indicator:
    metadata: {name: api}
    spec:
      ratioMetric:
        counter: true
        bad: {metricSource: {type: slareport, spec: {status: 5xx}}}
        total: {metricSource: {type: slareport, spec: {host: "*.example.com", groupBy: host}}}
  alertPolicies:
    - kind: AlertPolicy
      metadata: {name: pager}
      spec:
        conditions:
          - kind: AlertCondition
            metadata: {name: fast}
            spec:
              severity: page
              condition: {kind: burnrate, op: gt, threshold: 2, lookbackWindow: 1h, alertAfter: 5m}
`

// TestSLOFileAlertPolicyAndGroups: a custom burn-rate condition replayed
// over a log whose last 10 minutes fail on one host (a burn of 5% / 1% =
// 5 on that host's share: above 2 over 1 h and over 5 min), and the SLO
// grouped by host, the failing host first.
func TestSLOFileAlertPolicyAndGroups(t *testing.T) {
	dir := t.TempDir()
	until := time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)
	hosts := []string{"a.example.com", "b.example.com", "c.example.com"}
	var lines []shopLine
	want := map[string][2]int64{}
	for i := range 3 * 600 { // a line every 2 s per host over the last 20 minutes, round robin
		at := until.Add(-20 * time.Minute).Add(time.Duration(i/3) * 2 * time.Second)
		host := hosts[i%3]
		l := shopLine{at: at, host: host, path: "/api/x", status: 200, agent: "Mozilla/5.0", client: "198.51.100.1", duration: "0.010"}
		if host == "b.example.com" && at.After(until.Add(-10*time.Minute)) && (i/3)%4 == 0 {
			l.status = 500
		}
		w := want[host]
		w[0]++
		if l.status >= 500 {
			w[1]++
		}
		want[host] = w
		lines = append(lines, l)
	}
	lines = append(lines, shopLine{at: until.Add(-time.Minute), host: "other.net", path: "/", status: 500, agent: "x", client: "198.51.100.2", duration: "0.1"})
	log := writeShop(t, dir, "incident.log", lines)
	slos := writeFile(t, dir, "slos.yaml", burnPolicy)
	code, r, stderr := runSLOs(t, "-q", "-f", "json", "--log-format", shopFormat, "--slo-file", slos, "--until", until.Format(time.RFC3339), log)
	if len(r.SLOs) != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	s := r.SLOs[0]
	if len(s.Alerts) != 1 || s.Alerts[0].Threshold != 2 || s.Alerts[0].Long != "1h" || s.Alerts[0].Short != "5m" || !s.Alerts[0].Firing {
		t.Errorf("alerts %+v, want the policy's one rule, firing", s.Alerts)
	}
	if len(s.Groups) != 3 || s.Groups[0].Key != "b.example.com" || s.Groups[0].Met {
		t.Fatalf("groups %+v, want 3 with b.example.com first, failing", s.Groups)
	}
	for _, g := range s.Groups {
		if w := want[g.Key]; g.Requests != w[0] || g.Bad != w[1] {
			t.Errorf("group %s: %d requests, %d bad; want %v", g.Key, g.Requests, g.Bad, w)
		}
	}
	if s.Met || code != 1 || !strings.Contains(stderr, "b.example.com") {
		t.Errorf("met %v, exit %d, stderr %q: a failing group fails the SLO, named", s.Met, code, stderr)
	}
}

// TestSLOFileMergeEqualsOnePass saves each day of a shop log with
// --slo-file and merges the days: every SLO field equals one pass.
func TestSLOFileMergeEqualsOnePass(t *testing.T) {
	dir := t.TempDir()
	log := shopLog(t, dir, "shop.log", 5, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), 5*24*time.Hour, 10000)
	slos := writeFile(t, dir, "slos.yaml", threeSLOs+"---\n"+strings.Replace(strings.Replace(burnPolicy, "duration: 1d", "duration: 28d", 1), "metadata: {name: api}", "metadata: {name: api-hosts}", -1)+"---\n"+strings.Replace(berlinOctober, "name: monthly", "name: monthly-nov", 1))
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	days := map[string][]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		day := strings.SplitN(strings.SplitN(l, "[", 2)[1], ":", 2)[0]
		days[day] = append(days[day], l)
	}
	common := []string{"-q", "--tz", "UTC", "-f", "json", "--slo-file", slos, "--until", "2026-11-06T00:00:00Z", "--log-format", shopFormat}
	var sums []string
	for day, ls := range days {
		p := writeFile(t, dir, strings.ReplaceAll(day, "/", "-")+".log", strings.Join(ls, "\n")+"\n")
		sum := p + ".slasum"
		if code, _, stderr, _ := execBinary(t, append(common, "--save", sum, "-o", filepath.Join(dir, "x.json"), p)...); code > 1 {
			t.Fatalf("save %s: exit %d: %s", day, code, stderr)
		}
		sums = append(sums, sum)
	}
	if len(sums) != 5 {
		t.Fatalf("%d days", len(sums))
	}
	oneCode, one, _ := runSLOs(t, append(common, log)...)
	mergeArgs := append([]string{"merge"}, common[1:len(common)-2]...)
	mergeCode, merged, stderr := runSLOs(t, append(mergeArgs, sums...)...)
	if len(one.SLOs) != 5 || !reflect.DeepEqual(one.SLOs, merged.SLOs) || oneCode != mergeCode {
		t.Errorf("merge (exit %d) differs from one pass (exit %d): %s\none:    %+v\nmerged: %+v", mergeCode, oneCode, stderr, one.SLOs, merged.SLOs)
	}
	// Every field, not only those the test reads: the raw JSON too.
	_, a, _, _ := execBinary(t, append(common, log)...)
	_, b, _, _ := execBinary(t, append(mergeArgs, sums...)...)
	var ra, rb map[string]any
	json.Unmarshal(a.Bytes(), &ra)
	json.Unmarshal(b.Bytes(), &rb)
	if !reflect.DeepEqual(ra["slos"], rb["slos"]) || !reflect.DeepEqual(ra["gates"], rb["gates"]) {
		t.Errorf("the slos or gates of the merge differ from one pass")
	}

	// Another SLO file is refused, naming the summary.
	other := writeFile(t, dir, "other.yaml", strings.Replace(threeSLOs, "target: 0.99}", "target: 0.98}", 1))
	code, _, stderr2, _ := execBinary(t, "merge", "--slo-file", other, "--until", "2026-11-06T00:00:00Z", "-f", "json", sums[0])
	if code != 3 || !strings.Contains(stderr2.String(), sums[0]) || !strings.Contains(stderr2.String(), "another SLO file") {
		t.Errorf("merge with another SLO file: exit %d, %s", code, stderr2)
	}
}

// TestSLOFileErrors: a bad SLO file is refused before any log is read,
// with its position; --state is refused with --slo-file.
func TestSLOFileErrors(t *testing.T) {
	dir := t.TempDir()
	bad := writeFile(t, dir, "bad.yaml", strings.Replace(threeSLOs, "target: 0.99}", "target: 1.5}", 1))
	code, _, stderr, _ := execBinary(t, "--slo-file", bad, filepath.Join(dir, "no-such.log"))
	if code != 2 || !strings.Contains(stderr.String(), "bad.yaml:7:") {
		t.Errorf("bad file: exit %d, %s", code, stderr)
	}
	good := writeFile(t, dir, "good.yaml", threeSLOs)
	log := writeFile(t, dir, "a.log", "")
	code, _, stderr, _ = execBinary(t, "--slo-file", good, "--state", filepath.Join(dir, "s.slasum"), log)
	if code != 2 || !strings.Contains(stderr.String(), "--state") {
		t.Errorf("--state: exit %d, %s", code, stderr)
	}
	// An empty log fails every SLO: no data.
	code, r, _ := runSLOs(t, "-q", "-f", "json", "--slo-file", good, "--log-format", shopFormat, log)
	if code != 1 || len(r.SLOs) != 3 || !r.SLOs[0].NoData || r.Gates.Passed {
		t.Errorf("empty log: exit %d, %+v", code, r)
	}
	// -o over the SLO file is refused.
	code, _, _, _ = execBinary(t, "--slo-file", good, "-o", good, log)
	if code != 2 {
		t.Errorf("-o over the SLO file: exit %d", code)
	}
}
