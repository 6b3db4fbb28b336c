package ingest

// Incremental runs continue each log where an earlier run stopped. This
// file holds what ingest records of a read (Source), what it is told to
// continue (Resume), and the opening and reading that do it; look.go finds
// which file continues which earlier read.

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
)

// HeadBytes is how much of an input's content identifies it: a file that
// starts with the same 4 KiB is the same log, whatever its name or inode.
const HeadBytes = 4096

// Source says which bytes of which content a read covered. Offsets count
// decompressed bytes, so a log and its gzipped copy have the same Source.
type Source struct {
	// Head is the SHA-256 of the content's first HeadLen bytes (HeadBytes,
	// or the whole content when it was shorter).
	Head    [32]byte
	HeadLen int
	// Offset and End are the content bytes read: [Offset, End).
	Offset, End int64
	// Lines is the number of lines before Offset, so that line numbers of
	// a continued input go on where they stopped.
	Lines int64
	// Dev and Inode identify the file on the machine that read it (0 when
	// unknown, as for standard input).
	Dev, Inode uint64
	// ETag and Stored identify an object read from a store: its version
	// and its size there (compressed). A later run with --state reads an
	// object again only under a new key; ETag is empty for a file.
	ETag   string
	Stored int64
}

// SameContent reports whether two sources are the same log, judged by
// their heads.
func (s Source) SameContent(o Source) bool {
	return s.HeadLen > 0 && s.HeadLen == o.HeadLen && s.Head == o.Head
}

// Overlaps reports whether s and o covered some of the same bytes of the
// same log.
func (s Source) Overlaps(o Source) bool {
	return s.SameContent(o) && s.Offset < o.End && o.Offset < s.End
}

// Resume tells a run to continue an input where an earlier run stopped.
type Resume struct {
	// Source is where the earlier run ended: reading starts at
	// Source.Offset, line numbers after Source.Lines, and the Head and
	// file identity are carried into the new read's Source.
	Source Source
	// Limit, when not zero, stops reading at that content byte: the end
	// of the last complete line when the file was looked at, so that a
	// line being written is left for the next run. A negative Limit reads
	// nothing.
	Limit int64
	// Seek says the file is plain text, so Offset can be sought to instead
	// of read through.
	Seek bool
	// Head is the start of the content as looked at before the run (up to
	// HeadBytes): the Source of a resumed read records its head from it.
	Head []byte
}

// Unchanged reports whether the input is a plain file that gained nothing
// since it was counted. Such a file need not be opened: an incremental
// run over thousands of unchanged files would open each only to read
// nothing.
func (r Resume) Unchanged() bool {
	return r.Seek && r.Source.Offset > 0 && r.Limit == r.Source.Offset
}

// Unread returns the Source of the input when nothing more is read of it.
func (r Resume) Unread() Source {
	return (&SourceReader{src: r.Source, looked: r.Head}).Source()
}

// OpenAt opens path ("-" is stdin, or os.Stdin when stdin is nil) for a
// run that may resume it at res. A plain file is sought to the offset;
// anything else is read from its start, and NewSourceReader reads through
// to the offset.
func OpenAt(path string, stdin io.Reader, res Resume) (*Input, error) {
	if path == "-" {
		if stdin == nil {
			stdin = os.Stdin
		}
		return FromReader(stdinName, stdin)
	}
	if !res.Seek || res.Source.Offset == 0 {
		return Open(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open %q: %w", path, errors.Unwrap(err))
	}
	if _, err := f.Seek(res.Source.Offset, io.SeekStart); err != nil {
		f.Close()
		return nil, fmt.Errorf("seek %q: %w", path, errors.Unwrap(err))
	}
	in, err := FromReader(path, f)
	if err != nil {
		f.Close()
		return nil, err
	}
	// Close closes the file after the decompressor. Closing a file that
	// was only read loses nothing, so its error is not reported.
	dec := in.dec
	in.dec = func() {
		if dec != nil {
			dec()
		}
		f.Close()
	}
	return in, nil
}

// SourceReader is the content of an input as a run reads it: it starts at
// the resume offset, stops at the limit, counts the bytes and hashes the
// head, so that the Source of what was read is known at the end.
type SourceReader struct {
	r      io.Reader
	src    Source
	n      int64 // content bytes read, from src.Offset
	left   int64 // bytes before the limit; -1: none
	head   hash.Hash
	hashed int
	looked []byte // a resumed input's first bytes, from Resume.Head
}

// NewSourceReader positions in at res's offset: already there for a plain
// file opened by OpenAt, else by reading up to it.
func NewSourceReader(in *Input, res Resume) (*SourceReader, error) {
	s := &SourceReader{r: in, src: res.Source, left: -1, looked: res.Head}
	s.src.End = s.src.Offset
	if in.etag != "" {
		s.src.ETag, s.src.Stored = in.etag, in.size
	}
	if s.src.Offset == 0 {
		s.src.Lines = 0
		s.src.HeadLen, s.head = 0, sha256.New()
	} else if !res.Seek {
		if _, err := io.CopyN(io.Discard, in, s.src.Offset); err != nil {
			return s, fmt.Errorf("resume %q at byte %d: %w", in.Name, s.src.Offset, err)
		}
	}
	if res.Limit != 0 {
		s.left = max(0, res.Limit-s.src.Offset)
	}
	return s, nil
}

// Read reads the content, stopping at the limit.
func (s *SourceReader) Read(p []byte) (int, error) {
	if s.left == 0 {
		return 0, io.EOF
	}
	if s.left > 0 && int64(len(p)) > s.left {
		p = p[:s.left]
	}
	n, err := s.r.Read(p)
	if s.left > 0 {
		s.left -= int64(n)
	}
	s.n += int64(n)
	if s.head != nil && s.hashed < HeadBytes {
		k := min(n, HeadBytes-s.hashed)
		s.head.Write(p[:k])
		s.hashed += k
	}
	return n, err
}

// Source returns the Source of what was read. Its head covers everything
// read up to HeadBytes, so that a file is tied to the input later only
// when it starts with all of those bytes: an input first counted when it
// held only a CSV or W3C header would otherwise be claimed by any file
// with that header. A resumed input's head is taken from the bytes looked
// at before the run (the read itself started past them).
func (s *SourceReader) Source() Source {
	src := s.src
	src.End = src.Offset + s.n
	if s.head != nil {
		copy(src.Head[:], s.head.Sum(nil))
		src.HeadLen = s.hashed
	} else if n := int(min(HeadBytes, src.End)); n > src.HeadLen && n <= len(s.looked) {
		src.Head, src.HeadLen = headSum(s.looked, n), n
	}
	return src
}

// headSum returns the Source head of the first n bytes of head.
func headSum(head []byte, n int) [32]byte {
	return sha256.Sum256(head[:n])
}
