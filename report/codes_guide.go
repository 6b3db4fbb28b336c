package report

import (
	"encoding/json"
	"html/template"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/slareport/slareport/reference"
)

// This file renders the reference's guides: for the terminal, Markdown,
// JSON and as panels of the reference page.

// guideBlocks splits a guide's body into paragraphs, and a paragraph
// whose lines start with "- " into list items (list true).
func guideBlocks(body string) (blocks [][]string, lists []bool) {
	for _, para := range strings.Split(body, "\n\n") {
		lines := strings.Split(para, "\n")
		list := strings.HasPrefix(lines[0], "- ")
		if list {
			for i, l := range lines {
				lines[i] = strings.TrimPrefix(l, "- ")
			}
		} else {
			lines = []string{strings.Join(lines, " ")}
		}
		blocks = append(blocks, lines)
		lists = append(lists, list)
	}
	return blocks, lists
}

// GuideText writes a guide for a terminal within opt.Width columns: its
// title, its paragraphs wrapped, list items hanging from "- ", then its
// sources.
func GuideText(w io.Writer, g reference.Guide, opt CodesOptions) error {
	var b strings.Builder
	p := codesPainter(opt.Color)
	width := opt.width()
	b.WriteString(p.paint(ansiBold, g.Title) + "\n")
	blocks, lists := guideBlocks(g.Body)
	for i, block := range blocks {
		b.WriteString("\n")
		for _, item := range block {
			if lists[i] {
				b.WriteString(codesWrap(item, width, "- ", "  ") + "\n")
			} else {
				b.WriteString(codesWrap(item, width, "", "") + "\n")
			}
		}
	}
	first := p.paint(ansiBold, "Sources:") + " "
	b.WriteString("\n" + codesWrapLabel(first, len("Sources: "), strings.Join(g.Cites, "; "), width) + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// GuideListText writes the guides' names and titles, for `slareport codes
// guide`.
func GuideListText(w io.Writer, gs []reference.Guide, opt CodesOptions) error {
	var b strings.Builder
	p := codesPainter(opt.Color)
	b.WriteString(p.paint(ansiBold, "Guides") + " (slareport codes guide NAME)\n")
	n := 0
	for _, g := range gs {
		n = max(n, utf8.RuneCountInString(g.Name))
	}
	for _, g := range gs {
		b.WriteString("  " + g.Name + strings.Repeat(" ", n-utf8.RuneCountInString(g.Name)+2) + codesClip(g.Title, opt.width()-n-4) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// GuideMarkdown writes a guide as a Markdown section.
func GuideMarkdown(w io.Writer, g reference.Guide) error {
	var b strings.Builder
	b.WriteString("# " + codesMarkdownText(g.Title) + "\n")
	blocks, lists := guideBlocks(g.Body)
	for i, block := range blocks {
		b.WriteString("\n")
		for _, item := range block {
			if lists[i] {
				b.WriteString("- ")
			}
			b.WriteString(codesMarkdownText(item) + "\n")
		}
	}
	b.WriteString("\n*Sources: " + codesMarkdownText(strings.Join(g.Cites, "; ")) + "*\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// guideJSON is a guide in the JSON output.
type guideJSON struct {
	Name  string   `json:"name"`
	Title string   `json:"title"`
	Cites []string `json:"cites"`
	Body  string   `json:"body"`
}

// GuidesJSON writes guides as a JSON array of {name, title, cites, body};
// body keeps its blank lines between paragraphs and "- " list items.
func GuidesJSON(w io.Writer, gs []reference.Guide) error {
	out := make([]guideJSON, 0, len(gs))
	for _, g := range gs {
		out = append(out, guideJSON{g.Name, g.Title, nonNil(g.Cites), g.Body})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// guideHTML renders a guide's panel for the reference page: its title as
// the panel's heading, paragraphs and lists, code spans, its sources.
func guideHTML(g reference.Guide) template.HTML {
	var b strings.Builder
	b.WriteString("<h2 id=\"hguide-" + template.HTMLEscapeString(g.Name) + "\">" + template.HTMLEscapeString(g.Title) + "</h2>\n")
	blocks, lists := guideBlocks(g.Body)
	for i, block := range blocks {
		if !lists[i] {
			b.WriteString("<p>" + string(codesInlineHTML(block[0])) + "</p>\n")
			continue
		}
		b.WriteString("<ul>\n")
		for _, item := range block {
			b.WriteString("<li>" + string(codesInlineHTML(item)) + "</li>\n")
		}
		b.WriteString("</ul>\n")
	}
	b.WriteString("<p class=\"origin\">Sources: " + template.HTMLEscapeString(strings.Join(g.Cites, "; ")) + "</p>")
	return template.HTML(b.String())
}

// codesPageGuides returns every guide for the page.
func codesPageGuides() []codesGuideView {
	var out []codesGuideView
	for _, g := range reference.Guides() {
		out = append(out, codesGuideView{g.Name, g.Title, guideHTML(g)})
	}
	return out
}
