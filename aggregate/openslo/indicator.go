package openslo

import (
	"time"

	yaml "go.yaml.in/yaml/v3"
)

// resolved is a decoded SLI: the indicator, and the grouping its total
// asks for, which the SLO takes on.
type resolved struct {
	ind   Indicator
	group GroupBy
}

var (
	ratioKeys   = []string{"counter", "good", "bad", "total"}
	notRatio    = map[string]string{"raw": "is not supported: slareport computes the ratio from the logs", "rawType": "is not supported: slareport computes the ratio from the logs"}
	notSLI      = map[string]string{"thresholdMetric": "is not supported: slareport counts requests with a ratioMetric"}
	sourceKeys  = []string{"type", "spec"}
	notSource   = map[string]string{"metricSourceRef": "is not supported: slareport has no data sources; give type: slareport and its spec"}
	metricKeys  = []string{"metricSource"}
	sourceTypes = "slareport"
)

// indicator decodes an SLI, a document or inline in an SLO. It is nil when
// wrong.
func (l *loader) indicator(o *object) *resolved {
	d := o.d
	f := d.mapping(o.spec, "the SLI spec", []string{"description", "ratioMetric"}, notSLI)
	if f == nil {
		return nil
	}
	r := &resolved{ind: Indicator{Name: o.meta.name, DisplayName: o.meta.display, Description: description(f), Pos: d.pos(o.meta.at)}}
	rf := d.mapping(f.require("ratioMetric"), "the ratioMetric", ratioKeys, notRatio)
	if rf == nil {
		return nil
	}
	rf.boolean("counter") // either way: every logged request is one event
	before := len(d.errs.list)
	if tn := rf.require("total"); tn != nil {
		m := d.metric(tn, "total")
		r.ind.Total, r.group = m.Selector, m.group
	}
	switch {
	case rf.has("good") && rf.has("bad"):
		d.errorf(rf.get("bad"), "bad: give good or bad, not both")
	case rf.has("good"):
		m := d.metric(rf.get("good"), "good")
		r.ind.Good, r.ind.DurationUnder = &m.Selection, m.under
	case rf.has("bad"):
		m := d.metric(rf.get("bad"), "bad")
		r.ind.Bad = &m.Selection
	default:
		d.errorf(rf.node, "the ratioMetric: good or bad is missing")
	}
	if len(d.errs.list) > before {
		return nil
	}
	return r
}

// metric is what one of good, bad and total selects.
type metric struct {
	Selection
	under time.Duration
	group GroupBy
}

// metric reads {metricSource: {type: slareport, spec: {...}}} as the
// selection of role: "good", "bad" or "total".
func (d *decoder) metric(n *yaml.Node, role string) metric {
	mf := d.mapping(n, role, metricKeys, nil)
	sf := d.mapping(mf.require("metricSource"), role+"'s metricSource", sourceKeys, notSource)
	if t, tn, ok := sf.str("type"); ok && t != sourceTypes {
		d.errorf(tn, "metricSource type %s is not supported: slareport reads access logs, type: slareport", quote(t))
	} else if !ok {
		sf.require("type")
	}
	return d.selection(sf.require("spec"), role)
}
