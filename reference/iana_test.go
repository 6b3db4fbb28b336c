package reference

import (
	"bufio"
	"errors"
	"io/fs"
	"maps"
	"os"
	"strconv"
	"strings"
	"testing"
)

// ianaTSV is IANA's registry as kept in the shared test data, a sibling of
// the repository. It is the independent check of the hand-written table in
// iana.go.
const ianaTSV = "../../shared/data/iana-status-codes.tsv"

// tsvRow is one row of ianaTSV.
type tsvRow struct {
	line      int
	code      int
	phrase    string
	class     string
	kind      string
	definedBy string
	notes     string
}

// readIANATable reads ianaTSV, skipping the test when the file is absent.
func readIANATable(t *testing.T) []tsvRow {
	t.Helper()
	f, err := os.Open(ianaTSV)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("IANA table %s not found (it lives beside the repository in shared/data); skipping the check against it", ianaTSV)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	const header = "code\treason_phrase\tclass\tkind\tdefined_by\tnotes"
	var rows []tsvRow
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if n == 1 {
			if line != header {
				t.Fatalf("%s:1: header %q, want %q", ianaTSV, line, header)
			}
			continue
		}
		if line == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 6 {
			t.Fatalf("%s:%d: %d fields, want 6", ianaTSV, n, len(f))
		}
		code, err := strconv.Atoi(f[0])
		if err != nil {
			t.Fatalf("%s:%d: bad code: %v", ianaTSV, n, err)
		}
		rows = append(rows, tsvRow{n, code, f[1], f[2], f[3], f[4], f[5]})
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read %s: %v", ianaTSV, err)
	}
	return rows
}

// kindOf maps a TSV row to the Registration the registry should record. The
// TSV's kind column only separates "iana" from "unused"; temporary and
// obsoleted registrations are marked in the notes, as IANA marks them in its
// description column.
func kindOf(r tsvRow) Registration {
	switch {
	case r.kind == "unused":
		return Unused
	case r.kind != "iana":
		return Unregistered // unknown kind: no entry can match it
	case strings.Contains(r.notes, "TEMPORARY"):
		return Temporary
	case strings.Contains(r.notes, "OBSOLETED"):
		return Obsoleted
	}
	return Assigned
}

func TestMatchesIANATable(t *testing.T) {
	rows := readIANATable(t)

	inTSV := make(map[int]bool, len(rows))
	for _, r := range rows {
		if inTSV[r.code] {
			t.Errorf("%s:%d: code %d appears twice", ianaTSV, r.line, r.code)
		}
		inTSV[r.code] = true

		s, ok := Lookup(r.code)
		if !ok {
			t.Errorf("%s:%d: code %d missing from the registry", ianaTSV, r.line, r.code)
			continue
		}
		if s.Phrase != r.phrase {
			t.Errorf("%d: Phrase %q, IANA table %q", r.code, s.Phrase, r.phrase)
		}
		if got := s.Class.String(); got != r.class {
			t.Errorf("%d: Class %s, IANA table %s", r.code, got, r.class)
		}
		if want := kindOf(r); s.Status != want {
			t.Errorf("%d: Status %v, IANA table kind %q notes %q means %v", r.code, s.Status, r.kind, r.notes, want)
		}
		if s.Ref != r.definedBy {
			t.Errorf("%d: Ref %q, IANA table %q", r.code, s.Ref, r.definedBy)
		}
	}

	all := All()
	for _, s := range all {
		if !inTSV[s.Code] {
			t.Errorf("registry has %d %q, which the IANA table lacks", s.Code, s.Phrase)
		}
	}
	if len(all) != len(rows) {
		t.Errorf("registry has %d entries, IANA table %d rows", len(all), len(rows))
	}
}

// tsvTags returns the bracketed tags of a row's notes, such as "interim",
// "no-content", "heuristic-cacheable" or a header name like "Location".
func tsvTags(notes string) map[string]bool {
	tags := make(map[string]bool)
	for rest := notes; ; {
		i := strings.IndexByte(rest, '[')
		if i < 0 {
			return tags
		}
		j := strings.IndexByte(rest[i:], ']')
		if j < 0 {
			return tags
		}
		tags[rest[i+1:i+j]] = true
		rest = rest[i+j+1:]
	}
}

// extraHeaders are header fields the registry names beyond the TSV's tags,
// each with the reason; anything else must match the tags exactly.
var extraHeaders = map[int][]string{
	451: {"Link"}, // RFC 7725 §3: SHOULD send Link rel="blocked-by"; the TSV says so in prose only
}

// behaviourBeyondTags are the behaviours the registry states differently
// from the TSV's tags, each with its source; anything else must match them.
var behaviourBeyondTags = map[int]map[string]bool{
	// RFC 9110 §7.8 and §15.2.2: after 101 the connection speaks the new
	// protocol and no final HTTP response follows, so in an access log 101
	// is the final status of a WebSocket request, not an interim one.
	101: {"interim": false},
	// RFC 7725 §3: "A 451 response is cacheable by default"; the TSV says
	// so in prose only.
	451: {"heuristic-cacheable": true},
}

// TestBehaviourMatchesIANATable checks the RFC 9110 behaviour of each IANA
// meaning (kind, interim, no content, heuristically cacheable, header
// fields) against the TSV's kind column and bracketed tags.
func TestBehaviourMatchesIANATable(t *testing.T) {
	for _, r := range readIANATable(t) {
		ms := Meanings(r.code)
		if len(ms) == 0 || ms[0].Kind == KindUnofficial {
			t.Errorf("%d: no IANA meaning", r.code)
			continue
		}
		m := ms[0]
		if got := m.Kind.String(); got != r.kind {
			t.Errorf("%d: Kind %s, IANA table kind %s", r.code, got, r.kind)
		}
		tags := tsvTags(r.notes)
		for _, c := range []struct {
			tag string
			got bool
		}{
			{"interim", m.Interim},
			{"no-content", m.NoContent},
			{"heuristic-cacheable", m.Cacheable},
		} {
			want := tags[c.tag]
			if w, ok := behaviourBeyondTags[r.code][c.tag]; ok {
				want = w
			}
			if c.got != want {
				t.Errorf("%d: %s is %v, IANA table tags %q", r.code, c.tag, c.got, r.notes)
			}
			delete(tags, c.tag)
		}
		want := make(map[string]bool)
		for h := range tags {
			want[h] = true
		}
		for _, h := range extraHeaders[r.code] {
			want[h] = true
		}
		got := make(map[string]bool)
		for _, h := range m.Headers {
			got[h] = true
		}
		if !maps.Equal(got, want) {
			t.Errorf("%d: Headers %v, IANA table tags %q", r.code, m.Headers, r.notes)
		}
	}
}
