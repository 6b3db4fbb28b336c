package parse

// IngressNginx is the access log of the Kubernetes ingress-nginx
// controller with its default log-format-upstream. Its documentation
// ("Log format", user guide, NGINX configuration) defines it as
//
//	log_format upstreaminfo
//	    '$remote_addr - $remote_user [$time_local] "$request" '
//	    '$status $body_bytes_sent "$http_referer" "$http_user_agent" '
//	    '$request_length $request_time [$proxy_upstream_name] [$proxy_alternative_upstream_name] $upstream_addr '
//	    '$upstream_response_length $upstream_response_time $upstream_status $req_id';
//
// It is compiled like any nginx log_format: the status is $status, the
// duration $request_time ("time elapsed since the first bytes were read
// from the client", seconds); $upstream_status (the last of a list such as
// "502, 200"), $upstream_response_time (summed) and $upstream_addr are the
// upstream values. $proxy_upstream_name, $request_length and $req_id are
// read and ignored.
var IngressNginx = ingressNginx()

// ingressNginxFormat is log-format-upstream's default, as the ConfigMap
// documentation lists it.
const ingressNginxFormat = `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_length $request_time [$proxy_upstream_name] [$proxy_alternative_upstream_name] $upstream_addr $upstream_response_length $upstream_response_time $upstream_status $req_id`

// ingressNginxExample is a line of the format: nginx retried the request
// on a second endpoint after a 502, so the upstream values are lists.
const ingressNginxExample = `192.168.49.1 - - [05/Mar/2024:10:00:01 +0000] "GET /api/v1/items?page=2 HTTP/1.1" 200 612 "-" "curl/8.5.0" 98 0.006 [default-api-80] [] 10.244.0.7:8080, 10.244.0.8:8080 0, 612 0.001, 0.004 502, 200 5b4c1a6e1e0c4bd9b8ef2a7d4c2b6f41`

func ingressNginx() *Format {
	steps, err := compileNginx(ingressNginxFormat)
	if err != nil {
		panic(err)
	}
	for i := range steps {
		// Like the other upstream variables, the response lengths are
		// a list when nginx tried several upstreams ("0, 612").
		if steps[i].name == "$upstream_response_length" {
			steps[i].list = true
		}
	}
	return &Format{Name: "ingress-nginx", Title: "Kubernetes ingress-nginx (upstreaminfo)", Spec: ingressNginxFormat,
		Example: ingressNginxExample, Family: Proxies, newParser: func() Parser { return &stepParser{steps: steps} }}
}
