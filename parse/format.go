package parse

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// Parser parses lines of one Format. A Parser keeps a timestamp cache, so
// each goroutine needs its own (Format.NewParser).
type Parser interface {
	// Parse fills r from line (with or without its "\n" or "\r\n") and
	// returns nil or one of the reason sentinels (ErrBadStatus, ...).
	Parse(line []byte, r *Record) error
}

// Format is a compiled log layout. It is immutable and safe to share.
type Format struct {
	// Name is a preset name ("combined") or "nginx" for a compiled string.
	Name string
	// Spec is the log_format string it was compiled from, if any.
	Spec string

	newParser func() Parser
}

// NewParser returns a fresh Parser for f.
func (f *Format) NewParser() Parser { return f.newParser() }

func (f *Format) String() string {
	if f.Spec != "" {
		return fmt.Sprintf("%s %q", f.Name, f.Spec)
	}
	return f.Name
}

// Combined and Common are the NCSA layouts every server can write. They share
// one lenient parser (see clfParser); the names record what was detected.
var (
	Combined = &Format{Name: "combined", newParser: newCLF}
	Common   = &Format{Name: "common", newParser: newCLF}
)

func newCLF() Parser { return &clfParser{} }

var presets = map[string]*Format{
	"combined": Combined,
	"common":   Common,
	"clf":      Common,
}

// Presets returns the names of the built-in formats, sorted.
func Presets() []string {
	names := make([]string, 0, len(presets))
	for n := range presets {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// ForFlag resolves the --log-format flag: a preset name or an nginx
// log_format string.
func ForFlag(s string) (*Format, error) {
	if f, ok := presets[strings.ToLower(strings.TrimSpace(s))]; ok {
		return f, nil
	}
	if strings.Contains(s, "$") {
		return Compile(s)
	}
	return nil, fmt.Errorf("unknown log format %q: give a preset (%s) or an nginx log_format string with $variables",
		s, strings.Join(Presets(), ", "))
}

// detectLines is how many non-blank lines Detect looks at.
const detectLines = 200

// Detect picks a Format from the first lines of an input. ok is false when
// no known format parses most of the sample; the caller then still gets
// Combined, and the lines will be counted as malformed.
func Detect(sample []byte) (f *Format, ok bool) {
	p := &clfParser{}
	var r Record
	var n, parsed, combined int
	for len(sample) > 0 && n < detectLines {
		line := sample
		if i := bytes.IndexByte(sample, '\n'); i >= 0 {
			line, sample = sample[:i], sample[i+1:]
		} else {
			sample = nil
		}
		if isBlank(trimEOL(line)) {
			continue
		}
		n++
		if p.Parse(line, &r) == nil {
			parsed++
			if r.Extra >= 2 {
				combined++
			}
		}
	}
	if parsed == 0 || parsed*2 < n {
		return Combined, false
	}
	if combined*2 >= parsed {
		return Combined, true
	}
	return Common, true
}
