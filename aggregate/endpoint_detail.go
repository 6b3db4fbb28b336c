package aggregate

import (
	"bytes"
	"cmp"
	"slices"
	"sort"
)

// An endpoint's detail: how many requests got each status, and the first
// few of its bad lines, so that a report can go from "this endpoint
// failed" to the lines that failed. Both add up like the rest of a
// keyStat: codes are sums, and the samples kept are the first
// EndpointSamples by input and line, whatever the order the workers saw
// them in.

// EndpointSamples is how many bad lines an endpoint keeps.
const EndpointSamples = 5

// codeCount is the requests of one status.
type codeCount struct {
	code int32
	n    int64
}

// detail is the part of a keyStat only endpoints fill.
type detail struct {
	// codes is short (an endpoint answers with a few statuses), so a
	// scan beats a map; statuses are 0..999, which bounds it.
	codes   []codeCount
	samples []Sample // sorted by (order, Line), at most EndpointSamples
}

// addCode counts one request of a status.
func (d *detail) addCode(status int) {
	for i := range d.codes {
		if d.codes[i].code == int32(status) {
			d.codes[i].n++
			return
		}
	}
	d.codes = append(d.codes, codeCount{int32(status), 1})
}

// addSample keeps a bad line if it is among the first EndpointSamples.
func (d *detail) addSample(s Sample, text []byte) {
	at := sort.Search(len(d.samples), func(i int) bool { return sampleLess(s, d.samples[i]) })
	if at >= EndpointSamples {
		return
	}
	if len(text) > SampleBytes {
		text = text[:SampleBytes]
	}
	s.Text = bytes.Clone(text)
	d.samples = append(d.samples, Sample{})
	copy(d.samples[at+1:], d.samples[at:])
	d.samples[at] = s
	if len(d.samples) > EndpointSamples {
		d.samples = d.samples[:EndpointSamples]
	}
}

// merge adds o in. The codes end sorted, so that a merged detail does
// not remember the order its worker saw them in.
func (d *detail) merge(o *detail) {
	if len(o.codes) > 0 {
		for _, c := range o.codes {
			d.addCodes(int(c.code), c.n)
		}
		d.sortCodes()
	}
	if len(o.samples) == 0 {
		return
	}
	d.samples = append(d.samples, o.samples...)
	sortSamples(d.samples)
	if len(d.samples) > EndpointSamples {
		d.samples = d.samples[:EndpointSamples]
	}
}

func (d *detail) sortCodes() {
	slices.SortFunc(d.codes, func(a, b codeCount) int { return cmp.Compare(a.code, b.code) })
}

// addCodes adds n requests of a status.
func (d *detail) addCodes(status int, n int64) {
	for i := range d.codes {
		if d.codes[i].code == int32(status) {
			d.codes[i].n += n
			return
		}
	}
	d.codes = append(d.codes, codeCount{int32(status), n})
}

// codeMap returns the requests per status; nil when none were counted.
func (d *detail) codeMap() map[int]int64 {
	if len(d.codes) == 0 {
		return nil
	}
	m := make(map[int]int64, len(d.codes))
	for _, c := range d.codes {
		m[int(c.code)] += c.n
	}
	return m
}

func sortSamples(s []Sample) {
	sort.SliceStable(s, func(i, k int) bool { return sampleLess(s[i], s[k]) })
}

// ClientErrors returns the 4xx requests among the codes.
func (k KeyStats) ClientErrors() int64 {
	var n int64
	for c, v := range k.Codes {
		if c >= 400 && c <= 499 {
			n += v
		}
	}
	return n
}

// topClientErrors returns the kept endpoints with 4xx answers, most first,
// at most TopKeys: the 404 and 429 views of a report.
func (b *breakdown) topClientErrors() []KeyStats {
	var out []KeyStats
	for key, s := range b.keys {
		ks := b.keyStats(key, s)
		if ks.ClientErrors() > 0 {
			out = append(out, ks)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if ca, cb := a.ClientErrors(), b.ClientErrors(); ca != cb {
			return ca > cb
		}
		if a.Requests != b.Requests {
			return a.Requests > b.Requests
		}
		return a.Key < b.Key
	})
	if len(out) > TopKeys {
		out = out[:TopKeys]
	}
	return out
}

// eachSample calls f with every kept bad line of the breakdown.
func (b *breakdown) eachSample(f func(*Sample)) {
	for _, k := range b.keys {
		for i := range k.samples {
			f(&k.samples[i])
		}
	}
	for i := range b.other.samples {
		f(&b.other.samples[i])
	}
}

// dropInsight forgets what only some of the merged summaries have: the
// tables of who sent the requests, and the endpoints' codes and bad
// lines, which a summary saved before they were kept lacks.
func (t *tally) dropInsight() {
	t.insight = nil
	drop := func(k *keyStat) { k.detail = detail{} }
	for _, k := range t.endpoints.keys {
		drop(k)
	}
	drop(&t.endpoints.other)
}
