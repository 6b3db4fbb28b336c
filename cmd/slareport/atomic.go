package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// writeAtomic writes a file so that readers see the old content or the
// complete new one, never a half-written report: it writes a temporary file
// in the same directory, syncs it and renames it over path.
//
// A path that exists and is not a regular file (/dev/stdout, /dev/null, a
// named pipe) is written in place: renaming over it would replace the
// device with a file.
func writeAtomic(path string, write func(io.Writer) error) error {
	return writeAtomicCtx(context.Background(), path, write)
}

// writeAtomicCtx is writeAtomic that gives up, removing its temporary file
// and leaving path untouched, when ctx ends before the rename.
func writeAtomicCtx(ctx context.Context, path string, write func(io.Writer) error) (err error) {
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		return writeInPlace(path, write)
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %q: %w", path, unwrapPath(err))
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	bw := bufio.NewWriterSize(f, 256<<10)
	if err := write(bw); err != nil {
		return fmt.Errorf("write %q: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %q: %w", path, unwrapPath(err))
	}
	if err := f.Chmod(0o644); err != nil {
		return fmt.Errorf("write %q: %w", path, unwrapPath(err))
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("write %q: %w", path, unwrapPath(err))
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %q: %w", path, unwrapPath(err))
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write %q: %w", path, unwrapPath(err))
	}
	return nil
}

func writeInPlace(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("write %q: %w", path, unwrapPath(err))
	}
	bw := bufio.NewWriterSize(f, 256<<10)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %q: %w", path, unwrapPath(err))
	}
	return nil
}

// unwrapPath drops the *PathError wrapper, whose message would repeat the
// temporary file's name.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	if le, ok := err.(*os.LinkError); ok {
		return le.Err
	}
	return err
}
