package aggregate

import (
	"bytes"
	"cmp"
	"fmt"
	"math/bits"
	"slices"
	"time"

	"github.com/cespare/xxhash/v2"

	"github.com/slareport/slareport/ingest"
)

// Line fingerprints let Merge find summaries that counted the same log
// lines although their inputs are different files: a log split into
// overlapping pieces, a rotated file summarised again under its new name
// after lines were cut from its head, a copy with other first lines.
// ingest.Source.SameContent and Overlaps only see the same file read
// twice.
//
// A fingerprint is taken where a new minute of the log starts: at a line
// whose time is in a later minute than every counted line before it in its
// block. It is the XXH64 of the raw bytes from that line's start through
// the end of the line that reaches PrintWindow bytes. Where it is taken
// depends only on the lines themselves, so two files that share a stretch
// of lines share the fingerprints taken inside it, wherever each file
// begins. Hashing 4 KiB once per minute of log costs next to nothing
// beside parsing that minute.
//
// What it does not see: lines without a time, lines shared over less than
// PrintWindow bytes plus the rest of a minute, and (rarely) a fingerprint
// whose window runs past the end of the block it starts in. What it can
// mistake: two logs that are byte for byte the same for PrintWindow bytes
// from the start of a minute, which real logs, with their clients, paths,
// sizes and times, are not; two idle hosts logging only the same health
// checks at the same seconds could be.

// PrintWindow is the least number of bytes of lines a fingerprint covers.
const PrintWindow = 4 << 10

// MaxPrints bounds the fingerprints kept per input: one a minute fills it
// in about a day and a half. Past it, an input keeps only the fingerprints
// whose hash ends in PrintLevel zero bits, PrintLevel raised until they
// fit; since that choice depends on the hash alone, two inputs still keep
// the same fingerprints of the lines they share (the longer one fewer).
const MaxPrints = 2048

// Fingerprint identifies a stretch of lines: the XXH64 of its bytes, and
// the time of its first line (Unix seconds).
type Fingerprint struct {
	Time int64
	Hash uint64
}

func (f Fingerprint) level() int { return bits.TrailingZeros64(f.Hash) }

// blockPrints follows one block for the lines that start a new minute.
type blockPrints struct {
	next    int64 // the minute after the latest minute counted so far
	started bool
}

// mark is called for each counted line with a time; at is the line's
// offset in the block's data. The block's first timed line starts no
// fingerprint: the line before it, which decides, is in another block.
func (p *partial) mark(j *job, at int, t int64, bp *blockPrints) {
	if bp.started && t < bp.next {
		return
	}
	if bp.started {
		if h, ok := printAt(j.blk.Data, at); ok {
			for len(p.prints) <= j.input {
				p.prints = append(p.prints, nil)
				p.printLevels = append(p.printLevels, 0)
			}
			p.prints[j.input] = append(p.prints[j.input], Fingerprint{Time: t, Hash: h})
			// A partial thins as it goes, so a log of a line a minute cannot
			// grow it without bound; the final thinning, over every
			// partial, never keeps what this drops.
			if len(p.prints[j.input]) > 4*MaxPrints {
				p.prints[j.input], p.printLevels[j.input] = thinPrints(p.prints[j.input], p.printLevels[j.input])
			}
		}
	}
	bp.started, bp.next = true, t-mod64(t, 60)+60
}

// printAt hashes the lines of data from offset at through the line that
// reaches PrintWindow bytes; false when the block ends first.
func printAt(data []byte, at int) (uint64, bool) {
	end := at + PrintWindow
	if end > len(data) {
		return 0, false
	}
	nl := bytes.IndexByte(data[end-1:], '\n')
	if nl < 0 {
		return 0, false
	}
	return xxhash.Sum64(data[at : end+nl]), true
}

// thinPrints sorts and dedupes fingerprints and keeps those of at least
// level, raising it until at most MaxPrints remain.
func thinPrints(fps []Fingerprint, level int) ([]Fingerprint, int) {
	slices.SortFunc(fps, func(a, b Fingerprint) int {
		if a.Time != b.Time {
			return cmp.Compare(a.Time, b.Time)
		}
		return cmp.Compare(a.Hash, b.Hash)
	})
	fps = slices.Compact(fps)
	for {
		fps = slices.DeleteFunc(fps, func(f Fingerprint) bool { return f.level() < level })
		if len(fps) <= MaxPrints {
			break
		}
		level++
	}
	if len(fps) == 0 {
		return nil, level
	}
	return fps, level
}

// joinPrints gives a the fingerprints of a continued by b.
func (a *Input) joinPrints(b Input) {
	fps := append(slices.Clip(a.Prints), b.Prints...)
	a.Prints, a.PrintLevel = thinPrints(fps, max(a.PrintLevel, b.PrintLevel))
	a.Unprinted = a.Unprinted || b.Unprinted
}

// checkPrints refuses fingerprints no run records.
func (in Input) checkPrints() error {
	if len(in.Prints) > MaxPrints || in.PrintLevel < 0 || in.PrintLevel > 64 {
		return fmt.Errorf("%d fingerprints of level %d", len(in.Prints), in.PrintLevel)
	}
	for i, f := range in.Prints {
		if f.level() < in.PrintLevel {
			return fmt.Errorf("fingerprint %d below the level", i+1)
		}
		if i > 0 {
			if p := in.Prints[i-1]; f.Time < p.Time || (f.Time == p.Time && f.Hash <= p.Hash) {
				return fmt.Errorf("fingerprint %d out of order", i+1)
			}
		}
	}
	return nil
}

// printIndex holds the fingerprints of the inputs merged so far.
type printIndex map[uint64][]printOwner

type printOwner struct {
	name string
	src  *ingest.Source
}

func (ix printIndex) add(inputs []Input) {
	for i := range inputs {
		in := &inputs[i]
		for _, f := range in.Prints {
			ix[f.Hash] = append(ix[f.Hash], printOwner{in.Name, &in.Source})
		}
	}
}

// shared returns an error naming the first input of inputs that holds
// lines an indexed input of other content holds too. An input continuing
// the same log is judged by its byte range instead (Source.Overlaps).
func (ix printIndex) shared(inputs []Input) error {
	for _, in := range inputs {
		var first *Fingerprint
		var owner printOwner
		n := 0
		for k, f := range in.Prints {
			for _, o := range ix[f.Hash] {
				if o.src.SameContent(in.Source) {
					continue
				}
				if n++; first == nil {
					first, owner = &in.Prints[k], o
				}
				break
			}
		}
		if first != nil {
			return fmt.Errorf("merge: %w: %q and %q hold the same log lines (%s of %d KiB of lines in common, the first from %s)",
				ErrOverlap, owner.name, in.Name, plural(n, "fingerprint", "fingerprints"), PrintWindow>>10,
				time.Unix(first.Time, 0).UTC().Format(time.RFC3339))
		}
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
