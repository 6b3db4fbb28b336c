package openslo

import (
	"errors"
	"strings"
	"time"

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
	m.Hosts = patterns(f, "host", aggregate.FieldHosts)
	m.Paths = patterns(f, "path", aggregate.FieldPaths)
	m.Methods = patterns(f, "method", aggregate.FieldMethods)
	if ef := d.mapping(f.get("exclude"), "the exclude", excludeKeys, nil); ef != nil {
		m.ExcludePaths = patterns(ef, "path", aggregate.FieldExcludePaths)
		m.ExcludeHosts = patterns(ef, "host", aggregate.FieldExcludeHosts)
		m.ExcludeClients = patterns(ef, "client", aggregate.FieldExcludeClients)
		m.ExcludeUserAgents = patterns(ef, "userAgent", aggregate.FieldExcludeUserAgents)
		m.ExcludeBots, _, _ = ef.boolean("bots")
		m.ExcludeWindows = patterns(ef, "windows", aggregate.FieldExcludeWindows)
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

// patterns reads key as one pattern or a list of them, for field of the
// request filters. Each value is checked alone by aggregate.NewSelector,
// which the --host, --path and other filter flags go through too, so that
// a file and the flags take the same patterns; alone, so that every wrong
// value is reported at its own place. The values are kept as written,
// but for clients, which are kept as NewSelector writes them: masked, a
// bare address as a prefix of one (192.0.2.7/32).
func patterns(f *fields, key string, field aggregate.SelectorField) []string {
	list, at, ok := f.strs(key)
	if !ok {
		return nil
	}
	var out []string
	for i, s := range list {
		sel, err := aggregate.NewSelector(oneValue(field, s))
		if err != nil {
			var se *aggregate.SelectorError
			if errors.As(err, &se) {
				err = se.Err // the message names the key and the value itself
			}
			f.d.errorf(at[i], "%s %s: %v", key, quote(s), err)
			continue
		}
		if field == aggregate.FieldExcludeClients {
			s = sel.Spec().ExcludeClients[0]
		}
		out = append(out, s)
	}
	return out
}

// oneValue returns the spec whose field holds v and nothing else.
func oneValue(field aggregate.SelectorField, v string) aggregate.SelectorSpec {
	var spec aggregate.SelectorSpec
	list := spec.List(field)
	if list == nil {
		panic("openslo: no selector field " + field.String())
	}
	*list = []string{v}
	return spec
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
