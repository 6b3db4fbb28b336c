package aggregate

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// The Parquet rollup can split its per-status counts by host and endpoint.
// Those counts use the breakdowns' keys, so they are bounded the same way:
// a key the breakdown does not keep is counted under OtherKey, and the
// rollup's rows add up to the breakdown's figures. A worker counts against
// the breakdowns' own key stats (no string is hashed twice), at the
// coarsest width its span allows, like the latency sketches: a minute per
// key and status would be far more rows than any report bucket needs.

// Dims name the breakdowns that per-status counts are split by.
type Dims uint8

// The dimensions a rollup can have.
const (
	DimHost Dims = 1 << iota
	DimEndpoint
)

type dimName struct {
	d    Dims
	name string
}

var dimNames = []dimName{{DimHost, "host"}, {DimEndpoint, "endpoint"}}

// ParseDims reads dimension names ("host", "endpoint").
func ParseDims(names []string) (Dims, error) {
	var d Dims
	for _, n := range names {
		i := slices.IndexFunc(dimNames, func(x dimName) bool { return x.name == n })
		if i < 0 {
			return 0, fmt.Errorf("unknown dimension %q: use host or endpoint", n)
		}
		d |= dimNames[i].d
	}
	return d, nil
}

// String returns the names of the dimensions, comma-separated, host first:
// what ParseDims reads back once split.
func (d Dims) String() string {
	var p []string
	for _, x := range dimNames {
		if d&x.d != 0 {
			p = append(p, x.name)
		}
	}
	return strings.Join(p, ",")
}

// DimCount is the requests with one status in one bucket of
// State.DimWidth, under one host key and one endpoint key. A key is
// OtherKey when the breakdown did not keep it, and "" for a dimension the
// state does not split by, or a request without a host.
type DimCount struct {
	Start          int64
	Status         int
	Host, Endpoint string
	Requests       int64
}

// DimBucket is the requests with one status in one bucket of the report's
// series, under one host and one endpoint. Host is "" for requests
// without one; a dimension not asked for is "".
type DimBucket struct {
	Start, End     int64 // [Start, End) in Unix seconds
	Status         int
	Host, Endpoint string
	Requests       int64
}

// workerCell identifies a worker's count within a bucket by the
// breakdowns' key stats: nil for no host, or for a dimension not kept.
type workerCell struct {
	status         int
	host, endpoint *keyStat
}

// hash mixes the cell's status and its key stats' hashes (those of their
// keys; other's is 0), so equal cells hash alike in any worker.
func (c workerCell) hash() uint64 {
	h := uint64(c.status)
	if c.host != nil {
		h ^= c.host.hash * 0xff51afd7ed558ccd
	}
	if c.endpoint != nil {
		h ^= c.endpoint.hash
	}
	return h * 0x9e3779b97f4a7c15
}

// cellCount is a cell's requests.
type cellCount struct {
	workerCell
	n int64
}

// dimCells is one bucket's counts: a list in first-seen order, which the
// end of a run reads without iterating a map, and an open-addressing
// table of each cell's index in it, probed from the probeSlot of the
// cell's hash. Every timed request of an HTML run looks its cell up here,
// and a bucket holds a cell per status and endpoint kept, often
// thousands: a Go map of 24-byte keys, with a small cache in front that
// such a bucket overflows, cost more than the rest of the request's
// counting.
type dimCells struct {
	slots []int32 // index+1 in list; 0 for an empty slot; a power of two long
	bits  uint8   // log2(len(slots))
	list  []cellCount
}

func newDimCells(size int) *dimCells {
	b := &dimCells{list: make([]cellCount, 0, size)}
	b.resize(max(16, 2*size))
	return b
}

// resize makes the table at least n slots long, at most half full, and
// puts the cells of the list back in.
func (b *dimCells) resize(n int) {
	bits := 4
	for 1<<bits < n || 1<<bits < 2*len(b.list) {
		bits++
	}
	b.slots, b.bits = make([]int32, 1<<bits), uint8(bits)
	mask := uint64(len(b.slots) - 1)
	for i, c := range b.list {
		j := probeSlot(c.hash(), b.bits)
		for b.slots[j] != 0 {
			j = (j + 1) & mask
		}
		b.slots[j] = int32(i + 1)
	}
}

// index returns the index of c in the list, adding c if it is new.
func (b *dimCells) index(c workerCell) int {
	mask := uint64(len(b.slots) - 1)
	for j := probeSlot(c.hash(), b.bits); ; j = (j + 1) & mask {
		i := int(b.slots[j]) - 1
		if i < 0 {
			b.list = append(b.list, cellCount{workerCell: c})
			b.slots[j] = int32(len(b.list))
			if 2*len(b.list) > len(b.slots) {
				b.resize(2 * len(b.slots))
			}
			return len(b.list) - 1
		}
		if b.list[i].workerCell == c {
			return i
		}
	}
}

