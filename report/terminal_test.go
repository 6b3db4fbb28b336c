package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

// ours matches the only escape sequences Terminal may write: its colours.
var ours = regexp.MustCompile(`\x1b\[(0|1|2|31|32|33)m`)

func TestTerminal(t *testing.T) {
	s := hostileSummary()
	s.Samples[1].Text = []byte("\x1b]0;pwned\x07\x1b[2J\x1b[H\x9b31m\u009b2J\x00\r")
	opt := sloFixture(t, s, "99.9")
	for _, tc := range []struct {
		name  string
		color bool
	}{{"plain", false}, {"colour", true}} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Terminal(&b, s, TerminalOptions{Options: opt, Color: tc.color}); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			if tc.color != strings.Contains(out, "\x1b[31m") {
				t.Errorf("colour %v, output:\n%q", tc.color, out)
			}
			// Strip our colours: what is left must hold no control
			// character but newlines, so nothing from the log can move
			// the cursor, clear the screen or retitle the window.
			rest := ours.ReplaceAllString(out, "")
			for i, r := range rest {
				if r < 0x20 && r != '\n' || r == 0x7f || r >= 0x80 && r < 0xa0 || isFormatChar(r) {
					t.Fatalf("control character %U at %d in:\n%q", r, i, rest)
				}
			}
			for _, want := range []string{"Availability", "99.000%", "SLO 99.9%", "breached", `\x1b]0;title\x07`, `\x1b]0;pwned\x07\x1b[2J\x1b[H\x9b31m\u{9b}2J\x00\x0d`, "Malformed"} {
				if !strings.Contains(rest, want) {
					t.Errorf("summary lacks %q:\n%s", want, rest)
				}
			}
			for _, l := range strings.Split(rest, "\n") {
				if n := len([]rune(l)); n > 160 {
					t.Errorf("line of %d characters: %s", n, l)
				}
			}
		})
	}
}
