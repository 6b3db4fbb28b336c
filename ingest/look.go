package ingest

// Before an incremental run reads anything, it looks at every file (its
// first bytes, its identity, where its last complete line ends) and ties
// each to the earlier read it continues, if any.

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
)

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
	if fi, err := StatRegular(path); errors.Is(err, ErrNotRegular) && !fi.IsDir() {
		return l, err // a directory fails to open as in any run
	}
	in, err := Open(path)
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
	l.Limit, err = lastLineEnd(f, fi.Size())
	if err != nil {
		return l, fmt.Errorf("read %q: %w", path, errors.Unwrap(err))
	}
	return l, nil
}

// lastLineEnd returns the end of the last complete line of a plain file
// of the given size, searching for the last '\n' from the end: a line
// still being written waits for the next run. 0: no complete line.
func lastLineEnd(f *os.File, size int64) (int64, error) {
	buf := make([]byte, 64<<10)
	for end := size; end > 0; {
		start := max(0, end-int64(len(buf)))
		k, err := f.ReadAt(buf[:end-start], start)
		if err != nil && err != io.EOF {
			return 0, err
		}
		if i := bytes.LastIndexByte(buf[:k], '\n'); i >= 0 {
			return start + int64(i) + 1, nil
		}
		end = start
	}
	return 0, nil
}

// PlanResume says where to read each file of an incremental run, given
// where each input already counted ended (ends, with the lines before
// each end). A file continues a counted input (the same log, renamed by
// logrotate, copied or compressed) from where that input ended when
//
//   - it starts with the bytes the input's head covers: all that was
//     counted of it, up to HeadBytes (a head recorded by an older version
//     may cover less: the first bytes as they were when first counted);
//   - and, when plain, it holds at least what was counted: a shorter file
//     was truncated or rewritten, and starts over.
//
// Of the inputs a file could continue, it takes the one with its device
// and inode, else the one whose head covers more, else the one read
// furthest. Of the files that would continue one input, the one with the
// input's device and inode does, else the longer. Another of them whose
// first bytes (up to HeadBytes) are those of that file is the same log
// (access.log.1 beside access.log.1.gz) and reads nothing more; one with
// other bytes is another log that starts alike — a CSV or W3C header — and
// is read from its start. Anything else is new.
//
// Planning takes time linear in the files and inputs: inputs are found by
// device and inode, or by a hash of the file's first bytes at each distinct
// head length.
func PlanResume(looks []Look, ends []Source) []Resume {
	idx := newHeadIndex(ends)
	choice := make([]int, len(looks)) // the input each file would continue; -1: none
	for i, l := range looks {
		choice[i] = idx.best(l)
	}
	// The file that continues each input.
	winner := map[int]int{}
	for i, j := range choice {
		if j < 0 {
			continue
		}
		if w, ok := winner[j]; !ok || idx.claims(looks[i], looks[w], j) {
			winner[j] = i
		}
	}
	out := make([]Resume, len(looks))
	for i, l := range looks {
		r := Resume{Seek: l.Plain, Limit: l.Limit, Head: l.Head}
		if l.Plain && l.Limit == 0 {
			r.Limit = -1 // no complete line yet: read nothing
		}
		switch j := choice[i]; {
		case j < 0:
		case winner[j] == i:
			r.Source = ends[j]
		case bytes.Equal(l.Head, looks[winner[j]].Head):
			// The same bytes as the file that continues the input.
			r.Source = ends[j]
			r.Limit = r.Source.Offset
		}
		r.Source.Dev, r.Source.Inode = l.Dev, l.Inode
		out[i] = r
	}
	return out
}

// headIndex finds the counted inputs a file may continue.
type headIndex struct {
	ends   []Source
	byHead map[headKey][]int
	byFile map[fileKey][]int
	lens   []int // the distinct head lengths, ascending
}

type headKey struct {
	n   int
	sum [32]byte
}

type fileKey struct{ dev, inode uint64 }

func newHeadIndex(ends []Source) *headIndex {
	x := &headIndex{ends: ends, byHead: map[headKey][]int{}, byFile: map[fileKey][]int{}}
	seen := map[int]bool{}
	for j, s := range ends {
		if s.HeadLen <= 0 {
			continue // nothing was read: nothing to continue
		}
		if !seen[s.HeadLen] {
			seen[s.HeadLen] = true
			x.lens = append(x.lens, s.HeadLen)
		}
		k := headKey{s.HeadLen, s.Head}
		x.byHead[k] = append(x.byHead[k], j)
		if s.Inode != 0 {
			x.byFile[fileKey{s.Dev, s.Inode}] = append(x.byFile[fileKey{s.Dev, s.Inode}], j)
		}
	}
	slices.Sort(x.lens)
	return x
}

// best returns the input the file l would continue, or -1.
func (x *headIndex) best(l Look) int {
	best := -1
	consider := func(j int) {
		if s := x.ends[j]; l.Plain && l.Limit < s.End {
			return // truncated, or rewritten: start over
		}
		if best < 0 || x.better(l, j, best) {
			best = j
		}
	}
	// The same file first: one hash, and the common case of a log that
	// only grew.
	if l.Inode != 0 {
		for _, j := range x.byFile[fileKey{l.Dev, l.Inode}] {
			s := x.ends[j]
			if s.HeadLen <= len(l.Head) && headSum(l.Head, s.HeadLen) == s.Head {
				consider(j)
			}
		}
		if best >= 0 {
			return best
		}
	}
	// Another file with the content: hash the file's first bytes once,
	// summing at each length some input's head has.
	h := sha256.New()
	var sum [32]byte
	done := 0
	for _, n := range x.lens {
		if n > len(l.Head) {
			break
		}
		h.Write(l.Head[done:n])
		done = n
		h.Sum(sum[:0])
		for _, j := range x.byHead[headKey{n, sum}] {
			consider(j)
		}
	}
	return best
}

// sameFile reports whether l is the file input j was read from.
func (x *headIndex) sameFile(l Look, j int) bool {
	s := x.ends[j]
	return s.Inode != 0 && s.Dev == l.Dev && s.Inode == l.Inode
}

// better reports whether file l should continue input a rather than b:
// its own file, else the longer head (it has seen more of the file: a
// short head is often just a header other logs share), else the latest
// read.
func (x *headIndex) better(l Look, a, b int) bool {
	if sa, sb := x.sameFile(l, a), x.sameFile(l, b); sa != sb {
		return sa
	}
	sa, sb := x.ends[a], x.ends[b]
	if sa.HeadLen != sb.HeadLen {
		return sa.HeadLen > sb.HeadLen
	}
	return sa.End > sb.End
}

// claims reports whether file l rather than w continues input j: the file
// it was read from, else the longer one (the rotated file holding the data
// rather than a new one holding only the header).
func (x *headIndex) claims(l, w Look, j int) bool {
	if sl, sw := x.sameFile(l, j), x.sameFile(w, j); sl != sw {
		return sl
	}
	return lookLen(l) > lookLen(w)
}

// lookLen is how much content a file is known to hold: a plain file's
// complete lines, at least the head of a compressed one.
func lookLen(l Look) int64 {
	if l.Plain {
		return l.Limit
	}
	return int64(len(l.Head))
}
