package slasum

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// A table of a summary is a set of list columns of one length sharing a
// prefix. Its columns are listed once, as a table of its row type (the
// tables are in tables.go): each column's name, the Arrow type of its
// elements, and where its value is in a row. Write and Read both walk
// that list, so the reader cannot expect a column the writer does not
// write.

// elem is how Go values of type T are the elements of a list column.
type elem[T any] struct {
	typ arrow.DataType
	// add appends values to a builder of typ.
	add func(array.Builder, []T)
	// values returns the values of an array of typ, not sharing the
	// strings and bytes of the file.
	values func(arrow.Array) []T
}

var (
	int64Elem = elem[int64]{arrow.PrimitiveTypes.Int64,
		func(b array.Builder, v []int64) { b.(*array.Int64Builder).AppendValues(v, nil) },
		func(a arrow.Array) []int64 { return a.(*array.Int64).Int64Values() }}
	uint64Elem = elem[uint64]{arrow.PrimitiveTypes.Uint64,
		func(b array.Builder, v []uint64) { b.(*array.Uint64Builder).AppendValues(v, nil) },
		func(a arrow.Array) []uint64 { return a.(*array.Uint64).Uint64Values() }}
	float64Elem = elem[float64]{arrow.PrimitiveTypes.Float64,
		func(b array.Builder, v []float64) { b.(*array.Float64Builder).AppendValues(v, nil) },
		func(a arrow.Array) []float64 { return a.(*array.Float64).Float64Values() }}
	boolElem = elem[bool]{arrow.FixedWidthTypes.Boolean,
		func(b array.Builder, v []bool) { b.(*array.BooleanBuilder).AppendValues(v, nil) },
		boolValues}
	stringElem = elem[string]{arrow.BinaryTypes.String,
		func(b array.Builder, v []string) { b.(*array.StringBuilder).AppendValues(v, nil) },
		stringValues}
	binaryElem = elem[[]byte]{arrow.BinaryTypes.Binary,
		func(b array.Builder, v [][]byte) { b.(*array.BinaryBuilder).AppendValues(v, nil) },
		binaryValues}
)

func boolValues(a arrow.Array) []bool {
	b := a.(*array.Boolean)
	out := make([]bool, b.Len())
	for i := range out {
		out[i] = b.Value(i)
	}
	return out
}

func stringValues(a arrow.Array) []string {
	s := a.(*array.String)
	out := make([]string, s.Len())
	for i := range out {
		out[i] = strings.Clone(s.Value(i))
	}
	return out
}

func binaryValues(a arrow.Array) [][]byte {
	s := a.(*array.Binary)
	out := make([][]byte, s.Len())
	for i := range out {
		// An empty value is nil, however the file stores it, so that a
		// state reads back the same after it is written again.
		if b := s.Value(i); len(b) > 0 {
			out[i] = bytes.Clone(b)
		}
	}
	return out
}

// column is one column of a table whose rows are of type R.
type column[R any] struct {
	name string // after the table's prefix
	// omit, for a column added after the first layout, says when the
	// column is left out of a file: a file without it reads as rows whose
	// field is zero. nil for a column every file has.
	omit  func(rows []R) bool
	write func(b *builder, name string, rows []R)
	// fetch reads the column's values; fill sets them into as many rows,
	// or stops at the first row whose value it refuses.
	fetch func(r *reader, name string) (n int, fill func(rows []R) (at int, err error))
}

// field returns the column of a T in each row: get takes it from a row
// to write, set puts a value read back into a row, or refuses it.
func field[R, T any](name string, e elem[T], get func(*R) T, set func(*R, T) error) column[R] {
	return column[R]{
		name: name,
		write: func(b *builder, name string, rows []R) {
			v := make([]T, len(rows))
			for i := range rows {
				v[i] = get(&rows[i])
			}
			appendList(b, name, e, v)
		},
		fetch: func(r *reader, name string) (int, func([]R) (int, error)) {
			v := readList(r, name, e)
			return len(v), func(rows []R) (int, error) {
				for i := range rows {
					if err := set(&rows[i], v[i]); err != nil {
						return i, err
					}
				}
				return 0, nil
			}
		},
	}
}

// col returns the column of a field stored as it is; at says where the
// field is in a row.
func col[R, T any](name string, e elem[T], at func(*R) *T) column[R] {
	return field(name, e, func(x *R) T { return *at(x) }, func(x *R, v T) error {
		*at(x) = v
		return nil
	})
}

