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
