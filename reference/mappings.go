package reference

import "strconv"

// This file maps status codes to what developers meet in code: gRPC status
// codes in both directions, the constant names of common frameworks, and
// whether a client may retry.

// The gRPC → HTTP direction is Google's: the comments of google.rpc.Code
// (https://github.com/googleapis/googleapis/blob/master/google/rpc/code.proto)
// give each gRPC status the HTTP code an HTTP/JSON gateway answers with.
// Several gRPC codes share one HTTP code (400 is INVALID_ARGUMENT,
// FAILED_PRECONDITION and OUT_OF_RANGE).
var grpcToHTTP = [...]struct {
	name string
	http int
}{
	{"OK", 200},                  // 0, code.proto: "HTTP Mapping: 200 OK"
	{"CANCELLED", 499},           // 1, code.proto: "HTTP Mapping: 499 Client Closed Request"
	{"UNKNOWN", 500},             // 2, code.proto: "HTTP Mapping: 500 Internal Server Error"
	{"INVALID_ARGUMENT", 400},    // 3, code.proto: "HTTP Mapping: 400 Bad Request"
	{"DEADLINE_EXCEEDED", 504},   // 4, code.proto: "HTTP Mapping: 504 Gateway Timeout"
	{"NOT_FOUND", 404},           // 5, code.proto: "HTTP Mapping: 404 Not Found"
	{"ALREADY_EXISTS", 409},      // 6, code.proto: "HTTP Mapping: 409 Conflict"
	{"PERMISSION_DENIED", 403},   // 7, code.proto: "HTTP Mapping: 403 Forbidden"
	{"RESOURCE_EXHAUSTED", 429},  // 8, code.proto: "HTTP Mapping: 429 Too Many Requests"
	{"FAILED_PRECONDITION", 400}, // 9, code.proto: "HTTP Mapping: 400 Bad Request"
	{"ABORTED", 409},             // 10, code.proto: "HTTP Mapping: 409 Conflict"
	{"OUT_OF_RANGE", 400},        // 11, code.proto: "HTTP Mapping: 400 Bad Request"
	{"UNIMPLEMENTED", 501},       // 12, code.proto: "HTTP Mapping: 501 Not Implemented"
	{"INTERNAL", 500},            // 13, code.proto: "HTTP Mapping: 500 Internal Server Error"
	{"UNAVAILABLE", 503},         // 14, code.proto: "HTTP Mapping: 503 Service Unavailable"
	{"DATA_LOSS", 500},           // 15, code.proto: "HTTP Mapping: 500 Internal Server Error"
	{"UNAUTHENTICATED", 401},     // 16, code.proto: "HTTP Mapping: 401 Unauthorized"
}

// The HTTP → gRPC direction is gRPC's: doc/http-grpc-status-mapping.md
// (https://github.com/grpc/grpc/blob/master/doc/http-grpc-status-mapping.md)
// tells a gRPC client what status to report when a response, typically from
// an intermediary, carries no grpc-status. Every final code not listed is
// UNKNOWN (200 too: a real OK carries grpc-status); 1xx are skipped, a final
// response follows. The table is neither symmetric with grpcToHTTP nor one to
// one, and servers must not use it to choose an HTTP code.
var httpToGRPC = map[int]string{
	400: "INTERNAL",          // http-grpc-status-mapping.md: "400 Bad Request | INTERNAL"
	401: "UNAUTHENTICATED",   // http-grpc-status-mapping.md: "401 Unauthorized | UNAUTHENTICATED"
	403: "PERMISSION_DENIED", // http-grpc-status-mapping.md: "403 Forbidden | PERMISSION_DENIED"
	404: "UNIMPLEMENTED",     // http-grpc-status-mapping.md: "404 Not Found | UNIMPLEMENTED"
	429: "UNAVAILABLE",       // http-grpc-status-mapping.md: "429 Too Many Requests | UNAVAILABLE"
	431: "INTERNAL",          // http-grpc-status-mapping.md: "431 Request Header Fields Too Large | INTERNAL"
	502: "UNAVAILABLE",       // http-grpc-status-mapping.md: "502 Bad Gateway | UNAVAILABLE"
	503: "UNAVAILABLE",       // http-grpc-status-mapping.md: "503 Service Unavailable | UNAVAILABLE"
	504: "UNAVAILABLE",       // http-grpc-status-mapping.md: "504 Gateway Timeout | UNAVAILABLE"
}

