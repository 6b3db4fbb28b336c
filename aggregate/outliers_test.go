package aggregate

import (
	"reflect"
	"testing"
)

func TestOutliers(t *testing.T) {
	day := int64(86400)
	base := int64(1_800_000_000 - 1_800_000_000%60)
	body := func(from int64, n int) []Slice {
		var out []Slice
		for i := range n {
			out = append(out, Slice{Start: from + int64(i)*600, Counts: Counts{Classes: [5]int64{0, 10}}})
		}
		return out
	}
	one := func(at int64, n int64) []Slice {
		return []Slice{{Start: at, Counts: Counts{Classes: [5]int64{0, n}}}}
	}
	two := body(base, 288) // two days, 2,880 requests
	cases := []struct {
		name    string
		minutes []Slice
		want    []Outlier
	}{
		{"none", two, nil},
		{"1970", append(one(0, 1), two...),
			[]Outlier{{First: 0, Last: 0, Requests: 1, Before: true, Gap: base - 60}}},
		{"2100 and 1970", append(append(one(0, 1), two...), one(4_102_444_800, 2)...),
			[]Outlier{{First: 0, Last: 0, Requests: 1, Before: true, Gap: base - 60},
				{First: 4_102_444_800, Last: 4_102_444_800, Requests: 2, Gap: 4_102_444_800 - two[287].Start - 60}}},
		{"a day before is not far", append(one(base-day, 1), two...), nil},
		{"too many to be strays", append(one(0, 3), two...), nil},
		{"a week of data and a line 3 days out", append(body(base, 1008), one(base+10*day, 1)...), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := outliers(tc.minutes); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}
