package ingest

import (
	"bytes"
	"io"
)

const (
	// DefaultBlockSize is the target number of bytes of whole lines per
	// Block: large enough that handing a block to a worker costs nothing
	// next to parsing it, small enough to keep every worker busy.
	DefaultBlockSize = 1 << 20
	// DefaultMaxLine is the longest line accepted, excluding its '\n'.
	// Longer lines arrive as TooLong blocks holding only a prefix.
	DefaultMaxLine = 1 << 20
)

// tooLongPrefix is how much of an overlong line a TooLong block keeps: enough
// to quote in an error message, not enough to matter.
const tooLongPrefix = 1 << 10

// maxEmptyReads is how many (0, nil) reads in a row the Splitter tolerates
// before it gives up with io.ErrNoProgress, as bufio does.
const maxEmptyReads = 100

// Block is a run of whole lines from one input, handed to one worker.
type Block struct {
	// Data holds whole lines, each ending in '\n' except possibly the
	// input's last line. A '\r' before the '\n' is kept; the parser strips
	// it.
	Data []byte
	// FirstLine is the 1-based number of the first line in Data.
	FirstLine int64
	// Lines is the number of lines in Data; a final line without '\n'
	// counts.
	Lines int
	// TooLong reports that Data holds only a prefix (at most 1 KiB) of one
	// line longer than the Splitter's maximum. Such a block has Lines == 1.
	TooLong bool

	buf []byte // backing storage reused between fills
}

// Splitter cuts a byte stream into Blocks of whole lines with exact line
// numbers. It is not safe for concurrent use; the caller owns the Blocks
// and may hand them to other goroutines and reuse them once they come back.
//
// Each Block's storage is filled by a few large reads straight from the
// underlying reader; only the partial line at the end of a fill is copied,
// into the Splitter, to start the next Block.
type Splitter struct {
	r         io.Reader
	blockSize int
	maxLine   int
	carry     []byte // bytes read after the last '\n' of the previous block
	lines     int64  // lines delivered so far
	err       error  // first error from r, io.EOF included; no reads after it
}

// NewSplitter returns a Splitter reading from r that aims for blocks of
// blockSize bytes and accepts lines of up to maxLine bytes, not counting the
// '\n'. Zero or negative sizes mean DefaultBlockSize and DefaultMaxLine.
func NewSplitter(r io.Reader, blockSize, maxLine int) *Splitter {
	if blockSize <= 0 {
		blockSize = DefaultBlockSize
	}
	if maxLine <= 0 {
		maxLine = DefaultMaxLine
	}
	return &Splitter{r: r, blockSize: blockSize, maxLine: maxLine}
}

// Lines returns the number of lines delivered in Blocks so far. After an
// error it is the number of lines read completely before the failure.
func (s *Splitter) Lines() int64 {
	return s.lines
}

// read reads once into p, remembering the first error. It turns a reader
// that keeps returning (0, nil) into io.ErrNoProgress instead of a hang.
func (s *Splitter) read(p []byte) int {
	for range maxEmptyReads {
		n, err := s.r.Read(p)
		if err != nil {
			s.err = err
		}
		if n > 0 || err != nil {
			return n
		}
	}
	s.err = io.ErrNoProgress
	return 0
}

