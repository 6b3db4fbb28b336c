package aggregate

// The objectives' side of the hot loop. A request is asked about every
// objective at once: the checks of host, path and method are remembered
// per request key as two bit masks (selected by Total, selected by Pick),
// so a line costs one map lookup and a few instructions per objective
// whose Total takes its key.

import (
	"bytes"
	"math/bits"

	"github.com/slareport/slareport/parse"
)

// objCell is one objective's requests in one minute: those judged and,
// of them, the bad ones.
type objCell struct{ Requests, Bad int64 }

// objCacheCap bounds the request keys a worker remembers; past it the
// cache starts again, which costs time on logs of ever-new paths, never
// memory.
const objCacheCap = 1 << 15

// objCounter counts the objectives inside one worker.
type objCounter struct {
	set     *objectives
	cache   map[string]int32 // request key -> offset in masks
	masks   []uint64         // per key: words of Total's mask, then Pick's
	key     []byte
	minutes map[int64][]objCell
	lastMin int64
	last    []objCell
	groups  []breakdown // by objective; used by those that group
	routes  []Route
	scratch []byte
	seen    Span // the times of every line offered, for merges
}

func newObjCounter(set *objectives, routes []Route) *objCounter {
	return &objCounter{set: set, cache: map[string]int32{}, minutes: map[int64][]objCell{}, lastMin: -1,
		groups: make([]breakdown, len(set.list)), routes: routes}
}

// count offers one request, with a time, to every objective.
func (c *objCounter) count(r *parse.Record) {
	c.seen.add(r.Time)
	host, path := requestKey(r, c.set.hosts)
	m := c.lookup(host, path, r.Method)
	words := c.set.words
	var cells []objCell
	for w := 0; w < words; w++ {
		for word := m[w]; word != 0; word &= word - 1 {
			i := w*64 + bits.TrailingZeros64(word)
			o := &c.set.list[i]
			if r.Time < o.since || r.Time >= o.until {
				continue
			}
			if o.dynTotal && !o.total.dynamic(r) {
				continue
			}
			if o.durUnder > 0 && r.Duration < 0 {
				continue
			}
			v := o.picked[r.Status]
			if v == verdictSkip {
				continue
			}
			picked := v == verdictBad && m[words+w]&(1<<(i%64)) != 0 && (!o.dynPick || o.pick.dynamic(r))
			good := picked == o.goodPick && (o.durUnder == 0 || r.Duration < o.durUnder)
			if cells == nil {
				cells = c.minute(r.Time)
			}
			cells[i].Requests++
			verdict := verdictGood
			if !good {
				cells[i].Bad++
				verdict = verdictBad
			}
			if o.group != 0 {
				c.countGroup(i, o.group, host, path, verdict)
			}
		}
	}
}

// lookup returns the masks of a request key, computing them on a miss.
// The key is the method and the host, each after its length, and the
// path as it is; a path that may hold ids is kept under its collapsed
// form, when no pattern can tell ids apart (see objectives.collapse), so
// that /orders/86311 and /orders/86312 share one entry instead of
// churning the cache.
func (c *objCounter) lookup(host, path, method []byte) []uint64 {
	c.key = append(c.key[:0], byte(len(method)), byte(len(method)>>8))
	c.key = append(c.key, method...)
	c.key = append(c.key, byte(len(host)), byte(len(host)>>8))
	c.key = append(c.key, host...)
	prefix := len(c.key)
	c.key = append(c.key, path...)
	words := c.set.words
	if off, ok := c.cache[string(c.key)]; ok {
		return c.masks[off : int(off)+2*words]
	}
	if c.set.collapse && mayCollapse(path) {
		c.key = appendCollapsed(c.key[:prefix], path)
		if off, ok := c.cache[string(c.key)]; ok {
			return c.masks[off : int(off)+2*words]
		}
	}
	if len(c.cache) >= objCacheCap {
		clear(c.cache)
		c.masks = c.masks[:0]
	}
	off := len(c.masks)
	c.masks = append(c.masks, make([]uint64, 2*words)...)
	m := c.masks[off:]
	for i := range c.set.list {
		o := &c.set.list[i]
		if o.total.static(host, path, method) {
			m[i/64] |= 1 << (i % 64)
			if o.pick.static(host, path, method) {
				m[words+i/64] |= 1 << (i % 64)
			}
		}
	}
	c.cache[string(c.key)] = int32(off)
	return m
}

func (c *objCounter) minute(t int64) []objCell {
	start := t - mod64(t, 60)
	if start == c.lastMin {
		return c.last
	}
	cells := c.minutes[start]
	if cells == nil {
		cells = make([]objCell, len(c.set.list))
		c.minutes[start] = cells
	}
	c.lastMin, c.last = start, cells
	return cells
}

// countGroup counts a judged request under its group: its host, or its
// endpoint as the report names it.
func (c *objCounter) countGroup(i int, group uint8, host, path []byte, verdict uint8) {
	g := &c.groups[i]
	if group == groupByHost {
		if len(host) == 0 {
			host = noHostKey
		}
		c.scratch = appendLower(c.scratch[:0], host)
	} else {
		c.scratch = appendEndpoint(c.scratch[:0], path, c.routes)
	}
	g.add(c.scratch, verdict, -1)
}

// appendCollapsed appends path with each segment collapsed as endpoint
// keys collapse them (an id, a uuid, a hash).
func appendCollapsed(dst, path []byte) []byte {
	for len(path) > 0 {
		seg := path
		if j := bytes.IndexByte(path[1:], '/'); j >= 0 {
			seg, path = path[:j+1], path[j+1:]
		} else {
			path = nil
		}
		if seg[0] == '/' {
			dst, seg = append(dst, '/'), seg[1:]
		}
		dst = appendSeg(dst, seg)
	}
	return dst
}

// mayCollapse reports whether a segment of path might collapse: one of
// digits only (or a file name whose stem is), with a run of 4 digits, of
// two characters with a digit, or of 16 bytes or more (a uuid, a hash).
// It is quicker than collapsing, and false for most paths.
func mayCollapse(path []byte) bool {
	seg, run, digits := 0, 0, 0
	for _, c := range path {
		switch {
		case c == '/':
			if seg > 0 && digits == seg || seg == 2 && digits > 0 {
				return true
			}
			seg, run, digits = 0, 0, 0
			continue
		case c == '.' && seg > 0 && (digits == seg || seg == 2 && digits > 0):
			return true
		case c-'0' < 10:
			run++
			digits++
			if run >= 4 {
				return true
			}
		default:
			run = 0
		}
		seg++
		if seg >= 16 {
			return true
		}
	}
	return seg > 0 && digits == seg || seg == 2 && digits > 0
}

// noHostKey is the group of requests that logged no host.
var noHostKey = []byte("(no host)")

func appendLower(dst, b []byte) []byte {
	for _, ch := range b {
		dst = append(dst, lowerOf[ch])
	}
	return dst
}

// merge adds another worker's counts.
func (c *objCounter) merge(o *objCounter) {
	c.seen.merge(o.seen)
	for start, cells := range o.minutes {
		mine := c.minutes[start]
		if mine == nil {
			c.minutes[start] = cells
			continue
		}
		for i := range cells {
			mine[i].Requests += cells[i].Requests
			mine[i].Bad += cells[i].Bad
		}
	}
	for i := range c.groups {
		c.groups[i].merge(&o.groups[i])
	}
	c.last, c.lastMin = nil, -1
}
