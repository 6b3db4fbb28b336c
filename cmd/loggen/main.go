// Command loggen writes a synthetic web server access log whose true counts
// are known, for testing and benchmarking slareport on logs of any size.
//
//	loggen -n 1000000 --seed 1 --zstd -o big.log.zst --counts big.json
//
// The same flags always give the same bytes, compressed or not: gzip output
// carries no file name or modification time. --counts writes the truth
// about the log (see loggen.Counts) as JSON, with status codes and hours as
// object keys.
//
// Exit status is 0 on success, 1 if generating or writing fails and 2 for a
// bad command line.
package main

import (
	"os"

	"github.com/alecthomas/kong"
)

const (
	exitFailure = 1
	exitUsage   = 2
)

func main() {
	var c genCmd
	parser := kong.Must(&c,
		kong.Name("loggen"),
		kong.Description("Write a synthetic access log with known counts."),
	)
	if _, err := parser.Parse(os.Args[1:]); err != nil {
		parser.Errorf("%s", err)
		os.Exit(exitUsage)
	}
	c.Stdout = os.Stdout
	if err := c.Run(); err != nil {
		parser.Errorf("%s", err)
		os.Exit(exitFailure)
	}
}
