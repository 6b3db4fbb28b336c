package loggen

import (
	"bytes"
	"errors"
	"io"
	"maps"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

func generate(t testing.TB, cfg Config) (string, Counts) {
	t.Helper()
	var buf bytes.Buffer
	c, err := Generate(&buf, cfg)
	if err != nil {
		t.Fatalf("Generate(%+v): %v", cfg, err)
	}
	return buf.String(), c
}

func TestGenerateDeterministic(t *testing.T) {
	cfg := Config{Lines: 5000, Seed: 42, Malformed: 0.01}
	out1, c1 := generate(t, cfg)
	out2, c2 := generate(t, cfg)
	if out1 != out2 {
		t.Error("same Config gave different bytes")
	}
	if !reflect.DeepEqual(c1, c2) {
		t.Errorf("same Config gave different Counts:\n%+v\n%+v", c1, c2)
	}
	cfg.Seed = 43
	if out3, _ := generate(t, cfg); out3 == out1 {
		t.Error("different seeds gave the same bytes")
	}
}

// TestCountsMatchScan checks the generator's own tally against what the
// independent reference reader finds in the output.
func TestCountsMatchScan(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"defaults", Config{Lines: 20000}},
		{"malformed", Config{Lines: 20000, Seed: 3, Malformed: 0.05}},
		{"all malformed", Config{Lines: 500, Seed: 4, Malformed: 1}},
		{"common", Config{Lines: 20000, Seed: 5, Common: true, Malformed: 0.02}},
		{"crlf", Config{Lines: 5000, Seed: 6, CRLF: true, Malformed: 0.02}},
		{"no final newline", Config{Lines: 5000, Seed: 7, NoFinalNewline: true}},
		{"crlf no final newline", Config{Lines: 5000, Seed: 8, CRLF: true, NoFinalNewline: true}},
		{"zone west", Config{Lines: 20000, Seed: 9, Zone: time.FixedZone("", -4*3600)}},
		{"zone half hour", Config{Lines: 20000, Seed: 10, Zone: time.FixedZone("", 5*3600+1800)}},
		{"dense", Config{Lines: 50000, Seed: 11, Span: 10 * time.Minute}},
		{"long span", Config{Lines: 5000, Seed: 12, Span: 90 * 24 * time.Hour}},
		{"odd start", Config{Lines: 5000, Seed: 13, Start: time.Date(1999, 12, 31, 23, 59, 59, 999999999, time.UTC)}},
		{"one line", Config{Lines: 1, Seed: 14}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, c := generate(t, tt.cfg)
			s := scan(t, out, tt.cfg)

			if c.Lines != int64(tt.cfg.Lines) || s.lines != c.Lines {
				t.Errorf("Lines = %d, reader found %d, Config says %d", c.Lines, s.lines, tt.cfg.Lines)
			}
			if got := int64(len(s.entries)); c.Requests != got {
				t.Errorf("Requests = %d, reader found %d", c.Requests, got)
			}
			if got := s.malformedTotal(); c.Malformed != got {
				t.Errorf("Malformed = %d, reader found %d (%v)", c.Malformed, got, s.malformed)
			}
			if n := s.malformed["other"]; n > 0 {
				t.Errorf("%d malformed lines of no known kind", n)
			}
			if !maps.Equal(c.Codes, s.codes) {
				t.Errorf("Codes = %v, reader found %v", c.Codes, s.codes)
			}
			if c.Bytes != int64(len(out)) {
				t.Errorf("Bytes = %d, wrote %d", c.Bytes, len(out))
			}
			hourly := map[int64][5]int64{}
			for k, v := range c.Hourly {
				if k.Location() != time.UTC || !k.Equal(k.Truncate(time.Hour)) {
					t.Errorf("Hourly key %v is not a UTC hour", k)
				}
				hourly[k.Unix()] = v
			}
			if !maps.Equal(hourly, s.hourly) {
				t.Errorf("Hourly = %v, reader found %v", hourly, s.hourly)
			}
			if len(s.entries) > 0 {
				first, last := s.entries[0].time, s.entries[len(s.entries)-1].time
				if !c.First.Equal(first) || !c.Last.Equal(last) {
					t.Errorf("First, Last = %v, %v; reader found %v, %v", c.First, c.Last, first, last)
				}
				if c.First.Location() != time.UTC || c.Last.Location() != time.UTC {
					t.Errorf("First, Last not in UTC: %v, %v", c.First, c.Last)
				}
			} else if !c.First.IsZero() || !c.Last.IsZero() {
				t.Errorf("no requests but First, Last = %v, %v", c.First, c.Last)
			}

			// The tally must be consistent with itself, too.
			var sum, hsum int64
			for _, n := range c.Codes {
				sum += n
			}
			for _, h := range c.Hourly {
				for _, n := range h {
					hsum += n
				}
			}
			if sum != c.Requests || hsum != c.Requests || c.Requests+c.Malformed != c.Lines {
				t.Errorf("sum(Codes) = %d, sum(Hourly) = %d, Requests = %d, Malformed = %d, Lines = %d",
					sum, hsum, c.Requests, c.Malformed, c.Lines)
			}
		})
	}
}

