package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// outputs writes what a command produces all together or not at all: the
// report, summaries, exports, state and profiles. Each file is first
// written to a temporary file beside the one it replaces; what cannot be
// replaced (standard output, a device, a named pipe) is held in memory.
// commit writes those and renames the files into place only once every
// output is complete and no signal has arrived, so a failed or
// interrupted run leaves every existing output as it was.
type outputs struct {
	e      *env
	staged []*staged
	// uploads write objects to a store (--export-dir s3://...) at commit,
	// after the in-place outputs and before the renames.
	uploads []func() error
}

// upload stages a write to an object store for commit.
func (o *outputs) upload(write func() error) { o.uploads = append(o.uploads, write) }

// staged is one output waiting for commit: a temporary file to rename, or
// bytes to write in place.
type staged struct {
	name   string    // as the user gave it; "" for standard output
	target string    // the file a rename replaces: name, or the end of its links
	tmp    string    // the temporary file; "" once renamed or for in-place outputs
	to     io.Writer // standard output or error: no -o, or a link to either
	data   []byte    // what an in-place output receives
}

func newOutputs(e *env) *outputs { return &outputs{e: e} }

// output names a file a command writes by the flag that gave it.
type output struct{ flag, path string }

// refuseInputs refuses (exit 2), before anything is read, an output that
// is one of the inputs under any name: a hard link, a symlink or the same
// name would have the run replace a log with its own report. Files are
// compared by device and inode. Standard input ("-") is not a path, an
// output that does not exist yet cannot be an input, and a character
// device (a terminal, /dev/null) is written, never replaced.
func refuseInputs(outs []output, inputs []string) error {
	if err := refuseShared(outs); err != nil {
		return err
	}
	type input struct {
		path string
		fi   os.FileInfo
	}
	var ins []input
	for _, p := range inputs {
		if p == "-" {
			continue
		}
		if fi, err := os.Stat(p); err == nil {
			ins = append(ins, input{p, fi})
		}
	}
	for _, o := range outs {
		if o.path == "" {
			continue
		}
		fi, err := os.Stat(o.path)
		if err != nil || fi.Mode()&os.ModeCharDevice != 0 {
			continue
		}
		for _, in := range ins {
			if !os.SameFile(fi, in.fi) {
				continue
			}
			if o.path == in.path {
				return usageError(fmt.Errorf("%s %q is an input: give another file", o.flag, o.path))
			}
			return usageError(fmt.Errorf("%s %q is the input %q: give another file", o.flag, o.path, in.path))
		}
	}
	return nil
}

// refuseShared refuses (exit 2) two outputs that name one file, by the
// same name, another spelling of it, or a link to it: the second would
// silently replace the first. A character device (/dev/null, a terminal)
// takes any number of outputs.
func refuseShared(outs []output) error {
	type named struct {
		o    output
		abs  string
		fi   os.FileInfo
		char bool
	}
	var seen []named
	for _, o := range outs {
		if o.path == "" {
			continue
		}
		n := named{o: o, abs: o.path}
		if abs, err := filepath.Abs(o.path); err == nil {
			n.abs = abs
		}
		if fi, err := os.Stat(o.path); err == nil {
			n.fi, n.char = fi, fi.Mode()&os.ModeCharDevice != 0
		}
		for _, m := range seen {
			same := n.abs == m.abs || n.fi != nil && m.fi != nil && os.SameFile(n.fi, m.fi)
			if same && !n.char && !m.char {
				return usageError(fmt.Errorf("%s %q names the same file as %s: give each output its own file", o.flag, o.path, m.o.flag))
			}
		}
		seen = append(seen, n)
	}
	return nil
}

// emit stages what a command was asked to write: for the file -o named,
// or for standard output when path is empty. The report, merge and codes
// commands all write through it, so -o means the same to each.
func (o *outputs) emit(path string, write func(io.Writer) error) error {
	if path == "" {
		return o.stdout(write)
	}
	return o.file(path, write)
}

// stdout stages output for standard output.
func (o *outputs) stdout(write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return outputError(err)
	}
	o.staged = append(o.staged, &staged{to: o.e.stdout, data: buf.Bytes()})
	return nil
}

// file stages output for the file at path. Its errors name path, never
// the temporary file, and carry their exit codes.
func (o *outputs) file(path string, write func(io.Writer) error) error {
	if o.e.ctx.Err() != nil {
		return stopped(o.e.ctx)
	}
	d, err := destination(path)
	if err != nil {
		return outputError(fmt.Errorf("write %q: %w", path, err))
	}
	s := &staged{name: path, target: d.target}
	switch {
	case d.fd == 1 || d.fd == 2:
		s.to = o.e.stdout
		if d.fd == 2 {
			s.to = o.e.stderr
		}
		fallthrough
	case d.inPlace:
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			return outputError(fmt.Errorf("write %q: %w", path, err))
		}
		s.data = buf.Bytes()
	default:
		if s.tmp, err = writeTemp(d.target, write); err != nil {
			return outputError(fmt.Errorf("write %q: %w", path, err))
		}
	}
	o.staged = append(o.staged, s)
	return nil
}

