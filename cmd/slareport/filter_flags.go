package main

import (
	"strings"

	"github.com/alecthomas/kong"

	"github.com/slareport/slareport/aggregate"
)

// filterFlags choose which requests count: the aggregate.SelectorSpec of
// a run with one SLO. A line they leave out is filtered with its reason.
// Report and merge take them, through slaFlags; merge only with the
// values the summaries were saved with.
type filterFlags struct {
	Host          []string `group:"Filters" sep:"none" placeholder:"GLOB,..." help:"Count only requests to these hosts: 'api.example.com', '*.example.com' (every subdomain: '*' crosses dots), in any case, the port ignored. Repeatable."`
	Path          []string `group:"Filters" sep:"none" placeholder:"PATTERN,..." help:"Count only requests whose path, without the query, matches: '/api/**' (the --route language: '*' one segment, a final '**' the rest). Repeatable."`
	Method        []string `group:"Filters" sep:"none" placeholder:"METHOD,..." help:"Count only requests of these methods, in any case: GET,HEAD. Repeatable."`
	ExcludePath   []string `group:"Filters" sep:"none" placeholder:"PATTERN,..." help:"Leave out requests whose path matches: /health, '/static/**'. Repeatable."`
	ExcludeHost   []string `group:"Filters" sep:"none" placeholder:"GLOB,..." help:"Leave out requests to these hosts (globs as for --host). Repeatable."`
	ExcludeClient []string `group:"Filters" sep:"none" placeholder:"CIDR,..." help:"Leave out requests from these client prefixes or addresses: 10.0.0.0/8, 2001:db8::/32, 192.0.2.7. Repeatable."`
	ExcludeUA     []string `name:"exclude-ua" group:"Filters" sep:"none" placeholder:"GLOB" help:"Leave out requests whose whole user agent matches, in any case: '*HealthChecker*'. Repeatable; one glob each, since user agents hold commas."`
	ExcludeBots   bool     `group:"Filters" help:"Leave out crawlers (Googlebot, bingbot, GPTBot, ...) and uptime and health probes (UptimeRobot, kube-probe, ...); tools such as curl and python-requests are kept (exclude them with --exclude-ua)."`
	ExcludeWindow []string `group:"Filters" sep:"none" placeholder:"START/END,..." help:"Leave out requests in [START, END), RFC 3339 times: a maintenance window such as 2026-05-01T02:00:00Z/2026-05-01T03:00:00Z. Repeatable."`
}

// filterGroup introduces the Filters group in --help.
var filterGroup = kong.Group{Key: "Filters", Title: "Filters", Description: `Choose the requests availability is judged on: a request counts when
every --host, --path and --method list selects it and no --exclude-* flag
matches it. A line left out is filtered with its reason (host not
selected, excluded path, bot, maintenance window, ...), so that
read = parsed + malformed + filtered still holds.

Examples:
  slareport --host api.example.com --path '/v1/**' --exclude-bots access.log
  slareport --exclude-path /health --exclude-client 10.0.0.0/8 access.log`}

// given reports whether any filter flag was given.
func (f *filterFlags) given() bool {
	return len(f.Host)+len(f.Path)+len(f.Method)+len(f.ExcludePath)+len(f.ExcludeHost)+
		len(f.ExcludeClient)+len(f.ExcludeUA)+len(f.ExcludeWindow) > 0 || f.ExcludeBots
}

// selector compiles the filter flags; nil when none was given. Its errors
// name the flag and the value.
func (f *filterFlags) selector() (*aggregate.Selector, error) {
	if !f.given() {
		return nil, nil
	}
	sel, err := aggregate.NewSelector(aggregate.SelectorSpec{
		Hosts: commaLists(f.Host), Paths: commaLists(f.Path), Methods: commaLists(f.Method),
		ExcludePaths: commaLists(f.ExcludePath), ExcludeHosts: commaLists(f.ExcludeHost),
		ExcludeClients: commaLists(f.ExcludeClient), ExcludeUserAgents: f.ExcludeUA,
		ExcludeBots: f.ExcludeBots, ExcludeWindows: commaLists(f.ExcludeWindow),
	})
	if err != nil {
		return nil, selectorFlagError(err)
	}
	return sel, nil
}

// commaLists splits each value at its commas. The flags split here rather
// than in kong, which drops empty values: --host "$UNSET" must be refused
// as an empty pattern, not select every request.
func commaLists(values []string) []string {
	var out []string
	for _, v := range values {
		out = append(out, strings.Split(v, ",")...)
	}
	return out
}
