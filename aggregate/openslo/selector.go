package openslo

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"time"
	"unicode"

	yaml "go.yaml.in/yaml/v3"

	"github.com/slareport/slareport/aggregate"
)

// The keys of a metricSource spec of type slareport, and of its exclude.
var (
	selectorKeys = []string{"host", "path", "method", "status", "durationUnder", "exclude", "groupBy"}
	excludeKeys  = []string{"path", "host", "client", "userAgent", "bots", "windows"}
)

// misplaced says, for each role, where the keys it does not take belong.
var misplaced = map[string]map[string]string{
	"total": {
		"status":        "belongs in good or bad: total counts every status",
		"durationUnder": "belongs in good: a good request is one faster than it",
	},
	"good": {"groupBy": "belongs in total: it groups every request of the SLO"},
	"bad": {
		"groupBy":       "belongs in total: it groups every request of the SLO",
		"durationUnder": "belongs in good: a good request is one faster than it",
	},
}

// selection reads a metricSource spec as what role ("good", "bad" or
// "total") selects.
func (d *decoder) selection(n *yaml.Node, role string) metric {
	var m metric
	what := role + "'s spec"
	f := d.mapping(n, what, selectorKeys, misplaced[role])
	if f == nil {
		return m
	}
	m.Hosts = patterns(f, "host", hostGlob)
	m.Paths = patterns(f, "path", routePattern)
	m.Methods = patterns(f, "method", method)
	if ef := d.mapping(f.get("exclude"), "the exclude", excludeKeys, nil); ef != nil {
		m.ExcludePaths = patterns(ef, "path", routePattern)
		m.ExcludeHosts = patterns(ef, "host", hostGlob)
		m.ExcludeClients = clients(ef)
		m.ExcludeUserAgents = patterns(ef, "userAgent", userAgentGlob)
		m.ExcludeBots, _, _ = ef.boolean("bots")
		m.ExcludeWindows = patterns(ef, "windows", maintenance)
	}
	if f.has("status") {
		m.Status, m.Rule = statuses(f, role)
	}
	if f.has("durationUnder") {
		m.under = durationUnder(f)
	}
	if g, gn, ok := f.str("groupBy"); ok {
		if g != string(GroupByHost) && g != string(GroupByEndpoint) {
			d.errorf(gn, "groupBy %s must be host or endpoint", quote(g))
		}
		m.group = GroupBy(g)
	}
	switch {
	case role == "bad" && !f.has("status"):
		d.errorf(f.node, "%s: status is missing: which codes are bad (such as 5xx)", what)
	case role == "good" && !f.has("status") && !f.has("durationUnder"):
		d.errorf(f.node, "%s: give status (which codes are good), durationUnder (how fast a good request is), or both", what)
	}
	return m
}

// patterns reads key as one pattern or a list, checking each with check.
func patterns(f *fields, key string, check func(string) error) []string {
	list, at, ok := f.strs(key)
	if !ok {
		return nil
	}
	for i, s := range list {
		if err := check(s); err != nil {
			f.d.errorf(at[i], "%s %s: %v", key, quote(s), err)
		}
	}
	return list
}

// errBlank is a pattern with space or control characters, which a log's
// field never holds where the pattern looks.
var errBlank = errors.New("it holds a space or a control character, so it can never match")

func plain(s string) error {
	if s == "" {
		return errors.New("it is empty")
	}
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || !unicode.IsPrint(r) }) >= 0 {
		return errBlank
	}
	return nil
}

// hostGlob checks a host glob: '*' any run of characters, '?' one; a
// character no host holds, or a port (hosts are matched without theirs),
// would make it match nothing.
func hostGlob(s string) error {
	if err := plain(s); err != nil {
		return err
	}
	if i := strings.IndexAny(s, "/\\\"'@#[]"); i >= 0 {
		return fmt.Errorf("a host never holds %q, so it can never match (globs take * and ?)", s[i])
	}
	if strings.Count(s, ":") == 1 {
		return errors.New("hosts are matched without their port: give the host alone")
	}
	return nil
}

