package parse

import "bytes"

// clfParser reads the NCSA family: common (`%h %l %u %t "%r" %>s %b`),
// combined (plus "%{Referer}i" "%{User-Agent}i") and their nginx variants
// with trailing fields (nginx "main" adds "$http_x_forwarded_for"). One
// lenient parser serves them all, so a file is never misread because its
// first lines were misjudged:
//
//   - host, ident and user are the tokens before '['; missing ones are empty
//     (NASA's trace has lines like `- [31/Aug/1995:23:56:31 -0400] ...`);
//   - the request may contain unescaped quotes: it ends at the first '"'
//     that is followed by a space and a status token;
//   - any number of fields may follow the size; the first two are the
//     referer and user agent, and a last quoted field may lack its closing
//     quote (a truncated user agent still leaves a countable request).
type clfParser struct {
	clfCache
	// lean stops after the size: the referer, user agent and any further
	// fields are left unread (see Format.NewLeanParser).
	lean bool
	// tail holds the first fields after the size of the last line read,
	// Extra of them at most: Traefik gives them meaning, and detection
	// looks there for a duration.
	tail [maxTail]clfField
}

// maxTail is how many fields after the size a clfParser keeps.
const maxTail = 8

// clfField is one field after the size: its text, without the quotes if
// it had them.
type clfField struct {
	v      []byte
	quoted bool
}

func (p *clfParser) Parse(line []byte, r *Record) error {
	if err := p.parse(line, r); err != nil {
		return failed(line, err)
	}
	return nil
}

func (p *clfParser) parse(line []byte, r *Record) error {
	r.reset()
	line = trimEOL(line)
	if isBlank(line) {
		return ErrEmpty
	}

	// The time is the bracket just before the request's opening quote;
	// looking for `] "` first keeps a '[' in a user name (or a bracketed
	// IPv6 host) from being taken for the time.
	close := timeClose(line)
	if close < 0 {
		return p.whyNoTime(line, r)
	}
	// A CLF time has a fixed width and shape; look there before scanning
	// back byte by byte.
	open := close - clfLen - 1
	if open < 0 || !clfShaped(line[open:close]) {
		open = bytes.LastIndexByte(line[:close], '[')
	}
	if open < 0 {
		return ErrTruncated
	}
	p.splitPrefix(line[:open], r)
	// parseTime, spelled out to save a call on every line.
	if t, ok := p.parseCLF(line[open+1 : close]); ok {
		r.Time, r.HasTime = t, true
	} else {
		p.otherTime(line[open+1:close], r)
	}
	rest := line[close+3:] // past `] "`, which timeClose found
	q := requestEnd(rest)
	if q < 0 {
		r.Bad = rest
		return ErrBadRequest
	}
	r.Request = rest[:q]
	splitRequest(r)
	rest = rest[q+2:] // past `" `

	if status, size, next, ok := statusSize(rest); ok {
		r.Status, r.Bytes, rest = status, size, next
	} else {
		status, next := shortToken(rest)
		if err := parseStatus(status, r); err != nil {
			return err
		}
		size, next := shortToken(next)
		if len(size) == 0 {
			return ErrTruncated
		}
		if err := parseBytes(size, r); err != nil {
			return err
		}
		rest = next
	}
	if p.lean {
		r.Tail = rest
		return nil
	}

	for len(rest) > 0 {
		f, quoted, cut, next := tailField(rest)
		rest = next
		if cut {
			r.Recovered = true
		}
		switch r.Extra {
		case 0:
			r.Referer = f
		case 1:
			r.UserAgent = f
		}
		if r.Extra < maxTail {
			p.tail[r.Extra] = clfField{f, quoted}
		}
		r.Extra++
		rest = trimLeftSpace(rest)
	}
	return nil
}

// clfShaped reports whether b, the bytes from a '[' up to the time's ']',
// has the length of a CLF time and its first separators where they should
// be.
func clfShaped(b []byte) bool {
	return len(b) == clfLen+1 && b[0] == '[' && b[3] == '/' && b[7] == '/' && b[12] == ':'
}

