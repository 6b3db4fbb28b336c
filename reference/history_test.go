package reference

import (
	"slices"
	"strings"
	"testing"
)

// TestHistoryCoversIANATable checks that every code of IANA's table has a
// history, that the registry has none for a code outside it, and that every
// history is plausible: a year from HTTP/1.0 (1996) to now, a document that
// is an RFC number or an Internet-Draft name.
func TestHistoryCoversIANATable(t *testing.T) {
	for _, r := range readIANATable(t) {
		if _, ok := HistoryOf(r.code); !ok {
			t.Errorf("%s:%d: %d has no introduced entry", ianaTSV, r.line, r.code)
		}
	}
	for code := 0; code <= 1000; code++ {
		h, ok := HistoryOf(code)
		if _, registered := Lookup(code); ok != registered {
			t.Errorf("%d: history %v, registered %v", code, ok, registered)
		}
		if !ok {
			continue
		}
		if y := h.Introduced.Year; y < 1996 || y > 2026 {
			t.Errorf("%d: year %d outside 1996..2026", code, y)
		}
		doc := h.Introduced.Document
		num, isRFC := strings.CutPrefix(doc, "RFC ")
		if !(isRFC && isDigits(num)) && refURL(doc) == "" {
			t.Errorf("%d: document %q is neither an RFC nor an Internet-Draft", code, doc)
		}
		for _, p := range h.EarlierPhrases {
			if strings.EqualFold(p, Phrase(code)) {
				t.Errorf("%d: earlier phrase %q is today's", code, p)
			}
		}
	}
}

// TestHistoryKnownCodes checks documents and years written by hand from the
// RFCs themselves (each RFC's header gives its month and year).
func TestHistoryKnownCodes(t *testing.T) {
	tests := []struct {
		code    int
		doc     string
		year    int
		earlier []string
	}{
		{100, "RFC 2068", 1997, nil},
		{102, "RFC 2518", 1999, nil},
		{103, "RFC 8297", 2017, nil},
		{200, "RFC 1945", 1996, nil},
		{206, "RFC 2068", 1997, nil},
		{207, "RFC 2518", 1999, nil},
		{226, "RFC 3229", 2002, nil},
		{302, "RFC 1945", 1996, []string{"Moved Temporarily"}},
		{307, "RFC 2616", 1999, nil},
		{308, "RFC 7238", 2014, nil},
		{404, "RFC 1945", 1996, nil},
		{409, "RFC 2068", 1997, nil},
		{413, "RFC 2068", 1997, []string{"Request Entity Too Large", "Payload Too Large"}},
		{414, "RFC 2068", 1997, []string{"Request-URI Too Large", "Request-URI Too Long"}},
		{416, "RFC 2616", 1999, []string{"Requested Range Not Satisfiable"}},
		{417, "RFC 2616", 1999, nil},
		{418, "RFC 2324", 1998, []string{"I'm a teapot"}},
		{421, "RFC 7540", 2015, nil},
		{422, "RFC 2518", 1999, []string{"Unprocessable Entity"}},
		{425, "RFC 8470", 2018, nil},
		{426, "RFC 2817", 2000, nil},
		{429, "RFC 6585", 2012, nil},
		{451, "RFC 7725", 2016, nil},
		{504, "RFC 2068", 1997, []string{"Gateway Time-out"}},
		{506, "RFC 2295", 1998, nil},
		{507, "RFC 2518", 1999, nil},
		{508, "RFC 5842", 2010, nil},
		{510, "RFC 2774", 2000, nil},
		{511, "RFC 6585", 2012, nil},
	}
	for _, tc := range tests {
		h, ok := HistoryOf(tc.code)
		if !ok {
			t.Errorf("%d: no history", tc.code)
			continue
		}
		if h.Introduced.Document != tc.doc || h.Introduced.Year != tc.year {
			t.Errorf("%d: introduced %s (%d), want %s (%d)", tc.code, h.Introduced.Document, h.Introduced.Year, tc.doc, tc.year)
		}
		if !slices.Equal(h.EarlierPhrases, tc.earlier) {
			t.Errorf("%d: earlier phrases %q, want %q", tc.code, h.EarlierPhrases, tc.earlier)
		}
	}
	if _, ok := HistoryOf(499); ok {
		t.Error("499: nginx's code has a history; only IANA's codes have one")
	}
}

// aliasesToAdd are earlier phrases the aliases in iana_text.go do not yet
// carry, so that a search for them does not find the code; the test fails
// once one is added, to keep this list honest.
var aliasesToAdd = map[string]bool{}

// TestHistoryPhrasesAreAliases checks that an earlier phrase finds its code
// in a search: each is among the aliases of the IANA meaning.
func TestHistoryPhrasesAreAliases(t *testing.T) {
	for _, h := range histories {
		aliases := Meanings(h.code)[0].Aliases
		for _, p := range h.earlier {
			found := slices.ContainsFunc(aliases, func(a string) bool { return strings.EqualFold(a, p) })
			if found && aliasesToAdd[p] {
				t.Errorf("%d: %q is now an alias; remove it from aliasesToAdd", h.code, p)
			}
			if !found && !aliasesToAdd[p] {
				t.Errorf("%d: earlier phrase %q is not among the aliases %q", h.code, p, aliases)
			}
		}
	}
}
