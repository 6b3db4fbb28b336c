package parse

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// goldenLines reads a preset's golden sample, written from its
// documentation, repeated to 1,000 lines: no real HAProxy, Envoy or
// ingress-nginx log is among the shared test data.
func goldenLines(b *testing.B, name string) ([][]byte, int64) {
	data, err := os.ReadFile(filepath.Join("testdata", "presets", name+".log"))
	if err != nil {
		b.Fatal(err)
	}
	sample := bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))
	lines := make([][]byte, 0, 1000)
	var size int64
	for len(lines) < cap(lines) {
		l := sample[len(lines)%len(sample)]
		lines = append(lines, l)
		size += int64(len(l) + 1)
	}
	return lines, size
}

func BenchmarkParseHAProxy(b *testing.B) {
	lines, size := goldenLines(b, "haproxy")
	runBench(b, HAProxy, lines, size)
}

func BenchmarkParseEnvoy(b *testing.B) {
	lines, size := goldenLines(b, "envoy")
	runBench(b, Envoy, lines, size)
}

func BenchmarkParseIngressNginx(b *testing.B) {
	lines, size := goldenLines(b, "ingress-nginx")
	runBench(b, IngressNginx, lines, size)
}

// BenchmarkParseNginxJSON parses the real elastic log rewritten as nginx
// escape=json lines (see jsonLines) with the nginx-json preset.
func BenchmarkParseNginxJSON(b *testing.B) {
	lines, size := jsonLines(b)
	runBench(b, NginxJSON, lines, size)
}