// tailField splits the first field off the fields after the size: a
// quoted one without its quotes (cut when its closing quote is missing,
// which keeps the rest of the line), else the bytes up to a space. rest
// starts at the next field.
func tailField(b []byte) (f []byte, quoted, cut bool, rest []byte) {
	if b[0] != '"' {
		f, rest = nextToken(b)
		return f, false, false, rest
	}
	n := quotedEnd(b[1:])
	if n < 0 {
		return b[1:], true, true, nil
	}
	return b[1 : 1+n], true, false, trimLeftSpace(b[2+n:])
}

// SplitTail reads the referer and user agent from a Record's Tail as the
// full parser reads them: raw, escapes left as logged, nil when absent.
// It costs a scan of the two fields, which a caller that has seen the same
// tail before can skip.
func SplitTail(tail []byte) (referer, agent []byte) {
	if len(tail) == 0 {
		return nil, nil
	}
	referer, _, _, tail = tailField(tail)
	if len(tail) > 0 {
		agent, _, _, _ = tailField(tail)
	}
	return referer, agent
}

// TailFieldsEnd returns where the referer and user agent of a Record's
// Tail end (past the byte that ends the user agent: its closing quote, or
// the space after it when it is not quoted), and
// whether they end there whatever follows: false when a field runs to the
// end of the tail (a quoted field without its closing quote, an unquoted
// user agent at the end of the line), so that more bytes could have made
// it longer. When ok, SplitTail reads the same two fields from any tail
// that starts with tail[:end].
func TailFieldsEnd(tail []byte) (end int, ok bool) {
	rest := tail
	for range 2 {
		if len(rest) == 0 {
			// No field, or no user agent: one could follow.
			return end, false
		}
		if rest[0] == '"' {
			n := quotedEnd(rest[1:])
			if n < 0 {
				return len(tail), false
			}
			rest = rest[2+n:]
		} else {
			i := bytes.IndexByte(rest, ' ')
			if i < 0 {
				return len(tail), false
			}
			rest = rest[i+1:]
		}
		end = len(tail) - len(rest)
		rest = trimLeftSpace(rest)
	}
	return end, true
}

// timeClose returns the index of the first `] "` in line, or -1: what
// bytes.Index(line, []byte(`] "`)) returns, for less. The first ']' of a
// line is nearly always the time's, so this is one vectorised scan and two
// byte tests, where bytes.Index pays for its generality on every line.
func timeClose(line []byte) int {
	// The first ']' is tested before the loop, which costs more.
	j := bytes.IndexByte(line, ']')
	if j >= 0 && j+2 < len(line) && line[j+1] == ' ' && line[j+2] == '"' {
		return j
	}
	if j < 0 {
		return -1
	}
	for from := j + 1; ; {
		i := bytes.IndexByte(line[from:], ']')
		if i < 0 {
			return -1
		}
		k := from + i
		if k+2 < len(line) && line[k+1] == ' ' && line[k+2] == '"' {
			return k
		}
		from = k + 1
	}
}

// parseTime reads the bracketed time. A time that cannot be read (31/Feb)
// leaves the request countable with an unknown time: BadTime.
func (p *clfParser) parseTime(ts []byte, r *Record) {
	if t, ok := p.parseCLF(ts); ok {
		r.Time, r.HasTime = t, true
		return
	}
	p.otherTime(ts, r)
}

// otherTime is parseTime for a time that is not in CLF: "-" (none), ISO
// 8601, or one that cannot be read.
func (p *clfParser) otherTime(ts []byte, r *Record) {
	if len(ts) == 1 && ts[0] == '-' {
		return
	}
	t, ok := parseISO8601(ts)
	if !ok {
		r.BadTime = true
		return
	}
	r.Time, r.HasTime = t, true
}

// whyNoTime names the problem with a line that has no `] "`: a bracketed
// field that is not a time (an nginx error log's `[error]`), or a line cut
// short.
func (p *clfParser) whyNoTime(line []byte, r *Record) error {
	open := bytes.IndexByte(line, '[')
	if open < 0 {
		return ErrTruncated
	}
	end := bytes.IndexByte(line[open:], ']')
	if end < 0 {
		return ErrTruncated
	}
	if p.parseTime(line[open+1:open+end], r); r.BadTime {
		r.Bad = line[open+1 : open+end]
		return ErrBadTime
	}
	return ErrTruncated
}

