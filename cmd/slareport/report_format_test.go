package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestReportFormats runs the report command on the bundled sample with a
// fixed clock, as a terminal and as a pipe would see it.
func TestReportFormats(t *testing.T) {
	sample := filepath.Join("..", "..", "testdata", "access.log.gz")
	clock := func() time.Time { return time.Date(2026, 11, 4, 8, 30, 0, 0, time.UTC) }
	cases := []struct {
		name     string
		args     []string
		tty      bool
		env      map[string]string
		has, not []string
	}{
		{"a pipe gets Markdown", nil, false, nil, []string{"# SLA report", "```mermaid"}, []string{"\x1b["}},
		{"a terminal gets the summary", nil, true, nil, []string{"Availability\x1b[0m  ", "\x1b[1m"}, []string{"# SLA report"}},
		{"NO_COLOR turns colour off", nil, true, map[string]string{"NO_COLOR": "1"}, []string{"Availability  "}, []string{"\x1b["}},
		{"--format markdown on a terminal is Markdown", []string{"-f", "markdown"}, true, nil, []string{"# SLA report"}, []string{"\x1b["}},
		{"html without --stamp has no time", []string{"-f", "html"}, false, nil,
			[]string{"<!DOCTYPE html>", "Content-Security-Policy", "Made by slareport."}, []string{"Made by slareport on"}},
		{"html --stamp shows the injected clock", []string{"-f", "html", "--stamp"}, true, nil,
			[]string{"Made by slareport on 2026-11-04 08:30:00 UTC."}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			e := &env{ctx: context.Background(), stdout: &stdout, stdoutIsTTY: tc.tty, stderr: &stderr, now: clock,
				getenv: func(k string) string { return tc.env[k] }}
			if code := run(append(tc.args, sample), e); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			out := stdout.String()
			for _, h := range tc.has {
				if !strings.Contains(out, h) {
					t.Errorf("output lacks %q", h)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(out, n) {
					t.Errorf("output has %q", n)
				}
			}
		})
	}
}
