package parse

import (
	"sort"
	"strings"
)

// Combined and Common are the NCSA layouts every server can write. They share
// one lenient parser (see clfParser); the names record what was detected.
var (
	Combined = &Format{Name: "combined", Title: "Apache/nginx combined", Example: combinedExample, Family: WebServers, newParser: newCLF, newLean: newLeanCLF, lenient: true}
	Common   = &Format{Name: "common", Title: "Common Log Format (NCSA)", Example: commonExample, Family: WebServers, newParser: newCLF, newLean: newLeanCLF, lenient: true}
	// NginxMain is nginx's default "main" format: combined plus
	// "$http_x_forwarded_for". The lenient combined parser reads it;
	// detection names it when most lines have that one quoted field more.
	NginxMain = &Format{Name: "nginx-main", Title: "nginx main (combined + X-Forwarded-For)", Example: nginxMainExample, Family: WebServers, newParser: newCLF, newLean: newLeanCLF, lenient: true}
)

func newCLF() Parser { return &clfParser{} }

func newLeanCLF() Parser { return &clfParser{lean: true} }

// Example lines, written from each format's documentation.
const (
	combinedExample    = `127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"`
	commonExample      = `127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326`
	vcombinedExample   = `www.example.com:443 127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"`
	vcommonExample     = `www.example.com 127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326`
	nginxMainExample   = `172.17.0.1 - - [31/Dec/2024:17:32:06 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/8.11.1" "203.0.113.7"`
	w3cExample         = `2024-03-05 00:00:01 10.0.0.4 GET /default.aspx id=7 443 - 203.0.113.50 Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) https://www.example.com/ 200 0 0 46`
	squidExample       = `1286536308.779    180 192.168.0.224 TCP_MISS/200 411 GET http://www.google.com/ - DIRECT/209.85.229.104 text/html`
	cloudFrontExample  = "2019-12-04\t21:02:31\tLAX1\t392\t192.0.2.100\tGET\td111111abcdef8.cloudfront.net\t/index.html\t200\t-\tMozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)%20AppleWebKit/537.36\t-\t-\tHit\tSOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==\td111111abcdef8.cloudfront.net\thttps\t23\t0.001\t-\tTLSv1.2\tECDHE-RSA-AES128-GCM-SHA256\tHit\tHTTP/2.0\t-\t-\t11040\t0.001\tHit\ttext/html\t78\t-\t-"
	elbExample         = `2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.38.0" - -`
	albExample         = `http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.46.0" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337262-36d228ad5d99923122bbe354" "-" "-" 0 2018-07-02T22:22:48.364000Z "forward" "-" "-" "10.0.0.1:80" "200" "-" "-" TID_1234abcd5678ef90`
	s3Example          = `79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be awsexamplebucket1 [06/Feb/2019:00:00:38 +0000] 192.0.2.3 79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be 3E57427F3EXAMPLE REST.GET.VERSIONING - "GET /awsexamplebucket1?versioning HTTP/1.1" 200 - 113 - 7 - "-" "S3Console/0.4" - s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234= SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader awsexamplebucket1.s3.us-west-1.amazonaws.com TLSV1.2 - -`
	gcsExample         = `"1588166433227000","192.0.2.10","1","","GET","/storage/v1/b/example-bucket/o/index.html?alt=media","200","0","1271","41000","storage.googleapis.com","","curl/7.68.0","ADPycdtH1ZFRr8w3A4iPSlBEA","GET_Object","example-bucket","index.html"`
	caddyExample       = `{"level":"info","ts":1646861401.5241024,"logger":"http.log.access.log0","msg":"handled request","request":{"remote_ip":"127.0.0.1","remote_port":"41342","client_ip":"127.0.0.1","proto":"HTTP/2.0","method":"GET","host":"localhost","uri":"/","headers":{"User-Agent":["curl/7.82.0"],"Accept":["*/*"],"Accept-Encoding":["gzip, deflate, br"]},"tls":{"resumed":false,"version":772,"cipher_suite":4865,"proto":"h2","server_name":"example.com"}},"bytes_read":0,"user_id":"","duration":0.000929675,"size":10900,"status":200,"resp_headers":{"Server":["Caddy"],"Content-Encoding":["gzip"],"Content-Type":["text/html; charset=utf-8"],"Vary":["Accept-Encoding"]}}`
	traefikExample     = `192.168.1.1 - - [10/Oct/2023:13:55:36 +0000] "GET /api/users HTTP/1.1" 200 1234 "-" "curl/8.4.0" 42 "api-router@docker" "http://10.0.0.5:8080" 3ms`
	traefikJSONExample = `{"ClientAddr":"192.168.1.1:54321","ClientHost":"192.168.1.1","ClientPort":"54321","ClientUsername":"-","DownstreamContentSize":1234,"DownstreamStatus":200,"Duration":3251000,"OriginContentSize":1234,"OriginDuration":3105000,"OriginStatus":200,"Overhead":146000,"RequestAddr":"api.example.com","RequestContentSize":0,"RequestCount":42,"RequestHost":"api.example.com","RequestMethod":"GET","RequestPath":"/api/users?page=2","RequestPort":"-","RequestProtocol":"HTTP/1.1","RequestScheme":"https","RetryAttempts":0,"RouterName":"api-router@docker","ServiceAddr":"10.0.0.5:8080","ServiceName":"api@docker","ServiceURL":"http://10.0.0.5:8080","StartLocal":"2023-10-10T13:55:36.123456789Z","StartUTC":"2023-10-10T13:55:36.123456789Z","entryPointName":"websecure","level":"info","msg":"","time":"2023-10-10T13:55:36Z"}`
	jsonExample        = `{"time":"2026-11-02T10:00:00+01:00","remote_addr":"203.0.113.9","request":"GET /api/orders?id=7 HTTP/1.1","status":200,"body_bytes_sent":512,"request_time":0.012,"http_referer":"","http_user_agent":"curl/8.5.0"}`
)

