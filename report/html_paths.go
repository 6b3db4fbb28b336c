package report

import "strings"

// PathParts cuts a path cell's text after each '/': the template puts a
// <wbr> between the parts, so that a long path wraps at its separators
// (html.css forbids breaks inside a part) instead of in the middle of a
// directory or file name.
func (c htmlCell) PathParts() []string { return pathParts(c.Text) }

// PathParts is a card's value cut after each '/', for a card whose value
// is a path (Path).
func (c htmlCard) PathParts() []string { return pathParts(c.Value) }

func pathParts(s string) []string {
	parts := strings.SplitAfter(s, "/")
	if len(parts) > 1 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1] // no break after a final '/'
	}
	if len(parts) > 1 && parts[0] == "/" {
		parts = append([]string{"/" + parts[1]}, parts[2:]...) // nor after a leading one
	}
	return parts
}
