package reference

// ianaText is what the registry says about an IANA code beyond iana.go:
// aliases, RFC 9110 behaviour and the description. Interim is derived from
// the class (every 1xx but one), so it is not written here.
type ianaText struct {
	Code int
	// Aliases are older or server-specific phrases for the same meaning.
	Aliases []string
	// Cacheable: heuristically cacheable by default (RFC 9110 §15.1); for
	// codes defined elsewhere, cacheable by default in their definition.
	Cacheable bool
	// Final marks the one 1xx that is not interim: after 101 the connection
	// speaks another protocol and no final HTTP response follows.
	Final bool
	// NoContent: the response never carries content (1xx are implied).
	NoContent bool
	// Headers go with the code: required, or named by its definition.
	Headers []string

	Summary, Description, Client, Operator string
	Related                                []Link
	SLA                                    string
}

// ianaTextFor returns the text for an IANA code.
func ianaTextFor(code int) (ianaText, bool) {
	for _, t := range ianaTexts {
		if t.Code == code {
			return t, true
		}
	}
	return ianaText{}, false
}

// ianaTexts holds one entry per code of iana.go, in the same order, with
// the RFC section to check it against beside the code. Descriptions are
// this project's own words, reviewed against RFC 9110 (or the document
// named) and against what servers send in practice.
var ianaTexts = [...]ianaText{
	// 1xx Informational: interim responses; the final response follows,
	// except after 101.
	{
		Code:        100, // RFC 9110 §15.2.1
		Summary:     "go ahead and send the request content",
		Description: "An interim response saying the server has received the request header and has not rejected it, so the client may send the content. It answers a request that carried Expect: 100-continue, which lets a client ask before uploading a large body. Servers and proxies usually handle it themselves; it rarely reaches an access log.",
		Client:      "Send the content. A client that waits for 100 should still send after a short timeout, because older servers never answer the expectation.",
		Operator:    "Nothing to do unless uploads stall: then check that every proxy in the path passes Expect: 100-continue through or answers it.",
		Related:     []Link{{417, "Expectation Failed"}, {413, "Content Too Large"}},
	},
	{
		Code:        101,  // RFC 9110 §15.2.2
		Final:       true, // RFC 9110 §7.8: the new protocol's response follows, not an HTTP one
		Headers:     []string{"Upgrade"},
		Summary:     "the connection now speaks another protocol",
		Description: "The server agrees to the client's Upgrade request and switches the connection to the protocol it names in its own Upgrade header, right after this response. No final HTTP response follows: in practice this is the WebSocket handshake over HTTP/1.1, 101 is the final status the access log records for the request, and the logged request lasts as long as the WebSocket session. HTTP/2 and HTTP/3 do not use it.",
		Client:      "Speak the new protocol on the connection from the next byte on.",
		Operator:    "Long request times on 101 lines are WebSocket sessions, not slow responses; keep them out of latency figures. Proxies need the Upgrade and Connection headers passed through for the switch to work.",
		Related:     []Link{{426, "Upgrade Required"}},
	},
	{
		Code:        102, // RFC 2518 §10.1
		Summary:     "still working on a long WebDAV request",
		Description: "An interim response from WebDAV (RFC 2518) telling the client the server has accepted the request and is still processing it, so the client does not time out. RFC 4918 dropped it from WebDAV and it is rarely sent today.",
		Client:      "Keep waiting for the final response.",
		Operator:    "Nothing; long operations are better modelled as 202 Accepted with a status resource.",
		Related:     []Link{{202, "Accepted"}, {103, "Early Hints"}},
	},
	{
		Code:        103, // RFC 8297
		Headers:     []string{"Link"},
		Summary:     "preload hints before the final response",
		Description: "An interim response carrying Link header fields (rel=preload, rel=preconnect) that the final response is likely to carry too, so a browser can start fetching style sheets and scripts while the server is still computing the page. Some older HTTP/1.1 clients mishandle an unexpected 1xx, so servers tend to send it only over HTTP/2 or HTTP/3.",
		Client:      "Use the hints, or ignore them; the final response is authoritative.",
		Operator:    "Only hint resources the page really uses; wrong hints waste bandwidth.",
		Related:     []Link{{200, "OK"}},
	},
	{
		Code:        104, // draft-ietf-httpbis-resumable-upload-05
		Summary:     "this upload can be resumed",
		Description: "An interim response from the resumable-upload draft: the server supports resumable uploads and tells the client where the upload resource lives, so an interrupted transfer can continue where it stopped instead of starting again. IANA holds it as a temporary registration that expires on 2026-11-13 unless renewed.",
		Client:      "Remember the upload resource; after a broken connection, ask it for the offset and resume.",
		Operator:    "Expect it only from servers that implement the draft.",
		Related:     []Link{{201, "Created"}, {206, "Partial Content"}},
	},

	// 2xx Successful
	{
		Code:        200, // RFC 9110 §15.3.1
		Cacheable:   true,
		Summary:     "the request succeeded",
		Description: "The request succeeded. What the content is depends on the method: the target's representation for GET, the same header fields without content for HEAD, a description or result of the action for POST.",
		Client:      "Use the response.",
		Operator:    "An application that answers errors with 200 and an error page (a \"soft error\") hides its failures from access-log availability; check for it.",
		Related:     []Link{{201, "Created"}, {204, "No Content"}, {206, "Partial Content"}, {304, "Not Modified"}},
	},
	{
		Code:        201, // RFC 9110 §15.3.2
		Headers:     []string{"Location"},
		Summary:     "a new resource was created",
		Description: "The request created one or more resources. The Location header field names the primary one; without it, the created resource is the target URI. Typical answer to a POST to a collection or a PUT of a new resource.",
		Client:      "Follow Location to the new resource if you need it.",
		Operator:    "Nothing; a client that retries a failed POST can create duplicates, which idempotency keys prevent.",
		Related:     []Link{{200, "OK"}, {202, "Accepted"}, {409, "Conflict"}},
	},
	{
		Code:        202, // RFC 9110 §15.3.3
		Summary:     "accepted for processing, not finished",
		Description: "The request was accepted but not yet acted on, and may still be refused when it is. HTTP has no way to report the later outcome, so the response ought to say how to follow the job, for example with a link to a status resource. Used for queued and batch work.",
		Client:      "Poll the status resource the response points to, with backoff.",
		Operator:    "The job's eventual failure never appears in the access log; measure it where the job runs.",
		Related:     []Link{{201, "Created"}, {303, "See Other"}},
	},
	{
		Code:        203, // RFC 9110 §15.3.4
		Cacheable:   true,
		Summary:     "success, content changed by a proxy",
		Description: "The request succeeded, but a transforming proxy modified the origin's 200 response content (for example recompressed images), so the content is not exactly what the origin sent.",
		Client:      "Treat as 200; ask the origin directly if the exact content matters.",
		Operator:    "Rare; it points at a transforming proxy in the path.",
		Related:     []Link{{200, "OK"}},
	},
	{
		Code:        204, // RFC 9110 §15.3.5
		Cacheable:   true,
		NoContent:   true,
		Summary:     "success, nothing to send back",
		Description: "The request succeeded and there is no content to send: the response ends with its header section and cannot carry content or trailers. Common for PUT, DELETE and beacon endpoints; a browser that submitted a form stays on the current page.",
		Client:      "Do not expect a body; header fields still describe the target resource.",
		Operator:    "Nothing.",
		Related:     []Link{{200, "OK"}, {205, "Reset Content"}},
	},
	{
		Code:        205, // RFC 9110 §15.3.6
		NoContent:   true,
		Summary:     "success, reset the form or view",
		Description: "The request succeeded and the user agent should reset the document view that sent it, for example clear a form for the next entry. The server must not send content.",
		Client:      "Reset the view; do not expect content.",
		Operator:    "Rarely used.",
		Related:     []Link{{204, "No Content"}},
	},
	{
		Code:        206, // RFC 9110 §15.3.7
		Cacheable:   true,
		Headers:     []string{"Content-Range"},
		Summary:     "part of the content, as the Range asked",
		Description: "The server is answering a range request with one or more parts of the representation: a single part with a Content-Range header field, several as multipart/byteranges. Video players, download managers and resumed downloads cause most of them.",
		Client:      "Assemble the parts; check Content-Range against what you asked for.",
		Operator:    "Many small 206 responses for one file are normal for media streaming.",
		Related:     []Link{{200, "OK"}, {416, "Range Not Satisfiable"}},
	},
	{
		Code:        207, // RFC 4918 §11.1
		Summary:     "several results in one WebDAV body",
		Description: "A WebDAV response whose XML body (a multistatus element) carries a separate status for each of several resources or operations. The 207 itself says nothing about whether they succeeded.",
		Client:      "Read every inner status.",
		Operator:    "Failures inside a 207 are invisible in the access log.",
		Related:     []Link{{208, "Already Reported"}, {424, "Failed Dependency"}},
	},
	{
		Code:        208, // RFC 5842 §7.1
		Summary:     "WebDAV member already listed",
		Description: "Used inside a WebDAV multistatus body (RFC 5842 bindings): the members of this collection were already reported earlier in the same response, through another binding, and are not repeated. It avoids listing the same collection twice or looping.",
		Client:      "Look for the members where they were first reported.",
		Operator:    "Seen inside 207 bodies, hardly ever as the status of a response.",
		Related:     []Link{{207, "Multi-Status"}, {508, "Loop Detected"}},
	},
	{
		Code:        226, // RFC 3229 §10.4.1
		Summary:     "delta-encoded response to a GET",
		Description: "From HTTP delta encoding (RFC 3229): the server fulfilled a GET and the response is the result of instance manipulations, such as a delta against a version the client already holds, applied to the current instance.",
		Client:      "Apply the manipulation named in the IM header to your copy.",
		Operator:    "Very rare in practice.",
		Related:     []Link{{200, "OK"}, {304, "Not Modified"}},
	},

	// 3xx Redirection
	{
		Code:        300, // RFC 9110 §15.4.1
		Cacheable:   true,
		Headers:     []string{"Location"},
		Summary:     "several representations, pick one",
		Description: "The target has more than one representation, each with its own more specific URI, and the server offers the choice to the client. If the server prefers one it should name it in Location. Sites rarely use it; they negotiate on the request's Accept header fields instead.",
		Client:      "Choose a representation, or follow Location.",
		Operator:    "Rare.",
		Related:     []Link{{406, "Not Acceptable"}},
	},
	{
		Code:        301, // RFC 9110 §15.4.2
		Cacheable:   true,
		Headers:     []string{"Location"},
		Summary:     "moved for good to the URI in Location",
		Description: "The target has been given a new permanent URI, found in Location, and future references ought to use it. For historical reasons a user agent may change a POST into a GET when it follows a 301; use 308 when the method must be kept. Typical for http-to-https and old-path-to-new-path redirects.",
		Client:      "Follow Location and update stored links.",
		Operator:    "Browsers cache 301 without an expiry, so a wrong one is hard to take back; test with 302 first. Chains of redirects cost a round trip each.",
		Related:     []Link{{302, "Found"}, {307, "Temporary Redirect"}, {308, "Permanent Redirect"}},
	},
	{
		Code:        302, // RFC 9110 §15.4.3
		Aliases:     []string{"Moved Temporarily"},
		Headers:     []string{"Location"},
		Summary:     "temporarily at the URI in Location",
		Description: "The target is temporarily under the URI in Location; the client ought to keep using the original URI later. As with 301, a user agent may change a POST into a GET when it follows it; 307 forbids that. HTTP/1.0 called it \"Moved Temporarily\", and nginx still sends that phrase.",
		Client:      "Follow Location this time; keep the original URI.",
		Operator:    "Login redirects produce many of these; a redirect loop shows as the same client bouncing between two URIs.",
		Related:     []Link{{301, "Moved Permanently"}, {303, "See Other"}, {307, "Temporary Redirect"}},
	},
	{
		Code:        303, // RFC 9110 §15.4.4
		Headers:     []string{"Location"},
		Summary:     "see the other resource with a GET",
		Description: "The server sends the client to a different resource, named in Location, for the answer to its request; the client fetches it with GET (or HEAD). It is the redirect of the Post/Redirect/Get pattern after a form submission, so reloading the result page does not resubmit the form.",
		Client:      "GET the URI in Location.",
		Operator:    "Nothing.",
		Related:     []Link{{302, "Found"}, {307, "Temporary Redirect"}},
	},
	{
		Code:        304, // RFC 9110 §15.4.5
		NoContent:   true,
		Summary:     "your cached copy is still good",
		Description: "A conditional GET or HEAD (If-None-Match, If-Modified-Since) would have got a 200, but the condition was false: the client's stored response is still current. The 304 has no content, and carries the header fields a 200 would have had that matter for caching (Cache-Control, Content-Location, Date, ETag, Expires, Vary).",
		Client:      "Use your cached copy, updated with the new header fields.",
		Operator:    "Many 304s mean validation caching works. None at all for static files may mean ETags change between servers.",
		Related:     []Link{{200, "OK"}, {412, "Precondition Failed"}},
	},
	{
		Code:        305, // RFC 9110 §15.4.6
		Summary:     "deprecated: use the proxy in Location",
		Description: "Defined in early HTTP/1.1 to tell the client to repeat the request through a proxy. It is deprecated because a server choosing a client's proxy is a security risk, and clients do not honour it.",
		Client:      "Ignore; treat like an unknown 3xx.",
		Operator:    "A server sending it today is misconfigured.",
		Related:     []Link{{306, "(Unused)"}},
	},
	{
		Code:        306, // RFC 9110 §15.4.7
		Aliases:     []string{"Switch Proxy"},
		Summary:     "reserved; once \"Switch Proxy\"",
		Description: "Used in a draft of HTTP/1.1 (as \"Switch Proxy\") and no longer used; the code is reserved so it is not given another meaning.",
		Client:      "Treat like an unknown 3xx.",
		Operator:    "A server sending it is broken or very old.",
		Related:     []Link{{305, "Use Proxy"}},
	},
	{
		Code:        307, // RFC 9110 §15.4.8
		Headers:     []string{"Location"},
		Summary:     "temporarily elsewhere; keep the method",
		Description: "Like 302, the target is temporarily under the URI in Location, but the user agent must not change the request method: a POST is repeated as a POST with the same content. Browsers also show an internal 307 for HSTS upgrades, which never reaches the server.",
		Client:      "Repeat the same request at Location.",
		Operator:    "Nothing.",
		Related:     []Link{{302, "Found"}, {308, "Permanent Redirect"}},
	},
	{
		Code:        308, // RFC 9110 §15.4.9
		Cacheable:   true,
		Headers:     []string{"Location"},
		Summary:     "moved for good; keep the method",
		Description: "Like 301, the target has a new permanent URI in Location, but the user agent must not change the request method. First defined in RFC 7238 and RFC 7538; a few old clients do not know it and, as HTTP requires for an unknown 3xx, treat it like 300 and may not follow it.",
		Client:      "Repeat the same request at Location and update stored links.",
		Operator:    "Cached like 301: test before making it permanent.",
		Related:     []Link{{301, "Moved Permanently"}, {307, "Temporary Redirect"}},
	},

	// 4xx Client Error
	{
		Code:        400, // RFC 9110 §15.5.1
		Summary:     "malformed request the server won't process",
		Description: "The server cannot or will not process the request because of something it sees as the client's fault: malformed syntax, invalid message framing, or deceptive routing. In practice: broken header lines, a cookie or header too large for nginx (\"Request Header Or Cookie Too Large\"), plain HTTP sent to an HTTPS port, TLS bytes sent to a plain port, or invalid JSON in an API body.",
		Client:      "Fix the request; repeating it unchanged will fail again.",
		Operator:    "A jump after a release often means client and server disagree on the API; scanners and TLS-to-HTTP mistakes produce a steady background.",
		Related:     []Link{{413, "Content Too Large"}, {414, "URI Too Long"}, {422, "Unprocessable Content"}, {431, "Request Header Fields Too Large"}},
	},
	{
		Code:        401, // RFC 9110 §15.5.2
		Headers:     []string{"WWW-Authenticate"},
		Summary:     "authenticate first (or credentials refused)",
		Description: "The request lacks valid authentication credentials for the target. The server must send a WWW-Authenticate header field with at least one challenge saying how to authenticate. If the request carried credentials, they were refused. Despite the phrase, it is about authentication; lacking permission is 403.",
		Client:      "Authenticate, or refresh an expired token, then retry.",
		Operator:    "A burst from one address is often credential stuffing; a burst from everyone may be a broken identity provider or clock skew on token checks.",
		Related:     []Link{{403, "Forbidden"}, {407, "Proxy Authentication Required"}},
	},
	{
		Code:        402, // RFC 9110 §15.5.3
		Summary:     "reserved for future use (payment)",
		Description: "Reserved by HTTP for future use. Some APIs use it for billing problems, such as a suspended account or a failed charge, each with its own meaning.",
		Client:      "Read the response body; the meaning is the API's own.",
		Operator:    "Check the billing state the application reports.",
		Related:     []Link{{403, "Forbidden"}},
	},
	{
		Code:        403, // RFC 9110 §15.5.4
		Summary:     "understood, but refused",
		Description: "The server understood the request and refuses to fulfil it. If credentials were given, they are not enough; repeating the request with the same ones will not help. A server may answer 404 instead to hide that the resource exists. Causes: file permissions, WAF or IP deny rules, a directory without an index file (nginx answers 403), CSRF checks in some frameworks.",
		Client:      "Do not retry unchanged; different credentials or permissions may help.",
		Operator:    "Check deny rules, WAF logs and file ownership; a spike after a deploy often means a permissions change.",
		Related:     []Link{{401, "Unauthorized"}, {404, "Not Found"}},
	},
	{
		Code:        404, // RFC 9110 §15.5.5
		Cacheable:   true,
		Summary:     "no such resource (or not telling)",
		Description: "The origin found no current representation for the target, or will not say that one exists. It does not say whether the absence is temporary or permanent; 410 says permanent. Causes: broken links, deleted content, a wrong route or base path, and bots probing for well-known files (wp-login.php, .env).",
		Client:      "Check the URI; retrying the same one will not help.",
		Operator:    "Look at the most requested missing paths and their referrers: those are the links to fix. A sudden rise after a release usually means routes moved.",
		Related:     []Link{{403, "Forbidden"}, {410, "Gone"}},
	},
	{
		Code:        405, // RFC 9110 §15.5.6
		Aliases:     []string{"Not Allowed"},
		Cacheable:   true,
		Headers:     []string{"Allow"},
		Summary:     "this method is not supported here",
		Description: "The origin knows the request method but the target resource does not support it, for example a POST to a static file. The server must send an Allow header field listing the methods the resource does support. nginx uses the phrase \"Not Allowed\".",
		Client:      "Use a method from Allow.",
		Operator:    "Check routing for the method; scanners sending PUT and DELETE produce some.",
		Related:     []Link{{501, "Not Implemented"}, {404, "Not Found"}},
	},
	{
		Code:        406, // RFC 9110 §15.5.7
		Summary:     "no representation matches your Accept",
		Description: "The target has no representation acceptable according to the request's proactive-negotiation header fields (Accept, Accept-Language, Accept-Encoding), and the server will not fall back to a default. Most servers send a default instead, so it is rare.",
		Client:      "Widen Accept, or drop the negotiation header fields.",
		Operator:    "An API that sends it for a missing Accept header may be stricter than its clients expect.",
		Related:     []Link{{415, "Unsupported Media Type"}, {300, "Multiple Choices"}},
	},
	{
		Code:        407, // RFC 9110 §15.5.8
		Headers:     []string{"Proxy-Authenticate"},
		Summary:     "authenticate with the proxy first",
		Description: "Like 401, but the client must authenticate to a proxy before the request goes on. The proxy must send a Proxy-Authenticate header field with its challenge. It shows up in forward-proxy logs, not at origins.",
		Client:      "Send Proxy-Authorization credentials.",
		Operator:    "Check the proxy's credentials for the client.",
		Related:     []Link{{401, "Unauthorized"}},
	},
	{
		Code:        408, // RFC 9110 §15.5.9
		Aliases:     []string{"Request Time-out"},
		Summary:     "the request took too long to arrive (timeout)",
		Description: "The server did not receive a complete request within the time it was prepared to wait, and usually closes the connection. Causes: slow or stalled mobile clients, uploads on poor links, browsers' speculative pre-connections that never send a request (some servers and load balancers log these as 408), and slow-request attacks such as Slowloris. nginx has used the phrase \"Request Time-out\".",
		Client:      "A request that was in flight may be repeated on a new connection.",
		Operator:    "Compare with client_header_timeout and client_body_timeout (nginx) or your load balancer's idle timeout; many 408s from a few addresses suggest an attack.",
		Related:     []Link{{504, "Gateway Timeout"}, {499, "Client Closed Request"}, {460, "Client Closed Connection"}},
		SLA:         "The server was waiting for the client, not the other way round.",
	},
	{
		Code:        409, // RFC 9110 §15.5.10
		Summary:     "conflicts with the resource's current state",
		Description: "The request conflicts with the current state of the target, in a way the user might be able to resolve and then resubmit: editing a stale version, creating something that already exists, or violating a uniqueness rule. The response should say enough to recognise the conflict.",
		Client:      "Fetch the current state, resolve the conflict, retry.",
		Operator:    "A rise can mean concurrent writers or a client retrying non-idempotent requests.",
		Related:     []Link{{412, "Precondition Failed"}, {422, "Unprocessable Content"}, {428, "Precondition Required"}},
	},
	{
		Code:        410, // RFC 9110 §15.5.11
		Cacheable:   true,
		Summary:     "gone for good",
		Description: "The target is no longer available at the origin and this is likely permanent. It lets links and search engines drop the resource; when the server cannot tell whether the absence is permanent, 404 is the right answer.",
		Client:      "Remove links to it.",
		Operator:    "Nothing; it is a deliberate answer.",
		Related:     []Link{{404, "Not Found"}, {301, "Moved Permanently"}},
	},
	{
		Code:        411, // RFC 9110 §15.5.12
		Summary:     "send a Content-Length",
		Description: "The server refuses a request without a defined Content-Length, typically a chunked upload to a server or proxy that does not accept chunked request content.",
		Client:      "Repeat with a Content-Length header field.",
		Operator:    "Check whether a proxy in front rejects chunked uploads.",
		Related:     []Link{{413, "Content Too Large"}, {400, "Bad Request"}},
	},
	{
		Code:        412, // RFC 9110 §15.5.13
		Summary:     "a precondition in the request was false",
		Description: "One or more conditions in the request header fields (If-Match, If-Unmodified-Since, If-None-Match on a non-GET) evaluated to false. It is how optimistic concurrency prevents lost updates: the resource changed since the client read it.",
		Client:      "Fetch the current version, merge your change, retry with its validator.",
		Operator:    "Nothing; it protects data.",
		Related:     []Link{{304, "Not Modified"}, {409, "Conflict"}, {428, "Precondition Required"}},
	},
	{
		Code:        413, // RFC 9110 §15.5.14
		Aliases:     []string{"Payload Too Large", "Request Entity Too Large"},
		Headers:     []string{"Retry-After"},
		Summary:     "request content too large",
		Description: "The server refuses the request because its content is larger than it is willing or able to process, and may end the request or close the connection early. If the limit is temporary it should say when to retry with Retry-After. Older phrases: \"Payload Too Large\" (RFC 7231), \"Request Entity Too Large\" (RFC 2616). The usual cause is an upload over a configured limit, such as nginx's client_max_body_size (1 MiB by default).",
		Client:      "Send less: compress, split or upload in chunks.",
		Operator:    "Raise the limit where uploads are expected, in every layer (proxy, server, application).",
		Related:     []Link{{411, "Length Required"}, {414, "URI Too Long"}, {431, "Request Header Fields Too Large"}},
	},
	{
		Code:        414, // RFC 9110 §15.5.15
		Aliases:     []string{"Request-URI Too Long", "Request URI Too Long", "Request-URI Too Large"},
		Cacheable:   true,
		Summary:     "the URI is too long",
		Description: "The target URI is longer than the server is willing to interpret. Causes: a form or API sending large data in the query string (it belongs in a POST body), a redirect loop that keeps appending parameters, or probing attacks. Older phrases: \"Request-URI Too Large\" (RFC 2068, still sent by nginx) and \"Request-URI Too Long\" (RFC 2616).",
		Client:      "Move data from the query string into the request content.",
		Operator:    "Look for redirect loops; nginx's limit is large_client_header_buffers.",
		Related:     []Link{{413, "Content Too Large"}, {431, "Request Header Fields Too Large"}},
	},
	{
		Code:        415, // RFC 9110 §15.5.16
		Summary:     "content format not supported",
		Description: "The server refuses the content because of its format: its Content-Type or Content-Encoding, or what the server found when it looked at the data. Common in APIs that expect application/json and get form data. For an unsupported coding the response ought to list acceptable ones in Accept-Encoding.",
		Client:      "Send a supported Content-Type and encoding.",
		Operator:    "A rise after a client release suggests a changed Content-Type.",
		Related:     []Link{{406, "Not Acceptable"}, {422, "Unprocessable Content"}},
	},
	{
		Code:        416, // RFC 9110 §15.5.17
		Aliases:     []string{"Requested Range Not Satisfiable"},
		Headers:     []string{"Content-Range"},
		Summary:     "the requested range is outside the content",
		Description: "None of the ranges in the request's Range header field overlap the current representation, or the server rejects the set (too many, or overlapping). For byte ranges it should send Content-Range: bytes */length with the real length. Typical cause: resuming a download of a file that has since changed or shrunk.",
		Client:      "Request the whole resource, or a range inside the length reported.",
		Operator:    "Many 416s on one file suggest it changed under clients that cached its length.",
		Related:     []Link{{206, "Partial Content"}, {200, "OK"}},
	},
	{
		Code:        417, // RFC 9110 §15.5.18
		Summary:     "the Expect header could not be met",
		Description: "The expectation in the request's Expect header field could not be met by at least one of the inbound servers. Since 100-continue is the only expectation defined, this usually means a proxy or server that does not support it.",
		Client:      "Retry without Expect: 100-continue.",
		Operator:    "Find the hop that rejects 100-continue.",
		Related:     []Link{{100, "Continue"}},
	},
	{
		Code:        418, // RFC 9110 §15.5.19
		Aliases:     []string{"I'm a teapot"},
		Summary:     "reserved; \"I'm a teapot\" from an April 1 RFC",
		Description: "RFC 2324, an April 1 joke, defined 418 \"I'm a teapot\" for coffee pots asked to brew coffee. It was deployed as a joke often enough that RFC 9110 reserves the code rather than assign it to anything else. Some sites return it on purpose to bots; Go, Python and Node still know the teapot phrase.",
		Client:      "Treat it as a generic 4xx.",
		Operator:    "If your own servers send it, it is deliberate or a prank.",
		Related:     []Link{{400, "Bad Request"}},
	},
	{
		Code:        421, // RFC 9110 §15.5.20
		Summary:     "this server can't answer for that host",
		Description: "The request reached a server that cannot or will not produce an authoritative response for the target URI. It mostly comes from connection reuse: with HTTP/2 a client may send requests for several host names over one TLS connection when the certificate covers them all, and the server is not configured for one of them. First defined in RFC 7540.",
		Client:      "Retry over a new connection, even for a non-idempotent request.",
		Operator:    "Check that TLS certificates and server names agree, so clients do not coalesce connections to the wrong server.",
		Related:     []Link{{400, "Bad Request"}, {404, "Not Found"}},
	},
	{
		Code:        422, // RFC 9110 §15.5.21
		Aliases:     []string{"Unprocessable Entity"},
		Summary:     "well-formed, but the content is invalid",
		Description: "The server understands the content type and the syntax is correct, but it cannot process the instructions in it: in web APIs, a validation error (a missing field, a date in the past). Older phrase: \"Unprocessable Entity\" (RFC 4918).",
		Client:      "Correct the data as the error body says; retrying unchanged fails again.",
		Operator:    "Mostly user input; a jump after a release suggests a changed validation rule.",
		Related:     []Link{{400, "Bad Request"}, {409, "Conflict"}, {415, "Unsupported Media Type"}},
	},
	{
		Code:        423, // RFC 4918 §11.3
		Summary:     "the WebDAV resource is locked",
		Description: "WebDAV: the source or destination resource of the method is locked, and the request did not carry the lock token.",
		Client:      "Submit the lock token, or wait for the lock to be released.",
		Operator:    "Stale locks can be cleared on the server.",
		Related:     []Link{{424, "Failed Dependency"}, {409, "Conflict"}},
	},
	{
		Code:        424, // RFC 4918 §11.4
		Summary:     "failed because another action failed",
		Description: "WebDAV: the method could not be performed on this resource because it depended on another action that failed, for example one property of a PROPPATCH failed, so none were applied.",
		Client:      "Fix the action that failed first.",
		Operator:    "Look for the failing part of the request.",
		Related:     []Link{{207, "Multi-Status"}, {423, "Locked"}},
	},
	{
		Code:        425, // RFC 8470 §5.2
		Summary:     "too early: might be a replay",
		Description: "The server will not risk processing a request that arrived in TLS 1.3 early data (0-RTT), because early data can be replayed by an attacker. An intermediary that forwards early data marks it with Early-Data: 1 so the origin can answer 425. Not cacheable by default. The code was once proposed for \"Unordered Collection\", never standardised.",
		Client:      "Repeat the request after the TLS handshake completes; browsers do this automatically.",
		Operator:    "Only accept early data for safe, idempotent requests.",
		Related:     []Link{{421, "Misdirected Request"}},
	},
	{
		Code:        426, // RFC 9110 §15.5.22
		Headers:     []string{"Upgrade"},
		Summary:     "switch protocols first",
		Description: "The server refuses the request over the current protocol but might accept it after the client upgrades. It must send an Upgrade header field naming the protocol(s) required, for example an endpoint that only works over WebSocket or TLS.",
		Client:      "Upgrade to a protocol in Upgrade and retry.",
		Operator:    "Check that proxies pass the Upgrade header through.",
		Related:     []Link{{101, "Switching Protocols"}, {505, "HTTP Version Not Supported"}},
	},
	{
		Code:        428, // RFC 6585 §3
		Summary:     "make the request conditional",
		Description: "The origin requires the request to be conditional (If-Match, for example) so that a client cannot overwrite changes it has not seen. The response should explain how to resubmit; caches must not store it.",
		Client:      "Fetch the resource, then resend with If-Match and its ETag.",
		Operator:    "Nothing; it enforces safe updates.",
		Related:     []Link{{412, "Precondition Failed"}, {409, "Conflict"}},
	},
	{
		Code:        429, // RFC 6585 §4
		Headers:     []string{"Retry-After"},
		Summary:     "too many requests: rate limited",
		Description: "The client sent too many requests in a given time: the server is rate limiting it. The response should explain the limit and may say when to retry with Retry-After; caches must not store it.",
		Client:      "Back off: honour Retry-After, otherwise retry with exponential backoff and jitter.",
		Operator:    "nginx's limit_req and limit_conn reject with 503 unless limit_req_status/limit_conn_status is set to 429; set it, so rate limiting is not counted as an outage.",
		Related:     []Link{{503, "Service Unavailable"}, {420, "Enhance Your Calm"}},
		SLA:         "Rate limiting is policy, not failure; but if limits shed load because capacity ran out, users see unavailability that this rule does not count.",
	},
	{
		Code:        431, // RFC 6585 §5
		Summary:     "request header fields too large",
		Description: "The server will not process the request because its header fields are too large: one field, or all of them together. Causes: cookie build-up on a domain, very large tokens, many tracking cookies. nginx answers the same situation with 400 \"Request Header Or Cookie Too Large\" instead. Caches must not store it.",
		Client:      "Send smaller header fields: clear cookies, shorten tokens.",
		Operator:    "Find which cookie grew; raise the limit only if the size is legitimate.",
		Related:     []Link{{400, "Bad Request"}, {413, "Content Too Large"}, {414, "URI Too Long"}, {494, "Request Header Too Large"}},
	},
	{
		Code:        451,  // RFC 7725 §3
		Cacheable:   true, // RFC 7725 §3: "A 451 response is cacheable by default"
		Headers:     []string{"Link"},
		Summary:     "blocked for legal reasons",
		Description: "The server denies access because of a legal demand: a court order, a government takedown, or a regional restriction. It should name who implements the block in a Link header field with rel=\"blocked-by\". Unlike most 4xx it is cacheable by default.",
		Client:      "Nothing to fix in the request.",
		Operator:    "Deliberate; check that geo rules match the legal requirement.",
		Related:     []Link{{403, "Forbidden"}, {404, "Not Found"}},
	},

	// 5xx Server Error
	{
		Code:        500, // RFC 9110 §15.6.1
		Summary:     "the server hit an unexpected error",
		Description: "The server met an unexpected condition that stopped it fulfilling the request: the generic server-side failure. Causes: uncaught exceptions, a failed deploy, a configuration error (a broken .htaccess on Apache), a database that refused the connection, a PHP fatal error.",
		Client:      "Retry idempotent requests with backoff; report persistent failures.",
		Operator:    "Read the application's error log at the same timestamps and correlate with deploys and dependency health.",
		Related:     []Link{{502, "Bad Gateway"}, {503, "Service Unavailable"}},
	},
	{
		Code:        501, // RFC 9110 §15.6.2
		Cacheable:   true,
		Summary:     "the server does not support this function",
		Description: "The server does not support the functionality the request needs, typically a method it does not recognise for any resource. Unlike 405, the method is unknown to the server, not just unsupported by one resource.",
		Client:      "Use a standard method.",
		Operator:    "Scanners sending odd methods cause most of them; they count as 5xx although the client caused them.",
		Related:     []Link{{405, "Method Not Allowed"}, {505, "HTTP Version Not Supported"}},
	},
	{
		Code:        502, // RFC 9110 §15.6.3
		Summary:     "bad response from the upstream server",
		Description: "The server, acting as a gateway or proxy, got an invalid response from the upstream server it contacted, or none usable. Causes: the application crashed or is restarting (nginx: \"connect() failed (111: Connection refused)\"), it closed the connection mid-response, it sent malformed or too large headers, or it closed an idle keep-alive connection the proxy was reusing.",
		Client:      "Retry idempotent requests after a short delay.",
		Operator:    "Check the proxy's error log and the upstream's health; sporadic 502s under load often come from keep-alive timeouts shorter upstream than at the proxy.",
		Related:     []Link{{503, "Service Unavailable"}, {504, "Gateway Timeout"}, {520, "Web Server Returns an Unknown Error"}},
	},
	{
		Code:        503, // RFC 9110 §15.6.4
		Aliases:     []string{"Service Temporarily Unavailable"},
		Headers:     []string{"Retry-After"},
		Summary:     "temporarily unavailable: overloaded or down",
		Description: "The server cannot handle the request right now because of a temporary overload or scheduled maintenance, which will likely pass. It may say when to retry with Retry-After. Causes: maintenance mode, a load balancer with no healthy targets, nginx rate limiting (limit_req rejects with 503 by default), circuit breakers. nginx's phrase is \"Service Temporarily Unavailable\".",
		Client:      "Retry after Retry-After, otherwise with backoff.",
		Operator:    "Check target health and capacity; if the 503s are rate limiting, send 429 instead.",
		Related:     []Link{{429, "Too Many Requests"}, {502, "Bad Gateway"}, {504, "Gateway Timeout"}},
		SLA:         "Planned maintenance counts too; if your SLA excludes maintenance windows, report them separately.",
	},
	{
		Code:        504, // RFC 9110 §15.6.5
		Aliases:     []string{"Gateway Time-out"},
		Summary:     "the upstream server did not answer in time (timeout)",
		Description: "The server, acting as a gateway or proxy, did not get a timely response from the upstream server it needed. Causes: a slow query or external API behind the application, an overloaded upstream, or a proxy timeout shorter than the work (nginx proxy_read_timeout is 60 s by default). nginx's phrase is \"Gateway Time-out\".",
		Client:      "Retry idempotent requests later; consider a longer client timeout only if the work is legitimately slow.",
		Operator:    "Find the slow upstream and the timeout that fired; move long work to background jobs (202).",
		Related:     []Link{{502, "Bad Gateway"}, {408, "Request Timeout"}, {524, "A Timeout Occurred"}},
	},
	{
		Code:        505, // RFC 9110 §15.6.6
		Summary:     "HTTP version not supported",
		Description: "The server does not support, or refuses, the major version of HTTP used in the request. The response should say why and which versions it does support. Rare; seen with odd clients and scanners.",
		Client:      "Use HTTP/1.1 or a version the server supports.",
		Operator:    "Counts as 5xx although the client caused it.",
		Related:     []Link{{426, "Upgrade Required"}, {501, "Not Implemented"}},
	},
	{
		Code:        506, // RFC 2295 §8.1
		Summary:     "content negotiation is misconfigured",
		Description: "From experimental transparent content negotiation (RFC 2295): the variant chosen for the request is itself configured to negotiate, so it is not a proper end point. It signals a server configuration error, for example Apache mod_negotiation type maps pointing at each other.",
		Client:      "Report it; nothing to fix in the request.",
		Operator:    "Fix the negotiation configuration.",
		Related:     []Link{{500, "Internal Server Error"}, {300, "Multiple Choices"}},
	},
	{
		Code:        507, // RFC 4918 §11.5
		Summary:     "insufficient storage",
		Description: "WebDAV: the method could not be performed because the server cannot store the representation needed to complete it. It is meant as a temporary condition, such as a full disk or an exhausted quota.",
		Client:      "Retry later or store less.",
		Operator:    "Check disk space and quotas.",
		Related:     []Link{{413, "Content Too Large"}, {500, "Internal Server Error"}},
	},
	{
		Code:        508, // RFC 5842 §7.2
		Summary:     "infinite loop detected",
		Description: "WebDAV bindings (RFC 5842): the server stopped an operation with Depth: infinity because it met an infinite loop of bindings. On shared hosting, CloudLinux's resource limits also surface as 508 \"Resource Limit Is Reached\".",
		Client:      "Use a finite Depth, or report it.",
		Operator:    "On shared hosting, check the account's process and memory limits.",
		Related:     []Link{{208, "Already Reported"}, {500, "Internal Server Error"}},
	},
	{
		Code:        510, // RFC 2774 §7
		Summary:     "obsoleted: extension framework policy not met",
		Description: "From the HTTP Extension Framework (RFC 2774): the request did not satisfy the policy for accessing the resource, and the server should say how to send an extended request. RFC 2774 is now Historic and IANA marks the code obsoleted.",
		Client:      "Treat as a generic 5xx.",
		Operator:    "A server sending it is very unusual.",
		Related:     []Link{{500, "Internal Server Error"}},
	},
	{
		Code:        511, // RFC 6585 §6
		Summary:     "log in to the network first (captive portal)",
		Description: "The client must authenticate to gain network access. It is meant for intercepting proxies that control access, such as hotel and airport Wi-Fi captive portals, and must not be sent by origin servers. The response should link to the login page; caches must not store it.",
		Client:      "Log in to the network, then retry.",
		Operator:    "In an origin's own log it means something in front of the server, or the application itself, is misbehaving.",
		Related:     []Link{{401, "Unauthorized"}, {407, "Proxy Authentication Required"}},
	},
}