func TestTimestamps(t *testing.T) {
	cfg := Config{Lines: 48000, Seed: 1, Start: time.Date(2026, 3, 1, 12, 30, 0, 0, time.UTC), Span: 48 * time.Hour}
	out, _ := generate(t, cfg)
	s := scan(t, out, cfg)
	prev := cfg.Start
	perHour := map[int64]int{}
	for i, e := range s.entries {
		if e.time.Before(prev) {
			t.Fatalf("entry %d at %v, before the previous %v", i, e.time, prev)
		}
		prev = e.time
		perHour[e.time.Truncate(time.Hour).Unix()]++
	}
	if end := cfg.Start.Add(cfg.Span); !prev.Before(end) {
		t.Errorf("last entry at %v, not before the end of the span %v", prev, end)
	}
	// 49 hours are touched (the span starts at :30); the 47 whole ones
	// should get about 1000 lines each.
	for h, n := range perHour {
		whole := h >= cfg.Start.Add(30*time.Minute).Unix() && h < cfg.Start.Add(cfg.Span-30*time.Minute).Unix()
		if whole && (n < 900 || n > 1100) {
			t.Errorf("hour %v has %d lines, want about 1000", time.Unix(h, 0).UTC(), n)
		}
	}
	if len(perHour) != 49 {
		t.Errorf("lines in %d hours, want 49", len(perHour))
	}
}

func TestLineEndings(t *testing.T) {
	tests := []struct {
		name     string
		cfg      Config
		newlines int
		crlf     int
		suffix   string
	}{
		{"lf", Config{Lines: 100}, 100, 0, "\"\n"},
		{"crlf", Config{Lines: 100, CRLF: true}, 100, 100, "\"\r\n"},
		{"lf no final", Config{Lines: 100, NoFinalNewline: true}, 99, 0, "\""},
		{"crlf no final", Config{Lines: 100, CRLF: true, NoFinalNewline: true}, 99, 99, "\""},
		{"one line no final", Config{Lines: 1, NoFinalNewline: true}, 0, 0, "\""},
		{"zero lines", Config{Lines: 0, NoFinalNewline: true}, 0, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, c := generate(t, tt.cfg)
			if n := strings.Count(out, "\n"); n != tt.newlines {
				t.Errorf("%d newlines, want %d", n, tt.newlines)
			}
			if n := strings.Count(out, "\r\n"); n != tt.crlf {
				t.Errorf("%d CRLFs, want %d", n, tt.crlf)
			}
			if !strings.HasSuffix(out, tt.suffix) {
				t.Errorf("output ends %q, want suffix %q", out[max(0, len(out)-10):], tt.suffix)
			}
			if c.Lines != int64(tt.cfg.Lines) {
				t.Errorf("Lines = %d, want %d", c.Lines, tt.cfg.Lines)
			}
		})
	}
}

func TestCommonHasNoRefererOrAgent(t *testing.T) {
	cfg := Config{Lines: 5000, Seed: 2, Common: true}
	out, _ := generate(t, cfg)
	for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if !commonLine.MatchString(line) {
			t.Fatalf("line %d is not common log format: %q", i+1, line)
		}
		// The request is the only quoted field left.
		if n := strings.Count(line, `"`); n != 2 {
			t.Fatalf("line %d has %d quotes, want 2: %q", i+1, n, line)
		}
	}
}

