package reference

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// key names a meaning in test tables: its code and vendor ("" for IANA).
type key struct {
	code   int
	vendor string
}

func keyOf(m Meaning) key { return key{m.Code, m.Vendor} }

func TestMeanings(t *testing.T) {
	tests := []struct {
		name string
		code int
		want []key
	}{
		{"IANA only", 404, []key{{404, ""}}},
		{"two vendors, nginx first", 499, []key{{499, vNginx}, {499, vEsri}}},
		{"IANA then vendor", 451, []key{{451, ""}, {451, vExchange}}},
		{"two frameworks", 419, []key{{419, vLaravel}, {419, vSpring}}},
		{"Spring and Twitter", 420, []key{{420, vSpring}, {420, vTwitter}}},
		{"Cloudflare and Pantheon", 530, []key{{530, vCloudflare}, {530, vPantheon}}},
		{"unused", 418, []key{{418, ""}}},
		{"IANA then a historical proposal", 103, []key{{103, ""}, {103, vGears}}},
		{"nobody's", 299, nil},
		{"invalid", 600, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []key
			for _, m := range Meanings(tt.code) {
				got = append(got, keyOf(m))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Meanings(%d) = %v, want %v", tt.code, got, tt.want)
			}
		})
	}
}

// TestVendorCodes pins the vendor meanings the reference promises.
func TestVendorCodes(t *testing.T) {
	want := map[string][]int{
		vNginx:      {444, 494, 495, 496, 497, 499},
		vCloudflare: {520, 521, 522, 523, 524, 525, 526, 527, 530},
		vAWS:        {460, 463, 464, 561},
		vIIS:        {440},
		vMicrosoft:  {449},
		vWindows:    {450},
		vExchange:   {451},
		vLaravel:    {419},
		vSpring:     {419, 420},
		vTwitter:    {420},
		vShopify:    {430, 540},
		vEsri:       {498, 499},
		vPantheon:   {530},
		vCPanel:     {509},
		vQualys:     {529},
		vGears:      {103},
		vInformal:   {218, 598, 599},
	}
	got := make(map[string][]int)
	for _, m := range AllMeanings() {
		if m.Kind == KindUnofficial {
			got[m.Vendor] = append(got[m.Vendor], m.Code)
		}
	}
	for v, codes := range want {
		if !slices.Equal(got[v], codes) {
			t.Errorf("%s: codes %v, want %v", v, got[v], codes)
		}
	}
	for v := range got {
		if _, ok := want[v]; !ok {
			t.Errorf("vendor %q not in the expected list", v)
		}
	}
}

// TestMeaningsComplete checks what a reviewer would otherwise check by eye:
// every meaning is filled in, sourced or says why not, fits the list
// layouts, and only relates to codes the reference knows.
func TestMeaningsComplete(t *testing.T) {
	seen := make(map[key]bool)
	for _, m := range AllMeanings() {
		k := keyOf(m)
		if seen[k] {
			t.Errorf("%v appears twice", k)
		}
		seen[k] = true
		if m.Class != ClassOf(m.Code) || m.Kind == 0 {
			t.Errorf("%v: Class %v Kind %v", k, m.Class, m.Kind)
		}
		if (m.Vendor == "") != (m.Kind != KindUnofficial) {
			t.Errorf("%v: Vendor %q with Kind %v", k, m.Vendor, m.Kind)
		}
		for field, s := range map[string]string{"Phrase": m.Phrase, "Summary": m.Summary, "Description": m.Description, "Client": m.Client, "Operator": m.Operator} {
			if strings.TrimSpace(s) == "" {
				t.Errorf("%v: empty %s", k, field)
			}
		}
		// The text list gives the summary 40 columns of an 80-column line.
		if n := utf8.RuneCountInString(m.Summary); n > 60 {
			t.Errorf("%v: Summary is %d characters, keep it within 60: %q", k, n, m.Summary)
		}
		if strings.HasSuffix(m.Summary, ".") {
			t.Errorf("%v: Summary ends with a period: %q", k, m.Summary)
		}
		for field, s := range map[string]string{"Description": m.Description, "Client": m.Client, "Operator": m.Operator, "SLA": m.SLA} {
			if s != "" && !strings.HasSuffix(s, ".") {
				t.Errorf("%v: %s does not end a sentence: %q", k, field, s)
			}
		}
		if m.Source == "" && m.SourceNote == "" {
			t.Errorf("%v: no Source and no SourceNote saying why", k)
		}
		if m.Source != "" && !strings.HasPrefix(m.Source, "https://") {
			t.Errorf("%v: Source %q is not an https URL", k, m.Source)
		}
		if m.Source != "" && m.Ref == "" {
			t.Errorf("%v: Source without Ref", k)
		}
		if len(m.Related) == 0 {
			t.Errorf("%v: no related codes", k)
		}
		for _, l := range m.Related {
			r, ok := l.Resolve()
			if !ok {
				t.Errorf("%v: related %d %q names no meaning of %d", k, l.Code, l.Phrase, l.Code)
			}
			if keyOf(r) == k {
				t.Errorf("%v: related to itself", k)
			}
		}
		// A header field the definition requires must be explained.
		for _, h := range m.Headers {
			if !strings.Contains(m.Description, h) {
				t.Errorf("%v: Headers has %s but the description never mentions it", k, h)
			}
		}
	}
}

