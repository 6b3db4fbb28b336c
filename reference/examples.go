package reference

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// This file holds a raw response for each common code: the status line and
// the header fields its definition asks for, and for client and server
// errors a Problem Details body (RFC 9457, which replaced RFC 7807).

// Example is a response that shows a code in use.
type Example struct {
	// Response is the response as it goes on the wire in HTTP/1.1, one
	// header field per line, lines ending in "\n" rather than CRLF so that
	// it reads (and copies) as text: the status line, the header fields,
	// and after a blank line the content, when it has one.
	Response string
	// Problem is the Problem Details object of the content, for a 4xx or
	// 5xx whose example carries one; nil otherwise.
	Problem *Problem
	// Note says what the example shows that the lines do not, such as
	// which header field the definition requires.
	Note string
}

// Problem is an RFC 9457 Problem Details object, the body of an
// application/problem+json response.
type Problem struct {
	// Type is a URI naming the problem type; "about:blank" when the status
	// code says all there is, and then Title is the code's phrase (RFC 9457
	// §4.2.1).
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail"`
	Instance string `json:"instance"`
}

// example is one entry of the table: the header fields after the status
// line, the content (text for a non-problem body) and the problem.
type example struct {
	code    int
	headers []string
	body    string
	problem *Problem
	note    string
}

// blank is a problem of type about:blank for code: its title is the
// code's phrase, as RFC 9457 §4.2.1 asks.
func blank(code int, detail, instance string) *Problem {
	return &Problem{Type: "about:blank", Title: Phrase(code), Status: code, Detail: detail, Instance: instance}
}

