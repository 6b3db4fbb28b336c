package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/aggregate/openslo"
)

// sloFileFlags name OpenSLO files whose SLOs a run or a merge judges.
type sloFileFlags struct {
	SLOFile []string `name:"slo-file" group:"SLO" placeholder:"FILE" help:"Judge the SLOs of an OpenSLO v1 file (YAML; repeatable): each over its own requests and window, in the same pass; exit 1 when one fails. Check a file first with 'slareport check FILE'."`
}

// sloFiles are the SLO files of a run, loaded and checked.
type sloFiles struct {
	file *openslo.File
	// print is the fingerprint of their content, which a summary records
	// so that merge judges it by the same file.
	print string
}

// load reads and checks the SLO files before any log is read: an invalid
// file is a usage error with every problem at its file:line:column.
func (f *sloFileFlags) load(e *env) (*sloFiles, error) {
	if len(f.SLOFile) == 0 {
		return nil, nil
	}
	var sources []openslo.Source
	h := sha256.New()
	for _, name := range f.SLOFile {
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, inputError(fmt.Errorf("--slo-file: read %q: %w", name, unwrapPath(err)))
		}
		// Each file's length first, so that moving text from one file to
		// the next changes the fingerprint.
		fmt.Fprintf(h, "%d\n", len(b))
		h.Write(b)
		sources = append(sources, openslo.Source{Name: name, R: bytes.NewReader(b)})
	}
	file, err := openslo.Load(sources...)
	var errs *openslo.Errors
	switch {
	case errors.As(err, &errs):
		fmt.Fprintln(e.stderr, errs.Error())
		return nil, usageError(fmt.Errorf("--slo-file: %s", plural(errs.Count(), "error")))
	case err != nil:
		return nil, inputError(fmt.Errorf("--slo-file: %w", err))
	case len(file.SLOs) == 0:
		return nil, usageError(fmt.Errorf("--slo-file: no SLO in %s: a file of services or SLIs alone judges nothing", joinQuoted(f.SLOFile)))
	}
	return &sloFiles{file: file, print: "sha256:" + hex.EncodeToString(h.Sum(nil))}, nil
}

// objectives returns the SLOs as the run counts them, their windows
// placed by the run's: a rolling window ends at --until (or the end of
// --period), else now; a calendar window is the period holding --since
// (or the start of --period), else now.
func (s *sloFiles) objectives(e *env, w aggregate.Window) []aggregate.Objective {
	if s == nil {
		return nil
	}
	return s.file.Objectives(openslo.Anchor{Now: e.clock(), Since: w.Since, Until: w.Until})
}

// apply adds the SLOs to the options of a run.
func (s *sloFiles) apply(e *env, opt *aggregate.Options) {
	if s == nil {
		return
	}
	opt.Objectives = s.objectives(e, opt.Window)
	opt.ObjectivesPrint = s.print
}

func joinQuoted(names []string) string {
	var b bytes.Buffer
	for i, n := range names {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", n)
	}
	return b.String()
}
