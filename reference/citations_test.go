package reference

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strconv"
	"strings"
	"testing"
)

// sourceEntries parses file and returns, for each element of the composite
// literal assigned to the package variable name, its source text and the
// comment on its line ("" when there is none).
func sourceEntries(t *testing.T, file, name string) (entries []struct{ text, comment string }) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	src := fset.File(f.Pos())
	lineComment := map[int]string{}
	for _, g := range f.Comments {
		for _, c := range g.List {
			lineComment[src.Line(c.Pos())] += c.Text
		}
	}
	var lit *ast.CompositeLit
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Names) != 1 || vs.Names[0].Name != name || len(vs.Values) != 1 {
			return true
		}
		lit, _ = vs.Values[0].(*ast.CompositeLit)
		return false
	})
	if lit == nil {
		t.Fatalf("%s: no composite literal %s", file, name)
	}
	data := mustRead(t, file)
	for _, e := range lit.Elts {
		text := string(data[src.Offset(e.Pos()):src.Offset(e.End())])
		entries = append(entries, struct{ text, comment string }{text, lineComment[src.Line(e.End())]})
	}
	return entries
}

func mustRead(t *testing.T, file string) []byte {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestEveryIntroducedEntryCitesItsSource reads history.go as source: each
// entry of histories carries, on its line, a comment naming the section of
// the very document it records (or, for a draft, the draft itself), so that
// a reviewer can check the entry against the document line by line.
func TestEveryIntroducedEntryCitesItsSource(t *testing.T) {
	entries := sourceEntries(t, "history.go", "histories")
	if len(entries) != len(histories) {
		t.Fatalf("parsed %d entries of histories, the table has %d", len(entries), len(histories))
	}
	for i, e := range entries {
		h := histories[i]
		want := h.doc + " §"
		if strings.HasPrefix(h.doc, "draft-") {
			want = h.doc
		}
		if !strings.Contains(e.comment, want) {
			t.Errorf("history.go: %s: the comment %q does not cite %q", e.text, e.comment, want)
		}
	}
}

// TestEveryGRPCEntryCitesItsSource: each gRPC → HTTP entry quotes the
// "HTTP Mapping" line of google.rpc.Code for its status, and each HTTP →
// gRPC entry quotes its row of gRPC's mapping table; both tables name their
// document's URL.
func TestEveryGRPCEntryCitesItsSource(t *testing.T) {
	entries := sourceEntries(t, "mappings.go", "grpcToHTTP")
	if len(entries) != len(grpcToHTTP) {
		t.Fatalf("parsed %d entries of grpcToHTTP, the table has %d", len(entries), len(grpcToHTTP))
	}
	for i, e := range entries {
		m := grpcToHTTP[i]
		want := strconv.Itoa(i) + `, code.proto: "HTTP Mapping: ` + strconv.Itoa(m.http) + " " + Phrase(m.http)
		if m.http == 499 {
			want = strconv.Itoa(i) + `, code.proto: "HTTP Mapping: 499 Client Closed Request`
		}
		if !strings.Contains(e.comment, want) {
			t.Errorf("mappings.go: %s: the comment %q does not quote %q", e.text, e.comment, want)
		}
	}
	entries = sourceEntries(t, "mappings.go", "httpToGRPC")
	if len(entries) != len(httpToGRPC) {
		t.Fatalf("parsed %d entries of httpToGRPC, the map has %d", len(entries), len(httpToGRPC))
	}
	for _, e := range entries {
		code, _, _ := strings.Cut(e.text, ":")
		n, err := strconv.Atoi(code)
		if err != nil {
			t.Fatalf("mappings.go: entry %q", e.text)
		}
		want := `http-grpc-status-mapping.md: "` + code + " "
		if !strings.Contains(e.comment, want) || !strings.HasSuffix(strings.TrimSpace(e.comment), "| "+httpToGRPC[n]+`"`) {
			t.Errorf("mappings.go: %s: the comment %q does not quote its row of the mapping", e.text, e.comment)
		}
	}
	src := string(mustRead(t, "mappings.go"))
	for _, url := range []string{
		"https://github.com/googleapis/googleapis/blob/master/google/rpc/code.proto",
		"https://github.com/grpc/grpc/blob/master/doc/http-grpc-status-mapping.md",
	} {
		if !strings.Contains(src, url) {
			t.Errorf("mappings.go does not name %s", url)
		}
	}
}
