package report

import (
	"strconv"
	"strings"

	"github.com/slareport/slareport/reference"
)

// CodesPage is where an HTML report links for a code's full entry: the
// reference page `slareport codes -o codes.html` writes, next to the
// report. The link is relative, so the report stays one file that fetches
// nothing; it works wherever the two files sit side by side.
const CodesPage = "codes.html"

// codesPageHref links a code of the report to its entry on the reference
// page (codes.html#503); "" for a code the page has no entry for.
func codesPageHref(code int) string {
	if len(reference.Meanings(code)) == 0 {
		return ""
	}
	return CodesPage + "#" + strconv.Itoa(code)
}

// codesPageSeenLink opens the reference page with the report's codes
// highlighted (codes.html?seen=200,404,503); nil when the page has none of
// them.
func codesPageSeenLink(counts map[int]int64) *htmlLink {
	var seen []string
	for _, code := range sortedCodes(counts) {
		if len(reference.Meanings(code)) > 0 {
			seen = append(seen, strconv.Itoa(code))
		}
	}
	if len(seen) == 0 {
		return nil
	}
	return &htmlLink{
		Text: "Open the full reference with the codes of this report highlighted (" + CodesPage + ", written by slareport codes -o " + CodesPage + ")",
		Href: CodesPage + "?seen=" + strings.Join(seen, ","),
	}
}