// userAgentGlob checks a user agent glob: anything but nothing, since a
// user agent may hold any character.
func userAgentGlob(s string) error {
	if s == "" {
		return errors.New("it is empty")
	}
	return nil
}

// routePattern checks a path as --route reads it.
func routePattern(s string) error {
	if err := plain(s); err != nil {
		return err
	}
	if strings.ContainsAny(s, "?#") {
		return errors.New("paths are matched without their query string, so it can never match")
	}
	for _, seg := range strings.Split(s, "/") {
		if seg != "*" && seg != "**" && strings.Contains(seg, "*") {
			return errors.New("* and ** stand for whole segments (/img/*, /img/**), not for part of one")
		}
	}
	if _, err := aggregate.ParseRoute(s); err != nil {
		// ParseRoute names the route; the message names it already.
		msg, q := err.Error(), fmt.Sprintf("%q", s)
		if i := strings.Index(msg, q); i >= 0 {
			msg = strings.TrimLeft(msg[i+len(q):], ": ")
		}
		return errors.New(msg)
	}
	return nil
}

// method checks a request method, an HTTP token (matched in any case).
func method(s string) error {
	if err := plain(s); err != nil {
		return err
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return fmt.Errorf("a method is a word such as GET, and never holds %q", c)
		}
	}
	return nil
}

// clients reads the excluded clients as CIDR prefixes, written masked; a
// bare address is a prefix of one.
func clients(f *fields) []string {
	list, at, ok := f.strs("client")
	if !ok {
		return nil
	}
	var out []string
	for i, s := range list {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			a, aerr := netip.ParseAddr(s)
			if aerr != nil {
				f.d.errorf(at[i], "client %s is not a CIDR prefix such as 10.0.0.0/8 or 2001:db8::/32, nor an address", quote(s))
				continue
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		out = append(out, p.Masked().String())
	}
	return out
}

// maintenance checks a window "START/END" of RFC 3339 times.
func maintenance(s string) error {
	a, b, ok := strings.Cut(s, "/")
	if !ok {
		return errors.New("a window is START/END, two RFC 3339 times such as 2024-05-01T02:00:00Z/2024-05-01T03:00:00Z")
	}
	start, err1 := time.Parse(time.RFC3339, a)
	end, err2 := time.Parse(time.RFC3339, b)
	switch {
	case err1 != nil:
		return fmt.Errorf("the start %s is not an RFC 3339 time such as 2024-05-01T02:00:00Z", quote(a))
	case err2 != nil:
		return fmt.Errorf("the end %s is not an RFC 3339 time such as 2024-05-01T03:00:00Z", quote(b))
	case !start.Before(end):
		return errors.New("the window ends before it starts")
	}
	return nil
}

// statuses reads the status codes as --bad reads its list. A good list
// must name codes: "invalid" alone would read as 5xx,invalid.
func statuses(f *fields, role string) (string, aggregate.BadRule) {
	list, at, ok := f.strs("status")
	if !ok {
		return "", aggregate.BadRule{}
	}
	named := false
	for i, s := range list {
		if _, err := aggregate.ParseBadRule(s, ""); err != nil {
			var re *aggregate.RuleError
			if errors.As(err, &re) {
				err = re.Err
			}
			f.d.errorf(at[i], "status %s: %v", quote(s), err)
			return "", aggregate.BadRule{}
		}
		for _, item := range strings.Split(s, ",") {
			item = strings.ToLower(strings.TrimSpace(item))
			named = named || item != "" && item != aggregate.InvalidKeyword
		}
	}
	if role == "good" && !named {
		f.d.errorf(at[0], "status: a good status list must name codes or classes (2xx, 304)")
		return "", aggregate.BadRule{}
	}
	r, _ := aggregate.ParseBadRule(strings.Join(list, ","), "")
	return r.String(), r
}

// durationUnder reads a latency threshold, such as 300ms.
func durationUnder(f *fields) time.Duration {
	text, n, ok := f.str("durationUnder")
	if !ok {
		return 0
	}
	d, err := time.ParseDuration(text)
	if err != nil || d <= 0 {
		f.d.errorf(n, "durationUnder %s must be a positive duration such as 300ms or 1.5s", quote(text))
		return 0
	}
	return d
}
