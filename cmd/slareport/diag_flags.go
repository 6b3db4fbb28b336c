package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
)

// diagFlags write Go profiles of a run, for finding where time and memory
// go (go tool pprof FILE).
type diagFlags struct {
	CPUProfile string `name:"cpuprofile" group:"Diagnostics" placeholder:"FILE" help:"Write a CPU profile of the run to FILE."`
	MemProfile string `name:"memprofile" group:"Diagnostics" placeholder:"FILE" help:"Write a heap profile at the end of the run to FILE."`
}

// start begins CPU profiling if asked and returns the function that ends
// the profiles; its error is an output error.
func (d *diagFlags) start() (stop func() error, err error) {
	var cpu *os.File
	if d.CPUProfile != "" {
		// Like every output, the profile appears whole or not at all: it is
		// written beside its name and renamed when profiling stops.
		dir, base := filepath.Split(d.CPUProfile)
		if dir == "" {
			dir = "."
		}
		if cpu, err = os.CreateTemp(dir, "."+base+".tmp-*"); err != nil {
			return nil, fmt.Errorf("cpu profile: %w", unwrapPath(err))
		}
		if err := pprof.StartCPUProfile(cpu); err != nil {
			cpu.Close()
			os.Remove(cpu.Name())
			return nil, fmt.Errorf("cpu profile: %w", err)
		}
	}
	return func() error {
		if cpu != nil {
			pprof.StopCPUProfile()
			err := cpu.Close()
			if err == nil {
				err = os.Rename(cpu.Name(), d.CPUProfile)
			}
			if err != nil {
				os.Remove(cpu.Name())
				return fmt.Errorf("cpu profile: %w", unwrapPath(err))
			}
		}
		if d.MemProfile == "" {
			return nil
		}
		runtime.GC() // the heap profile shows live memory as of the last GC
		return writeAtomic(d.MemProfile, func(w io.Writer) error { return pprof.Lookup("allocs").WriteTo(w, 0) })
	}, nil
}
