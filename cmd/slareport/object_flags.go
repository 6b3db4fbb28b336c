package main

import (
	"fmt"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/ingest"
)

// objectFlags read logs straight from object storage: arguments that are
// s3://, gs:// or azblob:// URLs are listed once and streamed. gs:// and
// azblob:// need a build with their tags; without them such a URL is a
// usage error that names the tag.
type objectFlags struct {
	Fetchers int `default:"8" placeholder:"N" help:"Objects downloaded at once, ahead of the parse workers, from s3:// (gs://, azblob://) inputs (1 to 64); the report is the same for any N."`

	objects *ingest.Objects // the listed objects, nil when no argument is a URL
	seen    map[string]bool // names of the objects listed
}

// maxFetchers bounds --fetchers: each fetcher holds a connection and
// decompression buffers.
const maxFetchers = 64

func (f *objectFlags) validate() error {
	if f.Fetchers < 1 || f.Fetchers > maxFetchers {
		return fmt.Errorf("--fetchers must be from 1 to %d, not %d", maxFetchers, f.Fetchers)
	}
	return nil
}

// expand turns the arguments into the run's inputs, in order: a URL into
// the keys it names (sorted), anything else as ingest.Expand does. Each
// URL is parsed once here; the run finds its objects by name.
func (f *objectFlags) expand(e *env, args []string) ([]string, error) {
	var out, local []string
	flush := func() error {
		if len(local) == 0 {
			return nil
		}
		paths, err := ingest.Expand(local)
		out, local = append(out, paths...), nil
		return err
	}
	for _, arg := range args {
		if !ingest.IsObjectURL(arg) {
			local = append(local, arg)
			continue
		}
		if err := flush(); err != nil {
			return nil, inputError(err)
		}
		u, err := ingest.ParseObjectURL(arg)
		if err != nil {
			return nil, usageError(err)
		}
		if f.objects == nil {
			f.objects = ingest.NewObjects()
		}
		names, err := f.objects.List(e.ctx, u)
		if err != nil {
			return nil, inputError(err)
		}
		out = append(out, f.once(e, names)...)
	}
	if err := flush(); err != nil {
		return nil, inputError(err)
	}
	return out, nil
}

// once drops the objects an earlier URL already named, and says so, as
// readOnce does for files: two globs over one prefix would count their
// requests twice.
func (f *objectFlags) once(e *env, names []string) []string {
	if f.seen == nil {
		f.seen = map[string]bool{}
	}
	kept := names[:0]
	for _, n := range names {
		if f.seen[n] {
			fmt.Fprintf(e.stderr, "slareport: %q given twice: read once\n", n)
			continue
		}
		f.seen[n] = true
		kept = append(kept, n)
	}
	return kept
}

// apply lets the run open the listed objects, downloading Fetchers at a
// time ahead of the readers.
func (f *objectFlags) apply(opt *aggregate.Options) {
	if f.objects != nil {
		f.objects.Fetchers = f.Fetchers
		opt.Objects = f.objects
	}
}

// close releases the buckets.
func (f *objectFlags) close() {
	if f.objects != nil {
		f.objects.Close()
	}
}
