package aggregate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/slareport/slareport/ingest"
	"github.com/slareport/slareport/parse"
)

// stateLogFormat logs what every part of the state needs: a host, a path
// for the endpoints, a status and a duration.
const stateLogFormat = `$host $remote_addr [$time_local] "$request" $status $body_bytes_sent $request_time`

// stateLog writes n lines over two days: mostly 2xx, bursts of 5xx, a few
// invalid codes, malformed lines, zero and long durations, and more
// distinct endpoints than a breakdown keeps, so the cap and (other) are
// part of what must merge.
func stateLog(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 1))
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).Unix()
	span := int64(2 * 86400)
	codes := []int{200, 200, 200, 200, 200, 200, 204, 301, 304, 404, 429, 499, 500, 502, 503}
	var b bytes.Buffer
	for i := range n {
		t := start + span*int64(i)/int64(n)
		if i%997 == 0 {
			b.WriteString("garbage without a status\n")
			continue
		}
		code := codes[r.IntN(len(codes))]
		if i%50000 == 7 {
			code = 0 // invalid, in no class
		}
		path := fmt.Sprintf("/api/item%s/%d", string(rune('a'+r.IntN(26)))+string(rune('a'+r.IntN(26)))+string(rune('a'+r.IntN(5))), r.IntN(1000))
		dur := "-"
		switch k := r.IntN(10); {
		case k == 0:
			dur = "0.000"
		case k < 9:
			dur = fmt.Sprintf("%.3f", r.ExpFloat64()*0.08)
		case k == 9 && i%3 == 0:
			dur = fmt.Sprintf("%.3f", 1+r.Float64()*30)
		}
		fmt.Fprintf(&b, "h%d.example 10.0.0.%d [%s] \"GET %s HTTP/1.1\" %03d %d %s\n",
			r.IntN(4), r.IntN(250), time.Unix(t, 0).UTC().Format("02/Jan/2006:15:04:05 -0700"), path, code, r.IntN(5000), dur)
	}
	return b.Bytes()
}

// splitLines cuts data into parts at line ends near equal sizes.
func splitLines(data []byte, parts int) [][]byte {
	var out [][]byte
	for k := parts; k > 1; k-- {
		cut := len(data) / k
		cut += bytes.IndexByte(data[cut:], '\n') + 1
		out = append(out, data[:cut])
		data = data[cut:]
	}
	return append(out, data)
}

func writeParts(t testing.TB, dir string, parts [][]byte) []string {
	t.Helper()
	dir, err := os.MkdirTemp(dir, "parts")
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for i, p := range parts {
		name := filepath.Join(dir, fmt.Sprintf("part%d.log", i+1))
		if err := os.WriteFile(name, p, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, name)
	}
	return paths
}

// comparable strips what legitimately differs between one pass and merged
// parts: the input listing and the samples' file and line.
func comparable(s *Summary) Summary {
	c := *s
	c.Inputs, c.tally = nil, nil
	c.Samples = nil
	for _, smp := range s.Samples {
		c.Samples = append(c.Samples, Sample{Reason: smp.Reason, Text: smp.Text})
	}
	// An endpoint's bad lines name their input and line, which differ
	// between a log and its parts: compare their text.
	c.Endpoints.Keys = slices.Clone(c.Endpoints.Keys)
	for i, k := range c.Endpoints.Keys {
		c.Endpoints.Keys[i].Samples = nil
		for _, smp := range k.Samples {
			c.Endpoints.Keys[i].Samples = append(c.Endpoints.Keys[i].Samples, Sample{Text: smp.Text})
		}
	}
	if c.Insight != nil {
		in := *c.Insight
		in.ClientErrors = slices.Clone(in.ClientErrors)
		for i := range in.ClientErrors {
			in.ClientErrors[i].Samples = nil
		}
		c.Insight = &in
	}
	return c
}

