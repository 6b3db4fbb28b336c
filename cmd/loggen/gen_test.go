package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/alecthomas/kong"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"github.com/slareport/slareport/internal/loggen"
)

// parse parses args as main does, without exiting.
func parse(t *testing.T, args ...string) (*genCmd, error) {
	t.Helper()
	var c genCmd
	parser, err := kong.New(&c, kong.Name("loggen"), kong.Exit(func(int) { t.Fatal("kong tried to exit") }))
	if err != nil {
		t.Fatal(err)
	}
	_, err = parser.Parse(args)
	return &c, err
}

// run parses args and runs the command, returning what it wrote to stdout.
func run(t *testing.T, args ...string) []byte {
	t.Helper()
	c, err := parse(t, args...)
	if err != nil {
		t.Fatalf("parse %q: %v", args, err)
	}
	var stdout bytes.Buffer
	c.Stdout = &stdout
	if err := c.Run(); err != nil {
		t.Fatalf("run %q: %v", args, err)
	}
	return stdout.Bytes()
}

func generate(t *testing.T, cfg loggen.Config) ([]byte, loggen.Counts) {
	t.Helper()
	var buf bytes.Buffer
	c, err := loggen.Generate(&buf, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), c
}

func TestFlagsToConfig(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want loggen.Config
	}{
		{
			// The recipe of testdata/access.log.gz in internal/loggen's
			// documentation: its test regenerates the sample from this
			// Config, so the two must agree.
			name: "sample recipe",
			args: []string{"-n", "3000", "--seed", "7", "--malformed", "0.001", "--gzip", "-o", "access.log.gz"},
			want: loggen.Config{Lines: 3000, Seed: 7, Malformed: 0.001},
		},
		{
			name: "everything",
			args: []string{"--lines", "2000", "--seed", "3", "--span", "90m", "--start", "2026-01-01T00:00:00-04:00",
				"--common", "--crlf", "--no-final-newline", "--no-outage"},
			want: loggen.Config{
				Lines: 2000, Seed: 3, Span: 90 * time.Minute,
				Start: time.Date(2026, 1, 1, 4, 0, 0, 0, time.UTC), Zone: time.FixedZone("", -4*3600),
				Common: true, CRLF: true, NoFinalNewline: true, Outages: []loggen.Outage{},
			},
		},
		{
			name: "UTC start keeps the default zone",
			args: []string{"-n", "1", "--start", "2026-01-01T00:00:00Z"},
			want: loggen.Config{Lines: 1, Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parse(t, tt.args...)
			if err != nil {
				t.Fatal(err)
			}
			// Compare what the Configs generate: Start's location and the
			// Zone pointer differ harmlessly, the bytes must not.
			got, _ := generate(t, c.config())
			want, _ := generate(t, tt.want)
			if !bytes.Equal(got, want) {
				t.Errorf("flags %q generate:\n%.300s\nwant:\n%.300s", tt.args, got, want)
			}
			if cfg := c.config(); cfg.Lines != tt.want.Lines || (cfg.Outages == nil) != (tt.want.Outages == nil) {
				t.Errorf("config() = %+v, want %+v", cfg, tt.want)
			}
		})
	}
}

func TestOutputFormats(t *testing.T) {
	plain, _ := generate(t, loggen.Config{Lines: 2000, Seed: 5})
	tests := []struct {
		name       string
		args       []string
		decompress func(t *testing.T, b []byte) []byte
	}{
		{"plain", nil, func(_ *testing.T, b []byte) []byte { return b }},
		{"gzip", []string{"--gzip"}, gunzip},
		{"zstd", []string{"--zstd"}, unzstd},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"-n", "2000", "--seed", "5"}, tt.args...)
			out1 := run(t, args...)
			if got := tt.decompress(t, out1); !bytes.Equal(got, plain) {
				t.Errorf("output decompresses to %d bytes that differ from the plain log (%d bytes)", len(got), len(plain))
			}
			if out2 := run(t, args...); !bytes.Equal(out1, out2) {
				t.Error("two runs with the same flags wrote different bytes")
			}
		})
	}
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if zr.Name != "" || !zr.ModTime.IsZero() {
		t.Errorf("gzip header has name %q, mtime %v; want neither", zr.Name, zr.ModTime)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func unzstd(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := zstd.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestFilesAndCounts(t *testing.T) {
	dir := t.TempDir()
	logPath, countsPath := filepath.Join(dir, "x.log"), filepath.Join(dir, "x.json")
	if out := run(t, "-n", "500", "--seed", "9", "--malformed", "0.01", "-o", logPath, "--counts", countsPath); len(out) > 0 {
		t.Errorf("wrote %d bytes to stdout with -o", len(out))
	}
	want, wantCounts := generate(t, loggen.Config{Lines: 500, Seed: 9, Malformed: 0.01})
	got, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("log file differs from Generate's output")
	}

	js, err := os.ReadFile(countsPath)
	if err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Lines     int64            `json:"lines"`
		Malformed int64            `json:"malformed"`
		Codes     map[string]int64 `json:"codes"`
		Hourly    map[string][5]int64
	}
	if err := json.Unmarshal(js, &raw); err != nil {
		t.Fatal(err)
	}
	if raw.Lines != 500 || raw.Malformed != 5 || raw.Codes["200"] != wantCounts.Codes[200] || raw.Codes["200"] == 0 {
		t.Errorf("counts JSON: lines %d, malformed %d, codes %v; want 500, 5, %v", raw.Lines, raw.Malformed, raw.Codes, wantCounts.Codes)
	}
	if _, ok := raw.Hourly["2026-11-02T00:00:00Z"]; !ok {
		t.Errorf("hourly keys are not RFC 3339 UTC hours: %v", raw.Hourly)
	}
	// The JSON is the whole truth: it reads back into an equal Counts.
	var back loggen.Counts
	if err := json.Unmarshal(js, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, wantCounts) {
		t.Errorf("counts JSON reads back as\n%+v\nwant\n%+v", back, wantCounts)
	}
}

func TestBadCommandLine(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"no lines", []string{"--seed", "1"}},
		{"two compressors", []string{"-n", "1", "--gzip", "--zstd"}},
		{"bad start", []string{"-n", "1", "--start", "yesterday"}},
		{"bad span", []string{"-n", "1", "--span", "2 days"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := parse(t, tt.args...); err == nil {
				t.Errorf("parse %q succeeded", tt.args)
			}
		})
	}
}

func TestFailedRunRemovesFile(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "x.log.gz")
	c, err := parse(t, "-n", "10", "--malformed", "2", "--gzip", "-o", logPath)
	if err != nil {
		t.Fatal(err)
	}
	err = c.Run()
	if !errors.Is(err, loggen.ErrConfig) {
		t.Errorf("err = %v, want loggen.ErrConfig", err)
	}
	if _, statErr := os.Stat(logPath); !errors.Is(statErr, os.ErrNotExist) {
		t.Errorf("failed run left %s behind (stat: %v)", filepath.Base(logPath), statErr)
	}
	if err != nil && !strings.Contains(err.Error(), "Malformed") {
		t.Errorf("error %q does not name the bad setting", err)
	}
}