// mustApache compiles a preset's Apache format; a failure is a bug.
func mustApache(name, title, spec, example string) *Format {
	steps, err := compileApache(spec)
	if err != nil {
		panic(err)
	}
	return &Format{Name: name, Title: title, Spec: spec, Example: example, newParser: func() Parser {
		return &stepParser{steps: steps}
	}}
}

var (
	// VCombined is Debian's vhost_combined (GoAccess VCOMBINED): the
	// virtual host and port before a combined line.
	VCombined = mustApache("vcombined", "Apache vhost_combined (vhost:port + combined)",
		`%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"`, vcombinedExample).inFamily(WebServers)
	// VCommon is Apache's vcommon: the virtual host before a common line.
	VCommon = mustApache("vcommon", "Apache vcommon (vhost + common)",
		`%v %h %l %u %t "%r" %>s %b`, vcommonExample).inFamily(WebServers)
	// Traefik is Traefik's default access log: combined plus the request
	// count, router, backend URL and duration in milliseconds (see
	// traefikParser).
	Traefik = &Format{Name: "traefik", Title: "Traefik access log (CLF)", Example: traefikExample, Family: Proxies, newParser: newTraefik}

	// W3C is IIS's W3C extended log with its default fields; a #Fields
	// line in the first lines of a file overrides them.
	W3C = newW3C(iisDefaultFields, false, false).inFamily(WebServers)
	// CloudFront is the standard log of a CloudFront web distribution.
	CloudFront = newW3C(cloudFrontDefaultFields, true, false).inFamily(Cloud)
	// Squid is Squid's native access.log.
	Squid = squidFmt.inFamily(Proxies)
	// ELB is the AWS Classic Load Balancer access log.
	ELB = elbFmt.inFamily(Cloud)
	// ALB is the AWS Application Load Balancer access log; the status is
	// elb_status_code, the target's goes to UpstreamStatus, and the three
	// processing times add up to Duration.
	ALB = albFmt.inFamily(Cloud)
	// S3 is the Amazon S3 server access log.
	S3 = s3Fmt.inFamily(Cloud)
	// GCS is the Google Cloud Storage usage log (CSV with a header row).
	GCS = newGCS(gcsDefaultFields, false).inFamily(Cloud)

	// Caddy is Caddy's JSON access log.
	Caddy = newJSONPreset("caddy", "Caddy (JSON)", caddyExample, map[string]slot{
		"ts":                         {field: fTimeAny},
		"status":                     {field: fStatus},
		"duration":                   {field: fDuration},
		"size":                       {field: fBodyBytes},
		"request.method":             {field: fMethod},
		"request.uri":                {field: fRequestURI},
		"request.host":               {field: fHost},
		"request.proto":              {field: fProtocol},
		"request.remote_ip":          {field: fRemoteAddr},
		"request.headers.User-Agent": {field: fUserAgent},
		"request.headers.Referer":    {field: fReferer},
	}, fStatus, fMethod)
	// TraefikJSON is Traefik's JSON access log; Duration is nanoseconds.
	TraefikJSON = newJSONPreset("traefik-json", "Traefik access log (JSON)", traefikJSONExample, map[string]slot{
		"StartUTC":              {field: fTimeAny},
		"DownstreamStatus":      {field: fStatus},
		"OriginStatus":          {field: fUpstreamStatus},
		"Duration":              {field: fDuration, scale: 1e-9},
		"OriginDuration":        {field: fUpstreamTime, scale: 1e-9},
		"DownstreamContentSize": {field: fBodyBytes},
		"RequestMethod":         {field: fMethod},
		"RequestPath":           {field: fRequestURI},
		"RequestHost":           {field: fHost},
		"RequestProtocol":       {field: fProtocol},
		"RequestScheme":         {field: fScheme},
		"ClientHost":            {field: fRemoteAddr},
		"ServiceAddr":           {field: fUpstreamAddr},
	}, fStatus, fMethod)
	// JSONLines is JSON with the automatic key mapping (see JSON).
	JSONLines = mustJSON()
)

