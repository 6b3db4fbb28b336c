package report

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slareport/slareport/reference"
)

// codesSample is a few meanings that between them use every part of the
// layouts: IANA with behaviour and aliases, two vendors for one code, an
// unused code, a vendor without a source, a long phrase, a long URL.
func codesSample() []reference.Meaning {
	var ms []reference.Meaning
	for _, c := range []int{101, 413, 418, 450, 451, 463, 499, 503} {
		ms = append(ms, reference.Meanings(c)...)
	}
	return ms
}

func TestCodesGolden(t *testing.T) {
	ms := codesSample()
	var compared []reference.Meaning
	for _, c := range []int{301, 308, 401, 403} {
		compared = append(compared, reference.Meanings(c)...)
	}
	compare := reference.Comparisons([]int{401, 403, 301, 308})
	for _, tc := range []struct {
		name   string
		render func(*bytes.Buffer) error
	}{
		{"codes-list.txt", func(b *bytes.Buffer) error { return CodesText(b, ms, CodesOptions{}) }},
		{"codes-list-color.txt", func(b *bytes.Buffer) error { return CodesText(b, ms, CodesOptions{Color: true}) }},
		{"codes-search.txt", func(b *bytes.Buffer) error {
			return CodesText(b, ms[:3], CodesOptions{Ranked: true, Title: `Search "x": 3 results`})
		}},
		{"codes-detail.txt", func(b *bytes.Buffer) error { return CodesText(b, ms, CodesOptions{Detail: true}) }},
		{"codes-list.md", func(b *bytes.Buffer) error { return CodesMarkdown(b, ms, CodesOptions{}) }},
		{"codes-detail.md", func(b *bytes.Buffer) error { return CodesMarkdown(b, ms, CodesOptions{Detail: true}) }},
		{"codes.json", func(b *bytes.Buffer) error { return CodesJSON(b, ms, CodesOptions{}) }},
		{"codes-compare.txt", func(b *bytes.Buffer) error {
			return CodesText(b, compared, CodesOptions{Ranked: true, Title: `Search "401 vs 403 301 308": 4 results`, Compare: compare})
		}},
		{"codes-compare.md", func(b *bytes.Buffer) error {
			return CodesMarkdown(b, compared, CodesOptions{Ranked: true, Title: `Search "401 vs 403 301 308": 4 results`, Compare: compare})
		}},
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

func TestCodesTextWidth(t *testing.T) {
	ms := reference.AllMeanings()
	// Example responses are for copying, so like URLs they are never
	// wrapped; at 80 columns they fit, which the command's test checks.
	verbatim := map[string]bool{}
	for code := 100; code <= 599; code++ {
		if x, ok := reference.ExampleOf(code); ok {
			for _, l := range strings.Split(x.Response, "\n") {
				verbatim[strings.TrimRight("  "+l, " ")] = true
			}
		}
	}
	for _, width := range []int{80, 60} {
		compare := reference.AllComparisons()
		for _, opt := range []CodesOptions{{Width: width}, {Width: width, Detail: true, Compare: compare}, {Width: width, Ranked: true, Title: strings.Repeat("long title ", 10), Compare: compare}} {
			var b bytes.Buffer
			if err := CodesText(&b, ms, opt); err != nil {
				t.Fatal(err)
			}
			for _, line := range strings.Split(b.String(), "\n") {
				if n := utf8.RuneCountInString(line); n > width && !strings.HasPrefix(line, "https://") && !verbatim[line] {
					t.Errorf("%+v: %d columns: %q", opt, n, line)
				}
			}
		}
	}
}

func TestCodesWrap(t *testing.T) {
	tests := []struct {
		name       string
		text       string
		width      int
		first, ind string
		want       string
	}{
		{"fits", "a b c", 10, "", "", "a b c"},
		{"wraps at the width", "aaa bbb ccc", 7, "", "", "aaa bbb\nccc"},
		{"hanging indent", "aaa bbb ccc", 9, "L: ", "   ", "L: aaa\n   bbb\n   ccc"},
		{"long word alone", "a verylongword b", 5, "", "", "a\nverylongword\nb"},
		{"collapses spaces", "a   b\n c", 20, "", "", "a b c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := codesWrap(tt.text, tt.width, tt.first, tt.ind); got != tt.want {
				t.Errorf("codesWrap = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCodesClip(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"a bit too long", 8, "a bit t…"},
		{"cut at a space", 8, "cut at…"},
		{"héllo wörld", 6, "héllo…"},
		{"x", 0, ""},
	}
	for _, tt := range tests {
		if got := codesClip(tt.s, tt.n); got != tt.want {
			t.Errorf("codesClip(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
	}
}

func TestCodesMarkdownText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a | b", `a \| b`},
		{"use `error_page 497 =301 https://$host;` here_now", "use `error_page 497 =301 https://$host;` here\\_now"},
		{"odd ` quote *x*", `odd ' quote \*x\*`},
		{"<b>", "&lt;b&gt;"},
	}
	for _, tt := range tests {
		if got := codesMarkdownText(tt.in); got != tt.want {
			t.Errorf("codesMarkdownText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCodesJSONEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := CodesJSON(&b, nil, CodesOptions{}); err != nil {
		t.Fatal(err)
	}
	var v []any
	if err := json.Unmarshal(b.Bytes(), &v); err != nil || v == nil || len(v) != 0 {
		t.Errorf("CodesJSON(nil) = %q, want []", b.String())
	}
}

// TestCodesRelatedNamesTheMeaning: a related code with several meanings is
// shown with the one meant, in every output: 429's 420 is Twitter's Enhance
// Your Calm, Esri's 498's 499 is Esri's Token Required.
func TestCodesRelatedNamesTheMeaning(t *testing.T) {
	tests := []struct {
		code       int
		vendor     string
		want, not  string
		jsonVendor string
	}{
		{429, "", "420 Enhance Your Calm (Twitter)", "Method Failure", "Twitter"},
		{498, "Esri ArcGIS", "499 Token Required (Esri ArcGIS)", "Client Closed Request", "Esri ArcGIS"},
	}
	for _, tt := range tests {
		var m reference.Meaning
		for _, c := range reference.Meanings(tt.code) {
			if c.Vendor == tt.vendor {
				m = c
			}
		}
		ms := []reference.Meaning{m}
		var text, md, js bytes.Buffer
		if err := CodesText(&text, ms, CodesOptions{Detail: true}); err != nil {
			t.Fatal(err)
		}
		if err := CodesMarkdown(&md, ms, CodesOptions{Detail: true}); err != nil {
			t.Fatal(err)
		}
		if err := CodesJSON(&js, ms, CodesOptions{}); err != nil {
			t.Fatal(err)
		}
		page := string(CodeEntryHTML(tt.code))
		for name, out := range map[string]string{"text": strings.Join(strings.Fields(text.String()), " "), "markdown": md.String(), "page": page} {
			if !strings.Contains(out, tt.want) || strings.Contains(out, tt.not) {
				t.Errorf("%d %s: %s output lacks %q or has %q", tt.code, tt.vendor, name, tt.want, tt.not)
			}
		}
		var got []struct {
			Related []struct {
				Code   int
				Phrase string
				Vendor string
			}
		}
		if err := json.Unmarshal(js.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range got[0].Related {
			found = found || r.Vendor == tt.jsonVendor && strings.HasPrefix(tt.want, strconv.Itoa(r.Code)+" "+r.Phrase)
		}
		if !found {
			t.Errorf("%d %s: JSON related %+v lacks %q of %s", tt.code, tt.vendor, got[0].Related, tt.want, tt.jsonVendor)
		}
	}
}

// TestCodesBehaviour: 101 reads as final, not interim (no HTTP response
// follows a protocol switch); 451 as cacheable (RFC 7725 §3).
func TestCodesBehaviour(t *testing.T) {
	tests := []struct {
		code      int
		want, not string
	}{
		{100, "interim (a final response follows)", "final:"},
		{101, "final: the connection switches protocol and no HTTP response follows", "interim"},
		{451, "heuristically cacheable", "interim"},
	}
	for _, tt := range tests {
		got := codesBehaviour(reference.Meanings(tt.code)[0])
		if !strings.Contains(got, tt.want) || strings.Contains(got, tt.not) {
			t.Errorf("%d: behaviour %q, want %q and no %q", tt.code, got, tt.want, tt.not)
		}
	}
}

// TestCodesJSONComparisons: each element carries the comparisons that
// include its code, and only those.
func TestCodesJSONComparisons(t *testing.T) {
	ms := append(reference.Meanings(401), reference.Meanings(403)...)
	ms = append(ms, reference.Meanings(499)...)
	var b bytes.Buffer
	if err := CodesJSON(&b, ms, CodesOptions{Compare: reference.Comparisons([]int{401, 403})}); err != nil {
		t.Fatal(err)
	}
	var got []struct {
		Code        int
		Comparisons []struct {
			Title string
			Codes []int
			Rows  []struct {
				Aspect string
				Cells  []string
			}
		}
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	for _, e := range got {
		want := 0
		if e.Code == 401 || e.Code == 403 {
			want = 1
		}
		if len(e.Comparisons) != want {
			t.Errorf("%d: %d comparisons, want %d", e.Code, len(e.Comparisons), want)
			continue
		}
		if want == 1 {
			c := e.Comparisons[0]
			if c.Title != "401 vs 403" || len(c.Codes) != 2 || len(c.Rows) == 0 || len(c.Rows[0].Cells) != 2 {
				t.Errorf("%d: comparison %+v", e.Code, c)
			}
		}
	}
	if strings.Contains(b.String(), `"comparisons": null`) {
		t.Error("an element without comparisons has comparisons: null")
	}
}
