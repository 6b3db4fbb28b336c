package ingest_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/iotest"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"github.com/klauspost/pgzip"

	"github.com/slareport/slareport/ingest"
)

// gzipped compresses each part as its own gzip member and concatenates
// them, as `cat a.gz b.gz` or pigz --independent would.
func gzipped(t testing.TB, parts ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	for _, p := range parts {
		w := gzip.NewWriter(&buf)
		if _, err := io.WriteString(w, p); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

// zstded compresses each part as its own zstd frame and concatenates them.
func zstded(t testing.TB, parts ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	for _, p := range parts {
		w, err := zstd.NewWriter(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, p); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

// zstdSkippable is a skippable frame (magic 0x184D2A53) carrying 3 bytes
// that a decoder must ignore.
var zstdSkippable = []byte{0x53, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 'a', 'b', 'c'}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// logText is a few kilobytes of access-log-like lines, enough to span
// several deflate and zstd blocks' worth of decisions.
func logText(lines int) string {
	var b strings.Builder
	for i := range lines {
		fmt.Fprintf(&b, "10.0.%d.%d - - [10/Oct/2025:13:55:%02d +0000] \"GET /api/v1/items/%d HTTP/1.1\" %d %d\n",
			i%256, i*7%256, i%60, i*31, 200+i%5*100, i*13%5000)
	}
	return b.String()
}

func readAll(t *testing.T, in *ingest.Input) string {
	t.Helper()
	b, err := io.ReadAll(in)
	if err != nil {
		t.Fatalf("read all: %v", err)
	}
	return string(b)
}

func TestFromReaderDetectsCompression(t *testing.T) {
	long := logText(2000)
	tests := []struct {
		name  string
		data  []byte
		want  string // decompressed text
		codec string
	}{
		{"empty", nil, "", "none"},
		{"one byte", []byte("a"), "a", "none"},
		{"lone gzip magic byte", []byte{0x1f}, "\x1f", "none"},
		{"five bytes", []byte("ab\ncd"), "ab\ncd", "none"},
		{"plain text", []byte(long), long, "none"},
		{"plain starting with BZh", []byte("BZh9 is not a bzip2 header\n"), "BZh9 is not a bzip2 header\n", "none"},
		{"BZh and digit only", []byte("BZh9"), "BZh9", "none"},
		{"BZh digit without block magic", []byte("BZh91AY&SX\n"), "BZh91AY&SX\n", "none"},
		{"xz magic too short", []byte{0xfd, '7', 'z', 'X', 'Z'}, "\xfd7zXZ", "none"},
		{"gzip", gzipped(t, long), long, "gzip"},
		{"gzip two members", gzipped(t, "first\n", "second\n"), "first\nsecond\n", "gzip"},
		{"gzip of nothing", gzipped(t, ""), "", "gzip"},
		{"zstd", zstded(t, long), long, "zstd"},
		{"zstd two frames", zstded(t, "first\n", "second\n"), "first\nsecond\n", "zstd"},
		{"zstd of nothing", zstded(t, ""), "", "zstd"},
		{"zstd after skippable frame", append(bytes.Clone(zstdSkippable), zstded(t, "x\n")...), "x\n", "zstd"},
		{"bzip2", fixture(t, "lines.log.bz2"), "GET /a 200\nGET /b 404\r\nGET /c 500", "bzip2"},
		{"bzip2 two streams", fixture(t, "two-streams.log.bz2"), "first stream\nsecond stream\n", "bzip2"},
		{"bzip2 of nothing", fixture(t, "empty.log.bz2"), "", "bzip2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := ingest.FromReader("x.log", bytes.NewReader(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			defer in.Close()
			if in.Compression != tt.codec {
				t.Errorf("Compression = %q, want %q", in.Compression, tt.codec)
			}
			if got := readAll(t, in); got != tt.want {
				t.Errorf("read %q, want %q", trim(got), trim(tt.want))
			}
			if got := in.CompressedBytes(); got != int64(len(tt.data)) {
				t.Errorf("CompressedBytes = %d after reading everything, want %d", got, len(tt.data))
			}
			if got := in.Size(); got != -1 {
				t.Errorf("Size = %d for a reader, want -1", got)
			}
		})
	}
}

func trim(s string) string {
	if len(s) > 60 {
		return s[:60] + "..."
	}
	return s
}

// wideZstd writes data as one zstd frame by hand (RFC 8878 3.1.1) whose
// header asks for a window of 2^log bytes: a header descriptor with no
// content size, the window descriptor, then raw blocks, the last marked.
// An encoder would have to allocate that window.
func wideZstd(log int, data string) []byte {
	b := []byte{0x28, 0xb5, 0x2f, 0xfd, 0x00, byte(log-10) << 3}
	for len(data) > 0 {
		n := min(len(data), 1<<16)
		h := n << 3
		if n == len(data) {
			h |= 1
		}
		b = append(b, byte(h), byte(h>>8), byte(h>>16))
		b = append(b, data[:n]...)
		data = data[n:]
	}
	return b
}

func TestCorruptInputs(t *testing.T) {
	long := logText(2000)
	gz := gzipped(t, long)
	badCRC := bytes.Clone(gz)
	badCRC[len(badCRC)-8] ^= 0xff // the CRC-32 is the trailer's first word
	bz := fixture(t, "lines.log.bz2")
	tests := []struct {
		name    string
		data    []byte
		openErr string // wanted error from FromReader, or ""
		readErr string // wanted error from reading everything
		is      error  // wanted in the chain of the error
	}{
		{
			name:    "xz",
			data:    []byte{0xfd, '7', 'z', 'X', 'Z', 0x00, 0, 0},
			openErr: `open "a.log.xz": xz compression is not supported (decompress it first: xz -dc a.log.xz | slareport -)`,
		},
		{
			name:    "gzip cut in header",
			data:    gz[:5],
			openErr: `open "a.log.xz": unexpected EOF`,
			is:      io.ErrUnexpectedEOF,
		},
		{
			name:    "gzip bad header",
			data:    []byte{0x1f, 0x8b, 0x07, 0, 0, 0, 0, 0, 0, 0},
			openErr: `open "a.log.xz": gzip: invalid header`,
			is:      pgzip.ErrHeader,
		},
		{
			name:    "gzip cut mid-stream",
			data:    gz[:len(gz)/2],
			readErr: `read "a.log.xz": unexpected EOF`,
			is:      io.ErrUnexpectedEOF,
		},
		{
			name:    "gzip cut before trailer",
			data:    gz[:len(gz)-4],
			readErr: `read "a.log.xz": unexpected EOF`,
			is:      io.ErrUnexpectedEOF,
		},
		{
			name:    "gzip corrupt CRC",
			data:    badCRC,
			readErr: `read "a.log.xz": gzip: invalid checksum`,
			is:      pgzip.ErrChecksum,
		},
		{
			name:    "zstd cut mid-stream",
			data:    zstded(t, long)[:len(zstded(t, long))/2],
			readErr: `read "a.log.xz": unexpected EOF`,
			is:      io.ErrUnexpectedEOF,
		},
		{
			name:    "zstd magic only",
			data:    []byte{0x28, 0xb5, 0x2f, 0xfd},
			readErr: `read "a.log.xz": unexpected EOF`,
			is:      io.ErrUnexpectedEOF,
		},
		{
			name:    "zstd window over the limit",
			data:    wideZstd(29, long),
			openErr: `open "a.log.xz": zstd window of 512 MiB, over the 256 MiB limit (decompress it first: zstd -dc --long=31 a.log.xz | slareport -)`,
			is:      zstd.ErrWindowSizeExceeded,
		},
		{
			name:    "zstd window over the limit in a later frame",
			data:    append(zstded(t, long), wideZstd(31, long)...),
			readErr: `read "a.log.xz": zstd window over the 256 MiB limit (decompress it first: zstd -dc --long=31 a.log.xz | slareport -)`,
			is:      zstd.ErrWindowSizeExceeded,
		},
		{
			name:    "bzip2 cut mid-stream",
			data:    bz[:len(bz)/2],
			readErr: `read "a.log.xz": unexpected EOF`,
			is:      io.ErrUnexpectedEOF,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The name deliberately disagrees with most contents:
			// detection must not look at it.
			in, err := ingest.FromReader("a.log.xz", bytes.NewReader(tt.data))
			if tt.openErr != "" {
				if err == nil || err.Error() != tt.openErr {
					t.Fatalf("FromReader error = %v, want %s", err, tt.openErr)
				}
				if tt.is != nil && !errors.Is(err, tt.is) {
					t.Errorf("error %v does not wrap %v", err, tt.is)
				}
				return
			}
			if err != nil {
				t.Fatalf("FromReader: %v", err)
			}
			defer in.Close()
			_, err = io.ReadAll(in)
			if err == nil || err.Error() != tt.readErr {
				t.Fatalf("read error = %v, want %s", err, tt.readErr)
			}
			if !errors.Is(err, tt.is) {
				t.Errorf("error %v does not wrap %v", err, tt.is)
			}
		})
	}
}

func TestFromReaderReadError(t *testing.T) {
	_, err := ingest.FromReader("x.log", iotest.ErrReader(errors.New("boom")))
	if want := `read "x.log": boom`; err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %s", err, want)
	}
}

func TestXzHintForStdin(t *testing.T) {
	_, err := ingest.FromReader("(stdin)", bytes.NewReader([]byte{0xfd, '7', 'z', 'X', 'Z', 0x00}))
	want := `open "(stdin)": xz compression is not supported (pipe it through xz -dc first)`
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %s", err, want)
	}
}

