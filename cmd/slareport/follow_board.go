package main

import (
	"fmt"
	"io"
	"os"
	"syscall"
	"time"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/report"
	"github.com/slareport/slareport/report/board"
)

// boardSink shows the live board on the terminal.
type boardSink struct {
	prog *board.Program
}

// plainBoard prints the board again at every interval, for a terminal that
// cannot move its cursor (TERM=dumb).
type plainBoard struct {
	w io.Writer
}

// startBoard takes the terminal for the board.
func startBoard(e *env, interval time.Duration) (sink, error) {
	if e.lookup("TERM") == "dumb" {
		return &plainBoard{w: e.stdout}, nil
	}
	out := e.stdout
	if cp, ok := out.(*closedPipe); ok {
		out = cp.w // Bubble Tea asks the terminal itself for its size
	}
	in := e.stdin
	if in == nil {
		in = os.Stdin
	}
	return &boardSink{prog: board.Start(in, out, e.lookup("NO_COLOR") == "")}, nil
}

func (s *boardSink) show(sum *aggregate.Summary, ropt report.Options, live *aggregate.Live, at time.Time) error {
	s.prog.Show(board.NewSnapshot(sum, ropt, live.Recent(at, 5*time.Minute), at))
	return nil
}

func (s *boardSink) quit() <-chan struct{} { return s.prog.Done() }

// stopErr is ctrl+c on the board, which quits as SIGINT would.
func (s *boardSink) stopErr() error {
	if s.prog.Interrupted {
		return interrupted{syscall.SIGINT}
	}
	return nil
}

func (s *boardSink) close() { s.prog.Quit() }

func (s *plainBoard) show(sum *aggregate.Summary, ropt report.Options, live *aggregate.Live, at time.Time) error {
	text := board.Text(board.NewSnapshot(sum, ropt, live.Recent(at, 5*time.Minute), at), 80, board.Plain, false)
	if _, err := fmt.Fprint(s.w, text+"\n"); err != nil {
		return outputError(fmt.Errorf("write standard output: %w", err))
	}
	return nil
}

func (s *plainBoard) quit() <-chan struct{} { return nil }
func (s *plainBoard) stopErr() error        { return nil }
func (s *plainBoard) close()                {}
