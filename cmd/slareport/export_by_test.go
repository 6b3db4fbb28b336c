package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/slareport/slareport/internal/loggen"
	"github.com/slareport/slareport/internal/parquettest"
)

// rollupRow is a row of a Parquet rollup as read back; host and endpoint
// are "" when the rollup has no such column.
type rollupRow struct {
	start          int64 // Unix seconds
	width          int32
	status         int16
	bad            bool
	requests       int64
	host, endpoint string
}

// readRollup reads a rollup with Arrow's Parquet reader, not with the code
// that wrote it, and returns its column names and rows.
func readRollup(t *testing.T, path string) ([]string, []rollupRow) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, tbl := parquettest.Read(t, data)
	defer tbl.Release()
	var names []string
	for _, f := range tbl.Schema().Fields() {
		names = append(names, f.Name)
	}
	tr := array.NewTableReader(tbl, -1)
	defer tr.Release()
	var rows []rollupRow
	for tr.Next() {
		rec := tr.RecordBatch()
		col := func(name string) any {
			if i := rec.Schema().FieldIndices(name); len(i) == 1 {
				return rec.Column(i[0])
			}
			return nil
		}
		host, _ := col("host").(*array.String)
		endpoint, _ := col("endpoint").(*array.String)
		for i := range int(rec.NumRows()) {
			r := rollupRow{
				start:    int64(col("bucket_start").(*array.Timestamp).Value(i)) / 1000,
				width:    col("bucket_seconds").(*array.Int32).Value(i),
				status:   col("status").(*array.Int16).Value(i),
				bad:      col("bad").(*array.Boolean).Value(i),
				requests: col("requests").(*array.Int64).Value(i),
			}
			if host != nil {
				r.host = host.Value(i)
			}
			if endpoint != nil {
				r.endpoint = endpoint.Value(i)
			}
			rows = append(rows, r)
		}
	}
	return names, rows
}

// sumBy adds up the rows' requests by a key of theirs.
func sumBy[K comparable](rows []rollupRow, key func(rollupRow) K) map[K]int64 {
	m := map[K]int64{}
	for _, r := range rows {
		m[key(r)] += r.requests
	}
	return m
}

// jsonReport is what these tests read of a JSON report.
type jsonReport struct {
	Requests int64
	Judged   int64
	Untimed  int64
	Series   struct {
		Buckets []struct {
			Start    string
			Requests int64
		}
	}
	Endpoints, Hosts jsonBreakdown
}

type jsonBreakdown struct {
	Distinct int
	Capped   bool
	Top      []struct {
		Key           string
		Requests, Bad int64
		Availability  float64
	}
}

