package ingest_test

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/slareport/slareport/ingest"
)

// benchLog returns about size bytes of 200-byte access-log lines. Fields
// vary like real traffic so that compressors see realistic ratios.
func benchLog(size int) []byte {
	rng := rand.New(rand.NewPCG(7, 7))
	paths := []string{"/", "/api/v1/items", "/api/v1/users/42", "/static/app.js", "/login", "/health"}
	buf := make([]byte, 0, size+200)
	line := make([]byte, 0, 256)
	for len(buf) < size {
		line = fmt.Appendf(line[:0], `10.%d.%d.%d - - [10/Oct/2025:13:%02d:%02d +0000] "GET %s HTTP/1.1" %d %d "-" "Mozilla/5.0 (X11; Linux x86_64)" `,
			rng.IntN(256), rng.IntN(256), rng.IntN(256), rng.IntN(60), rng.IntN(60),
			paths[rng.IntN(len(paths))], []int{200, 200, 200, 301, 404, 500}[rng.IntN(6)], rng.IntN(100000))
		for len(line) < 199 {
			line = append(line, '-')
		}
		buf = append(append(buf, line[:199]...), '\n')
	}
	return buf
}

var (
	benchOnce  sync.Once
	benchPlain []byte // 64 MiB
	benchGzip  []byte // the first 16 MiB, gzipped
	benchZstd  []byte // the same, zstd
)

func benchData(b *testing.B) {
	benchOnce.Do(func() {
		benchPlain = benchLog(64 << 20)
		benchGzip = gzipped(b, string(benchPlain[:16<<20]))
		benchZstd = zstded(b, string(benchPlain[:16<<20]))
	})
}

// splitAll drives a Splitter to the end with one reused Block and returns
// the line count.
func splitAll(b *testing.B, r io.Reader) int64 {
	s := ingest.NewSplitter(r, 0, 0)
	var blk ingest.Block
	for {
		err := s.Next(&blk)
		if err == io.EOF {
			return s.Lines()
		}
		if err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSplitter(b *testing.B) {
	benchData(b)
	b.SetBytes(int64(len(benchPlain)))
	b.ReportAllocs()
	for b.Loop() {
		if splitAll(b, bytes.NewReader(benchPlain)) == 0 {
			b.Fatal("no lines")
		}
	}
}

func benchCompressed(b *testing.B, data []byte) {
	benchData(b)
	b.SetBytes(16 << 20) // decompressed bytes per op
	b.ReportAllocs()
	for b.Loop() {
		in, err := ingest.FromReader("bench", bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		if splitAll(b, in) == 0 {
			b.Fatal("no lines")
		}
		in.Close()
	}
}

// BenchmarkGzip measures decompression plus splitting; MB/s are of
// decompressed log.
func BenchmarkGzip(b *testing.B) { benchCompressed(b, benchGzip) }

// BenchmarkZstd is BenchmarkGzip for zstd.
func BenchmarkZstd(b *testing.B) { benchCompressed(b, benchZstd) }
