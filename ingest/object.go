package ingest

// Object storage: logs read straight from S3, GCS or Azure Blob Storage
// through gocloud.dev/blob, one API for all of them. A run lists each
// location once, then opens its objects by name as it opens files; the
// reading (streamed, retried, decompressed by magic bytes) is in
// object_read.go.
//
// S3 is always built in. The GCS and Azure drivers more than double the
// binary and the memory of every run, even one that reads no object, so
// they are built only with the tags slareport_gcs and slareport_azure
// (object_gcs.go, object_azure.go), which register their schemes.

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go/logging"
	"gocloud.dev/blob"
	"gocloud.dev/blob/s3blob"
	"gocloud.dev/gcerrors"
)

// objectSchemes are the URL schemes of object stores, as gocloud.dev names
// them, whether or not this build reads them.
var objectSchemes = []string{"s3", "gs", "azblob"}

// objectStore is a store this build may lack: its name and the build tag
// that adds its driver.
type objectStore struct{ name, tag string }

// optionalStores are the stores built only with their tag.
var optionalStores = map[string]objectStore{
	"gs":     {"Google Cloud Storage", "slareport_gcs"},
	"azblob": {"Azure Blob Storage", "slareport_azure"},
}

// builtStores are the schemes this build reads: s3, and those a tagged
// file registers with registerStore.
var builtStores = map[string]bool{"s3": true}

// registerStore marks scheme as read by this build; its driver registers
// itself with gocloud.dev/blob.
func registerStore(scheme string) { builtStores[scheme] = true }

// ErrStoreNotBuilt is the cause of ParseObjectURL's error for a URL of a
// store this build lacks.
var ErrStoreNotBuilt = errors.New("object store not built in")

// notBuiltError names the store a URL needs and how to build it in.
type notBuiltError struct {
	arg   string
	store objectStore
}

func (e *notBuiltError) Error() string {
	return fmt.Sprintf("%s: this slareport was built without %s; build it with: go install -tags %s github.com/slareport/slareport/cmd/slareport@latest", e.arg, e.store.name, e.store.tag)
}

func (e *notBuiltError) Unwrap() error { return ErrStoreNotBuilt }

// IsObjectURL reports whether arg names objects in a store (s3://, gs://,
// azblob://) rather than a local file.
func IsObjectURL(arg string) bool {
	scheme, _, ok := strings.Cut(arg, "://")
	return ok && slices.Contains(objectSchemes, scheme)
}

// ObjectURL is a parsed object-store location: a bucket and a key, a key
// prefix ending in "/" (every object under it), or a key pattern with
// *, ?, [...] within a path segment and ** over segments.
type ObjectURL struct {
	Scheme, Bucket string
	// Pattern is the key or key pattern, without the leading "/".
	Pattern string
}

// String returns the URL as it is written.
func (u ObjectURL) String() string { return u.Scheme + "://" + u.Bucket + "/" + u.Pattern }

// name returns the input name of the object with the given key.
func (u ObjectURL) name(key string) string { return u.Scheme + "://" + u.Bucket + "/" + key }

// ParseObjectURL parses an object-store URL such as s3://bucket/logs/ or
// s3://bucket/logs/**/*.log.gz. Endpoints and credentials come from each
// cloud's environment, not from the URL, so a query is refused. A URL of
// a store this build lacks is refused with an error wrapping
// ErrStoreNotBuilt that says which build tag adds it.
func ParseObjectURL(arg string) (ObjectURL, error) {
	o, err := parseObjectURL(arg)
	if err != nil {
		return o, err
	}
	if !builtStores[o.Scheme] {
		return ObjectURL{}, &notBuiltError{arg, optionalStores[o.Scheme]}
	}
	return o, nil
}

func parseObjectURL(arg string) (ObjectURL, error) {
	u, err := url.Parse(arg)
	if err != nil {
		return ObjectURL{}, fmt.Errorf("object URL %q: %w", arg, errors.Unwrap(err))
	}
	if !slices.Contains(objectSchemes, u.Scheme) {
		return ObjectURL{}, fmt.Errorf("object URL %q: scheme %q is not one of s3, gs, azblob", arg, u.Scheme)
	}
	if u.Host == "" {
		return ObjectURL{}, fmt.Errorf("object URL %q: no bucket", arg)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return ObjectURL{}, fmt.Errorf("object URL %q: no query, fragment or user is allowed (endpoints and credentials come from the environment)", arg)
	}
	o := ObjectURL{Scheme: u.Scheme, Bucket: u.Host, Pattern: strings.TrimPrefix(u.Path, "/")}
	for seg := range strings.SplitSeq(o.Pattern, "/") {
		if _, err := path.Match(seg, ""); err != nil {
			return ObjectURL{}, fmt.Errorf("object URL %q: bad pattern %q", arg, seg)
		}
	}
	return o, nil
}

