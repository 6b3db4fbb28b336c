package aggregate

// Which requests a run counts: a Selector, compiled once from a
// SelectorSpec, is asked about every parsed line in the worker's fold. A
// line it leaves out is filtered with the reason, so that every line is
// still accounted for (read = parsed + malformed + filtered).

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// SelectorSpec says which requests count. Each list selects or excludes a
// request when any of its values matches; an empty list selects every
// request. A request counts when it is selected by every list of Hosts,
// Paths and Methods and excluded by none of the rest. Its JSON form is
// how a summary records a run's filter and how `slareport check -f json`
// shows an SLO's selector.
type SelectorSpec struct {
	// Hosts are globs over the request's host: '*' any run of
	// characters, dots included (*.example.com is every subdomain, at
	// any depth, but not example.com itself, as in nginx's server_name),
	// '?' one character; letters in any case; the port is ignored. The
	// host is the logged virtual host or Host header, else the authority
	// of an absolute-form target (a proxy's "GET http://host/x"). A
	// request without one matches no host glob, not even '*': Hosts
	// leave it out and ExcludeHosts keep it.
	Hosts []string `json:"hosts,omitempty"`
	// Paths are --route patterns ('*' one segment, a final '**' the
	// rest) over the request's path, without its query, as logged (not
	// percent-decoded), in its case. A final slash is ignored, as by
	// --route: /health matches /health/ too.
	Paths []string `json:"paths,omitempty"`
	// Methods are request methods, in any case.
	Methods []string `json:"methods,omitempty"`
	// ExcludePaths and ExcludeHosts are patterns as Paths and Hosts.
	ExcludePaths []string `json:"exclude_paths,omitempty"`
	ExcludeHosts []string `json:"exclude_hosts,omitempty"`
	// ExcludeClients are CIDR prefixes (10.0.0.0/8, 2001:db8::/32) or
	// single addresses, over the client address as logged (a port after
	// it is ignored). A client address that is not an address (a host
	// name, "-") is never excluded.
	ExcludeClients []string `json:"exclude_clients,omitempty"`
	// ExcludeUserAgents are globs over the whole user agent, '*' and '?'
	// as in Hosts, letters in any case: "*curl*" is any user agent that
	// holds curl, "curl" only the user agent "curl".
	ExcludeUserAgents []string `json:"exclude_user_agents,omitempty"`
	// ExcludeBots excludes the crawlers and monitors ClassifyAgent knows,
	// but not tools such as curl.
	ExcludeBots bool `json:"exclude_bots,omitempty"`
	// ExcludeWindows are "START/END" intervals of RFC 3339 times,
	// half-open: a request at START is excluded, one at END is not. A
	// request without a time is in none.
	ExcludeWindows []string `json:"exclude_windows,omitempty"`
}

// SelectorField names a field of SelectorSpec, for the errors of
// NewSelector: the command line names the flag, a YAML file its key.
type SelectorField uint8

// The fields of SelectorSpec that hold patterns.
const (
	FieldHosts SelectorField = iota + 1
	FieldPaths
	FieldMethods
	FieldExcludePaths
	FieldExcludeHosts
	FieldExcludeClients
	FieldExcludeUserAgents
	FieldExcludeWindows
)

// List returns the list of spec that f names, for code that handles the
// pattern fields one by one; nil for a field that is not one of them.
func (spec *SelectorSpec) List(f SelectorField) *[]string {
	switch f {
	case FieldHosts:
		return &spec.Hosts
	case FieldPaths:
		return &spec.Paths
	case FieldMethods:
		return &spec.Methods
	case FieldExcludePaths:
		return &spec.ExcludePaths
	case FieldExcludeHosts:
		return &spec.ExcludeHosts
	case FieldExcludeClients:
		return &spec.ExcludeClients
	case FieldExcludeUserAgents:
		return &spec.ExcludeUserAgents
	case FieldExcludeWindows:
		return &spec.ExcludeWindows
	}
	return nil
}

// String names the field in words: "exclude client".
func (f SelectorField) String() string {
	switch f {
	case FieldHosts:
		return "host"
	case FieldPaths:
		return "path"
	case FieldMethods:
		return "method"
	case FieldExcludePaths:
		return "exclude path"
	case FieldExcludeHosts:
		return "exclude host"
	case FieldExcludeClients:
		return "exclude client"
	case FieldExcludeUserAgents:
		return "exclude user agent"
	case FieldExcludeWindows:
		return "exclude window"
	}
	return fmt.Sprintf("SelectorField(%d)", uint8(f))
}

