package aggregate

import (
	"fmt"
	"strconv"
	"strings"
)

// BadRule says which status codes count against availability. The default,
// the zero value's meaning, is every 5xx.
type BadRule struct {
	spec string
	bad  *[1000]bool // nil: the default, 5xx
}

// DefaultBadRule counts every 5xx as bad.
var DefaultBadRule = BadRule{}

// ParseBadRule builds a rule from --bad and --good lists such as "5xx,429"
// and "501,505": a code is bad when the bad list names it or its class and
// the good list does not. An empty bad list means 5xx.
func ParseBadRule(bad, good string) (BadRule, error) {
	if strings.TrimSpace(bad) == "" && strings.TrimSpace(good) == "" {
		return DefaultBadRule, nil
	}
	if strings.TrimSpace(bad) == "" {
		bad = "5xx"
	}
	var set [1000]bool
	if err := markCodes(&set, bad, true); err != nil {
		return BadRule{}, fmt.Errorf("--bad: %w", err)
	}
	if err := markCodes(&set, good, false); err != nil {
		return BadRule{}, fmt.Errorf("--good: %w", err)
	}
	spec := normList(bad)
	if g := normList(good); g != "" {
		spec += " except " + g
	}
	return BadRule{spec: spec, bad: &set}, nil
}

// markCodes sets set[code] = v for every code or class ("4xx", "5XX") in
// the comma-separated list.
func markCodes(set *[1000]bool, list string, v bool) error {
	for _, item := range strings.Split(list, ",") {
		item = strings.ToLower(strings.TrimSpace(item))
		switch {
		case item == "":
		case len(item) == 3 && item[1:] == "xx" && item[0] >= '1' && item[0] <= '5':
			c := int(item[0]-'0') * 100
			for code := c; code < c+100; code++ {
				set[code] = v
			}
		default:
			code, err := strconv.Atoi(item)
			if err != nil || code < 0 || code > 999 {
				return fmt.Errorf("%q is neither a status code (0–999) nor a class like 5xx", item)
			}
			set[code] = v
		}
	}
	return nil
}

func normList(list string) string {
	var out []string
	for _, item := range strings.Split(list, ",") {
		if item = strings.ToLower(strings.TrimSpace(item)); item != "" {
			out = append(out, item)
		}
	}
	return strings.Join(out, ",")
}

// IsBad reports whether a request with this status counts against
// availability. Codes outside 0..999 are never bad.
func (r BadRule) IsBad(code int) bool {
	if code < 0 || code > 999 {
		return false
	}
	if r.bad == nil {
		return code >= 500 && code <= 599
	}
	return r.bad[code]
}

// String returns the rule as written in reports, e.g. "5xx" or
// "5xx,429 except 501".
func (r BadRule) String() string {
	if r.bad == nil {
		return "5xx"
	}
	return r.spec
}

// table returns a lookup table for the hot loop.
func (r BadRule) table() *[1000]bool {
	if r.bad != nil {
		return r.bad
	}
	var t [1000]bool
	for c := 500; c <= 599; c++ {
		t[c] = true
	}
	return &t
}
