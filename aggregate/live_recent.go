package aggregate

// What failed lately, by the time lines were read rather than the time
// they carry: a live board's "failing now". A follow run reads the lines
// of the last seconds, so the two agree while it keeps up.

import (
	"sort"
	"time"
)

// recentRead is the failures of one feed.
type recentRead struct {
	at        time.Time
	lines     int64
	codes     map[int]int64    // bad requests by status
	endpoints map[string]int64 // bad requests by endpoint
	clients   map[string]int64 // bad requests by client
}

// Recent is what was read over the last stretch of time.
type Recent struct {
	Span  time.Duration // the stretch, shorter at the start of a run
	Lines int64         // lines read
	// Codes, Endpoints and Clients are the bad requests read, by status,
	// by endpoint and by client, most first.
	Codes     []RecentCount
	Endpoints []RecentCount
	Clients   []RecentCount
}

// RecentCount is the bad requests of one status, endpoint or client.
type RecentCount struct {
	Key   string
	Count int64
}

// maxRecentKeys bounds the endpoints and clients a feed remembers, and
// maxRecentReads the feeds remembered: a busy log fed many times a
// second keeps the memory of a few.
const (
	maxRecentKeys  = 20
	maxRecentReads = 512
	recentSpan     = 5 * time.Minute
)

// noteRecent remembers the failures of the partials of one feed, read at
// at, and forgets those older than recentSpan.
func (l *Live) noteRecent(at time.Time, parts []*partial) {
	r := recentRead{at: at, codes: map[int]int64{}, endpoints: map[string]int64{}, clients: map[string]int64{}}
	for _, p := range parts {
		for _, n := range p.inputs {
			r.lines += n.Read
		}
		for code, n := range p.codes {
			if n > 0 && p.verdict[code] == verdictBad {
				r.codes[code] += n
			}
		}
		for key, k := range p.endpoints.keys {
			if b := k.bad(); b > 0 {
				r.endpoints[key] += b
			}
		}
		// A feed's clients of bad requests: every one, unless more
		// than the table keeps failed in the one feed.
		for key, k := range p.insight.failing[0].keys {
			r.clients[key] += k.requests
		}
	}
	r.endpoints, r.clients = topRecent(r.endpoints), topRecent(r.clients)
	l.recent = append(l.recent, r)
	drop := 0
	for drop < len(l.recent) && (at.Sub(l.recent[drop].at) > recentSpan || len(l.recent)-drop > maxRecentReads) {
		drop++
	}
	l.recent = append(l.recent[:0], l.recent[drop:]...)
}

// topRecent keeps the maxRecentKeys keys of m with the most bad requests.
func topRecent(m map[string]int64) map[string]int64 {
	if len(m) <= maxRecentKeys {
		return m
	}
	top := map[string]int64{}
	for _, c := range sorted(m)[:maxRecentKeys] {
		top[c.Key] = c.Count
	}
	return top
}

// Recent returns what was read in the last d (at most five minutes)
// before now.
func (l *Live) Recent(now time.Time, d time.Duration) Recent {
	d = min(d, recentSpan)
	out := Recent{Span: d}
	codes, endpoints, clients := map[string]int64{}, map[string]int64{}, map[string]int64{}
	for _, r := range l.recent {
		if now.Sub(r.at) > d {
			continue
		}
		out.Lines += r.lines
		for c, n := range r.codes {
			codes[itoa(c)] += n
		}
		for k, n := range r.endpoints {
			endpoints[k] += n
		}
		for k, n := range r.clients {
			clients[k] += n
		}
	}
	if !l.started.IsZero() && now.Sub(l.started) < d {
		out.Span = max(now.Sub(l.started), time.Second)
	}
	out.Codes, out.Endpoints, out.Clients = sorted(codes), sorted(endpoints), sorted(clients)
	return out
}

func itoa(n int) string {
	if n < 0 || n > 999 {
		return "?"
	}
	return string([]byte{byte('0' + n/100), byte('0' + n/10%10), byte('0' + n%10)})
}

// sorted lists counts most first, then by key.
func sorted(m map[string]int64) []RecentCount {
	out := make([]RecentCount, 0, len(m))
	for k, n := range m {
		out = append(out, RecentCount{Key: k, Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Key < out[j].Key
	})
	return out
}
