package parse

import (
	"bytes"
	"slices"
	"strings"
)

// delimited describes a layout of fields split by one separator, whose
// meaning is given by position: W3C extended (IIS, CloudFront), the AWS
// load balancers, S3, Google Cloud Storage's CSV and Squid.
type delimited struct {
	sep      byte   // ' ', '\t' or ','
	collapse bool   // a run of separators is one (Squid pads its columns)
	quotes   bool   // "..." is one field, with \" escapes
	csv      bool   // quotes are CSV's: every field may be quoted, "" is a quote
	brackets bool   // [...] is one field (S3's time)
	comments bool   // lines starting with '#' are directives
	header   []byte // a line starting with this is a header row (CSV)
	cols     []slot // by position
	last     int    // the last column read, plus one: scanning stops there
	need     int    // fields a line must have: last, or min
	exact    bool   // a line must have exactly len(cols) fields (W3C: the #Fields list)
	min      int    // when set, the fields a line must have, if fewer than need
}

// finish computes need from the columns.
func (d *delimited) finish() *delimited {
	for i, c := range d.cols {
		if c.field != fOpaque {
			d.last = i + 1
		}
	}
	d.need = d.last
	if d.min > 0 && d.min < d.need {
		d.need = d.min
	}
	return d
}

type delimitedParser struct {
	d *delimited
	assigner
}

func (p *delimitedParser) Parse(line []byte, r *Record) error {
	if err := p.parse(line, r); err != nil {
		return failed(line, err)
	}
	return nil
}

func (p *delimitedParser) parse(line []byte, r *Record) error {
	d := p.d
	p.begin(r)
	line = trimEOL(line)
	if isBlank(line) {
		return ErrEmpty
	}
	if d.comments && line[0] == '#' || d.header != nil && bytes.HasPrefix(line, d.header) {
		return ErrComment
	}
	rest := line
	n := 0
	for {
		var v []byte
		switch {
		case d.csv && len(rest) > 0 && rest[0] == '"':
			end := csvQuoteEnd(rest[1:])
			if end < 0 {
				return ErrTruncated
			}
			v, rest = rest[1:1+end], rest[2+end:]
		case d.quotes && len(rest) > 0 && rest[0] == '"':
			end := p.quoteEnd(rest[1:])
			if end < 0 {
				return ErrTruncated
			}
			v, rest = rest[1:1+end], rest[2+end:]
		case d.brackets && len(rest) > 0 && rest[0] == '[':
			end := bytes.IndexByte(rest, ']')
			if end < 0 {
				return ErrTruncated
			}
			v, rest = rest[1:end], rest[end+1:]
		default:
			end := bytes.IndexByte(rest, d.sep)
			if end < 0 {
				end = len(rest)
			}
			v, rest = rest[:end], rest[end:]
		}
		if n < len(d.cols) {
			if err := p.assign(&d.cols[n], v, r); err != nil {
				return err
			}
		}
		n++
		if len(rest) == 0 || n >= d.last && !d.exact {
			break
		}
		if rest[0] != d.sep {
			return ErrMismatch // text right after a closing quote
		}
		rest = rest[1:]
		if d.collapse {
			for len(rest) > 0 && rest[0] == d.sep {
				rest = rest[1:]
			}
		}
	}
	if n < d.need || d.exact && n != len(d.cols) {
		return ErrFieldCount
	}
	p.finish(r)
	return nil
}

// quoteEnd finds the quote that closes a field: unescaped and followed by
// the separator or the end of the line, so a stray quote inside a user
// agent does not end it early.
func (p *delimitedParser) quoteEnd(b []byte) int {
	from := 0
	for {
		n := quotedEnd(b[from:])
		if n < 0 {
			return -1
		}
		i := from + n
		if i+1 == len(b) || b[i+1] == p.d.sep {
			return i
		}
		from = i + 1
	}
}

// csvQuoteEnd finds the closing quote of a CSV field, skipping "" pairs.
func csvQuoteEnd(b []byte) int {
	from := 0
	for {
		n := bytes.IndexByte(b[from:], '"')
		if n < 0 {
			return -1
		}
		i := from + n
		if i+1 < len(b) && b[i+1] == '"' {
			from = i + 2
			continue
		}
		return i
	}
}