func readReport(t *testing.T, path string) jsonReport {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var r jsonReport
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// checkAgainstReport checks a split rollup against the JSON report of the
// same run, another path through the code: the keys of a breakdown's top
// and its (other) hold the same requests, as many keys are kept, and the
// rows of a bucket hold its requests.
func checkAgainstReport(t *testing.T, rows []rollupRow, rep jsonReport, name string, key func(rollupRow) string) {
	t.Helper()
	bd := rep.Endpoints
	if name == "host" {
		bd = rep.Hosts
	}
	per := sumBy(rows, key)
	want := bd.Distinct
	if bd.Capped {
		want++ // (other)
	}
	if len(per) != want {
		t.Fatalf("%d %ss in the rollup, want %d (%d kept, capped %v)", len(per), name, want, bd.Distinct, bd.Capped)
	}
	for _, k := range bd.Top {
		if per[k.Key] != k.Requests {
			t.Fatalf("%s %q: %d requests in the rollup, %d in the report", name, k.Key, per[k.Key], k.Requests)
		}
	}
	perBucket := sumBy(rows, func(r rollupRow) int64 { return r.start })
	if len(perBucket) != len(rep.Series.Buckets) {
		t.Fatalf("%d buckets in the rollup, %d in the series", len(perBucket), len(rep.Series.Buckets))
	}
	for _, b := range rep.Series.Buckets {
		start, _ := time.Parse(time.RFC3339, b.Start)
		if perBucket[start.Unix()] != b.Requests {
			t.Fatalf("bucket %s: %d requests in the rollup, %d in the series", b.Start, perBucket[start.Unix()], b.Requests)
		}
	}
}

// TestExportByEndpointAddsUp: on a synthetic log whose status codes are
// known without parsing it, the rollup split by endpoint holds each code's
// true count, and per endpoint and per bucket what the JSON report shows.
func TestExportByEndpointAddsUp(t *testing.T) {
	dir := t.TempDir()
	var log bytes.Buffer
	truth, err := loggen.Generate(&log, loggen.Config{Lines: 40000, Seed: 3, Malformed: 0.001})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "access.log")
	os.WriteFile(path, log.Bytes(), 0o644)
	rollup, report := filepath.Join(dir, "r.parquet"), filepath.Join(dir, "r.json")
	runOK(t, 0, "--tz", "UTC", "--no-github", "-f", "json", "-o", report, "--export", rollup, "--export-by", "endpoint", path)

	names, rows := readRollup(t, rollup)
	if got := strings.Join(names, " "); got != "bucket_start bucket_seconds status class bad requests judged endpoint" {
		t.Fatalf("columns: %s", got)
	}
	rep := readReport(t, report)
	if rep.Untimed != 0 || rep.Requests != truth.Requests {
		t.Fatalf("the report counts %d requests (%d untimed), the log has %d", rep.Requests, rep.Untimed, truth.Requests)
	}
	perStatus := sumBy(rows, func(r rollupRow) int { return int(r.status) })
	if len(perStatus) != len(truth.Codes) {
		t.Fatalf("%d codes in the rollup, %d in the log", len(perStatus), len(truth.Codes))
	}
	for code, n := range truth.Codes {
		if perStatus[code] != n {
			t.Fatalf("status %d: %d requests in the rollup, %d in the log", code, perStatus[code], n)
		}
	}
	if len(rep.Endpoints.Top) < 20 {
		t.Fatalf("the report shows %d endpoints; the test wants a full top", len(rep.Endpoints.Top))
	}
	checkAgainstReport(t, rows, rep, "endpoint", func(r rollupRow) string { return r.endpoint })
}

// TestExportByOverTheCap: with more endpoints than the breakdown keeps,
// the rest are rows of (other), as in the report, and every total still
// adds up; hosts, under the cap, are all there.
func TestExportByOverTheCap(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "access.log")
	os.WriteFile(path, timedLog(60000, 4, time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), 20*time.Hour), 0o644)
	rollup, report := filepath.Join(dir, "r.parquet"), filepath.Join(dir, "r.json")
	runOK(t, 0, "--log-format", timedFormat, "--tz", "UTC", "--no-github", "-f", "json", "-o", report,
		"--export", rollup, "--export-by", "endpoint,host", path)

	names, rows := readRollup(t, rollup)
	if got := strings.Join(names, " "); got != "bucket_start bucket_seconds status class bad requests judged host endpoint" {
		t.Fatalf("columns: %s", got)
	}
	rep := readReport(t, report)
	if !rep.Endpoints.Capped || rep.Hosts.Distinct != 4 {
		t.Fatalf("the test log should cap the endpoints (capped %v) and have 4 hosts (%d)", rep.Endpoints.Capped, rep.Hosts.Distinct)
	}
	other := rep.Endpoints.Top[len(rep.Endpoints.Top)-1]
	if other.Key != "(other)" || sumBy(rows, func(r rollupRow) string { return r.endpoint })["(other)"] != other.Requests {
		t.Fatalf("the report's last endpoint is %q with %d requests; the rollup's (other) should match", other.Key, other.Requests)
	}
	checkAgainstReport(t, rows, rep, "endpoint", func(r rollupRow) string { return r.endpoint })
	checkAgainstReport(t, rows, rep, "host", func(r rollupRow) string { return r.host })
	var total int64
	for _, r := range rows {
		total += r.requests
	}
	if total != rep.Requests {
		t.Fatalf("the rollup holds %d requests, the report %d", total, rep.Requests)
	}
}

