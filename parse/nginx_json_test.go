package parse

import "testing"

// TestNginxJSON reads lines an nginx log_format with escape=json writes
// when its keys are the variables' names, such as
//
//	log_format json escape=json '{"time_local":"$time_local","remote_addr":"$remote_addr",'
//	    '"request":"$request","status":"$status","body_bytes_sent":"$body_bytes_sent",'
//	    '"request_time":"$request_time","http_referer":"$http_referer",'
//	    '"http_user_agent":"$http_user_agent","host":"$host"}';
//
// escape=json writes `\"`, `\\` and `\u00XX` inside strings, and an empty
// string for a variable without a value; a format may leave a number
// unquoted.
func TestNginxJSON(t *testing.T) {
	runParseCases(t, NginxJSON, []parseCase{
		{
			name: "time_local, string status",
			line: `{"time_local":"05/Mar/2024:10:00:01 +0000","remote_addr":"203.0.113.7","request":"GET /index.html HTTP/1.1","status":"200","body_bytes_sent":"612","request_time":"0.001","http_referer":"","http_user_agent":"curl/8.5.0","host":"www.example.com"}`,
			want: fields{status: 200, time: "2024-03-05T10:00:01Z", bytes: 612, dur: 0.001, upTime: -1,
				method: "GET", path: "/index.html", host: "www.example.com", remote: "203.0.113.7"},
		},
		{
			// unquoted numbers, request_method and request_uri instead of
			// request, an IPv6 client, two upstreams tried
			name: "time_iso8601, number status, upstream lists",
			line: `{"time_iso8601":"2024-03-05T10:00:02+00:00","remote_addr":"2001:db8::9","request_method":"POST","request_uri":"/api/orders?id=7","server_protocol":"HTTP/2.0","status":502,"body_bytes_sent":157,"request_time":0.125,"upstream_addr":"10.0.0.5:8080, 10.0.0.6:8080","upstream_status":"502, 502","upstream_response_time":"0.060, 0.064","http_user_agent":"okhttp/4.12.0","host":"api.example.com"}`,
			want: fields{status: 502, time: "2024-03-05T10:00:02Z", bytes: 157, dur: 0.125, upStatus: 502, upTime: 0.124,
				method: "POST", path: "/api/orders?id=7", host: "api.example.com", remote: "2001:db8::9", upstream: "10.0.0.5:8080, 10.0.0.6:8080"},
		},
		{
			// escape=json: a quote, a backslash and a non-ASCII byte
			name: "msec, escapes",
			line: `{"msec":"1709632803.512","remote_addr":"198.51.100.23","request":"GET /search?q=\"caf\u00e9\\\" HTTP/1.1","status":"404","body_bytes_sent":"0","request_time":"0.003","http_referer":"https://www.example.com/?q=caf\u00e9","http_user_agent":"Mozilla/5.0 (X11; Linux x86_64)","host":"www.example.com"}`,
			want: fields{status: 404, time: "2024-03-05T10:00:03Z", bytes: 0, dur: 0.003, upTime: -1,
				method: "GET", path: `/search?q="café\"`, host: "www.example.com", remote: "198.51.100.23"},
		},
		{
			// the time in another zone; the client gave up (499) before
			// the upstream answered, whose values are empty
			name: "zone offset, 499, empty upstream values",
			line: `{"time_iso8601":"2024-03-05T11:00:04+01:00","remote_addr":"198.51.100.24","request":"GET /api/export HTTP/1.1","status":"499","body_bytes_sent":"0","request_time":"30.001","upstream_addr":"","upstream_status":"","upstream_response_time":"","http_user_agent":"curl/8.5.0","host":"api.example.com"}`,
			want: fields{status: 499, time: "2024-03-05T10:00:04Z", bytes: 0, dur: 30.001, upTime: -1,
				method: "GET", path: "/api/export", host: "api.example.com", remote: "198.51.100.24"},
		},
		{
			name: "uri and args, http_host",
			line: `{"time_local":"05/Mar/2024:10:00:05 +0000","remote_addr":"198.51.100.25","uri":"/img/logo.png","args":"v=3","request_method":"GET","status":"304","body_bytes_sent":"0","request_time":"0.000","http_user_agent":"Mozilla/5.0","http_host":"static.example.com"}`,
			want: fields{status: 304, time: "2024-03-05T10:00:05Z", bytes: 0, dur: 0, upTime: -1,
				method: "GET", path: "/img/logo.png", host: "static.example.com", remote: "198.51.100.25"},
		},
		{
			// a format without escape=json: nginx writes \x22 for a quote,
			// which is no JSON escape but ends no string either
			name: "default escaping",
			line: `{"time_local":"05/Mar/2024:10:00:06 +0000","request":"GET /a\x22b HTTP/1.1","status":"200","body_bytes_sent":"5"}`,
			want: fields{status: 200, time: "2024-03-05T10:00:06Z", bytes: 5, dur: -1, upTime: -1,
				method: "GET", path: `/a"b`},
		},

		{
			// other JSON: the json preset reads it, this one does not
			name: "no nginx time",
			line: `{"time":"2026-11-02T10:00:00+01:00","remote_addr":"203.0.113.9","request":"GET /api/orders?id=7 HTTP/1.1","status":200}`,
			err:  ErrMismatch,
		},
		{
			name: "a Caddy line",
			line: caddyExample,
			err:  ErrMismatch,
		},
		{
			name: "no status",
			line: `{"time_local":"05/Mar/2024:10:00:08 +0000","remote_addr":"198.51.100.28","request":"GET / HTTP/1.1","body_bytes_sent":"0"}`,
			err:  ErrNoStatus,
		},
		{
			name: "status -",
			line: `{"time_local":"05/Mar/2024:10:00:08 +0000","request":"GET / HTTP/1.1","status":"-"}`,
			err:  ErrNoStatus,
		},
		{
			name: "cut short",
			line: `{"time_local":"05/Mar/2024:10:00:06 +0000","remote_addr":"198.51.100.26","request":"GET / HTTP/1.1","status":"200","body_by`,
			err:  ErrTruncated,
		},
		{
			name: "a combined line",
			line: combinedExample,
			err:  ErrMismatch,
		},
	})
}
