package reference

import "strings"

// This file holds the guides: short pages on the questions that come
// before and around a single code (which class, which of two codes, what a
// redirect does to a search engine, how slareport counts), each citing the
// documents it rests on.

// Guide is one short page of prose.
type Guide struct {
	// Name is how the codes command asks for it: slareport codes guide
	// caching. The page's panel is #guide-Name.
	Name  string
	Title string
	// Cites are the documents the guide rests on, such as "RFC 9110 §15",
	// each also named in Body where it applies.
	Cites []string
	// Body is paragraphs separated by blank lines; a paragraph whose lines
	// start with "- " is a list, one item a line. `Backquotes` mark code.
	Body string
}

// Guides returns every guide, in reading order.
func Guides() []Guide { return append([]Guide(nil), guides...) }

// GuideNamed returns the guide called name (any case), and false when there
// is none.
func GuideNamed(name string) (Guide, bool) {
	for _, g := range guides {
		if strings.EqualFold(g.Name, name) {
			return g, true
		}
	}
	return Guide{}, false
}

// GuideNames lists the names of the guides, in reading order.
func GuideNames() []string {
	var out []string
	for _, g := range guides {
		out = append(out, g.Name)
	}
	return out
}

var guides = []Guide{
	{
		Name: "classes", Title: "The five classes",
		Cites: []string{"RFC 9110 §15"},
		Body: `The first digit of a status code is its class; the other two have no categories of their own (RFC 9110 §15). A client that does not know a code treats it as the x00 of its class: an unknown 471 is handled as 400.

- 1xx Informational: interim; the final response follows. 101 is the exception: the connection switches protocol and no HTTP response follows.
- 2xx Successful: the request was received, understood and accepted.
- 3xx Redirection: the client has more to do, usually follow Location or reuse its cache (304).
- 4xx Client Error: the request cannot be served as sent; sending it unchanged gets the same answer, except for a few such as 408 and 429.
- 5xx Server Error: the server failed to serve a valid request, or a gateway could not get an answer from behind it.

Codes run from 100 to 599 (RFC 9110 §15). A log line with 0, -1 or 000 records no response at all: no class applies.`,
	},
	{
		Name: "cycle", Title: "The request, the response and the status line",
		Cites: []string{"RFC 9110 §3", "RFC 9110 §15.2", "RFC 9112 §4", "RFC 9113 §8.3.2"},
		Body: `A client sends a request (a method, a target, header fields, perhaps content); the server answers with a response: a status code, header fields and perhaps content (RFC 9110 §3). Intermediaries in between (proxies, CDNs, load balancers) may answer themselves, which is why a code in one log can differ from the code in another for the same request.

In HTTP/1.1 the response starts with the status line: the version, the three-digit code and a reason phrase, as in ` + "`HTTP/1.1 404 Not Found`" + ` (RFC 9112 §4). The phrase is for people; clients must act on the code alone and may ignore the phrase, so servers can say "Gateway Time-out" or nothing at all. HTTP/2 and HTTP/3 send no phrase: the code is the :status pseudo-header field (RFC 9113 §8.3.2).

Several 1xx responses may come before the final one (RFC 9110 §15.2). An access log records the final status, or what the server decided when the client left (nginx's 499).`,
	},
	{
		Name: "pairs", Title: "Pairs people confuse: 401 vs 403 and others",
		Cites: []string{"RFC 9110 §15.5.2", "RFC 9110 §15.5.4", "RFC 9110 §15.5.5", "RFC 9110 §15.5.11", "RFC 9110 §15.5.21", "RFC 9110 §15.6.3", "RFC 9110 §15.6.4", "RFC 9110 §15.6.5"},
		Body: `- 401 or 403: 401 says "who are you?": the request lacks valid credentials, and the response must carry WWW-Authenticate with a challenge (RFC 9110 §15.5.2). 403 says "I know, and no": the server refuses; new credentials may help, the same ones will not (§15.5.4). A login page answers 401; a user without the role gets 403.
- 404 or 410: 404 does not say whether the absence is permanent (§15.5.5); 410 says it is, and that links should go (§15.5.11). Search engines drop a 410 sooner.
- 400 or 422: 400 when the request cannot be parsed or is malformed; 422 when it parses but its content is wrong, such as a failed validation (§15.5.21).
- 500 or 503: 500 is an unexpected failure; 503 is a known, temporary state such as overload or maintenance, ideally with Retry-After (§15.6.4).
- 502 or 504: both come from a gateway or proxy; 502 when the upstream's answer was invalid (§15.6.3), or in practice when there was none (connection refused or reset), 504 when it did not answer in time (§15.6.5).
- 503 or 504: 503 is the server itself declining; 504 is a gateway that waited for an upstream in vain.
- 301, 302, 307, 308: see the redirects guide.

` + "`slareport codes 401 vs 403`" + ` sets each pair side by side.`,
	},
	{
		Name: "redirects", Title: "Redirects and SEO: 301, 302, 307, 308",
		Cites: []string{"RFC 9110 §15.4", "RFC 9110 §15.4.2", "RFC 9110 §15.4.3", "RFC 9110 §15.4.4", "RFC 9110 §15.4.8", "RFC 9110 §15.4.9"},
		Body: `A redirect sends the client to the URI in Location (RFC 9110 §15.4). Two questions pick the code: is the move permanent, and must the method stay the same?

- 301 Moved Permanently: permanent; clients may turn a POST into a GET (§15.4.2).
- 302 Found: temporary; the same history of POST becoming GET (§15.4.3).
- 307 Temporary Redirect: temporary; the method and content must not change (§15.4.8).
- 308 Permanent Redirect: permanent; the method and content must not change (§15.4.9).
- 303 See Other: after a POST, fetch the result with GET (§15.4.4).

Search engines treat 301 and 308 as a move: the new URI replaces the old one in the index and inherits its links. 302 and 307 keep the old URI indexed. Use 301 (or 308 for APIs and forms) when a page moves for good, 302 or 307 while it is away. Redirect chains cost a round trip each; redirect loops end in the client's error, not in a status code. 301 and 308 are cacheable by default, so a wrong permanent redirect lingers in browsers.`,
	},
	{
		Name: "caching", Title: "Caching: 304, ETag and heuristic freshness",
		Cites: []string{"RFC 9110 §8.8.3", "RFC 9110 §13.1.2", "RFC 9110 §15.1", "RFC 9110 §15.4.5", "RFC 9111 §4.2.2", "RFC 7725 §3"},
		Body: `A cache stores a response and reuses it while it is fresh (Cache-Control: max-age, Expires). Once stale, it revalidates: it sends the request with If-None-Match carrying the stored ETag (RFC 9110 §8.8.3, §13.1.2), or If-Modified-Since; if nothing changed the origin answers 304 Not Modified with no content, and the cache serves its copy (§15.4.5).

Some codes are cacheable by default: 200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414 and 501 (RFC 9110 §15.1), and 451 (RFC 7725 §3). A cache may store them without explicit freshness and compute a lifetime heuristically, typically a fraction of the time since Last-Modified (RFC 9111 §4.2.2). That is why a 404 or a 301 can outlive the fix: send Cache-Control when it matters.

In access logs 304 lines are good news (a revalidation that saved a transfer) and count as good; many 304s with no 200s for the same URI mean the clients' caches work.`,
	},
	{
		Name: "rest", Title: "REST: which code for which method",
		Cites: []string{"RFC 9110 §9.3.4", "RFC 9110 §9.3.5", "RFC 9110 §15.3.2", "RFC 9110 §15.3.3", "RFC 9110 §15.5.10", "RFC 9110 §15.5.13", "RFC 5789 §2", "RFC 5789 §2.2"},
		Body: `- GET: 200 with the resource; 404 when it does not exist; 304 to a conditional GET that matches.
- POST that creates: 201 with Location naming the new resource (RFC 9110 §15.3.2); 202 when the work is queued (§15.3.3); 303 to send the client to a result.
- PUT: 200 or 204 when it replaced a resource, 201 when it created one (RFC 9110 §9.3.4).
- PATCH: 200 or 204 (RFC 5789 §2); 415 for a patch format the server does not take, 409 or 422 when it cannot be applied (RFC 5789 §2.2).
- DELETE: 204, 200 with a status body, or 202 when deletion is queued (RFC 9110 §9.3.5); a repeated DELETE may answer 404.
- Any method: 400 for a malformed request, 401 without valid credentials, 403 when refused, 405 with Allow for a method the resource does not support, 409 for a conflict with the current state (§15.5.10), 412 when If-Match fails (§15.5.13), 429 when rate limited.

Errors are best sent with a Problem Details body (application/problem+json, RFC 9457): type, title, status, detail, instance. ` + "`slareport codes 404`" + ` shows one.`,
	},
	{
		Name: "errors-in-200", Title: `The "200 for errors" anti-pattern, and GraphQL`,
		Cites: []string{"RFC 9110 §15", "RFC 9110 §15.1", "RFC 9457", "GraphQL over HTTP"},
		Body: `Some APIs answer every request with 200 and put the error in the body ({"ok": false}). Everything between the client and the application then sees success: caches may store the error (200 is cacheable by default, RFC 9110 §15.1), retries and circuit breakers never fire, load balancers keep sending traffic to a failing instance, and an availability report computed from access logs shows 100% during an outage. Send the code that says what happened (RFC 9110 §15) and put the details in an RFC 9457 Problem Details body.

GraphQL is the well-known exception: a response that is partly data and partly errors answers 200 with an errors array. The GraphQL over HTTP specification lets a server using the application/graphql-response+json media type answer 4xx when the request fails before execution (a parse or validation error), and keeps 200 for errors during execution. Either way, log lines of a GraphQL endpoint say little: count its errors from the application's logs, or expose them as a metric, if they belong in an SLA.`,
	},
	{
		Name: "grpc", Title: "gRPC status codes and HTTP",
		Cites: []string{"google.rpc.Code (code.proto)", "http-grpc-status-mapping.md (gRPC)", "PROTOCOL-HTTP2.md (gRPC)"},
		Body: `gRPC runs over HTTP/2 and almost always answers HTTP 200: its own status travels in the grpc-status trailer (gRPC's PROTOCOL-HTTP2.md). An access log of a gRPC service therefore shows 200 for failed calls too; use the grpc-status field (Envoy's %GRPC_STATUS%, for instance) or the server's metrics to count failures.

Two mappings exist, and they are not inverses. Google's google.rpc.Code (code.proto) gives the HTTP code a gateway such as grpc-gateway or an HTTP/JSON transcoder answers with for each status: NOT_FOUND 404, UNAUTHENTICATED 401, PERMISSION_DENIED 403, RESOURCE_EXHAUSTED 429, CANCELLED 499, DEADLINE_EXCEEDED 504, UNAVAILABLE 503, INTERNAL and UNKNOWN 500. gRPC's http-grpc-status-mapping.md tells a gRPC client what to report when a response arrives without grpc-status, typically from a proxy: 429, 502, 503 and 504 become UNAVAILABLE, 404 UNIMPLEMENTED, most others UNKNOWN.

` + "`slareport codes 429`" + ` shows both directions for a code; the JSON has them as grpc.from_grpc and grpc.to_grpc.`,
	},
	{
		Name: "custom", Title: "Custom and vendor codes",
		Cites: []string{"RFC 9110 §15", "RFC 9110 §16.2.1", "IANA HTTP Status Code Registry"},
		Body: `Only the IANA HTTP Status Code Registry assigns codes; new ones need an IETF document and review (RFC 9110 §16.2.1). Vendors use unregistered numbers anyway, mostly for what they log rather than send: nginx's 444 (connection closed, no response) and 499 (the client left), Cloudflare's 520 to 530 (the edge could not get a good answer from the origin), AWS load balancers' 460 and 561. The same number can mean different things: 499 is nginx's Client Closed Request and Esri's Token Required.

Do not invent codes for an API. A client that does not know a code treats it as the x00 of its class (RFC 9110 §15), so a custom 432 reaches most code as a plain 400 and its meaning is lost; use the registered code that fits and put the specifics in a Problem Details body (RFC 9457) with your own type URI.

slareport reports unregistered codes as nonstandard, still in their class: a 520 counts against availability as every 5xx does. ` + "`slareport codes --vendor cloudflare`" + ` lists a vendor's codes.`,
	},
	{
		Name: "sla", Title: "The SLA formula, and how slareport counts each class",
		Cites: []string{"RFC 9110 §15"},
		Body: `Availability is the share of judged requests that were not bad: availability = (judged − bad) / judged, where judged is every request with a status from 100 to 599 (RFC 9110 §15).

- 5xx: bad by default. The server failed, or a gateway could not get an answer.
- 1xx, 2xx, 3xx: good. 304 and 101 (a WebSocket session) are successes.
- 4xx: good by default: the request could not be served as sent, which is not an outage. 429 from your own rate limiter may belong with the bad ones: ` + "`--bad 5xx,429`" + `.
- A status outside 100–599 (Caddy's and Envoy's 0, HAProxy's -1, CloudFront's 000) records no response: counted as a request, shown as invalid, and left out of availability unless ` + "`--bad invalid`" + ` or ` + "`--good invalid`" + ` says otherwise.

` + "`--bad`" + ` and ` + "`--good`" + ` change the rule: ` + "`--bad 5xx,429 --good 501,505`" + ` counts 429 as bad and 501 and 505 as good.

A worked example: 10,000 requests, of which 9,200 are 2xx, 300 3xx, 450 4xx, 42 5xx and 8 have status 0. Judged: 10,000 − 8 = 9,992. Bad: 42. Availability: (9,992 − 42) / 9,992 = 99.5796…%, printed 99.579% (rounded down, never up). Against a 99.9% SLO the error budget allows 0.1% of 9,992, that is 9.992 bad requests; 42 spent it four times over. With ` + "`--bad 5xx,429`" + ` and 30 of the 4xx being 429, bad is 72 and availability (9,992 − 72) / 9,992 = 99.279%.`,
	},
}
