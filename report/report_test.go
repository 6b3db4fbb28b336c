package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slareport/slareport/aggregate"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// hostile is a malformed line an attacker could plant in a log.
const hostile = "<script>alert(1)</script> | ``` `x` \x1b[31mred\x1b[0m \xff\xfe \u202e evil {{.Headline}} [a](javascript:alert(1)) \\"

// fixture is a Summary built by hand, so the golden files check the
// renderers and not the parser.
func fixture() *aggregate.Summary {
	return &aggregate.Summary{
		Inputs: []aggregate.Input{
			{Name: "web-1/access.log.gz", Compression: "gzip", Format: "combined", Detected: true,
				Lines: aggregate.Lines{Read: 1003, Parsed: 1001, Malformed: 2},
				Span:  aggregate.Span{First: 1793577600, Last: 1793584799, Valid: true}},
			{Name: "weird|name`.log", Compression: "none", Format: "combined", Detected: true,
				Lines: aggregate.Lines{Read: 1, Parsed: 0, Malformed: 1}},
		},
		Lines:     aggregate.Lines{Read: 1004, Parsed: 1001, Malformed: 3},
		Span:      aggregate.Span{First: 1793577600, Last: 1793584799, Valid: true},
		Codes:     map[int]int64{200: 900, 304: 50, 404: 30, 499: 10, 503: 8, 520: 2, 600: 1},
		Malformed: map[string]int64{"bad status": 2, "truncated line": 1},
		Samples: []aggregate.Sample{
			{Input: "web-1/access.log.gz", Line: 7, Reason: "bad status", Text: []byte(hostile)},
			{Input: "web-1/access.log.gz", Line: 9, Reason: "bad status", Text: []byte(strings.Repeat("A", 300))},
			{Input: "weird|name`.log", Line: 1, Reason: "truncated line", Text: []byte("GET / HTTP/1.1")},
		},
		Latency: &aggregate.Quantiles{Count: 1001, P50: 0.042, P90: 0.18, P95: 0.35, P99: 1.2, Max: 7.5},
		Endpoints: aggregate.Breakdown{Distinct: 3, Keys: []aggregate.KeyStats{
			{Key: "/api/v1/orders/:id", Requests: 600, Bad: 9, Latency: &aggregate.Quantiles{Count: 600, P99: 1.9}},
			{Key: "/<script>alert(1)</script>|`x`", Requests: 1, Bad: 1},
			{Key: "/", Requests: 400},
		}},
		BucketSeconds: 3600,
		Buckets: []aggregate.Bucket{
			{Start: 1793577600, End: 1793581200, Counts: aggregate.Counts{Classes: [5]int64{0, 500, 30, 20, 0}}},
			{Start: 1793581200, End: 1793584800, Counts: aggregate.Counts{Classes: [5]int64{0, 400, 20, 20, 10}, Invalid: 1, Unjudged: 1, Bad: 10}},
		},
	}
}

func sloFixture(t *testing.T, s *aggregate.Summary, target string) Options {
	tg, err := aggregate.ParseTarget(target)
	if err != nil {
		t.Fatal(err)
	}
	o := s.Evaluate(tg)
	return Options{SLO: &o}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./report -update, then review the diff):\n%s", name, got)
	}
}

func TestGolden(t *testing.T) {
	s := fixture()
	opt := sloFixture(t, s, "99.9")
	for _, tc := range []struct {
		name   string
		render func(*bytes.Buffer) error
	}{
		{"report.md", func(b *bytes.Buffer) error { return Markdown(b, s, opt) }},
		{"report.json", func(b *bytes.Buffer) error { return JSON(b, s, opt) }},
		{"empty.md", func(b *bytes.Buffer) error { return Markdown(b, &aggregate.Summary{}, Options{}) }},
		{"empty.json", func(b *bytes.Buffer) error { return JSON(b, &aggregate.Summary{}, Options{}) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.render(&b); err != nil {
				t.Fatal(err)
			}
			golden(t, tc.name, b.Bytes())
		})
	}
}

