package aggregate

import (
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
	// code0 and n0 are the first status counted and its requests, kept
	// inline: most of an endpoint's requests get one status, and counting
	// them then reads no memory beyond the keyStat's first cache line.
	code0 int32
	n0    int64
	// codes are the other statuses. The list is short (an endpoint
	// answers with a few statuses), so a scan beats a map; statuses are
	// 0..999, which bounds it.
	codes   []codeCount
	samples []Sample // sorted by (order, Line), at most EndpointSamples
}

// addCode counts one request of a status.
func (d *detail) addCode(status int) {
	if d.code0 == int32(status) && d.n0 > 0 {
		d.n0++
	} else {
		d.addCodes(status, 1)
	}
}

// addSample keeps a bad line if it is among the first EndpointSamples.
func (d *detail) addSample(s Sample, text []byte) {
	d.samples = keepSample(d.samples, s, text, EndpointSamples)
}

// merge adds o in. The codes end sorted, so that a merged detail does
// not remember the order its worker saw them in.
func (d *detail) merge(o *detail) {
	if o.n0 > 0 {
		d.addCodes(int(o.code0), o.n0)
		for _, c := range o.codes {
			d.addCodes(int(c.code), c.n)
		}
		d.sortCodes()
	}
	if len(o.samples) > 0 {
		d.samples = mergeSamples(d.samples, o.samples, EndpointSamples)
	}
}

// sortCodes puts the codes in a form that depends only on the counts: the
// most frequent status inline (the lowest of a tie), the others by
// status. A merged or loaded detail then does not remember the order its
// workers saw the statuses in.
func (d *detail) sortCodes() {
	if d.n0 == 0 {
		return
	}
	all := append(d.codes, codeCount{d.code0, d.n0})
	slices.SortFunc(all, func(a, b codeCount) int { return cmp.Compare(a.code, b.code) })
	top := 0
	for i, c := range all {
		if c.n > all[top].n {
			top = i
		}
	}
	d.code0, d.n0 = all[top].code, all[top].n
	d.codes = append(all[:top], all[top+1:]...)
}

// addCodes adds n requests of a status. It stays a call, so that addCode
// is small enough to inline into the loop over lines.
//
//go:noinline
func (d *detail) addCodes(status int, n int64) {
	switch {
	case d.n0 == 0:
		d.code0, d.n0 = int32(status), n
		return
	case d.code0 == int32(status):
		d.n0 += n
		return
	}
	for i := range d.codes {
		if c := &d.codes[i]; c.code == int32(status) {
			c.n += n
			if c.n > d.n0 {
				// The most frequent status moves inline.
				c.code, c.n, d.code0, d.n0 = d.code0, d.n0, c.code, c.n
			}
			return
		}
	}
	d.codes = append(d.codes, codeCount{int32(status), n})
}

// codeMap returns the requests per status; nil when none were counted.
func (d *detail) codeMap() map[int]int64 {
	if d.n0 == 0 {
		return nil
	}
	m := make(map[int]int64, 1+len(d.codes))
	m[int(d.code0)] = d.n0
	for _, c := range d.codes {
		m[int(c.code)] += c.n
	}
	return m
}

// mergeSamples returns the first limit of the samples of a and b, by
// input and line. a may be reused.
func mergeSamples(a, b []Sample, limit int) []Sample {
	a = append(a, b...)
	sortSamples(a)
	return a[:min(len(a), limit)]
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
