package reference

import (
	"slices"
	"testing"
)

func codesOf(rs []Result) []int {
	var out []int
	for _, r := range rs {
		out = append(out, r.Code)
	}
	return out
}

func TestSearch(t *testing.T) {
	tests := []struct {
		name  string
		query string
		has   []int // all of these are found
		first int   // the best result's code; 0 to skip
		not   []int // none of these are
	}{
		{"timeouts", "timeout", []int{408, 504, 522, 524, 598, 599}, 0, []int{200, 404}},
		{"teapot alias", "teapot", []int{418}, 418, nil},
		{"too many", "too many", []int{429}, 429, []int{404}},
		{"typo", "unavailabel", []int{503}, 0, nil},
		{"typo with a swap", "gatewya timeout", []int{504}, 504, nil},
		{"phrase beats words", "gateway timeout", []int{504, 502}, 504, nil},
		{"exact code", "499", []int{499}, 499, []int{404}},
		{"code prefix", "52", []int{520, 521, 529}, 0, []int{404}},
		{"old phrase", "payload too large", []int{413}, 413, nil},
		{"nginx spelling", "gateway time-out", []int{504}, 504, nil},
		{"vendor name", "cloudflare", []int{520, 530}, 0, nil},
		{"word prefix", "unprocess", []int{422}, 422, nil},
		{"case and punctuation", "  NOT-FOUND!! ", []int{404}, 404, nil},
		{"stop words dropped", "a timeout occurred", []int{524}, 524, nil},
		{"class word", "5xx", []int{500, 503, 520}, 0, []int{404}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := codesOf(Search(tt.query))
			for _, c := range tt.has {
				if !slices.Contains(got, c) {
					t.Errorf("Search(%q) = %v, missing %d", tt.query, got, c)
				}
			}
			for _, c := range tt.not {
				if slices.Contains(got, c) {
					t.Errorf("Search(%q) = %v, should not contain %d", tt.query, got, c)
				}
			}
			if tt.first != 0 && (len(got) == 0 || got[0] != tt.first) {
				t.Errorf("Search(%q) = %v, want %d first", tt.query, got, tt.first)
			}
		})
	}
}

func TestSearchNothing(t *testing.T) {
	for _, q := range []string{"", "   ", "!!!", "zzzzqqq", "999"} {
		if got := Search(q); len(got) != 0 {
			t.Errorf("Search(%q) = %v, want nothing", q, codesOf(got))
		}
	}
}

func TestSearchRanked(t *testing.T) {
	rs := Search("timeout")
	if !slices.IsSortedFunc(rs, func(a, b Result) int { return b.Score - a.Score }) {
		t.Errorf("Search results not ranked by score: %v", rs)
	}
}

// TestSearchFilterClass is the reference's side of `codes --class 4xx
// search ...`: searching then filtering keeps only 4xx.
func TestSearchFilterClass(t *testing.T) {
	f := Filter{Class: 4}
	n := 0
	for _, r := range Search("timeout") {
		if f.Match(r.Meaning) {
			n++
			if r.Class != 4 {
				t.Errorf("4xx filter kept %d", r.Code)
			}
		}
	}
	if n == 0 {
		t.Error("4xx filter kept no timeout code (408 is one)")
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "ab", 2}, {"same", "same", 0},
		{"unavailabel", "unavailable", 1}, {"gatewya", "gateway", 1},
		{"timeout", "timeuot", 1}, {"kitten", "sitting", 3}, {"ca", "abc", 3},
	}
	for _, tt := range tests {
		if got := distance(tt.a, tt.b); got != tt.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"I'm a teapot", []string{"i", "m", "a", "teapot"}},
		{"Gateway Time-out", []string{"gateway", "time", "out"}},
		{"  ", nil},
		{"4xx/5xx", []string{"4xx", "5xx"}},
		{"Ünïcode—dash", []string{"n", "code", "dash"}},
	}
	for _, tt := range tests {
		if got := tokens(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSearchTerms(t *testing.T) {
	m := Meanings(504)[0]
	got := SearchTerms(m)
	if got.Code != "504" || got.Class != "5xx" || !slices.Equal(got.Phrase, []string{"gateway", "timeout"}) || len(got.Vendor) != 0 {
		t.Errorf("SearchTerms(504) = %+v", got)
	}
	if len(got.Aliases) != 1 || !slices.Equal(got.Aliases[0], []string{"gateway", "time", "out"}) {
		t.Errorf("SearchTerms(504).Aliases = %q", got.Aliases)
	}
	seen := make(map[string]bool)
	for _, w := range got.Text {
		if seen[w] {
			t.Errorf("Text repeats %q", w)
		}
		seen[w] = true
	}
	if !seen["upstream"] || !seen["proxy"] {
		t.Errorf("Text lacks words of the description: %q", got.Text)
	}
	if v := SearchTerms(Meanings(520)[0]).Vendor; !slices.Equal(v, []string{"cloudflare"}) {
		t.Errorf("SearchTerms(520).Vendor = %q", v)
	}
}
