package aggregate

import (
	"testing"
	"time"
)

func TestPreviousWindow(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no Europe/Berlin zone data")
	}
	d := func(y int, m time.Month, day, h int) time.Time { return time.Date(y, m, day, h, 0, 0, 0, berlin) }
	for _, tc := range []struct {
		name             string
		since, until     time.Time
		wantSince, wantU time.Time
	}{
		{"a day", d(2026, 3, 10, 0), d(2026, 3, 11, 0), d(2026, 3, 9, 0), d(2026, 3, 10, 0)},
		// The day before is the 23 h day clocks go forward: still one day.
		{"the day after DST", d(2026, 3, 30, 0), d(2026, 3, 31, 0), d(2026, 3, 29, 0), d(2026, 3, 30, 0)},
		{"a week", d(2026, 3, 30, 0), d(2026, 4, 6, 0), d(2026, 3, 23, 0), d(2026, 3, 30, 0)},
		{"March, before it February", d(2026, 3, 1, 0), d(2026, 4, 1, 0), d(2026, 2, 1, 0), d(2026, 3, 1, 0)},
		{"a quarter", d(2026, 4, 1, 0), d(2026, 7, 1, 0), d(2026, 1, 1, 0), d(2026, 4, 1, 0)},
		// Not whole days: the same seconds before, across the change.
		{"six hours", d(2026, 3, 29, 6), d(2026, 3, 29, 12), d(2026, 3, 28, 23), d(2026, 3, 29, 6)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := PreviousWindow(Window{Since: tc.since, Until: tc.until}, berlin)
			if err != nil || !p.Since.Equal(tc.wantSince) || !p.Until.Equal(tc.wantU) {
				t.Errorf("%v to %v: got %v to %v (%v), want %v to %v", tc.since, tc.until, p.Since, p.Until, err, tc.wantSince, tc.wantU)
			}
		})
	}
	if _, err := PreviousWindow(Window{Since: d(2026, 3, 1, 0)}, berlin); err != ErrNoWindow {
		t.Errorf("an open window: %v", err)
	}
}
