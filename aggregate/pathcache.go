package aggregate

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// Every request's target is cut at its query and looked up in the path
// cache, so both are written for speed: the cut reads eight bytes at a time
// and hashes as it goes, and the cache is a plain array indexed by that
// hash rather than a map, which would hash the path a second time.

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
	// hashMul is the 64-bit golden ratio, an odd constant with well-mixed
	// bits.
	hashMul = 0x9e3779b97f4a7c15
)

// splitPath returns target without its query and fragment (from the first
// '?' or '#'), and a hash of the bytes it returns. The hash mixes in the
// path's whole words, then its last partial word, zero-padded, then its
// length: it depends only on the path, not on what followed it.
//
// The loop reads whole words and nothing else, so that it carries no test
// of how many bytes a word holds; the last, partial word and the word
// with a mark are finished outside it. It folds each word in with a
// plain multiply, which keeps two words apart (each step is a bijection
// of h), and leaves the spreading of their bits to the full mix of the
// length at the end: the cache indexes by the hash's top bits.
func splitPath(target []byte) ([]byte, uint64) {
	h := uint64(hashMul)
	i := 0
	for ; len(target)-i >= 8; i += 8 {
		w := binary.LittleEndian.Uint64(target[i:])
		if m := queryMarks(w); m != 0 {
			return cutPath(target, h, i, w, m)
		}
		h = (h ^ w) * hashMul
	}
	var w uint64
	switch n := len(target) - i; {
	case n == 0:
		return target, mix(h, uint64(i))
	case i > 0:
		// Reread the end of the target as one word and shift the
		// bytes already hashed out.
		w = binary.LittleEndian.Uint64(target[len(target)-8:]) >> (8 * (8 - n))
	default:
		w = shortWord(target)
	}
	// The padding holds zeros, never a mark.
	if m := queryMarks(w); m != 0 {
		return cutPath(target, h, i, w, m)
	}
	return target, mix((h^w)*hashMul, uint64(len(target)))
}

// cutPath finishes splitPath at the first mark of m in w, the word at
// target[i:]: the path ends there, and its bytes of w are the last it
// hashes.
func cutPath(target []byte, h uint64, i int, w, m uint64) ([]byte, uint64) {
	n := bits.TrailingZeros64(m) / 8
	if n > 0 {
		h = (h ^ w&(1<<(8*n)-1)) * hashMul
	}
	return target[:i+n], mix(h, uint64(i+n))
}

// shortWord returns the 0..7 bytes of b as a little-endian word, zero-padded,
// with two overlapping loads: the bytes they share are equal.
func shortWord(b []byte) uint64 {
	le := binary.LittleEndian
	switch n := len(b); {
	case n >= 4:
		return uint64(le.Uint32(b)) | uint64(le.Uint32(b[n-4:]))<<(8*(n-4))
	case n >= 2:
		return uint64(le.Uint16(b)) | uint64(le.Uint16(b[n-2:]))<<(8*(n-2))
	case n == 1:
		return uint64(b[0])
	}
	return 0
}

// queryMarks has the high bit set in the first byte of w (in memory order)
// that is '?' or '#', and possibly in later bytes; zero when there is none.
// It is the classic test for a zero byte, applied to w with each mark
// xored out: the lowest flagged byte is always exact.
func queryMarks(w uint64) uint64 {
	q := w ^ (ones * '?')
	f := w ^ (ones * '#')
	return ((q-ones)&^q | (f-ones)&^f) & highs
}

func mix(h, w uint64) uint64 {
	hi, lo := bits.Mul64(h^w, hashMul)
	return hi ^ lo
}

// pathCacheBits sizes the path cache: 4096 slots of 32 bytes, 128 KiB.
const pathCacheBits = 12

// pathCache maps request paths (query dropped) whose endpoint key is the
// path itself to their key's stats, so that a path seen before skips the
// collapsing and the map of keys. It is direct-mapped: a path takes over
// the slot of whatever path hashed to it before.
type pathCache struct {
	slots []pathSlot
}

type pathSlot struct {
	hash uint64
	path string
	k    *keyStat
}

func (c *pathCache) get(path []byte, h uint64) *keyStat {
	if c.slots == nil {
		return nil
	}
	s := &c.slots[h>>(64-pathCacheBits)]
	if s.hash == h && s.path == string(path) {
		return s.k
	}
	return nil
}

func (c *pathCache) put(path []byte, h uint64, k *keyStat) {
	if c.slots == nil {
		c.slots = make([]pathSlot, 1<<pathCacheBits)
	}
	s := &c.slots[h>>(64-pathCacheBits)]
	// Keep the string when the slot already holds the path: only its
	// stats moved.
	if s.hash != h || s.path != string(path) {
		s.hash, s.path = h, string(path)
	}
	s.k = k
}

// reset forgets every path: their stats may have been folded away.
func (c *pathCache) reset() {
	clear(c.slots)
}

// dirCacheBits sizes the directory cache: 1024 slots.
const dirCacheBits = 10

// dirCache maps directories to their collapsed form, for the paths the
// path cache misses: those that hold an id (/api/v1/orders/86311) are
// mostly new, but their directory (/api/v1/orders) comes again and
// again, and its segments need not be classified each time. It is
// direct-mapped, like the path cache, and a slot's buffers are reused, so
// that a directory taking over a slot allocates nothing.
type dirCache struct {
	slots []dirSlot
}

type dirSlot struct {
	hash uint64
	dir  []byte
	key  []byte // appendSegments(dir)
}

// appendSegments is the package's appendSegments, with path's directory
// collapsed from the cache. The last segment is collapsed alone, unless
// a two-hex shard directory might pair it with the one before: only then
// does it change how its directory collapses.
func (c *dirCache) appendSegments(dst, path []byte) []byte {
	j := bytes.LastIndexByte(path, '/')
	last := path[j+1:]
	if j <= 0 || isHex2(last) {
		return appendSegments(dst, path)
	}
	dir := path[:j]
	// The hash stops at a query mark: a path that still holds one (not
	// cut by splitPath, as addPath's are) goes the long way.
	d, h := splitPath(dir)
	if len(d) != len(dir) {
		return appendSegments(dst, path)
	}
	if c.slots == nil {
		c.slots = make([]dirSlot, 1<<dirCacheBits)
	}
	s := &c.slots[h>>(64-dirCacheBits)]
	if s.hash != h || string(s.dir) != string(dir) {
		s.hash, s.dir, s.key = h, append(s.dir[:0], dir...), appendSegments(s.key[:0], dir)
	}
	dst = append(dst, s.key...)
	dst = append(dst, '/')
	return appendSeg(dst, last)
}
