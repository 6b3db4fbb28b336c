package aggregate

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestClientTableIsABreakdown: the workers' clients table, counted in by
// countClient, keeps the keys,
// counts, limit and other that a breakdown fed the same requests keeps,
// below the cap, across many shrinks, and with keys of every length up to
// MaxKeyBytes.
func TestClientTableIsABreakdown(t *testing.T) {
	for _, distinct := range []int{1, 1500, BreakdownCap + 1, 40_000} {
		t.Run(fmt.Sprint(distinct), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, uint64(distinct)))
			keys := make([][]byte, distinct)
			for i := range keys {
				keys[i] = []byte(fmt.Sprintf("198.51.%d.%d", i/256, i%256))
				if i%97 == 0 { // a long host name or a cut one
					keys[i] = fmt.Appendf(nil, "%0*d.example", 1+rng.IntN(MaxKeyBytes-8), i)
				}
			}
			in := newWorkerInsight()
			var want breakdown
			for range 4 * distinct {
				key := keys[rng.IntN(len(keys))]
				verdict := uint8(rng.IntN(3))
				h := keyHash(key)
				in.countClient(key, verdict)
				want.statHashed(key, h).count(verdict, -1)
			}
			var got breakdown
			in.cl.into(&got)
			if got.limit != want.limit || got.other.requests != want.other.requests || got.other.by != want.other.by {
				t.Fatalf("limit %x other %d %v, want limit %x other %d %v", got.limit, got.other.requests, got.other.by, want.limit, want.other.requests, want.other.by)
			}
			if len(got.keys) != len(want.keys) {
				t.Fatalf("%d keys, want %d", len(got.keys), len(want.keys))
			}
			for key, w := range want.keys {
				g := got.keys[key]
				if g == nil || g.hash != w.hash || g.requests != w.requests || g.by != w.by {
					t.Fatalf("key %.40q: %+v, want %+v", key, g, w)
				}
			}
		})
	}
}

// longestRun returns the longest run of occupied slots in a table of n
// slots, wrapping around: the most slots a lookup can probe.
func longestRun(n int, occupied func(i int) bool) int {
	longest, run := 0, 0
	for i := range 2 * n {
		if !occupied(i % n) {
			run = 0
			continue
		}
		run++
		longest = max(longest, min(run, n))
	}
	return longest
}

// TestClientTableResistsCollidingKeys: clients chosen so that their fixed
// keyHash has the same low bits, the keys a log
// could carry to make every lookup of a table indexed by those bits walk
// all of them, spread over the table like any others.
func TestClientTableResistsCollidingKeys(t *testing.T) {
	var keys [][]byte
	for i := 0; len(keys) < 600; i++ {
		key := fmt.Appendf(nil, "10.%d.%d.%d", i>>16&255, i>>8&255, i&255)
		if keyHash(key)&(1<<clientBits-1) == 7 {
			keys = append(keys, key)
		}
	}
	in := newWorkerInsight()
	for _, key := range keys {
		in.countClient(key, verdictGood)
	}
	if in.cl.used != len(keys) {
		t.Fatalf("the table holds %d keys, want %d", in.cl.used, len(keys))
	}
	// 600 keys in 4,096 slots at random: the longest run is a few dozen
	// slots at the very most; indexed by the low bits, all 600 in one.
	slots := in.cl.slots
	if run := longestRun(len(slots), func(i int) bool { return slots[i].n != 0 }); run > 60 {
		t.Fatalf("a run of %d occupied slots for %d keys", run, len(keys))
	}
}
