package reference

import (
	"testing"
)

func TestClassOf(t *testing.T) {
	tests := []struct {
		name string
		code int
		want Class
	}{
		{"zero", 0, 0},
		{"below 100", 99, 0},
		{"first 1xx", 100, 1},
		{"last 1xx", 199, 1},
		{"first 2xx", 200, 2},
		{"3xx", 302, 3},
		{"4xx", 404, 4},
		{"last 5xx", 599, 5},
		{"first past 5xx", 600, 0},
		{"three digits", 999, 0},
		{"negative", -1, 0},
		{"negative below -100", -200, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ClassOf(tt.code); got != tt.want {
				t.Errorf("ClassOf(%d) = %d, want %d", tt.code, got, tt.want)
			}
		})
	}
}

func TestValid(t *testing.T) {
	tests := []struct {
		code int
		want bool
	}{
		{-1, false}, {0, false}, {99, false}, {100, true}, {299, true},
		{599, true}, {600, false}, {999, false},
	}
	for _, tt := range tests {
		if got := Valid(tt.code); got != tt.want {
			t.Errorf("Valid(%d) = %v, want %v", tt.code, got, tt.want)
		}
	}
}

func TestClassString(t *testing.T) {
	tests := []struct {
		c    Class
		want string
	}{
		{0, "invalid"},
		{1, "1xx"},
		{2, "2xx"},
		{3, "3xx"},
		{4, "4xx"},
		{5, "5xx"},
		{6, "Class(6)"},
		{255, "Class(255)"},
	}
	for _, tt := range tests {
		if got := tt.c.String(); got != tt.want {
			t.Errorf("Class(%d).String() = %q, want %q", uint8(tt.c), got, tt.want)
		}
	}
}

func TestRegistrationString(t *testing.T) {
	tests := []struct {
		r    Registration
		want string
	}{
		{Unregistered, "unregistered"},
		{Assigned, "assigned"},
		{Temporary, "temporary"},
		{Unused, "unused"},
		{Obsoleted, "obsoleted"},
		{Obsoleted + 1, "Registration(5)"},
	}
	for _, tt := range tests {
		if got := tt.r.String(); got != tt.want {
			t.Errorf("Registration(%d).String() = %q, want %q", uint8(tt.r), got, tt.want)
		}
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		name string
		code int
		want Status
		ok   bool
	}{
		{"assigned", 200, Status{200, "OK", 2, Assigned, "RFC 9110 §15.3.1", "https://www.rfc-editor.org/rfc/rfc9110#section-15.3.1"}, true},
		{"two-digit section", 426, Status{426, "Upgrade Required", 4, Assigned, "RFC 9110 §15.5.22", "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.22"}, true},
		{"other RFC", 429, Status{429, "Too Many Requests", 4, Assigned, "RFC 6585 §4", "https://www.rfc-editor.org/rfc/rfc6585#section-4"}, true},
		{"RFC without section", 103, Status{103, "Early Hints", 1, Assigned, "RFC 8297", "https://www.rfc-editor.org/rfc/rfc8297"}, true},
		{"temporary draft", 104, Status{104, "Upload Resumption Supported", 1, Temporary, "draft-ietf-httpbis-resumable-upload-05", "https://datatracker.ietf.org/doc/draft-ietf-httpbis-resumable-upload-05/"}, true},
		{"unused 306", 306, Status{306, "(Unused)", 3, Unused, "RFC 9110 §15.4.7", "https://www.rfc-editor.org/rfc/rfc9110#section-15.4.7"}, true},
		{"unused 418", 418, Status{418, "(Unused)", 4, Unused, "RFC 9110 §15.5.19", "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.19"}, true},
		{"obsoleted", 510, Status{510, "Not Extended", 5, Obsoleted, "RFC 2774 §7", "https://www.rfc-editor.org/rfc/rfc2774#section-7"}, true},
		{"first", 100, Status{100, "Continue", 1, Assigned, "RFC 9110 §15.2.1", "https://www.rfc-editor.org/rfc/rfc9110#section-15.2.1"}, true},
		{"last", 511, Status{511, "Network Authentication Required", 5, Assigned, "RFC 6585 §6", "https://www.rfc-editor.org/rfc/rfc6585#section-6"}, true},

		{"nginx 499", 499, Status{Code: 499, Class: 4}, false},
		{"Cloudflare 520", 520, Status{Code: 520, Class: 5}, false},
		{"unassigned 299", 299, Status{Code: 299, Class: 2}, false},
		{"unassigned 509", 509, Status{Code: 509, Class: 5}, false},
		{"last valid", 599, Status{Code: 599, Class: 5}, false},
		{"zero", 0, Status{}, false},
		{"below range", 99, Status{Code: 99}, false},
		{"above range", 600, Status{Code: 600}, false},
		{"negative", -1, Status{Code: -1}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Lookup(tt.code)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Lookup(%d) =\n\t%+v, %v\nwant\n\t%+v, %v", tt.code, got, ok, tt.want, tt.ok)
			}
			if p := Phrase(tt.code); p != tt.want.Phrase {
				t.Errorf("Phrase(%d) = %q, want %q", tt.code, p, tt.want.Phrase)
			}
		})
	}
}

