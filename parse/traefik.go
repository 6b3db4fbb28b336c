package parse

// traefikParser reads Traefik's CLF access log:
//
//	%h - %u [%t] "%r" %>s %b "referer" "user agent" count "router" "backend" Nms
//
// Traefik writes an empty referer or user agent as `"-"` in some versions
// and as a bare `-` in others, so the line is read by the NCSA parser,
// which takes quoted and bare fields alike, and the six fields after the
// size are then checked for Traefik's shape: a request count and a
// duration in milliseconds, both unquoted.
type traefikParser struct {
	clf clfParser
}

func newTraefik() Parser { return &traefikParser{} }

func (p *traefikParser) Parse(line []byte, r *Record) error {
	if err := p.parse(line, r); err != nil {
		return failed(line, err)
	}
	return nil
}

func (p *traefikParser) parse(line []byte, r *Record) error {
	if err := p.clf.parse(line, r); err != nil {
		return err
	}
	if r.Extra != 6 {
		return ErrMismatch
	}
	t := &p.clf.tail
	count, ms := t[2], t[5]
	if count.quoted || ms.quoted || !(isDash(count.v) || isDigits(count.v)) {
		return ErrMismatch
	}
	d, ok := cutSuffix(ms.v, "ms")
	if !ok || !isDigits(d) {
		r.Bad = ms.v
		return ErrMismatch
	}
	n, _ := parseUint(d)
	r.Duration = float64(n) * 1e-3
	return nil
}

func isDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

func cutSuffix(b []byte, suffix string) ([]byte, bool) {
	if len(b) < len(suffix) || string(b[len(b)-len(suffix):]) != suffix {
		return b, false
	}
	return b[:len(b)-len(suffix)], true
}
