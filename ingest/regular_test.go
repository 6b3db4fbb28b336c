//go:build unix

package ingest

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestStatRegular: only regular files (and links to them) pass; a named
// pipe, a socket, a device and a directory are named, and the pipe is not
// opened (this test would hang if it were: nothing writes to it).
func TestStatRegular(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "access.log")
	os.WriteFile(file, []byte("x\n"), 0o644)
	link := filepath.Join(dir, "current.log")
	os.Symlink(file, link)
	fifo := filepath.Join(dir, "pipe.log")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "s.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for _, tc := range []struct {
		name, path, kind string
	}{
		{"regular file", file, ""},
		{"link to a regular file", link, ""},
		{"named pipe", fifo, "a named pipe (FIFO)"},
		{"socket", sock, "a socket"},
		{"character device", os.DevNull, "a character device"},
		{"directory", dir, "a directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := StatRegular(tc.path)
			if tc.kind == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), tc.kind) {
				t.Fatalf("error %v, want ErrNotRegular naming %s", err, tc.kind)
			}
		})
	}
	if _, err := StatRegular(filepath.Join(dir, "missing.log")); err == nil || errors.Is(err, ErrNotRegular) {
		t.Fatalf("a missing file: %v", err)
	}
}
