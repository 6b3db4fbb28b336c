//go:build slareport_gcs

package ingest

import "testing"

func TestGCSBuiltIn(t *testing.T) {
	if !builtStores["gs"] {
		t.Fatal("built with slareport_gcs but gs:// is not registered")
	}
}
