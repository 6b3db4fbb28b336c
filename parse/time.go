package parse

// Timestamps are parsed by hand: time.Parse costs about a microsecond and
// allocates, which is more than the rest of a line. Log lines arrive nearly
// in order, so clfTime caches the minute it parsed last and most lines only
// read their seconds.

// clfLen is the length of `10/Oct/2000:13:55:36 -0700`.
const clfLen = 26

type clfCache struct {
	key  [clfLen]byte // the line's time with seconds blanked
	base int64        // Unix time of key's minute, zone applied
	ok   bool
}

// parseCLF reads `dd/Mon/yyyy:HH:MM:SS ±hhmm`.
func (c *clfCache) parseCLF(b []byte) (int64, bool) {
	if len(b) != clfLen || b[2] != '/' || b[6] != '/' || b[11] != ':' ||
		b[14] != ':' || b[17] != ':' || b[20] != ' ' {
		return 0, false
	}
	sec, ok := num2(b[18], b[19])
	if !ok || sec > 60 {
		return 0, false
	}
	if c.ok && string(b[:18]) == string(c.key[:18]) && string(b[20:]) == string(c.key[20:]) {
		return c.base + int64(sec), true
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
	copy(c.key[:], b)
	c.base, c.ok = base, true
	return base + int64(sec), true
}

// parseISO8601 reads `2000-10-10T20:55:36Z`, `2000-10-10T20:55:36+02:00`,
// `2000-10-10T20:55:36.123-0700` or the same with a space for 'T'. Fractions
// of a second are dropped.
func parseISO8601(b []byte) (int64, bool) {
	if len(b) < 20 || b[4] != '-' || b[7] != '-' || (b[10] != 'T' && b[10] != ' ') ||
		b[13] != ':' || b[16] != ':' {
		return 0, false
	}
	year, ok1 := num4(b[0:4])
	mon, ok2 := num2(b[5], b[6])
	day, ok3 := num2(b[8], b[9])
	hour, ok4 := num2(b[11], b[12])
	min, ok5 := num2(b[14], b[15])
	sec, ok6 := num2(b[17], b[18])
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || !ok6 || mon < 1 || mon > 12 ||
		hour > 23 || min > 59 || sec > 60 || day < 1 || day > daysIn(year, mon) {
		return 0, false
	}
	rest := b[19:]
	if rest[0] == '.' || rest[0] == ',' {
		i := 1
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 1 {
			return 0, false
		}
		rest = rest[i:]
	}
	var off int
	switch {
	case len(rest) == 1 && (rest[0] == 'Z' || rest[0] == 'z'):
	case len(rest) == 6 && rest[3] == ':':
		var z [5]byte
		z[0], z[1], z[2], z[3], z[4] = rest[0], rest[1], rest[2], rest[4], rest[5]
		var ok bool
		if off, ok = zone(z[:]); !ok {
			return 0, false
		}
	case len(rest) == 5:
		var ok bool
		if off, ok = zone(rest); !ok {
			return 0, false
		}
	default:
		return 0, false
	}
	return unixDays(year, mon, day)*86400 + int64(hour*3600+min*60+sec) - int64(off), true
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
