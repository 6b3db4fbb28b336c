package main

import (
	"bytes"
	"fmt"
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
	fmt.Fprintln(&b, "Built-in log formats (--log-format NAME); without --log-format the format is detected.")
	fmt.Fprintln(&b)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, f := range parse.PresetFormats() {
		fmt.Fprintf(tw, "%s\t%s\n", f.Name, f.Title)
	}
	tw.Flush()
	fmt.Fprintln(&b)
	fmt.Fprintln(&b, "Example lines:")
	for _, f := range parse.PresetFormats() {
		fmt.Fprintf(&b, "\n%s:\n  %s\n", f.Name, visibleTabs(f.Example))
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

// visibleTabs shows the tabs of CloudFront's example as `\t`: printed raw
// they would look like spaces, and a user copying the line would get the
// wrong layout.
func visibleTabs(s string) string {
	return string(bytes.ReplaceAll([]byte(s), []byte("\t"), []byte(`\t`)))
}