// intCol returns the column of an int field, stored as an int64.
func intCol[R any](name string, at func(*R) *int) column[R] {
	return field(name, int64Elem, func(x *R) int64 { return int64(*at(x)) }, func(x *R, v int64) error {
		*at(x) = int(v)
		return nil
	})
}

// statusCol returns the column of an HTTP status, 0 to 999.
func statusCol[R any](name string, at func(*R) *int) column[R] {
	return field(name, int64Elem, func(x *R) int64 { return int64(*at(x)) }, func(x *R, v int64) error {
		if v < 0 || v > 999 {
			return fmt.Errorf("status %d", v)
		}
		*at(x) = int(v)
		return nil
	})
}

// sparseCol returns the column of an int64 field that files older than
// the column lack: it is written only when some row's field is not 0.
func sparseCol[R any](name string, at func(*R) *int64) column[R] {
	c := col(name, int64Elem, at)
	c.omit = func(rows []R) bool {
		for i := range rows {
			if *at(&rows[i]) != 0 {
				return false
			}
		}
		return true
	}
	return c
}

// sparseStringCol is sparseCol for a string field: written only when
// some row's field is not empty.
func sparseStringCol[R any](name string, at func(*R) *string) column[R] {
	c := col(name, stringElem, at)
	c.omit = func(rows []R) bool {
		for i := range rows {
			if *at(&rows[i]) != "" {
				return false
			}
		}
		return true
	}
	return c
}

// table is a set of columns of one length, named "prefix.column".
type table[R any] struct {
	prefix string
	// row, when set, names a row in the error for a value refused: for
	// "input 3: head hash of 31 bytes". Without it the error is the
	// column's own.
	row  string
	cols []column[R]
}

// write adds the table's columns of rows to b.
func (t table[R]) write(b *builder, rows []R) {
	for _, c := range t.cols {
		if c.omit == nil || !c.omit(rows) {
			c.write(b, t.prefix+"."+c.name, rows)
		}
	}
}

// read reads the table's rows: nil for none.
func (t table[R]) read(r *reader) []R {
	return t.fetch(r).rows(r)
}

// fetched is a table's columns as read, before their lengths are
// compared. Fetching and checking are apart so that a table and the one
// shared out among its rows (the bins of the sketches, the fingerprints
// of the inputs) are both fetched before either is checked: the order in
// which Read has always found damage, and so which damage it names.
type fetched[R any] struct {
	t     table[R]
	lens  []int
	fills []func([]R) (int, error)
}

// fetch reads the columns every file of the table has, in their order.
func (t table[R]) fetch(r *reader) fetched[R] {
	f := fetched[R]{t: t}
	for _, c := range t.cols {
		if c.omit == nil {
			n, fill := c.fetch(r, t.prefix+"."+c.name)
			f.lens, f.fills = append(f.lens, n), append(f.fills, fill)
		}
	}
	return f
}

// rows checks that the columns are of one length, and of the lengths in
// also, reads the optional columns the file has, and returns the rows:
// nil for none.
func (f fetched[R]) rows(r *reader, also ...int) []R {
	n := r.same(f.t.prefix, append(slices.Clone(also), f.lens...)...)
	fills := slices.Clone(f.fills)
	for _, c := range f.t.cols {
		name := f.t.prefix + "." + c.name
		if c.omit == nil || !r.has(name) {
			continue
		}
		m, fill := c.fetch(r, name)
		if r.same(f.t.prefix, n, m) != n {
			return nil
		}
		fills = append(fills, fill)
	}
	if n == 0 {
		return nil
	}
	rows := make([]R, n)
	for _, fill := range fills {
		if at, err := fill(rows); err != nil {
			if f.t.row != "" {
				r.fail("%s %d: %v", f.t.row, at+1, err)
			} else {
				r.fail("%v", err)
			}
			break
		}
	}
	return rows
}

// appendList adds to b the list column name holding v.
func appendList[T any](b *builder, name string, e elem[T], v []T) {
	lb := array.NewListBuilder(b.mem, e.typ)
	defer lb.Release()
	lb.Append(true)
	e.add(lb.ValueBuilder(), v)
	b.fields = append(b.fields, arrow.Field{Name: name, Type: arrow.ListOf(e.typ)})
	b.cols = append(b.cols, lb.NewArray())
}

// readList returns the values of the list column name, or nil when the
// file has no such column of e's type.
func readList[T any](r *reader, name string, e elem[T]) []T {
	v := r.values(name, e.typ)
	if v == nil {
		return nil
	}
	return e.values(v)
}
