package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slareport/slareport/ingest"
	"github.com/slareport/slareport/internal/s3test"
)

// readReal reads one of the real logs, or skips the test without them.
func readReal(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(realLog(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// runS3 runs the built slareport against the S3 server at endpoint.
func runS3(t *testing.T, endpoint string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), s3test.Env(endpoint)...)
	code, stdout, stderr, err := execCmd(cmd)
	if err != nil {
		t.Fatal(err)
	}
	return code, stdout.String(), stderr.String()
}

// decodeReport decodes a JSON report.
func decodeReport(t *testing.T, report string) map[string]any {
	t.Helper()
	var r map[string]any
	if err := json.Unmarshal([]byte(report), &r); err != nil {
		t.Fatalf("not JSON: %v: %.300s", err, report)
	}
	return r
}

// TestObjectGlobEqualsLocalFiles: three real logs, one gzipped, read
// through a real S3 server with a ** glob give the JSON report of the same
// files read locally, inputs aside; the counts are those awk finds.
func TestObjectGlobEqualsLocalFiles(t *testing.T) {
	elastic, lnav, nasa := readReal(t, "elastic-apache_logs.log"), readReal(t, "lnav-shop_access.log"), readReal(t, "nasa-small.log")
	srv := s3test.Start(t)
	srv.Bucket(t, "logs")
	srv.Put(t, "logs", "web/2026/a/elastic.log.gz", gz(t, elastic))
	srv.Put(t, "logs", "web/2026/b/lnav.log", lnav)
	srv.Put(t, "logs", "web/nasa.log", nasa)
	srv.Put(t, "logs", "web/notes.txt", []byte("not a log\n"))

	dir := t.TempDir()
	local := []string{filepath.Join(dir, "elastic.log.gz"), filepath.Join(dir, "lnav.log"), filepath.Join(dir, "nasa.log")}
	os.WriteFile(local[0], gz(t, elastic), 0o644)
	os.WriteFile(local[1], lnav, 0o644)
	os.WriteFile(local[2], nasa, 0o644)

	code, remote, stderr := runS3(t, srv.Endpoint, "-f", "json", "--tz", "UTC", "s3://logs/web/**/*.log*")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	code, want, stderr := runS3(t, srv.Endpoint, append([]string{"-f", "json", "--tz", "UTC"}, local...)...)
	if code != 0 {
		t.Fatalf("local: exit %d: %s", code, stderr)
	}
	got, exp := withoutInputs(decodeReport(t, remote)), withoutInputs(decodeReport(t, want))
	g, _ := json.Marshal(got)
	e, _ := json.Marshal(exp)
	if !bytes.Equal(g, e) {
		t.Fatalf("the objects' report differs from the files':\n%.2000s\n%.2000s", g, e)
	}
	var r struct {
		Inputs []struct {
			Name  string
			Lines struct{ Read int64 }
		}
		Requests int64
		Classes  map[string]int64
	}
	json.Unmarshal([]byte(remote), &r)
	names := []string{"s3://logs/web/2026/a/elastic.log.gz", "s3://logs/web/2026/b/lnav.log", "s3://logs/web/nasa.log"}
	for i, in := range r.Inputs {
		if in.Name != names[i] {
			t.Fatalf("input %d is %q, want %q (key order)", i, in.Name, names[i])
		}
	}
	lines := awkCount(t, `END { print NR }`, local[1:]...) + int64(bytes.Count(elastic, []byte("\n")))
	fivexx := awkCount(t, `$9 ~ /^5/ { n++ } END { print n+0 }`, realLog(t, "elastic-apache_logs.log"), local[1], local[2])
	if r.Requests != lines || r.Classes["5xx"] != fivexx {
		t.Fatalf("%d requests, %d 5xx; awk counts %d lines, %d with a 5xx status", r.Requests, r.Classes["5xx"], lines, fivexx)
	}
}

// awkCount runs an awk program over files and returns the number it prints.
func awkCount(t *testing.T, prog string, files ...string) int64 {
	t.Helper()
	out, err := exec.Command("awk", append([]string{prog}, files...)...).Output()
	if err != nil {
		t.Skipf("awk: %v", err)
	}
	var n int64
	fmt.Sscan(string(out), &n)
	return n
}

// chunks cuts a log into n parts of whole lines.
func chunks(log []byte, n int) [][]byte {
	lines := bytes.SplitAfter(log, []byte("\n"))
	per := (len(lines) + n - 1) / n
	var out [][]byte
	for i := 0; i < len(lines); i += per {
		out = append(out, bytes.Join(lines[i:min(i+per, len(lines))], nil))
	}
	return out
}

// TestObjectFetchersGiveTheSameBytes: 20 objects, half gzipped, read by 8
// fetchers and by 1 give byte-identical reports, in JSON and Markdown.
func TestObjectFetchersGiveTheSameBytes(t *testing.T) {
	elastic := readReal(t, "elastic-apache_logs.log")
	srv := s3test.Start(t)
	srv.Bucket(t, "logs")
	for i, c := range chunks(elastic, 20) {
		if i%2 == 0 {
			srv.Put(t, "logs", fmt.Sprintf("alb/part-%02d.log.gz", i), gz(t, c))
		} else {
			srv.Put(t, "logs", fmt.Sprintf("alb/part-%02d.log", i), c)
		}
	}
	for _, f := range []string{"json", "markdown"} {
		_, one, stderr := runS3(t, srv.Endpoint, "-f", f, "--tz", "UTC", "--fetchers", "1", "s3://logs/alb/")
		code, eight, _ := runS3(t, srv.Endpoint, "-f", f, "--tz", "UTC", "--fetchers", "8", "s3://logs/alb/")
		if code != 0 || one != eight || len(one) < 1000 {
			t.Fatalf("%s: exit %d; 1 fetcher and 8 differ (%d and %d bytes): %s", f, code, len(one), len(eight), stderr)
		}
		if f == "json" && !strings.Contains(one, `"requests": 10000`) {
			t.Fatalf("the 20 objects hold 10,000 lines (wc -l): %.500s", one)
		}
	}
}

// TestObjectErrors: a truncated .gz object is an input error naming the
// key; a missing key, bucket or match is too; --fetchers is bounded.
func TestObjectErrors(t *testing.T) {
	nasa := readReal(t, "nasa-small.log")
	srv := s3test.Start(t)
	srv.Bucket(t, "logs")
	z := gz(t, bytes.Repeat(nasa, 50))
	srv.Put(t, "logs", "cut/a.log.gz", z[:len(z)/2])
	cases := []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"s3://logs/cut/*.gz"}, exitInput, `slareport: read "s3://logs/cut/a.log.gz": unexpected EOF (after `},
		{[]string{"s3://logs/cut/b.log"}, exitInput, `slareport: open "s3://logs/cut/b.log": object not found` + "\n"},
		{[]string{"s3://nosuchbucket/"}, exitInput, `slareport: list "s3://nosuchbucket/": bucket not found` + "\n"},
		{[]string{"s3://logs/cut/*.zst"}, exitInput, `slareport: no objects match "s3://logs/cut/*.zst"` + "\n"},
		{[]string{"s3://logs/cut?x=1"}, exitUsage, "no query"},
		{[]string{"--fetchers", "0", "s3://logs/cut/"}, exitUsage, "--fetchers must be from 1 to 64, not 0"},
	}
	for _, tc := range cases {
		code, _, stderr := runS3(t, srv.Endpoint, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.stderr) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, code, stderr, tc.code, tc.stderr)
		}
	}
}

