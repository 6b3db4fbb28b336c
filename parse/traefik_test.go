package parse

import "testing"

// TestTraefikCLF reads Traefik's CLF lines, whose empty referer and user
// agent are `"-"` in some versions and a bare `-` in others, and refuses
// lines of another shape.
func TestTraefikCLF(t *testing.T) {
	const head = `192.168.1.1 - - [10/Oct/2023:13:55:36 +0000] "GET /api/users HTTP/1.1" 503 1234 `
	cases := []struct{ name, tail, want string }{
		{"quoted", `"-" "curl/8.4.0" 42 "api-router@docker" "http://10.0.0.5:8080" 3ms`,
			`status=503 time=2023-10-10T13:55:36Z bytes=1234 duration=0.003 remote="192.168.1.1" method="GET" path="/api/users" proto="HTTP/1.1" referer="-" agent="curl/8.4.0"`},
		{"bare referer", `- "curl/8.4.0" 42 "api-router@docker" "http://10.0.0.5:8080" 3ms`,
			`status=503 time=2023-10-10T13:55:36Z bytes=1234 duration=0.003 remote="192.168.1.1" method="GET" path="/api/users" proto="HTTP/1.1" referer="-" agent="curl/8.4.0"`},
		{"bare referer and user agent", `- - 42 - - 1250ms`,
			`status=503 time=2023-10-10T13:55:36Z bytes=1234 duration=1.25 remote="192.168.1.1" method="GET" path="/api/users" proto="HTTP/1.1" referer="-" agent="-"`},
		{"no request count", `"-" "curl/8.4.0" - "r" "b" 3ms`,
			`status=503 time=2023-10-10T13:55:36Z bytes=1234 duration=0.003 remote="192.168.1.1" method="GET" path="/api/users" proto="HTTP/1.1" referer="-" agent="curl/8.4.0"`},
		{"combined is not traefik", `"-" "curl/8.4.0"`, `line does not match the log format`},
		{"a field too many", `"-" "curl/8.4.0" 42 "r" "b" 3ms x`, `line does not match the log format`},
		{"duration without its unit", `"-" "curl/8.4.0" 42 "r" "b" 3`, `line does not match the log format`},
		{"quoted count", `"-" "curl/8.4.0" "42" "r" "b" 3ms`, `line does not match the log format`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := parsed(Traefik, head+tc.tail); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}
