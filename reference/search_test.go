package reference

import (
	"os"
	"slices"
	"strconv"
	"strings"
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
		{"I'm a teapot", []string{"im", "a", "teapot"}},
		{"I’m a teapot", []string{"im", "a", "teapot"}},
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
	if !slices.ContainsFunc(got.Synonyms, func(s []string) bool { return slices.Equal(s, []string{"timed", "out"}) }) {
		t.Errorf("SearchTerms(504).Synonyms = %q, want timed out among them", got.Synonyms)
	}
	if v := SearchTerms(Meanings(520)[0]).Vendor; !slices.Equal(v, []string{"cloudflare"}) {
		t.Errorf("SearchTerms(520).Vendor = %q", v)
	}
	if h := SearchTerms(Meanings(401)[0]).Headers; len(h) != 1 || !slices.Equal(h[0], []string{"www", "authenticate"}) {
		t.Errorf("SearchTerms(401).Headers = %q", h)
	}
	// Synonyms name one meaning: "slow" means nginx's 499, not Esri's.
	if s := SearchTerms(Meanings(499)[0]).Synonyms; !slices.ContainsFunc(s, func(w []string) bool { return slices.Equal(w, []string{"slow"}) }) {
		t.Errorf("nginx 499: synonyms %q, want slow", s)
	}
	if s := SearchTerms(Meanings(499)[1]).Synonyms; len(s) != 0 {
		t.Errorf("Esri 499: synonyms %q, want none", s)
	}
}

// queryCase is one row of testdata/queries.tsv: a query and the codes that
// must be among its top 3 results.
type queryCase struct {
	line  int
	query string
	top3  []int
	why   string
}

// queriesTSV is shared with report's browser test of the reference page,
// whose JavaScript search must pass the same table.
const queriesTSV = "testdata/queries.tsv"

func readQueries(t *testing.T) []queryCase {
	t.Helper()
	data, err := os.ReadFile(queriesTSV)
	if err != nil {
		t.Fatal(err)
	}
	var out []queryCase
	for i, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		if line == "" || strings.HasPrefix(line, "#") || line == "query\ttop3\twhy" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			t.Fatalf("%s:%d: %d fields, want 3", queriesTSV, i+1, len(f))
		}
		qc := queryCase{line: i + 1, query: f[0], why: f[2]}
		for _, s := range strings.Fields(f[1]) {
			n, err := strconv.Atoi(s)
			if err != nil {
				t.Fatalf("%s:%d: %v", queriesTSV, i+1, err)
			}
			qc.top3 = append(qc.top3, n)
		}
		if len(qc.top3) == 0 || len(qc.top3) > 3 {
			t.Fatalf("%s:%d: %d codes, want 1 to 3", queriesTSV, i+1, len(qc.top3))
		}
		out = append(out, qc)
	}
	return out
}

// TestSearchQueries runs the table of queries people type: the way they
// ask (two codes, "vs", questions, synonyms, header names, typos) must put
// the codes they mean in the top 3.
func TestSearchQueries(t *testing.T) {
	cases := readQueries(t)
	if len(cases) < 40 {
		t.Errorf("%s has %d queries, want at least 40", queriesTSV, len(cases))
	}
	for _, qc := range cases {
		got := codesOf(Search(qc.query))
		top := got[:min(3, len(got))]
		for _, c := range qc.top3 {
			if !slices.Contains(top, c) {
				t.Errorf("%s:%d: Search(%q) top 3 = %v, want %d among them (%s); all: %v", queriesTSV, qc.line, qc.query, top, c, qc.why, got)
			}
		}
	}
}

// TestSearchRanksNamesAboveText pins the rankings that were wrong when
// every word had to match and body text counted as much as a name: a
// code's names (synonyms, phrase, header names) rank above an entry that
// merely mentions the words.
func TestSearchRanksNamesAboveText(t *testing.T) {
	tests := []struct {
		query        string
		above, below int
	}{
		{"timeout", 522, 100}, // 100 Continue's text mentions a timeout
		{"timeout", 524, 100},
		{"auth", 401, 203},         // "auth" begins 203's Non-Authoritative
		{"wrong method", 405, 301}, // 301's text says "wrong" and "method"
		{"retry after", 429, 403},  // 403's text has "retry"
		{"unavailable", 503, 451},  // both phrases say it; people mean 503
	}
	for _, tt := range tests {
		got := codesOf(Search(tt.query))
		a, b := slices.Index(got, tt.above), slices.Index(got, tt.below)
		if a < 0 || b >= 0 && a > b {
			t.Errorf("Search(%q) = %v: want %d above %d", tt.query, got, tt.above, tt.below)
		}
	}
}

