// Package report renders an aggregate.Summary. Renderers only read the
// Summary; they never parse logs. Every string that came from a log (sample
// lines, input names) is hostile and is escaped for the output it goes to:
// JSON gets valid UTF-8 with odd bytes spelled out, Markdown gets code spans
// that nothing can break out of.
package report

import (
	"math/big"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Schema names the JSON contract; fields are only ever added to it.
const Schema = "slareport/v1"

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

func timeUTC(unix int64) string {
	return time.Unix(unix, 0).UTC().Format("2006-01-02 15:04:05 UTC")
}

func timeRFC3339(unix int64) string {
	return time.Unix(unix, 0).UTC().Format(time.RFC3339)
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