// mergeParts runs each part on its own, with as many workers as its
// position (the split must not matter either), and returns the parts'
// States, their merge and its Summary.
func mergeParts(t *testing.T, parts []string, opt Options) (states []*State, merged *State, sum *Summary) {
	t.Helper()
	for i, p := range parts {
		o := opt
		o.Workers = i + 1
		s, err := Run(context.Background(), []string{p}, o)
		if err != nil {
			t.Fatal(err)
		}
		states = append(states, s.State())
	}
	merged, err := Merge(states, MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum, err = merged.Summary(); err != nil {
		t.Fatal(err)
	}
	return states, merged, sum
}

func TestMergedStatesGiveTheOnePassSummary(t *testing.T) {
	data := stateLog(300000, 1)
	dir := t.TempDir()
	whole := writeParts(t, dir, [][]byte{data})[0]
	parts := writeParts(t, dir, splitLines(data, 3))
	f, err := parse.Compile(stateLogFormat)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		opt  Options
	}{
		{"automatic buckets", Options{}},
		{"hour buckets, 5xx and 429 bad, latency threshold", Options{Settings: Settings{Bucket: 3600, LatencyThreshold: 0.1,
			Rule: must(ParseBadRule("5xx,429", "501"))}}},
		{"day buckets in a zone", Options{Settings: Settings{Bucket: 86400, Zone: must(time.LoadLocation("America/New_York"))}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opt := tc.opt
			opt.Format, opt.Workers, opt.BlockSize = f, 4, 256<<10
			one, err := Run(context.Background(), []string{whole}, opt)
			if err != nil {
				t.Fatal(err)
			}
			_, _, got := mergeParts(t, parts, opt)
			if !one.Endpoints.Capped {
				t.Fatal("the test log should cap the endpoints")
			}
			a, b := comparable(one), comparable(got)
			if !reflect.DeepEqual(a, b) {
				for _, f := range []string{"Lines", "Codes", "Buckets", "Latency", "Endpoints", "Hosts", "Minutes", "Samples", "Malformed"} {
					va, vb := reflect.ValueOf(a).FieldByName(f).Interface(), reflect.ValueOf(b).FieldByName(f).Interface()
					if !reflect.DeepEqual(va, vb) {
						t.Errorf("%s differs:\none pass %v\nmerged   %v", f, short(va), short(vb))
					}
				}
				t.Fatal("merged summary differs from one pass")
			}
			if len(got.Inputs) != 3 || got.Lines != one.Lines {
				t.Fatalf("inputs %d, lines %+v; want 3 inputs and %+v", len(got.Inputs), got.Lines, one.Lines)
			}
		})
	}
}