func newDelimited(name, title, example string, d *delimited) *Format {
	d.finish()
	return &Format{Name: name, Title: title, Example: example, newParser: func() Parser {
		return &delimitedParser{d: d}
	}}
}

// w3cFields maps W3C extended log field names (IIS, CloudFront) to
// Record fields. time-taken is milliseconds in IIS and seconds in
// CloudFront; w3cColumns fixes the unit.
var w3cFields = map[string]slot{
	"date":                {field: fDate},
	"time":                {field: fClock},
	"c-ip":                {field: fRemoteAddr},
	"cs-username":         {field: fRemoteUser},
	"cs-method":           {field: fMethod},
	"cs-uri-stem":         {field: fURI},
	"cs-uri-query":        {field: fArgs},
	"cs-uri":              {field: fRequestURI},
	"sc-status":           {field: fStatus},
	"sc-bytes":            {field: fBytesSent},
	"cs(user-agent)":      {field: fUserAgent},
	"cs(referer)":         {field: fReferer},
	"cs(referrer)":        {field: fReferer},
	"cs-host":             {field: fHost},
	"cs(host)":            {field: fHost},
	"x-host-header":       {field: fHost},
	"time-taken":          {field: fDuration},
	"cs-protocol":         {field: fScheme},
	"cs-version":          {field: fProtocol},
	"cs-protocol-version": {field: fProtocol},
}

// w3cColumns turns a #Fields list into columns.
func w3cColumns(names []string, cloudfront bool) []slot {
	cols := make([]slot, len(names))
	for i, n := range names {
		s, ok := w3cFields[strings.ToLower(n)]
		if !ok {
			s = slot{field: fOpaque}
		}
		if s.field == fDuration && !cloudfront {
			s.scale = 1e-3
		}
		s.name = n
		cols[i] = s
	}
	return cols
}

// Field lists used when a file carries no #Fields line in its first lines:
// IIS's default W3C selection, and CloudFront's standard log (which AWS
// extends only at the end).
var (
	iisDefaultFields        = strings.Fields("date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken")
	cloudFrontDefaultFields = strings.Fields("date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end")
)

// newW3C builds a W3C extended format from its field list. IIS separates
// fields with spaces and every line has exactly the listed fields;
// CloudFront uses tabs and may append fields. A `#Fields:` line in the
// file replaces the list for the lines after it (see Format.Directive).
func newW3C(names []string, cloudfront bool, fromHeader bool) *Format {
	d := &delimited{sep: ' ', comments: true, exact: true, cols: w3cColumns(names, cloudfront)}
	name, title, example := "w3c", "W3C extended (IIS)", w3cExample
	if cloudfront {
		d.sep, d.exact = '\t', false
		name, title, example = "cloudfront", "Amazon CloudFront (web distribution)", cloudFrontExample
	}
	f := newDelimited(name, title, example, d)
	if fromHeader {
		f.Spec = "#Fields: " + strings.Join(names, " ")
	}
	f.directive = func(line []byte) (*Format, bool) {
		next, ok := fieldsDirective(line)
		switch {
		case !ok:
			return nil, false
		case slices.Equal(next, names):
			return f, true
		}
		return newW3C(next, cloudfront || edgeFields(next), true), true
	}
	return f
}

// fieldsDirective returns the field names of a `#Fields: a b c` line.
func fieldsDirective(line []byte) ([]string, bool) {
	line = trimEOL(line)
	rest, ok := bytes.CutPrefix(line, []byte("#Fields:"))
	if !ok {
		return nil, false
	}
	names := strings.Fields(string(rest))
	return names, len(names) > 0
}

// w3cFromHeader builds the format a `#Fields:` line announces. CloudFront
// is told from IIS by its x-edge fields, or by tabs in the data lines.
func w3cFromHeader(names []string, tabs bool) *Format {
	return newW3C(names, tabs || edgeFields(names), true)
}

// edgeFields reports whether a field list has CloudFront's x-edge fields.
func edgeFields(names []string) bool {
	for _, n := range names {
		if strings.HasPrefix(n, "x-edge-") {
			return true
		}
	}
	return false
}

// gcsFields maps Google Cloud Storage usage log columns.
var gcsFields = map[string]slot{
	"time_micros":       {field: fTimeEpoch, unit: unitMicro},
	"c_ip":              {field: fRemoteAddr},
	"cs_method":         {field: fMethod},
	"cs_uri":            {field: fRequestURI},
	"sc_status":         {field: fStatus},
	"sc_bytes":          {field: fBodyBytes},
	"time_taken_micros": {field: fDuration, scale: 1e-6},
	"cs_host":           {field: fHost},
	"cs_referer":        {field: fReferer},
	"cs_user_agent":     {field: fUserAgent},
}