// GRPC is how a status code meets gRPC, in both directions.
type GRPC struct {
	// FromGRPC are the google.rpc.Code names a server or gateway maps to this
	// HTTP code (gRPC → HTTP), in gRPC code order; none for most codes.
	FromGRPC []string
	// ToGRPC is the status a gRPC client reports on receiving this HTTP code
	// without grpc-status (HTTP → gRPC); "" for 1xx, which it skips.
	ToGRPC string
}

// GRPCOf returns the gRPC mappings of code, for any valid code.
func GRPCOf(code int) GRPC {
	var g GRPC
	for _, m := range grpcToHTTP {
		if m.http == code {
			g.FromGRPC = append(g.FromGRPC, m.name)
		}
	}
	switch {
	case !Valid(code) || ClassOf(code) == 1:
	case httpToGRPC[code] != "":
		g.ToGRPC = httpToGRPC[code]
	default:
		g.ToGRPC = "UNKNOWN"
	}
	return g
}

// HTTPFromGRPC returns the HTTP code google.rpc.Code maps a gRPC status name
// to, such as 429 for "RESOURCE_EXHAUSTED", and false for an unknown name.
func HTTPFromGRPC(name string) (int, bool) {
	for _, m := range grpcToHTTP {
		if m.name == name {
			return m.http, true
		}
	}
	return 0, false
}

// Constant is the name one framework gives a status code.
type Constant struct {
	// Framework is "Go", "Python", "Node", "Spring", ".NET" or "Rails".
	Framework string
	// Name is written as code uses it: http.StatusTooManyRequests,
	// HTTPStatus.TOO_MANY_REQUESTS, :too_many_requests. Node has no
	// constants; its entry is the phrase in http.STATUS_CODES.
	Name string
}

