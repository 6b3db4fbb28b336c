// Package loggen writes synthetic web server access logs whose true counts
// are known without parsing them.
//
// Tests and benchmarks of slareport need logs of any size, up to tens of
// millions of lines, and a truth to check the parser and the aggregation
// against. A truth obtained by parsing the log would share the parser's
// bugs, so the generator decides every status code itself and tallies what
// it writes in [Counts].
//
// Output is a pure function of [Config]: the only randomness is a PCG
// generator seeded from Config.Seed, and every draw goes through the
// generator's own arithmetic on PCG's raw 64-bit output rather than through
// math/rand/v2's convenience methods, whose algorithms are not promised to
// stay the same across Go releases.
//
// The demo sample testdata/access.log.gz is generated from the repository
// root with
//
//	go run ./cmd/loggen -n 3000 --seed 7 --malformed 0.001 --gzip -o testdata/access.log.gz
//
// and a test checks that the committed file still matches that recipe.
package loggen

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"math/rand/v2"
	"strconv"
	"time"
)

// Defaults applied to zero [Config] fields, exported so tests can compute
// where the default outage falls without repeating the numbers.
const (
	// DefaultSpan is the time a log covers when Config.Span is zero: two
	// days, enough for daily patterns and a report over several hours.
	DefaultSpan = 48 * time.Hour
	// DefaultOutageLength is the length of the default outage, unless a
	// tenth of the span is shorter.
	DefaultOutageLength = 40 * time.Minute
	// DefaultOutageErrorRate is the 5xx share of the default outage, and of
	// any Outage whose ErrorRate is zero.
	DefaultOutageErrorRate = 0.35
	// BaseErrorRate is the share of 5xx outside outages: a healthy service
	// still fails about one request in a thousand.
	BaseErrorRate = 0.001
)

// DefaultStart is the time of the first line when Config.Start is zero.
var DefaultStart = time.Date(2026, time.November, 2, 0, 0, 0, 0, time.UTC)

// Config says what to generate. Zero values mean the documented defaults.
type Config struct {
	// Lines is the total number of lines to write, malformed ones included.
	Lines int
	// Seed seeds the PRNG; the same Config always yields the same bytes.
	Seed uint64
	// Start is the instant of the first line (default [DefaultStart]). Its
	// location is ignored: Zone alone says how times are written.
	Start time.Time
	// Span is the time the lines cover (default [DefaultSpan]). Line i sits
	// at a random point of the i-th of Lines equal slices of the span, so
	// timestamps never decrease (whole-second ties are common) and no line
	// reaches Start+Span.
	Span time.Duration
	// Zone is the zone $time_local is written in (default UTC, "+0000").
	// It changes only the text: Counts are in UTC either way.
	Zone *time.Location
	// Malformed is the fraction of lines that are deliberately malformed,
	// in [0, 1]. Exactly round(Malformed*Lines) lines are, one in each of
	// that many equal slices of the log, so a small sample still gets them.
	// They are junk text, a line cut off inside the request, a non-numeric
	// status such as "2x0", or a four-digit status; never an empty line.
	Malformed float64
	// Common writes Apache common log format (no referer, no user agent)
	// instead of combined.
	Common bool
	// CRLF ends lines with "\r\n" instead of "\n".
	CRLF bool
	// NoFinalNewline omits the line ending after the last line, as a log
	// caught mid-write has it.
	NoFinalNewline bool
	// Outages are windows in which the 5xx share rises to their ErrorRate.
	// Nil means one default outage: DefaultOutageLength (or a tenth of the
	// span if that is shorter) starting at 60% of the span, with
	// DefaultOutageErrorRate. A non-nil empty slice means no outage.
	Outages []Outage
}

// Outage is a window [Start, End) during which the share of 5xx responses
// is ErrorRate instead of [BaseErrorRate]. Where outages overlap, or an
// ErrorRate is below BaseErrorRate, the highest rate wins.
type Outage struct {
	Start, End time.Time
	// ErrorRate is in [0, 1]; zero means DefaultOutageErrorRate.
	ErrorRate float64
}

