package archtest

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/slareport/slareport/"

// floors lists, for each package of the house, the project packages its
// non-test files may import. Imports point down: ingest, parse and
// reference import nothing of the project; only the commands wire
// everything.
var floors = map[string][]string{
	"ingest":            nil,
	"parse":             nil,
	"reference":         nil,
	"aggregate":         {"ingest", "parse", "reference"},
	"aggregate/slasum":  {"aggregate", "ingest"},
	"aggregate/openslo": {"aggregate"},
	"report":            {"aggregate", "reference"},
	"report/board":      {"aggregate", "report"},
	"internal/loggen":   nil,
}

// root is the repository's top folder, two up from this package.
func root(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		t.Fatalf("repository root not found from %s: %v", dir, err)
	}
	return dir
}

// sources parses the non-test Go files of the repository, by package
// folder relative to the root.
func sources(t *testing.T) (map[string][]*ast.File, *token.FileSet) {
	t.Helper()
	top := root(t)
	fset := token.NewFileSet()
	pkgs := map[string][]*ast.File{}
	err := filepath.WalkDir(top, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != top && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(top, filepath.Dir(path))
		pkgs[filepath.ToSlash(rel)] = append(pkgs[filepath.ToSlash(rel)], f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pkgs, fset
}

func imports(f *ast.File) []string {
	var list []string
	for _, s := range f.Imports {
		p, _ := strconv.Unquote(s.Path.Value)
		list = append(list, p)
	}
	return list
}

// TestImportsPointDown: each package imports only the floors below it, and
// no package but a command imports cmd/ or internal/ test helpers.
func TestImportsPointDown(t *testing.T) {
	pkgs, fset := sources(t)
	for _, want := range []string{"ingest", "parse", "aggregate", "report", "cmd/slareport"} {
		if len(pkgs[want]) == 0 {
			t.Fatalf("package %s not found: the test would check nothing", want)
		}
	}
	for dir, files := range pkgs {
		allowed, ruled := floors[dir]
		if !ruled {
			if !strings.HasPrefix(dir, "cmd/") && !strings.HasPrefix(dir, "internal/") {
				t.Errorf("package %s has no floor in this test: add it to floors and to docs/architecture.md", dir)
			}
			continue
		}
		for _, f := range files {
			for _, p := range imports(f) {
				own, ok := strings.CutPrefix(p, module)
				if ok && !slices.Contains(allowed, own) {
					t.Errorf("%s imports %s: %s may import only %v", fset.Position(f.Package).Filename[len(root(t))+1:], own, dir, allowed)
				}
			}
		}
	}
}

// TestAggregateLeavesFilesToIngest: aggregate counts what ingest reads; it
// never opens, stats or seeks a file itself.
func TestAggregateLeavesFilesToIngest(t *testing.T) {
	pkgs, fset := sources(t)
	for _, dir := range []string{"aggregate", "aggregate/slasum", "aggregate/openslo", "report", "report/board"} {
		for _, f := range pkgs[dir] {
			for _, p := range imports(f) {
				switch p {
				case "os", "io/fs", "syscall", "path/filepath", "golang.org/x/sys/unix":
					t.Errorf("%s imports %q: file handling belongs in ingest (or cmd/slareport)", fset.Position(f.Package).Filename[len(root(t))+1:], p)
				}
			}
		}
	}
}

// Size limits: a file a reader can hold in mind, functions that read as
// named steps. The per-line loops (the byte parsers, partial.fold, the
// splitter) may run long, where a split would cost a call per line; few
// others do.
const (
	maxFileLines = 800
	maxFuncLines = 120
	longFunc     = 60
	maxLongFuncs = 10
)

// TestSizes keeps files under maxFileLines lines, every function under
// maxFuncLines, and at most maxLongFuncs functions over longFunc.
func TestSizes(t *testing.T) {
	pkgs, fset := sources(t)
	top := root(t)
	var long []string
	for _, files := range pkgs {
		for _, f := range files {
			tf := fset.File(f.Package)
			name := tf.Name()[len(top)+1:]
			if tf.LineCount() > maxFileLines {
				t.Errorf("%s has %d lines (at most %d): split it by topic", name, tf.LineCount(), maxFileLines)
			}
			for _, d := range f.Decls {
				fn, ok := d.(*ast.FuncDecl)
				if !ok || fn.Body == nil {
					continue
				}
				n := fset.Position(fn.End()).Line - fset.Position(fn.Pos()).Line + 1
				if n > maxFuncLines {
					t.Errorf("%s: %s has %d lines (at most %d)", name, fn.Name.Name, n, maxFuncLines)
				}
				if n > longFunc {
					long = append(long, fmt.Sprintf("%s: %s (%d lines)", name, fn.Name.Name, n))
				}
			}
		}
	}
	sort.Strings(long)
	if len(long) > maxLongFuncs {
		t.Errorf("%d functions over %d lines (at most %d):\n%s", len(long), longFunc, maxLongFuncs, strings.Join(long, "\n"))
	}
}
