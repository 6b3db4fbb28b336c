package aggregate

import (
	"bytes"
	"context"
	"fmt"
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

// BenchmarkPlanResume plans an incremental run over n unchanged one-line
// files that all start with the same CSV header: by device and inode (the
// files as they were), and by head alone (copies on another machine). The
// time per file must not grow with n.
//
//	go test -run XX -bench PlanResume ./aggregate
func BenchmarkPlanResume(b *testing.B) {
	for _, n := range []int{4000, 8000, 16000} {
		for _, byInode := range []bool{true, false} {
			looks := make([]Look, n)
			inputs := make([]Input, n)
			for i := range n {
				c := gcsHeader + gcsLines(i, 1)
				inputs[i] = counted(c, uint64(i+1))
				looks[i] = look(fmt.Sprint(i), c, uint64(i+1))
				if !byInode {
					looks[i].Inode = uint64(n + i + 1)
				}
			}
			name := fmt.Sprintf("files=%d/by=head", n)
			if byInode {
				name = fmt.Sprintf("files=%d/by=inode", n)
			}
			b.Run(name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					PlanResume(looks, inputs)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/file")
			})
		}
	}
}
