// Package ingest opens log inputs (files, stdin), undoes compression
// detected by magic bytes, and cuts the byte stream into line-aligned blocks
// for the parse workers.
//
// It is the one package that touches the files a run reads: it opens them,
// tells them apart by device and inode, and, for incremental runs, looks at
// them before the run, ties each to the earlier read it continues and
// resumes it at an offset (look.go, resume.go). Packages above it get
// readers, never file names to open.
//
// Nothing here knows what a log line means: an Input yields bytes and a
// Splitter yields whole lines with exact line numbers, so that a parse error
// further up can say "access.log:1042" without anyone counting lines twice.
package ingest

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"

	"github.com/klauspost/compress/zstd"
	"github.com/klauspost/pgzip"
)

// stdinName is the Input.Name of standard input, in parentheses so that it
// cannot be mistaken for a file called "stdin".
const stdinName = "(stdin)"

// peekSize is the bufio.Reader size used for magic-byte detection. It is
// also the read-ahead buffer the decompressors read through, so it is sized
// for throughput, not for the ten bytes detection needs.
const peekSize = 64 << 10

// gzip is decompressed ahead of the reader by pgzip: inflating runs on its
// own goroutine into gzipBlocks buffers of gzipBlock bytes, and the CRC of
// each buffer is checked on another, so the goroutine that cuts blocks
// for the parse workers never waits on either. Inflate is the slowest
// stage of a .gz run; everything else must hide behind it. The buffers
// bound the memory a decompression bomb can take.
const (
	gzipBlock  = 1 << 20
	gzipBlocks = 4
)

// zstdMaxWindow caps the window a zstd frame may ask for. The format lets a
// frame header demand up to 3.75 TB of history; 256 MiB is far above what
// zstd --long (128 MiB) produces and keeps a hostile file from exhausting
// memory. A frame over it is refused with the command that reads it
// (zstdWindowError).
const zstdMaxWindow = 1 << 28

// Magic numbers, from RFC 1952 (gzip), RFC 8878 (zstd), the bzip2 block
// and end-of-stream markers (BCD digits of pi and sqrt(pi)) and the xz
// file format specification.
var (
	magicGzip      = []byte{0x1f, 0x8b}
	magicZstd      = []byte{0x28, 0xb5, 0x2f, 0xfd}
	magicBzip2     = []byte("BZh")
	magicBzipBlock = []byte{0x31, 0x41, 0x59, 0x26, 0x53, 0x59}
	magicBzipEnd   = []byte{0x17, 0x72, 0x45, 0x38, 0x50, 0x90}
	magicXz        = []byte{0xfd, '7', 'z', 'X', 'Z', 0x00}
)

// Input is one opened log source: decompressed bytes plus what we learned
// opening it.
type Input struct {
	// Name is the path as given, or "(stdin)" for standard input.
	Name string
	// Compression is what the magic bytes showed: "gzip", "zstd", "bzip2"
	// or "none".
	Compression string

	r       io.Reader       // decompressed bytes
	dec     func()          // releases the decompressor (and a file OpenAt sought in); nil when there is none
	file    *os.File        // closed by Close; nil for stdin and FromReader
	counter *countingReader // compressed bytes consumed
	size    int64
	etag    string // the version of an object read from a store
}

// countingReader counts the bytes read through it. The count is atomic
// because a progress display reads it from another goroutine while a
// worker drives the reads.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// Open opens the log file at path, or standard input when path is "-", and
// detects its compression. The caller must Close the Input.
func Open(path string) (*Input, error) {
	if path == "-" {
		in, err := FromReader(stdinName, os.Stdin)
		if err != nil {
			return nil, err
		}
		// Standard input redirected from a file ("< access.log") has a size;
		// a pipe does not.
		if st, err := os.Stdin.Stat(); err == nil && st.Mode().IsRegular() {
			in.size = st.Size()
		}
		return in, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open %q: %w", path, unwrapPath(err))
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("open %q: %w", path, unwrapPath(err))
	}
	// Most systems let a directory be opened and only fail on the first
	// read, with a less helpful message.
	if st.IsDir() {
		f.Close()
		return nil, fmt.Errorf("open %q: %w", path, syscall.EISDIR)
	}
	in, err := FromReader(path, f)
	if err != nil {
		f.Close()
		return nil, err
	}
	in.file = f
	if st.Mode().IsRegular() {
		in.size = st.Size()
	}
	return in, nil
}

