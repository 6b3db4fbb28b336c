package loggen

import "strings"

// The tables below are the generator's vocabulary. Weights are relative
// integers; a table is drawn from by walking its cumulative weights, so the
// most frequent entry comes first to keep the walk short. Changing any entry,
// weight or order changes the bytes every seed produces, including the
// committed sample, whose test will then say so.

// weighted is one entry of a table drawn from by weight.
type weighted struct {
	s string
	w uint32
}

// table is a weighted table with its cumulative weights precomputed.
type table struct {
	s   []string
	cum []uint32
}

func newTable(entries []weighted) table {
	t := table{s: make([]string, len(entries)), cum: make([]uint32, len(entries))}
	var sum uint32
	for i, e := range entries {
		sum += e.w
		t.s[i] = e.s
		t.cum[i] = sum
	}
	return t
}

func (t *table) total() uint32 { return t.cum[len(t.cum)-1] }

// codeWeight is one status code and its relative weight.
type codeWeight struct {
	code int
	w    uint32
}

// codeTable is a weighted table of status codes, with each code's text
// precomputed so the hot loop never formats a number it has seen before.
type codeTable struct {
	code []int
	text []string
	cum  []uint32
}

func newCodeTable(entries []codeWeight) codeTable {
	t := codeTable{
		code: make([]int, len(entries)),
		text: make([]string, len(entries)),
		cum:  make([]uint32, len(entries)),
	}
	var sum uint32
	for i, e := range entries {
		sum += e.w
		t.code[i] = e.code
		t.text[i] = itoa3(e.code)
		t.cum[i] = sum
	}
	return t
}

func (t *codeTable) total() uint32 { return t.cum[len(t.cum)-1] }

func itoa3(n int) string {
	return string([]byte{byte('0' + n/100), byte('0' + n/10%10), byte('0' + n%10)})
}

// okCodes are the statuses of requests that did not fail on the server:
// mostly 200, then the usual redirects, cache hits and client errors. 499 is
// nginx's "client closed request"; 444 is nginx closing without a response.
var okCodes = newCodeTable([]codeWeight{
	{200, 78500},
	{304, 6000},
	{404, 4500},
	{302, 2500},
	{301, 1500},
	{201, 1200},
	{204, 1000},
	{403, 800},
	{401, 800},
	{499, 600},
	{206, 500},
	{400, 500},
	{429, 300},
	{101, 50},
	{444, 20},
})

// serverErrors are the 5xx codes outside an outage: mostly application
// errors (500), with a rare Cloudflare 52x from the edge.
var serverErrors = newCodeTable([]codeWeight{
	{500, 40},
	{502, 25},
	{503, 20},
	{504, 10},
	{520, 1},
	{521, 1},
	{522, 1},
	{523, 1},
	{524, 1},
})

// outageErrors are the 5xx codes during an outage: an upstream that is down
// or slow shows as 502/503/504 at the proxy, not as 500.
var outageErrors = newCodeTable([]codeWeight{
	{503, 35},
	{502, 30},
	{504, 22},
	{500, 8},
	{520, 1},
	{521, 1},
	{522, 1},
	{523, 1},
	{524, 1},
})

var methods = newTable([]weighted{
	{"GET", 8500},
	{"POST", 800},
	{"HEAD", 200},
	{"PUT", 200},
	{"OPTIONS", 150},
	{"DELETE", 100},
	{"PATCH", 50},
})

var protocols = newTable([]weighted{
	{"HTTP/1.1", 70},
	{"HTTP/2.0", 27},
	{"HTTP/1.0", 3},
})

// path is a request target; withID ones get a random number appended, so
// logs are not made of a few dozen distinct lines.
type path struct {
	s      string
	withID bool
}

// longPath is a ~2 KiB request target: long enough to overflow a parser that
// assumes short lines, short enough to be a real-world query string.
var longPath = "/api/v1/reports/export?format=csv" + strings.Repeat("&filter%5B%5D=region%3Deu-west-1%2Cstatus%3Dactive", 40)

