package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/slareport/slareport/aggregate"
)

// The window and zone a merge asks of its summaries, and its refusals
// told with the summaries' file names and the flags that would change
// them.

// mergeAsks returns the merge options for the window and zone the flags
// ask for, nil for what they leave as saved. Without --tz a window is
// read in the zone the summaries were saved in, when they share one:
// "merge --period 2026-11-03" means that day where the summaries count
// their days.
func (c *mergeCmd) mergeAsks(now time.Time, states []*aggregate.State) (aggregate.MergeOptions, error) {
	mo := aggregate.MergeOptions{AllowOverlap: c.AllowOverlap}
	zone, err := c.zone()
	if err != nil {
		return mo, err
	}
	if c.TZ != "" {
		mo.Zone = zone
	} else if z := sharedZone(states); z != nil {
		zone = z
	}
	if c.Since != "" || c.Until != "" || c.Period != "" {
		w, err := c.window(now, zone)
		if err != nil {
			return mo, err
		}
		mo.Window = &w
	}
	return mo, nil
}

// sharedZone is the zone every state was saved in, or nil.
func sharedZone(states []*aggregate.State) *time.Location {
	var z *time.Location
	for _, st := range states {
		if z != nil && st.Settings.Zone.String() != z.String() {
			return nil
		}
		z = st.Settings.Zone
	}
	return z
}

// mergeError tells a refusal of Merge with the names of the summaries and
// the flags that would change it: the summaries disagree (an input
// error), or the window or zone asked cannot be answered from them (a
// usage error).
func mergeError(err error, files []string) error {
	name := func(i int) string {
		if i >= 1 && i <= len(files) {
			return fmt.Sprintf("%q", files[i-1])
		}
		return fmt.Sprintf("summary %d", i)
	}
	var (
		se *aggregate.SettingsError
		we *aggregate.WindowError
		ue *aggregate.UntimedError
		ze *aggregate.ZoneError
		ws *aggregate.WindowsError
	)
	switch {
	case errors.As(err, &se):
		hint := ""
		if se.Diff.Setting == aggregate.SettingZone {
			hint = ": give --tz to merge them in one zone"
		}
		return inputError(fmt.Errorf("merge: %s was saved with other settings than %s: %s: %s has %q, %s has %q%s",
			name(se.State), name(1), settingFlag(se.Diff.Setting), name(1), se.Diff.A, name(se.State), se.Diff.B, hint))
	case errors.As(err, &ws):
		return inputError(fmt.Errorf("merge: %s was saved %s and %s %s, which do not join into one window: "+
			"give the window to report on with --period, or --since and --until", name(ws.A), savedFor(ws.WinA), name(ws.B), savedFor(ws.WinB)))
	case errors.As(err, &we) && we.LatencyWidth > 0:
		return usageError(fmt.Errorf("merge: %s keeps its latency in %s buckets, and this window's report has %s buckets, which cannot divide them: ask a longer window",
			name(we.State), bucketName(we.LatencyWidth), bucketName(we.Width)))
	case errors.As(err, &we):
		msg := fmt.Sprintf("merge: the window cuts inside %s, whose requests (%s) are kept as one piece: its codes, endpoints and latency are not kept per minute",
			name(we.State), we.Span)
		if a := we.Allowed; !a.Since.IsZero() || !a.Until.IsZero() {
			msg += "; the finest window these summaries allow around it is " + windowFlags(a)
		}
		return usageError(errors.New(msg))
	case errors.As(err, &ue):
		return usageError(fmt.Errorf("merge: %s was saved without a window and counted %d requests without a time, "+
			"which a window leaves out but which cannot be taken out of its codes and endpoints: save it with the window", name(ue.State), ue.Requests))
	case errors.As(err, &ze):
		return usageError(fmt.Errorf("merge: --tz %s: %s was saved with --tz %s, and its %s buckets do not align with %s's buckets for this window: "+
			"merge it in %s, or ask a window and --tz whose buckets hold its buckets whole", ze.Asked, name(ze.State), ze.Saved, bucketName(ze.Width), ze.Asked, ze.Saved))
	case errors.Is(err, aggregate.ErrOverlap):
		return inputError(fmt.Errorf("%w (give --allow-overlap to count them twice)", err))
	}
	return inputError(err)
}

// savedFor says which window a summary was saved with.
func savedFor(w aggregate.Window) string {
	if !w.Active() {
		return "without a window"
	}
	return "for " + w.String()
}

// windowFlags writes a window as the flags that ask for it.
func windowFlags(w aggregate.Window) string {
	var s string
	if !w.Since.IsZero() {
		s = "--since " + w.Since.UTC().Format(time.RFC3339)
	}
	if !w.Until.IsZero() {
		if s != "" {
			s += " "
		}
		s += "--until " + w.Until.UTC().Format(time.RFC3339)
	}
	return s
}

// bucketName writes a bucket width as --bucket takes it.
func bucketName(sec int64) string {
	switch {
	case sec%86400 == 0:
		return fmt.Sprintf("%dd", sec/86400)
	case sec%3600 == 0:
		return fmt.Sprintf("%dh", sec/3600)
	}
	return fmt.Sprintf("%dm", sec/60)
}

// summaryNames names the summaries of a merge for a message: all of them
// when few, else the first ones and how many more.
func summaryNames(files []string) string {
	const shown = 3
	var b strings.Builder
	b.WriteString("the summaries (")
	for i, f := range files[:min(len(files), shown)] {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", f)
	}
	if len(files) > shown {
		fmt.Fprintf(&b, " and %d more", len(files)-shown)
	}
	b.WriteString(")")
	return b.String()
}
