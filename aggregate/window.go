package aggregate

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Window is the half-open time range [Since, Until) a report covers. A zero
// bound is open. Lines outside it, and lines without a time when it has a
// bound, are counted as filtered.
type Window struct {
	Since, Until time.Time
	// Label names the window as the user gave it ("yesterday", "2026-10").
	Label string
}

// Active reports whether the window filters anything.
func (w Window) Active() bool { return !w.Since.IsZero() || !w.Until.IsZero() }

// bounds returns the window in Unix seconds; open ends become the extremes.
func (w Window) bounds() (since, until int64) {
	since, until = -1<<63, 1<<63-1
	if !w.Since.IsZero() {
		since = w.Since.Unix()
	}
	if !w.Until.IsZero() {
		until = w.Until.Unix()
	}
	return since, until
}

// ParseTime reads a --since/--until value: RFC 3339, a date (midnight in
// loc), or a duration back from now such as "24h", "90m" or "7d".
func ParseTime(s string, now time.Time, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation("2006-01-02T15:04:05", s, loc); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
		return t, nil
	}
	if d, err := ParseDuration(s); err == nil && d > 0 {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("%q is not a time: use RFC 3339 (2026-11-02T00:00:00Z), a date (2026-11-02) or an age (24h, 7d)", s)
}

// ParseDuration reads Go durations plus whole days and weeks: "90s", "5m",
// "1h", "7d", "2w".
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	for suffix, unit := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if n, ok := strings.CutSuffix(s, suffix); ok {
			v, err := strconv.Atoi(n)
			if err != nil || v <= 0 || v > 100000 {
				return 0, fmt.Errorf("%q is not a duration", s)
			}
			return time.Duration(v) * unit, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration like 5m, 1h or 7d", s)
	}
	return d, nil
}

// ParsePeriod turns a --period name into a Window in loc: today, yesterday,
// this-week, last-week (weeks start on Monday), this-month, last-month,
// YYYY-MM or YYYY-MM-DD. Day boundaries are local midnights, so a day with
// a DST change is 23 or 25 hours long.
func ParsePeriod(p string, now time.Time, loc *time.Location) (Window, error) {
	now = now.In(loc)
	y, m, d := now.Date()
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, loc) }
	w := Window{Label: p}
	monday := d - (int(now.Weekday())+6)%7
	switch p {
	case "today":
		w.Since, w.Until = day(y, m, d), day(y, m, d+1)
	case "yesterday":
		w.Since, w.Until = day(y, m, d-1), day(y, m, d)
	case "this-week":
		w.Since, w.Until = day(y, m, monday), day(y, m, monday+7)
	case "last-week":
		w.Since, w.Until = day(y, m, monday-7), day(y, m, monday)
	case "this-month":
		w.Since, w.Until = day(y, m, 1), day(y, m+1, 1)
	case "last-month":
		w.Since, w.Until = day(y, m-1, 1), day(y, m, 1)
	default:
		if t, err := time.ParseInLocation("2006-01-02", p, loc); err == nil {
			w.Since, w.Until = t, day(t.Year(), t.Month(), t.Day()+1)
		} else if t, err := time.ParseInLocation("2006-01", p, loc); err == nil {
			w.Since, w.Until = t, day(t.Year(), t.Month()+1, 1)
		} else {
			return Window{}, fmt.Errorf("unknown period %q: use today, yesterday, this-week, last-week, this-month, last-month, YYYY-MM or YYYY-MM-DD", p)
		}
	}
	return w, nil
}

// ladder gives a bucket width for a covered span: the width of the first
// rung whose span reaches it, and past them all the last rung's width.
type ladder []struct {
	upTo  int64 // largest span for this width; 0 on the last rung
	width int64
}

func (l ladder) width(span int64) int64 {
	for _, b := range l[:len(l)-1] {
		if span <= b.upTo {
			return b.width
		}
	}
	return l[len(l)-1].width
}

// bucketLadder is the automatic bucket width for a covered span: the
// finest width that keeps a chart under a few hundred points.
var bucketLadder = ladder{
	{3 * 3600, 60},
	{24 * 3600, 300},
	{14 * 86400, 3600},
	{0, 86400},
}

