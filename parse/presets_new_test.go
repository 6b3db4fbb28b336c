package parse

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fields is what a test expects of a parsed line. Durations are seconds,
// -1 for none; time is RFC 3339 in UTC, "" for none.
type fields struct {
	status    int
	time      string
	bytes     int64
	dur       float64
	upStatus  int
	upTime    float64
	method    string
	path      string
	host      string
	remote    string
	upstream  string
	recovered bool
}

// parseCase is a line and what it must give: err (a reason sentinel) or
// the fields.
type parseCase struct {
	name string
	line string
	err  error
	want fields
}

// runParseCases parses each case with a fresh parser of f and compares
// every field of fields exactly.
func runParseCases(t *testing.T, f *Format, cases []parseCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var r Record
			err := f.NewParser().Parse([]byte(tc.line), &r)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("err = %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("%v: %q", err, tc.line)
			}
			w := tc.want
			got := ""
			if r.HasTime {
				got = time.Unix(r.Time, 0).UTC().Format(time.RFC3339)
			}
			if r.Status != w.status || got != w.time || r.Bytes != w.bytes || r.UpstreamStatus != w.upStatus {
				t.Errorf("status %d time %q bytes %d upstream status %d, want %d %q %d %d",
					r.Status, got, r.Bytes, r.UpstreamStatus, w.status, w.time, w.bytes, w.upStatus)
			}
			if !near(r.Duration, w.dur) || !near(r.UpstreamTime, w.upTime) {
				t.Errorf("duration %g upstream time %g, want %g %g", r.Duration, r.UpstreamTime, w.dur, w.upTime)
			}
			for _, c := range []struct{ name, got, want string }{
				{"method", string(r.Method), w.method}, {"path", string(r.Path), w.path},
				{"host", string(r.Host), w.host}, {"remote", string(r.Remote), w.remote},
				{"upstream", string(r.UpstreamAddr), w.upstream},
			} {
				if c.got != c.want {
					t.Errorf("%s %q, want %q", c.name, c.got, c.want)
				}
			}
			if r.Recovered != w.recovered {
				t.Errorf("recovered %v, want %v", r.Recovered, w.recovered)
			}
		})
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// newPresets are the HAProxy, Envoy, ingress-nginx and nginx JSON presets.
var newPresets = []*Format{HAProxy, Envoy, IngressNginx, NginxJSON}

// TestNewPresetsRefuseOthers: each of these presets refuses every other
// preset's example line and every line of the other presets' golden
// samples, so a file is never misread as one of them.
func TestNewPresetsRefuseOthers(t *testing.T) {
	for _, f := range newPresets {
		p := f.NewParser()
		for _, other := range PresetFormats() {
			if other == f {
				continue
			}
			lines := []string{other.Example}
			data, err := os.ReadFile(filepath.Join("testdata", "presets", other.Name+".log"))
			if err != nil {
				t.Fatal(err)
			}
			lines = append(lines, strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")...)
			for i, line := range lines {
				var r Record
				if err := p.Parse([]byte(line), &r); err == nil {
					t.Errorf("%s parsed %s line %d: %q", f.Name, other.Name, i, line)
				}
			}
		}
	}
}

// TestNewPresetsAllocateNothing: like every parser of the hot path, these
// allocate nothing per line.
func TestNewPresetsAllocateNothing(t *testing.T) {
	for _, f := range newPresets {
		p := f.NewParser()
		line := []byte(f.Example)
		var r Record
		if n := testing.AllocsPerRun(100, func() { _ = p.Parse(line, &r) }); n != 0 {
			t.Errorf("%s: %v allocations per line", f.Name, n)
		}
	}
}

// FuzzNginxPresets runs the ingress-nginx and nginx JSON presets over a
// random line.
func FuzzNginxPresets(f *testing.F) {
	f.Add(ingressNginxExample)
	f.Add(nginxJSONExample)
	f.Add(`{"msec":1709632803.5,"status":"502","upstream_status":"502, : 200","request":"- / -"}`)
	f.Fuzz(func(t *testing.T, line string) {
		b := []byte(line)
		for _, fm := range []*Format{IngressNginx, NginxJSON} {
			var r Record
			checkRecord(t, b, &r, fm.NewParser().Parse(b, &r))
		}
	})
}
