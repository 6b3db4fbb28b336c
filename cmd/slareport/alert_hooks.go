package main

// Alert hooks: each alert event (a burn-rate rule starting or stopping to
// fire, a budget crossing 50, 25 or 0 % left) goes, as one JSON object, to
// a command's standard input and to a webhook. Deliveries run on their own
// goroutine, in order: a slow or dead receiver delays the next event,
// never the reading of the logs. Failures are told on stderr.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/report"
)

// alertFlags name where alert events go.
type alertFlags struct {
	AlertExec    string        `group:"Alerts" placeholder:"CMD" help:"Run CMD (with sh -c) for each alert event: a burn-rate rule of --slo or of an SLO file starting or stopping to fire, or a budget falling below (or back above) 50, 25 or 0 % left. The event is one JSON object on its standard input; its output goes to stderr. A one-off run sends what fires at its end (for cron); --follow, each change."`
	AlertWebhook string        `group:"Alerts" placeholder:"URL" help:"POST each alert event, as JSON, to URL (http or https); retried three times with back-off, failures reported on stderr."`
	AlertTimeout time.Duration `group:"Alerts" default:"10s" placeholder:"DURATION" help:"How long one delivery of an alert event (the command, or one POST) may take (default 10s)."`
}

// hookAttempts and hookBackoff are the tries of a webhook delivery and the
// wait before the second (doubled before each next one).
const (
	hookAttempts = 3
	hookBackoff  = time.Second
	hookQueue    = 256
)

// hooks deliver alert events. A nil *hooks delivers nothing.
type hooks struct {
	e       *env
	f       *alertFlags
	client  *http.Client
	queue   chan []byte
	wg      sync.WaitGroup
	ctx     context.Context // ends deliveries still under way at close
	cancel  context.CancelFunc
	dropped int
}

// check refuses hook flags that cannot work, before anything is read.
func (f *alertFlags) check() error {
	if f.AlertTimeout <= 0 {
		return usageError(fmt.Errorf("--alert-timeout %s: must be above 0", f.AlertTimeout))
	}
	if f.AlertWebhook != "" {
		u, err := url.Parse(f.AlertWebhook)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return usageError(fmt.Errorf("--alert-webhook %q: want an http or https URL", redact(f.AlertWebhook)))
		}
	}
	return nil
}

// start checks the hook flags and starts the delivering goroutine; nil
// when no hook is set.
func (f *alertFlags) start(e *env) (*hooks, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	if f.AlertExec == "" && f.AlertWebhook == "" {
		return nil, nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	h := &hooks{e: e, f: f, client: &http.Client{Timeout: f.AlertTimeout}, queue: make(chan []byte, hookQueue), ctx: ctx, cancel: cancel}
	h.wg.Go(h.deliverAll)
	return h, nil
}

// send queues the events; it never waits. A queue full of undelivered
// events drops the new ones, and says so.
func (h *hooks) send(evs []aggregate.AlertEvent) {
	if h == nil {
		return
	}
	for _, ev := range evs {
		b, err := report.AlertEventJSON(ev)
		if err != nil {
			fmt.Fprintf(h.e.stderr, "slareport: alert event: %v\n", err)
			continue
		}
		select {
		case h.queue <- b:
		default:
			h.dropped++
			fmt.Fprintf(h.e.stderr, "slareport: alert hooks: %d events waiting: dropped %s\n", hookQueue, b)
		}
	}
}

// close lets the queued events be delivered for at most limit, then
// ends the deliveries still under way.
func (h *hooks) close(limit time.Duration) {
	if h == nil {
		return
	}
	close(h.queue)
	done := make(chan struct{})
	go func() { h.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(limit):
		h.cancel()
		<-done
	}
	h.cancel()
}

// deliveryTime is the longest the delivery of n events may take: each
// try of each hook, with the waits between tries.
func (f *alertFlags) deliveryTime(n int) time.Duration {
	return time.Duration(n) * 2 * (f.AlertTimeout*hookAttempts + 3*hookBackoff)
}

func (h *hooks) deliverAll() {
	for b := range h.queue {
		if h.f.AlertExec != "" {
			if err := h.run(b); err != nil {
				fmt.Fprintf(h.e.stderr, "slareport: --alert-exec: %v\n", err)
			}
		}
		if h.f.AlertWebhook != "" {
			if err := h.post(b); err != nil {
				fmt.Fprintf(h.e.stderr, "slareport: --alert-webhook: %v\n", err)
			}
		}
	}
}

// run runs the command with the event on its standard input.
func (h *hooks) run(event []byte) error {
	ctx, cancel := context.WithTimeout(h.ctx, h.f.AlertTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", "-c", h.f.AlertExec)
	cmd.Stdin = bytes.NewReader(append(event, '\n'))
	// The command's output must not mix with a report on standard output.
	cmd.Stdout, cmd.Stderr = h.e.stderr, h.e.stderr
	cmd.WaitDelay = time.Second
	err := cmd.Run()
	if ctx.Err() == context.DeadlineExceeded {
		return fmt.Errorf("%q: no end after %s: stopped", h.f.AlertExec, h.f.AlertTimeout)
	}
	if err != nil {
		return fmt.Errorf("%q: %w", h.f.AlertExec, err)
	}
	return nil
}

// post sends the event to the webhook, trying again after a failure.
func (h *hooks) post(event []byte) error {
	wait := hookBackoff
	var err error
	for attempt := 1; attempt <= hookAttempts; attempt++ {
		if err = h.postOnce(event); err == nil {
			return nil
		}
		if attempt == hookAttempts {
			break
		}
		select {
		case <-time.After(wait):
		case <-h.ctx.Done():
			return fmt.Errorf("%w; not delivered", err)
		}
		wait *= 2
	}
	return fmt.Errorf("%w (after %d attempts): not delivered", err, hookAttempts)
}

func (h *hooks) postOnce(event []byte) error {
	req, err := http.NewRequestWithContext(h.ctx, http.MethodPost, h.f.AlertWebhook, bytes.NewReader(event))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "slareport/"+version)
	resp, err := h.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("POST %s: %v", redact(h.f.AlertWebhook), err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("POST %s: %s", redact(h.f.AlertWebhook), strings.TrimSpace(resp.Status))
	}
	return nil
}

// redact drops a URL's user information and query, which often hold a
// token, from messages.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "the webhook"
	}
	u.User, u.RawQuery = nil, ""
	return u.String()
}

// fireOnce sends the events of a one-off run, judged at its end from
// nothing firing and full budgets, and waits for their delivery.
func (f *alertFlags) fireOnce(e *env, sum *aggregate.Summary, ropt report.Options) error {
	h, err := f.start(e)
	if err != nil || h == nil {
		return err
	}
	var w aggregate.AlertWatch
	evs := w.Update(judgedSLOs(sum, ropt), e.clock())
	h.send(evs)
	h.close(f.deliveryTime(len(evs)))
	return nil
}