// TestObjectDroppedConnectionsAreRetried: a proxy that breaks the first
// two downloads mid-object costs nothing but the retries: the report is
// the one read without it.
func TestObjectDroppedConnectionsAreRetried(t *testing.T) {
	elastic := readReal(t, "elastic-apache_logs.log")
	srv := s3test.Start(t)
	srv.Bucket(t, "logs")
	srv.Put(t, "logs", "a.log.gz", gz(t, elastic))
	_, want, _ := runS3(t, srv.Endpoint, "-f", "json", "s3://logs/a.log.gz")
	drop := srv.Drop(t, 2, 50000)
	code, got, stderr := runS3(t, drop.URL, "-f", "json", "s3://logs/a.log.gz")
	if code != 0 || got != want {
		t.Fatalf("exit %d, %s; report differs from the one without drops", code, stderr)
	}
	if drop.Dropped.Load() != 2 || drop.Gets.Load() != 3 {
		t.Fatalf("%d downloads broken of %d, want 2 of 3", drop.Dropped.Load(), drop.Gets.Load())
	}
}

// TestObjectStateReadsOnlyNewObjects: --state over a prefix reads exactly
// the objects added since the last run (a proxy counts the downloads),
// reports on all of them as one run over all would, and refuses an
// object rewritten under a counted key, naming it.
func TestObjectStateReadsOnlyNewObjects(t *testing.T) {
	elastic := readReal(t, "elastic-apache_logs.log")
	parts := chunks(elastic, 6)
	srv := s3test.Start(t)
	srv.Bucket(t, "alb")
	put := func(i int) {
		srv.Put(t, "alb", fmt.Sprintf("2026/11/02/part-%d.log.gz", i), gz(t, parts[i]))
	}
	count := srv.Drop(t, 0, 0) // drops nothing: counts the downloads
	dir := t.TempDir()
	state := filepath.Join(dir, "alb.slasum")
	run := func() (int, string, string) {
		return runS3(t, count.URL, "-f", "json", "--tz", "UTC", "--state", state, "s3://alb/2026/")
	}
	for i := range 2 {
		put(i)
	}
	if code, _, stderr := run(); code != 0 || count.Gets.Load() != 2 {
		t.Fatalf("first run: exit %d, %d downloads (want 2): %s", code, count.Gets.Load(), stderr)
	}
	for i := 2; i < 6; i++ {
		put(i)
	}
	code, got, stderr := run()
	if code != 0 || count.Gets.Load() != 6 {
		t.Fatalf("second run: exit %d, %d downloads in all (want 2 + 4 new): %s", code, count.Gets.Load(), stderr)
	}
	_, once, _ := runS3(t, srv.Endpoint, "-f", "json", "--tz", "UTC", "s3://alb/2026/")
	g, _ := json.Marshal(withoutInputs(decodeReport(t, got)))
	w, _ := json.Marshal(withoutInputs(decodeReport(t, once)))
	if !bytes.Equal(g, w) {
		t.Fatalf("two --state runs differ from one run over all objects:\n%.1500s\n%.1500s", g, w)
	}
	if lines := decodeReport(t, got)["lines"].(map[string]any)["read"].(float64); lines != float64(bytes.Count(elastic, []byte("\n"))) {
		t.Fatalf("%v lines read, the log has %d", lines, bytes.Count(elastic, []byte("\n")))
	}
	code, again, _ := run()
	if code != 0 || count.Gets.Load() != 6 || again != got {
		t.Fatalf("a run with nothing new: exit %d, %d downloads (want none more), same report %v", code, count.Gets.Load(), again == got)
	}

	srv.Put(t, "alb", "2026/11/02/part-1.log.gz", gz(t, parts[2]))
	code, _, stderr = run()
	if code != exitInput || !strings.Contains(stderr, `"s3://alb/2026/11/02/part-1.log.gz" changed since the state counted it`) {
		t.Fatalf("an object rewritten under its key: exit %d, %s", code, stderr)
	}
}