// TestRelatedIntended pins, for every related entry pointing at a code with
// several meanings, which meaning it means: the vendor, or "" for IANA's.
// Before related entries named their meaning, 429 linked to "420 Method
// Failure" (Spring) instead of Twitter's Enhance Your Calm, and Esri's 498
// to nginx's 499 instead of Esri's own Token Required. A new entry pointing
// at such a code fails here until its meaning is decided.
func TestRelatedIntended(t *testing.T) {
	type link struct {
		from   key
		to     int
		vendor string
	}
	want := map[link]bool{
		{key{102, ""}, 103, ""}:                   true, // Processing: the registered Early Hints, not Gears' Checkpoint
		{key{103, vGears}, 103, ""}:               true, // Checkpoint: superseded by Early Hints
		{key{408, ""}, 499, vNginx}:               true, // the client gave up: nginx's logging of it
		{key{429, ""}, 420, vTwitter}:             true, // rate limiting before 429: Twitter, not Spring
		{key{444, vNginx}, 499, vNginx}:           true,
		{key{460, vAWS}, 499, vNginx}:             true, // the ALB's counterpart of nginx's 499
		{key{498, vEsri}, 499, vEsri}:             true, // Esri's pair: Invalid Token, Token Required
		{key{440, vIIS}, 419, vLaravel}:           true, // an expired login session, as Laravel's Page Expired
		{key{450, vWindows}, 451, ""}:             true, // blocking: the registered legal reasons
		{key{523, vCloudflare}, 530, vCloudflare}: true,
		{key{524, vCloudflare}, 499, vNginx}:      true, // edge 524, origin 499
	}
	got := make(map[link]bool)
	for _, m := range AllMeanings() {
		for _, l := range m.Related {
			if len(Meanings(l.Code)) < 2 {
				continue
			}
			r, _ := l.Resolve()
			got[link{keyOf(m), l.Code, r.Vendor}] = true
		}
	}
	for l := range want {
		if !got[l] {
			t.Errorf("%v should relate to %d of %q", l.from, l.to, l.vendor)
		}
	}
	for l := range got {
		if !want[l] {
			t.Errorf("%v relates to %d of %q: a code with several meanings; add the link to this table once it is the one meant", l.from, l.to, l.vendor)
		}
	}
}

// TestCloudflareOriginLog pins what each Cloudflare code says about the
// origin's access log, from Cloudflare's descriptions of when each is
// sent: no line where no connection was made or no request taken in (521,
// 522, 523, 525, 526, 530); a line where the origin got the request (520,
// and 524, which nginx logs as 499 when Cloudflare closes the connection).
func TestCloudflareOriginLog(t *testing.T) {
	noLine := map[int]bool{520: false, 521: true, 522: true, 523: true, 524: false, 525: true, 526: true, 530: true}
	for _, m := range Select(Filter{Vendor: vCloudflare}) {
		want, ok := noLine[m.Code]
		if !ok {
			continue
		}
		if got := strings.Contains(m.SourceNote, "no line"); got != want {
			t.Errorf("%d: note says no origin log line: %v, want %v: %q", m.Code, got, want, m.SourceNote)
		}
	}
	cf524 := Meanings(524)[0]
	if !strings.Contains(cf524.SourceNote, "499") || !strings.Contains(cf524.Description, "499") {
		t.Errorf("524 does not teach that the origin logs it as 499: %q / %q", cf524.SourceNote, cf524.Description)
	}
	if nginx := Meanings(499)[0]; !slices.Contains(nginx.Related, Link{524, "A Timeout Occurred"}) || !strings.Contains(nginx.Operator, "524") {
		t.Errorf("nginx's 499 does not point back at Cloudflare's 524: %v, %q", nginx.Related, nginx.Operator)
	}
	// Cloudflare documents two timeouts for 522: the TCP connect (no
	// SYN+ACK within 19 s) and, once connected, the request not
	// acknowledged within 90 s.
	cf522 := Meanings(522)[0]
	for _, s := range []string{"19 seconds", "accepted the connection but did not acknowledge", "90 seconds"} {
		if !strings.Contains(cf522.Description, s) {
			t.Errorf("522 description lacks %q: %q", s, cf522.Description)
		}
	}
}

