package main

import (
	"fmt"
	"strings"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/parse"
)

// Detection, in parse, states what the lines of an input look like; the
// flags that give a layout are the CLI's, so it names them here, where
// its refusals and notes are printed.

// layoutFlags is how a user gives a layout that detection did not find.
const layoutFlags = "--log-format (a preset from `slareport formats`, or an nginx log_format string), --apache-format or --json-status"

// noteAdvice follows detection's note on a detected format, which is
// always a duration the format leaves unread (see parse.Detection.Note).
const noteAdvice = "; give the layout with --log-format to use it"

// moreJSONKeys ends every hint for JSON lines.
const moreJSONKeys = " (--json-duration, --json-path and the other --json-* flags name more keys)"

// detectError is detection's refusal as the CLI prints it: parse's
// account of the lines, then the flags that would read them.
type detectError struct{ err *parse.DetectError }

func (e *detectError) Error() string { return e.err.Error() + layoutAdvice(e.err) }
func (e *detectError) Unwrap() error { return e.err }

// withLayoutFlags gives detection's refusal the flags that settle it, in
// the error and in the report of what was read before it (sum, when the
// run returned one), which quotes it; other errors pass unchanged.
// aggregate.Run returns the refusal as parse made it, unwrapped.
func withLayoutFlags(err error, sum *aggregate.Summary) error {
	de, ok := err.(*parse.DetectError)
	if !ok {
		return err
	}
	err = &detectError{de}
	if sum != nil && sum.Incomplete == de.Error() {
		sum.Incomplete = err.Error()
	}
	return err
}

// layoutAdvice says which flags give the layout detection did not find,
// with the preset or key that looks right.
func layoutAdvice(e *parse.DetectError) string {
	switch {
	case e.Lines == 0:
		return ""
	case e.JSON != nil:
		return jsonAdvice(e.JSON)
	case e.Tie:
		return fmt.Sprintf("; say which they are with --log-format %s or --log-format %s", e.Closest[0].Format.Name, e.Closest[1].Format.Name)
	}
	var b strings.Builder
	if e.Duration != nil {
		b.WriteString(": a custom layout, whose log_format string --log-format takes, duration included")
	}
	if f := e.Likely; f != nil {
		fmt.Fprintf(&b, "; if it is %s, --log-format %s reads it and counts the other lines as malformed", f.Name, f.Name)
	}
	b.WriteString("; give the layout with " + layoutFlags)
	return b.String()
}

// jsonAdvice names the --json-* flag for the key JSON lines lack, with a
// key that looks right when there is one.
func jsonAdvice(h *parse.JSONHint) string {
	flag, what := "--json-status", "status"
	switch h.Lacks {
	case parse.JSONNoStatus:
	case parse.JSONNoTime:
		flag, what = "--json-time", "time"
	default:
		return "; name the keys with --json-status and --json-time" + moreJSONKeys
	}
	if h.Key != "" {
		return "; try " + flag + " " + h.Key + moreJSONKeys
	}
	return "; give the " + what + " key with " + flag + " KEY" + moreJSONKeys
}
