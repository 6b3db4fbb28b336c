package aggregate

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/slareport/slareport/parse"
)

// keyTotals sums DimSeries rows by one of their keys.
func keyTotals(rows []DimBucket, key func(DimBucket) string) map[string]int64 {
	m := map[string]int64{}
	for _, r := range rows {
		m[key(r)] += r.Requests
	}
	return m
}

// tableTotals is a breakdown's complete state as requests per key, its
// other under OtherKey.
func tableTotals(kt KeyTable) map[string]int64 {
	m := map[string]int64{}
	for _, k := range kt.Keys {
		m[k.Key] += k.Requests
	}
	if kt.Other.Requests > 0 {
		m[OtherKey] += kt.Other.Requests
	}
	return m
}

// inOrder fails unless rows are in strictly increasing (start, status,
// host, endpoint) order: sorted, and each key once.
func inOrder(t *testing.T, rows []DimBucket) {
	t.Helper()
	for i := 1; i < len(rows); i++ {
		a, b := rows[i-1], rows[i]
		if c := cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.Status, b.Status),
			strings.Compare(a.Host, b.Host), strings.Compare(a.Endpoint, b.Endpoint)); c >= 0 {
			t.Fatalf("row %d %+v is not after row %d %+v", i, b, i-1, a)
		}
	}
}

// TestDimSeriesAddsUp: on a log with more endpoints than the breakdown
// keeps, the rows split by host and endpoint are the same for any number
// of workers, add up per key to the breakdowns (the endpoints beyond the
// cap under OtherKey), and per bucket and status to StatusSeries.
func TestDimSeriesAddsUp(t *testing.T) {
	paths := writeParts(t, t.TempDir(), [][]byte{stateLog(120000, 4)})
	f := must(parse.Compile(stateLogFormat))
	for _, tc := range []struct {
		name string
		opt  Options
	}{
		{"automatic buckets", Options{}},
		{"hour buckets", Options{Settings: Settings{Bucket: 3600}}},
		{"day buckets in a zone", Options{Settings: Settings{Bucket: 86400, Zone: must(time.LoadLocation("America/New_York"))}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var first []DimBucket
			for _, workers := range []int{1, 3, 8} {
				opt := tc.opt
				opt.Format, opt.Workers, opt.BlockSize = f, workers, 64<<10
				opt.Statuses, opt.StatusDims = true, DimHost|DimEndpoint
				s, err := Run(context.Background(), paths, opt)
				if err != nil {
					t.Fatal(err)
				}
				rows, err := s.DimSeries(DimHost | DimEndpoint)
				if err != nil {
					t.Fatal(err)
				}
				if first == nil {
					first = rows
					st := s.State()
					if !s.Endpoints.Capped || len(st.Endpoints.Keys) < 1000 {
						t.Fatal("the test log should cap the endpoints")
					}
					ep := keyTotals(rows, func(r DimBucket) string { return r.Endpoint })
					if want := tableTotals(st.Endpoints); !reflect.DeepEqual(ep, want) {
						t.Fatalf("rows per endpoint differ from the breakdown: %d keys, want %d; other %d, want %d",
							len(ep), len(want), ep[OtherKey], want[OtherKey])
					}
					if hosts := keyTotals(rows, func(r DimBucket) string { return r.Host }); !reflect.DeepEqual(hosts, tableTotals(st.Hosts)) {
						t.Fatalf("rows per host %v, breakdown %v", hosts, tableTotals(st.Hosts))
					}
					perStatus := map[[2]int64]int64{}
					for _, r := range rows {
						if r.End-r.Start != s.BucketSeconds && tc.opt.Zone == nil {
							t.Fatalf("a row %d s wide, buckets %d s", r.End-r.Start, s.BucketSeconds)
						}
						perStatus[[2]int64{r.Start, int64(r.Status)}] += r.Requests
					}
					series := s.StatusSeries()
					for _, b := range series {
						if perStatus[[2]int64{b.Start, int64(b.Status)}] != b.Requests {
							t.Fatalf("bucket %d status %d: rows hold %d, the status series %d",
								b.Start, b.Status, perStatus[[2]int64{b.Start, int64(b.Status)}], b.Requests)
						}
					}
					if len(perStatus) != len(series) {
						t.Fatalf("%d (bucket, status) pairs in the rows, %d in the series", len(perStatus), len(series))
					}
					inOrder(t, rows)
					// One dimension is the other summed over.
					byEndpoint, err := s.DimSeries(DimEndpoint)
					if err != nil {
						t.Fatal(err)
					}
					if got := keyTotals(byEndpoint, func(r DimBucket) string { return r.Endpoint }); !reflect.DeepEqual(got, ep) {
						t.Fatal("the endpoint-only rows differ from the rows by host and endpoint")
					}
					inOrder(t, byEndpoint)
					for _, r := range byEndpoint {
						if r.Host != "" {
							t.Fatalf("an endpoint-only row has host %q", r.Host)
						}
					}
					continue
				}
				if !reflect.DeepEqual(first, rows) {
					t.Fatalf("%d workers: the rows differ from one worker's", workers)
				}
			}
		})
	}
}

