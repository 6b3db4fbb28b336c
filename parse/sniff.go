package parse

import (
	"bytes"
	"fmt"
	"sort"
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
	// Recovered and Untimed count the lines parsed but not fit, by why:
	// read only by recovering a damaged line, or with no readable time.
	Recovered, Untimed int
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
	// the format does not read, and a layout given explicitly would.
	Note string

	tie    bool            // the two best candidates read the sample equally well
	json   *JSONHint       // for JSON lines nothing reads: what they lack
	unread *UnreadDuration // for NCSA lines nothing reads: a duration in them
	weak   *Candidate      // a format that parses most lines but fits few
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

// Problem returns nil when a format was found, and otherwise a
// *DetectError for input that says why: the candidates that read most of
// the sample and how many lines each read, two formats that read it
// equally well, or what the lines look like.
func (d Detection) Problem(input string) error {
	if d.Format != nil {
		return nil
	}
	e := &DetectError{Input: input, Lines: d.Lines, Tie: d.tie, JSON: d.json, Duration: d.unread, Weak: d.weak}
	for _, c := range d.Candidates {
		if len(e.Closest) == 3 || c.Fit == 0 {
			break
		}
		e.Closest = append(e.Closest, c)
	}
	// A format that reads half of the lines cleanly may well be the one,
	// the other lines damaged.
	if c := e.Closest; !d.tie && d.json == nil && len(c) > 0 && c[0].Fit*2 >= d.Lines {
		e.Likely = c[0].Format
	}
	return e
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
	s := readSample(sample)
	formats, announced, layouts := s.formats()
	var ncsa ncsaTally
	d := Detection{Lines: len(s.lines), Candidates: s.scoreAll(formats, layouts, &ncsa)}
	rank(d.Candidates)
	for i, c := range d.Candidates {
		if c.Format == Combined {
			d.Candidates[i].Format = ncsa.name()
		}
	}
	d.decide(s.lines, announced, &ncsa)
	return d
}

// sniffSample is the first lines of an input, told apart from the header
// lines that announce a layout.
type sniffSample struct {
	lines [][]byte // the non-blank lines that are no header, at most detectLines
	// fields is the field list of the first `#Fields:` line, gcs that of
	// GCS's CSV header row; nil without one.
	fields, gcs []string
	// A later #Fields line changes the layout of the lines after it:
	// directives holds those lines, and seg, per sample line, how many of
	// them precede it.
	directives [][]byte
	seg        []int
	tabs       bool // a line holds a tab, as W3C lines written with tabs do
}

// readSample reads the first detectLines non-blank lines of sample.
func readSample(sample []byte) sniffSample {
	var s sniffSample
	for len(sample) > 0 && len(s.lines) < detectLines {
		line := sample
		if i := bytes.IndexByte(sample, '\n'); i >= 0 {
			line, sample = sample[:i], sample[i+1:]
		} else {
			sample = nil
		}
		s.add(trimEOL(line))
	}
	return s
}

// add files one line: a sample line, a header, or nothing (a blank line
// or a comment).
func (s *sniffSample) add(line []byte) {
	if isBlank(line) {
		return
	}
	if line[0] == '#' {
		if names, ok := fieldsDirective(line); ok {
			if s.fields == nil {
				s.fields = names
			} else {
				s.directives = append(s.directives, line)
			}
		}
		return
	}
	if names, ok := gcsHeader(line); ok {
		s.gcs = names
		return
	}
	if bytes.IndexByte(line, '\t') >= 0 {
		s.tabs = true
	}
	s.lines = append(s.lines, line)
	s.seg = append(s.seg, len(s.directives))
}

// formats lists the formats to try: the layout a header announces first,
// then every preset but those the header's layout replaces. announced is
// that layout, or nil; layouts, for a `#Fields:` header, is the layout of
// each segment of the sample (see seg), starting with announced.
func (s *sniffSample) formats() (formats []*Format, announced *Format, layouts []*Format) {
	formats = make([]*Format, 0, len(presetList)+2)
	if s.fields != nil {
		announced = w3cFromHeader(s.fields, s.tabs)
		formats = append(formats, announced)
		layouts = append(layouts, announced)
		for _, line := range s.directives {
			next, _ := layouts[len(layouts)-1].Directive(line)
			layouts = append(layouts, next)
		}
	}
	if s.gcs != nil {
		announced = newGCS(s.gcs, true)
		formats = append(formats, announced)
	}
	for _, f := range presetList {
		switch {
		case f == Common || f == NginxMain:
			continue // the combined parser reads them; named below
		case s.fields != nil && (f == W3C || f == CloudFront), s.gcs != nil && f == GCS:
			continue // the header's own field list replaces the default
		}
		formats = append(formats, f)
	}
	return formats, announced, layouts
}

// scoreAll reads the sample with each format, in the order given; ncsa
// watches how the NCSA parser reads it.
func (s *sniffSample) scoreAll(formats, layouts []*Format, ncsa *ncsaTally) []Candidate {
	cs := make([]Candidate, len(formats))
	var r Record
	for k, f := range formats {
		cs[k] = s.score(f, layouts, ncsa, &r)
	}
	return cs
}

// score reads the sample with f, into r. The announced W3C layout
// (layouts[0]) reads each segment with that segment's layout.
func (s *sniffSample) score(f *Format, layouts []*Format, ncsa *ncsaTally, r *Record) Candidate {
	p := f.NewParser()
	var parsers []Parser // by segment, for the announced W3C layout
	if len(layouts) > 0 && f == layouts[0] {
		parsers = make([]Parser, len(layouts))
		for i, l := range layouts {
			parsers[i] = l.NewParser()
		}
	}
	c := Candidate{Format: f}
	for i, line := range s.lines {
		if parsers != nil {
			p = parsers[s.seg[i]]
		}
		if p.Parse(line, r) != nil {
			continue
		}
		c.Parsed++
		fit := !r.Recovered && r.HasTime
		switch {
		case fit:
			c.Fit++
		case r.Recovered:
			c.Recovered++
		default:
			c.Untimed++
		}
		if f == Combined {
			ncsa.add(&p.(*clfParser).tail, r, fit)
		}
	}
	return c
}

// rank sorts candidates best first: by lines read cleanly; then a format
// specific to a layout before a lenient one that reads a family of them;
// then by lines parsed; then in the order tried.
func rank(cs []Candidate) {
	order := map[*Format]int{}
	for k, c := range cs {
		order[c.Format] = k
	}
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
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
}

// decide chooses the best of the ranked candidates if it is strong
// evidence and no other reads the lines as well, and otherwise says why
// not; a sample of header lines alone is read in the layout they announce.
func (d *Detection) decide(lines [][]byte, announced *Format, ncsa *ncsaTally) {
	best := d.Candidates[0]
	switch {
	case len(lines) == 0:
		d.Format = announced // only headers so far: trust them
		return
	case !best.strong(len(lines)):
		d.refuse(lines, ncsa)
		return
	}
	if len(d.Candidates) > 1 {
		if next := d.Candidates[1]; next.Fit == best.Fit && next.Format.lenient == best.Format.lenient {
			d.tie = true
			return
		}
	}
	d.Format, d.Parsed = best.Format, best.Parsed
	if isNCSA(best.Format) {
		d.Note = ncsa.durationNote()
	}
}

// refuse fills in why no format was chosen, in the terms of what the
// lines look like.
func (d *Detection) refuse(lines [][]byte, ncsa *ncsaTally) {
	if h := jsonHint(lines); h != nil {
		d.json = h
		return
	}
	for _, c := range d.Candidates {
		if c.Parsed*2 < d.Lines || c.Fit*2 >= d.Lines {
			continue
		}
		d.weak = &c
		break
	}
	d.unread = ncsa.durationHint()
}
