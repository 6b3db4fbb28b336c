package main

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNewPresetsThroughBinary runs the built slareport on a small log of
// each of the haproxy, envoy, ingress-nginx and nginx-json presets,
// written from the format's documentation, without a layout flag: each
// must be detected as its preset, and the report's counts must be the ones
// counted here by hand, line by line.
func TestNewPresetsThroughBinary(t *testing.T) {
	cases := []struct {
		format string
		lines  []string
		// by hand
		read, parsed int
		reasons      map[string]int // malformed lines by reason
		codes        map[string]int
		invalid      int // requests without a valid status: not judged
		bad          int // 5xx among the judged
		latency      int // requests that logged a duration
		upstream     map[string]int
	}{
		{
			// The HAProxy configuration manual's examples (8.2.3, 8.9),
			// dated one day, and an IPv6 client.
			format: "haproxy",
			lines: []string{
				`Oct 15 08:30:00 localhost haproxy[14389]: 10.0.1.2:33317 [15/Oct/2003:08:30:00.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1"`,                   // 200, 0.109 s
				`haproxy[674]: 127.0.0.1:33318 [15/Oct/2003:08:31:57.130] px-http px-http/srv1 6559/0/7/147/6723 200 243 - - ---- 5/3/3/1/0 0/0 "HEAD / HTTP/1.0"`,                                                                // 200, 6.723 s
				`haproxy[674]: 127.0.0.1:33320 [15/Oct/2003:08:32:17.654] px-http px-http/srv1 9/0/7/14/+30 200 +243 - - ---- 3/3/3/1/0 0/0 "GET /image.iso HTTP/1.0"`,                                                            // 200, logasap: no duration
				`haproxy[674]: 127.0.0.1:33320 [15/Oct/2003:08:32:17.925] px-http px-http/srv1 9/0/7/14/30 502 243 - - PH-- 3/2/2/0/0 0/0 "GET /cgi-bin/bug.cgi? HTTP/1.0"`,                                                       // 502, 0.030 s
				`haproxy[18113]: 127.0.0.1:34548 [15/Oct/2003:15:18:55.798] px-http px-http/<NOSRV> -1/-1/-1/-1/8490 -1 0 - - CR-- 2/2/2/0/0 0/0 ""`,                                                                              // -1: invalid, 8.490 s
				`haproxy[18113]: 127.0.0.1:34549 [15/Oct/2003:15:19:06.103] px-http px-http/<NOSRV> -1/-1/-1/-1/50001 408 0 - - cR-- 2/2/2/0/0 0/0 ""`,                                                                            // 408, 50.001 s
				`haproxy[18989]: 127.0.0.1:34550 [15/Oct/2003:15:24:28.312] px-tcp px-tcp/srv1 0/0/5007 0 cD 0/0/0/0/0 0/0`,                                                                                                       // TCP log: malformed
				`haproxy[18989]: 10.0.0.1:34552 [15/Oct/2003:15:26:31.462] px-http px-http/srv1 3183/-1/-1/-1/11215 503 0 - - SC-- 205/202/202/115/3 0/0 "HEAD / HTTP/1.0"`,                                                       // 503, 11.215 s
				`Oct 15 16:00:03 lb1 haproxy[2101]: 2001:db8::1:52344 [15/Oct/2003:16:00:03.120] fe-https~ be-api/api2 0/0/1/-1/3004 502 209 - - SH-- 12/10/2/1/0 0/0 {api.example.com|curl/8.5.0} {} "POST /v1/orders HTTP/1.1"`, // 502, 3.004 s
			},
			read: 9, parsed: 8,
			reasons: map[string]int{"line does not match the log format": 1},
			codes:   map[string]int{"200": 3, "502": 2, "503": 1, "408": 1, "0": 1},
			invalid: 1, bad: 3, latency: 7,
		},
		{
			// Envoy's documented example and lines written from its
			// command operators.
			format: "envoy",
			lines: []string{
				`[2016-04-15T20:17:00.310Z] "POST /api/v1/locations HTTP/2" 204 - 154 0 226 100 "10.0.35.28" "nsq2http" "cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2" "locations" "tcp://10.0.2.1:80"`,                        // 204
				`[2016-04-15T20:17:01.121Z] "- - -" 0 - 1243 9876 3012 - "-" "-" "-" "-" "10.0.2.1:5432"`,                                                                                                              // TCP: 0, invalid
				`[2016-04-15T20:17:02.500Z] "GET /api/v1/status HTTP/1.1" 503 UH 0 19 0 - "10.0.35.29" "curl/7.47.0" "8bd3ba34-6a4b-4ed9-a4d8-5a8b73e1bd1f" "status" "-"`,                                              // 503
				`[2016-04-15T20:17:03.000Z] "GET /stream HTTP/1.1" 0 DC 0 0 5012 - "10.0.35.30" "Mozilla/5.0 (Windows NT 10.0; Win64; x64)" "b3f1c2a8-5d1e-4a8e-9c7b-2f7d9e0a1b2c" "events" "10.0.2.7:8080"`,           // 0: invalid
				`[2016-04-15T20:17:04.250Z] "GET /api/v1/slow?limit=10 HTTP/2" 504 UT,URX 0 24 15001 - "2001:db8::7" "grpc-go/1.20.0" "d6e5f4a3-b2c1-4d0e-9f8a-7b6c5d4e3f2a" "slow.internal:8443" "10.0.2.8:8443"`,     // 504
				`[2016-04-15T20:17:05.004Z] "GET /q?x=%22y%22 HTTP/1.1" 200 - 0 1532 8 7 "203.0.113.5, 10.0.35.1" "Mozilla/5.0 "quoted" (X11)" "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0" "www.example.com" "10.0.2.9:80"`, // 200
				`127.0.0.1 - - [15/Apr/2016:20:17:08 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/7.47.0"`,                                                                                                                // not Envoy: malformed
				`[2016-04-15T20:17:07.050Z] "PUT /api/v1/items/9 HTTP/1.1" 429 RL 88 18 1 - "10.0.35.31" "python-requests/2.31.0" "7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d" "items" "-"`,                                  // 429
			},
			read: 8, parsed: 7,
			reasons: map[string]int{"line does not match the log format": 1},
			codes:   map[string]int{"204": 1, "0": 2, "503": 1, "504": 1, "200": 1, "429": 1},
			invalid: 2, bad: 2, latency: 7,
		},
		{
			// ingress-nginx's default log-format-upstream, and one line
			// of the controller's stream log on the same output.
			format: "ingress-nginx",
			lines: []string{
				`192.168.49.1 - - [05/Mar/2024:10:00:01 +0000] "GET /api/v1/items?page=2 HTTP/1.1" 200 612 "-" "curl/8.5.0" 98 0.006 [default-api-80] [] 10.244.0.7:8080, 10.244.0.8:8080 0, 612 0.001, 0.004 502, 200 5b4c1a6e1e0c4bd9b8ef2a7d4c2b6f41`,     // 200, upstream 200
				`10.244.0.1 - - [05/Mar/2024:10:00:02 +0000] "POST /login HTTP/2.0" 302 0 "https://shop.example.com/" "Mozilla/5.0 (X11; Linux x86_64)" 512 0.021 [shop-web-80] [] 10.244.1.12:8080 0 0.020 302 8d2f5c1b7e9a4c3d2b1a0f9e8d7c6b5a`,            // 302, upstream 302
				`10.244.0.1 - - [05/Mar/2024:10:00:03 +0000] "GET /nope HTTP/1.1" 404 146 "-" "curl/8.5.0" 76 0.001 [upstream-default-backend] [] 10.244.0.3:8080 146 0.001 404 0a1b2c3d4e5f60718293a4b5c6d7e8f9`,                                            // 404, upstream 404
				`10.244.0.1 - - [05/Mar/2024:10:00:04 +0000] "GET /api/v1/export HTTP/1.1" 499 0 "-" "curl/8.5.0" 80 5.001 [default-api-80] [] 10.244.0.7:8080 0 5.000 - 1f2e3d4c5b6a79880796a5b4c3d2e1f0`,                                                   // 499, no upstream status
				`10.244.0.1 - - [05/Mar/2024:10:00:05 +0000] "GET /api/v1/items HTTP/1.1" 503 190 "-" "curl/8.5.0" 81 0.000 [default-api-80] [] - - - - 2e3d4c5b6a79880796a5b4c3d2e1f001`,                                                                    // 503, no upstream
				`2001:db8::42 - alice [05/Mar/2024:10:00:06 +0000] "GET /account HTTP/2.0" 200 3012 "https://shop.example.com/" "Mozilla/5.0" 402 0.012 [shop-web-80] [shop-web-canary-80] 10.244.1.13:8080 3012 0.011 200 3d4c5b6a79880796a5b4c3d2e1f00112`, // 200, upstream 200
				`10.244.0.1 - - [05/Mar/2024:10:00:07 +0000] "GET /old HTTP/1.1" 200 512 "-" "curl/8.5.0" 70 0.013 [default-api-80] [] 10.244.0.7:8080 : 10.244.0.9:8080 0 : 512 0.002 : 0.010 404 : 200 4c5b6a79880796a5b4c3d2e1f0011223`,                   // 200, upstream 200
				`[10.244.0.1] [05/Mar/2024:10:00:08 +0000] TCP 200 1024 512 1.234`, // stream log: malformed
				`10.244.0.1 - - [05/Mar/2024:10:00:09 +0000] "GET /x HTTP/1.1" 502 150 "-" "curl/8.5.0" 70 0.002 [default-api-80] [] 10.244.0.7:8080 0 0.002 502 5b6a79880796a5b4c3d2e1f001122334`, // 502, upstream 502
			},
			read: 9, parsed: 8,
			reasons: map[string]int{"truncated line": 1},
			codes:   map[string]int{"200": 3, "302": 1, "404": 1, "499": 1, "503": 1, "502": 1},
			invalid: 0, bad: 2, latency: 8,
			upstream: map[string]int{"200": 3, "302": 1, "404": 1, "502": 1},
		},
		{
			// nginx escape=json lines keyed by variable name: six lines
			// three times, so that the two damaged ones are one in ten of
			// the sample, as detection asks.
			format: "nginx-json",
			lines: []string{
				`{"time_local":"05/Mar/2024:10:00:01 +0000","remote_addr":"203.0.113.7","request":"GET /index.html HTTP/1.1","status":"200","body_bytes_sent":"612","request_time":"0.001","http_referer":"","http_user_agent":"curl/8.5.0","host":"www.example.com"}`,
				`{"time_iso8601":"2024-03-05T10:00:02+00:00","remote_addr":"2001:db8::9","request_method":"POST","request_uri":"/api/orders?id=7","status":502,"body_bytes_sent":157,"request_time":0.125,"upstream_status":"502, 502","upstream_response_time":"0.060, 0.064","host":"api.example.com"}`,
				`{"msec":"1709632803.512","remote_addr":"198.51.100.23","request":"GET /search?q=\"caf\u00e9\\\" HTTP/1.1","status":"404","body_bytes_sent":"0","request_time":"0.003","host":"www.example.com"}`,
				`{"time_iso8601":"2024-03-05T11:00:04+01:00","remote_addr":"198.51.100.24","request":"GET /api/export HTTP/1.1","status":"499","body_bytes_sent":"0","request_time":"30.001","upstream_status":"","host":"api.example.com"}`,
				`{"time_local":"05/Mar/2024:10:00:05 +0000","uri":"/img/logo.png","args":"v=3","request_method":"GET","status":"304","body_bytes_sent":"0","request_time":"0.000","http_host":"static.example.com"}`,
				`{"time_local":"05/Mar/2024:10:00:07 +0000","request":"GET / HTTP/1.1","status":"444","body_bytes_sent":"0","request_time":"0.000","host":"_"}`,
				`{"time_local":"05/Mar/2024:10:00:01 +0000","remote_addr":"203.0.113.7","request":"GET /index.html HTTP/1.1","status":"200","body_bytes_sent":"612","request_time":"0.001","http_referer":"","http_user_agent":"curl/8.5.0","host":"www.example.com"}`,
				`{"time_iso8601":"2024-03-05T10:00:02+00:00","remote_addr":"2001:db8::9","request_method":"POST","request_uri":"/api/orders?id=7","status":502,"body_bytes_sent":157,"request_time":0.125,"upstream_status":"502, 502","upstream_response_time":"0.060, 0.064","host":"api.example.com"}`,
				`{"msec":"1709632803.512","remote_addr":"198.51.100.23","request":"GET /search?q=\"caf\u00e9\\\" HTTP/1.1","status":"404","body_bytes_sent":"0","request_time":"0.003","host":"www.example.com"}`,
				`{"time_iso8601":"2024-03-05T11:00:04+01:00","remote_addr":"198.51.100.24","request":"GET /api/export HTTP/1.1","status":"499","body_bytes_sent":"0","request_time":"30.001","upstream_status":"","host":"api.example.com"}`,
				`{"time_local":"05/Mar/2024:10:00:05 +0000","uri":"/img/logo.png","args":"v=3","request_method":"GET","status":"304","body_bytes_sent":"0","request_time":"0.000","http_host":"static.example.com"}`,
				`{"time_local":"05/Mar/2024:10:00:07 +0000","request":"GET / HTTP/1.1","status":"444","body_bytes_sent":"0","request_time":"0.000","host":"_"}`,
				`{"time_local":"05/Mar/2024:10:00:01 +0000","remote_addr":"203.0.113.7","request":"GET /index.html HTTP/1.1","status":"200","body_bytes_sent":"612","request_time":"0.001","http_referer":"","http_user_agent":"curl/8.5.0","host":"www.example.com"}`,
				`{"time_iso8601":"2024-03-05T10:00:02+00:00","remote_addr":"2001:db8::9","request_method":"POST","request_uri":"/api/orders?id=7","status":502,"body_bytes_sent":157,"request_time":0.125,"upstream_status":"502, 502","upstream_response_time":"0.060, 0.064","host":"api.example.com"}`,
				`{"msec":"1709632803.512","remote_addr":"198.51.100.23","request":"GET /search?q=\"caf\u00e9\\\" HTTP/1.1","status":"404","body_bytes_sent":"0","request_time":"0.003","host":"www.example.com"}`,
				`{"time_iso8601":"2024-03-05T11:00:04+01:00","remote_addr":"198.51.100.24","request":"GET /api/export HTTP/1.1","status":"499","body_bytes_sent":"0","request_time":"30.001","upstream_status":"","host":"api.example.com"}`,
				`{"time_local":"05/Mar/2024:10:00:05 +0000","uri":"/img/logo.png","args":"v=3","request_method":"GET","status":"304","body_bytes_sent":"0","request_time":"0.000","http_host":"static.example.com"}`,
				`{"time_local":"05/Mar/2024:10:00:07 +0000","request":"GET / HTTP/1.1","status":"444","body_bytes_sent":"0","request_time":"0.000","host":"_"}`,
				`{"time_local":"05/Mar/2024:10:00:06 +0000","remote_addr":"198.51.100.26","request":"GET / HTTP/1.1","status":"200","body_by`, // cut short
				`{"time_local":"05/Mar/2024:10:00:08 +0000","request":"GET / HTTP/1.1","body_bytes_sent":"0","request_time":"0.000"}`,         // no status
			},
			read: 20, parsed: 18,
			reasons: map[string]int{"truncated line": 1, "missing status": 1},
			codes:   map[string]int{"200": 3, "502": 3, "404": 3, "499": 3, "304": 3, "444": 3},
			invalid: 0, bad: 3, latency: 18,
			upstream: map[string]int{"502": 3},
		},
	}
	dir := t.TempDir()
	for _, tc := range cases {
		t.Run(tc.format, func(t *testing.T) {
			log := filepath.Join(dir, tc.format+".log")
			if err := os.WriteFile(log, []byte(strings.Join(tc.lines, "\n")+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			code, stdout, stderr, _ := execBinary(t, "-f", "json", log)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var rep struct {
				Inputs []struct {
					Format   string
					Detected bool
					Lines    struct{ Read, Parsed, Malformed int }
				}
				Requests                  int
				Codes                     map[string]int
				Invalid, Judged, Unjudged int
				Bad                       struct{ Requests int }
				Malformed                 struct{ Reasons map[string]int }
				Latency                   *struct{ Count int }
				UpstreamStatuses          struct {
					Top []struct {
						Key      string
						Requests int
					}
				} `json:"upstream_statuses"`
			}
			if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
				t.Fatal(err)
			}
			in := rep.Inputs[0]
			if in.Format != tc.format || !in.Detected {
				t.Errorf("inputs[0].format %q detected %v, want %s detected", in.Format, in.Detected, tc.format)
			}
			if in.Lines.Read != tc.read || in.Lines.Parsed != tc.parsed || in.Lines.Malformed != tc.read-tc.parsed {
				t.Errorf("lines %+v, want read %d parsed %d", in.Lines, tc.read, tc.parsed)
			}
			if !maps.Equal(rep.Malformed.Reasons, tc.reasons) {
				t.Errorf("malformed %v, want %v", rep.Malformed.Reasons, tc.reasons)
			}
			if rep.Requests != tc.parsed || !maps.Equal(rep.Codes, tc.codes) {
				t.Errorf("requests %d codes %v, want %d %v", rep.Requests, rep.Codes, tc.parsed, tc.codes)
			}
			if rep.Invalid != tc.invalid || rep.Unjudged != tc.invalid || rep.Judged != tc.parsed-tc.invalid || rep.Bad.Requests != tc.bad {
				t.Errorf("invalid %d unjudged %d judged %d bad %d, want %d %d %d %d",
					rep.Invalid, rep.Unjudged, rep.Judged, rep.Bad.Requests, tc.invalid, tc.invalid, tc.parsed-tc.invalid, tc.bad)
			}
			if rep.Latency == nil || rep.Latency.Count != tc.latency {
				t.Errorf("latency %+v, want a count of %d", rep.Latency, tc.latency)
			}
			if tc.upstream != nil {
				got := map[string]int{}
				for _, u := range rep.UpstreamStatuses.Top {
					got[u.Key] = u.Requests
				}
				if !maps.Equal(got, tc.upstream) {
					t.Errorf("upstream statuses %v, want %v", got, tc.upstream)
				}
			}
		})
	}
}
