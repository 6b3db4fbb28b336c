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
	// Score ranks results: an exact code beats phrase words, which beat
	// aliases, which beat the description text.
	Score int
}

// Search weights. The offline HTML page (report/codes_page.html) runs the
// same algorithm in JavaScript with the same numbers, and its browser test
// checks that both rank alike; change them together.
const (
	wCode       = 1000 // the query token is the code
	wCodePrefix = 200  // the code starts with it ("49")
	wClass      = 100  // "4xx"
	wPhrase     = 30   // a word of the phrase
	wAlias      = 20   // a word of an alias
	wVendor     = 15   // a word of the vendor's name
	wText       = 4    // a word of the summary or description
	wPhraseRun  = 50   // bonus: the whole query appears in the phrase
	wAliasRun   = 30   // bonus: the whole query appears in an alias
)

// stopWords are dropped from a query that has other words, so "a timeout"
// does not need every entry to contain "a".
var stopWords = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "to": true, "is": true,
	"in": true, "on": true, "for": true, "and": true, "or": true,
}

// Search finds the meanings that match every word of query, ranked best
// first: the exact code, then phrase words, aliases, the vendor's name,
// then the summary and description. A word also matches a longer word it
// begins (at least 3 letters: "gate" finds "gateway") and a word one edit
// away (two for 8 letters or more), so a typo such as "unavailabel" still
// finds 503. Ties go to the lower code, IANA's meaning first.
func Search(query string) []Result {
	q := queryTokens(query)
	if len(q) == 0 {
		return nil
	}
	run := strings.Join(q, " ")
	var out []Result
	meanings, _ := meaningTable()
	index := searchIndex()
	for i := range meanings {
		if s := scoreMeaning(&index[i], q, run); s > 0 {
			out = append(out, Result{meanings[i], s})
		}
	}
	slices.SortStableFunc(out, func(a, b Result) int {
		if a.Score != b.Score {
			return b.Score - a.Score
		}
		return 0 // meanings are already in code, kind, vendor order
	})
	return out
}

// Terms are the words Search matches a meaning on, lower-cased and split
// as Search splits a query, for a search that runs elsewhere with the same
// rules: the offline reference page runs it in JavaScript.
type Terms struct {
	Code    string     // "499"
	Class   string     // "4xx"
	Phrase  []string   // the phrase's words
	Aliases [][]string // each alias's words
	Vendor  []string   // the vendor name's words
	Text    []string   // the distinct words of the summary and descriptions
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
	seen := make(map[string]bool)
	for _, w := range tokens(m.Summary + " " + m.Description + " " + m.Client + " " + m.Operator) {
		if !seen[w] {
			seen[w] = true
			t.Text = append(t.Text, w)
		}
	}
	return t
}

// indexed is a meaning's Terms with the phrase and aliases also joined, for
// the whole-query bonus.
type indexed struct {
	Terms
	phraseRun string
	aliasRuns []string
}

var searchIndex = sync.OnceValue(buildIndex)

func buildIndex() []indexed {
	meanings, _ := meaningTable()
	ix := make([]indexed, len(meanings))
	for i, m := range meanings {
		x := &ix[i]
		x.Terms = SearchTerms(m)
		x.phraseRun = strings.Join(x.Phrase, " ")
		for _, a := range x.Aliases {
			x.aliasRuns = append(x.aliasRuns, strings.Join(a, " "))
		}
	}
	return ix
}

// scoreMeaning returns the sum over query words of each word's best match,
// plus the phrase bonuses, or 0 when some word matches nothing.
func scoreMeaning(x *indexed, q []string, run string) int {
	total := 0
	for _, w := range q {
		best := 0
		switch {
		case w == x.Code:
			best = wCode
		case isDigits(w) && strings.HasPrefix(x.Code, w):
			best = wCodePrefix
		case w == x.Class:
			best = wClass
		}
		best = max(best, wordScore(w, x.Phrase, wPhrase))
		for _, a := range x.Aliases {
			best = max(best, wordScore(w, a, wAlias))
		}
		best = max(best, wordScore(w, x.Vendor, wVendor))
		best = max(best, wordScore(w, x.Text, wText))
		if best == 0 {
			return 0
		}
		total += best
	}
	if contains(x.phraseRun, run) {
		total += wPhraseRun
	} else {
		for _, a := range x.aliasRuns {
			if contains(a, run) {
				total += wAliasRun
				break
			}
		}
	}
	return total
}

// wordScore scores the query word w against words: full weight for an equal
// word, 2/3 for a word it begins, 1/2 for a word within the typo distance.
func wordScore(w string, words []string, weight int) int {
	best := 0
	for _, v := range words {
		switch {
		case v == w:
			return weight
		case len(w) >= 3 && strings.HasPrefix(v, w):
			best = max(best, weight*2/3)
		case len(w) >= 4 && abs(len(v)-len(w)) <= typoBudget(w) && distance(w, v) <= typoBudget(w):
			best = max(best, weight/2)
		}
	}
	return best
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
	all := tokens(s)
	var kept []string
	for _, w := range all {
		if !stopWords[w] {
			kept = append(kept, w)
		}
	}
	if len(kept) == 0 {
		return all
	}
	return kept
}

// tokens lower-cases s and splits it into runs of ASCII letters and digits;
// everything else separates words ("I'm a teapot" is "i", "m", "a",
// "teapot"; "Time-out" is "time", "out").
func tokens(s string) []string {
	var out []string
	start := -1
	s = strings.ToLower(s)
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
