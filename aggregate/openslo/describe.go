package openslo

import (
	"strconv"
	"strings"
	"time"
)

// Words and phrases for people: `slareport check` prints an SLO as it was
// understood. Every pattern from the file is written bare when it is
// plain (letters, digits, punctuation) and quoted otherwise, so that what
// a hostile file holds never reaches a terminal raw.

// Describe says what the indicator counts, in words: "requests to /api/**
// except /health; bad: 5xx".
func (ind Indicator) Describe() string {
	total := "requests"
	if ind.DurationUnder > 0 {
		total = "requests that logged a duration"
	}
	if len(ind.Total.Methods) > 0 {
		total = orList(ind.Total.Methods) + " " + total
	}
	b := []string{total}
	b = append(b, ind.Total.phrases()...)
	switch {
	case ind.Bad != nil:
		b[len(b)-1] += "; bad:"
		b = append(b, ind.Bad.phrases(0)...)
	case ind.Good != nil:
		b[len(b)-1] += "; good:"
		b = append(b, ind.Good.phrases(ind.DurationUnder)...)
	}
	return strings.Join(b, " ")
}

// phrases says what the selector picks, after the word "requests": "to
// /api/**", "on shop.example.com", "except /health, bots".
func (s Selector) phrases() []string {
	var b []string
	if len(s.Paths) > 0 {
		b = append(b, "to "+orList(s.Paths))
	}
	if len(s.Hosts) > 0 {
		b = append(b, "on "+orList(s.Hosts))
	}
	var except []string
	for _, e := range []struct {
		prefix string
		items  []string
	}{{"", s.ExcludePaths}, {"host ", s.ExcludeHosts}, {"clients in ", s.ExcludeClients}, {"user agent ", s.ExcludeUserAgents}} {
		if len(e.items) > 0 {
			except = append(except, e.prefix+strings.Join(words(e.items, ""), " and "))
		}
	}
	if s.ExcludeBots {
		except = append(except, "bots")
	}
	if len(s.ExcludeWindows) > 0 {
		except = append(except, "during "+strings.Join(words(s.ExcludeWindows, ""), " and "))
	}
	if len(except) > 0 {
		b = append(b, "except "+strings.Join(except, ", "))
	}
	return b
}

// phrases says what a good or bad selection takes within the total:
// "5xx", "2xx,3xx faster than 300ms", "5xx to /api/checkout/**".
func (s Selection) phrases(under time.Duration) []string {
	var b []string
	switch {
	case s.Status != "":
		b = append(b, s.Status)
	case under > 0:
		b = append(b, "any status")
	}
	if len(s.Methods) > 0 {
		b = append(b, "by "+orList(s.Methods))
	}
	b = append(b, s.Selector.phrases()...)
	if under > 0 {
		b = append(b, "faster than "+under.String())
	}
	return b
}

// words writes each item after prefix, bare or quoted.
func words(items []string, prefix string) []string {
	var out []string
	for _, s := range items {
		out = append(out, prefix+Bare(s))
	}
	return out
}

// orList joins alternatives: "/a", "/a or /b", "/a, /b or /c".
func orList(items []string) string {
	w := words(items, "")
	if len(w) == 1 {
		return w[0]
	}
	return strings.Join(w[:len(w)-1], ", ") + " or " + w[len(w)-1]
}

// Bare returns s as it is when it holds only printable ASCII other than
// spaces, quotes and backslashes, and Go-quoted otherwise: a pattern
// reads plainly, and nothing in it can act on a terminal.
func Bare(s string) string {
	if s == "" {
		return `""`
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f || c == '"' || c == '\\' || c == '\'' {
			return quote(s)
		}
	}
	return s
}

// Describe says what the window is: "rolling 28 days", "calendar month in
// Europe/Berlin from 2024-01-01 00:00".
func (w Window) Describe() string {
	if w.Rolling {
		return "rolling " + durationWords(w.Duration)
	}
	unit := map[CalendarUnit]string{Day: "day", Week: "week", Month: "month", Quarter: "quarter", Year: "year"}[w.Unit]
	period := "calendar " + unit
	if w.Count != 1 {
		period = "calendar periods of " + strconv.Itoa(w.Count) + " " + unit + "s"
	}
	zone := "UTC"
	if w.Zone != nil {
		zone = w.Zone.String()
	}
	return period + " in " + Bare(zone) + " from " + w.Start.Format("2006-01-02 15:04")
}
