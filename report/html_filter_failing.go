package report

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/slareport/slareport/aggregate"
)

// The failing part of the filters' data: the bad requests per bucket of
// the failing series (aggregate.FailingSeries), class and key of the
// clients, user agents and referrers tables, so that the "who" section
// names who failed within a selection. Its buckets are coarser than the
// charts' (an hour for a day's log); a selection counts the buckets that
// overlap it, and the page says which range that is.

// maxFailingRows bounds the failing rows, as maxFilterRows does the
// others: past it, the keys with the fewest bad requests over the report
// join (other), table by table, until the rows fit.
const maxFailingRows = 20000

// failingData is the JSON of the failing series. Rows are [bucket, class,
// table, key, bad]: table is 0 (clients), 1 (user agents), 2 (referrers)
// or -1 for all the bad requests, key an index into Keys[table], -1 for
// (other) or for table -1.
type failingData struct {
	Start []int64     `json:"start"`
	End   []int64     `json:"end"`
	From  []string    `json:"from"`
	To    []string    `json:"to"`
	Keys  [3][]string `json:"keys"`
	Rows  [][5]int64  `json:"rows"`
	// Lines are the first bad lines of each bucket and class
	// (aggregate.FailingSamples at most), shown as the report's tables
	// of bad lines show them.
	Lines     []failingSample `json:"lines"`
	PerBucket int             `json:"perBucket"` // the most lines a bucket and class keep
}

// failingSample is one bad line of the failing series.
type failingSample struct {
	Bucket int    `json:"b"`
	Class  int    `json:"c"`
	Where  string `json:"where"` // input:line
	Text   string `json:"text"`
}

// failingFilter returns the failing part of the filters' data; nil when
// the summary has no failing series.
func failingFilter(s *aggregate.Summary) *failingData {
	series := s.FailingSeries()
	if series == nil {
		return nil
	}
	return failingOf(series, s)
}

// failingOf returns the failing data of a series, with times on the
// clock of s.
func failingOf(series []aggregate.FailingBucket, s *aggregate.Summary) *failingData {
	f := &failingData{Start: []int64{}, End: []int64{}, From: []string{}, To: []string{}, Rows: [][5]int64{}, Lines: []failingSample{},
		PerBucket: aggregate.FailingSamples}
	// The keys each table keeps, most bad requests first.
	var totals [3]map[string]int64
	for i := range totals {
		totals[i] = map[string]int64{}
	}
	buckets := map[int64]int{}
	for _, b := range series {
		if _, ok := buckets[b.Start]; !ok {
			buckets[b.Start] = len(f.Start)
			f.Start, f.End = append(f.Start, b.Start), append(f.End, b.End)
			f.From, f.To = append(f.From, localTime(b.Start, s, filterLayout)), append(f.To, localTime(b.End, s, filterLayout))
		}
		if b.Table != aggregate.FailAll && b.Key != aggregate.OtherKey {
			totals[b.Table][b.Key] += b.Bad
		}
		for _, smp := range b.Samples {
			f.Lines = append(f.Lines, failingSample{Bucket: buckets[b.Start], Class: b.Class,
				Where: visible([]byte(smp.Input)) + ":" + strconv.FormatInt(smp.Line, 10), Text: visible(smp.Text)})
		}
	}
	var ranked [3][]string
	for i, m := range totals {
		for k := range m {
			ranked[i] = append(ranked[i], k)
		}
		slices.SortFunc(ranked[i], func(a, b string) int { return cmp.Or(cmp.Compare(m[b], m[a]), cmp.Compare(a, b)) })
	}
	// Keep the top n keys of each table, n halving until the rows fit.
	n := max(len(ranked[0]), len(ranked[1]), len(ranked[2]))
	for {
		rows := failingRows(series, buckets, ranked, n, f)
		if len(rows) <= maxFailingRows || n == 0 {
			f.Rows = rows
			return f
		}
		n /= 2
	}
}

// failingRows returns the rows with the top n keys of each table named,
// the others summed under (other), and fills f.Keys with the names.
func failingRows(series []aggregate.FailingBucket, buckets map[int64]int, ranked [3][]string, n int, f *failingData) [][5]int64 {
	var index [3]map[string]int
	for i := range ranked {
		keep := slices.Clone(ranked[i][:min(n, len(ranked[i]))])
		slices.Sort(keep)
		f.Keys[i] = make([]string, len(keep))
		index[i] = make(map[string]int, len(keep))
		for j, k := range keep {
			// The page shows a key as the tables of the report do.
			f.Keys[i][j] = cut(visible([]byte(k)), maxHTMLKey)
			index[i][k] = j
		}
	}
	type cell struct{ bucket, class, table, key int64 }
	sums := map[cell]int64{}
	var order []cell
	for _, b := range series {
		c := cell{int64(buckets[b.Start]), int64(b.Class), int64(b.Table), -1}
		if b.Table != aggregate.FailAll {
			if j, ok := index[b.Table][b.Key]; ok {
				c.key = int64(j)
			}
		}
		if _, ok := sums[c]; !ok {
			order = append(order, c)
		}
		sums[c] += b.Bad
	}
	slices.SortFunc(order, func(a, b cell) int {
		return cmp.Or(cmp.Compare(a.bucket, b.bucket), cmp.Compare(a.class, b.class), cmp.Compare(a.table, b.table), cmp.Compare(a.key, b.key))
	})
	rows := make([][5]int64, 0, len(order))
	for _, c := range order {
		rows = append(rows, [5]int64{c.bucket, c.class, c.table, c.key, sums[c]})
	}
	return rows
}
