package ingest_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/slareport/slareport/ingest"
)

// block is a Block copied out for comparison.
type block struct {
	Data    string
	First   int64
	Lines   int
	TooLong bool
}

func (b block) String() string {
	return fmt.Sprintf("{%q first=%d lines=%d tooLong=%v}", trim(b.Data), b.First, b.Lines, b.TooLong)
}

// split runs a Splitter to the end, reusing one Block throughout as a
// caller with a single worker would.
func split(r io.Reader, blockSize, maxLine int) ([]block, error) {
	s := ingest.NewSplitter(r, blockSize, maxLine)
	var out []block
	var b ingest.Block
	for {
		err := s.Next(&b)
		if err != nil {
			if b.Lines != 0 {
				return out, fmt.Errorf("Next returned %v with Lines = %d", err, b.Lines)
			}
			if err == io.EOF {
				err = nil
			}
			return out, err
		}
		out = append(out, block{string(b.Data), b.FirstLine, b.Lines, b.TooLong})
	}
}

func TestSplitter(t *testing.T) {
	x := func(n int) string { return strings.Repeat("x", n) }
	tests := []struct {
		name      string
		in        string
		blockSize int
		maxLine   int
		want      []block
	}{
		{"empty", "", 0, 0, nil},
		{"one line", "a\n", 0, 0, []block{{"a\n", 1, 1, false}}},
		{"no trailing newline", "a\nb", 0, 0, []block{{"a\nb", 1, 2, false}}},
		{"only newline", "\n", 0, 0, []block{{"\n", 1, 1, false}}},
		{"empty lines", "\n\n\n", 0, 0, []block{{"\n\n\n", 1, 3, false}}},
		{"CRLF kept", "a\r\nb\r\n", 0, 0, []block{{"a\r\nb\r\n", 1, 2, false}}},
		{"lone CR is not a line end", "a\rb\n", 0, 0, []block{{"a\rb\n", 1, 1, false}}},
		{
			"blocks hold whole lines up to blockSize",
			"aaa\nbbb\nccc\nddd\n", 8, 8,
			[]block{{"aaa\nbbb\n", 1, 2, false}, {"ccc\nddd\n", 3, 2, false}},
		},
		{
			"line ending one past blockSize goes to the next block",
			"aaa\nbbbb\nc\n", 8, 8,
			[]block{{"aaa\n", 1, 1, false}, {"bbbb\nc\n", 2, 2, false}},
		},
		{
			"final line without newline fits exactly",
			"aaa\nbbbb", 8, 8,
			[]block{{"aaa\nbbbb", 1, 2, false}},
		},
		{
			"line longer than blockSize travels alone",
			"a\n" + x(20) + "\nb\n", 4, 32,
			[]block{{"a\n", 1, 1, false}, {x(20) + "\n", 2, 1, false}, {"b\n", 3, 1, false}},
		},
		{"line of exactly maxLine", x(8) + "\n", 4, 8, []block{{x(8) + "\n", 1, 1, false}}},
		{"line of exactly maxLine with CR", x(7) + "\r\n", 4, 8, []block{{x(7) + "\r\n", 1, 1, false}}},
		{"final line of exactly maxLine", x(8), 4, 8, []block{{x(8), 1, 1, false}}},
		{"line of maxLine+1", x(9) + "\n", 4, 8, []block{{x(9), 1, 1, true}}},
		{"CR pushes line over maxLine", x(8) + "\r\n", 4, 8, []block{{x(8) + "\r", 1, 1, true}}},
		{"final line of maxLine+1", "a\n" + x(9), 4, 8, []block{{"a\n", 1, 1, false}, {x(9), 2, 1, true}}},
		{
			"too long line in the middle keeps numbering",
			"a\nb\n" + x(5000) + "\nc\nd\n", 16, 8,
			[]block{{"a\nb\n", 1, 2, false}, {x(9), 3, 1, true}, {"c\nd\n", 4, 2, false}},
		},
		{
			"too long line keeps at most 1 KiB",
			x(5000) + "\nc\n", 0, 2000,
			[]block{{x(1024), 1, 1, true}, {"c\n", 2, 1, false}},
		},
		{
			"too long lines back to back",
			x(30) + "\n" + x(30) + "\n" + x(30), 4, 8,
			[]block{{x(9), 1, 1, true}, {x(9), 2, 1, true}, {x(9), 3, 1, true}},
		},
		{
			// blockSize above maxLine: an overlong line inside one fill must
			// still come out alone.
			"too long line inside a large block",
			"a\n" + x(10) + "\nb\n", 64, 8,
			[]block{{"a\n", 1, 1, false}, {x(9), 2, 1, true}, {"b\n", 3, 1, false}},
		},
		{
			"too long final line inside a large block",
			"a\n" + x(10), 64, 8,
			[]block{{"a\n", 1, 1, false}, {x(9), 2, 1, true}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := split(strings.NewReader(tt.in), tt.blockSize, tt.maxLine)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("blocks:\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}

// randomLog builds an input of lines with random lengths around maxLine,
// some empty, some ending in CRLF, with or without a final newline.
func randomLog(rng *rand.Rand, maxLine int) string {
	var b strings.Builder
	for range rng.IntN(40) {
		n := rng.IntN(3*maxLine + 1)
		if rng.IntN(5) == 0 {
			n = 0
		}
		for i := range n {
			b.WriteByte(byte('a' + i%26))
		}
		if n > 0 && rng.IntN(4) == 0 {
			b.WriteString("\r")
		}
		b.WriteString("\n")
	}
	if rng.IntN(2) == 0 {
		b.WriteString(strings.Repeat("z", rng.IntN(3*maxLine+1)))
	}
	return b.String()
}

// checkBlocks checks the Splitter's contract against a plain line split of
// in: blocks rebuild the input, numbering is consecutive, exactly the lines
// over maxLine are TooLong, and blocks are packed greedily up to blockSize.
func checkBlocks(t testing.TB, in string, blocks []block, blockSize, maxLine int) {
	t.Helper()
	lines := strings.SplitAfter(in, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	next := 0 // index into lines
	for i, b := range blocks {
		if b.First != int64(next+1) {
			t.Fatalf("block %d: FirstLine = %d, want %d", i, b.First, next+1)
		}
		if b.Lines <= 0 || next+b.Lines > len(lines) {
			t.Fatalf("block %d: Lines = %d with %d lines left", i, b.Lines, len(lines)-next)
		}
		if b.TooLong {
			line := strings.TrimSuffix(lines[next], "\n")
			if b.Lines != 1 || len(line) <= maxLine || b.Data != line[:min(1024, maxLine+1)] {
				t.Fatalf("block %d: TooLong %v for line %d of length %d", i, b, next+1, len(line))
			}
			next++
			continue
		}
		want := strings.Join(lines[next:next+b.Lines], "")
		if b.Data != want {
			t.Fatalf("block %d: Data = %q, want lines %d..%d %q", i, b.Data, next+1, next+b.Lines, want)
		}
		for j, l := range lines[next : next+b.Lines] {
			if len(strings.TrimSuffix(l, "\n")) > maxLine {
				t.Fatalf("block %d: line %d of length %d not marked TooLong", i, next+j+1, len(l))
			}
		}
		if b.Lines > 1 && len(b.Data) > blockSize {
			t.Fatalf("block %d: %d bytes in %d lines exceed blockSize %d", i, len(b.Data), b.Lines, blockSize)
		}
		next += b.Lines
		if next < len(lines) && len(b.Data)+len(lines[next]) <= blockSize &&
			len(strings.TrimSuffix(lines[next], "\n")) <= maxLine {
			t.Fatalf("block %d: stops before line %d that would fit", i, next+1)
		}
	}
	if next != len(lines) {
		t.Fatalf("blocks hold %d lines, input has %d", next, len(lines))
	}
}

func TestSplitterRandom(t *testing.T) {
	readers := []struct {
		name string
		wrap func(io.Reader) io.Reader
	}{
		{"whole", func(r io.Reader) io.Reader { return r }},
		{"one byte", iotest.OneByteReader},
		{"half", iotest.HalfReader},
		{"data with EOF", iotest.DataErrReader},
		{"one byte with EOF", func(r io.Reader) io.Reader { return iotest.DataErrReader(iotest.OneByteReader(r)) }},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		maxLine := 1 + rng.IntN(64)
		blockSize := 1 + rng.IntN(160)
		in := randomLog(rng, maxLine)
		var first []block
		for j, rd := range readers {
			blocks, err := split(rd.wrap(strings.NewReader(in)), blockSize, maxLine)
			if err != nil {
				t.Fatalf("input %d, %s reader: %v", i, rd.name, err)
			}
			if j == 0 {
				checkBlocks(t, in, blocks, blockSize, maxLine)
				first = blocks
				continue
			}
			if fmt.Sprint(blocks) != fmt.Sprint(first) {
				t.Fatalf("input %d (blockSize %d, maxLine %d) %q:\n%s reader gives %v\nwhole reads give %v",
					i, blockSize, maxLine, in, rd.name, blocks, first)
			}
		}
	}
}

// TestBlocksOutliveNext keeps every Block alive, as blocks queued for
// workers are, and checks that later fills never overwrite earlier ones.
func TestBlocksOutliveNext(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		in := randomLog(rng, 32)
		s := ingest.NewSplitter(iotest.HalfReader(strings.NewReader(in)), 50, 32)
		var held []*ingest.Block
		for {
			b := new(ingest.Block)
			if err := s.Next(b); err == io.EOF {
				break
			} else if err != nil {
				t.Fatal(err)
			}
			held = append(held, b)
		}
		var blocks []block
		for _, b := range held {
			blocks = append(blocks, block{string(b.Data), b.FirstLine, b.Lines, b.TooLong})
		}
		checkBlocks(t, in, blocks, 50, 32)
		if got := s.Lines(); got != int64(strings.Count(in, "\n")+btoi(in != "" && !strings.HasSuffix(in, "\n"))) {
			t.Fatalf("Lines() = %d for %q", got, in)
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// failingReader returns its data, then err; with sameCall both come from
// one Read, as some readers do.
type failingReader struct {
	data     string
	err      error
	sameCall bool
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.data == "" {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	if f.data == "" && f.sameCall {
		return n, f.err
	}
	return n, nil
}

func TestSplitterReadError(t *testing.T) {
	errBoom := errors.New("boom")
	tests := []struct {
		name      string
		data      string
		blockSize int
		maxLine   int
		sameCall  bool
		want      []block // delivered before the error
		wantLines int64   // Lines() after the error
	}{
		{"error at start", "", 0, 0, false, nil, 0},
		{"whole lines then error", "a\nb\n", 0, 0, false, []block{{"a\nb\n", 1, 2, false}}, 2},
		{"partial line dropped", "a\nb\nc", 0, 0, false, []block{{"a\nb\n", 1, 2, false}}, 2},
		{"error with the data", "a\nb\nc", 0, 0, true, []block{{"a\nb\n", 1, 2, false}}, 2},
		{"partial line only", "abc", 0, 0, true, nil, 0},
		{"error inside an overlong line", "a\n" + strings.Repeat("x", 100), 0, 8, false, []block{{"a\n", 1, 1, false}}, 1},
		{
			// The second fill is shorter than the first; bytes the
			// first left in the reused storage must not leak in.
			"short fill after a full one", "aaa\nbbb\nccc\nd", 8, 0, true,
			[]block{{"aaa\nbbb\n", 1, 2, false}, {"ccc\n", 3, 1, false}}, 3,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ingest.NewSplitter(&failingReader{tt.data, errBoom, tt.sameCall}, tt.blockSize, tt.maxLine)
			var got []block
			var b ingest.Block
			var err error
			for err == nil {
				if err = s.Next(&b); err == nil {
					got = append(got, block{string(b.Data), b.FirstLine, b.Lines, b.TooLong})
				}
			}
			if err != errBoom {
				t.Fatalf("Next error = %v, want %v as is", err, errBoom)
			}
			if b.Lines != 0 {
				t.Errorf("Lines = %d in the block returned with the error", b.Lines)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("blocks before the error:\n got %v\nwant %v", got, tt.want)
			}
			if s.Lines() != tt.wantLines {
				t.Errorf("Lines() = %d, want %d", s.Lines(), tt.wantLines)
			}
			if err := s.Next(&b); err != errBoom {
				t.Errorf("Next after the error = %v, want %v again", err, errBoom)
			}
		})
	}
}

// stuckReader never makes progress.
type stuckReader struct{}

func (stuckReader) Read([]byte) (int, error) { return 0, nil }

func TestSplitterNoProgress(t *testing.T) {
	done := make(chan error, 1)
	go func() {
		var b ingest.Block
		done <- ingest.NewSplitter(stuckReader{}, 0, 0).Next(&b)
	}()
	select {
	case err := <-done:
		if err != io.ErrNoProgress {
			t.Fatalf("Next = %v, want %v", err, io.ErrNoProgress)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Next still waiting for a reader that returns nothing")
	}
}

// countingReader counts Read calls.
type countingReader struct {
	r     io.Reader
	reads int
}

func (c *countingReader) Read(p []byte) (int, error) {
	c.reads++
	return c.r.Read(p)
}

func TestSplitterReadsInBulk(t *testing.T) {
	in := strings.Repeat(strings.Repeat("y", 49)+"\n", 20000) // 1 MB, 20000 lines
	cr := &countingReader{r: strings.NewReader(in)}
	blocks, err := split(cr, 64<<10, 0)
	if err != nil {
		t.Fatal(err)
	}
	// One read per block plus the one that sees EOF.
	if cr.reads > len(blocks)+1 {
		t.Errorf("%d reads for %d blocks of %d lines", cr.reads, len(blocks), 20000)
	}
	if len(blocks) < 15 || len(blocks) > 17 {
		t.Errorf("%d blocks of about 64 KiB for 1 MB", len(blocks))
	}
}

func TestSplitterNoAllocPerLine(t *testing.T) {
	in := []byte(strings.Repeat("some log line of moderate length\n", 100000))
	var b ingest.Block
	allocs := testing.AllocsPerRun(5, func() {
		s := ingest.NewSplitter(bytes.NewReader(in), 4096, 1024)
		for s.Next(&b) == nil {
		}
	})
	// The Splitter itself and its carry buffer; 100000 lines must not show.
	if allocs > 5 {
		t.Errorf("%v allocations splitting 100000 lines", allocs)
	}
}

// hugeLine yields one line of n bytes of 'x', then tail.
type hugeLine struct {
	n    int64
	tail string
}

func (h *hugeLine) Read(p []byte) (int, error) {
	if h.n > 0 {
		k := int(min(int64(len(p)), h.n))
		for i := range p[:k] {
			p[i] = 'x'
		}
		h.n -= int64(k)
		return k, nil
	}
	if h.tail == "" {
		return 0, io.EOF
	}
	k := copy(p, h.tail)
	h.tail = h.tail[k:]
	return k, nil
}

func TestSplitterHugeLineMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 100 MiB")
	}
	tests := []struct {
		name string
		tail string
		want []block
	}{
		{"then more lines", "\nnext\n", []block{{strings.Repeat("x", 1024), 1, 1, true}, {"next\n", 2, 1, false}}},
		{"as the final line", "", []block{{strings.Repeat("x", 1024), 1, 1, true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			blocks, err := split(&hugeLine{n: 100 << 20, tail: tt.tail}, 0, 0)
			runtime.ReadMemStats(&after)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(blocks) != fmt.Sprint(tt.want) {
				t.Errorf("blocks:\n got %v\nwant %v", blocks, tt.want)
			}
			// One block buffer of about 2 MiB, not the 100 MiB line.
			if got := after.TotalAlloc - before.TotalAlloc; got > 8<<20 {
				t.Errorf("allocated %d MiB for a 100 MiB line", got>>20)
			}
		})
	}
}
