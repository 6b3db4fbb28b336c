package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/slareport/slareport/reference"
)

// CodesOptions says how to render entries of the status code reference.
type CodesOptions struct {
	// Detail renders every field of every meaning, as `slareport codes 499`
	// does; otherwise each meaning is one line.
	Detail bool
	// Ranked keeps the entries in the given order (search results) under
	// Title; otherwise one-line entries are grouped by class.
	Ranked bool
	// Title heads ranked output, such as `Search "timeout": 10 results`.
	Title string
	// Color adds ANSI colours to text. Only for a terminal.
	Color bool
	// Width is the text width; 80 when zero.
	Width int
	// Compare sets codes side by side, as asked for by "401 vs 403" or
	// "codes 401 403": before the entries shown in full, after a ranked
	// list; in JSON, on the elements of the codes compared.
	Compare []reference.Comparison
}

func (o CodesOptions) width() int {
	if o.Width <= 0 {
		return 80
	}
	return o.Width
}

// ANSI styles for CodesText; classes get the colours most terminals use for
// them (2xx green, 4xx yellow, 5xx red).
const (
	ansiReset = "\x1b[0m"
	ansiBold  = "\x1b[1m"
	ansiDim   = "\x1b[2m"
)

var codesClassColor = [...]string{"", "\x1b[34m", "\x1b[32m", "\x1b[36m", "\x1b[33m", "\x1b[31m"}

// codesPainter applies styles only when colour is on, so the layout code
// reads the same either way.
type codesPainter bool

func (p codesPainter) paint(style, s string) string {
	if !p || style == "" {
		return s
	}
	return style + s + ansiReset
}

func (p codesPainter) code(m reference.Meaning) string {
	style := ansiBold
	if int(m.Class) < len(codesClassColor) {
		style += codesClassColor[m.Class]
	}
	return p.paint(style, strconv.Itoa(m.Code))
}

