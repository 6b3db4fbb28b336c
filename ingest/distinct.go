package ingest

import (
	"os"
	"time"
)

// A Repeat is an input given more than once: Path names the file that the
// earlier argument First already names, by the same name, another name, a
// hard link or a symlink.
type Repeat struct {
	First, Path string
}

// Distinct drops from paths every one that names a file an earlier path
// already names, so that a file matched by two globs, or given as a.log
// and ./a.log, is read once; "-" given again is dropped too. The order of
// the rest is kept. Paths that cannot be examined are kept, for Open to
// report. Files are told apart by device and inode (os.SameFile), not by
// name.
func Distinct(paths []string) (distinct []string, repeats []Repeat) {
	type entry struct {
		path string
		fi   os.FileInfo
	}
	// Only files of the same size and time can be the same file: grouping
	// by them keeps thousands of rotated logs from costing n² comparisons.
	type key struct {
		size int64
		mod  time.Time
	}
	seen := map[key][]entry{}
	stdin := ""
	for _, p := range paths {
		if p == "-" {
			if stdin != "" {
				repeats = append(repeats, Repeat{First: stdin, Path: p})
				continue
			}
			stdin = p
			distinct = append(distinct, p)
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			distinct = append(distinct, p)
			continue
		}
		k := key{fi.Size(), fi.ModTime()}
		first := ""
		for _, e := range seen[k] {
			if os.SameFile(e.fi, fi) {
				first = e.path
				break
			}
		}
		if first != "" {
			repeats = append(repeats, Repeat{First: first, Path: p})
			continue
		}
		seen[k] = append(seen[k], entry{p, fi})
		distinct = append(distinct, p)
	}
	return distinct, repeats
}
