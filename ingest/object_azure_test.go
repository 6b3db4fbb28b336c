//go:build slareport_azure

package ingest

import "testing"

func TestAzureBuiltIn(t *testing.T) {
	if !builtStores["azblob"] {
		t.Fatal("built with slareport_azure but azblob:// is not registered")
	}
}