// CodesText writes entries of the status code reference for a terminal,
// every line within opt.Width columns (80 by default).
func CodesText(w io.Writer, ms []reference.Meaning, opt CodesOptions) error {
	var b strings.Builder
	p := codesPainter(opt.Color)
	switch {
	case opt.Detail:
		for _, c := range opt.Compare {
			codesTextCompare(&b, p, c, opt.width())
			b.WriteString("\n")
		}
		for i, m := range ms {
			if i > 0 {
				b.WriteString("\n")
			}
			codesTextDetail(&b, p, m, opt.width())
		}
	case opt.Ranked:
		if opt.Title != "" {
			b.WriteString(p.paint(ansiBold, codesClip(opt.Title, opt.width())) + "\n")
		}
		for _, m := range ms {
			codesTextLine(&b, p, m, opt.width())
		}
		for _, c := range opt.Compare {
			b.WriteString("\n")
			codesTextCompare(&b, p, c, opt.width())
		}
	default:
		for i, group := range codesByClass(ms) {
			if i > 0 {
				b.WriteString("\n")
			}
			b.WriteString(p.paint(ansiBold, reference.ClassTitle(group[0].Class)) + "\n")
			for _, m := range group {
				codesTextLine(&b, p, m, opt.width())
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// codesPhraseWidth is the phrase column of one-line entries; longer
// phrases push the summary right rather than being cut.
const codesPhraseWidth = 32

// codesTextLine writes "  499  Client Closed Request  (nginx) the client…".
func codesTextLine(b *strings.Builder, p codesPainter, m reference.Meaning, width int) {
	phrase := m.Phrase
	pad := codesPhraseWidth - utf8.RuneCountInString(phrase)
	if pad < 1 {
		pad = 1
	}
	rest := m.Summary
	if tag := codesTag(m); tag != "" {
		rest = "(" + tag + ") " + rest
	}
	used := 2 + 3 + 2 + utf8.RuneCountInString(phrase) + pad
	rest = codesClip(rest, width-used)
	b.WriteString("  " + p.code(m) + "  " + phrase + strings.Repeat(" ", pad) + p.paint(ansiDim, rest))
	b.WriteString("\n")
}

// codesTag is what a one-line entry says about where the meaning comes from:
// the vendor, or IANA's status when it is not a plain assignment.
func codesTag(m reference.Meaning) string {
	if m.Vendor != "" {
		return m.Vendor
	}
	if m.Status != reference.Assigned {
		return m.Status.String()
	}
	return ""
}

// codesTextDetail writes one meaning in full.
func codesTextDetail(b *strings.Builder, p codesPainter, m reference.Meaning, width int) {
	b.WriteString(p.code(m) + " " + p.paint(ansiBold, m.Phrase) + "\n")
	b.WriteString(codesWrap(codesOrigin(m), width, "", "") + "\n")
	const lead = len("Behaviour: ") // the longest label
	label := func(name, text string) {
		if text == "" {
			return
		}
		first := p.paint(ansiBold, name+":") + strings.Repeat(" ", lead-len(name)-1)
		b.WriteString(codesWrapLabel(first, lead, text, width) + "\n")
	}
	switch {
	case m.Source == "":
	case lead+len(m.Source) <= width:
		label("Source", m.Source)
	default:
		// A URL cannot be wrapped without breaking it for copying and
		// clicking, so a long one gets a line of its own, unindented.
		b.WriteString(p.paint(ansiBold, "Source:") + "\n" + m.Source + "\n")
	}
	label("Note", m.SourceNote)
	label("Aliases", strings.Join(m.Aliases, "; "))
	label("Behaviour", codesBehaviour(m))
	b.WriteString("\n" + codesWrap(m.Description, width, "", "") + "\n\n")
	label("Client", m.Client)
	label("Operator", m.Operator)
	label("Related", codesRelated(m.Related))
	label("SLA", m.Availability())
	codesTextDev(b, p, m, width)
	codesTextExample(b, p, m, width)
}

// codesOrigin is a meaning's second line: who defines it, its class and
// its status, such as "IANA, assigned, 4xx Client Error, RFC 9110 §15.5.9".
func codesOrigin(m reference.Meaning) string {
	who := "IANA, " + m.Status.String()
	if m.Kind == reference.KindUnofficial {
		who = m.Vendor + ", unofficial"
		if m.Status != reference.Unregistered {
			who += " (IANA: " + m.Status.String() + " as " + reference.Phrase(m.Code) + ")"
		}
	}
	s := who + ", " + reference.ClassTitle(m.Class)
	if m.Kind != reference.KindUnofficial {
		s += ", " + m.Ref
	}
	return s
}

// codesBehaviour lists the RFC 9110 behaviour of an IANA meaning.
func codesBehaviour(m reference.Meaning) string {
	var parts []string
	switch {
	case m.Interim:
		parts = append(parts, "interim (a final response follows)")
	case m.Class == 1 && m.Kind != reference.KindUnofficial:
		parts = append(parts, "final: the connection switches protocol and no HTTP response follows")
	}
	if m.NoContent {
		parts = append(parts, "never has content")
	}
	if m.Cacheable {
		parts = append(parts, "heuristically cacheable")
	}
	if len(m.Headers) > 0 {
		parts = append(parts, "goes with "+strings.Join(m.Headers, ", "))
	}
	return strings.Join(parts, "; ")
}

// codesRelated names related meanings with their phrases, and the vendor
// of an unofficial one: "502 Bad Gateway, 499 Client Closed Request
// (nginx)".
func codesRelated(links []reference.Link) string {
	var parts []string
	for _, l := range links {
		parts = append(parts, strconv.Itoa(l.Code)+" "+codesLinkName(l))
	}
	return strings.Join(parts, ", ")
}

// codesLinkName is a related meaning's phrase, with its vendor when it is
// unofficial: "Enhance Your Calm (Twitter)".
func codesLinkName(l reference.Link) string {
	if m, ok := l.Resolve(); ok && m.Vendor != "" {
		return l.Phrase + " (" + m.Vendor + ")"
	}
	return l.Phrase
}

// codesByClass splits meanings, already in code order, into runs of one
// class.
func codesByClass(ms []reference.Meaning) [][]reference.Meaning {
	var out [][]reference.Meaning
	for i := 0; i < len(ms); {
		j := i
		for j < len(ms) && ms[j].Class == ms[i].Class {
			j++
		}
		out = append(out, ms[i:j])
		i = j
	}
	return out
}

// codesClip cuts s to at most n columns, ending with "…" when cut.
func codesClip(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:n-1]), " ") + "…"
}

// codesWrap fills text to width columns, starting the first line with
// first and the others with indent (both counted in the width). A word
// longer than a line (a URL) gets a line of its own.
func codesWrap(text string, width int, first, indent string) string {
	return codesWrapLabel(first, utf8.RuneCountInString(indent), text, width)
}

// codesWrapLabel is codesWrap for a first-line prefix that may contain ANSI
// codes: lead is the visible width of every prefix.
func codesWrapLabel(first string, lead int, text string, width int) string {
	var b strings.Builder
	b.WriteString(first)
	col := lead
	if first == "" {
		col = 0
	}
	indent := strings.Repeat(" ", lead)
	lineStart := true
	for _, word := range strings.Fields(text) {
		n := utf8.RuneCountInString(word)
		if !lineStart && col+1+n > width {
			b.WriteString("\n" + indent)
			col = lead
			lineStart = true
		}
		if !lineStart {
			b.WriteString(" ")
			col++
		}
		b.WriteString(word)
		col += n
		lineStart = false
	}
	return b.String()
}

// CodesMarkdown writes entries of the status code reference as Markdown: a
// table per class, a ranked table, or a section per meaning with
// opt.Detail.
func CodesMarkdown(w io.Writer, ms []reference.Meaning, opt CodesOptions) error {
	var b strings.Builder
	switch {
	case opt.Detail:
		for _, c := range opt.Compare {
			codesMarkdownCompare(&b, c)
			b.WriteString("\n")
		}
		for i, m := range ms {
			if i > 0 {
				b.WriteString("\n")
			}
			codesMarkdownDetail(&b, m)
		}
	case opt.Ranked:
		if opt.Title != "" {
			b.WriteString("# " + codesMarkdownText(opt.Title) + "\n\n")
		}
		codesMarkdownTable(&b, ms)
		for _, c := range opt.Compare {
			b.WriteString("\n")
			codesMarkdownCompare(&b, c)
		}
	default:
		b.WriteString("# HTTP status codes\n")
		for _, group := range codesByClass(ms) {
			b.WriteString("\n## " + reference.ClassTitle(group[0].Class) + "\n\n")
			codesMarkdownTable(&b, group)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func codesMarkdownTable(b *strings.Builder, ms []reference.Meaning) {
	b.WriteString("| Code | Phrase | Who | Summary |\n|---:|---|---|---|\n")
	for _, m := range ms {
		who := "IANA"
		if m.Kind == reference.KindUnofficial {
			who = m.Vendor
		} else if m.Status != reference.Assigned {
			who += " (" + m.Status.String() + ")"
		}
		fmt.Fprintf(b, "| %d | %s | %s | %s |\n", m.Code, codesMarkdownText(m.Phrase), codesMarkdownText(who), codesMarkdownText(m.Summary))
	}
}

func codesMarkdownDetail(b *strings.Builder, m reference.Meaning) {
	title := fmt.Sprintf("%d %s", m.Code, m.Phrase)
	if m.Vendor != "" {
		title += " (" + m.Vendor + ")"
	}
	b.WriteString("## " + codesMarkdownText(title) + "\n\n")
	b.WriteString("*" + codesMarkdownText(codesOrigin(m)) + "*\n\n")
	b.WriteString(codesMarkdownText(m.Description) + "\n\n")
	item := func(name, text string) {
		if text != "" {
			b.WriteString("- **" + name + ":** " + codesMarkdownText(text) + "\n")
		}
	}
	if m.Source != "" {
		ref := m.Ref
		if ref == "" {
			ref = m.Source
		}
		b.WriteString("- **Source:** [" + codesMarkdownText(ref) + "](" + m.Source + ")\n")
	}
	item("Note", m.SourceNote)
	item("Aliases", strings.Join(m.Aliases, "; "))
	item("Behaviour", codesBehaviour(m))
	item("Client", m.Client)
	item("Operator", m.Operator)
	item("Related", codesRelated(m.Related))
	item("SLA", m.Availability())
	item("Logged", codesLoggedText(m))
	codesMarkdownExample(b, m)
}

// codesMarkdownEscaper escapes the characters that would turn the
// registry's prose into Markdown syntax or break a table cell.
var codesMarkdownEscaper = strings.NewReplacer(`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;")

// codesMarkdownText escapes the registry's prose for Markdown, keeping its
// `backquoted` configuration snippets as code spans.
func codesMarkdownText(s string) string {
	parts := strings.Split(s, "`")
	if len(parts)%2 == 0 { // an unpaired backquote: escape it like the rest
		return codesMarkdownEscaper.Replace(strings.ReplaceAll(s, "`", "'"))
	}
	for i, p := range parts {
		if i%2 == 0 {
			parts[i] = codesMarkdownEscaper.Replace(p)
		}
	}
	return strings.Join(parts, "`")
}

// codesJSON is one element of the JSON array: one meaning of one code.
type codesJSON struct {
	Code         int             `json:"code"`
	Phrase       string          `json:"phrase"`
	Class        string          `json:"class"`
	Kind         string          `json:"kind"`
	Registration string          `json:"registration"`
	Vendor       string          `json:"vendor"`
	Source       string          `json:"source"`
	SourceNote   string          `json:"source_note,omitempty"`
	Ref          string          `json:"ref,omitempty"`
	Aliases      []string        `json:"aliases"`
	Summary      string          `json:"summary"`
	Description  string          `json:"description"`
	Client       string          `json:"client"`
	Operator     string          `json:"operator"`
	Related      []codesLinkJSON `json:"related"`
	Interim      bool            `json:"interim"`
	Cacheable    bool            `json:"cacheable"`
	NoContent    bool            `json:"no_content"`
	Headers      []string        `json:"headers"`
	Bad          bool            `json:"bad"`
	Availability string          `json:"availability"`
	codesDevJSON
	codesUseJSON
	// Comparisons are the side-by-side comparisons the query asked for
	// that include this code; absent when there are none.
	Comparisons []codesCompareJSON `json:"comparisons,omitempty"`
}

// CodesJSON writes entries of the status code reference as a JSON array
// with one element per (code, meaning), in the order given. Each element
// has at least code, phrase, class, kind ("iana", "unused" or
// "unofficial"), vendor ("" for IANA), source and description, and the
// comparisons of opt.Compare that include its code.
func CodesJSON(w io.Writer, ms []reference.Meaning, opt CodesOptions) error {
	out := make([]codesJSON, 0, len(ms))
	for _, m := range ms {
		out = append(out, codesJSON{
			Code: m.Code, Phrase: m.Phrase, Class: m.Class.String(), Kind: m.Kind.String(),
			Registration: m.Status.String(), Vendor: m.Vendor, Source: m.Source,
			SourceNote: m.SourceNote, Ref: m.Ref, Aliases: nonNil(m.Aliases),
			Summary: m.Summary, Description: m.Description, Client: m.Client,
			Operator: m.Operator, Related: codesLinksJSON(m.Related), Interim: m.Interim,
			Cacheable: m.Cacheable, NoContent: m.NoContent, Headers: nonNil(m.Headers),
			Bad: m.Bad(), Availability: m.Availability(), codesDevJSON: codesDev(m), codesUseJSON: codesUse(m),
			Comparisons: codesComparesJSON(opt.Compare, m.Code),
		})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// codesLinkJSON is a related meaning: its code, phrase and vendor ("" for
// IANA's).
type codesLinkJSON struct {
	Code   int    `json:"code"`
	Phrase string `json:"phrase"`
	Vendor string `json:"vendor"`
}

func codesLinksJSON(links []reference.Link) []codesLinkJSON {
	out := make([]codesLinkJSON, 0, len(links))
	for _, l := range links {
		m, _ := l.Resolve()
		out = append(out, codesLinkJSON{l.Code, l.Phrase, m.Vendor})
	}
	return out
}

// nonNil makes an absent list encode as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
