package aggregate

import (
	"bytes"
	"testing"
)

// FuzzSplitPath checks the word-at-a-time cut against bytes.IndexAny, and
// that the hash depends on the path alone: the same with or without a
// query, and different for paths that differ (a collision among the few
// paths of one input would be a poor hash).
func FuzzSplitPath(f *testing.F) {
	for _, s := range []string{"", "/", "?", "#", "/a?b", "/abcdefg?", "/abcdefgh?x", "/abcdefgh#",
		"/api/v1/orders/86311", "/api/v2/events?since=86884", "/docs/api/v1/errors#rate-limits",
		"/a\x00b?", "??", "/\xff\xfe#x?y"} {
		f.Add([]byte(s), []byte("q=1"))
	}
	f.Fuzz(func(t *testing.T, target, query []byte) {
		want := target
		if i := bytes.IndexAny(target, "?#"); i >= 0 {
			want = target[:i]
		}
		path, h := splitPath(target)
		if !bytes.Equal(path, want) || (len(path) > 0 && &path[0] != &target[0]) {
			t.Fatalf("splitPath(%q) = %q, want %q", target, path, want)
		}
		if _, h2 := splitPath(path); h2 != h {
			t.Fatalf("hash of %q is %x alone, %x from %q", path, h2, h, target)
		}
		withQuery := append(append(bytes.Clone(path), '?'), query...)
		if _, h3 := splitPath(withQuery); h3 != h {
			t.Fatalf("hash of %q is %x, %x from %q", path, h, h3, withQuery)
		}
		// Every prefix and every one-byte change of the path hashes
		// differently.
		for n := range len(path) {
			if _, hp := splitPath(path[:n]); hp == h {
				t.Fatalf("%q and its prefix %q hash alike", path, path[:n])
			}
		}
		for i := range path {
			p := bytes.Clone(path)
			p[i] ^= 0x20
			if q, hq := splitPath(p); bytes.Equal(q, p) && hq == h {
				t.Fatalf("%q and %q hash alike", path, p)
			}
		}
	})
}

// TestPathCache checks that a cached path gives back its stats, that a
// path sharing the slot replaces it, and that reset forgets everything.
func TestPathCache(t *testing.T) {
	var c pathCache
	a, ha := splitPath([]byte("/a"))
	if c.get(a, ha) != nil {
		t.Fatal("empty cache returned stats")
	}
	ka, kb := &keyStat{}, &keyStat{}
	c.put(a, ha, ka)
	if c.get(a, ha) != ka {
		t.Fatal("cached path not found")
	}
	// A different path with the same slot (forced: same hash) must not
	// be taken for the cached one.
	if c.get([]byte("/b"), ha) != nil {
		t.Fatal("different path with the same hash returned the cached stats")
	}
	c.put([]byte("/b"), ha, kb)
	if c.get(a, ha) != nil || c.get([]byte("/b"), ha) != kb {
		t.Fatal("slot not taken over")
	}
	c.reset()
	if c.get([]byte("/b"), ha) != nil {
		t.Fatal("reset kept a path")
	}
}

// TestShortWord checks the overlapping loads against a byte loop for every
// length they serve.
func TestShortWord(t *testing.T) {
	b := []byte("\x01\x82\x03\xf4\x05\x06\xa7")
	for n := range len(b) + 1 {
		var want uint64
		for j := n - 1; j >= 0; j-- {
			want = want<<8 | uint64(b[j])
		}
		if got := shortWord(b[:n]); got != want {
			t.Errorf("shortWord(%x) = %x, want %x", b[:n], got, want)
		}
	}
}

// FuzzDirCache checks that collapsing a path's directory from the cache
// gives the key collapsing it in full gives, one cache serving every
// input so that slots are taken over: paths alone, joined, and sharing a
// directory with different last segments (two-hex shards among them).
func FuzzDirCache(f *testing.F) {
	for _, s := range []string{"/api/v1/orders/86311", "/t/100x100/d4/4e/27d97b5d7f0d60b24251e1cef181.jpeg",
		"/blog/geekery/xdotool-2.20110530.html", "/invoices/INV-2024-000123.pdf", "/a/ff/94/b", "/ff/ab",
		"/blog/", "//x", "http://example.com/a/1234", "/a?b/c", "/x.y.z/1234.tar.gz/"} {
		f.Add([]byte(s), []byte("/ab/cd"))
	}
	var dirs dirCache
	f.Fuzz(func(t *testing.T, a, b []byte) {
		ab := append(bytes.Clone(a), b...)
		for _, target := range [][]byte{a, b, ab, append(bytes.Clone(b), a...), a} {
			path, _ := splitPath(target)
			want := appendEndpoint(nil, path, nil)
			if got := appendEndpointVia(nil, path, nil, &dirs); !bytes.Equal(got, want) {
				t.Fatalf("%q: %q from the cache, %q in full", path, got, want)
			}
		}
	})
}
