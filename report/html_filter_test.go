package report

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/internal/loggen"
	"github.com/slareport/slareport/parse"
)

var filterBlock = regexp.MustCompile(`(?s)<script type="application/json" data-filter id="filter-data">(.*?)</script>`)

// pageFilter returns the filters' data of an HTML page, nil without one.
func pageFilter(t *testing.T, page []byte) *filterData {
	t.Helper()
	m := filterBlock.FindSubmatch(page)
	if m == nil {
		return nil
	}
	var f filterData
	if err := json.Unmarshal(m[1], &f); err != nil {
		t.Fatalf("the filters' data is not JSON: %v", err)
	}
	return &f
}

// TestHTMLFilterBounded: minute buckets over two days are 2,880, more
// than a selection snaps to; the page merges them into fewer runs whose
// edges are exact: the loggen log's own counts per class add up, and a
// run over one merged bucket's window counts what its rows say.
func TestHTMLFilterBounded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gen.log")
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	want, err := loggen.Generate(fh, loggen.Config{Lines: 40000, Seed: 7, Span: 48 * time.Hour})
	fh.Close()
	if err != nil {
		t.Fatal(err)
	}
	run := func(set aggregate.Settings, dims bool) *aggregate.Summary {
		set.Bucket = 60
		opt := aggregate.Options{Settings: set, Statuses: dims}
		if dims {
			opt.StatusDims = aggregate.DimHost | aggregate.DimEndpoint
		}
		s, err := aggregate.Run(context.Background(), []string{path}, opt)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	s := run(aggregate.Settings{}, true)
	f := pageFilter(t, renderHTML(t, s, HTMLOptions{}))
	if f == nil {
		t.Fatal("no filters on a report with per-status counts")
	}
	if len(s.Buckets) <= maxFilterBuckets || len(f.Start) > maxFilterBuckets || len(f.Rows) > maxFilterRows {
		t.Fatalf("%d buckets in the summary, %d embedded with %d rows: not bounded", len(s.Buckets), len(f.Start), len(f.Rows))
	}
	if len(f.Hosts) != 0 || len(f.Endpoints) == 0 || len(f.Endpoints) > aggregate.TopKeys+1 {
		t.Errorf("%d hosts (combined logs none), %d endpoints (at most the top %d and other)", len(f.Hosts), len(f.Endpoints), aggregate.TopKeys)
	}
	var classes [6]int64
	perBucket := make([]int64, len(f.Start))
	for _, r := range f.Rows {
		classes[f.Codes[r[1]].Class] += r[4]
		perBucket[r[0]] += r[4]
	}
	for c := 1; c <= 5; c++ {
		if n := want.Class(c); classes[c] != n {
			t.Errorf("%dxx: %d embedded, the generator wrote %d", c, classes[c], n)
		}
	}
	for i := 1; i < len(f.Start); i++ {
		if f.Start[i] < f.End[i-1] || f.End[i] <= f.Start[i] {
			t.Fatalf("bucket %d is [%d, %d) after one ending at %d", i, f.Start[i], f.End[i], f.End[i-1])
		}
	}
	i := len(f.Start) / 2
	win := run(aggregate.Settings{Window: aggregate.Window{Since: time.Unix(f.Start[i], 0), Until: time.Unix(f.End[i], 0)}}, false)
	if win.Requests() != perBucket[i] || perBucket[i] == 0 {
		t.Errorf("bucket %d (%s → %s) holds %d requests; a run over it counts %d", i, f.From[i], f.To[i], perBucket[i], win.Requests())
	}
	// Without per-status counts there is nothing to filter by.
	if pageFilter(t, renderHTML(t, run(aggregate.Settings{}, false), HTMLOptions{})) != nil {
		t.Error("filters on a report without per-status counts")
	}
}

// TestHTMLFilterJSONIsScriptSafe: hostile paths and hosts in the filters'
// data cannot end its script element or open a comment, and come back
// whole from the JSON.
func TestHTMLFilterJSONIsScriptSafe(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 60; i++ {
		b.WriteString(strings.Replace(validLine(i), "198.51.100.", "</script><script>__pwn(9)</script>.example 198.51.100.", 1) + "\n")
	}
	f, err := parse.Compile(`$host $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time`)
	if err != nil {
		t.Fatal(err)
	}
	s, err := aggregate.Run(context.Background(), []string{"-"}, aggregate.Options{Stdin: strings.NewReader(b.String()), Format: f,
		Statuses: true, StatusDims: aggregate.DimHost | aggregate.DimEndpoint})
	if err != nil {
		t.Fatal(err)
	}
	page := renderHTML(t, s, HTMLOptions{})
	m := filterBlock.FindSubmatch(page)
	if m == nil {
		t.Fatal("no filters' data")
	}
	for _, bad := range []string{"</", "<!--", "<script"} {
		if bytes.Contains(bytes.ToLower(m[1]), []byte(bad)) {
			t.Errorf("the filters' data holds %q", bad)
		}
	}
	fd := pageFilter(t, page)
	if len(fd.Hosts) != 1 || !strings.Contains(fd.Hosts[0], "</script><script>__pwn(9)</script>") ||
		len(fd.Endpoints) == 0 || !strings.Contains(fd.Endpoints[0], "/<script>__pwn(200)</script>/") {
		t.Errorf("hosts %q, endpoints %q: the hostile keys are not there as text", fd.Hosts, fd.Endpoints)
	}
}
