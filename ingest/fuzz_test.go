package ingest_test

import (
	"bytes"
	"io"
	"testing"
	"testing/iotest"

	"github.com/slareport/slareport/ingest"
)

func FuzzSplitter(f *testing.F) {
	f.Add([]byte("a\nb\r\n\nccc"), uint8(4), uint8(2))
	f.Add([]byte("short\n"+string(bytes.Repeat([]byte("x"), 300))+"\nend"), uint8(16), uint8(40))
	f.Add([]byte("\n\n\n"), uint8(0), uint8(0))
	f.Add([]byte{}, uint8(1), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, bs, ml uint8) {
		// Small sizes so that short inputs reach every branch: overlong
		// lines, lines longer than a block, carries.
		blockSize, maxLine := 1+int(bs)%160, 1+int(ml)%64
		blocks, err := split(bytes.NewReader(data), blockSize, maxLine)
		if err != nil {
			t.Fatal(err)
		}
		checkBlocks(t, string(data), blocks, blockSize, maxLine)
		again, err := split(iotest.OneByteReader(bytes.NewReader(data)), blockSize, maxLine)
		if err != nil {
			t.Fatal(err)
		}
		if len(again) != len(blocks) {
			t.Fatalf("one-byte reads give %d blocks, whole reads %d", len(again), len(blocks))
		}
		for i := range blocks {
			if again[i] != blocks[i] {
				t.Fatalf("block %d: one-byte reads give %v, whole reads %v", i, again[i], blocks[i])
			}
		}
	})
}

func FuzzOpen(f *testing.F) {
	f.Add([]byte("plain\nlog\n"))
	f.Add([]byte{})
	f.Add(gzipped(f, "a\n", "b\n"))
	f.Add(zstded(f, "a\nb\n"))
	f.Add(append(bytes.Clone(zstdSkippable), zstded(f, "x\n")...))
	f.Add(fixture(f, "lines.log.bz2"))
	f.Add(fixture(f, "two-streams.log.bz2"))
	f.Add(fixture(f, "empty.log.bz2"))
	f.Add([]byte{0xfd, '7', 'z', 'X', 'Z', 0x00})
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := ingest.FromReader("fuzz", bytes.NewReader(data))
		if err != nil {
			return
		}
		defer in.Close()
		// Cap the output: a few bytes of bzip2 or zstd can legitimately
		// expand to gigabytes.
		n, err := io.CopyN(io.Discard, in, 64<<20)
		if err == nil || err == io.EOF {
			if in.Compression == "none" && n != int64(len(data)) {
				t.Fatalf("plain input of %d bytes read as %d", len(data), n)
			}
			return
		}
		if !bytes.Contains([]byte(err.Error()), []byte(`read "fuzz": `)) {
			t.Fatalf("error %q does not name the input", err)
		}
	})
}
