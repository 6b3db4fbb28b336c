package slasum

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/slareport/slareport/aggregate"
)

// TestEveryBitFlipIsCaught flips each bit of a small summary in turn: the
// damaged file must be refused, or read as exactly the state it held. A
// flip that reads as other counts would change a report without a word.
func TestEveryBitFlipIsCaught(t *testing.T) {
	st, good := roundTrip(t, testStateN(t, 40, aggregate.Options{Statuses: true}))
	step := 1
	if testing.Short() {
		step = 13 // a prime, so every bit position within a byte is tried
	}
	data := bytes.Clone(good)
	var silent, tried int
	for bit := 0; bit < 8*len(data); bit += step {
		tried++
		data[bit/8] ^= 1 << (bit % 8)
		got, err := Read(bytes.NewReader(data))
		data[bit/8] ^= 1 << (bit % 8)
		if err != nil {
			continue
		}
		got.Settings.Zone = st.Settings.Zone
		if !reflect.DeepEqual(got, st) {
			if silent++; silent <= 5 {
				t.Errorf("bit %d of byte %d flipped: read without an error as another state", bit%8, bit/8)
			}
		}
	}
	if silent > 0 {
		t.Fatalf("%d of %d single-bit flips of a %d-byte summary changed it silently", silent, tried, len(good))
	}
}
