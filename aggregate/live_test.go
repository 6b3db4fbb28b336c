package aggregate

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slareport/slareport/ingest"
	"github.com/slareport/slareport/parse"
)

// TestLiveRealLog feeds a real log in chunks of uneven size, as a
// follower reads a log being written, and checks the counts against an
// awk count of the same file and against one Run over it.
func TestLiveRealLog(t *testing.T) {
	path := sharedData(t, "real/elastic-apache_logs.log")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	awk, err := exec.Command("awk", `{n++} $9 ~ /^5/ {bad++} $9 == 200 {ok++} END {print n, bad+0, ok+0}`, path).Output()
	if err != nil {
		t.Skipf("awk: %v", err)
	}
	var lines, bad, ok int64
	fmt.Sscan(string(awk), &lines, &bad, &ok)

	l, err := NewLive(Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Unix(1_700_000_000, 0)
	first := int64(1)
	for off, size := 0, 1; off < len(data); size = size*7 + 13 {
		end := min(len(data), off+size)
		if i := bytes.LastIndexByte(data[off:end], '\n'); i >= 0 && end < len(data) {
			end = off + i + 1
		} else if j := bytes.IndexByte(data[end:], '\n'); j >= 0 {
			end += j + 1 // a follower hands whole lines only
		}
		chunk := data[off:end]
		if err := l.Feed(context.Background(), at, ingest.Chunk{Name: "elastic.log", Data: chunk, FirstLine: first}); err != nil {
			t.Fatal(err)
		}
		first += int64(bytes.Count(chunk, []byte{'\n'}))
		off = end
	}
	s := l.Summary(at)
	if s.Lines.Read != lines || s.Bad() != bad || s.Codes[200] != ok {
		t.Errorf("live: %d lines, %d bad, %d × 200; awk: %d, %d, %d", s.Lines.Read, s.Bad(), s.Codes[200], lines, bad, ok)
	}
	if s.Lines.Read != s.Lines.Parsed+s.Lines.Malformed+s.Lines.Filtered {
		t.Errorf("lines do not add up: %+v", s.Lines)
	}
	run, err := Run(context.Background(), []string{path}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(run.Lines, run.Codes, run.Malformed) != fmt.Sprint(s.Lines, s.Codes, s.Malformed) {
		t.Errorf("live %v %v %v, run %v %v %v", s.Lines, s.Codes, s.Malformed, run.Lines, run.Codes, run.Malformed)
	}
	if len(s.Samples) != len(run.Samples) || len(s.Samples) > 0 && s.Samples[0].Line != run.Samples[0].Line {
		t.Errorf("samples differ: live %v, run %v", s.Samples, run.Samples)
	}
}

// clf is a combined-format line at unix time sec with a status.
func clf(sec int64, status int, path string) string {
	ts := time.Unix(sec, 0).UTC().Format("02/Jan/2006:15:04:05 -0700")
	return "10.0.0.1 - - [" + ts + `] "GET ` + path + ` HTTP/1.1" ` + strconv.Itoa(status) + ` 5 "-" "t"` + "\n"
}

// TestLiveBoundedMemory follows four simulated days of traffic, fed an
// hour at a time: the per-minute detail stays within the longest alert
// window, the latency sketches stay few, and the heap is as large on the
// fourth day as on the second. The totals keep every line.
func TestLiveBoundedMemory(t *testing.T) {
	l, err := NewLive(Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	start := int64(1_800_000_000)
	var fed int64
	var heap [5]uint64
	for hour := range 4 * 24 {
		var b strings.Builder
		for m := range 60 {
			sec := start + int64(hour*3600+m*60)
			for k := range 20 {
				b.WriteString(clf(sec+int64(k), 200+300*(k/19), "/item/"+strconv.Itoa(k)))
			}
		}
		fed += 60 * 20
		now := time.Unix(start+int64(hour+1)*3600, 0)
		if err := l.Feed(context.Background(), now, ingest.Chunk{Name: "a.log", Data: []byte(b.String()), FirstLine: 1}); err != nil {
			t.Fatal(err)
		}
		s := l.Summary(now)
		if limit := int(l.keep/60) + 1; len(s.Minutes) > limit {
			t.Fatalf("hour %d: %d minutes kept, at most %d", hour, len(s.Minutes), limit)
		}
		if len(l.t.lat) > 100 {
			t.Fatalf("hour %d: %d latency buckets", hour, len(l.t.lat))
		}
		if s.Lines.Read != fed || s.Bad() != fed/20 {
			t.Fatalf("hour %d: %d lines, %d bad; fed %d, %d bad", hour, s.Lines.Read, s.Bad(), fed, fed/20)
		}
		if (hour+1)%24 == 0 {
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			heap[(hour+1)/24] = ms.HeapAlloc
			t.Logf("day %d: heap %d KiB, %d minutes kept", (hour+1)/24, ms.HeapAlloc>>10, len(s.Minutes))
		}
	}
	if heap[4] > heap[3]+heap[3]/4 || heap[4] > heap[2]+heap[2]/2 {
		t.Errorf("heap grows: days 2..4 %d, %d, %d KiB", heap[2]>>10, heap[3]>>10, heap[4]>>10)
	}
}

// TestLiveAlertEnds replays the alert rules up to now: a burst of
// errors fires the page rule, and once its short window has passed with
// no new line the rule stops, as it would on a dashboard.
func TestLiveAlertEnds(t *testing.T) {
	target, _ := ParseTarget("99.9")
	l, _ := NewLive(Options{})
	t0 := int64(1_800_000_000)
	var b strings.Builder
	for k := range 100 {
		b.WriteString(clf(t0+int64(k%60), 200+300*(k%2), "/"))
	}
	now := time.Unix(t0+60, 0)
	l.Feed(context.Background(), now, ingest.Chunk{Name: "a.log", Data: []byte(b.String()), FirstLine: 1})
	if a := l.Summary(now).Evaluate(target).Alerts[0]; !a.Firing {
		t.Fatalf("the 14.4× rule does not fire during the burst: %+v", a)
	}
	later := now.Add(10 * time.Minute)
	if a := l.Summary(later).Evaluate(target).Alerts[0]; a.Firing {
		t.Fatalf("the 14.4× rule still fires 10 minutes after the burst: %+v", a)
	}
}

// TestLiveRecentFailing: "failing now" counts the bad requests of the lines
// read lately by status, endpoint and client, most first, and leaves out
// the feeds read before the stretch asked for. The lines are counted by
// hand: the first feed has 203.0.113.7's three 503s and 198.51.100.4's
// 500, the second, a minute later, two more 503s of 203.0.113.7 and one
// of 192.0.2.1 (one of /y), besides good requests.
func TestLiveRecentFailing(t *testing.T) {
	l, err := NewLive(Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	line := func(b *strings.Builder, client, path string, status int) {
		fmt.Fprintf(b, "%s - - [01/Jun/2026:10:00:00 +0000] \"GET %s HTTP/1.1\" %d 1 \"-\" \"ua\"\n", client, path, status)
	}
	var first, second strings.Builder
	for range 3 {
		line(&first, "203.0.113.7", "/x", 503)
	}
	line(&first, "198.51.100.4", "/x", 500)
	line(&first, "198.51.100.4", "/x", 200)
	for range 2 {
		line(&second, "203.0.113.7", "/x", 503)
	}
	line(&second, "192.0.2.1", "/y", 503)
	line(&second, "192.0.2.1", "/y", 404)
	t0 := time.Unix(1_780_000_000, 0)
	if err := l.Feed(context.Background(), t0, ingest.Chunk{Name: "a.log", Data: []byte(first.String()), FirstLine: 1}); err != nil {
		t.Fatal(err)
	}
	if err := l.Feed(context.Background(), t0.Add(time.Minute), ingest.Chunk{Name: "a.log", Data: []byte(second.String()), FirstLine: 6}); err != nil {
		t.Fatal(err)
	}
	all := l.Recent(t0.Add(2*time.Minute), 5*time.Minute)
	if all.Lines != 9 {
		t.Errorf("%d lines read, want 9", all.Lines)
	}
	for name, c := range map[string]struct{ got, want []RecentCount }{
		"codes":     {all.Codes, []RecentCount{{"503", 6}, {"500", 1}}},
		"endpoints": {all.Endpoints, []RecentCount{{"/x", 6}, {"/y", 1}}},
		"clients":   {all.Clients, []RecentCount{{"203.0.113.7", 5}, {"192.0.2.1", 1}, {"198.51.100.4", 1}}},
	} {
		if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
			t.Errorf("%s over 5 minutes: %v, want %v", name, c.got, c.want)
		}
	}
	late := l.Recent(t0.Add(90*time.Second), 60*time.Second)
	if want := []RecentCount{{"203.0.113.7", 2}, {"192.0.2.1", 1}}; fmt.Sprint(late.Clients) != fmt.Sprint(want) {
		t.Errorf("clients over the last minute: %v, want %v", late.Clients, want)
	}
}

// TestLiveStatusesFollowTheMinutes: a live tally keeping requests per
// minute and status (a live page's filters read them) drops them with the
// minutes it drops, so that they always add up to the buckets: lines four
// days old are gone from both once lines of now come, 3 days being the
// longest window an alert rule judges.
func TestLiveStatusesFollowTheMinutes(t *testing.T) {
	l, err := NewLive(Options{Workers: 1, Statuses: true})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 6, 5, 12, 0, 30, 0, time.UTC)
	feed := func(at time.Time, n, status int) {
		t.Helper()
		line := fmt.Sprintf("192.0.2.9 - - [%s] \"GET /a HTTP/1.1\" %d 1\n", at.Format("02/Jan/2006:15:04:05 -0700"), status)
		if err := l.Feed(context.Background(), now, ingest.Chunk{Name: "a.log", Data: []byte(strings.Repeat(line, n)), FirstLine: 1}); err != nil {
			t.Fatal(err)
		}
	}
	feed(now.Add(-96*time.Hour), 5, 503)
	feed(now.Add(-time.Hour), 3, 200)
	feed(now, 2, 500)
	s := l.Summary(now)
	if !s.HasStatuses() {
		t.Fatal("the live summary kept no statuses")
	}
	byBucket := map[int64]int64{}
	var total int64
	for _, b := range s.StatusSeries() {
		byBucket[b.Start] += b.Requests
		total += b.Requests
		if b.Status == 503 {
			t.Errorf("the 503s of four days ago are still in bucket %d", b.Start)
		}
	}
	if total != 5 {
		t.Errorf("%d requests per status, want the 5 of the last hour", total)
	}
	for _, b := range s.Buckets {
		if n := b.Counts.Requests(); byBucket[b.Start] != n {
			t.Errorf("bucket %d: %d requests per status, %d in the bucket", b.Start, byBucket[b.Start], n)
		}
	}
}

// TestLiveFailingSeries: a live tally keeps who failed per bucket, fed a
// chunk at a time, in as few buckets as a run over the same span, and
// drops the buckets its minutes no longer reach.
func TestLiveFailingSeries(t *testing.T) {
	l, err := NewLive(Options{Workers: 1, Statuses: true})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	var now time.Time
	// One 503 an hour for 100 hours, from a client named by its hour,
	// each line a feed of its own.
	var all strings.Builder
	for h := range 100 {
		now = start.Add(time.Duration(h)*time.Hour + 90*time.Second)
		line := fmt.Sprintf("10.0.0.%d - - [%s] \"GET /a HTTP/1.1\" 503 1\n", h, now.Format("02/Jan/2006:15:04:05 -0700"))
		all.WriteString(line)
		if err := l.Feed(context.Background(), now, ingest.Chunk{Name: "a.log", Data: []byte(line), FirstLine: int64(h + 1)}); err != nil {
			t.Fatal(err)
		}
		if h == 10 {
			// Ten hours in, the buckets are an hour wide already.
			for _, b := range l.Summary(now).FailingSeries() {
				if b.End-b.Start != 3600 {
					t.Fatalf("after ten hours a bucket of %d s", b.End-b.Start)
				}
			}
		}
	}
	s := l.Summary(now)
	cut := now.Unix() - l.keep
	series := s.FailingSeries()
	hours := map[int64]bool{}
	for _, b := range series {
		if b.End <= cut {
			t.Errorf("bucket %+v ends before the minutes kept (from %d)", b, cut)
		}
		hours[b.Start] = true
		if b.Table == FailClients {
			h := (b.Start - start.Unix()) / 3600
			if b.Key != fmt.Sprintf("10.0.0.%d", h) || b.Bad != 1 {
				t.Errorf("hour %d: %s with %d bad requests, want 10.0.0.%d with 1", h, b.Key, b.Bad, h)
			}
		}
		if b.Table == FailAll && (len(b.Samples) != 1 || b.Samples[0].Line != (b.Start-start.Unix())/3600+1) {
			t.Errorf("bucket %d: lines %+v", b.Start, b.Samples)
		}
	}
	// The 503s of the hours the minutes reach: from the hour holding the cut.
	if want := (now.Unix()-(cut-cut%3600))/3600 + 1; int64(len(hours)) != want {
		t.Errorf("%d hours kept, want %d (keep %d s)", len(hours), want, l.keep)
	}
	// The same lines in one feed, as a log read from its start: the same
	// hours, not days.
	one, err := NewLive(Options{Workers: 1, Statuses: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := one.Feed(context.Background(), now, ingest.Chunk{Name: "a.log", Data: []byte(all.String()), FirstLine: 1}); err != nil {
		t.Fatal(err)
	}
	if got := one.Summary(now).FailingSeries(); !reflect.DeepEqual(got, series) {
		t.Errorf("fed at once, the series is\n%+v\nfed a line at a time\n%+v", got, series)
	}
}

// TestLiveDimsFollowTheMinutes: a live tally splits its requests by host
// and endpoint for as long as it keeps its minutes, in buckets that widen
// with the span kept, and the split of every bucket adds up to the
// bucket's requests; the hosts' requests are those the test wrote into the
// buckets kept.
func TestLiveDimsFollowTheMinutes(t *testing.T) {
	f, err := parse.Compile(`$host $remote_addr - - [$time_local] "$request" $status $body_bytes_sent`)
	if err != nil {
		t.Fatal(err)
	}
	l, err := NewLive(Options{Workers: 1, Format: f, Statuses: true, StatusDims: DimHost | DimEndpoint})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	type line struct {
		at   int64
		host string
	}
	var lines []line
	var now time.Time
	// Every 3 minutes for 100 hours, a feed of three lines: the cut, 72
	// hours behind the newest minute, falls on a minute with lines, in
	// the middle of an hour.
	for m := 0; m < 100*60; m += 3 {
		now = start.Add(time.Duration(m) * time.Minute)
		var b strings.Builder
		for i := range 3 {
			host := fmt.Sprintf("h%d.example", (m+i)%4)
			fmt.Fprintf(&b, "%s 192.0.2.%d - - [%s] \"GET /p%d HTTP/1.1\" %d 1\n", host, i, now.Format("02/Jan/2006:15:04:05 -0700"), m%5, []int{200, 404, 503}[i])
			lines = append(lines, line{now.Unix(), host})
		}
		if err := l.Feed(context.Background(), now, ingest.Chunk{Name: "a.log", Data: []byte(b.String()), FirstLine: 1}); err != nil {
			t.Fatal(err)
		}
		if m == 10*60 && l.t.dims.width != 300 {
			// Ten hours in, before any page since the first: the split
			// widened as the lines came, not a minute a row.
			t.Fatalf("ten hours in, the split is %d s wide, want 5 minutes", l.t.dims.width)
		}
		if m%(11*60) == 0 {
			l.Summary(now) // a page now and then, as a follow run writes
		}
	}
	s := l.Summary(now)
	series, err := s.DimSeries(DimHost | DimEndpoint)
	if err != nil {
		t.Fatal(err)
	}
	perBucket := map[int64]int64{}
	perHost := map[string]int64{}
	for _, r := range series {
		perBucket[r.Start] += r.Requests
		perHost[r.Host] += r.Requests
	}
	if len(s.Buckets) == 0 || s.Buckets[0].End-s.Buckets[0].Start != 3600 {
		t.Fatalf("buckets %+v, want an hour wide", s.Buckets[:min(1, len(s.Buckets))])
	}
	for _, b := range s.Buckets {
		if n := b.Counts.Requests(); perBucket[b.Start] != n {
			t.Errorf("bucket %d: %d requests split by host and endpoint, %d in the bucket", b.Start, perBucket[b.Start], n)
		}
		delete(perBucket, b.Start)
	}
	if len(perBucket) > 0 {
		t.Errorf("split requests in buckets the series does not have: %v", perBucket)
	}
	want := map[string]int64{}
	for _, ln := range lines {
		if ln.at >= s.Buckets[0].Start {
			want[ln.host]++
		}
	}
	if !reflect.DeepEqual(perHost, want) {
		t.Errorf("requests per host %v; the test wrote %v since %d", perHost, want, s.Buckets[0].Start)
	}
	if kept := s.Buckets[len(s.Buckets)-1].End - s.Buckets[0].Start; kept < l.keep || kept > l.keep+2*3600 {
		t.Errorf("%d s kept, want a little over %d", kept, l.keep)
	}
	// The split is kept an hour a bucket, as a run over 72 hours keeps
	// it, not a minute: a few rows per hour, host and endpoint.
	if d := l.t.dims; d.width != 3600 || len(d.rows) > 73*3*4*5 {
		t.Errorf("the split is kept %d s wide in %d rows", d.width, len(d.rows))
	}
}