// TestMergeExportByEqualsOnePass: three parts saved with --export-by,
// merged with --export-by, write the rollup of one pass over the whole
// log, byte for byte; so do incremental runs with --state, and a merge
// asking for fewer dimensions than saved.
func TestMergeExportByEqualsOnePass(t *testing.T) {
	dir := t.TempDir()
	data := timedLog(120000, 1, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), 36*time.Hour)
	whole := filepath.Join(dir, "whole.log")
	os.WriteFile(whole, data, 0o644)
	common := []string{"--log-format", timedFormat, "--tz", "UTC", "--no-github", "-o", filepath.Join(dir, "r.md")}
	args := func(a ...string) []string { return append(append([]string{}, common...), a...) }
	file := func(name string) string { return filepath.Join(dir, name) }
	same := func(a, b string) {
		t.Helper()
		x, _ := os.ReadFile(file(a))
		y, _ := os.ReadFile(file(b))
		if len(x) == 0 || !bytes.Equal(x, y) {
			_, ra := readRollup(t, file(a))
			_, rb := readRollup(t, file(b))
			t.Fatalf("%s (%d rows) differs from %s (%d rows)", b, len(rb), a, len(ra))
		}
	}

	runOK(t, 0, args("--export", file("one.parquet"), "--export-by", "host,endpoint", whole)...)
	runOK(t, 0, args("--export", file("one-endpoint.parquet"), "--export-by", "endpoint", whole)...)
	var sums []string
	for i, part := range cutLines(data, 3) {
		p := file(fmt.Sprintf("part%d.log", i+1))
		os.WriteFile(p, part, 0o644)
		s := file(fmt.Sprintf("part%d.slasum", i+1))
		runOK(t, 0, args("--workers", fmt.Sprint(i+1), "--save", s, "--export-by", "host,endpoint", p)...)
		sums = append(sums, s)
	}
	runOK(t, 0, append([]string{"merge", "-o", file("m.md"), "--export", file("merged.parquet"), "--export-by", "host,endpoint"}, sums...)...)
	same("one.parquet", "merged.parquet")
	runOK(t, 0, append([]string{"merge", "-o", file("m.md"), "--export", file("merged-endpoint.parquet"), "--export-by", "endpoint"}, sums...)...)
	same("one-endpoint.parquet", "merged-endpoint.parquet")

	// Incremental runs: the log grows between two runs.
	log := file("access.log")
	halves := cutLines(data, 2)
	os.WriteFile(log, halves[0], 0o644)
	state := []string{"--state", file("state.slasum"), "--export", file("incremental.parquet"), "--export-by", "endpoint,host"}
	runOK(t, 0, args(append(state, log)...)...)
	f, _ := os.OpenFile(log, os.O_APPEND|os.O_WRONLY, 0)
	f.Write(halves[1])
	f.Close()
	runOK(t, 0, args(append(state, log)...)...)
	same("one.parquet", "incremental.parquet")
}

// TestExportByRefusals: --export-by without a rollup to split, or asking
// for a split the summaries were not saved with, is a usage error that
// names the flag, and nothing is exported.
func TestExportByRefusals(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "a.log")
	os.WriteFile(log, timedLog(3000, 2, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), 2*time.Hour), 0o644)
	file := func(name string) string { return filepath.Join(dir, name) }
	report := []string{"--log-format", timedFormat, "-o", file("r.md")}
	runOK(t, 0, append(report, "--save", file("plain.slasum"), log)...)
	runOK(t, 0, append(report, "--save", file("endpoint.slasum"), "--export-by", "endpoint", log)...)
	runOK(t, 0, append(report, "--state", file("plain.state"), log)...)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no rollup to split", append(report, "--export-by", "endpoint", log), "--export-by needs --export"},
		{"an unknown dimension", append(report, "--export", file("x.parquet"), "--export-by", "upstream", log), "--export-by"},
		{"merge with no rollup to split", []string{"merge", "--export-by", "endpoint", file("endpoint.slasum")}, "--export-by needs --export"},
		{"merge of summaries saved unsplit", []string{"merge", "--allow-overlap", "-o", file("m.md"), "--export", file("x.parquet"),
			"--export-by", "endpoint", file("endpoint.slasum"), file("plain.slasum")}, "saved with --export-by endpoint"},
		{"merge by a dimension not saved", []string{"merge", "-o", file("m.md"), "--export", file("x.parquet"), "--export-by", "host,endpoint",
			file("endpoint.slasum")}, "saved with --export-by host"},
		{"a state made unsplit", append(report, "--state", file("plain.state"), "--export", file("x.parquet"), "--export-by", "endpoint", log),
			"without --export-by endpoint"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if msg := runOK(t, exitUsage, tc.args...); !strings.Contains(msg, tc.want) {
				t.Fatalf("stderr %q, want it to mention %q", msg, tc.want)
			}
			if _, err := os.Stat(file("x.parquet")); err == nil {
				t.Fatal("a refused run exported a rollup")
			}
		})
	}
}

