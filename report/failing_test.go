package report

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slareport/slareport/aggregate"
)

// awkFailing counts, with awk and sort, the bad (5xx) requests of a
// combined log, the distinct clients they came from, and the client with
// the most and its count, and writes the line FailingLine should say; it
// also returns the number of clients.
func awkFailing(t *testing.T, path string) (string, int64) {
	t.Helper()
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh to count with")
	}
	script := `awk '$9 >= 500 && $9 <= 599 {print $1}' "$1" | sort | uniq -c | sort -k1,1nr -k2 |
		awk '{n += $1; d++; if (d == 1) {top = $1; key = $2}} END {print n, d, top, key}'`
	out, err := exec.Command("sh", "-c", script, "sh", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	var n, d, top int64
	var key string
	if _, err := fmt.Sscan(string(out), &n, &d, &top, &key); err != nil {
		t.Fatalf("awk printed %q: %v", out, err)
	}
	line := fmt.Sprintf("%s from %s clients", plural(n, "bad request"), group(d))
	if top > 1 {
		line += fmt.Sprintf("; %s of them from %s", group(top), key)
	}
	return line, d
}

// TestFailingLine: how many clients the bad requests came from and which
// sent the most, as awk counts them, on Elastic's real Apache log and on a
// log whose culprit no sample of every client keeps, in the terminal,
// Markdown and HTML reports.
func TestFailingLine(t *testing.T) {
	var b strings.Builder
	for i := range 6000 {
		status := 200
		if i%100 == 0 {
			status = 500
		}
		fmt.Fprintf(&b, "10.0.%d.%d - - [01/Jun/2026:%02d:%02d:00 +0000] \"GET /x HTTP/1.1\" %d 1 \"-\" \"agent-%d\"\n", i>>8, i&255, i/60%24, i%60, status, i)
	}
	for i := range 30 {
		fmt.Fprintf(&b, "203.0.113.2 - - [01/Jun/2026:10:%02d:00 +0000] \"GET /x HTTP/1.1\" %d 1 \"-\" \"culprit/1.0\"\n", i, 503-303*(i%6/5))
	}
	culprit := filepath.Join(t.TempDir(), "culprit.log")
	if err := os.WriteFile(culprit, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{realLog(t, "elastic-apache_logs.log"), culprit} {
		s, err := aggregate.Run(context.Background(), []string{path}, aggregate.Options{})
		if err != nil {
			t.Fatal(err)
		}
		want, clients := awkFailing(t, path)
		if got := FailingLine(s); got != want {
			t.Fatalf("%s: %q, want awk's %q", filepath.Base(path), got, want)
		}
		var md, term, page bytes.Buffer
		if err := Markdown(&md, s, Options{}); err != nil {
			t.Fatal(err)
		}
		if err := Terminal(&term, s, TerminalOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := HTML(&page, s, HTMLOptions{}); err != nil {
			t.Fatal(err)
		}
		mdWant := strings.NewReplacer("from 203", "from ` 203", "from 66", "from ` 66").Replace(want)
		for name, out := range map[string]string{"markdown": md.String(), "terminal": term.String(), "html": page.String()} {
			w := want
			if name == "markdown" {
				w = mdWant
			}
			if !strings.Contains(out, w) {
				t.Errorf("%s: the %s report does not say %q", filepath.Base(path), name, w)
			}
		}
		// The note under the ranking by bad requests: every client that
		// failed is in it, the culprit's log having more clients than a
		// table keeps.
		note := fmt.Sprintf("%s of %s sent bad requests.", group(clients), group(s.Insight.Clients.Distinct))
		if path == culprit {
			note = fmt.Sprintf("All %s that sent bad requests are ranked", group(clients))
		}
		if !strings.Contains(md.String(), note) {
			t.Errorf("%s: the Markdown report does not say %q", filepath.Base(path), note)
		}
	}
}

// TestFailingLineEscapesTheClient: a client is as logged, so the Markdown
// line keeps it in code, where a pipe cannot end the table's cell.
func TestFailingLineEscapesTheClient(t *testing.T) {
	key := "evil|`*<b>"
	s := &aggregate.Summary{Insight: &aggregate.Insight{Clients: aggregate.TopTable{Failing: true, BadRequests: 3, BadDistinct: 2,
		TopBad: []aggregate.KeyStats{{Key: key, Requests: -1, Bad: 2}}}}}
	var md bytes.Buffer
	if err := Markdown(&md, s, Options{}); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(md.String(), "\n") {
		if strings.HasPrefix(line, "| Failing clients |") {
			if want := "| Failing clients | 3 bad requests from 2 clients; 2 of them from " + mdCode(key, true) + " |"; line != want {
				t.Fatalf("%q, want %q", line, want)
			}
			if strings.Count(strings.ReplaceAll(line, `\|`, ""), "|") != 3 {
				t.Fatalf("the client's pipe splits the row: %q", line)
			}
			return
		}
	}
	t.Fatalf("no failing clients row in:\n%s", md.String())
}
