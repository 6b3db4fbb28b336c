package loggen_test

import (
	"fmt"
	"os"

	"github.com/slareport/slareport/internal/loggen"
)

// A log is a pure function of its Config, so this output never changes
// unless the generator does.
func ExampleGenerate() {
	counts, err := loggen.Generate(os.Stdout, loggen.Config{Lines: 4, Seed: 1, Common: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(counts.Requests, "requests,", counts.Class(2), "2xx,", counts.Class(5), "5xx")
	// Output:
	// 203.0.113.152 - - [02/Nov/2026:06:42:07 +0000] "GET /api/v1/orders/86311 HTTP/1.1" 200 418
	// msnbot-157-55-39-204.search.msn.com - - [02/Nov/2026:16:38:27 +0000] "GET /cgi-bin/luci/;stok=/locale HTTP/1.1" 200 9631
	// 192.0.2.253 - - [03/Nov/2026:02:28:05 +0000] "GET /api/v1/orders/32494 HTTP/1.1" 401 674
	// 198.51.100.231 - - [03/Nov/2026:22:42:54 +0000] "GET /api/v1/checkout HTTP/1.1" 404 1591
	// 4 requests, 2 2xx, 0 5xx
}
