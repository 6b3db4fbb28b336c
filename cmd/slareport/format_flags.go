package main

import (
	"errors"

	"github.com/slareport/slareport/parse"
)

// formatFlags are the flags that choose how log lines are parsed. They are
// embedded in every command that reads logs. At most one way of giving the
// layout may be used: --log-format, --apache-format, or the --json-* keys.
type formatFlags struct {
	LogFormat    string `placeholder:"FORMAT" help:"Log format: a preset (see 'slareport formats'), an nginx log_format string such as '$remote_addr [$time_local] \"$request\" $status', an Apache LogFormat string, or a W3C '#Fields:' line. Detected from the first lines when omitted."`
	ApacheFormat string `placeholder:"STRING" help:"Apache LogFormat string, e.g. '%h %l %u %t \"%r\" %>s %b'."`

	JSONStatus       string `name:"json-status" placeholder:"KEY" group:"JSON lines" help:"JSON key of the status (dotted path for nested objects: response.status). Any --json-* flag reads JSON lines; keys not given are mapped automatically."`
	JSONTime         string `name:"json-time" placeholder:"KEY" group:"JSON lines" help:"JSON key of the time: RFC 3339, CLF, or epoch seconds/ms/us/ns (told apart by magnitude)."`
	JSONDuration     string `name:"json-duration" placeholder:"KEY" group:"JSON lines" help:"JSON key of the request duration."`
	JSONDurationUnit string `name:"json-duration-unit" placeholder:"UNIT" enum:",s,ms,us,ns" default:"" group:"JSON lines" help:"Unit of numeric durations: s, ms, us or ns (default s; strings such as 12ms carry their own)."`
	JSONMethod       string `name:"json-method" placeholder:"KEY" group:"JSON lines" help:"JSON key of the request method."`
	JSONPath         string `name:"json-path" placeholder:"KEY" group:"JSON lines" help:"JSON key of the request path."`
	JSONHost         string `name:"json-host" placeholder:"KEY" group:"JSON lines" help:"JSON key of the virtual host."`
	JSONRemote       string `name:"json-remote" placeholder:"KEY" group:"JSON lines" help:"JSON key of the client address."`
	JSONBytes        string `name:"json-bytes" placeholder:"KEY" group:"JSON lines" help:"JSON key of the response size."`
	JSONUserAgent    string `name:"json-user-agent" placeholder:"KEY" group:"JSON lines" help:"JSON key of the user agent."`
}

// format returns the Format the flags ask for, or nil to detect it per
// input. Errors are usage errors.
func (f *formatFlags) format() (*parse.Format, error) {
	m := parse.JSONMapping{
		Status: f.JSONStatus, Time: f.JSONTime, Duration: f.JSONDuration, DurationUnit: f.JSONDurationUnit,
		Method: f.JSONMethod, Path: f.JSONPath, Host: f.JSONHost, Remote: f.JSONRemote,
		Bytes: f.JSONBytes, UserAgent: f.JSONUserAgent,
	}
	json := m != parse.JSONMapping{}
	given := 0
	for _, set := range []bool{f.LogFormat != "", f.ApacheFormat != "", json} {
		if set {
			given++
		}
	}
	switch {
	case given > 1:
		return nil, errors.New("give the log layout one way: --log-format, --apache-format or --json-* keys")
	case f.LogFormat != "":
		return parse.ForFlag(f.LogFormat)
	case f.ApacheFormat != "":
		return parse.CompileApache(f.ApacheFormat)
	case json:
		return parse.JSON(m)
	}
	return nil, nil
}
