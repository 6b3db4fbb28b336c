package aggregate

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// quantileTolerance is the sketch's relative error plus room for float
// rounding in the check itself.
const quantileTolerance = sketchAccuracy + 1e-9

// nearestRank returns the exact nearest-rank quantile of pct percent: the
// smallest sample with at least pct% of the samples at or below it, found
// by counting rather than by the formula under test.
func nearestRank(sorted []float64, pct int) float64 {
	n := len(sorted)
	for k := 1; k <= n; k++ {
		if 100*k >= pct*n {
			return sorted[k-1]
		}
	}
	panic("no samples")
}

// timingOf adds ds to a fresh timing.
func timingOf(ds []float64) *timing {
	t := &timing{}
	for _, d := range ds {
		t.add(d)
	}
	return t
}

// checkQuantiles compares q with the exact nearest-rank quantiles of ds:
// each within the sketch's relative error and never above the maximum,
// which is exact, as is the count.
func checkQuantiles(t *testing.T, q *Quantiles, ds []float64) {
	t.Helper()
	sorted := slices.Clone(ds)
	slices.Sort(sorted)
	top := sorted[len(sorted)-1]
	if q == nil {
		t.Fatalf("no quantiles for %d samples", len(ds))
	}
	if q.Count != int64(len(ds)) || q.Max != top {
		t.Errorf("count %d max %v, want %d and %v", q.Count, q.Max, len(ds), top)
	}
	for _, c := range []struct {
		pct int
		got float64
	}{{50, q.P50}, {90, q.P90}, {95, q.P95}, {99, q.P99}} {
		want := nearestRank(sorted, c.pct)
		if math.Abs(c.got-want) > quantileTolerance*want || c.got > top {
			t.Errorf("n=%d p%d = %v, exact nearest-rank %v (max %v)", len(ds), c.pct, c.got, want, top)
		}
	}
}

// TestQuantilesTwoRequests: of 12 ms and 300 ms, the slower is p90, p95
// and p99 (rank ⌈0.9·2⌉ = 2); p50 is rank 1.
func TestQuantilesTwoRequests(t *testing.T) {
	q := timingOf([]float64{0.012, 0.3}).quantiles()
	if q == nil {
		t.Fatal("no quantiles")
	}
	for name, v := range map[string]float64{"p90": q.P90, "p95": q.P95, "p99": q.P99} {
		if math.Abs(v-0.3) > quantileTolerance*0.3 || v > q.Max {
			t.Errorf("%s = %v, want 300ms (max %v)", name, v, q.Max)
		}
	}
	if math.Abs(q.P50-0.012) > quantileTolerance*0.012 {
		t.Errorf("p50 = %v, want 12ms", q.P50)
	}
	if q.Max != 0.3 || q.Count != 2 {
		t.Errorf("max %v count %d", q.Max, q.Count)
	}
}

// TestQuantilesSmallSamples checks every quantile against the exact
// nearest-rank on sizes around the ranks where p50…p99 change, with
// samples 1…n ms in shuffled order, random ones, and ties with zeros
// (which the sketch counts apart from its bins).
func TestQuantilesSmallSamples(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for _, n := range []int{1, 2, 3, 10, 99, 100, 101, 1000} {
		seq := make([]float64, n)
		for i := range seq {
			seq[i] = float64(i+1) / 1000
		}
		rng.Shuffle(n, func(i, k int) { seq[i], seq[k] = seq[k], seq[i] })
		random := make([]float64, n)
		for i := range random {
			random[i] = math.Round(math.Exp(rng.NormFloat64()*1.5-3)*1e6) / 1e6
		}
		zeros := make([]float64, n)
		for i := range zeros {
			if i%3 != 0 {
				zeros[i] = float64(rng.IntN(5)) / 1000 // 0…4 ms: many zeros, many ties
			}
		}
		for name, ds := range map[string][]float64{"1..n ms": seq, "random": random, "zeros and ties": zeros} {
			t.Run(fmt.Sprintf("%s/n=%d", name, n), func(t *testing.T) {
				checkQuantiles(t, timingOf(ds).quantiles(), ds)
			})
		}
	}
}

// TestQuantilesAllZero: durations of 0 live in the sketch's zero count.
func TestQuantilesAllZero(t *testing.T) {
	for _, n := range []int{1, 2, 150} {
		checkQuantiles(t, timingOf(make([]float64, n)).quantiles(), make([]float64, n))
	}
}

// TestQuantilesMergedWorkers splits random samples of random sizes over
// several workers' timings, merges them as a run does, and checks the
// merged quantiles against the exact nearest-rank of all samples.
func TestQuantilesMergedWorkers(t *testing.T) {
	for seed := range uint64(200) {
		rng := rand.New(rand.NewPCG(seed, 42))
		n := 1 + rng.IntN(300)
		if seed%10 == 0 {
			n = 1 + rng.IntN(20000)
		}
		workers := make([]*timing, 1+rng.IntN(6))
		for i := range workers {
			workers[i] = &timing{}
		}
		ds := make([]float64, n)
		for i := range ds {
			switch rng.IntN(10) {
			case 0:
				ds[i] = 0
			case 1:
				ds[i] = float64(rng.IntN(60000)) / 1000 // up to a minute, ms resolution
			default:
				ds[i] = math.Exp(rng.NormFloat64()*1.2 - 2.5)
			}
			workers[rng.IntN(len(workers))].add(ds[i])
		}
		var total timing
		for _, w := range workers {
			total.merge(w)
		}
		t.Run(fmt.Sprintf("seed=%d/n=%d/workers=%d", seed, n, len(workers)), func(t *testing.T) {
			checkQuantiles(t, total.quantiles(), ds)
		})
	}
}
