package report

import (
	"strings"

	"github.com/slareport/slareport/reference"
)

// This file renders a code in use: its example response (with an RFC 9457
// Problem Details body for errors) and where on a request's path it is
// logged.

// codesExample returns the example of an IANA meaning; vendor meanings
// share a number with IANA's but not its example (451 is Exchange's
// Redirect too).
func codesExample(m reference.Meaning) (reference.Example, bool) {
	if m.Kind == reference.KindUnofficial {
		return reference.Example{}, false
	}
	return reference.ExampleOf(m.Code)
}

// codesUseJSON holds the fields of a codesJSON element that show a code in
// use; it is embedded, so they sit beside the others.
type codesUseJSON struct {
	// Example is null when the reference has none for the meaning.
	Example *codesExampleJSON `json:"example"`
	Logged  codesLoggedJSON   `json:"logged"`
}

type codesExampleJSON struct {
	Response string             `json:"response"`
	Problem  *reference.Problem `json:"problem"`
	Note     string             `json:"note"`
}

// codesLoggedJSON: hop is "origin", "proxy", "edge" or "any";
// counterparts are what the other hops log for the same request.
type codesLoggedJSON struct {
	Hop          string          `json:"hop"`
	Counterparts []codesLinkJSON `json:"counterparts"`
	Note         string          `json:"note"`
}

func codesUse(m reference.Meaning) codesUseJSON {
	var out codesUseJSON
	if x, ok := codesExample(m); ok {
		out.Example = &codesExampleJSON{x.Response, x.Problem, x.Note}
	}
	l := reference.LoggedOf(m)
	out.Logged = codesLoggedJSON{string(l.Hop), codesLinksJSON(l.Counterparts), l.Note}
	return out
}

// codesLoggedText is the Logged line of a meaning whose hop matters, such
// as "at the edge. The origin got the request: ...", or "".
func codesLoggedText(m reference.Meaning) string {
	l := reference.LoggedOf(m)
	var where string
	switch l.Hop {
	case reference.HopEdge:
		where = "at the edge (a CDN or load balancer)"
	case reference.HopProxy:
		where = "by the proxy or gateway"
	case reference.HopOrigin:
		where = "by the server that had the request"
	default:
		return ""
	}
	s := where + ". " + l.Note
	if len(l.Counterparts) > 0 {
		s += " See " + codesRelated(l.Counterparts) + "."
	}
	return s
}

// codesTextExample writes the example of a detailed entry: its note as
// the label's text, then the response indented and never wrapped (it is
// for copying).
func codesTextExample(b *strings.Builder, p codesPainter, m reference.Meaning, width int) {
	x, ok := codesExample(m)
	if !ok {
		return
	}
	const lead = len("Introduced: ")
	first := p.paint(ansiBold, "Example:") + strings.Repeat(" ", lead-len("Example:"))
	b.WriteString("\n" + strings.TrimRight(codesWrapLabel(first, lead, x.Note, width), " ") + "\n\n")
	for _, line := range strings.Split(strings.TrimSuffix(x.Response, "\n"), "\n") {
		b.WriteString(strings.TrimRight("  "+line, " ") + "\n")
	}
}

// codesMarkdownExample writes the example as an http code block and its
// note; the block holds the registry's fixed text, which has no fences.
func codesMarkdownExample(b *strings.Builder, m reference.Meaning) {
	x, ok := codesExample(m)
	if !ok {
		return
	}
	b.WriteString("\n**Example:**\n\n```http\n" + x.Response + "```\n")
	if x.Note != "" {
		b.WriteString("\n" + codesMarkdownText(x.Note) + "\n")
	}
}

// codesPageExample is the example of a meaning on the page.
type codesPageExample struct {
	Response string
	Note     string
}

func codesPageExampleOf(m reference.Meaning) *codesPageExample {
	if x, ok := codesExample(m); ok {
		return &codesPageExample{x.Response, x.Note}
	}
	return nil
}
