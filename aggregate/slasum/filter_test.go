package slasum

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/slareport/slareport/aggregate"
)

func filteredState(t *testing.T) *aggregate.State {
	t.Helper()
	sel, err := aggregate.NewSelector(aggregate.SelectorSpec{
		Hosts: []string{"H1", "h2"}, ExcludePaths: []string{"/p/x7y/**"}, Methods: []string{"get"},
		ExcludeClients: []string{"10.0.0.0/8"}, ExcludeUserAgents: []string{"*curl*"}, ExcludeBots: true,
		ExcludeWindows: []string{"2026-05-01T02:00:00+02:00/2026-05-01T01:00:00Z"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return testStateN(t, 3000, aggregate.Options{Settings: aggregate.Settings{Filter: sel}})
}

// TestFilterRoundTrip: a summary of a filtered run records its filter, as
// version 3, and reads back the same state; one without is version 2.
func TestFilterRoundTrip(t *testing.T) {
	st := filteredState(t)
	if st.Filtered["host not selected"] == 0 {
		t.Fatalf("the filter filtered nothing: %v", st.Filtered)
	}
	var buf bytes.Buffer
	if err := Write(&buf, st); err != nil {
		t.Fatal(err)
	}
	back, info, err := ReadInfo(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if info != (Info{Version: 3, Checked: true}) {
		t.Fatalf("info %+v, want version 3", info)
	}
	if got, want := back.Settings.Filter.String(), st.Settings.Filter.String(); got != want || want == "" {
		t.Fatalf("filter read back as %q, want %q", got, want)
	}
	if !reflect.DeepEqual(back.Settings.Filter.Spec(), st.Settings.Filter.Spec()) {
		t.Fatalf("spec %+v, want %+v", back.Settings.Filter.Spec(), st.Settings.Filter.Spec())
	}
	back.Settings.Filter, back.Settings.Zone = st.Settings.Filter, st.Settings.Zone
	if !reflect.DeepEqual(back, st) {
		t.Fatal("the state read back differs")
	}
	if !bytes.Contains(buf.Bytes(), []byte(`"exclude_bots":true`)) {
		t.Error("the filter is not in the metadata as documented")
	}
	// Merging refuses a summary of another filter, as it would the run.
	plain, _ := roundTrip(t, testStateN(t, 3000, aggregate.Options{}))
	var se *aggregate.SettingsError
	if _, err := aggregate.Merge([]*aggregate.State{plain, back}, aggregate.MergeOptions{AllowOverlap: true}); !errors.As(err, &se) || se.Diff.Setting != aggregate.SettingFilter {
		t.Fatalf("merge with an unfiltered summary: %v", err)
	}
}

// TestRefusesDamagedFilter: a filter that does not read or compile, a
// version 2 file that holds one, are damage.
func TestRefusesDamagedFilter(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, filteredState(t)); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	text := filterText(filteredState(t).Settings.Filter)
	for _, tc := range []struct {
		name, key, value, want string
	}{
		{"not JSON", filterKey, strings.Repeat("x", len(text)), "filter:"},
		{"an unknown key", filterKey, strings.Replace(text, `"hosts"`, `"hostz"`, 1), `unknown field "hostz"`},
		{"a pattern that cannot match", filterKey, strings.Replace(text, `"/p/x7y/**"`, `"p/x7y/***"`, 1), "must start with /"},
		{"a version 2 file with a filter", "slareport.version", "2", "a version 2 summary with a filter"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.value) != len(text) && tc.key == filterKey {
				t.Fatalf("the damage changes the length: %q", tc.value)
			}
			data := setMeta(t, good, tc.key, tc.value)
			if _, err := Read(bytes.NewReader(data)); !errors.Is(err, ErrNotSlasum) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want ErrNotSlasum mentioning %q", err, tc.want)
			}
		})
	}
	for text, want := range map[string]string{
		`{}`:                          "filters nothing",
		`{"exclude_bots":true} {}`:    "more than one value",
		`{"exclude_bots":true} junk`:  "more than one value",
		`{"exclude_bots":"yes"}`:      "cannot unmarshal",
		`{"exclude_clients":["x"]}`:   "not a CIDR prefix",
		`{"exclude_windows":["a/b"]}`: "not an RFC 3339 time",
	} {
		if sel, err := readFilter(text); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("readFilter(%s) = %v, %v; want an error mentioning %q", text, sel, err, want)
		}
	}
	if sel, err := readFilter(`{"exclude_bots":true}`); err != nil || sel.String() != "exclude bots" {
		t.Errorf("readFilter of bots alone: %v, %v", sel, err)
	}
}
