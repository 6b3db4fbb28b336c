package report

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/slareport/slareport/reference"
)

// This file renders what developers look up beside a code: where it was
// introduced, its gRPC mappings, framework constants and retry advice.

// codesDevJSON holds those fields of a codesJSON element; it is embedded, so
// its fields sit beside the others. Introduced, earlier phrases and
// constants describe IANA's registration, so vendor meanings have none; gRPC
// and retry advice belong to the number and hold for every meaning.
type codesDevJSON struct {
	Introduced        *codesIntroducedJSON `json:"introduced"`
	EarlierPhrases    []string             `json:"earlier_phrases"`
	GRPC              codesGRPCJSON        `json:"grpc"`
	Constants         codesConstantsJSON   `json:"constants"`
	Retryable         bool                 `json:"retryable"`
	HonoursRetryAfter bool                 `json:"honours_retry_after"`
}

type codesIntroducedJSON struct {
	Document string `json:"document"`
	Year     int    `json:"year"`
}

// codesGRPCJSON keeps the two directions apart: from_grpc are the
// google.rpc.Code statuses mapped to this code, to_grpc is what a gRPC
// client reads from this code without grpc-status.
type codesGRPCJSON struct {
	FromGRPC []string `json:"from_grpc"`
	ToGRPC   string   `json:"to_grpc,omitempty"`
}

type codesConstantsJSON struct {
	Go     string `json:"go,omitempty"`
	Python string `json:"python,omitempty"`
	Node   string `json:"node,omitempty"`
	Spring string `json:"spring,omitempty"`
	DotNet string `json:"dotnet,omitempty"`
	Rails  string `json:"rails,omitempty"`
}

func codesDev(m reference.Meaning) codesDevJSON {
	g := reference.GRPCOf(m.Code)
	r := reference.RetryOf(m.Code)
	out := codesDevJSON{
		EarlierPhrases:    []string{},
		GRPC:              codesGRPCJSON{FromGRPC: nonNil(g.FromGRPC), ToGRPC: g.ToGRPC},
		Retryable:         r.Retryable,
		HonoursRetryAfter: r.HonoursRetryAfter,
	}
	if m.Kind == reference.KindUnofficial {
		return out
	}
	if h, ok := reference.HistoryOf(m.Code); ok {
		out.Introduced = &codesIntroducedJSON{h.Introduced.Document, h.Introduced.Year}
		out.EarlierPhrases = nonNil(h.EarlierPhrases)
	}
	for _, c := range reference.Constants(m.Code) {
		switch c.Framework {
		case "Go":
			out.Constants.Go = c.Name
		case "Python":
			out.Constants.Python = c.Name
		case "Node":
			out.Constants.Node = c.Name
		case "Spring":
			out.Constants.Spring = c.Name
		case ".NET":
			out.Constants.DotNet = c.Name
		case "Rails":
			out.Constants.Rails = c.Name
		}
	}
	return out
}

// codesTextDev writes the developer lines of a detailed entry, a block of
// its own after the SLA line so that the labels above keep their column:
//
//	Introduced: RFC 6585 (2012)
//	gRPC:       RESOURCE_EXHAUSTED → 429; 429 without grpc-status → UNAVAILABLE
//	Constants:  Go http.StatusTooManyRequests
//	            Python HTTPStatus.TOO_MANY_REQUESTS ...
//	Retry:      yes, honour Retry-After
func codesTextDev(b *strings.Builder, p codesPainter, m reference.Meaning, width int) {
	lines := codesDevLines(m)
	if len(lines) == 0 {
		return
	}
	const lead = len("Introduced: ")
	b.WriteString("\n")
	for _, l := range lines {
		first := strings.Repeat(" ", lead) // a continuation line
		if l.label != "" {
			first = p.paint(ansiBold, l.label+":") + strings.Repeat(" ", lead-len(l.label)-1)
		}
		if l.whole && lead+utf8.RuneCountInString(l.text) > width {
			// A constant broken across lines cannot be copied: like a long
			// URL, it gets a line of its own, unindented.
			if l.label != "" {
				b.WriteString(p.paint(ansiBold, l.label+":") + "\n")
			}
			b.WriteString(l.text + "\n")
			continue
		}
		b.WriteString(codesWrapLabel(first, lead, l.text, width) + "\n")
	}
}

// codesDevLine is one line of the developer block; a continuation line has
// no label, and a whole line is never wrapped.
type codesDevLine struct {
	label, text string
	whole       bool
}

// codesDevLines returns the developer lines of m, leaving out the empty
// ones.
func codesDevLines(m reference.Meaning) []codesDevLine {
	var out []codesDevLine
	add := func(label, text string, whole bool) {
		if text != "" {
			out = append(out, codesDevLine{label, text, whole})
		}
	}
	if h, ok := reference.HistoryOf(m.Code); ok && m.Kind != reference.KindUnofficial {
		s := h.Introduced.Document + " (" + strconv.Itoa(h.Introduced.Year) + ")"
		if len(h.EarlierPhrases) > 0 {
			s += "; formerly " + strings.Join(h.EarlierPhrases, ", ")
		}
		add("Introduced", s, false)
	}
	add("gRPC", codesGRPCText(m.Code), false)
	if m.Kind != reference.KindUnofficial {
		for i, c := range reference.Constants(m.Code) {
			label := "Constants"
			if i > 0 {
				label = ""
			}
			add(label, c.Framework+" "+c.Name, c.Framework != "Node") // Node's phrase may wrap
		}
	}
	if m.Class == 4 || m.Class == 5 {
		add("Retry", codesRetryText(reference.RetryOf(m.Code)), false)
	}
	add("Logged", codesLoggedText(m), false)
	return out
}

// codesGRPCText states both gRPC directions with arrows, such as
// "RESOURCE_EXHAUSTED → 429; 429 without grpc-status → UNAVAILABLE".
func codesGRPCText(code int) string {
	g := reference.GRPCOf(code)
	var parts []string
	if len(g.FromGRPC) > 0 {
		parts = append(parts, strings.Join(g.FromGRPC, ", ")+" → "+strconv.Itoa(code))
	}
	if g.ToGRPC != "" {
		parts = append(parts, strconv.Itoa(code)+" without grpc-status → "+g.ToGRPC)
	}
	return strings.Join(parts, "; ")
}

func codesRetryText(r reference.Retry) string {
	switch {
	case r.Retryable && r.HonoursRetryAfter:
		return "yes, honour Retry-After"
	case r.Retryable:
		return "yes, with backoff (idempotent requests)"
	case r.HonoursRetryAfter:
		return "no; honour Retry-After if the limit is temporary"
	}
	return "no"
}
