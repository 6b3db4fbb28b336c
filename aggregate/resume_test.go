package aggregate

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/slareport/slareport/ingest"
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
	l := must(ingest.LookAt(path))
	o := opt
	o.Resume = ingest.PlanResume([]ingest.Look{l}, []ingest.Source{s1.Inputs[0].ResumeAt()})
	s2 := must(Run(context.Background(), []string{path}, o))
	want := sha256.Sum256([]byte(content))
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
