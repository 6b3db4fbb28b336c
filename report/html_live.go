package report

// The live page of a follow run: the same self-contained report, which
// reloads itself at every interval and keeps the reader's scroll
// position. A file on disk reloads with a meta refresh (no port to open);
// a page served by --serve reloads on the server's events, and its policy
// allows those (connect-src 'self') and nothing more.

import (
	_ "embed"
	"html/template"
	"strings"
	"sync"
	"time"
)

//go:embed html_live.js
var htmlLiveJS string

// HTMLLive makes an HTML report a live page.
type HTMLLive struct {
	// Refresh reloads the page after this long; 0 does not (a page
	// reloaded by events).
	Refresh time.Duration
	// Events is the path of a server-sent event stream whose "report"
	// events reload the page; "" for a file.
	Events string
}

// htmlLiveView is what the template writes of a live page.
type htmlLiveView struct {
	Refresh int    // seconds; 0: no meta refresh
	Events  string // the event stream's path
	Script  template.JS
}

// htmlLiveScript is the script, normalised as the other inline blocks.
var htmlLiveScript = sync.OnceValue(func() template.JS {
	return template.JS(strings.ReplaceAll(htmlLiveJS, "\r\n", "\n"))
})

// view returns the live parts of the page and the policy admitting its
// script, and its event stream when it has one.
func (l *HTMLLive) view() (*htmlLiveView, string) {
	v := &htmlLiveView{Events: l.Events, Script: htmlLiveScript()}
	if l.Events == "" && l.Refresh > 0 {
		v.Refresh = max(1, int((l.Refresh+time.Second-1)/time.Second))
	}
	csp := htmlAssets().CSP
	csp = strings.Replace(csp, "script-src ", "script-src "+cspHash(string(v.Script))+" ", 1)
	if l.Events != "" {
		csp = strings.Replace(csp, "connect-src 'none'", "connect-src 'self'", 1)
	}
	return v, csp
}

// LiveCSP is the Content-Security-Policy of a live page served with
// events, for the server to send as a header too.
func LiveCSP() string {
	_, csp := (&HTMLLive{Events: "/events"}).view()
	return csp
}
