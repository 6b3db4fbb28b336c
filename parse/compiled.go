package parse

import "bytes"

// step is one piece of a compiled nginx or Apache format: a literal to
// match, or a value that runs up to the next literal (until).
type step struct {
	slot
	lit    []byte // the literal (fLiteral)
	until  []byte // the literal after a value; nil when the value ends the line
	quoted bool   // the value sits inside "...": skip backslash-escaped quotes
	list   bool   // the value may be a list ("502, 200"): skip ", " and " : "
	last   bool   // the value is the last quoted field: a missing closing quote is forgiven
	final  bool   // until is the format's last literal, so it must end the line
}

// link fills in what each value step needs to know about its neighbours.
func link(steps []step) {
	for i := range steps {
		s := &steps[i]
		if s.field == fLiteral {
			continue
		}
		if i > 0 && bytes.HasSuffix(steps[i-1].lit, []byte(`"`)) {
			s.quoted = true
		}
		if i+1 < len(steps) {
			s.until = steps[i+1].lit
		}
		s.list = s.field == fUpstreamAddr || s.field == fUpstreamStatus || s.field == fUpstreamTime
		s.final = i+2 == len(steps)
		s.last = s.quoted && s.final && string(s.until) == `"`
	}
}

// stepParser runs a compiled format over a line.
type stepParser struct {
	steps []step
	assigner
}

func (p *stepParser) Parse(line []byte, r *Record) error {
	if err := p.parse(line, r); err != nil {
		return failed(line, err)
	}
	return nil
}

func (p *stepParser) parse(line []byte, r *Record) error {
	p.begin(r)
	line = trimEOL(line)
	if isBlank(line) {
		return ErrEmpty
	}
	rest := line
	steps := p.steps
	for i := 0; i < len(steps); i++ {
		s := &steps[i]
		if s.field == fLiteral {
			if !hasPrefix(rest, s.lit) {
				if len(rest) == 0 {
					return ErrTruncated
				}
				return ErrMismatch
			}
			rest = rest[len(s.lit):]
			continue
		}
		var n int
		switch {
		case s.until == nil:
			n = len(rest)
		case s.final && hasSuffix(rest, s.until):
			// The last literal ends the line, so the value is all
			// before it: no scan of what is often the longest field
			// (the user agent), and a stray quote inside it is no
			// harm.
			n = len(rest) - len(s.until)
		case s.field == fTimeLocal && len(rest) > clfLen && hasPrefix(rest[clfLen:], s.until) && !s.quoted:
			n = clfLen // the usual fixed-width time: no search
		default:
			n = valueEnd(rest, s)
		}
		if n < 0 {
			if !s.last {
				return ErrTruncated
			}
			// A truncated user agent: the status is already read.
			n, r.Recovered = len(rest), true
			if err := p.assign(&s.slot, rest, r); err != nil {
				return err
			}
			p.finish(r)
			return nil
		}
		if err := p.assign(&s.slot, rest[:n], r); err != nil {
			return err
		}
		// valueEnd has matched the literal that follows: skip it.
		rest = rest[n+len(s.until):]
		if s.until != nil {
			i++
		}
	}
	p.finish(r)
	return nil
}

// valueEnd returns the length of the value at the start of b: up to the
// following literal, or the whole rest at the end of the format; -1 when
// the literal is missing.
func valueEnd(b []byte, s *step) int {
	if s.until == nil {
		return len(b)
	}
	if s.quoted {
		from := 0
		for {
			n := quotedEnd(b[from:])
			if n < 0 {
				return -1
			}
			if hasPrefix(b[from+n:], s.until) {
				return from + n
			}
			from += n + 1
		}
	}
	if !s.list || s.until[0] != ' ' {
		return index(b, s.until)
	}
	from := 0
	for {
		n := bytes.Index(b[from:], s.until)
		if n < 0 {
			return -1
		}
		i := from + n
		if i > 0 && (b[i-1] == ',' || b[i-1] == ':') || bytes.HasPrefix(b[i:], []byte(" : ")) {
			from = i + 1
			continue
		}
		return i
	}
}

// mergeURI joins a path directly followed by its query string (nginx
// `$uri$is_args$args`, Apache `%U%q`), the one pair of adjacent values
// that can be told apart: at the '?'.
func mergeURI(steps []step) []step {
	out := steps[:0]
	for i := 0; i < len(steps); i++ {
		s := steps[i]
		if s.field == fURI {
			j := i + 1
			if j < len(steps) && steps[j].name == "$is_args" {
				j++
			}
			if j < len(steps) && steps[j].field == fArgs {
				s.field = fURIQuery
				s.name += steps[j].name
				i = j
			}
		}
		out = append(out, s)
	}
	return out
}

// adjacent finds two values with nothing between them: where one
// ends and the next begins could not be told.
func adjacent(steps []step) (a, b string, ok bool) {
	for i := 1; i < len(steps); i++ {
		if steps[i].field != fLiteral && steps[i-1].field != fLiteral {
			return steps[i-1].name, steps[i].name, true
		}
	}
	return "", "", false
}

// hasPrefix is bytes.HasPrefix for the short literals of a format, where
// the call into the assembly comparison costs more than the comparison.
func hasPrefix(b, lit []byte) bool {
	if len(b) < len(lit) {
		return false
	}
	for i, c := range lit {
		if b[i] != c {
			return false
		}
	}
	return true
}

func hasSuffix(b, lit []byte) bool {
	return len(b) >= len(lit) && hasPrefix(b[len(b)-len(lit):], lit)
}

// index is bytes.Index for a short literal: find its first byte, then
// check the rest, which almost always matches at the first try.
func index(b, lit []byte) int {
	from := 0
	for {
		n := bytes.IndexByte(b[from:], lit[0])
		if n < 0 {
			return -1
		}
		i := from + n
		if hasPrefix(b[i:], lit) {
			return i
		}
		from = i + 1
	}
}
