package aggregate

import (
	"context"
	"fmt"
	"math"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestWindowBurns: on a real log, the burn rate over an hour's window
// equals the share of 5xx among that hour's lines as grep counts them,
// over the budget; and at the replay's last point each rule's long and
// short burn rates are the replay's own.
func TestWindowBurns(t *testing.T) {
	path := sharedData(t, "real/elastic-apache_logs.log")
	s, err := Run(context.Background(), []string{path}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tg, err := ParseTarget("99.99")
	if err != nil {
		t.Fatal(err)
	}
	count := func(pattern string) int64 {
		out, err := exec.Command("sh", "-c", `grep -cE "$1" "$2" || true`, "sh", pattern, path).Output()
		if err != nil {
			t.Fatal(err)
		}
		n, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, hour := range []string{"18/May/2015:03", "18/May/2015:15", "20/May/2015:14", "19/May/2015:10"} {
		start, err := time.Parse("02/Jan/2006:15", hour)
		if err != nil {
			t.Fatal(err)
		}
		lines := count(`\[` + hour + `:`)
		bad := count(`\[` + hour + `:.*" 5[0-9][0-9] `)
		want := float64(bad) / float64(lines) / tg.BudgetShare()
		got := s.WindowBurns(tg, time.Hour, []int64{start.Add(time.Hour).Unix()})[0]
		if math.Abs(got-want) > 1e-9*want || (want == 0) != (got == 0) {
			t.Errorf("hour %s: burn %g, want %d bad of %d lines = %g", hour, got, bad, lines, want)
		}
		t.Logf("hour %s: %d bad of %d lines, burn %.4g", hour, bad, lines, got)
	}
	o := s.Evaluate(tg)
	first := s.Minutes[0].Start
	end := first + (s.ReplayEnd()-first+59)/60*60
	for _, a := range o.Alerts {
		name := fmt.Sprintf("%s %v/%v", a.Rule.Severity, a.Rule.Long, a.Rule.Short)
		long := s.WindowBurns(tg, a.Rule.Long, []int64{end})[0]
		short := s.WindowBurns(tg, a.Rule.Short, []int64{end})[0]
		if math.Abs(long-a.LongBurn) > 1e-9 || math.Abs(short-a.ShortBurn) > 1e-9 {
			t.Errorf("%s: burns %g / %g at the end, the replay says %g / %g", name, long, short, a.LongBurn, a.ShortBurn)
		}
	}
}
