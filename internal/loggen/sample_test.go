package loggen

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"testing"
	"time"
)

// sampleConfig is the recipe of the demo sample, in the words of the
// command in the package documentation.
var sampleConfig = Config{Lines: 3000, Seed: 7, Malformed: 0.001}

const samplePath = "../../testdata/access.log.gz"

// TestSampleMatchesRecipe keeps the committed demo sample and its recipe
// from drifting apart: if it fails after a change to the generator, rerun
// the command in the package documentation and commit the new sample.
func TestSampleMatchesRecipe(t *testing.T) {
	f, err := os.Open(samplePath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	if zr.Name != "" || !zr.ModTime.IsZero() {
		t.Errorf("gzip header has name %q and mtime %v; want neither, so the file is reproducible", zr.Name, zr.ModTime)
	}
	committed, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	c, err := Generate(&want, sampleConfig)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(committed, want.Bytes()) {
		t.Fatalf("%s (%d bytes) differs from what its recipe generates (%d bytes); regenerate it with the command in the package documentation",
			samplePath, len(committed), want.Len())
	}

	// What the README's demo relies on.
	if c.Malformed != 3 {
		t.Errorf("sample has %d malformed lines, want 3", c.Malformed)
	}
	if c.Codes[499] == 0 {
		t.Error("sample has no 499")
	}
	var cloudflare int64
	for code := 520; code <= 524; code++ {
		cloudflare += c.Codes[code]
	}
	if cloudflare == 0 {
		t.Error("sample has no 52x")
	}
	s := scan(t, string(committed), sampleConfig)
	lo := DefaultStart.Add(DefaultSpan * 3 / 5)
	if in, out, _ := serverErrorShare(s.entries, lo, lo.Add(DefaultOutageLength)); in < 10*out || in < 0.2 {
		t.Errorf("5xx share %.3f in the outage, %.4f outside: outage not visible", in, out)
	}
	if first := s.entries[0].time; first.Before(DefaultStart) || first.After(DefaultStart.Add(time.Hour)) {
		t.Errorf("sample starts at %v", first)
	}
}