func TestZone(t *testing.T) {
	utcCfg := Config{Lines: 10000, Seed: 5}
	zoneCfg := utcCfg
	zoneCfg.Zone = time.FixedZone("", -4*3600)
	utcOut, utc := generate(t, utcCfg)
	out, c := generate(t, zoneCfg)

	if !strings.Contains(out, "[01/Nov/2026:20:0") {
		t.Errorf("first lines not written in -0400: %.120q", out)
	}
	if n := strings.Count(out, " -0400] "); n != int(c.Requests+c.Malformed)-countWithoutTime(out) {
		t.Errorf("%d lines with -0400, want every line that has a time", n)
	}
	if strings.Contains(out, "+0000") {
		t.Error("output contains +0000")
	}
	if !strings.Contains(utcOut, "[02/Nov/2026:00:0") || strings.Contains(utcOut, "-0400") {
		t.Errorf("default zone not written as +0000: %.120q", utcOut)
	}
	// The zone changes the text only: the same instants, the same counts.
	if !reflect.DeepEqual(c, utc) {
		t.Errorf("Counts differ between zones:\n%+v\n%+v", c, utc)
	}
	if _, ok := c.Hourly[time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)]; !ok {
		t.Error("Hourly has no entry for 2026-11-02T00:00Z; keys are not UTC hours")
	}
}

func countWithoutTime(out string) int {
	n := 0
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if !strings.Contains(line, "] \"") {
			n++
		}
	}
	return n
}

// serverErrorShare returns the share of 5xx among entries inside and
// outside [lo, hi).
func serverErrorShare(entries []entry, lo, hi time.Time) (inside, outside float64, in5xx map[int]int) {
	var nIn, eIn, nOut, eOut int
	in5xx = map[int]int{}
	for _, e := range entries {
		isErr := e.code >= 500
		if !e.time.Before(lo) && e.time.Before(hi) {
			nIn++
			if isErr {
				eIn++
				in5xx[e.code]++
			}
		} else {
			nOut++
			if isErr {
				eOut++
			}
		}
	}
	return float64(eIn) / float64(max(nIn, 1)), float64(eOut) / float64(max(nOut, 1)), in5xx
}

func TestOutage(t *testing.T) {
	start := DefaultStart
	tests := []struct {
		name           string
		cfg            Config
		lo, hi         time.Time
		minIn, maxOut  float64
		wantMostlyGate bool // 502/503/504 dominate the outage
	}{
		{
			name:  "default",
			cfg:   Config{Lines: 100000, Seed: 1},
			lo:    start.Add(48 * time.Hour * 3 / 5),
			hi:    start.Add(48*time.Hour*3/5 + 40*time.Minute),
			minIn: 0.30, maxOut: 0.002,
			wantMostlyGate: true,
		},
		{
			name: "explicit",
			cfg: Config{Lines: 100000, Seed: 2, Outages: []Outage{
				{Start: start.Add(2 * time.Hour), End: start.Add(3 * time.Hour), ErrorRate: 0.9},
			}},
			lo:    start.Add(2 * time.Hour),
			hi:    start.Add(3 * time.Hour),
			minIn: 0.85, maxOut: 0.002,
			wantMostlyGate: true,
		},
		{
			name: "none",
			cfg:  Config{Lines: 100000, Seed: 3, Outages: []Outage{}},
			// Where the default outage would be: nothing special there.
			lo:    start.Add(48 * time.Hour * 3 / 5),
			hi:    start.Add(48*time.Hour*3/5 + 40*time.Minute),
			minIn: 0, maxOut: 0.002,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _ := generate(t, tt.cfg)
			s := scan(t, out, tt.cfg)
			in, outside, codes := serverErrorShare(s.entries, tt.lo, tt.hi)
			if in < tt.minIn {
				t.Errorf("5xx share inside the window = %.4f, want >= %.2f", in, tt.minIn)
			}
			if outside > tt.maxOut || outside < BaseErrorRate/2 {
				t.Errorf("5xx share outside the window = %.5f, want about %v", outside, BaseErrorRate)
			}
			if tt.minIn == 0 && in > 0.01 {
				t.Errorf("5xx share in the would-be window = %.4f with no outage", in)
			}
			if tt.wantMostlyGate {
				var gate, all int
				for code, n := range codes {
					all += n
					if code >= 502 && code <= 504 {
						gate += n
					}
				}
				if float64(gate) < 0.8*float64(all) {
					t.Errorf("outage 5xx: %v; want mostly 502/503/504", codes)
				}
			}
		})
	}
}

