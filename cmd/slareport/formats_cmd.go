package main

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/slareport/slareport/parse"
)

// formatsCmd lists the built-in log formats with a line of each, so a user
// can match their log against them by eye.
type formatsCmd struct{}

func (c *formatsCmd) Help() string {
	return `Examples:
  slareport formats
    the formats, with an example line of each
  slareport --log-format combined access.log
    read a log as one of them instead of detecting its format`
}

func (c *formatsCmd) Run(e *env) error {
	var b bytes.Buffer
	fmt.Fprintln(&b, "Built-in log formats, by family: give one with --log-format NAME (or a name in brackets);")
	fmt.Fprintln(&b, "without --log-format the format is detected.")
	groups := formatGroups(parse.PresetFormats())
	for _, g := range groups {
		fmt.Fprintf(&b, "\n%s:\n", g.family)
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		for _, f := range g.formats {
			name := f.Name
			if a := parse.Aliases(f); len(a) > 0 {
				name += " (" + strings.Join(a, ", ") + ")"
			}
			fmt.Fprintf(tw, "  %s\t%s\n", name, f.Title)
		}
		tw.Flush()
	}
	fmt.Fprintln(&b)
	fmt.Fprintln(&b, "Example lines:")
	for _, g := range groups {
		for _, f := range g.formats {
			fmt.Fprintf(&b, "\n%s:\n  %s\n", f.Name, visibleTabs(f.Example))
		}
	}
	b.WriteString(`
Other layouts: --log-format with an nginx log_format string ('$remote_addr [$time_local] "$request" $status'),
--apache-format with an Apache LogFormat string ('%h %l %u %t "%r" %>s %b'),
or --json-status KEY (and --json-time, --json-duration, ...) for JSON lines.
`)
	if _, err := e.stdout.Write(b.Bytes()); err != nil {
		return outputError(fmt.Errorf("write standard output: %w", err))
	}
	return nil
}

// formatGroup is one family of presets, as `formats` lists them.
type formatGroup struct {
	family  string
	formats []*parse.Format
}

// formatGroups groups the presets by family, each sorted by name: the
// known families first in their order, then any other a preset names,
// then the presets without one.
func formatGroups(presets []*parse.Format) []formatGroup {
	order := parse.Families()
	for _, f := range presets {
		if f.Family != "" && !slices.Contains(order, f.Family) {
			order = append(order, f.Family)
		}
	}
	order = append(order, "")
	var groups []formatGroup
	for _, fam := range order {
		g := formatGroup{family: fam}
		if fam == "" {
			g.family = "Other formats"
		}
		for _, f := range presets {
			if f.Family == fam {
				g.formats = append(g.formats, f)
			}
		}
		if len(g.formats) > 0 {
			slices.SortFunc(g.formats, func(a, b *parse.Format) int { return strings.Compare(a.Name, b.Name) })
			groups = append(groups, g)
		}
	}
	return groups
}

// visibleTabs shows the tabs of CloudFront's example as `\t`: printed raw
// they would look like spaces, and a user copying the line would get the
// wrong layout.
func visibleTabs(s string) string {
	return string(bytes.ReplaceAll([]byte(s), []byte("\t"), []byte(`\t`)))
}
