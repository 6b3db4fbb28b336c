package reference

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

// netHTTPConstants is net/http's status constants by name, written out so
// that the compiler checks every name exists and the test checks the value
// the registry's Go name stands for.
var netHTTPConstants = map[string]int{
	"StatusContinue":                      http.StatusContinue,
	"StatusSwitchingProtocols":            http.StatusSwitchingProtocols,
	"StatusProcessing":                    http.StatusProcessing,
	"StatusEarlyHints":                    http.StatusEarlyHints,
	"StatusOK":                            http.StatusOK,
	"StatusCreated":                       http.StatusCreated,
	"StatusAccepted":                      http.StatusAccepted,
	"StatusNonAuthoritativeInfo":          http.StatusNonAuthoritativeInfo,
	"StatusNoContent":                     http.StatusNoContent,
	"StatusResetContent":                  http.StatusResetContent,
	"StatusPartialContent":                http.StatusPartialContent,
	"StatusMultiStatus":                   http.StatusMultiStatus,
	"StatusAlreadyReported":               http.StatusAlreadyReported,
	"StatusIMUsed":                        http.StatusIMUsed,
	"StatusMultipleChoices":               http.StatusMultipleChoices,
	"StatusMovedPermanently":              http.StatusMovedPermanently,
	"StatusFound":                         http.StatusFound,
	"StatusSeeOther":                      http.StatusSeeOther,
	"StatusNotModified":                   http.StatusNotModified,
	"StatusUseProxy":                      http.StatusUseProxy,
	"StatusTemporaryRedirect":             http.StatusTemporaryRedirect,
	"StatusPermanentRedirect":             http.StatusPermanentRedirect,
	"StatusBadRequest":                    http.StatusBadRequest,
	"StatusUnauthorized":                  http.StatusUnauthorized,
	"StatusPaymentRequired":               http.StatusPaymentRequired,
	"StatusForbidden":                     http.StatusForbidden,
	"StatusNotFound":                      http.StatusNotFound,
	"StatusMethodNotAllowed":              http.StatusMethodNotAllowed,
	"StatusNotAcceptable":                 http.StatusNotAcceptable,
	"StatusProxyAuthRequired":             http.StatusProxyAuthRequired,
	"StatusRequestTimeout":                http.StatusRequestTimeout,
	"StatusConflict":                      http.StatusConflict,
	"StatusGone":                          http.StatusGone,
	"StatusLengthRequired":                http.StatusLengthRequired,
	"StatusPreconditionFailed":            http.StatusPreconditionFailed,
	"StatusRequestEntityTooLarge":         http.StatusRequestEntityTooLarge,
	"StatusRequestURITooLong":             http.StatusRequestURITooLong,
	"StatusUnsupportedMediaType":          http.StatusUnsupportedMediaType,
	"StatusRequestedRangeNotSatisfiable":  http.StatusRequestedRangeNotSatisfiable,
	"StatusExpectationFailed":             http.StatusExpectationFailed,
	"StatusTeapot":                        http.StatusTeapot,
	"StatusMisdirectedRequest":            http.StatusMisdirectedRequest,
	"StatusUnprocessableEntity":           http.StatusUnprocessableEntity,
	"StatusLocked":                        http.StatusLocked,
	"StatusFailedDependency":              http.StatusFailedDependency,
	"StatusTooEarly":                      http.StatusTooEarly,
	"StatusUpgradeRequired":               http.StatusUpgradeRequired,
	"StatusPreconditionRequired":          http.StatusPreconditionRequired,
	"StatusTooManyRequests":               http.StatusTooManyRequests,
	"StatusRequestHeaderFieldsTooLarge":   http.StatusRequestHeaderFieldsTooLarge,
	"StatusUnavailableForLegalReasons":    http.StatusUnavailableForLegalReasons,
	"StatusInternalServerError":           http.StatusInternalServerError,
	"StatusNotImplemented":                http.StatusNotImplemented,
	"StatusBadGateway":                    http.StatusBadGateway,
	"StatusServiceUnavailable":            http.StatusServiceUnavailable,
	"StatusGatewayTimeout":                http.StatusGatewayTimeout,
	"StatusHTTPVersionNotSupported":       http.StatusHTTPVersionNotSupported,
	"StatusVariantAlsoNegotiates":         http.StatusVariantAlsoNegotiates,
	"StatusInsufficientStorage":           http.StatusInsufficientStorage,
	"StatusLoopDetected":                  http.StatusLoopDetected,
	"StatusNotExtended":                   http.StatusNotExtended,
	"StatusNetworkAuthenticationRequired": http.StatusNetworkAuthenticationRequired,
}

