package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/slareport/slareport/reference"
)

// TestCodesExampleAndLogged reads the example and logged fields back from
// each output, against values written by hand from RFC 9110 §15.5.6 (405
// sends Allow), RFC 9457 and Cloudflare's description of 524.
func TestCodesExampleAndLogged(t *testing.T) {
	var b bytes.Buffer
	ms := append(reference.Meanings(405), reference.Meanings(524)...)
	if err := CodesJSON(&b, ms, CodesOptions{}); err != nil {
		t.Fatal(err)
	}
	var got []struct {
		Code    int
		Vendor  string
		Example *struct {
			Response string
			Problem  *struct {
				Type, Title, Detail, Instance string
				Status                        int
			}
		}
		Logged struct {
			Hop          string
			Counterparts []struct {
				Code           int
				Phrase, Vendor string
			}
		}
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("%d elements", len(got))
	}
	m405, m524 := got[0], got[1]
	if m405.Example == nil || !strings.HasPrefix(m405.Example.Response, "HTTP/1.1 405 Method Not Allowed\nAllow: GET, HEAD\n") {
		t.Errorf("405 example %+v", m405.Example)
	} else if p := m405.Example.Problem; p == nil || p.Status != 405 || p.Type != "about:blank" || p.Title != "Method Not Allowed" {
		t.Errorf("405 problem %+v", p)
	}
	if m405.Logged.Hop != "any" || m405.Logged.Counterparts == nil {
		t.Errorf("405 logged %+v", m405.Logged)
	}
	if m524.Example != nil {
		t.Errorf("Cloudflare's 524 has an example: %+v", m524.Example)
	}
	c := m524.Logged.Counterparts
	if m524.Logged.Hop != "edge" || len(c) != 1 || c[0].Code != 499 || c[0].Phrase != "Client Closed Request" || c[0].Vendor != "nginx" {
		t.Errorf("524 logged %+v, want edge with nginx's 499", m524.Logged)
	}

	b.Reset()
	if err := CodesMarkdown(&b, reference.Meanings(401), CodesOptions{Detail: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "```http\nHTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer realm=\"api\"") {
		t.Errorf("Markdown 401 lacks its example:\n%s", b.String())
	}
	b.Reset()
	if err := CodesText(&b, reference.Meanings(524), CodesOptions{Detail: true}); err != nil {
		t.Fatal(err)
	}
	if flat := strings.Join(strings.Fields(b.String()), " "); !strings.Contains(b.String(), "Logged:     at the edge") || !strings.Contains(flat, "See 499 Client Closed Request (nginx).") {
		t.Errorf("text 524 lacks where it is logged:\n%s", b.String())
	}

	// On the page the response is text in a <pre>: its angle brackets
	// escaped, not markup.
	page := string(codesPage(t))
	for _, s := range []string{
		"<pre><code>HTTP/1.1 405 Method Not Allowed\nAllow: GET, HEAD\n",
		"Link: &lt;https://spqr.example.org/legislatione&gt;; rel=&#34;blocked-by&#34;",
		"<dt>Logged</dt><dd>at the edge (a CDN or load balancer). The origin got the request",
	} {
		if !strings.Contains(page, s) {
			t.Errorf("the page lacks %q", s)
		}
	}
}
