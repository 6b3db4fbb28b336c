// Package slasum stores an aggregate.State as a .slasum file: an Arrow IPC
// file, so that summaries made on many hosts can be shipped, merged, and
// read by any Arrow tool (pyarrow.ipc.open_file), not only by slareport.
//
// The file holds one record batch of one row. The run's settings and
// scalar counts are schema metadata (keys "slareport.*"); every table of
// the state is a set of list columns of equal length sharing a prefix
// ("minute.start", "minute.bad", ...), struct-of-arrays style, with
// nested lists (sketch bins) flattened behind a count column. A file comes
// from another host and is read as hostile: its size, every allocation it
// asks for and every value are bounded, and damage is an error, never a
// panic.
//
// Parts added after the first layout are optional, so that every file
// still reads: the counts split by host and endpoint ("slareport.dims",
// "slareport.dim_width" and the dim.* columns) are written only when the
// state has them, and a file without them is a state without them. An
// older slareport reads such a file as the state without its split, which
// is what it is to that version. The run's filter is written only when
// there is one too, but it makes the file version 3, since an older
// slareport must refuse it rather than read it as unfiltered (filterKey). Likewise the breakdown keys' requests
// without a valid status ("key.unjudged") are written only when some key
// has one; without the column every key has none.
package slasum

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/slareport/slareport/aggregate"
)

// Format names the layout in the file's metadata.
const Format = "slareport.slasum"

// Version is the newest layout, which Read reads and Write writes for a
// state with objectives (the SLOs of SLO files). Version 2 added the
// checksum and the inputs' line fingerprints; version 3 the run's filter,
// and only that; version 4 the objectives' tables, with or without a
// filter. Read reads version 1 as well: such a file has no checksum, so
// damage to it cannot be detected (Info.Checked is false), and its inputs
// have no fingerprints (aggregate.Input.Unprinted).
const Version = 4

// filteredVersion is the layout of a state with a filter and no
// objectives.
const filteredVersion = 3

// unfilteredVersion is the layout of a state without a filter: version 3
// without its one key, so that such a summary is the very file an earlier
// slareport wrote and still reads.
const unfilteredVersion = 2

// MaxFileBytes bounds what Read accepts. A month of a busy site is a few
// megabytes; a gigabyte is not a summary.
const MaxFileBytes = 1 << 30

// ErrNotSlasum is wrapped by Read's error for input that is not a .slasum
// file at all, or one of another version.
var ErrNotSlasum = errors.New("not a slareport summary")

// Info is what Read learns of a file besides the state it holds.
type Info struct {
	// Version is the file's layout: 1 for a summary written before
	// checksums and fingerprints, 3 for one with a filter, else 2.
	Version int
	// Checked says the file's checksum covered every byte of it.
	Checked bool
}

// Read reads a .slasum file. Everything in it is checked; a damaged or
// hostile file is an error.
func Read(r io.Reader) (*aggregate.State, error) {
	st, _, err := ReadInfo(r)
	return st, err
}

// ReadInfo reads a .slasum file like Read, and says what kind of file it
// was. It reads the magic bytes and the schema message first, and refuses
// a file that is not a summary of a known version before reading the
// rest: a gigabyte of something else costs kilobytes of memory.
func ReadInfo(r io.Reader) (*aggregate.State, Info, error) {
	// The size, when the reader knows it (an io.SectionReader over a
	// file, a bytes.Reader), sizes the buffer once.
	size := int64(-1)
	if f, ok := r.(interface{ Size() int64 }); ok {
		size = f.Size()
	}
	if size > MaxFileBytes {
		return nil, Info{}, fmt.Errorf("%w: larger than %d bytes", ErrNotSlasum, MaxFileBytes)
	}
	first := make([]byte, 16)
	if _, err := io.ReadFull(r, first); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil, Info{}, ErrNotSlasum
		}
		return nil, Info{}, err
	}
	n, err := headerLen(first)
	if err != nil {
		return nil, Info{}, err
	}
	data := make([]byte, n, max(size, int64(n))+bytes.MinRead)
	copy(data, first)
	if _, err := io.ReadFull(r, data[16:]); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil, Info{}, fmt.Errorf("%w: cut short in its schema", ErrNotSlasum)
		}
		return nil, Info{}, err
	}
	h, err := readHeader(data)
	if err != nil {
		return nil, Info{}, err
	}
	buf := bytes.NewBuffer(data)
	if _, err := buf.ReadFrom(io.LimitReader(r, MaxFileBytes+1-int64(n))); err != nil {
		return nil, Info{}, err
	}
	if data = buf.Bytes(); len(data) > MaxFileBytes {
		return nil, Info{}, fmt.Errorf("%w: larger than %d bytes", ErrNotSlasum, MaxFileBytes)
	}
	st, err := decode(data, h)
	if err != nil {
		return nil, Info{}, err
	}
	return st, Info{Version: h.version, Checked: h.checksum}, nil
}

// decode checks the file's checksum and parses the IPC file with
// allocations capped, turning the panics arrow's reader can raise on
// damaged input into errors.
func decode(data []byte, h header) (st *aggregate.State, err error) {
	mem := &cappedAllocator{mem: memory.NewGoAllocator(), left: int64(64*len(data)) + 1<<20}
	defer func() {
		if r := recover(); r != nil {
			st = nil
			if e, ok := r.(error); ok && errors.Is(e, errTooLarge) {
				err = fmt.Errorf("%w: it asks for too much memory", ErrNotSlasum)
				return
			}
			err = fmt.Errorf("%w: damaged file (%v)", ErrNotSlasum, r)
		}
	}()
	switch {
	case h.version >= 2 && !h.checksum:
		return nil, fmt.Errorf("%w: a version %d summary without its checksum", ErrNotSlasum, h.version)
	case h.version < 2 && h.checksum:
		return nil, fmt.Errorf("%w: a version %d summary with a checksum", ErrNotSlasum, h.version)
	}
	if err := verify(data); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotSlasum, err)
	}
	if h.checksum {
		if err := checkSum(data); err != nil {
			return nil, fmt.Errorf("%w: damaged: %v", ErrNotSlasum, err)
		}
	}
	fr, err := ipc.NewFileReader(bytes.NewReader(data), ipc.WithAllocator(mem))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotSlasum, err)
	}
	defer fr.Close()
	if fr.NumRecords() != 1 {
		return nil, fmt.Errorf("%w: %d record batches, want 1", ErrNotSlasum, fr.NumRecords())
	}
	rec, err := fr.RecordBatch(0)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotSlasum, err)
	}
	if rec.NumRows() != 1 {
		return nil, fmt.Errorf("%w: %d rows, want 1", ErrNotSlasum, rec.NumRows())
	}
	return fromRecord(rec, h)
}

var errTooLarge = errors.New("allocation limit reached")

// cappedAllocator fails, by panicking with errTooLarge, once a file has
// asked for more memory than a file of its size can legitimately need: a
// compressed buffer may claim any uncompressed length.
type cappedAllocator struct {
	mem  memory.Allocator
	left int64
}

func (a *cappedAllocator) Allocate(size int) []byte {
	a.take(size)
	return a.mem.Allocate(size)
}

func (a *cappedAllocator) Reallocate(size int, b []byte) []byte {
	a.take(size - len(b))
	return a.mem.Reallocate(size, b)
}

func (a *cappedAllocator) Free(b []byte) { a.mem.Free(b) }

func (a *cappedAllocator) take(n int) {
	if n < 0 {
		return
	}
	if a.left -= int64(n); a.left < 0 {
		panic(errTooLarge)
	}
}
