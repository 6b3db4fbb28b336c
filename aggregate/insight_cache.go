package aggregate

import (
	"bytes"
	"encoding/binary"
	"math/bits"

	"github.com/slareport/slareport/parse"
)

// The caches of the tables of who sent the requests. A plain run pays for
// these tables on every line, so the common cases cost a hash and a
// comparison or two:
//
//   - the referer and user agent come as the raw rest of the line
//     (parse.Record.Tail), which repeats far more than either field
//     varies: a tail seen before is found in the tails' cache by a hash
//     of a few of its words and one comparison of its bytes, and its slot
//     holds both keys' stats and the robot, so the fields are neither
//     split nor hashed nor classified again. The cache keys on the tail
//     up to its last quote (tailKey), so that fields after the user agent
//     that change on every line, such as nginx's $request_time, do not
//     make every tail a new one;
//   - a client is hashed whole (an address is short) and looked up in a
//     table of plain entries (insight_clients.go); once the table has
//     capped, a client above its hash limit costs that hash and one
//     comparison;
//   - everything else (a new tail, the fields of a parser that reads
//     them) goes through a keyCache per table, which hashes a key whole,
//     adds it to the distinct sketch and classifies a user agent only when
//     its slot held another key.
//
// A slot points into its breakdown, and a shrink that folds keys into
// other leaves such pointers stale; a shrink always lowers the hash
// limit, so a slot keeps the limit it was filled under and is stale when
// the table's differs. Slots reuse their key buffers: a warm cache
// allocates nothing.

// keyHash hashes a whole key for a top table: its hash limit, its distinct
// sketch and its cache. It is fixed (the kept keys are the same on every
// machine), reads eight bytes at a time, and finishes with MurmurHash3's
// finaliser, since the hash limit reads the high bits.
func keyHash(b []byte) uint64 {
	// An IPv4 address, the commonest key by far, has 9 to 15 bytes: two
	// words, in a function small enough to inline.
	if n := len(b); n > 8 && n <= 16 {
		le := binary.LittleEndian
		return fmix64(mix(mix(hashMul^uint64(n), le.Uint64(b)), le.Uint64(b[n-8:])))
	}
	return keyHashAny(b)
}

// keyHashAny is keyHash of a key of any length: for 9 to 16 bytes, the
// same as keyHash's short way.
func keyHashAny(b []byte) uint64 {
	n := len(b)
	h := hashMul ^ uint64(n)
	le := binary.LittleEndian
	if n <= 8 {
		return fmix64(mix(h, shortWord(b)))
	}
	for i := 0; i < n-8; i += 8 {
		h = mix(h, le.Uint64(b[i:]))
	}
	// The last 1..8 bytes, read as the word that ends the key: bytes
	// hashed twice cost less than shifting them out, and the length is
	// already mixed in.
	return fmix64(mix(h, le.Uint64(b[n-8:])))
}

// quickHash picks a cache slot for a key by its length and five of its
// words: cheap for a 200-byte user agent, and a key it confuses with
// another only costs a miss, since the slot holds the key to compare.
func quickHash(b []byte) uint64 {
	n := len(b)
	if n <= 8 {
		return mix(hashMul^uint64(n), shortWord(b))
	}
	le := binary.LittleEndian
	w, v := le.Uint64(b), le.Uint64(b[n-8:])
	if n > 16 {
		w ^= bits.RotateLeft64(le.Uint64(b[n/4:]), 17)
		v ^= bits.RotateLeft64(le.Uint64(b[n/2-4:]), 29) ^ bits.RotateLeft64(le.Uint64(b[n-n/4-8:]), 41)
	}
	return mix(mix(hashMul^uint64(n), w), v)
}

// tailHash picks a tail's cache slot by its length and three of its
// words: the second, since tails of the same length often differ only in
// the referer's host ("https://www.google.com/" and
// "https://duckduckgo.com/"), the middle one and the last, in the user
// agent.
func tailHash(b []byte) uint64 {
	n := len(b)
	if n < 16 {
		return quickHash(b)
	}
	le := binary.LittleEndian
	w := le.Uint64(b[8:]) ^ bits.RotateLeft64(le.Uint64(b[n/2-8:]), 29)
	return mix(mix(hashMul^uint64(n), w), le.Uint64(b[n-8:]))
}

