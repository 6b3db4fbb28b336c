package parse

import (
	"encoding/binary"
	"fmt"
)

// Timestamps are parsed by hand: time.Parse costs about a microsecond and
// allocates, which is more than the rest of a line. Log lines arrive nearly
// in order, so clfTime caches the minute it parsed last and most lines only
// read their seconds.

// clfLen is the length of `10/Oct/2000:13:55:36 -0700`.
const clfLen = 26

type clfCache struct {
	key  clfKey // the time of the minute below
	base int64  // Unix time of key's minute, zone applied
	ok   bool
}

// clfKey is a CLF time with its seconds masked out, as four words: comparing
// them is cheaper than comparing the bytes, which is done on every line.
type clfKey [4]uint64

// clfSeconds masks out the seconds, bytes 18 and 19 of the time, in its
// third word (bytes 16 to 23).
const clfSeconds = ^uint64(0xffff << 16)

// keyOf returns the clfKey of b, which holds clfLen bytes.
func keyOf(b []byte) clfKey {
	le := binary.LittleEndian
	return clfKey{le.Uint64(b), le.Uint64(b[8:]), le.Uint64(b[16:]) & clfSeconds, uint64(le.Uint16(b[24:]))}
}

// parseCLF reads `dd/Mon/yyyy:HH:MM:SS ±hhmm`.
func (c *clfCache) parseCLF(b []byte) (int64, bool) {
	if len(b) != clfLen {
		return 0, false
	}
	key := keyOf(b)
	if c.ok && key == c.key {
		// The minute read last: its separators, date and zone were
		// checked then (the key holds every byte but the seconds).
		sec, ok := num2(b[18], b[19])
		if !ok || sec > 60 {
			return 0, false
		}
		return c.base + int64(sec), true
	}
	if b[2] != '/' || b[6] != '/' || b[11] != ':' || b[14] != ':' || b[17] != ':' || b[20] != ' ' {
		return 0, false
	}
	sec, ok := num2(b[18], b[19])
	if !ok || sec > 60 {
		return 0, false
	}
	day, ok1 := num2(b[0], b[1])
	mon := month(b[3], b[4], b[5])
	year, ok2 := num4(b[7:11])
	hour, ok3 := num2(b[12], b[13])
	min, ok4 := num2(b[15], b[16])
	off, ok5 := zone(b[21:26])
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || mon == 0 || hour > 23 || min > 59 ||
		day < 1 || day > daysIn(year, mon) {
		return 0, false
	}
	base := unixDays(year, mon, day)*86400 + int64(hour*3600+min*60) - int64(off)
	c.key, c.base, c.ok = key, base, true
	return base + int64(sec), true
}

func num2(a, b byte) (int, bool) {
	if a < '0' || a > '9' || b < '0' || b > '9' {
		return 0, false
	}
	return int(a-'0')*10 + int(b-'0'), true
}

func num4(b []byte) (int, bool) {
	hi, ok1 := num2(b[0], b[1])
	lo, ok2 := num2(b[2], b[3])
	return hi*100 + lo, ok1 && ok2
}

// zone reads ±hhmm into seconds east of UTC.
func zone(b []byte) (int, bool) {
	if len(b) != 5 || (b[0] != '+' && b[0] != '-') {
		return 0, false
	}
	h, ok1 := num2(b[1], b[2])
	m, ok2 := num2(b[3], b[4])
	if !ok1 || !ok2 || h > 23 || m > 59 {
		return 0, false
	}
	off := h*3600 + m*60
	if b[0] == '-' {
		off = -off
	}
	return off, true
}

// month maps an English month abbreviation (any case) to 1..12, or 0.
func month(a, b, c byte) int {
	switch string([]byte{a | 0x20, b | 0x20, c | 0x20}) {
	case "jan":
		return 1
	case "feb":
		return 2
	case "mar":
		return 3
	case "apr":
		return 4
	case "may":
		return 5
	case "jun":
		return 6
	case "jul":
		return 7
	case "aug":
		return 8
	case "sep":
		return 9
	case "oct":
		return 10
	case "nov":
		return 11
	case "dec":
		return 12
	}
	return 0
}