// examples holds the common codes, each with the RFC section that asks for
// its header fields.
var examples = []example{
	{code: 100, note: "Interim: sent after a request with Expect: 100-continue, before the final response (RFC 9110 §10.1.1, §15.2.1)."},
	{code: 101, headers: []string{"Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="},
		note: "Upgrade names the protocol switched to (RFC 9110 §15.2.2); the WebSocket handshake of RFC 6455 §1.3."},
	{code: 103, headers: []string{"Link: </style.css>; rel=preload; as=style"},
		note: "Interim: the final response follows; Link fields let the client preload (RFC 8297 §2)."},
	{code: 200, headers: []string{"Content-Type: application/json", "Cache-Control: max-age=60"}, body: `{"id": 1234, "status": "shipped"}`},
	{code: 201, headers: []string{"Location: /orders/1234", "Content-Type: application/json"}, body: `{"id": 1234, "status": "new"}`,
		note: "Location names the resource created (RFC 9110 §15.3.2)."},
	{code: 202, headers: []string{"Location: /jobs/42", "Content-Type: application/json"}, body: `{"job": 42, "state": "queued"}`,
		note: "The request is queued, not done: point the client at something it can poll (RFC 9110 §15.3.3)."},
	{code: 204, headers: []string{`ETag: "v7"`}, note: "No content, not even an empty body (RFC 9110 §15.3.5)."},
	{code: 206, headers: []string{"Content-Range: bytes 21010-47021/47022", "Content-Length: 26012", "Content-Type: image/gif"},
		note: "Content-Range says which bytes of how many (RFC 9110 §15.3.7.1)."},
	{code: 301, headers: []string{"Location: https://example.com/new-path"}, note: "Location is the new URI for good (RFC 9110 §15.4.2)."},
	{code: 302, headers: []string{"Location: https://example.com/login?next=%2Faccount"}, note: "Location is where to go this time (RFC 9110 §15.4.3)."},
	{code: 303, headers: []string{"Location: /orders/1234"}, note: "After a POST: fetch the result with GET at Location (RFC 9110 §15.4.4)."},
	{code: 304, headers: []string{`ETag: "33a64df5"`, "Cache-Control: max-age=3600"},
		note: "No content; the fields a 200 would have had for the cache, ETag first (RFC 9110 §15.4.5)."},
	{code: 307, headers: []string{"Location: https://eu.example.com/upload"}, note: "Same method and content at Location, this time (RFC 9110 §15.4.8)."},
	{code: 308, headers: []string{"Location: https://example.com/api/v2/orders"}, note: "Same method and content at Location, for good (RFC 9110 §15.4.9)."},

	{code: 400, problem: &Problem{"https://example.com/problems/malformed-json", "Request body is not valid JSON", 400, "Unexpected end of input at byte 118.", "/orders"}},
	{code: 401, headers: []string{`WWW-Authenticate: Bearer realm="api", error="invalid_token"`},
		problem: blank(401, "The access token expired.", "/orders/1234"),
		note:    "WWW-Authenticate with a challenge is required (RFC 9110 §15.5.2); Bearer errors per RFC 6750 §3."},
	{code: 403, problem: &Problem{"https://example.com/problems/not-owner", "Not the order's owner", 403, "Orders can be read by their owner only.", "/orders/1234"}},
	{code: 404, problem: blank(404, "No order 1234.", "/orders/1234")},
	{code: 405, headers: []string{"Allow: GET, HEAD"}, problem: blank(405, "DELETE is not supported on /reports.", "/reports"),
		note: "Allow, listing the methods the resource supports, is required (RFC 9110 §15.5.6)."},
	{code: 406, problem: blank(406, "Only application/json and text/csv are available.", "/reports/7")},
	{code: 407, headers: []string{`Proxy-Authenticate: Basic realm="proxy"`}, note: "Proxy-Authenticate with a challenge is required (RFC 9110 §15.5.8)."},
	{code: 408, headers: []string{"Connection: close"}, note: "The server closes the connection (RFC 9110 §15.5.9); often no content at all."},
	{code: 409, problem: &Problem{"https://example.com/problems/already-exists", "Username taken", 409, "The username alice is already registered.", "/users"}},
	{code: 410, problem: blank(410, "Order 1234 was deleted on 2025-03-01.", "/orders/1234")},
	{code: 411, problem: blank(411, "Send Content-Length with the upload.", "/uploads")},
	{code: 412, problem: blank(412, `If-Match "v6" does not match the current version "v7".`, "/orders/1234")},
	{code: 413, headers: []string{"Retry-After: 3600"}, problem: blank(413, "Uploads are limited to 10 MB.", "/uploads"),
		note: "Retry-After only when the limit is temporary (RFC 9110 §15.5.14)."},
	{code: 414, problem: blank(414, "The query string exceeds 8 KB.", "/search")},
	{code: 415, headers: []string{"Accept-Post: application/json"}, problem: blank(415, "Send the order as application/json.", "/orders"),
		note: "Accept-Post lists what POST accepts (W3C Linked Data Platform §7.1); for a content coding, Accept-Encoding (RFC 9110 §15.5.16)."},
	{code: 416, headers: []string{"Content-Range: bytes */47022"}, problem: blank(416, "The file has 47022 bytes.", "/files/report.pdf"),
		note: "Content-Range with the current length (RFC 9110 §15.5.17)."},
	{code: 421, problem: blank(421, "This server does not serve api.example.org.", "/")},
	{code: 422, problem: &Problem{"https://example.com/problems/validation", "Invalid order", 422, "quantity must be at least 1.", "/orders"}},
	{code: 425, note: "Sent to early data (TLS 1.3 0-RTT); the client retries after the handshake (RFC 8470 §5.2)."},
	{code: 426, headers: []string{"Upgrade: HTTP/3.0", "Connection: Upgrade", "Content-Type: text/plain"}, body: "This service requires use of the HTTP/3.0 protocol.",
		note: "Upgrade names the protocols to switch to (RFC 9110 §15.5.22, whose example this is)."},
	{code: 428, problem: blank(428, "Send If-Match with the version you read.", "/orders/1234")},
	{code: 429, headers: []string{"Retry-After: 60"}, problem: &Problem{"https://example.com/problems/rate-limited", "Rate limit exceeded", 429, "100 requests a minute; retry in 60 seconds.", "/search"},
		note: "Retry-After says how long to wait (RFC 6585 §4)."},
	{code: 431, problem: blank(431, "The Cookie field exceeds 8 KB.", "/")},
	{code: 451, headers: []string{`Link: <https://spqr.example.org/legislatione>; rel="blocked-by"`},
		problem: blank(451, "Unavailable in your country by court order.", "/videos/42"),
		note:    `Link rel="blocked-by" names who blocks it (RFC 7725 §3, §4).`},

	{code: 500, problem: blank(500, "An unexpected error occurred; reference 7f3a2c.", "/orders/1234")},
	{code: 501, problem: blank(501, "PATCH is not implemented.", "/orders/1234")},
	{code: 502, problem: blank(502, "The orders service answered with an invalid response.", "/orders/1234"),
		note: "Written by a gateway or proxy about its upstream; many send HTML."},
	{code: 503, headers: []string{"Retry-After: 120"}, problem: blank(503, "Down for maintenance until 14:00 UTC.", "/"),
		note: "Retry-After, when the server knows, says when to come back (RFC 9110 §15.6.4)."},
	{code: 504, problem: blank(504, "The orders service did not answer within 30 seconds.", "/orders/1234"),
		note: "Written by a gateway or proxy about its upstream."},
	{code: 505, problem: blank(505, "HTTP/1.0 is not supported; use HTTP/1.1 or later.", "/")},
	{code: 511, headers: []string{"Content-Type: text/html"},
		body: "<title>Network Authentication Required</title>\n<meta http-equiv=\"refresh\" content=\"0; url=https://login.example.net/\">",
		note: "Sent by a captive portal, not the origin, to a browser (RFC 6585 §6, whose example this is)."},
}

// ExampleOf returns the example response for code, and false when the
// reference has none (vendor codes, and codes rarely seen).
func ExampleOf(code int) (Example, bool) {
	for _, e := range examples {
		if e.code == code {
			return e.render(), true
		}
	}
	return Example{}, false
}

func (e example) render() Example {
	var b strings.Builder
	b.WriteString("HTTP/1.1 " + strconv.Itoa(e.code) + " " + Phrase(e.code) + "\n")
	for _, h := range e.headers {
		b.WriteString(h + "\n")
	}
	body := e.body
	if e.problem != nil {
		b.WriteString("Content-Type: application/problem+json\n")
		body = problemJSON(e.problem)
	}
	if body != "" {
		b.WriteString("\n" + body + "\n")
	}
	return Example{Response: b.String(), Problem: e.problem, Note: e.note}
}

// problemJSON encodes p the way the examples show it: two-space indents,
// members in RFC 9457's order, no HTML escaping.
func problemJSON(p *Problem) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(p); err != nil {
		panic("reference: problem example: " + err.Error()) // fixed data of plain strings
	}
	return strings.TrimSuffix(b.String(), "\n")
}
