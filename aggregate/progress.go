package aggregate

import "sync/atomic"

// Progress is read by a progress display while a run goes on. The reader
// goroutine updates it once per block, so it costs nothing per line.
type Progress struct {
	bytes atomic.Int64 // bytes consumed from the inputs, as stored (compressed)
	lines atomic.Int64 // lines read
}

// Bytes returns the bytes read from the inputs so far, before
// decompression, so it can be compared with the files' sizes.
func (p *Progress) Bytes() int64 { return p.bytes.Load() }

// Lines returns the lines read so far.
func (p *Progress) Lines() int64 { return p.lines.Load() }