func addCells(into, b *dimCells) {
	for _, c := range b.list {
		into.list[into.index(c.workerCell)].n += c.n
	}
}

// workerDims counts one worker's requests per bucket, status, host and
// endpoint. Each bucket has its own cells: the current one stays small and
// in cache however many buckets the log spans. A request costs a hash,
// a probe or two of the current bucket's table, and an increment.
type workerDims struct {
	by      Dims
	bucket  int64 // Options.Bucket; 0: the width follows the span
	width   int64
	bk      *bucketer
	buckets map[int64]*dimCells
	// cells is the bucket [cur, end) of the last request: logs are nearly
	// in time order.
	cur, end int64
	cells    *dimCells
	span     Span
	// The breakdowns' limits when the cells last named their keys: when a
	// limit falls, keys it drops move to the breakdown's other.
	hostLimit, endpointLimit uint64
}

func newWorkerDims(opt *Options) *workerDims {
	d := &workerDims{by: opt.StatusDims, bucket: opt.Bucket, width: 60, buckets: map[int64]*dimCells{}}
	if opt.Bucket > 0 {
		d.width = opt.Bucket
	}
	d.bk = newBucketer(d.width, opt.Zone)
	d.cur, d.end = 1, 0
	return d
}

// add counts a timed request under the key stats its breakdowns returned.
func (d *workerDims) add(t int64, status int, host, endpoint *keyStat, hosts, endpoints *breakdown) {
	if hosts.limit != d.hostLimit || endpoints.limit != d.endpointLimit {
		d.fold(hosts, endpoints)
	}
	if t < d.cur || t >= d.end {
		d.move(t)
	}
	if d.by&DimHost == 0 {
		host = nil
	}
	if d.by&DimEndpoint == 0 {
		endpoint = nil
	}
	d.cells.list[d.cells.index(workerCell{status, host, endpoint})].n++
}

// move finds the bucket of t, coarsening every bucket first when the span
// has outgrown their width.
func (d *workerDims) move(t int64) {
	d.span.add(t)
	if d.bucket == 0 {
		if w := AutoBucket(d.span.Last - d.span.First); w > d.width {
			bk := newBucketer(w, d.bk.loc)
			d.buckets, d.width, d.bk = rebucket(d.buckets, bk, addCells), w, bk
		}
	}
	d.cur, d.end = d.bk.bucket(t)
	d.cells = d.buckets[d.cur]
	if d.cells == nil {
		d.cells = newDimCells(0)
		d.buckets[d.cur] = d.cells
	}
}

// fold moves the counts of keys the breakdowns dropped to their other.
func (d *workerDims) fold(hosts, endpoints *breakdown) {
	d.hostLimit, d.endpointLimit = hosts.limit, endpoints.limit
	for start, b := range d.buckets {
		folded := newDimCells(len(b.list))
		for _, c := range b.list {
			c.host, c.endpoint = hosts.live(c.host), endpoints.live(c.endpoint)
			folded.list[folded.index(c.workerCell)].n += c.n
		}
		d.buckets[start] = folded
	}
	d.cur, d.end, d.cells = 1, 0, nil
}

// live returns k, or other if the breakdown has dropped k since.
func (b *breakdown) live(k *keyStat) *keyStat {
	if k != nil && k != &b.other && b.limit != 0 && k.hash >= b.limit {
		return &b.other
	}
	return k
}

// names maps the breakdown's key stats to their keys.
func (b *breakdown) names() map[*keyStat]string {
	m := make(map[*keyStat]string, len(b.keys))
	for key, k := range b.keys {
		m[k] = key
	}
	return m
}

// dimKey identifies a count of a dimTally.
type dimKey struct {
	start          int64
	status         int
	host, endpoint string
}

// only keeps the keys of the dimensions by; the others become "".
func (k dimKey) only(by Dims) dimKey {
	if by&DimHost == 0 {
		k.host = ""
	}
	if by&DimEndpoint == 0 {
		k.endpoint = ""
	}
	return k
}

// rowBuckets is a bucketer for loops over rows: their times are a few
// bucket starts, each repeated for many rows and met in map order, which
// defeats the bucketer's cache of its last bucket and would cost a zone
// lookup a row. Each start is bucketed once.
type rowBuckets struct {
	bk   *bucketer
	seen map[int64][2]int64
}

func newRowBuckets(width int64, loc *time.Location) *rowBuckets {
	return &rowBuckets{bk: newBucketer(width, loc), seen: map[int64][2]int64{}}
}

