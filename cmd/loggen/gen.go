package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"github.com/slareport/slareport/internal/loggen"
)

// genCmd is loggen's only command. Its flags map one to one onto
// loggen.Config, whose zero values are the defaults, so no default is
// repeated here.
type genCmd struct {
	Lines          int           `short:"n" required:"" help:"Lines to write, malformed ones included."`
	Seed           uint64        `placeholder:"N" help:"PRNG seed; the same flags always give the same bytes."`
	Span           time.Duration `help:"Time the log covers (default 48h)."`
	Start          time.Time     `help:"Time of the first line, RFC 3339 (default 2026-11-02T00:00:00Z). Its offset is the zone written in the log." placeholder:"RFC3339"`
	Malformed      float64       `help:"Fraction of lines that are deliberately malformed, 0 to 1." placeholder:"FRACTION"`
	Common         bool          `help:"Write Apache common log format (no referer, no user agent) instead of combined."`
	CRLF           bool          `name:"crlf" help:"End lines with CRLF."`
	NoFinalNewline bool          `help:"Omit the newline after the last line."`
	NoOutage       bool          `help:"Leave out the default outage (40 minutes at 60% of the span with 35% 5xx)."`
	Gzip           bool          `xor:"compress" help:"Compress with gzip."`
	Zstd           bool          `xor:"compress" help:"Compress with zstd."`
	Output         string        `short:"o" type:"path" placeholder:"FILE" help:"Write the log to FILE instead of stdout."`
	Counts         string        `type:"path" placeholder:"FILE.json" help:"Write the log's true counts to FILE.json."`

	// Stdout receives the log when there is no --output.
	Stdout io.Writer `kong:"-"`
}

// config returns the loggen.Config the flags describe.
func (c *genCmd) config() loggen.Config {
	cfg := loggen.Config{
		Lines:          c.Lines,
		Seed:           c.Seed,
		Span:           c.Span,
		Start:          c.Start,
		Malformed:      c.Malformed,
		Common:         c.Common,
		CRLF:           c.CRLF,
		NoFinalNewline: c.NoFinalNewline,
	}
	if !c.Start.IsZero() {
		// A fixed zone, not the parsed location: time.Parse may hand back
		// the machine's local zone, whose rules would then leak into the
		// log if the span crossed a daylight saving change.
		if _, off := c.Start.Zone(); off != 0 {
			cfg.Zone = time.FixedZone("", off)
		}
	}
	if c.NoOutage {
		cfg.Outages = []loggen.Outage{}
	}
	return cfg
}

// Run writes the log, then the counts if asked. If writing a file fails
// the partial file is removed, so a failed run never leaves a log that
// looks complete.
func (c *genCmd) Run() (err error) {
	out := c.Stdout
	if c.Output != "" {
		f, cerr := os.Create(c.Output)
		if cerr != nil {
			return fmt.Errorf("create log: %w", cerr)
		}
		defer func() {
			if cerr := f.Close(); err == nil && cerr != nil {
				err = fmt.Errorf("close %s: %w", c.Output, cerr)
			}
			if err != nil {
				os.Remove(c.Output)
			}
		}()
		out = f
	}
	counts, err := c.write(out)
	if err != nil {
		return err
	}
	if c.Counts == "" {
		return nil
	}
	js, err := json.MarshalIndent(counts, "", "  ")
	if err != nil {
		return fmt.Errorf("encode counts: %w", err)
	}
	if err := os.WriteFile(c.Counts, append(js, '\n'), 0o644); err != nil {
		return fmt.Errorf("write counts: %w", err)
	}
	return nil
}

// write generates the log into out through the chosen compressor.
func (c *genCmd) write(out io.Writer) (loggen.Counts, error) {
	var zw io.WriteCloser
	switch {
	case c.Gzip:
		// A zero gzip.Header: no name, mtime 0, so the bytes depend on
		// the flags alone.
		zw = gzip.NewWriter(out)
	case c.Zstd:
		enc, err := zstd.NewWriter(out)
		if err != nil {
			return loggen.Counts{}, fmt.Errorf("zstd: %w", err)
		}
		zw = enc
	}
	if zw == nil {
		return loggen.Generate(out, c.config())
	}
	counts, err := loggen.Generate(zw, c.config())
	return counts, errors.Join(err, closeErr(zw))
}

func closeErr(zw io.Closer) error {
	if err := zw.Close(); err != nil {
		return fmt.Errorf("finish compression: %w", err)
	}
	return nil
}
