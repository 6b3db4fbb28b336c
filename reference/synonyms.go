package reference

// Synonym maps the words people search with to the meanings they mean,
// where the registry's own words differ: nobody's 403 says "permission
// denied", no phrase says "rate limit". Search matches a synonym's words as
// it matches a phrase's, with more weight (wSynonym), so a search for
// "permission denied" puts 403 first.
type Synonym struct {
	// Words are what a user types, lower case.
	Words string
	// To are the meanings meant.
	To []Link
}

// synonyms is the table, grouped by what people ask about. The README's
// status code reference lists it; a test keeps the two in step.
var synonyms = [...]Synonym{
	// Who may ask
	{"auth", []Link{{401, "Unauthorized"}, {407, "Proxy Authentication Required"}}},
	{"authentication", []Link{{401, "Unauthorized"}}},
	{"login", []Link{{401, "Unauthorized"}}},
	{"log in", []Link{{401, "Unauthorized"}}},
	{"sign in", []Link{{401, "Unauthorized"}}},
	{"not logged in", []Link{{401, "Unauthorized"}}},
	{"credentials", []Link{{401, "Unauthorized"}}},
	{"token expired", []Link{{401, "Unauthorized"}, {498, "Invalid Token"}}},
	{"permission", []Link{{403, "Forbidden"}}},
	{"permission denied", []Link{{403, "Forbidden"}}},
	{"access denied", []Link{{403, "Forbidden"}}},
	{"captive portal", []Link{{511, "Network Authentication Required"}}},
	{"csrf", []Link{{419, "Page Expired"}, {403, "Forbidden"}}},

	// What was asked
	{"wrong method", []Link{{405, "Method Not Allowed"}}},
	{"missing", []Link{{404, "Not Found"}}},
	{"broken link", []Link{{404, "Not Found"}}},
	{"deleted", []Link{{410, "Gone"}, {404, "Not Found"}}},
	{"too big", []Link{{413, "Content Too Large"}, {431, "Request Header Fields Too Large"}}},
	{"upload size", []Link{{413, "Content Too Large"}}},
	{"url too long", []Link{{414, "URI Too Long"}}},
	{"validation", []Link{{422, "Unprocessable Content"}, {400, "Bad Request"}}},
	{"malformed", []Link{{400, "Bad Request"}}},
	{"invalid json", []Link{{400, "Bad Request"}, {422, "Unprocessable Content"}}},
	{"duplicate", []Link{{409, "Conflict"}}},
	{"cache", []Link{{304, "Not Modified"}}},

	// Where it went
	{"redirect", []Link{{301, "Moved Permanently"}, {302, "Found"}, {307, "Temporary Redirect"}, {308, "Permanent Redirect"}}},
	{"websocket", []Link{{101, "Switching Protocols"}}},

	// Too much, too slow
	{"rate limit", []Link{{429, "Too Many Requests"}}},
	{"throttled", []Link{{429, "Too Many Requests"}}},
	{"quota", []Link{{429, "Too Many Requests"}}},
	{"timeout", []Link{{504, "Gateway Timeout"}, {408, "Request Timeout"}, {524, "A Timeout Occurred"}, {522, "Connection Timed Out"}}},
	{"timed out", []Link{{504, "Gateway Timeout"}, {408, "Request Timeout"}, {524, "A Timeout Occurred"}}},
	{"slow", []Link{{504, "Gateway Timeout"}, {524, "A Timeout Occurred"}, {499, "Client Closed Request"}}},

	// What broke
	{"crash", []Link{{500, "Internal Server Error"}, {502, "Bad Gateway"}}},
	{"exception", []Link{{500, "Internal Server Error"}}},
	{"proxy", []Link{{502, "Bad Gateway"}, {504, "Gateway Timeout"}}},
	{"upstream", []Link{{502, "Bad Gateway"}, {504, "Gateway Timeout"}}},
	{"down", []Link{{503, "Service Unavailable"}, {521, "Web Server Is Down"}}},
	{"unavailable", []Link{{503, "Service Unavailable"}}},
	{"maintenance", []Link{{503, "Service Unavailable"}}},
	{"overloaded", []Link{{503, "Service Unavailable"}, {529, "Service Overloaded"}}},
	{"legal", []Link{{451, "Unavailable For Legal Reasons"}}},
}

// Synonyms returns the synonym table. The slice is a copy.
func Synonyms() []Synonym {
	return append([]Synonym(nil), synonyms[:]...)
}