// TestObjectStoreNotBuiltIn: in a build without the GCS or Azure driver a
// gs:// or azblob:// input, or --export-dir there, is a usage error that
// says how to build it in, before anything is read.
func TestObjectStoreNotBuiltIn(t *testing.T) {
	log := filepath.Join(t.TempDir(), "access.log")
	if err := os.WriteFile(log, readReal(t, "nasa-small.log"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		tag  string
	}{
		{[]string{"gs://b/k"}, "slareport_gcs"},
		{[]string{"azblob://c/logs/**/*.gz"}, "slareport_azure"},
		{[]string{"--export-dir", "gs://b/out/", log}, "slareport_gcs"},
		{[]string{"--export-dir", "azblob://c/out/", log}, "slareport_azure"},
	}
	ran := false
	for _, tc := range cases {
		u := tc.args[len(tc.args)-1]
		if tc.args[0] == "--export-dir" {
			u = tc.args[1]
		}
		if _, err := ingest.ParseObjectURL(u); !errors.Is(err, ingest.ErrStoreNotBuilt) {
			continue // built with tc.tag
		}
		ran = true
		code, stdout, stderr := runS3(t, "http://127.0.0.1:1", tc.args...)
		want := u + ": this slareport was built without "
		install := "; build it with: go install -tags " + tc.tag + " github.com/slareport/slareport/cmd/slareport@latest"
		if code != exitUsage || stdout != "" || !strings.Contains(stderr, want) || !strings.Contains(stderr, install) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want %d and %q ... %q", tc.args, code, stdout, stderr, exitUsage, want, install)
		}
	}
	if !ran {
		t.Skip("built with every object store")
	}
}