func short(v any) string {
	s := fmt.Sprintf("%+v", v)
	if len(s) > 600 {
		s = s[:600] + "..."
	}
	return s
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestStateSummaryRoundTrip: a State turned back into a Summary gives the
// run's own Summary, and its State again.
func TestStateSummaryRoundTrip(t *testing.T) {
	dir := t.TempDir()
	paths := writeParts(t, dir, [][]byte{stateLog(20000, 2)})
	f := must(parse.Compile(stateLogFormat))
	s, err := Run(context.Background(), paths, Options{Format: f, Statuses: true})
	if err != nil {
		t.Fatal(err)
	}
	st := s.State()
	back, err := st.Summary()
	if err != nil {
		t.Fatal(err)
	}
	if a, b := comparable(s), comparable(back); !reflect.DeepEqual(a, b) {
		t.Fatal("summary from state differs from the run's")
	}
	if !reflect.DeepEqual(back.Inputs, s.Inputs) {
		t.Fatalf("inputs: %+v, want %+v", back.Inputs, s.Inputs)
	}
	if !reflect.DeepEqual(back.State(), st) {
		t.Fatal("state of the restored summary differs")
	}
	if st.Inputs[0].Source.End != int64(len(stateLog(20000, 2))) || st.Inputs[0].Source.HeadLen != ingest.HeadBytes {
		t.Fatalf("source %+v: want the whole file and a 4 KiB head", st.Inputs[0].Source)
	}
	// The per-minute status counts roll up into the report's buckets.
	var sum, want int64
	for _, b := range s.StatusSeries() {
		sum += b.Requests
	}
	for _, b := range s.Buckets {
		want += b.Requests()
	}
	if sum != want || sum == 0 {
		t.Fatalf("status series holds %d requests, buckets %d", sum, want)
	}
}

func TestMergeRefuses(t *testing.T) {
	dir := t.TempDir()
	parts := writeParts(t, dir, splitLines(stateLog(6000, 3), 2))
	f := must(parse.Compile(stateLogFormat))
	run := func(path string, opt Options) *State {
		opt.Format = f
		s, err := Run(context.Background(), []string{path}, opt)
		if err != nil {
			t.Fatal(err)
		}
		return s.State()
	}
	a, b := run(parts[0], Options{}), run(parts[1], Options{})
	for _, tc := range []struct {
		name   string
		states []*State
		opt    MergeOptions
		want   string
	}{
		{"another bad rule", []*State{a, run(parts[1], Options{Settings: Settings{Rule: must(ParseBadRule("5xx,429", ""))}})}, MergeOptions{}, `merge: state 2 was made with other settings: bad rule: "5xx" vs "5xx,429"`},
		{"another bucket", []*State{a, run(parts[1], Options{Settings: Settings{Bucket: 3600}})}, MergeOptions{}, `bucket: "0" vs "3600"`},
		{"another zone", []*State{a, run(parts[1], Options{Settings: Settings{Zone: must(time.LoadLocation("Asia/Tokyo"))}})}, MergeOptions{}, `time zone: "UTC" vs "Asia/Tokyo"`},
		{"the same part twice", []*State{a, b, a}, MergeOptions{}, "overlapping inputs"},
		{"another version", []*State{a, {Version: 99}}, MergeOptions{}, "version 99"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Merge(tc.states, tc.opt)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
	var se *SettingsError
	if _, err := Merge([]*State{a, b, run(parts[1], Options{Settings: Settings{Bucket: 3600}})}, MergeOptions{}); !errors.As(err, &se) ||
		se.State != 3 || se.Diff != (SettingDiff{SettingBucket, "0", "3600"}) {
		t.Fatalf("err = %#v, want a SettingsError naming state 3's bucket", err)
	}
	if _, err := Merge([]*State{a, b, a}, MergeOptions{AllowOverlap: true}); err != nil {
		t.Fatalf("with AllowOverlap: %v", err)
	}
	if _, err := Merge([]*State{a, a}, MergeOptions{}); !errors.Is(err, ErrOverlap) {
		t.Fatalf("err = %v, want ErrOverlap", err)
	}
}

// TestStateRefusesDamage: a State that no run could produce is an error
// from Summary, never a panic or a wrong report.
func TestStateRefusesDamage(t *testing.T) {
	dir := t.TempDir()
	paths := writeParts(t, dir, [][]byte{stateLog(3000, 4)})
	s, err := Run(context.Background(), paths, Options{Format: must(parse.Compile(stateLogFormat)), Statuses: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		damage func(st *State)
	}{
		{"bins out of order", func(st *State) { st.Latency.Bins[0], st.Latency.Bins[1] = st.Latency.Bins[1], st.Latency.Bins[0] }},
		{"negative bin count", func(st *State) { st.Latency.Bins[0].Count = -1 }},
		{"too many bins", func(st *State) { st.Latency.Bins = make([]SketchBin, sketchBins+1) }},
		{"NaN maximum", func(st *State) { st.Latency.Max = nanFloat() }},
		{"status code 1000", func(st *State) { st.Codes[1000] = 1 }},
		{"lines that do not add up", func(st *State) { st.Inputs[0].Lines.Read++ }},
		{"sample of no input", func(st *State) { st.Samples[0].Input = 5 }},
		{"key above the limit", func(st *State) {
			st.Endpoints.Limit = 1
		}},
		{"more bad than requests", func(st *State) { st.Hosts.Keys[0].Bad = st.Hosts.Keys[0].Requests + 1 }},
		{"minute not on a minute", func(st *State) { st.Minutes[0].Start++ }},
		{"latency width not a width", func(st *State) { st.LatencyWidth = 7 }},
		{"no zone", func(st *State) { st.Settings.Zone = nil }},
		{"status on no minute", func(st *State) { st.Statuses[0].Minute++ }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := s.State()
			tc.damage(st)
			if _, err := st.Summary(); err == nil {
				t.Fatal("damaged state accepted")
			}
		})
	}
}

func nanFloat() float64 {
	var z float64
	return z / z
}

// TestResumeReadsOnlyNewBytes: a run resumed at the end of an earlier one
// counts the appended lines only, and the two states merge into the state
// of the whole file.
func TestResumeReadsOnlyNewBytes(t *testing.T) {
	data := stateLog(30000, 5)
	first, rest := splitLines(data, 2)[0], splitLines(data, 2)[1]
	dir := t.TempDir()
	path := filepath.Join(dir, "access.log")
	if err := os.WriteFile(path, first, 0o644); err != nil {
		t.Fatal(err)
	}
	f := must(parse.Compile(stateLogFormat))
	opt := Options{Format: f, Settings: Settings{Bucket: 3600}}
	s1, err := Run(context.Background(), []string{path}, opt)
	if err != nil {
		t.Fatal(err)
	}
	fh, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	// The last line is still being written: it must be left for later.
	fh.Write(rest[:len(rest)-10])
	fh.Close()
	for _, seek := range []bool{true, false} {
		src := s1.Inputs[0].ResumeAt()
		o := opt
		o.Resume = []ingest.Resume{{Source: src, Seek: seek, Limit: int64(len(data) - len(lastLine(rest)))}}
		s2, err := Run(context.Background(), []string{path}, o)
		if err != nil {
			t.Fatal(err)
		}
		in := s2.Inputs[0]
		if in.Source.Offset != int64(len(first)) || in.Source.End != int64(len(data)-len(lastLine(rest))) {
			t.Fatalf("seek %v: read [%d, %d)", seek, in.Source.Offset, in.Source.End)
		}
		if in.Source.Head != s1.Inputs[0].Source.Head {
			t.Fatal("the head changed on resuming")
		}
		merged, err := Merge([]*State{s1.State(), s2.State()}, MergeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		got := must(merged.Summary())
		// The whole file minus its last line, in one pass.
		full := filepath.Join(dir, "full.log")
		os.WriteFile(full, data[:len(data)-len(lastLine(rest))], 0o644)
		want := must(Run(context.Background(), []string{full}, opt))
		if a, b := comparable(want), comparable(got); !reflect.DeepEqual(a, b) {
			t.Fatalf("seek %v: resumed runs differ from one pass: lines %+v vs %+v", seek, b.Lines, a.Lines)
		}
		// Samples keep their line numbers in the file.
		for i := range got.Samples {
			if got.Samples[i].Line != want.Samples[i].Line {
				t.Fatalf("sample %d at line %d, want %d", i, got.Samples[i].Line, want.Samples[i].Line)
			}
		}
	}
}

func lastLine(b []byte) []byte {
	return b[bytes.LastIndexByte(b[:len(b)-1], '\n')+1:]
}
