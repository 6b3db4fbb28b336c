package aggregate

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/slareport/slareport/parse"
)

// gcsHeader is the header row every Google Cloud Storage usage log starts
// with: files of that format begin with the same bytes.
const gcsHeader = `"time_micros","c_ip","c_ip_type","c_ip_region","cs_method","cs_uri","sc_status","cs_bytes","sc_bytes","time_taken_micros","cs_host","cs_referer","cs_user_agent","s_request_id","cs_operation","cs_bucket","cs_object"` + "\n"

// gcsLines returns n GCS usage log lines from the given microsecond.
func gcsLines(from, n int) string {
	var b bytes.Buffer
	for i := range n {
		fmt.Fprintf(&b, `"%d","192.0.2.10","1","","GET","/o/%d","200","0","1271","41000","h","","c","A","GET_Object","b","o"`+"\n", 1588166433227000+from+i, from+i)
	}
	return b.String()
}

// counted is an input an earlier run read from the start of content to
// its end, from the file with the given inode.
func counted(content string, inode uint64) Input {
	n := min(len(content), HeadBytes)
	return Input{Name: fmt.Sprint("inode ", inode), Lines: Lines{Read: int64(bytes.Count([]byte(content), []byte("\n")))},
		Source: Source{Head: headSum([]byte(content), n), HeadLen: n, End: int64(len(content)), Dev: 1, Inode: inode}}
}

// look is what a run sees of a plain file holding content.
func look(path, content string, inode uint64) Look {
	return Look{Path: path, Head: []byte(content[:min(len(content), HeadBytes)]), Dev: 1, Inode: inode,
		Plain: true, Limit: int64(len(content))}
}

// TestPlanResumeFollowsRotation: files that start with the same header
// are told apart by their device and inode, by how much of the counted
// content they hold, and by their length; whatever the order of the
// files, the rotated file continues its input and the new one is read
// from its start.
func TestPlanResumeFollowsRotation(t *testing.T) {
	data := gcsHeader + gcsLines(0, 3)
	big := gcsHeader + gcsLines(0, 40) // past HeadBytes
	type want struct {
		offset int64 // where the file is read from
		limit  int64 // where it stops; 0: at the look's limit
	}
	for _, tc := range []struct {
		name    string
		counted []Input
		looks   []Look
		want    []want
	}{
		{
			// The last run saw the new file holding only its header; now
			// it is renamed with data in it, and a new file has the
			// header.
			name:    "header-only input, rotated file last",
			counted: []Input{counted(gcsHeader, 7)},
			looks:   []Look{look("access.log", gcsHeader, 8), look("access.log.1", data, 7)},
			want:    []want{{0, 0}, {int64(len(gcsHeader)), 0}},
		},
		{
			name:    "header-only input, rotated file first",
			counted: []Input{counted(gcsHeader, 7)},
			looks:   []Look{look("access.1.log", data, 7), look("access.log", gcsHeader, 8)},
			want:    []want{{int64(len(gcsHeader)), 0}, {0, 0}},
		},
		{
			// Copies: no inode to go by. The file holding more continues.
			name:    "no inode match: the longer file",
			counted: []Input{counted(gcsHeader, 7)},
			looks:   []Look{look("new.log", gcsHeader, 20), look("copy.log", data, 21)},
			want:    []want{{0, 0}, {int64(len(gcsHeader)), 0}},
		},
		{
			// The head covers all that was counted: a file with the same
			// header and other lines is another log, although it is long
			// enough to hold what was counted.
			name:    "a head is all that was counted",
			counted: []Input{counted(data, 7)},
			looks:   []Look{look("other.log", gcsHeader+gcsLines(100, 5), 9)},
			want:    []want{{0, 0}},
		},
		{
			// Of two inputs whose heads the file starts with, the one
			// that has seen more of it.
			name:    "the longer head",
			counted: []Input{counted(gcsHeader+gcsLines(0, 1), 30), counted(data, 31)},
			looks:   []Look{look("copy.log", data+gcsLines(3, 1), 40)},
			want:    []want{{int64(len(data)), 0}},
		},
		{
			// A compressed copy holds the same bytes: nothing more is
			// read from it.
			name:    "the same bytes twice",
			counted: []Input{counted(big, 7)},
			looks: []Look{look("access.log.1", big, 7),
				{Path: "access.log.1.gz", Head: []byte(big[:HeadBytes]), Dev: 1, Inode: 12}},
			want: []want{{int64(len(big)), 0}, {int64(len(big)), int64(len(big))}},
		},
		{
			name:    "truncated in place",
			counted: []Input{counted(big, 7)},
			looks:   []Look{look("access.log", big[:len(big)-200], 7)},
			want:    []want{{0, 0}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan := PlanResume(tc.looks, tc.counted)
			for i, w := range tc.want {
				r, l := plan[i], tc.looks[i]
				limit := w.limit
				if limit == 0 {
					limit = l.Limit
				}
				if r.Source.Offset != w.offset || r.Limit != limit {
					t.Errorf("%s: read [%d, %d), want [%d, %d)", l.Path, r.Source.Offset, r.Limit, w.offset, limit)
				}
				if r.Source.Inode != l.Inode || !bytes.Equal(r.Head, l.Head) {
					t.Errorf("%s: the plan lost the file's identity", l.Path)
				}
			}
		})
	}
}

// TestResumedHeadCoversWhatWasCounted: an input first counted when it
// held only a header records, once resumed, the head of everything
// counted, and the merge joins the two runs into one input.
func TestResumedHeadCoversWhatWasCounted(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "usage.csv")
	os.WriteFile(path, []byte(gcsHeader), 0o644)
	gcs, _ := parse.Preset("gcs")
	opt := Options{Format: gcs}
	s1 := must(Run(context.Background(), []string{path}, opt))
	if s := s1.Inputs[0].Source; s.HeadLen != len(gcsHeader) {
		t.Fatalf("head of %d bytes, want %d", s.HeadLen, len(gcsHeader))
	}
	content := gcsHeader + gcsLines(0, 3)
	os.WriteFile(path, []byte(content), 0o644)
	l := must(LookAt(path))
	o := opt
	o.Resume = PlanResume([]Look{l}, s1.Inputs)
	s2 := must(Run(context.Background(), []string{path}, o))
	want := headSum([]byte(content), len(content))
	if s := s2.Inputs[0].Source; s.Offset != int64(len(gcsHeader)) || s.HeadLen != len(content) || s.Head != want {
		t.Fatalf("resumed source [%d, %d) with a head of %d bytes, want [%d, %d) and %d", s.Offset, s.End, s.HeadLen, len(gcsHeader), len(content), len(content))
	}
	merged := must(Merge([]*State{s1.State(), s2.State()}, MergeOptions{}))
	if len(merged.Inputs) != 1 {
		t.Fatalf("%d inputs after the merge, want the one log", len(merged.Inputs))
	}
	if s := merged.Inputs[0].Source; s.Offset != 0 || s.End != int64(len(content)) || s.Head != want || s.HeadLen != len(content) {
		t.Fatalf("merged source [%d, %d), head of %d bytes", s.Offset, s.End, s.HeadLen)
	}
	if got := merged.Inputs[0].Lines; got.Read != 4 || got.Parsed != 3 || got.Filtered != 1 {
		t.Fatalf("lines %+v, want 4 read: 3 parsed and the header", got)
	}
}
