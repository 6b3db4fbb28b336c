package ingest

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// globRegexp is an independent reading of the key patterns: path.Match
// within a segment, ** for any number of whole segments.
func globRegexp(pattern string) (*regexp.Regexp, bool) {
	var b strings.Builder
	b.WriteString("^")
	for i, seg := range strings.Split(pattern, "/") {
		if seg == "**" {
			b.WriteString("(?:[^/]*(?:/[^/]*)*/)?")
			if i == len(strings.Split(pattern, "/"))-1 {
				return nil, false // a trailing ** is left to the table test
			}
			continue
		}
		for _, c := range seg {
			switch c {
			case '*':
				b.WriteString("[^/]*")
			case '?':
				b.WriteString("[^/]")
			case '[', '\\':
				return nil, false // classes and escapes: path.Match's own
			default:
				b.WriteString(regexp.QuoteMeta(string(c)))
			}
		}
		if i < len(strings.Split(pattern, "/"))-1 {
			b.WriteString("/")
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String()), true
}

func TestMatchKey(t *testing.T) {
	cases := []struct {
		pattern, key string
		want         bool
	}{
		{"logs/*.gz", "logs/a.gz", true},
		{"logs/*.gz", "logs/x/a.gz", false},
		{"logs/**/*.gz", "logs/a.gz", true},
		{"logs/**/*.gz", "logs/x/y/a.gz", true},
		{"logs/**", "logs/x/y/a.gz", true},
		{"**/a-?.log", "x/a-1.log", true},
		{"**/a-?.log", "x/a-10.log", false},
		{"logs/[ab]*", "logs/c1", false},
	}
	for _, tc := range cases {
		if got := matchKey(tc.pattern, tc.key); got != tc.want {
			t.Errorf("matchKey(%q, %q) = %v, want %v", tc.pattern, tc.key, got, tc.want)
		}
	}
}

// FuzzMatchKey: keys come from a store listing, which anyone who can
// write to the bucket controls; matching never panics and agrees with a
// regular expression built independently.
func FuzzMatchKey(f *testing.F) {
	f.Add("logs/**/*.gz", "logs/2026/01/a.gz")
	f.Add("a/*/b?", "a/x/bc")
	f.Add("**/**/x", "x")
	f.Fuzz(func(t *testing.T, pattern, key string) {
		if len(key) > 1024 {
			return
		}
		got := matchKey(pattern, key)
		// Regular expressions read text as UTF-8, path.Match compares
		// bytes that are not: the reference holds for valid text only.
		if !utf8.ValidString(pattern) || !utf8.ValidString(key) {
			return
		}
		if re, ok := globRegexp(pattern); ok && re.MatchString(key) != got {
			t.Fatalf("matchKey(%q, %q) = %v, the regexp %s says %v", pattern, key, got, re, !got)
		}
	})
}
