package report

import (
	"math/bits"
	"sort"
	"time"

	"github.com/slareport/slareport/aggregate"
)

// slot is a stretch of the report's time series regrouped for a chart.
// Charts need contiguous slots of one width: the Summary leaves out the
// buckets without requests, and a chart must show such a stretch as a gap
// ("no data"), not close it up or call it 100%.
type slot struct {
	Wall    int64 // start as wall-clock seconds in the report's zone, for axes
	Classes [5]int64
	Invalid int64
	Bad     int64 // requests the bad rule counts against availability
	// Unjudged are the requests the rule leaves out of availability.
	Unjudged int64
	Latency  *aggregate.Quantiles
}

// Requests returns all requests in the slot.
func (p slot) Requests() int64 {
	return p.Classes[0] + p.Classes[1] + p.Classes[2] + p.Classes[3] + p.Classes[4] + p.Invalid
}

// Judged returns the requests that count towards availability.
func (p slot) Judged() int64 { return p.Requests() - p.Unjudged }

// slotFactors are the multiples of the bucket width a chart may group by:
// for hourly buckets 1, 2, 3, 6 and 12 hours, days, 2 days, weeks.
var slotFactors = []int64{1, 2, 3, 5, 6, 12, 24, 48, 168}

// wall returns t as seconds on the report zone's clock, so that slots and
// chart axes fall on local hours and midnights (ECharts draws them as UTC).
func wall(t int64, zone *time.Location) int64 {
	if zone == nil {
		return t
	}
	_, off := time.Unix(t, 0).In(zone).Zone()
	return t + int64(off)
}

// slots regroups the Summary's buckets into at most maxSlots contiguous
// slots, each a whole multiple of the bucket width on the zone's clock,
// from the first bucket to the last. It returns the slot width in seconds
// and no slots when the Summary has no buckets. Counts are sums, so every
// figure derived from a slot is exact for that slot; latency quantiles
// cannot be summed and are kept only while a slot is one bucket. On the
// zone's clock the hour a DST change repeats comes round twice, so even a
// slot of the bucket width can hold two buckets, one each side of the
// change, and then has no quantiles; an hour a change skips is an empty
// slot.
func slots(s *aggregate.Summary, maxSlots int) (int64, []slot) {
	if s.BucketSeconds <= 0 || len(s.Buckets) == 0 || maxSlots < 1 {
		return 0, nil
	}
	first := wall(s.Buckets[0].Start, s.Zone)
	last := wall(s.Buckets[len(s.Buckets)-1].Start, s.Zone)
	count := func(w int64) int64 { return floorDiv(last, w) - floorDiv(first, w) + 1 }
	width := s.BucketSeconds
	for _, f := range slotFactors {
		if width = s.BucketSeconds * f; count(width) <= int64(maxSlots) {
			break
		}
	}
	for count(width) > int64(maxSlots) {
		width *= 2 // spans of decades: keep halving the resolution
	}
	base := floorDiv(first, width)
	out := make([]slot, count(width))
	held := make([]int, len(out)) // buckets per slot
	for i := range out {
		out[i].Wall = (base + int64(i)) * width
	}
	for _, b := range s.Buckets {
		i := floorDiv(wall(b.Start, s.Zone), width) - base
		p := &out[i]
		for c := range p.Classes {
			p.Classes[c] += b.Classes[c]
		}
		p.Invalid += b.Invalid
		p.Bad += b.Bad
		p.Unjudged += b.Unjudged
		if held[i]++; held[i] == 1 && width == s.BucketSeconds {
			p.Latency = b.Latency
		} else {
			p.Latency = nil
		}
	}
	return width, out
}

// floorDiv is a/b rounded towards minus infinity, so that times before 1970
// fall in the right slot too.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// availabilityPercent returns good/total as a percentage rounded down to 4
// decimals, so a chart never shows 100% when a request failed. It is false
// when total is 0: no requests is no data, not 100%.
func availabilityPercent(good, total int64) (float64, bool) {
	if total <= 0 || good < 0 {
		return 0, false
	}
	// good·10⁶/total in 128 bits: exact for any count.
	hi, lo := bits.Mul64(uint64(good), 1_000_000)
	if hi >= uint64(total) {
		return 100, true // good > total cannot happen; never divide into overflow
	}
	q, _ := bits.Div64(hi, lo, uint64(total))
	return float64(q) / 1e4, true
}

// worstBuckets returns at most n buckets with bad requests, lowest
// availability first; buckets of equal availability keep their order.
func worstBuckets(s *aggregate.Summary, n int) []aggregate.Bucket {
	var hit []aggregate.Bucket
	for _, b := range s.Buckets {
		if b.Bad > 0 {
			hit = append(hit, b)
		}
	}
	sort.SliceStable(hit, func(i, k int) bool {
		a, b := hit[i], hit[k]
		return ratioLess(a.Judged()-a.Bad, a.Judged(), b.Judged()-b.Bad, b.Judged())
	})
	if len(hit) > n {
		hit = hit[:n]
	}
	return hit
}

// ratioLess reports a/b < c/d for non-negative counts, exactly: a·d < c·b in
// 128-bit arithmetic.
func ratioLess(a, b, c, d int64) bool {
	h1, l1 := bits.Mul64(uint64(a), uint64(d))
	h2, l2 := bits.Mul64(uint64(c), uint64(b))
	return h1 < h2 || h1 == h2 && l1 < l2
}

// burnDown returns the share of the window's error budget left at the end
// of each slot: 1 − (bad requests so far) / (bad requests the SLO allows
// over the whole window). It ends at the report's budget remaining, goes
// negative once the budget is overspent, and is nil when the SLO allows
// nothing to be spent (no requests): there is no budget to draw down.
func burnDown(ps []slot, o *aggregate.SLO) []float64 {
	if o == nil || !(o.Allowed > 0) || len(ps) == 0 {
		return nil
	}
	out := make([]float64, len(ps))
	var spent int64
	for i, p := range ps {
		spent += p.Bad
		out[i] = o.RemainingAfter(spent)
	}
	return out
}
