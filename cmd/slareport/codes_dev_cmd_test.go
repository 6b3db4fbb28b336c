package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestCodesDeveloperFields checks, through the command, the lines `slareport
// codes 429` adds for developers and the JSON fields every element of `codes
// -f json` carries.
func TestCodesDeveloperFields(t *testing.T) {
	code, out, errs := runCodes(t, false, "429")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, line := range []string{
		"\nIntroduced: RFC 6585 (2012)\n",
		"\ngRPC:       RESOURCE_EXHAUSTED → 429; 429 without grpc-status → UNAVAILABLE\n",
		"\nConstants:  Go http.StatusTooManyRequests\n            Python HTTPStatus.TOO_MANY_REQUESTS\n",
		"\nRetry:      yes, honour Retry-After\n",
	} {
		if !strings.Contains(out, line) {
			t.Errorf("codes 429 lacks %q:\n%s", line, out)
		}
	}

	code, out, errs = runCodes(t, false, "-f", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var all []map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &all); err != nil {
		t.Fatal(err)
	}
	fields := []string{"introduced", "earlier_phrases", "grpc", "constants", "retryable", "honours_retry_after"}
	byCode := map[string]map[string]json.RawMessage{}
	for _, e := range all {
		for _, f := range fields {
			if _, ok := e[f]; !ok {
				t.Fatalf("element %s lacks %q", e["code"], f)
			}
		}
		if string(e["kind"]) != `"unofficial"` {
			byCode[string(e["code"])] = e
		}
	}
	for code, want := range map[string]map[string]string{
		"302": {"introduced": `{"document":"RFC 1945","year":1996}`, "earlier_phrases": `["Moved Temporarily"]`},
		"504": {"grpc": `{"from_grpc":["DEADLINE_EXCEEDED"],"to_grpc":"UNAVAILABLE"}`, "retryable": "true", "honours_retry_after": "false"},
		"404": {"grpc": `{"from_grpc":["NOT_FOUND"],"to_grpc":"UNIMPLEMENTED"}`, "retryable": "false"},
	} {
		for f, v := range want {
			var compact bytes.Buffer
			if err := json.Compact(&compact, byCode[code][f]); err != nil {
				t.Fatalf("%s %s: %v", code, f, err)
			}
			if compact.String() != v {
				t.Errorf("%s %s = %s, want %s", code, f, compact.String(), v)
			}
		}
	}
}
