package report

import (
	"strconv"
	"strings"

	"github.com/slareport/slareport/aggregate"
)

func htmlCards(s *aggregate.Summary, opt Options) []htmlCard {
	req, bad, judged := s.Requests(), s.Bad(), s.Judged()
	classes := s.Classes()
	rule := s.Rule.String()
	avail := htmlCard{Label: "Availability", Value: "no data", Detail: "no requests", Big: true}
	if judged > 0 {
		avail.Value = availabilityText(judged-bad, judged)
		avail.Detail = group(bad) + " of " + group(judged) + " requests were bad (" + rule + ")"
	}
	if u := unjudgedText(s); u != "" {
		if judged == 0 {
			avail.Detail = u
		} else {
			avail.Detail += "; " + u
		}
	}
	cards := []htmlCard{avail}
	if o := opt.SLO; o != nil {
		verdict := htmlCard{Label: "SLO " + o.Target.String(), Value: "met", Tone: "good",
			Detail: "burn rate " + strconv.FormatFloat(o.BurnRate, 'f', 2, 64) + "×"}
		switch {
		case o.NoData:
			verdict.Value, verdict.Tone = "no data", "bad"
			verdict.Detail = noDataText(s, false)
		case !o.Met:
			verdict.Value, verdict.Tone = "breached", "bad"
		}
		cards[0].Tone = verdict.Tone
		budget := htmlCard{Label: "Error budget left", Value: remainingText(o.Remaining),
			Detail: group(o.Bad) + " of " + allowedText(o.Allowed) + " allowed bad requests", Tone: "good"}
		if o.Remaining < 0 {
			budget.Tone = "bad"
		} else if o.Remaining < 0.25 {
			budget.Tone = "warn"
		}
		cards = append(cards, verdict, budget)
	}
	cards = append(cards,
		htmlCard{Label: "Requests", Value: group(req), Detail: plural(s.Lines.Read, "line") + " read"},
		htmlCard{Label: "5xx", Value: group(classes[4]), Detail: share(classes[4], req) + " of requests", Tone: toneIf(classes[4] > 0, "bad")},
		htmlCard{Label: "4xx", Value: group(classes[3]), Detail: share(classes[3], req) + " of requests", Tone: toneIf(classes[3] > 0, "warn")},
		htmlCard{Label: "Malformed lines", Value: group(s.Lines.Malformed), Detail: share(s.Lines.Malformed, s.Lines.Read) + " of lines", Tone: toneIf(s.Lines.Malformed > 0, "warn")},
	)
	if q := s.Latency; q != nil {
		c := htmlCard{Label: "Latency p95", Value: seconds(q.P95), Detail: "p50 " + seconds(q.P50) + " · p99 " + seconds(q.P99)}
		if l := opt.LatencySLO; l != nil {
			c.Detail += " · SLO " + l.Objective.String() + " " + map[bool]string{true: "met", false: "breached"}[l.Budget.Met]
			c.Tone = map[bool]string{true: "good", false: "bad"}[l.Budget.Met]
		}
		cards = append(cards, c)
	}
	period := htmlCard{Label: "Period", Value: "—", Detail: "no line had a time", Text: true}
	if s.Span.Valid {
		period.Value = localTime(s.Span.First, s, "Jan 2 15:04") + " → " + localTime(s.Span.Last, s, "Jan 2 15:04")
		period.Detail = localTime(s.Span.First, s, "2006") + " · time zone " + zoneLabel(s)
		if s.Window.Label != "" {
			period.Detail += " · " + visible([]byte(s.Window.Label))
		}
	}
	cards = append(cards, period, inputsCard(s.Inputs))
	if s.Incomplete != "" {
		// The first thing a reader sees: the figures cover part of the logs.
		cards = append([]htmlCard{{Label: "Incomplete", Value: "input error", Tone: "bad", Text: true,
			Detail: cut(visible([]byte(s.Incomplete)), 200) + "; every figure covers only the lines read before it"}}, cards...)
	}
	return cards
}

func toneIf(cond bool, tone string) string {
	if cond {
		return tone
	}
	return ""
}

// inputsCard names the sources, or counts them when there are many, and
// lists the log formats with how each was chosen.
func inputsCard(ins []aggregate.Input) htmlCard {
	c := htmlCard{Label: "Sources", Value: plural(int64(len(ins)), "source"), Text: true}
	if len(ins) == 1 {
		c.Value = cut(visible([]byte(ins[0].Name)), 60)
	}
	seen := map[string]bool{}
	var formats []string
	for _, in := range ins {
		f := visible([]byte(in.Format)) + " (" + formatHow(in) + ")"
		if !seen[f] && len(formats) < 5 {
			seen[f] = true
			formats = append(formats, f)
		}
	}
	c.Detail = strings.Join(formats, ", ")
	return c
}
