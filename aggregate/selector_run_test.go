package aggregate

import (
	"context"
	"errors"
	"reflect"
	"testing"
)

func mustSelector(t testing.TB, spec SelectorSpec) *Selector {
	t.Helper()
	sel, err := NewSelector(spec)
	if err != nil {
		t.Fatal(err)
	}
	return sel
}

// TestRunFilters runs the real Apache log through each filter and checks
// the lines each leaves out against a shell pipeline over the raw log:
// every line is read, and is parsed or filtered with the filter's reason.
func TestRunFilters(t *testing.T) {
	path := sharedData(t, "real/elastic-apache_logs.log")
	cases := []struct {
		name     string
		spec     SelectorSpec
		reason   FilterReason
		pipeline string // counts the lines the filter leaves out
	}{
		{"bots", SelectorSpec{ExcludeBots: true}, ExcludedBot, elasticBots(path)},
		{"path", SelectorSpec{Paths: []string{"/images/**"}}, PathNotSelected, `awk '$7 !~ /^\/images\//' ` + path + ` | wc -l`},
		{"client", SelectorSpec{ExcludeClients: []string{"66.249.0.0/16"}}, ExcludedClient, `awk '$1 ~ /^66\.249\./' ` + path + ` | wc -l`},
		{"window", SelectorSpec{ExcludeWindows: []string{"2015-05-18T12:00:00+02:00/2015-05-18T11:00:00Z"}}, ExcludedWindow, `grep -c '\[18/May/2015:10:.* +0000\]' ` + path},
		{"user agent", SelectorSpec{ExcludeUserAgents: []string{"*firefox/2?.0"}}, ExcludedUserAgent, `awk -F'"' '{print $6}' ` + path + ` | grep -ic 'firefox/2.\.0$'`},
		{"method", SelectorSpec{Methods: []string{"get"}}, MethodNotSelected, `grep -vc '"GET ' ` + path},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := int64(shellCount(t, c.pipeline))
			if want == 0 || want == 10000 {
				t.Fatalf("the pipeline counts %d lines: the case tests nothing", want)
			}
			s, err := Run(context.Background(), []string{path}, Options{Workers: 2, Settings: Settings{Filter: mustSelector(t, c.spec)}})
			if err != nil {
				t.Fatal(err)
			}
			l := s.Lines
			if l.Read != 10000 || l.Malformed != 0 || l.Filtered != want || l.Parsed != l.Read-want || s.Requests() != l.Parsed {
				t.Fatalf("lines %+v, want %d filtered", l, want)
			}
			if got := s.Filtered[c.reason.String()]; got != want || len(s.Filtered) != 1 {
				t.Fatalf("filtered %v, want %d %q", s.Filtered, want, c.reason)
			}
			if s.Filter == nil || s.Filter.String() != c.spec.words(t) {
				t.Errorf("the summary's filter is %v", s.Filter)
			}
		})
	}
}

func (sp SelectorSpec) words(t testing.TB) string { return mustSelector(t, sp).String() }

// TestRunFilterSameForAnyWorkers: a run with every filter gives the same
// summary for any number of workers, and accounts for every line.
func TestRunFilterSameForAnyWorkers(t *testing.T) {
	path := sharedData(t, "real/elastic-apache_logs.log")
	sel := mustSelector(t, SelectorSpec{ExcludeBots: true, ExcludeClients: []string{"83.149.9.0/24"},
		ExcludePaths: []string{"/favicon.ico"}, ExcludeWindows: []string{"2015-05-18T10:00:00Z/2015-05-18T11:00:00Z"},
		Methods: []string{"GET", "HEAD"}})
	var first *Summary
	for _, workers := range []int{1, 3} {
		s, err := Run(context.Background(), []string{path}, Options{Workers: workers, BlockSize: 64 << 10, Settings: Settings{Filter: sel}})
		if err != nil {
			t.Fatal(err)
		}
		var filtered int64
		for _, n := range s.Filtered {
			filtered += n
		}
		if l := s.Lines; l.Read != 10000 || l.Read != l.Parsed+l.Malformed+l.Filtered || filtered != l.Filtered || len(s.Filtered) != 5 {
			t.Fatalf("workers %d: lines %+v, filtered %v", workers, l, s.Filtered)
		}
		if first == nil {
			first = s
		} else if !reflect.DeepEqual(first, s) {
			t.Fatalf("workers %d: the summary differs from one worker's", workers)
		}
	}
}

// TestMergeRefusesOtherFilters: states counted under other filters do not
// merge, and the refusal says how they differ; the same filter, given in
// another order, does.
func TestMergeRefusesOtherFilters(t *testing.T) {
	path := sharedData(t, "real/nasa-small.log")
	state := func(sel *Selector) *State {
		s, err := Run(context.Background(), []string{path}, Options{Settings: Settings{Filter: sel}})
		if err != nil {
			t.Fatal(err)
		}
		return s.State()
	}
	plain := state(nil)
	bots := state(mustSelector(t, SelectorSpec{ExcludeBots: true, Paths: []string{"/images/**", "/shuttle/**"}}))
	same := state(mustSelector(t, SelectorSpec{Paths: []string{"/shuttle/**", "/images/**"}, ExcludeBots: true}))
	_, err := Merge([]*State{plain, bots}, MergeOptions{AllowOverlap: true})
	var se *SettingsError
	if !errors.As(err, &se) || se.Diff.Setting != SettingFilter || se.Diff.A != "" || se.Diff.B != "path /images/**, /shuttle/**; exclude bots" {
		t.Fatalf("merge of an unfiltered and a filtered state: %v", err)
	}
	if _, err := Merge([]*State{bots, same}, MergeOptions{AllowOverlap: true}); err != nil {
		t.Fatalf("the same filter in another order: %v", err)
	}
	// An empty filter is no filter.
	if _, err := Merge([]*State{plain, state(mustSelector(t, SelectorSpec{}))}, MergeOptions{AllowOverlap: true}); err != nil {
		t.Fatalf("an empty filter: %v", err)
	}
}
