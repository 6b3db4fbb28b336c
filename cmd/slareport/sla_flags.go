package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/slareport/slareport/aggregate"
)

// slaFlags choose the window, what counts as bad, the objectives and the
// gates a report is judged by.
type slaFlags struct {
	SLO                sloTarget     `name:"slo" group:"SLO" placeholder:"PERCENT" help:"Availability objective in percent, e.g. 99.9; exit 1 when it is not met. A ratio such as 0.999 is refused (below 1 percent, write 0.5%)."`
	LatencySLO         latencyTarget `name:"latency-slo" group:"SLO" placeholder:"P%<TIME" help:"Latency objective, e.g. '99%<300ms': that share of requests (of those logging a duration) must be faster; exit 1 when not met. The share is a percentage, as in --slo."`
	MaxBurnRate        float64       `group:"SLO" placeholder:"RATE" help:"Exit 1 when the availability burn rate is above RATE (needs --slo)."`
	MinRequests        int64         `group:"SLO" placeholder:"N" help:"With 1 to N−1 judged requests, report \"insufficient data\" and check no gate (exit 0, or 1 with --fail-on-insufficient); none at all is \"no data\", which fails."`
	FailOnInsufficient bool          `group:"SLO" help:"Exit 1 when --min-requests is not reached."`
	AllowNoData        bool          `group:"SLO" help:"Let a gate with nothing to judge (no request in the window, no duration logged) pass; by default it fails, exit 1."`
	Bad                string        `group:"SLO" placeholder:"CODES" help:"Codes and classes that count against availability (default 5xx), e.g. 5xx,429."`
	Good               string        `group:"SLO" placeholder:"CODES" help:"Codes never counted as bad, e.g. 501,505."`
	GitHub             bool          `name:"github" group:"SLO" negatable:"" default:"${github}" help:"Emit GitHub Actions annotations and append the Markdown report to $GITHUB_STEP_SUMMARY (default: on when GITHUB_ACTIONS=true)."`

	Since  string   `group:"Window" placeholder:"TIME" help:"Count requests at or after TIME: RFC 3339, a date, or an age such as 24h or 7d."`
	Until  string   `group:"Window" placeholder:"TIME" help:"Count requests before TIME (same forms as --since)."`
	Period string   `group:"Window" placeholder:"NAME" help:"today, yesterday, this-week, last-week, this-month, last-month, YYYY-MM or YYYY-MM-DD, in --tz."`
	TZ     string   `name:"tz" group:"Window" placeholder:"ZONE" help:"IANA time zone for periods, day and hour buckets (default: the local zone)."`
	Bucket string   `group:"Window" placeholder:"DURATION" help:"Bucket width of the time series, e.g. 5m, 1h, 1d (default: from the span: 1m, 5m, 1h or 1d)."`
	Route  []string `group:"Window" placeholder:"PATTERN" help:"Name endpoints by pattern, e.g. '/api/v1/items/*' ('*' one segment, a final '**' the rest); repeatable."`

	filterFlags
	sloFileFlags
}

// sloTarget is the --slo flag; kong reports a bad value as a usage error.
type sloTarget struct{ aggregate.Target }

func (t *sloTarget) UnmarshalText(b []byte) error {
	v, err := aggregate.ParseTarget(string(b))
	t.Target = v
	return err
}

// latencyTarget is the --latency-slo flag.
type latencyTarget struct {
	set bool
	aggregate.LatencyObjective
}

func (t *latencyTarget) UnmarshalText(b []byte) error {
	v, err := aggregate.ParseLatencyObjective(string(b))
	t.LatencyObjective, t.set = v, err == nil
	return err
}

// localZone is the machine's zone under its IANA name when it can be
// found ($TZ, or the /etc/localtime link), so reports say "Europe/Berlin"
// rather than Go's "Local".
func localZone() *time.Location {
	name := strings.TrimPrefix(os.Getenv("TZ"), ":")
	if name == "" {
		if target, err := os.Readlink("/etc/localtime"); err == nil {
			if i := strings.Index(target, "zoneinfo/"); i >= 0 {
				name = target[i+len("zoneinfo/"):]
			}
		}
	}
	if name != "" {
		if loc, err := time.LoadLocation(name); err == nil {
			return loc
		}
	}
	return time.Local
}

// plan is what the flags ask of a run and of its verdict.
type plan struct {
	set   aggregate.Settings // how requests are counted
	gates aggregate.Gates
}

