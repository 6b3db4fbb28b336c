package reference

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Kind says where a meaning of a code comes from.
type Kind uint8

// The kinds, in the order Meanings lists them: IANA's registration first,
// then the vendors'.
const (
	KindIANA       Kind = iota + 1 // registered with IANA: assigned, temporary or obsoleted
	KindUnused                     // reserved by IANA as "(Unused)"
	KindUnofficial                 // used by a vendor or by convention, not registered
)

var kindNames = [...]string{KindIANA: "iana", KindUnused: "unused", KindUnofficial: "unofficial"}

// String returns "iana", "unused" or "unofficial", the names the JSON
// output uses, or "Kind(n)" for any other value.
func (k Kind) String() string {
	if k != 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Meaning is one meaning of a status code: IANA's registration, or what one
// vendor means by it. A code can have several (499 is nginx's "Client Closed
// Request" and Esri's "Token Required"); Meanings returns them all.
//
// The descriptions are written for this project and checked against RFC
// 9110 (or the defining document) and, for vendor codes, the vendor's own
// documentation named in Source.
type Meaning struct {
	Code int
	// Phrase is the reason phrase: RFC 9110's (or the defining document's)
	// for IANA meanings, the vendor's own name for vendor meanings.
	Phrase string
	// Aliases are other phrases seen for the same meaning: older RFC
	// phrases, server spellings ("Gateway Time-out"), net/http's.
	Aliases []string
	Class   Class
	Kind    Kind
	// Status is IANA's registration of the code; Unregistered for vendor
	// meanings of unregistered codes.
	Status Registration
	// Vendor is who uses this meaning, such as "nginx" or "Cloudflare";
	// empty for IANA meanings.
	Vendor string
	// Ref names the defining document ("RFC 9110 §15.5.9") or the vendor
	// document ("nginx ngx_http_ssl_module").
	Ref string
	// Source is the URL of Ref; empty when no vendor documentation was
	// found, and then SourceNote says so.
	Source     string
	SourceNote string

	// RFC 9110 behaviour, for IANA meanings. Interim responses (every 1xx
	// but 101) are followed by a final one; after 101 Switching Protocols
	// the connection speaks another protocol, no final HTTP response
	// follows, and 101 is the status the access log records for the
	// request (a WebSocket session). Cacheable means cacheable by default
	// (heuristically cacheable, RFC 9110 §15.1); NoContent means the
	// response never carries content; Headers are the fields that go with
	// the code (Location, Retry-After, WWW-Authenticate, ...).
	Interim   bool
	Cacheable bool
	NoContent bool
	Headers   []string

	// Summary is one line for lists. Description says what the code means,
	// when servers send it and its common causes; Client what the client
	// should do; Operator what to check on the server side.
	Summary     string
	Description string
	Client      string
	Operator    string
	// Related are meanings worth comparing with this one, each named by
	// its code and phrase: 429 relates to Twitter's 420 Enhance Your Calm,
	// not to Spring's 420 Method Failure.
	Related []Link
	// SLA adds code-specific advice to the class rule that Availability
	// states.
	SLA string
}

// Link names one meaning of a code: the code and the phrase of the meaning
// meant, as the data reads ({420, "Enhance Your Calm"}), so that a code with
// several meanings is never shown with the wrong one.
type Link struct {
	Code   int
	Phrase string
}

// Resolve returns the meaning l names: the meaning of l.Code whose phrase is
// l.Phrase. It reports false when there is none.
func (l Link) Resolve() (Meaning, bool) {
	_, byCode := meaningTable()
	for _, m := range byCode[l.Code] {
		if m.Phrase == l.Phrase {
			return m, true
		}
	}
	return Meaning{}, false
}

// Bad reports whether slareport counts the code against availability by
// default: every 5xx, and nothing else.
func (m Meaning) Bad() bool { return CountsAsBad(m.Code) }

// CountsAsBad reports whether slareport's default rule counts code against
// availability, which is exactly when it is a 5xx.
func CountsAsBad(code int) bool { return ClassOf(code) == 5 }

// Availability explains, for SLA work, whether and why the code counts
// against availability, with any code-specific advice.
func (m Meaning) Availability() string {
	var s string
	switch m.Class {
	case 1:
		s = "Not counted against availability: an interim response is not the outcome of a request."
		if !m.Interim {
			s = "Counted as a good request: no final HTTP response follows a protocol switch, so this is the request's outcome as the access log records it."
		}
	case 2, 3:
		s = "Counted as a good request."
	case 4:
		s = "Not counted against availability by default: a 4xx says the request could not be served as sent, which is not an outage of the service."
	case 5:
		s = "Counted against availability: slareport's default rule treats every 5xx as a failed request."
	default:
		s = "Not in any class: counted as a request, reported as invalid, never as 5xx."
	}
	if m.SLA != "" {
		s += " " + m.SLA
	}
	return s
}

// meanings is every meaning, ordered by code, then IANA before vendors, then
// vendors in the order vendors.go lists them (the most widely deployed
// first); byCode maps a code to its meanings, a subslice of meanings.
var meaningTable = sync.OnceValues(buildMeanings)

func buildMeanings() ([]Meaning, map[int][]Meaning) {
	var all []Meaning
	entries, _ := registry()
	for _, s := range entries {
		t, ok := ianaTextFor(s.Code)
		if !ok {
			panic("reference: no description for " + strconv.Itoa(s.Code))
		}
		kind := KindIANA
		if s.Status == Unused {
			kind = KindUnused
		}
		all = append(all, Meaning{
			Code: s.Code, Phrase: s.Phrase, Aliases: t.Aliases, Class: s.Class,
			Kind: kind, Status: s.Status, Ref: s.Ref, Source: s.URL,
			Interim: s.Class == 1 && !t.Final, Cacheable: t.Cacheable, NoContent: t.NoContent || s.Class == 1,
			Headers: t.Headers, Summary: t.Summary, Description: t.Description,
			Client: t.Client, Operator: t.Operator, Related: t.Related, SLA: t.SLA,
		})
	}
	for _, v := range vendorMeanings {
		st, _ := Lookup(v.Code)
		v.Class = ClassOf(v.Code)
		v.Kind = KindUnofficial
		v.Status = st.Status
		all = append(all, v)
	}
	slices.SortStableFunc(all, func(a, b Meaning) int {
		if a.Code != b.Code {
			return a.Code - b.Code
		}
		return int(a.Kind) - int(b.Kind)
	})
	by := make(map[int][]Meaning)
	for i := 0; i < len(all); {
		j := i
		for j < len(all) && all[j].Code == all[i].Code {
			j++
		}
		by[all[i].Code] = all[i:j:j]
		i = j
	}
	return all, by
}

// Meanings returns every meaning of code: IANA's first, then the vendors',
// the most widely deployed first (nginx's 499 before Esri's). It returns
// nil for a code nobody is known to use. The slice is a copy.
func Meanings(code int) []Meaning {
	_, byCode := meaningTable()
	return slices.Clone(byCode[code])
}

// AllMeanings returns every meaning of every code, in the order of
// Meanings, codes ascending. The slice is a copy.
func AllMeanings() []Meaning {
	meanings, _ := meaningTable()
	return slices.Clone(meanings)
}

// Vendors returns the names of the vendors with meanings in the registry,
// sorted case-insensitively.
func Vendors() []string {
	var vs []string
	meanings, _ := meaningTable()
	for _, m := range meanings {
		if m.Vendor != "" && !slices.Contains(vs, m.Vendor) {
			vs = append(vs, m.Vendor)
		}
	}
	slices.SortFunc(vs, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	return vs
}

// Flag returns the note a report puts beside a logged code: "" for a code
// IANA has registered (assigned or temporary), "invalid: outside 100–599",
// the IANA status for unused and obsoleted codes, and for any other code
// "nonstandard: " and every vendor meaning, such as "nonstandard: nginx
// Client Closed Request; Esri ArcGIS Token Required".
func Flag(code int) string {
	if !Valid(code) {
		return "invalid: outside 100–599"
	}
	st, ok := Lookup(code)
	var vendors []string
	_, byCode := meaningTable()
	for _, m := range byCode[code] {
		if m.Kind == KindUnofficial {
			vendors = append(vendors, m.Vendor+" "+m.Phrase)
		}
	}
	switch {
	case ok && (st.Status == Assigned || st.Status == Temporary):
		return ""
	case ok && st.Status == Unused:
		s := "unused: reserved by IANA"
		if t, _ := ianaTextFor(code); len(t.Aliases) > 0 {
			s += " (" + t.Aliases[0] + ")"
		}
		return s
	case ok && st.Status == Obsoleted:
		return "obsoleted: " + st.Phrase + " (" + st.Ref + " is Historic)"
	case len(vendors) == 0:
		return "nonstandard: not in the IANA registry"
	}
	return "nonstandard: " + strings.Join(vendors, "; ")
}

// Filter selects meanings. The zero Filter selects everything.
type Filter struct {
	// Class keeps one class; 0 keeps all.
	Class Class
	// Vendor keeps the meanings whose vendor name contains it, ignoring
	// case and spaces ("cloudflare", "aws", "esri"); "iana" keeps IANA's
	// meanings (assigned, temporary, obsoleted and unused).
	Vendor string
	// Nonstandard keeps only unofficial meanings.
	Nonstandard bool
}

// Match reports whether m passes the filter.
func (f Filter) Match(m Meaning) bool {
	if f.Class != 0 && m.Class != f.Class {
		return false
	}
	if f.Nonstandard && m.Kind != KindUnofficial {
		return false
	}
	if f.Vendor != "" {
		want := squash(f.Vendor)
		if want == "iana" {
			return m.Kind != KindUnofficial
		}
		if m.Vendor == "" || !strings.Contains(squash(m.Vendor), want) {
			return false
		}
	}
	return true
}

// Select returns the meanings that pass f, in the order of AllMeanings.
func Select(f Filter) []Meaning {
	var out []Meaning
	meanings, _ := meaningTable()
	for _, m := range meanings {
		if f.Match(m) {
			out = append(out, m)
		}
	}
	return out
}

// squash lower-cases s and drops everything but letters and digits, so that
// "AWS Elastic Load Balancing" contains "elasticload" and "Esri ArcGIS"
// contains "arcgis".
func squash(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ErrBadClass is returned by ParseClass for text that names no class.
var ErrBadClass = errors.New("not a status class")

var classNames = [...]string{1: "informational", 2: "success", 3: "redirection", 4: "client", 5: "server"}

// ParseClass reads a class as a user writes it: "4", "4xx", "4XX", or the
// class's name ("informational", "success", "redirection", "client",
// "server", also with " error"). Errors wrap ErrBadClass.
func ParseClass(s string) (Class, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.TrimSuffix(strings.TrimSuffix(t, " error"), "-error")
	if len(t) == 1 || len(t) == 3 && t[1:] == "xx" {
		if c := t[0]; c >= '1' && c <= '5' {
			return Class(c - '0'), nil
		}
	}
	for i, n := range classNames {
		if n != "" && t == n {
			return Class(i), nil
		}
	}
	return 0, fmt.Errorf("class %q: %w (want 1–5, 1xx–5xx, or informational, success, redirection, client, server)", s, ErrBadClass)
}

// ClassTitle returns the class's heading as RFC 9110 §15 names it, such as
// "4xx Client Error".
func ClassTitle(c Class) string {
	switch c {
	case 1:
		return "1xx Informational"
	case 2:
		return "2xx Successful"
	case 3:
		return "3xx Redirection"
	case 4:
		return "4xx Client Error"
	case 5:
		return "5xx Server Error"
	}
	return c.String()
}