// TestSearchPartial: when no meaning matches every word, the meanings that
// match the most words are found rather than nothing.
func TestSearchPartial(t *testing.T) {
	got := codesOf(Search("gateway timeout zzzqqq"))
	if !slices.Equal(got, codesOf(Search("gateway timeout"))) {
		t.Errorf("an unknown word changed the results: %v", got)
	}
	if got := codesOf(Search("legal blocked zzzqqq")); len(got) == 0 || got[0] != 451 {
		t.Errorf("Search(legal blocked zzzqqq) = %v, want 451 first", got)
	}
}

func TestCodesIn(t *testing.T) {
	tests := []struct {
		query string
		want  []int
		words []string
	}{
		{"401 vs 403", []int{401, 403}, nil},
		{"403 401 403", []int{403, 401}, nil},
		{"what does 499 mean", []int{499}, nil},
		{"999 299", nil, []string{"999", "299"}},            // no such codes: words
		{"52 5xx 4040", nil, []string{"52", "5xx", "4040"}}, // a prefix, a class, four digits
		{"103 checkpoint", []int{103}, []string{"checkpoint"}},
		{"gateway timeout", nil, []string{"gateway", "timeout"}},
	}
	for _, tt := range tests {
		got, words := CodesIn(tt.query)
		if !slices.Equal(got, tt.want) || !slices.Equal(words, tt.words) {
			t.Errorf("CodesIn(%q) = %v, %q; want %v, %q", tt.query, got, words, tt.want, tt.words)
		}
	}
}

// TestSearchCodes: a query naming codes finds every meaning of each, and
// nothing else.
func TestSearchCodes(t *testing.T) {
	got := Search("499 vs 420")
	var keys []string
	for _, r := range got {
		keys = append(keys, strconv.Itoa(r.Code)+" "+r.Vendor)
	}
	want := []string{"420 " + vSpring, "420 " + vTwitter, "499 " + vNginx, "499 " + vEsri}
	if !slices.Equal(keys, want) {
		t.Errorf("Search(499 vs 420) = %q, want %q", keys, want)
	}
	if got := codesOf(Search("499 esri")); len(got) != 2 || got[0] != 499 || Search("499 esri")[0].Vendor != vEsri {
		t.Errorf("Search(499 esri) = %v, want Esri's 499 first", Search("499 esri"))
	}
}

func TestSynonymsTable(t *testing.T) {
	seen := make(map[string]bool)
	for _, s := range Synonyms() {
		if strings.Join(tokens(s.Words), " ") != s.Words {
			t.Errorf("synonym %q is not lower-case words separated by single spaces", s.Words)
		}
		if seen[s.Words] {
			t.Errorf("synonym %q appears twice", s.Words)
		}
		seen[s.Words] = true
		if len(s.To) == 0 {
			t.Errorf("synonym %q means nothing", s.Words)
		}
		for _, l := range s.To {
			if _, ok := l.Resolve(); !ok {
				t.Errorf("synonym %q: %d %q is no meaning", s.Words, l.Code, l.Phrase)
			}
		}
	}
}

// TestREADMEListsSynonyms: the README documents the synonym table; every
// synonym must be listed there, so that a new one is documented.
func TestREADMEListsSynonyms(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	start := strings.Index(readme, "#### Synonyms")
	if start < 0 {
		t.Fatal("README has no Synonyms section")
	}
	section := readme[start:]
	if end := strings.Index(section[4:], "\n#"); end >= 0 {
		section = section[:end+4]
	}
	for _, s := range Synonyms() {
		if !strings.Contains(section, "`"+s.Words+"`") {
			t.Errorf("README's synonyms lack `%s`", s.Words)
		}
	}
}
