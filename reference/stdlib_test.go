package reference

import (
	"net/http"
	"slices"
	"testing"
)

// netHTTPDrift lists every code where Go's net/http.StatusText differs from
// the registry's phrase, and why. Go keeps the phrases of older RFCs and the
// teapot joke; the registry follows RFC 9110 and IANA.
var netHTTPDrift = map[int]struct{ goPhrase, why string }{
	104: {"", "temporary registration (resumable uploads draft) that net/http does not know"},
	306: {"", "IANA lists it as (Unused); net/http has no text"},
	413: {"Request Entity Too Large", "RFC 2616 phrase; RFC 9110 says Content Too Large"},
	414: {"Request URI Too Long", "RFC 2616's Request-URI Too Long without the hyphen; RFC 9110 says URI Too Long"},
	416: {"Requested Range Not Satisfiable", "RFC 2616 phrase; RFC 9110 says Range Not Satisfiable"},
	418: {"I'm a teapot", "RFC 2324 joke; RFC 9110 reserves 418 as (Unused)"},
	422: {"Unprocessable Entity", "RFC 4918 phrase; RFC 9110 says Unprocessable Content"},
}

// TestNetHTTPStatusText diffs the registry against net/http.StatusText: the
// phrases must agree except for the drift listed above, every drifted Go
// phrase must be known as an alias (so searching for it finds the code),
// and net/http must know no code the registry lacks.
func TestNetHTTPStatusText(t *testing.T) {
	for _, s := range All() {
		goPhrase := http.StatusText(s.Code)
		d, drift := netHTTPDrift[s.Code]
		switch {
		case drift && goPhrase != d.goPhrase:
			t.Errorf("%d: net/http now says %q, drift table expects %q (%s); update the table", s.Code, goPhrase, d.goPhrase, d.why)
		case drift && goPhrase == s.Phrase:
			t.Errorf("%d: net/http now agrees with the registry (%q); remove it from the drift table", s.Code, goPhrase)
		case !drift && goPhrase != s.Phrase:
			t.Errorf("%d: registry %q, net/http %q: unexpected drift", s.Code, s.Phrase, goPhrase)
		}
		if drift && goPhrase != "" && !slices.Contains(Meanings(s.Code)[0].Aliases, goPhrase) {
			t.Errorf("%d: net/http's %q is not among the aliases %q", s.Code, goPhrase, Meanings(s.Code)[0].Aliases)
		}
	}
	for code := 100; code <= 599; code++ {
		if _, ok := Lookup(code); !ok && http.StatusText(code) != "" {
			t.Errorf("%d: net/http knows %q, the registry does not", code, http.StatusText(code))
		}
	}
	for code := range netHTTPDrift {
		if _, ok := Lookup(code); !ok {
			t.Errorf("drift table lists %d, which the registry lacks", code)
		}
	}
}