// constantOf returns the name framework gives code, or "".
func constantOf(code int, framework string) string {
	for _, c := range Constants(code) {
		if c.Framework == framework {
			return c.Name
		}
	}
	return ""
}

// TestGoConstantsMatchNetHTTP checks every Go name against net/http by
// value, and that every net/http constant is named for its code.
func TestGoConstantsMatchNetHTTP(t *testing.T) {
	named := map[string]bool{}
	for _, s := range All() {
		name, ok := strings.CutPrefix(constantOf(s.Code, "Go"), "http.")
		if !ok {
			if http.StatusText(s.Code) != "" {
				t.Errorf("%d: net/http knows the code (%q), the registry gives no Go name", s.Code, http.StatusText(s.Code))
			}
			continue
		}
		v, known := netHTTPConstants[name]
		switch {
		case !known:
			t.Errorf("%d: http.%s is not a net/http constant", s.Code, name)
		case v != s.Code:
			t.Errorf("%d: http.%s is %d", s.Code, name, v)
		}
		named[name] = true
	}
	for name, v := range netHTTPConstants {
		if !named[name] {
			t.Errorf("http.%s (%d) is named for no code", name, v)
		}
	}
}

// TestConstantsSamples checks names copied by hand from each framework's
// source (see constantNames for the versions).
func TestConstantsSamples(t *testing.T) {
	tests := []struct {
		code      int
		framework string
		want      string
	}{
		{429, "Go", "http.StatusTooManyRequests"},
		{203, "Go", "http.StatusNonAuthoritativeInfo"},
		{418, "Go", "http.StatusTeapot"},
		{429, "Python", "HTTPStatus.TOO_MANY_REQUESTS"},
		{413, "Python", "HTTPStatus.REQUEST_ENTITY_TOO_LARGE"},
		{418, "Python", "HTTPStatus.IM_A_TEAPOT"},
		{306, "Python", ""},
		{429, "Node", `http.STATUS_CODES[429] "Too Many Requests"`},
		{418, "Node", `http.STATUS_CODES[418] "I'm a Teapot"`},
		{413, "Node", `http.STATUS_CODES[413] "Payload Too Large"`},
		{429, "Spring", "HttpStatus.TOO_MANY_REQUESTS"},
		{418, "Spring", "HttpStatus.I_AM_A_TEAPOT"},
		{416, "Spring", "HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE"},
		{421, "Spring", ""},
		{429, ".NET", "StatusCodes.Status429TooManyRequests"},
		{203, ".NET", "StatusCodes.Status203NonAuthoritative"},
		{505, ".NET", "StatusCodes.Status505HttpVersionNotsupported"},
		{306, ".NET", "StatusCodes.Status306SwitchProxy"},
		{425, ".NET", ""},
		{429, "Rails", ":too_many_requests"},
		{422, "Rails", ":unprocessable_content"},
		{413, "Rails", ":content_too_large"},
		{418, "Rails", ""},
		{104, "Go", ""},
	}
	for _, tc := range tests {
		if got := constantOf(tc.code, tc.framework); got != tc.want {
			t.Errorf("%d %s: %q, want %q", tc.code, tc.framework, got, tc.want)
		}
	}
	if got := Constants(499); got != nil {
		t.Errorf("499: %v, want none for an unregistered code", got)
	}
	for _, s := range All() {
		if !slices.ContainsFunc(constantNames[:], func(c struct {
			code                                        int
			goName, python, node, spring, dotnet, rails string
		}) bool {
			return c.code == s.Code
		}) {
			t.Errorf("%d: no row in constantNames", s.Code)
		}
	}
}

// TestNodePhrasesAreKnown checks that every Node phrase is the registry's
// phrase or one of its aliases, which catches a phrase put on the wrong row.
func TestNodePhrasesAreKnown(t *testing.T) {
	for _, c := range constantNames {
		if c.node == "" {
			continue
		}
		m := Meanings(c.code)[0]
		known := strings.EqualFold(c.node, m.Phrase) || slices.ContainsFunc(m.Aliases, func(a string) bool { return strings.EqualFold(a, c.node) })
		if !known {
			t.Errorf("%d: Node's %q is neither the phrase %q nor an alias %q", c.code, c.node, m.Phrase, m.Aliases)
		}
	}
}

