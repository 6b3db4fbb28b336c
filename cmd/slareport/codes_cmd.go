package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/slareport/slareport/reference"
	"github.com/slareport/slareport/report"
)

// codesCmd browses the HTTP status code reference: every code, one code in
// full, or a search, as text, JSON, Markdown or the offline HTML page.
type codesCmd struct {
	Args   []string   `arg:"" optional:"" name:"code|search" help:"Status codes to show in full (499, or 401 vs 403), or words to search for; 'search' may come first (search gateway timeout); 'guide' lists the guides, 'guide NAME' shows one. Nothing lists every code."`
	Class  string     `placeholder:"CLASS" help:"Only this class: 4, 4xx or client (also informational, success, redirection, server)."`
	Vendor string     `placeholder:"NAME" help:"Only this vendor's codes, e.g. cloudflare, nginx, aws; 'iana' for registered codes only."`
	Format formatName `short:"f" enum:"auto,text,json,markdown,html" default:"auto" help:"Output format: ${enum} (any case). auto: with -o, from the file's extension (.txt, .json, .md/.markdown, .html/.htm; any other is text); else text. html writes the offline reference page."`
	Output string     `short:"o" placeholder:"FILE" help:"Write to FILE (atomically: a temporary file renamed over it, or over the file a symlink points to) instead of standard output. Its extension picks the format; a -f that contradicts it is refused."`
	Color  string     `enum:"auto,always,never" default:"auto" help:"Colour text output: ${enum} (auto: only on a terminal, and not when NO_COLOR is set)."`
}

func (c *codesCmd) Help() string {
	return `Examples:
  slareport codes
    every code, grouped by class
  slareport codes 499 502
    those codes in full, with every vendor's meaning
  slareport codes search gateway timeout
    a ranked, typo-tolerant search
  slareport codes permission denied
    words as people ask: synonyms, header names, partial matches
  slareport codes 401 vs 403
    several codes in full, side by side when often confused
  slareport codes --class 5xx --vendor cloudflare
    only Cloudflare's server errors
  slareport codes guide
    the guides: classes, redirects, caching, REST, gRPC, the SLA formula...
  slareport codes guide redirects
    one guide: 301, 302, 307 and 308, and what they do to search engines
  slareport codes -o codes.html
    the offline reference page: search, filters and guides, links such as
    codes.html#499, codes.html?q=timeout&class=5xx, codes.html#guide-sla

Exit codes:
  0  shown (a search that finds nothing, or codes the filters leave out,
     say so and exit 0)
  1  a code asked for is unknown: unassigned by IANA with no vendor meaning
     (codes 299) or not a status code (codes 999); it is named on stderr and
     the other codes are still shown
  2  usage error: a bad flag or value, or an unknown guide (the guides are
     named)`
}

// Validate settles --format against --output.
func (c *codesCmd) Validate() (err error) {
	c.Format, err = outputFormat(c.Format, c.Output, codesExtensions, "text")
	return err
}

func (c *codesCmd) Run(e *env) error {
	var f reference.Filter
	if c.Class != "" {
		cl, err := reference.ParseClass(c.Class)
		if err != nil {
			return usageError(fmt.Errorf("--class: %w", err))
		}
		f.Class = cl
	}
	if c.Vendor != "" {
		f.Vendor = c.Vendor
		if len(reference.Select(reference.Filter{Vendor: c.Vendor})) == 0 {
			return usageError(fmt.Errorf("--vendor %q: no such vendor (known: iana, %s)", c.Vendor, strings.Join(reference.Vendors(), ", ")))
		}
	}

	// auto follows the NO_COLOR convention (no-color.org): any value turns colour off.
	color := c.Color == "always" || c.Color == "auto" && e.stdoutIsTTY && c.Output == "" && e.lookup("NO_COLOR") == ""
	if len(c.Args) > 0 && c.Args[0] == "guide" {
		return c.runGuide(e, c.Args[1:], report.CodesOptions{Color: color})
	}
	ms, opt, empty, unknown, err := c.query(f)
	if err != nil {
		return usageError(err)
	}
	opt.Color = color

	out := newOutputs(e)
	defer out.discard()
	if err := out.emit(c.Output, c.renderer(ms, opt, empty)); err != nil {
		return err
	}
	if err := out.commit(); err != nil {
		return err
	}
	if len(unknown) > 0 {
		return &exitError{exitGateFailed, errors.New(strings.Join(unknown, "; "))}
	}
	return nil
}

