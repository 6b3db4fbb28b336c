package aggregate

import (
	"errors"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/slareport/slareport/parse"
)

// TestNewSelectorRefuses: every value that cannot select anything is
// refused, naming its field, its place and the value.
func TestNewSelectorRefuses(t *testing.T) {
	cases := []struct {
		name  string
		spec  SelectorSpec
		field SelectorField
		index int
		cause string
	}{
		{"empty host", SelectorSpec{Hosts: []string{"a.example.com", ""}}, FieldHosts, 1, "empty pattern"},
		{"host with a port", SelectorSpec{Hosts: []string{"api.example.com:8443"}}, FieldHosts, 0, "ports are ignored"},
		{"host with a path", SelectorSpec{ExcludeHosts: []string{"example.com/x"}}, FieldExcludeHosts, 0, `cannot hold '/'`},
		{"host with a space", SelectorSpec{Hosts: []string{"a b"}}, FieldHosts, 0, `cannot hold ' '`},
		{"bracketed host", SelectorSpec{Hosts: []string{"[::1]"}}, FieldHosts, 0, "without brackets"},
		{"host glob with a class", SelectorSpec{Hosts: []string{"[ab].example.com"}}, FieldHosts, 0, `cannot hold '['`},
		{"relative path", SelectorSpec{Paths: []string{"api/**"}}, FieldPaths, 0, "must start with /"},
		{"path with a query", SelectorSpec{ExcludePaths: []string{"/search?q=x"}}, FieldExcludePaths, 0, "without their query"},
		{"** inside", SelectorSpec{Paths: []string{"/a/**/b"}}, FieldPaths, 0, "** may only end"},
		{"* in a segment", SelectorSpec{Paths: []string{"/img/*.png"}}, FieldPaths, 0, "whole segments"},
		{"empty path", SelectorSpec{Paths: []string{""}}, FieldPaths, 0, "empty pattern"},
		{"method with a space", SelectorSpec{Methods: []string{"GET", "PO ST"}}, FieldMethods, 1, `cannot hold ' '`},
		{"prefix too long", SelectorSpec{ExcludeClients: []string{"10.0.0.0/33"}}, FieldExcludeClients, 0, "from 0 to 32"},
		{"IPv6 prefix too long", SelectorSpec{ExcludeClients: []string{"2001:db8::/129"}}, FieldExcludeClients, 0, "from 0 to 128"},
		{"prefix length not a number", SelectorSpec{ExcludeClients: []string{"10.0.0.0/x"}}, FieldExcludeClients, 0, "from 0 to 32"},
		{"prefix length with a sign", SelectorSpec{ExcludeClients: []string{"10.0.0.0/+8"}}, FieldExcludeClients, 0, "from 0 to 32"},
		{"not an address", SelectorSpec{ExcludeClients: []string{"example.com"}}, FieldExcludeClients, 0, "not a CIDR prefix"},
		{"address with a zone", SelectorSpec{ExcludeClients: []string{"fe80::1%eth0"}}, FieldExcludeClients, 0, "without a zone"},
		{"mapped prefix", SelectorSpec{ExcludeClients: []string{"::ffff:10.0.0.0/104"}}, FieldExcludeClients, 0, "IPv4-mapped"},
		{"empty user agent", SelectorSpec{ExcludeUserAgents: []string{""}}, FieldExcludeUserAgents, 0, "empty pattern"},
		{"window without an end", SelectorSpec{ExcludeWindows: []string{"2026-05-01T02:00:00Z"}}, FieldExcludeWindows, 0, "want START/END"},
		{"window with a date", SelectorSpec{ExcludeWindows: []string{"2026-05-01/2026-05-02"}}, FieldExcludeWindows, 0, `START "2026-05-01" is not an RFC 3339 time`},
		{"window with a long start", SelectorSpec{ExcludeWindows: []string{strings.Repeat("9", 50) + "/2026-05-01T02:00:00Z"}}, FieldExcludeWindows, 0,
			`START "` + strings.Repeat("9", 40) + `"… is not an RFC 3339 time`},
		{"window backwards", SelectorSpec{ExcludeWindows: []string{"2026-05-01T03:00:00Z/2026-05-01T02:00:00Z"}}, FieldExcludeWindows, 0, "START must be before END"},
		{"empty window", SelectorSpec{ExcludeWindows: []string{"2026-05-01T03:00:00Z/2026-05-01T03:00:00.5Z"}}, FieldExcludeWindows, 0, "START must be before END"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sel, err := NewSelector(c.spec)
			var se *SelectorError
			if !errors.As(err, &se) {
				t.Fatalf("NewSelector = %v, %v; want a *SelectorError", sel, err)
			}
			if se.Field != c.field || se.Index != c.index || !strings.Contains(se.Err.Error(), c.cause) {
				t.Fatalf("error %+v (%v), want field %v, index %d, cause %q", se, err, c.field, c.index, c.cause)
			}
			if want := c.field.String() + " "; !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), se.Value) {
				t.Errorf("message %q does not name the field and the value", err)
			}
		})
	}
}

