package aggregate

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// Endpoint keys collapse what varies per request so that /users/123 and
// /users/456 count together:
//
//	/users/123/orders/9f8e7d6c5b4a3f2e1d0c  ->  /users/:id/orders/:hash
//	/files/3fa85f64-5717-4562-b3fc-2c963f66afa6  ->  /files/:uuid
//	/search?q=x  ->  /search
//
// A segment is :id when it is all digits or holds a run of 4 or more digits
// (INV-98362), :uuid when it has the 8-4-4-4-12 hex shape, :hash when it is
// 16 or more hex digits or a 20+ character token mixing letters and digits.
// A file name is judged by its stem and keeps its extension
// (27d97b5d7f0d60b24251e1cef181.jpeg -> :hash.jpeg, 86311.pdf -> :id.pdf).
//
// Names that hold numbers but name one page stay as they are: a year
// (/images/web/2009/banner.png, /presentations/logstash-puppetconf-2012/),
// a date written yyyymmdd inside a name (xdotool-20090612.html) and the
// numbers of a dotted version (xdotool-2.20110530.html,
// logstash-1.3.2-monolithic.jar) are no id. A year is 1990 to 2039, so
// an id in that range in a segment of its own (/image/2015/) stays too.
//
// Directories of two hex characters are the shards of content-addressed
// stores (/t/100x100/d4/4e/27d9....jpeg): one that holds a digit is an :id,
// as any number is, and so is one of two letters standing next to another
// two-hex directory (/ff/94/); a two-letter word alone (/blog/tags/dd, a
// language /de/) stays. docs/endpoints.md has a table of examples. User
// routes (--route '/api/v1/items/*') take precedence: '*' matches one
// segment, a final '**' the rest.

// Route is a user pattern that names an endpoint.
type Route struct {
	pattern string
	segs    []string
}

// ParseRoute checks a --route pattern.
func ParseRoute(p string) (Route, error) {
	if !strings.HasPrefix(p, "/") {
		return Route{}, fmt.Errorf("route %q must start with /", p)
	}
	segs := strings.Split(p[1:], "/")
	for i, s := range segs {
		if s == "**" && i != len(segs)-1 {
			return Route{}, fmt.Errorf("route %q: ** may only end a route", p)
		}
	}
	return Route{pattern: p, segs: segs}, nil
}

func (r Route) match(path []byte) bool {
	path = bytes.TrimPrefix(path, []byte("/"))
	for i, s := range r.segs {
		if s == "**" {
			return true
		}
		var seg []byte
		if j := bytes.IndexByte(path, '/'); j >= 0 {
			seg, path = path[:j], path[j+1:]
		} else {
			seg, path = path, nil
			if i != len(r.segs)-1 {
				return false
			}
		}
		if s != "*" && s != string(seg) {
			return false
		}
	}
	return len(path) == 0
}

// originForm returns the path of a request target: an absolute-form
// target (a proxy's "http://example.com/x") without its scheme and
// authority, and that authority; any other target as it is.
func originForm(target []byte) (path, authority []byte) {
	// The usual target, a path, is told by its first byte alone.
	if len(target) > 0 && target[0] == '/' {
		return target, nil
	}
	if !bytes.HasPrefix(target, []byte("http://")) && !bytes.HasPrefix(target, []byte("https://")) {
		return target, nil
	}
	rest := target[bytes.Index(target, []byte("//"))+2:]
	if j := bytes.IndexByte(rest, '/'); j >= 0 {
		return rest[j:], rest[:j]
	}
	return rootPath, rest
}

// rootPath is the path of an absolute-form target without one, shared so
// that no line allocates it.
var rootPath = []byte("/")

// appendEndpoint appends to dst the endpoint key of a request target whose
// query splitPath has already cut off.
func appendEndpoint(dst, target []byte, routes []Route) []byte {
	return appendEndpointVia(dst, target, routes, nil)
}

// appendEndpointVia is appendEndpoint with the collapsed directories of
// dirs, when not nil.
func appendEndpointVia(dst, target []byte, routes []Route, dirs *dirCache) []byte {
	target, _ = originForm(target)
	if len(target) == 0 || target[0] != '/' {
		return append(dst, "(other)"...)
	}
	for _, r := range routes {
		if r.match(target) {
			return append(dst, r.pattern...)
		}
	}
	if dirs != nil {
		return dirs.appendSegments(dst, target)
	}
	return appendSegments(dst, target)
}

