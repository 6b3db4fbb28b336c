//go:build slareport_azure

package ingest

// azblob:// with the Azure environment's credentials
// (AZURE_STORAGE_ACCOUNT, ...), in builds with the tag slareport_azure:
// the driver costs every run memory at start-up.

import _ "gocloud.dev/blob/azureblob"

func init() { registerStore("azblob") }
