package aggregate

import "time"

// AlertRule is one multi-window burn-rate alert from the Google SRE
// Workbook's table for request-based SLOs: it fires when the burn rate over
// both the long and the short window exceeds Threshold. The long window
// makes the alert significant, the short one makes it stop soon after the
// problem does.
type AlertRule struct {
	Severity    string // "page" or "ticket"
	Long, Short time.Duration
	Threshold   float64
}

// AlertRules are the four rules of the Workbook's table (chapter 5,
// "Alerting on SLOs", table 5-8), which Sloth also uses by default: for a
// 30-day budget they fire when 2% of it is spent in an hour, 5% in six
// hours, 10% in a day and 10% in three days.
var AlertRules = []AlertRule{
	{"page", time.Hour, 5 * time.Minute, 14.4},
	{"page", 6 * time.Hour, 30 * time.Minute, 6},
	{"ticket", 24 * time.Hour, 2 * time.Hour, 3},
	{"ticket", 72 * time.Hour, 6 * time.Hour, 1},
}

// PageRules returns the rules of AlertRules that page, in their order: the
// burn rates worth marking on a chart of burn rate.
func PageRules() []AlertRule {
	var page []AlertRule
	for _, r := range AlertRules {
		if r.Severity == "page" {
			page = append(page, r)
		}
	}
	return page
}

// AlertState is a rule replayed over the window, minute by minute.
type AlertState struct {
	Rule AlertRule
	// Firing is the state at the end of the replay; LongBurn and ShortBurn
	// are the burn rates there.
	Firing              bool
	LongBurn, ShortBurn float64
	// FirstFired is the end of the first minute at which the rule fired
	// (the rule is evaluated once a minute, when the minute is complete);
	// Fired is false when it never did. MinutesFired counts the minutes at
	// whose end it was firing.
	Fired        bool
	FirstFired   int64
	MinutesFired int64
}

// evaluateAlerts replays the minute series: at the end of every minute
// from the first request up to the minute holding end (exclusive), it
// computes each rule's burn rates over the trailing windows.
//
// A window counts the requests of the minutes it covers; at the start of
// the data a window is only partly filled and counts what there is. Empty
// minutes add nothing, and a window without requests has burn rate 0 (no
// traffic is not an outage).
//
// The replay is sparse: a window's sums change only when a minute with
// requests enters or leaves it, so each rule is evaluated at those points
// alone and the state between them is carried over. Time and memory grow
// with the minutes that have requests, never with the span, so one line
// stamped decades away costs nothing.
func evaluateAlerts(minutes []Slice, end int64, t Target) []AlertState {
	points := make([]minutePoint, len(minutes))
	for i, m := range minutes {
		points[i] = minutePoint{m.Start, m.Judged(), m.Bad}
	}
	return replayRules(AlertRules, points, end, t)
}

// minutePoint is one minute of a series as the replay reads it: its
// start, its judged requests and the bad ones.
type minutePoint struct{ start, requests, bad int64 }

// replayRules replays rules over the minutes (ascending), as
// evaluateAlerts describes.
func replayRules(rules []AlertRule, minutes []minutePoint, end int64, t Target) []AlertState {
	states := make([]AlertState, len(rules))
	for i, r := range rules {
		states[i].Rule = r
	}
	if len(minutes) == 0 {
		return states
	}
	first := minutes[0].start
	n := (end - first + 59) / 60 // minutes from first to end
	if n <= 0 {
		return states
	}
	// idx are the minutes' indices from first; req and bad prefix sums
	// over them.
	idx := make([]int64, 0, len(minutes))
	req := make([]int64, 1, len(minutes)+1)
	bad := make([]int64, 1, len(minutes)+1)
	for _, m := range minutes {
		i := (m.start - first) / 60
		if i >= n {
			break
		}
		idx = append(idx, i)
		req = append(req, req[len(req)-1]+m.requests)
		bad = append(bad, bad[len(bad)-1]+m.bad)
	}
	budget := t.BudgetShare()
	for k, r := range rules {
		replay(&states[k], idx, req, bad, n, int64(r.Long/time.Minute), int64(r.Short/time.Minute), budget, t.Limit(r.Threshold), first)
	}
	return states
}

// replay evaluates one rule at the ends of minutes 1..n (the end of minute
// index i−1 is evaluation point i) and fills st. Its window of w minutes at
// point i covers minute indices [i−w, i−1]. Whether the rule fires is
// decided exactly, by lim; the burn rates are for showing.
func replay(st *AlertState, idx, req, bad []int64, n, lw, sw int64, budget float64, lim BurnLimit, first int64) {
	// Evaluation points where a sum changes: a minute enters every window
	// at idx+1 and leaves one of w minutes at idx+1+w. Three ascending
	// sequences, merged as they are walked.
	var next [3]int // positions in idx for the offsets 1, 1+sw, 1+lw
	offs := [3]int64{1, 1 + sw, 1 + lw}
	// The prefix sums' cut points at point i: how many minutes have an
	// index below i, i − sw and i − lw. They only move forward.
	var cutNow, cutShort, cutLong int
	burn := func(hi, lo int) float64 {
		r := req[hi] - req[lo]
		if r == 0 {
			return 0
		}
		return float64(bad[hi]-bad[lo]) / float64(r) / budget
	}
	advance := func(cut *int, limit int64) {
		for *cut < len(idx) && idx[*cut] < limit {
			*cut++
		}
	}
	point := int64(1)
	for point <= n {
		advance(&cutNow, point)
		advance(&cutShort, point-sw)
		advance(&cutLong, point-lw)
		l, s := burn(cutNow, cutLong), burn(cutNow, cutShort)
		firing := lim.ExceededBy(bad[cutNow]-bad[cutLong], req[cutNow]-req[cutLong]) &&
			lim.ExceededBy(bad[cutNow]-bad[cutShort], req[cutNow]-req[cutShort])
		// The next point where a sum changes, or past the end.
		following := n + 1
		for j := range next {
			for next[j] < len(idx) && idx[next[j]]+offs[j] <= point {
				next[j]++
			}
			if next[j] < len(idx) {
				following = min(following, idx[next[j]]+offs[j])
			}
		}
		if firing {
			st.MinutesFired += following - point
			if !st.Fired {
				st.Fired, st.FirstFired = true, first+point*60
			}
		}
		if following > n {
			st.Firing, st.LongBurn, st.ShortBurn = firing, l, s
		}
		point = following
	}
}
