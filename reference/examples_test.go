package reference

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// requiredFields are the header fields each code's definition asks for,
// copied from the documents named: an example without them teaches wrong.
var requiredFields = map[int][]string{
	101: {"Upgrade"},            // RFC 9110 §15.2.2
	201: {"Location"},           // RFC 9110 §15.3.2 (the primary resource created)
	206: {"Content-Range"},      // RFC 9110 §15.3.7.1
	301: {"Location"},           // RFC 9110 §15.4.2
	302: {"Location"},           // RFC 9110 §15.4.3
	303: {"Location"},           // RFC 9110 §15.4.4
	304: {"ETag"},               // RFC 9110 §15.4.5 (the fields a 200 would carry)
	307: {"Location"},           // RFC 9110 §15.4.8
	308: {"Location"},           // RFC 9110 §15.4.9
	401: {"WWW-Authenticate"},   // RFC 9110 §15.5.2: MUST
	405: {"Allow"},              // RFC 9110 §15.5.6: MUST
	407: {"Proxy-Authenticate"}, // RFC 9110 §15.5.8: MUST
	416: {"Content-Range"},      // RFC 9110 §15.5.17: SHOULD
	426: {"Upgrade"},            // RFC 9110 §15.5.22: MUST
	429: {"Retry-After"},        // RFC 6585 §4: MAY, and the reason to read it
	503: {"Retry-After"},        // RFC 9110 §15.6.4: MAY
}

// commonCodes are the codes a reference must show in use.
var commonCodes = []int{100, 101, 200, 201, 202, 204, 206, 301, 302, 303, 304, 307, 308,
	400, 401, 403, 404, 405, 408, 409, 410, 412, 413, 415, 416, 422, 429, 500, 501, 502, 503, 504}

func TestExamples(t *testing.T) {
	for _, code := range commonCodes {
		if _, ok := ExampleOf(code); !ok {
			t.Errorf("%d: no example", code)
		}
	}
	if _, ok := ExampleOf(499); ok {
		t.Error("499 has an example: nginx sends no response with it")
	}
	for _, e := range examples {
		x, ok := ExampleOf(e.code)
		if !ok {
			t.Fatalf("%d: listed but not found", e.code)
		}
		head, body, hasBody := strings.Cut(x.Response, "\n\n")
		lines := strings.Split(strings.TrimSuffix(head, "\n"), "\n")
		if want := "HTTP/1.1 " + strconv.Itoa(e.code) + " " + Phrase(e.code); lines[0] != want {
			t.Errorf("%d: status line %q, want %q", e.code, lines[0], want)
		}
		fields := map[string]string{}
		for _, l := range lines[1:] {
			name, value, ok := strings.Cut(l, ": ")
			if !ok || name == "" || strings.ContainsAny(name, " \t") || value == "" {
				t.Errorf("%d: %q is not a header field", e.code, l)
			}
			fields[name] = value
		}
		for _, f := range requiredFields[e.code] {
			if fields[f] == "" {
				t.Errorf("%d: no %s field in\n%s", e.code, f, x.Response)
			}
		}
		// The fields the registry says go with the code are shown.
		for _, f := range Meanings(e.code)[0].Headers {
			if fields[f] == "" && !strings.Contains(x.Note, f) {
				t.Errorf("%d: neither the example nor its note shows %s", e.code, f)
			}
		}
		for _, l := range strings.Split(x.Response, "\n") {
			if len(l) > 76 {
				t.Errorf("%d: line of %d bytes does not fit the text view: %q", e.code, len(l), l)
			}
		}
		noContent := ClassOf(e.code) == 1 || e.code == 204 || e.code == 304
		if noContent && hasBody {
			t.Errorf("%d: a response that never has content has %q", e.code, body)
		}
		checkProblem(t, e.code, x, fields, body)
	}
}

// checkProblem checks an example's Problem Details against RFC 9457: the
// media type, the five members, status equal to the code, and the title of
// an about:blank problem equal to the phrase.
func checkProblem(t *testing.T, code int, x Example, fields map[string]string, body string) {
	t.Helper()
	isErr := ClassOf(code) >= 4
	if x.Problem == nil {
		if isErr && fields["Content-Type"] == "" && code != 407 && code != 408 && code != 425 {
			t.Errorf("%d: an error example with neither a problem nor a content type", code)
		}
		return
	}
	if !isErr {
		t.Errorf("%d: a problem on a success", code)
	}
	if fields["Content-Type"] != "application/problem+json" {
		t.Errorf("%d: problem sent as %q", code, fields["Content-Type"])
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("%d: problem body: %v\n%s", code, err, body)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if !slices.Equal(keys, []string{"detail", "instance", "status", "title", "type"}) {
		t.Errorf("%d: problem members %q", code, keys)
	}
	if m["status"] != float64(code) {
		t.Errorf("%d: problem status %v", code, m["status"])
	}
	typ, _ := m["type"].(string)
	switch {
	case typ == "about:blank" && m["title"] != Phrase(code):
		t.Errorf("%d: about:blank with title %q, not the phrase", code, m["title"])
	case typ != "about:blank" && !strings.HasPrefix(typ, "https://example.com/problems/"):
		t.Errorf("%d: problem type %q is neither about:blank nor an example URI", code, typ)
	}
	if inst, _ := m["instance"].(string); !strings.HasPrefix(inst, "/") {
		t.Errorf("%d: instance %q is not a path", code, inst)
	}
}

// TestLogged: the edge and origin codes name each other, and every
// counterpart is a meaning the reference has.
func TestLogged(t *testing.T) {
	edge := func(code int, vendor string) Logged {
		for _, m := range Meanings(code) {
			if m.Vendor == vendor {
				return LoggedOf(m)
			}
		}
		t.Fatalf("no meaning %d of %q", code, vendor)
		return Logged{}
	}
	if l := edge(524, "Cloudflare"); l.Hop != HopEdge || !slices.Contains(l.Counterparts, Link{499, "Client Closed Request"}) {
		t.Errorf("524 Cloudflare: %+v", l)
	}
	if l := edge(499, "nginx"); l.Hop != HopOrigin || !slices.Contains(l.Counterparts, Link{524, "A Timeout Occurred"}) {
		t.Errorf("499 nginx: %+v", l)
	}
	if l := edge(499, "Esri ArcGIS"); l.Hop != HopAny || l.Counterparts != nil {
		t.Errorf("499 Esri is not nginx's: %+v", l)
	}
	if l := edge(200, ""); l.Hop != HopAny {
		t.Errorf("200: %+v", l)
	}
	for _, e := range loggedAt {
		if len(Meanings(e.code)) == 0 {
			t.Errorf("%d: no such code", e.code)
		}
		if e.Note == "" {
			t.Errorf("%d %s: no note", e.code, e.vendor)
		}
		for _, c := range e.Counterparts {
			m, ok := c.Resolve()
			if !ok {
				t.Errorf("%d %s: counterpart %v resolves to nothing", e.code, e.vendor, c)
				continue
			}
			// An edge or proxy code and the origin code it causes name
			// each other.
			back := LoggedOf(m)
			if (e.Hop == HopEdge || m.Vendor == vNginx) && !slices.Contains(back.Counterparts, Link{e.code, phraseOf(e.code, e.vendor)}) {
				t.Errorf("%d %s names %v, which does not name it back", e.code, e.vendor, c)
			}
		}
	}
}

func phraseOf(code int, vendor string) string {
	for _, m := range Meanings(code) {
		if m.Vendor == vendor {
			return m.Phrase
		}
	}
	return ""
}
