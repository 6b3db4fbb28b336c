package aggregate

// Outlier is a handful of requests stamped far away from all the others:
// a line dated 1970 in last night's log, a clock that jumped a year. They
// are counted like any request, but they stretch the span (and so the
// time budget and the series) over the years between, so the reports name
// them.
type Outlier struct {
	First, Last int64 // the stray requests' earliest and latest minute
	Requests    int64
	Before      bool  // they come before the rest (else after)
	Gap         int64 // seconds between them and the nearest of the rest
}

// Outliers are far from the rest when a group holds at most one request in
// a thousand (at least one request) and the gap to the rest is at least
// outlierMinGap and at least as long as the rest's own span.
const outlierMinGap = 7 * 86400

// outliers finds the stray groups at either end of the minute series, in
// time order. minutes are ascending.
func outliers(minutes []Slice) []Outlier {
	var total int64
	for _, m := range minutes {
		total += m.Requests()
	}
	limit := max(1, total/1000)
	lo, hi := 0, len(minutes)-1
	var before, after []Outlier
	// Peel from either end until neither has strays: a stray at one end
	// stretches the rest's span and can hide one at the other end.
	for found := true; found && lo < hi; {
		found = false
		if o, next, ok := strayPrefix(minutes, lo, hi, limit, +1); ok {
			before, lo, found = append(before, o), next, true
		}
		if lo >= hi {
			break
		}
		if o, next, ok := strayPrefix(minutes, hi, lo, limit, -1); ok {
			after, hi, found = append(after, o), next, true
		}
	}
	for i, j := 0, len(after)-1; i < j; i, j = i+1, j-1 {
		after[i], after[j] = after[j], after[i]
	}
	return append(before, after...)
}

// strayPrefix walks from the edge at minute from towards to (dir +1 or
// −1) and returns the first group, holding at most limit requests, that a
// gap separates from the rest as outliers are. next is the rest's edge.
func strayPrefix(minutes []Slice, from, to int, limit int64, dir int) (o Outlier, next int, ok bool) {
	var n int64
	for i := from; i != to; i += dir {
		n += minutes[i].Requests()
		if n > limit {
			return Outlier{}, 0, false
		}
		gap := minutes[i+dir].Start - minutes[i].Start
		rest := minutes[to].Start - minutes[i+dir].Start
		if dir < 0 {
			gap, rest = -gap, -rest
		}
		if gap >= outlierMinGap && gap >= rest {
			o = Outlier{First: minutes[from].Start, Last: minutes[i].Start, Requests: n, Before: dir > 0, Gap: gap - 60}
			if dir < 0 {
				o.First, o.Last = o.Last, o.First
			}
			return o, i + dir, true
		}
	}
	return Outlier{}, 0, false
}