// splitPrefix assigns `host ident user ` (before '[') loosely: a user name
// with spaces keeps them; "-" means no user. The host, a dozen bytes or
// more, is scanned with bytes.IndexByte, which beats a byte loop at that
// length; the ident is nearly always "-", so a loop finds its end at once.
func (p *clfParser) splitPrefix(b []byte, r *Record) {
	// The usual `host - - `: no ident, no user.
	if n := len(b) - 5; n >= 0 && string(b[n:]) == " - - " && bytes.IndexByte(b[:n], ' ') < 0 {
		r.Remote = b[:n]
		return
	}
	n := len(b)
	for n > 0 && b[n-1] == ' ' {
		n--
	}
	b = b[:n]
	if n == 0 {
		r.Recovered = true
		return
	}
	i := bytes.IndexByte(b, ' ')
	if i < 0 {
		r.Remote, r.Recovered = b, true
		return
	}
	r.Remote = b[:i]
	j := spaceAt(b, i+1)
	if j == n {
		r.Recovered = true
		return // ident only
	}
	if u := b[j+1:]; !(len(u) == 1 && u[0] == '-') {
		r.User = u
	}
}

// spaceAt returns the index of the first ' ' in b at or after from, or
// len(b).
func spaceAt(b []byte, from int) int {
	for from < len(b) && b[from] != ' ' {
		from++
	}
	return from
}

// requestEnd finds the quote that closes the request: unescaped, followed by
// a space and something shaped like a status (digits or '-') that ends at a
// space or the end of the line. It returns the index of that quote, or -1.
//
// When no quote is followed by a status-shaped token, the first quote that
// is followed by a space wins, so a bad status is reported as such.
func requestEnd(b []byte) int {
	// Nearly always the first quote, unescaped, is the one, followed by
	// the usual three-digit status.
	if q := bytes.IndexByte(b, '"'); q >= 0 && q+5 < len(b) && (q == 0 || b[q-1] != '\\') &&
		b[q+1] == ' ' && status3(b[q+2:q+6]) {
		return q
	}
	return searchRequestEnd(b)
}

// searchRequestEnd is requestEnd past its first test, apart so that the
// test needs no stack frame for the search.
func searchRequestEnd(b []byte) int {
	from, first := 0, -1
	for {
		n := quotedEnd(b[from:])
		if n < 0 {
			return first
		}
		q := from + n
		if q+1 < len(b) && b[q+1] == ' ' {
			if statusShaped(b[q+2:]) {
				return q
			}
			if first < 0 {
				first = q
			}
		}
		from = q + 1
	}
}

// status3 reports whether b starts with three digits and a space, the
// usual status, which statusShaped accepts.
func status3(b []byte) bool {
	return len(b) > 3 && b[3] == ' ' && b[0]-'0' <= 9 && b[1]-'0' <= 9 && b[2]-'0' <= 9
}

func statusShaped(b []byte) bool {
	i := 0
	for i < len(b) && b[i] != ' ' {
		c := b[i]
		if (c < '0' || c > '9') && c != '-' {
			return false
		}
		i++
	}
	return i > 0
}

// quotedEnd returns the index of the first '"' in b not escaped by a
// backslash (Apache writes \" and \\), or -1. nginx escapes a quote as \x22,
// which needs no special case.
func quotedEnd(b []byte) int {
	i := 0
	for {
		n := bytes.IndexByte(b[i:], '"')
		if n < 0 {
			return -1
		}
		j := i + n
		bs := 0
		for k := j - 1; k >= 0 && b[k] == '\\'; k-- {
			bs++
		}
		if bs%2 == 0 {
			return j
		}
		i = j + 1
	}
}

// splitRequest fills Method, Path and Proto from Request when it looks like
// `METHOD target [HTTP/x]`; TLS handshakes and other garbage stay in Request
// only.
func splitRequest(r *Record) {
	req := r.Request
	sp := methodEnd(req)
	if sp <= 0 || sp == len(req) {
		return
	}
	r.Method = req[:sp]
	target := req[sp+1:]
	// protoStart's first test, for "HTTP/1.1" and the like, made here
	// saves a call on most lines.
	last := len(target) - 9
	if last < 0 || string(target[last:last+6]) != " HTTP/" {
		last = protoStart(target)
	}
	if last >= 0 {
		r.Proto = target[last+1:]
		target = target[:last]
	}
	r.Path = target
}

