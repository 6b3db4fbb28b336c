package parse_test

import (
	"fmt"

	"github.com/slareport/slareport/parse"
)

func ExampleCompile() {
	f, err := parse.Compile(`$remote_addr [$time_local] "$request" $status $upstream_status $request_time`)
	if err != nil {
		panic(err)
	}
	var r parse.Record
	err = f.NewParser().Parse([]byte(`10.0.0.9 [02/Nov/2026:10:00:00 +0100] "GET /pay HTTP/1.1" 200 502, 200 0.015`), &r)
	fmt.Println(err, r.Status, r.UpstreamStatus, string(r.Path), r.Duration, r.Time)
	// Output: <nil> 200 200 /pay 0.015 1793610000
}

func ExampleCompileApache() {
	f, err := parse.CompileApache(`%v %h %l %u %t \"%r\" %>s %b %D`)
	if err != nil {
		panic(err)
	}
	var r parse.Record
	err = f.NewParser().Parse([]byte(`shop.example.com 192.0.2.1 - - [02/Nov/2026:10:00:00 +0000] "POST /cart HTTP/1.1" 503 0 250000`), &r)
	fmt.Println(err, r.Status, string(r.Host), r.Duration)
	// Output: <nil> 503 shop.example.com 0.25
}

func ExampleJSON() {
	f, err := parse.JSON(parse.JSONMapping{Status: "res.code", DurationUnit: "ms"})
	if err != nil {
		panic(err)
	}
	var r parse.Record
	err = f.NewParser().Parse([]byte(`{"ts":1793613600123,"res":{"code":"504"},"duration":1500,"method":"GET"}`), &r)
	fmt.Println(err, r.Status, r.Time, r.Duration, string(r.Method))
	// Output: <nil> 504 1793613600 1.5 GET
}

func ExampleSniff() {
	sample := []byte(`#Version: 1.0
#Fields: date time c-ip cs-method cs-uri-stem sc-status time-taken
2024-03-05 00:00:01 203.0.113.50 GET /default.aspx 200 46
2024-03-05 00:00:02 203.0.113.51 POST /api/orders 500 1203
`)
	d := parse.Sniff(sample)
	fmt.Println(d)
	fmt.Println(d.Format.Spec)
	// Output:
	// W3C extended (IIS) (auto-detected, 2/2 sample lines)
	// #Fields: date time c-ip cs-method cs-uri-stem sc-status time-taken
}