// SelectorError is NewSelector's refusal of a value that cannot select
// anything: a malformed pattern, or one no request could match.
type SelectorError struct {
	Field SelectorField
	Index int // the value's place in its list, from 0
	Value string
	Err   error
}

func (e *SelectorError) Error() string {
	return fmt.Sprintf("%s %q: %v", e.Field, e.Value, e.Err)
}

func (e *SelectorError) Unwrap() error { return e.Err }

// FilterReason is why a Selector leaves a request out; Selected when it
// does not. Its String is the filtered reason reports show.
type FilterReason uint8

// The reasons, in the order Match checks them: a request left out for
// several is counted under the first.
const (
	Selected FilterReason = iota
	HostNotSelected
	PathNotSelected
	MethodNotSelected
	ExcludedPath
	ExcludedHost
	ExcludedClient
	ExcludedUserAgent
	ExcludedBot
	ExcludedWindow
)

var filterReasons = [...]string{
	Selected:          "",
	HostNotSelected:   "host not selected",
	PathNotSelected:   "path not selected",
	MethodNotSelected: "method not selected",
	ExcludedPath:      "excluded path",
	ExcludedHost:      "excluded host",
	ExcludedClient:    "excluded client",
	ExcludedUserAgent: "excluded user agent",
	ExcludedBot:       "bot",
	ExcludedWindow:    "maintenance window",
}

// String returns the reason as reports show it: "excluded client".
func (r FilterReason) String() string {
	if int(r) < len(filterReasons) {
		return filterReasons[r]
	}
	return fmt.Sprintf("FilterReason(%d)", uint8(r))
}

// Selector is a compiled SelectorSpec. It is immutable, so workers share
// it; a nil *Selector selects every request.
type Selector struct {
	spec             SelectorSpec // in canonical form
	hosts, exHosts   []string     // lower-case globs
	paths, exPaths   []Route
	methods          []string // lower case
	clients          []netip.Prefix
	agents           []string // lower-case globs
	bots             bool
	windows          [][2]int64 // [start, end) in Unix seconds
	empty, needAgent bool
}

// NewSelector compiles spec. A value that cannot select anything is a
// *SelectorError naming its field and place.
func NewSelector(spec SelectorSpec) (*Selector, error) {
	s := &Selector{bots: spec.ExcludeBots}
	var err error
	if s.hosts, err = compileAll(FieldHosts, spec.Hosts, compileHost); err != nil {
		return nil, err
	}
	if s.paths, err = compileAll(FieldPaths, spec.Paths, compilePath); err != nil {
		return nil, err
	}
	if s.methods, err = compileAll(FieldMethods, spec.Methods, compileMethod); err != nil {
		return nil, err
	}
	if s.exPaths, err = compileAll(FieldExcludePaths, spec.ExcludePaths, compilePath); err != nil {
		return nil, err
	}
	if s.exHosts, err = compileAll(FieldExcludeHosts, spec.ExcludeHosts, compileHost); err != nil {
		return nil, err
	}
	if s.clients, err = compileAll(FieldExcludeClients, spec.ExcludeClients, compileClient); err != nil {
		return nil, err
	}
	if s.agents, err = compileAll(FieldExcludeUserAgents, spec.ExcludeUserAgents, compileAgent); err != nil {
		return nil, err
	}
	if s.windows, err = compileAll(FieldExcludeWindows, spec.ExcludeWindows, compileWindow); err != nil {
		return nil, err
	}
	s.canonical()
	s.needAgent = s.bots || len(s.agents) > 0
	s.empty = !s.needAgent && len(s.hosts)+len(s.paths)+len(s.methods)+len(s.exPaths)+len(s.exHosts)+len(s.clients)+len(s.windows) == 0
	return s, nil
}

// compileAll compiles each value of a field, in order, dropping repeats.
func compileAll[T any](f SelectorField, values []string, compile func(string) (T, string, error)) ([]T, error) {
	var out []T
	seen := map[string]bool{}
	for i, v := range values {
		c, key, err := compile(v)
		if err != nil {
			return nil, &SelectorError{Field: f, Index: i, Value: v, Err: err}
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, c)
		}
	}
	return out, nil
}

