//go:build slareport_gcs

package ingest

// gs:// with application default credentials, in builds with the tag
// slareport_gcs: the driver costs every run memory at start-up.

import _ "gocloud.dev/blob/gcsblob"

func init() { registerStore("gs") }