// constantNames holds, per registered code, the bare names below; "" where
// the framework has none. Sources, one per column:
//
//	Go      net/http status.go (checked against the package by the tests)
//	Python  http.HTTPStatus, names valid from Python 3.9 on; 3.13 adds the
//	        RFC 9110 names CONTENT_TOO_LARGE, URI_TOO_LONG,
//	        RANGE_NOT_SATISFIABLE and UNPROCESSABLE_CONTENT as aliases
//	Node    http.STATUS_CODES of Node.js 20 (lib/_http_server.js)
//	Spring  org.springframework.http.HttpStatus, Spring Framework 6.0
//	.NET    Microsoft.AspNetCore.Http.StatusCodes (Http.Abstractions)
//	Rails   Rack::Utils::SYMBOL_TO_STATUS_CODE, Rack 3.1 (derived from IANA's
//	        table, so no 306 or 418, and 510 only as an obsolete symbol)
var constantNames = [...]struct {
	code                                        int
	goName, python, node, spring, dotnet, rails string
}{
	{100, "StatusContinue", "CONTINUE", "Continue", "CONTINUE", "Status100Continue", "continue"},
	{101, "StatusSwitchingProtocols", "SWITCHING_PROTOCOLS", "Switching Protocols", "SWITCHING_PROTOCOLS", "Status101SwitchingProtocols", "switching_protocols"},
	{102, "StatusProcessing", "PROCESSING", "Processing", "PROCESSING", "Status102Processing", "processing"},
	{103, "StatusEarlyHints", "EARLY_HINTS", "Early Hints", "", "", "early_hints"}, // Spring 6.0 has CHECKPOINT, an older meaning
	{104, "", "", "", "", "", ""},
	{200, "StatusOK", "OK", "OK", "OK", "Status200OK", "ok"},
	{201, "StatusCreated", "CREATED", "Created", "CREATED", "Status201Created", "created"},
	{202, "StatusAccepted", "ACCEPTED", "Accepted", "ACCEPTED", "Status202Accepted", "accepted"},
	{203, "StatusNonAuthoritativeInfo", "NON_AUTHORITATIVE_INFORMATION", "Non-Authoritative Information", "NON_AUTHORITATIVE_INFORMATION", "Status203NonAuthoritative", "non_authoritative_information"},
	{204, "StatusNoContent", "NO_CONTENT", "No Content", "NO_CONTENT", "Status204NoContent", "no_content"},
	{205, "StatusResetContent", "RESET_CONTENT", "Reset Content", "RESET_CONTENT", "Status205ResetContent", "reset_content"},
	{206, "StatusPartialContent", "PARTIAL_CONTENT", "Partial Content", "PARTIAL_CONTENT", "Status206PartialContent", "partial_content"},
	{207, "StatusMultiStatus", "MULTI_STATUS", "Multi-Status", "MULTI_STATUS", "Status207MultiStatus", "multi_status"},
	{208, "StatusAlreadyReported", "ALREADY_REPORTED", "Already Reported", "ALREADY_REPORTED", "Status208AlreadyReported", "already_reported"},
	{226, "StatusIMUsed", "IM_USED", "IM Used", "IM_USED", "Status226IMUsed", "im_used"},
	{300, "StatusMultipleChoices", "MULTIPLE_CHOICES", "Multiple Choices", "MULTIPLE_CHOICES", "Status300MultipleChoices", "multiple_choices"},
	{301, "StatusMovedPermanently", "MOVED_PERMANENTLY", "Moved Permanently", "MOVED_PERMANENTLY", "Status301MovedPermanently", "moved_permanently"},
	{302, "StatusFound", "FOUND", "Found", "FOUND", "Status302Found", "found"},
	{303, "StatusSeeOther", "SEE_OTHER", "See Other", "SEE_OTHER", "Status303SeeOther", "see_other"},
	{304, "StatusNotModified", "NOT_MODIFIED", "Not Modified", "NOT_MODIFIED", "Status304NotModified", "not_modified"},
	{305, "StatusUseProxy", "USE_PROXY", "Use Proxy", "USE_PROXY", "Status305UseProxy", "use_proxy"},
	{306, "", "", "", "", "Status306SwitchProxy", ""},
	{307, "StatusTemporaryRedirect", "TEMPORARY_REDIRECT", "Temporary Redirect", "TEMPORARY_REDIRECT", "Status307TemporaryRedirect", "temporary_redirect"},
	{308, "StatusPermanentRedirect", "PERMANENT_REDIRECT", "Permanent Redirect", "PERMANENT_REDIRECT", "Status308PermanentRedirect", "permanent_redirect"},
	{400, "StatusBadRequest", "BAD_REQUEST", "Bad Request", "BAD_REQUEST", "Status400BadRequest", "bad_request"},
	{401, "StatusUnauthorized", "UNAUTHORIZED", "Unauthorized", "UNAUTHORIZED", "Status401Unauthorized", "unauthorized"},
	{402, "StatusPaymentRequired", "PAYMENT_REQUIRED", "Payment Required", "PAYMENT_REQUIRED", "Status402PaymentRequired", "payment_required"},
	{403, "StatusForbidden", "FORBIDDEN", "Forbidden", "FORBIDDEN", "Status403Forbidden", "forbidden"},
	{404, "StatusNotFound", "NOT_FOUND", "Not Found", "NOT_FOUND", "Status404NotFound", "not_found"},
	{405, "StatusMethodNotAllowed", "METHOD_NOT_ALLOWED", "Method Not Allowed", "METHOD_NOT_ALLOWED", "Status405MethodNotAllowed", "method_not_allowed"},
	{406, "StatusNotAcceptable", "NOT_ACCEPTABLE", "Not Acceptable", "NOT_ACCEPTABLE", "Status406NotAcceptable", "not_acceptable"},
	{407, "StatusProxyAuthRequired", "PROXY_AUTHENTICATION_REQUIRED", "Proxy Authentication Required", "PROXY_AUTHENTICATION_REQUIRED", "Status407ProxyAuthenticationRequired", "proxy_authentication_required"},
	{408, "StatusRequestTimeout", "REQUEST_TIMEOUT", "Request Timeout", "REQUEST_TIMEOUT", "Status408RequestTimeout", "request_timeout"},
	{409, "StatusConflict", "CONFLICT", "Conflict", "CONFLICT", "Status409Conflict", "conflict"},
	{410, "StatusGone", "GONE", "Gone", "GONE", "Status410Gone", "gone"},
	{411, "StatusLengthRequired", "LENGTH_REQUIRED", "Length Required", "LENGTH_REQUIRED", "Status411LengthRequired", "length_required"},
	{412, "StatusPreconditionFailed", "PRECONDITION_FAILED", "Precondition Failed", "PRECONDITION_FAILED", "Status412PreconditionFailed", "precondition_failed"},
	{413, "StatusRequestEntityTooLarge", "REQUEST_ENTITY_TOO_LARGE", "Payload Too Large", "PAYLOAD_TOO_LARGE", "Status413PayloadTooLarge", "content_too_large"},
	{414, "StatusRequestURITooLong", "REQUEST_URI_TOO_LONG", "URI Too Long", "URI_TOO_LONG", "Status414UriTooLong", "uri_too_long"},
	{415, "StatusUnsupportedMediaType", "UNSUPPORTED_MEDIA_TYPE", "Unsupported Media Type", "UNSUPPORTED_MEDIA_TYPE", "Status415UnsupportedMediaType", "unsupported_media_type"},
	{416, "StatusRequestedRangeNotSatisfiable", "REQUESTED_RANGE_NOT_SATISFIABLE", "Range Not Satisfiable", "REQUESTED_RANGE_NOT_SATISFIABLE", "Status416RangeNotSatisfiable", "range_not_satisfiable"},
	{417, "StatusExpectationFailed", "EXPECTATION_FAILED", "Expectation Failed", "EXPECTATION_FAILED", "Status417ExpectationFailed", "expectation_failed"},
	{418, "StatusTeapot", "IM_A_TEAPOT", "I'm a Teapot", "I_AM_A_TEAPOT", "Status418ImATeapot", ""},
	{421, "StatusMisdirectedRequest", "MISDIRECTED_REQUEST", "Misdirected Request", "", "Status421MisdirectedRequest", "misdirected_request"}, // Spring 6.0's 421 is the deprecated WebDAV-draft DESTINATION_LOCKED
	{422, "StatusUnprocessableEntity", "UNPROCESSABLE_ENTITY", "Unprocessable Entity", "UNPROCESSABLE_ENTITY", "Status422UnprocessableEntity", "unprocessable_content"},
	{423, "StatusLocked", "LOCKED", "Locked", "LOCKED", "Status423Locked", "locked"},
	{424, "StatusFailedDependency", "FAILED_DEPENDENCY", "Failed Dependency", "FAILED_DEPENDENCY", "Status424FailedDependency", "failed_dependency"},
	{425, "StatusTooEarly", "TOO_EARLY", "Too Early", "TOO_EARLY", "", "too_early"},
	{426, "StatusUpgradeRequired", "UPGRADE_REQUIRED", "Upgrade Required", "UPGRADE_REQUIRED", "Status426UpgradeRequired", "upgrade_required"},
	{428, "StatusPreconditionRequired", "PRECONDITION_REQUIRED", "Precondition Required", "PRECONDITION_REQUIRED", "Status428PreconditionRequired", "precondition_required"},
	{429, "StatusTooManyRequests", "TOO_MANY_REQUESTS", "Too Many Requests", "TOO_MANY_REQUESTS", "Status429TooManyRequests", "too_many_requests"},
	{431, "StatusRequestHeaderFieldsTooLarge", "REQUEST_HEADER_FIELDS_TOO_LARGE", "Request Header Fields Too Large", "REQUEST_HEADER_FIELDS_TOO_LARGE", "Status431RequestHeaderFieldsTooLarge", "request_header_fields_too_large"},
	{451, "StatusUnavailableForLegalReasons", "UNAVAILABLE_FOR_LEGAL_REASONS", "Unavailable For Legal Reasons", "UNAVAILABLE_FOR_LEGAL_REASONS", "Status451UnavailableForLegalReasons", "unavailable_for_legal_reasons"},
	{500, "StatusInternalServerError", "INTERNAL_SERVER_ERROR", "Internal Server Error", "INTERNAL_SERVER_ERROR", "Status500InternalServerError", "internal_server_error"},
	{501, "StatusNotImplemented", "NOT_IMPLEMENTED", "Not Implemented", "NOT_IMPLEMENTED", "Status501NotImplemented", "not_implemented"},
	{502, "StatusBadGateway", "BAD_GATEWAY", "Bad Gateway", "BAD_GATEWAY", "Status502BadGateway", "bad_gateway"},
	{503, "StatusServiceUnavailable", "SERVICE_UNAVAILABLE", "Service Unavailable", "SERVICE_UNAVAILABLE", "Status503ServiceUnavailable", "service_unavailable"},
	{504, "StatusGatewayTimeout", "GATEWAY_TIMEOUT", "Gateway Timeout", "GATEWAY_TIMEOUT", "Status504GatewayTimeout", "gateway_timeout"},
	{505, "StatusHTTPVersionNotSupported", "HTTP_VERSION_NOT_SUPPORTED", "HTTP Version Not Supported", "HTTP_VERSION_NOT_SUPPORTED", "Status505HttpVersionNotsupported", "http_version_not_supported"}, // .NET's lower-case "s" is in the source
	{506, "StatusVariantAlsoNegotiates", "VARIANT_ALSO_NEGOTIATES", "Variant Also Negotiates", "VARIANT_ALSO_NEGOTIATES", "Status506VariantAlsoNegotiates", "variant_also_negotiates"},
	{507, "StatusInsufficientStorage", "INSUFFICIENT_STORAGE", "Insufficient Storage", "INSUFFICIENT_STORAGE", "Status507InsufficientStorage", "insufficient_storage"},
	{508, "StatusLoopDetected", "LOOP_DETECTED", "Loop Detected", "LOOP_DETECTED", "Status508LoopDetected", "loop_detected"},
	{510, "StatusNotExtended", "NOT_EXTENDED", "Not Extended", "NOT_EXTENDED", "Status510NotExtended", ""},
	{511, "StatusNetworkAuthenticationRequired", "NETWORK_AUTHENTICATION_REQUIRED", "Network Authentication Required", "NETWORK_AUTHENTICATION_REQUIRED", "Status511NetworkAuthenticationRequired", "network_authentication_required"},
}

