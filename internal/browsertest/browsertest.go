// Package browsertest starts a headless Chromium for tests that must see a
// page the way a user's browser does (reports and reference pages execute
// no injected script, filters and search boxes work).
//
// Tests call New; when no Chromium is installed they are skipped with a
// message saying how to get one. CI installs Debian's chromium package, so
// there they always run.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// candidates are the browser binaries tried, in order, after the
// SLAREPORT_CHROMIUM environment variable.
var candidates = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// Path returns the Chromium binary to use, or "" when there is none.
func Path() string {
	if p := os.Getenv("SLAREPORT_CHROMIUM"); p != "" {
		return p
	}
	for _, c := range candidates {
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	return ""
}

// New returns a chromedp context for a fresh headless browser with its own
// empty profile, closed when the test ends. The browser runs with no
// network services of its own (no sync, no component updates, no
// background requests), so a test page is the only thing it loads.
func New(t testing.TB) context.Context {
	t.Helper()
	bin := Path()
	if bin == "" {
		t.Skip("no Chromium found (install Debian's chromium package or set SLAREPORT_CHROMIUM); skipping the browser test")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.NoSandbox, // CI runs as root, where Chromium's sandbox refuses to start
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	// A hung browser must fail the test, not the CI job's time limit.
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	return ctx
}