func mustJSON() *Format {
	f, err := JSON(JSONMapping{})
	if err != nil {
		panic(err)
	}
	f.lenient = true // its automatic keys read Caddy's and others' lines too
	f.Family = JSONLogs
	return f
}

// presetList is every preset in the order detection prefers them when
// several parse a sample equally well: the more specific layouts first
// (a vcombined line also parses as combined, with the vhost taken for
// the client; so do ingress-nginx lines, with their extra fields, and
// Envoy's, with the response flags taken for the size), and nginx JSON
// before the automatic JSON mapping, which reads it too.
var presetList = []*Format{
	Traefik, VCombined, VCommon, IngressNginx, Envoy, Combined, Common, NginxMain,
	W3C, CloudFront, Squid, ELB, ALB, S3, GCS, HAProxy,
	Caddy, TraefikJSON, NginxJSON, JSONLines,
}

var presetAliases = map[string]*Format{
	"clf":           Common,
	"main":          NginxMain,
	"iis":           W3C,
	"elb-classic":   ELB,
	"nginx-ingress": IngressNginx,
	"upstreaminfo":  IngressNginx,
	// nginx writes combined unless told otherwise, and its shipped
	// nginx.conf main; the combined parser reads both. Apache's usual
	// access log is combined.
	"nginx":  Combined,
	"apache": Combined,
}

// Preset returns the built-in format called name (case and surrounding
// space ignored).
func Preset(name string) (*Format, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	for _, f := range presetList {
		if f.Name == name {
			return f, true
		}
	}
	f, ok := presetAliases[name]
	return f, ok
}

// Aliases returns the other names Preset knows f by, sorted.
func Aliases(f *Format) []string {
	var names []string
	for name, g := range presetAliases {
		if g == f {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// Presets returns the names of the built-in formats, sorted.
func Presets() []string {
	names := make([]string, 0, len(presetList))
	for _, f := range presetList {
		names = append(names, f.Name)
	}
	sort.Strings(names)
	return names
}

// PresetFormats returns the built-in formats, in the order detection
// prefers them.
func PresetFormats() []*Format {
	return append([]*Format(nil), presetList...)
}
