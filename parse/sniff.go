package parse

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// detectLines is how many non-blank lines Sniff looks at.
const detectLines = 200

// A format is detected only on strong evidence: it must read at least
// nineParts in ten of the sample lines cleanly (see Candidate.Fit and
// strong). A
// misread log is worse than a refused one: a wrong layout that finds a
// number where the status should be makes a report that looks normal and
// says 100%.
const nineParts = 9

// Candidate is how well one format fits a sample.
type Candidate struct {
	Format *Format
	// Parsed counts the sample lines the format parsed, including those it
	// read only by recovering a damaged line (a missing host, ident and
	// user before an NCSA time).
	Parsed int
	// Fit counts the lines it read cleanly: parsed without recovery, with
	// a readable time. Only they are evidence for the format: a wrong
	// layout often finds a number where the status should be, rarely a
	// time where the time should be, and recovery exists for the odd
	// damaged line of a file already identified, not to identify one.
	Fit int

	recovered, untimed int // lines parsed but not fit, by why
}

// strong reports whether c is evidence enough to read n sample lines as
// c.Format: nine in ten lines fit. A sample of 5 to 9 lines, where nine in
// ten would mean every line, may have one line that does not (a short log
// with one odd or truncated line is still that log).
func (c Candidate) strong(n int) bool {
	return c.Fit > 0 && (c.Fit*10 >= n*nineParts || n >= 5 && n-c.Fit <= 1)
}

// Detection is what Sniff found out about a sample.
type Detection struct {
	// Format is the format detected, or nil when no format fits the sample
	// strongly enough, or two fit it equally well (see Problem).
	Format *Format
	// Lines counts the sampled lines: non-blank, and not comments or
	// header rows (`#Fields: ...`), which tell the layout but hold no
	// request. Parsed is how many of them Format parsed.
	Lines, Parsed int
	// Candidates lists every format tried, best first.
	Candidates []Candidate
	// Note is a remark on the detected format for the user, or "": a
	// number after an NCSA line's user agent that looks like a duration
	// the format does not read.
	Note string

	tie    bool   // the two best candidates read the sample equally well
	json   string // for JSON lines nothing reads: the keys seen and the flags to give
	extra  string // for NCSA lines nothing reads: what their extra fields look like
	reason string // why the sample was refused, when nothing else says it
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

// layoutFlags is how a user gives a layout that detection did not find.
const layoutFlags = "--log-format (a preset from `slareport formats`, or an nginx log_format string), --apache-format or --json-status"

// Problem returns nil when a format was found, and otherwise an error for
// input that says why: the candidates that read most of the sample and
// how many lines each read, two formats that read it equally well, or
// what the lines look like, with the flag that gives the layout.
func (d Detection) Problem(input string) error {
	if d.Format != nil {
		return nil
	}
	if d.Lines == 0 {
		return fmt.Errorf("detect format of %q: no log lines in the first block", input)
	}
	if d.json != "" {
		return fmt.Errorf("detect format of %q: %s", input, d.json)
	}
	if d.tie {
		a, b := d.Candidates[0], d.Candidates[1]
		return fmt.Errorf("detect format of %q: the first %d lines read equally well as %s (%d/%d) and as %s (%d/%d); say which they are with --log-format %s or --log-format %s",
			input, d.Lines, a.Format.Name, a.Fit, d.Lines, b.Format.Name, b.Fit, d.Lines, a.Format.Name, b.Format.Name)
	}
	var close []string
	for _, c := range d.Candidates {
		if len(close) == 3 || c.Fit == 0 {
			break
		}
		close = append(close, fmt.Sprintf("%s %d/%d", c.Format.Name, c.Fit, d.Lines))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "detect format of %q: ", input)
	if len(close) == 0 {
		fmt.Fprintf(&b, "no known format reads any of the first %d lines", d.Lines)
	} else {
		fmt.Fprintf(&b, "no known format reads nearly all of the first %d lines (closest: %s)", d.Lines, strings.Join(close, ", "))
	}
	for _, s := range []string{d.reason, d.extra} {
		if s != "" {
			b.WriteString("; " + s)
		}
	}
	if best := d.Candidates[0]; best.Fit*2 >= d.Lines {
		fmt.Fprintf(&b, "; if it is %s, --log-format %s reads it and counts the other lines as malformed", best.Format.Name, best.Format.Name)
	}
	b.WriteString("; give the layout with " + layoutFlags)
	return errors.New(b.String())
}

// Sniff scores every preset, and the layouts announced by header lines
// (`#Fields:` for W3C and CloudFront, GCS's CSV header row), against the
// first 200 non-blank lines of sample. A format is chosen only on strong
// evidence: it reads nearly every line cleanly (see Candidate), and no
// other format reads as many. Formats that read a wider family of layouts
// leniently (the NCSA parser, JSON's automatic keys) give way to a more
// specific one that reads the lines as well, so a vcombined file is not
// read as combined with the virtual host for the client. sample is
// typically the first block of an input; a partial last line is fine.
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
	var ncsa ncsaTally
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
			fit := !r.Recovered && r.HasTime
			switch {
			case fit:
				c.Fit++
			case r.Recovered:
				c.recovered++
			default:
				c.untimed++
			}
			if f == Combined {
				ncsa.add(&p.(*clfParser).tail, &r, fit)
			}
		}
		d.Candidates[k] = c
	}
	sort.SliceStable(d.Candidates, func(i, j int) bool {
		a, b := d.Candidates[i], d.Candidates[j]
		if a.Fit != b.Fit {
			return a.Fit > b.Fit
		}
		if a.Format.lenient != b.Format.lenient {
			return b.Format.lenient
		}
		if a.Parsed != b.Parsed {
			return a.Parsed > b.Parsed
		}
		return order[a.Format] < order[b.Format]
	})
	for i, c := range d.Candidates {
		if c.Format == Combined {
			d.Candidates[i].Format = ncsa.name()
		}
	}

	best := d.Candidates[0]
	switch {
	case len(lines) == 0:
		d.Format = announced // only headers so far: trust them
		return d
	case !best.strong(len(lines)):
		d.refuse(lines, &ncsa)
		return d
	}
	if len(d.Candidates) > 1 {
		if next := d.Candidates[1]; next.Fit == best.Fit && next.Format.lenient == best.Format.lenient {
			d.tie = true
			return d
		}
	}
	d.Format, d.Parsed = best.Format, best.Parsed
	if isNCSA(best.Format) {
		d.Note = ncsa.durationNote()
	}
	return d
}

// refuse fills in why no format was chosen, in the terms of what the
// lines look like.
func (d *Detection) refuse(lines [][]byte, ncsa *ncsaTally) {
	if h := jsonHint(lines); h != "" {
		d.json = h
		return
	}
	for _, c := range d.Candidates {
		if c.Parsed*2 < d.Lines || c.Fit*2 >= d.Lines {
			continue
		}
		if c.recovered >= c.untimed {
			d.reason = fmt.Sprintf("%s reads %d of them only by recovering damaged lines (fields missing before the time), which is no evidence of a format", c.Format.Name, c.Parsed)
		} else {
			d.reason = fmt.Sprintf("%s parses %d of them but finds no readable time in them, which is no evidence of a format", c.Format.Name, c.Parsed)
		}
		break
	}
	d.extra = ncsa.durationHint()
}
