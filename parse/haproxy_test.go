package parse

import (
	"testing"
)

// TestHAProxy reads lines of HAProxy's HTTP log format. Lines marked
// "manual" are copied from the HAProxy configuration manual (1.7), joined
// where it breaks them with '\': section 8.2.3 "HTTP log format", 8.8
// "Capturing HTTP headers" and 8.9 "Examples of logs"; the others are
// written from the field descriptions there.
func TestHAProxy(t *testing.T) {
	runParseCases(t, HAProxy, []parseCase{
		{
			// manual 8.2.3, with its syslog header:
			// >>> Feb  6 12:14:14 localhost \
			//       haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in \
			//       static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} \
			//       {} "GET /index.html HTTP/1.1"
			name: "manual 8.2.3 example",
			line: `Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1"`,
			want: fields{status: 200, time: "2009-02-06T12:14:14Z", bytes: 2750, dur: 0.109, upTime: 0.069,
				method: "GET", path: "/index.html", remote: "10.0.1.2", upstream: "static/srv1"},
		},
		{
			// the same line as HAProxy writes it to stdout: no syslog header
			name: "no syslog header",
			line: `10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1"`,
			want: fields{status: 200, time: "2009-02-06T12:14:14Z", bytes: 2750, dur: 0.109, upTime: 0.069,
				method: "GET", path: "/index.html", remote: "10.0.1.2", upstream: "static/srv1"},
		},
		{
			// manual 8.9: "long request (6.5s) entered by hand through 'telnet'"
			name: "manual 8.9 telnet, tag only",
			line: `haproxy[674]: 127.0.0.1:33318 [15/Oct/2003:08:31:57.130] px-http px-http/srv1 6559/0/7/147/6723 200 243 - - ---- 5/3/3/1/0 0/0 "HEAD / HTTP/1.0"`,
			want: fields{status: 200, time: "2003-10-15T08:31:57Z", bytes: 243, dur: 6.723, upTime: 0.147,
				method: "HEAD", path: "/", remote: "127.0.0.1", upstream: "px-http/srv1"},
		},
		{
			// manual 8.9: "The "logasap" option was specified": Ta and the
			// bytes carry '+'; the duration is not the request's, so unknown
			name: "manual 8.9 logasap",
			line: `haproxy[674]: 127.0.0.1:33320 [15/Oct/2003:08:32:17.654] px-http px-http/srv1 9/0/7/14/+30 200 +243 - - ---- 3/3/3/1/0 0/0 "GET /image.iso HTTP/1.0"`,
			want: fields{status: 200, time: "2003-10-15T08:32:17Z", bytes: 243, dur: -1, upTime: 0.014,
				method: "GET", path: "/image.iso", remote: "127.0.0.1", upstream: "px-http/srv1"},
		},
		{
			// manual 8.9: 'the proxy blocked a server response ... ("PH--")'
			name: "manual 8.9 PH-- 502",
			line: `haproxy[674]: 127.0.0.1:33320 [15/Oct/2003:08:32:17.925] px-http px-http/srv1 9/0/7/14/30 502 243 - - PH-- 3/2/2/0/0 0/0 "GET /cgi-bin/bug.cgi? HTTP/1.0"`,
			want: fields{status: 502, time: "2003-10-15T08:32:17Z", bytes: 243, dur: 0.030, upTime: 0.014,
				method: "GET", path: "/cgi-bin/bug.cgi?", remote: "127.0.0.1", upstream: "px-http/srv1"},
		},
		{
			// manual 8.9: "the client never completed its request and
			// aborted itself": status -1, no valid status (0), every timer
			// but the last -1, an empty request
			name: "manual 8.9 status -1",
			line: `haproxy[18113]: 127.0.0.1:34548 [15/Oct/2003:15:18:55.798] px-http px-http/<NOSRV> -1/-1/-1/-1/8490 -1 0 - - CR-- 2/2/2/0/0 0/0 ""`,
			want: fields{status: 0, time: "2003-10-15T15:18:55Z", bytes: 0, dur: 8.490, upTime: -1,
				remote: "127.0.0.1", upstream: "px-http/<NOSRV>"},
		},
		{
			name: "manual 8.9 408 timeout",
			line: `haproxy[18113]: 127.0.0.1:34549 [15/Oct/2003:15:19:06.103] px-http px-http/<NOSRV> -1/-1/-1/-1/50001 408 0 - - cR-- 2/2/2/0/0 0/0 ""`,
			want: fields{status: 408, time: "2003-10-15T15:19:06Z", bytes: 0, dur: 50.001, upTime: -1,
				remote: "127.0.0.1", upstream: "px-http/<NOSRV>"},
		},
		{
			// manual 8.9: "the connection to the server failed ('SC--')
			// after 4 attempts"
			name: "manual 8.9 SC-- 503 after retries",
			line: `haproxy[18989]: 10.0.0.1:34552 [15/Oct/2003:15:26:31.462] px-http px-http/srv1 3183/-1/-1/-1/11215 503 0 - - SC-- 205/202/202/115/3 0/0 "HEAD / HTTP/1.0"`,
			want: fields{status: 503, time: "2003-10-15T15:26:31Z", bytes: 0, dur: 11.215, upTime: -1,
				method: "HEAD", path: "/", remote: "10.0.0.1", upstream: "px-http/srv1"},
		},
		{
			// manual 8.8: captured request and response headers, a date
			// without milliseconds, a request without its version
			name: "manual 8.8 captured headers",
			line: `Aug  9 20:26:09 localhost haproxy[2022]: 127.0.0.1:34014 [09/Aug/2004:20:26:09] proxy-out proxy-out/cache1 0/0/0/162/+162 200 +350 - - ---- 0/0/0/0/0 0/0 {fr.adserver.yahoo.co||http://fr.f416.mail.} {|864|private||} "GET http://fr.adserver.yahoo.com/"`,
			want: fields{status: 200, time: "2004-08-09T20:26:09Z", bytes: 350, dur: -1, upTime: 0.162,
				method: "GET", path: "http://fr.adserver.yahoo.com/", remote: "127.0.0.1", upstream: "proxy-out/cache1"},
		},
		{
			name: "manual 8.8 empty captures",
			line: `Aug  9 20:30:46 localhost haproxy[2022]: 127.0.0.1:34020 [09/Aug/2004:20:30:46] proxy-out proxy-out/cache1 0/0/0/182/+182 200 +279 - - ---- 0/0/0/0/0 0/0 {w.ods.org||} {Formilux/0.1.8|3495|||} "GET http://trafic.1wt.eu/ HTTP/1.1"`,
			want: fields{status: 200, time: "2004-08-09T20:30:46Z", bytes: 279, dur: -1, upTime: 0.182,
				method: "GET", path: "http://trafic.1wt.eu/", remote: "127.0.0.1", upstream: "proxy-out/cache1"},
		},
		{
			// an IPv6 client (HAProxy writes it without brackets), a
			// header capture with spaces, the server aborting before its
			// headers (SH--, Tr -1), an SSL frontend ('~')
			name: "IPv6 client, SH--",
			line: `Mar  5 10:00:03 lb1 haproxy[2101]: 2001:db8::1:52344 [05/Mar/2024:10:00:03.120] fe-https~ be-api/api2 0/0/1/-1/3004 502 209 - - SH-- 12/10/2/1/0 0/0 {api.example.com|Mozilla/5.0 (X11; Linux x86_64)} {} "POST /v1/orders HTTP/1.1"`,
			want: fields{status: 502, time: "2024-03-05T10:00:03Z", bytes: 209, dur: 3.004, upTime: -1,
				method: "POST", path: "/v1/orders", remote: "2001:db8::1", upstream: "be-api/api2"},
		},
		{
			// a mapped IPv4 address, a redispatch ('+' on retries), one
			// capture block only
			name: "IPv4-mapped IPv6, redispatch",
			line: `::ffff:10.0.0.9:40112 [05/Mar/2024:10:00:04.002] fe-http be-api/api1 0/0/0/12/13 204 115 - - ---- 9/7/1/1/+1 0/0 {api.example.com} "DELETE /v1/orders/42 HTTP/1.1"`,
			want: fields{status: 204, time: "2024-03-05T10:00:04Z", bytes: 115, dur: 0.013, upTime: 0.012,
				method: "DELETE", path: "/v1/orders/42", remote: "::ffff:10.0.0.9", upstream: "be-api/api1"},
		},
		{
			// 8.5: "PR The proxy blocked the client's HTTP request, either
			// because of an invalid HTTP syntax, in which case it returned
			// an HTTP 400 error"
			name: "PR-- 400 <BADREQ>",
			line: `198.51.100.4:61000 [05/Mar/2024:10:00:05.000] fe-http fe-http/<NOSRV> -1/-1/-1/-1/0 400 187 - - PR-- 1/1/0/0/0 0/0 "<BADREQ>"`,
			want: fields{status: 400, time: "2024-03-05T10:00:05Z", bytes: 187, dur: 0, upTime: -1,
				remote: "198.51.100.4", upstream: "fe-http/<NOSRV>"},
		},
		{
			// a status of 0, which later versions log for no response
			name: "status 0",
			line: `198.51.100.6:61002 [05/Mar/2024:10:00:07.000] fe-http be-static/s1 0/0/0/-1/120 0 0 - - CD-- 3/3/1/1/0 0/0 "GET /x HTTP/1.1"`,
			want: fields{status: 0, time: "2024-03-05T10:00:07Z", bytes: 0, dur: 0.120, upTime: -1,
				method: "GET", path: "/x", remote: "198.51.100.6", upstream: "be-static/s1"},
		},
		{
			// 8.2.3: the request "might be truncated if the request is huge
			// and does not fit in the standard syslog buffer"
			name: "request cut by syslog",
			line: `10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 "GET /a-very-long-ur`,
			want: fields{status: 200, time: "2009-02-06T12:14:14Z", bytes: 2750, dur: 0.109, upTime: 0.069,
				method: "GET", path: "/a-very-long-ur", remote: "10.0.1.2", upstream: "static/srv1", recovered: true},
		},
		{
			// 8.6: "some syslog daemons such as syslog-ng escape the quote"
			name: "syslog-ng escaped quotes",
			line: `10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 \"GET /index.html HTTP/1.1\"`,
			want: fields{status: 200, time: "2009-02-06T12:14:14Z", bytes: 2750, dur: 0.109, upTime: 0.069,
				method: "GET", path: "/index.html", remote: "10.0.1.2", upstream: "static/srv1"},
		},

		// TCP logs ("option tcplog") have Tw/Tc/Tt, no status and no
		// request: never an HTTP line.
		{
			// manual 8.2.2:
			// >>> Feb  6 12:12:56 localhost \
			//       haproxy[14387]: 10.0.1.2:33313 [06/Feb/2009:12:12:51.443] fnt \
			//       bck/srv1 0/0/5007 212 -- 0/0/0/0/3 0/0
			name: "manual 8.2.2 TCP example",
			line: `Feb  6 12:12:56 localhost haproxy[14387]: 10.0.1.2:33313 [06/Feb/2009:12:12:51.443] fnt bck/srv1 0/0/5007 212 -- 0/0/0/0/3 0/0`,
			err:  ErrMismatch,
		},
		{
			// manual 8.9: 'This log was produced with "option tcplog"'
			name: "manual 8.9 TCP example",
			line: `haproxy[18989]: 127.0.0.1:34550 [15/Oct/2003:15:24:28.312] px-tcp px-tcp/srv1 0/0/5007 0 cD 0/0/0/0/0 0/0`,
			err:  ErrMismatch,
		},
		{
			// manual 8.2.5: an SSL handshake failure
			name: "manual 8.2.5 error log",
			line: `Dec  3 18:27:14 localhost haproxy[6103]: 127.0.0.1:56059 [03/Dec/2012:17:35:10.380] frt/f1: Connection error during SSL handshake`,
			err:  ErrMismatch,
		},
		{
			name: "a combined line",
			line: `127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"`,
			err:  ErrMismatch,
		},
		{
			name: "text before the client without a syslog tag",
			line: `garbage 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"`,
			err:  ErrMismatch,
		},
		{
			name: "no client port",
			line: `10.0.1.2 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"`,
			err:  ErrMismatch,
		},
		{
			name: "bad status",
			line: `10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 2x0 2750 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"`,
			err:  ErrBadStatus,
		},
		{
			name: "bad timer",
			line: `10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/x/109 200 2750 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"`,
			err:  ErrBadNumber,
		},
		{
			name: "text after the request",
			line: `10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1" extra`,
			err:  ErrMismatch,
		},
		{
			name: "cut before the status",
			line: `10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109`,
			err:  ErrTruncated,
		},
		{name: "blank", line: "  ", err: ErrEmpty},
	})
}

