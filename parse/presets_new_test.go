package parse

import (
	"errors"
	"math"
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