var paths = []path{
	{"/", false},
	{"/index.html", false},
	{"/favicon.ico", false},
	{"/robots.txt", false},
	{"/sitemap.xml", false},
	{"/healthz", false},
	{"/metrics", false},
	{"/login", false},
	{"/logout", false},
	{"/about", false},
	{"/pricing", false},
	{"/contact", false},
	{"/blog/", false},
	{"/blog/2026/11/slo-budgets-explained", false},
	{"/blog/feed.xml", false},
	{"/docs/getting-started", false},
	{"/docs/api/v1/errors#rate-limits", false},
	{"/static/css/main.3f2a9c.css", false},
	{"/static/js/app.8b1e44.js", false},
	{"/static/js/vendor.c09d7e.js", false},
	{"/static/img/logo.svg", false},
	{"/static/fonts/inter-var.woff2", false},
	{"/images/hero%402x.png", false},
	{"/files/Quarterly%20Report%20Q3.pdf", false},
	{"/download/slareport_1.4.0_linux_amd64.tar.gz", false},
	{"/api/v1/orders?id=", true},
	{"/api/v1/orders/", true},
	{"/api/v1/orders?status=open&page=", true},
	{"/api/v1/users/", true},
	{"/api/v1/users/me", false},
	{"/api/v1/users?sort=-created_at&limit=50&offset=", true},
	{"/api/v1/products?category=shoes&size=42&color=", true},
	{"/api/v1/products/", true},
	{"/api/v1/cart", false},
	{"/api/v1/cart/items/", true},
	{"/api/v1/checkout", false},
	{"/api/v1/payments/webhook", false},
	{"/api/v1/search?q=caf%C3%A9+au+lait&lang=fr", false},
	{"/api/v1/search?q=%E6%97%A5%E6%9C%AC%E8%AA%9E", false},
	{"/api/v1/search?q=100%25+cotton", false},
	{"/api/v2/graphql", false},
	{"/api/v2/events?since=", true},
	{"/auth/oauth2/callback?code=4%2F0AX4XfWh&state=", true},
	{"/account/settings", false},
	{"/account/invoices/INV-", true},
	{"/wp-login.php", false},
	{"/.env", false},
	{"/cgi-bin/luci/;stok=/locale", false},
	{"/%2e%2e/%2e%2e/etc/passwd", false},
	{"/ws/notifications", false},
}

// pathRepeat is how many slots each ordinary target has in the draw, beside
// one slot for longPath: about one target in a thousand is the long one, so
// it appears in any sizeable log without inflating the average line.
const pathRepeat = 20

// wsPath is where 101 Switching Protocols responses go: a websocket upgrade
// on any other path would look odd to a reader of the sample.
const wsPath = "/ws/notifications"

// garbageRequests are request fields as nginx writes them for bytes that are
// not HTTP: TLS handshakes sent to a plain-text port, SSH banners, scanners.
// nginx escapes non-printable bytes as \xHH; the backslashes are literal.
var garbageRequests = []string{
	`\x16\x03\x01\x00`,
	`\x16\x03\x01\x02\x00\x01\x00\x01\xFC\x03\x03`,
	`SSH-2.0-Go`,
	`\x00\x00\x00\x00\x00`,
	`MGLNDD_203.0.113.10_443`,
}

var users = []string{"alice", "bob", "carol", "deploy", "svc-backup"}

var referers = newTable([]weighted{
	{"-", 45},
	{"https://example.com/", 20},
	{"https://www.google.com/", 12},
	{"https://example.com/pricing", 6},
	{"https://example.com/blog/2026/11/slo-budgets-explained", 5},
	{"https://duckduckgo.com/", 4},
	{"https://t.co/a1B2c3D4e5", 3},
	{"android-app://com.google.android.gm/", 2},
	{"https://example.com/search?q=caf%C3%A9", 2},
	{"http://203.0.113.10/", 1},
})

// userAgents include one with an Apache-escaped quote (\") and one with
// nginx's escaping of the same byte (\x22): a parser that ends the field at
// the first quote, or unescapes only one style, will misread these.
var userAgents = newTable([]weighted{
	{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", 30},
	{"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", 14},
	{"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", 12},
	{"Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0", 8},
	{"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", 8},
	{"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", 6},
	{"Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", 3},
	{"curl/8.5.0", 4},
	{"python-requests/2.32.3", 3},
	{"Go-http-client/2.0", 3},
	{"kube-probe/1.31", 3},
	{"-", 2},
	{`Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; \"Corp Toolbar 2.0\")`, 1},
	{`Mozilla/5.0 \x22Nikto\x22/2.5.0 (Evasions:None) (Test:map_codes)`, 1},
})

var ipv4Prefixes = []string{"192.0.2.", "198.51.100.", "203.0.113."}

// hosts are remote hosts logged by name, as servers with HostnameLookups on
// (or a log pipeline that resolves) write them.
var hosts = []string{
	"crawl-66-249-66-1.googlebot.com",
	"crawl-66-249-79-12.googlebot.com",
	"msnbot-157-55-39-204.search.msn.com",
	"client-203-0-113-54.example.net",
	"localhost",
}

// junkLines are whole lines that are not access-log lines at all: an error
// log line mixed in, a JSON log, syslog noise. Each must be malformed to any
// parser of combined or common format.
var junkLines = []string{
	`2026/11/02 03:14:15 [error] 1234#1234: *5 connect() failed (111: Connection refused) while connecting to upstream`,
	`{"level":"warn","msg":"upstream timed out","upstream":"10.0.0.7:8080"}`,
	`-- MARK --`,
	`<html><head><title>502 Bad Gateway</title></head>`,
}

// badStatuses replace the status of an otherwise complete line.
var badStatuses = []string{"2x0", "5o3", "20O"}

// longStatuses are four-digit statuses: digits, but not a status code.
var longStatuses = []string{"2000", "5030", "3040"}

var monthNames = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