// appendSegments appends the collapsed segments of path, which starts
// with '/'. Only here does a segment's neighbour matter: two-hex shard
// directories (see the top of this file).
func appendSegments(dst, path []byte) []byte {
	prevHex2 := false
	for len(path) > 0 {
		path = path[1:] // the '/'
		dst = append(dst, '/')
		seg := path
		if j := bytes.IndexByte(path, '/'); j >= 0 {
			seg, path = path[:j], path[j:]
		} else {
			path = nil
		}
		hex2 := isHex2(seg)
		if hex2 && (prevHex2 || nextIsHex2(path)) {
			dst = append(dst, idSeg...)
		} else {
			dst = appendSeg(dst, seg)
		}
		prevHex2 = hex2
	}
	return dst
}

// isHex2 reports whether seg is two hex characters.
func isHex2(seg []byte) bool {
	return len(seg) == 2 && isHexByte(seg[0]) && isHexByte(seg[1])
}

func isHexByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// nextIsHex2 reports whether the segment that starts rest (at its '/') is
// two hex characters.
func nextIsHex2(rest []byte) bool {
	return len(rest) >= 3 && isHex2(rest[1:3]) && (len(rest) == 3 || rest[3] == '/')
}

// appendSeg appends the collapsed form of one segment: a file name by its
// stem, with its extension kept.
func appendSeg(dst, seg []byte) []byte {
	c, dot := classify(seg)
	if dot > 0 && isExtension(seg[dot+1:]) {
		if c, _ = classify(seg[:dot]); c == nil {
			return append(dst, seg...)
		}
		return append(append(dst, c...), seg[dot:]...)
	}
	if c == nil {
		return append(dst, seg...)
	}
	return append(dst, c...)
}

