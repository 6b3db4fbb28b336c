package report

import "testing"

func TestPercentFloor(t *testing.T) {
	cases := []struct {
		num, den int64
		want     string
	}{
		{999, 1000, "99.900%"},
		{1, 1, "100%"},
		{9999999, 10000000, "99.999%"},
		{0, 5, "0.000%"},
		{1, 3, "33.333%"},
		{2, 3, "66.666%"},
		{1, 100000, "0.001%"},
		{1, 0, "n/a"},
	}
	for _, tc := range cases {
		if got := percentFloor(tc.num, tc.den, 3); got != tc.want {
			t.Errorf("percentFloor(%d, %d) = %s, want %s", tc.num, tc.den, got, tc.want)
		}
	}
}

func TestVisible(t *testing.T) {
	cases := map[string]string{
		"plain":        "plain",
		"tab\there":    `tab\x09here`,
		"nul\x00":      `nul\x00`,
		"bad\xffutf8":  `bad\xffutf8`,
		`back\slash`:   `back\\slash`,
		"naïve café":   "naïve café",
		"rtl\u202eabc": `rtl\u{202e}abc`,
		"c1\u0085":     `c1\u{85}`,
	}
	for in, want := range cases {
		if got := visible([]byte(in)); got != want {
			t.Errorf("visible(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGroup(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -1234: "-1,234"} {
		if got := group(n); got != want {
			t.Errorf("group(%d) = %s, want %s", n, got, want)
		}
	}
}

func TestHumanDuration(t *testing.T) {
	cases := map[float64]string{0: "0 s", 42: "42 s", 89: "89 s", 90: "2 min", 43 * 60: "43 min", 2.5 * 3600: "2.5 h", 3 * 86400: "3.0 d"}
	for in, want := range cases {
		if got := humanDuration(in); got != want {
			t.Errorf("humanDuration(%v) = %q, want %q", in, got, want)
		}
	}
}