// TestDecompressHints: the commands an error suggests are pasteable, for
// standard input and for a name a shell would split.
func TestDecompressHints(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"(stdin)", wideZstd(30, "x\n"), `open "(stdin)": zstd window of 1024 MiB, over the 256 MiB limit (pipe it through zstd -dc --long=31 first)`},
		{"my logs/it's.zst", wideZstd(30, "x\n"), `open "my logs/it's.zst": zstd window of 1024 MiB, over the 256 MiB limit (decompress it first: zstd -dc --long=31 'my logs/it'\''s.zst' | slareport -)`},
		{"a b.xz", []byte{0xfd, '7', 'z', 'X', 'Z', 0x00}, `open "a b.xz": xz compression is not supported (decompress it first: xz -dc 'a b.xz' | slareport -)`},
	} {
		_, err := ingest.FromReader(tc.name, bytes.NewReader(tc.data))
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: error = %v, want %s", tc.name, err, tc.want)
		}
	}
	// A window at the limit is read.
	in, err := ingest.FromReader("ok.zst", bytes.NewReader(wideZstd(28, "x\n")))
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	if b, err := io.ReadAll(in); err != nil || string(b) != "x\n" {
		t.Errorf("a 256 MiB window: %q, %v", b, err)
	}
}

// TestTruncatedAnywhere cuts small compressed streams at every byte: each
// cut must fail loudly, never read as a shorter valid log.
func TestTruncatedAnywhere(t *testing.T) {
	text := logText(40)
	streams := map[string][]byte{
		"gzip":  gzipped(t, text),
		"zstd":  zstded(t, text),
		"bzip2": fixture(t, "lines.log.bz2"),
	}
	for codec, data := range streams {
		t.Run(codec, func(t *testing.T) {
			// Shorter cuts no longer carry the whole magic and read as
			// plain text, which is correct.
			for cut := 10; cut < len(data); cut++ {
				in, err := ingest.FromReader("t", bytes.NewReader(data[:cut]))
				if err == nil {
					if in.Compression != codec {
						t.Fatalf("cut %d: detected %q", cut, in.Compression)
					}
					_, err = io.ReadAll(in)
				}
				if err == nil {
					t.Fatalf("cut at %d of %d: read without error", cut, len(data))
				}
				if !strings.Contains(err.Error(), `"t"`) {
					t.Fatalf("cut at %d: error %q does not name the input", cut, err)
				}
			}
		})
	}
}

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	text := logText(500)
	gz := gzipped(t, text)
	// Extensions lie on purpose: detection is by content.
	write(t, filepath.Join(dir, "plain.gz"), []byte(text))
	write(t, filepath.Join(dir, "packed.log"), gz)

	tests := []struct {
		path  string
		codec string
		size  int
	}{
		{filepath.Join(dir, "plain.gz"), "none", len(text)},
		{filepath.Join(dir, "packed.log"), "gzip", len(gz)},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			in, err := ingest.Open(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			if in.Name != tt.path || in.Compression != tt.codec || in.Size() != int64(tt.size) {
				t.Errorf("Open = {%q %q size %d}, want {%q %q size %d}",
					in.Name, in.Compression, in.Size(), tt.path, tt.codec, tt.size)
			}
			if got := readAll(t, in); got != text {
				t.Errorf("read %q, want %q", trim(got), trim(text))
			}
			if got := in.CompressedBytes(); got != int64(tt.size) {
				t.Errorf("CompressedBytes = %d, want the file size %d", got, tt.size)
			}
			if err := in.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
			if err := in.Close(); err != nil {
				t.Errorf("second Close: %v", err)
			}
		})
	}
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestOpenErrors(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.Mkdir("logs", 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, "x.xz", []byte{0xfd, '7', 'z', 'X', 'Z', 0x00, 1, 2})
	tests := []struct {
		name string
		path string
		want string
		is   error
		// mentions is how often the message names the path: once,
		// unless the text needs it again. The *fs.PathError from os.Open
		// would add a second mention.
		mentions int
	}{
		{"missing", "x.log", `open "x.log": no such file or directory`, fs.ErrNotExist, 1},
		{"directory", "logs", `open "logs": is a directory`, syscall.EISDIR, 1},
		{"xz", "x.xz", `open "x.xz": xz compression is not supported (decompress it first: xz -dc x.xz | slareport -)`, nil, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := ingest.Open(tt.path)
			if err == nil {
				in.Close()
				t.Fatalf("Open(%q) succeeded", tt.path)
			}
			// Windows words system errors its own way; the shape is the
			// same.
			if runtime.GOOS != "windows" && err.Error() != tt.want {
				t.Errorf("error = %q, want %q", err, tt.want)
			}
			if n := strings.Count(err.Error(), tt.path); n != tt.mentions {
				t.Errorf("error %q names the path %d times, want %d", err, n, tt.mentions)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v does not wrap %v", err, tt.is)
			}
		})
	}
}