func (r *rowBuckets) bucket(t int64) (start, end int64) {
	b, ok := r.seen[t]
	if !ok {
		b[0], b[1] = r.bk.bucket(t)
		r.seen[t] = b
	}
	return b[0], b[1]
}

// dimRow is a key of a dimTally's rows and its count.
type dimRow struct {
	dimKey
	n int64
}

// sortedRows returns rows in (start, status, host, endpoint) order. A
// report has thousands of rows for each start and status, so the strings
// are ranked once and the rows sorted by two numbers: comparing the
// strings of every tied pair cost more than the rest of a report.
func sortedRows(rows map[dimKey]int64) []dimRow {
	// ranked holds no pointer, so that the sort moves it without write
	// barriers: the start, then the status and the keys' ranks packed
	// (statuses are 0..999, ranks below 2^26: a breakdown keeps
	// thousands of keys), and the row's index in list.
	type ranked struct {
		start int64
		rest  uint64
		i     int
	}
	hosts, endpoints := map[string]int{}, map[string]int{}
	list := make([]dimRow, 0, len(rows))
	for k, n := range rows {
		hosts[k.host], endpoints[k.endpoint] = 0, 0
		list = append(list, dimRow{k, n})
	}
	rank(hosts)
	rank(endpoints)
	order := make([]ranked, len(list))
	for i, r := range list {
		rest := uint64(r.status)<<52 | uint64(hosts[r.host])<<26 | uint64(endpoints[r.endpoint])
		order[i] = ranked{r.start, rest, i}
	}
	slices.SortFunc(order, func(a, b ranked) int {
		if a.start != b.start {
			return cmp.Compare(a.start, b.start)
		}
		return cmp.Compare(a.rest, b.rest)
	})
	sorted := make([]dimRow, len(list))
	for i, r := range order {
		sorted[i] = list[r.i]
	}
	return sorted
}

// rank sets each key of m to its index in the sorted keys.
func rank(m map[string]int) {
	for i, k := range slices.Sorted(maps.Keys(m)) {
		m[k] = i
	}
}

// dimTally is the working form of State.DimCounts.
type dimTally struct {
	by    Dims
	width int64
	zone  *time.Location
	rows  map[dimKey]int64
}

func newDimTally(by Dims, set Settings) *dimTally {
	d := &dimTally{by: by, width: 60, zone: set.Zone, rows: map[dimKey]int64{}}
	if set.Bucket > 0 {
		d.width = set.Bucket
	}
	return d
}

// addWorker adds a worker's rows, naming their keys with the worker's
// breakdowns: a key stat the breakdown no longer holds was dropped, and
// counts as other.
func (d *dimTally) addWorker(w *workerDims, hosts, endpoints *breakdown) {
	if w == nil {
		return
	}
	hn, en := hosts.names(), endpoints.names()
	name := func(k *keyStat, names map[*keyStat]string) string {
		if k == nil {
			return ""
		}
		if key, ok := names[k]; ok {
			return key
		}
		return OtherKey
	}
	d.coarsen(w.width)
	bk := newBucketer(d.width, d.zone)
	for start, b := range w.buckets {
		start, _ := bk.bucket(start)
		for _, c := range b.list {
			d.rows[dimKey{start, c.status, name(c.host, hn), name(c.endpoint, en)}] += c.n
		}
	}
}

// merge adds another tally's rows, at the wider of the two widths.
func (d *dimTally) merge(o *dimTally) {
	d.coarsen(o.width)
	bk := newRowBuckets(d.width, d.zone)
	for k, n := range o.rows {
		k.start, _ = bk.bucket(k.start)
		d.rows[k] += n
	}
}

// coarsen widens the rows' buckets to width, if it is wider. Widths are
// 1m, 5m, 1h, 1d or --bucket and nest, so nothing is split.
func (d *dimTally) coarsen(width int64) {
	if width <= d.width {
		return
	}
	bk := newRowBuckets(width, d.zone)
	rows := make(map[dimKey]int64, len(d.rows))
	for k, n := range d.rows {
		k.start, _ = bk.bucket(k.start)
		rows[k] += n
	}
	d.rows, d.width = rows, width
}

// fold names OtherKey every key the breakdowns do not keep: they never
// will again, as their limits only fall.
func (d *dimTally) fold(hosts, endpoints *breakdown) {
	label := func(key string, b *breakdown) string {
		if key == "" || b.keys[key] != nil {
			return key
		}
		return OtherKey
	}
	// Relabelling in place: a row added during the loop may be visited,
	// and is then left as it is, since labels are already final.
	for k, n := range d.rows {
		h, e := label(k.host, hosts), label(k.endpoint, endpoints)
		if h != k.host || e != k.endpoint {
			delete(d.rows, k)
			d.rows[dimKey{k.start, k.status, h, e}] += n
		}
	}
}

