package report

import (
	"math/big"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slareport/slareport/aggregate"
)

// The helpers here write text for more than one writer: numbers, shares,
// durations, times and escaping must read the same in every output. A
// helper only one writer needs lives in that writer's file.

// visible returns s as valid UTF-8 with nothing a terminal or a viewer would
// act on: control bytes, DEL, invalid UTF-8 and Unicode format characters
// (bidi overrides) become \xHH or \u{HHHH}, and a backslash becomes \\ so
// the spelling stays unambiguous. Printable text, including non-ASCII,
// passes through.
func visible(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b))
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && size == 1:
			sb.WriteString(`\x`)
			sb.WriteString(hex2(b[0]))
		case r == '\\':
			sb.WriteString(`\\`)
		case r < 0x20 || r == 0x7f:
			sb.WriteString(`\x`)
			sb.WriteString(hex2(byte(r)))
		case r >= 0x80 && r < 0xa0, isFormatChar(r):
			sb.WriteString(`\u{`)
			sb.WriteString(strconv.FormatInt(int64(r), 16))
			sb.WriteString(`}`)
		default:
			sb.WriteRune(r)
		}
		b = b[size:]
	}
	return sb.String()
}

// hex2 writes c as two lower-case hex digits.
func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

// isFormatChar reports the invisible characters that reorder or hide text
// (Trojan Source): bidi controls, zero-width characters, BOM.
func isFormatChar(r rune) bool {
	switch {
	case r >= 0x200b && r <= 0x200f, r >= 0x202a && r <= 0x202e,
		r >= 0x2060 && r <= 0x2069, r == 0xfeff, r == 0x00ad:
		return true
	}
	return false
}

// cut shortens s to at most n runes, marking the cut with an ellipsis.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// group writes n with thousands separators: 1234567 -> "1,234,567".
func group(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// plural writes n with its noun, singular only for 1: "1 line", "2,048 lines".
func plural(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return group(n) + " " + noun + "s"
}

// percentFloor writes num/den as a percentage with the given decimals,
// rounded down, using exact integer arithmetic: an availability of
// 99.99996% must never print as 100%, and 0.999 must not print as 99.899%
// because of binary floating point.
func percentFloor(num, den int64, decimals int) string {
	if den <= 0 {
		return "n/a"
	}
	if num == den {
		return "100%" // the only value shown without decimals: nothing failed
	}
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(decimals+2)), nil)
	q := new(big.Int).Mul(big.NewInt(num), scale)
	q.Quo(q, big.NewInt(den))
	s := q.String()
	if decimals == 0 {
		return s + "%"
	}
	for len(s) <= decimals {
		s = "0" + s
	}
	return s[:len(s)-decimals] + "." + s[len(s)-decimals:] + "%"
}

// share writes n/total as a percentage with one decimal, "0%" when total is 0.
func share(n, total int64) string {
	if total <= 0 {
		return "0%"
	}
	return strconv.FormatFloat(100*float64(n)/float64(total), 'f', 1, 64) + "%"
}

// seconds writes a latency: "850 µs", "123 ms", "1.24 s".
func seconds(v float64) string {
	switch {
	case v < 0.001:
		return strconv.FormatFloat(v*1e6, 'f', 0, 64) + " µs"
	case v < 1:
		return strconv.FormatFloat(v*1e3, 'f', 0, 64) + " ms"
	}
	return strconv.FormatFloat(v, 'f', 2, 64) + " s"
}

// humanDuration writes seconds as "42 s", "43 min", "2.5 h" or "3.1 d".
func humanDuration(sec float64) string {
	switch {
	case sec < 90:
		return strconv.FormatFloat(sec, 'f', 0, 64) + " s"
	case sec < 90*60:
		return strconv.FormatFloat(sec/60, 'f', 0, 64) + " min"
	case sec < 48*3600:
		return strconv.FormatFloat(sec/3600, 'f', 1, 64) + " h"
	}
	return strconv.FormatFloat(sec/86400, 'f', 1, 64) + " d"
}

// duration writes a window length the way SRE tables do: 5m, 1h, 3d.
func duration(d time.Duration) string {
	switch {
	case d%(24*time.Hour) == 0:
		return strconv.Itoa(int(d/(24*time.Hour))) + "d"
	case d%time.Hour == 0:
		return strconv.Itoa(int(d/time.Hour)) + "h"
	}
	return strconv.Itoa(int(d/time.Minute)) + "m"
}

// slotName says how long a slot is: "hour", "6 hours", "day".
func slotName(width int64) string {
	switch {
	case width == 60:
		return "minute"
	case width == 3600:
		return "hour"
	case width == 86400:
		return "day"
	case width == 7*86400:
		return "week"
	case width%86400 == 0:
		return strconv.FormatInt(width/86400, 10) + " days"
	case width%3600 == 0:
		return strconv.FormatInt(width/3600, 10) + " hours"
	case width%60 == 0:
		return strconv.FormatInt(width/60, 10) + " minutes"
	}
	return strconv.FormatInt(width, 10) + " seconds"
}

// zoneName is the zone's IANA name, UTC when there is none.
func zoneName(z *time.Location) string {
	if z == nil {
		return "UTC"
	}
	return z.String()
}

// zoneLabel names the report's zone for people: its IANA name, or for the
// machine's own zone ("Local") its abbreviation, such as CET.
func zoneLabel(s *aggregate.Summary) string {
	name := zoneName(s.Zone)
	if name == "Local" {
		name = localTime(s.Span.First, s, "MST")
	}
	return name
}

// localTime formats t on the report zone's clock.
func localTime(t int64, s *aggregate.Summary, layout string) string {
	loc := s.Zone
	if loc == nil {
		loc = time.UTC
	}
	return time.Unix(t, 0).In(loc).Format(layout)
}

// windowText writes the --since/--until window on the zone's clock:
// "label: [from, to) (zone)", "…" for an open end.
func windowText(w aggregate.Window, z *time.Location) string {
	var parts []string
	if w.Label != "" {
		parts = append(parts, w.Label+":")
	}
	from, to := "…", "…"
	if !w.Since.IsZero() {
		from = w.Since.In(z).Format("2006-01-02 15:04")
	}
	if !w.Until.IsZero() {
		to = w.Until.In(z).Format("2006-01-02 15:04")
	}
	parts = append(parts, "["+from+", "+to+")", "("+zoneName(z)+")")
	return strings.Join(parts, " ")
}

// byCount returns the keys of m, the largest count first and ties by name,
// so reason tables read the same in every output.
func byCount(m map[string]int64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := m[keys[i]], m[keys[j]]
		return a > b || a == b && keys[i] < keys[j]
	})
	return keys
}

// reasonsText lists counts by reason in name order, "3 a · 5 b".
func reasonsText(m map[string]int64) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, group(m[k])+" "+k)
	}
	return strings.Join(parts, " · ")
}

// formatHow says how an input's format was chosen: given, detected, or
// guessed when no line parsed.
func formatHow(in aggregate.Input) string {
	switch {
	case in.Detected:
		return "detected"
	case in.Format != "" && in.Lines.Parsed == 0 && in.Lines.Read > 0:
		return "guessed: no line parsed"
	}
	return "given"
}