// TestJSONContract decodes the report generically and checks the stable
// fields of slareport/v1 and their arithmetic.
func TestJSONContract(t *testing.T) {
	s := fixture()
	var b bytes.Buffer
	if err := JSON(&b, s, sloFixture(t, s, "99.9")); err != nil {
		t.Fatal(err)
	}
	var r struct {
		Schema       string
		Lines        struct{ Read, Parsed, Malformed, Filtered int64 }
		Requests     int64
		Classes      map[string]int64
		Codes        map[string]int64
		Invalid      int64
		Judged       int64
		Unjudged     int64
		Availability *float64
		SLO          *struct {
			Target       float64
			Met          *bool
			Availability *float64
			Budget       struct {
				Allowed   float64
				Spent     int64
				Remaining float64
			}
			BurnRate float64 `json:"burn_rate"`
		}
	}
	if err := json.Unmarshal(b.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if r.Schema != "slareport/v1" {
		t.Errorf("schema %q", r.Schema)
	}
	if r.Lines.Read != r.Lines.Parsed+r.Lines.Malformed+r.Lines.Filtered {
		t.Errorf("lines do not add up: %+v", r.Lines)
	}
	if len(r.Classes) != 5 {
		t.Errorf("classes %v: want all five keys", r.Classes)
	}
	var sum int64
	for _, n := range r.Classes {
		sum += n
	}
	if sum+r.Invalid != r.Requests || r.Codes["600"] != 1 || r.Invalid != 1 {
		t.Errorf("classes %v + invalid %d != requests %d", r.Classes, r.Invalid, r.Requests)
	}
	// 1001 requests, 10 of them 5xx, one (the 600) not judged.
	if r.Availability == nil || *r.Availability != float64(1000-10)/1000 || r.Judged != 1000 || r.Unjudged != 1 {
		t.Errorf("availability %v", r.Availability)
	}
	if r.SLO == nil || r.SLO.Met == nil || *r.SLO.Met || r.SLO.Target != 0.999 || r.SLO.Budget.Spent != 10 {
		t.Fatalf("slo %+v", r.SLO)
	}
	if a := r.SLO.Budget.Allowed; a < 0.9999 || a > 1.0001 {
		t.Errorf("allowed %v, want 1", a)
	}

	var empty bytes.Buffer
	JSON(&empty, &aggregate.Summary{}, Options{})
	if !bytes.Contains(empty.Bytes(), []byte(`"availability": null`)) {
		t.Errorf("empty report must have availability null:\n%s", empty.Bytes())
	}
}

func TestHostileTextIsInert(t *testing.T) {
	s := fixture()
	var md, js bytes.Buffer
	Markdown(&md, s, Options{})
	JSON(&js, s, Options{})
	for name, out := range map[string][]byte{"markdown": md.Bytes(), "json": js.Bytes()} {
		if !utf8.Valid(out) {
			t.Errorf("%s is not valid UTF-8", name)
		}
		if bytes.ContainsAny(out, "\x1b\u202e") {
			t.Errorf("%s carries a raw escape or bidi override", name)
		}
	}
	// The sample is one code span whose fence is longer than the ``` inside.
	var sample string
	for _, l := range strings.Split(md.String(), "\n") {
		if strings.Contains(l, "access.log.gz:7") {
			sample = l
		}
	}
	if !strings.Contains(sample, ": ```` <script>") || !strings.HasSuffix(sample, "\\\\ ````") {
		t.Errorf("sample not fenced safely: %s", sample)
	}
	if !strings.Contains(sample, `\x1b[31m`) || !strings.Contains(sample, `\xff\xfe`) || !strings.Contains(sample, `\u{202e}`) {
		t.Errorf("control bytes not spelled out: %s", sample)
	}
	// A '|' in a table cell must not open a new column.
	for _, l := range strings.Split(md.String(), "\n") {
		if strings.Contains(l, "weird") && strings.HasPrefix(l, "| Source") {
			if n := strings.Count(l, "|") - strings.Count(l, `\|`); n != 3 {
				t.Errorf("source row has %d cell separators, want 3: %s", n, l)
			}
		}
	}
	// JSON keeps the bytes recoverable instead of replacing them with U+FFFD.
	if !bytes.Contains(js.Bytes(), []byte(`\\xff\\xfe`)) || bytes.Contains(js.Bytes(), []byte(`\ufffd`)) {
		t.Errorf("invalid UTF-8 in JSON not spelled out")
	}
}