// canonical sets the spec the selector was compiled from to its canonical
// form: the values as compiled, each list sorted, so that two specs that
// select alike compare equal.
func (s *Selector) canonical() {
	routes := func(rs []Route) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.String())
		}
		return out
	}
	var clients, windows []string
	for _, p := range s.clients {
		clients = append(clients, p.String())
	}
	for _, w := range s.windows {
		windows = append(windows, windowText(w))
	}
	sorted := func(l []string) []string {
		l = slices.Clone(l)
		slices.Sort(l)
		return l
	}
	s.spec = SelectorSpec{
		Hosts: sorted(s.hosts), Paths: sorted(routes(s.paths)), Methods: sorted(upper(s.methods)),
		ExcludePaths: sorted(routes(s.exPaths)), ExcludeHosts: sorted(s.exHosts),
		ExcludeClients: sorted(clients), ExcludeUserAgents: sorted(s.agents),
		ExcludeBots: s.bots, ExcludeWindows: sorted(windows),
	}
}

func upper(l []string) []string {
	out := make([]string, len(l))
	for i, v := range l {
		out[i] = strings.ToUpper(v)
	}
	return out
}

func windowText(w [2]int64) string {
	return time.Unix(w[0], 0).UTC().Format(time.RFC3339) + "/" + time.Unix(w[1], 0).UTC().Format(time.RFC3339)
}

// Spec returns the selector's spec in canonical form: globs in lower case,
// methods in upper case, prefixes masked, windows in UTC, each list sorted
// without repeats. A nil selector has the empty spec.
func (s *Selector) Spec() SelectorSpec {
	if s == nil {
		return SelectorSpec{}
	}
	sp := s.spec
	for _, l := range []*[]string{&sp.Hosts, &sp.Paths, &sp.Methods, &sp.ExcludePaths, &sp.ExcludeHosts,
		&sp.ExcludeClients, &sp.ExcludeUserAgents, &sp.ExcludeWindows} {
		*l = slices.Clone(*l)
	}
	return sp
}

// Empty reports whether the selector selects every request.
func (s *Selector) Empty() bool { return s == nil || s.empty }

// NeedsUserAgent reports whether matching reads the user agent, which
// the lean parsers leave unread.
func (s *Selector) NeedsUserAgent() bool { return s != nil && s.needAgent }

// String describes the selector in words, in canonical form: "path
// /api/**; exclude path /api/health; exclude bots"; "" when it selects
// every request.
func (s *Selector) String() string {
	if s.Empty() {
		return ""
	}
	sp := s.spec
	var parts []string
	add := func(f SelectorField, values []string) {
		if len(values) == 0 {
			return
		}
		q := make([]string, len(values))
		for i, v := range values {
			q[i] = v
			if v == "" || strings.ContainsAny(v, " ,;\"\\") || !strconv.CanBackquote(v) {
				q[i] = strconv.Quote(v)
			}
		}
		parts = append(parts, f.String()+" "+strings.Join(q, ", "))
	}
	for f := FieldHosts; f < FieldExcludeWindows; f++ {
		add(f, *sp.List(f))
	}
	if sp.ExcludeBots {
		parts = append(parts, "exclude bots")
	}
	add(FieldExcludeWindows, sp.ExcludeWindows)
	return strings.Join(parts, "; ")
}

// The compilers of the fields' values. Each returns the compiled value
// and its canonical text, by which repeats are dropped.

// compileHost checks a host glob and returns it in lower case.
func compileHost(v string) (string, string, error) {
	if v == "" {
		return "", "", errEmptyPattern
	}
	for _, c := range []byte(v) {
		switch {
		case c <= ' ' || c == 0x7f || strings.IndexByte(`/\"'@#`, c) >= 0:
			return "", "", fmt.Errorf("a host cannot hold %q", c)
		case c == '[' || c == ']':
			// A glob has no classes, and a logged IPv6 host is matched
			// without its brackets.
			return "", "", fmt.Errorf("a host cannot hold %q: give an IPv6 address without brackets (globs take * and ?)", c)
		}
	}
	if strings.Count(v, ":") == 1 {
		return "", "", errors.New("ports are ignored: give the host without its port")
	}
	g := lowerASCII(v)
	if len(g) > 1 && g[len(g)-1] == '.' {
		g = g[:len(g)-1] // hosts are matched without their final dot
	}
	return g, g, nil
}