// commit writes the in-place outputs, then renames every file into place,
// unless a signal arrived first. In-place outputs go first: they may fail
// (/dev/full) or wait (a named pipe nobody reads yet), and cannot be taken
// back, so while they are written no file has been replaced, and a signal
// that arrives meanwhile still stops the run with the files as they were.
func (o *outputs) commit() error {
	ctx := o.e.ctx
	if ctx.Err() != nil {
		return stopped(ctx)
	}
	for _, s := range o.staged {
		if s.tmp != "" {
			continue
		}
		done := make(chan error, 1)
		go func() { done <- s.writeInPlace() }()
		select {
		case err := <-done:
			if err != nil {
				return outputError(err)
			}
		case <-ctx.Done():
			return stopped(ctx)
		}
	}
	for _, up := range o.uploads {
		if ctx.Err() != nil {
			return stopped(ctx)
		}
		if err := up(); err != nil {
			return outputError(err)
		}
	}
	if ctx.Err() != nil {
		return stopped(ctx)
	}
	for _, s := range o.staged {
		if s.tmp == "" {
			continue
		}
		if err := os.Rename(s.tmp, s.target); err != nil {
			return outputError(fmt.Errorf("write %q: %w", s.name, unwrapPath(err)))
		}
		s.tmp = ""
	}
	return nil
}

// discard removes the temporary files commit did not rename.
func (o *outputs) discard() {
	for _, s := range o.staged {
		if s.tmp != "" {
			os.Remove(s.tmp)
			s.tmp = ""
		}
	}
}

// writeInPlace writes s's bytes to standard output or error, or into the
// file at s.name, opened through its links. A reader that closed its pipe
// is no error: it has read what it wanted, as `| head` does.
func (s *staged) writeInPlace() error {
	if s.to != nil {
		_, err := s.to.Write(s.data)
		if err != nil && s.name == "" {
			return fmt.Errorf("write standard output: %w", err)
		}
		if err != nil {
			return fmt.Errorf("write %q: %w", s.name, err)
		}
		return nil
	}
	// O_TRUNC is what a shell's > does; devices and pipes ignore it.
	f, err := os.OpenFile(s.name, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return fmt.Errorf("write %q: %w", s.name, unwrapPath(err))
	}
	_, err = f.Write(s.data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil && !errors.Is(err, syscall.EPIPE) {
		return fmt.Errorf("write %q: %w", s.name, unwrapPath(err))
	}
	return nil
}

// where is what writing to a path means.
type where struct {
	// target is the file to replace: the path, or the end of its chain of
	// symlinks, which may not exist yet.
	target string
	// inPlace is set for what must be written, never replaced: a device,
	// a named pipe, a socket, a directory (which fails), or anything
	// reached through a symlink into /dev or /proc.
	inPlace bool
	// fd is 1 or 2 for a link to this process's standard output or error
	// (/dev/stdout, /proc/self/fd/1), written there as if no file had been
	// given; 0 otherwise.
	fd int
}

// maxLinks bounds a chain of symlinks, as Linux's MAXSYMLINKS does.
const maxLinks = 40

// destination follows path's symlinks to what an output must replace or
// write. A symlink is written through, never replaced: its target is
// replaced atomically (or created). Renaming over /dev/stdout, as root,
// would replace the system's link with a file.
func destination(path string) (where, error) {
	hops := []string{path}
	p := path
	var fi os.FileInfo
	for {
		var err error
		fi, err = os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			fi = nil
			break
		}
		if err != nil {
			return where{}, unwrapPath(err)
		}
		if fi.Mode()&os.ModeSymlink == 0 {
			break
		}
		if len(hops) > maxLinks {
			return where{}, syscall.ELOOP
		}
		link, err := os.Readlink(p)
		if err != nil {
			return where{}, unwrapPath(err)
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(p), link)
		}
		p = link
		hops = append(hops, p)
	}
	for _, h := range hops {
		if fd := ownDescriptor(h); fd == 1 || fd == 2 {
			return where{fd: fd}, nil
		}
	}
	if len(hops) > 1 {
		for _, h := range hops {
			if inSystemTree(h) {
				return where{target: p, inPlace: true}, nil
			}
		}
	}
	return where{target: p, inPlace: fi != nil && !fi.Mode().IsRegular()}, nil
}

// realPath is p with its directory's symlinks resolved (/dev/fd/1 is
// /proc/<pid>/fd/1), or p made absolute when they cannot be.
func realPath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(dir, filepath.Base(abs))
	}
	return abs
}

// inSystemTree reports whether p lies in /dev or /proc, where files stand
// for devices and other processes' descriptors.
func inSystemTree(p string) bool {
	r := realPath(p)
	return strings.HasPrefix(r, "/dev/") || strings.HasPrefix(r, "/proc/")
}

// ownDescriptor returns N when p is /proc/self/fd/N (or /dev/fd/N, or the
// same under this process's id), and -1 otherwise.
func ownDescriptor(p string) int {
	r := realPath(p)
	dir, base := filepath.Split(r)
	if dir != "/proc/self/fd/" && dir != "/dev/fd/" && dir != "/proc/"+strconv.Itoa(os.Getpid())+"/fd/" {
		return -1
	}
	n, err := strconv.Atoi(base)
	if err != nil {
		return -1
	}
	return n
}

// writeTemp writes a temporary file beside target, synced, and returns its
// name; on error it leaves none. Write errors are the bare cause: the
// temporary file's name means nothing to the user.
func writeTemp(target string, write func(io.Writer) error) (name string, err error) {
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return "", unwrapPath(err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	bw := bufio.NewWriterSize(pathless{f}, 256<<10)
	if err := write(bw); err != nil {
		return "", err
	}
	if err := bw.Flush(); err != nil {
		return "", err
	}
	if err := f.Chmod(0o644); err != nil {
		return "", unwrapPath(err)
	}
	if err := f.Sync(); err != nil {
		return "", unwrapPath(err)
	}
	if err := f.Close(); err != nil {
		return "", unwrapPath(err)
	}
	return f.Name(), nil
}

// pathless is a file whose write errors drop the file's name: "file too
// large", not "write /dir/.report.md.tmp-123: file too large".
type pathless struct{ f *os.File }

func (p pathless) Write(b []byte) (int, error) {
	n, err := p.f.Write(b)
	return n, unwrapPath(err)
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
