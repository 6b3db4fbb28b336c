package report

import (
	"bytes"
	"encoding/json"
	"io"
	"sort"
	"strconv"

	"github.com/slareport/slareport/aggregate"
)

// Options say what a report covers besides the Summary itself.
type Options struct {
	// SLO, when set, adds the verdict against this target.
	SLO *aggregate.SLO
}

type jsonReport struct {
	Schema       string        `json:"schema"`
	Inputs       []jsonInput   `json:"inputs"`
	Period       *jsonPeriod   `json:"period"`
	Lines        jsonLines     `json:"lines"`
	Requests     int64         `json:"requests"`
	Classes      jsonClasses   `json:"classes"`
	Codes        jsonCodes     `json:"codes"`
	Invalid      int64         `json:"invalid"`
	Bad          jsonBad       `json:"bad"`
	Availability *float64      `json:"availability"`
	SLO          *jsonSLO      `json:"slo,omitempty"`
	Malformed    jsonMalformed `json:"malformed"`
	Series       jsonSeries    `json:"series"`
}

type jsonInput struct {
	Name        string      `json:"name"`
	Compression string      `json:"compression"`
	Format      string      `json:"format"`
	Detected    bool        `json:"detected"`
	Lines       jsonLines   `json:"lines"`
	Period      *jsonPeriod `json:"period"`
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
	Target       float64    `json:"target"`
	Met          bool       `json:"met"`
	Availability *float64   `json:"availability"`
	Budget       jsonBudget `json:"budget"`
	BurnRate     float64    `json:"burn_rate"`
}

type jsonBudget struct {
	Allowed   float64 `json:"allowed"`
	Spent     int64   `json:"spent"`
	Remaining float64 `json:"remaining"`
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
	Start        string      `json:"start"`
	Requests     int64       `json:"requests"`
	Classes      jsonClasses `json:"classes"`
	Invalid      int64       `json:"invalid"`
	Availability *float64    `json:"availability"`
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
	r := jsonReport{
		Schema:       Schema,
		Inputs:       []jsonInput{},
		Period:       period(s.Span),
		Lines:        lines(s.Lines),
		Requests:     s.Requests(),
		Classes:      classes(s.Classes()),
		Codes:        jsonCodes(s.Codes),
		Invalid:      s.Invalid(),
		Bad:          jsonBad{Rule: "5xx", Requests: s.Bad()},
		Availability: optRatio(s.Availability()),
		Malformed:    jsonMalformed{Reasons: s.Malformed, Samples: []jsonSample{}},
		Series:       jsonSeries{BucketSeconds: s.BucketSeconds, Buckets: []jsonBucket{}},
	}
	for _, in := range s.Inputs {
		r.Inputs = append(r.Inputs, jsonInput{
			Name: visible([]byte(in.Name)), Compression: in.Compression, Format: in.Format,
			Detected: in.Detected, Lines: lines(in.Lines), Period: period(in.Span),
		})
	}
	if r.Malformed.Reasons == nil {
		r.Malformed.Reasons = map[string]int64{}
	}
	for _, smp := range s.Samples {
		r.Malformed.Samples = append(r.Malformed.Samples, jsonSample{
			Input: visible([]byte(smp.Input)), Line: smp.Line, Reason: smp.Reason, Text: visible(smp.Text),
		})
	}
	for _, b := range s.Buckets {
		r.Series.Buckets = append(r.Series.Buckets, jsonBucket{
			Start: timeRFC3339(b.Start), Requests: b.Requests(), Classes: classes(b.Classes),
			Invalid: b.Invalid, Availability: optRatio(b.Availability()),
		})
	}
	if o := opt.SLO; o != nil {
		r.SLO = &jsonSLO{
			Target:       o.Target.Ratio(),
			Met:          o.Met,
			Availability: r.Availability,
			Budget:       jsonBudget{Allowed: o.Allowed, Spent: o.Bad, Remaining: o.Remaining},
			BurnRate:     o.BurnRate,
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
