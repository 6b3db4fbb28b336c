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

func compileApache(spec string) ([]step, error) {
	body, err := apacheDirective(spec)
	if err != nil {
		return nil, err
	}
	var steps []step
	var lit []byte
	flushLit := func() {
		if len(lit) > 0 {
			steps = append(steps, step{slot: slot{field: fLiteral}, lit: lit})
			lit = nil
		}
	}
	addLit := func(s string) {
		lit = append(lit, s...)
	}
	final, status := false, 0
	for i := 0; i < len(body); {
		c := body[i]
		if c != '%' {
			lit = append(lit, c)
			i++
			continue
		}
		start, j := i, i+1
		for j < len(body) && strings.IndexByte("!0123456789,<>", body[j]) >= 0 {
			j++
		}
		mods := body[i+1 : j]
		var arg string
		if j < len(body) && body[j] == '{' {
			end := strings.IndexByte(body[j:], '}')
			if end < 0 {
				return nil, fmt.Errorf("apache format %q: %%{ without }", spec)
			}
			arg, j = body[j+1:j+end], j+end+1
		}
		if j >= len(body) {
			return nil, fmt.Errorf("apache format %q ends inside a directive", spec)
		}
		letter := body[j]
		name := body[i : j+1]
		i = j + 1
		if letter == '%' {
			addLit("%")
			continue
		}
		if letter == '^' { // %{name}^ti, ^to: trailers
			if i+2 > len(body) {
				return nil, fmt.Errorf("apache format %q ends inside a directive", spec)
			}
			name = body[start : i+2]
			i += 2
			letter = 0
		}
		s, err := apacheSlot(letter, arg)
		if err != nil {
			return nil, fmt.Errorf("apache format %q: %s: %w", spec, name, err)
		}
		s.name = name
		if letter == 't' && arg == "" {
			addLit("[")
		}
		flushLit()
		if s.field == fStatus {
			status++
			if strings.Contains(mods, ">") {
				final = true
				s.unit = 1 // marks the final status, see below
			}
		}
		steps = append(steps, step{slot: s})
		if letter == 't' && arg == "" {
			addLit("]")
		}
	}
	flushLit()
	if status == 0 {
		return nil, fmt.Errorf("apache format %q has no %%s or %%>s: availability needs the status", spec)
	}
	for k := range steps {
		// With both %s and %>s logged, the final status (after internal
		// redirects) is the one the client saw.
		if s := &steps[k].slot; s.field == fStatus {
			if final && s.unit != 1 {
				s.field = fOpaque
			}
			s.unit = 0
		}
	}
	steps = mergeURI(steps)
	if a, b, ok := adjacent(steps); ok {
		return nil, fmt.Errorf("apache format %q: %s follows %s with nothing between them, so their values cannot be told apart", spec, b, a)
	}
	link(steps)
	return steps, nil
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
