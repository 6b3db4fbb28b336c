package aggregate

import (
	"errors"
	"math"
	"math/bits"
)

// distinctSketch estimates how many distinct keys a table saw, when the
// table kept only some of them: a HyperLogLog (Flajolet et al., 2007) of
// 2^14 one-byte registers, about 0.8% standard error, with linear
// counting for small sets. Adding a key twice changes nothing and two
// sketches merge by taking each register's maximum, so the estimate is the
// same for any number of workers and any order of the lines.
type distinctSketch struct {
	reg []uint8 // nil until the first key
}

const (
	hllBits = 14
	hllRegs = 1 << hllBits
)

// add counts a key by its keyHash, whose bits are mixed well enough to be
// read as they are.
func (d *distinctSketch) add(h uint64) {
	if d.reg == nil {
		d.reg = make([]uint8, hllRegs)
	}
	i := h >> (64 - hllBits)
	rank := uint8(bits.LeadingZeros64(h<<hllBits|1<<(hllBits-1)) + 1)
	if rank > d.reg[i] {
		d.reg[i] = rank
	}
}

func (d *distinctSketch) merge(o *distinctSketch) {
	if o.reg == nil {
		return
	}
	if d.reg == nil {
		d.reg = make([]uint8, hllRegs)
	}
	for i, r := range o.reg {
		d.reg[i] = max(d.reg[i], r)
	}
}

// estimate returns the number of distinct keys added, rounded.
func (d *distinctSketch) estimate() int64 {
	if d.reg == nil {
		return 0
	}
	m := float64(hllRegs)
	sum, zeros := 0.0, 0
	for _, r := range d.reg {
		sum += math.Ldexp(1, -int(r))
		if r == 0 {
			zeros++
		}
	}
	e := 0.7213 / (1 + 1.079/m) * m * m / sum
	if e <= 2.5*m && zeros > 0 {
		e = m * math.Log(m/float64(zeros)) // linear counting
	}
	return int64(math.Round(e))
}

// registers returns the sketch as plain data for a State; nil when empty.
func (d *distinctSketch) registers() []byte {
	if d.reg == nil {
		return nil
	}
	return append([]byte(nil), d.reg...)
}

// errRegisters is the error of registers no sketch holds.
var errRegisters = errors.New("impossible distinct-key sketch")

// sketchFromRegisters rebuilds a sketch, refusing registers of another
// size or ranks no 64-bit hash gives.
func sketchFromRegisters(b []byte) (distinctSketch, error) {
	if len(b) == 0 {
		return distinctSketch{}, nil
	}
	if len(b) != hllRegs {
		return distinctSketch{}, errRegisters
	}
	for _, r := range b {
		if r > 64-hllBits+1 {
			return distinctSketch{}, errRegisters
		}
	}
	return distinctSketch{reg: append([]uint8(nil), b...)}, nil
}

// fmix64 is MurmurHash3's finaliser: every bit of its input moves about
// half of the bits of its output.
func fmix64(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}
