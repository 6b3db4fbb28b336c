package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/slareport/slareport/reference"
)

// TestCodesJSONDevFields decodes the developer fields of the JSON output
// and checks them against values written by hand from RFC 6585, code.proto,
// gRPC's mapping table and the frameworks' sources.
func TestCodesJSONDevFields(t *testing.T) {
	var b bytes.Buffer
	ms := append(reference.Meanings(429), reference.Meanings(522)...)
	ms = append(ms, reference.Meanings(413)...)
	if err := CodesJSON(&b, ms, CodesOptions{}); err != nil {
		t.Fatal(err)
	}
	type entry struct {
		Code       int
		Introduced *struct {
			Document string
			Year     int
		}
		EarlierPhrases []string `json:"earlier_phrases"`
		GRPC           struct {
			FromGRPC []string `json:"from_grpc"`
			ToGRPC   string   `json:"to_grpc"`
		}
		Constants         map[string]string
		Retryable         bool
		HonoursRetryAfter bool `json:"honours_retry_after"`
	}
	var got []entry
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("%d entries, want 3", len(got))
	}
	tooMany, cf, large := got[0], got[1], got[2]

	if tooMany.Introduced == nil || tooMany.Introduced.Document != "RFC 6585" || tooMany.Introduced.Year != 2012 {
		t.Errorf("429 introduced %+v, want RFC 6585 (2012)", tooMany.Introduced)
	}
	if tooMany.EarlierPhrases == nil || len(tooMany.EarlierPhrases) != 0 {
		t.Errorf("429 earlier_phrases %#v, want []", tooMany.EarlierPhrases)
	}
	if strings.Join(tooMany.GRPC.FromGRPC, ",") != "RESOURCE_EXHAUSTED" || tooMany.GRPC.ToGRPC != "UNAVAILABLE" {
		t.Errorf("429 grpc %+v, want from RESOURCE_EXHAUSTED, to UNAVAILABLE", tooMany.GRPC)
	}
	wantConst := map[string]string{
		"go": "http.StatusTooManyRequests", "python": "HTTPStatus.TOO_MANY_REQUESTS",
		"node": `http.STATUS_CODES[429] "Too Many Requests"`, "spring": "HttpStatus.TOO_MANY_REQUESTS",
		"dotnet": "StatusCodes.Status429TooManyRequests", "rails": ":too_many_requests",
	}
	for k, v := range wantConst {
		if tooMany.Constants[k] != v {
			t.Errorf("429 constants[%s] = %q, want %q", k, tooMany.Constants[k], v)
		}
	}
	if !tooMany.Retryable || !tooMany.HonoursRetryAfter {
		t.Errorf("429 retryable %v, honours_retry_after %v; want both", tooMany.Retryable, tooMany.HonoursRetryAfter)
	}

	// Cloudflare's 522 is nobody's registration: no history, no constants,
	// but gRPC's fallback and the retry advice still apply.
	if cf.Code != 522 || cf.Introduced != nil || len(cf.Constants) != 0 || cf.GRPC.ToGRPC != "UNKNOWN" || cf.GRPC.FromGRPC == nil {
		t.Errorf("522: %+v", cf)
	}
	if !cf.Retryable || cf.HonoursRetryAfter {
		t.Errorf("522 retryable %v, honours_retry_after %v; want retryable only", cf.Retryable, cf.HonoursRetryAfter)
	}

	if strings.Join(large.EarlierPhrases, "|") != "Request Entity Too Large|Payload Too Large" {
		t.Errorf("413 earlier_phrases %q", large.EarlierPhrases)
	}
	if large.Retryable || !large.HonoursRetryAfter {
		t.Errorf("413 retryable %v, honours_retry_after %v; want Retry-After only", large.Retryable, large.HonoursRetryAfter)
	}
}

// TestCodesTextDevLines checks the developer block of `slareport codes 429`.
func TestCodesTextDevLines(t *testing.T) {
	var b bytes.Buffer
	if err := CodesText(&b, reference.Meanings(429), CodesOptions{Detail: true}); err != nil {
		t.Fatal(err)
	}
	want := `
Introduced: RFC 6585 (2012)
gRPC:       RESOURCE_EXHAUSTED → 429; 429 without grpc-status → UNAVAILABLE
Constants:  Go http.StatusTooManyRequests
            Python HTTPStatus.TOO_MANY_REQUESTS
            Node http.STATUS_CODES[429] "Too Many Requests"
            Spring HttpStatus.TOO_MANY_REQUESTS
            .NET StatusCodes.Status429TooManyRequests
            Rails :too_many_requests
Retry:      yes, honour Retry-After
`
	if !strings.Contains(b.String(), want+"\nExample:    ") {
		t.Errorf("codes 429 ends\n%s\nwant\n%s", b.String()[max(0, b.Len()-600):], want)
	}

	b.Reset()
	if err := CodesText(&b, reference.Meanings(200), CodesOptions{Detail: true}); err != nil {
		t.Fatal(err)
	}
	if s := b.String(); strings.Contains(s, "Retry:") || !strings.Contains(s, "gRPC:       OK → 200; 200 without grpc-status → UNKNOWN\n") {
		t.Errorf("codes 200: want a gRPC line both ways and no Retry line:\n%s", s)
	}
}

// TestCodesTextDevNarrow checks that a constant too long for the indented
// column gets a line of its own rather than being broken.
func TestCodesTextDevNarrow(t *testing.T) {
	var b bytes.Buffer
	if err := CodesText(&b, reference.Meanings(511), CodesOptions{Detail: true, Width: 60}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "\n.NET StatusCodes.Status511NetworkAuthenticationRequired\n") {
		t.Errorf("511 at 60 columns:\n%s", b.String())
	}
}