// TestVariety checks that every feature a parser must survive is in the
// output, so dropping one from the tables fails here.
func TestVariety(t *testing.T) {
	cfg := Config{Lines: 100000, Seed: 1, Malformed: 0.001}
	out, c := generate(t, cfg)
	s := scan(t, out, cfg)

	has := map[string]bool{}
	for _, e := range s.entries {
		switch {
		case strings.Contains(e.addr, ":"):
			has["ipv6"] = true
		case strings.Trim(e.addr, "0123456789.") != "":
			has["hostname"] = true
		}
		if e.user != "-" {
			has["user"] = true
		}
		method, rest, _ := strings.Cut(e.request, " ")
		has[method] = true
		if i := strings.LastIndexByte(rest, ' '); i >= 0 {
			has[rest[i+1:]] = true
		}
		switch {
		case e.request == "":
			has["empty request "+itoa3(e.code)] = true
		case strings.HasPrefix(e.request, `\x16\x03\x01\x00`):
			has["tls request "+itoa3(e.code)] = true
		case len(e.request) > 2000:
			has["long request"] = true
		}
		if strings.Contains(e.request, "?") {
			has["query"] = true
		}
		if strings.Contains(e.request, "%C3%A9") {
			has["percent-encoding"] = true
		}
		if e.size == "-" {
			has["size -"] = true
		}
		if e.referer != "-" {
			has["referer"] = true
		}
		if strings.Contains(e.agent, `\"`) {
			has[`agent \"`] = true
		}
		if strings.Contains(e.agent, `\x22`) {
			has[`agent \x22`] = true
		}
	}
	for code := range c.Codes {
		if code >= 520 && code <= 524 {
			has["52x"] = true
		}
	}
	want := []string{
		"ipv6", "hostname", "user",
		"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH",
		"HTTP/1.0", "HTTP/1.1", "HTTP/2.0",
		"empty request 400", "empty request 408", "tls request 400", "long request",
		"query", "percent-encoding", "size -", "referer", `agent \"`, `agent \x22`, "52x",
	}
	for _, w := range want {
		if !has[w] {
			t.Errorf("no %s in %d lines", w, cfg.Lines)
		}
	}
	for _, code := range []int{101, 200, 201, 204, 206, 301, 302, 304, 400, 401, 403, 404, 408, 429, 444, 499, 500, 502, 503, 504} {
		if c.Codes[code] == 0 {
			t.Errorf("no status %d in %d lines", code, cfg.Lines)
		}
	}
	for _, kind := range []string{"junk", "cut", "bad status", "long status"} {
		if s.malformed[kind] == 0 {
			t.Errorf("no malformed line of kind %q: %v", kind, s.malformed)
		}
	}
	if share := float64(c.Codes[200]) / float64(c.Requests); share < 0.7 || share > 0.85 {
		t.Errorf("200 share = %.3f, want mostly 200", share)
	}
}

func TestMalformedCount(t *testing.T) {
	tests := []struct {
		lines     int
		malformed float64
		want      int64
	}{
		{3000, 0.001, 3},
		{3000, 0.0001, 0},
		{3000, 0.0002, 1},
		{1000, 0.5, 500},
		{7, 1, 7},
		{1, 0.5, 1}, // round half away from zero
		{0, 0.5, 0},
		{100000, 0.00123, 123},
	}
	for _, tt := range tests {
		_, c := generate(t, Config{Lines: tt.lines, Malformed: tt.malformed})
		if c.Malformed != tt.want {
			t.Errorf("Lines %d, Malformed %v: %d malformed lines, want %d", tt.lines, tt.malformed, c.Malformed, tt.want)
		}
	}
}

