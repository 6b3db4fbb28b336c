package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/slareport/slareport/internal/s3test"
)

// hiveScript prints, as JSON, the rows of one SQL query over the Parquet
// files under a folder read with hive_partitioning; the query names the
// files' view "rollup".
const hiveScript = `
const { DuckDBInstance } = require(process.argv[2]);
(async () => {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  await conn.run("SET TimeZone = 'UTC'");
  await conn.run("CREATE VIEW rollup AS SELECT * FROM read_parquet('" + process.argv[3].replace(/'/g, "''") + "/**/*.parquet', hive_partitioning = true)");
  const r = await conn.runAndReadAll(process.argv[4]);
  console.log(JSON.stringify(r.getRowObjectsJson()));
})().catch(e => { console.error(e); process.exit(1); });
`

// hiveQuery runs sql with DuckDB over the partitioned rollup in dir.
func hiveQuery(t *testing.T, dir, sql string) []map[string]any {
	t.Helper()
	duckDB(t) // skips without node or DuckDB
	mod, _ := filepath.Abs(duckdbModule)
	script := filepath.Join(t.TempDir(), "hive.js")
	os.WriteFile(script, []byte(hiveScript), 0o644)
	var stderr bytes.Buffer
	cmd := exec.Command("node", script, mod, dir, sql)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v: %s", err, stderr.String())
	}
	var rows []map[string]any
	if err := json.Unmarshal(out, &rows); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	return rows
}

// partFiles lists the files under dir, relative and slash-separated.
func partFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(files)
	return files
}

// TestDuckDBReadsTheExportDir: the real 4-day Apache log, exported with
// --export-dir --partition-by date,host (hosts added by awk), read by
// DuckDB with hive_partitioning: its per-day sum(requests) is the report's
// series, its per-host sums are awk's counts. A second run replaces the
// files rather than adding copies, and the same export to an S3 prefix
// (versitygw) holds the same objects, byte for byte.
func TestDuckDBReadsTheExportDir(t *testing.T) {
	src := realLog(t, "elastic-apache_logs.log")
	dir := t.TempDir()
	log := filepath.Join(dir, "vhost.log")
	if err := exec.Command("sh", "-c", `awk '{ printf "web%d.example.com:80 %s\n", NR % 3, $0 }' "$1" > "$2"`, "sh", src, log).Run(); err != nil {
		t.Skipf("awk: %v", err)
	}
	out := filepath.Join(dir, "rollup")
	args := []string{"--tz", "UTC", "--bucket", "1d", "-f", "json", "--export-dir", out, "--partition-by", "date,host", log}
	code, stdout, stderr, _ := execBinary(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	first := partFiles(t, out)
	if len(first) != 12 || !strings.HasPrefix(first[0], "date=2015-05-17/host=web0.example.com/part-") {
		t.Fatalf("want 4 days × 3 hosts of files, got %q", first)
	}
	if code, _, _, _ := execBinary(t, args...); code != 0 || !slices.Equal(partFiles(t, out), first) {
		t.Fatalf("a second run: exit %d, files %q; want the same %d files", code, partFiles(t, out), len(first))
	}

	var rep struct {
		Series struct {
			Buckets []struct {
				Start    string
				Requests int64
			}
		}
	}
	json.Unmarshal(stdout.Bytes(), &rep)
	days := hiveQuery(t, out, `SELECT strftime(date, '%Y-%m-%d') AS day, sum(requests) AS requests FROM rollup GROUP BY date ORDER BY date`)
	if len(days) != len(rep.Series.Buckets) || len(days) != 4 {
		t.Fatalf("DuckDB sees %d days, the report %d buckets; want 4", len(days), len(rep.Series.Buckets))
	}
	for i, d := range days {
		b := rep.Series.Buckets[i]
		start, _ := time.Parse(time.RFC3339, b.Start)
		if d["day"] != start.Format(time.DateOnly) || int64(duckNum(d["requests"])) != b.Requests {
			t.Fatalf("day %d: DuckDB %v, the report %s with %d requests", i, d, b.Start, b.Requests)
		}
	}
	hosts := hiveQuery(t, out, `SELECT host, sum(requests) AS requests FROM rollup GROUP BY host ORDER BY host`)
	for i, h := range hosts {
		want := pipelineCount(t, fmt.Sprintf(`awk 'NR %% 3 == %d' %q | wc -l`, i, src))
		if h["host"] != fmt.Sprintf("web%d.example.com", i) || int64(duckNum(h["requests"])) != want {
			t.Fatalf("host %d: DuckDB %v; awk counts %d lines", i, h, want)
		}
	}

	srv := s3test.Start(t)
	srv.Bucket(t, "lake")
	url := "s3://lake/slareport/rollup"
	cmd := exec.Command(binary, append(args[:6:6], "--export-dir", url, "--partition-by", "date,host", "-o", "/dev/null", log)...)
	cmd.Env = append(os.Environ(), s3test.Env(srv.Endpoint)...)
	if code, _, stderr, err := execCmd(cmd); err != nil || code != 0 {
		t.Fatalf("export to %s: exit %d, %v: %s", url, code, err, stderr)
	}
	keys := srv.Keys(t, "lake", "slareport/rollup/")
	if len(keys) != len(first) {
		t.Fatalf("%d objects, want %d: %q", len(keys), len(first), keys)
	}
	for i, k := range keys {
		want, _ := os.ReadFile(filepath.Join(out, filepath.FromSlash(first[i])))
		if k != "slareport/rollup/"+first[i] || !bytes.Equal(srv.Get(t, "lake", k), want) {
			t.Fatalf("object %s differs from the local file %s", k, first[i])
		}
	}
}
