package aggregate

// The Selector's side of the hot loop: every parsed line of a filtered
// run is matched here, against the raw bytes of its record, without
// allocating.

import (
	"bytes"

	"github.com/slareport/slareport/parse"
)

// Match reports whether the selector selects the request (Selected), and
// if not, why: the first check, in the order of the FilterReasons, that
// leaves it out. It allocates nothing.
func (s *Selector) Match(r *parse.Record) FilterReason {
	if s.Empty() {
		return Selected
	}
	host, path := requestKey(r, true)
	if why := s.staticReason(host, path, r.Method); why != Selected {
		return why
	}
	return s.dynamicReason(r)
}

func isBot(ua []byte) bool {
	_, kind := ClassifyAgent(ua)
	return kind.IsBot()
}

func anyGlob(globs []string, b []byte) bool {
	for _, g := range globs {
		if matchGlob(g, b) {
			return true
		}
	}
	return false
}

// matchGlob reports whether b matches the glob g, a lower-case pattern
// in which '*' is any run of bytes and '?' one byte; ASCII letters of b
// match in any case. It keeps only the last '*' to go back to, so it takes
// at most len(g)·len(b) steps on any input, never an exponential number.
func matchGlob(g string, b []byte) bool {
	gi, bi := 0, 0
	star, from := -1, 0 // the last '*' seen, and where its run ends now
	for bi < len(b) {
		if gi < len(g) {
			switch c := g[gi]; {
			case c == '*':
				star, from = gi, bi
				gi++
				continue
			case c == '?' || c == lowerOf[b[bi]]:
				gi++
				bi++
				continue
			}
		}
		if star < 0 {
			return false
		}
		// Let the last '*' take one more byte and try again after it.
		from++
		gi, bi = star+1, from
	}
	for gi < len(g) && g[gi] == '*' {
		gi++
	}
	return gi == len(g)
}

// anyRoute reports whether a route matches path. Only an origin-form path
// can: "*" (OPTIONS *) and an empty target match no pattern, not even /**.
func anyRoute(routes []Route, path []byte) bool {
	if len(path) == 0 || path[0] != '/' {
		return false
	}
	for _, r := range routes {
		if r.match(path) {
			return true
		}
	}
	return false
}

// anyMethod reports whether m is one of the lower-case methods, in any
// case.
func anyMethod(methods []string, m []byte) bool {
	for _, want := range methods {
		if len(m) == len(want) && hasPrefixFold(m, want) {
			return true
		}
	}
	return false
}

func inWindows(windows [][2]int64, t int64) bool {
	for _, w := range windows {
		if t >= w[0] && t < w[1] {
			return true
		}
	}
	return false
}

// excludedClient reports whether the client address falls in an excluded
// prefix.
func (s *Selector) excludedClient(remote []byte) bool {
	addr, ok := clientAddr(remote)
	if !ok {
		return false
	}
	for _, p := range s.clients {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// hostName returns a logged host without its port or brackets and
// without a final dot: "API.example.com.:8443" is API.example.com.
func hostName(h []byte) []byte {
	if len(h) > 0 && h[0] == '[' {
		if i := bytes.IndexByte(h, ']'); i > 0 {
			return h[1:i]
		}
		return h
	}
	if i := bytes.IndexByte(h, ':'); i >= 0 {
		if bytes.IndexByte(h[i+1:], ':') >= 0 {
			return h // an IPv6 address without brackets
		}
		h = h[:i]
	}
	if len(h) > 1 && h[len(h)-1] == '.' {
		h = h[:len(h)-1]
	}
	return h
}

// requestKey returns what the static checks read of a request: its path
// without the query and, if hosts, its host name (the logged host, else
// the authority of an absolute-form target), as Match reads them.
func requestKey(r *parse.Record, hosts bool) (host, path []byte) {
	path, authority := originForm(r.Path)
	path, _ = splitPath(path)
	if !hosts {
		return nil, path
	}
	host = r.Host
	if len(host) == 0 {
		host = authority
	}
	return hostName(host), path
}

// static reports whether the checks of host, path and method pass: those
// that depend on nothing else, so that an objective set can remember
// their answer for a request key and ask only dynamic per request.
func (s *Selector) static(host, path, method []byte) bool {
	return s.Empty() || s.staticReason(host, path, method) == Selected
}

// staticReason is Match's first checks, of host, path and method.
func (s *Selector) staticReason(host, path, method []byte) FilterReason {
	switch {
	case len(s.hosts) > 0 && (len(host) == 0 || !anyGlob(s.hosts, host)):
		return HostNotSelected
	case len(s.paths) > 0 && !anyRoute(s.paths, path):
		return PathNotSelected
	case len(s.methods) > 0 && !anyMethod(s.methods, method):
		return MethodNotSelected
	case len(s.exPaths) > 0 && anyRoute(s.exPaths, path):
		return ExcludedPath
	case len(s.exHosts) > 0 && len(host) > 0 && anyGlob(s.exHosts, host):
		return ExcludedHost
	}
	return Selected
}

// hasDynamic reports whether the selector has checks beyond static ones.
func (s *Selector) hasDynamic() bool {
	return s != nil && (len(s.clients) > 0 || len(s.agents) > 0 || s.bots || len(s.windows) > 0)
}

// dynamic reports whether the checks of client, user agent, bots and
// maintenance windows pass; with static, it is Match == Selected.
func (s *Selector) dynamic(r *parse.Record) bool { return s.dynamicReason(r) == Selected }

// dynamicReason is Match's last checks, of the client, the user agent,
// bots and maintenance windows.
func (s *Selector) dynamicReason(r *parse.Record) FilterReason {
	switch {
	case len(s.clients) > 0 && s.excludedClient(r.Remote):
		return ExcludedClient
	case len(s.agents) > 0 && anyGlob(s.agents, r.UserAgent):
		return ExcludedUserAgent
	case s.bots && isBot(r.UserAgent):
		return ExcludedBot
	case len(s.windows) > 0 && r.HasTime && inWindows(s.windows, r.Time):
		return ExcludedWindow
	}
	return Selected
}
