package reference

import (
	"slices"
	"testing"
)

func titles(cs []Comparison) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Title())
	}
	return out
}

// TestComparisonsCover pins the pairs people confuse most, each of which
// the reference compares side by side.
func TestComparisonsCover(t *testing.T) {
	want := []string{"401 vs 403", "301 vs 302 vs 307 vs 308", "500 vs 503", "502 vs 504", "503 vs 504", "400 vs 422", "404 vs 410"}
	if got := titles(AllComparisons()); !slices.Equal(got, want) {
		t.Errorf("comparisons %q, want %q", got, want)
	}
}

func TestComparisonsShape(t *testing.T) {
	for _, c := range AllComparisons() {
		if len(c.Codes) < 2 || len(c.Rows) == 0 {
			t.Errorf("%s: %d codes, %d rows", c.Title(), len(c.Codes), len(c.Rows))
		}
		for _, code := range c.Codes {
			if ms := Meanings(code); len(ms) == 0 || ms[0].Kind != KindIANA {
				t.Errorf("%s: %d has no IANA meaning", c.Title(), code)
			}
		}
		for _, r := range c.Rows {
			if r.Aspect == "" || len(r.Cells) != len(c.Codes) {
				t.Errorf("%s: row %q has %d cells for %d codes", c.Title(), r.Aspect, len(r.Cells), len(c.Codes))
			}
			for _, cell := range r.Cells {
				if cell == "" {
					t.Errorf("%s: row %q has an empty cell", c.Title(), r.Aspect)
				}
			}
		}
	}
}

// TestComparisonsAgreeWithEntries: where a comparison states what the
// registry also records, the two agree: "Cached" is "by default" exactly
// for the heuristically cacheable codes (RFC 9110 §15.1), and a
// "Retry-After" row says "may be sent" exactly where the code goes with
// Retry-After.
func TestComparisonsAgreeWithEntries(t *testing.T) {
	checked := 0
	for _, c := range AllComparisons() {
		for _, r := range c.Rows {
			for i, code := range c.Codes {
				m := Meanings(code)[0]
				switch r.Aspect {
				case "Cached":
					checked++
					if (r.Cells[i] == "by default") != m.Cacheable {
						t.Errorf("%s: %d Cached %q, entry Cacheable %v", c.Title(), code, r.Cells[i], m.Cacheable)
					}
				case "Retry-After":
					checked++
					if (r.Cells[i] == "may be sent") != slices.Contains(m.Headers, "Retry-After") {
						t.Errorf("%s: %d Retry-After %q, entry headers %v", c.Title(), code, r.Cells[i], m.Headers)
					}
				}
			}
		}
	}
	if checked < 8 {
		t.Errorf("only %d cells checked against the entries", checked)
	}
}

func TestComparisons(t *testing.T) {
	tests := []struct {
		codes []int
		want  []string
	}{
		{[]int{401, 403}, []string{"401 vs 403"}},
		{[]int{403, 401}, []string{"401 vs 403"}},
		{[]int{301, 308}, []string{"301 vs 302 vs 307 vs 308"}},
		{[]int{502, 503, 504}, []string{"502 vs 504", "503 vs 504"}},
		{[]int{500, 503, 504}, []string{"500 vs 503", "503 vs 504"}},
		{[]int{401}, nil},
		{[]int{404, 403}, nil},
		{nil, nil},
	}
	for _, tt := range tests {
		if got := titles(Comparisons(tt.codes)); !slices.Equal(got, tt.want) {
			t.Errorf("Comparisons(%v) = %q, want %q", tt.codes, got, tt.want)
		}
	}
}