// shiftingLog writes n lines over a day whose endpoints change with each
// third of the log: 1,500 in each, 4,500 in all. Each third stays under
// the breakdown's cap and the whole log does not, so keys that every part
// kept are dropped only when the parts merge.
func shiftingLog(n int) []byte {
	var b bytes.Buffer
	start := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC).Unix()
	codes := []int{200, 200, 200, 404, 500, 503}
	for i := range n {
		ts := time.Unix(start+86400*int64(i)/int64(n), 0).UTC().Format("02/Jan/2006:15:04:05 -0700")
		k := i%1500 + 1500*(3*i/n)
		fmt.Fprintf(&b, "h%d.example 10.0.0.1 [%s] \"GET /api/%c%c%c/%d HTTP/1.1\" %d 12 0.010\n",
			i%5, ts, 'a'+k%26, 'a'+k/26%26, 'a'+k/676, i, codes[i%len(codes)])
	}
	return b.Bytes()
}

// TestMergedDimsGiveOnePass: states of three parts, split by endpoint,
// merge into the rows of one pass, though only the merge caps the
// endpoints; with a part that was not split, the merge keeps no
// dimension.
func TestMergedDimsGiveOnePass(t *testing.T) {
	data := shiftingLog(90000)
	dir := t.TempDir()
	whole := writeParts(t, dir, [][]byte{data})[0]
	parts := writeParts(t, dir, splitLines(data, 3))
	opt := Options{Format: must(parse.Compile(stateLogFormat)), Workers: 4, BlockSize: 128 << 10, Statuses: true, StatusDims: DimEndpoint}
	one, err := Run(context.Background(), []string{whole}, opt)
	if err != nil {
		t.Fatal(err)
	}
	want, err := one.DimSeries(DimEndpoint)
	if err != nil {
		t.Fatal(err)
	}
	states, merged, s := mergeParts(t, parts, opt)
	got, err := s.DimSeries(DimEndpoint)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range states {
		if st.Endpoints.Limit != 0 {
			t.Fatal("a part capped its endpoints: the test needs only the merge to")
		}
	}
	if !one.Endpoints.Capped || !s.Endpoints.Capped {
		t.Fatal("the whole log should cap the endpoints")
	}
	if ep := keyTotals(got, func(r DimBucket) string { return r.Endpoint }); !reflect.DeepEqual(ep, tableTotals(merged.Endpoints)) {
		t.Fatalf("merged rows per endpoint differ from the merged breakdown: %d keys, want %d", len(ep), len(tableTotals(merged.Endpoints)))
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("merged rows differ from one pass: %d rows, want %d", len(got), len(want))
	}
	if _, err := s.DimSeries(DimHost); err == nil {
		t.Fatal("rows by host from states not split by host")
	}

	o := opt
	o.StatusDims = 0
	plain, err := Run(context.Background(), []string{parts[2]}, o)
	if err != nil {
		t.Fatal(err)
	}
	mixed, err := Merge([]*State{states[0], states[1], plain.State()}, MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if mixed.Dims != 0 || mixed.DimCounts != nil {
		t.Fatalf("a merge with an unsplit state keeps dimensions %v", mixed.Dims)
	}
}

// TestNoDimsByDefault: a run not asked for dimensions keeps none.
func TestNoDimsByDefault(t *testing.T) {
	paths := writeParts(t, t.TempDir(), [][]byte{stateLog(3000, 6)})
	s, err := Run(context.Background(), paths, Options{Format: must(parse.Compile(stateLogFormat)), Statuses: true})
	if err != nil {
		t.Fatal(err)
	}
	if st := s.State(); s.Dims() != 0 || st.Dims != 0 || st.DimWidth != 0 || st.DimCounts != nil {
		t.Fatalf("dimensions kept without being asked: %v", st.Dims)
	}
	if _, err := s.DimSeries(DimEndpoint); err == nil {
		t.Fatal("DimSeries of a summary without dimensions")
	}
}

func TestParseDims(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want Dims
		str  string
	}{
		{nil, 0, ""},
		{[]string{"endpoint"}, DimEndpoint, "endpoint"},
		{[]string{"endpoint", "host"}, DimHost | DimEndpoint, "host,endpoint"},
		{[]string{"host", "host"}, DimHost, "host"},
	} {
		d, err := ParseDims(tc.in)
		if err != nil || d != tc.want || d.String() != tc.str {
			t.Errorf("ParseDims(%q) = %v (%q), %v; want %v (%q)", tc.in, d, d.String(), err, tc.want, tc.str)
		}
	}
	if _, err := ParseDims([]string{"upstream"}); err == nil || !strings.Contains(err.Error(), "upstream") {
		t.Errorf("ParseDims(upstream): %v", err)
	}
}

