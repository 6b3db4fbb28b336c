package main

import (
	"math"
	"os"
	"path/filepath"
	"testing"
)

// TestQuantilesNearestRank runs the binary on two requests of 12 ms and
// 300 ms: quantiles are nearest-rank, so p90, p95 and p99 (rank ⌈q·2⌉ = 2)
// are the slower request and p50 the faster, in the overall latency and
// in the bucket, endpoint and host that hold both.
func TestQuantilesNearestRank(t *testing.T) {
	log := filepath.Join(t.TempDir(), "access.log")
	lines := `api.example.com 10.0.0.1 [02/Nov/2026:10:00:01 +0000] "GET /a HTTP/1.1" 200 512 0.012
api.example.com 10.0.0.2 [02/Nov/2026:10:00:02 +0000] "GET /a HTTP/1.1" 200 512 0.300
`
	if err := os.WriteFile(log, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	code, r, stderr, _ := runBinary(t, "--no-github", "--tz", "UTC",
		"--log-format", `$host $remote_addr [$time_local] "$request" $status $body_bytes_sent $request_time`, log)
	if code != 0 || r == nil {
		t.Fatalf("exit %d: %s", code, stderr)
	}

	check := func(where string, v any) {
		t.Helper()
		lat, ok := v.(map[string]any)
		if !ok {
			t.Errorf("%s: latency %v", where, v)
			return
		}
		near := func(key string, want float64) {
			t.Helper()
			got, _ := lat[key].(float64)
			if math.Abs(got-want) > 0.005*want+1e-9 {
				t.Errorf("%s: %s = %v, want %v (within 0.5%%)", where, key, got, want)
			}
		}
		near("p50", 0.012)
		for _, key := range []string{"p90", "p95", "p99"} {
			near(key, 0.3)
			if got, _ := lat[key].(float64); got > 0.3 {
				t.Errorf("%s: %s = %v above the maximum 0.3", where, key, got)
			}
		}
		if lat["max"] != 0.3 || lat["count"] != 2.0 {
			t.Errorf("%s: max %v count %v, want 0.3 and 2", where, lat["max"], lat["count"])
		}
	}

	check("overall", r["latency"])
	buckets := r["series"].(map[string]any)["buckets"].([]any)
	if len(buckets) != 1 {
		t.Fatalf("%d buckets, want 1", len(buckets))
	}
	check("bucket", buckets[0].(map[string]any)["latency"])
	for _, name := range []string{"endpoints", "hosts"} {
		top := r[name].(map[string]any)["top"].([]any)
		if len(top) != 1 {
			t.Fatalf("%s: %d keys, want 1", name, len(top))
		}
		check(name, top[0].(map[string]any)["latency"])
	}
}
