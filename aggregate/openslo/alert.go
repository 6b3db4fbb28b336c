package openslo

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"

	yaml "go.yaml.in/yaml/v3"
)

// sloAlerts reads the SLO's alertPolicies; without them the SLO has the
// Workbook's four rules (default is then true).
func (l *loader) sloAlerts(f *fields) (alerts []Alert, isDefault bool) {
	if !f.has("alertPolicies") {
		return DefaultAlerts(), true
	}
	items, _, ok := f.list("alertPolicies")
	if !ok {
		return nil, false
	}
	alerts = []Alert{} // an empty list asks for no alerts
	for _, item := range items {
		if hasKey(item, "alertPolicyRef") {
			rf := f.d.mapping(item, "the alert policy reference", []string{"alertPolicyRef"}, nil)
			if o, ok := l.ref(rf, "alertPolicyRef", "AlertPolicy"); ok && l.policies[o.meta.name] != nil {
				alerts = append(alerts, *l.policies[o.meta.name]...)
			}
			continue
		}
		if o := f.d.object(item, "an inline alert policy", "AlertPolicy", true); o != nil {
			if p := l.policy(o); p != nil {
				alerts = append(alerts, *p...)
			}
		}
	}
	return alerts, false
}

// hasKey reports whether n is a mapping with key, to tell a reference from
// an object written inline.
func hasKey(n *yaml.Node, key string) bool {
	if n.Kind != yaml.MappingNode {
		return false
	}
	for i := 0; i < len(n.Content); i += 2 {
		if k := n.Content[i]; k.Kind == yaml.ScalarNode && k.Value == key {
			return true
		}
	}
	return false
}

var (
	policyKeys = []string{"description", "alertWhenNoData", "alertWhenResolved", "alertWhenBreaching", "conditions"}
	notPolicy  = map[string]string{"notificationTargets": "is not supported: slareport replays alerts over logs and sends no notifications"}
)

// policy decodes an AlertPolicy, a document or inline in an SLO: its
// conditions' alerts, or nil when wrong.
func (l *loader) policy(o *object) *[]Alert {
	d := o.d
	f := d.mapping(o.spec, "the AlertPolicy spec", policyKeys, notPolicy)
	if f == nil {
		return nil
	}
	before := len(d.errs.list)
	description(f)
	if v, n, ok := f.boolean("alertWhenNoData"); ok && v {
		d.errorf(n, "alertWhenNoData: true is not supported: no traffic is no outage, and slareport's alerts burn only on bad requests")
	}
	if v, n, ok := f.boolean("alertWhenBreaching"); ok && !v {
		d.errorf(n, "alertWhenBreaching: false would alert on nothing; slareport's alerts fire on a burn rate above the threshold")
	}
	f.boolean("alertWhenResolved") // the replay shows when an alert stopped either way
	items, n, ok := f.list("conditions")
	switch {
	case !ok:
		f.require("conditions")
	case len(items) == 0:
		d.errorf(n, "conditions: the list is empty")
	}
	alerts := []Alert{}
	for _, item := range items {
		var a *Alert
		if hasKey(item, "conditionRef") {
			rf := d.mapping(item, "the condition reference", []string{"conditionRef"}, nil)
			if c, ok := l.ref(rf, "conditionRef", "AlertCondition"); ok {
				a = l.conditions[c.meta.name]
			}
		} else if c := d.object(item, "an inline alert condition", "AlertCondition", true); c != nil {
			a = l.condition(c)
		}
		if a != nil {
			c := *a
			c.Policy = o.meta.name
			alerts = append(alerts, c)
		}
	}
	if len(d.errs.list) > before {
		return nil
	}
	return &alerts
}

var conditionKeys = []string{"kind", "op", "threshold", "lookbackWindow", "alertAfter"}

// condition decodes an AlertCondition, a document or inline in a policy,
// or returns nil when it is wrong.
func (l *loader) condition(o *object) *Alert {
	d := o.d
	f := d.mapping(o.spec, "the AlertCondition spec", []string{"description", "severity", "condition"}, nil)
	if f == nil {
		return nil
	}
	before := len(d.errs.list)
	description(f)
	a := &Alert{Name: o.meta.name, Pos: d.pos(o.meta.at)}
	if s, n, ok := f.str("severity"); !ok {
		f.require("severity")
	} else if err := plain(s); err != nil {
		d.errorf(n, "severity %s: %v", quote(s), err)
	} else {
		a.Severity = s
	}
	cf := d.mapping(f.require("condition"), "the condition", conditionKeys, nil)
	if k, n, ok := cf.str("kind"); ok && k != "burnrate" {
		d.errorf(n, "condition kind %s is not supported: slareport's alerts are burnrate conditions", quote(k))
	} else if !ok {
		cf.require("kind")
	}
	if op, n, ok := cf.str("op"); ok && op != "gt" {
		d.errorf(n, "op %s is not supported: a burn-rate alert fires when the burn rate exceeds the threshold, op: gt", quote(op))
	} else if !ok {
		cf.require("op")
	}
	a.Op = "gt"
	a.Threshold = threshold(cf)
	a.LookbackWindow = alertWindow(cf, "lookbackWindow")
	a.AlertAfter = alertWindow(cf, "alertAfter")
	if a.AlertAfter > a.LookbackWindow && a.LookbackWindow > 0 {
		d.errorf(cf.get("alertAfter"), "alertAfter %s is longer than lookbackWindow %s: it is the short window of the two", Short(a.AlertAfter), Short(a.LookbackWindow))
	}
	if len(d.errs.list) > before {
		return nil
	}
	return a
}

// threshold reads the burn rate an alert fires above: a positive decimal.
func threshold(cf *fields) float64 {
	text, n, ok := cf.number("threshold")
	if !ok {
		cf.require("threshold")
		return 0
	}
	if v, err := decimal(text, 9); err != nil || v == 0 {
		cf.d.errorf(n, "threshold %s must be a positive decimal burn rate, such as 14.4", text)
		return 0
	}
	v, _ := strconv.ParseFloat(text, 64)
	return v
}

// alertWindow reads lookbackWindow or alertAfter: a fixed duration.
func alertWindow(cf *fields, key string) time.Duration {
	text, n, ok := cf.str(key)
	if !ok {
		cf.require(key)
		return 0
	}
	d, err := fixedDuration(text)
	if err != nil {
		cf.d.errorf(n, "%s: %v", key, err)
	}
	return d
}

// errBlank refuses a severity with space or control characters: alert
// lists show it as one word.
var errBlank = errors.New("it holds a space or a control character: a severity is one word (page, ticket)")

// plain checks a severity: a word, not empty.
func plain(s string) error {
	if s == "" {
		return errors.New("it is empty")
	}
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || !unicode.IsPrint(r) }) >= 0 {
		return errBlank
	}
	return nil
}
