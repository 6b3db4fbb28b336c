package report

import (
	"bytes"
	"encoding/json"
	"io"
	"sort"
	"strconv"
	"time"

	"github.com/slareport/slareport/aggregate"
)

type jsonReport struct {
	Schema       string        `json:"schema"`
	Inputs       []jsonInput   `json:"inputs"`
	Period       *jsonPeriod   `json:"period"`
	Lines        jsonLines     `json:"lines"`
	Requests     int64         `json:"requests"`
	Classes      jsonClasses   `json:"classes"`
	Codes        jsonCodes     `json:"codes"`
	Invalid      int64         `json:"invalid"`
	Judged       int64         `json:"judged"`
	Unjudged     int64         `json:"unjudged"`
	Bad          jsonBad       `json:"bad"`
	Availability *float64      `json:"availability"`
	SLO          *jsonSLO      `json:"slo,omitempty"`
	Malformed    jsonMalformed `json:"malformed"`
	Series       jsonSeries    `json:"series"`

	Window     *jsonWindow       `json:"window"`
	Filtered   map[string]int64  `json:"filtered_reasons"`
	Untimed    int64             `json:"untimed"`
	BadTimes   int64             `json:"bad_time"`
	Recovered  int64             `json:"recovered"`
	Incomplete *string           `json:"incomplete"`
	Latency    *jsonQuantiles    `json:"latency"`
	LatencySLO *jsonLatencySLO   `json:"latency_slo,omitempty"`
	Endpoints  jsonBreakdown     `json:"endpoints"`
	Hosts      jsonBreakdown     `json:"hosts"`
	Upstreams  jsonBreakdown     `json:"upstream_statuses"`
	SLOs       []jsonObjective   `json:"slos,omitempty"`
	Gates      *jsonGates        `json:"gates,omitempty"`
	Outliers   []jsonOutlier     `json:"time_outliers"`
	History    *[]jsonHistoryRow `json:"history,omitempty"`
	Compare    *jsonCompare      `json:"compare,omitempty"`
	jsonInsight
}

// jsonOutlier is a group of requests stamped far from all the others.
type jsonOutlier struct {
	Requests int64  `json:"requests"`
	First    string `json:"first"`
	Last     string `json:"last"`
	Position string `json:"position"` // "before" or "after" the rest
	Gap      int64  `json:"gap_seconds"`
}

type jsonWindow struct {
	Since *string `json:"since"`
	Until *string `json:"until"`
	Label string  `json:"label,omitempty"`
	TZ    string  `json:"tz"`
}

type jsonQuantiles struct {
	Count int64   `json:"count"`
	P50   float64 `json:"p50"`
	P90   float64 `json:"p90"`
	P95   float64 `json:"p95"`
	P99   float64 `json:"p99"`
	Max   float64 `json:"max"`
}

type jsonLatencySLO struct {
	Target    float64    `json:"target"`
	Threshold float64    `json:"threshold_seconds"`
	Met       bool       `json:"met"`
	NoData    bool       `json:"no_data"`
	Share     *float64   `json:"share"`
	Requests  int64      `json:"requests"`
	Budget    jsonBudget `json:"budget"`
	BurnRate  float64    `json:"burn_rate"`
}

type jsonBreakdown struct {
	Distinct int            `json:"distinct"`
	Capped   bool           `json:"capped"`
	Top      []jsonKeyStats `json:"top"`
	// TopClientErrors, of endpoints only: the most 4xx first.
	TopClientErrors []jsonKeyStats `json:"top_client_errors,omitempty"`
}

type jsonKeyStats struct {
	Key          string         `json:"key"`
	Requests     int64          `json:"requests"`
	Bad          int64          `json:"bad"`
	Unjudged     int64          `json:"unjudged"`
	Availability *float64       `json:"availability"`
	Latency      *jsonQuantiles `json:"latency"`
	// Endpoints only: the requests per status, the 4xx (in
	// top_client_errors) and the first bad lines.
	Codes        map[string]int64 `json:"codes,omitempty"`
	ClientErrors *int64           `json:"client_errors,omitempty"`
	Samples      []jsonKeySample  `json:"samples,omitempty"`
}

type jsonGates struct {
	Passed       bool       `json:"passed"`
	Insufficient bool       `json:"insufficient"`
	NoData       bool       `json:"no_data"`
	Results      []jsonGate `json:"results"`
}

type jsonGate struct {
	Name     string  `json:"name"`
	Passed   bool    `json:"passed"`
	Actual   float64 `json:"actual"`
	Required float64 `json:"required"`
	NoData   bool    `json:"no_data"`
}

