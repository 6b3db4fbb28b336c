package ingest

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// follow polls fw and returns what it read, line by line, as
// "name:line:text".
func follow(t *testing.T, fw *Follower) []string {
	t.Helper()
	var got []string
	err := fw.Poll(func(c Chunk) error {
		n := c.FirstLine
		for _, l := range strings.SplitAfter(string(c.Data), "\n") {
			if l == "" {
				continue
			}
			got = append(got, fmt.Sprintf("%s:%d:%s", filepath.Base(c.Name), n, strings.TrimSuffix(l, "\n")))
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func appendTo(t *testing.T, path, s string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

func wantLines(t *testing.T, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("read %q, want %q", got, want)
	}
}

// TestFollowGrowth reads whole lines only: a line being written waits
// for its '\n', and line numbers go on across polls.
func TestFollowGrowth(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "access.log")
	appendTo(t, log, "a\nb\npart")
	fw, err := NewFollower([]string{log})
	if err != nil {
		t.Fatal(err)
	}
	defer fw.Close()
	wantLines(t, follow(t, fw), "access.log:1:a", "access.log:2:b")
	wantLines(t, follow(t, fw))
	appendTo(t, log, "ial\nc\n")
	wantLines(t, follow(t, fw), "access.log:3:partial", "access.log:4:c")
}

// TestFollowRename follows rename rotation: the old file is read to its
// end (lines its writer added after the rename included), the new one at
// the path from its start, nothing twice.
func TestFollowRename(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "access.log")
	appendTo(t, log, "1\n2\n")
	fw, _ := NewFollower([]string{log})
	defer fw.Close()
	wantLines(t, follow(t, fw), "access.log:1:1", "access.log:2:2")
	appendTo(t, log, "3\n")
	if err := os.Rename(log, log+".1"); err != nil {
		t.Fatal(err)
	}
	appendTo(t, log+".1", "4\n") // the writer has not reopened yet
	appendTo(t, log, "x\n")
	wantLines(t, follow(t, fw), "access.log:1:x", "access.log:3:3", "access.log:4:4")
	appendTo(t, log+".1", "last, without a newline")
	wantLines(t, follow(t, fw))
	wantLines(t, follow(t, fw), "access.log:5:last, without a newline")
	if len(fw.active) != 1 {
		t.Errorf("%d files open after the rotated one went idle, want 1", len(fw.active))
	}
}

// TestFollowCopyTruncate follows copytruncate: the file starts again from
// its first byte; with a glob, the copy continues where the read stopped,
// so the lines written before the copy are neither lost nor doubled.
func TestFollowCopyTruncate(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "access.log")
	long := strings.Repeat("x", 100)
	var first bytes.Buffer
	for i := range 50 { // more than HeadBytes: a copy can be recognised
		fmt.Fprintf(&first, "%02d %s\n", i, long)
	}
	appendTo(t, log, first.String())
	fw, _ := NewFollower([]string{filepath.Join(dir, "access.log*")})
	defer fw.Close()
	if got := follow(t, fw); len(got) != 50 {
		t.Fatalf("first poll read %d lines, want 50", len(got))
	}
	appendTo(t, log, "50 before the copy\n")
	b, _ := os.ReadFile(log)
	os.WriteFile(log+".1", b, 0o644)
	os.Truncate(log, 0)
	appendTo(t, log, "new 1\n")
	wantLines(t, follow(t, fw), "access.log:1:new 1", "access.log:51:50 before the copy")
	// A compressed copy of the same content later: nothing new.
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(b)
	zw.Close()
	os.WriteFile(log+".2.gz", gz.Bytes(), 0o644)
	wantLines(t, follow(t, fw))
}

// TestFollowTruncatedAndRegrown notices a truncation the file grew past
// before the next poll: its first bytes changed.
func TestFollowTruncatedAndRegrown(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "access.log")
	appendTo(t, log, "old 1\n")
	fw, _ := NewFollower([]string{log})
	defer fw.Close()
	wantLines(t, follow(t, fw), "access.log:1:old 1")
	os.WriteFile(log, []byte("new 1\nnew 2\n"), 0o644)
	wantLines(t, follow(t, fw), "access.log:1:new 1", "access.log:2:new 2")
	if len(fw.Changes) != 1 || fw.Changes[0].What != "truncated" {
		t.Errorf("changes %v, want one truncation", fw.Changes)
	}
}

// TestFollowGlobJoins reads a file that joins a pattern from its start,
// and a compressed one whole.
func TestFollowGlobJoins(t *testing.T) {
	dir := t.TempDir()
	appendTo(t, filepath.Join(dir, "a.log"), "a1\n")
	fw, _ := NewFollower([]string{filepath.Join(dir, "*.log*")})
	defer fw.Close()
	wantLines(t, follow(t, fw), "a.log:1:a1")
	appendTo(t, filepath.Join(dir, "b.log"), "b1\nb2\n")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("c1\nc2"))
	zw.Close()
	os.WriteFile(filepath.Join(dir, "c.log.gz"), gz.Bytes(), 0o644)
	wantLines(t, follow(t, fw), "b.log:1:b1", "b.log:2:b2", "c.log.gz:1:c1", "c.log.gz:2:c2")
	wantLines(t, follow(t, fw))
}

// TestFollowRefuses refuses standard input and a named pipe before
// opening anything.
func TestFollowRefuses(t *testing.T) {
	if _, err := NewFollower([]string{"-"}); err == nil {
		t.Error("following standard input was accepted")
	}
	if _, err := NewFollower([]string{filepath.Join(t.TempDir(), "missing.log")}); err == nil {
		t.Error("following a missing file was accepted")
	}
}

// TestFollowWatchSleeps reports no change while nothing happens, and a
// change once a file grows.
func TestFollowWatchSleeps(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "access.log")
	appendTo(t, log, "1\n")
	fw, _ := NewFollower([]string{log})
	defer fw.Close()
	if err := fw.Watch(); err != nil {
		t.Skipf("no inotify here: %v", err)
	}
	fw.Changed()
	follow(t, fw)
	if fw.Changed() {
		t.Fatal("a change reported with nothing written")
	}
	appendTo(t, log, "2\n")
	for range 200 {
		if fw.Changed() {
			return
		}
		sleep()
	}
	t.Fatal("no change reported after a write")
}

func sleep() { time.Sleep(10 * time.Millisecond) }
