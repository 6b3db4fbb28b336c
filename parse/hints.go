package parse

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// This file holds what detection says about lines beyond which format
// they are: the NCSA layout's name and a duration it leaves unread, and
// the keys of JSON lines no mapping reads. It runs once per input, on the
// first block, so it may use encoding/json and fmt.

// ncsaTally watches how the NCSA parser reads the sample: how many fields
// follow the size, and whether one of them looks like a duration.
type ncsaTally struct {
	parsed, fit int
	withExtras  int // fit lines with a referer and user agent, at least
	main        int // fit lines with exactly one more field, quoted: nginx's "main"
	// seconds counts, per field after the size, the lines where it is an
	// unquoted decimal number such as 0.050 (nginx's $request_time); of
	// the fit lines, and of all the lines parsed.
	seconds, secondsAll [maxTail]int
	example             [maxTail]string // the first such value, for the message
}

func (t *ncsaTally) add(tail *[maxTail]clfField, r *Record, fit bool) {
	t.parsed++
	if fit {
		t.fit++
		if r.Extra >= 2 {
			t.withExtras++
		}
		if r.Extra == 3 && tail[2].quoted {
			t.main++
		}
	}
	for k := range min(r.Extra, maxTail) {
		if f := tail[k]; !f.quoted && looksLikeSeconds(f.v) {
			t.secondsAll[k]++
			if fit {
				t.seconds[k]++
			}
			if t.example[k] == "" {
				t.example[k] = string(f.v)
			}
		}
	}
}

// name tells which NCSA layout the fit lines are: common when most have
// nothing after the size, nginx's main when most have one quoted field
// after the user agent, else combined.
func (t *ncsaTally) name() *Format {
	switch {
	case t.withExtras*2 < t.fit:
		return Common
	case t.main*2 > t.fit:
		return NginxMain
	}
	return Combined
}

// UnreadDuration is a decimal number in NCSA lines that looks like
// nginx's $request_time (0.050) where the layout that reads them has no
// duration.
type UnreadDuration struct {
	Example string // the first such number in the sample
	// AfterAgent is set when the number follows the user agent, where
	// layouts that extend combined put it; else it comes soon after the
	// status.
	AfterAgent bool
}

// String says where the number is and what it looks like, for a message.
func (u UnreadDuration) String() string {
	where := "after the status"
	if u.AfterAgent {
		where = "after the user agent"
	}
	return fmt.Sprintf("a number %s (%s in the first lines) looks like $request_time", where, u.Example)
}

// unread is the duration that field k after the size looks like.
func (t *ncsaTally) unread(k int) UnreadDuration {
	return UnreadDuration{Example: t.example[k], AfterAgent: k >= 2}
}

// durationNote is the note for a file detected as NCSA whose lines nearly
// all carry a decimal number after the user agent: the duration is there,
// and the preset does not read it.
func (t *ncsaTally) durationNote() string {
	k := t.mostSeconds(t.seconds[:], 2)
	if k < 0 || t.seconds[k]*10 < t.fit*nineParts {
		return ""
	}
	return t.unread(k).String()
}

// durationHint is durationNote for lines the NCSA parser read only as
// damaged ones (gonx's `$remote_addr [$time_local] "$request" $status
// $request_length $body_bytes_sent $request_time ...`): a custom layout,
// whose duration the layout given as an nginx log_format would read.
func (t *ncsaTally) durationHint() *UnreadDuration {
	k := t.mostSeconds(t.secondsAll[:], 0)
	if k < 0 || t.secondsAll[k]*10 < t.parsed*nineParts {
		return nil
	}
	u := t.unread(k)
	return &u
}

// mostSeconds returns the field, from `from` on, that most often looks
// like a duration, or -1.
func (t *ncsaTally) mostSeconds(counts []int, from int) int {
	best := -1
	for k := from; k < len(counts); k++ {
		if counts[k] > 0 && (best < 0 || counts[k] > counts[best]) {
			best = k
		}
	}
	return best
}

// looksLikeSeconds reports whether b is a decimal number with a fraction,
// as nginx writes $request_time (0.050) and Apache %T with a unit never
// does: an integer could as well be a byte count.
func looksLikeSeconds(b []byte) bool {
	dot := bytes.IndexByte(b, '.')
	return dot > 0 && dot < len(b)-1 && isDigits(b[:dot]) && isDigits(b[dot+1:])
}

// isNCSA reports whether f is read by the lenient NCSA parser.
func isNCSA(f *Format) bool {
	return f == Combined || f == Common || f == NginxMain
}

// JSONHint is what detection saw in JSON lines that no JSON format reads:
// their keys, what the automatic mapping finds no key for, and a key that
// looks like it.
type JSONHint struct {
	// Keys lists the keys of the first two lines in their order, nested
	// objects as dotted paths (http.code).
	Keys []string
	// Lacks is what the automatic mapping found in no key it knows.
	Lacks JSONLack
	// Key, when the lines lack the status or the time, is a key whose
	// values all look like one, or "".
	Key string
}

// JSONLack is what JSON lines lack for the automatic mapping to read them.
type JSONLack int

const (
	// JSONNotAccessLog is lines most of which have a status and a time
	// that slareport reads, and which still do not read as an access log.
	JSONNotAccessLog JSONLack = iota
	// JSONNoStatus is lines in which no key slareport knows holds the
	// status.
	JSONNoStatus
	// JSONNoTime is lines in which no key slareport knows holds a
	// readable time.
	JSONNoTime
)

// maxKeysShown bounds the keys a JSON hint lists.
const maxKeysShown = 20

