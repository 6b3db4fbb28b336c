package reference

// Vendor names, as reports show them ("nonstandard: nginx Client Closed
// Request").
const (
	vNginx      = "nginx"
	vCloudflare = "Cloudflare"
	vAWS        = "AWS Elastic Load Balancing"
	vIIS        = "Microsoft IIS/Exchange"
	vMicrosoft  = "Microsoft"
	vExchange   = "Microsoft Exchange"
	vWindows    = "Microsoft Windows"
	vLaravel    = "Laravel"
	vSpring     = "Spring Framework"
	vTwitter    = "Twitter"
	vShopify    = "Shopify"
	vEsri       = "Esri ArcGIS"
	vPantheon   = "Pantheon"
	vCPanel     = "Apache/cPanel"
	vQualys     = "Qualys SSL Labs"
	vGears      = "Google Gears"
	vInformal   = "informal"
)

// Sources, one per vendor document.
const (
	srcNginxReturn  = "https://nginx.org/en/docs/http/ngx_http_rewrite_module.html#return"
	srcNginxSSL     = "https://nginx.org/en/docs/http/ngx_http_ssl_module.html#errors"
	srcNginxRequest = "https://github.com/nginx/nginx/blob/master/src/http/ngx_http_request.h"
	srcCloudflare   = "https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/"
	srcAWSALB       = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html"
	srcShopify      = "https://shopify.dev/docs/api/usage/response-codes"
	srcSpring       = "https://docs.spring.io/spring-framework/docs/current/javadoc-api/org/springframework/http/HttpStatus.html"

	// nginx rewrites its 494–497 to 400 before sending (and logging) them.
	nginx400Note  = "nginx defines the code in its source; it sends 400 to the client and normally logs 400 too, so the code is mostly seen as an error_page target."
	awsPhraseNote = "AWS documents the code without a reason phrase; the phrase here describes it."
	cfOriginNote  = "Cloudflare generates the response itself; the origin's access log has no line for the request, so the code appears only in Cloudflare's logs and at the client."
	// 520 and 524 come after the origin received the request, so the
	// origin has its own line for it.
	cf520Note = "Cloudflare generates the response itself, but the origin received the request, so its access log usually has a line for it with the status it meant to send (none when the process crashed mid-request)."
	cf522Note = "Cloudflare generates the response itself; the origin never accepted the connection or never took in the request, so its access log normally has no line for it."
	cf524Note = "Cloudflare generates the response itself, but the connection was made and the request sent, so the origin usually logs the request: nginx as 499 Client Closed Request when Cloudflare closes the connection at the timeout, with $request_time near 100 seconds; a server without nginx in front logs its own status when the work ends."
)

