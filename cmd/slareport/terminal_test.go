package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestIsTerminalDevNull: /dev/null is a character device but no terminal.
// Cron jobs send stderr there, and taking it for a terminal drew the
// progress bar into it, at a cost, on every run.
func TestIsTerminalDevNull(t *testing.T) {
	f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no %s here: %v", os.DevNull, err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Errorf("isTerminal(%s) = true", os.DevNull)
	}
	file, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	if isTerminal(file) {
		t.Error("isTerminal(regular file) = true")
	}
}
