package parse

import (
	"strings"
	"testing"
)

// TestW3CDirective checks what a #Fields line means for each format: a
// W3C or CloudFront file takes the new field list from there on; other
// formats have no directives.
func TestW3CDirective(t *testing.T) {
	const short = "#Fields: date time cs-method sc-status time-taken"
	iisDefault := "#Fields: " + strings.Join(iisDefaultFields, " ")
	cases := []struct {
		name     string
		f        *Format
		line     string
		ok       bool
		want     string // the name of the format announced
		same     bool   // the format itself comes back
		spec     string
		data     string // a data line in the announced layout
		wantData string
	}{
		{"w3c preset takes the file's fields", W3C, short, true, "w3c", false, short,
			"2024-03-05 00:00:01 GET 503 15", `status=503 time=2024-03-05T00:00:01Z duration=0.015 method="GET"`},
		{"w3c preset, its own fields", W3C, iisDefault + "\r\n", true, "w3c", true, "", "", ""},
		{"cloudfront stays cloudfront", CloudFront, "#Fields: date time sc-status time-taken", true, "cloudfront", false,
			"#Fields: date time sc-status time-taken", "2024-03-05\t00:00:01\t502\t0.5", `status=502 time=2024-03-05T00:00:01Z duration=0.5`},
		{"x-edge fields make cloudfront", W3C, "#Fields: date time x-edge-location sc-status", true, "cloudfront", false,
			"#Fields: date time x-edge-location sc-status", "", ""},
		{"other comments", W3C, "#Software: Microsoft Internet Information Services 10.0", false, "", false, "", "", ""},
		{"combined has none", Combined, short, false, "", false, "", "", ""},
		{"json has none", JSONLines, short, false, "", false, "", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.f.HasDirectives(); got != (tc.f == W3C || tc.f == CloudFront) {
				t.Errorf("HasDirectives() = %v", got)
			}
			g, ok := tc.f.Directive([]byte(tc.line))
			if ok != tc.ok {
				t.Fatalf("Directive ok = %v, want %v", ok, tc.ok)
			}
			if !ok {
				if g != nil {
					t.Errorf("Directive = %v with ok false", g)
				}
				return
			}
			if g.Name != tc.want || (g == tc.f) != tc.same || g.Spec != tc.spec {
				t.Errorf("Directive = %s %q (itself: %v), want %s %q (itself: %v)", g.Name, g.Spec, g == tc.f, tc.want, tc.spec, tc.same)
			}
			if tc.data != "" {
				if got := parsed(g, tc.data); got != tc.wantData {
					t.Errorf("data line: got %s, want %s", got, tc.wantData)
				}
			}
			// The announced layout follows directives in turn.
			if back, ok := g.Directive([]byte(tc.line)); !ok || back != g {
				t.Errorf("the announced layout does not know its own #Fields line: %v %v", back, ok)
			}
		})
	}
}

// TestSniffFollowsFieldsDirectives detects an IIS file whose header comes
// again, with other fields, within the first lines: every sample line is
// read in the layout announced before it.
func TestSniffFollowsFieldsDirectives(t *testing.T) {
	sample := "#Fields: date time cs-method sc-status time-taken\n" +
		strings.Repeat("2024-03-05 00:00:01 GET 200 15\n", 3) +
		"#Software: Microsoft Internet Information Services 10.0\n" +
		"#Fields: date time s-ip cs-method cs-uri-stem sc-status time-taken\n" +
		strings.Repeat("2024-03-05 00:00:02 10.0.0.4 GET /x 503 46\n", 3)
	d := Sniff([]byte(sample))
	if d.Format == nil || d.Format.Name != "w3c" || d.Lines != 6 || d.Parsed != 6 {
		t.Fatalf("Sniff = %v %d/%d, want w3c 6/6", d.Format, d.Parsed, d.Lines)
	}
	if want := "#Fields: date time cs-method sc-status time-taken"; d.Format.Spec != want {
		t.Errorf("detected layout %q, want the first: %q", d.Format.Spec, want)
	}
}
