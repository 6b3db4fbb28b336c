package ingest_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"

	"strings"
	"testing"
	"time"

	"github.com/slareport/slareport/ingest"
	"github.com/slareport/slareport/internal/s3test"
)

func TestParseObjectURL(t *testing.T) {
	cases := []struct {
		arg, bucket, pattern, err string
	}{
		{"s3://logs/alb/2026/", "logs", "alb/2026/", ""},
		{"s3://logs", "logs", "", ""},
		{"s3://c/**/*.gz", "c", "**/*.gz", ""},
		{"s3:///k", "", "", "no bucket"},
		{"s3://b/k?region=eu-west-1", "", "", "no query"},
		{"s3://b/[a-.log", "", "", "bad pattern"},
		{"ftp://b/k", "", "", "not one of s3, gs, azblob"},
	}
	for _, tc := range cases {
		t.Run(tc.arg, func(t *testing.T) {
			u, err := ingest.ParseObjectURL(tc.arg)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || u.Bucket != tc.bucket || u.Pattern != tc.pattern {
				t.Fatalf("%+v, %v; want bucket %q pattern %q", u, err, tc.bucket, tc.pattern)
			}
		})
	}
}

// TestObjectsThroughVersitygw lists and reads objects from a real S3
// server: globs over keys in key order, "**" across folders, and the
// decompressed bytes equal to the files'.
func TestObjectsThroughVersitygw(t *testing.T) {
	srv := s3test.Start(t)
	s3test.SetEnv(t, srv.Endpoint)
	srv.Bucket(t, "logs")
	plain := []byte("line one\nline two\n")
	srv.Put(t, "logs", "alb/2026/01/b.log", plain)
	srv.Put(t, "logs", "alb/2026/01/a.log.gz", gzBytes(plain))
	srv.Put(t, "logs", "alb/2026/02/c.log.gz", gzBytes(plain))
	srv.Put(t, "logs", "alb/2026/02/c.txt", plain)
	srv.Put(t, "logs", "other/d.log", plain)

	cases := []struct {
		url  string
		want []string
	}{
		{"s3://logs/alb/", []string{"alb/2026/01/a.log.gz", "alb/2026/01/b.log", "alb/2026/02/c.log.gz", "alb/2026/02/c.txt"}},
		{"s3://logs/alb/2026/*/*.gz", []string{"alb/2026/01/a.log.gz", "alb/2026/02/c.log.gz"}},
		{"s3://logs/**/*.log", []string{"alb/2026/01/b.log", "other/d.log"}},
		{"s3://logs/other/d.log", []string{"other/d.log"}},
	}
	for _, tc := range cases {
		t.Run(tc.url, func(t *testing.T) {
			objs := ingest.NewObjects()
			defer objs.Close()
			u, err := ingest.ParseObjectURL(tc.url)
			if err != nil {
				t.Fatal(err)
			}
			names, err := objs.List(context.Background(), u)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, k := range tc.want {
				want = append(want, "s3://logs/"+k)
			}
			if strings.Join(names, " ") != strings.Join(want, " ") {
				t.Fatalf("listed %q, want %q", names, want)
			}
			for _, n := range names {
				if got := readObject(t, objs, n); !bytes.Equal(got, plain) {
					t.Fatalf("%s read %q, want %q", n, got, plain)
				}
			}
		})
	}
	objs := ingest.NewObjects()
	u, _ := ingest.ParseObjectURL("s3://logs/alb/*.zst")
	if _, err := objs.List(context.Background(), u); err == nil || !strings.Contains(err.Error(), `no objects match "s3://logs/alb/*.zst"`) {
		t.Fatalf("a pattern matching nothing: %v", err)
	}
	u, _ = ingest.ParseObjectURL("s3://logs/alb")
	if _, err := objs.List(context.Background(), u); err == nil || !strings.Contains(err.Error(), `open "s3://logs/alb": object not found (it is a prefix`) {
		t.Fatalf("a prefix without its slash: %v", err)
	}
}

// TestObjectRetriesDroppedConnections: a proxy breaks the first downloads
// mid-object; the reader opens the object again where it stopped and the
// bytes come out whole. When no byte gets through, the retries run out
// and the read fails naming the object.
func TestObjectRetriesDroppedConnections(t *testing.T) {
	srv := s3test.Start(t)
	srv.Bucket(t, "logs")
	var data []byte
	for i := range 20000 {
		data = fmt.Appendf(data, "192.0.2.%d - - [01/Aug/2026:00:00:00 +0000] \"GET /%d HTTP/1.1\" 200 %d\n", i%256, i*7919, i)
	}
	srv.Put(t, "logs", "a.log.gz", gzBytes(data))

	drop := srv.Drop(t, 3, 10000)
	s3test.SetEnv(t, drop.URL)
	objs := ingest.NewObjects()
	objs.Backoff = 10 * time.Millisecond
	u, _ := ingest.ParseObjectURL("s3://logs/a.log.gz")
	names, err := objs.List(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	if got := readObject(t, objs, names[0]); !bytes.Equal(got, data) {
		t.Fatalf("read %d bytes, want %d", len(got), len(data))
	}
	if d, g := drop.Dropped.Load(), drop.Gets.Load(); d != 3 || g != 4 {
		t.Fatalf("%d downloads broken of %d; want 3 of 4 (one per retry)", d, g)
	}

	// A server that breaks every download before its first byte: no
	// progress, so the retries run out.
	drop = srv.Drop(t, 100, 0)
	s3test.SetEnv(t, drop.URL)
	objs = ingest.NewObjects()
	objs.Backoff, objs.Retries = time.Millisecond, 2
	if _, err := objs.List(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	// The gzip header is read on opening: that is where it fails.
	in, err := objs.OpenAt(context.Background(), "s3://logs/a.log.gz", nil, ingest.Resume{})
	if err == nil {
		_, err = io.Copy(io.Discard, in)
		in.Close()
	}
	if err == nil || err.Error() != `read "s3://logs/a.log.gz": unexpected EOF` || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("error %v, want a read error naming the object", err)
	}
	if g := drop.Gets.Load(); g != 3 {
		t.Fatalf("%d downloads, want 3 (the first and 2 retries)", g)
	}
}

func readObject(t *testing.T, objs *ingest.Objects, name string) []byte {
	t.Helper()
	in, err := objs.OpenAt(context.Background(), name, nil, ingest.Resume{})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	b, err := io.ReadAll(in)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func gzBytes(b []byte) []byte {
	var z bytes.Buffer
	w := gzip.NewWriter(&z)
	w.Write(b)
	w.Close()
	return z.Bytes()
}