// literalPrefix is the part of a pattern before its first metacharacter:
// the prefix to list.
func literalPrefix(pattern string) string {
	if i := strings.IndexAny(pattern, "*?[\\"); i >= 0 {
		return pattern[:i]
	}
	return pattern
}

// matchKey reports whether key matches pattern: segment by segment with
// path.Match, "**" standing for any number of segments. It takes time
// proportional to the product of the segment counts, however many "**"
// the pattern holds: a key from a listing may have hundreds of segments.
func matchKey(pattern, key string) bool {
	pat, segs := strings.Split(pattern, "/"), strings.Split(key, "/")
	// ok[j]: the pattern's segments so far match the key's first j.
	ok := make([]bool, len(segs)+1)
	ok[0] = true
	for _, p := range pat {
		next := make([]bool, len(segs)+1)
		for j := range ok {
			switch {
			case !ok[j]:
			case p == "**":
				for k := j; k <= len(segs); k++ {
					next[k] = true
				}
			case j < len(segs):
				if m, _ := path.Match(p, segs[j]); m {
					next[j+1] = true
				}
			}
		}
		ok = next
	}
	return ok[len(segs)]
}

// ObjectInfo is what a listing says of an object: its name (the URL of
// its key), its size in the store and its version (the ETag, or where a
// store gives none the MD5 or the modification time).
type ObjectInfo struct {
	Name string
	Size int64
	ETag string

	bucket *blob.Bucket
	key    string
}

// Objects are the object-store inputs of a run, listed once and opened by
// name. The zero value holds none; Close releases the buckets.
type Objects struct {
	// Retries is how often a transient failure (a dropped connection, a
	// 5xx) is retried, with a back-off doubling from Backoff, before the
	// run fails.
	Retries int
	Backoff time.Duration
	// Fetchers is how many objects Prefetch downloads at once.
	Fetchers int

	mu      sync.Mutex
	fetches map[string]*fetch       // downloads under way, by name, until OpenAt takes them
	buckets map[string]*blob.Bucket // by scheme://bucket
	byName  map[string]*ObjectInfo
}

// NewObjects returns an empty set of object inputs with the default
// retries: 5, from 200 ms (about 6 s in all), and 8 fetchers.
func NewObjects() *Objects {
	return &Objects{Retries: 5, Backoff: 200 * time.Millisecond, Fetchers: 8, buckets: map[string]*blob.Bucket{}, byName: map[string]*ObjectInfo{}}
}

