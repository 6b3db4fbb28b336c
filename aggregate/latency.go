package aggregate

import (
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

// quantiles reads a sketch; max is tracked exactly beside it.
func quantiles(s *ddsketch.DDSketch, max float64) *Quantiles {
	if s == nil || s.IsEmpty() {
		return nil
	}
	v, err := s.GetValuesAtQuantiles([]float64{0.5, 0.9, 0.95, 0.99})
	if err != nil {
		return nil
	}
	return &Quantiles{Count: int64(s.GetCount()), P50: v[0], P90: v[1], P95: v[2], P99: v[3], Max: max}
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