// TestOpenStdin swaps os.Stdin for a file; it must not run in parallel.
func TestOpenStdin(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stdin")
	gz := gzipped(t, "from stdin\n")
	write(t, path, gz)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	saved := os.Stdin
	os.Stdin = f
	defer func() { os.Stdin = saved }()

	in, err := ingest.Open("-")
	if err != nil {
		t.Fatal(err)
	}
	if in.Name != "(stdin)" || in.Compression != "gzip" || in.Size() != int64(len(gz)) {
		t.Errorf("Open(-) = {%q %q size %d}, want {\"(stdin)\" \"gzip\" size %d}", in.Name, in.Compression, in.Size(), len(gz))
	}
	if got := readAll(t, in); got != "from stdin\n" {
		t.Errorf("read %q", got)
	}
	if err := in.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Stat(); err != nil {
		t.Errorf("Close closed standard input: %v", err)
	}
}

// TestCompressedBytesConcurrent reads the counter from another goroutine
// while the input is read, as a progress bar will; run it with -race.
func TestCompressedBytesConcurrent(t *testing.T) {
	gz := gzipped(t, logText(20000))
	in, err := ingest.FromReader("c.gz", bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	if got := in.CompressedBytes(); got <= 0 || got > 64<<10 {
		t.Errorf("CompressedBytes after detection = %d, want 1..64 KiB (one buffer fill)", got)
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		last := int64(0)
		for {
			select {
			case <-done:
				return
			default:
			}
			n := in.CompressedBytes()
			if n < last {
				t.Errorf("CompressedBytes went back from %d to %d", last, n)
				return
			}
			last = n
		}
	})
	if _, err := io.Copy(io.Discard, in); err != nil {
		t.Fatal(err)
	}
	close(done)
	wg.Wait()
	if got := in.CompressedBytes(); got != int64(len(gz)) {
		t.Errorf("CompressedBytes = %d, want %d", got, len(gz))
	}
}

