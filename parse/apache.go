package parse

import (
	"fmt"
	"strings"
)

// CompileApache builds a parser for an Apache LogFormat string such as
//
//	%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"
//
// It understands the directives of mod_log_config, with their modifiers
// (`%>s`, `%400,501{User-agent}i`, `%!200s`); `%{format}t` takes a strftime
// layout or sec, msec, usec. The string may be pasted from httpd.conf with
// its `\"` escapes, or as a whole `LogFormat "..." nickname` line. Like
// Compile, the result allocates nothing per line.
func CompileApache(spec string) (*Format, error) {
	steps, err := compileApache(spec)
	if err != nil {
		return nil, err
	}
	return &Format{Name: "apache", Title: "Apache LogFormat", Spec: spec, newParser: func() Parser {
		return &stepParser{steps: steps}
	}}, nil
}

// compileApache reads spec's directives into steps: literal text between
// them, a value step for each directive, and the checks that the status is
// logged and that every value can be told from the next.
func compileApache(spec string) ([]step, error) {
	body, err := apacheDirective(spec)
	if err != nil {
		return nil, err
	}
	var a apacheSteps
	for i := 0; i < len(body); {
		if body[i] != '%' {
			a.lit = append(a.lit, body[i])
			i++
			continue
		}
		d, next, err := readLogDirective(spec, body, i)
		if err != nil {
			return nil, err
		}
		i = next
		if d.letter == '%' {
			a.addLit("%")
			continue
		}
		s, err := apacheSlot(d.letter, d.arg)
		if err != nil {
			return nil, fmt.Errorf("apache format %q: %s: %w", spec, d.name, err)
		}
		a.add(d, s)
	}
	a.flushLit()
	if a.status == 0 {
		return nil, fmt.Errorf("apache format %q has no %%s or %%>s: availability needs the status", spec)
	}
	steps := mergeURI(a.finalStatus())
	if prev, next, ok := adjacent(steps); ok {
		return nil, fmt.Errorf("apache format %q: %s follows %s with nothing between them, so their values cannot be told apart", spec, next, prev)
	}
	link(steps)
	return steps, nil
}

// logDirective is one %-directive of a LogFormat string, such as
// `%400,501{User-agent}i`.
type logDirective struct {
	name   string // as written, for messages
	mods   string // the modifiers between % and the letter: `>`, `!200`
	arg    string // the {argument}, without its braces
	letter byte   // 0 for a trailer, %{name}^ti or ^to
}

// readLogDirective reads the directive that starts with the '%' at
// body[i], and returns it with the index after it.
func readLogDirective(spec, body string, i int) (logDirective, int, error) {
	var d logDirective
	j := i + 1
	for j < len(body) && strings.IndexByte("!0123456789,<>", body[j]) >= 0 {
		j++
	}
	d.mods = body[i+1 : j]
	if j < len(body) && body[j] == '{' {
		end := strings.IndexByte(body[j:], '}')
		if end < 0 {
			return d, 0, fmt.Errorf("apache format %q: %%{ without }", spec)
		}
		d.arg, j = body[j+1:j+end], j+end+1
	}
	if j >= len(body) {
		return d, 0, fmt.Errorf("apache format %q ends inside a directive", spec)
	}
	d.letter, d.name = body[j], body[i:j+1]
	next := j + 1
	if d.letter == '^' { // %{name}^ti, ^to: trailers
		if next+2 > len(body) {
			return d, 0, fmt.Errorf("apache format %q ends inside a directive", spec)
		}
		d.name, d.letter = body[i:next+2], 0
		next += 2
	}
	return d, next, nil
}

// apacheSteps collects the steps of an Apache format as its directives
// are read: literal text gathers in lit until the next value.
type apacheSteps struct {
	steps  []step
	lit    []byte
	status int  // %s and %>s directives seen
	final  bool // one of them is %>s
}

func (a *apacheSteps) addLit(s string) {
	a.lit = append(a.lit, s...)
}

// flushLit ends the literal text gathered so far with a step.
func (a *apacheSteps) flushLit() {
	if len(a.lit) > 0 {
		a.steps = append(a.steps, step{slot: slot{field: fLiteral}, lit: a.lit})
		a.lit = nil
	}
}

// add appends the value step s for directive d. A plain %t stands for
// the time in brackets, as Apache writes it.
func (a *apacheSteps) add(d logDirective, s slot) {
	s.name = d.name
	bracketed := d.letter == 't' && d.arg == ""
	if bracketed {
		a.addLit("[")
	}
	a.flushLit()
	if s.field == fStatus {
		a.status++
		if strings.Contains(d.mods, ">") {
			a.final = true
			s.unit = 1 // marks the final status, see finalStatus
		}
	}
	a.steps = append(a.steps, step{slot: s})
	if bracketed {
		a.addLit("]")
	}
}