// isExtension reports whether b looks like a file extension: 1 to 5
// letters and digits, starting with a letter (jpeg, mp4, gz).
func isExtension(b []byte) bool {
	if len(b) == 0 || len(b) > 5 || !isLetter(b[0]) {
		return false
	}
	for _, c := range b {
		if !isLetter(c) && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

var (
	idSeg   = []byte(":id")
	uuidSeg = []byte(":uuid")
	hashSeg = []byte(":hash")
)

// collapse returns the collapsed form of one segment, or the segment.
func collapse(seg []byte) []byte {
	if c, _ := classify(seg); c != nil {
		return c
	}
	return seg
}

// Classes of the bytes of a segment, for classify: one lookup per byte
// rather than a chain of range tests. A class is the union of its bits.
const (
	clDigit    = 1 << iota // '0' to '9'
	clNotHex               // no hex digit
	clNotAlnum             // no letter or digit
	clDot                  // '.'
)

var byteClass = func() (t [256]uint8) {
	for c := range t {
		switch {
		case c >= '0' && c <= '9':
			t[c] = clDigit
		case c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
			t[c] = 0 // a letter and a hex digit
		case c >= 'g' && c <= 'z', c >= 'G' && c <= 'Z':
			t[c] = clNotHex
		case c == '.':
			t[c] = clNotHex | clNotAlnum | clDot
		default:
			t[c] = clNotHex | clNotAlnum
		}
	}
	return t
}()

// classify returns the marker a segment collapses to, or nil, and the
// index of its last '.' (-1 for none), in one pass.
func classify(seg []byte) (marker []byte, dot int) {
	dot = -1
	n := len(seg)
	if n == 0 {
		return nil, dot
	}
	digits, run := 0, 0
	var seen uint8 // the union of the classes of the bytes
	idRun := false // a run of 4 or more digits that is no year, date or version
	for i, c := range seg {
		cl := byteClass[c]
		seen |= cl
		if cl&clDigit == 0 {
			run = 0
			if cl&clDot != 0 {
				dot = i
			}
			continue
		}
		run++
		digits++
		if run >= 4 && (i == n-1 || seg[i+1] < '0' || seg[i+1] > '9') {
			idRun = idRun || !namedNumber(seg, i+1-run, i+1)
		}
	}
	hex := seen&clNotHex == 0     // all hex digits
	alnum := seen&clNotAlnum == 0 // all letters and digits
	switch {
	case digits == n && !(n == 4 && isYear(seg)), idRun && digits < n && !isUUID(seg) && !hex,
		n == 2 && digits > 0 && hex:
		// All digits but a year, a name around a number (INV-98362,
		// order_12345), or a two-hex shard directory with a digit.
		return idSeg, dot
	case isUUID(seg):
		return uuidSeg, dot
	case hex && n >= 16:
		return hashSeg, dot
	case alnum && n >= 20 && digits > 0 && digits < n:
		// A token; with '-' or '_' between words it is a slug
		// (logstash-puppetconf-2012), which names a page.
		return hashSeg, dot
	}
	return nil, dot
}

// namedNumber reports whether the digits seg[i:j], in a segment that is
// not all digits, are part of a name rather than an id: a year, a date
// yyyymmdd, a number of a dotted version (2.20110530, 2012.10) or of a
// size (1024x768).
func namedNumber(seg []byte, i, j int) bool {
	// A dotted version (2.20110530, 2012.10) or a size (1024x768).
	if i >= 2 && (seg[i-1] == '.' || seg[i-1] == 'x') && seg[i-2] >= '0' && seg[i-2] <= '9' ||
		j+1 < len(seg) && (seg[j] == '.' || seg[j] == 'x') && seg[j+1] >= '0' && seg[j+1] <= '9' {
		return true
	}
	switch j - i {
	case 4:
		return isYear(seg[i:j])
	case 8:
		m, d := int(seg[i+4]-'0')*10+int(seg[i+5]-'0'), int(seg[i+6]-'0')*10+int(seg[i+7]-'0')
		return isYear(seg[i:i+4]) && m >= 1 && m <= 12 && d >= 1 && d <= 31
	}
	return false
}

// isYear reports whether four digits are a year from 1990 to 2039: the
// years of the web's pages. A wider range takes ids for years (a shop's
// /image/2078/ is an id).
func isYear(b []byte) bool {
	return len(b) == 4 && (b[0] == '1' && b[1] == '9' && b[2] == '9' || b[0] == '2' && b[1] == '0' && b[2] <= '3')
}

func isUUID(b []byte) bool {
	if len(b) != 36 {
		return false
	}
	for i, c := range b {
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// BreakdownCap bounds the distinct keys a breakdown keeps; requests of
// other keys are counted under OtherKey and the report says it capped.
const BreakdownCap = 2000

// OtherKey collects the requests of keys beyond BreakdownCap.
const OtherKey = "(other)"

// KeyStats are the figures of one breakdown key.
type KeyStats struct {
	Key      string
	Requests int64
	Bad      int64
	Unjudged int64 // requests without a valid status, left out of availability
	Latency  *Quantiles
	// Codes are the requests per status, and Samples the first of the
	// key's bad lines in input and line order: endpoints have them, other
	// breakdowns do not.
	Codes   map[int]int64
	Samples []Sample
}

// Availability returns (judged − bad) / judged, where judged leaves out the
// requests the rule does not judge; false without judged requests.
func (k KeyStats) Availability() (float64, bool) {
	return ratio(k.Requests-k.Unjudged-k.Bad, k.Requests-k.Unjudged)
}

// Breakdown is a table of requests per key (endpoint, host, ...).
type Breakdown struct {
	// Keys are the top keys by bad requests, then requests, then name; at
	// most TopKeys, plus OtherKey when the breakdown capped.
	Keys []KeyStats
	// Distinct is the number of keys kept (at most BreakdownCap).
	Distinct int
	// Capped reports that some keys were folded into OtherKey.
	Capped bool
}

// TopKeys is how many keys a Breakdown reports.
const TopKeys = 20

type keyStat struct {
	hash     uint64
	requests int64
	// by counts the requests per verdict: by[verdictBad] are bad,
	// by[verdictSkip] not judged (by[verdictGood] and by[3] are unused).
	// An array indexed by the verdict keeps count branch-free and small
	// enough to inline into the hot loop.
	by [4]int64
	// detail comes before timing: its first status and count then share
	// the first 64 bytes with the counts above, the bytes every request
	// of an endpoint touches; the whole is 128 bytes, a size class whose
	// objects are aligned to cache lines.
	detail
	timing timing
}

func (k *keyStat) bad() int64      { return k.by[verdictBad] }
func (k *keyStat) unjudged() int64 { return k.by[verdictSkip] }

func (k *keyStat) merge(o *keyStat) {
	k.requests += o.requests
	for i := range k.by {
		k.by[i] += o.by[i]
	}
	k.timing.merge(&o.timing)
	k.detail.merge(&o.detail)
}

// breakdown accumulates a Breakdown inside one worker with bounded memory.
//
// Which keys survive the cap must not depend on the order requests arrive
// in, or the report would change with the number of workers. So a key is
// kept only while its hash is below limit, and limit halves whenever more
// than BreakdownCap keys are kept. A worker sees a subset of the keys, so
// its limit never falls below the limit one worker would reach on all of
// them; merging takes the lower limit and halves again as needed, which
// lands on exactly that single-worker limit: the kept set depends only on
// the set of keys.
type breakdown struct {
	keys  map[string]*keyStat
	other keyStat
	limit uint64 // keep keys with hash < limit; 0 means no limit yet

	// paths caches the stats of request paths seen before. It is cleared
	// when shrink folds keys into other, which would leave its pointers
	// stale.
	paths pathCache
	// dirs caches collapsed directories: text, never stale.
	dirs    dirCache
	scratch []byte
}

// addPath counts a request under the endpoint key of its target, and
// returns the key's stats.
func (b *breakdown) addPath(target []byte, routes []Route, verdict uint8, dur float64) *keyStat {
	path, h := splitPath(target)
	k := b.paths.get(path, h)
	if k == nil {
		b.scratch = appendEndpointVia(b.scratch[:0], path, routes, &b.dirs)
		k = b.stat(b.scratch)
		// A path that collapsing changed holds an id, so it rarely comes
		// again: caching it would only churn the cache.
		if string(b.scratch) == string(path) {
			b.paths.put(path, h, k)
		}
	}
	k.count(verdict, dur)
	return k
}

// add counts a request under key, and returns the key's stats.
func (b *breakdown) add(key []byte, verdict uint8, dur float64) *keyStat {
	k := b.stat(key)
	k.count(verdict, dur)
	return k
}

func (k *keyStat) count(verdict uint8, dur float64) {
	k.requests++
	k.by[verdict&3]++
	if dur >= 0 {
		k.timing.add(dur)
	}
}

// stat returns the stats of key, adding it if there is room under the
// limit, or other.
func (b *breakdown) stat(key []byte) *keyStat {
	k := b.keys[string(key)] // no allocation for the lookup
	if k == nil {
		k = b.insert(key, fnv64(key))
	}
	return k
}

// statHashed is stat for a key whose hash h is known: a key above the
// limit goes to other without a look at the map.
func (b *breakdown) statHashed(key []byte, h uint64) *keyStat {
	if b.limit != 0 && h >= b.limit {
		return &b.other
	}
	k := b.keys[string(key)]
	if k == nil {
		k = b.insert(key, h)
	}
	return k
}

// insert adds key, of hash h and not in the map, if there is room under
// the limit, and returns its stats, or other's.
func (b *breakdown) insert(key []byte, h uint64) *keyStat {
	if b.limit != 0 && h >= b.limit {
		return &b.other
	}
	if b.keys == nil {
		b.keys = map[string]*keyStat{}
	}
	k := &keyStat{hash: h}
	b.keys[string(key)] = k
	if len(b.keys) > BreakdownCap {
		b.shrink()
		if h >= b.limit {
			k = &b.other
		}
	}
	return k
}

// shrink halves limit until at most BreakdownCap keys remain, folding the
// dropped keys into other.
func (b *breakdown) shrink() {
	b.paths.reset()
	for len(b.keys) > BreakdownCap {
		if b.limit == 0 {
			b.limit = 1 << 63
		} else {
			b.limit >>= 1
		}
		for key, k := range b.keys {
			if k.hash >= b.limit {
				b.other.merge(k)
				delete(b.keys, key)
			}
		}
	}
}

func (b *breakdown) merge(o *breakdown) {
	if o.limit != 0 && (b.limit == 0 || o.limit < b.limit) {
		b.limit = o.limit
		for key, k := range b.keys {
			if k.hash >= b.limit {
				b.other.merge(k)
				delete(b.keys, key)
			}
		}
	}
	b.other.merge(&o.other)
	for key, s := range o.keys {
		if b.limit != 0 && s.hash >= b.limit {
			b.other.merge(s)
			continue
		}
		if b.keys == nil {
			b.keys = map[string]*keyStat{}
		}
		k := b.keys[key]
		if k == nil {
			k = &keyStat{hash: s.hash}
			b.keys[key] = k
		}
		k.merge(s)
	}
	b.shrink()
}

func (b *breakdown) result() Breakdown {
	out := Breakdown{Distinct: len(b.keys), Capped: b.limit != 0}
	for key, s := range b.keys {
		out.Keys = append(out.Keys, b.keyStats(key, s))
	}
	sort.Slice(out.Keys, func(i, j int) bool {
		a, b := out.Keys[i], out.Keys[j]
		if a.Bad != b.Bad {
			return a.Bad > b.Bad
		}
		if a.Requests != b.Requests {
			return a.Requests > b.Requests
		}
		return a.Key < b.Key
	})
	if len(out.Keys) > TopKeys {
		out.Keys = out.Keys[:TopKeys]
	}
	if b.other.requests > 0 {
		out.Keys = append(out.Keys, b.keyStats(OtherKey, &b.other))
	}
	return out
}

// keyStats returns the figures of one key.
func (b *breakdown) keyStats(key string, s *keyStat) KeyStats {
	return KeyStats{Key: key, Requests: s.requests, Bad: s.bad(), Unjudged: s.unjudged(), Latency: s.timing.quantiles(),
		Codes: s.codeMap(), Samples: s.samples}
}

// fnv64 is FNV-1a: a fixed hash, so the kept keys are the same in every
// run and on every machine.
func fnv64(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// String returns the pattern as given to --route.
func (r Route) String() string { return r.pattern }
