package main

import (
	"errors"
	"fmt"

	"github.com/slareport/slareport/aggregate"
)

// aggregate refuses in its own terms: a Setting that differs, a list of
// codes, a State that does not fit the run. The user knows these by the
// flags that chose them, so the messages are told here, in one place, with
// the flags' names.

// ruleFlagError names the flag of the list a RuleError is about:
// "--bad: ...".
func ruleFlagError(err error) error {
	var re *aggregate.RuleError
	if errors.As(err, &re) {
		return fmt.Errorf("--%s: %w", re.List, re.Err)
	}
	return err
}

// settingFlag names a setting by the flags that choose it.
func settingFlag(s aggregate.Setting) string {
	switch s {
	case aggregate.SettingRule:
		return "--bad/--good"
	case aggregate.SettingZone:
		return "--tz"
	case aggregate.SettingWindow:
		return "the window"
	case aggregate.SettingBucket:
		return "--bucket"
	case aggregate.SettingLatencyThreshold:
		return "the --latency-slo threshold"
	case aggregate.SettingRoutes:
		return "--route"
	case aggregate.SettingSamples:
		return "samples kept" // no flag chooses it
	case aggregate.SettingFilter:
		return "the filters (--host, --path, --method, --exclude-*)"
	}
	return s.String()
}

// selectorFlag names the flag of a field of the filter.
func selectorFlag(f aggregate.SelectorField) string {
	switch f {
	case aggregate.FieldHosts:
		return "--host"
	case aggregate.FieldPaths:
		return "--path"
	case aggregate.FieldMethods:
		return "--method"
	case aggregate.FieldExcludePaths:
		return "--exclude-path"
	case aggregate.FieldExcludeHosts:
		return "--exclude-host"
	case aggregate.FieldExcludeClients:
		return "--exclude-client"
	case aggregate.FieldExcludeUserAgents:
		return "--exclude-ua"
	case aggregate.FieldExcludeWindows:
		return "--exclude-window"
	}
	return f.String()
}

// selectorFlagError names the flag and the value a SelectorError is
// about: `--exclude-client "10.0.0.0/33": ...`.
func selectorFlagError(err error) error {
	var se *aggregate.SelectorError
	if errors.As(err, &se) {
		return fmt.Errorf("%s %q: %w", selectorFlag(se.Field), se.Value, se.Err)
	}
	return err
}

// settingDiff says which setting differs, by its flags, and both values.
func settingDiff(d aggregate.SettingDiff) string {
	return fmt.Sprintf("%s: %q vs %q", settingFlag(d.Setting), d.A, d.B)
}

// stateFlagError says why --state path cannot be continued: made with other
// settings or without the asked split (the flags disagree with the file, a
// usage error), or not mergeable with the run.
func stateFlagError(path string, se *aggregate.StateError) error {
	switch {
	case se.Diff != nil:
		return usageError(fmt.Errorf("--state %q was made with other settings (%s): use another state file", path, settingDiff(*se.Diff)))
	case se.Missing != 0:
		return usageError(fmt.Errorf("--state %q was made without --export-by %s: use another state file", path, se.Missing))
	}
	return fmt.Errorf("--state %q: %w", path, se.Err)
}
