package ingest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/slareport/slareport/ingest"
)

func TestDistinct(t *testing.T) {
	t.Chdir(t.TempDir())
	write(t, "a.log", []byte("a\n"))
	write(t, "b.log", []byte("b\n"))
	// The same size and time as a.log, and yet another file.
	when := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	os.Chtimes("a.log", when, when)
	os.Chtimes("b.log", when, when)
	os.Mkdir("d", 0o755)
	if err := os.Link("a.log", "d/hard.log"); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../a.log", "d/sym.log"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		paths    []string
		distinct []string
		repeats  []ingest.Repeat
	}{
		{"none", nil, nil, nil},
		{"all different", []string{"b.log", "a.log", "-"}, []string{"b.log", "a.log", "-"}, nil},
		{"same name", []string{"a.log", "b.log", "a.log"}, []string{"a.log", "b.log"}, []ingest.Repeat{{"a.log", "a.log"}}},
		{"other names", []string{"./a.log", filepath.Join("d", "..", "a.log")}, []string{"./a.log"}, []ingest.Repeat{{"./a.log", "a.log"}}},
		{"hard link and symlink", []string{"d/sym.log", "a.log", "d/hard.log"}, []string{"d/sym.log"}, []ingest.Repeat{{"d/sym.log", "a.log"}, {"d/sym.log", "d/hard.log"}}},
		{"stdin twice", []string{"-", "a.log", "-"}, []string{"-", "a.log"}, []ingest.Repeat{{"-", "-"}}},
		{"missing kept for Open", []string{"nope.log", "nope.log"}, []string{"nope.log", "nope.log"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, repeats := ingest.Distinct(tt.paths)
			if fmt.Sprint(got) != fmt.Sprint(tt.distinct) || fmt.Sprint(repeats) != fmt.Sprint(tt.repeats) {
				t.Errorf("Distinct(%q) = %q, %v; want %q, %v", tt.paths, got, repeats, tt.distinct, tt.repeats)
			}
		})
	}
}