func TestLinkResolve(t *testing.T) {
	tests := []struct {
		l      Link
		vendor string
		ok     bool
	}{
		{Link{420, "Enhance Your Calm"}, vTwitter, true},
		{Link{420, "Method Failure"}, vSpring, true},
		{Link{499, "Token Required"}, vEsri, true},
		{Link{503, "Service Unavailable"}, "", true},
		{Link{420, "Too Many Requests"}, "", false},
		{Link{299, "OK"}, "", false},
	}
	for _, tt := range tests {
		m, ok := tt.l.Resolve()
		if ok != tt.ok || m.Vendor != tt.vendor || ok && (m.Code != tt.l.Code || m.Phrase != tt.l.Phrase) {
			t.Errorf("%v.Resolve() = %d %q (%q), %v; want vendor %q, %v", tt.l, m.Code, m.Phrase, m.Vendor, ok, tt.vendor, tt.ok)
		}
	}
}

// TestAliases pins phrases people search for beside the registry's own:
// what a server sends (nginx's 414 status line, RFC 2068's phrase), the
// joke RFC 2324 named,
// and the names code lists such as Wikipedia's give vendor codes.
func TestAliases(t *testing.T) {
	tests := []struct {
		k     key
		alias string
	}{
		{key{414, ""}, "Request-URI Too Large"},
		{key{418, ""}, "I'm a teapot"},
		{key{430, vShopify}, "Security Rejection"},
		{key{463, vAWS}, "X-Forwarded-For Too Many Addresses"},
		{key{520, vCloudflare}, "Web Server Returned an Unknown Error"},
		{key{530, vPantheon}, "Site is frozen"},
	}
	for _, tt := range tests {
		found := false
		for _, m := range Meanings(tt.k.code) {
			if keyOf(m) == tt.k {
				found = slices.Contains(m.Aliases, tt.alias)
			}
		}
		if !found {
			t.Errorf("%v lacks the alias %q", tt.k, tt.alias)
		}
	}
}

func TestAvailability(t *testing.T) {
	tests := []struct {
		code   int
		bad    bool
		prefix string
	}{
		{100, false, "Not counted against availability: an interim"},
		{101, false, "Counted as a good request: no final HTTP response follows"},
		{200, false, "Counted as a good request."},
		{404, false, "Not counted against availability by default"},
		{503, true, "Counted against availability"},
		{520, true, "Counted against availability"},
	}
	for _, tt := range tests {
		m := Meanings(tt.code)[0]
		if m.Bad() != tt.bad {
			t.Errorf("%d: Bad() = %v, want %v", tt.code, m.Bad(), tt.bad)
		}
		if got := m.Availability(); !strings.HasPrefix(got, tt.prefix) {
			t.Errorf("%d: Availability() = %q, want prefix %q", tt.code, got, tt.prefix)
		}
	}
	m := Meanings(499)[0]
	if got := m.Availability(); !strings.HasSuffix(got, m.SLA) || m.SLA == "" {
		t.Errorf("499: Availability() = %q does not end with its SLA note %q", got, m.SLA)
	}
}

// TestBehaviour pins behaviours that were once wrong: 101 is not interim
// (RFC 9110 §7.8: after the switch no final HTTP response follows) and 451
// is cacheable by default (RFC 7725 §3).
func TestBehaviour(t *testing.T) {
	tests := []struct {
		code               int
		interim, cacheable bool
	}{
		{100, true, false},
		{101, false, false},
		{103, true, false},
		{200, false, true},
		{403, false, false},
		{451, false, true},
	}
	for _, tt := range tests {
		m := Meanings(tt.code)[0]
		if m.Interim != tt.interim || m.Cacheable != tt.cacheable {
			t.Errorf("%d: Interim %v Cacheable %v, want %v %v", tt.code, m.Interim, m.Cacheable, tt.interim, tt.cacheable)
		}
	}
}

