// Package reference is slareport's registry of HTTP status codes: for each
// code IANA lists, its reason phrase, its class, what IANA records about it
// and where it is defined; for codes vendors use outside the registry (nginx's
// 499, Cloudflare's 52x, ...), who uses them and what they mean; for every
// meaning, a description written for people debugging a web service and
// running an SLA. Lookup, Phrase and Flag serve reports; Meanings, Select,
// Search (with its synonyms, synonyms.go) and Comparisons (compare.go) serve
// the codes command and the reference page.
//
// The registry is Go source, not a file read at run time, so that a reviewer
// can check it line by line against the IANA table (iana.go), RFC 9110
// (iana_text.go) and the vendors' documentation (vendors.go), and the binary
// carries no data files. The package imports nothing of the project.
package reference

import (
	"strconv"
	"strings"
	"sync"
)

// Class is the status class: 1..5 for 1xx..5xx, 0 for a code outside 100–599.
type Class uint8

// ClassOf returns the class of code, or 0 when code is outside 100–599.
func ClassOf(code int) Class {
	if !Valid(code) {
		return 0
	}
	return Class(code / 100)
}

// String returns "1xx" to "5xx", "invalid" for 0, and "Class(n)" for any
// other value, which ClassOf never returns.
func (c Class) String() string {
	switch {
	case c == 0:
		return "invalid"
	case c <= 5:
		return string('0'+rune(c)) + "xx"
	}
	return "Class(" + strconv.Itoa(int(c)) + ")"
}

// Registration says what IANA records for a code.
type Registration uint8

// The zero value, Unregistered, is what Lookup reports for a code IANA does
// not list.
const (
	Unregistered Registration = iota // not in the IANA registry
	Assigned                         // a permanent registration
	Temporary                        // a temporary registration, which expires unless renewed
	Unused                           // reserved and listed as "(Unused)"
	Obsoleted                        // still listed, marked obsoleted
)

var registrationNames = [...]string{
	Unregistered: "unregistered",
	Assigned:     "assigned",
	Temporary:    "temporary",
	Unused:       "unused",
	Obsoleted:    "obsoleted",
}

// String returns the lower-case name of r, such as "assigned", or
// "Registration(n)" for a value outside the constants.
func (r Registration) String() string {
	if int(r) < len(registrationNames) {
		return registrationNames[r]
	}
	return "Registration(" + strconv.Itoa(int(r)) + ")"
}

// Status is one registry entry.
type Status struct {
	Code int
	// Phrase is the reason phrase from RFC 9110, or from the defining
	// document for codes RFC 9110 does not define; entries IANA lists as
	// unused carry IANA's "(Unused)".
	Phrase string
	Class  Class
	Status Registration
	// Ref names the defining document and section as IANA cites it, such as
	// "RFC 9110 §15.3.1", "RFC 8297" or an Internet-Draft name.
	Ref string
	// URL links to Ref: the RFC section on www.rfc-editor.org, the whole RFC
	// when Ref has no section, or the draft's page on datatracker.ietf.org.
	URL string
}

// registry returns the registry with Class and URL filled in, in the order
// of iana, and an index mapping a code to its position in it plus one, 0
// meaning absent, so that Lookup is one array access. It is built on first
// use: most runs never ask.
var registry = sync.OnceValues(func() ([]Status, *[600]uint16) { return build(iana[:]) })

func build(table []Status) ([]Status, *[600]uint16) {
	out := make([]Status, len(table))
	var idx [600]uint16
	for i, s := range table {
		s.Class = ClassOf(s.Code)
		s.URL = refURL(s.Ref)
		out[i] = s
		idx[s.Code] = uint16(i + 1)
	}
	return out, &idx
}

// Lookup returns the registry entry for code and whether IANA lists it,
// including codes listed as unused or obsoleted. For a code IANA does not
// list it returns a Status holding only the code, its class and
// Unregistered.
func Lookup(code int) (Status, bool) {
	if Valid(code) {
		entries, index := registry()
		if i := index[code]; i != 0 {
			return entries[i-1], true
		}
	}
	return Status{Code: code, Class: ClassOf(code)}, false
}

// Phrase returns the registered reason phrase for code, "(Unused)" for a
// code IANA reserves as unused, and "" for a code IANA does not list.
func Phrase(code int) string {
	s, _ := Lookup(code)
	return s.Phrase
}

// Valid reports whether code is a syntactically valid HTTP status code,
// that is 100 <= code <= 599, registered or not.
func Valid(code int) bool {
	return 100 <= code && code <= 599
}

// All returns every registry entry in ascending code order. The slice is a
// copy: changing it does not change the registry.
func All() []Status {
	entries, _ := registry()
	return append([]Status(nil), entries...)
}

// refURL derives a link from a Ref. It knows the three shapes IANA cites:
// "RFC n §s" (a section), "RFC n" (a whole RFC) and "draft-..." (an
// Internet-Draft). It returns "" for anything else, which the tests catch.
func refURL(ref string) string {
	if strings.HasPrefix(ref, "draft-") {
		if strings.ContainsAny(ref, " /#?") {
			return ""
		}
		return "https://datatracker.ietf.org/doc/" + ref + "/"
	}
	rest, ok := strings.CutPrefix(ref, "RFC ")
	if !ok {
		return ""
	}
	num, section, hasSection := strings.Cut(rest, " §")
	if !isDigits(num) {
		return ""
	}
	url := "https://www.rfc-editor.org/rfc/rfc" + num
	if !hasSection {
		return url
	}
	if !isSection(section) {
		return ""
	}
	return url + "#section-" + section
}

// isDigits reports whether s is a non-empty run of ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isSection reports whether s is a section number such as "15.3.1".
func isSection(s string) bool {
	for part := range strings.SplitSeq(s, ".") {
		if !isDigits(part) {
			return false
		}
	}
	return true
}