// TestHAProxyBadDate: a request date that cannot be read leaves the time
// unknown and the request counted, as in every other format.
func TestHAProxyBadDate(t *testing.T) {
	var r Record
	line := `10.0.1.2:33317 [31/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"`
	if err := HAProxy.NewParser().Parse([]byte(line), &r); err != nil || r.HasTime || !r.BadTime || r.Status != 200 {
		t.Fatalf("err %v, has time %v, bad time %v, status %d", err, r.HasTime, r.BadTime, r.Status)
	}
}

// FuzzHAProxy checks that no line crashes the HAProxy parser and that what
// it accepts keeps the promises of every parser.
func FuzzHAProxy(f *testing.F) {
	f.Add(haproxyExample)
	f.Add(`haproxy[18113]: 127.0.0.1:34548 [15/Oct/2003:15:18:55.798] px-http px-http/<NOSRV> -1/-1/-1/-1/8490 -1 0 - - CR-- 2/2/2/0/0 0/0 ""`)
	f.Add(`x: ::1:1 [09/Aug/2004:20:26:09] a b/c 0/0/0/1/+1 200 +1 - - ---- 0/0/0/0/+0 0/0 {|} {} \"GET /\"`)
	f.Add(`1:1 [01/Jan/2000:00:00:00.] a b/c 0/0/0/0/0 200 0 - - ---- 0/0/0/0/0 0/0 "`)
	f.Fuzz(func(t *testing.T, line string) {
		b := []byte(line)
		var r Record
		checkRecord(t, b, &r, HAProxy.NewParser().Parse(b, &r))
	})
}
