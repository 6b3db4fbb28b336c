package parse

import "testing"

// TestEnvoy reads lines of Envoy's default access log format,
//
//	[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%"
//	%RESPONSE_CODE% %RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% %DURATION%
//	%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%"
//	"%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%"\n
//
// The first line is the documentation's example; the others are written
// from its command operators: RESPONSE_CODE 0 ("the server never sent the
// beginning of a response"), a TCP proxy's connection (no request, no
// response code), RESPONSE_FLAGS such as UH, DC, UT and URX, and "-" for
// a value not set.
func TestEnvoy(t *testing.T) {
	runParseCases(t, Envoy, []parseCase{
		{
			name: "documentation example",
			line: `[2016-04-15T20:17:00.310Z] "POST /api/v1/locations HTTP/2" 204 - 154 0 226 100 "10.0.35.28" "nsq2http" "cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2" "locations" "tcp://10.0.2.1:80"`,
			want: fields{status: 204, time: "2016-04-15T20:17:00Z", bytes: 0, dur: 0.226, upTime: 0.100,
				method: "POST", path: "/api/v1/locations", host: "locations", remote: "10.0.35.28", upstream: "tcp://10.0.2.1:80"},
		},
		{
			// TCP proxy: "- - -" for the request, response code 0, no
			// upstream service time; DURATION is the connection's
			name: "TCP proxy, code 0",
			line: `[2016-04-15T20:17:01.121Z] "- - -" 0 - 1243 9876 3012 - "-" "-" "-" "-" "10.0.2.1:5432"`,
			want: fields{status: 0, time: "2016-04-15T20:17:01Z", bytes: 9876, dur: 3.012, upTime: -1, upstream: "10.0.2.1:5432"},
		},
		{
			// the documentation's "TCP: Not implemented ("-")" for
			// RESPONSE_CODE: no valid status either
			name: "TCP proxy, code -",
			line: `[2016-04-15T20:17:06.000Z] "- - -" - - 512 2048 60000 - "-" "-" "-" "-" "10.0.2.9:6379"`,
			want: fields{status: 0, time: "2016-04-15T20:17:06Z", bytes: 2048, dur: 60, upTime: -1, upstream: "10.0.2.9:6379"},
		},
		{
			// "UH: No healthy upstream hosts in upstream cluster in
			// addition to 503 response code"; no upstream host
			name: "UH 503",
			line: `[2016-04-15T20:17:02.500Z] "GET /api/v1/status HTTP/1.1" 503 UH 0 19 0 - "10.0.35.29" "curl/7.47.0" "8bd3ba34-6a4b-4ed9-a4d8-5a8b73e1bd1f" "status" "-"`,
			want: fields{status: 503, time: "2016-04-15T20:17:02Z", bytes: 19, dur: 0, upTime: -1,
				method: "GET", path: "/api/v1/status", host: "status", remote: "10.0.35.29"},
		},
		{
			// "DC: Downstream connection termination", no response: code 0
			name: "DC, code 0",
			line: `[2016-04-15T20:17:03.000Z] "GET /stream HTTP/1.1" 0 DC 0 0 5012 - "10.0.35.30" "Mozilla/5.0 (Windows NT 10.0; Win64; x64)" "b3f1c2a8-5d1e-4a8e-9c7b-2f7d9e0a1b2c" "events" "10.0.2.7:8080"`,
			want: fields{status: 0, time: "2016-04-15T20:17:03Z", bytes: 0, dur: 5.012, upTime: -1,
				method: "GET", path: "/stream", host: "events", remote: "10.0.35.30", upstream: "10.0.2.7:8080"},
		},
		{
			// "UT: Upstream request timeout in addition to 504 response
			// code" with URX, an IPv6 client
			name: "UT,URX 504, IPv6",
			line: `[2016-04-15T20:17:04.250Z] "GET /api/v1/slow?limit=10 HTTP/2" 504 UT,URX 0 24 15001 - "2001:db8::7" "grpc-go/1.20.0" "d6e5f4a3-b2c1-4d0e-9f8a-7b6c5d4e3f2a" "slow.internal:8443" "10.0.2.8:8443"`,
			want: fields{status: 504, time: "2016-04-15T20:17:04Z", bytes: 24, dur: 15.001, upTime: -1,
				method: "GET", path: "/api/v1/slow?limit=10", host: "slow.internal:8443", remote: "2001:db8::7", upstream: "10.0.2.8:8443"},
		},
		{
			// Envoy does not escape a quote in a header it logs
			name: "quote in the user agent, forwarded-for list",
			line: `[2016-04-15T20:17:05.004Z] "GET /q?x=%22y%22 HTTP/1.1" 200 - 0 1532 8 7 "203.0.113.5, 10.0.35.1" "Mozilla/5.0 "quoted" (X11)" "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0" "www.example.com" "10.0.2.9:80"`,
			want: fields{status: 200, time: "2016-04-15T20:17:05Z", bytes: 1532, dur: 0.008, upTime: 0.007,
				method: "GET", path: "/q?x=%22y%22", host: "www.example.com", remote: "203.0.113.5, 10.0.35.1", upstream: "10.0.2.9:80"},
		},
		{
			name: "HTTP/3, empty forwarded-for",
			line: `[2024-03-05T10:00:01.000Z] "GET / HTTP/3" 200 - 0 612 1 1 "" "curl/8.5.0" "-" "www.example.com" "10.0.2.9:80"`,
			want: fields{status: 200, time: "2024-03-05T10:00:01Z", bytes: 612, dur: 0.001, upTime: 0.001,
				method: "GET", path: "/", host: "www.example.com", upstream: "10.0.2.9:80"},
		},

		{
			name: "a combined line",
			line: `127.0.0.1 - - [15/Apr/2016:20:17:08 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/7.47.0"`,
			err:  ErrMismatch,
		},
		{
			name: "a CLF time in brackets",
			line: `[15/Apr/2016:20:17:08 +0000] "GET / HTTP/1.1" 200 - 0 612 1 1 "-" "-" "-" "-" "-"`,
			err:  ErrMismatch,
		},
		{
			name: "response flags that are not flags",
			line: `[2016-04-15T20:17:00.310Z] "GET / HTTP/1.1" 200 612 "-" "curl/7.47.0" 1 2 3 "-" "-" "-" "-"`,
			err:  ErrMismatch,
		},
		{
			name: "bad status",
			line: `[2016-04-15T20:17:00.310Z] "GET / HTTP/1.1" 2x0 - 0 612 1 1 "-" "-" "-" "-" "-"`,
			err:  ErrBadStatus,
		},
		{
			name: "bad duration",
			line: `[2016-04-15T20:17:00.310Z] "GET / HTTP/1.1" 200 - 0 612 1.5 1 "-" "-" "-" "-" "-"`,
			err:  ErrBadNumber,
		},
		{
			name: "four quoted headers",
			line: `[2016-04-15T20:17:00.310Z] "GET / HTTP/1.1" 200 - 0 612 1 1 "-" "-" "-" "-"`,
			err:  ErrMismatch,
		},
		{
			name: "cut in a header",
			line: `[2016-04-15T20:17:09.000Z] "GET /half HTTP/1.1" 200 - 0 12 3 2 "10.0.35.32" "curl/7.47.0" "e1d2c3b4`,
			err:  ErrTruncated,
		},
		{
			name: "cut after the status",
			line: `[2016-04-15T20:17:09.000Z] "GET /half HTTP/1.1" 200 -`,
			err:  ErrTruncated,
		},
		{name: "blank", line: "", err: ErrEmpty},
	})
}

// FuzzEnvoy checks that no line crashes the Envoy parser and that what it
// accepts keeps the promises of every parser.
func FuzzEnvoy(f *testing.F) {
	f.Add(envoyExample)
	f.Add(`[2016-04-15T20:17:01.121Z] "- - -" 0 - 1243 9876 3012 - "-" "-" "-" "-" "10.0.2.1:5432"`)
	f.Add(`[2016-04-15T20:17:05.004Z] "GET / HTTP/1.1" 200 - 0 1 8 7 "" "a "b" c" "" "" ""`)
	f.Add(`[2016-04-15T20:17:05Z] "" - UF,URX - - - - " " " " "`)
	f.Fuzz(func(t *testing.T, line string) {
		b := []byte(line)
		var r Record
		checkRecord(t, b, &r, Envoy.NewParser().Parse(b, &r))
	})
}