type jsonAlert struct {
	Severity     string  `json:"severity"`
	Long         string  `json:"long_window"`
	Short        string  `json:"short_window"`
	Threshold    float64 `json:"threshold"`
	Firing       bool    `json:"firing"`
	LongBurn     float64 `json:"long_burn_rate"`
	ShortBurn    float64 `json:"short_burn_rate"`
	FirstFired   *string `json:"first_fired"`
	MinutesFired int64   `json:"minutes_fired"`
}

type jsonTimeSlices struct {
	Good  int64    `json:"good_minutes"`
	Total int64    `json:"total_minutes"`
	Ratio *float64 `json:"ratio"`
}

type jsonInput struct {
	Name        string         `json:"name"`
	Compression string         `json:"compression"`
	Format      string         `json:"format"`
	FormatTitle string         `json:"format_title"`
	Detected    bool           `json:"detected"`
	Detection   *jsonDetection `json:"detection"`
	Lines       jsonLines      `json:"lines"`
	Period      *jsonPeriod    `json:"period"`
}

// jsonDetection is the evidence for a detected format.
type jsonDetection struct {
	Sampled int `json:"sampled"`
	Matched int `json:"matched"`
}

type jsonPeriod struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

type jsonLines struct {
	Read      int64 `json:"read"`
	Parsed    int64 `json:"parsed"`
	Malformed int64 `json:"malformed"`
	Filtered  int64 `json:"filtered"`
}

type jsonClasses struct {
	C1 int64 `json:"1xx"`
	C2 int64 `json:"2xx"`
	C3 int64 `json:"3xx"`
	C4 int64 `json:"4xx"`
	C5 int64 `json:"5xx"`
}

type jsonBad struct {
	Rule     string `json:"rule"`
	Requests int64  `json:"requests"`
}

type jsonSLO struct {
	Target       float64        `json:"target"`
	Met          bool           `json:"met"`
	NoData       bool           `json:"no_data"`
	Availability *float64       `json:"availability"`
	Budget       jsonBudget     `json:"budget"`
	BurnRate     float64        `json:"burn_rate"`
	Alerts       []jsonAlert    `json:"alerts"`
	AlertsUntil  *string        `json:"alerts_until"`
	TimeSlices   jsonTimeSlices `json:"time_slices"`
}

type jsonBudget struct {
	Allowed   float64         `json:"allowed"`
	Spent     int64           `json:"spent"`
	Remaining float64         `json:"remaining"`
	Time      *jsonBudgetTime `json:"time,omitempty"`
}

// jsonBudgetTime is the budget as full-outage time over the SLO window.
type jsonBudgetTime struct {
	WindowSeconds    float64 `json:"window_seconds"`
	TotalSeconds     float64 `json:"total_seconds"`
	RemainingSeconds float64 `json:"remaining_seconds"`
}

type jsonMalformed struct {
	Reasons map[string]int64 `json:"reasons"`
	Samples []jsonSample     `json:"samples"`
}

type jsonSample struct {
	Input  string `json:"input"`
	Line   int64  `json:"line"`
	Reason string `json:"reason"`
	Text   string `json:"text"`
}

type jsonSeries struct {
	BucketSeconds int64        `json:"bucket_seconds"`
	Buckets       []jsonBucket `json:"buckets"`
}

type jsonBucket struct {
	Start        string         `json:"start"`
	End          string         `json:"end"`
	Requests     int64          `json:"requests"`
	Classes      jsonClasses    `json:"classes"`
	Invalid      int64          `json:"invalid"`
	Unjudged     int64          `json:"unjudged"`
	Bad          int64          `json:"bad"`
	Availability *float64       `json:"availability"`
	Latency      *jsonQuantiles `json:"latency"`
}

// jsonCodes marshals as an object keyed by the code as a string, in numeric
// order (encoding/json would sort "99" after "500").
type jsonCodes map[int]int64