// TestDimsRefuseDamage: a state whose dimension counts cannot be right is
// refused, not merged.
func TestDimsRefuseDamage(t *testing.T) {
	paths := writeParts(t, t.TempDir(), [][]byte{stateLog(40000, 7)})
	s, err := Run(context.Background(), paths, Options{Format: must(parse.Compile(stateLogFormat)), Statuses: true, StatusDims: DimHost | DimEndpoint})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		damage func(*State)
	}{
		{"a width that is not a bucket width", func(st *State) { st.DimWidth = 120 }},
		{"a start off its bucket", func(st *State) { st.DimCounts[0].Start++ }},
		{"no requests", func(st *State) { st.DimCounts[0].Requests = 0 }},
		{"a request too many", func(st *State) { st.DimCounts[0].Requests++ }},
		{"a key the breakdown does not keep", func(st *State) { st.DimCounts[0].Endpoint = "/nowhere" }},
		{"no endpoint", func(st *State) { st.DimCounts[0].Endpoint = "" }},
		{"a row twice", func(st *State) { st.DimCounts = append(st.DimCounts, st.DimCounts[0]) }},
		{"a host of a dimension not kept", func(st *State) { st.Dims = DimEndpoint }},
		{"an unknown dimension", func(st *State) { st.Dims |= 8 }},
		{"counts of no dimension", func(st *State) { st.Dims = 0 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := s.State()
			tc.damage(st)
			if _, err := st.Summary(); err == nil {
				t.Fatal("a damaged state was accepted")
			}
		})
	}
	st := s.State()
	back, err := st.Summary()
	if err != nil {
		t.Fatalf("the undamaged state: %v", err)
	}
	if b := back.State(); b.Dims != st.Dims || b.DimWidth != st.DimWidth || !reflect.DeepEqual(b.DimCounts, st.DimCounts) {
		t.Fatal("the state of the summary of a state has other dimension counts")
	}
}

// BenchmarkRunStatusDims is BenchmarkRun keeping what --export-by host,endpoint
// needs: the per-status counts and their split by host and endpoint.
func BenchmarkRunStatusDims(b *testing.B) {
	benchRun(b, Options{Statuses: true, StatusDims: DimHost | DimEndpoint})
}