// methodEnd returns the index of the first space in req if the bytes
// before it are all A-Z, '-' or '_' (a method), len(req) if there is no
// space and they all are, else -1. GET, most requests, is taken at once;
// otherwise one loop finds the space and checks the bytes.
func methodEnd(req []byte) int {
	if len(req) >= 4 && string(req[:4]) == "GET " {
		return 3
	}
	sp := 0
	for ; sp < len(req) && req[sp] != ' '; sp++ {
		if c := req[sp]; (c < 'A' || c > 'Z') && c != '-' && c != '_' {
			return -1
		}
	}
	return sp
}

// protoStart returns the index of the space before a trailing "HTTP/..."
// token, or -1. The usual "HTTP/1.1" and "HTTP/2.0" are checked at a fixed
// offset: bytes.LastIndexByte walks byte by byte, which showed in profiles
// on long URLs.
func protoStart(target []byte) int {
	if n := len(target); n >= 9 && target[n-9] == ' ' && string(target[n-8:n-3]) == "HTTP/" {
		return n - 9
	}
	if n := len(target); n >= 7 && target[n-7] == ' ' && string(target[n-6:n-1]) == "HTTP/" {
		return n - 7 // HTTP/2, HTTP/3
	}
	last := bytes.LastIndexByte(target, ' ')
	if last >= 0 && bytes.HasPrefix(target[last+1:], []byte("HTTP/")) {
		return last
	}
	return -1
}

// statusSize reads the usual status and size, three digits, a space and
// "-" or up to 18 digits, that end at a space or the end of the line, and
// skips the spaces after them: what shortToken, parseStatus and parseBytes
// read, in one pass. ok is false for anything else, which they are left to
// read.
func statusSize(b []byte) (status int, size int64, rest []byte, ok bool) {
	if len(b) < 5 || b[3] != ' ' {
		return 0, 0, nil, false
	}
	d0, d1, d2 := b[0]-'0', b[1]-'0', b[2]-'0'
	if d0 > 9 || d1 > 9 || d2 > 9 {
		return 0, 0, nil, false
	}
	i, end := 4, min(len(b), 4+18)
	for ; i < end; i++ {
		d := b[i] - '0'
		if d > 9 {
			break
		}
		size = size*10 + int64(d)
	}
	if i == 4 {
		if b[4] != '-' {
			return 0, 0, nil, false
		}
		size, i = -1, 5 // no size
	}
	switch {
	case i == len(b):
		rest = nil
	case b[i] == ' ':
		rest = trimLeftSpace(b[i+1:])
	default:
		return 0, 0, nil, false
	}
	return int(d0)*100 + int(d1)*10 + int(d2), size, rest, true
}

// parseStatus reads 1–3 digits. Three-digit codes outside 100..599 are kept
// (the report calls them invalid); anything longer or non-numeric is not a
// status at all.
func parseStatus(b []byte, r *Record) error {
	if len(b) == 1 && b[0] == '-' {
		return ErrNoStatus
	}
	if len(b) == 0 {
		return ErrTruncated
	}
	if len(b) > 3 {
		r.Bad = b
		return ErrBadStatus
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			r.Bad = b
			return ErrBadStatus
		}
		n = n*10 + int(c-'0')
	}
	r.Status = n
	return nil
}

func parseBytes(b []byte, r *Record) error {
	if len(b) == 1 && b[0] == '-' {
		r.Bytes = -1
		return nil
	}
	n, ok := parseUint(b)
	if !ok {
		r.Bad = b
		return ErrBadBytes
	}
	r.Bytes = n
	return nil
}

// parseUint reads up to 18 decimal digits (no overflow possible).
func parseUint(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// shortToken is nextToken for fields of a few bytes (a status, a size),
// where a plain loop is cheaper than a call to bytes.IndexByte.
func shortToken(b []byte) (tok, rest []byte) {
	i := spaceAt(b, 0)
	if i == len(b) {
		return b, nil
	}
	return b[:i], trimLeftSpace(b[i+1:])
}

// nextToken splits off the bytes up to the next space and skips the spaces
// after them.
func nextToken(b []byte) (tok, rest []byte) {
	i := bytes.IndexByte(b, ' ')
	if i < 0 {
		return b, nil
	}
	return b[:i], trimLeftSpace(b[i+1:])
}

func trimLeftSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	return b
}

// trimEOL drops a trailing "\n" or "\r\n" so callers may pass either.
func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
}

func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}
