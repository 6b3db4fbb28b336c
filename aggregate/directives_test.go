package aggregate

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/slareport/slareport/parse"
)

// iisRestarts is an IIS log whose header comes again after two restarts,
// each time with other fields: the status moves from the 4th field to the
// 6th and back, so a line read in the wrong layout has no status where it
// is looked for.
func iisRestarts(perPart int) (log string, codes map[int]int64) {
	var b strings.Builder
	codes = map[int]int64{}
	part := func(fields string, line func(i int) (string, int)) {
		b.WriteString("#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Date: 2024-03-05 00:00:00\n")
		b.WriteString("#Fields: " + fields + "\n")
		for i := range perPart {
			l, st := line(i)
			b.WriteString(l + "\n")
			codes[st]++
		}
	}
	short := func(i int) (string, int) {
		st := []int{200, 404, 500}[i%3]
		return fmt.Sprintf("2024-03-05 00:%02d:%02d GET %d 15", i/60%60, i%60, st), st
	}
	long := func(i int) (string, int) {
		st := []int{200, 301, 503}[i%3]
		return fmt.Sprintf("2024-03-05 01:%02d:%02d 10.0.0.4 GET /x/%d %d 0 0 46", i/60%60, i%60, i, st), st
	}
	part("date time cs-method sc-status time-taken", short)
	part("date time s-ip cs-method cs-uri-stem sc-status sc-substatus sc-win32-status time-taken", long)
	part("date time cs-method sc-status time-taken", short)
	return b.String(), codes
}

// TestDirectivesSwitchLayouts reads an IIS log restarted with other
// fields, detected and with the w3c preset named, in blocks small enough
// that the switches fall inside and between blocks, with several workers:
// every line is read in the layout its last #Fields line announced.
func TestDirectivesSwitchLayouts(t *testing.T) {
	log, codes := iisRestarts(300)
	for _, tc := range []struct {
		name   string
		format *parse.Format
	}{{"detected", nil}, {"w3c named", parse.W3C}} {
		for _, block := range []int{1 << 10, 1 << 16} {
			t.Run(fmt.Sprintf("%s/block %d", tc.name, block), func(t *testing.T) {
				s := runString(t, log, Options{Workers: 3, BlockSize: block, Format: tc.format})
				if want := (Lines{Read: 912, Parsed: 900, Filtered: 12}); s.Lines != want {
					t.Errorf("lines %+v, want %+v (malformed %v)", s.Lines, want, s.Malformed)
				}
				if !reflect.DeepEqual(s.Codes, codes) {
					t.Errorf("codes %v, want %v", s.Codes, codes)
				}
				if got := s.Inputs[0].Format; got != "w3c" {
					t.Errorf("format %q, want w3c", got)
				}
			})
		}
	}
}