// renderer picks the writer of ms for --format. When there is nothing to
// show, text and Markdown say why (empty).
func (c *codesCmd) renderer(ms []reference.Meaning, opt report.CodesOptions, empty string) func(io.Writer) error {
	return func(w io.Writer) error {
		switch {
		case c.Format == "json":
			return report.CodesJSON(w, ms, opt)
		case c.Format == "html":
			return report.CodesHTML(w, ms)
		case len(ms) == 0 && empty == "":
			return nil // every code was unknown: stderr says so
		case len(ms) == 0:
			_, err := io.WriteString(w, empty+"\n")
			return err
		case c.Format == "markdown":
			return report.CodesMarkdown(w, ms, opt)
		}
		return report.CodesText(w, ms, opt)
	}
}

// query turns the arguments into the meanings to show, how to lay them
// out, what to say when there are none, and the codes asked for that the
// reference does not know (exit 1).
func (c *codesCmd) query(f reference.Filter) (ms []reference.Meaning, opt report.CodesOptions, empty string, unknown []string, err error) {
	args := c.Args
	if len(args) > 0 && args[0] == "search" {
		if len(args) == 1 {
			return nil, opt, "", nil, errors.New("search: give words to search for, e.g. slareport codes search gateway timeout")
		}
		ms, opt, empty, err = c.search(strings.Join(args[1:], " "), f)
		return ms, opt, empty, nil, err
	}
	if len(args) == 0 {
		return reference.Select(f), opt, "No status code matches the filters.", nil, nil
	}
	codes, ok := parseCodes(args)
	if !ok {
		// "401 vs 403" only names codes: show them as "401 403" does.
		q := strings.Join(args, " ")
		if named, words := reference.CodesIn(q); len(named) > 0 && len(words) == 0 {
			codes, ok = named, true
		} else {
			ms, opt, empty, err = c.search(q, f)
			return ms, opt, empty, nil, err
		}
	}
	var notes []string
	for _, code := range codes {
		all := reference.Meanings(code)
		if len(all) == 0 {
			unknown = append(unknown, unknownCode(code))
			continue
		}
		n := len(ms)
		for _, m := range all {
			if f.Match(m) {
				ms = append(ms, m)
			}
		}
		if len(ms) == n {
			notes = append(notes, fmt.Sprintf("%d: no meaning matches the filters.", code))
		}
	}
	opt.Detail = true
	opt.Compare = reference.Comparisons(codes)
	return ms, opt, strings.Join(notes, "\n"), unknown, nil
}

func (c *codesCmd) search(q string, f reference.Filter) ([]reference.Meaning, report.CodesOptions, string, error) {
	var ms []reference.Meaning
	for _, r := range reference.Search(q) {
		if f.Match(r.Meaning) {
			ms = append(ms, r.Meaning)
		}
	}
	named, _ := reference.CodesIn(q)
	opt := report.CodesOptions{Ranked: true, Title: fmt.Sprintf("Search %q: %s", q, plural(len(ms), "result")), Compare: reference.Comparisons(named)}
	return ms, opt, fmt.Sprintf("No status code matches %q.", q), nil
}

// parseCodes reads arguments that are all status codes; ok is false when
// any is not a number, so the arguments are a search instead.
func parseCodes(args []string) (codes []int, ok bool) {
	for _, a := range args {
		n, err := strconv.Atoi(a)
		if err != nil || len(a) > 4 {
			return nil, false
		}
		codes = append(codes, n)
	}
	return codes, true
}

// unknownCode says why the reference has nothing for code: it is no status
// code at all, or one nobody is known to use.
func unknownCode(code int) string {
	if !reference.Valid(code) {
		return fmt.Sprintf("%d: not a status code: outside 100–599", code)
	}
	return fmt.Sprintf("%d: unknown status code: unassigned by IANA and no vendor meaning is known", code)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
