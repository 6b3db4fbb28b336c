package aggregate

// Incremental runs: what a run learns of each file before reading it, how
// files are tied to the inputs an earlier run counted, and the reader that
// resumes an input where it stopped.

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"

	"github.com/slareport/slareport/ingest"
)

// openAt opens path for a run that may resume it. A plain file is sought
// to the offset; the returned function closes that file, which the Input
// does not own.
func openAt(path string, stdin io.Reader, res Resume) (*ingest.Input, func(), error) {
	if !res.Seek || res.Source.Offset == 0 || path == "-" {
		in, err := open(path, stdin)
		return in, func() {}, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("open %q: %w", path, errors.Unwrap(err))
	}
	if _, err := f.Seek(res.Source.Offset, io.SeekStart); err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("seek %q: %w", path, errors.Unwrap(err))
	}
	in, err := ingest.FromReader(path, f)
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return in, func() { f.Close() }, nil
}

// sourceReader is the content of an input as the splitter reads it: it
// starts at the resume offset, stops at the limit, counts the bytes and
// hashes the head.
type sourceReader struct {
	r      io.Reader
	src    Source
	n      int64 // content bytes read, from src.Offset
	left   int64 // bytes before the limit; -1: none
	head   hash.Hash
	hashed int
}

// newSourceReader positions in at res's offset: already there for a plain
// file opened by openAt, else by reading up to it.
func newSourceReader(in *ingest.Input, res Resume) (*sourceReader, error) {
	s := &sourceReader{r: in, src: res.Source, left: -1}
	s.src.End = s.src.Offset
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

func (s *sourceReader) Read(p []byte) (int, error) {
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

// source returns the Source of what was read.
func (s *sourceReader) source() Source {
	src := s.src
	src.End = src.Offset + s.n
	if s.head != nil {
		copy(src.Head[:], s.head.Sum(nil))
		src.HeadLen = s.hashed
	}
	return src
}

// resumeLines moves the line numbers of samples from resumed inputs past
// the lines read before.
func (t *tally) resumeLines(res []Resume) {
	for i := range t.samples {
		if o := t.samples[i].order; o < len(res) && res[o].Source.Offset > 0 {
			t.samples[i].Line += res[o].Source.Lines
		}
	}
}

// Look is what an incremental run learns of a file before reading it.
type Look struct {
	Path string
	// Head is the start of the content (up to HeadBytes, decompressed);
	// Dev and Inode identify the file.
	Head       []byte
	Dev, Inode uint64
	// Plain files can be sought in; Limit is the end of their last
	// complete line. Compressed files are read whole: they are finished.
	Plain bool
	Limit int64
}

// LookAt examines the file at path for an incremental run. Only a regular
// file can be resumed: anything else is refused before it is opened (a
// named pipe would block, and lose to this look the bytes it carries).
func LookAt(path string) (Look, error) {
	l := Look{Path: path}
	if fi, err := ingest.StatRegular(path); errors.Is(err, ingest.ErrNotRegular) && !fi.IsDir() {
		return l, err // a directory fails to open as in any run
	}
	in, err := ingest.Open(path)
	if err != nil {
		return l, err
	}
	defer in.Close()
	head := make([]byte, HeadBytes)
	n, err := io.ReadFull(in, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return l, err
	}
	l.Head = head[:n]
	f, err := os.Open(path)
	if err != nil {
		return l, fmt.Errorf("open %q: %w", path, errors.Unwrap(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return l, fmt.Errorf("stat %q: %w", path, errors.Unwrap(err))
	}
	l.Dev, l.Inode = fileID(fi)
	if in.Compression != "none" {
		return l, nil
	}
	l.Plain = true
	// Find the last '\n' from the end: a line still being written waits
	// for the next run.
	buf := make([]byte, 64<<10)
	for end := fi.Size(); end > 0; {
		start := max(0, end-int64(len(buf)))
		k, err := f.ReadAt(buf[:end-start], start)
		if err != nil && err != io.EOF {
			return l, fmt.Errorf("read %q: %w", path, errors.Unwrap(err))
		}
		if i := bytesLastNL(buf[:k]); i >= 0 {
			l.Limit = start + int64(i) + 1
			break
		}
		end = start
	}
	return l, nil
}

func bytesLastNL(b []byte) int {
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] == '\n' {
			return i
		}
	}
	return -1
}

// headSum returns the Source head of the first n bytes of head.
func headSum(head []byte, n int) [32]byte {
	return sha256.Sum256(head[:n])
}

// PlanResume says where to read each file of an incremental run, given the
// inputs already counted. A file whose content starts like a counted
// input's (the same first bytes: the same file, renamed by logrotate,
// copied, or compressed) continues where that input ended; a file shorter
// than what was counted has been truncated and starts over; anything else
// is new. An input is continued by one file at most, so a log present
// twice (access.log.1 and access.log.1.gz) is not counted twice.
func PlanResume(looks []Look, counted []Input) []Resume {
	out := make([]Resume, len(looks))
	claimed := map[int]bool{}
	for i, l := range looks {
		r := Resume{Seek: l.Plain, Limit: l.Limit}
		r.Source.Dev, r.Source.Inode = l.Dev, l.Inode
		if l.Plain && l.Limit == 0 {
			r.Limit = -1 // no complete line yet: read nothing
		}
		best := -1
		for j, in := range counted {
			s := in.Source
			if s.HeadLen == 0 || s.HeadLen > len(l.Head) || headSum(l.Head, s.HeadLen) != s.Head {
				continue
			}
			if l.Plain && l.Limit < s.End {
				continue // truncated, or rewritten: start over
			}
			// The latest read of this content wins; the same file (not a
			// copy) breaks ties.
			if best < 0 || s.End > counted[best].Source.End ||
				(s.End == counted[best].Source.End && s.Dev == l.Dev && s.Inode == l.Inode) {
				best = j
			}
		}
		if best >= 0 && claimed[best] {
			// Already continued by another file this run: the same bytes.
			r.Source = counted[best].ResumeAt()
			r.Limit = r.Source.Offset
			if r.Limit == 0 {
				r.Limit = -1
			}
			r.Source.Dev, r.Source.Inode = l.Dev, l.Inode
		} else if best >= 0 {
			claimed[best] = true
			r.Source = counted[best].ResumeAt()
			r.Source.Dev, r.Source.Inode = l.Dev, l.Inode
		}
		out[i] = r
	}
	return out
}
