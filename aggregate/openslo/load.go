package openslo

import (
	"bytes"
	"io"
	"slices"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"
)

// MaxFileSize is the largest SLO file Load reads, 1 MiB: room for
// thousands of SLOs, and a bound on the memory and time a hostile file
// can take (the YAML tree of a file takes about a hundred times its size).
const MaxFileSize = 1 << 20

// Source is one SLO file to load: its name, for positions, and its bytes.
type Source struct {
	Name string
	R    io.Reader
}

// Load reads and checks OpenSLO v1 files, multi-document YAML, as one
// set: a reference (indicatorRef, alertPolicyRef, conditionRef) may point
// into another file, and a name may be defined once per kind across all.
// A file that cannot be read is a *ReadError; anything wrong in what was
// read is an *Errors of every problem found, sorted, each at its
// file:line:column. Load never returns part of a file: with any error the
// *File is nil.
func Load(sources ...Source) (*File, error) {
	texts := make([][]byte, len(sources))
	for i, src := range sources {
		b, err := io.ReadAll(io.LimitReader(src.R, MaxFileSize+1))
		if err != nil {
			return nil, &ReadError{Name: src.Name, Err: err}
		}
		texts[i] = b
	}
	l := &loader{errs: &sink{}, byName: map[string]map[string]*object{}}
	var f *File
	func() {
		defer func() {
			if r := recover(); r != nil {
				if _, ok := r.(stop); !ok {
					panic(r)
				}
			}
		}()
		for i, src := range sources {
			l.errs.files = append(l.errs.files, src.Name)
			l.read(src.Name, texts[i])
		}
		f = l.build()
	}()
	if err := l.errs.errors(); err != nil {
		return nil, err
	}
	return f, nil
}

// The kinds of document Load reads.
var kinds = []string{"SLO", "SLI", "Service", "AlertPolicy", "AlertCondition"}

// otherKinds are OpenSLO kinds slareport does not read, and why.
var otherKinds = map[string]string{
	"DataSource":              "slareport reads access logs: give an SLI's metricSource type: slareport",
	"AlertNotificationTarget": "slareport replays alerts over logs; it sends no notifications",
}

// object is a document, or an object written inline in another: its kind,
// metadata and spec, and the decoder of the file it is in.
type object struct {
	d    *decoder
	kind string
	meta meta
	spec *yaml.Node
}

// meta is an object's metadata.
type meta struct {
	name, display string
	at            *yaml.Node // the name's value, for positions
}

// loader holds the documents of all files by kind, and the objects
// decoded from them so that references resolve.
type loader struct {
	errs   *sink
	docs   []*object
	byName map[string]map[string]*object // kind -> name -> document

	conditions map[string]*Alert    // nil: defined but wrong
	policies   map[string]*[]Alert  // nil: defined but wrong
	slis       map[string]*resolved // nil: defined but wrong
}

// read parses one file's documents and files them by kind. A syntax error
// ends the file: the YAML parser cannot go on after one.
func (l *loader) read(name string, text []byte) {
	d := &decoder{file: name, errs: l.errs}
	if len(text) > MaxFileSize {
		l.errs.add(Pos{name, 1, 1}, "the file is larger than %d MiB, the most an SLO file may be", MaxFileSize>>20)
		return
	}
	if !utf8.Valid(text) {
		line, col := lineColumn(text, firstInvalid(text))
		l.errs.add(Pos{name, line, col}, "the file is not UTF-8 text")
		return
	}
	dec := yaml.NewDecoder(bytes.NewReader(text))
	for {
		var doc yaml.Node
		err := decodeNext(dec, &doc)
		if err == io.EOF {
			return
		}
		if err != nil {
			e := syntaxError(name, text, err)
			l.errs.add(e.Pos, "%s", e.Msg)
			return
		}
		if len(doc.Content) == 1 {
			l.document(d, doc.Content[0])
		}
	}
}

