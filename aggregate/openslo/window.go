package openslo

import (
	"time"

	yaml "go.yaml.in/yaml/v3"
)

// startLayouts are the forms of a calendar's startTime: OpenSLO's "date
// with time in 24h format, without time zone", with a space or a T.
var startLayouts = []string{"2006-01-02 15:04:05", "2006-01-02T15:04:05"}

// window reads the SLO's timeWindow: one rolling or calendar window.
func window(f *fields) Window {
	items, n, ok := f.list("timeWindow")
	switch {
	case !ok:
		f.require("timeWindow")
		return Window{}
	case len(items) == 0:
		f.d.errorf(n, "timeWindow: the list is empty")
		return Window{}
	case len(items) > 1:
		f.d.errorf(items[1], "timeWindow: slareport takes one window per SLO; write another SLO for this one")
	}
	wf := f.d.mapping(items[0], "the time window", []string{"duration", "isRolling", "calendar"}, nil)
	if wf == nil {
		return Window{}
	}
	rolling, rn, hasRolling := wf.boolean("isRolling")
	cal := wf.get("calendar")
	switch {
	case cal != nil && rolling:
		f.d.errorf(rn, "isRolling: a rolling window has no calendar; remove one of them")
		return Window{}
	case cal == nil && !hasRolling && rn == nil:
		f.d.errorf(wf.node, "the time window: give isRolling: true, or a calendar with startTime and timeZone")
		return Window{}
	case cal == nil && !rolling && hasRolling:
		f.d.errorf(rn, "isRolling: false is a calendar window, which needs calendar: {startTime, timeZone}")
		return Window{}
	case cal == nil:
		return rollingWindow(wf)
	}
	return calendarWindow(wf, cal)
}

func rollingWindow(wf *fields) Window {
	text, n, ok := wf.str("duration")
	if !ok {
		wf.require("duration")
		return Window{}
	}
	d, err := fixedDuration(text)
	if err != nil {
		wf.d.errorf(n, "duration: %v", err)
		return Window{}
	}
	return Window{Rolling: true, Duration: d}
}

// calendarUnits are the units a calendar window counts in.
var calendarUnits = map[byte]CalendarUnit{'d': Day, 'w': Week, 'M': Month, 'Q': Quarter, 'Y': Year}

func calendarWindow(wf *fields, cal *yaml.Node) Window {
	w := Window{}
	if text, n, ok := wf.str("duration"); !ok {
		wf.require("duration")
	} else if count, unit, err := shorthand(text); err != nil {
		wf.d.errorf(n, "duration: %v", err)
	} else if u, ok := calendarUnits[unit]; !ok {
		wf.d.errorf(n, "duration %s: a calendar window counts days, weeks, months, quarters or years (1d, 1w, 1M, 1Q, 1Y)", quote(text))
	} else {
		w.Unit, w.Count = u, count
	}
	cf := wf.d.mapping(cal, "the calendar", []string{"startTime", "timeZone"}, nil)
	if zone, n, ok := cf.str("timeZone"); ok {
		loc, err := time.LoadLocation(zone)
		if zone == "" || zone == "Local" || err != nil {
			wf.d.errorf(n, "timeZone %s is not an IANA time zone such as Europe/Berlin or UTC", quote(zone))
		} else {
			w.Zone = loc
		}
	} else {
		cf.require("timeZone")
	}
	start, n, ok := cf.str("startTime")
	if !ok {
		cf.require("startTime")
		return w
	}
	for _, layout := range startLayouts {
		if t, err := time.Parse(layout, start); err == nil {
			w.Start = t
			break
		}
	}
	switch {
	case w.Start.IsZero():
		wf.d.errorf(n, "startTime %s is not a date and time such as 2024-01-01 00:00:00 (in the timeZone)", quote(start))
	case w.Start.Day() > 28 && (w.Unit == Month || w.Unit == Quarter || w.Unit == Year):
		wf.d.errorf(n, "startTime %s: a period of months must start on day 1 to 28, which every month has", quote(start))
	}
	if w.Zone != nil && !w.Start.IsZero() {
		w.Start = time.Date(w.Start.Year(), w.Start.Month(), w.Start.Day(), w.Start.Hour(), w.Start.Minute(), w.Start.Second(), 0, w.Zone)
	}
	return w
}
