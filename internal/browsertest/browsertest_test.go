package browsertest

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestNew loads a page that computes a value with script and reads it back,
// proving the browser starts, runs JavaScript and talks to the test.
func TestNew(t *testing.T) {
	ctx := New(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<!doctype html><p id="out"></p><script>document.getElementById("out").textContent = 6*7</script>`))
	}))
	defer srv.Close()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL)); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Text("#out"))
	if err != nil {
		t.Fatal(err)
	}
	if got != "42" {
		t.Errorf("script result %q, want 42", got)
	}
}
