package report

import (
	"strconv"
	"strings"

	"github.com/slareport/slareport/aggregate"
)

// htmlCards are the figures of the page's header, the verdict first: an
// incomplete run, availability, the SLO and its budget, the counts,
// latency, the period and the sources.
func htmlCards(s *aggregate.Summary, opt Options) []htmlCard {
	cards := []htmlCard{availabilityCard(s)}
	if o := opt.SLO; o != nil {
		verdict := sloCard(s, o)
		cards[0].Tone = verdict.Tone // availability reads in the SLO's colour
		cards = append(cards, verdict, budgetCard(o))
	}
	cards = append(cards, objectiveCards(opt.Objectives)...)
	cards = append(cards, countCards(s)...)
	if c, ok := latencyCard(s.Latency, opt.LatencySLO); ok {
		cards = append(cards, c)
	}
	cards = append(cards, periodCard(s), inputsCard(s.Inputs))
	if s.Incomplete != "" {
		// The first thing a reader sees: the figures cover part of the logs.
		cards = append([]htmlCard{{Label: "Incomplete", Value: "input error", Tone: "bad", Text: true,
			Detail: cut(visible([]byte(s.Incomplete)), 200) + "; every figure covers only the lines read before it"}}, cards...)
	}
	return cards
}

// availabilityCard is the headline figure with what it counted as bad and
// the requests it left out.
func availabilityCard(s *aggregate.Summary) htmlCard {
	bad, judged := s.Bad(), s.Judged()
	avail := htmlCard{Key: "availability", Label: "Availability", Value: "no data", Detail: "no requests", Big: true}
	if judged > 0 {
		avail.Value = availabilityText(judged-bad, judged)
		avail.Detail = group(bad) + " of " + group(judged) + " requests were bad (" + s.Rule.String() + ")"
	}
	if u := unjudgedText(s); u != "" {
		if judged == 0 {
			avail.Detail = u
		} else {
			avail.Detail += "; " + u
		}
	}
	return avail
}

// sloCard is the SLO's verdict with the burn rate, or why there was no
// data.
func sloCard(s *aggregate.Summary, o *aggregate.SLO) htmlCard {
	verdict := htmlCard{Key: "slo", Label: "SLO " + o.Target.String(), Value: "met", Tone: "good",
		Detail: "burn rate " + strconv.FormatFloat(o.BurnRate, 'f', 2, 64) + "×"}
	switch {
	case o.NoData:
		verdict.Value, verdict.Tone = "no data", "bad"
		verdict.Detail = noDataText(s, false)
	case !o.Met:
		verdict.Value, verdict.Tone = "breached", "bad"
	}
	return verdict
}

// budgetCard is the share of the error budget left, amber under a
// quarter and red once overspent.
func budgetCard(o *aggregate.SLO) htmlCard {
	budget := htmlCard{Key: "budget", Label: "Error budget left", Value: remainingText(o.Remaining),
		Detail: group(o.Bad) + " of " + allowedText(o.Allowed) + " allowed bad requests", Tone: "good"}
	if o.Remaining < 0 {
		budget.Tone = "bad"
	} else if o.Remaining < 0.25 {
		budget.Tone = "warn"
	}
	return budget
}

// countCards are the requests (with the lines a request filter left out),
// the 5xx and 4xx among them, and the lines that did not parse.
func countCards(s *aggregate.Summary) []htmlCard {
	req, classes := s.Requests(), s.Classes()
	read := plural(s.Lines.Read, "line") + " read"
	if !s.Filter.Empty() {
		read += " · " + group(s.Lines.Filtered) + " filtered: " + reasonsText(s.Filtered)
	}
	return []htmlCard{
		{Key: "requests", Label: "Requests", Value: group(req), Detail: read},
		{Key: "5xx", Label: "5xx", Value: group(classes[4]), Detail: share(classes[4], req) + " of requests", Tone: toneIf(classes[4] > 0, "bad")},
		{Key: "4xx", Label: "4xx", Value: group(classes[3]), Detail: share(classes[3], req) + " of requests", Tone: toneIf(classes[3] > 0, "warn")},
		{Label: "Malformed lines", Value: group(s.Lines.Malformed), Detail: share(s.Lines.Malformed, s.Lines.Read) + " of lines", Tone: toneIf(s.Lines.Malformed > 0, "warn")},
	}
}

// latencyCard is p95 with p50, p99 and the latency objective's verdict;
// false when no request logged a duration.
func latencyCard(q *aggregate.Quantiles, l *LatencySLO) (htmlCard, bool) {
	if q == nil {
		return htmlCard{}, false
	}
	c := htmlCard{Label: "Latency p95", Value: seconds(q.P95), Detail: "p50 " + seconds(q.P50) + " · p99 " + seconds(q.P99)}
	if l != nil {
		c.Detail += " · SLO " + l.Objective.String() + " " + map[bool]string{true: "met", false: "breached"}[l.Budget.Met]
		c.Tone = map[bool]string{true: "good", false: "bad"}[l.Budget.Met]
	}
	return c, true
}

// periodCard is the span of the data on the report zone's clock, with the
// zone and the window's label.
func periodCard(s *aggregate.Summary) htmlCard {
	period := htmlCard{Label: "Period", Value: "—", Detail: "no line had a time", Text: true}
	if s.Span.Valid {
		period.Value = localTime(s.Span.First, s, "Jan 2 15:04") + " → " + localTime(s.Span.Last, s, "Jan 2 15:04")
		period.Detail = localTime(s.Span.First, s, "2006") + " · time zone " + zoneLabel(s)
		if s.Window.Label != "" {
			period.Detail += " · " + visible([]byte(s.Window.Label))
		}
	}
	return period
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
		c.Value, c.Path = cut(visible([]byte(ins[0].Name)), 60), true
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
