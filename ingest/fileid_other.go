//go:build !unix

package ingest

import "os"

// fileID is unknown where there are no inodes; incremental runs then
// identify files by their first bytes alone.
func fileID(fi os.FileInfo) (dev, inode uint64) { return 0, 0 }
