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

// FuzzTailFieldsEnd: when TailFieldsEnd says the referer and user agent
// end at end, any bytes after tail[:end] leave what SplitTail reads as it
// is: the tails' cache relies on it to count a line under another line's
// fields when their heads are the same.
func FuzzTailFieldsEnd(f *testing.F) {
	for _, s := range []string{
		`"-" "curl/8.0"`, `"-" "curl/8.0" 0.123`, `"https://a.example/" "Mozilla/5.0 (\"x\")" 0.1 0.2`,
		`"-" curl 0.1`, `- - 0.1`, `"-"`, `"-" "unterminated`, `"a\\" "b"`, `"-" "ua" "10.0.0.1"`, ``,
	} {
		f.Add([]byte(s), []byte(` 9.9 "x"`))
	}
	f.Fuzz(func(t *testing.T, tail, suffix []byte) {
		end, ok := TailFieldsEnd(tail)
		if end < 0 || end > len(tail) {
			t.Fatalf("end %d of %d bytes", end, len(tail))
		}
		if !ok {
			return
		}
		ref, ua := SplitTail(tail)
		other := append(append([]byte(nil), tail[:end]...), suffix...)
		if r2, u2 := SplitTail(other); !bytes.Equal(ref, r2) || !bytes.Equal(ua, u2) {
			t.Fatalf("%q reads %q %q, %q reads %q %q", tail, ref, ua, other, r2, u2)
		}
	})
}

// TestTailFieldsEnd: where the two fields end, by hand.
func TestTailFieldsEnd(t *testing.T) {
	for _, tc := range []struct {
		tail string
		end  int
		ok   bool
	}{
		{`"-" "curl/8.0"`, 14, true},
		{`"-" "curl/8.0" 0.123`, 14, true},
		{`"-" "a \" b" 0.1`, 12, true},
		{`"-" curl 0.1`, 9, true}, // past the space after an unquoted agent
		{`"-" curl`, 8, false},    // an unquoted agent at the end could go on
		{`"-"`, 3, false},         // no agent: one could follow
		{`"-" "open`, 9, false},   // no closing quote
		{``, 0, false},
	} {
		if end, ok := TailFieldsEnd([]byte(tc.tail)); end != tc.end || ok != tc.ok {
			t.Errorf("%q: %d %v, want %d %v", tc.tail, end, ok, tc.end, tc.ok)
		}
	}
}
