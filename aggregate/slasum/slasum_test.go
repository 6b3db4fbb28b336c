package slasum

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/parse"
)

// testState runs over a log with hosts, paths, durations, malformed lines
// and more endpoints than a breakdown keeps, so every part of a State has
// something in it.
func testState(t testing.TB, opt aggregate.Options) *aggregate.State {
	return testStateN(t, 12000, opt)
}

func testStateN(t testing.TB, lines int, opt aggregate.Options) *aggregate.State {
	t.Helper()
	var b bytes.Buffer
	start := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	for i := range lines {
		if i%1000 == 3 {
			b.WriteString("not a log line\x00\xff\n")
			continue
		}
		ts := start.Add(time.Duration(i) * 7 * time.Second).Format("02/Jan/2006:15:04:05 -0700")
		fmt.Fprintf(&b, "h%d 10.0.0.1 [%s] \"GET /p/x%dy/%d HTTP/1.1\" %d 12 %.3f\n",
			i%3, ts, i%2500, i, []int{200, 200, 404, 500, 503, 0}[i%6], float64(i%97)/100)
	}
	path := filepath.Join(t.TempDir(), "access.log")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := parse.Compile(`$host $remote_addr [$time_local] "$request" $status $body_bytes_sent $request_time`)
	if err != nil {
		t.Fatal(err)
	}
	opt.Format = f
	s, err := aggregate.Run(context.Background(), []string{path}, opt)
	if err != nil {
		t.Fatal(err)
	}
	return s.State()
}

func roundTrip(t testing.TB, st *aggregate.State) (*aggregate.State, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, st); err != nil {
		t.Fatal(err)
	}
	back, err := Read(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	return back, buf.Bytes()
}

func TestRoundTrip(t *testing.T) {
	rule, _ := aggregate.ParseBadRule("5xx,429", "501")
	route, _ := aggregate.ParseRoute("/p/*/**")
	for _, tc := range []struct {
		name string
		opt  aggregate.Options
	}{
		{"defaults", aggregate.Options{}},
		{"everything set", aggregate.Options{Statuses: true, Settings: aggregate.Settings{Rule: rule, Bucket: 3600, LatencyThreshold: 0.25,
			Routes: []aggregate.Route{route}, Zone: time.UTC,
			Window: aggregate.Window{Since: time.Date(2026, 5, 1, 2, 0, 0, 0, time.UTC), Label: "since 2 am"}}}},
		{"a named zone", aggregate.Options{Statuses: true, Settings: aggregate.Settings{Zone: mustZone(t, "Europe/Berlin")}}},
		{"split by host and endpoint", aggregate.Options{Statuses: true, StatusDims: aggregate.DimHost | aggregate.DimEndpoint}},
		{"split by endpoint, hour buckets", aggregate.Options{Statuses: true, StatusDims: aggregate.DimEndpoint, Settings: aggregate.Settings{Bucket: 3600}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := testState(t, tc.opt)
			back, _ := roundTrip(t, st)
			if d, differ := st.Settings.Diff(back.Settings); differ {
				t.Fatalf("settings differ: %s", d)
			}
			back.Settings.Zone = st.Settings.Zone
			if !reflect.DeepEqual(st, back) {
				for _, f := range []string{"Inputs", "Codes", "Malformed", "Samples", "Filtered", "Minutes", "Latency", "LatencyBuckets", "Endpoints", "Hosts", "Upstreams", "Statuses", "Dims", "DimWidth", "DimCounts"} {
					if !reflect.DeepEqual(reflect.ValueOf(*st).FieldByName(f).Interface(), reflect.ValueOf(*back).FieldByName(f).Interface()) {
						t.Errorf("%s differs", f)
					}
				}
				t.Fatal("state read back differs")
			}
			a, _ := st.Summary()
			b, _ := back.Summary()
			b.Zone = a.Zone
			if !reflect.DeepEqual(a, b) {
				t.Fatal("summary of the state read back differs")
			}
		})
	}
}

func mustZone(t testing.TB, name string) *time.Location {
	z, err := time.LoadLocation(name)
	if err != nil {
		t.Skip(err)
	}
	return z
}

