package aggregate

// Incremental runs over object storage. Objects do not grow: a log
// shipped to a bucket is a new object under a new key. So where a file is
// looked at and continued from where it stopped, an object is known by its
// key, its stored size and its ETag from the listing: one counted before
// is not read again, one not counted is read whole, and one that changed
// under the same key is refused, since its counted lines cannot be taken
// back out of the state.

import (
	"fmt"

	"github.com/slareport/slareport/ingest"
)

// ObjectChangedError is an object that a --state run counted before and
// that has since been replaced by other content under the same key.
type ObjectChangedError struct {
	Name                 string
	OldETag, NewETag     string
	OldStored, NewStored int64
}

func (e *ObjectChangedError) Error() string {
	return fmt.Sprintf("%q changed since the state counted it (ETag %s, %d bytes; now ETag %s, %d bytes): "+
		"an object is counted once, so new logs need new keys (or a new state)",
		e.Name, e.OldETag, e.OldStored, e.NewETag, e.NewStored)
}

// newObjects returns paths without the objects that prev already counted,
// as the listing in objs describes them, or the error of the first object
// that changed since.
func newObjects(paths []string, objs *ingest.Objects, prev *State) ([]string, error) {
	if objs == nil || prev == nil {
		return paths, nil
	}
	counted := map[string]ingest.Source{}
	for _, in := range prev.Inputs {
		if in.Source.ETag != "" {
			counted[in.Name] = in.Source
		}
	}
	var out []string
	for _, p := range paths {
		info, ok := objs.Info(p)
		if !ok {
			out = append(out, p)
			continue
		}
		src, seen := counted[p]
		switch {
		case !seen:
			out = append(out, p)
		case src.ETag != info.ETag || src.Stored != info.Size:
			return nil, &ObjectChangedError{Name: p, OldETag: src.ETag, NewETag: info.ETag, OldStored: src.Stored, NewStored: info.Size}
		}
	}
	return out, nil
}
