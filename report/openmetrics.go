package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/slareport/slareport/aggregate"
)

// The OpenMetrics writer turns a report's figures into metric samples for
// node_exporter's textfile collector and Pushgateway. Both read the
// Prometheus text format, so counters are named with their _total suffix
// in TYPE lines as that format wants; the file ends in "# EOF" as
// OpenMetrics wants, which the text format reads as a comment. No sample
// has a timestamp: the textfile collector refuses them.

// MetricObjective is one objective as the metrics label it: the figures
// of its budget under its name. The availability SLI is always one, with
// a zero target when no objective was set; the latency SLO is another.
type MetricObjective struct {
	// Name is the slo label: "availability", "latency", or an SLO's name.
	Name string
	// Service is the service label; "" leaves the label out.
	Service string
	// Window is the window label: an SLO file's SLO has its own window
	// ("28d rolling", "1M calendar"); "" takes the report's.
	Window string
	// Budget holds the requests judged, the bad ones and the verdict.
	// Budget.Target is zero when no target was set: then only the counts
	// and the ratio are written.
	Budget aggregate.Budget
}

// OpenMetricsOptions are Options with what only the metrics need.
type OpenMetricsOptions struct {
	Options
	// Objectives are written in this order; nil derives them from
	// Options (see MetricObjectives).
	Objectives []MetricObjective
}

// MetricObjectives returns the objectives of a report: the availability
// SLI, judged against --slo when it was set, and the latency SLO when
// there is one.
func MetricObjectives(s *aggregate.Summary, o Options) []MetricObjective {
	avail := MetricObjective{Name: "availability"}
	if o.SLO != nil {
		avail.Budget = o.SLO.Budget
	} else {
		avail.Budget = aggregate.Budget{Total: s.Judged(), Bad: s.Bad(), NoData: s.Judged() == 0}
	}
	out := []MetricObjective{avail}
	if l := o.LatencySLO; l != nil {
		out = append(out, MetricObjective{Name: "latency", Budget: l.Budget})
	}
	for _, r := range o.Objectives {
		kind := " calendar"
		if r.Window.Rolling {
			kind = " rolling"
		}
		// With Timeslices the verdict, the budget and the burn rate are
		// the slices'; the counts stay requests.
		out = append(out, MetricObjective{Name: r.Name, Service: r.Service, Window: r.Window.Length + kind,
			Budget: aggregate.Budget{Target: r.Target, Met: r.Met, NoData: r.NoData, Total: r.Requests, Bad: r.Bad,
				Allowed: r.Budget.Allowed, Remaining: r.Budget.Remaining, BurnRate: r.BurnRate}})
	}
	return out
}

