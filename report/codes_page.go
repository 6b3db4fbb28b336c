package report

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"errors"
	"html/template"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/slareport/slareport/reference"
)

// codesPageTmpl is the offline reference page. Its only style sheet and
// script are inline, so the page is one file that works from disk; its
// Content-Security-Policy allows exactly those two blocks by their SHA-256
// hashes and nothing else, so no other script runs and nothing is fetched.
//
//go:embed codes_page.html
var codesPageTmpl string

// codesPageT is parsed on first use: only the codes page needs it.
var codesPageT = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("codes").Option("missingkey=error").Parse(codesPageTmpl))
})

// codesCSPMarker stands in for the policy while the page renders: the hashes
// must be taken from the output, because html/template drops comments from
// inline scripts and style sheets.
const codesCSPMarker = "slareport-csp-to-be-filled-in"

// codesFillCSP replaces the marker in a rendered page with a policy that
// allows the page's own <style> and <script> by hash and nothing else.
func codesFillCSP(page []byte) ([]byte, error) {
	style, err := codesBlockHash(page, "<style>", "</style>")
	if err != nil {
		return nil, err
	}
	script, err := codesBlockHash(page, "<script>", "</script>")
	if err != nil {
		return nil, err
	}
	csp := "default-src 'none'; style-src " + style + "; script-src " + script +
		"; img-src data:; base-uri 'none'; form-action 'none'"
	if bytes.Count(page, []byte(codesCSPMarker)) != 1 {
		return nil, errors.New("codes page: no single policy marker")
	}
	return bytes.Replace(page, []byte(codesCSPMarker), []byte(csp), 1), nil
}

// codesBlockHash returns the CSP source expression for the text between
// the first open tag and the close tag that follows it.
func codesBlockHash(page []byte, open, close string) (string, error) {
	i := bytes.Index(page, []byte(open))
	if i < 0 {
		return "", errors.New("codes page: no " + open + " block")
	}
	body := page[i+len(open):]
	j := bytes.Index(body, []byte(close))
	if j < 0 {
		return "", errors.New("codes page: unterminated " + open + " block")
	}
	sum := sha256.Sum256(body[:j])
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'", nil
}

// codesPageView is what the page template reads.
type codesPageView struct {
	CSP     string
	Total   int
	Classes []codesClassButton
	Vendors []string
	Rows    []codesRow
	Entries []codesEntry
	// Compares are shown when the search names two of their codes.
	Compares []codesPageCompare
	// Index is the search index, one element per row, in row order, and
	// Rules the weights and stop words the script ranks with: both come
	// from the reference, so the page ranks as reference.Search does.
	Index []codesIndexItem
	Rules reference.Rules
	// Guides are panels of their own (#guide-caching), listed in the
	// introduction.
	Guides []codesGuideView
}

// codesGuideView is one guide on the page: its panel is #guide-Name.
type codesGuideView struct {
	Name, Title string
	Body        template.HTML
}

type codesClassButton struct{ Value, Label string }

// codesRow is one (code, meaning) line of the list.
type codesRow struct {
	I    int
	Code int
	// Head is the class heading ("4xx Client Error") shown above the first
	// row of each class; empty on the others.
	Head    string
	Class   int
	Kind    string
	Vendor  string
	Phrase  string
	Who     string
	Summary string
}

// codesIndexItem carries reference.SearchTerms to the page's script under
// short names, plus what the filters need.
type codesIndexItem struct {
	Code     string     `json:"c"`
	Class    string     `json:"k"`
	Phrase   []string   `json:"p"`
	Aliases  [][]string `json:"a"`
	Synonyms [][]string `json:"s"`
	Headers  [][]string `json:"h"`
	Vendor   []string   `json:"v"`
	Text     []string   `json:"t"`
}

// codesEntry is the detail panel of one code: all its meanings.
type codesEntry struct {
	Code  int
	Class int
	// ClassHead is the class heading printed above the first entry of each
	// class; empty on the others.
	ClassHead string
	Title     string
	Link      bool // related codes link to their panels (#502)
	Meanings  []codesMeaning
}

type codesMeaning struct {
	Phrase       string
	Who          string
	Unofficial   bool
	Origin       string
	Summary      string
	Description  template.HTML
	Aliases      string
	Behaviour    string
	Client       template.HTML
	Operator     template.HTML
	Related      []codesRelatedCode
	Availability string
	Logged       string
	Example      *codesPageExample
	Source       string
	Ref          string
	SourceNote   string
}

type codesRelatedCode struct {
	Code   int
	Phrase string
}