// list returns the rows in (start, status, host, endpoint) order.
func (d *dimTally) list() []DimCount {
	out := make([]DimCount, 0, len(d.rows))
	for _, r := range sortedRows(d.rows) {
		out = append(out, DimCount{Start: r.start, Status: r.status, Host: r.host, Endpoint: r.endpoint, Requests: r.n})
	}
	return out
}

// dimsOf checks a state's rows and returns them as a tally split by the
// dimensions by, a subset of the state's: the others are summed over.
// hosts and endpoints are the state's breakdowns, already checked; every
// key must be one they keep, or OtherKey.
func (st *State) dimsOf(by Dims, hosts, endpoints *breakdown, minutes map[int64]*Counts) (*dimTally, error) {
	set := st.Settings
	w := st.DimWidth
	if set.Bucket > 0 && w != set.Bucket || set.Bucket == 0 && !slices.Contains([]int64{60, 300, 3600, 86400}, w) {
		return nil, fmt.Errorf("dimension width %d is not a bucket width", w)
	}
	d := newDimTally(by, set)
	d.width = w
	bk := newRowBuckets(w, set.Zone)
	key := func(key string, kept bool, b *breakdown) error {
		switch {
		case !kept && key != "":
			return fmt.Errorf("a key %q of a dimension not kept", key)
		case kept && key != "" && key != OtherKey && b.keys[key] == nil:
			return fmt.Errorf("key %q is not in its breakdown", key)
		}
		return nil
	}
	seen := make(map[dimKey]bool, len(st.DimCounts))
	var total int64
	for _, c := range st.DimCounts {
		if s, _ := bk.bucket(c.Start); s != c.Start || c.Status < 0 || c.Status > 999 || c.Requests <= 0 || c.Requests > maxCount {
			return nil, fmt.Errorf("impossible dimension count %d × %d at %d", c.Requests, c.Status, c.Start)
		}
		if err := key(c.Host, st.Dims&DimHost != 0, hosts); err != nil {
			return nil, err
		}
		if err := key(c.Endpoint, st.Dims&DimEndpoint != 0, endpoints); err != nil {
			return nil, err
		}
		if st.Dims&DimEndpoint != 0 && c.Endpoint == "" {
			return nil, errors.New("a dimension count without its endpoint")
		}
		k := dimKey{c.Start, c.Status, c.Host, c.Endpoint}
		if seen[k] {
			return nil, fmt.Errorf("dimension count at %d of %d twice", c.Start, c.Status)
		}
		seen[k] = true
		if total += c.Requests; total > maxCount {
			return nil, errors.New("dimension counts too large")
		}
		d.rows[k.only(by)] += c.Requests
	}
	var timed int64
	for _, m := range minutes {
		timed += m.Requests()
	}
	if total != timed {
		return nil, fmt.Errorf("dimension counts hold %d requests, the minutes %d", total, timed)
	}
	return d, nil
}

// Dims returns the dimensions the summary's per-status counts are split
// by (Options.StatusDims), which DimSeries needs.
func (s *Summary) Dims() Dims {
	if s.tally == nil || s.tally.dims == nil {
		return 0
	}
	return s.tally.dims.by
}

// DimSeries returns the requests per bucket (of BucketSeconds, as in
// Buckets), status and the keys of by, in that order. Keys are those of
// the breakdowns, OtherKey for the ones they do not keep, so the rows of
// a key add up to its breakdown's timed requests. by must be a subset of
// Dims.
func (s *Summary) DimSeries(by Dims) ([]DimBucket, error) {
	if s.Dims() == 0 || by&^s.Dims() != 0 {
		return nil, fmt.Errorf("the summary's counts are not split by %s", (by &^ s.Dims()).String())
	}
	d := s.tally.dims
	if d.width > s.BucketSeconds {
		return nil, fmt.Errorf("dimension counts are %d s wide, the series' buckets %d s", d.width, s.BucketSeconds)
	}
	bk := newRowBuckets(s.BucketSeconds, s.Zone)
	// The rows are the series when they are split by by alone and each
	// starts a bucket of the series: nothing to add up.
	sum := d.rows
	for k := range d.rows {
		if start, _ := bk.bucket(k.start); start != k.start || by != d.by {
			sum = make(map[dimKey]int64, len(d.rows))
			for k, n := range d.rows {
				k.start, _ = bk.bucket(k.start)
				sum[k.only(by)] += n
			}
			break
		}
	}
	out := make([]DimBucket, 0, len(sum))
	for _, r := range sortedRows(sum) {
		start, end := bk.bucket(r.start)
		out = append(out, DimBucket{Start: start, End: end, Status: r.status, Host: r.host, Endpoint: r.endpoint, Requests: r.n})
	}
	return out, nil
}