// gcsDefaultFields is the documented column order of GCS usage logs.
var gcsDefaultFields = strings.Split("time_micros,c_ip,c_ip_type,c_ip_region,cs_method,cs_uri,sc_status,cs_bytes,sc_bytes,time_taken_micros,cs_host,cs_referer,cs_user_agent,s_request_id,cs_operation,cs_bucket,cs_object", ",")

// newGCS builds the GCS usage log format for a header row's columns.
func newGCS(names []string, fromHeader bool) *Format {
	cols := make([]slot, len(names))
	for i, n := range names {
		s, ok := gcsFields[n]
		if !ok {
			s = slot{field: fOpaque}
		}
		s.name = n
		cols[i] = s
	}
	d := &delimited{sep: ',', csv: true, cols: cols, header: []byte(`"` + names[0] + `"`)}
	f := newDelimited("gcs", "Google Cloud Storage usage log (CSV)", gcsExample, d)
	if fromHeader {
		f.Spec = strings.Join(names, ",")
	}
	return f
}

// gcsHeader returns the column names of a GCS usage log header row.
func gcsHeader(line []byte) ([]string, bool) {
	line = trimEOL(line)
	if !bytes.HasPrefix(line, []byte(`"time_micros"`)) {
		return nil, false
	}
	var names []string
	for _, f := range strings.Split(string(line), ",") {
		names = append(names, strings.Trim(f, `"`))
	}
	return names, true
}

func cols(spec ...slot) []slot { return spec }

var (
	opaque   = slot{field: fOpaque}
	squidFmt = newDelimited("squid", "Squid native access.log", squidExample, &delimited{
		sep: ' ', collapse: true,
		cols: cols(slot{field: fTimeEpoch, unit: unitSec}, slot{field: fDuration, scale: 1e-3},
			slot{field: fRemoteAddr}, slot{field: fSquidStatus}, slot{field: fBytesSent},
			slot{field: fMethod}, slot{field: fRequestURI}, slot{field: fRemoteUser},
			slot{field: fUpstreamAddr}, opaque),
	})
	elbFmt = newDelimited("elb", "AWS Classic Load Balancer", elbExample, &delimited{
		sep: ' ', quotes: true,
		cols: cols(slot{field: fTimeISO8601}, opaque, slot{field: fRemoteAddr}, slot{field: fUpstreamAddr},
			slot{field: fDurationPart}, slot{field: fTargetTime}, slot{field: fDurationPart},
			slot{field: fStatus}, slot{field: fUpstreamStatus}, opaque, slot{field: fBodyBytes},
			slot{field: fRequest}, slot{field: fUserAgent}),
	})
	albFmt = newDelimited("alb", "AWS Application Load Balancer", albExample, &delimited{
		sep: ' ', quotes: true,
		cols: cols(slot{field: fScheme}, slot{field: fTimeISO8601}, opaque, slot{field: fRemoteAddr},
			slot{field: fUpstreamAddr}, slot{field: fDurationPart}, slot{field: fTargetTime},
			slot{field: fDurationPart}, slot{field: fStatus}, slot{field: fUpstreamStatus}, opaque,
			slot{field: fBodyBytes}, slot{field: fRequest}, slot{field: fUserAgent}, opaque, opaque,
			opaque, opaque, slot{field: fHost}),
	})
	s3Fmt = newDelimited("s3", "Amazon S3 server access log", s3Example, &delimited{
		// Logs written before S3 added host_header (2019) end after
		// the user agent and version id.
		sep: ' ', quotes: true, brackets: true, min: 17,
		cols: cols(opaque, opaque, slot{field: fTimeLocal}, slot{field: fRemoteAddr}, opaque, opaque,
			opaque, opaque, slot{field: fRequest}, slot{field: fStatus}, opaque, slot{field: fBodyBytes},
			opaque, slot{field: fDuration, scale: 1e-3}, opaque, slot{field: fReferer},
			slot{field: fUserAgent}, opaque, opaque, opaque, opaque, opaque, slot{field: fHost}),
	})
)
