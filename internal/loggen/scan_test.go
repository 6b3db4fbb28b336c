package loggen

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// This file is the tests' reference reader. It shares nothing with the
// generator: it knows the combined and common formats from their
// definitions, so a generator that miscounts, or writes a line it did not
// mean to, disagrees with it.

// A quoted field is any run of non-quote characters and backslash escapes,
// which covers Apache's \" and nginx's \x22 alike.
const quoted = `"((?:[^"\\]|\\.)*)"`

var (
	commonLine   = regexp.MustCompile(`^(\S+) (\S+) (\S+) \[([^\]]+)\] ` + quoted + ` (\d{3}) (\d+|-)$`)
	combinedLine = regexp.MustCompile(`^(\S+) (\S+) (\S+) \[([^\]]+)\] ` + quoted + ` (\d{3}) (\d+|-) ` + quoted + ` ` + quoted + `$`)
	// These classify lines that match neither, to show every kind of
	// malformed line is generated.
	cutLine        = regexp.MustCompile(`^\S+ \S+ \S+ \[[^\]]+\] "[^"]*$`)
	badStatusLine  = regexp.MustCompile(`^\S+ \S+ \S+ \[[^\]]+\] "[^"]*" \d*[^\d ]\S* `)
	longStatusLine = regexp.MustCompile(`^\S+ \S+ \S+ \[[^\]]+\] "[^"]*" \d{4,} `)
)

const clfTime = "02/Jan/2006:15:04:05 -0700"

// entry is one well-formed line as the reference reader sees it.
type entry struct {
	addr, user, request string
	time                time.Time // as written, in its own zone
	code                int
	size                string
	referer, agent      string
}

// scanned is what the reference reader found in a log.
type scanned struct {
	lines     int64
	entries   []entry
	malformed map[string]int64 // by kind: junk, cut, bad status, long status
	codes     map[int]int64
	hourly    map[int64][5]int64 // Unix second of the UTC hour
}

func (s scanned) malformedTotal() int64 {
	var n int64
	for _, k := range s.malformed {
		n += k
	}
	return n
}

// scan reads a whole log. It fails the test on anything no Config can
// produce: an empty line, a line ending not asked for, or a well-formed
// line of the other format.
func scan(t *testing.T, data string, cfg Config) scanned {
	t.Helper()
	s := scanned{
		malformed: map[string]int64{},
		codes:     map[int]int64{},
		hourly:    map[int64][5]int64{},
	}
	if data == "" {
		return s
	}
	body, ok := strings.CutSuffix(data, "\n")
	if cfg.NoFinalNewline == ok {
		t.Fatalf("log ends with newline = %v, want %v", ok, !cfg.NoFinalNewline)
	}
	lineRE, otherRE := combinedLine, commonLine
	if cfg.Common {
		lineRE, otherRE = commonLine, combinedLine
	}
	lines := strings.Split(body, "\n")
	for i, line := range lines {
		var cr bool
		line, cr = strings.CutSuffix(line, "\r")
		isLast := i == len(lines)-1
		if wantCR := cfg.CRLF && !(isLast && cfg.NoFinalNewline); cr != wantCR {
			t.Fatalf("line %d: ends with \\r = %v, want %v", i+1, cr, wantCR)
		}
		if strings.ContainsAny(line, "\r\n") || line == "" {
			t.Fatalf("line %d: empty or with a stray line ending: %q", i+1, line)
		}
		s.lines++
		m := lineRE.FindStringSubmatch(line)
		if m == nil {
			if otherRE.MatchString(line) {
				t.Fatalf("line %d: well-formed in the wrong format (Common=%v): %q", i+1, cfg.Common, line)
			}
			s.malformed[malformedKind(line)]++
			continue
		}
		ts, err := time.Parse(clfTime, m[4])
		if err != nil {
			t.Fatalf("line %d: bad time: %v", i+1, err)
		}
		code, _ := strconv.Atoi(m[6])
		if code < 100 || code > 599 {
			t.Fatalf("line %d: status %d outside 100-599", i+1, code)
		}
		e := entry{addr: m[1], user: m[3], time: ts, request: m[5], code: code, size: m[7]}
		if !cfg.Common {
			e.referer, e.agent = m[8], m[9]
		}
		s.entries = append(s.entries, e)
		s.codes[code]++
		hour := ts.UTC().Truncate(time.Hour).Unix()
		h := s.hourly[hour]
		h[code/100-1]++
		s.hourly[hour] = h
	}
	return s
}

func malformedKind(line string) string {
	switch {
	case cutLine.MatchString(line):
		return "cut"
	case longStatusLine.MatchString(line):
		return "long status"
	case badStatusLine.MatchString(line):
		return "bad status"
	case !strings.Contains(line, `] "`):
		return "junk"
	}
	return "other"
}
