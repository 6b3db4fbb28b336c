package aggregate

import (
	"math"

	"github.com/DataDog/sketches-go/ddsketch"
)

// Latency quantiles come from DDSketch (DataDog's sketches-go): mergeable,
// so per-worker sketches add up exactly, with a guaranteed relative error
// on every quantile and a bounded number of bins.
const (
	sketchAccuracy = 0.005 // relative error of a quantile; the report promises ≤ 1%
	sketchBins     = 2048  // bins per sketch: 2048 × 1% covers 1 µs … hours
)

func newSketch() *ddsketch.DDSketch {
	s, err := ddsketch.LogCollapsingLowestDenseDDSketch(sketchAccuracy, sketchBins)
	if err != nil {
		panic(err) // constant arguments; cannot fail
	}
	return s
}

// Quantiles are latency figures in seconds.
type Quantiles struct {
	Count                   int64
	P50, P90, P95, P99, Max float64
}

// quantilePercents are the quantiles a report shows, in percent.
var quantilePercents = [4]int64{50, 90, 95, 99}

// quantiles reads a sketch; max is tracked exactly beside it.
//
// A quantile is nearest-rank: with n durations, quantile q is the one of
// rank ⌈q·n⌉ (1-based) in ascending order, so p99 of fewer than 100
// requests is the slowest. The sketch gives that duration within its
// relative error (sketchAccuracy); the top rank is max itself, and no
// quantile exceeds max.
func quantiles(s *ddsketch.DDSketch, max float64) *Quantiles {
	if s == nil || s.IsEmpty() {
		return nil
	}
	n := int64(math.Round(s.GetCount()))
	var v [len(quantilePercents)]float64
	for i, pct := range quantilePercents {
		var err error
		if v[i], err = valueAtRank(s, (pct*n+99)/100, n, max); err != nil { // rank ⌈pct·n/100⌉, exact
			return nil
		}
	}
	return &Quantiles{Count: n, P50: v[0], P90: v[1], P95: v[2], P99: v[3], Max: max}
}

// valueAtRank returns the duration of 1-based rank r of the n in s, top
// being their exact maximum.
//
// The sketch reads a quantile q' as the 0-based rank q'·(n−1) and returns
// the first bin whose cumulative count exceeds it. Cumulative counts are
// whole, so asking for rank r−1+0.5 lands on the bin holding rank r, with
// half a rank of room for the rounding of q' (exact while n < 2⁵¹).
func valueAtRank(s *ddsketch.DDSketch, r, n int64, top float64) (float64, error) {
	if r >= n {
		return top, nil
	}
	q := min(1, max(0, (float64(r-1)+0.5)/float64(n-1)))
	v, err := s.GetValueAtQuantile(q)
	return min(v, top), err
}

// timing is a sketch with its exact maximum.
type timing struct {
	sketch *ddsketch.DDSketch
	max    float64
}

func (t *timing) add(d float64) {
	if t.sketch == nil {
		t.sketch = newSketch()
	}
	t.sketch.Add(d)
	t.max = max(t.max, d)
}

func (t *timing) merge(o *timing) {
	if o == nil || o.sketch == nil {
		return
	}
	if t.sketch == nil {
		t.sketch = newSketch()
	}
	t.sketch.MergeWith(o.sketch)
	t.max = max(t.max, o.max)
}

func (t *timing) quantiles() *Quantiles {
	if t == nil {
		return nil
	}
	return quantiles(t.sketch, t.max)
}
