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

// AlertRules are the three rules slareport evaluates.
var AlertRules = []AlertRule{
	{"page", time.Hour, 5 * time.Minute, 14.4},
	{"page", 6 * time.Hour, 30 * time.Minute, 6},
	{"ticket", 72 * time.Hour, 6 * time.Hour, 1},
}

// AlertState is a rule evaluated over the whole window, minute by minute.
type AlertState struct {
	Rule AlertRule
	// Firing is the state at the end of the window; LongBurn and ShortBurn
	// are the burn rates there.
	Firing              bool
	LongBurn, ShortBurn float64
	// FirstFired is the end of the first minute at which the rule fired;
	// Fired is false when it never did. Minutes fired counts all of them.
	Fired        bool
	FirstFired   int64
	MinutesFired int64
}

// evaluateAlerts replays the minute series: at the end of every minute
// from the first request up to the minute holding end (exclusive), it
// computes each rule's burn rates over the trailing windows. Windows
// without requests have burn rate 0 (no data is not an outage).
func evaluateAlerts(minutes []Slice, end int64, t Target) []AlertState {
	states := make([]AlertState, len(AlertRules))
	for i, r := range AlertRules {
		states[i].Rule = r
	}
	if len(minutes) == 0 {
		return states
	}
	budget := float64(billion-t.ppb) / billion
	first := minutes[0].Start
	n := int((end - first + 59) / 60) // minutes from first to end
	if n <= 0 {
		return states
	}
	// Prefix sums of requests and bad requests per minute index.
	req := make([]int64, n+1)
	bad := make([]int64, n+1)
	j := 0
	for i := range n {
		req[i+1], bad[i+1] = req[i], bad[i]
		start := first + int64(i)*60
		for j < len(minutes) && minutes[j].Start < start {
			j++
		}
		if j < len(minutes) && minutes[j].Start == start {
			req[i+1] += minutes[j].Requests()
			bad[i+1] += minutes[j].Bad
		}
	}
	burn := func(i, w int) float64 { // over minutes (i-w, i]
		lo := max(i-w, 0)
		r := req[i] - req[lo]
		if r == 0 {
			return 0
		}
		return float64(bad[i]-bad[lo]) / float64(r) / budget
	}
	for k, r := range AlertRules {
		lw, sw := int(r.Long/time.Minute), int(r.Short/time.Minute)
		st := &states[k]
		for i := 1; i <= n; i++ {
			l, s := burn(i, lw), burn(i, sw)
			firing := l > r.Threshold && s > r.Threshold
			if firing {
				st.MinutesFired++
				if !st.Fired {
					st.Fired, st.FirstFired = true, first+int64(i)*60
				}
			}
			if i == n {
				st.Firing, st.LongBurn, st.ShortBurn = firing, l, s
			}
		}
	}
	return states
}
