package parse

// NginxJSON is nginx JSON written by a log_format with escape=json whose
// keys are the names of the variables they hold, as in
//
//	log_format json escape=json '{"time_iso8601":"$time_iso8601",'
//	    '"remote_addr":"$remote_addr","request":"$request","status":"$status",'
//	    '"body_bytes_sent":"$body_bytes_sent","request_time":"$request_time",'
//	    '"http_referer":"$http_referer","http_user_agent":"$http_user_agent","host":"$host"}';
//
// Every variable Compile understands is read under its own name (see
// nginxVars): the status from "status", a string or a number; the duration
// from "request_time" in seconds; "request" is split into method, path and
// protocol, or "request_method" and "request_uri" (or "uri" and "args")
// give them; "upstream_status" and "upstream_response_time" may be lists.
// nginx's log_format documentation says of escape=json: "all characters not
// allowed in JSON strings will be escaped: characters “"” and “\” are
// escaped as “\"” and “\\”, characters with values less than 32 are escaped
// as “\n”, “\r”, “\t”, “\b”, “\f”, or “\u00XX”". Those escapes are kept as
// written, like every other field of a Record.
//
// A line must have "status" and one of nginx's times, "time_iso8601",
// "time_local" or "msec": that is what tells these lines from other JSON,
// which the json preset reads.
var NginxJSON = newJSONPreset("nginx-json", "nginx JSON (log_format escape=json)", nginxJSONExample,
	nginxJSONKeys(), fStatus, fTimeAny)

const nginxJSONExample = `{"time_local":"05/Mar/2024:10:00:01 +0000","remote_addr":"203.0.113.7","request":"GET /index.html HTTP/1.1","status":"200","body_bytes_sent":"612","request_time":"0.001","http_referer":"","http_user_agent":"curl/8.5.0","host":"www.example.com"}`

// nginxJSONKeys maps each nginx variable name to its field. The three
// times become fTimeAny, which reads all of their shapes, so that one
// required field stands for whichever the line has.
func nginxJSONKeys() map[string]slot {
	keys := make(map[string]slot, len(nginxVars))
	for name, s := range nginxVars {
		switch s.field {
		case fTimeLocal, fTimeISO8601, fTimeEpoch:
			s = slot{field: fTimeAny}
		}
		keys[name] = s
	}
	return keys
}
