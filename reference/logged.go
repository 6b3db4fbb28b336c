package reference

// This file says which hop of a request's path writes a code to its access
// log, and what the other hops log for the same request: an edge 524 at
// Cloudflare is usually a 499 in the origin's nginx log, an ALB's 460 too.
// Reading logs of one hop, that is how to find the request in the other's.

// Hop names where on a request's path a code is generated and logged.
type Hop string

// The hops. A code is logged by the hop that generates it; the hops
// behind it log something else, or nothing when the request never reached
// them.
const (
	// HopAny: any server on the path may send it, the origin usually.
	HopAny Hop = "any"
	// HopOrigin: the server that handles the request sends it.
	HopOrigin Hop = "origin"
	// HopProxy: a reverse proxy or gateway sends it about its upstream.
	HopProxy Hop = "proxy"
	// HopEdge: a CDN or load balancer in front of the service sends it,
	// so the origin's log has another status or no line.
	HopEdge Hop = "edge"
)

// Logged is where a meaning of a code is logged and what the other hops
// log for the same request.
type Logged struct {
	Hop Hop
	// Counterparts are what the hop behind (for an edge or proxy code) or in
	// front (for an origin code) typically logs for the same request.
	Counterparts []Link
	// Note says when the other hops log the counterparts, or nothing.
	Note string
}

// loggedAt holds the codes whose hop matters when reading logs, by code and
// vendor ("" for IANA's meaning). Sources: Cloudflare's 5xx error pages and
// AWS's ALB troubleshooting guide (the meanings' own sources, vendors.go),
// nginx's ngx_http_request.h for 444 and 499.
var loggedAt = []struct {
	code   int
	vendor string
	Logged
}{
	{499, vNginx, Logged{HopOrigin, []Link{{524, "A Timeout Occurred"}, {460, "Client Closed Connection"}, {504, "Gateway Timeout"}},
		"nginx logs 499 when whoever sent the request hung up first: a browser, or a hop in front timing out, which logs its own code: Cloudflare 524 after 100 seconds, an ALB 460 when its client left, a proxy's 504 at its read timeout."}},
	{444, vNginx, Logged{HopOrigin, []Link{{520, "Web Server Returns an Unknown Error"}, {502, "Bad Gateway"}},
		"nginx closed the connection without a response; a CDN or proxy in front logs its own error for the empty answer (Cloudflare 520, a proxy's 502)."}},
	{502, "", Logged{HopProxy, nil,
		"Written by the proxy or gateway; the upstream logged nothing when it refused or dropped the connection, or its own status when it answered with something the proxy could not read."}},
	{504, "", Logged{HopProxy, []Link{{499, "Client Closed Request"}},
		"Written by the proxy or gateway at its timeout; an nginx upstream logs 499 when the proxy hangs up, other upstreams their own status when the work ends."}},
	{520, vCloudflare, Logged{HopEdge, nil, "The origin logged the request with its own status: the answer reached Cloudflare empty, reset or malformed."}},
	{521, vCloudflare, Logged{HopEdge, nil, "The origin refused the connection: no line in its access log."}},
	{522, vCloudflare, Logged{HopEdge, nil, "No line at the origin when the connection timed out; when it connected but the request was not taken in time, usually none either."}},
	{523, vCloudflare, Logged{HopEdge, nil, "Cloudflare could not reach the origin: no line in its access log."}},
	{524, vCloudflare, Logged{HopEdge, []Link{{499, "Client Closed Request"}},
		"The origin got the request: nginx logs 499 when Cloudflare hangs up at 100 seconds, other servers their own status when the work ends."}},
	{525, vCloudflare, Logged{HopEdge, nil, "The TLS handshake failed: at most a line in the origin's error log, none in its access log."}},
	{526, vCloudflare, Logged{HopEdge, nil, "Cloudflare refused the origin's certificate: no request reached the origin's access log."}},
	{530, vCloudflare, Logged{HopEdge, nil, "Cloudflare could not resolve or reach the origin: no line in its access log."}},
	{460, vAWS, Logged{HopEdge, []Link{{499, "Client Closed Request"}},
		"The client closed the connection before the load balancer answered; an nginx target logs 499 when the load balancer hangs up."}},
	{463, vAWS, Logged{HopEdge, nil, "Refused by the load balancer: the target has no line."}},
	{464, vAWS, Logged{HopEdge, nil, "Refused by the load balancer: the target has no line."}},
	{561, vAWS, Logged{HopEdge, nil, "Refused by the load balancer's authentication: the target has no line."}},
}

// LoggedOf returns where m is logged: from the table for the codes where
// the hop matters, HopAny for other codes.
func LoggedOf(m Meaning) Logged {
	for _, l := range loggedAt {
		if l.code == m.Code && l.vendor == m.Vendor {
			return l.Logged
		}
	}
	return Logged{Hop: HopAny}
}
