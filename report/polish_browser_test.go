package report

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/internal/browsertest"
)

// realLog is a real access log of the shared test data, or a skip when
// the data is not there.
func realLog(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join("..", "..", "shared", "data", "real", name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("real log %s not found (%v); skipping", name, err)
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// countLines counts a file's lines by its newlines, apart from the code
// under test.
func countLines(t testing.TB, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Count(b, []byte("\n"))
}

// evalPage shows page in a new tab at width CSS pixels and returns what js
// (an expression, awaited when it is a promise) gives once the charts
// have painted.
func evalPage[T any](t *testing.T, ctx context.Context, page []byte, width int64, js string) T {
	t.Helper()
	url, _ := serve(t, page)
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	if err := chromedp.Do(tab, chromedp.EmulateViewport(width, 900), chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	wrapped := `new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(` + js + `))))`
	v, err := chromedp.Run(tab, chromedp.Evaluate[T](wrapped, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// lineBreaksJS finds where the text of the element matched by a selector
// wraps: for each character after which the next one starts a new line,
// the character and its position. It also reports how much wider than
// the viewport the page is.
const lineBreaksJS = `((sel) => {
  const el = document.querySelector(sel);
  if (!el) return {Found: false};
  const chars = [];
  const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    for (let i = 0; i < n.data.length; i++) {
      const r = document.createRange();
      r.setStart(n, i); r.setEnd(n, i + 1);
      const rect = r.getClientRects()[0];
      if (rect) chars.push({c: n.data[i], top: rect.top});
    }
  }
  const after = [];
  for (let i = 1; i < chars.length; i++) {
    if (chars[i].top > chars[i - 1].top + 2) after.push(chars[i - 1].c + "@" + (i - 1));
  }
  return {Found: true, Text: el.textContent, Breaks: after,
    Overflow: document.documentElement.scrollWidth - window.innerWidth};
})`

type lineBreaks struct {
	Found    bool
	Text     string
	Breaks   []string // "c@i": the character at index i ends a line
	Overflow int
}

// TestSourcePathBreaksAtSlash: on a phone, a long source path in the
// Sources table wraps only after a '/', never inside a name, and the page
// stays within the screen. The path holds a real log (linked into deep
// directories); its line count is counted apart.
func TestSourcePathBreaksAtSlash(t *testing.T) {
	log := realLog(t, "elastic-apache_logs.log")
	dir := filepath.Join(t.TempDir(), "var", "log", "nginx", "production-cluster", "eu-west-1", "frontend")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "access-2015-05-17-frontend.log")
	if err := os.Symlink(log, path); err != nil {
		t.Fatal(err)
	}
	s, err := aggregate.Run(context.Background(), []string{path}, aggregate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := countLines(t, log); s.Lines.Read != int64(want) {
		t.Fatalf("%d lines read, want %d", s.Lines.Read, want)
	}
	page := renderHTML(t, s, HTMLOptions{})
	ctx := browsertest.New(t)
	for _, width := range []int64{375, 1200} {
		got := evalPage[lineBreaks](t, ctx, page, width, lineBreaksJS+`("#sources td code")`)
		if !got.Found || got.Text != path {
			t.Fatalf("width %d: the Sources table shows %q, want %q", width, got.Text, path)
		}
		for _, b := range got.Breaks {
			if b[0] != '/' {
				t.Errorf("width %d: the path breaks after %q, not after a '/'", width, b)
			}
		}
		if width == 375 && len(got.Breaks) == 0 {
			t.Errorf("width %d: a %d-character path on one line", width, len(path))
		}
		if got.Overflow > 0 {
			t.Errorf("width %d: the page is %d px wider than the screen", width, got.Overflow)
		}
		t.Logf("width %d: %d line breaks in the path, all after '/': %q", width, len(got.Breaks), got.Breaks)
	}
	if !strings.Contains(string(page), "<wbr>") {
		t.Error("no <wbr> in the page")
	}
}
