package parse

import (
	"bytes"
	"os"
	"strconv"
	"testing"
)

// benchLines reads a real log from the shared test data, line by line.
func benchLines(b *testing.B, rel string) ([][]byte, int64) {
	data, err := os.ReadFile(sharedData(b, rel))
	if err != nil {
		b.Fatal(err)
	}
	return bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n")), int64(len(data))
}

// runBench parses every line b.N times and reports lines per second.
func runBench(b *testing.B, f *Format, lines [][]byte, size int64) {
	runParser(b, f.NewParser(), lines, size)
}

func runParser(b *testing.B, p Parser, lines [][]byte, size int64) {
	var r Record
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, l := range lines {
			p.Parse(l, &r)
		}
	}
	b.ReportMetric(float64(len(lines))*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}

// BenchmarkParseCombined parses the real elastic Apache log with the
// hand-written NCSA parser.
func BenchmarkParseCombined(b *testing.B) {
	lines, size := benchLines(b, "real/elastic-apache_logs.log")
	runBench(b, Combined, lines, size)
}

// BenchmarkParseCombinedLean is BenchmarkParseCombined with the parser the
// default report uses, which stops after the size.
func BenchmarkParseCombinedLean(b *testing.B) {
	lines, size := benchLines(b, "real/elastic-apache_logs.log")
	runParser(b, Combined.NewLeanParser(), lines, size)
}

// BenchmarkParseCompiledCombined parses the same log through the nginx
// compiler's parser for the combined layout.
func BenchmarkParseCompiledCombined(b *testing.B) {
	lines, size := benchLines(b, "real/elastic-apache_logs.log")
	f, err := Compile(`$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"`)
	if err != nil {
		b.Fatal(err)
	}
	runBench(b, f, lines, size)
}

// BenchmarkParseNginxFormat parses the gonx example log through its
// compiled log_format.
func BenchmarkParseNginxFormat(b *testing.B) {
	lines, size := benchLines(b, "real/gonx-example_access.log")
	f, err := Compile(`$remote_addr [$time_local] "$request" $status $request_length $body_bytes_sent $request_time "$t_size" $read_time $gen_time`)
	if err != nil {
		b.Fatal(err)
	}
	runBench(b, f, lines, size)
}

// jsonLines rewrites the real elastic log as nginx `escape=json` lines,
// the JSON access log most servers are configured to write, so the JSON
// benchmark runs on real values rather than one repeated line.
func jsonLines(b *testing.B) ([][]byte, int64) {
	lines, _ := benchLines(b, "real/elastic-apache_logs.log")
	p := Combined.NewParser()
	var out [][]byte
	var size int64
	var r Record
	for _, l := range lines {
		if p.Parse(l, &r) != nil {
			continue
		}
		var j []byte
		j = append(j, `{"time_local":"`...)
		j = append(j, l[bytes.IndexByte(l, '[')+1:bytes.IndexByte(l, ']')]...)
		j = append(j, `","remote_addr":"`...)
		j = append(j, r.Remote...)
		j = append(j, `","request":"`...)
		j = append(j, jsonEsc(r.Request)...)
		j = append(j, `","status":`...)
		j = strconv.AppendInt(j, int64(r.Status), 10)
		j = append(j, `,"body_bytes_sent":`...)
		j = strconv.AppendInt(j, max(r.Bytes, 0), 10)
		j = append(j, `,"request_time":0.012,"http_referer":"`...)
		j = append(j, jsonEsc(r.Referer)...)
		j = append(j, `","http_user_agent":"`...)
		j = append(j, jsonEsc(r.UserAgent)...)
		j = append(j, `"}`...)
		out = append(out, j)
		size += int64(len(j) + 1)
	}
	return out, size
}

func jsonEsc(b []byte) []byte {
	b = bytes.ReplaceAll(b, []byte(`\`), []byte(`\\`))
	return bytes.ReplaceAll(b, []byte(`"`), []byte(`\"`))
}

// BenchmarkParseJSON parses JSON access-log lines with the automatic key
// mapping.
func BenchmarkParseJSON(b *testing.B) {
	lines, size := jsonLines(b)
	runBench(b, JSONLines, lines, size)
}

// BenchmarkParseCaddy parses Caddy's documented JSON line, nested request
// headers and all.
func BenchmarkParseCaddy(b *testing.B) {
	lines := make([][]byte, 1000)
	for i := range lines {
		lines[i] = []byte(caddyExample)
	}
	runBench(b, Caddy, lines, int64(len(caddyExample)+1)*1000)
}
