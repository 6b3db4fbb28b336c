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
