// Package s3test starts a real S3-compatible server for tests: versitygw
// (Apache-2.0, pure Go) serving a temporary folder, whose sub-folders are
// buckets. .ci/run builds it into .ci/bin; a test skips with a message
// where it is neither there nor on PATH.
package s3test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// The server's keys.
const (
	AccessKey = "slareport-test"
	SecretKey = "slareport-test-secret"
)

// Server is a running versitygw.
type Server struct {
	// Endpoint is the server's URL, http://127.0.0.1:PORT.
	Endpoint string
	// Dir is the folder it serves.
	Dir    string
	client *s3.Client
}

// binary finds versitygw: in .ci/bin above the test's folder, else on PATH.
func binary() (string, error) {
	dir, _ := os.Getwd()
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			p := filepath.Join(d, ".ci", "bin", "versitygw")
			if _, err := os.Stat(p); err == nil {
				return p, nil
			}
			break
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	return exec.LookPath("versitygw")
}

// Start runs versitygw on a free loopback port until the test ends. It
// skips the test when versitygw is not installed.
func Start(t testing.TB) *Server {
	t.Helper()
	bin, err := binary()
	if err != nil {
		t.Skip("versitygw is not installed: .ci/run builds it into .ci/bin (go install github.com/versity/versitygw/cmd/versitygw@v1.8.0)")
	}
	dir := t.TempDir()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	cmd := exec.Command(bin, "--port", addr, "posix", dir)
	cmd.Env = append(os.Environ(), "ROOT_ACCESS_KEY="+AccessKey, "ROOT_SECRET_KEY="+SecretKey)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	for deadline := time.Now().Add(20 * time.Second); ; {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("versitygw did not listen on %s: %s", addr, log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	s := &Server{Endpoint: "http://" + addr, Dir: dir}
	s.client = s3.New(s3.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(s.Endpoint),
		UsePathStyle: true,
		Credentials:  credentials.NewStaticCredentialsProvider(AccessKey, SecretKey, ""),
	})
	return s
}

// Env returns the environment a slareport process needs to reach the
// server at endpoint (the server's, or a proxy's in front of it), as the
// AWS SDK reads it.
func Env(endpoint string) []string {
	return []string{
		"AWS_ACCESS_KEY_ID=" + AccessKey, "AWS_SECRET_ACCESS_KEY=" + SecretKey,
		"AWS_REGION=us-east-1", "AWS_ENDPOINT_URL=" + endpoint,
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_EC2_METADATA_DISABLED=true",
	}
}

// SetEnv sets Env(endpoint) in this process for the test.
func SetEnv(t *testing.T, endpoint string) {
	for _, kv := range Env(endpoint) {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
}

// Bucket creates a bucket.
func (s *Server) Bucket(t testing.TB, name string) {
	t.Helper()
	if _, err := s.client.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(name)}); err != nil {
		t.Fatalf("create bucket %s: %v", name, err)
	}
}

// Put uploads an object through the S3 API.
func (s *Server) Put(t testing.TB, bucket, key string, data []byte) {
	t.Helper()
	_, err := s.client.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(data)})
	if err != nil {
		t.Fatalf("put s3://%s/%s: %v", bucket, key, err)
	}
}

// Get downloads an object through the S3 API.
func (s *Server) Get(t testing.TB, bucket, key string) []byte {
	t.Helper()
	out, err := s.client.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		t.Fatalf("get s3://%s/%s: %v", bucket, key, err)
	}
	defer out.Body.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(out.Body); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Keys lists the keys of a bucket under prefix.
func (s *Server) Keys(t testing.TB, bucket, prefix string) []string {
	t.Helper()
	out, err := s.client.ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range out.Contents {
		keys = append(keys, aws.ToString(o.Key))
	}
	return keys
}

// Dropper is a proxy in front of the server that breaks the first Drops
// object downloads (GET requests with a body) after Cut bytes: the
// connection closes mid-object, as a flaky network or a restarting load
// balancer does.
type Dropper struct {
	URL     string
	Dropped atomic.Int64 // downloads broken so far
	Gets    atomic.Int64 // object downloads seen
}

// Drop starts a Dropper in front of s until the test ends.
func (s *Server) Drop(t testing.TB, drops, cut int) *Dropper {
	t.Helper()
	target, _ := url.Parse(s.Endpoint)
	proxy := httputil.NewSingleHostReverseProxy(target) // keeps the signed Host header
	d := &Dropper{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// An object GET has a key after the bucket; a listing does not.
		object := r.Method == http.MethodGet && strings.Count(strings.Trim(r.URL.Path, "/"), "/") >= 1 && !r.URL.Query().Has("list-type")
		if !object {
			proxy.ServeHTTP(w, r)
			return
		}
		d.Gets.Add(1)
		if d.Dropped.Load() >= int64(drops) {
			proxy.ServeHTTP(w, r)
			return
		}
		d.Dropped.Add(1)
		proxy.ServeHTTP(&cutter{ResponseWriter: w, left: cut}, r)
	}))
	t.Cleanup(srv.Close)
	d.URL = srv.URL
	return d
}

// cutter passes a response through until left bytes of body are written,
// then aborts the connection.
type cutter struct {
	http.ResponseWriter
	left int
}

func (c *cutter) Write(p []byte) (int, error) {
	if len(p) < c.left {
		c.left -= len(p)
		return c.ResponseWriter.Write(p)
	}
	c.ResponseWriter.Write(p[:c.left])
	c.ResponseWriter.(http.Flusher).Flush()
	panic(http.ErrAbortHandler)
}

// String names the server for messages.
func (s *Server) String() string { return fmt.Sprintf("versitygw at %s", s.Endpoint) }
