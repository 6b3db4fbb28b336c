package aggregate

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"
)

// settle waits for the goroutine count to fall back to base; goroutines
// that are exiting need a moment to be gone.
func settle(t *testing.T, base int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > base {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines left, %d before:\n%s", runtime.NumGoroutine(), base, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestNoGoroutinesLeftAfterAnError fails a run mid-stream (a truncated
// gzip after a good file) and checks every worker and reader is gone.
func TestNoGoroutinesLeftAfterAnError(t *testing.T) {
	dir := t.TempDir()
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write([]byte(strings.Repeat(ok200, 100000)))
	zw.Close()
	cut := filepath.Join(dir, "cut.gz")
	good := filepath.Join(dir, "good.log")
	os.WriteFile(cut, z.Bytes()[:z.Len()*2/3], 0o644)
	os.WriteFile(good, []byte(strings.Repeat(ok200, 100000)), 0o644)
	base := runtime.NumGoroutine()
	for _, readers := range []int{1, 2} {
		if _, err := Run(context.Background(), []string{good, cut, good}, Options{Workers: 4, Readers: readers, BlockSize: 64 << 10}); err == nil {
			t.Fatal("truncated gzip read without error")
		}
		settle(t, base)
	}
}

// TestCancelWhileReadingAPipe cancels a run whose reader waits on a pipe:
// Run returns at once, and its goroutines are gone once the pipe closes.
func TestCancelWhileReadingAPipe(t *testing.T) {
	base := runtime.NumGoroutine()
	pr, pw := io.Pipe()
	go pw.Write([]byte(strings.Repeat(ok200, 1000)))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := Run(ctx, []string{"-"}, Options{Workers: 2, Stdin: pr})
		done <- err
	}()
	time.Sleep(50 * time.Millisecond) // let the reader block on the pipe
	cancel()
	select {
	case err := <-done:
		if err != context.Canceled {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after its context was cancelled")
	}
	pw.Close()
	settle(t, base)
}
