package main

import (
	"fmt"
	"path/filepath"
	"strings"
)

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
	// {".prom", "openmetrics"}: once there is an OpenMetrics format.
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
