package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"
	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"
)

// Check returns the error Open would return for path before anything is
// read, as the package's Check does; the listed objects exist.
func (o *Objects) Check(path string) error {
	if o.Has(path) {
		return nil
	}
	return Check(path)
}

// OpenAt opens path as the package's OpenAt does, or, when it is one of
// the listed objects, streams the object from the store (from its
// download, when Prefetch started one): never whole in memory, decompressed by its magic bytes as a file is, retrying a
// transient failure from where it stopped. Objects are read from their
// start (they do not grow: a changed object is a new version).
func (o *Objects) OpenAt(ctx context.Context, path string, stdin io.Reader, res Resume) (*Input, error) {
	info, ok := o.Info(path)
	if !ok {
		return OpenAt(path, stdin, res)
	}
	var r io.ReadCloser
	if f := o.takeFetch(path); f != nil {
		r = &fetchReader{f: f}
	} else {
		or := &objectReader{ctx: ctx, info: info, retries: o.Retries, backoff: o.Backoff}
		if err := or.open(); err != nil {
			return nil, fmt.Errorf("open %q: %w", path, err)
		}
		r = or
	}
	in, err := FromReader(path, r)
	if err != nil {
		r.Close()
		return nil, err
	}
	dec := in.dec
	in.dec = func() {
		if dec != nil {
			dec()
		}
		r.Close()
	}
	in.size, in.etag = info.Size, info.ETag
	return in, nil
}

// objectReader streams an object. A read that fails on a transient error
// (the connection dropped, the server said 5xx) opens the object again at
// the byte it stopped, after a back-off, up to retries times without
// progress; the version read must still be the one listed.
type objectReader struct {
	ctx     context.Context
	info    ObjectInfo
	retries int
	backoff time.Duration

	r     *blob.Reader
	off   int64 // bytes of the object read
	tries int   // failures since the last byte read
}

func (r *objectReader) open() error {
	for {
		err := r.openOnce()
		if err == nil {
			return nil
		}
		if !r.retry(err) {
			return err
		}
	}
}

func (r *objectReader) openOnce() error {
	opts := &blob.ReaderOptions{BeforeRead: r.pin}
	br, err := r.info.bucket.NewRangeReader(r.ctx, r.info.key, r.off, -1, opts)
	if err != nil {
		return objectError(err)
	}
	if br.Size() != r.info.Size {
		br.Close()
		return fmt.Errorf("object changed while read: %d bytes, listed as %d", br.Size(), r.info.Size)
	}
	r.r = br
	return nil
}

// pin asks S3 for the listed version only (If-Match), so that a retry
// cannot splice two versions of an object.
func (r *objectReader) pin(as func(any) bool) error {
	var in *s3.GetObjectInput
	if as(&in) && len(r.info.ETag) > 0 && r.info.ETag[0] == '"' {
		in.IfMatch = &r.info.ETag
	}
	return nil
}

// retry reports whether a failure is worth another try, and waits the
// back-off if so.
func (r *objectReader) retry(err error) bool {
	if r.tries >= r.retries || !transient(err) || r.ctx.Err() != nil {
		return false
	}
	wait := r.backoff << r.tries
	r.tries++
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.ctx.Done():
		return false
	}
}

func (r *objectReader) Read(p []byte) (int, error) {
	for {
		if r.r == nil {
			if err := r.open(); err != nil {
				return 0, err
			}
		}
		n, err := r.r.Read(p)
		r.off += int64(n)
		if n > 0 {
			r.tries = 0
		}
		if err == io.EOF && r.off < r.info.Size {
			err = io.ErrUnexpectedEOF // the body ended early: the connection broke
		}
		if err == nil || err == io.EOF {
			return n, err
		}
		r.r.Close()
		r.r = nil
		if n > 0 {
			return n, nil // the next Read reopens
		}
		if !r.retry(err) {
			return 0, objectError(err)
		}
	}
}

// Close closes the current connection.
func (r *objectReader) Close() error {
	if r.r == nil {
		return nil
	}
	err := r.r.Close()
	r.r = nil
	return err
}

// transient reports whether err may go away on its own: a network failure
// or a server error, not a missing object or a refusal.
func transient(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	switch gcerrors.Code(err) {
	case gcerrors.NotFound, gcerrors.PermissionDenied, gcerrors.InvalidArgument, gcerrors.FailedPrecondition, gcerrors.Unimplemented:
		return false
	}
	var ne net.Error
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.As(err, &ne) || gcerrors.Code(err) != gcerrors.OK
}

// objectError shortens a store's error for the common cases, keeping the
// store's own message behind it (errors.Unwrap) for the rest.
func objectError(err error) error {
	switch gcerrors.Code(err) {
	case gcerrors.NotFound:
		return &storeError{"object not found", err}
	case gcerrors.PermissionDenied:
		return &storeError{"access denied (check the credentials the environment gives)", err}
	case gcerrors.FailedPrecondition:
		return &storeError{"object changed since it was listed", err}
	case gcerrors.OK:
		return err
	}
	// gocloud.dev's wrapper repeats the key the caller names already; its
	// first cause is the store's or the network's error.
	if m, ok := err.(interface{ Unwrap() []error }); ok {
		if causes := m.Unwrap(); len(causes) > 0 && causes[0] != nil {
			return causes[0]
		}
	}
	return err
}

// storeError is a store's error under a short message.
type storeError struct {
	msg string
	err error
}

func (e *storeError) Error() string { return e.msg }
func (e *storeError) Unwrap() error { return e.err }
