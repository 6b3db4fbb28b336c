package openslo

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"
)

// maxVisits bounds the nodes a load reads in one file, counting a node
// again each time an alias leads to it. A file without aliases has fewer
// than its size in bytes, so only aliases that expand a small file into a
// huge one (a "billion laughs") or refer to themselves reach it.
const maxVisits = 1_000_000

// decoder reads the nodes of one file and reports what is wrong with them
// at their position.
type decoder struct {
	file   string
	errs   *sink
	visits int
}

func (d *decoder) pos(n *yaml.Node) Pos { return Pos{File: d.file, Line: n.Line, Column: n.Column} }

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.errs.add(d.pos(n), format, args...)
}

// value returns the node n stands for, following an alias, and counts the
// visit; past maxVisits it ends the load.
func (d *decoder) value(n *yaml.Node) *yaml.Node {
	use := n
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if d.visits++; d.visits > maxVisits {
		d.errorf(use, "aliases expand the file beyond %d nodes", maxVisits)
		panic(stop{})
	}
	return n
}

// fields is a mapping read by key: each value already behind its aliases,
// and the mapping itself for the position of a missing key. A nil *fields
// (the node was not a mapping, an error already said so) answers nothing,
// so its readers need not check.
type fields struct {
	d    *decoder
	node *yaml.Node
	what string
	vals map[string]*yaml.Node
}

// mapping reads n as a mapping of the known keys, reporting any other key,
// a key given twice, and a node that is not a mapping. unsupported says
// what is wrong with OpenSLO keys slareport does not take here, after the
// key: "is not supported: ...", "belongs in good or bad". what names the
// mapping in messages: "the SLO spec". A nil n (missing, and reported so)
// gives a nil *fields.
func (d *decoder) mapping(n *yaml.Node, what string, known []string, unsupported map[string]string) *fields {
	if n == nil {
		return nil
	}
	n = d.value(n)
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "%s must be a mapping, not %s", what, describeNode(n))
		return nil
	}
	f := &fields{d: d, node: n, what: what, vals: map[string]*yaml.Node{}}
	first := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := d.value(n.Content[i])
		if k.Tag == "!!merge" {
			d.errorf(k, "%s: merge keys (<<) are not supported: write the keys out", what)
			continue
		}
		if k.Kind != yaml.ScalarNode || k.Tag == "!!null" {
			d.errorf(k, "%s: a key must be a name, not %s", what, describeNode(k))
			continue
		}
		key := k.Value
		switch {
		case first[key] != nil:
			d.errorf(k, "%s: key %s is given twice (first at %d:%d)", what, quote(key), first[key].Line, first[key].Column)
		case unsupported[key] != "":
			d.errorf(k, "%s: %s %s", what, key, unsupported[key])
		case !slices.Contains(known, key):
			d.errorf(k, "%s: unknown key %s%s", what, quote(key), suggest(key, known))
		default:
			f.vals[key] = n.Content[i+1]
		}
		if first[key] == nil {
			first[key] = k
		}
	}
	return f
}

// get returns the value of key, behind its aliases, or nil when absent.
func (f *fields) get(key string) *yaml.Node {
	if f == nil || f.vals[key] == nil {
		return nil
	}
	return f.d.value(f.vals[key])
}

// has reports whether key was given.
func (f *fields) has(key string) bool { return f != nil && f.vals[key] != nil }

// require returns the value of key, or reports it missing and returns nil.
func (f *fields) require(key string) *yaml.Node {
	if f == nil {
		return nil
	}
	if !f.has(key) {
		f.d.errorf(f.node, "%s: %s is missing", f.what, key)
		return nil
	}
	return f.get(key)
}

// str reads key as a string; numbers and timestamps are read as written.
// ok is false when key is absent or wrong (then reported).
func (f *fields) str(key string) (s string, n *yaml.Node, ok bool) {
	if n = f.get(key); n == nil {
		return "", nil, false
	}
	s, ok = f.d.scalar(n, key)
	return s, n, ok
}

