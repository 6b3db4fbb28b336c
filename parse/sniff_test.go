package parse

import (
	"strings"
	"testing"
)

func TestSniff(t *testing.T) {
	iis := "#Software: Microsoft Internet Information Services 10.0\n#Fields: date time cs-method cs-uri-stem sc-status time-taken\n" +
		strings.Repeat("2024-03-05 00:00:01 GET / 200 15\n", 3)
	cases := []struct {
		name, sample string
		want         string // format name; "" when nothing fits
		lines, parse int
		spec         string // the Spec of the chosen format
	}{
		{"w3c from its own #Fields", iis, "w3c", 3, 3, "#Fields: date time cs-method cs-uri-stem sc-status time-taken"},
		{"cloudfront told by tabs", "#Version: 1.0\n#Fields: date time c-ip sc-status\n2019-12-04\t21:02:31\t192.0.2.1\t200\n", "cloudfront", 1, 1, "#Fields: date time c-ip sc-status"},
		{"only headers so far", "#Version: 1.0\n#Fields: date time sc-status\n", "w3c", 0, 0, "#Fields: date time sc-status"},
		{"gcs header row only", `"time_micros","sc_status"` + "\n", "gcs", 0, 0, "time_micros,sc_status"},
		{"nearly every line", strings.Repeat(combinedExample+"\n", 9) + "garbage\n", "combined", 10, 9, ""},
		{"a quarter unread is too many", strings.Repeat(combinedExample+"\n", 3) + "garbage\n", "", 4, 0, ""},
		{"half is not enough", combinedExample + "\ngarbage\n", "", 2, 0, ""},
		{"less than half is not", combinedExample + "\ngarbage\nmore garbage\n", "", 3, 0, ""},
		{"alb is not elb", albExample + "\n", "alb", 1, 1, ""},
		{"elb is not alb", elbExample + "\n", "elb", 1, 1, ""},
		{"traefik json is not generic json", traefikJSONExample + "\n", "traefik-json", 1, 1, ""},
		{"json", jsonExample + "\n", "json", 1, 1, ""},
		{"nginx error log", "2026/11/02 03:14:15 [error] 1234#1234: *5 connect() failed (111: Connection refused) while connecting to upstream\n", "", 1, 0, ""},
		{"empty", "", "", 0, 0, ""},
		{"blank lines only", "\n \r\n\t\n", "", 0, 0, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := Sniff([]byte(tc.sample))
			got := ""
			if d.Format != nil {
				got = d.Format.Name
			}
			if got != tc.want || d.Lines != tc.lines || (d.Format != nil && d.Parsed != tc.parse) {
				t.Fatalf("Sniff = %q %d/%d, want %q %d/%d (candidates %v)", got, d.Parsed, d.Lines, tc.want, tc.parse, tc.lines, d.Candidates[:2])
			}
			if d.Format != nil && d.Format.Spec != tc.spec {
				t.Errorf("spec %q, want %q", d.Format.Spec, tc.spec)
			}
			if d.OK() != (d.Problem("x.log") == nil) {
				t.Errorf("OK() = %v but Problem() = %v", d.OK(), d.Problem("x.log"))
			}
		})
	}
}

func TestSniffGCSHeaderDrivesColumns(t *testing.T) {
	// A header with the columns in another order than documented.
	sample := `"time_micros","sc_status","cs_method"` + "\n" + `"1588166433227000","503","GET"` + "\n"
	d := Sniff([]byte(sample))
	if d.Format == nil || d.Format.Name != "gcs" || d.Parsed != 1 {
		t.Fatalf("Sniff = %v %d/%d", d.Format, d.Parsed, d.Lines)
	}
	if got := parsed(d.Format, `"1588166433227000","503","GET"`); got != `status=503 time=2020-04-29T13:20:33Z method="GET"` {
		t.Errorf("got %s", got)
	}
	if got := parsed(d.Format, `"time_micros","sc_status","cs_method"`); got != "comment line" {
		t.Errorf("header row: got %s", got)
	}
}

func TestDetectionMessages(t *testing.T) {
	sample := strings.Repeat(combinedExample+"\n", 200) + strings.Repeat(combinedExample+"\n", 50)
	d := Sniff([]byte(sample))
	if got, want := d.String(), "Apache/nginx combined (auto-detected, 200/200 sample lines)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	bad := Sniff([]byte("hello world\n" + commonExample + "\nfoo bar\n"))
	err := bad.Problem("app.log")
	if err == nil {
		t.Fatal("no problem reported for an unknown layout")
	}
	for _, want := range []string{`"app.log"`, "first 3 lines", "closest: common 1/3"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
	if de := err.(*DetectError); de.Input != "app.log" || de.Lines != 3 || len(de.Closest) != 1 || de.Closest[0].Format != Common || de.Closest[0].Fit != 1 || de.Likely != nil {
		t.Errorf("DetectError %+v, want app.log, 3 lines, closest common 1/3, nothing likely", de)
	}
	if err := Sniff(nil).Problem("empty.log"); err == nil || !strings.Contains(err.Error(), "no log lines") {
		t.Errorf("empty input: %v", err)
	}
}

func TestSniffPicksAFormat(t *testing.T) {
	combined := "1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"x\"\n"
	common := "1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] \"GET / HTTP/1.1\" 200 1\n"
	cases := []struct {
		name, sample string
		want         *Format
		ok           bool
	}{
		{"combined", strings.Repeat(combined, 5), Combined, true},
		{"common", strings.Repeat(common, 5), Common, true},
		{"common with blank lines", "\n\n" + strings.Repeat(common, 3) + "\r\n", Common, true},
		{"mostly combined", strings.Repeat(combined, 3) + common, Combined, true},
		{"garbage", "hello\nworld\n", nil, false},
		{"empty", "", nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := Sniff([]byte(tc.sample))
			if d.Format != tc.want || d.OK() != tc.ok {
				t.Errorf("Sniff = %v, %v; want %v, %v", d.Format, d.OK(), tc.want, tc.ok)
			}
		})
	}
}
