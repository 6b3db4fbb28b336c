package parse

import (
	"bytes"
	"os"
	"testing"
)

// sameHead compares what a lean parser must still read: everything up to
// and including the response size.
func sameHead(a, b *Record) bool {
	return a.Status == b.Status && a.Time == b.Time && a.HasTime == b.HasTime && a.BadTime == b.BadTime &&
		a.Bytes == b.Bytes && bytes.Equal(a.Remote, b.Remote) && bytes.Equal(a.User, b.User) &&
		bytes.Equal(a.Method, b.Method) && bytes.Equal(a.Path, b.Path) && bytes.Equal(a.Proto, b.Proto)
}

// TestLeanParserAgrees runs the real logs through both parsers: the lean
// one must accept and reject the same lines and read the same head, and
// leave the tail it skips empty, but for its raw bytes, from which
// SplitTail reads what the full parser read.
func TestLeanParserAgrees(t *testing.T) {
	for _, file := range []string{"real/elastic-apache_logs.log", "real/lnav-shop_access.log", "real/nasa-small.log"} {
		data, err := os.ReadFile(sharedData(t, file))
		if err != nil {
			t.Fatal(err)
		}
		full, lean := Combined.NewParser(), Combined.NewLeanParser()
		var a, b Record
		for i, line := range bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n")) {
			ea, eb := full.Parse(line, &a), lean.Parse(line, &b)
			if (ea == nil) != (eb == nil) || !sameHead(&a, &b) {
				t.Fatalf("%s:%d: full %v %+v, lean %v %+v", file, i+1, ea, a, eb, b)
			}
			if eb == nil && (b.Referer != nil || b.UserAgent != nil || b.Extra != 0) {
				t.Fatalf("%s:%d: the lean parser read the tail", file, i+1)
			}
			if eb == nil {
				ref, ua := SplitTail(b.Tail)
				if !bytes.Equal(ref, a.Referer) || !bytes.Equal(ua, a.UserAgent) {
					t.Fatalf("%s:%d: SplitTail read %q %q, the full parser %q %q", file, i+1, ref, ua, a.Referer, a.UserAgent)
				}
			}
		}
	}
	// Formats without a lean variant hand out their full parser.
	var r Record
	line := []byte(`2026-11-02T10:00:00Z 200 GET /x`)
	f, err := Compile(`$time_iso8601 $status $request_method $request_uri`)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.NewLeanParser().Parse(line, &r); err != nil || r.Status != 200 || string(r.Path) != "/x" {
		t.Errorf("compiled format through NewLeanParser: %v %+v", err, r)
	}
}

// FuzzLeanAgrees: on any line, the lean parser fails exactly when the
// full one does and reads the same head, and SplitTail reads the referer
// and user agent the full one does from what it left.
func FuzzLeanAgrees(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		var a, b Record
		ea := Combined.NewParser().Parse(line, &a)
		eb := Combined.NewLeanParser().Parse(line, &b)
		if (ea == nil) != (eb == nil) || ea == nil && !sameHead(&a, &b) {
			t.Fatalf("full %v %+v, lean %v %+v", ea, a, eb, b)
		}
		if ref, ua := SplitTail(b.Tail); eb == nil && (!bytes.Equal(ref, a.Referer) || !bytes.Equal(ua, a.UserAgent)) {
			t.Fatalf("SplitTail read %q %q, the full parser %q %q", ref, ua, a.Referer, a.UserAgent)
		}
	})
}