func firstInvalid(text []byte) int {
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRune(text[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(text)
}

// document files one top-level document under its kind and name.
func (l *loader) document(d *decoder, root *yaml.Node) {
	if v := d.value(root); v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return // an empty document, as between two "---"
	}
	o := d.object(root, "a document", "", false)
	if o == nil {
		return
	}
	if l.byName[o.kind] == nil {
		l.byName[o.kind] = map[string]*object{}
	}
	if first := l.byName[o.kind][o.meta.name]; first != nil {
		d.errorf(o.meta.at, "%s %s is already defined at %s", o.kind, quote(o.meta.name), first.d.pos(first.meta.at))
		return
	}
	l.byName[o.kind][o.meta.name] = o
	l.docs = append(l.docs, o)
}

// object reads a document, or an object written inline (inline: its
// apiVersion and kind may be left out; want is the kind it must be).
// It returns nil when the object has no valid kind or name.
func (d *decoder) object(n *yaml.Node, what, want string, inline bool) *object {
	f := d.mapping(n, what, []string{"apiVersion", "kind", "metadata", "spec"}, nil)
	if f == nil {
		return nil
	}
	if v, vn, ok := f.str("apiVersion"); ok && v != "openslo/v1" {
		d.errorf(vn, "apiVersion %s is not supported: slareport reads openslo/v1", quote(v))
	} else if !inline && !f.has("apiVersion") {
		f.require("apiVersion")
	}
	o := &object{d: d, kind: want}
	switch kind, kn, ok := f.str("kind"); {
	case !ok && !inline:
		f.require("kind")
		return nil
	case !ok:
	case otherKinds[kind] != "":
		d.errorf(kn, "kind %s is not supported: %s", kind, otherKinds[kind])
		return nil
	case !slices.Contains(kinds, kind):
		d.errorf(kn, "kind %s is not an OpenSLO kind slareport reads (%s)%s", quote(kind), joinList(kinds), suggest(kind, kinds))
		return nil
	case want != "" && kind != want:
		d.errorf(kn, "kind %s: %s must be an %s", kind, what, want)
		return nil
	default:
		o.kind = kind
	}
	var ok bool
	if o.meta, ok = d.metadata(f.require("metadata")); !ok {
		return nil
	}
	o.spec = f.require("spec")
	return o
}

// metadata reads an object's metadata: its name, and its displayName.
// Labels and annotations are checked and otherwise ignored.
func (d *decoder) metadata(n *yaml.Node) (meta, bool) {
	f := d.mapping(n, "the metadata", []string{"name", "displayName", "labels", "annotations"}, nil)
	if f == nil {
		return meta{}, false
	}
	m := meta{}
	m.display, _, _ = f.str("displayName")
	d.freeMapping(f.get("labels"), "the labels", func(f *fields, key string) { f.strs(key) })
	d.freeMapping(f.get("annotations"), "the annotations", func(f *fields, key string) { f.str(key) })
	name, nn, ok := f.str("name")
	if !ok {
		f.require("name")
		return meta{}, false
	}
	m.name, m.at = name, nn
	if !validName(name) {
		d.errorf(nn, "name %s must be an RFC 1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters", quote(name))
		return meta{}, false
	}
	return m, true
}

// validName reports whether s is an RFC 1123 label, which OpenSLO asks of
// every name.
func validName(s string) bool {
	if len(s) == 0 || len(s) > 63 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// ref reads key as the name of a document of kind and returns it; a name
// no document has is reported. ok is false when key is absent or wrong.
func (l *loader) ref(f *fields, key, kind string) (o *object, ok bool) {
	name, n, ok := f.str(key)
	if !ok {
		return nil, false
	}
	if o = l.byName[kind][name]; o == nil {
		f.d.errorf(n, "%s: no %s is named %s", key, kind, quote(name))
		return nil, false
	}
	return o, true
}

// maxDescription is OpenSLO's limit on a description.
const maxDescription = 1050

// description reads the optional description of a spec.
func description(f *fields) string {
	s, n, ok := f.str("description")
	if ok && utf8.RuneCountInString(s) > maxDescription {
		f.d.errorf(n, "description is %d characters long: OpenSLO allows %d", utf8.RuneCountInString(s), maxDescription)
	}
	return s
}

// build decodes the documents in order of reference: conditions, policies
// and SLIs first, so that SLOs find them.
func (l *loader) build() *File {
	l.conditions = map[string]*Alert{}
	l.policies = map[string]*[]Alert{}
	l.slis = map[string]*resolved{}
	f := &File{}
	for _, kind := range []string{"AlertCondition", "AlertPolicy", "SLI", "Service", "SLO"} {
		for _, o := range l.docs {
			if o.kind != kind {
				continue
			}
			switch kind {
			case "AlertCondition":
				l.conditions[o.meta.name] = l.condition(o)
			case "AlertPolicy":
				l.policies[o.meta.name] = l.policy(o)
			case "SLI":
				l.slis[o.meta.name] = l.indicator(o)
			case "Service":
				f.Services = append(f.Services, l.service(o))
			case "SLO":
				f.SLOs = append(f.SLOs, l.slo(o))
			}
		}
	}
	return f
}

func (l *loader) service(o *object) Service {
	f := o.d.mapping(o.spec, "the Service spec", []string{"description"}, nil)
	return Service{Name: o.meta.name, DisplayName: o.meta.display, Description: description(f), Pos: o.d.pos(o.meta.at)}
}

// freeMapping checks a mapping of any keys (labels, annotations): each
// key a name, and each value as read checks it.
func (d *decoder) freeMapping(n *yaml.Node, what string, read func(f *fields, key string)) {
	if n == nil {
		return
	}
	if n = d.value(n); n.Kind != yaml.MappingNode {
		d.errorf(n, "%s must be a mapping, not %s", what, describeNode(n))
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := d.value(n.Content[i])
		if k.Kind != yaml.ScalarNode || k.Tag == "!!null" || k.Tag == "!!merge" {
			d.errorf(k, "%s: a key must be a name, not %s", what, describeNode(k))
			continue
		}
		read(&fields{d: d, node: n, what: what, vals: map[string]*yaml.Node{k.Value: n.Content[i+1]}}, k.Value)
	}
}

func joinList(list []string) string {
	var b bytes.Buffer
	for i, s := range list {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(s)
	}
	return b.String()
}
