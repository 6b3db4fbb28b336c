package ingest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// ErrNotRegular is wrapped by StatRegular's error for a path that is not a
// regular file: a named pipe, a socket, a device or a directory.
var ErrNotRegular = errors.New("not a regular file")

// StatRegular returns the file information of path, following symbolic
// links, or an error wrapping ErrNotRegular when it is not a regular file.
// It never opens the file: opening a named pipe blocks until a writer
// comes, and reading one takes bytes that its writer meant for someone
// else. Incremental runs need files they can seek in and find again, so
// they ask this before anything opens them.
func StatRegular(path string) (fs.FileInfo, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("open %q: %w", path, unwrapPath(err)) // as Check says it
	}
	if !fi.Mode().IsRegular() {
		return fi, fmt.Errorf("%q is %s, %w", path, kindOf(fi.Mode()), ErrNotRegular)
	}
	return fi, nil
}

// kindOf names a file type that is not a regular file, with its article.
func kindOf(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	}
	return "a special file"
}
