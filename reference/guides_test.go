package reference

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// wantGuides are the subjects a developer comes for, in reading order.
var wantGuides = []string{"classes", "cycle", "pairs", "redirects", "caching", "rest", "errors-in-200", "grpc", "custom", "sla"}

func TestGuides(t *testing.T) {
	if got := strings.Join(GuideNames(), " "); got != strings.Join(wantGuides, " ") {
		t.Errorf("guides %q, want %q", got, wantGuides)
	}
	rfcSection := regexp.MustCompile(`^RFC (\d+) §([\d.]+)$`)
	for _, g := range Guides() {
		if g.Title == "" || len(g.Body) < 300 || len(g.Cites) == 0 {
			t.Errorf("%s: title %q, %d bytes, %d citations", g.Name, g.Title, len(g.Body), len(g.Cites))
		}
		for _, c := range g.Cites {
			m := rfcSection.FindStringSubmatch(c)
			if m == nil {
				// A named document: the body names it.
				name, _, _ := strings.Cut(c, " (")
				if !strings.Contains(g.Body, name) {
					t.Errorf("%s: cites %q but never names it", g.Name, c)
				}
				continue
			}
			// An RFC section: the body names the RFC and the section.
			if !strings.Contains(g.Body, "RFC "+m[1]) || !strings.Contains(g.Body, "§"+m[2]) {
				t.Errorf("%s: cites %q but the text does not", g.Name, c)
			}
		}
		// Every RFC section the body names is cited.
		for _, ref := range regexp.MustCompile(`RFC \d+ §[\d.]*\d`).FindAllString(g.Body, -1) {
			if !strings.Contains(strings.Join(g.Cites, "|"), ref) {
				t.Errorf("%s: the text names %s, the citations do not", g.Name, ref)
			}
		}
		if _, ok := GuideNamed(strings.ToUpper(g.Name)); !ok {
			t.Errorf("%s: not found by name in another case", g.Name)
		}
		if strings.Count(g.Body, "`")%2 != 0 {
			t.Errorf("%s: an unpaired backquote", g.Name)
		}
	}
	if _, ok := GuideNamed("nope"); ok {
		t.Error("found a guide called nope")
	}
}

// TestGuideSectionsMatchTheRegistry: where a guide cites the RFC 9110
// section that defines a code, that code is named just before it, so the
// section is the one the registry (checked against IANA's table) gives it.
func TestGuideSectionsMatchTheRegistry(t *testing.T) {
	bySection := map[string]int{}
	for _, s := range All() {
		bySection[s.Ref] = s.Code
	}
	cite := regexp.MustCompile(`\((?:RFC 9110 )?§(15\.\d+\.\d+)\)`)
	n := 0
	for _, g := range Guides() {
		for _, loc := range cite.FindAllStringSubmatchIndex(g.Body, -1) {
			sec := g.Body[loc[2]:loc[3]]
			code, ok := bySection["RFC 9110 §"+sec]
			if !ok {
				t.Errorf("%s: §%s defines no code", g.Name, sec)
				continue
			}
			// The sentence before the citation: back to the last ". "
			// or line.
			start := 0
			for _, sep := range []string{". ", "\n"} {
				if i := strings.LastIndex(g.Body[:loc[0]], sep); i+len(sep) > start && i >= 0 {
					start = i + len(sep)
				}
			}
			clause := g.Body[start:loc[0]]
			n++
			if !regexp.MustCompile(`\b` + strconv.Itoa(code) + `\b`).MatchString(clause) {
				t.Errorf("%s: %q cites §%s, which defines %d", g.Name, clause, sec, code)
			}
		}
	}
	if n < 15 {
		t.Errorf("only %d citations checked", n)
	}
}
