package parse

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// detectLines is how many non-blank lines Sniff looks at.
const detectLines = 200

// Candidate is how well one format fits a sample.
type Candidate struct {
	Format *Format
	// Parsed counts the sample lines the format parsed; Clean those of
	// them whose time was readable too (a wrong layout often still finds a
	// number where the status should be, rarely a time where the time
	// should be).
	Parsed, Clean int
}

// Detection is what Sniff found out about a sample.
type Detection struct {
	// Format is the best fit, or nil when no format parses at least half
	// of the sampled lines.
	Format *Format
	// Lines counts the sampled lines: non-blank, and not comments or
	// header rows (`#Fields: ...`), which tell the layout but hold no
	// request. Parsed is how many of them Format parsed.
	Lines, Parsed int
	// Candidates lists every format tried, best first.
	Candidates []Candidate
}

// OK reports whether a format was found.
func (d Detection) OK() bool { return d.Format != nil }

// String describes the choice for a report:
// `Apache/nginx combined (auto-detected, 200/200 sample lines)`.
func (d Detection) String() string {
	if d.Format == nil {
		return fmt.Sprintf("unknown (no format fits the %d sample lines)", d.Lines)
	}
	return fmt.Sprintf("%s (auto-detected, %d/%d sample lines)", d.Format.Title, d.Parsed, d.Lines)
}

// Problem returns nil when a format was found, and otherwise an error for
// input that names the closest candidates and how to give the layout.
func (d Detection) Problem(input string) error {
	if d.Format != nil {
		return nil
	}
	if d.Lines == 0 {
		return fmt.Errorf("detect format of %q: no log lines in the first block", input)
	}
	var close []string
	for _, c := range d.Candidates {
		if len(close) == 3 || c.Parsed == 0 && len(close) > 0 {
			break
		}
		close = append(close, fmt.Sprintf("%s %d/%d", c.Format.Name, c.Parsed, d.Lines))
	}
	return fmt.Errorf("detect format of %q: no known format parses most of the first %d lines (closest: %s); give it with --log-format (a preset from `slareport formats`, or an nginx log_format string), --apache-format or --json-status",
		input, d.Lines, strings.Join(close, ", "))
}

// Sniff scores every preset, and the layouts announced by header lines
// (`#Fields:` for W3C and CloudFront, GCS's CSV header row), against the
// first 200 non-blank lines of sample and returns the best. Ties go to the
// more specific format (presetList's order). sample is typically the first
// block of an input; a partial last line is fine.
func Sniff(sample []byte) Detection {
	var lines [][]byte
	var fields, gcs []string
	// A later #Fields line changes the layout of the lines after it:
	// directives holds those lines, and seg, per sample line, how many of
	// them precede it.
	var directives [][]byte
	var seg []int
	tabs := false
	for len(sample) > 0 && len(lines) < detectLines {
		line := sample
		if i := bytes.IndexByte(sample, '\n'); i >= 0 {
			line, sample = sample[:i], sample[i+1:]
		} else {
			sample = nil
		}
		line = trimEOL(line)
		if isBlank(line) {
			continue
		}
		if line[0] == '#' {
			if names, ok := fieldsDirective(line); ok {
				if fields == nil {
					fields = names
				} else {
					directives = append(directives, line)
				}
			}
			continue
		}
		if names, ok := gcsHeader(line); ok {
			gcs = names
			continue
		}
		if bytes.IndexByte(line, '\t') >= 0 {
			tabs = true
		}
		lines = append(lines, line)
		seg = append(seg, len(directives))
	}

	formats := make([]*Format, 0, len(presetList)+2)
	var announced *Format
	var layouts []*Format // the announced layout of each segment
	if fields != nil {
		announced = w3cFromHeader(fields, tabs)
		formats = append(formats, announced)
		layouts = append(layouts, announced)
		for _, line := range directives {
			next, _ := layouts[len(layouts)-1].Directive(line)
			layouts = append(layouts, next)
		}
	}
	if gcs != nil {
		announced = newGCS(gcs, true)
		formats = append(formats, announced)
	}
	for _, f := range presetList {
		switch {
		case f == Common || f == NginxMain:
			continue // the combined parser reads them; named below
		case fields != nil && (f == W3C || f == CloudFront), gcs != nil && f == GCS:
			continue // the header's own field list replaces the default
		}
		formats = append(formats, f)
	}

	d := Detection{Lines: len(lines), Candidates: make([]Candidate, len(formats))}
	order := map[*Format]int{}
	var withExtras int
	var r Record
	for k, f := range formats {
		order[f] = k
		p := f.NewParser()
		var parsers []Parser // by segment, for the announced W3C layout
		if len(layouts) > 0 && f == layouts[0] {
			parsers = make([]Parser, len(layouts))
			for i, l := range layouts {
				parsers[i] = l.NewParser()
			}
		}
		c := Candidate{Format: f}
		for i, line := range lines {
			if parsers != nil {
				p = parsers[seg[i]]
			}
			if p.Parse(line, &r) != nil {
				continue
			}
			c.Parsed++
			if !r.BadTime {
				c.Clean++
			}
			if f == Combined && r.Extra >= 2 {
				withExtras++
			}
		}
		d.Candidates[k] = c
	}
	sort.SliceStable(d.Candidates, func(i, j int) bool {
		a, b := d.Candidates[i], d.Candidates[j]
		if a.Clean != b.Clean {
			return a.Clean > b.Clean
		}
		if a.Parsed != b.Parsed {
			return a.Parsed > b.Parsed
		}
		return order[a.Format] < order[b.Format]
	})
	for i, c := range d.Candidates {
		if c.Format == Combined && withExtras*2 < c.Parsed {
			d.Candidates[i].Format = Common
		}
	}
	best := d.Candidates[0]
	switch {
	case len(lines) == 0 && announced != nil:
		d.Format = announced // only headers so far: trust them
	case best.Parsed > 0 && best.Parsed*2 >= len(lines):
		d.Format, d.Parsed = best.Format, best.Parsed
	}
	return d
}