// TestWorkerDimsCacheAgreesWithMap: a worker's counts, taken through its
// cell cache while the breakdowns shrink (dropping keys the cache holds),
// the buckets coarsen and requests go back and forth in time, are those
// of a plain map of every request, named by the final breakdowns.
func TestWorkerDimsCacheAgreesWithMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	// key picks one of a few busy keys most of the time, else one of
	// many: the busy ones stay in the cache, the rest make the
	// breakdowns shrink.
	key := func(prefix string) string {
		if rng.IntN(10) > 0 {
			return fmt.Sprintf("%s%d", prefix, rng.IntN(8))
		}
		return fmt.Sprintf("%s%d", prefix, rng.IntN(6000))
	}
	type cell struct {
		t              int64
		status         int
		host, endpoint string
	}
	w := newWorkerDims(&Options{StatusDims: DimHost | DimEndpoint})
	var hosts, endpoints breakdown
	var reqs []cell
	start := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC).Unix()
	for i := range 150000 {
		c := cell{start + 3*int64(i) + rng.Int64N(1200) - 600, []int{200, 200, 404, 500}[rng.IntN(4)], key("h"), key("/e")}
		reqs = append(reqs, c)
		h := hosts.add([]byte(c.host), verdictGood, -1)
		e := endpoints.add([]byte(c.endpoint), verdictGood, -1)
		w.add(c.t, c.status, h, e, &hosts, &endpoints)
	}
	if hosts.limit == 0 || endpoints.limit == 0 {
		t.Fatal("the test should make both breakdowns shrink")
	}
	name := func(key string, b *breakdown) string {
		if b.keys[key] == nil {
			return OtherKey
		}
		return key
	}
	bk := newBucketer(w.width, nil)
	want := map[dimKey]int64{}
	for _, c := range reqs {
		s, _ := bk.bucket(c.t)
		want[dimKey{s, c.status, name(c.host, &hosts), name(c.endpoint, &endpoints)}]++
	}
	cells := 0
	for _, b := range w.buckets {
		cells += len(b.list)
	}
	if cells > len(reqs)/4 {
		t.Fatalf("%d cells for %d requests: the test should repeat cells", cells, len(reqs))
	}
	d := newDimTally(DimHost|DimEndpoint, Settings{})
	d.addWorker(w, &hosts, &endpoints)
	d.fold(&hosts, &endpoints)
	if d.width != w.width || !reflect.DeepEqual(d.rows, want) {
		t.Fatalf("%d rows %d s wide, want %d rows %d s wide", len(d.rows), d.width, len(want), w.width)
	}
}

// BenchmarkDimSeries reads the rows split by host and endpoint of a log
// with more endpoints than the breakdown keeps, as an HTML report's
// filters and a Parquet rollup by host and endpoint do once per run.
func BenchmarkDimSeries(b *testing.B) {
	paths := writeParts(b, b.TempDir(), [][]byte{stateLog(120000, 4)})
	opt := Options{Format: must(parse.Compile(stateLogFormat)), Statuses: true, StatusDims: DimHost | DimEndpoint}
	s, err := Run(context.Background(), paths, opt)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.DimSeries(DimHost | DimEndpoint); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDimCellsResistCollidingKeys: cells whose keys' hashes make the same
// top bits once mixed as the cells' hash does, which keys chosen for it
// in a log could give a table indexed by those bits, spread over the
// table like any others.
func TestDimCellsResistCollidingKeys(t *testing.T) {
	// The inverse of the cell hash's multiplier: (i * inv) * mul = i, so
	// every cell's mixed hash is below 600, its top bits all zero.
	inv := uint64(0x9e3779b97f4a7c15)
	for range 5 { // Newton's iteration doubles the correct low bits
		inv *= 2 - 0x9e3779b97f4a7c15*inv
	}
	b := newDimCells(0)
	for i := range uint64(600) {
		c := workerCell{status: 0, endpoint: &keyStat{hash: i * inv}}
		if c.hash() != i {
			t.Fatalf("cell %d hashes to %d", i, c.hash())
		}
		if b.index(c) != int(i) {
			t.Fatalf("cell %d at %d", i, b.index(c))
		}
	}
	longest := longestRun(len(b.slots), func(i int) bool { return b.slots[i] != 0 })
	// At most half full, at random: the longest run is a few dozen slots
	// at the very most; indexed by the top bits, all 600 in one.
	if longest > 60 {
		t.Fatalf("a run of %d occupied slots for 600 cells in %d", longest, len(b.slots))
	}
}