// OpenMetrics writes the report's figures as metrics (see the package
// comment above).
func OpenMetrics(w io.Writer, s *aggregate.Summary, opt OpenMetricsOptions) error {
	objs := opt.Objectives
	if objs == nil {
		objs = MetricObjectives(s, opt.Options)
	}
	m := metricWriter{window: metricWindow(s.Window)}
	m.family("slareport_requests_total", "counter", "Requests judged by the objective in the report's window.")
	for _, o := range objs {
		m.sample("slareport_requests_total", o, "", float64(o.Budget.Total))
	}
	m.family("slareport_bad_requests_total", "counter", "Requests that failed the objective in the report's window.")
	for _, o := range objs {
		m.sample("slareport_bad_requests_total", o, "", float64(o.Budget.Bad))
	}
	m.family("slareport_availability_ratio", "gauge", "Good requests as a share of those judged; absent with no request.")
	for _, o := range objs {
		if o.Budget.Total > 0 {
			m.sample("slareport_availability_ratio", o, "", float64(o.Budget.Total-o.Budget.Bad)/float64(o.Budget.Total))
		}
	}
	judged := func(o MetricObjective) bool { return !o.Budget.Target.IsZero() }
	m.family("slareport_slo_target_ratio", "gauge", "The objective's target as a ratio.")
	m.each(objs, judged, "slareport_slo_target_ratio", func(b aggregate.Budget) float64 { return b.Target.Ratio() })
	m.family("slareport_slo_met", "gauge", "1 when the objective is met, 0 when not or with no request to judge.")
	m.each(objs, judged, "slareport_slo_met", func(b aggregate.Budget) float64 { return boolValue(b.Met) })
	withData := func(o MetricObjective) bool { return judged(o) && o.Budget.Total > 0 }
	m.family("slareport_error_budget_remaining_ratio", "gauge", "Share of the error budget left, negative when overspent.")
	m.each(objs, withData, "slareport_error_budget_remaining_ratio", func(b aggregate.Budget) float64 { return b.Remaining })
	m.family("slareport_burn_rate", "gauge", "How fast the window spent the error budget; 1 spends it exactly.")
	m.each(objs, withData, "slareport_burn_rate", func(b aggregate.Budget) float64 { return b.BurnRate })
	if q := s.Latency; q != nil {
		// A summary without _sum: the sketch keeps no sum of durations.
		// Quantile 1 is the slowest request, exact.
		m.family("slareport_latency_seconds", "summary", "Request duration quantiles over the requests that logged one.")
		for _, p := range []struct {
			q string
			v float64
		}{{"0.5", q.P50}, {"0.9", q.P90}, {"0.95", q.P95}, {"0.99", q.P99}, {"1", q.Max}} {
			m.sample("slareport_latency_seconds", MetricObjective{}, p.q, p.v)
		}
		m.sample("slareport_latency_seconds_count", MetricObjective{}, "", float64(q.Count))
	}
	m.b.WriteString("# EOF\n")
	_, err := io.WriteString(w, m.b.String())
	return err
}

// metricWindow names the window for the window label: as the user gave it
// (yesterday, 2026-11), else by its bounds, else "all".
func metricWindow(w aggregate.Window) string {
	if w.Label != "" {
		return w.Label
	}
	if !w.Active() {
		return "all"
	}
	bound := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	return bound(w.Since) + "/" + bound(w.Until)
}

// metricWriter builds the exposition text.
type metricWriter struct {
	b      strings.Builder
	window string
}

func (m *metricWriter) family(name, typ, help string) {
	fmt.Fprintf(&m.b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
}

// each writes one sample per objective that keep accepts.
func (m *metricWriter) each(objs []MetricObjective, keep func(MetricObjective) bool, name string, value func(aggregate.Budget) float64) {
	for _, o := range objs {
		if keep(o) {
			m.sample(name, o, "", value(o.Budget))
		}
	}
}

// sample writes one line: the objective's labels (none for the zero
// objective), the window, and the quantile when there is one.
func (m *metricWriter) sample(name string, o MetricObjective, quantile string, v float64) {
	m.b.WriteString(name)
	m.b.WriteByte('{')
	if o.Name != "" {
		m.label("slo", o.Name)
		m.b.WriteByte(',')
	}
	if o.Service != "" {
		m.label("service", o.Service)
		m.b.WriteByte(',')
	}
	window := m.window
	if o.Window != "" {
		window = o.Window
	}
	m.label("window", window)
	if quantile != "" {
		m.b.WriteByte(',')
		m.label("quantile", quantile)
	}
	m.b.WriteString("} ")
	m.b.WriteString(metricValue(v))
	m.b.WriteByte('\n')
}

func (m *metricWriter) label(name, value string) {
	m.b.WriteString(name)
	m.b.WriteString(`="`)
	m.b.WriteString(labelValue(value))
	m.b.WriteByte('"')
}

// labelValue escapes a label value for the text format, whose escapes
// are backslash, double quote and newline. A value may come from a log or
// an SLO file, so it is first made visible as JSON's text is: bytes that
// are not UTF-8 and control characters spelled \xHH, invisible format
// characters \u{H}, and a backslash doubled so that those spellings
// cannot be forged. Nothing is passed on raw or silently replaced.
func labelValue(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(visible([]byte(s)))
}

// metricValue writes a float as the shortest text that reads back to it.
// Figures here are finite: ratios of counts with a non-zero denominator.
func metricValue(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