// compilePath checks a path pattern: a --route pattern whose '*' and '**'
// stand for whole segments, without a query.
func compilePath(v string) (Route, string, error) {
	switch {
	case v == "":
		return Route{}, "", errEmptyPattern
	case v[0] != '/':
		return Route{}, "", errors.New("a path pattern must start with /")
	case strings.ContainsAny(v, "?#"):
		return Route{}, "", errors.New("paths are matched without their query: drop the ? and what follows")
	}
	segs := strings.Split(v[1:], "/")
	for i, s := range segs {
		switch {
		case s == "**" && i != len(segs)-1:
			return Route{}, "", errors.New("** may only end a pattern")
		case s != "*" && s != "**" && strings.Contains(s, "*"):
			return Route{}, "", errors.New("* and ** stand for whole segments (/img/*, /img/**), not for part of one")
		}
	}
	r, err := ParseRoute(v)
	return r, v, err
}

// compileMethod checks a method, an HTTP token, and returns it in lower
// case.
func compileMethod(v string) (string, string, error) {
	if v == "" {
		return "", "", errEmptyPattern
	}
	for _, c := range []byte(v) {
		if !wordByte[c] && strings.IndexByte("!#$%&'*+-.^_`|~", c) < 0 {
			return "", "", fmt.Errorf("a method cannot hold %q", c)
		}
	}
	m := lowerASCII(v)
	return m, m, nil
}

// compileClient reads a CIDR prefix or a single address.
func compileClient(v string) (netip.Prefix, string, error) {
	text, bitsText, isPrefix := strings.Cut(v, "/")
	addr, err := netip.ParseAddr(text)
	switch {
	case v == "":
		return netip.Prefix{}, "", errEmptyPattern
	case err != nil:
		return netip.Prefix{}, "", errors.New("not a CIDR prefix (10.0.0.0/8, 2001:db8::/32) or an IP address")
	case addr.Zone() != "":
		return netip.Prefix{}, "", errors.New("client addresses are logged without a zone")
	case addr.Is4In6() && isPrefix:
		return netip.Prefix{}, "", errors.New("an IPv4-mapped prefix: give it as IPv4 (10.0.0.0/8)")
	}
	addr = addr.Unmap()
	bits := addr.BitLen()
	if isPrefix {
		n, err := strconv.Atoi(bitsText)
		if err != nil || n < 0 || n > addr.BitLen() || bitsText != strconv.Itoa(n) {
			return netip.Prefix{}, "", fmt.Errorf("the prefix length must be a number from 0 to %d", addr.BitLen())
		}
		bits = n
	}
	p := netip.PrefixFrom(addr, bits).Masked()
	return p, p.String(), nil
}

// compileAgent checks a user agent glob and returns it in lower case.
func compileAgent(v string) (string, string, error) {
	if v == "" {
		return "", "", errEmptyPattern
	}
	g := lowerASCII(v)
	return g, g, nil
}

// compileWindow reads a "START/END" window into [start, end) in Unix
// seconds.
func compileWindow(v string) ([2]int64, string, error) {
	const want = "want START/END, two RFC 3339 times (2026-05-01T02:00:00Z/2026-05-01T03:00:00Z)"
	a, b, ok := strings.Cut(v, "/")
	if !ok {
		return [2]int64{}, "", errors.New(want)
	}
	start, err := time.Parse(time.RFC3339, a)
	if err != nil {
		return [2]int64{}, "", fmt.Errorf("START %s is not an RFC 3339 time: %s", clip(a), want)
	}
	end, err := time.Parse(time.RFC3339, b)
	if err != nil {
		return [2]int64{}, "", fmt.Errorf("END %s is not an RFC 3339 time: %s", clip(b), want)
	}
	w := [2]int64{start.Unix(), end.Unix()}
	if w[0] >= w[1] {
		return [2]int64{}, "", errors.New("START must be before END")
	}
	return w, windowText(w), nil
}

// clip quotes a part of a value for an error, cut to 40 bytes (an RFC
// 3339 time has at most 35): a value may come from a hostile file, and
// the error names the whole value already.
func clip(s string) string {
	const most = 40
	if len(s) <= most {
		return strconv.Quote(s)
	}
	cut := most
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + "…"
}

// errEmptyPattern refuses an empty value, which would select nothing or
// everything by accident (a flag given as --host "$UNSET").
var errEmptyPattern = errors.New("empty pattern")
