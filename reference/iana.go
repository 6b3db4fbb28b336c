package reference

// iana is the IANA HTTP Status Code Registry
// (https://www.iana.org/assignments/http-status-codes), as updated
// 2025-09-15, one entry per code in ascending order. Phrases are RFC 9110's
// where it defines the code; Ref is the document and section IANA cites.
// Class and URL are derived from Code and Ref when the package is
// initialised, so they are not written here. Codes IANA lists as
// "Unassigned" are absent.
var iana = [...]Status{
	// 1xx Informational
	{Code: 100, Phrase: "Continue", Status: Assigned, Ref: "RFC 9110 §15.2.1"},
	{Code: 101, Phrase: "Switching Protocols", Status: Assigned, Ref: "RFC 9110 §15.2.2"},
	{Code: 102, Phrase: "Processing", Status: Assigned, Ref: "RFC 2518 §10.1"},
	{Code: 103, Phrase: "Early Hints", Status: Assigned, Ref: "RFC 8297"},
	// 104 is a temporary registration: registered 2024-11-13, extended
	// 2025-09-15, expires 2026-11-13 unless renewed.
	{Code: 104, Phrase: "Upload Resumption Supported", Status: Temporary, Ref: "draft-ietf-httpbis-resumable-upload-05"},

	// 2xx Successful
	{Code: 200, Phrase: "OK", Status: Assigned, Ref: "RFC 9110 §15.3.1"},
	{Code: 201, Phrase: "Created", Status: Assigned, Ref: "RFC 9110 §15.3.2"},
	{Code: 202, Phrase: "Accepted", Status: Assigned, Ref: "RFC 9110 §15.3.3"},
	{Code: 203, Phrase: "Non-Authoritative Information", Status: Assigned, Ref: "RFC 9110 §15.3.4"},
	{Code: 204, Phrase: "No Content", Status: Assigned, Ref: "RFC 9110 §15.3.5"},
	{Code: 205, Phrase: "Reset Content", Status: Assigned, Ref: "RFC 9110 §15.3.6"},
	{Code: 206, Phrase: "Partial Content", Status: Assigned, Ref: "RFC 9110 §15.3.7"},
	{Code: 207, Phrase: "Multi-Status", Status: Assigned, Ref: "RFC 4918 §11.1"},
	{Code: 208, Phrase: "Already Reported", Status: Assigned, Ref: "RFC 5842 §7.1"},
	{Code: 226, Phrase: "IM Used", Status: Assigned, Ref: "RFC 3229 §10.4.1"},

	// 3xx Redirection
	{Code: 300, Phrase: "Multiple Choices", Status: Assigned, Ref: "RFC 9110 §15.4.1"},
	{Code: 301, Phrase: "Moved Permanently", Status: Assigned, Ref: "RFC 9110 §15.4.2"},
	{Code: 302, Phrase: "Found", Status: Assigned, Ref: "RFC 9110 §15.4.3"},
	{Code: 303, Phrase: "See Other", Status: Assigned, Ref: "RFC 9110 §15.4.4"},
	{Code: 304, Phrase: "Not Modified", Status: Assigned, Ref: "RFC 9110 §15.4.5"},
	{Code: 305, Phrase: "Use Proxy", Status: Assigned, Ref: "RFC 9110 §15.4.6"},
	{Code: 306, Phrase: "(Unused)", Status: Unused, Ref: "RFC 9110 §15.4.7"},
	{Code: 307, Phrase: "Temporary Redirect", Status: Assigned, Ref: "RFC 9110 §15.4.8"},
	{Code: 308, Phrase: "Permanent Redirect", Status: Assigned, Ref: "RFC 9110 §15.4.9"},

	// 4xx Client Error
	{Code: 400, Phrase: "Bad Request", Status: Assigned, Ref: "RFC 9110 §15.5.1"},
	{Code: 401, Phrase: "Unauthorized", Status: Assigned, Ref: "RFC 9110 §15.5.2"},
	{Code: 402, Phrase: "Payment Required", Status: Assigned, Ref: "RFC 9110 §15.5.3"},
	{Code: 403, Phrase: "Forbidden", Status: Assigned, Ref: "RFC 9110 §15.5.4"},
	{Code: 404, Phrase: "Not Found", Status: Assigned, Ref: "RFC 9110 §15.5.5"},
	{Code: 405, Phrase: "Method Not Allowed", Status: Assigned, Ref: "RFC 9110 §15.5.6"},
	{Code: 406, Phrase: "Not Acceptable", Status: Assigned, Ref: "RFC 9110 §15.5.7"},
	{Code: 407, Phrase: "Proxy Authentication Required", Status: Assigned, Ref: "RFC 9110 §15.5.8"},
	{Code: 408, Phrase: "Request Timeout", Status: Assigned, Ref: "RFC 9110 §15.5.9"},
	{Code: 409, Phrase: "Conflict", Status: Assigned, Ref: "RFC 9110 §15.5.10"},
	{Code: 410, Phrase: "Gone", Status: Assigned, Ref: "RFC 9110 §15.5.11"},
	{Code: 411, Phrase: "Length Required", Status: Assigned, Ref: "RFC 9110 §15.5.12"},
	{Code: 412, Phrase: "Precondition Failed", Status: Assigned, Ref: "RFC 9110 §15.5.13"},
	{Code: 413, Phrase: "Content Too Large", Status: Assigned, Ref: "RFC 9110 §15.5.14"},
	{Code: 414, Phrase: "URI Too Long", Status: Assigned, Ref: "RFC 9110 §15.5.15"},
	{Code: 415, Phrase: "Unsupported Media Type", Status: Assigned, Ref: "RFC 9110 §15.5.16"},
	{Code: 416, Phrase: "Range Not Satisfiable", Status: Assigned, Ref: "RFC 9110 §15.5.17"},
	{Code: 417, Phrase: "Expectation Failed", Status: Assigned, Ref: "RFC 9110 §15.5.18"},
	{Code: 418, Phrase: "(Unused)", Status: Unused, Ref: "RFC 9110 §15.5.19"},
	{Code: 421, Phrase: "Misdirected Request", Status: Assigned, Ref: "RFC 9110 §15.5.20"},
	{Code: 422, Phrase: "Unprocessable Content", Status: Assigned, Ref: "RFC 9110 §15.5.21"},
	{Code: 423, Phrase: "Locked", Status: Assigned, Ref: "RFC 4918 §11.3"},
	{Code: 424, Phrase: "Failed Dependency", Status: Assigned, Ref: "RFC 4918 §11.4"},
	{Code: 425, Phrase: "Too Early", Status: Assigned, Ref: "RFC 8470 §5.2"},
	{Code: 426, Phrase: "Upgrade Required", Status: Assigned, Ref: "RFC 9110 §15.5.22"},
	{Code: 428, Phrase: "Precondition Required", Status: Assigned, Ref: "RFC 6585 §3"},
	{Code: 429, Phrase: "Too Many Requests", Status: Assigned, Ref: "RFC 6585 §4"},
	{Code: 431, Phrase: "Request Header Fields Too Large", Status: Assigned, Ref: "RFC 6585 §5"},
	{Code: 451, Phrase: "Unavailable For Legal Reasons", Status: Assigned, Ref: "RFC 7725 §3"},

	// 5xx Server Error
	{Code: 500, Phrase: "Internal Server Error", Status: Assigned, Ref: "RFC 9110 §15.6.1"},
	{Code: 501, Phrase: "Not Implemented", Status: Assigned, Ref: "RFC 9110 §15.6.2"},
	{Code: 502, Phrase: "Bad Gateway", Status: Assigned, Ref: "RFC 9110 §15.6.3"},
	{Code: 503, Phrase: "Service Unavailable", Status: Assigned, Ref: "RFC 9110 §15.6.4"},
	{Code: 504, Phrase: "Gateway Timeout", Status: Assigned, Ref: "RFC 9110 §15.6.5"},
	{Code: 505, Phrase: "HTTP Version Not Supported", Status: Assigned, Ref: "RFC 9110 §15.6.6"},
	{Code: 506, Phrase: "Variant Also Negotiates", Status: Assigned, Ref: "RFC 2295 §8.1"},
	{Code: 507, Phrase: "Insufficient Storage", Status: Assigned, Ref: "RFC 4918 §11.5"},
	{Code: 508, Phrase: "Loop Detected", Status: Assigned, Ref: "RFC 5842 §7.2"},
	// IANA lists 510 as "Not Extended (OBSOLETED)": RFC 2774 was moved to
	// Historic.
	{Code: 510, Phrase: "Not Extended", Status: Obsoleted, Ref: "RFC 2774 §7"},
	{Code: 511, Phrase: "Network Authentication Required", Status: Assigned, Ref: "RFC 6585 §6"},
}
