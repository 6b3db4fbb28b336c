package openslo

import (
	"errors"
	"strconv"
	"time"

	yaml "go.yaml.in/yaml/v3"

	"github.com/slareport/slareport/aggregate"
)

var sloKeys = []string{"description", "service", "indicator", "indicatorRef", "timeWindow", "budgetingMethod", "objectives", "alertPolicies"}

// slo decodes an SLO document.
func (l *loader) slo(o *object) SLO {
	d := o.d
	s := SLO{Name: o.meta.name, DisplayName: o.meta.display, Pos: d.pos(o.meta.at)}
	f := d.mapping(o.spec, "the SLO spec", sloKeys, nil)
	if f == nil {
		return s
	}
	s.Description = description(f)
	if name, n, ok := f.str("service"); ok && !validName(name) {
		d.errorf(n, "service %s must be an RFC 1123 label, as a Service's name is", quote(name))
	} else if !ok {
		f.require("service")
	} else {
		s.Service = name
	}
	if r := l.sloIndicator(f); r != nil {
		s.Indicator, s.GroupBy = r.ind, r.group
	}
	s.Window = window(f)
	s.BudgetingMethod = budgeting(f)
	objectives(f, &s)
	s.Alerts, s.DefaultAlerts = l.sloAlerts(f)
	return s
}

// sloIndicator reads the SLO's indicator, inline or by indicatorRef. It is
// nil when wrong.
func (l *loader) sloIndicator(f *fields) *resolved {
	switch {
	case f.has("indicator") && f.has("indicatorRef"):
		f.d.errorf(f.get("indicatorRef"), "indicatorRef: give indicator or indicatorRef, not both")
	case f.has("indicator"):
		o := f.d.object(f.get("indicator"), "the indicator", "SLI", true)
		if o == nil {
			return nil
		}
		return l.indicator(o)
	case f.has("indicatorRef"):
		if o, ok := l.ref(f, "indicatorRef", "SLI"); ok {
			return l.slis[o.meta.name]
		}
	default:
		f.d.errorf(f.node, "%s: indicator (or indicatorRef) is missing", f.what)
	}
	return nil
}

// budgeting reads budgetingMethod.
func budgeting(f *fields) BudgetingMethod {
	m, n, ok := f.str("budgetingMethod")
	switch {
	case !ok:
		f.require("budgetingMethod")
	case m == string(Occurrences) || m == string(Timeslices):
		return BudgetingMethod(m)
	case m == "RatioTimeslices":
		f.d.errorf(n, "budgetingMethod RatioTimeslices is not supported: use Occurrences or Timeslices")
	default:
		f.d.errorf(n, "budgetingMethod %s must be Occurrences or Timeslices%s", quote(m), suggest(m, []string{"Occurrences", "Timeslices"}))
	}
	return ""
}

var (
	objectiveKeys = []string{"displayName", "target", "targetPercent", "timeSliceTarget", "timeSliceWindow"}
	thresholdOnly = "is not supported: it belongs to threshold metrics, and slareport counts requests with a ratioMetric"
	compositeOnly = "is not supported: slareport has no composite SLOs; give the SLO's indicator"
	notObjective  = map[string]string{"op": thresholdOnly, "value": thresholdOnly,
		"indicator": compositeOnly, "indicatorRef": compositeOnly, "compositeWeight": compositeOnly}
)

