package reference

// Introduced names the document that first defined a code and its year of
// publication.
type Introduced struct {
	// Document is "RFC n" or, for a code defined only by an Internet-Draft,
	// the draft's name.
	Document string
	Year     int
}

// History is where a registered code comes from: the document that first
// defined it and the reason phrases it carried before the current one.
type History struct {
	Introduced Introduced
	// EarlierPhrases are the phrases of earlier documents, oldest first,
	// where they differ from today's in more than letter case.
	EarlierPhrases []string
}

// HistoryOf returns the history of a code IANA lists, and false for any
// other code.
func HistoryOf(code int) (History, bool) {
	for _, h := range histories {
		if h.code == code {
			return History{Introduced{h.doc, h.year}, h.earlier}, true
		}
	}
	return History{}, false
}

type history struct {
	code    int
	doc     string
	year    int
	earlier []string
}

// Publication years: RFC 1945 (HTTP/1.0) May 1996; RFC 2068 (the first
// HTTP/1.1) January 1997; RFC 2295 March 1998; RFC 2324 April 1998; RFC 2518
// (WebDAV) February 1999; RFC 2616 (HTTP/1.1 again) June 1999; RFC 2774
// February 2000; RFC 2817 May 2000; RFC 3229 January 2002; RFC 5842 April
// 2010; RFC 6585 April 2012; RFC 7238 June 2014; RFC 7540 (HTTP/2) May 2015;
// RFC 7725 February 2016; RFC 8297 December 2017; RFC 8470 September 2018.
//
// RFC 1945 lists 200 201 202 204 301 302 304 400 401 403 404 500 501 502 503
// in its Status-Code grammar (§6.1.1) and describes 300 in §9.3; RFC 2068
// §6.1.1 adds 100 101 203 205 206 300 303 305 402 405–415 504 505; 307, 416
// and 417 arrive only with RFC 2616. WebDAV's codes date from RFC 2518, not
// RFC 4918, which redefined them.
//
// histories holds one entry per code of iana.go, in the same order, with the
// section that first defined the code beside it.
var histories = [...]history{
	{100, "RFC 2068", 1997, nil},                               // RFC 2068 §10.1.1
	{101, "RFC 2068", 1997, nil},                               // RFC 2068 §10.1.2
	{102, "RFC 2518", 1999, nil},                               // RFC 2518 §10.1
	{103, "RFC 8297", 2017, nil},                               // RFC 8297 §2
	{104, "draft-ietf-httpbis-resumable-upload-05", 2024, nil}, // draft-ietf-httpbis-resumable-upload-05, cited by IANA's temporary registration of 2024-11-13
	{200, "RFC 1945", 1996, nil},                               // RFC 1945 §9.2
	{201, "RFC 1945", 1996, nil},                               // RFC 1945 §9.2
	{202, "RFC 1945", 1996, nil},                               // RFC 1945 §9.2
	{203, "RFC 2068", 1997, nil},                               // RFC 2068 §10.2.4
	{204, "RFC 1945", 1996, nil},                               // RFC 1945 §9.2
	{205, "RFC 2068", 1997, nil},                               // RFC 2068 §10.2.6
	{206, "RFC 2068", 1997, nil},                               // RFC 2068 §10.2.7
	{207, "RFC 2518", 1999, nil},                               // RFC 2518 §10.2
	{208, "RFC 5842", 2010, nil},                               // RFC 5842 §7.1
	{226, "RFC 3229", 2002, nil},                               // RFC 3229 §10.4.1
	{300, "RFC 1945", 1996, nil},                               // RFC 1945 §9.3
	{301, "RFC 1945", 1996, nil},                               // RFC 1945 §9.3
	{302, "RFC 1945", 1996, []string{"Moved Temporarily"}},     // RFC 1945 §9.3; "Found" since RFC 2616 §10.3.3
	{303, "RFC 2068", 1997, nil},                               // RFC 2068 §10.3.4
	{304, "RFC 1945", 1996, nil},                               // RFC 1945 §9.3
	{305, "RFC 2068", 1997, nil},                               // RFC 2068 §10.3.6
	{306, "RFC 2616", 1999, []string{"Switch Proxy"}},          // RFC 2616 §10.3.7 reserves it; "Switch Proxy" was an Internet-Draft's, never an RFC's
	{307, "RFC 2616", 1999, nil},                               // RFC 2616 §10.3.8
	{308, "RFC 7238", 2014, nil},                               // RFC 7238 §3 (Experimental); standards track with RFC 7538 in 2015
	{400, "RFC 1945", 1996, nil},                               // RFC 1945 §9.4
	{401, "RFC 1945", 1996, nil},                               // RFC 1945 §9.4
	{402, "RFC 2068", 1997, nil},                               // RFC 2068 §10.4.3
	{403, "RFC 1945", 1996, nil},                               // RFC 1945 §9.4
	{404, "RFC 1945", 1996, nil},                               // RFC 1945 §9.4
	{405, "RFC 2068", 1997, nil},                               // RFC 2068 §10.4.6
	{406, "RFC 2068", 1997, nil},                               // RFC 2068 §10.4.7
	{407, "RFC 2068", 1997, nil},                               // RFC 2068 §10.4.8
	{408, "RFC 2068", 1997, []string{"Request Time-out"}},      // RFC 2068 §6.1.1; "Request Timeout" since RFC 2616
	{409, "RFC 2068", 1997, nil},                               // RFC 2068 §10.4.10
	{410, "RFC 2068", 1997, nil},                               // RFC 2068 §10.4.11
	{411, "RFC 2068", 1997, nil},                               // RFC 2068 §10.4.12
	{412, "RFC 2068", 1997, nil},                               // RFC 2068 §10.4.13
	{413, "RFC 2068", 1997, []string{"Request Entity Too Large", "Payload Too Large"}}, // RFC 2068 §10.4.14, RFC 2616; RFC 7231 §6.5.11
	{414, "RFC 2068", 1997, []string{"Request-URI Too Large", "Request-URI Too Long"}}, // RFC 2068 §10.4.15; RFC 2616 §10.4.15
	{415, "RFC 2068", 1997, nil},                                         // RFC 2068 §10.4.16
	{416, "RFC 2616", 1999, []string{"Requested Range Not Satisfiable"}}, // RFC 2616 §10.4.17; "Range Not Satisfiable" since RFC 7233 §4.4
	{417, "RFC 2616", 1999, nil},                                         // RFC 2616 §10.4.18
	{418, "RFC 2324", 1998, []string{"I'm a teapot"}},                    // RFC 2324 §2.3.2, an April Fools' RFC; RFC 9110 §15.5.19 reserves it
	{421, "RFC 7540", 2015, nil},                                         // RFC 7540 §9.1.2
	{422, "RFC 2518", 1999, []string{"Unprocessable Entity"}},            // RFC 2518 §10.3, RFC 4918 §11.2; "Unprocessable Content" since RFC 9110
	{423, "RFC 2518", 1999, nil},                                         // RFC 2518 §10.4
	{424, "RFC 2518", 1999, nil},                                         // RFC 2518 §10.5
	{425, "RFC 8470", 2018, nil},                                         // RFC 8470 §5.2
	{426, "RFC 2817", 2000, nil},                                         // RFC 2817 §6
	{428, "RFC 6585", 2012, nil},                                         // RFC 6585 §3
	{429, "RFC 6585", 2012, nil},                                         // RFC 6585 §4
	{431, "RFC 6585", 2012, nil},                                         // RFC 6585 §5
	{451, "RFC 7725", 2016, nil},                                         // RFC 7725 §3
	{500, "RFC 1945", 1996, nil},                                         // RFC 1945 §9.5
	{501, "RFC 1945", 1996, nil},                                         // RFC 1945 §9.5
	{502, "RFC 1945", 1996, nil},                                         // RFC 1945 §9.5
	{503, "RFC 1945", 1996, nil},                                         // RFC 1945 §9.5
	{504, "RFC 2068", 1997, []string{"Gateway Time-out"}},                // RFC 2068 §6.1.1; "Gateway Timeout" since RFC 2616
	{505, "RFC 2068", 1997, nil},                                         // RFC 2068 §10.5.6
	{506, "RFC 2295", 1998, nil},                                         // RFC 2295 §8.1
	{507, "RFC 2518", 1999, nil},                                         // RFC 2518 §10.6
	{508, "RFC 5842", 2010, nil},                                         // RFC 5842 §7.2
	{510, "RFC 2774", 2000, nil},                                         // RFC 2774 §7
	{511, "RFC 6585", 2012, nil},                                         // RFC 6585 §6
}
