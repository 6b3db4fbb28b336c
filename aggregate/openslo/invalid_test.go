package openslo

import (
	"errors"
	"strings"
	"testing"
)

// with returns minimalSLO with old replaced by new; a test whose old text
// is not there would test the minimal file instead, so it fails.
func with(t *testing.T, old, new string) string {
	t.Helper()
	if !strings.Contains(minimalSLO, old) {
		t.Fatalf("minimalSLO has no %q", old)
	}
	return strings.Replace(minimalSLO, old, new, 1)
}

// The lines of minimalSLO, for counting positions by hand:
//
//	 1 apiVersion: openslo/v1
//	 2 kind: SLO
//	 3 metadata:
//	 4   name: api
//	 5 spec:
//	 6   service: shop
//	 7   budgetingMethod: Occurrences
//	 8   objectives: [{target: 0.999}]
//	 9   timeWindow: [{duration: 28d, isRolling: true}]
//	10   indicator:
//	11     metadata: {name: api}
//	12     spec:
//	13       ratioMetric:
//	14         bad: {metricSource: {type: slareport, spec: {status: 5xx}}}
//	15         total: {metricSource: {type: slareport, spec: {}}}
//
// In line 14 the spec's '{' is column 53, in line 15 column 55; a value
// after "{key: " starts at 55 + len(key) + 3 in line 15.
const (
	badLine   = "        bad: {metricSource: {type: slareport, spec: {status: 5xx}}}"
	totalLine = "        total: {metricSource: {type: slareport, spec: {}}}"
)

func total(spec string) string {
	return "        total: {metricSource: {type: slareport, spec: " + spec + "}}"
}