// insightCaches are a worker's caches in front of its tables.
type insightCaches struct {
	agents, referrers keyCache
	tails             *[1 << tailBits]tailSlot // an array: no bounds check on the hot path
	// nobody counts the requests of a tail without a referer or user
	// agent, so that a slot always has stats to count in: one branch
	// less on every line. Its counts are never read.
	nobody keyStat
	// gen counts the shrinks of the worker's tables: a shrink folds keys
	// into other, which leaves the slots that point at them stale, so a
	// slot keeps the gen it was filled under and is stale under another.
	gen uint32
}

// cacheBits sizes the caches: 4096 slots each.
const cacheBits = 12

func newInsightCaches() *insightCaches {
	return &insightCaches{
		agents: keyCache{slots: make([]keySlot, 1<<cacheBits)},
		referrers: keyCache{
			slots: make([]keySlot, 1<<cacheBits),
		},
		tails: new([1 << tailBits]tailSlot),
	}
}

// keyCache is a direct-mapped cache of a top table's keys: the slot of a
// key's quickHash holds the key and its stats.
type keyCache struct {
	slots []keySlot
}

type keySlot struct {
	hash uint64
	key  []byte
	k    *keyStat
	gen  uint32
	tag  int32 // a user agent's index in agents, -1 for none, or untagged
}

// stat returns the stats of key in b, hashed by h. Adding a key may
// shrink b, which moves stats the caches point at: the tails' counts are
// flushed first, and the gen bumped after.
func (in *insight) stat(b *breakdown, key []byte, h uint64) *keyStat {
	if len(b.keys) >= BreakdownCap && (b.limit == 0 || h < b.limit) && b.keys[string(key)] == nil {
		in.flush()
	}
	limit := b.limit
	k := b.statHashed(key, h)
	if b.limit != limit {
		in.caches.gen++
	}
	return k
}

// addKey counts a request under key, cut to MaxKeyBytes, in b, and
// returns the key's cache slot; a key the cache did not hold is hashed
// whole and added to seen.
func (in *insight) addKey(b *breakdown, kc *keyCache, key []byte, verdict uint8, seen *distinctSketch) *keySlot {
	c := in.caches
	key = key[:min(len(key), MaxKeyBytes)]
	h := quickHash(key)
	s := &kc.slots[h&(1<<cacheBits-1)]
	if s.hash != h || s.k == nil || s.gen != c.gen || string(s.key) != string(key) {
		kh := keyHash(key)
		seen.add(kh)
		k := in.stat(b, key, kh)
		s.hash, s.key, s.k, s.tag, s.gen = h, append(s.key[:0], key...), k, untagged, c.gen
	}
	s.k.count(verdict, -1)
	return s
}

// countClient counts a request under a client, if it has one: hashed
// whole once (an IPv4 address, the commonest key, by keyHash's short way
// written out here), then looked up in the worker's clientTable, or
// counted in its other at once when the table has capped and the hash is
// above its limit. A key new to the table or above its limit goes to the
// distinct sketch.
func (in *insight) countClient(key []byte, verdict uint8) {
	if len(key) == 0 || isDash(key) {
		return
	}
	key = key[:min(len(key), MaxKeyBytes)]
	var h uint64
	if n := len(key); n > 8 && n <= 16 {
		le := binary.LittleEndian
		h = fmix64(mix(mix(hashMul^uint64(n), le.Uint64(key)), le.Uint64(key[n-8:])))
	} else {
		h = keyHashAny(key)
	}
	// The table's probe, written out: every request comes this way, and
	// a call would cost as much as the lookup.
	t := &in.cl
	if t.limit != 0 && h >= t.limit {
		t.other[verdict&3]++
		in.seen[0].add(h)
		return
	}
	if t.slots == nil {
		t.slots = new([1 << clientBits]clientEntry)
	}
	const mask = 1<<clientBits - 1
	for i := probeSlot(h, clientBits); ; i = (i + 1) & mask {
		e := &t.slots[i]
		if e.n == 0 {
			t.insert(e, key, h, verdict)
			in.seen[0].add(h)
			return
		}
		if e.hash == h && int(e.n) == len(key) && string(t.arena[e.off:e.off+e.n]) == string(key) {
			e.by[verdict&3]++
			return
		}
	}
}

// tailSlot is a slot of the tails' cache: a tail, kept in the slot so
// that the comparison reads only the slot, the stats of its referer and
// user agent, and its robot. A hit counts in the slot alone (by): the
// counts go to the stats and the robot when the slot is flushed, before
// anything reads them or a shrink moves the stats.
type tailSlot struct {
	hash       uint64
	ref, agent *keyStat
	by         [4]int64 // requests by verdict not yet flushed
	gen        uint32
	bot        int32  // index in agents, or -1
	n          uint16 // bytes of tail held; 0 for an empty slot
	tail       [maxCachedTail]byte
}

