package report

import (
	"encoding/json"
	"math"
	"slices"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/reference"
)

// An HTML report whose Summary kept requests per bucket and status
// (aggregate.Options.Statuses, or StatusDims split by host and endpoint)
// carries those counts as JSON, and html_filter.js recomputes the
// headline, the time charts and the status, endpoint and host tables for
// a time range, a host, an endpoint and a status class. The data is
// bounded whatever the logs: hosts and endpoints are the breakdowns' top
// keys (TopKeys) with the rest under OtherKey, and buckets are merged, a
// run of consecutive ones at a time, until the rows fit maxFilterRows and
// the buckets maxFilterBuckets. Merged buckets keep exact edges, so a
// selection is always a range a --since/--until run can repeat. Beside
// them, the failing series names who sent the bad requests of a
// selection (html_filter_failing.go).

// filterLayout writes a bucket's edges in the filters' selects and lines.
const filterLayout = "2006-01-02 15:04"

// maxFilterRows bounds the embedded rows, about 20 bytes each.
const maxFilterRows = 20000

// maxFilterBuckets bounds the time steps a selection can snap to: as
// many as the charts have points.
const maxFilterBuckets = maxChartSlots

// filterData is the JSON the page's filters read. Rows are [bucket, code,
// host, endpoint, requests], each an index into the lists beside them;
// host and endpoint are -1 when the counts are not split by them.
type filterData struct {
	Zone       string       `json:"zone"`
	Rule       string       `json:"rule"`
	Target     int64        `json:"target,omitempty"` // the SLO in parts per billion; 0 without one
	TargetText string       `json:"targetText,omitempty"`
	Start      []int64      `json:"start"` // bucket i is [Start[i], End[i]) in Unix seconds
	End        []int64      `json:"end"`
	Wall       []int64      `json:"wall"` // Start on the zone's clock in ms, as the charts' axes
	From       []string     `json:"from"` // Start and End as the page shows them
	To         []string     `json:"to"`
	Codes      []filterCode `json:"codes"`
	Hosts      []string     `json:"hosts"`
	Endpoints  []string     `json:"endpoints"`
	Rows       [][5]int64   `json:"rows"`
	Note       string       `json:"note,omitempty"`
	// Failing is who sent the bad requests, per bucket of its own; nil
	// when the summary has no failing series.
	Failing *failingData `json:"failing,omitempty"`
}

// filterCode is a status code with what the report's rule makes of it.
type filterCode struct {
	Code   int    `json:"code"`
	Class  int    `json:"class"` // 1..5; 0: not a valid status
	Phrase string `json:"phrase"`
	Bad    bool   `json:"bad"`
	Judged bool   `json:"judged"`
}

// filterCell is one count before bucketing: the index of its bucket in
// Summary.Buckets and of its keys in the lists.
type filterCell struct {
	bucket, code, host, endpoint int
}

// noHostLabel names the requests that logged no host.
const noHostLabel = "(no host)"

// htmlFilter returns the filters' JSON, or nil when the Summary kept no
// per-status counts. It never fails the report: counts it cannot place
// leave the page without filters.
func htmlFilter(s *aggregate.Summary, opt Options) json.RawMessage {
	f, ok := filterOf(s, opt)
	if !ok {
		return nil
	}
	b, err := json.Marshal(f)
	if err != nil {
		return nil
	}
	return b
}

func filterOf(s *aggregate.Summary, opt Options) (*filterData, bool) {
	cells, f, ok := filterCells(s)
	if !ok || len(s.Buckets) == 0 {
		return nil, false
	}
	f.Zone, f.Rule = zoneLabel(s), s.Rule.String()
	if opt.SLO != nil {
		f.Target = int64(math.Round(opt.SLO.Target.Ratio() * 1e9))
		f.TargetText = opt.SLO.Target.String()
	}
	f.Failing = failingFilter(s)
	k, dropHost, dropEndpoint := 1, false, false
	for {
		n := (len(s.Buckets) + k - 1) / k
		if rows := len(grouped(cells, k, dropHost, dropEndpoint)); rows <= maxFilterRows && n <= maxFilterBuckets {
			break
		}
		switch {
		case n > 1:
			k *= 2
		case len(f.Endpoints) > 0 && !dropEndpoint:
			dropEndpoint, k, f.Endpoints = true, 1, nil
			f.Note = "Too many combinations to embed: the endpoint filter is left out."
		case len(f.Hosts) > 0 && !dropHost:
			dropHost, k, f.Hosts = true, 1, nil
			f.Note = "Too many combinations to embed: the host and endpoint filters are left out."
		default:
			return nil, false
		}
	}
	sums := grouped(cells, k, dropHost, dropEndpoint)
	keys := make([]filterCell, 0, len(sums))
	for c := range sums {
		keys = append(keys, c)
	}
	slices.SortFunc(keys, func(a, b filterCell) int {
		if a.bucket != b.bucket {
			return a.bucket - b.bucket
		}
		if a.code != b.code {
			return a.code - b.code
		}
		if a.host != b.host {
			return a.host - b.host
		}
		return a.endpoint - b.endpoint
	})
	for _, c := range keys {
		f.Rows = append(f.Rows, [5]int64{int64(c.bucket), int64(c.code), int64(c.host), int64(c.endpoint), sums[c]})
	}
	for i := 0; i < len(s.Buckets); i += k {
		first, last := s.Buckets[i], s.Buckets[min(i+k, len(s.Buckets))-1]
		f.Start, f.End = append(f.Start, first.Start), append(f.End, last.End)
		f.Wall = append(f.Wall, ms(wall(first.Start, s.Zone)))
		f.From, f.To = append(f.From, localTime(first.Start, s, filterLayout)), append(f.To, localTime(last.End, s, filterLayout))
	}
	return f, true
}