// TestInvalidFiles: each file is refused with exactly these errors, at
// positions counted by hand in the text.
func TestInvalidFiles(t *testing.T) {
	condition := "apiVersion: openslo/v1\nkind: AlertCondition\nmetadata: {name: fast}\nspec:\n  severity: page\n  condition: {kind: burnrate, op: OP, threshold: 2, lookbackWindow: LB, alertAfter: AA}\n"
	cond := func(op, lb, aa string) string {
		return strings.NewReplacer("OP", op, "LB", lb, "AA", aa).Replace(condition)
	}
	cases := []struct {
		name, file string
		want       []string
	}{
		{"unknown kind", with(t, "kind: SLO", "kind: Foo"),
			[]string{`2:7: kind "Foo" is not an OpenSLO kind slareport reads (SLO, SLI, Service, AlertPolicy, AlertCondition)`}},
		{"kind not supported", with(t, "kind: SLO", "kind: DataSource"),
			[]string{`2:7: kind DataSource is not supported: slareport reads access logs: give an SLI's metricSource type: slareport`}},
		{"kind in the wrong case", with(t, "kind: SLO", "kind: slo"),
			[]string{`2:7: kind "slo" is not an OpenSLO kind slareport reads (SLO, SLI, Service, AlertPolicy, AlertCondition) (did you mean SLO?)`}},
		{"apiVersion", with(t, "openslo/v1", "openslo/v2"),
			[]string{`1:13: apiVersion "openslo/v2" is not supported: slareport reads openslo/v1`}},
		{"apiVersion missing", with(t, "apiVersion: openslo/v1\n", ""),
			[]string{`1:1: a document: apiVersion is missing`}},
		{"unknown key, and so a missing one", with(t, "budgetingMethod:", "budgetingMetod:"),
			[]string{`6:3: the SLO spec: budgetingMethod is missing`,
				`7:3: the SLO spec: unknown key "budgetingMetod" (did you mean budgetingMethod?)`}},
		{"key given twice", with(t, "  service: shop\n", "  service: shop\n  service: web\n"),
			[]string{`7:3: the SLO spec: key "service" is given twice (first at 6:3)`}},
		{"name not a label", with(t, "name: api\nspec", "name: API\nspec"),
			[]string{`4:9: name "API" must be an RFC 1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters`}},
		{"same name twice", minimalSLO + "---\n" + minimalSLO,
			[]string{`20:9: SLO "api" is already defined at t.yaml:4:9`}},
		{"target as a string", with(t, "{target: 0.999}", `{target: "0.999"}`),
			[]string{`8:25: target must be a number, not the string "0.999"`}},
		{"target above 1", with(t, "target: 0.999", "target: 1.5"),
			[]string{`8:25: target 1.5 must lie strictly between 0 and 1 (0.995 is 99.5%)`}},
		{"target as a percentage", with(t, "target: 0.999", "target: 99.9"),
			[]string{`8:25: target 99.9 must lie strictly between 0 and 1 (0.995 is 99.5%); a percentage goes in targetPercent`}},
		{"target of 1", with(t, "target: 0.999", "target: 1"),
			[]string{`8:25: target 1 must lie strictly between 0 and 1 (0.995 is 99.5%)`}},
		{"target of 0", with(t, "target: 0.999", "target: 0.0"),
			[]string{`8:25: target 0.0 must lie strictly between 0 and 1 (0.995 is 99.5%)`}},
		{"negative target", with(t, "target: 0.999", "target: -0.9"),
			[]string{`8:25: target -0.9 must lie strictly between 0 and 1 (0.995 is 99.5%)`}},
		{"target finer than a billionth", with(t, "target: 0.999", "target: 0.9999999999"),
			[]string{`8:25: target: "0.9999999999" has more decimals than slareport holds (9)`}},
		{"target with an exponent", with(t, "target: 0.999", "target: 9.99e-1"),
			[]string{`8:25: target: "9.99e-1" is not a plain decimal number such as 0.995`}},
		{"targetPercent of 100", with(t, "target: 0.999", "targetPercent: 100"),
			[]string{`8:32: targetPercent 100 must lie strictly between 0 and 100`}},
		{"target and targetPercent", with(t, "target: 0.999", "target: 0.999, targetPercent: 99.9"),
			[]string{`8:47: targetPercent: give target or targetPercent, not both`}},
		{"no objective", with(t, "[{target: 0.999}]", "[]"),
			[]string{`8:15: objectives: the list is empty`}},
		{"composite objective", with(t, "{target: 0.999}", "{target: 0.999, compositeWeight: 1}"),
			[]string{`8:32: the objective: compositeWeight is not supported: slareport has no composite SLOs; give the SLO's indicator`}},
		{"Timeslices without slices", with(t, "budgetingMethod: Occurrences", "budgetingMethod: Timeslices"),
			[]string{`8:16: the objective: budgetingMethod Timeslices needs timeSliceTarget and timeSliceWindow`}},
		{"slices with Occurrences", with(t, "{target: 0.999}", "{target: 0.999, timeSliceWindow: 5m}"),
			[]string{`8:49: timeSliceWindow is for budgetingMethod Timeslices, and this SLO counts Occurrences`}},
		{"budgetingMethod in lower case", with(t, "budgetingMethod: Occurrences", "budgetingMethod: occurrences"),
			[]string{`7:20: budgetingMethod "occurrences" must be Occurrences or Timeslices (did you mean Occurrences?)`}},
		{"duration not OpenSLO's", with(t, "duration: 28d", "duration: 28days"),
			[]string{`9:27: duration: "28days": an OpenSLO duration is a whole number and a unit: m (minutes), h, d, w, M (months), Q (quarters) or Y (years), such as 30m, 1h, 28d, 1M`}},
		{"rolling month", with(t, "duration: 28d", "duration: 1M"),
			[]string{`9:27: duration: "1M" has no fixed length: use m, h, d or w (M, Q and Y are for calendar windows)`}},
		{"zero duration", with(t, "duration: 28d", "duration: 0d"),
			[]string{`9:27: duration: "0d" is empty: a duration must be positive`}},
		{"window neither rolling nor calendar", with(t, "{duration: 28d, isRolling: true}", "{duration: 28d}"),
			[]string{`9:16: the time window: give isRolling: true, or a calendar with startTime and timeZone`}},
		{"calendar without timeZone", with(t, "{duration: 28d, isRolling: true}", `{duration: 1M, calendar: {startTime: "2024-01-01 00:00:00"}}`),
			[]string{`9:41: the calendar: timeZone is missing`}},
		{"calendar in no time zone", with(t, "{duration: 28d, isRolling: true}", `{duration: 1M, calendar: {startTime: "2024-01-01 00:00:00", timeZone: Mars/Olympus}}`),
			[]string{`9:86: timeZone "Mars/Olympus" is not an IANA time zone such as Europe/Berlin or UTC`}},
		{"calendar month from the 31st", with(t, "{duration: 28d, isRolling: true}", `{duration: 1M, calendar: {startTime: "2024-01-31 00:00:00", timeZone: UTC}}`),
			[]string{`9:53: startTime "2024-01-31 00:00:00": a period of months must start on day 1 to 28, which every month has`}},
		{"calendar in hours", with(t, "{duration: 28d, isRolling: true}", `{duration: 24h, calendar: {startTime: "2024-01-01 00:00:00", timeZone: UTC}}`),
			[]string{`9:27: duration "24h": a calendar window counts days, weeks, months, quarters or years (1d, 1w, 1M, 1Q, 1Y)`}},
		{"indicatorRef to nothing", with(t, "  indicator:\n    metadata: {name: api}\n    spec:\n      ratioMetric:\n"+badLine+"\n"+totalLine+"\n", "  indicatorRef: nope\n"),
			[]string{`10:17: indicatorRef: no SLI is named "nope"`}},
		{"good and bad", with(t, badLine, "        good: {metricSource: {type: slareport, spec: {status: 2xx}}}\n"+badLine),
			[]string{`15:14: bad: give good or bad, not both`}},
		{"neither good nor bad", with(t, badLine+"\n", ""),
			[]string{`14:9: the ratioMetric: good or bad is missing`}},
		{"no total", with(t, "\n"+totalLine, ""),
			[]string{`14:9: the ratioMetric: total is missing`}},
		{"another metric source", with(t, totalLine, "        total: {metricSource: {type: prometheus, spec: {}}}"),
			[]string{`15:38: metricSource type "prometheus" is not supported: slareport reads access logs, type: slareport`}},
		{"bad without status", with(t, "{status: 5xx}", "{path: /api/**}"),
			[]string{`14:53: bad's spec: status is missing: which codes are bad (such as 5xx)`}},
		{"status outside the language", with(t, "status: 5xx", "status: 6xx"),
			[]string{`14:62: status "6xx": "6xx" is neither a status code (100–599) nor a class like 5xx, nor "invalid"`}},
		{"good naming no code", with(t, badLine, "        good: {metricSource: {type: slareport, spec: {status: invalid}}}"),
			[]string{`14:63: status: a good status list must name codes or classes (2xx, 304)`}},
		{"durationUnder not positive", with(t, badLine, "        good: {metricSource: {type: slareport, spec: {durationUnder: -1s}}}"),
			[]string{`14:70: durationUnder "-1s" must be a positive duration such as 300ms or 1.5s`}},
		{"durationUnder in total", with(t, totalLine, total("{durationUnder: 1s}")),
			[]string{`15:56: total's spec: durationUnder belongs in good: a good request is one faster than it`}},
		{"status in total", with(t, totalLine, total("{status: 2xx}")),
			[]string{`15:56: total's spec: status belongs in good or bad: total counts every status`}},
		{"path without its slash", with(t, totalLine, total("{path: api/**}")),
			[]string{`15:62: path "api/**": a path pattern must start with /`}},
		{"path with ** inside", with(t, totalLine, total("{path: [/ok, /api/**/x]}")),
			[]string{`15:68: path "/api/**/x": ** may only end a pattern`}},
		{"one wrong value, reached twice through an alias", with(t, totalLine, total("{path: &p x, exclude: {path: *p}}")),
			[]string{`15:62: path "x": a path pattern must start with /`}},
		{"path with a query", with(t, totalLine, total(`{path: "/search?q=*"}`)),
			[]string{`15:62: path "/search?q=*": paths are matched without their query: drop the ? and what follows`}},
		{"host glob with a class", with(t, totalLine, total(`{host: "[ab].example.com"}`)),
			[]string{`15:62: host "[ab].example.com": a host cannot hold '[': give an IPv6 address without brackets (globs take * and ?)`}},
		{"host with a slash", with(t, totalLine, total(`{host: example.com/shop}`)),
			[]string{`15:62: host "example.com/shop": a host cannot hold '/'`}},
		{"host with a port", with(t, totalLine, total(`{host: "example.com:8080"}`)),
			[]string{`15:62: host "example.com:8080": ports are ignored: give the host without its port`}},
		{"method not a word", with(t, totalLine, total(`{method: "G(ET"}`)),
			[]string{`15:64: method "G(ET": a method cannot hold '('`}},
		{"star inside a segment", with(t, totalLine, total(`{path: "/img/*.png"}`)),
			[]string{`15:62: path "/img/*.png": * and ** stand for whole segments (/img/*, /img/**), not for part of one`}},
		{"client not a CIDR", with(t, totalLine, total("{exclude: {client: 10.0.0.0/33}}")),
			[]string{`15:74: client "10.0.0.0/33": the prefix length must be a number from 0 to 32`}},
		{"window backwards", with(t, totalLine, total("{exclude: {windows: 2024-05-04T03:00:00Z/2024-05-04T01:00:00Z}}")),
			[]string{`15:75: windows "2024-05-04T03:00:00Z/2024-05-04T01:00:00Z": START must be before END`}},
		{"window without its end", with(t, totalLine, total("{exclude: {windows: 2024-05-04T03:00:00Z}}")),
			[]string{`15:75: windows "2024-05-04T03:00:00Z": want START/END, two RFC 3339 times (2026-05-01T02:00:00Z/2026-05-01T03:00:00Z)`}},
		{"every wrong value of a list, each at its place", with(t, totalLine, total(`{path: [/ok, x, /a/**/b], exclude: {client: [10.0.0.0/8, "fe80::1%eth0", "::ffff:10.0.0.0/104"]}}`)),
			[]string{`15:68: path "x": a path pattern must start with /`,
				`15:71: path "/a/**/b": ** may only end a pattern`,
				`15:112: client "fe80::1%eth0": client addresses are logged without a zone`,
				`15:128: client "::ffff:10.0.0.0/104": an IPv4-mapped prefix: give it as IPv4 (10.0.0.0/8)`}},
		{"exclude host and path, checked as host and path", with(t, totalLine, total(`{exclude: {host: "a b", path: /x/*y}}`)),
			[]string{`15:72: host "a b": a host cannot hold ' '`,
				`15:85: path "/x/*y": * and ** stand for whole segments (/img/*, /img/**), not for part of one`}},
		{"window with a long start, quoted in part", with(t, totalLine, total("{exclude: {windows: "+strings.Repeat("9", 100)+"/2024-05-04T01:00:00Z}}")),
			[]string{`15:75: windows "` + strings.Repeat("9", 80) + `"…: START "` + strings.Repeat("9", 40) + `"… is not an RFC 3339 time: want START/END, two RFC 3339 times (2026-05-01T02:00:00Z/2026-05-01T03:00:00Z)`}},
		{"bots not a boolean", with(t, totalLine, total("{exclude: {bots: yes}}")),
			[]string{`15:72: bots must be true or false, not the string "yes"`}},
		{"exclude key misspelt", with(t, totalLine, total("{exclude: {paths: /x}}")),
			[]string{`15:66: the exclude: unknown key "paths" (did you mean path?)`}},
		{"groupBy", with(t, totalLine, total("{groupBy: path}")),
			[]string{`15:65: groupBy "path" must be host or endpoint`}},
		{"alertPolicyRef to nothing", minimalSLO + "  alertPolicies: [{alertPolicyRef: paging}]\n",
			[]string{`16:36: alertPolicyRef: no AlertPolicy is named "paging"`}},
		{"conditionRef to nothing", "apiVersion: openslo/v1\nkind: AlertPolicy\nmetadata: {name: paging}\nspec:\n  conditions:\n    - conditionRef: fast\n",
			[]string{`6:21: conditionRef: no AlertCondition is named "fast"`}},
		{"burn rate below", cond("lte", "1h", "5m"),
			[]string{`6:35: op "lte" is not supported: a burn-rate alert fires when the burn rate exceeds the threshold, op: gt`}},
		{"severity of two words", strings.Replace(cond("gt", "1h", "5m"), "severity: page", `severity: "pa ge"`, 1),
			[]string{`5:13: severity "pa ge": it holds a space or a control character: a severity is one word (page, ticket)`}},
		{"alertAfter longer than lookbackWindow", cond("gt", "5m", "1h"),
			[]string{`6:85: alertAfter 1h is longer than lookbackWindow 5m: it is the short window of the two`}},
		{"lookbackWindow of a month", cond("gt", "1M", "5m"),
			[]string{`6:69: lookbackWindow: "1M" has no fixed length: use m, h, d or w (M, Q and Y are for calendar windows)`}},
		{"notifications", "apiVersion: openslo/v1\nkind: AlertPolicy\nmetadata: {name: paging}\nspec:\n  notificationTargets: []\n  conditions: [{conditionRef: fast}]\n" + "---\n" + cond("gt", "1h", "5m"),
			[]string{`5:3: the AlertPolicy spec: notificationTargets is not supported: slareport replays alerts over logs and sends no notifications`}},
		{"not a mapping", "- a\n- b\n",
			[]string{`1:1: a document must be a mapping, not a list`}},
		{"errors sorted, not in the order found", minimalSLO[:len(minimalSLO)-len(totalLine)-1] + total("{path: x}") + "\n---\n" + cond("lt", "1h", "5m"),
			[]string{`15:62: path "x": a path pattern must start with /`,
				`22:35: op "lt" is not supported: a burn-rate alert fires when the burn rate exceeds the threshold, op: gt`}},
		{"syntax: an unclosed flow mapping", "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: api\n",
			[]string{`3:1: YAML: did not find expected ',' or '}'`}},
		{"syntax: a tab as indentation", "apiVersion: openslo/v1\nkind: SLO\nmetadata:\n\tname: api\n",
			[]string{`4:1: YAML: found character that cannot start any token`}},
		{"syntax: a key out of line", "apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: api\n spec: x\n",
			[]string{`5:2: YAML: did not find expected key`}},
		{"syntax: an alias of no anchor", with(t, "name: api\nspec", "name: *api\nspec"),
			[]string{`4:9: YAML: unknown anchor 'api' referenced`}},
		{"not UTF-8", "apiVersion: openslo/v1\nkind: \xff\n",
			[]string{`2:7: the file is not UTF-8 text`}},
		{"merge keys", with(t, "  service: shop\n", "  <<: {service: shop}\n"),
			[]string{`6:3: the SLO spec: merge keys (<<) are not supported: write the keys out`,
				`6:3: the SLO spec: service is missing`}},
		{"description too long", with(t, "  service: shop\n", "  service: shop\n  description: "+strings.Repeat("x", 1051)+"\n"),
			[]string{`7:16: description is 1051 characters long: OpenSLO allows 1050`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(Source{Name: "t.yaml", R: strings.NewReader(tc.file)})
			var errs *Errors
			if !errors.As(err, &errs) {
				t.Fatalf("err = %v, want *Errors", err)
			}
			var want []string
			for _, w := range tc.want {
				want = append(want, "t.yaml:"+w)
			}
			if got := err.Error(); got != strings.Join(want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", got, strings.Join(want, "\n"))
			}
		})
	}
}
