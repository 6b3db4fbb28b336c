package openslo

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Pos is a place in an SLO file: the file's name as the caller gave it, a
// line and a column, both counted from 1 (the column in characters, as
// the YAML parser counts them).
type Pos struct {
	File         string
	Line, Column int
}

// String returns the position as compilers and editors write it,
// "slos.yaml:12:7".
func (p Pos) String() string {
	return p.File + ":" + strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Column)
}

// Error is one thing wrong in an SLO file, at the place it was found.
type Error struct {
	Pos Pos
	Msg string
}

// Error returns "FILE:LINE:COL: what is wrong".
func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// MaxErrors is how many errors Errors prints before it only counts the
// rest: a file that is not OpenSLO at all would otherwise bury the first,
// most useful ones.
const MaxErrors = 20

// maxCollected bounds the errors kept while loading; past it loading
// stops, so a hostile file cannot grow the list without end.
const maxCollected = 1000

// Errors is every error Load found, sorted by file (in the order the files
// were given), line and column.
type Errors struct {
	List []*Error
	// More counts the errors not kept in List, loading having stopped at
	// maxCollected of them; there may be more that were not looked for.
	More int
}

// Error returns the first MaxErrors errors, one a line, and how many more
// there are.
func (e *Errors) Error() string {
	var b strings.Builder
	for i, err := range e.List {
		if i == MaxErrors {
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(err.Error())
	}
	if n := e.Count() - min(len(e.List), MaxErrors); n > 0 {
		more := ""
		if e.More > 0 {
			more = "at least " // loading stopped: there may be more
		}
		fmt.Fprintf(&b, "\n... and %s%d more %s", more, n, plural(n, "error"))
	}
	return b.String()
}

// Count returns how many errors were found, shown or not.
func (e *Errors) Count() int { return len(e.List) + e.More }

// ReadError is an SLO file that could not be read: the file is missing,
// unreadable or broke off, as opposed to read and found wrong (Errors).
type ReadError struct {
	Name string
	Err  error
}

func (e *ReadError) Error() string { return fmt.Sprintf("read %q: %v", e.Name, e.Err) }
func (e *ReadError) Unwrap() error { return e.Err }

// sink collects the errors of one Load. Once it holds maxCollected it
// aborts the load (see stop).
type sink struct {
	files []string // in the order given, to sort by
	list  []*Error
	more  int
}

// stop is the panic that ends a load early: too many errors, or aliases
// that expand too far. Load recovers it and returns what was collected.
type stop struct{}

func (s *sink) add(p Pos, format string, args ...any) {
	if len(s.list) >= maxCollected {
		s.more++
		panic(stop{})
	}
	s.list = append(s.list, &Error{Pos: p, Msg: fmt.Sprintf(format, args...)})
}

// errors returns the collected errors sorted, each once, or nil when there
// are none.
func (s *sink) errors() error {
	if len(s.list) == 0 {
		return nil
	}
	order := func(name string) int { return slices.Index(s.files, name) }
	slices.SortStableFunc(s.list, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(order(a.Pos.File), order(b.Pos.File)),
			cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Column, b.Pos.Column),
			strings.Compare(a.Msg, b.Msg))
	})
	// An error in a value that aliases lead to twice is one error.
	list := slices.CompactFunc(s.list, func(a, b *Error) bool { return *a == *b })
	return &Errors{List: list, More: s.more}
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
