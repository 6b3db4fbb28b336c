package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/parse"
)

// qualityFlags decide how many malformed lines a run tolerates. By
// default any number, as long as something parsed: they are counted and
// shown in the report.
type qualityFlags struct {
	MaxMalformed malformedLimit `placeholder:"N|P%" help:"Fail (exit 3) when more lines than this are malformed: a count (100) or a share of the lines read (1%)."`
	Strict       bool           `help:"Fail (exit 3) on any malformed line, naming the first."`
	PartialOK    bool           `name:"partial-ok" help:"When an input breaks off (a truncated or corrupt stream), still write the report of the lines read before it, marked incomplete; the exit code stays 3 and nothing is saved."`
}

// malformedLimit is --max-malformed: a count, or a percentage of lines.
type malformedLimit struct {
	set     bool
	count   int64
	percent float64
}

func (m *malformedLimit) UnmarshalText(b []byte) error {
	s := strings.TrimSpace(string(b))
	if p, ok := strings.CutSuffix(s, "%"); ok {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || v < 0 || v > 100 || v != v {
			return fmt.Errorf("%q is not a percentage between 0 and 100", s)
		}
		*m = malformedLimit{set: true, percent: v}
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return fmt.Errorf("%q is neither a count of lines nor a percentage like 1%%", s)
	}
	*m = malformedLimit{set: true, count: n}
	return nil
}

// check returns the input error that ends a run whose lines are not good
// enough: nothing parsed although something was there, any malformed line
// with --strict, or more than --max-malformed.
func (q *qualityFlags) check(s *aggregate.Summary) error {
	bad := s.Lines.Malformed
	// Lines filtered for the time window were parsed to be filtered: a
	// window the traffic missed is no data, not a log nothing parses.
	// Comment, header and blank lines (the reasons' names are in the
	// JSON contract) are filtered without being requests.
	windowed := s.Lines.Filtered - s.Filtered["comment or header line"] - s.Filtered["blank line"]
	switch {
	case s.Lines.Parsed+windowed == 0 && bad > 0:
		return fmt.Errorf("none of %d lines could be parsed%s; is it an access log? give --log-format if it has a custom layout",
			s.Lines.Read, firstMalformed(s))
	case q.Strict && bad > 0:
		return fmt.Errorf("--strict: %s malformed%s", plural(int(bad), "line"), firstMalformed(s))
	case q.MaxMalformed.set:
		m := q.MaxMalformed
		if m.percent > 0 && s.Lines.Read > 0 && float64(bad)*100 > m.percent*float64(s.Lines.Read) ||
			m.percent == 0 && bad > m.count {
			limit := plural(int(m.count), "line")
			if m.percent > 0 {
				limit = strconv.FormatFloat(m.percent, 'f', -1, 64) + "% of the lines"
			}
			return fmt.Errorf("--max-malformed: %s of %d are malformed, more than %s%s",
				plural(int(bad), "line"), s.Lines.Read, limit, firstMalformed(s))
		}
	}
	return nil
}

// firstMalformed names the first malformed line, " (first: a.log:12: ...)".
func firstMalformed(s *aggregate.Summary) string {
	if len(s.Samples) == 0 {
		return ""
	}
	smp := s.Samples[0]
	return fmt.Sprintf(" (first: %s)", &parse.ParseError{Source: smp.Input, Line: smp.Line, Err: errors.New(smp.Reason), Field: smp.Text})
}
