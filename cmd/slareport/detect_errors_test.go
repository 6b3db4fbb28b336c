package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/parse"
)

// giveLayout and moreKeys end the messages below as the CLI words them.
const (
	giveLayout = "; give the layout with --log-format (a preset from `slareport formats`, or an nginx log_format string), --apache-format or --json-status"
	moreKeys   = " (--json-duration, --json-path and the other --json-* flags name more keys)"
)

// TestDetectErrorNamesTheFlags pins detection's refusals as the CLI prints
// them: parse's account of the sample, then the flags that give the
// layout, with the preset or key that looks right.
func TestDetectErrorNamesTheFlags(t *testing.T) {
	combined := `127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"` + "\n"
	syslog := `Nov  2 10:00:00 web1 systemd[1]: Started Session 42 of user root.` + "\n"
	gonx := `112.162.114.78 [10/Sep/2015:17:57:59 +0000] "GET /t/x100/a2/a8/6806ed71570139f1656554d94bbb.jpeg HTTP/1.1" 200 363 7013 0.138 "x100" 92 42` + "\n" +
		`170.163.78.42 [10/Sep/2015:17:57:59 +0000] "GET /t/240x240/09/b4/96787fd82b43701a21e9c2d99ab8.jpeg HTTP/1.1" 200 1045 12277 0.081 "240x240" 68 9` + "\n" +
		`169.165.184.151 [10/Sep/2015:17:57:59 +0000] "GET /t/100x100/d4/4e/27d97b5d7f0d60b24251e1cef181.jpeg HTTP/1.1" 404 785 69 0.007 "-" - -` + "\n"
	cases := []struct {
		name, sample, want string
	}{
		{"nothing reads it", "hello world\nfoo bar\n",
			`detect format of "x.log": no known format reads any of the first 2 lines` + giveLayout},
		{"one line in three", "hello world\n" + combined + "foo bar\n",
			`detect format of "x.log": no known format reads nearly all of the first 3 lines (closest: combined 1/3)` + giveLayout},
		{"combined with noise", strings.Repeat(combined+combined+combined+syslog, 5),
			`detect format of "x.log": no known format reads nearly all of the first 20 lines (closest: combined 15/20); if it is combined, --log-format combined reads it and counts the other lines as malformed` + giveLayout},
		{"a custom layout with a duration", gonx,
			`detect format of "x.log": no known format reads any of the first 3 lines; combined reads 3 of them only by recovering damaged lines (fields missing before the time), which is no evidence of a format; a number after the status (0.138 in the first lines) looks like $request_time: a custom layout, whose log_format string --log-format takes, duration included` + giveLayout},
		{"json status under an unusual key", `{"time":"2026-11-02T10:00:00Z","http":{"code":200}}` + "\n",
			`detect format of "x.log": this is JSON lines, but no key slareport knows holds the status (keys seen: time, http.code); try --json-status http.code` + moreKeys},
		{"json without a status", `{"ts":"2026-11-02T10:00:00Z","event":"login"}` + "\n",
			`detect format of "x.log": this is JSON lines, but no key slareport knows holds the status (keys seen: ts, event); give the status key with --json-status KEY` + moreKeys},
		{"json time under an unusual key", `{"when":"2026-11-02T10:00:00Z","status":200}` + "\n",
			`detect format of "x.log": this is JSON lines, but no key slareport knows holds a readable time (keys seen: when, status); try --json-time when` + moreKeys},
		{"json without a time", `{"status":200,"x":1}` + "\n",
			`detect format of "x.log": this is JSON lines, but no key slareport knows holds a readable time (keys seen: status, x); give the time key with --json-time KEY` + moreKeys},
		{"json that reads as no access log", `{"status":"2x0","time":"2026-11-02T10:00:00Z"}` + "\n",
			`detect format of "x.log": this is JSON lines, but they do not read as an access log (keys seen: status, time); name the keys with --json-status and --json-time` + moreKeys},
		{"no lines", "\n \n",
			`detect format of "x.log": no log lines in the first block`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := parse.Sniff([]byte(tc.sample)).Problem("x.log")
			if err == nil {
				t.Fatal("detected a format")
			}
			if got := withLayoutFlags(err, nil).Error(); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// TestDetectErrorTie: two formats that read the sample equally well are
// named, with the flag for each.
func TestDetectErrorTie(t *testing.T) {
	err := withLayoutFlags(&parse.DetectError{
		Input: "x.log", Lines: 8, Tie: true,
		Closest: []parse.Candidate{{Format: parse.VCommon, Parsed: 8, Fit: 8}, {Format: parse.Combined, Parsed: 8, Fit: 8}},
	}, nil)
	want := `detect format of "x.log": the first 8 lines read equally well as vcommon (8/8) and as combined (8/8); say which they are with --log-format vcommon or --log-format combined`
	if err.Error() != want {
		t.Errorf("got\n%s\nwant\n%s", err, want)
	}
}

// TestWithLayoutFlags: the flags reach the report of a partial run, which
// quotes the error, and other errors pass as they are.
func TestWithLayoutFlags(t *testing.T) {
	de := parse.Sniff([]byte("hello world\n")).Problem("x.log")
	sum := &aggregate.Summary{Incomplete: de.Error()}
	err := withLayoutFlags(de, sum)
	if want := `detect format of "x.log": no known format reads any of the first 1 lines` + giveLayout; err.Error() != want || sum.Incomplete != want {
		t.Errorf("error %q, Incomplete %q; want both %q", err, sum.Incomplete, want)
	}
	if !errors.Is(err, de) {
		t.Error("the refusal is not wrapped")
	}
	other := errors.New("open x.log: no such file")
	if got := withLayoutFlags(other, nil); got != other {
		t.Errorf("got %v", got)
	}
}
