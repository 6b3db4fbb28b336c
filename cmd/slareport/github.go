package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/report"
)

// githubAnnotate writes a GitHub Actions workflow command (::error:: or
// ::notice::) so the message shows on the run's summary page. It goes to
// stderr, which the runner reads as well, so that a report on stdout
// (slareport -f json > r.json) stays clean.
func githubAnnotate(on bool, e *env, level, msg string) {
	if !on {
		return
	}
	fmt.Fprintf(e.stderr, "::%s title=slareport::%s\n", level, escapeWorkflow(msg))
}

// escapeWorkflow escapes a workflow command's message as the Actions
// toolkit does, so a newline or '%' cannot end the command or inject
// another one.
func escapeWorkflow(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// githubSummary appends the Markdown report to the file GitHub names in
// $GITHUB_STEP_SUMMARY, where it renders on the run's page. Without the
// variable (a local run with --github) there is nowhere to write.
func githubSummary(e *env, sum *aggregate.Summary, ropt report.Options) error {
	path := e.lookup("GITHUB_STEP_SUMMARY")
	if path == "" {
		return nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("append to $GITHUB_STEP_SUMMARY %q: %w", path, unwrapPath(err))
	}
	werr := report.Markdown(f, sum, ropt)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return fmt.Errorf("append to $GITHUB_STEP_SUMMARY %q: %w", path, werr)
	}
	return nil
}