// Check returns the error Open would return for a path that does not exist
// or is a directory, without opening it, so that a run over many files can
// fail on a typo before it reads the first one. "-" is always fine.
func Check(path string) error {
	if path == "-" {
		return nil
	}
	st, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("open %q: %w", path, unwrapPath(err))
	}
	if st.IsDir() {
		return fmt.Errorf("open %q: %w", path, syscall.EISDIR)
	}
	return nil
}

// unwrapPath drops the *fs.PathError layer, whose message repeats the path
// that our own "open %q" prefix already quotes.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// FromReader detects the compression of r by its first bytes and returns an
// Input that yields the decompressed bytes; name is used in error messages.
// Closing the Input does not close r.
func FromReader(name string, r io.Reader) (*Input, error) {
	in := &Input{
		Name:        name,
		Compression: "none",
		counter:     &countingReader{r: r},
		size:        -1,
	}
	br := bufio.NewReaderSize(in.counter, peekSize)
	// Peek may return fewer bytes with io.EOF for a short input; that is
	// just a short plain input. Anything else is a real read failure.
	head, err := br.Peek(len(magicBzip2) + 1 + len(magicBzipBlock))
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("read %q: %w", name, unwrapPath(err))
	}
	switch {
	case bytes.HasPrefix(head, magicGzip):
		zr, err := pgzip.NewReaderN(br, gzipBlock, gzipBlocks)
		if err != nil {
			// A header cut short is io.ErrUnexpectedEOF: the magic was
			// there, so the input is not empty.
			return nil, fmt.Errorf("open %q: %w", name, err)
		}
		in.Compression = "gzip"
		in.r = zr
		in.dec = func() { zr.Close() }
	case bytes.HasPrefix(head, magicZstd) || isZstdSkippable(head):
		// The decoder would say "window size exceeded" at the first read;
		// the header says it now, and how large the window is.
		frame, _ := br.Peek(zstd.HeaderMaxSize)
		var h zstd.Header
		if h.Decode(frame) == nil && !h.Skippable && !h.SingleSegment && h.WindowSize > zstdMaxWindow {
			return nil, fmt.Errorf("open %q: %w", name, &zstdWindowError{name, h.WindowSize})
		}
		zr, err := zstd.NewReader(br,
			zstd.WithDecoderConcurrency(1),
			zstd.WithDecoderMaxWindow(zstdMaxWindow))
		if err != nil {
			return nil, fmt.Errorf("open %q: %w", name, err)
		}
		in.Compression = "zstd"
		in.r = zr
		in.dec = zr.Close
	case isBzip2(head):
		in.Compression = "bzip2"
		in.r = bzip2.NewReader(br)
	case bytes.HasPrefix(head, magicXz):
		hint := "decompress it first: xz -dc " + shellWord(name) + " | slareport -"
		if name == stdinName {
			hint = "pipe it through xz -dc first"
		}
		return nil, fmt.Errorf("open %q: xz compression is not supported (%s)", name, hint)
	default:
		in.r = br
	}
	return in, nil
}

// zstdWindowError is a zstd frame asking for a window over zstdMaxWindow.
// The zstd command reads any frame given --long=31 (2 GiB, its largest
// window) and can pipe the log in.
type zstdWindowError struct {
	name string
	size uint64 // 0 when the decoder found it in a later frame
}