// grouped sums the cells over runs of k buckets, leaving out the keys
// dropped.
func grouped(cells map[filterCell]int64, k int, dropHost, dropEndpoint bool) map[filterCell]int64 {
	out := make(map[filterCell]int64, len(cells))
	for c, n := range cells {
		c.bucket /= k
		if dropHost {
			c.host = -1
		}
		if dropEndpoint {
			c.endpoint = -1
		}
		out[c] += n
	}
	return out
}

// filterCells reads the per-status counts of s at its buckets, with the
// lists of codes, hosts and endpoints they index.
func filterCells(s *aggregate.Summary) (map[filterCell]int64, *filterData, bool) {
	type count struct {
		start          int64
		status         int
		host, endpoint string
		requests       int64
	}
	var counts []count
	by := s.Dims()
	switch {
	case by != 0:
		series, err := s.DimSeries(by)
		if err != nil {
			return nil, nil, false
		}
		for _, b := range series {
			counts = append(counts, count{b.Start, b.Status, b.Host, b.Endpoint, b.Requests})
		}
	case s.HasStatuses():
		for _, b := range s.StatusSeries() {
			counts = append(counts, count{b.Start, b.Status, "", "", b.Requests})
		}
	default:
		return nil, nil, false
	}
	f := &filterData{Hosts: []string{}, Endpoints: []string{}}
	// A format that logs no host has no host breakdown: nothing to pick.
	hosts := keyIndex(by&aggregate.DimHost != 0 && len(s.Hosts.Keys) > 0, s.Hosts, &f.Hosts)
	endpoints := keyIndex(by&aggregate.DimEndpoint != 0, s.Endpoints, &f.Endpoints)
	codes := map[int]int{}
	bucket := make(map[int64]int, len(s.Buckets))
	for i, b := range s.Buckets {
		bucket[b.Start] = i
	}
	cells := make(map[filterCell]int64, len(counts))
	for _, c := range counts {
		i, ok := bucket[c.start]
		if !ok {
			return nil, nil, false // not the Summary's buckets
		}
		ci, ok := codes[c.status]
		if !ok {
			ci = len(f.Codes)
			codes[c.status] = ci
			f.Codes = append(f.Codes, codeOf(s, c.status))
		}
		cells[filterCell{i, ci, hosts(c.host), endpoints(c.endpoint)}] += c.requests
	}
	return cells, f, true
}

// keyIndex returns the index of a key in names, which it fills with the
// breakdown's top keys as the report's tables show them and OtherKey for
// the rest; -1 for every key when the counts are not split by it. Every
// key is looked up once: a report can have thousands of rows per key.
func keyIndex(split bool, b aggregate.Breakdown, names *[]string) func(string) int {
	if !split {
		*names = nil
		return func(string) int { return -1 }
	}
	top := make(map[string]bool, len(b.Keys))
	for _, k := range b.Keys {
		top[k.Key] = true
	}
	index := map[string]int{}
	add := func(key, label string) int {
		if i, ok := index[key]; ok {
			return i
		}
		index[key] = len(*names)
		*names = append(*names, label)
		return index[key]
	}
	return func(key string) int {
		if i, ok := index[key]; ok {
			return i
		}
		var i int
		switch {
		case key == "":
			i = add(key, noHostLabel)
		case key == aggregate.OtherKey || !top[key]:
			i = add(aggregate.OtherKey, aggregate.OtherKey)
		default:
			i = add(key, visible([]byte(key)))
		}
		index[key] = i
		return i
	}
}

// codeOf is a status with its phrase, as the codes table shows it, and
// the rule's verdict.
func codeOf(s *aggregate.Summary, code int) filterCode {
	phrase := reference.Phrase(code)
	if ms := reference.Meanings(code); phrase == "" && len(ms) > 0 {
		phrase = ms[0].Phrase
	}
	if phrase == "" {
		phrase = "—"
	}
	return filterCode{Code: code, Class: int(reference.ClassOf(code)), Phrase: phrase,
		Bad: s.Rule.IsBad(code), Judged: s.Rule.Judges(code)}
}
