package parse

import (
	"bytes"
	"os"
	"testing"
)

// BenchmarkParseCombined parses the real elastic Apache log line by line.
func BenchmarkParseCombined(b *testing.B) {
	data, err := os.ReadFile(sharedData(b, "real/elastic-apache_logs.log"))
	if err != nil {
		b.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))
	p := Combined.NewParser()
	var r Record
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		for _, l := range lines {
			p.Parse(l, &r)
		}
	}
	b.ReportMetric(float64(len(lines))*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}

// BenchmarkParseNginxFormat parses the gonx example log through a compiled
// log_format.
func BenchmarkParseNginxFormat(b *testing.B) {
	data, err := os.ReadFile(sharedData(b, "real/gonx-example_access.log"))
	if err != nil {
		b.Fatal(err)
	}
	f, err := Compile(`$remote_addr [$time_local] "$request" $status $request_length $body_bytes_sent $request_time "$t_size" $read_time $gen_time`)
	if err != nil {
		b.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))
	p := f.NewParser()
	var r Record
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		for _, l := range lines {
			p.Parse(l, &r)
		}
	}
	b.ReportMetric(float64(len(lines))*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}