// TestMalformedSpread checks malformed lines are spread over the log, not
// bunched at one end, so a sample of any part of it has some.
func TestMalformedSpread(t *testing.T) {
	cfg := Config{Lines: 10000, Seed: 9, Malformed: 0.01}
	out, _ := generate(t, cfg)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	for tenth := range 10 {
		part := strings.Join(lines[tenth*1000:(tenth+1)*1000], "\n") + "\n"
		if s := scan(t, part, cfg); s.malformedTotal() != 10 {
			t.Errorf("tenth %d has %d malformed lines, want 10", tenth, s.malformedTotal())
		}
	}
}

func TestInvalidConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"negative lines", Config{Lines: -1}},
		{"negative span", Config{Lines: 1, Span: -time.Second}},
		{"malformed above 1", Config{Lines: 1, Malformed: 1.5}},
		{"malformed negative", Config{Lines: 1, Malformed: -0.1}},
		{"malformed NaN", Config{Lines: 1, Malformed: math.NaN()}},
		{"outage backwards", Config{Lines: 1, Outages: []Outage{{Start: DefaultStart.Add(time.Hour), End: DefaultStart}}}},
		{"outage rate above 1", Config{Lines: 1, Outages: []Outage{{Start: DefaultStart, End: DefaultStart.Add(time.Hour), ErrorRate: 2}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			_, err := Generate(&buf, tt.cfg)
			if !errors.Is(err, ErrConfig) {
				t.Errorf("err = %v, want ErrConfig", err)
			}
			if buf.Len() > 0 {
				t.Errorf("wrote %d bytes for an invalid Config", buf.Len())
			}
		})
	}
}

type failWriter struct {
	n   int // bytes accepted before failing
	err error
}

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		n := w.n
		w.n = 0
		return n, w.err
	}
	w.n -= len(p)
	return len(p), nil
}

func TestWriteError(t *testing.T) {
	errDiskFull := errors.New("disk full")
	tests := []struct {
		name  string
		lines int
	}{
		{"fails while flushing at the end", 100},
		{"fails while writing", 100000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Generate(&failWriter{n: 1000, err: errDiskFull}, Config{Lines: tt.lines})
			if !errors.Is(err, errDiskFull) {
				t.Errorf("err = %v, want %v", err, errDiskFull)
			}
			if tt.lines > 10000 && c.Lines >= int64(tt.lines) {
				t.Errorf("kept generating after the error: Lines = %d", c.Lines)
			}
		})
	}
}

func TestClass(t *testing.T) {
	c := Counts{Codes: map[int]int64{101: 1, 200: 10, 204: 2, 304: 3, 404: 4, 499: 5, 500: 6, 503: 7, 524: 8}}
	tests := []struct {
		class int
		want  int64
	}{
		{1, 1}, {2, 12}, {3, 3}, {4, 9}, {5, 21}, {0, 0}, {6, 0},
	}
	for _, tt := range tests {
		if got := c.Class(tt.class); got != tt.want {
			t.Errorf("Class(%d) = %d, want %d", tt.class, got, tt.want)
		}
	}
}

// TestNoPerLineAllocs fails if generating allocates per line: twenty times
// the lines must not cost more allocations.
func TestNoPerLineAllocs(t *testing.T) {
	allocs := func(lines int) float64 {
		return testing.AllocsPerRun(3, func() {
			if _, err := Generate(io.Discard, Config{Lines: lines}); err != nil {
				t.Fatal(err)
			}
		})
	}
	small, large := allocs(10000), allocs(200000)
	if large > small+5 {
		t.Errorf("%v allocations for 200000 lines, %v for 10000: allocating per line", large, small)
	}
}

func BenchmarkGenerate(b *testing.B) {
	const lines = 100000
	b.ReportAllocs()
	var c Counts
	for b.Loop() {
		var err error
		c, err = Generate(io.Discard, Config{Lines: lines, Seed: 1, Malformed: 0.001})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(c.Bytes)
	b.ReportMetric(float64(lines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}
