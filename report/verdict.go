package report

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/reference"
)

// availabilityText writes good/total as a percentage, the one way every
// report writes an availability: rounded down, never up, with three
// decimals. A value below a target therefore never prints as the target:
// 19,989 good of 19,999 against 99.95% is "99.949%", not "99.950%".
func availabilityText(good, total int64) string {
	return percentFloor(good, total, 3)
}

// remainingText writes the share of a budget left as a percentage with one
// decimal, cut towards zero; when that would print a value that is not 0
// as "0.0%" or "-0.0%", with as many more decimals as it takes (up to six)
// to show it: an overspent budget never reads as untouched.
func remainingText(r float64) string {
	for d := 1; ; d++ {
		scale := math.Pow10(d)
		v := math.Trunc(100*r*scale) / scale
		if v != 0 || r == 0 || d == 6 {
			if v == 0 && r < 0 {
				return "-0." + strings.Repeat("0", d-1) + "1%" // less than that, but spent
			}
			return strconv.FormatFloat(v, 'f', d, 64) + "%"
		}
	}
}

// allowedText writes a number of allowed bad requests with one decimal,
// rounded down (more decimals for a budget under 0.1): 9.9995 allowed
// against 10 spent must not print as "10.0".
func allowedText(a float64) string {
	for d := 1; ; d++ {
		scale := math.Pow10(d)
		v := math.Floor(a*scale) / scale
		if v > 0 || a <= 0 || d == 4 {
			return strconv.FormatFloat(v, 'f', d, 64)
		}
	}
}

// unjudgedText says which requests were left out of availability, e.g.
// "3 requests had no valid status (0): not judged", or "" when none were.
func unjudgedText(s *aggregate.Summary) string {
	n := s.Unjudged()
	if n == 0 {
		return ""
	}
	var codes []int
	for c := range s.Codes {
		if reference.ClassOf(c) == 0 {
			codes = append(codes, c)
		}
	}
	sort.Ints(codes)
	var cs []string
	for i, c := range codes {
		if i == 5 {
			cs = append(cs, "…")
			break
		}
		cs = append(cs, strconv.Itoa(c))
	}
	return fmt.Sprintf("%s had no valid status (%s): not judged", plural(n, "request"), strings.Join(cs, ", "))
}

// noDataText explains why an objective had nothing to judge, and how to
// get data: the window the logs do not reach, a format without durations
// (latency, for the latency objective), or requests without a valid
// status.
func noDataText(s *aggregate.Summary, latency bool) string {
	if latency && s.Requests() > 0 {
		return fmt.Sprintf("none of the %s requests logged a duration: the log format has none "+
			"(add $request_time to an nginx log_format, %%D to an Apache LogFormat)", group(s.Requests()))
	}
	switch {
	case s.Lines.Read == 0:
		return "no line was read: the input is empty"
	case s.Requests() > 0:
		return unjudgedText(s) + ", and no request had one"
	case s.Window.Active() && s.Lines.Filtered > 0:
		txt := fmt.Sprintf("0 of %s fell in the window %s", plural(s.Lines.Read, "line"), windowText(s.Window, s.Zone))
		if o := s.OutsideSpan; o.Valid {
			txt += "; the data spans " + localTime(o.First, s, "2006-01-02 15:04") + " → " + localTime(o.Last, s, "2006-01-02 15:04")
		}
		return txt
	case !s.Filter.Empty() && s.Lines.Filtered > 0:
		return fmt.Sprintf("0 of %s passed the filter (%s): %s", plural(s.Lines.Read, "line"),
			visible([]byte(s.Filter.String())), reasonsText(s.Filtered))
	case s.Lines.Malformed > 0:
		return fmt.Sprintf("none of %s parsed", plural(s.Lines.Read, "line"))
	}
	return "no request was counted"
}

// outlierText names requests stamped far from the rest: "1 request dated
// 1970-01-01, 56 years before the rest".
func outlierText(o aggregate.Outlier, s *aggregate.Summary) string {
	when := localTime(o.First, s, "2006-01-02")
	if last := localTime(o.Last, s, "2006-01-02"); last != when {
		when += " to " + last
	}
	side := "after"
	if o.Before {
		side = "before"
	}
	return fmt.Sprintf("%s dated %s, %s %s the rest", plural(o.Requests, "request"), when, spanText(o.Gap), side)
}

// spanText writes a long gap in the largest whole unit: "56 years",
// "3 months", "12 days".
func spanText(sec int64) string {
	d := time.Duration(sec) * time.Second
	day := 24 * time.Hour
	switch {
	case d >= 365*day:
		return plural(int64(d/(365*day)), "year")
	case d >= 60*day:
		return plural(int64(d/(30*day)), "month")
	}
	return plural(int64(d/day), "day")
}

// keyAvailability is a breakdown key's availability, "—" with nothing
// judged.
func keyAvailability(k aggregate.KeyStats) string {
	j := k.Requests - k.Unjudged
	if j <= 0 {
		return "—"
	}
	return availabilityText(j-k.Bad, j)
}

// budgetTimeText writes the budget as time of full outage over the SLO
// window, left or overspent; "" without a window or requests.
func budgetTimeText(o *aggregate.SLO) string {
	if !(o.WindowSeconds > 0 && o.Requests > 0) {
		return ""
	}
	left := o.RemainingSeconds()
	window := humanDuration(o.WindowSeconds)
	if left >= 0 {
		return fmt.Sprintf("≈ %s of full outage left of the %s the budget allows over this %s window.",
			humanDuration(left), humanDuration(o.BudgetSeconds), window)
	}
	return fmt.Sprintf("Overspent by ≈ %s of full outage: the budget over this %s window is %s.",
		humanDuration(-left), window, humanDuration(o.BudgetSeconds))
}

// goodMinutesText writes the time-slice SLI: how many minutes with traffic
// met the SLO; "" when no minute had any.
func goodMinutesText(o *aggregate.SLO) string {
	if o.TotalMinutes <= 0 {
		return ""
	}
	return fmt.Sprintf("Good minutes: %s of %s minutes with traffic (%s) met the SLO.",
		group(o.GoodMinutes), group(o.TotalMinutes), percentFloor(o.GoodMinutes, o.TotalMinutes, 2))
}
