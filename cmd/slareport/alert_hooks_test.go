package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// receiver is a webhook on loopback that records what it was sent and
// answers as behave says for each attempt (from 1).
type receiver struct {
	srv      *httptest.Server
	mu       sync.Mutex
	events   []map[string]any
	attempts atomic.Int64
}

func newReceiver(t *testing.T, behave func(attempt int64, w http.ResponseWriter)) *receiver {
	r := &receiver{}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		n := r.attempts.Add(1)
		body, _ := io.ReadAll(req.Body)
		if req.Method != http.MethodPost || req.Header.Get("Content-Type") != "application/json" {
			t.Errorf("%s with Content-Type %q", req.Method, req.Header.Get("Content-Type"))
		}
		var ev map[string]any
		if err := json.Unmarshal(body, &ev); err != nil {
			t.Errorf("the body is not one JSON object: %v: %s", err, body)
		}
		behave(n, w)
		r.mu.Lock()
		r.events = append(r.events, ev)
		r.mu.Unlock()
	}))
	t.Cleanup(r.srv.Close)
	return r
}

// incidentLog is a log of 97 good requests and 3 errors stamped now:
// every burn-rate rule of a 99.9 % SLO fires, and the budget is spent.
func incidentLog(t *testing.T) string {
	log := filepath.Join(t.TempDir(), "access.log")
	appendFile(t, log, clfNow(97, 200)+clfNow(3, 503))
	return log
}

// runHooks runs a one-off report with the webhook and returns the exit
// code and stderr.
func runHooks(t *testing.T, url string, extra ...string) (int, string, time.Duration) {
	t.Helper()
	args := append([]string{"--slo", "99.9", "-o", filepath.Join(t.TempDir(), "r.json"), "--alert-webhook", url}, extra...)
	cmd := exec.Command(binary, append(args, incidentLog(t))...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	cmd.Run()
	return cmd.ProcessState.ExitCode(), stderr.String(), time.Since(start)
}

// TestWebhook posts each event of a one-off run (four rules firing, the
// budget below 50, 25 and 0 %) as one JSON object; the exit code stays
// the verdict's.
func TestWebhook(t *testing.T) {
	r := newReceiver(t, func(int64, http.ResponseWriter) {})
	code, stderr, _ := runHooks(t, r.srv.URL+"/hook")
	if code != 1 {
		t.Errorf("exit %d, want 1 (the SLO is missed); stderr: %s", code, stderr)
	}
	if strings.Contains(stderr, "webhook") {
		t.Errorf("stderr: %s", stderr)
	}
	var burn, budget int
	for _, ev := range r.events {
		if ev["firing"] != true || ev["slo"] != "availability" || ev["at"] == nil {
			t.Errorf("event %v", ev)
		}
		switch ev["kind"] {
		case "burn_rate":
			burn++
		case "budget":
			budget++
		}
	}
	if burn != 4 || budget != 3 {
		t.Errorf("%d burn-rate and %d budget events, want 4 and 3: %v", burn, budget, r.events)
	}
}

// TestWebhookSlow gives up on a receiver slower than --alert-timeout and
// delivers on the retry.
func TestWebhookSlow(t *testing.T) {
	r := newReceiver(t, func(n int64, w http.ResponseWriter) {
		if n == 1 {
			time.Sleep(3 * time.Second)
		}
	})
	code, stderr, took := runHooks(t, r.srv.URL, "--alert-timeout", "500ms")
	if code != 1 || strings.Contains(stderr, "not delivered") {
		t.Errorf("exit %d; stderr: %s", code, stderr)
	}
	if n := r.attempts.Load(); n != 8 {
		t.Errorf("%d attempts, want 8: one timed out and retried, seven first time", n)
	}
	t.Logf("7 events, the first retried after a 500ms timeout: %s", took)
}

// TestWebhookFailing reports a receiver that always fails on stderr,
// after three attempts per event, without changing the exit code.
func TestWebhookFailing(t *testing.T) {
	r := newReceiver(t, func(n int64, w http.ResponseWriter) {
		w.WriteHeader(http.StatusInternalServerError)
	})
	code, stderr, _ := runHooks(t, r.srv.URL+"/?token=secret")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if n := strings.Count(stderr, "500 Internal Server Error (after 3 attempts): not delivered"); n != 7 {
		t.Errorf("%d failures reported, want 7; stderr: %s", n, stderr)
	}
	if strings.Contains(stderr, "secret") {
		t.Errorf("the URL's token reached stderr: %s", stderr)
	}
	if n := r.attempts.Load(); n != 21 {
		t.Errorf("%d attempts, want 21", n)
	}
}

// TestWebhookNeverBlocksReading follows a log with a receiver that hangs:
// the reports keep coming every interval.
func TestWebhookNeverBlocksReading(t *testing.T) {
	hang := make(chan struct{})
	r := newReceiver(t, func(int64, http.ResponseWriter) { <-hang })
	t.Cleanup(func() { close(hang) }) // before the server's Close waits for it
	f := startFollow(t, "--follow", "--interval", "1s", "-f", "json", "--slo", "99.9", "--alert-webhook", r.srv.URL, incidentLog(t))
	start := time.Now()
	for range 4 {
		f.next()
	}
	if took := time.Since(start); took > 8*time.Second {
		t.Errorf("4 reports took %s with a hanging webhook", took)
	}
	if r.attempts.Load() == 0 {
		t.Error("the webhook was never called")
	}
}

// TestAlertFlagsRefused refuses a webhook that is not an http URL and
// --serve without --follow, before reading anything.
func TestAlertFlagsRefused(t *testing.T) {
	for _, args := range [][]string{
		{"--alert-webhook", "ftp://example.com/x"},
		{"--serve", "127.0.0.1:0"},
		{"--follow", "--state", "s.slasum"},
		{"--follow", "-"},
		{"--follow", "--interval", "100ms"},
	} {
		cmd := exec.Command(binary, append(args, incidentLog(t))...)
		out, _ := cmd.CombinedOutput()
		if code := cmd.ProcessState.ExitCode(); code != 2 {
			t.Errorf("%v: exit %d, want 2: %s", args, code, out)
		}
	}
}
