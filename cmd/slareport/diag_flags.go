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

// profiler is a run being profiled.
type profiler struct {
	d   *diagFlags
	cpu *bytes.Buffer // the CPU profile; nil when none was asked for
}

// start begins CPU profiling if asked. The profile is gathered in memory
// (it is small) and written with the run's other outputs by stage.
func (d *diagFlags) start() (*profiler, error) {
	p := &profiler{d: d}
	if d.CPUProfile != "" {
		p.cpu = &bytes.Buffer{}
		if err := pprof.StartCPUProfile(p.cpu); err != nil {
			return nil, fmt.Errorf("cpu profile: %w", err)
		}
	}
	return p, nil
}

// stop ends CPU profiling; it may be called more than once.
func (p *profiler) stop() {
	if p.cpu != nil {
		pprof.StopCPUProfile()
	}
}

// stage ends the profiles and adds them to out, to be written with the
// run's other outputs or not at all.
func (p *profiler) stage(out *outputs) error {
	if p.cpu != nil {
		pprof.StopCPUProfile()
		cpu := p.cpu.Bytes()
		if err := out.file(p.d.CPUProfile, func(w io.Writer) error { _, err := w.Write(cpu); return err }); err != nil {
			return err
		}
	}
	if p.d.MemProfile == "" {
		return nil
	}
	runtime.GC() // the heap profile shows live memory as of the last GC
	return out.file(p.d.MemProfile, func(w io.Writer) error { return pprof.Lookup("allocs").WriteTo(w, 0) })
}
