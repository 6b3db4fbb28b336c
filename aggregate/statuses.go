package aggregate

// Requests per minute and status, kept for the Parquet rollup when a run
// is asked to (Options.Statuses).

import (
	"fmt"
	"sort"
)

// statusTally counts requests per minute and status. A minute holds a
// handful of statuses, kept in a short list; a worker's requests arrive
// nearly in time order, so the last minute's list is cached.
type statusTally struct {
	rows    map[int64]*statusRow
	lastMin int64
	last    *statusRow
}

type statusRow []struct {
	status int
	n      int64
}

// add counts n requests of the given status in the minute starting at m.
func (s *statusTally) add(m int64, status int, n int64) {
	if s.last == nil || m != s.lastMin {
		if s.rows == nil {
			s.rows = map[int64]*statusRow{}
		}
		r := s.rows[m]
		if r == nil {
			r = &statusRow{}
			s.rows[m] = r
		}
		s.lastMin, s.last = m, r
	}
	row := *s.last
	for i := range row {
		if row[i].status == status {
			row[i].n += n
			return
		}
	}
	*s.last = append(row, struct {
		status int
		n      int64
	}{status, n})
}

func (s *statusTally) merge(o *statusTally) {
	for m, r := range o.rows {
		for _, c := range *r {
			s.add(m, c.status, c.n)
		}
	}
}

func (s *statusTally) list() []StatusCount {
	out := []StatusCount{}
	for m, r := range s.rows {
		for _, c := range *r {
			out = append(out, StatusCount{Minute: m, Status: c.status, Requests: c.n})
		}
	}
	sort.Slice(out, func(i, k int) bool {
		if out[i].Minute != out[k].Minute {
			return out[i].Minute < out[k].Minute
		}
		return out[i].Status < out[k].Status
	})
	return out
}

func statusesOf(list []StatusCount) (*statusTally, error) {
	s := &statusTally{}
	for _, c := range list {
		if c.Minute%60 != 0 || c.Status < 0 || c.Status > 999 || c.Requests <= 0 || c.Requests > maxCount {
			return nil, fmt.Errorf("impossible status count %d × %d at %d", c.Requests, c.Status, c.Minute)
		}
		s.add(c.Minute, c.Status, c.Requests)
	}
	return s, nil
}

// HasStatuses reports whether the summary kept requests per minute and
// status (Options.Statuses), which StatusSeries needs.
func (s *Summary) HasStatuses() bool { return s.tally != nil && s.tally.statuses != nil }

// StatusBucket is the requests with one status in one bucket of the
// report's series.
type StatusBucket struct {
	Start, End int64 // [Start, End) in Unix seconds
	Status     int
	Requests   int64
}

// StatusSeries returns the requests per bucket (of BucketSeconds, as in
// Buckets) and status, by bucket then status; nil unless HasStatuses.
func (s *Summary) StatusSeries() []StatusBucket {
	if !s.HasStatuses() {
		return nil
	}
	bk := newBucketer(s.BucketSeconds, s.Zone)
	type key struct {
		start  int64
		status int
	}
	sum := map[key]*StatusBucket{}
	for _, c := range s.tally.statuses.list() {
		start, end := bk.bucket(c.Minute)
		k := key{start, c.Status}
		b := sum[k]
		if b == nil {
			b = &StatusBucket{Start: start, End: end, Status: c.Status}
			sum[k] = b
		}
		b.Requests += c.Requests
	}
	out := make([]StatusBucket, 0, len(sum))
	for _, b := range sum {
		out = append(out, *b)
	}
	sort.Slice(out, func(i, k int) bool {
		if out[i].Start != out[k].Start {
			return out[i].Start < out[k].Start
		}
		return out[i].Status < out[k].Status
	})
	return out
}
