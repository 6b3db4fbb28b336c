// Command mksums writes many small summaries, as a fleet of map runs
// would (one per log object), for measuring 'slareport merge' at scale:
//
//	go run ./internal/mksums -n 10000 -lines 100 -o bench/sums
//
// Summary i holds lines lines of synthetic combined log starting
// i*span/n into one day, counted as 'slareport --tz UTC --save' counts
// them. It runs in one process: ten thousand slareport processes take
// longer to start than to merge.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/aggregate/slasum"
	"github.com/slareport/slareport/internal/loggen"
)

func main() {
	n := flag.Int("n", 10000, "summaries to write")
	lines := flag.Int("lines", 100, "lines per summary")
	out := flag.String("o", "sums", "folder to write them into")
	flag.Parse()
	if err := run(*n, *lines, *out); err != nil {
		fmt.Fprintln(os.Stderr, "mksums:", err)
		os.Exit(1)
	}
}

func run(n, lines int, out string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	day := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	step := 24 * time.Hour / time.Duration(n)
	for i := range n {
		log := filepath.Join(out, fmt.Sprintf("part-%05d.log", i))
		var b bytes.Buffer
		cfg := loggen.Config{Lines: lines, Seed: uint64(i + 1), Start: day.Add(time.Duration(i) * step), Span: step}
		if _, err := loggen.Generate(&b, cfg); err != nil {
			return err
		}
		if err := os.WriteFile(log, b.Bytes(), 0o644); err != nil {
			return err
		}
		sum, err := aggregate.Run(context.Background(), []string{log}, aggregate.Options{Workers: 1})
		if err != nil {
			return err
		}
		var s bytes.Buffer
		if err := slasum.Write(&s, sum.State()); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, fmt.Sprintf("part-%05d.slasum", i)), s.Bytes(), 0o644); err != nil {
			return err
		}
		os.Remove(log)
	}
	return nil
}