// TestDuckDBReadsTheSplitRollup: DuckDB reads a rollup split by host and
// endpoint; docs/sql/availability_by_endpoint.sql gives the report's
// endpoint table (the same order, requests, bad requests and
// availability), the requests per host are the report's, and the SQL
// written for the unsplit rollup still gives the report's days and
// budget.
func TestDuckDBReadsTheSplitRollup(t *testing.T) {
	query := duckDB(t)
	rollup, report := exportDays(t, "--export-by", "host,endpoint")
	hosts := filepath.Join(t.TempDir(), "hosts.sql")
	os.WriteFile(hosts, []byte("SELECT host, sum(requests) AS requests FROM rollup GROUP BY host ORDER BY host;\n"), 0o644)
	res := query(rollup, docsSQL("availability_by_endpoint.sql"), hosts, docsSQL("availability_by_day.sql"), docsSQL("budget.sql"))
	rep := readReport(t, report)
	var full struct {
		SLO struct{ Budget struct{ Remaining float64 } } `json:"slo"`
	}
	b, _ := os.ReadFile(report)
	json.Unmarshal(b, &full)

	endpoints, byHost, days, budget := res[0], res[1], res[2], res[3]
	if !rep.Endpoints.Capped || len(endpoints) != rep.Endpoints.Distinct+1 {
		t.Fatalf("DuckDB sees %d endpoints; the report keeps %d and caps (%v)", len(endpoints), rep.Endpoints.Distinct, rep.Endpoints.Capped)
	}
	// The report lists its top, then (other); the SQL sorts (other) in
	// with the rest.
	var kept []map[string]any
	sqlOther := map[string]any{}
	for _, e := range endpoints {
		if e["endpoint"] == "(other)" {
			sqlOther = e
			continue
		}
		kept = append(kept, e)
	}
	for i, k := range rep.Endpoints.Top {
		e := sqlOther
		if k.Key != "(other)" {
			e = kept[i]
		}
		if e["endpoint"] != k.Key || int64(duckNum(e["requests"])) != k.Requests || int64(duckNum(e["bad"])) != k.Bad ||
			math.Abs(duckNum(e["availability"])-k.Availability) > 1e-12 {
			t.Fatalf("endpoint %d: DuckDB %v, slareport %+v", i, e, k)
		}
	}
	if len(byHost) != len(rep.Hosts.Top) {
		t.Fatalf("DuckDB sees %d hosts, slareport %d", len(byHost), len(rep.Hosts.Top))
	}
	for _, h := range rep.Hosts.Top {
		found := false
		for _, d := range byHost {
			found = found || d["host"] == h.Key && int64(duckNum(d["requests"])) == h.Requests
		}
		if !found {
			t.Fatalf("host %s with %d requests: DuckDB %v", h.Key, h.Requests, byHost)
		}
	}
	if len(days) != 3 || len(days) != len(rep.Series.Buckets) {
		t.Fatalf("DuckDB sees %d days, slareport %d buckets; want 3", len(days), len(rep.Series.Buckets))
	}
	for i, d := range days {
		if int64(duckNum(d["requests"])) != rep.Series.Buckets[i].Requests {
			t.Fatalf("day %d: DuckDB %v requests, slareport %d", i, d["requests"], rep.Series.Buckets[i].Requests)
		}
	}
	if int64(duckNum(budget[0]["requests"])) != rep.Requests || int64(duckNum(budget[0]["judged"])) != rep.Judged || math.Abs(duckNum(budget[0]["remaining"])-full.SLO.Budget.Remaining) > 1e-9 {
		t.Fatalf("budget: DuckDB %v, slareport %d requests, %v remaining", budget[0], rep.Requests, full.SLO.Budget.Remaining)
	}
}