// Has reports whether name is one of the listed objects.
func (o *Objects) Has(name string) bool {
	if o == nil {
		return false
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	_, ok := o.byName[name]
	return ok
}

// Info returns what the listing said of the object name.
func (o *Objects) Info(name string) (ObjectInfo, bool) {
	if o == nil {
		return ObjectInfo{}, false
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	in, ok := o.byName[name]
	if !ok {
		return ObjectInfo{}, false
	}
	return *in, true
}

// Close releases the buckets.
func (o *Objects) Close() error {
	if o == nil {
		return nil
	}
	var errs []error
	for _, b := range o.buckets {
		errs = append(errs, b.Close())
	}
	return errors.Join(errs...)
}

// Bucket opens (once) the bucket of u with the standard credentials of its
// cloud.
func (o *Objects) Bucket(ctx context.Context, u ObjectURL) (*blob.Bucket, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	k := u.Scheme + "://" + u.Bucket
	if b := o.buckets[k]; b != nil {
		return b, nil
	}
	b, err := OpenBucket(ctx, u)
	if err != nil {
		return nil, err
	}
	o.buckets[k] = b
	return b, nil
}

// OpenBucket opens the bucket of u. S3 takes its region, credentials and
// endpoint from the AWS environment and profiles (AWS_REGION,
// AWS_ACCESS_KEY_ID, AWS_ENDPOINT_URL, ...); an endpoint that is an IP
// address or localhost is addressed path-style, as S3-compatible servers
// there expect. GCS uses application default credentials, Azure its
// environment (AZURE_STORAGE_ACCOUNT, ...), in builds with their tags.
func OpenBucket(ctx context.Context, u ObjectURL) (*blob.Bucket, error) {
	if !builtStores[u.Scheme] {
		return nil, &notBuiltError{u.Scheme + "://" + u.Bucket, optionalStores[u.Scheme]}
	}
	if u.Scheme != "s3" {
		b, err := blob.OpenBucket(ctx, u.Scheme+"://"+u.Bucket)
		if err != nil {
			return nil, fmt.Errorf("open bucket %q: %w", u.Scheme+"://"+u.Bucket, err)
		}
		return b, nil
	}
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("open bucket %q: AWS configuration: %w", "s3://"+u.Bucket, err)
	}
	// The SDK logs its remarks (a response without a checksum) to stderr;
	// its errors reach us as errors.
	cfg.Logger = logging.Nop{}
	if cfg.Region == "" {
		cfg.Region = "us-east-1" // S3's own default; a bucket elsewhere needs AWS_REGION
	}
	client := s3.NewFromConfig(cfg, func(o *s3.Options) {
		if o.BaseEndpoint != nil && localEndpoint(*o.BaseEndpoint) {
			o.UsePathStyle = true
		}
	})
	b, err := s3blob.OpenBucket(ctx, client, u.Bucket, nil)
	if err != nil {
		return nil, fmt.Errorf("open bucket %q: %w", "s3://"+u.Bucket, err)
	}
	return b, nil
}

// localEndpoint reports whether an endpoint URL's host is an IP address or
// localhost: such a server has no DNS name per bucket.
func localEndpoint(endpoint string) bool {
	u, err := url.Parse(endpoint)
	if err != nil {
		return false
	}
	h := u.Hostname()
	return h == "localhost" || strings.HasSuffix(h, ".localhost") || net.ParseIP(h) != nil
}

// List finds the objects u names, adds them to o and returns their names
// in key order: the one object of a plain key, every object under a
// prefix ending in "/" (or the whole bucket), or the objects whose keys
// match a pattern, which must match at least one. Keys ending in "/" are
// folder markers, not logs.
func (o *Objects) List(ctx context.Context, u ObjectURL) ([]string, error) {
	b, err := o.Bucket(ctx, u)
	if err != nil {
		return nil, err
	}
	if u.Pattern != "" && !strings.HasSuffix(u.Pattern, "/") && literalPrefix(u.Pattern) == u.Pattern {
		return o.single(ctx, b, u)
	}
	prefix := literalPrefix(u.Pattern)
	glob := prefix != u.Pattern
	var infos []*ObjectInfo
	it := b.List(&blob.ListOptions{Prefix: prefix})
	for {
		obj, err := it.Next(ctx)
		if err != nil {
			if err == io.EOF {
				break
			}
			if gcerrors.Code(err) == gcerrors.NotFound {
				return nil, fmt.Errorf("list %q: bucket not found", u.String())
			}
			return nil, fmt.Errorf("list %q: %w", u.String(), objectError(err))
		}
		if obj.IsDir || strings.HasSuffix(obj.Key, "/") || glob && !matchKey(u.Pattern, obj.Key) {
			continue
		}
		infos = append(infos, &ObjectInfo{Name: u.name(obj.Key), Size: obj.Size, ETag: listETag(obj), bucket: b, key: obj.Key})
	}
	if len(infos) == 0 {
		return nil, fmt.Errorf("no objects match %q", u.String())
	}
	slices.SortFunc(infos, func(a, b *ObjectInfo) int { return strings.Compare(a.key, b.key) })
	return o.add(infos), nil
}

// single looks up the one object a plain key names.
func (o *Objects) single(ctx context.Context, b *blob.Bucket, u ObjectURL) ([]string, error) {
	a, err := b.Attributes(ctx, u.Pattern)
	if err != nil {
		err = objectError(err)
		if gcerrors.Code(err) == gcerrors.NotFound {
			if ok, _ := hasPrefix(ctx, b, u.Pattern+"/"); ok {
				err = fmt.Errorf("%w (it is a prefix: end it with / to read the objects under it)", err)
			}
		}
		return nil, fmt.Errorf("open %q: %w", u.String(), err)
	}
	etag := a.ETag
	if etag == "" {
		etag = versionOf(a.MD5, a.ModTime)
	}
	return o.add([]*ObjectInfo{{Name: u.String(), Size: a.Size, ETag: etag, bucket: b, key: u.Pattern}}), nil
}

func hasPrefix(ctx context.Context, b *blob.Bucket, prefix string) (bool, error) {
	objs, _, err := b.ListPage(ctx, blob.FirstPageToken, 1, &blob.ListOptions{Prefix: prefix})
	return len(objs) > 0, err
}

func (o *Objects) add(infos []*ObjectInfo) []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	names := make([]string, len(infos))
	for i, in := range infos {
		names[i] = in.Name
		if _, ok := o.byName[in.Name]; !ok {
			o.byName[in.Name] = in
		}
	}
	return names
}

// listETag returns the version of a listed object: S3's ETag, else the
// MD5 or the modification time.
func listETag(obj *blob.ListObject) string {
	var s3obj types.Object
	if obj.As(&s3obj) && s3obj.ETag != nil {
		return *s3obj.ETag
	}
	return versionOf(obj.MD5, obj.ModTime)
}

func versionOf(md5 []byte, mod time.Time) string {
	if len(md5) > 0 {
		return "md5:" + hex.EncodeToString(md5)
	}
	return "modified:" + mod.UTC().Format(time.RFC3339Nano)
}
