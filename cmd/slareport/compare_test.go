package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"
)

// TestComparePrevious: on the fifth of five synthetic days, --compare
// previous compares with the fourth, on a run over the logs and on a
// merge of daily summaries alike; the figures are the generator's.
func TestComparePrevious(t *testing.T) {
	dir := t.TempDir()
	start := time.Date(2015, 5, 16, 0, 0, 0, 0, time.UTC)
	logs, counts := synthDays(t, dir, start, 5)
	sums := saveDays(t, dir, logs, func(i int) []string { return []string{"--period", start.AddDate(0, 0, i).Format("2006-01-02")} })
	day4, day5 := counts[3], counts[4]
	avail := func(req, bad int64) float64 { return float64(req-bad) / float64(req) }
	flags := []string{"--tz", "UTC", "--period", "2015-05-20", "--compare", "previous", "-f", "json"}
	for name, args := range map[string][]string{
		"run":          append(append([]string{}, flags...), logs...),
		"merge":        append(append([]string{"merge"}, flags...), sums...),
		"merge, files": append([]string{"merge", "--tz", "UTC", "--period", "2015-05-20", "--compare", sums[3], "-f", "json"}, sums...),
	} {
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr, _ := execBinary(t, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var r struct {
				Compare struct {
					Previous struct {
						Start, End    time.Time
						Requests, Bad int64
						Availability  float64
					}
					DeltaAvailability   float64  `json:"delta_availability"`
					DeltaRequests       int64    `json:"delta_requests"`
					NewFailingEndpoints []string `json:"new_failing_endpoints"`
					NewFailingClients   []string `json:"new_failing_clients"`
				}
			}
			if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
				t.Fatal(err)
			}
			c := r.Compare
			p := c.Previous
			if !p.Start.Equal(start.AddDate(0, 0, 3)) || !p.End.Equal(start.AddDate(0, 0, 4)) {
				t.Errorf("previous %s to %s, want 2015-05-19", p.Start, p.End)
			}
			if p.Requests != day4.Requests || p.Bad != day4.Class(5) || p.Availability != avail(day4.Requests, day4.Class(5)) {
				t.Errorf("previous %d requests, %d bad, %v; the generator wrote %d and %d", p.Requests, p.Bad, p.Availability, day4.Requests, day4.Class(5))
			}
			if c.DeltaRequests != day5.Requests-day4.Requests {
				t.Errorf("delta_requests %d, want %d", c.DeltaRequests, day5.Requests-day4.Requests)
			}
			want := avail(day5.Requests, day5.Class(5)) - avail(day4.Requests, day4.Class(5))
			if math.Abs(c.DeltaAvailability-want) > 1e-15 {
				t.Errorf("delta_availability %v, want %v", c.DeltaAvailability, want)
			}
			if c.NewFailingEndpoints == nil {
				t.Error("new_failing_endpoints is not a list")
			}
			// Both periods have the tables of the bad requests' clients,
			// whether counted now or saved in the summaries.
			if c.NewFailingClients == nil {
				t.Error("new_failing_clients is not a list")
			}
		})
	}

	// Without a window there is no previous period.
	code, _, stderr, _ := execBinary(t, "--compare", "previous", logs[0])
	if code != exitUsage || !strings.Contains(stderr.String(), "--compare previous needs a window") {
		t.Errorf("no window: exit %d: %s", code, stderr)
	}
	// A summary compared with must not be overwritten.
	code, _, stderr, _ = execBinary(t, "--compare", sums[0], "-o", sums[0], logs[1])
	if code != exitUsage || !strings.Contains(stderr.String(), "is an input") {
		t.Errorf("output over a compared summary: exit %d: %s", code, stderr)
	}
}