// Constants returns the names common frameworks give a registered code, in
// the order Go, Python, Node, Spring, .NET, Rails, leaving out frameworks
// without one; nil for a code IANA does not list.
func Constants(code int) []Constant {
	for _, c := range constantNames {
		if c.code != code {
			continue
		}
		var out []Constant
		add := func(framework, prefix, name, suffix string) {
			if name != "" {
				out = append(out, Constant{framework, prefix + name + suffix})
			}
		}
		add("Go", "http.", c.goName, "")
		add("Python", "HTTPStatus.", c.python, "")
		if c.node != "" {
			add("Node", "http.STATUS_CODES[", strconv.Itoa(code), "] \""+c.node+"\"")
		}
		add("Spring", "HttpStatus.", c.spring, "")
		add(".NET", "StatusCodes.", c.dotnet, "")
		add("Rails", ":", c.rails, "")
		return out
	}
	return nil
}

// Retry says whether a client may retry a request that got a code.
type Retry struct {
	// Retryable: the code reports a transient condition (a timeout,
	// overload, an origin or upstream briefly unreachable), so the same
	// request, unchanged, can succeed later. Retry idempotent requests only
	// (RFC 9110 §9.2.2), with backoff. Codes that report a problem with the
	// request, the configuration or the client's credentials are not
	// retryable: sending the same request again gets the same answer.
	Retryable bool
	// HonoursRetryAfter: the code's definition gives Retry-After a meaning,
	// so a client that retries waits at least that long: 503 (RFC 9110
	// §15.6.4), 429 (RFC 6585 §4) and 413 when the limit is temporary (RFC
	// 9110 §15.5.14).
	HonoursRetryAfter bool
}

