package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// TestIncrementalRuns: cron runs with --state over a log that grows, has a
// line half written, is rotated (renamed, then compressed) and is
// truncated in place after a copy, report exactly what one run over all
// the lines reports; a run with nothing new changes neither the report
// nor the state.
func TestIncrementalRuns(t *testing.T) {
	dir := t.TempDir()
	data := timedLog(60000, 3, time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), 20*time.Hour)
	c := cutLines(data, 6)
	log := filepath.Join(dir, "access.log")
	state := filepath.Join(dir, "state.slasum")
	n := 0
	cron := func(files ...string) []byte {
		t.Helper()
		n++
		out := filepath.Join(dir, fmt.Sprintf("run%d.json", n))
		args := []string{"--log-format", timedFormat, "--tz", "UTC", "--no-github", "--state", state, "-f", "json", "-o", out}
		for _, f := range files {
			args = append(args, filepath.Join(dir, f))
		}
		runOK(t, 0, args...)
		b, _ := os.ReadFile(out)
		return b
	}
	write := func(name string, b []byte, flag int) {
		f, err := os.OpenFile(filepath.Join(dir, name), flag|os.O_WRONLY|os.O_CREATE, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		f.Write(b)
		f.Close()
	}

	// Part 1 and half of a line of part 2: the half waits.
	half := bytes.IndexByte(c[1], ' ') + 5
	write("access.log", append(append([]byte{}, c[0]...), c[1][:half]...), os.O_TRUNC)
	cron("access.log")
	write("access.log", c[1][half:], os.O_APPEND)
	r2 := cron("access.log")
	s2, _ := os.ReadFile(state)
	// Nothing new: the same report and the same state.
	if r3 := cron("access.log"); !bytes.Equal(r2, r3) {
		t.Fatal("a run with no new data changed the report")
	}
	if s3, _ := os.ReadFile(state); !bytes.Equal(s2, s3) {
		t.Fatal("a run with no new data changed the state")
	}
	// logrotate: rename, a new file, and the new file grows.
	os.Rename(log, filepath.Join(dir, "access.log.1"))
	write("access.log", c[2], os.O_TRUNC)
	cron("access.log", "access.log.1")
	write("access.log", c[3], os.O_APPEND)
	// delaycompress: the renamed file is now compressed, its plain copy gone.
	gzipFile(t, filepath.Join(dir, "access.log.1"), filepath.Join(dir, "access.log.2.gz"))
	os.Remove(filepath.Join(dir, "access.log.1"))
	cron("access.log", "access.log.2.gz")
	// copytruncate: a copy, then the file truncated in place and written on.
	cp, _ := os.ReadFile(log)
	write("access.log.1", cp, os.O_TRUNC)
	write("access.log", c[4], os.O_TRUNC)
	cron("access.log", "access.log.1", "access.log.2.gz")
	write("access.log", c[5], os.O_APPEND)
	last := cron("access.log", "access.log.1", "access.log.2.gz")

	whole := filepath.Join(dir, "whole.log")
	os.WriteFile(whole, data, 0o644)
	runOK(t, 0, "--log-format", timedFormat, "--tz", "UTC", "--no-github", "-f", "json", "-o", filepath.Join(dir, "one.json"), whole)
	lastPath := filepath.Join(dir, "last.json")
	os.WriteFile(lastPath, last, 0o644)
	one, got := reportSansInputs(t, filepath.Join(dir, "one.json")), reportSansInputs(t, lastPath)
	if !reflect.DeepEqual(one, got) {
		for k := range one {
			if !reflect.DeepEqual(one[k], got[k]) {
				t.Errorf("%s differs:\none pass    %.300v\nincremental %.300v", k, one[k], got[k])
			}
		}
		t.Fatal("incremental runs differ from one pass")
	}
}

func gzipFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	var z bytes.Buffer
	w := gzip.NewWriter(&z)
	w.Write(b)
	w.Close()
	os.WriteFile(to, z.Bytes(), 0o644)
}

func TestStateRefusesOtherSettings(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "a.log")
	os.WriteFile(log, timedLog(2000, 4, time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), time.Hour), 0o644)
	state := filepath.Join(dir, "s.slasum")
	runOK(t, 0, "--log-format", timedFormat, "--tz", "UTC", "--state", state, "-o", filepath.Join(dir, "r.md"), log)
	runOK(t, exitUsage, "--log-format", timedFormat, "--tz", "UTC", "--bad", "5xx,429", "--state", state, "-o", filepath.Join(dir, "r.md"), log)
	os.WriteFile(state, []byte("damaged"), 0o644)
	runOK(t, exitInput, "--log-format", timedFormat, "--tz", "UTC", "--state", state, "-o", filepath.Join(dir, "r.md"), log)
}

// duckdbModule is where .ci/run installs @duckdb/node-api.
var duckdbModule = filepath.Join("..", "..", ".ci", "duckdb", "node_modules", "@duckdb", "node-api")

// duckdbScript runs each SQL file given after the Parquet path against a
// view "rollup" over it, with days in UTC, and prints one JSON array of
// row arrays per file.
const duckdbScript = `
const { DuckDBInstance } = require(process.argv[2]);
const fs = require('fs');
(async () => {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  await conn.run("SET TimeZone = 'UTC'");
  await conn.run("CREATE VIEW rollup AS SELECT * FROM read_parquet('" + process.argv[3].replace(/'/g, "''") + "')");
  const out = [];
  for (const f of process.argv.slice(4)) {
    const r = await conn.runAndReadAll(fs.readFileSync(f, 'utf8'));
    out.push(r.getRowObjectsJson());
  }
  console.log(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(1); });
`

