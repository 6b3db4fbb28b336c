package report

import (
	_ "embed"
	"fmt"
	"io"
	"math/bits"
	"sort"
	"strconv"
	"strings"
	"text/template"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/reference"
)

//go:embed markdown.tmpl
var markdownTmpl string

// The template only places strings; every value in mdView is already
// escaped for Markdown, so nothing from a log reaches the output raw.
var markdownT = template.Must(template.New("markdown").Option("missingkey=error").Parse(markdownTmpl))

type mdView struct {
	Headline  string
	SLO       string
	Facts     []mdFact
	Classes   []mdClass
	Codes     []mdCodeRow
	Worst     []mdHour
	Malformed *mdMalformed
}

type mdFact struct{ Label, Value string }

type mdClass struct{ Name, Requests, Share string }

type mdCodeRow struct{ Code, Phrase, Requests, Share, Note string }

type mdHour struct{ Start, Requests, Bad, Availability string }

type mdMalformed struct {
	Summary string
	Reasons []mdReason
	Samples []mdSample
}

type mdReason struct{ Name, Lines string }

type mdSample struct{ Where, Reason, Text string }

// maxSampleMarkdown bounds a sample in Markdown: enough to recognise the
// line, short enough for a terminal or a GitHub job summary.
const maxSampleMarkdown = 200

// worstHours is how many hours the "Worst hours" table lists.
const worstHours = 5

// Markdown writes the human report: GitHub-flavoured Markdown that also
// reads well in a terminal.
func Markdown(w io.Writer, s *aggregate.Summary, opt Options) error {
	return markdownT.Execute(w, markdownView(s, opt))
}

