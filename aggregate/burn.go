package aggregate

import (
	"math"
	"math/big"
	"math/bits"
	"strconv"
	"strings"
)

// BurnLimit is a burn-rate threshold against a Target, held as an exact
// fraction of events: a burn rate above it is bad/total > Num/Den. Alert
// rules and the --max-burn-rate gate decide with it, so that a verdict
// never hangs on floating-point rounding: 14.4 × (1 − 0.999) is
// 0.014400000000000013 in float64, and a window exactly at the threshold
// would fire or not depending on the order of the operations.
type BurnLimit struct {
	num, den *big.Int // bad/total > num/den; den > 0
	// n and d are num and den when both fit in 64 bits (always, for a
	// target with a finite decimal and a threshold with a few decimals),
	// so the per-minute comparison needs no allocation.
	n, d  uint64
	small bool
}

// Limit returns the burn rate threshold as a BurnLimit against t. The
// threshold is read as the decimal it prints as (14.4 is 144/10, not the
// nearest binary fraction). A negative or NaN threshold counts as 0, +Inf
// as a limit no window exceeds.
func (t Target) Limit(threshold float64) BurnLimit {
	if math.IsNaN(threshold) || threshold < 0 {
		threshold = 0
	}
	if math.IsInf(threshold, 1) {
		return BurnLimit{n: 1, d: 0, small: true} // bad/total > ∞: never
	}
	digits := strconv.FormatFloat(threshold, 'f', -1, 64)
	if l, ok := smallLimit(digits, billion-t.ppb); ok {
		return l
	}
	// Many digits: the same fraction in big numbers.
	r, _ := new(big.Rat).SetString(digits)
	r.Mul(r, new(big.Rat).SetFrac64(int64(billion-t.ppb), billion))
	l := BurnLimit{num: new(big.Int).Set(r.Num()), den: new(big.Int).Set(r.Denom())}
	if l.num.IsUint64() && l.den.IsUint64() {
		l.n, l.d, l.small = l.num.Uint64(), l.den.Uint64(), true
	}
	return l
}

// smallLimit is Limit for a threshold of few digits, such as 14.4, without
// allocating: digits × budgetPPB / (10^decimals × 10⁹), reduced. It is
// false when a product would not fit in 64 bits.
func smallLimit(digits string, budgetPPB uint64) (BurnLimit, bool) {
	whole, frac, _ := strings.Cut(digits, ".")
	if len(whole)+len(frac) > 18 || len(frac) > 9 {
		return BurnLimit{}, false
	}
	m, err := strconv.ParseUint(whole+frac, 10, 64)
	if err != nil {
		return BurnLimit{}, false
	}
	den := uint64(billion)
	for range len(frac) {
		den *= 10
	}
	hi, num := bits.Mul64(m, budgetPPB)
	if hi != 0 {
		return BurnLimit{}, false
	}
	g := gcd(num, den)
	return BurnLimit{n: num / g, d: den / g, small: true}, true
}

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	if a == 0 {
		return 1
	}
	return a
}

// ExceededBy reports whether bad of total events burn the budget faster
// than the limit. No events never exceed it: no traffic is not an outage.
func (l BurnLimit) ExceededBy(bad, total int64) bool {
	if total <= 0 || bad < 0 {
		return false
	}
	if l.small {
		if l.d == 0 {
			return false
		}
		// bad × d > total × n, in 128 bits.
		lh, ll := bits.Mul64(uint64(bad), l.d)
		rh, rl := bits.Mul64(uint64(total), l.n)
		return lh > rh || lh == rh && ll > rl
	}
	left := new(big.Int).Mul(big.NewInt(bad), l.den)
	right := new(big.Int).Mul(big.NewInt(total), l.num)
	return left.Cmp(right) > 0
}