// duckDB returns a function that runs SQL files, each against a view
// "rollup" over a Parquet file, with DuckDB, and returns each file's rows.
// It skips the test when node or @duckdb/node-api is missing.
func duckDB(t *testing.T) func(parquet string, sqlFiles ...string) [][]map[string]any {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed; .ci/run installs it with @duckdb/node-api")
	}
	mod, _ := filepath.Abs(duckdbModule)
	if _, err := os.Stat(mod); err != nil {
		t.Skipf("@duckdb/node-api is not installed in %s; run .ci/run, or: npm install --prefix .ci/duckdb @duckdb/node-api", filepath.Join("..", "..", ".ci", "duckdb"))
	}
	script := filepath.Join(t.TempDir(), "q.js")
	os.WriteFile(script, []byte(duckdbScript), 0o644)
	return func(parquet string, sqlFiles ...string) [][]map[string]any {
		t.Helper()
		cmd := exec.Command(node, append([]string{script, mod, parquet}, sqlFiles...)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("node: %v: %s", err, stderr.String())
		}
		var res [][]map[string]any
		if err := json.Unmarshal(out, &res); err != nil || len(res) != len(sqlFiles) {
			t.Fatalf("%v: %d results for %d queries: %s", err, len(res), len(sqlFiles), out)
		}
		return res
	}
}

// docsSQL is the path of a query in docs/sql.
func docsSQL(name string) string {
	p, _ := filepath.Abs(filepath.Join("..", "..", "docs", "sql", name))
	return p
}

// exportDays writes 50,000 requests over three UTC days and reports on them
// with --slo 99.9 in day buckets, into a JSON report and a Parquet rollup
// (with the extra flags); it returns their paths.
func exportDays(t *testing.T, extra ...string) (rollup, report string) {
	t.Helper()
	dir := t.TempDir()
	log := filepath.Join(dir, "access.log")
	os.WriteFile(log, timedLog(50000, 5, time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC), 72*time.Hour), 0o644)
	rollup, report = filepath.Join(dir, "rollup.parquet"), filepath.Join(dir, "report.json")
	args := []string{"--log-format", timedFormat, "--tz", "UTC", "--bucket", "1d", "--slo", "99.9", "--no-github",
		"-f", "json", "-o", report, "--export", rollup}
	runOK(t, exitGateFailed, append(append(args, extra...), log)...)
	return rollup, report
}

// TestDuckDBReadsTheRollup: DuckDB reads --export's Parquet with the SQL of
// docs/sql, and agrees with slareport's JSON on the requests, the
// availability of every day, and the error budget.
func TestDuckDBReadsTheRollup(t *testing.T) {
	query := duckDB(t)
	rollup, report := exportDays(t)
	res := query(rollup, docsSQL("availability_by_day.sql"), docsSQL("budget.sql"), docsSQL("top_codes.sql"))
	var rep struct {
		Requests int64
		Judged   int64
		SLO      struct{ Budget struct{ Remaining float64 } } `json:"slo"`
		Series   struct {
			Buckets []struct {
				Start        string
				Requests     int64
				Availability float64
			}
		}
	}
	b, _ := os.ReadFile(report)
	json.Unmarshal(b, &rep)

	days, budget, top := res[0], res[1], res[2]
	if len(days) != 3 || len(days) != len(rep.Series.Buckets) {
		t.Fatalf("DuckDB sees %d days, slareport %d buckets; want 3", len(days), len(rep.Series.Buckets))
	}
	var sum int64
	for i, d := range days {
		bk := rep.Series.Buckets[i]
		start, _ := time.Parse(time.RFC3339, bk.Start)
		if day := fmt.Sprint(d["day"]); day[:10] != start.Format("2006-01-02") {
			t.Fatalf("day %d: DuckDB %v, slareport %s", i, d["day"], bk.Start)
		}
		if got := duckNum(d["requests"]); int64(got) != bk.Requests {
			t.Fatalf("%s: DuckDB counts %v requests, slareport %d", bk.Start, got, bk.Requests)
		}
		if got := duckNum(d["availability"]); math.Abs(got-bk.Availability) > 1e-12 {
			t.Fatalf("%s: DuckDB availability %v, slareport %v", bk.Start, got, bk.Availability)
		}
		sum += bk.Requests
	}
	if sum != rep.Requests || int64(duckNum(budget[0]["requests"])) != rep.Requests || int64(duckNum(budget[0]["judged"])) != rep.Judged {
		t.Fatalf("sum(requests): DuckDB %v, %v judged; slareport %d, %d judged", budget[0]["requests"], budget[0]["judged"], rep.Requests, rep.Judged)
	}
	if got := duckNum(budget[0]["remaining"]); math.Abs(got-rep.SLO.Budget.Remaining) > 1e-9 {
		t.Fatalf("budget remaining: DuckDB %v, slareport %v", got, rep.SLO.Budget.Remaining)
	}
	if len(top) == 0 || duckNum(top[0]["status"]) != 200 {
		t.Fatalf("top codes: %v", top)
	}
}

// duckNum reads a DuckDB JSON value: numbers, or big integers as strings.
func duckNum(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case string:
		var f float64
		fmt.Sscan(x, &f)
		return f
	}
	return math.NaN()
}
