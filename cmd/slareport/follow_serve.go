package main

// --serve: the live HTML page over HTTP, with server-sent events telling
// open pages to reload when a new report is made. The page is the one -o
// would write, under the same Content-Security-Policy (sent as a header
// too), which admits its event stream and nothing else. Only GET and
// HEAD of / and /events are answered.

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/report"
)

// serveSink serves the latest report beside another sink.
type serveSink struct {
	sink
	c    *reportCmd
	e    *env
	srv  *http.Server
	mu   sync.Mutex
	page []byte
	n    int               // reports made
	subs map[chan int]bool // open event streams
	// ready is closed once there is a page.
	ready chan struct{}
}

// startServer listens on addr (a bare :PORT on loopback only) and serves
// the reports next sends shows.
func startServer(e *env, addr string, next sink) (*serveSink, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, usageError(fmt.Errorf("--serve %q: want HOST:PORT, such as 127.0.0.1:8080", addr))
	}
	if host == "" {
		host = "127.0.0.1"
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(host, port))
	if err != nil {
		return nil, outputError(fmt.Errorf("--serve: %w", err))
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		fmt.Fprintf(e.stderr, "slareport: warning: --serve %s is not a loopback address: whoever reaches it reads the report\n", host)
	}
	s := &serveSink{sink: next, e: e, subs: map[chan int]bool{}, ready: make(chan struct{})}
	mux := http.NewServeMux()
	mux.HandleFunc("/", s.servePage)
	mux.HandleFunc("/events", s.serveEvents)
	s.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go s.srv.Serve(ln)
	fmt.Fprintf(e.stderr, "slareport: serving the report at http://%s/\n", ln.Addr())
	return s, nil
}

func (s *serveSink) show(sum *aggregate.Summary, ropt report.Options, live *aggregate.Live, at time.Time) error {
	if err := s.sink.show(sum, ropt, live, at); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := s.c.liveRenderer(s.e, "/events")(&buf, sum, ropt); err != nil {
		return outputError(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.page, s.n = buf.Bytes(), s.n+1
	if s.n == 1 {
		close(s.ready)
	}
	for ch := range s.subs {
		select {
		case ch <- s.n:
		default: // a slow reader catches up with the next report
		}
	}
	return nil
}

// stopErr is the inner sink's.
func (s *serveSink) stopErr() error {
	if se, ok := s.sink.(interface{ stopErr() error }); ok {
		return se.stopErr()
	}
	return nil
}

func (s *serveSink) close() {
	s.srv.Close()
	s.sink.close()
}

// headers are those of every answer: no caching, no sniffing, the page's
// policy.
func headers(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", report.LiveCSP())
	h.Set("Referrer-Policy", "no-referrer")
}

func (s *serveSink) servePage(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	// Before the first report, the page is on its way.
	select {
	case <-s.ready:
	case <-r.Context().Done():
		return
	}
	s.mu.Lock()
	page := s.page
	s.mu.Unlock()
	headers(w)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(page)))
	w.Write(page)
}

// serveEvents streams a "report" event for each report made from now on.
func (s *serveSink) serveEvents(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch := make(chan int, 1)
	s.mu.Lock()
	s.subs[ch] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.subs, ch)
		s.mu.Unlock()
	}()
	headers(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	fl.Flush()
	for {
		select {
		case n := <-ch:
			fmt.Fprintf(w, "event: report\ndata: %d\n\n", n)
			fl.Flush()
		case <-r.Context().Done():
			return
		}
	}
}
