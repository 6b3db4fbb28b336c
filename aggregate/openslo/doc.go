// Package openslo reads SLOs as code: OpenSLO v1 files, multi-document
// YAML, checked against what slareport can judge from access logs, into a
// File of SLOs in aggregate's terms (an exact aggregate.Target, selectors
// shaped like the request filters, aggregate.AlertRule burn-rate alerts).
//
// The kinds read are SLO, SLI (inline as an SLO's indicator, or a
// document named by indicatorRef), Service, AlertPolicy (inline in an
// SLO's alertPolicies or named by alertPolicyRef) and AlertCondition
// (inline in a policy's conditions or named by conditionRef). An SLI is a
// ratioMetric: total, and good or bad within it, each a metricSource of
// type slareport whose spec selects requests:
//
//	host           globs of the request's host ('*' any characters, '?' one)
//	path           --route patterns: '*' one segment, a final '**' the rest
//	method         request methods (GET), in any case
//	status         in good or bad: codes as --bad reads them (5xx,429,invalid)
//	durationUnder  in good: a good request is faster than it (300ms); total
//	               then counts only requests that logged a duration
//	exclude        path, host, client (CIDR prefixes), userAgent (globs),
//	               bots: true, windows (START/END in RFC 3339)
//	groupBy        in total: host or endpoint, one SLO per group
//
// Each key takes a string or a list of them.
//
// A burnrate AlertCondition becomes a rule of slareport's multiwindow
// replay (Alert.Rule): lookbackWindow is the long window and alertAfter
// the short one, and the alert fires when the burn rate over both exceeds
// the threshold. OpenSLO says an alert fires once its condition has held
// for alertAfter; slareport reads that as the burn having held, on
// average, over the last alertAfter — the short window that Sloth's and
// Pyrra's multiwindow alerts add to stop an alert soon after the burn
// does. The Workbook's page rule is lookbackWindow 1h, alertAfter 5m,
// threshold 14.4, op gt; an SLO without alertPolicies gets the
// Workbook's four rules.
//
// Every problem is an Error at the file, line and column where it is
// written; Load reports them all, sorted. The input is hostile: a file is
// at most MaxFileSize, aliases may not expand it past a bound, and every
// value quoted in a message or printed by Describe is escaped.
package openslo
