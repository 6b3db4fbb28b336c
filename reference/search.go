package reference

import (
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Result is one meaning found by Search, with its score.
type Result struct {
	Meaning
	// Score ranks results: the code a query names beats synonym and phrase
	// words, which beat aliases and header names, which beat the
	// description text.
	Score int
}

// Weights are the scores Search gives a query word for what it matches.
// The offline reference page runs the same search in JavaScript and reads
// these numbers from the page, which embeds SearchRules, so they are
// declared here only.
type Weights struct {
	Code       int `json:"code"`       // the word is the code
	CodePrefix int `json:"codePrefix"` // the code starts with it ("49")
	Class      int `json:"class"`      // "4xx"
	Synonym    int `json:"synonym"`    // a word of a synonym that means the meaning (synonyms.go)
	Phrase     int `json:"phrase"`     // a word of the phrase
	Alias      int `json:"alias"`      // a word of an alias
	Header     int `json:"header"`     // a word of a header field that goes with the code
	Vendor     int `json:"vendor"`     // a word of the vendor's name
	Text       int `json:"text"`       // a word of the summary or description
	// Bonuses for the whole query appearing, in order, in one synonym,
	// the phrase, one alias or one header name; only the largest counts.
	SynonymRun int `json:"synonymRun"`
	PhraseRun  int `json:"phraseRun"`
	AliasRun   int `json:"aliasRun"`
	HeaderRun  int `json:"headerRun"`
}

var weights = Weights{
	Code: 1000, CodePrefix: 200, Class: 100,
	Synonym: 40, Phrase: 30, Alias: 20, Header: 20, Vendor: 15, Text: 4,
	SynonymRun: 60, PhraseRun: 50, AliasRun: 30, HeaderRun: 30,
}

// stopWords are dropped from a query that has other words, so "a
// timeout" does not need every entry to contain "a", "401 vs 403" names
// two codes and "location header" is a search for the header.
var stopWords = []string{
	"a", "an", "and", "between", "code", "codes", "compare", "difference", "does", "for", "header",
	"headers", "http", "in", "is", "mean", "means", "of", "on", "or", "status", "the", "to", "versus",
	"vs", "what", "whats",
}

// inflections are the endings that let a query word match the word it
// inflects: "permissions" matches "permission", "limiting" "limit".
var inflections = []string{"s", "es", "d", "ed", "ing"}

// Rules are what a search running elsewhere needs, beside each meaning's
// Terms, to rank as Search does.
type Rules struct {
	Weights     Weights  `json:"weights"`
	StopWords   []string `json:"stopWords"`
	Inflections []string `json:"inflections"`
}

// SearchRules returns the weights, stop words and inflections Search uses.
func SearchRules() Rules {
	return Rules{weights, slices.Clone(stopWords), slices.Clone(inflections)}
}

// Search finds meanings for a query as people type it, best first.
//
// A query that names status codes ("499", "401 403", "401 vs 403") finds
// every meaning of each, ranked by the other words. Any other query
// ranks each meaning by its query words: a word scores by the best thing
// it matches (the code, a synonym, the phrase, an alias, a header name,
// the vendor, the description), a whole word more than a word it begins
// (at least 3 letters: "gate" finds "gateway") or inflects ("limiting"),
// which beat a word one edit away (two from 8 letters), so a typo such as
// "unavailabel" still finds 503. Only the meanings that match the most
// query words are returned: all of them when some meaning matches all.
// Ties go to the lower code, IANA's meaning first.
func Search(query string) []Result {
	q := queryTokens(query)
	if len(q) == 0 {
		return nil
	}
	meanings, _ := meaningTable()
	index := searchIndex()
	codes, words := splitCodes(q)
	var out []Result
	if len(codes) > 0 {
		for i := range index {
			if slices.Contains(codes, index[i].Code) {
				s, _ := scoreWords(&index[i], words)
				out = append(out, Result{meanings[i], weights.Code + s})
			}
		}
	} else {
		out = bestMatches(q, meanings, index)
	}
	slices.SortStableFunc(out, func(a, b Result) int { return b.Score - a.Score })
	return out
}

// bestMatches scores every meaning on the query words q and keeps those
// that match the most of them.
func bestMatches(q []string, meanings []Meaning, index []indexed) []Result {
	type hit struct{ i, score, matched int }
	var hits []hit
	run := strings.Join(q, " ")
	most := 0
	for i := range index {
		if s, n := scoreWords(&index[i], q); n > 0 {
			hits = append(hits, hit{i, s + runBonus(&index[i], run), n})
			most = max(most, n)
		}
	}
	var out []Result
	for _, h := range hits {
		if h.matched == most {
			out = append(out, Result{meanings[h.i], h.score})
		}
	}
	return out
}

// CodesIn returns the status codes a query names, in the order it names
// them, each once: the three-digit words that are codes the reference
// knows. "401 vs 403" names 401 and 403; "999" names none. words are the
// query's other words, stop words dropped: none for "401 vs 403", so a
// caller can tell a query that only names codes.
func CodesIn(query string) (codes []int, words []string) {
	cs, words := splitCodes(queryTokens(query))
	for _, c := range cs {
		n, _ := strconv.Atoi(c)
		codes = append(codes, n)
	}
	return codes, words
}

// splitCodes separates the query words that name known codes from the
// others.
func splitCodes(q []string) (codes, words []string) {
	_, byCode := meaningTable()
	for _, w := range q {
		n, err := strconv.Atoi(w)
		switch {
		case len(w) != 3 || !isDigits(w) || err != nil || len(byCode[n]) == 0:
			words = append(words, w)
		case !slices.Contains(codes, w):
			codes = append(codes, w)
		}
	}
	return codes, words
}

// Terms are the words Search matches a meaning on, lower-cased and split
// as Search splits a query, for a search that runs elsewhere with the same
// rules: the offline reference page runs it in JavaScript.
type Terms struct {
	Code     string     // "499"
	Class    string     // "4xx"
	Phrase   []string   // the phrase's words
	Aliases  [][]string // each alias's words
	Synonyms [][]string // the words of each synonym that means the meaning
	Headers  [][]string // the words of each header field that goes with it
	Vendor   []string   // the vendor name's words
	Text     []string   // the distinct words of the summary and descriptions
}

// SearchTerms returns the words Search matches m on.
func SearchTerms(m Meaning) Terms {
	t := Terms{
		Code:   strconv.Itoa(m.Code),
		Class:  m.Class.String(),
		Phrase: tokens(m.Phrase),
		Vendor: tokens(m.Vendor),
	}
	for _, a := range m.Aliases {
		t.Aliases = append(t.Aliases, tokens(a))
	}
	for _, s := range synonyms {
		if slices.Contains(s.To, Link{m.Code, m.Phrase}) {
			t.Synonyms = append(t.Synonyms, tokens(s.Words))
		}
	}
	for _, h := range m.Headers {
		t.Headers = append(t.Headers, tokens(h))
	}
	seen := make(map[string]bool)
	for _, w := range tokens(m.Summary + " " + m.Description + " " + m.Client + " " + m.Operator) {
		if !seen[w] {
			seen[w] = true
			t.Text = append(t.Text, w)
		}
	}
	return t
}

// indexed is a meaning's Terms with the synonyms, phrase, aliases and
// header names also joined, for the whole-query bonus.
type indexed struct {
	Terms
	runs [4][]string // in runBonus order
}

var searchIndex = sync.OnceValue(buildIndex)

func buildIndex() []indexed {
	meanings, _ := meaningTable()
	ix := make([]indexed, len(meanings))
	// Runs drop stop words as a query does, so "a timeout occurred" and
	// "I'm a teapot" are whole runs of "A Timeout Occurred" and "I'm a
	// teapot".
	join := func(lists [][]string) []string {
		var out []string
		for _, l := range lists {
			out = append(out, strings.Join(dropStopWords(l), " "))
		}
		return out
	}
	for i, m := range meanings {
		x := &ix[i]
		x.Terms = SearchTerms(m)
		x.runs = [4][]string{join(x.Synonyms), join([][]string{x.Phrase}), join(x.Aliases), join(x.Headers)}
	}
	return ix
}

// scoreWords returns the sum over words of each word's best match, and how
// many words matched anything.
func scoreWords(x *indexed, words []string) (score, matched int) {
	for _, w := range words {
		if best := wordBest(x, w); best > 0 {
			score += best
			matched++
		}
	}
	return score, matched
}

// wordBest is the score of the best thing the query word w matches.
func wordBest(x *indexed, w string) int {
	best := 0
	switch {
	case w == x.Code:
		best = weights.Code
	case isDigits(w) && strings.HasPrefix(x.Code, w):
		best = weights.CodePrefix
	case w == x.Class:
		best = weights.Class
	}
	best = max(best, wordScore(w, x.Phrase, weights.Phrase))
	for _, s := range x.Synonyms {
		best = max(best, wordScore(w, s, weights.Synonym))
	}
	for _, a := range x.Aliases {
		best = max(best, wordScore(w, a, weights.Alias))
	}
	for _, h := range x.Headers {
		best = max(best, wordScore(w, h, weights.Header))
	}
	best = max(best, wordScore(w, x.Vendor, weights.Vendor))
	return max(best, wordScore(w, x.Text, weights.Text))
}

// runBonus is the largest bonus for the whole query appearing, its words
// in order and whole, in a synonym, the phrase, an alias or a header name.
func runBonus(x *indexed, run string) int {
	bonus := [4]int{weights.SynonymRun, weights.PhraseRun, weights.AliasRun, weights.HeaderRun}
	best := 0
	for i, runs := range x.runs {
		for _, r := range runs {
			if contains(r, run) {
				best = max(best, bonus[i])
			}
		}
	}
	return best
}

// wordScore scores the query word w against words: full weight for an equal
// word, 2/3 for a word it begins or inflects, 1/2 for a word within the
// typo distance.
func wordScore(w string, words []string, weight int) int {
	best := 0
	for _, v := range words {
		switch {
		case v == w:
			return weight
		case len(w) >= 3 && strings.HasPrefix(v, w), inflects(w, v):
			best = max(best, weight*2/3)
		case len(w) >= 4 && abs(len(v)-len(w)) <= typoBudget(w) && distance(w, v) <= typoBudget(w):
			best = max(best, weight/2)
		}
	}
	return best
}

// inflects reports whether w is v with an inflection's ending, v being at
// least 3 letters: "limiting" inflects "limit".
func inflects(w, v string) bool {
	rest, ok := strings.CutPrefix(w, v)
	return ok && len(v) >= 3 && slices.Contains(inflections, rest)
}

// contains reports whether the space-separated words of run appear, in
// order and whole, in the space-separated words of s.
func contains(s, run string) bool {
	return strings.Contains(" "+s+" ", " "+run+" ")
}

func typoBudget(w string) int {
	if len(w) >= 8 {
		return 2
	}
	return 1
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// queryTokens splits a query into words, dropping stop words unless the
// query has nothing else.
func queryTokens(s string) []string {
	return dropStopWords(tokens(s))
}

// dropStopWords returns words without the stop words, or all of them when
// they are all stop words.
func dropStopWords(words []string) []string {
	var kept []string
	for _, w := range words {
		if !slices.Contains(stopWords, w) {
			kept = append(kept, w)
		}
	}
	if len(kept) == 0 {
		return words
	}
	return kept
}

// apostrophes are dropped before splitting, so "I'm" is one word, "im",
// whether typed with a straight or a curly apostrophe.
var apostrophes = strings.NewReplacer("'", "", "\u2019", "")

// tokens lower-cases s, drops apostrophes and splits it into runs of ASCII
// letters and digits; everything else separates words ("I'm a teapot" is
// "im", "a", "teapot"; "Time-out" is "time", "out").
func tokens(s string) []string {
	var out []string
	start := -1
	s = apostrophes.Replace(strings.ToLower(s))
	for i := 0; i <= len(s); i++ {
		if i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= '0' && s[i] <= '9') {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
	}
	return out
}

// distance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions and swaps of adjacent letters each
// cost 1, so "unavailabel" is 1 from "unavailable".
func distance(a, b string) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