// plan checks the flags together and resolves times against now. Its
// errors are usage errors.
func (f *slaFlags) plan(now time.Time) (plan, error) {
	var p plan
	var err error
	if p.set.Zone, err = f.zone(); err != nil {
		return p, err
	}
	if p.set.Window, err = f.window(now, p.set.Zone); err != nil {
		return p, err
	}
	if p.set.Bucket, err = f.bucket(); err != nil {
		return p, err
	}
	if p.set.Rule, err = aggregate.ParseBadRule(f.Bad, f.Good); err != nil {
		return p, ruleFlagError(err)
	}
	if p.set.Routes, err = f.routes(); err != nil {
		return p, err
	}
	if p.set.Filter, err = f.selector(); err != nil {
		return p, err
	}
	if p.gates, err = f.gates(); err != nil {
		return p, err
	}
	if p.gates.Latency != nil {
		p.set.LatencyThreshold = p.gates.Latency.Threshold
	}
	return p, nil
}

// zone returns the zone of --tz, or the local one.
func (f *slaFlags) zone() (*time.Location, error) {
	if f.TZ == "" {
		return localZone(), nil
	}
	loc, err := time.LoadLocation(f.TZ)
	if err != nil {
		return nil, fmt.Errorf("--tz: unknown time zone %q", f.TZ)
	}
	return loc, nil
}

// window returns the time window --period, or --since and --until, ask
// for, in zone.
func (f *slaFlags) window(now time.Time, zone *time.Location) (aggregate.Window, error) {
	var w aggregate.Window
	var err error
	if f.Period != "" {
		if f.Since != "" || f.Until != "" {
			return w, errors.New("--period cannot be combined with --since or --until")
		}
		if w, err = aggregate.ParsePeriod(f.Period, now, zone); err != nil {
			return w, fmt.Errorf("--period: %w", err)
		}
	}
	if f.Since != "" {
		if w.Since, err = aggregate.ParseTime(f.Since, now, zone); err != nil {
			return w, fmt.Errorf("--since: %w", err)
		}
	}
	if f.Until != "" {
		if w.Until, err = aggregate.ParseTime(f.Until, now, zone); err != nil {
			return w, fmt.Errorf("--until: %w", err)
		}
	}
	if !w.Since.IsZero() && !w.Until.IsZero() && !w.Since.Before(w.Until) {
		return w, fmt.Errorf("the window is empty: --since %s is not before --until %s",
			w.Since.Format(time.RFC3339), w.Until.Format(time.RFC3339))
	}
	return w, nil
}

// bucket returns the width --bucket asks for, in seconds; 0 picks one
// from the span.
func (f *slaFlags) bucket() (int64, error) {
	if f.Bucket == "" {
		return 0, nil
	}
	d, err := aggregate.ParseDuration(f.Bucket)
	if err != nil || d < time.Minute || d%time.Minute != 0 || (d > 24*time.Hour && d%(24*time.Hour) != 0) {
		return 0, fmt.Errorf("--bucket %q: want whole minutes (at least 1m), or whole days beyond a day", f.Bucket)
	}
	return int64(d / time.Second), nil
}

// routes compiles the --route patterns, in the order given.
func (f *slaFlags) routes() ([]aggregate.Route, error) {
	var routes []aggregate.Route
	for _, r := range f.Route {
		route, err := aggregate.ParseRoute(r)
		if err != nil {
			return nil, fmt.Errorf("--route: %w", err)
		}
		routes = append(routes, route)
	}
	return routes, nil
}

// gates returns the gates the flags set, once they agree with each other.
func (f *slaFlags) gates() (aggregate.Gates, error) {
	var g aggregate.Gates
	if f.MaxBurnRate < 0 || f.MinRequests < 0 {
		return g, errors.New("--max-burn-rate and --min-requests cannot be negative")
	}
	if f.MaxBurnRate > 0 && f.SLO.IsZero() {
		return g, errors.New("--max-burn-rate needs --slo: a burn rate is relative to an objective")
	}
	if f.FailOnInsufficient && f.MinRequests == 0 {
		return g, errors.New("--fail-on-insufficient needs --min-requests")
	}
	if !f.SLO.IsZero() {
		t := f.SLO.Target
		g.SLO = &t
	}
	if f.LatencySLO.set {
		l := f.LatencySLO.LatencyObjective
		g.Latency = &l
	}
	g.MaxBurnRate = f.MaxBurnRate
	g.MinRequests = f.MinRequests
	g.AllowNoData = f.AllowNoData
	return g, nil
}
