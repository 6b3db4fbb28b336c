package openslo

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/slareport/slareport/aggregate"
)

// decimal reads a plain decimal number ("0.995", "99.5", ".5", "+2") and
// returns it multiplied by 10^shift as an integer, exactly: no float is
// involved, so 0.995 is 995,000,000 parts per billion and not one off.
// It refuses exponents, signs other than '+', and digits beyond shift
// decimals that are not zeros.
func decimal(s string, shift int) (uint64, error) {
	if strings.HasPrefix(s, "-") {
		return 0, errNegative
	}
	t := strings.TrimPrefix(s, "+")
	whole, frac, _ := strings.Cut(t, ".")
	if whole == "" && frac == "" || !allDigits(whole) || !allDigits(frac) {
		return 0, fmt.Errorf("%s is not a plain decimal number such as 0.995", quote(s))
	}
	if extra := strings.TrimRight(frac, "0"); len(extra) > shift {
		return 0, fmt.Errorf("%s has more decimals than slareport holds (%d)", quote(s), shift)
	}
	whole = strings.TrimLeft(whole, "0")
	if len(whole)+shift > 18 {
		return 0, fmt.Errorf("%s is too large", quote(s))
	}
	frac = (frac + strings.Repeat("0", shift))[:shift]
	v, err := strconv.ParseUint(whole+frac, 10, 64)
	if err != nil { // only an empty string: "0" or "." with shift 0
		return 0, nil
	}
	return v, nil
}

// errNegative is a number below zero, which no target, threshold or
// window may be; callers say what range they take.
var errNegative = errors.New("negative")

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// target turns a ratio in parts per billion, strictly between 0 and 1,
// into an aggregate.Target through its percentage text ("99.5%"), which
// ParseTarget reads exactly for up to 7 decimals.
func target(ppb uint64) (aggregate.Target, error) {
	return aggregate.ParseTarget(percentText(ppb) + "%")
}

// errDuration explains the OpenSLO duration shorthand.
var errDuration = errors.New("an OpenSLO duration is a whole number and a unit: m (minutes), h, d, w, M (months), Q (quarters) or Y (years), such as 30m, 1h, 28d, 1M")

// shorthand reads an OpenSLO duration ("28d", "1M"): a positive count and
// its unit letter.
func shorthand(s string) (count int, unit byte, err error) {
	if len(s) < 2 || !strings.ContainsRune("mhdwMQY", rune(s[len(s)-1])) || !allDigits(s[:len(s)-1]) {
		return 0, 0, fmt.Errorf("%s: %w", quote(s), errDuration)
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n > 1_000_000 {
		return 0, 0, fmt.Errorf("%s is too long", quote(s))
	}
	if n == 0 {
		return 0, 0, fmt.Errorf("%s is empty: a duration must be positive", quote(s))
	}
	return n, s[len(s)-1], nil
}

// fixedUnits are the lengths of the shorthand's fixed units; months,
// quarters and years vary, so only a calendar window takes them.
var fixedUnits = map[byte]time.Duration{'m': time.Minute, 'h': time.Hour, 'd': 24 * time.Hour, 'w': 7 * 24 * time.Hour}

// fixedDuration reads a shorthand of a fixed length (m, h, d or w).
func fixedDuration(s string) (time.Duration, error) {
	n, unit, err := shorthand(s)
	if err != nil {
		return 0, err
	}
	u, ok := fixedUnits[unit]
	if !ok {
		return 0, fmt.Errorf("%s has no fixed length: use m, h, d or w (M, Q and Y are for calendar windows)", quote(s))
	}
	if int64(n) > math.MaxInt64/int64(u) {
		return 0, fmt.Errorf("%s is too long", quote(s))
	}
	return time.Duration(n) * u, nil
}

// durationWords writes a duration for people: "28 days", "6 hours", "90 minutes".
func durationWords(d time.Duration) string {
	switch {
	case d%(24*time.Hour) == 0:
		return counted(int64(d/(24*time.Hour)), "day")
	case d%time.Hour == 0:
		return counted(int64(d/time.Hour), "hour")
	case d%time.Minute == 0:
		return counted(int64(d/time.Minute), "minute")
	}
	return d.String()
}

// Short writes a duration as the shorthand would: "1d", "6h", "5m";
// below a minute as Go does ("300ms").
func Short(d time.Duration) string {
	switch {
	case d > 0 && d%(24*time.Hour) == 0:
		return strconv.FormatInt(int64(d/(24*time.Hour)), 10) + "d"
	case d > 0 && d%time.Hour == 0:
		return strconv.FormatInt(int64(d/time.Hour), 10) + "h"
	case d > 0 && d%time.Minute == 0:
		return strconv.FormatInt(int64(d/time.Minute), 10) + "m"
	}
	return d.String()
}

func counted(n int64, unit string) string {
	s := strconv.FormatInt(n, 10) + " " + unit
	if n != 1 {
		s += "s"
	}
	return s
}