// vendorMeanings are the unofficial meanings, grouped by vendor, the most
// widely deployed first: Meanings lists a code's vendors in this order. Class,
// Kind and Status are filled in from the code when the package starts.
var vendorMeanings = [...]Meaning{
	// nginx
	{
		Code: 444, Phrase: "No Response", Aliases: []string{"Connection Closed Without Response"},
		Vendor: vNginx, Ref: "nginx ngx_http_rewrite_module, return", Source: srcNginxReturn,
		SourceNote:  "nginx gives the code no reason phrase; \"No Response\" is the name in common use.",
		Summary:     "nginx closed the connection without answering",
		Description: "A code nginx uses internally with `return 444;`: it closes the connection without sending any response, and logs 444. Operators use it to drop unwanted traffic cheaply, such as requests for unknown host names caught by a default server, or known bad bots. The client sees an empty reply or a reset connection.",
		Client:      "Nothing useful to do; the server chose not to answer.",
		Operator:    "Check which rule returned 444 if legitimate clients are affected.",
		Related:     []Link{{403, "Forbidden"}, {499, "Client Closed Request"}},
		SLA:         "It is a deliberate refusal.",
	},
	{
		Code: 494, Phrase: "Request Header Too Large", Aliases: []string{"Request Header Or Cookie Too Large"},
		Vendor: vNginx, Ref: "nginx src/http/ngx_http_request.h", Source: srcNginxRequest, SourceNote: nginx400Note,
		Summary:     "request header or cookie too large",
		Description: "nginx's internal code for a request whose header line or whole header section does not fit in large_client_header_buffers. The client receives 400 \"Request Header Or Cookie Too Large\". Cookie build-up and very large tokens are the usual causes.",
		Client:      "Clear cookies or shorten the header fields.",
		Operator:    "Raise large_client_header_buffers only if the size is legitimate; `error_page 494` can serve a friendlier page.",
		Related:     []Link{{400, "Bad Request"}, {431, "Request Header Fields Too Large"}},
	},
	{
		Code: 495, Phrase: "SSL Certificate Error",
		Vendor: vNginx, Ref: "nginx ngx_http_ssl_module, error processing", Source: srcNginxSSL, SourceNote: nginx400Note,
		Summary:     "client certificate failed verification",
		Description: "With ssl_verify_client on, the client presented a certificate that failed verification: expired, untrusted issuer, revoked. nginx answers 400.",
		Client:      "Present a valid client certificate.",
		Operator:    "Check ssl_client_certificate, the chain depth and CRLs.",
		Related:     []Link{{496, "SSL Certificate Required"}, {400, "Bad Request"}, {403, "Forbidden"}},
	},
	{
		Code: 496, Phrase: "SSL Certificate Required",
		Vendor: vNginx, Ref: "nginx ngx_http_ssl_module, error processing", Source: srcNginxSSL, SourceNote: nginx400Note,
		Summary:     "client certificate required, none sent",
		Description: "With ssl_verify_client on, the client did not present the required certificate. nginx answers 400.",
		Client:      "Configure the client certificate.",
		Operator:    "Check which clients are expected to use mutual TLS.",
		Related:     []Link{{495, "SSL Certificate Error"}, {400, "Bad Request"}, {401, "Unauthorized"}},
	},
	{
		Code: 497, Phrase: "HTTP Request Sent to HTTPS Port",
		Vendor: vNginx, Ref: "nginx ngx_http_ssl_module, error processing", Source: srcNginxSSL, SourceNote: nginx400Note,
		Summary:     "plain HTTP sent to an HTTPS port",
		Description: "A plain HTTP request arrived on a port that expects TLS. nginx answers 400 (\"The plain HTTP request was sent to HTTPS port\"); a common configuration turns it into a redirect with `error_page 497 =301 https://$host$request_uri;`.",
		Client:      "Use https:// for that port.",
		Operator:    "Redirect it with error_page 497 if clients keep making the mistake.",
		Related:     []Link{{400, "Bad Request"}, {301, "Moved Permanently"}},
	},
	{
		Code: 499, Phrase: "Client Closed Request",
		Vendor: vNginx, Ref: "nginx src/http/ngx_http_request.h", Source: srcNginxRequest,
		SourceNote:  "nginx defines and names the code in its source; its reference documentation does not list it.",
		Summary:     "the client gave up before nginx answered",
		Description: "The client closed the connection while nginx was still processing the request, so no response was sent and nginx logs 499. Causes: client or load-balancer timeouts shorter than the server's response time, users navigating away, health checks with tight timeouts, mobile connections dropping. Unless proxy_ignore_client_abort is on, nginx also abandons the upstream request.",
		Client:      "If it was a timeout, the server may be slow; retry idempotent requests.",
		Operator:    "Compare $request_time on 499 lines with the clients' timeouts; a burst usually means the server or an upstream became slow. Behind Cloudflare, 499 lines with $request_time near 100 seconds are the origin's side of Cloudflare's 524: the edge stopped waiting and closed the connection.",
		Related:     []Link{{408, "Request Timeout"}, {460, "Client Closed Connection"}, {504, "Gateway Timeout"}, {524, "A Timeout Occurred"}},
		SLA:         "A surge of 499 usually means the service was too slow and users gave up; watch it beside latency.",
	},

	// Cloudflare
	{
		Code: 520, Phrase: "Web Server Returns an Unknown Error", Aliases: []string{"Web Server Returned an Unknown Error"},
		Vendor: vCloudflare, Ref: "Cloudflare 5xx errors: Error 520", Source: srcCloudflare + "error-520/", SourceNote: cf520Note,
		Summary:     "origin sent an empty or unexpected response",
		Description: "The origin answered Cloudflare with something empty, unknown or unexpected: the connection was reset after the request, the response had no status line, the response headers exceeded Cloudflare's limit (128 KB, often from cookies), or the origin mis-speaks HTTP/2.",
		Client:      "Retry later.",
		Operator:    "Check the origin's error log for crashes at those times and the size of response headers; make sure Cloudflare's IP ranges are not blocked.",
		Related:     []Link{{502, "Bad Gateway"}, {521, "Web Server Is Down"}, {522, "Connection Timed Out"}},
	},
	{
		Code: 521, Phrase: "Web Server Is Down",
		Vendor: vCloudflare, Ref: "Cloudflare 5xx errors: Error 521", Source: srcCloudflare + "error-521/", SourceNote: cfOriginNote,
		Summary:     "origin refused the connection",
		Description: "The origin refused Cloudflare's TCP connection: the web server is not running or not listening on the port, or a firewall rejects Cloudflare's addresses.",
		Client:      "Retry later.",
		Operator:    "Check that the web server runs and that Cloudflare's IP ranges are allowed.",
		Related:     []Link{{502, "Bad Gateway"}, {520, "Web Server Returns an Unknown Error"}, {522, "Connection Timed Out"}},
	},
	{
		Code: 522, Phrase: "Connection Timed Out",
		Vendor: vCloudflare, Ref: "Cloudflare 5xx errors: Error 522", Source: srcCloudflare + "error-522/", SourceNote: cf522Note,
		Summary:     "connect timeout, or the request not taken in time",
		Description: "Cloudflare timed out contacting the origin, in one of two ways: the origin did not answer the TCP connection (no SYN+ACK within 19 seconds of Cloudflare's SYN), or it accepted the connection but did not acknowledge Cloudflare's request within 90 seconds. The origin is overloaded or drops packets, a firewall silently drops or rate limits Cloudflare's addresses, keepalives are disabled at the origin, or DNS points at the wrong address.",
		Client:      "Retry later.",
		Operator:    "Check the origin's load, its firewall and rate limits for Cloudflare's addresses, keepalive settings, and the address in the DNS record.",
		Related:     []Link{{504, "Gateway Timeout"}, {521, "Web Server Is Down"}, {524, "A Timeout Occurred"}},
	},
	{
		Code: 523, Phrase: "Origin Is Unreachable",
		Vendor: vCloudflare, Ref: "Cloudflare 5xx errors: Error 523", Source: srcCloudflare + "error-523/", SourceNote: cfOriginNote,
		Summary:     "no route to the origin",
		Description: "Cloudflare cannot reach the origin at all: the DNS record points at a wrong or unroutable address, or there is a routing problem on the way.",
		Client:      "Retry later.",
		Operator:    "Check the DNS records and the origin's network.",
		Related:     []Link{{502, "Bad Gateway"}, {522, "Connection Timed Out"}, {530, "Origin DNS Error"}},
	},
	{
		Code: 524, Phrase: "A Timeout Occurred",
		Vendor: vCloudflare, Ref: "Cloudflare 5xx errors: Error 524", Source: srcCloudflare + "error-524/", SourceNote: cf524Note,
		Summary:     "origin connected but sent no response in time",
		Description: "Cloudflare connected to the origin and sent the request, but no HTTP response arrived before the proxy read timeout (100 seconds by default; adjustable on Enterprise plans), so Cloudflare closed the connection. Long reports, exports and slow queries are the usual causes. The origin saw its client go away: an nginx origin logs the same request as 499, so an edge 524 is an origin 499.",
		Client:      "Retry later; very long operations should be asynchronous.",
		Operator:    "Find the slow endpoint: the origin's 499 lines with $request_time near 100 seconds are these requests; time it against the origin directly and move long work to background jobs.",
		Related:     []Link{{504, "Gateway Timeout"}, {522, "Connection Timed Out"}, {499, "Client Closed Request"}},
	},
	{
		Code: 525, Phrase: "SSL Handshake Failed",
		Vendor: vCloudflare, Ref: "Cloudflare 5xx errors: Error 525", Source: srcCloudflare + "error-525/", SourceNote: cfOriginNote,
		Summary:     "TLS handshake with the origin failed",
		Description: "With SSL mode Full or Full (strict), the TLS handshake between Cloudflare and the origin failed: no certificate on the origin for that name, no SNI support, or no cipher in common.",
		Client:      "Retry later.",
		Operator:    "Check the origin's TLS configuration for the host name Cloudflare sends.",
		Related:     []Link{{526, "Invalid SSL Certificate"}, {502, "Bad Gateway"}},
	},
	{
		Code: 526, Phrase: "Invalid SSL Certificate",
		Vendor: vCloudflare, Ref: "Cloudflare 5xx errors: Error 526", Source: srcCloudflare + "error-526/", SourceNote: cfOriginNote,
		Summary:     "origin certificate is invalid",
		Description: "With SSL mode Full (strict), Cloudflare could not validate the origin's certificate: expired, self-signed, or issued for another name.",
		Client:      "Retry later.",
		Operator:    "Renew or replace the origin certificate (a Cloudflare Origin CA certificate works).",
		Related:     []Link{{525, "SSL Handshake Failed"}, {502, "Bad Gateway"}},
	},
	{
		Code: 527, Phrase: "Railgun Error",
		Vendor: vCloudflare, Ref: "Cloudflare 5xx errors", Source: srcCloudflare,
		SourceNote:  "Cloudflare's current documentation no longer lists 527: Railgun has been discontinued.",
		Summary:     "Railgun connection failed (retired)",
		Description: "The connection between Cloudflare and the origin's Railgun listener was interrupted or timed out. Railgun, a WAN optimiser, has been discontinued, so new logs should not contain it.",
		Client:      "Retry later.",
		Operator:    "If it appears, an old Railgun setup is still in the path.",
		Related:     []Link{{502, "Bad Gateway"}, {524, "A Timeout Occurred"}},
	},
	{
		Code: 530, Phrase: "Origin DNS Error", Aliases: []string{"Origin Unavailable"},
		Vendor: vCloudflare, Ref: "Cloudflare 5xx errors: Error 530", Source: srcCloudflare + "error-530/", SourceNote: cfOriginNote,
		Summary:     "cannot resolve the origin; see the 1xxx code",
		Description: "Cloudflare could not resolve the origin host name, so it could not connect. The response body carries a Cloudflare 1xxx error (for example 1016, origin DNS error) that names the problem.",
		Client:      "Retry later.",
		Operator:    "Read the 1xxx code in the body and fix the DNS record it points at.",
		Related:     []Link{{523, "Origin Is Unreachable"}, {502, "Bad Gateway"}},
	},

	// AWS Elastic Load Balancing (Application Load Balancer)
	{
		Code: 460, Phrase: "Client Closed Connection",
		Vendor: vAWS, Ref: "ALB troubleshooting: HTTP 460", Source: srcAWSALB, SourceNote: awsPhraseNote,
		Summary:     "the client left before the response",
		Description: "Logged by an Application Load Balancer when the client closed its connection before the idle timeout elapsed, usually because the client's own timeout is shorter than the load balancer's. No response reaches the client; it is the load balancer's counterpart of nginx's 499.",
		Client:      "Use a timeout longer than the server needs.",
		Operator:    "Compare target processing time with client timeouts.",
		Related:     []Link{{499, "Client Closed Request"}, {408, "Request Timeout"}},
		SLA:         "Like 499, a surge usually means slow responses.",
	},
	{
		Code: 463, Phrase: "Too Many X-Forwarded-For Addresses", Aliases: []string{"X-Forwarded-For Too Many Addresses"},
		Vendor: vAWS, Ref: "ALB troubleshooting: HTTP 463", Source: srcAWSALB, SourceNote: awsPhraseNote,
		Summary:     "X-Forwarded-For lists more than 30 addresses",
		Description: "The load balancer received an X-Forwarded-For request header with more than 30 IP addresses, its limit. Chains of proxies, or a client forging the header, cause it.",
		Client:      "Send a shorter X-Forwarded-For.",
		Operator:    "Find the proxy that appends without trimming, or the client forging the header.",
		Related:     []Link{{400, "Bad Request"}, {431, "Request Header Fields Too Large"}},
	},
	{
		Code: 464, Phrase: "Incompatible Protocol",
		Vendor: vAWS, Ref: "ALB troubleshooting: HTTP 464", Source: srcAWSALB, SourceNote: awsPhraseNote,
		Summary:     "request protocol doesn't match the target group",
		Description: "The request's protocol is incompatible with the protocol version of the target group, for example an HTTP/1.1 request routed to a gRPC or HTTP/2-only target group.",
		Client:      "Use the protocol the service expects.",
		Operator:    "Check the target group's protocol version against the listener rules.",
		Related:     []Link{{505, "HTTP Version Not Supported"}, {426, "Upgrade Required"}},
	},
	{
		Code: 561, Phrase: "Unauthorized",
		Vendor: vAWS, Ref: "ALB troubleshooting: HTTP 561", Source: srcAWSALB,
		Summary:     "the identity provider returned an error",
		Description: "A listener rule authenticates users (OIDC or Amazon Cognito), and the identity provider returned an error code while authenticating the user.",
		Client:      "Sign in again; if it persists, the login service is failing.",
		Operator:    "Check the IdP configuration (client ID and secret, endpoints) and its health.",
		Related:     []Link{{401, "Unauthorized"}, {502, "Bad Gateway"}},
		SLA:         "It is an authentication failure, but the login path was unavailable to the user.",
	},

	// Microsoft
	{
		Code: 440, Phrase: "Login Time-out",
		Vendor: vIIS, Ref: "Exchange 2007: troubleshoot 440 Login Timeout", Source: "https://technet.microsoft.com/en-us/library/dd789741(v=EXCHG.80).aspx",
		Summary:     "the login session expired or failed",
		Description: "Sent by Outlook Web Access on IIS when the user's session has expired or forms login failed, asking the user to log in again. Microsoft's troubleshooting note ties persistent 440s to IIS permission and authentication problems.",
		Client:      "Log in again.",
		Operator:    "If every user gets it, check IIS authentication settings and the OWA virtual directories.",
		Related:     []Link{{401, "Unauthorized"}, {419, "Page Expired"}},
	},
	{
		Code: 449, Phrase: "Retry With",
		Vendor: vMicrosoft, Ref: "[MS-WDV] 3.1.5.5 Retrying a Request with the 449 Status Code", Source: "https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-wdv/31cfbd6d-fab9-475c-8309-96c91fc27936",
		Summary:     "retry with the requested information",
		Description: "A Microsoft WebDAV extension: the server needs more information before it answers and sends an Ms-Echo-Request header; a client that supports the extension repeats the request with Ms-Echo-Reply.",
		Client:      "Repeat the request with the Ms-Echo-Reply header.",
		Operator:    "Only Microsoft WebDAV clients understand it.",
		Related:     []Link{{428, "Precondition Required"}},
	},
	{
		Code: 450, Phrase: "Blocked by Windows Parental Controls",
		Vendor:      vWindows,
		SourceNote:  "No Microsoft documentation found; the meaning is widely repeated but unsourced.",
		Summary:     "Windows Parental Controls blocked the page",
		Description: "Reported as the status Windows Parental Controls produced when it blocked a web page for a restricted account. It is generated on the client side, so it should not appear in a server's access log.",
		Client:      "A parent or administrator must allow the site.",
		Operator:    "If your server logs it, something other than Windows produced it.",
		Related:     []Link{{403, "Forbidden"}, {451, "Unavailable For Legal Reasons"}},
	},
	{
		Code: 451, Phrase: "Redirect",
		Vendor: vExchange, Ref: "[MS-ASHTTP] 3.1.5.2.2 HTTP Error 451", Source: "https://learn.microsoft.com/en-us/openspecs/exchange_server_protocols/ms-ashttp/a907164a-907c-48b4-b2ef-44a06867f03f",
		Summary:     "use another server",
		Description: "Exchange ActiveSync answers 451 when a device connects to a server that cannot reach the user's mailbox, or when a better server exists; the X-MS-Location header names it. Without that header the client runs Autodiscover again. It clashes with IANA's 451 Unavailable For Legal Reasons.",
		Client:      "Use the URL in X-MS-Location for subsequent requests.",
		Operator:    "Check Autodiscover and the ActiveSync URLs published to devices.",
		Related:     []Link{{302, "Found"}, {307, "Temporary Redirect"}},
	},

	// Frameworks and APIs
	{
		Code: 419, Phrase: "Page Expired", Aliases: []string{"CSRF Token Mismatch"},
		Vendor: vLaravel, Ref: "Laravel Illuminate/Foundation/Exceptions/Handler.php", Source: "https://github.com/laravel/framework/blob/12.x/src/Illuminate/Foundation/Exceptions/Handler.php",
		SourceNote:  "Laravel's own source maps TokenMismatchException to 419; its CSRF documentation describes the check but does not name the code.",
		Summary:     "CSRF token missing or expired",
		Description: "Laravel turns a failed CSRF check into 419 \"Page Expired\": the form was submitted without the token, or with one from an expired session (a page left open too long, a session cookie lost, a cached page).",
		Client:      "Reload the page to get a fresh token, then submit again.",
		Operator:    "Many 419s point at session lifetime, cookie domain or caching of pages that contain forms.",
		Related:     []Link{{403, "Forbidden"}, {440, "Login Time-out"}},
	},
	{
		Code: 419, Phrase: "Insufficient Space On Resource",
		Vendor: vSpring, Ref: "Spring HttpStatus.INSUFFICIENT_SPACE_ON_RESOURCE (deprecated)", Source: srcSpring,
		Summary:     "deprecated WebDAV-draft code for no space",
		Description: "A deprecated constant in Spring's HttpStatus, taken from a WebDAV draft; the final WebDAV standard uses 507 Insufficient Storage instead. A Spring application that sends it uses the old constant.",
		Client:      "Treat as 507.",
		Operator:    "Replace the constant with 507.",
		Related:     []Link{{507, "Insufficient Storage"}},
	},
	{
		Code: 420, Phrase: "Method Failure",
		Vendor: vSpring, Ref: "Spring HttpStatus.METHOD_FAILURE (deprecated)", Source: srcSpring,
		Summary:     "deprecated WebDAV-draft code for a failed method",
		Description: "A deprecated constant in Spring's HttpStatus, taken from a WebDAV draft, for a method that failed; the final WebDAV standard has 424 Failed Dependency for the related case.",
		Client:      "Treat as a generic 4xx.",
		Operator:    "Replace the constant with a registered code.",
		Related:     []Link{{424, "Failed Dependency"}, {500, "Internal Server Error"}},
	},
	{
		Code: 420, Phrase: "Enhance Your Calm",
		Vendor:      vTwitter,
		SourceNote:  "Twitter's API v1 documentation, which defined it, has been withdrawn; no current vendor page found.",
		Summary:     "rate limited (before 429)",
		Description: "Twitter's version 1 API answered 420 when a client was rate limited, before 429 Too Many Requests was standardised; later versions use 429.",
		Client:      "Back off as for 429.",
		Operator:    "Send 429 in your own APIs.",
		Related:     []Link{{429, "Too Many Requests"}},
	},
	{
		Code: 430, Phrase: "Shopify Security Rejection", Aliases: []string{"Security Rejection"},
		Vendor: vShopify, Ref: "Shopify API response status and error codes", Source: srcShopify,
		Summary:     "request rejected as possibly malicious",
		Description: "Shopify rejects a request that looks malicious, to protect the app from attacks. Shopify asks server-side Storefront API calls to pass the buyer's IP header, so that its checks see the real client.",
		Client:      "Slow down and send the buyer IP header on server-side Storefront calls; contact Shopify if it persists.",
		Operator:    "Look at request patterns from your own servers towards Shopify.",
		Related:     []Link{{403, "Forbidden"}, {429, "Too Many Requests"}},
	},
	{
		Code: 540, Phrase: "Temporarily Disabled",
		Vendor: vShopify, Ref: "Shopify API response status and error codes", Source: srcShopify,
		Summary:     "endpoint temporarily disabled",
		Description: "The requested Shopify endpoint has been temporarily disabled and will be back shortly.",
		Client:      "Retry later.",
		Operator:    "Check Shopify's status page.",
		Related:     []Link{{503, "Service Unavailable"}},
	},
	{
		Code: 498, Phrase: "Invalid Token",
		Vendor:      vEsri,
		SourceNote:  "No dedicated Esri page found; ArcGIS REST error responses carry it (see Esri's article on 499).",
		Summary:     "token expired, revoked or invalid",
		Description: "ArcGIS services answer 498 when the request carries a token that is expired, revoked, malformed or issued for another server. ArcGIS often puts the code in a JSON error body with HTTP 200, so access logs may show 200.",
		Client:      "Generate a new token and retry.",
		Operator:    "Check token lifetimes and clock skew; a proxy changing the client address breaks IP-bound tokens.",
		Related:     []Link{{401, "Unauthorized"}, {499, "Token Required"}},
	},
	{
		Code: 499, Phrase: "Token Required",
		Vendor: vEsri, Ref: "Esri technical article 000022899", Source: "https://support.esri.com/en-us/knowledge-base/error-authentication-token-required-status-code-499-000022899",
		Summary:     "the secured resource needs a token",
		Description: "ArcGIS services answer 499 when a secured service or item is requested without a token. As with 498, the code often travels in a JSON error body with HTTP 200. Unrelated to nginx's 499.",
		Client:      "Authenticate and send a token.",
		Operator:    "Share the service publicly, or make clients authenticate.",
		Related:     []Link{{401, "Unauthorized"}, {498, "Invalid Token"}},
	},

	// Hosting and services
	{
		Code: 530, Phrase: "Site Frozen", Aliases: []string{"Site is frozen"},
		Vendor: vPantheon, Ref: "Pantheon platform considerations: Inactive Site Freezing", Source: "https://docs.pantheon.io/platform-considerations#inactive-site-freezing",
		Summary:     "inactive sandbox site frozen",
		Description: "Pantheon freezes sandbox sites that have had no code activity for months; every request to a frozen site gets 530 until someone unfreezes it in the dashboard.",
		Client:      "Nothing; the site owner must unfreeze it.",
		Operator:    "Unfreeze the site in the Pantheon dashboard.",
		Related:     []Link{{503, "Service Unavailable"}},
	},
	{
		Code: 509, Phrase: "Bandwidth Limit Exceeded",
		Vendor:      vCPanel,
		SourceNote:  "No vendor documentation found; it comes from third-party Apache bandwidth modules (mod_bw, mod_cband) and is used by cPanel hosts.",
		Summary:     "hosting account exceeded its bandwidth quota",
		Description: "Shared hosts answer 509 when an account has used up the bandwidth its plan allows, until the period resets or the limit is raised.",
		Client:      "Retry after the quota resets.",
		Operator:    "Raise the plan's limit or cut heavy downloads (hotlinked media).",
		Related:     []Link{{503, "Service Unavailable"}, {429, "Too Many Requests"}},
	},
	{
		Code: 529, Phrase: "Service Overloaded", Aliases: []string{"Site Is Overloaded"},
		Vendor: vQualys, Ref: "SSL Labs API v3 documentation: error response status codes", Source: "https://github.com/ssllabs/ssllabs-scan/blob/master/ssllabs-api-docs-v3.md",
		Summary:     "the service is overloaded",
		Description: "The SSL Labs assessment API answers 529 when the service is overloaded (503 means it is down for maintenance).",
		Client:      "Sleep for a long, randomised interval (Qualys suggests about 30 minutes) before retrying.",
		Operator:    "Throttle the clients that call the API.",
		Related:     []Link{{503, "Service Unavailable"}, {429, "Too Many Requests"}},
	},

	// Historical proposals
	{
		Code: 103, Phrase: "Checkpoint",
		Vendor: vGears, Ref: "Gears ResumableHttpRequestsProposal (archived)", Source: "https://web.archive.org/web/20151013212135/http://code.google.com:80/p/gears/wiki/ResumableHttpRequestsProposal",
		SourceNote:  "A Google Gears design proposal, last updated in 2010 and never standardised. Spring Framework carried it as HttpStatus.CHECKPOINT until 6.0.5 deprecated it in favour of EARLY_HINTS.",
		Interim:     true,
		Summary:     "resumable-requests proposal; superseded by Early Hints",
		Description: "Google's Gears project proposed a protocol for resuming aborted POST and PUT requests, so that large uploads need not start again after a broken connection, and used 103 \"Checkpoint\" in it. The proposal was never standardised and Gears was discontinued; RFC 8297 later registered 103 as Early Hints, which is what a 103 means today. Code lists and libraries still carry the old name.",
		Client:      "Treat a 103 as Early Hints.",
		Operator:    "A 103 in a log today is Early Hints; resumable uploads are now the subject of the IETF draft behind 104.",
		Related:     []Link{{103, "Early Hints"}, {104, "Upload Resumption Supported"}},
	},

	// Informal conventions
	{
		Code: 218, Phrase: "This is fine",
		Vendor:      vInformal,
		SourceNote:  "Attributed to Apache HTTP Server in code lists; no Apache documentation found.",
		Summary:     "error passed through as a success",
		Description: "A joke code sometimes listed as what Apache sends for an error passed through while ProxyErrorOverride is on. Nothing documents it.",
		Client:      "Treat as 200 but distrust the content.",
		Operator:    "If your servers log it, find out what generates it.",
		Related:     []Link{{200, "OK"}, {500, "Internal Server Error"}},
	},
	{
		Code: 598, Phrase: "Network Read Timeout Error",
		Vendor:      vInformal,
		SourceNote:  "No vendor documentation found; an informal convention of some proxies.",
		Summary:     "proxy read timeout behind the proxy",
		Description: "An informal code some HTTP proxies use when a read from the upstream network times out behind them, where a standard proxy would send 504.",
		Client:      "Retry later.",
		Operator:    "Treat as 504: find the slow upstream.",
		Related:     []Link{{504, "Gateway Timeout"}, {599, "Network Connect Timeout Error"}},
	},
	{
		Code: 599, Phrase: "Network Connect Timeout Error",
		Vendor: vInformal, Ref: "Tornado tornado.httpclient.HTTPClientError", Source: "https://www.tornadoweb.org/en/stable/httpclient.html#tornado.httpclient.HTTPClientError",
		SourceNote:  "No single owner: some proxies use it for a connect timeout upstream, and HTTP client libraries (Tornado, Perl's HTTP::Tiny) report 599 when no HTTP response was received, e.g. after a timeout.",
		Summary:     "connect timeout or no response at all",
		Description: "An informal code for a network connect timeout behind a proxy. Client libraries also invent 599 for \"no HTTP response was received\", so in client-side logs it means the request never got an answer.",
		Client:      "Retry later; check connectivity.",
		Operator:    "Treat as 504 or 502; check the network path to the upstream.",
		Related:     []Link{{504, "Gateway Timeout"}, {598, "Network Read Timeout Error"}, {522, "Connection Timed Out"}},
	},
}
