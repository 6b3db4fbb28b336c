package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// culpritLog is a combined log of 6,000 clients, agents and referrers with
// one request each (one in a hundred answered 500), and then one client,
// with its own agent and referrer, that sends 30 requests, 25 answered 503.
func culpritLog(client string) []byte {
	var b strings.Builder
	line := func(c string, i, status int, ref, ua string) {
		fmt.Fprintf(&b, "%s - - [01/Jun/2026:%02d:%02d:00 +0000] \"GET /x HTTP/1.1\" %d 1 \"%s\" \"%s\"\n", c, i/60%24, i%60, status, ref, ua)
	}
	for i := range 6000 {
		status := 200
		if i%100 == 0 {
			status = 500
		}
		line(fmt.Sprintf("10.0.%d.%d", i>>8, i&255), i, status, fmt.Sprintf("https://r%d.example/", i), fmt.Sprintf("agent-%d", i))
	}
	for i := range 30 {
		status := 503
		if i%6 == 5 {
			status = 200
		}
		line(client, 6000+i, status, "https://culprit.example/", "culprit/1.0")
	}
	return []byte(b.String())
}

// topBad is a table's top_bad of a JSON report.
type topBad struct {
	Capped       bool `json:"capped"`
	TopBadCapped bool `json:"top_bad_capped"`
	TopBad       []struct {
		Key      string `json:"key"`
		Requests *int64 `json:"requests"`
		Bad      int64  `json:"bad"`
	} `json:"top_bad"`
}

func readTopBad(t *testing.T, path string) (clients topBad, insight map[string]any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var r struct{ Clients topBad }
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	all := reportSansInputs(t, path)
	insight = map[string]any{}
	for _, k := range []string{"clients", "user_agents", "referrers"} {
		insight[k] = all[k]
	}
	return r.Clients, insight
}

// TestMergeKeepsTheFailingTables: the ranking by bad requests holds every
// client that failed, beyond the sample of every request, and a summary
// saved with --save keeps it: three parts merge into one pass's tables.
// The culprit is a client the sample does not keep, so its requests are
// null, and its 25 bad requests are the top.
func TestMergeKeepsTheFailingTables(t *testing.T) {
	dir := t.TempDir()
	whole, one := filepath.Join(dir, "access.log"), filepath.Join(dir, "one.json")
	var data []byte
	var clients topBad
	var oneTables map[string]any
	for k := 1; ; k++ {
		if k > 40 {
			t.Fatal("every culprit tried is in the sample of every client")
		}
		data = culpritLog(fmt.Sprintf("203.0.113.%d", k))
		os.WriteFile(whole, data, 0o644)
		runOK(t, exitOK, "--no-github", "-f", "json", "-o", one, whole)
		if clients, oneTables = readTopBad(t, one); len(clients.TopBad) > 0 && clients.TopBad[0].Requests == nil {
			break
		}
	}
	top := clients.TopBad[0]
	if !clients.Capped || clients.TopBadCapped || !strings.HasPrefix(top.Key, "203.0.113.") || top.Bad != 25 {
		t.Fatalf("clients: capped %v, top bad capped %v, top %+v; want a sample, every bad client, and the culprit with 25", clients.Capped, clients.TopBadCapped, top)
	}
	var sums []string
	for i, part := range cutLines(data, 3) {
		p := filepath.Join(dir, fmt.Sprintf("part%d.log", i+1))
		os.WriteFile(p, part, 0o644)
		s := filepath.Join(dir, fmt.Sprintf("part%d.slasum", i+1))
		runOK(t, exitOK, "--no-github", "-f", "json", "-o", filepath.Join(dir, "ignored.json"), "--save", s, p)
		sums = append(sums, s)
	}
	merged := filepath.Join(dir, "merged.json")
	runOK(t, exitOK, append([]string{"merge", "--no-github", "-f", "json", "-o", merged}, sums...)...)
	if _, got := readTopBad(t, merged); !reflect.DeepEqual(got, oneTables) {
		t.Fatalf("merged tables differ from one pass:\none pass %.600v\nmerged   %.600v", oneTables, got)
	}
}