func TestFlag(t *testing.T) {
	tests := []struct {
		name string
		code int
		want string
	}{
		{"assigned", 200, ""},
		{"assigned with a vendor meaning too", 451, ""},
		{"temporary", 104, ""},
		{"unused teapot", 418, "unused: reserved by IANA (I'm a teapot)"},
		{"unused 306", 306, "unused: reserved by IANA (Switch Proxy)"},
		{"obsoleted", 510, "obsoleted: Not Extended (RFC 2774 §7 is Historic)"},
		{"nginx and Esri", 499, "nonstandard: nginx Client Closed Request; Esri ArcGIS Token Required"},
		{"one vendor", 520, "nonstandard: Cloudflare Web Server Returns an Unknown Error"},
		{"nobody's", 299, "nonstandard: not in the IANA registry"},
		{"zero", 0, "invalid: outside 100–599"},
		{"above range", 600, "invalid: outside 100–599"},
		{"negative", -1, "invalid: outside 100–599"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Flag(tt.code); got != tt.want {
				t.Errorf("Flag(%d) = %q, want %q", tt.code, got, tt.want)
			}
		})
	}
}

func TestParseClass(t *testing.T) {
	tests := []struct {
		in   string
		want Class
	}{
		{"4", 4}, {"4xx", 4}, {"4XX", 4}, {" 5xx ", 5}, {"client", 4}, {"Client Error", 4},
		{"server", 5}, {"informational", 1}, {"success", 2}, {"redirection", 3},
		{"0", 0}, {"6", 0}, {"6xx", 0}, {"4x", 0}, {"", 0}, {"clients", 0}, {"44", 0},
	}
	for _, tt := range tests {
		got, err := ParseClass(tt.in)
		if got != tt.want || (err != nil) != (tt.want == 0) {
			t.Errorf("ParseClass(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
		if err != nil && !errors.Is(err, ErrBadClass) {
			t.Errorf("ParseClass(%q) error %v does not wrap ErrBadClass", tt.in, err)
		}
	}
}

func TestSelect(t *testing.T) {
	tests := []struct {
		name    string
		f       Filter
		check   func(Meaning) bool
		atLeast int
	}{
		{"4xx only", Filter{Class: 4}, func(m Meaning) bool { return m.Code >= 400 && m.Code <= 499 }, 40},
		{"cloudflare", Filter{Vendor: "cloudflare"}, func(m Meaning) bool { return m.Vendor == vCloudflare }, 9},
		{"vendor ignores case and spaces", Filter{Vendor: "Elastic Load"}, func(m Meaning) bool { return m.Vendor == vAWS }, 4},
		{"iana", Filter{Vendor: "IANA"}, func(m Meaning) bool { return m.Kind != KindUnofficial }, 64},
		{"nonstandard 5xx", Filter{Class: 5, Nonstandard: true}, func(m Meaning) bool { return m.Kind == KindUnofficial && m.Class == 5 }, 15},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Select(tt.f)
			if len(got) < tt.atLeast {
				t.Errorf("Select(%+v) has %d meanings, want at least %d", tt.f, len(got), tt.atLeast)
			}
			for _, m := range got {
				if !tt.check(m) {
					t.Errorf("Select(%+v) includes %d %s (%s)", tt.f, m.Code, m.Phrase, m.Vendor)
				}
			}
			// Nothing that passes the check is missing.
			for _, m := range AllMeanings() {
				if tt.check(m) && !slices.ContainsFunc(got, func(g Meaning) bool { return keyOf(g) == keyOf(m) }) {
					t.Errorf("Select(%+v) misses %d %s (%s)", tt.f, m.Code, m.Phrase, m.Vendor)
				}
			}
		})
	}
}

func TestVendors(t *testing.T) {
	vs := Vendors()
	if !slices.Contains(vs, vNginx) || !slices.Contains(vs, vCloudflare) || slices.Contains(vs, "") {
		t.Errorf("Vendors() = %q", vs)
	}
	if !slices.IsSortedFunc(vs, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }) {
		t.Errorf("Vendors() not sorted: %q", vs)
	}
}

func TestMeaningsReturnsCopy(t *testing.T) {
	ms := Meanings(499)
	ms[0].Phrase = "changed"
	all := AllMeanings()
	all[0].Code = 999
	if Meanings(499)[0].Phrase != "Client Closed Request" || AllMeanings()[0].Code != 100 {
		t.Error("changing a returned slice changed the registry")
	}
}