// maxCachedTail is the longest tail the cache holds, so that a slot is
// 384 bytes: a referer and a user agent fit; a longer tail, rare, takes
// the way of a miss every time.
const maxCachedTail = 318

// tailBits sizes the tails' cache: 2048 slots, 768 KiB.
const tailBits = 11

// tailKey is the head of a tail that the tails' cache keys on: up to its
// last quote, which in a combined log closes the user agent, so that
// fields after it that change from line to line (nginx's $request_time)
// do not make every tail a new one. tailMiss checks that a key holds the
// referer and user agent whole before it caches them under it.
func tailKey(tail []byte) []byte {
	if n := len(tail); n > 0 && tail[n-1] == '"' {
		return tail // a combined log's line: its user agent ends it
	}
	if i := bytes.LastIndexByte(tail, '"'); i >= 0 {
		return tail[:i+1]
	}
	return tail
}

// countTail counts a request under the referer and user agent of the raw
// tail of its line. The common case, a combined log's line, whose user
// agent's quote ends it, is written out and found in the cache by the
// tail itself; anything else, and a miss, takes countTailKey, which
// starts over. Keeping only the slot and the verdict live across the
// comparison spares the hit path the stores and loads of everything a
// miss would need.
func (in *insight) countTail(c *insightCaches, tail []byte, verdict uint8) {
	if n := len(tail); n >= 16 && tail[n-1] == '"' {
		// tailHash, written out: a call would cost as much as the hash.
		le := binary.LittleEndian
		w := le.Uint64(tail[8:]) ^ bits.RotateLeft64(le.Uint64(tail[n/2-8:]), 29)
		h := mix(mix(hashMul^uint64(n), w), le.Uint64(tail[n-8:]))
		s := &c.tails[h&(1<<tailBits-1)]
		if s.hash == h && int(s.n) == n && s.gen == c.gen && string(s.tail[:n]) == string(tail) {
			s.by[verdict&3]++
			return
		}
	}
	in.countTailKey(c, tail, verdict)
}

// countTailKey is countTail for any tail: it looks up the tail's key
// (tailKey), and counts a miss.
func (in *insight) countTailKey(c *insightCaches, tail []byte, verdict uint8) {
	key := tailKey(tail)
	h := tailHash(key)
	s := &c.tails[h&(1<<tailBits-1)]
	if s.hash == h && int(s.n) == len(key) && s.gen == c.gen && string(s.tail[:s.n]) == string(key) {
		s.by[verdict&3]++
		return
	}
	in.tailMiss(c, s, h, key, tail, verdict)
}

// tailMiss counts a tail whose key the cache did not hold, and puts the
// key in slot s.
func (in *insight) tailMiss(c *insightCaches, s *tailSlot, h uint64, key, tail []byte, verdict uint8) {
	if end, ok := parse.TailFieldsEnd(tail); !ok || end > len(key) {
		// The key does not hold the referer and user agent whole, so
		// another line's key could be the same bytes with other
		// fields: counted, not cached.
		ref, ua := parse.SplitTail(tail)
		in.countReferer(c, ref, verdict)
		in.countAgent(c, ua, verdict)
		return
	}
	in.flushTail(s)
	ref, ua := parse.SplitTail(key)
	r, a := in.countReferer(c, ref, verdict), in.countAgent(c, ua, verdict)
	if len(key) > maxCachedTail {
		s.n = 0
		return
	}
	s.hash, s.gen, s.ref, s.agent, s.bot = h, c.gen, &c.nobody, &c.nobody, -1
	s.n = uint16(copy(s.tail[:], key))
	if r != nil {
		s.ref = r.k
	}
	if a != nil {
		s.agent, s.bot = a.k, a.tag
	}
}

// flushTail moves the counts of a slot to its stats and robot.
func (in *insight) flushTail(s *tailSlot) {
	var n int64
	for _, v := range s.by {
		n += v
	}
	if n == 0 {
		return
	}
	for _, k := range [2]*keyStat{s.ref, s.agent} {
		k.requests += n
		for i, v := range s.by {
			k.by[i] += v
		}
	}
	if s.bot >= 0 {
		in.bots[s.bot].requests += n
		in.bots[s.bot].bad += s.by[verdictBad]
	}
	s.by = [4]int64{}
}

// flush moves the counts of every tail slot to the tables: before a
// shrink moves the stats they point at, and before the tables are read.
func (in *insight) flush() {
	if in.caches == nil {
		return
	}
	for i := range in.caches.tails {
		in.flushTail(&in.caches.tails[i])
	}
}
