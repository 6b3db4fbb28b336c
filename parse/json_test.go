package parse

import (
	"strings"
	"testing"
)

func TestJSONAutoMapping(t *testing.T) {
	cases := []struct{ name, line, want string }{
		{"nginx escape=json", jsonExample,
			`status=200 time=2026-11-02T09:00:00Z bytes=512 duration=0.012 remote="203.0.113.9" method="GET" path="/api/orders?id=7" proto="HTTP/1.1" agent="curl/8.5.0"`},
		{"status as a string, nested keys", `{"http":{"status_code":"502","method":"POST"},"@timestamp":"2026-11-02T10:00:00.123456Z"}`,
			`status=502 time=2026-11-02T10:00:00Z method="POST"`},
		{"status beats response.status", `{"response":{"status":500},"status":200}`, `status=200`},
		{"seconds", `{"status":200,"ts":1793613600}`, `status=200 time=2026-11-02T10:00:00Z`},
		{"fractional seconds", `{"status":200,"ts":1793613600.987654321987}`, `status=200 time=2026-11-02T10:00:00Z`},
		{"milliseconds", `{"status":200,"timestamp":1793613600123}`, `status=200 time=2026-11-02T10:00:00Z`},
		{"microseconds", `{"status":200,"time":1793613600123456}`, `status=200 time=2026-11-02T10:00:00Z`},
		{"nanoseconds", `{"status":200,"time":1793613600123456789}`, `status=200 time=2026-11-02T10:00:00Z`},
		{"epoch as a string", `{"status":200,"time":"1793613600"}`, `status=200 time=2026-11-02T10:00:00Z`},
		{"CLF time", `{"status":200,"time_local":"02/Nov/2026:11:00:00 +0100"}`, `status=200 time=2026-11-02T10:00:00Z`},
		{"msec", `{"status":200,"msec":"1793613600.123"}`, `status=200 time=2026-11-02T10:00:00Z`},
		{"bad time still counts", `{"status":200,"time":"yesterday"}`, `status=200 time=bad`},
		{"duration with a unit", `{"status":200,"latency":"250ms"}`, `status=200 duration=0.25`},
		{"duration in microseconds", `{"status":200,"duration":"1500µs"}`, `status=200 duration=0.0015`},
		{"duration_ms", `{"status":200,"duration_ms":42}`, `status=200 duration=0.042`},
		{"null, arrays, nesting, escapes skipped", `{"a":null,"b":[1,{"c":"}"}],"d":{"e":{"f":"\"{"}},"status":201,"uri":"/x"}`,
			`status=201 path="/x"`},
		{"whitespace", " { \"status\" : 204 , \"method\" : \"HEAD\" } \r\n", `status=204 method="HEAD"`},
		{"upstream", `{"status":502,"upstream_status":"502, 504","upstream_response_time":"0.5, 0.25"}`,
			`status=502 upstream_status=504 upstream_time=0.75`},

		{"no status", `{"msg":"hello"}`, `missing status`},
		{"bad status", `{"status":"ok"}`, `bad status`},
		{"status too long", `{"status":2000}`, `bad status`},
		{"truncated", `{"status":200,"uri":"/x`, `truncated line`},
		{"truncated after a value", `{"status":200`, `truncated line`},
		{"not an object", `[{"status":200}]`, `line does not match the log format`},
		{"text after the object", `{"status":200} trailing`, `line does not match the log format`},
		{"plain text", `127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 1`, `line does not match the log format`},
		{"unbalanced", `{"a":]}`, `line does not match the log format`},
		{"empty", "  ", `empty line`},
		{"binary", "{\"status\":200,\x00}", `binary`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := parsed(JSONLines, tc.line); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// TestJSONEscapes checks that every string is decoded before use: nginx's
// escape=json writes \uXXXX for non-ASCII bytes and controls, and JSON
// allows \/ and friends anywhere.
func TestJSONEscapes(t *testing.T) {
	cases := []struct{ name, line, want string }{
		{"\\u00e9 in a path", `{"status":200,"uri":"/caf\u00e9"}`, `status=200 path="/café"`},
		{"surrogate pair", `{"status":200,"uri":"/\ud83d\ude00"}`, `status=200 path="/😀"`},
		{"lone surrogate", `{"status":200,"uri":"/\ud83dx"}`, "status=200 path=\"/\ufffdx\""},
		{"short escapes", `{"status":200,"uri":"\/a\"b\\c","user_agent":"tab\there"}`, `status=200 path="/a\"b\\c" agent="tab\there"`},
		{"status in a string with escapes", `{"status":"\u0035\u0030\u0033","time":"2026-11-02T10:00:00\u002b00:00"}`, `status=503 time=2026-11-02T10:00:00Z`},
		{"escaped key", `{"st\u0061tus":504}`, `status=504`},
		{"request line", `{"status":200,"request":"GET /caf\u00e9?q=\u0022x\u0022 HTTP/1.1"}`, `status=200 method="GET" path="/café?q=\"x\"" proto="HTTP/1.1"`},
		{"header list", `{"status":200,"request":{"headers":{"User-Agent":["Mozilla\/5.0"]}}}`, `status=200 agent="Mozilla/5.0"`},
		{"nginx's \\xHH, which JSON does not have", `{"status":200,"uri":"/\x41\x22"}`, `status=200 path="/A\""`},
		{"an escape neither JSON nor nginx has", `{"status":200,"uri":"/\q41"}`, `line does not match the log format`},
		{"a cut \\u escape", `{"status":200,"uri":"/\u00"}`, `line does not match the log format`},
		{"escapes in values nobody reads", `{"status":200,"msg":"\x41 \u00"}`, `status=200`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := parsed(JSONLines, tc.line); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
	// Several decoded values in one line, each in its own bytes, and the
	// buffer reused by the next line without touching the record's.
	p := JSONLines.NewParser()
	var r Record
	if err := p.Parse([]byte(`{"status":200,"uri":"/\u00e9","user_agent":"\u00fc","host":"h\u00f6"}`), &r); err != nil {
		t.Fatal(err)
	}
	if string(r.Path) != "/é" || string(r.UserAgent) != "ü" || string(r.Host) != "hö" {
		t.Errorf("path %q agent %q host %q", r.Path, r.UserAgent, r.Host)
	}
}

func TestJSONExplicitMapping(t *testing.T) {
	f, err := JSON(JSONMapping{Status: "res.code", Time: "when", Duration: "took", DurationUnit: "ms", Path: "req.url", Method: "req.verb", Host: "vhost", Remote: "peer", Bytes: "len", UserAgent: "req.ua"})
	if err != nil {
		t.Fatal(err)
	}
	line := `{"status":999,"res":{"code":503},"when":"2026-11-02T10:00:00Z","took":1500,"req":{"url":"/a","verb":"GET","ua":"k6"},"vhost":"h","peer":"1.2.3.4","len":12}`
	want := `status=503 time=2026-11-02T10:00:00Z bytes=12 duration=1.5 remote="1.2.3.4" method="GET" path="/a" host="h" agent="k6"`
	if got := parsed(f, line); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := parsed(f, `{"status":200}`); got != "missing status" {
		t.Errorf("an explicit status key replaces the automatic ones: got %s", got)
	}
	for _, m := range []JSONMapping{{Status: "a..b"}, {Time: ".x"}, {DurationUnit: "fortnights"}} {
		if _, err := JSON(m); err == nil {
			t.Errorf("JSON(%+v) succeeded", m)
		}
	}
}

func TestJSONDeepNestingIsNotRecursion(t *testing.T) {
	line := `{"status":200,"x":` + strings.Repeat("[", 1<<16) + strings.Repeat("]", 1<<16) + `}`
	if got := parsed(JSONLines, line); got != "status=200" {
		t.Errorf("got %s", got)
	}
	deep := strings.Repeat(`{"request":`, 100) + `1` + strings.Repeat("}", 100)
	if got := parsed(JSONLines, deep); got != "missing status" {
		t.Errorf("got %s", got)
	}
}
