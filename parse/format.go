package parse

import (
	"fmt"
	"strings"
)

// Parser parses lines of one Format. A Parser keeps a timestamp cache, so
// each goroutine needs its own (Format.NewParser).
type Parser interface {
	// Parse fills r from line (with or without its "\n" or "\r\n") and
	// returns nil, ErrComment for a comment or header line, ErrEmpty for
	// a blank line, or one of the reason sentinels (ErrBadStatus, ...).
	Parse(line []byte, r *Record) error
}

// Format is a compiled log layout. It is immutable and safe to share.
type Format struct {
	// Name is a preset name ("combined"), or "nginx", "apache" or "json"
	// for a layout given on the command line.
	Name string
	// Title says what the layout is in words, for people: "Apache/nginx
	// combined".
	Title string
	// Spec is what the layout was built from, if anything: an nginx
	// log_format or Apache LogFormat string, a #Fields list, JSON keys.
	Spec string
	// Example is a line in this layout, for `slareport formats`.
	Example string
	// Family groups a preset with its kind in `slareport formats`
	// (WebServers, Proxies, Cloud, JSONLogs); empty for other formats.
	Family string

	newParser func() Parser
	newLean   func() Parser // nil: NewLeanParser is NewParser
	// directive, when set, reads a directive line of a file in this
	// layout: see Directive.
	directive func(line []byte) (*Format, bool)
	// lenient marks a format that reads a whole family of layouts loosely
	// (the NCSA parser, JSON's automatic keys): detection prefers a more
	// specific format that reads a sample as well.
	lenient bool
}

// Directive tells what a comment line means for a file read as f. For W3C
// and CloudFront a `#Fields:` line announces the layout of the lines after
// it, wherever it stands: IIS writes the header again after every restart,
// possibly with other fields. Directive returns that layout (f itself when
// it is f's own) and true, or nil and false when line announces nothing.
func (f *Format) Directive(line []byte) (*Format, bool) {
	if f.directive == nil {
		return nil, false
	}
	return f.directive(line)
}

// HasDirectives reports whether a file read as f may change its layout
// midway through directive lines (see Directive).
func (f *Format) HasDirectives() bool { return f.directive != nil }

// NewParser returns a fresh Parser for f.
func (f *Format) NewParser() Parser { return f.newParser() }

// NewLeanParser returns a Parser that may leave the fields after the
// response size unread: Referer, UserAgent and Extra stay empty, and damage
// there is neither seen nor marked Recovered. A parser that stops there
// leaves the raw bytes in Record.Tail, for SplitTail. Counting requests needs
// none of them, and the user agent is most of a combined line: skipping it
// makes the NCSA parser about a quarter cheaper.
func (f *Format) NewLeanParser() Parser {
	if f.newLean != nil {
		return f.newLean()
	}
	return f.newParser()
}

func (f *Format) String() string {
	if f.Spec != "" {
		return fmt.Sprintf("%s %q", f.Name, f.Spec)
	}
	return f.Name
}

// ForFlag resolves the --log-format flag: a preset name, an nginx
// log_format string, an Apache LogFormat string (it uses % directives and
// no $variables), or a W3C `#Fields:` line.
func ForFlag(s string) (*Format, error) {
	if f, ok := Preset(s); ok {
		return f, nil
	}
	t := strings.TrimSpace(s)
	if names, ok := fieldsDirective([]byte(t)); ok {
		return w3cFromHeader(names, strings.Contains(s, "x-edge-")), nil
	}
	if strings.Contains(s, "$") {
		return Compile(s)
	}
	if strings.Contains(s, "%") {
		return CompileApache(s)
	}
	return nil, fmt.Errorf("unknown log format %q: give a preset (%s; see slareport formats), an nginx log_format string with $variables or an Apache LogFormat string with %% directives",
		s, strings.Join(Presets(), ", "))
}