// Next fills b with the next run of whole lines, reusing b's storage; the
// storage holds blockSize+maxLine+1 bytes and is allocated on first use.
//
// A block holds as many whole lines as fit in blockSize bytes, and at least
// one. Where blocks are cut depends only on the bytes, never on how the
// reader happens to chunk them, so a run is reproducible whatever the
// source. A line longer than maxLine is delivered alone as a TooLong block.
//
// Next returns io.EOF, with b.Lines == 0, when the input holds no more lines.
// When the reader fails, Next first delivers the complete lines read before
// the failure and returns the reader's error, unchanged, on the following
// call; a partial line at the point of failure is dropped and not counted.
// Once Next has returned an error it returns the same error forever.
func (s *Splitter) Next(b *Block) error {
	size := s.blockSize + s.maxLine + 1
	if cap(b.buf) < size {
		b.buf = make([]byte, size)
	}
	buf := append(b.buf[:0], s.carry...)
	s.carry = s.carry[:0]
	b.Data, b.FirstLine, b.Lines, b.TooLong = nil, s.lines+1, 0, false

	// Read one byte past blockSize: only then is it known whether a line
	// ends exactly at the limit or the input does.
	for len(buf) <= s.blockSize && s.err == nil {
		buf = buf[:len(buf)+s.read(buf[len(buf):s.blockSize+1])]
	}
	firstNL := bytes.IndexByte(buf, '\n')
	// No '\n' within blockSize: the block is this one line, however long
	// it is, so read on until it ends or proves too long. The buffer has
	// room: len(buf) <= maxLine here.
	for firstNL < 0 && len(buf) <= s.maxLine && s.err == nil {
		start := len(buf)
		buf = buf[:start+s.read(buf[start:size])]
		if i := bytes.IndexByte(buf[start:], '\n'); i >= 0 {
			firstNL = start + i
		}
	}

	atEOF := s.err == io.EOF
	firstLen := firstNL
	if firstNL < 0 {
		firstLen = len(buf)
	}
	switch {
	case firstLen > s.maxLine:
		return s.tooLong(b, buf, firstNL)
	case firstNL < 0:
		// No complete line. Only the end of the input can end a line
		// without '\n'; a partial line before a read error is dropped.
		if len(buf) == 0 || !atEOF {
			return s.err
		}
		return s.deliver(b, buf, 1)
	}

	end, final := firstNL+1, 0
	if end < s.blockSize {
		if len(buf) <= s.blockSize && atEOF {
			// The rest of the input fits; a last line without '\n' is
			// as whole as it will ever be.
			end = len(buf)
			if buf[end-1] != '\n' {
				final = 1
			}
		} else {
			// After a read error buf may be shorter than blockSize.
			end = bytes.LastIndexByte(buf[:min(len(buf), s.blockSize)], '\n') + 1
		}
	}
	n := 0
	if end <= s.maxLine+1 {
		// No line in buf[:end] can be longer than maxLine.
		n = bytes.Count(buf[:end], []byte{'\n'}) + final
	} else {
		// blockSize exceeds maxLine: end the block before the first
		// overlong line, which the next call delivers as TooLong.
		end, n = s.fitLines(buf[:end])
	}
	// The tail is the start of the next block. Copy it out: b belongs to
	// the caller once Next returns.
	s.carry = append(s.carry, buf[end:]...)
	return s.deliver(b, buf[:end], n)
}

// fitLines returns the length and number of the leading lines of data that
// are at most maxLine bytes long. The first line is known to fit.
func (s *Splitter) fitLines(data []byte) (end, n int) {
	for end < len(data) {
		i := bytes.IndexByte(data[end:], '\n')
		if i < 0 {
			i = len(data) - end // the input's final line
		}
		if i > s.maxLine {
			break
		}
		end += i + 1
		n++
	}
	return min(end, len(data)), n
}

// deliver hands data, holding n lines, to the caller in b.
func (s *Splitter) deliver(b *Block, data []byte, n int) error {
	b.Data, b.Lines = data, n
	s.lines += int64(n)
	return nil
}

// tooLong delivers the overlong line at the start of buf as a TooLong block
// and skips the rest of it. firstNL is the index of its '\n' in buf, or -1
// if the line runs past what buf holds; then the remainder is read and
// thrown away through the block's spare storage, so even a line of hundreds
// of megabytes costs no memory beyond the block.
func (s *Splitter) tooLong(b *Block, buf []byte, firstNL int) error {
	// buf holds at least maxLine+1 bytes of the line. Keeping no more than
	// that makes the prefix independent of how much the reads brought in.
	keep := min(tooLongPrefix, s.maxLine+1)
	if firstNL >= 0 {
		s.carry = append(s.carry, buf[firstNL+1:]...)
	} else {
		scratch := b.buf[keep:cap(b.buf)]
		found := false
		for !found && s.err == nil {
			chunk := scratch[:s.read(scratch)]
			if i := bytes.IndexByte(chunk, '\n'); i >= 0 {
				s.carry = append(s.carry, chunk[i+1:]...)
				found = true
			}
		}
		// Without its '\n' the line is complete only at the end of the
		// input.
		if !found && s.err != io.EOF {
			return s.err
		}
	}
	b.TooLong = true
	return s.deliver(b, buf[:keep], 1)
}