func (c jsonCodes) MarshalJSON() ([]byte, error) {
	codes := make([]int, 0, len(c))
	for code := range c {
		codes = append(codes, code)
	}
	sort.Ints(codes)
	var b bytes.Buffer
	b.WriteByte('{')
	for i, code := range codes {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"` + strconv.Itoa(code) + `":` + strconv.FormatInt(c[code], 10))
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func classes(c [5]int64) jsonClasses {
	return jsonClasses{c[0], c[1], c[2], c[3], c[4]}
}

func lines(l aggregate.Lines) jsonLines {
	return jsonLines{l.Read, l.Parsed, l.Malformed, l.Filtered}
}

func period(s aggregate.Span) *jsonPeriod {
	if !s.Valid {
		return nil
	}
	return &jsonPeriod{Start: timeRFC3339(s.First), End: timeRFC3339(s.Last)}
}

func optRatio(v float64, ok bool) *float64 {
	if !ok {
		return nil
	}
	return &v
}

// JSON writes the machine-readable report (schema slareport/v1), indented,
// with a final newline.
func JSON(w io.Writer, s *aggregate.Summary, opt Options) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(jsonReportOf(s, opt))
}

// jsonReportOf is the report as the JSON contract spells it.
func jsonReportOf(s *aggregate.Summary, opt Options) jsonReport {
	r := jsonReport{
		Schema:       Schema,
		Inputs:       inputsJSON(s.Inputs),
		Period:       period(s.Span),
		Lines:        lines(s.Lines),
		Requests:     s.Requests(),
		Classes:      classes(s.Classes()),
		Codes:        jsonCodes(s.Codes),
		Invalid:      s.Invalid(),
		Judged:       s.Judged(),
		Unjudged:     s.Unjudged(),
		Bad:          jsonBad{Rule: s.Rule.String(), Requests: s.Bad()},
		Availability: optRatio(s.Availability()),
		Malformed:    malformedJSON(s),
		Series:       seriesJSON(s),
		Window:       window(s),
		Filtered:     s.Filtered,
		Untimed:      s.Untimed,
		BadTimes:     s.BadTimes,
		Recovered:    s.Recovered,
		Incomplete:   optString(s.Incomplete),
		Latency:      jsonLatency(s.Latency),
		Endpoints:    breakdown(s.Endpoints),
		Hosts:        breakdown(s.Hosts),
		Upstreams:    breakdown(s.Upstreams),
		Outliers:     outliersJSON(s.Outliers),
		jsonInsight:  insightJSON(s.Insight),
	}
	r.Endpoints.TopClientErrors = clientErrorsJSON(s.Insight)
	if r.Filtered == nil {
		r.Filtered = map[string]int64{}
	}
	if o := opt.SLO; o != nil {
		r.SLO = sloJSON(s, o, r.Availability)
	}
	if l := opt.LatencySLO; l != nil {
		r.LatencySLO = latencySLOJSON(l)
	}
	if len(opt.Objectives) > 0 {
		r.SLOs = objectivesJSON(opt.Objectives)
	}
	if v := opt.Verdict; v != nil {
		r.Gates = gatesJSON(v)
	}
	r.History = historyJSON(opt.History)
	r.Compare = compareJSON(opt.Compare)
	return r
}

// inputsJSON lists the inputs with how their format was chosen; [] for
// none.
func inputsJSON(ins []aggregate.Input) []jsonInput {
	out := []jsonInput{}
	for _, in := range ins {
		ji := jsonInput{
			Name: visible([]byte(in.Name)), Compression: in.Compression, Format: in.Format, FormatTitle: in.FormatTitle,
			Detected: in.Detected, Lines: lines(in.Lines), Period: period(in.Span),
		}
		if in.Sampled > 0 {
			ji.Detection = &jsonDetection{Sampled: in.Sampled, Matched: in.Matched}
		}
		out = append(out, ji)
	}
	return out
}

// outliersJSON lists the groups of requests stamped far from the rest; []
// for none.
func outliersJSON(outs []aggregate.Outlier) []jsonOutlier {
	out := []jsonOutlier{}
	for _, o := range outs {
		out = append(out, jsonOutlier{Requests: o.Requests, First: timeRFC3339(o.First),
			Last: timeRFC3339(o.Last), Position: map[bool]string{true: "before", false: "after"}[o.Before], Gap: o.Gap})
	}
	return out
}

// malformedJSON counts the malformed lines by reason, with the samples
// made visible.
func malformedJSON(s *aggregate.Summary) jsonMalformed {
	m := jsonMalformed{Reasons: s.Malformed, Samples: []jsonSample{}}
	if m.Reasons == nil {
		m.Reasons = map[string]int64{}
	}
	for _, smp := range s.Samples {
		m.Samples = append(m.Samples, jsonSample{
			Input: visible([]byte(smp.Input)), Line: smp.Line, Reason: smp.Reason, Text: visible(smp.Text),
		})
	}
	return m
}

// seriesJSON is the time series, a bucket per element.
func seriesJSON(s *aggregate.Summary) jsonSeries {
	out := jsonSeries{BucketSeconds: s.BucketSeconds, Buckets: []jsonBucket{}}
	for _, b := range s.Buckets {
		out.Buckets = append(out.Buckets, jsonBucket{
			Start: timeRFC3339(b.Start), End: timeRFC3339(b.End), Requests: b.Requests(), Classes: classes(b.Classes),
			Invalid: b.Invalid, Unjudged: b.Unjudged, Bad: b.Bad, Availability: optRatio(b.Availability()), Latency: jsonLatency(b.Latency),
		})
	}
	return out
}

// sloJSON is the SLO's verdict: the budget, as requests and as time, the
// burn rate, the alert rules and the time slices.
func sloJSON(s *aggregate.Summary, o *aggregate.SLO, availability *float64) *jsonSLO {
	r := &jsonSLO{
		Target:       o.Target.Ratio(),
		Met:          o.Met,
		NoData:       o.NoData,
		Availability: availability,
		Budget:       jsonBudget{Allowed: o.Allowed, Spent: o.Bad, Remaining: o.Remaining},
		BurnRate:     o.BurnRate,
		Alerts:       []jsonAlert{},
		TimeSlices: jsonTimeSlices{Good: o.GoodMinutes, Total: o.TotalMinutes,
			Ratio: optRatio(ratio(o.GoodMinutes, o.TotalMinutes))},
	}
	if len(s.Minutes) > 0 {
		r.AlertsUntil = optString(timeRFC3339(s.ReplayEnd()))
	}
	if o.WindowSeconds > 0 {
		r.Budget.Time = &jsonBudgetTime{WindowSeconds: o.WindowSeconds, TotalSeconds: o.BudgetSeconds,
			RemainingSeconds: o.RemainingSeconds()}
	}
	for _, a := range o.Alerts {
		r.Alerts = append(r.Alerts, alertJSON(a))
	}
	return r
}

// alertJSON is an alert rule replayed over the window.
func alertJSON(a aggregate.AlertState) jsonAlert {
	ja := jsonAlert{Severity: a.Rule.Severity, Long: duration(a.Rule.Long), Short: duration(a.Rule.Short),
		Threshold: a.Rule.Threshold, Firing: a.Firing, LongBurn: a.LongBurn, ShortBurn: a.ShortBurn,
		MinutesFired: a.MinutesFired}
	if a.Fired {
		t := timeRFC3339(a.FirstFired)
		ja.FirstFired = &t
	}
	return ja
}

// latencySLOJSON is the latency objective's verdict and budget.
func latencySLOJSON(l *LatencySLO) *jsonLatencySLO {
	b := l.Budget
	return &jsonLatencySLO{Target: b.Target.Ratio(), Threshold: l.Objective.Threshold, Met: b.Met, NoData: b.NoData,
		Share: optRatio(ratio(b.Total-b.Bad, b.Total)), Requests: b.Total,
		Budget: jsonBudget{Allowed: b.Allowed, Spent: b.Bad, Remaining: b.Remaining}, BurnRate: b.BurnRate}
}

// gatesJSON lists the checked gates and their outcome.
func gatesJSON(v *aggregate.Verdict) *jsonGates {
	g := &jsonGates{Passed: len(v.Failed()) == 0, Insufficient: v.Insufficient, NoData: v.NoData, Results: []jsonGate{}}
	for _, x := range v.Gates {
		g.Results = append(g.Results, jsonGate{Name: x.Name, Passed: x.Passed, Actual: x.Actual, Required: x.Required, NoData: x.NoData})
	}
	return g
}

func window(s *aggregate.Summary) *jsonWindow {
	w := s.Window
	if !w.Active() {
		return nil
	}
	jw := &jsonWindow{Label: w.Label, TZ: zoneName(s.Zone)}
	if !w.Since.IsZero() {
		v := w.Since.UTC().Format(time.RFC3339)
		jw.Since = &v
	}
	if !w.Until.IsZero() {
		v := w.Until.UTC().Format(time.RFC3339)
		jw.Until = &v
	}
	return jw
}

func jsonLatency(q *aggregate.Quantiles) *jsonQuantiles {
	if q == nil {
		return nil
	}
	return &jsonQuantiles{Count: q.Count, P50: q.P50, P90: q.P90, P95: q.P95, P99: q.P99, Max: q.Max}
}

func breakdown(b aggregate.Breakdown) jsonBreakdown {
	out := jsonBreakdown{Distinct: b.Distinct, Capped: b.Capped, Top: []jsonKeyStats{}}
	for _, k := range b.Keys {
		out.Top = append(out.Top, keyStatsJSON(k))
	}
	return out
}

func keyStatsJSON(k aggregate.KeyStats) jsonKeyStats {
	return jsonKeyStats{Key: visible([]byte(k.Key)), Requests: k.Requests, Bad: k.Bad, Unjudged: k.Unjudged,
		Availability: optRatio(k.Availability()), Latency: jsonLatency(k.Latency), Codes: keyCodesJSON(k.Codes),
		Samples: keySamplesJSON(k.Samples)}
}

// ratio is num/den, false when den is 0 (rendered as null, never NaN).
func ratio(num, den int64) (float64, bool) {
	if den <= 0 {
		return 0, false
	}
	return float64(num) / float64(den), true
}

// optString is s with control and invalid bytes made visible (it may
// quote a log), or null in the JSON when s is empty.
func optString(s string) *string {
	if s == "" {
		return nil
	}
	v := visible([]byte(s))
	return &v
}

// timeRFC3339 writes a Unix time as the JSON writes every time: RFC 3339 in UTC.
func timeRFC3339(unix int64) string {
	return time.Unix(unix, 0).UTC().Format(time.RFC3339)
}
