package aggregate

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/slareport/slareport/reference"
)

// BadRule says which requests count against availability, which count for
// it, and which are not judged at all. The default, the zero value's
// meaning: every 5xx is bad, every other valid status (100–599) good, and
// a request without a valid status (0, 000, 600, ...: the server logged no
// response) is not judged — left out of availability, counted and shown.
type BadRule struct {
	spec string
	bad  *[1000]bool // nil: the default, 5xx
	// invalid says how requests without a valid status are judged:
	// invalidSkip (the default), invalidBad or invalidGood.
	invalid int8
}

const (
	invalidSkip = iota
	invalidBad
	invalidGood
)

// InvalidKeyword names, in --bad and --good lists, the requests whose
// status lies outside 100–599.
const InvalidKeyword = "invalid"

// DefaultBadRule counts every 5xx as bad.
var DefaultBadRule = BadRule{}

// ParseBadRule builds a rule from bad and good lists such as "5xx,429" and
// "501,505": a code is bad when the bad list names it or its class and
// the good list does not. A bad list that names no code or class means
// 5xx. "invalid" in either list judges the requests without a valid status
// as bad or good; without it they are not judged. So "invalid" alone as
// the bad list is "5xx,invalid": it never makes 5xx good.
func ParseBadRule(bad, good string) (BadRule, error) {
	if strings.TrimSpace(bad) == "" && strings.TrimSpace(good) == "" {
		return DefaultBadRule, nil
	}
	var r BadRule
	var set [1000]bool
	named, err := r.mark(&set, bad, true)
	if err != nil {
		return BadRule{}, &RuleError{List: "bad", Err: err}
	}
	if named == 0 {
		bad = "5xx," + bad
		r.mark(&set, "5xx", true) // cannot fail
	}
	if _, err := r.mark(&set, good, false); err != nil {
		return BadRule{}, &RuleError{List: "good", Err: err}
	}
	r.spec = normList(bad)
	if g := normList(good); g != "" {
		r.spec += " except " + g
	}
	if r.spec == DefaultBadRule.String() {
		return DefaultBadRule, nil
	}
	r.bad = &set
	return r, nil
}

// RuleError is a bad or good list that could not be read; List is "bad"
// or "good". Its message names the list in words; a caller that took the
// lists from flags names the flag instead.
type RuleError struct {
	List string
	Err  error
}

func (e *RuleError) Error() string { return "the " + e.List + " list: " + e.Err.Error() }
func (e *RuleError) Unwrap() error { return e.Err }

// mark sets set[code] = v for every code or class ("4xx", "5XX") in the
// comma-separated list, and the rule's judgement of invalid statuses for
// "invalid". It returns how many codes and classes the list named.
func (r *BadRule) mark(set *[1000]bool, list string, v bool) (named int, err error) {
	for _, item := range strings.Split(list, ",") {
		item = strings.ToLower(strings.TrimSpace(item))
		switch {
		case item == "":
		case item == InvalidKeyword:
			r.invalid = map[bool]int8{true: invalidBad, false: invalidGood}[v]
		case len(item) == 3 && item[1:] == "xx" && item[0] >= '1' && item[0] <= '5':
			named++
			c := int(item[0]-'0') * 100
			for code := c; code < c+100; code++ {
				set[code] = v
			}
		default:
			code, err := strconv.Atoi(item)
			if err != nil || code < 0 || code > 999 {
				return named, fmt.Errorf("%q is neither a status code (100–599) nor a class like 5xx, nor %q", item, InvalidKeyword)
			}
			if reference.ClassOf(code) == 0 {
				return named, fmt.Errorf("%d is not a valid status (100–599): name %q to judge every request without one", code, InvalidKeyword)
			}
			named++
			set[code] = v
		}
	}
	return named, nil
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
	if reference.ClassOf(code) == 0 {
		return r.invalid == invalidBad
	}
	if r.bad == nil {
		return code >= 500 && code <= 599
	}
	return r.bad[code]
}

// Judges reports whether a request with this status counts towards
// availability at all, as good or bad.
func (r BadRule) Judges(code int) bool {
	return reference.ClassOf(code) != 0 || r.invalid != invalidSkip
}

// JudgesInvalid reports whether requests without a valid status are judged
// (as bad or good) rather than left out.
func (r BadRule) JudgesInvalid() bool { return r.invalid != invalidSkip }

// String returns the rule as written in reports, e.g. "5xx" or
// "5xx,429 except 501".
func (r BadRule) String() string {
	if r.spec == "" {
		return "5xx"
	}
	return r.spec
}

// Verdicts of a request, as the hot loop's table holds them; keyStat
// indexes its counts by them.
const (
	verdictGood uint8 = 0
	verdictBad  uint8 = 1
	verdictSkip uint8 = 2 // not judged: no valid status
)

// table returns the verdict of every status 0..999 for the hot loop.
func (r BadRule) table() *[1000]uint8 {
	var t [1000]uint8
	for c := range t {
		switch {
		case !r.Judges(c):
			t[c] = verdictSkip
		case r.IsBad(c):
			t[c] = verdictBad
		}
	}
	return &t
}

// ParseRuleSpec reads BadRule.String() back: "5xx", or "5xx,429 except 501".
// A list it cannot read is named as the flag that sets it, as the messages
// of summaries with a damaged rule always have.
func ParseRuleSpec(spec string) (BadRule, error) {
	if spec == DefaultBadRule.String() {
		return DefaultBadRule, nil
	}
	bad, good, _ := strings.Cut(spec, " except ")
	if strings.TrimSpace(bad) == "" {
		return BadRule{}, fmt.Errorf("bad rule %q names no codes", spec)
	}
	r, err := ParseBadRule(bad, good)
	if re, ok := err.(*RuleError); ok {
		return BadRule{}, fmt.Errorf("--%s: %w", re.List, re.Err)
	}
	return r, err
}
