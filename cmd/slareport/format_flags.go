package main

import (
	"github.com/slareport/slareport/parse"
)

// formatFlags are the flags that choose how log lines are parsed. They are
// embedded in every command that reads logs.
type formatFlags struct {
	LogFormat string `placeholder:"FORMAT" help:"Log format: combined, common, or an nginx log_format string such as '$remote_addr [$time_local] \"$request\" $status'. Detected from the first lines when omitted."`
}

// format returns the Format the flags ask for, or nil to detect it per
// input. Errors are usage errors.
func (f *formatFlags) format() (*parse.Format, error) {
	if f.LogFormat == "" {
		return nil, nil
	}
	return parse.ForFlag(f.LogFormat)
}
