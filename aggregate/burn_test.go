package aggregate

import (
	"math"
	"testing"
	"time"
)

// TestBurnLimit: a burn rate exactly at the threshold does not exceed it,
// one bad request more does. The fractions are worked by hand: at 99.9%
// the budget is 1/1000, so 14.4 × 1/1000 = 9/625.
func TestBurnLimit(t *testing.T) {
	for _, c := range []struct {
		target     string
		threshold  float64
		bad, total int64
		want       bool
	}{
		{"99.9", 14.4, 9, 625, false}, // 9/625 = 14.4 × 0.001 exactly
		{"99.9", 14.4, 10, 625, true}, // one more
		{"99.9", 14.4, 9, 626, false}, // one request more dilutes it
		{"99.9", 1, 1, 1000, false},   // budget pace exactly
		{"99.9", 1, 2, 1000, true},    //
		{"99.99", 6, 3, 5000, false},  // 6 × 1/10000 = 3/5000
		{"99.99", 6, 4, 5000, true},   //
		{"95", 0.7, 7, 200, false},    // 0.7 × 1/20 = 7/200; float64 says 0.7000000000000001 > 0.7
		{"95", 0.7, 7_000_000, 200_000_000, false},
		{"90.04", 6, 747, 1250, false},   // 6 × 0.0996 = 747/1250; float64 says above
		{"90.04", 6, 748, 1250, true},    //
		{"99.9", 14.4, 0, 0, false},      // no traffic is no outage
		{"99.9", 0, 1, 1_000_000, true},  // a zero threshold: any bad request
		{"99.9", 0, 0, 1_000_000, false}, //
		{"99.9", math.Inf(1), 1000, 1000, false},
		// A threshold with many decimals takes the big-number path.
		// 1.0000000000000002 × 0.001 × 10¹⁸ = 1,000,000,000,000,000.2
		{"99.9", 1.0000000000000002, 1_000_000_000_000_000, 1_000_000_000_000_000_000, false},
		{"99.9", 1.0000000000000002, 1_000_000_000_000_001, 1_000_000_000_000_000_000, true},
	} {
		tg, err := ParseTarget(c.target)
		if err != nil {
			t.Fatal(err)
		}
		if got := tg.Limit(c.threshold).ExceededBy(c.bad, c.total); got != c.want {
			t.Errorf("target %s threshold %v: %d of %d exceeds = %v, want %v", c.target, c.threshold, c.bad, c.total, got, c.want)
		}
	}
}

// TestReplayAtTheThreshold: at 90.04% one minute of 1,250 requests with
// 747 bad burns at exactly 6, the second page rule's threshold: that rule
// must not fire (the rules fire above their threshold), while the ticket
// rules (3 and 1) do. Dividing in float64 made it 6.000000000000001 and
// fired the page.
func TestReplayAtTheThreshold(t *testing.T) {
	tg, _ := ParseTarget("90.04")
	base := int64(1_800_000_000 - 1_800_000_000%60)
	c := Counts{Classes: [5]int64{0, 503, 0, 0, 747}, Bad: 747}
	got := evaluateAlerts([]Slice{{Start: base, Counts: c}}, base+60, tg)
	fired := map[time.Duration]bool{}
	for _, st := range got {
		fired[st.Rule.Long] = st.Firing
	}
	want := map[time.Duration]bool{time.Hour: false, 6 * time.Hour: false, 24 * time.Hour: true, 72 * time.Hour: true}
	for long, w := range want {
		if fired[long] != w {
			t.Errorf("rule with a %v long window: firing %v, want %v", long, fired[long], w)
		}
	}
}