func daysIn(year, mon int) int {
	switch mon {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// unixDays returns the days from 1970-01-01 to the given civil date
// (Howard Hinnant's days_from_civil).
func unixDays(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// isoCache remembers the minute of the last ISO 8601 time, like clfCache:
// load balancer and JSON logs repeat it on consecutive lines.
type isoCache struct {
	key  [16]byte // yyyy-mm-ddTHH:MM
	base int64    // Unix time of that minute, UTC before the zone
	ok   bool
}

// parse reads `2000-10-10T20:55:36Z`, `2000-10-10T20:55:36+02:00`,
// `2000-10-10T20:55:36.123456-0700`, or the same with a space for 'T'.
// Fractions of a second are dropped.
func (c *isoCache) parse(b []byte) (int64, bool) {
	if len(b) < 20 || b[4] != '-' || b[7] != '-' || (b[10] != 'T' && b[10] != ' ') ||
		b[13] != ':' || b[16] != ':' {
		return 0, false
	}
	sec, ok := num2(b[17], b[18])
	if !ok || sec > 60 {
		return 0, false
	}
	var base int64
	if c.ok && string(b[:16]) == string(c.key[:]) {
		base = c.base
	} else {
		year, ok1 := num4(b[0:4])
		mon, ok2 := num2(b[5], b[6])
		day, ok3 := num2(b[8], b[9])
		hour, ok4 := num2(b[11], b[12])
		min, ok5 := num2(b[14], b[15])
		if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || mon < 1 || mon > 12 ||
			hour > 23 || min > 59 || day < 1 || day > daysIn(year, mon) {
			return 0, false
		}
		base = unixDays(year, mon, day)*86400 + int64(hour*3600+min*60)
		copy(c.key[:], b[:16])
		c.base, c.ok = base, true
	}
	off, ok := isoZone(b[19:])
	if !ok {
		return 0, false
	}
	return base + int64(sec) - int64(off), true
}

// parseISO8601 is isoCache.parse without a cache.
func parseISO8601(b []byte) (int64, bool) {
	var c isoCache
	return c.parse(b)
}

// isoZone reads what follows the seconds of an ISO 8601 time: an optional
// fraction, then Z, ±hh:mm or ±hhmm. It returns seconds east of UTC.
func isoZone(rest []byte) (int, bool) {
	if len(rest) > 0 && (rest[0] == '.' || rest[0] == ',') {
		i := 1
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 1 {
			return 0, false
		}
		rest = rest[i:]
	}
	switch {
	case len(rest) == 1 && (rest[0] == 'Z' || rest[0] == 'z'):
		return 0, true
	case len(rest) == 6 && rest[3] == ':':
		var z [5]byte
		z[0], z[1], z[2], z[3], z[4] = rest[0], rest[1], rest[2], rest[4], rest[5]
		return zone(z[:])
	case len(rest) == 5:
		return zone(rest)
	}
	return 0, false
}

// parseDate reads a W3C `2019-01-30` into days since 1970-01-01.
func parseDate(b []byte) (int64, bool) {
	if len(b) != 10 || b[4] != '-' || b[7] != '-' {
		return 0, false
	}
	year, ok1 := num4(b[0:4])
	mon, ok2 := num2(b[5], b[6])
	day, ok3 := num2(b[8], b[9])
	if !ok1 || !ok2 || !ok3 || mon < 1 || mon > 12 || day < 1 || day > daysIn(year, mon) {
		return 0, false
	}
	return unixDays(year, mon, day), true
}

// parseClock reads a W3C `17:33:45` (a fraction is allowed and dropped)
// into seconds since midnight.
func parseClock(b []byte) (int64, bool) {
	if len(b) < 8 || b[2] != ':' || b[5] != ':' {
		return 0, false
	}
	h, ok1 := num2(b[0], b[1])
	m, ok2 := num2(b[3], b[4])
	s, ok3 := num2(b[6], b[7])
	if !ok1 || !ok2 || !ok3 || h > 23 || m > 59 || s > 60 {
		return 0, false
	}
	if rest := b[8:]; len(rest) > 0 {
		if rest[0] != '.' || len(rest) == 1 {
			return 0, false
		}
		for _, c := range rest[1:] {
			if c < '0' || c > '9' {
				return 0, false
			}
		}
	}
	return int64(h*3600 + m*60 + s), true
}

// Units of an epoch timestamp. unitAuto decides by magnitude: an integer
// part below 1e11 is seconds (up to the year 5138), below 1e14
// milliseconds, below 1e17 microseconds, and nanoseconds above. Every real
// clock of the last fifty years and the next thousand falls in exactly one
// band.
const (
	unitAuto = iota
	unitSec
	unitMilli
	unitMicro
	unitNano
)

// parseEpoch reads a Unix timestamp such as `1066036250.255` or
// `1588166433227000` and returns whole seconds. Exponents (`1.7e9`) are
// refused: no server writes them.
func parseEpoch(b []byte, unit int) (int64, bool) {
	intPart := b
	if dot := indexByte(b, '.'); dot >= 0 {
		intPart = b[:dot]
		for _, c := range b[dot+1:] {
			if c < '0' || c > '9' {
				return 0, false
			}
		}
	}
	if len(intPart) == 19 && (unit == unitAuto || unit == unitNano) {
		// Nanoseconds until 2286: the first ten digits are the seconds
		// (parseUint stops at 18 digits, to stay clear of overflow).
		if _, ok := parseUint(intPart[10:]); !ok || intPart[0] == '9' {
			return 0, false
		}
		intPart, unit = intPart[:10], unitSec
	}
	n, ok := parseUint(intPart)
	if !ok {
		return 0, false
	}
	if unit == unitAuto {
		switch {
		case n < 1e11:
			unit = unitSec
		case n < 1e14:
			unit = unitMilli
		case n < 1e17:
			unit = unitMicro
		default:
			unit = unitNano
		}
	}
	switch unit {
	case unitMilli:
		n /= 1e3
	case unitMicro:
		n /= 1e6
	case unitNano:
		n /= 1e9
	}
	return n, true
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

// layout is a compiled strftime format, for Apache's %{format}t. Only the
// conversions that yield numbers or fixed names are supported; a time
// without %z is taken as UTC, because the log does not say which zone the
// server was in.
type layout []layoutItem

type layoutItem struct {
	conv byte   // 0 for a literal
	lit  []byte // the literal text
}

// compileLayout checks a strftime format and expands the shorthands %T, %D,
// %F and %R.
func compileLayout(f string) (layout, error) {
	var l layout
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c != '%' {
			if n := len(l); n > 0 && l[n-1].conv == 0 {
				l[n-1].lit = append(l[n-1].lit, c)
			} else {
				l = append(l, layoutItem{lit: []byte{c}})
			}
			continue
		}
		if i+1 >= len(f) {
			return nil, fmt.Errorf("time format %q ends in %%", f)
		}
		i++
		switch c = f[i]; c {
		case 'T':
			l = append(l, layoutItem{conv: 'H'}, layoutItem{lit: []byte(":")}, layoutItem{conv: 'M'}, layoutItem{lit: []byte(":")}, layoutItem{conv: 'S'})
		case 'R':
			l = append(l, layoutItem{conv: 'H'}, layoutItem{lit: []byte(":")}, layoutItem{conv: 'M'})
		case 'D':
			l = append(l, layoutItem{conv: 'm'}, layoutItem{lit: []byte("/")}, layoutItem{conv: 'd'}, layoutItem{lit: []byte("/")}, layoutItem{conv: 'y'})
		case 'F':
			l = append(l, layoutItem{conv: 'Y'}, layoutItem{lit: []byte("-")}, layoutItem{conv: 'm'}, layoutItem{lit: []byte("-")}, layoutItem{conv: 'd'})
		case '%':
			l = append(l, layoutItem{lit: []byte("%")})
		case 'd', 'e', 'm', 'b', 'h', 'Y', 'y', 'H', 'M', 'S', 'z', 's', 'a', 'j':
			l = append(l, layoutItem{conv: c})
		default:
			return nil, fmt.Errorf("time format %q: %%%c is not supported (use %%d %%b %%m %%Y %%H %%M %%S %%z %%T %%F %%s)", f, c)
		}
	}
	return l, nil
}

// parse reads b by the layout and returns Unix seconds.
func (l layout) parse(b []byte) (int64, bool) {
	year, mon, day, hour, min, sec, off := 1970, 1, 1, 0, 0, 0, 0
	epoch, hasEpoch := int64(0), false
	for _, it := range l {
		if it.conv == 0 {
			if len(b) < len(it.lit) || string(b[:len(it.lit)]) != string(it.lit) {
				return 0, false
			}
			b = b[len(it.lit):]
			continue
		}
		var ok bool
		switch it.conv {
		case 'd', 'm', 'H', 'M', 'S', 'y':
			var v int
			if len(b) < 2 {
				return 0, false
			}
			if v, ok = num2(b[0], b[1]); !ok {
				return 0, false
			}
			b = b[2:]
			switch it.conv {
			case 'd':
				day = v
			case 'm':
				mon = v
			case 'H':
				hour = v
			case 'M':
				min = v
			case 'S':
				sec = v
			case 'y':
				year = 2000 + v
				if v >= 69 {
					year = 1900 + v // POSIX: 69..99 are the 1900s
				}
			}
		case 'e':
			if len(b) < 2 {
				return 0, false
			}
			a := b[0]
			if a == ' ' {
				a = '0'
			}
			if day, ok = num2(a, b[1]); !ok {
				return 0, false
			}
			b = b[2:]
		case 'b', 'h':
			if len(b) < 3 {
				return 0, false
			}
			if mon = month(b[0], b[1], b[2]); mon == 0 {
				return 0, false
			}
			b = b[3:]
		case 'a':
			if len(b) < 3 {
				return 0, false
			}
			b = b[3:]
		case 'j':
			if len(b) < 3 {
				return 0, false
			}
			b = b[3:]
		case 'Y':
			if len(b) < 4 {
				return 0, false
			}
			if year, ok = num4(b); !ok {
				return 0, false
			}
			b = b[4:]
		case 'z':
			if len(b) < 5 {
				return 0, false
			}
			if off, ok = zone(b[:5]); !ok {
				return 0, false
			}
			b = b[5:]
		case 's':
			i := 0
			for i < len(b) && i < 18 && b[i] >= '0' && b[i] <= '9' {
				i++
			}
			if epoch, ok = parseUint(b[:i]); !ok {
				return 0, false
			}
			hasEpoch, b = true, b[i:]
		}
	}
	if len(b) != 0 {
		return 0, false
	}
	if hasEpoch {
		return epoch, true
	}
	if mon < 1 || mon > 12 || day < 1 || day > daysIn(year, mon) || hour > 23 || min > 59 || sec > 60 {
		return 0, false
	}
	return unixDays(year, mon, day)*86400 + int64(hour*3600+min*60+sec) - int64(off), true
}