func TestRefuses(t *testing.T) {
	_, good := roundTrip(t, testState(t, aggregate.Options{}))
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"a log", []byte("127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 2326\n")},
		{"cut in half", good[:len(good)/2]},
		{"without its footer", good[:len(good)-10]},
		{"magic only", []byte("ARROW1\x00\x00")},
		{"flipped byte in the body", flip(good, len(good)/3)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Read(bytes.NewReader(tc.data)); !errors.Is(err, ErrNotSlasum) {
				t.Fatalf("err = %v, want ErrNotSlasum", err)
			}
		})
	}
}

func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 0xff
	return c
}

// FuzzRead: whatever the bytes, Read returns a state or an error, never
// panics, with or without a valid checksum; a state it returns writes and
// reads back the same.
func FuzzRead(f *testing.F) {
	// A small state keeps each execution fast enough to explore.
	_, good := roundTrip(f, testStateN(f, 40, aggregate.Options{Statuses: true}))
	f.Add(good)
	f.Add(good[:len(good)/2])
	_, split := roundTrip(f, testStateN(f, 40, aggregate.Options{Statuses: true, StatusDims: aggregate.DimHost | aggregate.DimEndpoint}))
	f.Add(split)
	f.Add([]byte("ARROW1\x00\x00ARROW1"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// As fuzzed, the checksum refuses nearly every input. Sealed again,
		// as a hostile writer would, the rest of the reader is explored.
		Read(bytes.NewReader(data))
		sealed := bytes.Clone(data)
		if seal(sealed) == nil {
			data = sealed
		}
		st, err := Read(bytes.NewReader(data))
		if err != nil {
			return
		}
		back, _ := roundTrip(t, st)
		back.Settings.Zone = st.Settings.Zone
		if !reflect.DeepEqual(st, back) {
			t.Fatal("a state read from fuzzed bytes does not round-trip")
		}
	})
}

// TestReadsSummariesWithoutDims: a summary written before counts could be
// split by host and endpoint, and before checksums and fingerprints
// (testdata/v1-no-dims.slasum, version 1), still reads, says it was not
// checked, marks its inputs unprinted, writes as a checked version 2 file
// that reads back the same, and merges with a split one into a state
// without the split.
func TestReadsSummariesWithoutDims(t *testing.T) {
	old, err := os.ReadFile(filepath.Join("testdata", "v1-no-dims.slasum"))
	if err != nil {
		t.Fatal(err)
	}
	st, info, err := ReadInfo(bytes.NewReader(old))
	if err != nil {
		t.Fatal(err)
	}
	if info != (Info{Version: 1, Checked: false}) {
		t.Fatalf("info %+v, want version 1, unchecked", info)
	}
	if st.Dims != 0 || st.DimWidth != 0 || st.DimCounts != nil || st.Statuses == nil {
		t.Fatalf("dims %v, width %d, %d counts, statuses %v", st.Dims, st.DimWidth, len(st.DimCounts), st.Statuses != nil)
	}
	for _, in := range st.Inputs {
		if !in.Unprinted || in.Prints != nil {
			t.Fatalf("input %q of a version 1 summary: unprinted %v, %d fingerprints", in.Name, in.Unprinted, len(in.Prints))
		}
	}
	var buf bytes.Buffer
	if err := Write(&buf, st); err != nil {
		t.Fatal(err)
	}
	back, info, err := ReadInfo(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	back.Settings.Zone = st.Settings.Zone
	if info != (Info{Version: 2, Checked: true}) || !reflect.DeepEqual(back, st) {
		t.Fatalf("written again: info %+v, the same state %v", info, reflect.DeepEqual(back, st))
	}
	split := testState(t, aggregate.Options{Statuses: true, StatusDims: aggregate.DimEndpoint})
	merged, err := aggregate.Merge([]*aggregate.State{split, st}, aggregate.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if merged.Dims != 0 {
		t.Fatalf("merged with a summary without dimensions, the state keeps %v", merged.Dims)
	}
}

var update = flag.Bool("update", false, "rewrite testdata/v2.slasum")

// TestVersion2Layout: the checked-in version 2 summary reads, checked, with
// its fingerprints, and its state writes the very same bytes: a change of
// the layout shows here first. go test -update rewrites it.
func TestVersion2Layout(t *testing.T) {
	path := filepath.Join("testdata", "v2.slasum")
	if *update {
		var buf bytes.Buffer
		if err := Write(&buf, testStateN(t, 3000, aggregate.Options{Statuses: true, StatusDims: aggregate.DimHost})); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	st, info, err := ReadInfo(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if info != (Info{Version: 2, Checked: true}) || len(st.Inputs) != 1 || len(st.Inputs[0].Prints) == 0 || st.Inputs[0].Unprinted {
		t.Fatalf("info %+v, %d inputs, input %+v", info, len(st.Inputs), st.Inputs[0])
	}
	var buf bytes.Buffer
	if err := Write(&buf, st); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), data) {
		t.Fatal("the state of the version 2 summary no longer writes the bytes it was read from")
	}
}

// TestRefusesMixedVersions: a checksum is required from version 2 on, and
// a file that claims version 1 but holds one is damaged, not old.
func TestRefusesMixedVersions(t *testing.T) {
	_, good := roundTrip(t, testStateN(t, 40, aggregate.Options{}))
	for _, tc := range []struct {
		name, key, value string
		want             string
	}{
		{"version 1 with a checksum", "slareport.version", "1", "with a checksum"},
		{"version 2 with its checksum renamed", checksumKey, "xxh64:00000000000000000", "without its checksum"},
		{"a checksum of another kind", checksumKey, "crc32:0000000000000000", "unknown kind"},
		{"a version from the future", "slareport.version", "5", "this slareport reads 1 to 4"},
		{"version 4 without objectives", "slareport.version", "4", "a version 4 summary without its objectives"},
		{"version 3 without a filter", "slareport.version", "3", "a version 3 summary without its filter"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := setMeta(t, good, tc.key, tc.value)
			if _, err := Read(bytes.NewReader(data)); !errors.Is(err, ErrNotSlasum) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want ErrNotSlasum mentioning %q", err, tc.want)
			}
		})
	}
}