// objectives reads the SLO's one objective into s: its target, and with
// Timeslices its slices. s.BudgetingMethod and s.Window are already read.
func objectives(f *fields, s *SLO) {
	items, n, ok := f.list("objectives")
	switch {
	case !ok:
		f.require("objectives")
		return
	case len(items) == 0:
		f.d.errorf(n, "objectives: the list is empty")
		return
	case len(items) > 1:
		f.d.errorf(items[1], "objectives: slareport takes one objective per SLO; write another SLO for this one")
	}
	of := f.d.mapping(items[0], "the objective", objectiveKeys, notObjective)
	if of == nil {
		return
	}
	s.Target = objectiveTarget(of)
	sliceTarget, sliceWindow := of.has("timeSliceTarget"), of.has("timeSliceWindow")
	if s.BudgetingMethod != Timeslices {
		for _, key := range []string{"timeSliceTarget", "timeSliceWindow"} {
			if of.has(key) && s.BudgetingMethod == Occurrences {
				f.d.errorf(of.get(key), "%s is for budgetingMethod Timeslices, and this SLO counts Occurrences", key)
			}
		}
		return
	}
	if !sliceTarget || !sliceWindow {
		f.d.errorf(of.node, "the objective: budgetingMethod Timeslices needs timeSliceTarget and timeSliceWindow")
	}
	if text, tn, ok := of.number("timeSliceTarget"); ok {
		ppb, err := decimal(text, 9)
		if err != nil || ppb == 0 || ppb > billion {
			f.d.errorf(tn, "timeSliceTarget %s must be above 0 and at most 1", text)
		}
		s.TimeSliceTarget = Ratio{ppb}
	}
	s.TimeSliceWindow = sliceWindowOf(of)
	if w := s.Window; w.Rolling && s.TimeSliceWindow > w.Duration && w.Duration > 0 {
		f.d.errorf(of.get("timeSliceWindow"), "timeSliceWindow %s is longer than the window, %s", Short(s.TimeSliceWindow), Short(w.Duration))
	}
}

const billion = 1_000_000_000

// objectiveTarget reads target (a ratio) or targetPercent.
func objectiveTarget(of *fields) aggregate.Target {
	var ppb uint64
	var ok bool
	switch {
	case of.has("target") && of.has("targetPercent"):
		of.d.errorf(of.get("targetPercent"), "targetPercent: give target or targetPercent, not both")
	case of.has("target"):
		ppb, ok = share(of, "target", 9, "1 (0.995 is 99.5%)")
	case of.has("targetPercent"):
		ppb, ok = share(of, "targetPercent", 7, "100")
	default:
		of.d.errorf(of.node, "the objective: target (or targetPercent) is missing")
	}
	if !ok {
		return aggregate.Target{}
	}
	t, err := target(ppb)
	if err != nil { // cannot happen for 0 < ppb < 10⁹; say so rather than lose it
		of.d.errorf(of.node, "the objective: %v", err)
	}
	return t
}

// share reads key as a number strictly between 0 and the top (1 for a
// ratio, 100 for a percentage, which shift says: 9 or 7 decimals), in
// parts per billion.
func share(of *fields, key string, shift int, top string) (uint64, bool) {
	text, n, ok := of.number(key)
	if !ok {
		return 0, false
	}
	ppb, err := decimal(text, shift)
	if err != nil && !errors.Is(err, errNegative) {
		of.d.errorf(n, "%s: %v", key, err)
		return 0, false
	}
	if err != nil || ppb == 0 || ppb >= billion {
		hint := ""
		if key == "target" && err == nil && ppb >= 50*billion && ppb < 100*billion {
			hint = "; a percentage goes in targetPercent"
		}
		of.d.errorf(n, "%s %s must lie strictly between 0 and %s%s", key, text, top, hint)
		return 0, false
	}
	return ppb, true
}

// sliceWindowOf reads timeSliceWindow: a duration shorthand, or a number of
// seconds; either a whole number of minutes, the finest slareport counts.
func sliceWindowOf(of *fields) time.Duration {
	n := of.get("timeSliceWindow")
	if n == nil {
		return 0
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!int" {
		secs, err := strconv.ParseInt(n.Value, 10, 64)
		if err != nil || secs <= 0 || secs%60 != 0 || secs > 366*24*3600 {
			of.d.errorf(n, "timeSliceWindow %s: a number is seconds, and must be a positive whole number of minutes (60, 300) up to a year", quote(n.Value))
			return 0
		}
		return time.Duration(secs) * time.Second
	}
	text, ok := of.d.scalar(n, "timeSliceWindow")
	if !ok {
		return 0
	}
	d, err := fixedDuration(text)
	if err != nil {
		of.d.errorf(n, "timeSliceWindow: %v", err)
	}
	return d
}