// TestRegistryShape checks what TestMatchesIANATable cannot when the IANA
// table is absent, and what Lookup relies on: codes in range, strictly
// ascending (a duplicate would silently replace the earlier entry in the
// index), every entry reachable through Lookup, and every Ref in a shape
// refURL knows.
func TestRegistryShape(t *testing.T) {
	all := All()
	if len(all) == 0 {
		t.Fatal("All() is empty")
	}
	prev := 0
	for _, s := range all {
		if !Valid(s.Code) {
			t.Errorf("%d: outside 100–599", s.Code)
		}
		if s.Code <= prev {
			t.Errorf("%d follows %d: registry not in strictly ascending order", s.Code, prev)
		}
		prev = s.Code
		if got, ok := Lookup(s.Code); !ok || got != s {
			t.Errorf("Lookup(%d) = %+v, %v; All has %+v", s.Code, got, ok, s)
		}
		if s.Phrase == "" || s.Status == Unregistered {
			t.Errorf("%d: empty Phrase or Unregistered status: %+v", s.Code, s)
		}
		if s.URL == "" {
			t.Errorf("%d: Ref %q has a shape refURL does not know", s.Code, s.Ref)
		}
	}
}

func TestAllReturnsCopy(t *testing.T) {
	a := All()
	want := a[0]
	a[0].Phrase = "changed"
	a[0].Code = 999
	if b := All(); b[0] != want {
		t.Errorf("changing All()'s result changed the registry: All()[0] = %+v, want %+v", b[0], want)
	}
	if s, _ := Lookup(want.Code); s != want {
		t.Errorf("changing All()'s result changed Lookup(%d) = %+v, want %+v", want.Code, s, want)
	}
}

func TestRefURL(t *testing.T) {
	tests := []struct {
		name string
		ref  string
		want string
	}{
		{"RFC section", "RFC 9110 §15.3.1", "https://www.rfc-editor.org/rfc/rfc9110#section-15.3.1"},
		{"RFC one-level section", "RFC 2774 §7", "https://www.rfc-editor.org/rfc/rfc2774#section-7"},
		{"RFC two-digit subsection", "RFC 9110 §15.5.22", "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.22"},
		{"RFC without section", "RFC 8297", "https://www.rfc-editor.org/rfc/rfc8297"},
		{"Internet-Draft", "draft-ietf-httpbis-resumable-upload-05", "https://datatracker.ietf.org/doc/draft-ietf-httpbis-resumable-upload-05/"},

		{"empty", "", ""},
		{"RFC without number", "RFC ", ""},
		{"RFC number not digits", "RFC 91x0 §1", ""},
		{"lower-case rfc", "rfc 9110 §15.3.1", ""},
		{"section sign without section", "RFC 9110 §", ""},
		{"section with empty part", "RFC 9110 §15..1", ""},
		{"section trailing dot", "RFC 9110 §15.3.", ""},
		{"section not numeric", "RFC 9110 §A.1", ""},
		{"draft with space", "draft-foo bar", ""},
		{"URL", "https://example.com/", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := refURL(tt.ref); got != tt.want {
				t.Errorf("refURL(%q) = %q, want %q", tt.ref, got, tt.want)
			}
		})
	}
}