// setMeta rewrites the metadata value of key in both copies of the schema,
// keeping its length, and reseals the file. A value of another length
// renames the key instead, so that the file has none.
func setMeta(t *testing.T, data []byte, key, value string) []byte {
	t.Helper()
	data = bytes.Clone(data)
	for _, find := range []func([]byte) (fbTable, int, error){headerSchema, footerSchema} {
		schema, base, err := find(data)
		if err != nil {
			t.Fatal(err)
		}
		pos, n, err := schema.metaValue(2, key)
		if err != nil || pos < 0 {
			t.Fatalf("no %q: %v", key, err)
		}
		if n != len(value) {
			kvs, _ := schema.tables(2)
			for _, kv := range kvs {
				kp, kn, _ := kv.vector(0, 1)
				if string(kv.Bytes[kp:kp+kn]) == key {
					kv.Bytes[kp+kn-1] = 'X'
				}
			}
			continue
		}
		copy(data[base+pos:], value)
	}
	seal(data)
	return data
}

// TestRefusesDamagedDims: dimension metadata that cannot be read is an
// error.
func TestRefusesDamagedDims(t *testing.T) {
	st := testState(t, aggregate.Options{Statuses: true, StatusDims: aggregate.DimEndpoint})
	for _, tc := range []struct {
		name   string
		damage func(*aggregate.State)
	}{
		{"a status out of range", func(st *aggregate.State) { st.DimCounts[0].Status = 1000 }},
		{"a key of no breakdown", func(st *aggregate.State) { st.DimCounts[0].Endpoint = "/nowhere" }},
		{"a width that is not a bucket's", func(st *aggregate.State) { st.DimWidth = 61 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := *st
			c.DimCounts = append([]aggregate.DimCount(nil), st.DimCounts...)
			tc.damage(&c)
			var buf bytes.Buffer
			if err := Write(&buf, &c); err != nil {
				t.Fatal(err)
			}
			if _, err := Read(bytes.NewReader(buf.Bytes())); !errors.Is(err, ErrNotSlasum) {
				t.Fatalf("err = %v, want ErrNotSlasum", err)
			}
		})
	}
}