// TestBzip2Command round-trips a multi-block log through the bzip2 command,
// covering more than the tiny committed fixtures. It needs bzip2 installed.
func TestBzip2Command(t *testing.T) {
	bin, err := exec.LookPath("bzip2")
	if err != nil {
		t.Skip("bzip2 command not found; the committed fixtures still cover bzip2")
	}
	text := logText(20000) // > 900 kB: several bzip2 blocks at -1
	cmd := exec.Command(bin, "-1", "-c")
	cmd.Stdin = strings.NewReader(text)
	bz, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	in, err := ingest.FromReader("big.bz2", bytes.NewReader(bz))
	if err != nil {
		t.Fatal(err)
	}
	if in.Compression != "bzip2" {
		t.Fatalf("Compression = %q", in.Compression)
	}
	if got := readAll(t, in); got != text {
		t.Fatalf("round trip differs: got %d bytes, want %d", len(got), len(text))
	}
	in, err = ingest.FromReader("big.bz2", bytes.NewReader(bz[:len(bz)-100]))
	if err != nil {
		t.Fatal(err)
	}
	_, err = io.ReadAll(in)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("truncated bzip2: error = %v, want unexpected EOF", err)
	}
}

func TestExpand(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, name := range []string{"b.log", "a.log", "c.gz", "odd*name.log"} {
		write(t, name, nil)
	}
	tests := []struct {
		name    string
		args    []string
		want    []string
		wantErr string
	}{
		{"stdin kept", []string{"-"}, []string{"-"}, ""},
		{"existing kept", []string{"c.gz", "a.log"}, []string{"c.gz", "a.log"}, ""},
		{"glob sorted", []string{"*.log"}, []string{"a.log", "b.log", "odd*name.log"}, ""},
		{"order of arguments kept", []string{"c.gz", "?.log", "-"}, []string{"c.gz", "a.log", "b.log", "-"}, ""},
		{"existing name with star not expanded", []string{"odd*name.log"}, []string{"odd*name.log"}, ""},
		{"missing kept for Open", []string{"missing.log"}, []string{"missing.log"}, ""},
		{"glob matching nothing", []string{"logs/*.gz"}, nil, `no files match "logs/*.gz"`},
		{"bad pattern", []string{"[a"}, nil, `expand "[a": syntax error in pattern`},
		{"none", nil, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ingest.Expand(tt.args)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("Expand(%q) error = %v, want %s", tt.args, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("Expand(%q) = %q, want %q", tt.args, got, tt.want)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.log")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "nope.log")
	cases := []struct {
		name, path, want string
	}{
		{"stdin", "-", ""},
		{"file", file, ""},
		{"missing", missing, `open "` + missing + `": no such file or directory`},
		{"directory", dir, `open "` + dir + `": is a directory`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := ingest.Check(tc.path)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("Check(%q) = %q, want %q", tc.path, got, tc.want)
			}
			// Check and Open must agree word for word.
			if in, oerr := ingest.Open(tc.path); tc.want != "" && (oerr == nil || oerr.Error() != tc.want) {
				t.Errorf("Open(%q) = %v, Check said %q", tc.path, oerr, tc.want)
			} else if in != nil && tc.path != "-" {
				in.Close()
			}
		})
	}
}
