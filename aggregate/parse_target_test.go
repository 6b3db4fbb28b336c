package aggregate

import (
	"strings"
	"testing"
)

// TestParseTargetRefusesRatios: a number below 1 without a '%' sign is a
// ratio meant as a percentage, refused with the percentage it stands for;
// with the sign it is taken as written.
func TestParseTargetRefusesRatios(t *testing.T) {
	for in, meant := range map[string]string{"0.999": "99.9", "0.95": "95", " 0.5 ": "50", ".9999": "99.99", "0.99999": "99.999"} {
		_, err := ParseTarget(in)
		if err == nil || !strings.Contains(err.Error(), "is a ratio, not a percentage: did you mean "+meant+"?") {
			t.Errorf("ParseTarget(%q): %v, want a refusal suggesting %s", in, err, meant)
		}
	}
	for in, want := range map[string]string{"0.5%": "0.5%", "0.999%": "0.999%", "1": "1%", "99.9": "99.9%"} {
		tg, err := ParseTarget(in)
		if err != nil || tg.String() != want {
			t.Errorf("ParseTarget(%q) = %v, %v; want %s", in, tg, err, want)
		}
	}
	if _, err := ParseLatencyObjective("0.99<300ms"); err == nil || !strings.Contains(err.Error(), "did you mean 99?") {
		t.Errorf("latency SLO 0.99<300ms: %v", err)
	}
	if l, err := ParseLatencyObjective("0.5%<300ms"); err != nil || l.Target.String() != "0.5%" {
		t.Errorf("latency SLO 0.5%%<300ms: %v, %v", l, err)
	}
}
