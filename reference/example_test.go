package reference_test

import (
	"fmt"

	"github.com/slareport/slareport/reference"
)

func ExampleLookup() {
	for _, code := range []int{503, 418, 499} {
		s, ok := reference.Lookup(code)
		if !ok {
			fmt.Printf("%d: %s, %s\n", code, s.Class, s.Status)
			continue
		}
		fmt.Printf("%d %s: %s, %s, %s\n  %s\n", s.Code, s.Phrase, s.Class, s.Status, s.Ref, s.URL)
	}
	// Output:
	// 503 Service Unavailable: 5xx, assigned, RFC 9110 §15.6.4
	//   https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4
	// 418 (Unused): 4xx, unused, RFC 9110 §15.5.19
	//   https://www.rfc-editor.org/rfc/rfc9110#section-15.5.19
	// 499: 4xx, unregistered
}

func ExamplePhrase() {
	fmt.Printf("%q %q %q\n", reference.Phrase(404), reference.Phrase(306), reference.Phrase(520))
	// Output: "Not Found" "(Unused)" ""
}

func ExampleMeanings() {
	for _, m := range reference.Meanings(499) {
		fmt.Printf("%d %s (%s, %s): %s\n", m.Code, m.Phrase, m.Vendor, m.Kind, m.Summary)
	}
	// Output:
	// 499 Client Closed Request (nginx, unofficial): the client gave up before nginx answered
	// 499 Token Required (Esri ArcGIS, unofficial): the secured resource needs a token
}

func ExampleFlag() {
	for _, code := range []int{200, 418, 499, 299, 600} {
		fmt.Printf("%d %q\n", code, reference.Flag(code))
	}
	// Output:
	// 200 ""
	// 418 "unused: reserved by IANA (I'm a teapot)"
	// 499 "nonstandard: nginx Client Closed Request; Esri ArcGIS Token Required"
	// 299 "nonstandard: not in the IANA registry"
	// 600 "invalid: outside 100–599"
}

func ExampleSearch() {
	for _, r := range reference.Search("gateway timeout") {
		fmt.Println(r.Code, r.Phrase)
	}
	// Output:
	// 504 Gateway Timeout
	// 502 Bad Gateway
}

func ExampleSearch_synonyms() {
	for _, r := range reference.Search("permission denied") {
		fmt.Println(r.Code, r.Phrase)
	}
	// Output:
	// 403 Forbidden
}

func ExampleSearch_codes() {
	for _, r := range reference.Search("401 vs 403") {
		fmt.Println(r.Code, r.Phrase)
	}
	// Output:
	// 401 Unauthorized
	// 403 Forbidden
}

func ExampleComparisons() {
	codes, _ := reference.CodesIn("what is the difference between 502 and 504?")
	for _, c := range reference.Comparisons(codes) {
		fmt.Println(c.Title())
		for _, r := range c.Rows[:1] {
			fmt.Printf("%s: %q\n", r.Aspect, r.Cells)
		}
	}
	// Output:
	// 502 vs 504
	// Gateway got: ["an invalid response, or a refused or reset connection" "no response in time"]
}

func ExampleLink_Resolve() {
	for _, l := range []reference.Link{{420, "Enhance Your Calm"}, {420, "Method Failure"}} {
		m, _ := l.Resolve()
		fmt.Println(m.Code, m.Phrase, "-", m.Vendor)
	}
	// Output:
	// 420 Enhance Your Calm - Twitter
	// 420 Method Failure - Spring Framework
}

func ExampleSelect() {
	for _, m := range reference.Select(reference.Filter{Vendor: "aws"}) {
		fmt.Println(m.Code, m.Phrase)
	}
	// Output:
	// 460 Client Closed Connection
	// 463 Too Many X-Forwarded-For Addresses
	// 464 Incompatible Protocol
	// 561 Unauthorized
}