// finalStatus returns the steps with one status read: with both %s and
// %>s logged, the final status (after internal redirects) is the one the
// client saw, and %s is skipped.
func (a *apacheSteps) finalStatus() []step {
	for k := range a.steps {
		if s := &a.steps[k].slot; s.field == fStatus {
			if a.final && s.unit != 1 {
				s.field = fOpaque
			}
			s.unit = 0
		}
	}
	return a.steps
}

// apacheSlot maps one directive to its field.
func apacheSlot(letter byte, arg string) (slot, error) {
	switch letter {
	case 'a', 'h':
		return slot{field: fRemoteAddr}, nil
	case 'b', 'B':
		return slot{field: fBodyBytes}, nil
	case 'O':
		return slot{field: fBytesSent}, nil
	case 'D':
		return slot{field: fDuration, scale: 1e-6}, nil
	case 'T':
		switch arg {
		case "", "s":
			return slot{field: fDuration}, nil
		case "ms":
			return slot{field: fDuration, scale: 1e-3}, nil
		case "us":
			return slot{field: fDuration, scale: 1e-6}, nil
		}
		return slot{}, fmt.Errorf("unknown unit %q (s, ms or us)", arg)
	case 'H':
		return slot{field: fProtocol}, nil
	case 'm':
		return slot{field: fMethod}, nil
	case 'p':
		return slot{field: fPort}, nil
	case 'q':
		return slot{field: fArgs}, nil
	case 'r':
		return slot{field: fRequest}, nil
	case 's':
		return slot{field: fStatus}, nil
	case 'u':
		return slot{field: fRemoteUser}, nil
	case 'U':
		return slot{field: fURI}, nil
	case 'v', 'V':
		return slot{field: fHost}, nil
	case 'i':
		switch strings.ToLower(arg) {
		case "referer", "referrer":
			return slot{field: fReferer}, nil
		case "user-agent":
			return slot{field: fUserAgent}, nil
		case "host":
			return slot{field: fHost}, nil
		case "x-forwarded-proto":
			return slot{field: fScheme}, nil
		}
		return slot{field: fOpaque}, nil
	case 't':
		return apacheTime(arg)
	case 'A', 'C', 'e', 'f', 'I', 'k', 'l', 'L', 'n', 'o', 'P', 'R', 'S', 'X', 0:
		return slot{field: fOpaque}, nil
	}
	return slot{}, fmt.Errorf("unknown directive")
}

// apacheTime maps %{format}t. Apache's begin: and end: prefixes choose
// the moment, which does not matter at a report's resolution.
func apacheTime(arg string) (slot, error) {
	arg = strings.TrimPrefix(strings.TrimPrefix(arg, "begin:"), "end:")
	switch arg {
	case "":
		return slot{field: fTimeLocal}, nil
	case "sec":
		return slot{field: fTimeEpoch, unit: unitSec}, nil
	case "msec":
		return slot{field: fTimeEpoch, unit: unitMilli}, nil
	case "usec":
		return slot{field: fTimeEpoch, unit: unitMicro}, nil
	case "msec_frac", "usec_frac":
		return slot{field: fOpaque}, nil
	case "%d/%b/%Y:%H:%M:%S %z":
		return slot{field: fTimeLocal}, nil
	}
	l, err := compileLayout(arg)
	if err != nil {
		return slot{}, err
	}
	return slot{field: fTimeLayout, layout: l}, nil
}

// apacheDirective undoes httpd.conf quoting: a whole `LogFormat "..." name`
// line gives its format string, and `\"`, `\t`, `\n`, `\\` become the
// characters they stand for.
func apacheDirective(s string) (string, error) {
	t := strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(t, "LogFormat "); ok {
		rest = strings.TrimSpace(rest)
		if len(rest) == 0 || rest[0] != '"' {
			return "", fmt.Errorf("apache format %q: LogFormat needs a quoted format string", s)
		}
		end := -1
		for k := 1; k < len(rest); k++ {
			if rest[k] == '\\' {
				k++
				continue
			}
			if rest[k] == '"' {
				end = k
				break
			}
		}
		if end < 0 {
			return "", fmt.Errorf("apache format %q: unterminated format string", s)
		}
		t = rest[1:end]
	} else {
		t = s
	}
	if !strings.Contains(t, `\`) {
		return t, nil
	}
	var b strings.Builder
	for k := 0; k < len(t); k++ {
		if t[k] != '\\' || k+1 == len(t) {
			b.WriteByte(t[k])
			continue
		}
		k++
		switch t[k] {
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		default:
			b.WriteByte(t[k])
		}
	}
	return b.String(), nil
}
