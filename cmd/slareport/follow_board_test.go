package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// tmuxSession runs a command in a detached tmux session of its own
// server, as a terminal of width × height would.
type tmuxSession struct {
	t      *testing.T
	socket string
}

func (s tmuxSession) tmux(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", s.socket}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %v: %v: %s", args, err, out)
	}
	return string(out)
}

// screen waits until the pane shows every string of want, and returns
// it.
func (s tmuxSession) screen(want ...string) string {
	s.t.Helper()
	var pane string
	for range 100 {
		pane = s.tmux("capture-pane", "-p", "-t", "board")
		ok := true
		for _, w := range want {
			ok = ok && strings.Contains(pane, w)
		}
		if ok {
			return pane
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.t.Fatalf("the terminal never showed %q; it shows:\n%s", want, pane)
	return ""
}

// TestFollowBoard runs the board in a real terminal (tmux): it draws,
// redraws narrower when the terminal shrinks, and quits on q with exit 0.
func TestFollowBoard(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed: the board needs a terminal to be tested in")
	}
	dir := t.TempDir()
	log := filepath.Join(dir, "access.log")
	appendFile(t, log, clfNow(97, 200)+clfNow(3, 503))
	exit := filepath.Join(dir, "exit")
	s := tmuxSession{t: t, socket: "slareport-board-" + strconv.Itoa(os.Getpid())}
	script := binary + " --follow --interval 1s --slo 99.9 " + log + "; echo $? > " + exit + "; sleep 30"
	s.tmux("-f", "/dev/null", "new-session", "-d", "-s", "board", "-x", "120", "-y", "40", "sh", "-c", script)
	t.Cleanup(func() { exec.Command("tmux", "-L", s.socket, "kill-server").Run() })

	wide := s.screen("last 5 m", "availability", "97.000%", "budget left", "1h/5m", "q quit")
	if !strings.Contains(wide, "!") {
		t.Errorf("the firing rules are not marked:\n%s", wide)
	}
	s.tmux("resize-window", "-t", "board", "-x", "60", "-y", "30")
	narrow := s.screen("availability: budget", "FIRING 1h/5m")
	for _, l := range strings.Split(narrow, "\n") {
		if len([]rune(l)) > 60 {
			t.Errorf("a line wider than the terminal: %q", l)
		}
	}
	appendFile(t, log, clfNow(100, 200))
	s.screen("200 lines read")
	s.tmux("send-keys", "-t", "board", "q")
	for range 100 {
		if b, err := os.ReadFile(exit); err == nil {
			if code := strings.TrimSpace(string(b)); code != "0" {
				t.Errorf("exit %s after q, want 0", code)
			}
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("the board did not quit on q; it shows:\n%s", s.tmux("capture-pane", "-p", "-t", "board"))
}

// TestFollowBoardDumb prints the board again at every interval on a
// terminal that cannot move its cursor, and stops on ctrl+c (SIGINT from
// the terminal) with 130.
func TestFollowBoardDumb(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed: the board needs a terminal to be tested in")
	}
	dir := t.TempDir()
	log := filepath.Join(dir, "access.log")
	appendFile(t, log, clfNow(10, 200))
	exit := filepath.Join(dir, "exit")
	s := tmuxSession{t: t, socket: "slareport-dumb-" + strconv.Itoa(os.Getpid())}
	// The shell ignores SIGINT so that it lives to record the exit code;
	// slareport asks for the signal and gets it all the same.
	script := "trap '' INT; TERM=dumb " + binary + " --follow --interval 1s " + log + "; echo $? > " + exit + "; sleep 30"
	s.tmux("-f", "/dev/null", "new-session", "-d", "-s", "board", "-x", "100", "-y", "60", "sh", "-c", script)
	t.Cleanup(func() { exec.Command("tmux", "-L", s.socket, "kill-server").Run() })
	pane := s.screen("last 5 m", "10 lines read")
	for range 50 {
		if strings.Count(pane, "q quit") >= 2 {
			break
		}
		time.Sleep(100 * time.Millisecond)
		pane = s.tmux("capture-pane", "-p", "-t", "board")
	}
	if strings.Count(pane, "q quit") < 2 {
		t.Errorf("the board was not printed again:\n%s", pane)
	}
	s.tmux("send-keys", "-t", "board", "C-c")
	for range 100 {
		if b, err := os.ReadFile(exit); err == nil {
			if code := strings.TrimSpace(string(b)); code != "130" {
				t.Errorf("exit %s after ctrl+c, want 130", code)
			}
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("the plain board did not stop on ctrl+c")
}
