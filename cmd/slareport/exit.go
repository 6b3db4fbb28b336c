package main

import (
	"context"
	"errors"
	"syscall"
)

// Exit codes are API: scripts and CI jobs branch on them. They are
// documented in the README and tested by running the binary.
const (
	exitOK          = 0   // report written; SLO met or none given
	exitGateFailed  = 1   // report written; an SLO or another gate failed
	exitUsage       = 2   // bad flag, bad value, no input, an output that is an input
	exitInput       = 3   // missing or unreadable input, corrupt or truncated stream, nothing parseable
	exitOutput      = 4   // an output could not be written, so none was
	exitInterrupted = 128 // plus the signal number: 130 for SIGINT, 143 for SIGTERM
)

// errGateFailed ends a run whose report was written but whose SLO or other
// gate failed; the failed gates are already on stderr.
var errGateFailed = errors.New("gate failed")

// exitError carries the exit code for an error from the place that knows
// what kind of failure it is.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageError(err error) error  { return &exitError{exitUsage, err} }
func inputError(err error) error  { return &exitError{exitInput, err} }
func outputError(err error) error { return &exitError{exitOutput, err} }

// interrupted is the cause of a run stopped by a signal.
type interrupted struct{ sig syscall.Signal }

func (i interrupted) Error() string { return "interrupted by " + signalName(i.sig) }

func signalName(s syscall.Signal) string {
	switch s {
	case syscall.SIGINT:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return s.String()
}

// stopped returns why ctx ended: the signal that interrupted the run, or
// the context's own error.
func stopped(ctx context.Context) error {
	if err := context.Cause(ctx); err != nil {
		return err
	}
	return ctx.Err()
}

// exitCode maps an error from a command to the process exit code.
func exitCode(err error) int {
	var ee *exitError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errGateFailed):
		return exitGateFailed
	case errors.As(err, new(interrupted)):
		var i interrupted
		errors.As(err, &i)
		return exitInterrupted + int(i.sig)
	case errors.Is(err, context.Canceled):
		return exitInterrupted + int(syscall.SIGINT)
	case errors.As(err, &ee):
		return ee.code
	}
	return exitInput
}
