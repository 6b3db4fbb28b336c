package parse

import "testing"

// TestIngressNginx reads lines of ingress-nginx's default
// log-format-upstream, written from its documentation:
//
//	log_format upstreaminfo
//	    '$remote_addr - $remote_user [$time_local] "$request" '
//	    '$status $body_bytes_sent "$http_referer" "$http_user_agent" '
//	    '$request_length $request_time [$proxy_upstream_name] [$proxy_alternative_upstream_name] $upstream_addr '
//	    '$upstream_response_length $upstream_response_time $upstream_status $req_id';
//
// nginx writes "-" for an upstream variable when no upstream was asked,
// lists the servers tried ("502, 200") and, across an internal redirect,
// the groups (" : ").
func TestIngressNginx(t *testing.T) {
	runParseCases(t, IngressNginx, []parseCase{
		{
			name: "retried on a second endpoint",
			line: `192.168.49.1 - - [05/Mar/2024:10:00:01 +0000] "GET /api/v1/items?page=2 HTTP/1.1" 200 612 "-" "curl/8.5.0" 98 0.006 [default-api-80] [] 10.244.0.7:8080, 10.244.0.8:8080 0, 612 0.001, 0.004 502, 200 5b4c1a6e1e0c4bd9b8ef2a7d4c2b6f41`,
			want: fields{status: 200, time: "2024-03-05T10:00:01Z", bytes: 612, dur: 0.006, upStatus: 200, upTime: 0.005,
				method: "GET", path: "/api/v1/items?page=2", remote: "192.168.49.1", upstream: "10.244.0.7:8080, 10.244.0.8:8080"},
		},
		{
			name: "one upstream",
			line: `10.244.0.1 - - [05/Mar/2024:10:00:02 +0000] "POST /login HTTP/2.0" 302 0 "https://shop.example.com/" "Mozilla/5.0 (X11; Linux x86_64)" 512 0.021 [shop-web-80] [] 10.244.1.12:8080 0 0.020 302 8d2f5c1b7e9a4c3d2b1a0f9e8d7c6b5a`,
			want: fields{status: 302, time: "2024-03-05T10:00:02Z", bytes: 0, dur: 0.021, upStatus: 302, upTime: 0.020,
				method: "POST", path: "/login", remote: "10.244.0.1", upstream: "10.244.1.12:8080"},
		},
		{
			// the client gave up: 499, and the upstream never answered
			name: "499, upstream status -",
			line: `10.244.0.1 - - [05/Mar/2024:10:00:04 +0000] "GET /api/v1/export HTTP/1.1" 499 0 "-" "curl/8.5.0" 80 5.001 [default-api-80] [] 10.244.0.7:8080 0 5.000 - 1f2e3d4c5b6a79880796a5b4c3d2e1f0`,
			want: fields{status: 499, time: "2024-03-05T10:00:04Z", bytes: 0, dur: 5.001, upStatus: 0, upTime: 5.000,
				method: "GET", path: "/api/v1/export", remote: "10.244.0.1", upstream: "10.244.0.7:8080"},
		},
		{
			// no endpoints: nginx answered 503 itself, every upstream value "-"
			name: "503 without an upstream",
			line: `10.244.0.1 - - [05/Mar/2024:10:00:05 +0000] "GET /api/v1/items HTTP/1.1" 503 190 "-" "curl/8.5.0" 81 0.000 [default-api-80] [] - - - - 2e3d4c5b6a79880796a5b4c3d2e1f001`,
			want: fields{status: 503, time: "2024-03-05T10:00:05Z", bytes: 190, dur: 0, upStatus: 0, upTime: -1,
				method: "GET", path: "/api/v1/items", remote: "10.244.0.1"},
		},
		{
			name: "IPv6 client, user, canary upstream",
			line: `2001:db8::42 - alice [05/Mar/2024:10:00:06 +0100] "GET /account HTTP/2.0" 200 3012 "https://shop.example.com/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3)" 402 0.012 [shop-web-80] [shop-web-canary-80] 10.244.1.13:8080 3012 0.011 200 3d4c5b6a79880796a5b4c3d2e1f00112`,
			want: fields{status: 200, time: "2024-03-05T09:00:06Z", bytes: 3012, dur: 0.012, upStatus: 200, upTime: 0.011,
				method: "GET", path: "/account", remote: "2001:db8::42", upstream: "10.244.1.13:8080"},
		},
		{
			name: "internal redirect",
			line: `10.244.0.1 - - [05/Mar/2024:10:00:07 +0000] "GET /old HTTP/1.1" 200 512 "-" "curl/8.5.0" 70 0.013 [default-api-80] [] 10.244.0.7:8080 : 10.244.0.9:8080 0 : 512 0.002 : 0.010 404 : 200 4c5b6a79880796a5b4c3d2e1f0011223`,
			want: fields{status: 200, time: "2024-03-05T10:00:07Z", bytes: 512, dur: 0.013, upStatus: 200, upTime: 0.012,
				method: "GET", path: "/old", remote: "10.244.0.1", upstream: "10.244.0.7:8080 : 10.244.0.9:8080"},
		},
		{
			// nginx escapes a quote in a logged value as \x22
			name: "escaped quote in the user agent",
			line: `10.244.0.1 - - [05/Mar/2024:10:00:08 +0000] "GET / HTTP/1.1" 200 612 "-" "say \x22hi\x22" 70 0.001 [default-web-80] [] 10.244.0.5:80 612 0.001 200 6a79880796a5b4c3d2e1f00112233445`,
			want: fields{status: 200, time: "2024-03-05T10:00:08Z", bytes: 612, dur: 0.001, upStatus: 200, upTime: 0.001,
				method: "GET", path: "/", remote: "10.244.0.1", upstream: "10.244.0.5:80"},
		},

		// Other layouts are refused; the compiled format reports the first
		// literal it cannot find as a truncated line.
		{
			// a plain combined line lacks everything after the user agent
			name: "a combined line",
			line: `10.244.0.1 - - [05/Mar/2024:10:00:08 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/8.5.0"`,
			err:  ErrTruncated,
		},
		{
			name: "an nginx main line",
			line: `172.17.0.1 - - [31/Dec/2024:17:32:06 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/8.11.1" "203.0.113.7"`,
			err:  ErrTruncated,
		},
		{
			// the controller's TCP/UDP log (log-format-stream) on the same stdout
			name: "a stream log line",
			line: `[10.244.0.1] [05/Mar/2024:10:00:08 +0000] TCP 200 1024 512 1.234`,
			err:  ErrTruncated,
		},
		{
			name: "a Traefik line",
			line: traefikExample,
			err:  ErrTruncated,
		},
		{
			name: "bad status",
			line: `10.244.0.1 - - [05/Mar/2024:10:00:09 +0000] "GET /x HTTP/1.1" 2x0 150 "-" "curl/8.5.0" 70 0.002 [default-api-80] [] 10.244.0.7:8080 0 0.002 502 5b6a79880796a5b4c3d2e1f001122334`,
			err:  ErrBadStatus,
		},
		{
			name: "bad upstream status",
			line: `10.244.0.1 - - [05/Mar/2024:10:00:09 +0000] "GET /x HTTP/1.1" 502 150 "-" "curl/8.5.0" 70 0.002 [default-api-80] [] 10.244.0.7:8080 0 0.002 5x2 5b6a79880796a5b4c3d2e1f001122334`,
			err:  ErrBadStatus,
		},
	})
}
