package aggregate

import "math/rand/v2"

// clientTable is a worker's table of clients. Every request looks its
// client up, and a busy site sees far more clients than the table keeps,
// so the worker does not use a breakdown (a map of pointers, one
// allocation per key and a key string per insert, all scanned by the
// collector) but an open-addressing table of plain entries, probed from
// the probeSlot of the client's keyHash, with the keys in one byte arena. It keeps the keys a
// breakdown would keep (those whose hash is below the limit, which halves
// whenever more than BreakdownCap are held), so into turns it into the
// very breakdown the map would have built, for the merge. A worker counts
// in it with insight.countClient.
type clientTable struct {
	slots *[1 << clientBits]clientEntry // a key per slot at most; an array: no bounds check
	arena []byte                        // the keys held, back to back; rebuilt by shrink
	used  int                           // keys held
	limit uint64                        // keep keys with hash < limit; 0 means no limit yet
	other [4]int64                      // requests per verdict of the keys not kept
}

// clientEntry is a client and its requests per verdict. n is 0 for an
// empty slot: an empty client is never counted.
type clientEntry struct {
	hash uint64
	by   [4]int64
	off  uint32
	n    uint32
}

// probeSeed is mixed into the slot a key's hash picks in the tables that
// probe (a worker's clients, a bucket's cells). Their hashes are fixed, so
// that the keys a table keeps are the same everywhere, and a log could hold
// keys chosen to share a slot, which would make every lookup walk all of
// them; a seed drawn when the program starts makes such keys as likely to
// collide as any others. Where a key lands never changes what is counted.
var probeSeed = rand.Uint64()

// probeSlot is the slot of hash h in a table of 1<<bits slots.
func probeSlot(h uint64, bits uint8) uint64 {
	return fmix64(h^probeSeed) >> (64 - bits)
}

// clientBits sizes the table: 4,096 slots of 48 bytes, 192 KiB, so that it
// is never more than half full (BreakdownCap keys) and a probe is short.
const clientBits = 12

// insert puts key in the empty slot e, and shrinks the table when it holds
// more than BreakdownCap keys.
func (t *clientTable) insert(e *clientEntry, key []byte, h uint64, verdict uint8) {
	*e = clientEntry{hash: h, off: uint32(len(t.arena)), n: uint32(len(key))}
	e.by[verdict&3]++
	t.arena = append(t.arena, key...)
	if t.used++; t.used > BreakdownCap {
		t.shrink()
	}
}

// shrink halves the limit until at most BreakdownCap keys remain, as
// breakdown.shrink does, folds the dropped keys into other, and rebuilds
// the slots and the arena with the kept ones.
func (t *clientTable) shrink() {
	for t.used > BreakdownCap {
		if t.limit == 0 {
			t.limit = 1 << 63
		} else {
			t.limit >>= 1
		}
		t.used = 0
		for i := range t.slots {
			if e := &t.slots[i]; e.n != 0 && e.hash < t.limit {
				t.used++
			}
		}
	}
	old, arena := t.slots, t.arena
	t.slots, t.arena = new([1 << clientBits]clientEntry), make([]byte, 0, len(arena))
	const mask = 1<<clientBits - 1
	for _, e := range old {
		if e.n == 0 {
			continue
		}
		if e.hash >= t.limit {
			for v, n := range e.by {
				t.other[v] += n
			}
			continue
		}
		i := probeSlot(e.hash, clientBits)
		for t.slots[i].n != 0 {
			i = (i + 1) & mask
		}
		key := arena[e.off : e.off+e.n]
		e.off = uint32(len(t.arena))
		t.arena = append(t.arena, key...)
		t.slots[i] = e
	}
}

// into adds the table to b, an empty breakdown, as the breakdown that
// counting the same requests with statHashed would have built.
func (t *clientTable) into(b *breakdown) {
	b.limit = t.limit
	for v, n := range t.other {
		b.other.requests += n
		b.other.by[v] += n
	}
	if t.used > 0 && b.keys == nil {
		b.keys = make(map[string]*keyStat, t.used)
	}
	for _, e := range t.slots {
		if e.n == 0 {
			continue
		}
		k := &keyStat{hash: e.hash, by: e.by}
		for _, n := range e.by {
			k.requests += n
		}
		b.keys[string(t.arena[e.off:e.off+e.n])] = k
	}
}