// AutoBucket returns the bucket width in seconds for a span of data.
func AutoBucket(span int64) int64 { return bucketLadder.width(span) }

// bucketer maps a time to its bucket [start, end). Its buckets partition
// time: every second is in exactly one, and each bucket's start maps back
// to that bucket. Widths under a day are aligned to the zone's clock with
// the offset in effect (an hour bucket in +05:30 starts at :30 UTC), and
// cut where the offset changes, so the buckets either side of a DST change
// end and start at it: 2 h buckets in Berlin run 00:00–02:00 CET, 03:00–
// 04:00 CEST, 04:00–06:00 CEST on 29 March 2026, and 00:00–02:00 CEST,
// 02:00–03:00 CEST, 02:00–04:00 CET on 25 October.
// Day widths start at local midnight, so DST days have their true length.
// When one width divides another, as 1m, 5m, 1h and 1d do, each bucket of
// the finer lies within one bucket of the coarser, so rebucket only ever
// merges whole buckets.
// It caches the last bucket: logs are nearly in time order.
type bucketer struct {
	width      int64
	loc        *time.Location
	start, end int64
}

func newBucketer(width int64, loc *time.Location) *bucketer {
	if loc == nil {
		loc = time.UTC
	}
	return &bucketer{width: width, loc: loc, start: 1, end: 0}
}

// startOf returns the start of t's bucket.
func (b *bucketer) startOf(t int64) int64 {
	start, _ := b.bucket(t)
	return start
}

func (b *bucketer) bucket(t int64) (start, end int64) {
	if t >= b.start && t < b.end {
		return b.start, b.end
	}
	if b.width%86400 == 0 {
		lt := time.Unix(t, 0).In(b.loc)
		y, m, d := lt.Date()
		days := int(b.width / 86400)
		// Count days from a fixed local date so multi-day buckets line up.
		epoch := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
		n := int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(epoch).Hours() / 24)
		first := n - mod(n, days)
		s := time.Date(1970, 1, 1+first, 0, 0, 0, 0, b.loc)
		e := time.Date(1970, 1, 1+first+days, 0, 0, 0, 0, b.loc)
		b.start, b.end = s.Unix(), e.Unix()
	} else {
		lt := time.Unix(t, 0).In(b.loc)
		_, off := lt.Zone()
		s := t - mod64(t+int64(off), b.width)
		b.start, b.end = sameOffset(lt, off, s, s+b.width)
	}
	return b.start, b.end
}

// sameOffset narrows [s, e), which holds lt, to the seconds around lt
// where the zone's UTC offset is off: the nominal bucket clipped at the
// offset changes next to lt. Neighbouring zone periods with the same
// offset (a change of abbreviation only) do not cut it.
func sameOffset(lt time.Time, off int, s, e int64) (int64, int64) {
	lo, hi := lt.ZoneBounds() // zero: the period has no bound that side
	for !lo.IsZero() && lo.Unix() > s {
		before := lo.Add(-time.Second)
		if _, o := before.Zone(); o != off {
			s = lo.Unix()
			break
		}
		lo, _ = before.ZoneBounds()
	}
	for !hi.IsZero() && hi.Unix() < e {
		if _, o := hi.Zone(); o != off {
			e = hi.Unix()
			break
		}
		_, hi = hi.ZoneBounds()
	}
	return s, e
}

// rebucket re-keys m, a map from bucket starts, to the buckets of bk,
// combining with add the values that land in the same bucket. Values are
// moved, not copied: add merges into the first one of a bucket.
func rebucket[V any](m map[int64]V, bk *bucketer, add func(into, v V)) map[int64]V {
	out := make(map[int64]V, len(m))
	for start, v := range m {
		s, _ := bk.bucket(start)
		if into, ok := out[s]; ok {
			add(into, v)
		} else {
			out[s] = v
		}
	}
	return out
}

func mod(a, b int) int {
	m := a % b
	if m < 0 {
		m += b
	}
	return m
}

func mod64(a, b int64) int64 {
	m := a % b
	if m < 0 {
		m += b
	}
	return m
}