// String says what the lines lack and lists the keys seen, for a message.
func (h *JSONHint) String() string {
	list := strings.Join(h.Keys[:min(len(h.Keys), maxKeysShown)], ", ")
	if len(h.Keys) > maxKeysShown {
		list += ", …"
	}
	if list == "" {
		list = "none"
	}
	switch h.Lacks {
	case JSONNoStatus:
		return "this is JSON lines, but no key slareport knows holds the status (keys seen: " + list + ")"
	case JSONNoTime:
		return "this is JSON lines, but no key slareport knows holds a readable time (keys seen: " + list + ")"
	}
	return "this is JSON lines, but they do not read as an access log (keys seen: " + list + ")"
}

// jsonHint explains a sample of JSON lines that no JSON format reads: the
// keys of the first two (dotted paths into nested objects), what is
// missing, and a key that looks right for it. It returns nil when most
// lines are not JSON objects.
func jsonHint(lines [][]byte) *JSONHint {
	var objects [][]byte
	for _, l := range lines {
		if t := bytes.TrimSpace(l); len(t) > 1 && t[0] == '{' && t[len(t)-1] == '}' {
			objects = append(objects, l)
		}
	}
	if len(objects)*2 <= len(lines) {
		return nil
	}
	keys, leaves := jsonKeys(objects[:min(2, len(objects))])
	h := &JSONHint{Keys: keys, Lacks: jsonLacks(objects)}
	switch h.Lacks {
	case JSONNoStatus:
		h.Key = suggestKey(leaves, isStatusValue, "status", "code")
	case JSONNoTime:
		h.Key = suggestKey(leaves, isTimeValue, "time", "date", "ts")
	}
	return h
}

// jsonKeys lists the keys of lines once each, in their order, and every
// leaf of every line with its value.
func jsonKeys(lines [][]byte) (keys []string, leaves []jsonLeaf) {
	seen := map[string]bool{}
	for _, l := range lines {
		ls := jsonLeaves(l)
		leaves = append(leaves, ls...)
		for _, lf := range ls {
			if !seen[lf.path] {
				seen[lf.path] = true
				keys = append(keys, lf.path)
			}
		}
	}
	return keys, leaves
}

// jsonLacks tells what the automatic JSON mapping lacks to read objects:
// the status or the time, when half of them have none it knows.
func jsonLacks(objects [][]byte) JSONLack {
	p := JSONLines.NewParser()
	var r Record
	noStatus, noTime := 0, 0
	for _, l := range objects {
		switch err := p.Parse(l, &r); {
		case err == ErrNoStatus:
			noStatus++
		case err == nil && !r.HasTime:
			noTime++
		}
	}
	switch {
	case noStatus*2 >= len(objects):
		return JSONNoStatus
	case noTime*2 >= len(objects):
		return JSONNoTime
	}
	return JSONNotAccessLog
}

// jsonLeaf is a key of a JSON line, as a dotted path, with its value when
// that is a number or a string.
type jsonLeaf struct {
	path  string
	value string
}

// jsonLeaves lists the keys of a JSON object line in their order, nested
// objects as dotted paths; an array is one key. A line that is not valid
// JSON gives the keys read before the damage.
func jsonLeaves(line []byte) []jsonLeaf {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil
	}
	var out []jsonLeaf
	var walk func(prefix string, depth int) bool
	walk = func(prefix string, depth int) bool {
		for dec.More() {
			tok, err := dec.Token()
			key, ok := tok.(string)
			if err != nil || !ok {
				return false
			}
			path := prefix + key
			tok, err = dec.Token()
			if err != nil {
				return false
			}
			switch v := tok.(type) {
			case json.Delim:
				if v == '{' && depth < maxJSONDepth {
					if !walk(path+".", depth+1) {
						return false
					}
				} else {
					out = append(out, jsonLeaf{path: path})
					if !skipJSON(dec) {
						return false
					}
				}
			case json.Number:
				out = append(out, jsonLeaf{path, v.String()})
			case string:
				out = append(out, jsonLeaf{path, v})
			default:
				out = append(out, jsonLeaf{path: path})
			}
		}
		_, err := dec.Token() // the closing '}'
		return err == nil
	}
	walk("", 0)
	return out
}

// skipJSON consumes the rest of an object or array whose opening
// delimiter was just read.
func skipJSON(dec *json.Decoder) bool {
	for depth := 1; depth > 0; {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		if d, ok := tok.(json.Delim); ok {
			if d == '{' || d == '[' {
				depth++
			} else {
				depth--
			}
		}
	}
	return true
}

// suggestKey returns the key whose value fits in every line that has it,
// preferring one whose last segment names what is looked for.
func suggestKey(leaves []jsonLeaf, fits func(string) bool, names ...string) string {
	bad := map[string]bool{}
	var order []string
	for _, l := range leaves {
		if !fits(l.value) {
			bad[l.path] = true
		} else if !bad[l.path] {
			order = append(order, l.path)
		}
	}
	first := ""
	for _, k := range order {
		if bad[k] {
			continue
		}
		last := strings.ToLower(k[strings.LastIndexByte(k, '.')+1:])
		for _, n := range names {
			if strings.Contains(last, n) {
				return k
			}
		}
		if first == "" {
			first = k
		}
	}
	return first
}

// isStatusValue reports whether v could be an HTTP status.
func isStatusValue(v string) bool {
	var r Record
	return len(v) == 3 && parseStatus([]byte(v), &r) == nil && r.Status >= 100 && r.Status <= 599
}

// isTimeValue reports whether v reads as a time the way a time key given
// to the JSON mapping is read.
func isTimeValue(v string) bool {
	if v == "" {
		return false
	}
	var a assigner
	var r Record
	s := slot{field: fTimeAny}
	a.anyTime(&s, []byte(v), &r)
	return r.HasTime && r.Time >= 946684800 // 2000-01-01: not a small number
}
