package ingest

import (
	"errors"
	"strings"
	"testing"
)

// TestOptionalStores checks gs:// and azblob:// against the build: parsed
// when their tag built the driver in, else refused naming the tag.
func TestOptionalStores(t *testing.T) {
	for _, arg := range []string{"gs://b/k.log.gz", "azblob://c/**/*.gz"} {
		scheme, _, _ := strings.Cut(arg, "://")
		t.Run(scheme, func(t *testing.T) {
			if !IsObjectURL(arg) {
				t.Fatalf("IsObjectURL(%q) = false: it would be read as a file", arg)
			}
			u, err := ParseObjectURL(arg)
			if builtStores[scheme] {
				if err != nil || u.String() != arg {
					t.Fatalf("%+v, %v; want %q parsed", u, err, arg)
				}
				return
			}
			tag := optionalStores[scheme].tag
			if !errors.Is(err, ErrStoreNotBuilt) || !strings.Contains(err.Error(), "go install -tags "+tag+" ") || !strings.HasPrefix(err.Error(), arg+": ") {
				t.Fatalf("error %v; want %q refused naming the tag %s", err, arg, tag)
			}
			if _, err := OpenBucket(t.Context(), ObjectURL{Scheme: scheme, Bucket: "b"}); !errors.Is(err, ErrStoreNotBuilt) {
				t.Fatalf("OpenBucket: %v, want ErrStoreNotBuilt", err)
			}
		})
	}
}