// Counts is the truth about a generated log, tallied as it is written.
type Counts struct {
	// Lines is the number of lines written: Config.Lines unless writing
	// failed.
	Lines int64 `json:"lines"`
	// Requests is the number of well-formed lines.
	Requests int64 `json:"requests"`
	// Malformed is the number of deliberately malformed lines.
	Malformed int64 `json:"malformed"`
	// Codes counts well-formed lines per status code.
	Codes map[int]int64 `json:"codes"`
	// Bytes is the number of bytes written, uncompressed.
	Bytes int64 `json:"bytes"`
	// First and Last are the timestamps, in UTC, of the first and last
	// well-formed lines; zero if there are none.
	First time.Time `json:"first"`
	Last  time.Time `json:"last"`
	// Hourly counts well-formed lines per UTC hour (keyed by the hour's
	// start, in UTC) and status class: index 0 is 1xx, index 4 is 5xx.
	Hourly map[time.Time][5]int64 `json:"hourly"`
}

// Class returns the number of requests whose status is in class n (1 to 5,
// for 1xx to 5xx).
func (c Counts) Class(n int) int64 {
	var sum int64
	for code, k := range c.Codes {
		if code/100 == n {
			sum += k
		}
	}
	return sum
}

// ErrConfig is wrapped by the error Generate returns for an invalid Config.
var ErrConfig = errors.New("invalid config")

