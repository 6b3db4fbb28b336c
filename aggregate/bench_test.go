package aggregate

import (
	"bytes"
	"context"
	"testing"

	"github.com/slareport/slareport/internal/loggen"
)

// BenchmarkRun measures the whole pipeline on one worker over 200k
// synthetic combined lines held in memory: split, parse, count, merge.
func BenchmarkRun(b *testing.B) { benchRun(b, Options{}) }

// benchRun runs opt, on one worker, over 200k synthetic combined lines held
// in memory.
func benchRun(b *testing.B, opt Options) {
	var log bytes.Buffer
	c, err := loggen.Generate(&log, loggen.Config{Lines: 200000, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(log.Len()))
	b.ReportAllocs()
	opt.Workers = 1
	for b.Loop() {
		opt.Stdin = bytes.NewReader(log.Bytes())
		if _, err := Run(context.Background(), []string{"-"}, opt); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(c.Lines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}
