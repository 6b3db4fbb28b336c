package main

import (
	"bytes"
	"fmt"
	"io"
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
// the profiles; its error is an output error. The CPU profile is gathered
// in memory (it is small) and written at the end like every other output,
// through writeAtomic.
func (d *diagFlags) start() (stop func() error, err error) {
	var cpu *bytes.Buffer
	if d.CPUProfile != "" {
		cpu = &bytes.Buffer{}
		if err := pprof.StartCPUProfile(cpu); err != nil {
			return nil, fmt.Errorf("cpu profile: %w", err)
		}
	}
	return func() error {
		if cpu != nil {
			pprof.StopCPUProfile()
			if err := writeAtomic(d.CPUProfile, func(w io.Writer) error { _, err := w.Write(cpu.Bytes()); return err }); err != nil {
				return fmt.Errorf("cpu profile: %w", err)
			}
		}
		if d.MemProfile == "" {
			return nil
		}
		runtime.GC() // the heap profile shows live memory as of the last GC
		return writeAtomic(d.MemProfile, func(w io.Writer) error { return pprof.Lookup("allocs").WriteTo(w, 0) })
	}, nil
}
