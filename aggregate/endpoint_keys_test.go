package aggregate

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/slareport/slareport/parse"
)

// TestEndpointKeysTable checks every example of docs/endpoints.md: the
// table the documentation shows is the one the code follows.
func TestEndpointKeysTable(t *testing.T) {
	f, err := os.Open("../docs/endpoints.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	row := regexp.MustCompile("^\\| `([^`]*)` \\| `([^`]*)` \\|$")
	n := 0
	for sc := bufio.NewScanner(f); sc.Scan(); {
		m := row.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		n++
		path, _ := splitPath([]byte(m[1]))
		if got := string(appendEndpoint(nil, path, nil)); got != m[2] {
			t.Errorf("%s -> %s, the table says %s", m[1], got, m[2])
		}
		// The objectives' cache keys on collapsed paths only where
		// mayCollapse says a segment might collapse.
		if c := string(appendCollapsed(nil, path)); c != string(path) && !mayCollapse(path) {
			t.Errorf("%s collapses to %s, but mayCollapse says it cannot", m[1], c)
		}
	}
	if n < 20 {
		t.Fatalf("%d examples read from the table", n)
	}
}

// TestEndpointKeysOnRealLogs: on each real log, the top 20 endpoints have
// no near-duplicates (keys that differ only where one holds digits or hex
// the other has too: ids the rules missed), and the names the rules keep
// (a year, a slug with a year) count what grep counts.
func TestEndpointKeysOnRealLogs(t *testing.T) {
	gonx, err := parse.Compile(`$remote_addr [$time_local] "$request" $status $request_length $body_bytes_sent $request_time "$t_size" $read_time $gen_time`)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file   string
		format *parse.Format
		// keys and the pipelines that count their requests in the log.
		want map[string]string
	}{
		{"elastic-apache_logs.log", nil, map[string]string{
			"/images/web/2009/banner.png":              `awk '{sub(/\?.*/, "", $7); print $7}' %s | grep -cx '/images/web/2009/banner.png'`,
			"/presentations/logstash-puppetconf-2012/": `awk '{sub(/\?.*/, "", $7); print $7}' %s | grep -cx '/presentations/logstash-puppetconf-2012/'`,
			"/blog/geekery/xdotool-2.20110530.html":    `awk '{sub(/\?.*/, "", $7); print $7}' %s | grep -cx '/blog/geekery/xdotool-2.20110530.html'`,
		}},
		{"lnav-shop_access.log", nil, map[string]string{
			"/image/:id/productModel/200x200": `awk '{sub(/\?.*/, "", $7); print $7}' %s | grep -cE '^/image/[0-9]+/productModel/200x200$'`,
		}},
		{"nasa-small.log", nil, nil},
		{"gonx-example_access.log", gonx, map[string]string{
			"/t/100x100/:id/:id/:hash.jpeg":  `awk '{print $5}' %s | grep -cE '^/t/100x100/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]+\.jpeg$'`,
			"/t/1024x768/:id/:id/:hash.jpeg": `awk '{print $5}' %s | grep -cE '^/t/1024x768/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]+\.jpeg$'`,
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			path := sharedData(t, "real/"+tc.file)
			s, err := Run(context.Background(), []string{path}, Options{Workers: 2, Format: tc.format})
			if err != nil {
				t.Fatal(err)
			}
			var top []string
			for _, k := range s.Endpoints.Keys {
				if k.Key != OtherKey {
					top = append(top, k.Key)
				}
			}
			seen := map[string]string{}
			for _, k := range top {
				n := nearForm(k)
				if o, ok := seen[n]; ok {
					t.Errorf("near-duplicates in the top 20: %s and %s", o, k)
				}
				seen[n] = k
			}
			for key, pipeline := range tc.want {
				want := int64(shellCount(t, fmt.Sprintf(pipeline, path)))
				k := s.tally.endpoints.keys[key]
				if want == 0 || k == nil || k.requests != want {
					t.Errorf("%s: %v, the pipeline counts %d", key, k, want)
				}
			}
		})
	}
}

// nearForm writes a key as a person would compare two of them: every
// segment (or file stem) that is digits, or hex with a digit, or already
// collapsed, read as "#", case folded. Two keys of one near form differ
// only in what looks like an id.
var nearSeg = regexp.MustCompile(`/([0-9a-f]*[0-9][0-9a-f]*|:id|:hash|:uuid)(\.[a-z0-9]+)?(/|$)`)

func nearForm(key string) string {
	key = strings.ToLower(key)
	for {
		// Segments share their slashes: replace until none is left.
		n := nearSeg.ReplaceAllString(key, "/#$2$3")
		if n == key {
			return key
		}
		key = n
	}
}
