package aggregate

import (
	"errors"
	"sort"
	"time"
)

// Comparing a report with the period before it: "how did this month
// compare with last?" The previous period is another Summary (a second
// pass over the logs, a re-windowed merge, or other summaries); the
// figures compared are derived here, once, for every renderer.

// Comparison is a report's figures against a previous period's.
type Comparison struct {
	Previous PeriodFigures
	// DeltaAvailability is the current availability minus the previous
	// one; nil when either had no judged request.
	DeltaAvailability *float64
	// DeltaRequests is the current requests minus the previous ones.
	DeltaRequests int64
	// NewFailingEndpoints are endpoints with bad requests now that had
	// none before (or were not seen), most bad requests first, at most
	// TopKeys.
	NewFailingEndpoints []string
	// NewFailingClients are clients with bad requests now that had none
	// before, most bad requests first, at most TopKeys: only those known
	// to be new, from the tables of the bad requests (a client the
	// previous period's table did not keep, when it capped, may have
	// failed then). Nil when either period lacks those tables.
	NewFailingClients []string
	// LatencyDelta is the change of the median and p99 in seconds; nil
	// when either period logged no duration.
	LatencyDelta *LatencyDelta
}

// PeriodFigures are a period's bounds and counts.
type PeriodFigures struct {
	// [Start, End): the period's window, or without one the span of its
	// requests; zero with neither.
	Start, End int64
	Requests   int64
	Bad        int64
	// Availability is (judged − bad)/judged; HasAvailability is false
	// with no judged request.
	Availability    float64
	HasAvailability bool
}

// LatencyDelta is the change of two latency quantiles, in seconds.
type LatencyDelta struct{ P50, P99 float64 }

// Compare returns the comparison of cur with prev.
func Compare(cur, prev *Summary) Comparison {
	c := Comparison{Previous: figures(prev), DeltaRequests: cur.Requests() - prev.Requests()}
	if a, ok := cur.Availability(); ok && c.Previous.HasAvailability {
		d := a - c.Previous.Availability
		c.DeltaAvailability = &d
	}
	if cur.Latency != nil && prev.Latency != nil {
		c.LatencyDelta = &LatencyDelta{P50: cur.Latency.P50 - prev.Latency.P50, P99: cur.Latency.P99 - prev.Latency.P99}
	}
	before := failing(prev)
	c.NewFailingEndpoints = mostBad(failing(cur), func(name string) bool { return before[name] == 0 })
	if now, then := failingClients(cur), failingClients(prev); now != nil && then != nil {
		c.NewFailingClients = mostBad(now.counts(), func(name string) bool {
			// Absent from a table that capped is new only if the
			// table would have kept it.
			return then.keys[name] == nil && (then.limit == 0 || keyHash([]byte(name)) < then.limit)
		})
	}
	return c
}

// mostBad returns the keys of bad that isNew accepts, most bad requests
// first, then by name, at most TopKeys.
func mostBad(bad map[string]int64, isNew func(string) bool) []string {
	type key struct {
		name string
		bad  int64
	}
	var fresh []key
	for name, n := range bad {
		if isNew(name) {
			fresh = append(fresh, key{name, n})
		}
	}
	sort.Slice(fresh, func(i, k int) bool {
		if fresh[i].bad != fresh[k].bad {
			return fresh[i].bad > fresh[k].bad
		}
		return fresh[i].name < fresh[k].name
	})
	out := []string{}
	for _, k := range fresh[:min(len(fresh), TopKeys)] {
		out = append(out, k.name)
	}
	return out
}

// failingClients returns the table of the bad requests' clients; nil
// for a summary without it.
func failingClients(s *Summary) *breakdown {
	if s.tally == nil || s.tally.insight == nil || s.tally.insight.noFailing {
		return nil
	}
	return &s.tally.insight.failing[0]
}

// counts returns the bad requests of the keys a failing table kept.
func (b *breakdown) counts() map[string]int64 {
	out := make(map[string]int64, len(b.keys))
	for name, k := range b.keys {
		out[name] = k.requests
	}
	return out
}

// figures are a summary's bounds and counts.
func figures(s *Summary) PeriodFigures {
	f := PeriodFigures{Requests: s.Requests(), Bad: s.Bad()}
	f.Availability, f.HasAvailability = s.Availability()
	switch w := s.Window; {
	case !w.Since.IsZero() && !w.Until.IsZero():
		f.Start, f.End = w.Since.Unix(), w.Until.Unix()
	case s.Span.Valid:
		f.Start, f.End = s.Span.First, s.Span.Last+1
	}
	return f
}

// failing returns the endpoints with bad requests and how many: every key
// the breakdown kept, not only the top ones a report lists.
func failing(s *Summary) map[string]int64 {
	out := map[string]int64{}
	if s.tally != nil {
		for name, k := range s.tally.endpoints.keys {
			if k.bad() > 0 {
				out[name] = k.bad()
			}
		}
		return out
	}
	for _, k := range s.Endpoints.Keys {
		if k.Bad > 0 && k.Key != OtherKey {
			out[k.Key] = k.Bad
		}
	}
	return out
}

// ErrNoWindow is PreviousWindow's refusal of a window without both ends.
var ErrNoWindow = errors.New("the window has no start or no end")

// PreviousWindow is the period of the same length just before w: the
// previous days when w is whole local days, the previous months when it
// is whole months, else the same number of seconds.
func PreviousWindow(w Window, loc *time.Location) (Window, error) {
	if w.Since.IsZero() || w.Until.IsZero() {
		return Window{}, ErrNoWindow
	}
	s, u := w.Since.In(loc), w.Until.In(loc)
	midnight := func(t time.Time) bool {
		return t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0
	}
	prev := Window{Until: w.Since}
	switch {
	case midnight(s) && midnight(u) && s.Day() == 1 && u.Day() == 1:
		months := (u.Year()-s.Year())*12 + int(u.Month()-s.Month())
		prev.Since = time.Date(s.Year(), s.Month()-time.Month(months), 1, 0, 0, 0, 0, loc)
	case midnight(s) && midnight(u):
		days := int(time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, time.UTC).Sub(time.Date(s.Year(), s.Month(), s.Day(), 0, 0, 0, 0, time.UTC)).Hours() / 24)
		prev.Since = time.Date(s.Year(), s.Month(), s.Day()-days, 0, 0, 0, 0, loc)
	default:
		prev.Since = w.Since.Add(-w.Until.Sub(w.Since))
	}
	return prev, nil
}
