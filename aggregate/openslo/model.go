package openslo

import (
	"strconv"
	"strings"
	"time"

	"github.com/slareport/slareport/aggregate"
)

// File is what a set of OpenSLO files says, checked: the services they
// describe and their SLOs, with every reference resolved.
type File struct {
	// Services are the Service documents, in the order given. An SLO may
	// name a service that has none.
	Services []Service
	// SLOs are the SLO documents, in the order given.
	SLOs []SLO
}

// Service is a Service document.
type Service struct {
	Name, DisplayName, Description string
	Pos                            Pos
}

// BudgetingMethod says what the target counts.
type BudgetingMethod string

const (
	// Occurrences: the target is the share of good requests.
	Occurrences BudgetingMethod = "Occurrences"
	// Timeslices: the window is cut into slices of TimeSliceWindow; a
	// slice is good when its share of good requests reaches
	// TimeSliceTarget, and the target is the share of good slices.
	Timeslices BudgetingMethod = "Timeslices"
)

// GroupBy splits an SLO into one per group of requests.
type GroupBy string

const (
	// GroupByNone judges all the requests the SLO selects as one.
	GroupByNone GroupBy = ""
	// GroupByHost makes one SLO per host.
	GroupByHost GroupBy = "host"
	// GroupByEndpoint makes one SLO per endpoint (the report's endpoint
	// keys, --route patterns included).
	GroupByEndpoint GroupBy = "endpoint"
)

// SLO is one service level objective, as understood.
type SLO struct {
	Name, DisplayName, Description string
	// Service is the service the SLO belongs to, as named.
	Service         string
	BudgetingMethod BudgetingMethod
	// Target is the objective: the share of good requests (Occurrences)
	// or of good time slices (Timeslices), exactly as written.
	Target aggregate.Target
	// TimeSliceTarget and TimeSliceWindow are set with Timeslices only.
	TimeSliceTarget Ratio
	TimeSliceWindow time.Duration
	Window          Window
	Indicator       Indicator
	GroupBy         GroupBy
	// Alerts are the burn-rate alerts of the SLO's alert policies, in
	// order; without alertPolicies, the Workbook's four rules
	// (DefaultAlerts is then true). An empty alertPolicies list asks for
	// none.
	Alerts        []Alert
	DefaultAlerts bool
	// Pos is where the SLO's name is written.
	Pos Pos
}

// Window is the time an SLO is judged over: a rolling window of a fixed
// length, or a calendar period (Count Units from Start, in Zone).
type Window struct {
	Rolling bool
	// Duration is the length of a rolling window.
	Duration time.Duration
	// Unit and Count are a calendar window's period: 1 Month, 1 Quarter.
	Unit  CalendarUnit
	Count int
	// Start is a calendar window's startTime, in Zone: the periods are
	// counted from it.
	Start time.Time
	Zone  *time.Location
}

// CalendarUnit is the unit of a calendar window.
type CalendarUnit string

// The calendar units, as OpenSLO writes them in a duration.
const (
	Day     CalendarUnit = "d"
	Week    CalendarUnit = "w"
	Month   CalendarUnit = "M"
	Quarter CalendarUnit = "Q"
	Year    CalendarUnit = "Y"
)

// Indicator is the SLI: which requests count (Total), and among them which
// are good or which are bad (exactly one of Good and Bad is set).
type Indicator struct {
	Name, DisplayName, Description string
	Total                          Selector
	Good, Bad                      *Selection
	// DurationUnder, when set, makes a good request also one faster than
	// it (a latency SLI); Total then counts only the requests that logged
	// a duration.
	DurationUnder time.Duration
	Pos           Pos
}

// Selector picks requests: the request filters' own spec
// (aggregate.SelectorSpec, whose fields say how each value matches), each
// value checked by aggregate.NewSelector as the filter flags' are. Clients
// are written masked: 10.0.0.0/8, a bare address as /32 or /128, an
// IPv4-mapped one as IPv4.
type Selector aggregate.SelectorSpec

// Selection is the good or the bad requests within an indicator's total:
// those its Selector picks with one of its status codes.
type Selection struct {
	Selector
	// Status is the code list as --bad reads it ("5xx,429"), normalised;
	// empty (a latency SLI's good) takes every status.
	Status string
	// Rule is Status read: Rule.IsBad(code) says whether the selection
	// takes a request with that code.
	Rule aggregate.BadRule
}

// Alert is one burn-rate alert condition. It fires when the burn rate over
// LookbackWindow and over AlertAfter both exceed Threshold: the long and
// the short window of the Workbook's multiwindow alerts (see Rule).
type Alert struct {
	// Policy and Name are the alert policy's and the condition's names.
	Policy, Name string
	Severity     string
	// Op is the comparison of the burn rate with Threshold: "gt".
	Op                         string
	Threshold                  float64
	LookbackWindow, AlertAfter time.Duration
	Pos                        Pos
}

// Rule returns the alert as slareport replays it: lookbackWindow is the
// long window, alertAfter the short one. A condition that must hold for
// alertAfter is read as a burn that has held over the last alertAfter,
// as Sloth's and Pyrra's multiwindow alerts check it: the Workbook's
// first rule is lookbackWindow 1h, alertAfter 5m, threshold 14.4.
func (a Alert) Rule() aggregate.AlertRule {
	return aggregate.AlertRule{Severity: a.Severity, Long: a.LookbackWindow, Short: a.AlertAfter, Threshold: a.Threshold}
}

// DefaultAlerts returns the Workbook's four rules (aggregate.AlertRules)
// as the alerts of an SLO without alert policies.
func DefaultAlerts() []Alert {
	var list []Alert
	for _, r := range aggregate.AlertRules {
		list = append(list, Alert{Severity: r.Severity, Op: "gt", Threshold: r.Threshold, LookbackWindow: r.Long, AlertAfter: r.Short})
	}
	return list
}

// Ratio is a share between 0 and 1 held exactly in parts per billion, as
// aggregate.Target is; unlike a Target it may be 1 (a time slice can be
// required to be perfect).
type Ratio struct{ ppb uint64 }

// PPB returns the ratio in parts per billion: 950,000,000 for 0.95.
func (r Ratio) PPB() uint64 { return r.ppb }

// IsZero reports whether the ratio is unset.
func (r Ratio) IsZero() bool { return r.ppb == 0 }

// String returns the ratio as a percentage, e.g. "95%".
func (r Ratio) String() string { return percentText(r.ppb) + "%" }

// percentText writes parts per billion as a percentage without rounding:
// 995,000,000 is "99.5".
func percentText(ppb uint64) string {
	whole := strconv.FormatUint(ppb/10_000_000, 10)
	frac := strings.TrimRight(strconv.FormatUint(ppb%10_000_000+10_000_000, 10)[1:], "0")
	if frac == "" {
		return whole
	}
	return whole + "." + frac
}
