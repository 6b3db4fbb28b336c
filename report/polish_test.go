package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/slareport/slareport/aggregate"
)

// TestP99ColumnOnlyWhenTimed: a breakdown whose keys logged no duration
// has no p99 column, in HTML and Markdown; one with a duration has it.
func TestP99ColumnOnlyWhenTimed(t *testing.T) {
	timed := fixture()
	untimed := fixture()
	var keys []aggregate.KeyStats
	for _, k := range untimed.Endpoints.Keys {
		k.Latency = nil
		keys = append(keys, k)
	}
	untimed.Endpoints.Keys = keys
	for _, tc := range []struct {
		name string
		s    *aggregate.Summary
		want bool
	}{{"timed", timed, true}, {"untimed", untimed, false}} {
		t.Run(tc.name, func(t *testing.T) {
			page := string(withoutECharts(t, renderHTML(t, tc.s, HTMLOptions{})))
			sec := page[strings.Index(page, `<section id="endpoints">`):]
			sec = sec[:strings.Index(sec, "</section>")]
			if got := strings.Contains(sec, ">p99<"); got != tc.want {
				t.Errorf("HTML endpoints p99 column %v, want %v", got, tc.want)
			}
			var md bytes.Buffer
			if err := Markdown(&md, tc.s, Options{}); err != nil {
				t.Fatal(err)
			}
			head := "| Endpoint | Requests | Bad | Availability |\n"
			if tc.want {
				head = "| Endpoint | Requests | Bad | Availability | p99 |\n"
			}
			if !strings.Contains(md.String(), "## Endpoints\n\n"+head) {
				t.Errorf("Markdown endpoints table does not start %q", head)
			}
		})
	}
}

// TestPathParts: a path cell breaks after each inner '/', not after a
// leading or a final one, and its parts put back together are the text.
func TestPathParts(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"/api/v1/orders/:id", []string{"/api/", "v1/", "orders/", ":id"}},
		{"logs/a.log", []string{"logs/", "a.log"}},
		{"/", []string{"/"}},
		{"/static/", []string{"/static/"}},
		{"-", []string{"-"}},
		{"", []string{""}},
	} {
		got := htmlCell{Text: tc.text, Path: true}.PathParts()
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("PathParts(%q) = %q, want %q", tc.text, got, tc.want)
		}
		if strings.Join(got, "") != tc.text {
			t.Errorf("PathParts(%q) joined is %q", tc.text, strings.Join(got, ""))
		}
	}
}
