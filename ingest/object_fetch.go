package ingest

import (
	"context"
	"io"
	"sync"
)

// Fetching runs ahead of reading. A run decompresses and parses as many
// inputs at once as it has cores for; a store answers each request after
// a round trip, and a single stream rarely fills the network. So up to
// Fetchers objects are downloaded at once, in the run's order, each into a
// bounded buffer that the reader drains: the network waits on the cores
// only when every buffer is full, and memory stays within Fetchers ×
// fetchAhead.

// fetchChunk and fetchChunks size each object's read-ahead buffer (4 MiB).
const (
	fetchChunk  = 256 << 10
	fetchChunks = 16
)

// Prefetch starts downloading the listed objects among names, in order,
// o.Fetchers at a time, until ctx ends. OpenAt then reads an object from
// its download. Objects that are not fetched (Prefetch not called, or
// names not listed) are opened when read. A nil o fetches nothing.
func (o *Objects) Prefetch(ctx context.Context, names []string) {
	if o == nil {
		return
	}
	fetchers := o.Fetchers
	o.mu.Lock()
	if o.fetches == nil {
		o.fetches = map[string]*fetch{}
	}
	var todo []*fetch
	for _, n := range names {
		if info, ok := o.byName[n]; ok && o.fetches[n] == nil {
			f := &fetch{chunks: make(chan []byte, fetchChunks), done: make(chan struct{})}
			f.r = &objectReader{ctx: ctx, info: *info, retries: o.Retries, backoff: o.Backoff}
			o.fetches[n] = f
			todo = append(todo, f)
		}
	}
	o.mu.Unlock()
	slots := make(chan struct{}, max(1, fetchers))
	go func() {
		for _, f := range todo {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				f.fail(ctx.Err())
				continue
			}
			go func() {
				defer func() { <-slots }()
				f.run(ctx)
			}()
		}
	}()
}

// fetch is one object's download: chunks in order, then err (io.EOF at
// the end) once done is closed.
type fetch struct {
	r      *objectReader
	chunks chan []byte
	done   chan struct{}
	err    error
	once   sync.Once
}

func (f *fetch) fail(err error) {
	f.once.Do(func() {
		f.err = err
		close(f.chunks)
	})
}

func (f *fetch) run(ctx context.Context) {
	defer f.r.Close()
	if err := f.r.open(); err != nil {
		f.fail(err)
		return
	}
	for {
		buf := make([]byte, fetchChunk)
		n, err := io.ReadFull(f.r, buf)
		if n > 0 {
			select {
			case f.chunks <- buf[:n]:
			case <-ctx.Done():
				f.fail(ctx.Err())
				return
			case <-f.done:
				f.fail(io.ErrClosedPipe)
				return
			}
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF && n < fetchChunk && f.r.off == f.r.info.Size {
			f.fail(io.EOF)
			return
		}
		if err != nil {
			f.fail(err)
			return
		}
	}
}

// fetchReader reads a fetch's chunks.
type fetchReader struct {
	f   *fetch
	cur []byte
}

func (r *fetchReader) Read(p []byte) (int, error) {
	for len(r.cur) == 0 {
		c, ok := <-r.f.chunks
		if !ok {
			return 0, r.f.err
		}
		r.cur = c
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	return n, nil
}

// Close stops the download if it is still running.
func (r *fetchReader) Close() error {
	select {
	case <-r.f.done:
	default:
		close(r.f.done)
	}
	return nil
}

// takeFetch returns the download of name, once, or nil.
func (o *Objects) takeFetch(name string) *fetch {
	o.mu.Lock()
	defer o.mu.Unlock()
	f := o.fetches[name]
	delete(o.fetches, name)
	return f
}
