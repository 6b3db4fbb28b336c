package aggregate

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
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

// TestContinue: a State counted under other settings, or not split as the
// run asks, is refused as data before any file is looked at; one that
// matches is continued, its log read from where it ended.
func TestContinue(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "usage.csv")
	first := gcsHeader + gcsLines(0, 3)
	os.WriteFile(path, []byte(first), 0o644)
	gcs, _ := parse.Preset("gcs")
	opt := Options{Format: gcs, Settings: Settings{Bucket: 3600}}
	prev := must(Run(ctx, []string{path}, opt)).State()
	absent := []string{filepath.Join(dir, "absent.log")} // an error if looked at

	var se *StateError
	other := opt
	other.Bucket = 0
	if _, err := Continue(ctx, absent, other, prev); !errors.As(err, &se) || se.Diff == nil ||
		*se.Diff != (SettingDiff{SettingBucket, "3600", "0"}) {
		t.Fatalf("other settings: %v", err)
	}
	split := opt
	split.StatusDims = DimHost
	if _, err := Continue(ctx, absent, split, prev); !errors.As(err, &se) || se.Diff != nil || se.Missing != DimHost {
		t.Fatalf("a split the state lacks: %v", err)
	}

	os.WriteFile(path, []byte(first+gcsLines(3, 2)), 0o644)
	sum := must(Continue(ctx, []string{path}, opt, prev))
	if len(sum.Inputs) != 1 || sum.Inputs[0].Lines.Read != 6 || sum.Inputs[0].Lines.Parsed != 5 {
		t.Fatalf("inputs %+v, want the one log: its header and 5 lines, each counted once", sum.Inputs)
	}
}
