package parse

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/presets")

// dump writes the parts of a Record a report may use, one line per log
// line, leaving out what is empty so a golden file reads at a glance.
func dump(w *bytes.Buffer, n int, err error, r *Record) {
	fmt.Fprintf(w, "%d: ", n)
	if err != nil {
		fmt.Fprintf(w, "%v\n", err)
		return
	}
	fmt.Fprintf(w, "status=%d", r.Status)
	switch {
	case r.HasTime:
		fmt.Fprintf(w, " time=%s", time.Unix(r.Time, 0).UTC().Format(time.RFC3339))
	case r.BadTime:
		w.WriteString(" time=bad")
	}
	if r.Bytes >= 0 {
		fmt.Fprintf(w, " bytes=%d", r.Bytes)
	}
	if r.Duration >= 0 {
		fmt.Fprintf(w, " duration=%s", strconv.FormatFloat(r.Duration, 'g', 6, 64))
	}
	if r.UpstreamStatus != 0 {
		fmt.Fprintf(w, " upstream_status=%d", r.UpstreamStatus)
	}
	if r.UpstreamTime >= 0 {
		fmt.Fprintf(w, " upstream_time=%s", strconv.FormatFloat(r.UpstreamTime, 'g', 6, 64))
	}
	if r.Recovered {
		w.WriteString(" recovered")
	}
	for _, f := range []struct {
		name string
		v    []byte
	}{
		{"remote", r.Remote}, {"user", r.User}, {"method", r.Method}, {"path", r.Path},
		{"query", r.Query}, {"proto", r.Proto}, {"host", r.Host}, {"scheme", r.Scheme},
		{"upstream", r.UpstreamAddr}, {"referer", r.Referer}, {"agent", r.UserAgent},
	} {
		if len(f.v) > 0 {
			fmt.Fprintf(w, " %s=%q", f.name, f.v)
		}
	}
	w.WriteByte('\n')
}

// TestPresetsGolden parses a file of real-looking lines per preset,
// written from each format's documentation, and compares every field
// slareport reads with testdata/presets/NAME.golden (go test ./parse
// -update rewrites them). The files hold damaged lines on purpose, which
// detection does not take as evidence; the others (and the comment and
// header lines) must be detected as the preset.
func TestPresetsGolden(t *testing.T) {
	for _, preset := range PresetFormats() {
		t.Run(preset.Name, func(t *testing.T) {
			in := filepath.Join("testdata", "presets", preset.Name+".log")
			data, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			d := Sniff(cleanLines(preset, data))
			if d.Format == nil || d.Format.Name != preset.Name {
				t.Errorf("detected %v, want %s; candidates %v", d.Format, preset.Name, d.Candidates[:3])
			}
			// Header-driven layouts take their fields from the file.
			f := preset
			if d.Format != nil && d.Format.Name == preset.Name {
				f = d.Format
			}
			p := f.NewParser()
			var got bytes.Buffer
			var r Record
			for i, line := range bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n")) {
				dump(&got, i+1, p.Parse(line, &r), &r)
			}
			golden := strings.TrimSuffix(in, ".log") + ".golden"
			if *update {
				if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want2, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./parse -update to create it)", err)
			}
			if !bytes.Equal(got.Bytes(), want2) {
				t.Errorf("%s differs from the parse:\n%s", golden, got.String())
			}
		})
	}
}

// cleanLines returns the lines of data that f reads cleanly (parsed, not
// recovered, with a time), following its #Fields directives, and its
// comment and header lines.
func cleanLines(f *Format, data []byte) []byte {
	var out []byte
	p := f.NewParser()
	var r Record
	for _, line := range bytes.SplitAfter(data, []byte("\n")) {
		if g, ok := f.Directive(bytes.TrimSuffix(line, []byte("\n"))); ok {
			f, p = g, g.NewParser()
		}
		err := p.Parse(line, &r)
		if err == ErrComment || err == nil && !r.Recovered && r.HasTime {
			out = append(out, line...)
		}
	}
	return out
}

// TestPresetExamples checks the example line `slareport formats` shows
// for each preset: it parses, has a status and a time, and is detected as
// its own preset.
func TestPresetExamples(t *testing.T) {
	for _, f := range PresetFormats() {
		t.Run(f.Name, func(t *testing.T) {
			var r Record
			if err := f.NewParser().Parse([]byte(f.Example), &r); err != nil {
				t.Fatalf("%v: %q", err, f.Example)
			}
			if r.Status < 100 || r.Status > 599 || !r.HasTime {
				t.Errorf("status %d, has time %v", r.Status, r.HasTime)
			}
			if d := Sniff([]byte(f.Example + "\n")); !d.OK() || d.Format.Name != f.Name {
				t.Errorf("Sniff(example) = %v; want %s", d, f.Name)
			}
			if g, ok := Preset(strings.ToUpper(f.Name)); !ok || g != f {
				t.Errorf("Preset(%q) = %v, %v", strings.ToUpper(f.Name), g, ok)
			}
		})
	}
}

// TestAliases checks the other names of the presets: each resolves to its
// format, nginx and apache to the layouts those servers write by default.
func TestAliases(t *testing.T) {
	want := map[string]*Format{"clf": Common, "main": NginxMain, "iis": W3C, "elb-classic": ELB, "nginx": Combined, "apache": Combined}
	for name, f := range want {
		if g, ok := Preset(name); !ok || g != f {
			t.Errorf("Preset(%q) = %v, %v; want %s", name, g, ok, f.Name)
		}
		if !slices.Contains(Aliases(f), name) {
			t.Errorf("Aliases(%s) = %v, lacks %s", f.Name, Aliases(f), name)
		}
	}
	if got := Aliases(Combined); !slices.Equal(got, []string{"apache", "nginx"}) {
		t.Errorf("Aliases(combined) = %v", got)
	}
	// nginx's main layout, named by the nginx alias, is read in full.
	if got := parsed(Combined, nginxMainExample); !strings.HasPrefix(got, "status=200 time=2024-12-31T17:32:06Z") {
		t.Errorf("nginx main line: %s", got)
	}
}
