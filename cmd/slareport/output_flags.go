package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/report"
)

// outputFlags choose the report's format and file. report and merge embed
// them; each sets, with kong's set tag on the embedded field, the help
// that differs between the two: what auto means without -o
// (autoWithoutOutput) and the help of -o (outputHelp).
type outputFlags struct {
	Format formatName `short:"f" enum:"auto,markdown,json,html,openmetrics" default:"auto" help:"Report format: ${enum} (any case). auto: with -o, from the file's extension (.html/.htm, .json, .md/.markdown, .prom; any other is Markdown); else ${autoWithoutOutput}. openmetrics: the figures as metrics for node_exporter's textfile collector or Pushgateway."`
	Output string     `short:"o" placeholder:"FILE" help:"${outputHelp}"`
}

// stampFlag dates an HTML report; the embedding sets its help
// (stampHelp). It is apart from outputFlags only for the order of the
// report command's help, which lists --workers between -o and --stamp.
type stampFlag struct {
	Stamp bool `help:"${stampHelp}"`
}

// settleFormat settles --format against --output, for the report
// extensions. -o - is standard output, as no -o is: a file named "-" is
// written as ./-.
func (f *outputFlags) settleFormat() (err error) {
	if f.Output == "-" {
		f.Output = ""
	}
	f.Format, err = outputFormat(f.Format, f.Output, reportExtensions, "markdown")
	return err
}

// stageReport adds the report of sum, in the format asked for, to out: for
// standard output, or for --output. stamp shows in an HTML report when it
// was made.
func (f *outputFlags) stageReport(out *outputs, e *env, sum *aggregate.Summary, ropt report.Options, stamp bool) error {
	render := f.renderer(e, stamp)
	return out.emit(f.Output, func(w io.Writer) error { return render(w, sum, ropt) })
}

// renderer picks the report writer for --format. auto means the terminal
// summary when a person reads standard output, and Markdown for files,
// pipes and CI logs.
func (f *outputFlags) renderer(e *env, stamp bool) func(io.Writer, *aggregate.Summary, report.Options) error {
	switch {
	case f.Format == "json":
		return report.JSON
	case f.Format == "openmetrics":
		return func(w io.Writer, s *aggregate.Summary, o report.Options) error {
			return report.OpenMetrics(w, s, report.OpenMetricsOptions{Options: o})
		}
	case f.Format == "html":
		var made time.Time
		if stamp {
			made = e.clock()
		}
		return func(w io.Writer, s *aggregate.Summary, o report.Options) error {
			return report.HTML(w, s, report.HTMLOptions{Options: o, Generated: made})
		}
	case f.Format == "auto" && f.Output == "" && e.stdoutIsTTY:
		color := e.lookup("NO_COLOR") == "" && e.lookup("TERM") != "dumb"
		return func(w io.Writer, s *aggregate.Summary, o report.Options) error {
			return report.Terminal(w, s, report.TerminalOptions{Options: o, Color: color})
		}
	}
	return report.Markdown
}

// formatName is a --format value. It is read in lower case, before kong
// checks it against the command's enum, so -f JSON is -f json.
type formatName string

func (f *formatName) UnmarshalText(b []byte) error {
	*f = formatName(strings.ToLower(strings.TrimSpace(string(b))))
	return nil
}

// extFormat maps a file extension to the format -o picks for it.
type extFormat struct {
	ext    string // with the dot, lower case
	format formatName
}

// reportExtensions are the extensions -o knows for reports (report and
// merge). The first of a format is the one an error suggests.
var reportExtensions = []extFormat{
	{".html", "html"}, {".htm", "html"},
	{".json", "json"},
	{".md", "markdown"}, {".markdown", "markdown"},
	{".prom", "openmetrics"},
}

// codesExtensions are the extensions -o knows for 'slareport codes'.
var codesExtensions = []extFormat{
	{".txt", "text"},
	{".html", "html"}, {".htm", "html"},
	{".json", "json"},
	{".md", "markdown"}, {".markdown", "markdown"},
}

// outputFormat settles --format against --output. auto, the default, is
// the same as no -f: with -o the file's extension picks the format (case
// does not matter), and an extension the table does not know gets
// fallback; without -o auto is left for the command to resolve. A format
// given that contradicts the extension is refused: a report.html holding
// JSON is a mistake whichever of the two was meant.
func outputFormat(format formatName, output string, exts []extFormat, fallback formatName) (formatName, error) {
	if output == "" {
		return format, nil
	}
	var byExt formatName
	ext := strings.ToLower(filepath.Ext(output))
	for _, e := range exts {
		if e.ext == ext {
			byExt = e.format
			break
		}
	}
	switch {
	case format == "auto" && byExt == "":
		return fallback, nil
	case format == "auto":
		return byExt, nil
	case byExt != "" && byExt != format:
		fix := "drop -f, or give the file another extension"
		for _, e := range exts {
			if e.format == format {
				fix = "drop -f, or name the file " + e.ext
				break
			}
		}
		return "", fmt.Errorf("-f %s contradicts -o %s: %s", format, output, fix)
	}
	return format, nil
}