func markdownView(s *aggregate.Summary, opt Options) mdView {
	req, bad := s.Requests(), s.Bad()
	v := mdView{}
	if req == 0 {
		v.Headline = "**Availability: no data** (no requests)"
	} else {
		v.Headline = fmt.Sprintf("**Availability: %s** (%s of %s requests failed with 5xx)",
			percentFloor(req-bad, req, 3), group(bad), group(req))
	}
	if o := opt.SLO; o != nil {
		v.SLO = sloLine(o)
	}

	if s.Span.Valid {
		v.Facts = append(v.Facts, mdFact{"Period", timeUTC(s.Span.First) + " → " + timeUTC(s.Span.Last)})
	}
	v.Facts = append(v.Facts,
		mdFact{"Requests", group(req)},
		mdFact{"Lines", fmt.Sprintf("%s read · %s parsed · %s malformed · %s filtered",
			group(s.Lines.Read), group(s.Lines.Parsed), group(s.Lines.Malformed), group(s.Lines.Filtered))},
		mdFact{"Counted as bad", "5xx · availability = (requests − 5xx) / requests"},
	)
	for _, in := range s.Inputs {
		how := "given"
		if in.Detected {
			how = "detected"
		} else if in.Format != "" && in.Lines.Parsed == 0 && in.Lines.Read > 0 {
			how = "guessed: no line parsed"
		}
		comp := in.Compression
		if comp == "none" {
			comp = "plain"
		}
		v.Facts = append(v.Facts, mdFact{"Source", fmt.Sprintf("%s · %s · %s, %s · %s",
			mdCode(in.Name, true), comp, in.Format, how, plural(in.Lines.Read, "line"))})
	}

	classes := s.Classes()
	for i, n := range classes {
		v.Classes = append(v.Classes, mdClass{reference.Class(i + 1).String(), group(n), share(n, req)})
	}
	if inv := s.Invalid(); inv > 0 {
		v.Classes = append(v.Classes, mdClass{"invalid", group(inv), share(inv, req)})
	}

	codes := make([]int, 0, len(s.Codes))
	for c := range s.Codes {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	for _, c := range codes {
		n := s.Codes[c]
		row := mdCodeRow{Code: strconv.Itoa(c), Phrase: "—", Requests: group(n), Share: share(n, req)}
		st, ok := reference.Lookup(c)
		switch {
		case !reference.Valid(c):
			row.Note = "invalid: outside 100–599, not counted in any class"
		case !ok:
			row.Note = "not in the IANA registry"
		default:
			row.Phrase = st.Phrase
			if st.Status != reference.Assigned {
				row.Note = "IANA: " + st.Status.String()
			}
		}
		v.Codes = append(v.Codes, row)
	}

	v.Worst = worst(s.Buckets)

	if s.Lines.Malformed > 0 {
		m := &mdMalformed{Summary: fmt.Sprintf("%s of %s lines (%s) could not be parsed.",
			group(s.Lines.Malformed), group(s.Lines.Read), share(s.Lines.Malformed, s.Lines.Read))}
		reasons := make([]string, 0, len(s.Malformed))
		for r := range s.Malformed {
			reasons = append(reasons, r)
		}
		sort.Slice(reasons, func(i, k int) bool {
			a, b := s.Malformed[reasons[i]], s.Malformed[reasons[k]]
			return a > b || a == b && reasons[i] < reasons[k]
		})
		for _, r := range reasons {
			m.Reasons = append(m.Reasons, mdReason{r, group(s.Malformed[r])})
		}
		for _, smp := range s.Samples {
			text := smp.Text
			cut := ""
			if len(text) > maxSampleMarkdown {
				text, cut = text[:maxSampleMarkdown], " (cut)"
			}
			m.Samples = append(m.Samples, mdSample{
				Where:  mdCode(smp.Input+":"+strconv.FormatInt(smp.Line, 10), false),
				Reason: smp.Reason,
				Text:   mdCode(string(text), false) + cut,
			})
		}
		v.Malformed = m
	}
	return v
}

func sloLine(o *aggregate.SLO) string {
	verdict := "met"
	if !o.Met {
		verdict = "breached"
	}
	if o.Requests == 0 {
		return fmt.Sprintf("**SLO %s: met** (no requests, so no error budget was spent)", o.Target)
	}
	return fmt.Sprintf("**SLO %s: %s** · error budget %s remaining (%s of %s allowed bad requests spent) · burn rate %s",
		o.Target, verdict, signedPercent(o.Remaining), group(o.Bad),
		strconv.FormatFloat(o.Allowed, 'f', 1, 64), strconv.FormatFloat(o.BurnRate, 'f', 2, 64))
}

func plural(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return group(n) + " " + noun + "s"
}

func signedPercent(r float64) string {
	return strconv.FormatFloat(100*r, 'f', 1, 64) + "%"
}

// worst lists the hours with server errors, lowest availability first.
func worst(buckets []aggregate.Bucket) []mdHour {
	var hit []aggregate.Bucket
	for _, b := range buckets {
		if b.Classes[4] > 0 {
			hit = append(hit, b)
		}
	}
	sort.SliceStable(hit, func(i, k int) bool {
		a, b := hit[i], hit[k]
		return ratioLess(a.Requests()-a.Classes[4], a.Requests(), b.Requests()-b.Classes[4], b.Requests())
	})
	if len(hit) > worstHours {
		hit = hit[:worstHours]
	}
	var rows []mdHour
	for _, b := range hit {
		rows = append(rows, mdHour{
			Start: timeUTC(b.Start)[:16], Requests: group(b.Requests()), Bad: group(b.Classes[4]),
			Availability: percentFloor(b.Requests()-b.Classes[4], b.Requests(), 3),
		})
	}
	return rows
}

// ratioLess reports a/b < c/d for non-negative counts, exactly: a·d < c·b in
// 128-bit arithmetic.
func ratioLess(a, b, c, d int64) bool {
	h1, l1 := bits.Mul64(uint64(a), uint64(d))
	h2, l2 := bits.Mul64(uint64(c), uint64(b))
	return h1 < h2 || h1 == h2 && l1 < l2
}

// mdCode puts untrusted text in a code span, where Markdown and HTML are
// inert: the fence is longer than any backtick run inside, control bytes
// and invalid UTF-8 are spelled out, and in a table cell '|' is escaped
// (GitHub splits cells on it even inside code spans).
func mdCode(s string, inTable bool) string {
	t := visible([]byte(s))
	if t == "" {
		return "—"
	}
	if inTable {
		t = strings.ReplaceAll(t, "|", `\|`)
	}
	run, longest := 0, 0
	for i := 0; i < len(t); i++ {
		if t[i] == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	return fence + " " + t + " " + fence
}