// CodesHTML writes the offline HTML reference page for the given meanings
// (all of them for the full reference): a search box, class and vendor
// filters, and a detail panel per code reachable as codes.html#499. The
// page is one self-contained file that makes no network requests.
func CodesHTML(w io.Writer, ms []reference.Meaning) error {
	v := codesPageView{CSP: codesCSPMarker, Total: len(ms), Vendors: reference.Vendors(), Rules: reference.SearchRules()}
	for c := reference.Class(1); c <= 5; c++ {
		v.Classes = append(v.Classes, codesClassButton{strconv.Itoa(int(c)), c.String()})
	}
	v.Classes = append(v.Classes, codesClassButton{"n", "Nonstandard"})
	headed := map[reference.Class]bool{}
	for i, m := range ms {
		head := ""
		if !headed[m.Class] {
			// Once per class: a ranked list given out of class order gets
			// each heading once, above the first row of its class.
			headed[m.Class] = true
			head = reference.ClassTitle(m.Class)
		}
		v.Rows = append(v.Rows, codesRow{
			I: i, Code: m.Code, Head: head, Class: int(m.Class), Kind: m.Kind.String(), Vendor: m.Vendor,
			Phrase: m.Phrase, Who: codesWho(m), Summary: m.Summary,
		})
		t := reference.SearchTerms(m)
		v.Index = append(v.Index, codesIndexItem{t.Code, t.Class, nonNil(t.Phrase), nonNil(t.Aliases), nonNil(t.Synonyms), nonNil(t.Headers), nonNil(t.Vendor), nonNil(t.Text)})
		if n := len(v.Entries); n == 0 || v.Entries[n-1].Code != m.Code {
			v.Entries = append(v.Entries, codesEntry{Code: m.Code, Class: int(m.Class), ClassHead: head, Link: true})
		}
		e := &v.Entries[len(v.Entries)-1]
		e.Meanings = append(e.Meanings, codesMeaningView(m))
	}
	for i := range v.Entries {
		v.Entries[i].Title = codesEntryTitle(v.Entries[i])
	}
	v.Compares = codesPageCompares(ms)
	v.Guides = codesPageGuides()
	var buf bytes.Buffer
	if err := codesPageT().ExecuteTemplate(&buf, "page", v); err != nil {
		return err
	}
	page, err := codesFillCSP(buf.Bytes())
	if err != nil {
		return err
	}
	_, err = w.Write(page)
	return err
}

// CodeEntryHTML returns the reference entry for code, every meaning of it,
// as an HTML fragment for reports to embed: a <div class="code-entry"
// data-code="499"> holding an <h2>, then an <article class="meaning"> per
// meaning with a <dl> of client, operator, related codes, SLA and source.
// Related codes are plain text, not links. It returns "" for a code with no
// known meaning; reference.Flag says what to show instead.
func CodeEntryHTML(code int) template.HTML {
	ms := reference.Meanings(code)
	if len(ms) == 0 {
		return ""
	}
	e := codesEntry{Code: code, Class: int(reference.ClassOf(code))}
	for _, m := range ms {
		e.Meanings = append(e.Meanings, codesMeaningView(m))
	}
	e.Title = codesEntryTitle(e)
	var buf bytes.Buffer
	buf.WriteString(`<div class="code-entry" data-code="` + strconv.Itoa(code) + `">`)
	if err := codesPageT().ExecuteTemplate(&buf, "entry", e); err != nil {
		panic("report: code entry template: " + err.Error()) // the template is fixed; a failure is a bug
	}
	buf.WriteString("</div>")
	return template.HTML(buf.String())
}

// codesEntryTitle joins the phrases of a code's meanings: "Client Closed
// Request / Token Required".
func codesEntryTitle(e codesEntry) string {
	var ps []string
	for _, m := range e.Meanings {
		ps = append(ps, m.Phrase)
	}
	return strings.Join(ps, " / ")
}

func codesMeaningView(m reference.Meaning) codesMeaning {
	v := codesMeaning{
		Phrase: m.Phrase, Who: codesWho(m), Unofficial: m.Kind == reference.KindUnofficial,
		Origin: codesOrigin(m), Summary: m.Summary,
		Description: codesInlineHTML(m.Description), Aliases: strings.Join(m.Aliases, "; "),
		Behaviour: codesBehaviour(m), Client: codesInlineHTML(m.Client),
		Operator: codesInlineHTML(m.Operator), Availability: m.Availability(),
		Logged: codesLoggedText(m), Example: codesPageExampleOf(m),
		Source: m.Source, Ref: m.Ref, SourceNote: m.SourceNote,
	}
	if v.Ref == "" {
		v.Ref = m.Source
	}
	for _, l := range m.Related {
		v.Related = append(v.Related, codesRelatedCode{Code: l.Code, Phrase: codesLinkName(l)})
	}
	return v
}

// codesWho is the list's third column: the vendor, or IANA with its status
// when that is not a plain assignment.
func codesWho(m reference.Meaning) string {
	if m.Vendor != "" {
		return m.Vendor
	}
	if m.Status != reference.Assigned {
		return "IANA, " + m.Status.String()
	}
	return "IANA"
}

// codesInlineHTML escapes the registry's prose and turns its `backquoted`
// configuration snippets into <code> elements.
func codesInlineHTML(s string) template.HTML {
	var b strings.Builder
	for i, part := range strings.Split(s, "`") {
		if i%2 == 1 {
			b.WriteString("<code>" + template.HTMLEscapeString(part) + "</code>")
		} else {
			b.WriteString(template.HTMLEscapeString(part))
		}
	}
	return template.HTML(b.String())
}