// TestSelectorCanonical: specs that select alike compare alike, in
// canonical form and in words.
func TestSelectorCanonical(t *testing.T) {
	sel, err := NewSelector(SelectorSpec{
		Hosts:             []string{"*.Example.COM", "api.example.com.", "*.example.com"},
		Paths:             []string{"/v2/**", "/v1/**"},
		Methods:           []string{"post", "GET"},
		ExcludeClients:    []string{"10.1.2.3/8", "2001:DB8::1", "::ffff:192.0.2.7"},
		ExcludeUserAgents: []string{"*Go-http-client*", "x, y; z"},
		ExcludeBots:       true,
		ExcludeWindows:    []string{"2026-05-01T04:00:00+02:00/2026-05-01T03:00:00Z"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := SelectorSpec{
		Hosts:             []string{"*.example.com", "api.example.com"},
		Paths:             []string{"/v1/**", "/v2/**"},
		Methods:           []string{"GET", "POST"},
		ExcludeClients:    []string{"10.0.0.0/8", "192.0.2.7/32", "2001:db8::1/128"},
		ExcludeUserAgents: []string{"*go-http-client*", "x, y; z"},
		ExcludeBots:       true,
		ExcludeWindows:    []string{"2026-05-01T02:00:00Z/2026-05-01T03:00:00Z"},
	}
	if got := sel.Spec(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Spec() = %+v\nwant     %+v", got, want)
	}
	words := `host *.example.com, api.example.com; path /v1/**, /v2/**; method GET, POST; ` +
		`exclude client 10.0.0.0/8, 192.0.2.7/32, 2001:db8::1/128; exclude user agent *go-http-client*, "x, y; z"; ` +
		`exclude bots; exclude window 2026-05-01T02:00:00Z/2026-05-01T03:00:00Z`
	if got := sel.String(); got != words {
		t.Errorf("String() = %s\nwant       %s", got, words)
	}
	again, err := NewSelector(want)
	if err != nil || again.String() != sel.String() || !reflect.DeepEqual(again.Spec(), want) {
		t.Errorf("the canonical spec compiles to %v, %v", again, err)
	}
	// The spec handed out is a copy.
	got := sel.Spec()
	got.Hosts[0] = "changed"
	if sel.Spec().Hosts[0] != "*.example.com" {
		t.Error("Spec shares its lists with the selector")
	}

	empty, err := NewSelector(SelectorSpec{})
	if err != nil || !empty.Empty() || empty.String() != "" || empty.NeedsUserAgent() {
		t.Errorf("empty spec: %v, empty %v, %q", err, empty.Empty(), empty.String())
	}
	var none *Selector
	if !none.Empty() || none.String() != "" || none.Match(&parse.Record{}) != Selected {
		t.Error("a nil selector must select everything")
	}
	if !sel.NeedsUserAgent() {
		t.Error("a selector excluding bots reads the user agent")
	}
	if noUA, _ := NewSelector(SelectorSpec{Paths: []string{"/"}}); noUA.NeedsUserAgent() {
		t.Error("a selector by path does not read the user agent")
	}
}

// rec is a parsed request for the match tests.
type rec struct {
	host, path, method, remote, ua string
	time                           string // RFC 3339, "" for none
}

func (r rec) record(t *testing.T) *parse.Record {
	p := &parse.Record{Host: []byte(r.host), Path: []byte(r.path), Method: []byte(r.method),
		Remote: []byte(r.remote), UserAgent: []byte(r.ua), Status: 200}
	if r.time != "" {
		tm, err := time.Parse(time.RFC3339, r.time)
		if err != nil {
			t.Fatal(err)
		}
		p.Time, p.HasTime = tm.Unix(), true
	}
	return p
}

// TestSelectorMatch: which requests each field selects or leaves out,
// and the reason.
func TestSelectorMatch(t *testing.T) {
	const chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
	cases := []struct {
		name string
		spec SelectorSpec
		req  rec
		want FilterReason
	}{
		{"host exact", SelectorSpec{Hosts: []string{"api.example.com"}}, rec{host: "api.example.com"}, Selected},
		{"host in any case, with a port", SelectorSpec{Hosts: []string{"api.example.com"}}, rec{host: "API.Example.com:8443"}, Selected},
		{"host with a final dot", SelectorSpec{Hosts: []string{"api.example.com"}}, rec{host: "api.example.com."}, Selected},
		{"host wildcard, one level", SelectorSpec{Hosts: []string{"*.example.com"}}, rec{host: "api.example.com"}, Selected},
		{"host wildcard crosses dots", SelectorSpec{Hosts: []string{"*.example.com"}}, rec{host: "a.b.example.com"}, Selected},
		{"host wildcard, not the apex", SelectorSpec{Hosts: []string{"*.example.com"}}, rec{host: "example.com"}, HostNotSelected},
		{"host ?", SelectorSpec{Hosts: []string{"web?.example.com"}}, rec{host: "web1.example.com"}, Selected},
		{"host ? is one", SelectorSpec{Hosts: []string{"web?.example.com"}}, rec{host: "web12.example.com"}, HostNotSelected},
		{"no host", SelectorSpec{Hosts: []string{"api.example.com"}}, rec{path: "/"}, HostNotSelected},
		{"no host is not any host", SelectorSpec{Hosts: []string{"*"}}, rec{path: "/"}, HostNotSelected},
		{"no host is not excluded", SelectorSpec{ExcludeHosts: []string{"*"}}, rec{path: "/"}, Selected},
		{"any host", SelectorSpec{Hosts: []string{"*"}}, rec{host: "x"}, Selected},
		{"host from an absolute target", SelectorSpec{Hosts: []string{"www.example.com"}}, rec{path: "http://www.example.com:80/x"}, Selected},
		{"the Host field wins", SelectorSpec{Hosts: []string{"www.example.com"}}, rec{host: "other.example", path: "http://www.example.com/x"}, HostNotSelected},
		{"IPv6 host", SelectorSpec{Hosts: []string{"2001:db8::1"}}, rec{host: "[2001:db8::1]:443"}, Selected},
		{"path", SelectorSpec{Paths: []string{"/api/**"}}, rec{path: "/api/v1/items?id=7"}, Selected},
		{"path, query aside", SelectorSpec{Paths: []string{"/search"}}, rec{path: "/search?q=/api"}, Selected},
		{"path, one segment", SelectorSpec{Paths: []string{"/api/*"}}, rec{path: "/api/v1/items"}, PathNotSelected},
		{"path is case sensitive", SelectorSpec{Paths: []string{"/api/**"}}, rec{path: "/API/x"}, PathNotSelected},
		{"path of an absolute target", SelectorSpec{Paths: []string{"/x"}}, rec{path: "https://example.com/x?y"}, Selected},
		{"OPTIONS * matches no path", SelectorSpec{Paths: []string{"/**"}}, rec{path: "*"}, PathNotSelected},
		{"an empty target matches no path", SelectorSpec{Paths: []string{"/**"}}, rec{}, PathNotSelected},
		{"/** is every path", SelectorSpec{Paths: []string{"/**"}}, rec{path: "/"}, Selected},
		{"method in any case", SelectorSpec{Methods: []string{"get"}}, rec{method: "GET"}, Selected},
		{"method, exactly", SelectorSpec{Methods: []string{"GET"}}, rec{method: "GETS"}, MethodNotSelected},
		{"no method", SelectorSpec{Methods: []string{"GET"}}, rec{}, MethodNotSelected},
		{"excluded path", SelectorSpec{ExcludePaths: []string{"/health"}}, rec{path: "/health?full=1"}, ExcludedPath},
		{"not an excluded path", SelectorSpec{ExcludePaths: []string{"/health"}}, rec{path: "/healthz"}, Selected},
		{"excluded host", SelectorSpec{ExcludeHosts: []string{"*.internal"}}, rec{host: "db.internal:5432"}, ExcludedHost},
		{"excluded client v4", SelectorSpec{ExcludeClients: []string{"10.0.0.0/8"}}, rec{remote: "10.200.3.4"}, ExcludedClient},
		{"excluded client with a port", SelectorSpec{ExcludeClients: []string{"192.168.131.0/24"}}, rec{remote: "192.168.131.39:2817"}, ExcludedClient},
		{"excluded client v6", SelectorSpec{ExcludeClients: []string{"2001:db8::/32"}}, rec{remote: "2001:db8:1::7"}, ExcludedClient},
		{"excluded client v6 with a port", SelectorSpec{ExcludeClients: []string{"2001:db8::/32"}}, rec{remote: "[2001:db8::7]:443"}, ExcludedClient},
		{"mapped client", SelectorSpec{ExcludeClients: []string{"192.0.2.7"}}, rec{remote: "::ffff:192.0.2.7"}, ExcludedClient},
		{"single address", SelectorSpec{ExcludeClients: []string{"192.0.2.7"}}, rec{remote: "192.0.2.70"}, Selected},
		{"client outside", SelectorSpec{ExcludeClients: []string{"10.0.0.0/8"}}, rec{remote: "11.0.0.1"}, Selected},
		{"client is a host name", SelectorSpec{ExcludeClients: []string{"0.0.0.0/0", "::/0"}}, rec{remote: "ix-esc-ca2-07.ix.netcom.com"}, Selected},
		{"client is a dash", SelectorSpec{ExcludeClients: []string{"0.0.0.0/0", "::/0"}}, rec{remote: "-"}, Selected},
		{"client is not an address", SelectorSpec{ExcludeClients: []string{"0.0.0.0/0"}}, rec{remote: "999.1.1.1"}, Selected},
		{"every client", SelectorSpec{ExcludeClients: []string{"0.0.0.0/0"}}, rec{remote: "203.0.113.9"}, ExcludedClient},
		{"user agent glob", SelectorSpec{ExcludeUserAgents: []string{"*curl*"}}, rec{ua: "curl/8.5.0"}, ExcludedUserAgent},
		{"user agent glob in any case", SelectorSpec{ExcludeUserAgents: []string{"*HEALTHCHECKER*"}}, rec{ua: "ELB-HealthChecker/2.0"}, ExcludedUserAgent},
		{"user agent glob is whole", SelectorSpec{ExcludeUserAgents: []string{"curl"}}, rec{ua: "curl/8.5.0"}, Selected},
		{"bot", SelectorSpec{ExcludeBots: true}, rec{ua: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"}, ExcludedBot},
		{"monitor", SelectorSpec{ExcludeBots: true}, rec{ua: "kube-probe/1.29"}, ExcludedBot},
		{"a tool is no bot", SelectorSpec{ExcludeBots: true}, rec{ua: "curl/8.5.0"}, Selected},
		{"a browser is no bot", SelectorSpec{ExcludeBots: true}, rec{ua: chrome}, Selected},
		{"in the window", SelectorSpec{ExcludeWindows: []string{"2026-05-01T02:00:00Z/2026-05-01T03:00:00Z"}}, rec{time: "2026-05-01T02:00:00Z"}, ExcludedWindow},
		{"at its end", SelectorSpec{ExcludeWindows: []string{"2026-05-01T02:00:00Z/2026-05-01T03:00:00Z"}}, rec{time: "2026-05-01T03:00:00Z"}, Selected},
		{"in its zone", SelectorSpec{ExcludeWindows: []string{"2026-05-01T04:00:00+02:00/2026-05-01T05:00:00+02:00"}}, rec{time: "2026-05-01T02:59:59Z"}, ExcludedWindow},
		{"no time, no window", SelectorSpec{ExcludeWindows: []string{"1970-01-01T00:00:00Z/2100-01-01T00:00:00Z"}}, rec{}, Selected},
		{"the first reason wins", SelectorSpec{Hosts: []string{"a"}, ExcludeBots: true, ExcludePaths: []string{"/**"}}, rec{host: "b", path: "/", ua: "Googlebot/2.1"}, HostNotSelected},
		{"excluded path before bot", SelectorSpec{ExcludeBots: true, ExcludePaths: []string{"/**"}}, rec{path: "/", ua: "Googlebot/2.1"}, ExcludedPath},
		{"any value of a list", SelectorSpec{Methods: []string{"GET", "HEAD"}, Paths: []string{"/a", "/b/**"}}, rec{method: "head", path: "/b/c"}, Selected},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sel, err := NewSelector(c.spec)
			if err != nil {
				t.Fatal(err)
			}
			if got := sel.Match(c.req.record(t)); got != c.want {
				t.Errorf("Match = %q, want %q", got, c.want)
			}
		})
	}
}

// TestFilterReasons: the reasons reports show, each its own.
func TestFilterReasons(t *testing.T) {
	seen := map[string]bool{filteredOutside: true, filteredNoTime: true, filteredComment: true, filteredBlank: true}
	for r := HostNotSelected; r <= ExcludedWindow; r++ {
		s := r.String()
		if s == "" || seen[s] || strings.HasPrefix(s, "FilterReason(") {
			t.Errorf("reason %d is %q", r, s)
		}
		seen[s] = true
	}
	if Selected.String() != "" || FilterReason(200).String() != "FilterReason(200)" {
		t.Error("Selected names no reason")
	}
}

// TestSelectorMatchAllocates: a line costs no allocation, whatever it
// holds.
func TestSelectorMatchAllocates(t *testing.T) {
	sel, err := NewSelector(SelectorSpec{
		Hosts: []string{"*.example.com"}, Paths: []string{"/api/**"}, Methods: []string{"GET"},
		ExcludePaths: []string{"/api/health"}, ExcludeHosts: []string{"x.example.com"},
		ExcludeClients: []string{"10.0.0.0/8", "2001:db8::/32"}, ExcludeUserAgents: []string{"*curl*"},
		ExcludeBots: true, ExcludeWindows: []string{"2026-05-01T02:00:00Z/2026-05-01T03:00:00Z"},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []rec{
		{host: "api.example.com:443", path: "http://api.example.com/api/v1?x", method: "GET", remote: "192.0.2.7", ua: "Mozilla/5.0 (X11)", time: "2026-05-01T02:30:00Z"},
		{host: "api.example.com", path: "/api/v1", method: "GET", remote: "[2001:db9::1]:80", ua: "Mozilla/5.0 (X11)"},
		{host: "api.example.com", path: "/api/v1", method: "GET", remote: "fe80::1%eth0", ua: "Mozilla/5.0 (X11)"},
		{host: "api.example.com", path: "/api/v1", method: "GET", remote: "999.0.0.1", ua: "Mozilla/5.0 (X11)"},
		{host: "api.example.com", path: "/api/v1", method: "GET", remote: "host.example.net", ua: "Mozilla/5.0 (X11)"},
	} {
		pr := r.record(t)
		if n := testing.AllocsPerRun(100, func() { sel.Match(pr) }); n != 0 {
			t.Errorf("Match(%+v): %v allocations", r, n)
		}
	}
}

// refGlob is the plain recursive definition of a glob match, which
// matchGlob must agree with: '*' any run of bytes, '?' one, ASCII letters
// in any case.
func refGlob(g, s string) bool {
	if g == "" {
		return s == ""
	}
	switch g[0] {
	case '*':
		return refGlob(g[1:], s) || s != "" && refGlob(g, s[1:])
	case '?':
		return s != "" && refGlob(g[1:], s[1:])
	}
	return s != "" && lowerASCII(g[:1]) == lowerASCII(s[:1]) && refGlob(g[1:], s[1:])
}

func FuzzMatchGlob(f *testing.F) {
	for _, s := range [][2]string{
		{"*.example.com", "api.example.com"}, {"*.example.com", "example.com"}, {"a*b*c", "aXbYbZc"},
		{"*curl*", "curl/8"}, {"?", ""}, {"**", ""}, {"*a", "aaaa"}, {"a?c", "ABC"}, {"*\xff*", "x\xffy"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, g, s string) {
		if len(g) > 12 || len(s) > 48 || strings.Count(g, "*") > 4 {
			return // the reference takes exponential time
		}
		g = lowerASCII(g)
		if got, want := matchGlob(g, []byte(s)), refGlob(g, s); got != want {
			t.Fatalf("matchGlob(%q, %q) = %v, want %v", g, s, got, want)
		}
	})
}

// refHost is a logged host as the reference reads it: the port cut with
// the last colon unless the host is an IPv6 address, brackets and a final
// dot dropped.
func refHost(h string) string {
	if strings.HasPrefix(h, "[") {
		if end := strings.Index(h, "]"); end > 0 {
			return h[1:end]
		}
		return h
	}
	switch strings.Count(h, ":") {
	case 0:
	case 1:
		h = h[:strings.Index(h, ":")]
	default:
		return h // IPv6
	}
	if len(h) > 1 && strings.HasSuffix(h, ".") {
		h = h[:len(h)-1]
	}
	return h
}

// refRoute matches a path pattern segment by segment, with strings.Split.
func refRoute(pattern, path string) bool {
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	if !strings.HasPrefix(path, "/") {
		return false
	}
	ps, xs := strings.Split(pattern[1:], "/"), strings.Split(path[1:], "/")
	for i, p := range ps {
		if p == "**" {
			return i < len(xs) // the rest, once the path goes on
		}
		if i >= len(xs) || p != "*" && p != xs[i] {
			return false
		}
	}
	// One slash more is fine: the route matcher reads /health/ as
	// /health.
	return len(xs) == len(ps) || len(xs) == len(ps)+1 && xs[len(ps)] == ""
}

// FuzzSelector matches hostile hosts and paths against host globs and
// path patterns, and checks the selector against the references above.
func FuzzSelector(f *testing.F) {
	f.Add("*.example.com", "API.example.com:8443", "/api/**", "/api/v1?x=1")
	f.Add("example.com", "example.com.", "/*/x", "/a/x")
	f.Add("web?", "[::1]:80", "/", "/?")
	f.Add("*", "", "/a/*", "/a/")
	f.Fuzz(func(t *testing.T, hostGlob, host, pathPattern, path string) {
		if len(hostGlob) > 12 || strings.Count(hostGlob, "*") > 4 || len(host) > 48 {
			return
		}
		sel, err := NewSelector(SelectorSpec{Hosts: []string{hostGlob}, Paths: []string{pathPattern}})
		if err != nil {
			return
		}
		if strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") {
			return // absolute targets: covered by the tables
		}
		g := lowerASCII(hostGlob)
		if len(g) > 1 {
			g = strings.TrimSuffix(g, ".")
		}
		want := Selected
		switch {
		case refHost(host) == "" || !refGlob(g, refHost(host)):
			want = HostNotSelected
		case !refRoute(pathPattern, path):
			want = PathNotSelected
		}
		r := &parse.Record{Host: []byte(host), Path: []byte(path)}
		if got := sel.Match(r); got != want {
			t.Fatalf("host %q ~ %q, path %q ~ %q: Match = %q, want %q", host, hostGlob, path, pathPattern, got, want)
		}
	})
}

// FuzzClientAddr holds the byte parser of client addresses to netip's: a
// client is an address exactly when netip reads it (a port after an
// IPv4 address aside), and the same one.
func FuzzClientAddr(f *testing.F) {
	for _, s := range []string{"192.0.2.7", "192.0.2.7:5123", "010.0.0.1", "256.1.1.1", "1.2.3", "2001:db8::1", "::", "::1",
		"::ffff:192.0.2.7", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "1::2::3", "fe80::1%eth0", "1:2:3:4:5:6:1.2.3.4", "-", "host.example"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.HasPrefix(s, "[") {
			return
		}
		text := s
		if strings.Count(s, ":") == 1 {
			text = s[:strings.Index(s, ":")]
		}
		want, err := netip.ParseAddr(text)
		ok := err == nil && want.Zone() == ""
		got, gotOK := clientAddr([]byte(s))
		if gotOK != ok || ok && got != want.Unmap() {
			t.Fatalf("clientAddr(%q) = %v, %v; netip reads %v, %v", s, got, gotOK, want, err)
		}
	})
}

// TestSpecList: List reaches each pattern field, and an empty value put
// there is refused as that field's.
func TestSpecList(t *testing.T) {
	for f := FieldHosts; f <= FieldExcludeWindows; f++ {
		var spec SelectorSpec
		l := spec.List(f)
		if l == nil {
			t.Fatalf("%v: no list", f)
		}
		*l = []string{""}
		_, err := NewSelector(spec)
		var se *SelectorError
		if !errors.As(err, &se) || se.Field != f {
			t.Errorf("%v: an empty value gives %v, want an error of that field", f, err)
		}
	}
	var spec SelectorSpec
	if spec.List(FieldExcludeWindows+1) != nil {
		t.Error("a field past the last has a list")
	}
}