// Generate writes cfg.Lines access-log lines to w and returns what it
// wrote. It buffers internally, so w needs no buffering of its own. On a
// write error it stops and returns the counts so far with the error; those
// counts may include lines still in the buffer that never reached w.
func Generate(w io.Writer, cfg Config) (Counts, error) {
	g, err := newGenerator(cfg)
	if err != nil {
		return Counts{}, err
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	err = g.run(bw)
	if err == nil {
		err = bw.Flush()
	}
	c := g.counts()
	if err != nil {
		return c, fmt.Errorf("generate: %w", err)
	}
	return c, nil
}

// window is an outage in whole Unix seconds: a line written at second s is
// inside if lo <= s < hi.
type window struct {
	lo, hi int64
	rate   float64
}

// generator is the state of one Generate call. Everything the hot loop
// touches is preallocated here, so a line costs no allocation.
type generator struct {
	cfg Config
	src *rand.PCG

	startSec  int64   // Start in Unix seconds
	startNsec int64   // and its sub-second part
	step      float64 // nanoseconds per line
	windows   []window
	lineEnd   string
	buf       []byte // the line being built

	// Malformed lines: one in each of nBad strata; kBad is the next
	// stratum and nextBad the index of the next malformed line, or -1.
	nBad, kBad int64
	nextBad    int64

	// Cached for the second of output being written.
	sec     int64
	ts      []byte // the formatted $time_local
	errRate float64

	// Tallies. codes is indexed by status; hourAcc accumulates the hour
	// starting at Unix second hour until the hour changes, which saves a
	// map update per line.
	linesDone, requests, malformed, bytes int64
	codes                                 [1000]int64
	any                                   bool // a well-formed line was written
	first, last                           int64
	hour                                  int64
	hourAcc                               [5]int64
	hourly                                map[time.Time][5]int64
}

func newGenerator(cfg Config) (*generator, error) {
	cfg, err := settle(cfg)
	if err != nil {
		return nil, err
	}
	g := &generator{
		cfg:       cfg,
		src:       rand.NewPCG(cfg.Seed, 0x736c617265706f72), // "slarepor"
		startSec:  cfg.Start.Unix(),
		startNsec: int64(cfg.Start.Nanosecond()),
		sec:       math.MinInt64,
		hour:      math.MinInt64,
		hourly:    make(map[time.Time][5]int64),
		lineEnd:   "\n",
		buf:       make([]byte, 0, 4096),
		ts:        make([]byte, 0, 32),
		nextBad:   -1,
	}
	if cfg.Lines > 0 {
		g.step = float64(cfg.Span) / float64(cfg.Lines)
	}
	if cfg.CRLF {
		g.lineEnd = "\r\n"
	}
	if g.windows, err = outageWindows(cfg.Outages); err != nil {
		return nil, err
	}
	g.nBad = int64(math.Round(cfg.Malformed * float64(cfg.Lines)))
	if g.nBad > 0 {
		g.pickBad()
	}
	return g, nil
}

// settle checks cfg and fills in the defaults of its zero values.
func settle(cfg Config) (Config, error) {
	if cfg.Lines < 0 {
		return cfg, fmt.Errorf("%w: negative Lines %d", ErrConfig, cfg.Lines)
	}
	if cfg.Span < 0 {
		return cfg, fmt.Errorf("%w: negative Span %v", ErrConfig, cfg.Span)
	}
	if !(cfg.Malformed >= 0 && cfg.Malformed <= 1) {
		return cfg, fmt.Errorf("%w: Malformed %v outside [0, 1]", ErrConfig, cfg.Malformed)
	}
	if cfg.Start.IsZero() {
		cfg.Start = DefaultStart
	}
	if cfg.Span == 0 {
		cfg.Span = DefaultSpan
	}
	if cfg.Zone == nil {
		cfg.Zone = time.UTC
	}
	if cfg.Outages == nil {
		length := min(DefaultOutageLength, cfg.Span/10)
		at := cfg.Start.Add(cfg.Span / 5 * 3)
		cfg.Outages = []Outage{{Start: at, End: at.Add(length), ErrorRate: DefaultOutageErrorRate}}
	}
	return cfg, nil
}

// outageWindows turns the outages into the generator's windows of whole
// seconds, each with its error rate (the default for 0).
func outageWindows(outages []Outage) ([]window, error) {
	var ws []window
	for i, o := range outages {
		rate := o.ErrorRate
		if rate == 0 {
			rate = DefaultOutageErrorRate
		}
		if !(rate >= 0 && rate <= 1) {
			return nil, fmt.Errorf("%w: outage %d: ErrorRate %v outside [0, 1]", ErrConfig, i, o.ErrorRate)
		}
		if o.End.Before(o.Start) {
			return nil, fmt.Errorf("%w: outage %d ends before it starts", ErrConfig, i)
		}
		ws = append(ws, window{lo: ceilSec(o.Start), hi: ceilSec(o.End), rate: rate})
	}
	return ws, nil
}

// ceilSec returns the first whole Unix second at or after t.
func ceilSec(t time.Time) int64 {
	s := t.Unix()
	if t.Nanosecond() > 0 {
		s++
	}
	return s
}

// stratum returns the first line of malformed stratum k: floor(k*Lines/nBad)
// computed without overflow for any line count.
func (g *generator) stratum(k int64) int64 {
	hi, lo := bits.Mul64(uint64(k), uint64(g.cfg.Lines))
	q, _ := bits.Div64(hi, lo, uint64(g.nBad))
	return int64(q)
}

// pickBad chooses the malformed line of stratum kBad, or disables them once
// every stratum has had one.
func (g *generator) pickBad() {
	if g.kBad >= g.nBad {
		g.nextBad = -1
		return
	}
	lo, hi := g.stratum(g.kBad), g.stratum(g.kBad+1)
	g.nextBad = lo + int64(g.intn(uint64(hi-lo)))
	g.kBad++
}

// intn returns a number in [0, n) from the top bits of one PCG output
// (Lemire's multiply-shift without rejection): the bias, under n/2^64, is
// far below anything a test could see, and it never loops.
func (g *generator) intn(n uint64) uint64 {
	hi, _ := bits.Mul64(g.src.Uint64(), n)
	return hi
}

// float returns a number in [0, 1).
func (g *generator) float() float64 {
	return float64(g.src.Uint64()>>11) * 0x1p-53
}

func (g *generator) pick(t *table) string {
	r := uint32(g.intn(uint64(t.total())))
	for i, c := range t.cum {
		if r < c {
			return t.s[i]
		}
	}
	panic("unreachable")
}

func (g *generator) pickCode(t *codeTable) (int, string) {
	r := uint32(g.intn(uint64(t.total())))
	for i, c := range t.cum {
		if r < c {
			return t.code[i], t.text[i]
		}
	}
	panic("unreachable")
}

func (g *generator) run(w *bufio.Writer) error {
	n := int64(g.cfg.Lines)
	for i := int64(0); i < n; i++ {
		// The i-th line sits at a random point of the i-th slice of the
		// span. (i+u) and the product are monotone under rounding, so
		// timestamps never go backwards.
		off := int64((float64(i) + g.float()) * g.step)
		ns := g.startNsec + off
		sec := g.startSec + ns/1e9
		if sec != g.sec {
			g.setSecond(sec)
		}

		b := g.buf[:0]
		if i == g.nextBad {
			b = g.appendMalformed(b)
			g.malformed++
			g.pickBad()
		} else {
			var code int
			b, code = g.appendRequest(b)
			g.tally(sec, code)
		}
		if i < n-1 || !g.cfg.NoFinalNewline {
			b = append(b, g.lineEnd...)
		}
		g.buf = b
		g.linesDone++
		g.bytes += int64(len(b))
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// setSecond formats the timestamp for Unix second sec and looks up the
// error rate in force; both hold for every line written in that second.
func (g *generator) setSecond(sec int64) {
	g.sec = sec
	t := time.Unix(sec, 0).In(g.cfg.Zone)
	year, month, day := t.Date()
	hour, minute, second := t.Clock()
	_, off := t.Zone()
	b := g.ts[:0]
	b = append2(b, day)
	b = append(b, '/')
	b = append(b, monthNames[month-1]...)
	b = append(b, '/')
	b = append4(b, year)
	b = append(b, ':')
	b = append2(b, hour)
	b = append(b, ':')
	b = append2(b, minute)
	b = append(b, ':')
	b = append2(b, second)
	b = append(b, ' ')
	if off < 0 {
		b = append(b, '-')
		off = -off
	} else {
		b = append(b, '+')
	}
	b = append2(b, off/3600)
	b = append2(b, off/60%60)
	g.ts = b

	g.errRate = BaseErrorRate
	for _, w := range g.windows {
		if sec >= w.lo && sec < w.hi && w.rate > g.errRate {
			g.errRate = w.rate
		}
	}
}

func append2(b []byte, n int) []byte {
	return append(b, byte('0'+n/10%10), byte('0'+n%10))
}

func append4(b []byte, n int) []byte {
	return append(b, byte('0'+n/1000%10), byte('0'+n/100%10), byte('0'+n/10%10), byte('0'+n%10))
}

// appendPrefix appends the fields before the request: remote address,
// identity, user and time.
func (g *generator) appendPrefix(b []byte) []byte {
	switch r := g.intn(100); {
	case r < 84:
		b = append(b, ipv4Prefixes[g.intn(uint64(len(ipv4Prefixes)))]...)
		b = strconv.AppendUint(b, 1+g.intn(254), 10)
	case r < 94:
		b = append(b, "2001:db8::"...)
		b = strconv.AppendUint(b, 1+g.intn(0xfffe), 16)
	case r < 96:
		b = append(b, "2001:db8:85a3::8a2e:370:7334"...)
	default:
		b = append(b, hosts[g.intn(uint64(len(hosts)))]...)
	}
	b = append(b, " - "...)
	if g.intn(100) < 4 {
		b = append(b, users[g.intn(uint64(len(users)))]...)
	} else {
		b = append(b, '-')
	}
	b = append(b, " ["...)
	b = append(b, g.ts...)
	b = append(b, "] \""...)
	return b
}

// appendTarget appends a request target, with a random id if it takes one,
// or rarely the long target.
func (g *generator) appendTarget(b []byte) []byte {
	r := g.intn(uint64(len(paths)*pathRepeat + 1))
	if r == uint64(len(paths)*pathRepeat) {
		return append(b, longPath...)
	}
	p := paths[r/pathRepeat]
	b = append(b, p.s...)
	if p.withID {
		b = strconv.AppendUint(b, 1+g.intn(99999), 10)
	}
	return b
}

// appendRequest appends a well-formed line without its ending and returns
// its status code.
func (g *generator) appendRequest(b []byte) ([]byte, int) {
	b = g.appendPrefix(b)
	var code int
	var status string
	switch r := g.intn(10000); {
	case r < 5:
		// Bytes that were not HTTP at all: nginx answers 400.
		b = append(b, garbageRequests[g.intn(uint64(len(garbageRequests)))]...)
		code, status = 400, "400"
	case r < 10:
		// A connection closed or timed out before a request line arrived.
		if g.intn(2) == 0 {
			code, status = 400, "400"
		} else {
			code, status = 408, "408"
		}
	default:
		if g.float() < g.errRate {
			if g.errRate > BaseErrorRate {
				code, status = g.pickCode(&outageErrors)
			} else {
				code, status = g.pickCode(&serverErrors)
			}
		} else {
			code, status = g.pickCode(&okCodes)
		}
		method := g.pick(&methods)
		if code == 101 {
			method = "GET"
		}
		b = append(b, method...)
		b = append(b, ' ')
		if code == 101 {
			b = append(b, wsPath...)
		} else {
			b = g.appendTarget(b)
		}
		b = append(b, ' ')
		b = append(b, g.pick(&protocols)...)
	}
	b = append(b, "\" "...)
	b = append(b, status...)
	b = append(b, ' ')
	b = g.appendSize(b, code)
	if !g.cfg.Common {
		b = append(b, " \""...)
		b = append(b, g.pick(&referers)...)
		b = append(b, "\" \""...)
		b = append(b, g.pick(&userAgents)...)
		b = append(b, '"')
	}
	return b, code
}

// appendSize appends the response size. Apache's %b writes "-" for an empty
// body and nginx writes 0, so bodiless responses get either.
func (g *generator) appendSize(b []byte, code int) []byte {
	var n uint64
	switch {
	case code == 101 || code == 204 || code == 304 || code == 444 || code == 499:
		if g.intn(2) == 0 {
			return append(b, '-')
		}
		return append(b, '0')
	case g.intn(100) == 0:
		return append(b, '-')
	case code == 206:
		n = 65536 + g.intn(8<<20)
	case code >= 300 && code < 400:
		n = 150 + g.intn(450)
	case code >= 400:
		n = 100 + g.intn(2000)
	default:
		// Small responses are far more common than large ones.
		n = 200 + g.intn(1+g.intn(80000))
	}
	return strconv.AppendUint(b, n, 10)
}

// appendMalformed appends one malformed line without its ending.
func (g *generator) appendMalformed(b []byte) []byte {
	switch g.intn(4) {
	case 0:
		return append(b, junkLines[g.intn(uint64(len(junkLines)))]...)
	case 1:
		// Cut off inside the request target: no closing quote, no status.
		b = g.appendPrefix(b)
		b = append(b, g.pick(&methods)...)
		b = append(b, ' ')
		p := paths[g.intn(uint64(len(paths)))].s
		return append(b, p[:g.intn(uint64(len(p)))]...)
	case 2:
		return g.appendWithStatus(b, badStatuses[g.intn(uint64(len(badStatuses)))])
	default:
		return g.appendWithStatus(b, longStatuses[g.intn(uint64(len(longStatuses)))])
	}
}

// appendWithStatus appends a complete line whose status field is status.
func (g *generator) appendWithStatus(b []byte, status string) []byte {
	b = g.appendPrefix(b)
	b = append(b, g.pick(&methods)...)
	b = append(b, ' ')
	b = g.appendTarget(b)
	b = append(b, ' ')
	b = append(b, g.pick(&protocols)...)
	b = append(b, "\" "...)
	b = append(b, status...)
	b = append(b, ' ')
	b = strconv.AppendUint(b, 100+g.intn(5000), 10)
	if !g.cfg.Common {
		b = append(b, " \""...)
		b = append(b, g.pick(&referers)...)
		b = append(b, "\" \""...)
		b = append(b, g.pick(&userAgents)...)
		b = append(b, '"')
	}
	return b
}

// tally records a well-formed line written at Unix second sec.
func (g *generator) tally(sec int64, code int) {
	g.codes[code]++
	g.requests++
	if !g.any {
		g.any = true
		g.first = sec
	}
	g.last = sec
	hour := sec - mod(sec, 3600)
	if hour != g.hour {
		g.flushHour()
		g.hour = hour
	}
	g.hourAcc[code/100-1]++
}

func mod(a, n int64) int64 {
	m := a % n
	if m < 0 {
		m += n
	}
	return m
}

func (g *generator) flushHour() {
	if g.hour == math.MinInt64 {
		return
	}
	key := time.Unix(g.hour, 0).UTC()
	acc := g.hourly[key]
	for i, n := range g.hourAcc {
		acc[i] += n
	}
	g.hourly[key] = acc
	g.hourAcc = [5]int64{}
}

func (g *generator) counts() Counts {
	g.flushHour()
	g.hour = math.MinInt64
	c := Counts{
		Lines:     g.linesDone,
		Requests:  g.requests,
		Malformed: g.malformed,
		Codes:     make(map[int]int64),
		Bytes:     g.bytes,
		Hourly:    g.hourly,
	}
	for code, n := range g.codes {
		if n > 0 {
			c.Codes[code] = n
		}
	}
	if g.any {
		c.First = time.Unix(g.first, 0).UTC()
		c.Last = time.Unix(g.last, 0).UTC()
	}
	return c
}