// scalar reads n as a string, reporting anything else as a wrong type.
func (d *decoder) scalar(n *yaml.Node, key string) (string, bool) {
	if n.Kind != yaml.ScalarNode || !slices.Contains([]string{"!!str", "!!int", "!!float", "!!timestamp"}, n.Tag) {
		d.errorf(n, "%s must be a string, not %s", key, describeNode(n))
		return "", false
	}
	return n.Value, true
}

// strs reads key as one string or a non-empty list of them, each at its
// node for checking. ok is false when key is absent or wrong.
func (f *fields) strs(key string) (list []string, at []*yaml.Node, ok bool) {
	n := f.get(key)
	if n == nil {
		return nil, nil, false
	}
	if n.Kind != yaml.SequenceNode {
		s, ok := f.d.scalar(n, key)
		return []string{s}, []*yaml.Node{n}, ok
	}
	if len(n.Content) == 0 {
		f.d.errorf(n, "%s: the list is empty", key)
		return nil, nil, false
	}
	ok = true
	for _, item := range n.Content {
		item = f.d.value(item)
		s, good := f.d.scalar(item, key)
		ok = ok && good
		list, at = append(list, s), append(at, item)
	}
	return list, at, ok
}

// boolean reads key as true or false.
func (f *fields) boolean(key string) (v bool, n *yaml.Node, ok bool) {
	if n = f.get(key); n == nil {
		return false, nil, false
	}
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		f.d.errorf(n, "%s must be true or false, not %s", key, describeNode(n))
		return false, n, false
	}
	return n.Value == "true" || n.Value == "True" || n.Value == "TRUE", n, true
}

// number reads key as a number and returns its text, to be read exactly.
func (f *fields) number(key string) (text string, n *yaml.Node, ok bool) {
	if n = f.get(key); n == nil {
		return "", nil, false
	}
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" && n.Tag != "!!float" {
		f.d.errorf(n, "%s must be a number, not %s", key, describeNode(n))
		return "", n, false
	}
	return n.Value, n, true
}

// list reads key as a list and returns its items behind their aliases.
func (f *fields) list(key string) (items []*yaml.Node, n *yaml.Node, ok bool) {
	if n = f.get(key); n == nil {
		return nil, nil, false
	}
	if n.Kind != yaml.SequenceNode {
		f.d.errorf(n, "%s must be a list, not %s", key, describeNode(n))
		return nil, n, false
	}
	for _, item := range n.Content {
		items = append(items, f.d.value(item))
	}
	return items, n, true
}

// describeNode names what a node is, for "must be a string, not a list".
func describeNode(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.DocumentNode:
		return "a document"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.Tag {
	case "!!null":
		return "null"
	case "!!bool":
		return "the boolean " + n.Value
	case "!!int", "!!float":
		return "the number " + quote(n.Value)
	case "!!str", "!!timestamp":
		return "the string " + quote(n.Value)
	}
	return "a value tagged " + quote(n.Tag)
}

// maxQuoted is how many bytes of a value from the file a message quotes.
const maxQuoted = 80

// quote returns s for a message: in Go quotes, so that control characters
// and terminal escapes from a hostile file stay inert, and cut to
// maxQuoted bytes.
func quote(s string) string {
	if len(s) <= maxQuoted {
		return strconv.Quote(s)
	}
	cut := maxQuoted
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + "…"
}

// suggest offers the known key a typo most likely meant: one that differs
// only in case, or by at most two edits.
func suggest(key string, known []string) string {
	best, dist := "", 3
	for _, k := range known {
		if strings.EqualFold(k, key) {
			return fmt.Sprintf(" (did you mean %s?)", k)
		}
		if d := editDistance(key, k); d < dist {
			best, dist = k, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %s?)", best)
}

// editDistance is the Levenshtein distance of two short keys; a key longer
// than 64 bytes is no typo of a known one.
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 1 << 20
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
