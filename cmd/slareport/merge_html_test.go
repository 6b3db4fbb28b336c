package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"testing"
	"time"
)

// pageFilterData is the JSON an HTML report's filters read, as the page
// carries it, decoded into plain values.
func pageFilterData(t *testing.T, path string) map[string]any {
	t.Helper()
	page, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)<script type="application/json" data-filter id="filter-data">(.*?)</script>`).FindSubmatch(page)
	if m == nil {
		t.Fatalf("%s carries no filter data", filepath.Base(path))
	}
	var f map[string]any
	if err := json.Unmarshal(m[1], &f); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestMergeHTMLFilters: the HTML report that merge writes from saved days
// carries the filters' data of one pass over the same log. Saved with
// --export-by host,endpoint, it is the same data (buckets, codes, hosts,
// endpoints and every row); saved without, it filters by time and class
// only, and its rows are one pass's summed over host and endpoint.
func TestMergeHTMLFilters(t *testing.T) {
	dir := t.TempDir()
	data := timedLog(60000, 7, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), 30*time.Hour)
	whole := filepath.Join(dir, "access.log")
	if err := os.WriteFile(whole, data, 0o644); err != nil {
		t.Fatal(err)
	}
	common := []string{"--tz", "UTC", "--slo", "99.9", "--no-github"}
	args := func(a ...string) []string {
		return append(append([]string{"--log-format", timedFormat}, common...), a...)
	}
	onePage := filepath.Join(dir, "one.html")
	runOK(t, exitGateFailed, args("-o", onePage, whole)...)
	one := pageFilterData(t, onePage)
	if len(one["hosts"].([]any)) != 4 || len(one["endpoints"].([]any)) < 20 || len(one["rows"].([]any)) < 1000 {
		t.Fatalf("one pass should filter by 4 hosts and the top endpoints: %d hosts, %d endpoints, %d rows",
			len(one["hosts"].([]any)), len(one["endpoints"].([]any)), len(one["rows"].([]any)))
	}
	// Who failed per bucket is counted by a run that reads the logs, and
	// not saved: a merged page names who failed over the whole report only.
	if one["failing"] == nil {
		t.Fatal("one pass's page has no failing series")
	}
	delete(one, "failing")

	for _, tc := range []struct {
		name  string
		save  []string
		split bool
	}{
		{"saved by host and endpoint", []string{"--export-by", "host,endpoint"}, true},
		{"saved plainly", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var sums []string
			for i, part := range cutLines(data, 3) {
				p := filepath.Join(dir, fmt.Sprintf("%s-part%d.log", tc.name, i+1))
				if err := os.WriteFile(p, part, 0o644); err != nil {
					t.Fatal(err)
				}
				s := filepath.Join(dir, fmt.Sprintf("%s-part%d.slasum", tc.name, i+1))
				a := append(args("--workers", fmt.Sprint(i+1), "-f", "json", "-o", filepath.Join(dir, "ignored.json"), "--save", s), tc.save...)
				runOK(t, exitGateFailed, append(a, p)...)
				sums = append(sums, s)
			}
			mergedPage := filepath.Join(dir, tc.name+".html")
			runOK(t, exitGateFailed, append(append(append([]string{"merge"}, common...), "-o", mergedPage), sums...)...)
			merged := pageFilterData(t, mergedPage)
			if merged["failing"] != nil {
				t.Errorf("the merged page has a failing series, which saved summaries do not keep: %.200v", merged["failing"])
			}
			if tc.split {
				if !reflect.DeepEqual(one, merged) {
					for k := range one {
						if !reflect.DeepEqual(one[k], merged[k]) {
							t.Errorf("%s differs:\none pass %.300v\nmerged   %.300v", k, one[k], merged[k])
						}
					}
					t.Fatal("the merged page's filter data differs from one pass's")
				}
				return
			}
			for _, k := range []string{"start", "end", "codes", "zone", "rule", "target"} {
				if !reflect.DeepEqual(one[k], merged[k]) {
					t.Errorf("%s differs:\none pass %.300v\nmerged   %.300v", k, one[k], merged[k])
				}
			}
			list := func(v any) []any { l, _ := v.([]any); return l } // null when not split
			if len(list(merged["hosts"])) != 0 || len(list(merged["endpoints"])) != 0 {
				t.Fatalf("summaries saved without a split offer hosts %v and endpoints %.200v", merged["hosts"], merged["endpoints"])
			}
			sum := func(f map[string]any) map[[2]float64]float64 {
				out := map[[2]float64]float64{}
				for _, r := range f["rows"].([]any) {
					row := r.([]any)
					out[[2]float64{row[0].(float64), row[1].(float64)}] += row[4].(float64)
				}
				return out
			}
			if want, got := sum(one), sum(merged); !reflect.DeepEqual(want, got) {
				t.Fatalf("requests per bucket and code: one pass %d cells, merged %d", len(want), len(got))
			}
		})
	}
}