// retryable lists the codes whose condition is transient, with the reason.
var retryable = map[int]string{
	408: "the server timed out waiting for the request (RFC 9110 §15.5.9)",
	425: "replay risk of early data; retry after the handshake (RFC 8470 §5.2)",
	429: "rate limited (RFC 6585 §4)",
	500: "often transient; retry idempotent requests a bounded number of times",
	502: "an upstream answered badly, often while restarting",
	503: "overload or maintenance (RFC 9110 §15.6.4)",
	504: "an upstream timed out",
	520: "Cloudflare: the origin answered with nothing it understood",
	521: "Cloudflare: the origin refused the connection",
	522: "Cloudflare: connecting to the origin timed out",
	523: "Cloudflare: the origin was unreachable",
	524: "Cloudflare: the origin did not answer in time",
	529: "Qualys SSL Labs: service overloaded",
	598: "informal: a proxy's read timeout",
	599: "informal: a proxy's connect timeout",
}

// honoursRetryAfter lists the codes whose definition gives Retry-After a
// meaning.
var honoursRetryAfter = map[int]bool{413: true, 429: true, 503: true}

// RetryOf returns whether a client may retry after code.
func RetryOf(code int) Retry {
	_, ok := retryable[code]
	return Retry{Retryable: ok, HonoursRetryAfter: honoursRetryAfter[code]}
}
