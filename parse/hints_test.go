package parse

import (
	"fmt"
	"strings"
	"testing"
)

// TestDetectionNote checks the note a detected NCSA file gets when its
// lines carry a duration after the user agent that the preset leaves
// unread, and that other files get none.
func TestDetectionNote(t *testing.T) {
	var withTime, ingress strings.Builder
	for i := range 10 {
		fmt.Fprintf(&withTime, `10.0.0.%d - - [02/Nov/2026:10:00:%02d +0000] "GET /a HTTP/1.1" 200 512 "-" "curl/8.5.0" 0.%03d`+"\n", i, i, 10+i)
		fmt.Fprintf(&ingress, `10.0.0.%d - - [18/Mar/2023:15:00:%02d +0000] "GET /some/path HTTP/2.0" 200 12312 "" "Mozilla/5.0" 462 0.050 [svc-9000] [] 10.0.50.80:9000 19437 0.049 200 752178adb17130b291aefd8c386279e7`+"\n", i, i)
	}
	cases := []struct {
		name, sample, format, note string
	}{
		{"combined + $request_time", withTime.String(), "combined", "a number after the user agent (0.010 in the first lines) looks like $request_time"},
		// Its own preset reads the duration: no note.
		{"ingress-nginx upstreaminfo", ingress.String(), "ingress-nginx", ""},
		{"combined", strings.Repeat(combinedExample+"\n", 3), "combined", ""},
		{"nginx main", strings.Repeat(nginxMainExample+"\n", 3), "nginx-main", ""},
		{"common", strings.Repeat(commonExample+"\n", 3), "common", ""},
		{"traefik's duration is read", strings.Repeat(traefikExample+"\n", 3), "traefik", ""},
		{"json", strings.Repeat(jsonExample+"\n", 3), "json", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := Sniff([]byte(tc.sample))
			if d.Format == nil || d.Format.Name != tc.format {
				t.Fatalf("Sniff = %v, want %s: %v", d.Format, tc.format, d.Problem("x"))
			}
			if d.Note != tc.note {
				t.Errorf("note %q, want %q", d.Note, tc.note)
			}
		})
	}
}

// TestLooksLikeSeconds pins what passes for a duration: a decimal number
// with a fraction, never an integer (a byte count) or an address.
func TestLooksLikeSeconds(t *testing.T) {
	for s, want := range map[string]bool{"0.050": true, "12.5": true, "0": false, "462": false, ".5": false, "5.": false, "10.0.0.1": false, "0.05s": false, "-": false} {
		if got := looksLikeSeconds([]byte(s)); got != want {
			t.Errorf("looksLikeSeconds(%q) = %v", s, got)
		}
	}
}