// TestGRPCToHTTP checks google.rpc.Code's HTTP mapping, from code.proto.
func TestGRPCToHTTP(t *testing.T) {
	want := map[string]int{
		"OK": 200, "CANCELLED": 499, "UNKNOWN": 500, "INVALID_ARGUMENT": 400,
		"DEADLINE_EXCEEDED": 504, "NOT_FOUND": 404, "ALREADY_EXISTS": 409,
		"PERMISSION_DENIED": 403, "UNAUTHENTICATED": 401, "RESOURCE_EXHAUSTED": 429,
		"FAILED_PRECONDITION": 400, "ABORTED": 409, "OUT_OF_RANGE": 400,
		"UNIMPLEMENTED": 501, "INTERNAL": 500, "UNAVAILABLE": 503, "DATA_LOSS": 500,
	}
	for name, code := range want {
		if got, ok := HTTPFromGRPC(name); !ok || got != code {
			t.Errorf("HTTPFromGRPC(%s) = %d, %v; want %d", name, got, ok, code)
		}
	}
	if _, ok := HTTPFromGRPC("TEAPOT"); ok {
		t.Error("HTTPFromGRPC(TEAPOT) found a code")
	}
	if len(grpcToHTTP) != len(want) {
		t.Errorf("%d gRPC codes, want %d", len(grpcToHTTP), len(want))
	}
	from := map[int][]string{
		400: {"INVALID_ARGUMENT", "FAILED_PRECONDITION", "OUT_OF_RANGE"},
		409: {"ALREADY_EXISTS", "ABORTED"},
		429: {"RESOURCE_EXHAUSTED"},
		499: {"CANCELLED"},
		500: {"UNKNOWN", "INTERNAL", "DATA_LOSS"},
		502: nil,
	}
	for code, names := range from {
		if got := GRPCOf(code).FromGRPC; !slices.Equal(got, names) {
			t.Errorf("GRPCOf(%d).FromGRPC = %q, want %q", code, got, names)
		}
	}
}

// TestHTTPToGRPC checks gRPC's table for responses without grpc-status,
// from doc/http-grpc-status-mapping.md.
func TestHTTPToGRPC(t *testing.T) {
	want := map[int]string{
		100: "", 103: "", // 1xx are skipped
		200: "UNKNOWN", 302: "UNKNOWN",
		400: "INTERNAL", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED",
		404: "UNIMPLEMENTED", 409: "UNKNOWN", 429: "UNAVAILABLE", 431: "INTERNAL",
		499: "UNKNOWN", 500: "UNKNOWN", 502: "UNAVAILABLE", 503: "UNAVAILABLE",
		504: "UNAVAILABLE", 522: "UNKNOWN",
	}
	for code, name := range want {
		if got := GRPCOf(code).ToGRPC; got != name {
			t.Errorf("GRPCOf(%d).ToGRPC = %q, want %q", code, got, name)
		}
	}
}

// TestRetry checks the retry rule on codes judged by hand.
func TestRetry(t *testing.T) {
	tests := []struct {
		code              int
		retryable, honour bool
	}{
		{200, false, false},
		{400, false, false},
		{404, false, false},
		{408, true, false},
		{413, false, true},
		{425, true, false},
		{429, true, true},
		{499, false, false},
		{500, true, false},
		{501, false, false},
		{502, true, false},
		{503, true, true},
		{504, true, false},
		{505, false, false},
		{522, true, false},
		{524, true, false},
		{525, false, false},
		{598, true, false},
		{599, true, false},
	}
	for _, tc := range tests {
		if got := RetryOf(tc.code); got != (Retry{tc.retryable, tc.honour}) {
			t.Errorf("RetryOf(%d) = %+v, want retryable %v, honours Retry-After %v", tc.code, got, tc.retryable, tc.honour)
		}
	}
	for code := range retryable {
		if len(Meanings(code)) == 0 {
			t.Errorf("%d: retryable, but the registry has no meaning for it", code)
		}
	}
	// A code whose definition names Retry-After honours it.
	for _, m := range AllMeanings() {
		if m.Kind != KindUnofficial && slices.Contains(m.Headers, "Retry-After") && !RetryOf(m.Code).HonoursRetryAfter {
			t.Errorf("%d: goes with Retry-After but does not honour it", m.Code)
		}
	}
}
