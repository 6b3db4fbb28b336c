package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/slareport/slareport/reference"
	"github.com/slareport/slareport/report"
)

// runGuide serves `slareport codes guide [NAME]`: the list of guides, or
// one guide, as text, Markdown or JSON. The HTML page holds every guide
// already, so -f html is refused with where to find them.
func (c *codesCmd) runGuide(e *env, args []string, opt report.CodesOptions) error {
	if len(args) > 1 {
		return usageError(fmt.Errorf("guide: one guide at a time, got %q (guides: %s)", strings.Join(args, " "), strings.Join(reference.GuideNames(), ", ")))
	}
	if c.Format == "html" {
		return usageError(errors.New("guide: the HTML page holds every guide: write it with slareport codes -o codes.html and open codes.html#guide-NAME"))
	}
	gs := reference.Guides()
	if len(args) == 1 {
		g, ok := reference.GuideNamed(args[0])
		if !ok {
			return usageError(fmt.Errorf("guide %q: no such guide (guides: %s)", args[0], strings.Join(reference.GuideNames(), ", ")))
		}
		gs = []reference.Guide{g}
	}
	out := newOutputs(e)
	defer out.discard()
	err := out.emit(c.Output, func(w io.Writer) error {
		switch {
		case c.Format == "json":
			return report.GuidesJSON(w, gs)
		case len(args) == 0 && c.Format == "markdown":
			for i, g := range gs {
				if i > 0 {
					if _, err := io.WriteString(w, "\n"); err != nil {
						return err
					}
				}
				if err := report.GuideMarkdown(w, g); err != nil {
					return err
				}
			}
			return nil
		case len(args) == 0:
			return report.GuideListText(w, gs, opt)
		case c.Format == "markdown":
			return report.GuideMarkdown(w, gs[0])
		}
		return report.GuideText(w, gs[0], opt)
	})
	if err != nil {
		return err
	}
	return out.commit()
}
