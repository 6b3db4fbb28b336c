package ingest_test

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"testing"

	"github.com/slareport/slareport/ingest"
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

// counted is where an earlier run's read of content ended, having read it
// from its start to its end, from the file with the given inode.
func counted(content string, inode uint64) ingest.Source {
	n := min(len(content), ingest.HeadBytes)
	return ingest.Source{Head: sha256.Sum256([]byte(content[:n])), HeadLen: n,
		Offset: int64(len(content)), End: int64(len(content)),
		Lines: int64(bytes.Count([]byte(content), []byte("\n"))), Dev: 1, Inode: inode}
}

// look is what a run sees of a plain file holding content.
func look(path, content string, inode uint64) ingest.Look {
	return ingest.Look{Path: path, Head: []byte(content[:min(len(content), ingest.HeadBytes)]), Dev: 1, Inode: inode,
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
		counted []ingest.Source
		looks   []ingest.Look
		want    []want
	}{
		{
			// The last run saw the new file holding only its header; now
			// it is renamed with data in it, and a new file has the
			// header.
			name:    "header-only input, rotated file last",
			counted: []ingest.Source{counted(gcsHeader, 7)},
			looks:   []ingest.Look{look("access.log", gcsHeader, 8), look("access.log.1", data, 7)},
			want:    []want{{0, 0}, {int64(len(gcsHeader)), 0}},
		},
		{
			name:    "header-only input, rotated file first",
			counted: []ingest.Source{counted(gcsHeader, 7)},
			looks:   []ingest.Look{look("access.1.log", data, 7), look("access.log", gcsHeader, 8)},
			want:    []want{{int64(len(gcsHeader)), 0}, {0, 0}},
		},
		{
			// Copies: no inode to go by. The file holding more continues.
			name:    "no inode match: the longer file",
			counted: []ingest.Source{counted(gcsHeader, 7)},
			looks:   []ingest.Look{look("new.log", gcsHeader, 20), look("copy.log", data, 21)},
			want:    []want{{0, 0}, {int64(len(gcsHeader)), 0}},
		},
		{
			// The head covers all that was counted: a file with the same
			// header and other lines is another log, although it is long
			// enough to hold what was counted.
			name:    "a head is all that was counted",
			counted: []ingest.Source{counted(data, 7)},
			looks:   []ingest.Look{look("other.log", gcsHeader+gcsLines(100, 5), 9)},
			want:    []want{{0, 0}},
		},
		{
			// Of two inputs whose heads the file starts with, the one
			// that has seen more of it.
			name:    "the longer head",
			counted: []ingest.Source{counted(gcsHeader+gcsLines(0, 1), 30), counted(data, 31)},
			looks:   []ingest.Look{look("copy.log", data+gcsLines(3, 1), 40)},
			want:    []want{{int64(len(data)), 0}},
		},
		{
			// A compressed copy holds the same bytes: nothing more is
			// read from it.
			name:    "the same bytes twice",
			counted: []ingest.Source{counted(big, 7)},
			looks: []ingest.Look{look("access.log.1", big, 7),
				{Path: "access.log.1.gz", Head: []byte(big[:ingest.HeadBytes]), Dev: 1, Inode: 12}},
			want: []want{{int64(len(big)), 0}, {int64(len(big)), int64(len(big))}},
		},
		{
			name:    "truncated in place",
			counted: []ingest.Source{counted(big, 7)},
			looks:   []ingest.Look{look("access.log", big[:len(big)-200], 7)},
			want:    []want{{0, 0}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan := ingest.PlanResume(tc.looks, tc.counted)
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

// BenchmarkPlanResume plans an incremental run over n unchanged one-line
// files that all start with the same CSV header: by device and inode (the
// files as they were), and by head alone (copies on another machine). The
// time per file must not grow with n.
//
//	go test -run XX -bench PlanResume ./ingest
func BenchmarkPlanResume(b *testing.B) {
	for _, n := range []int{4000, 8000, 16000} {
		for _, byInode := range []bool{true, false} {
			looks := make([]ingest.Look, n)
			ends := make([]ingest.Source, n)
			for i := range n {
				c := gcsHeader + gcsLines(i, 1)
				ends[i] = counted(c, uint64(i+1))
				looks[i] = look(fmt.Sprint(i), c, uint64(i+1))
				if !byInode {
					looks[i].Inode = uint64(n + i + 1)
				}
			}
			name := fmt.Sprintf("files=%d/by=head", n)
			if byInode {
				name = fmt.Sprintf("files=%d/by=inode", n)
			}
			b.Run(name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					ingest.PlanResume(looks, ends)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/file")
			})
		}
	}
}
