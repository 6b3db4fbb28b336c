//go:build unix

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// nobody is the conventional unprivileged uid and gid. Root reads any file
// whatever its mode, so as root the test drops to nobody to see what a
// user without permission sees.
const nobody = 65534

// TestPermissionDenied runs the binary on a log it may not read and into a
// directory it may not write: an input error (exit 3) and an output error
// (exit 4), each naming the path, and nothing written.
func TestPermissionDenied(t *testing.T) {
	// Everything the unprivileged run touches must be reachable by it:
	// its own directory (not t.TempDir, whose parent is private) and the
	// binary's.
	dir, err := os.MkdirTemp("", "slareport-perm-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	for _, d := range []string{dir, filepath.Dir(binary)} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	log := filepath.Join(dir, "locked.log")
	if err := os.WriteFile(log, []byte(good("02/Nov/2026:10:00:00 +0000", "200")), 0o644); err != nil {
		t.Fatal(err)
	}
	readable := filepath.Join(dir, "open.log")
	if err := os.WriteFile(readable, []byte(good("02/Nov/2026:10:00:00 +0000", "200")), 0o644); err != nil {
		t.Fatal(err)
	}
	shut := filepath.Join(dir, "shut")
	if err := os.Mkdir(shut, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(log, 0); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(shut, 0o555); err != nil {
		t.Fatal(err)
	}

	run := func(args ...string) (int, string, string) {
		t.Helper()
		cmd := exec.Command(binary, append([]string{"-f", "json"}, args...)...)
		if os.Geteuid() == 0 {
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
		}
		code, stdout, stderr, err := execCmd(cmd)
		if err != nil {
			t.Skipf("cannot run slareport as an unprivileged user: %v", err)
		}
		return code, stdout.String(), stderr.String()
	}
	// The check only means something if the run cannot read the file, which
	// a user with CAP_DAC_OVERRIDE (or a file system ignoring modes) can.
	if code, _, _ := run(log); code == 0 {
		t.Skip("the test user can read a file of mode 000: permissions are not enforced here")
	}

	t.Run("unreadable log", func(t *testing.T) {
		code, stdout, stderr := run(readable, log)
		if code != exitInput {
			t.Fatalf("exit %d, want %d; stderr: %s", code, exitInput, stderr)
		}
		if want := `open "` + log + `": permission denied`; !strings.Contains(stderr, want) {
			t.Errorf("stderr %q, want it to contain %q", stderr, want)
		}
		if stdout != "" {
			t.Errorf("a report was written on an input error: %.200s", stdout)
		}
	})
	t.Run("unwritable output directory", func(t *testing.T) {
		out := filepath.Join(shut, "report.json")
		code, _, stderr := run("-o", out, readable)
		if code != exitOutput {
			t.Fatalf("exit %d, want %d; stderr: %s", code, exitOutput, stderr)
		}
		if !strings.Contains(stderr, shut) || !strings.Contains(stderr, "permission denied") {
			t.Errorf("stderr %q does not name %s and the cause", stderr, shut)
		}
		if entries, err := os.ReadDir(shut); err != nil || len(entries) != 0 {
			t.Errorf("the directory holds %v (%v), want nothing", entries, err)
		}
	})
}