func (e *zstdWindowError) Error() string {
	hint := "decompress it first: zstd -dc --long=31 " + shellWord(e.name) + " | slareport -"
	if e.name == stdinName {
		hint = "pipe it through zstd -dc --long=31 first"
	}
	size := "over"
	if e.size > 0 {
		size = fmt.Sprintf("of %d MiB, over", e.size>>20)
	}
	return fmt.Sprintf("zstd window %s the %d MiB limit (%s)", size, zstdMaxWindow>>20, hint)
}

func (e *zstdWindowError) Unwrap() error { return zstd.ErrWindowSizeExceeded }

// shellWord quotes name for a command line a user can paste, when it holds
// anything but letters, digits and -_./+,:@%.
func shellWord(name string) string {
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-_./+,:@%", c)) {
			return "'" + strings.ReplaceAll(name, "'", `'\''`) + "'"
		}
	}
	return name
}

// isZstdSkippable reports whether head starts a zstd skippable frame
// (magic 0x184D2A50 to 0x184D2A5F, little endian). Some tools put metadata
// in one before the first real frame.
func isZstdSkippable(head []byte) bool {
	return len(head) >= 4 && head[0]&0xf0 == 0x50 && head[1] == 0x2a && head[2] == 0x4d && head[3] == 0x18
}

// isBzip2 reports whether head is a bzip2 stream header followed by a block
// or end-of-stream marker. "BZh1" alone is too likely to open a text file.
func isBzip2(head []byte) bool {
	if len(head) < 10 || !bytes.HasPrefix(head, magicBzip2) || head[3] < '1' || head[3] > '9' {
		return false
	}
	return bytes.Equal(head[4:10], magicBzipBlock) || bytes.Equal(head[4:10], magicBzipEnd)
}

// Read reads decompressed bytes. Errors other than io.EOF name the input:
// `read "a.log.gz": unexpected EOF`.
func (in *Input) Read(p []byte) (int, error) {
	n, err := in.r.Read(p)
	if err != nil && err != io.EOF {
		if pe, ok := err.(*fs.PathError); ok {
			err = pe.Err
		}
		if errors.Is(err, zstd.ErrWindowSizeExceeded) {
			err = &zstdWindowError{name: in.Name}
		}
		err = fmt.Errorf("read %q: %w", in.Name, err)
	}
	return n, err
}

// Close releases the decompressor and closes the file. Standard input and
// readers given to FromReader are left open. Close may be called more than
// once.
func (in *Input) Close() error {
	if in.dec != nil {
		in.dec()
		in.dec = nil
	}
	if in.file == nil {
		return nil
	}
	f := in.file
	in.file = nil
	if err := f.Close(); err != nil {
		return fmt.Errorf("close %q: %w", in.Name, unwrapPath(err))
	}
	return nil
}

// CompressedBytes returns how many bytes have been read from the underlying
// file or reader so far. It runs up to 64 KiB ahead of the decompressor,
// which reads through a buffer, and is safe to call from another goroutine.
func (in *Input) CompressedBytes() int64 {
	return in.counter.n.Load()
}

// Size returns the file size in bytes if the input is a regular file, else
// -1. Together with CompressedBytes it gives progress.
func (in *Input) Size() int64 {
	return in.size
}

// Expand turns command-line arguments into input paths. "-" and existing
// paths are kept as they are, so a file whose name contains '*' can still be
// read. Other arguments containing glob metacharacters are expanded with
// filepath.Glob, in sorted order, and must match something. Remaining
// arguments are kept so that Open reports them.
func Expand(args []string) ([]string, error) {
	var out []string
	for _, arg := range args {
		if arg == "-" {
			out = append(out, arg)
			continue
		}
		if _, err := os.Lstat(arg); err == nil || !strings.ContainsAny(arg, "*?[") {
			out = append(out, arg)
			continue
		}
		matches, err := filepath.Glob(arg)
		if err != nil {
			return nil, fmt.Errorf("expand %q: %w", arg, err)
		}
		if len(matches) == 0 {
			return nil, fmt.Errorf("no files match %q", arg)
		}
		slices.Sort(matches)
		out = append(out, matches...)
	}
	return out, nil
}
