package synth

import (
	"time"
)

// The bank books in its head office's zone, US Pacific time. The zones are
// fixed offsets chosen per day by the US daylight-saving rule (second Sunday
// of March to first Sunday of November, since 2007), so the output does not
// depend on the machine's time-zone database.
var (
	zonePST = time.FixedZone("PST", -8*3600)
	zonePDT = time.FixedZone("PDT", -7*3600)
)

// pacificZones returns the zone in force at midnight on the date and, on
// the two days the clocks change (at 2:00), the zone after the change.
func pacificZones(date time.Time) (midnight, after *time.Location) {
	y := date.Year()
	start := nthWeekday(y, time.March, time.Sunday, 2)
	end := nthWeekday(y, time.November, time.Sunday, 1)
	switch {
	case date.Equal(start):
		return zonePST, zonePDT
	case date.Equal(end):
		return zonePDT, zonePST
	case date.After(start) && date.Before(end):
		return zonePDT, nil
	}
	return zonePST, nil
}

// nthWeekday returns the n-th weekday wd of month m (n = -1: the last).
func nthWeekday(y int, m time.Month, wd time.Weekday, n int) time.Time {
	if n < 0 {
		last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC)
		back := (int(last.Weekday()) - int(wd) + 7) % 7
		return last.AddDate(0, 0, -back)
	}
	first := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	off := (int(wd) - int(first.Weekday()) + 7) % 7
	return first.AddDate(0, 0, off+7*(n-1))
}

// fedHoliday reports whether the date is a Federal Reserve holiday, on
// which ACH and wires do not settle. A holiday on a Sunday is observed on
// the Monday.
func fedHoliday(t time.Time) bool {
	y, m, d := t.Date()
	is := func(mm time.Month, dd int) bool {
		h := time.Date(y, mm, dd, 0, 0, 0, 0, time.UTC)
		if h.Weekday() == time.Sunday {
			h = h.AddDate(0, 0, 1)
		}
		return h.Month() == m && h.Day() == d
	}
	nth := func(mm time.Month, wd time.Weekday, n int) bool {
		h := nthWeekday(y, mm, wd, n)
		return h.Month() == m && h.Day() == d
	}
	return is(time.January, 1) || nth(time.January, time.Monday, 3) || nth(time.February, time.Monday, 3) ||
		nth(time.May, time.Monday, -1) || is(time.June, 19) || is(time.July, 4) || nth(time.September, time.Monday, 1) ||
		nth(time.October, time.Monday, 2) || is(time.November, 11) || nth(time.November, time.Thursday, 4) ||
		is(time.December, 25)
}

// day is one day of the history with what the behaviour needs to know.
type day struct {
	midnight time.Time      // local midnight, in the zone in force then
	after    *time.Location // the zone from 2:00 on a day the clocks change; nil otherwise
	wd       time.Weekday
	dom      int
	month    time.Month
	lastDom  int  // days in the month
	business bool // ACH and wires settle; branches open Monday to Saturday
	prevBiz  int  // day of month of the previous business day in the same month (0: none)
	season   float64

	// Pay schedules: whether a schedule pays today (moved to the previous
	// business day when the nominal day is not one).
	payWeekly      bool
	payBiweekly    [2]bool
	paySemimonthly bool
	payMonthly     bool
	ssaWednesday   int // 2, 3 or 4 when Social Security pays today that week's cohort; 0 otherwise
}

// monthSeason is the relative volume of card spending by month (holiday
// spending in November and December, a quiet January).
var monthSeason = [13]float64{0, 0.92, 0.94, 1, 1, 1.02, 1.02, 1.03, 1.03, 0.98, 1, 1.08, 1.25}

// calendar returns the days of the history.
func calendar(start time.Time, n int) []day {
	y, m, d := start.Date()
	days := make([]day, n)
	dates := make([]time.Time, n)
	for i := range n {
		dt := time.Date(y, m, d+i, 0, 0, 0, 0, time.UTC)
		dates[i] = dt
		zone, after := pacificZones(dt)
		days[i] = day{
			midnight: time.Date(dt.Year(), dt.Month(), dt.Day(), 0, 0, 0, 0, zone),
			after:    after,
			wd:       dt.Weekday(),
			dom:      dt.Day(),
			month:    dt.Month(),
			lastDom:  time.Date(dt.Year(), dt.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day(),
			business: dt.Weekday() != time.Saturday && dt.Weekday() != time.Sunday && !fedHoliday(dt),
			season:   monthSeason[dt.Month()],
		}
	}
	isBiz := func(t time.Time) bool {
		return t.Weekday() != time.Saturday && t.Weekday() != time.Sunday && !fedHoliday(t)
	}
	// effective returns the business day on or before t.
	effective := func(t time.Time) time.Time {
		for !isBiz(t) {
			t = t.AddDate(0, 0, -1)
		}
		return t
	}
	epoch := time.Date(2000, 1, 7, 0, 0, 0, 0, time.UTC) // a Friday
	for i := range n {
		dt := dates[i]
		dd := &days[i]
		prev := 0
		for k := dt.Day() - 1; k >= 1; k-- {
			if isBiz(time.Date(dt.Year(), dt.Month(), k, 0, 0, 0, 0, time.UTC)) {
				prev = k
				break
			}
		}
		dd.prevBiz = prev
		if !dd.business {
			continue
		}
		// The nominal paydays whose effective day is today: today itself and
		// the non-business days right after it.
		for k := 0; k < 5; k++ {
			nom := dt.AddDate(0, 0, k)
			if k > 0 && isBiz(nom) {
				break
			}
			if !effective(nom).Equal(dt) {
				continue
			}
			if nom.Weekday() == time.Friday {
				dd.payWeekly = true
				wk := int(nom.Sub(epoch).Hours()/24) / 7
				dd.payBiweekly[wk%2] = true
			}
			last := time.Date(nom.Year(), nom.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
			if nom.Day() == 15 || nom.Day() == last {
				dd.paySemimonthly = true
			}
			if nom.Day() == last {
				dd.payMonthly = true
			}
			if nom.Weekday() == time.Wednesday {
				if w := (nom.Day()-1)/7 + 1; w >= 2 && w <= 4 {
					dd.ssaWednesday = w
				}
			}
		}
	}
	return days
}

// due reports whether a monthly item nominally due on day of month dom
// falls on d: the first business day on or after dom.
func (d *day) due(dom int) bool {
	if dom > d.lastDom {
		dom = d.lastDom
	}
	return d.business && d.prevBiz < dom && dom <= d.dom
}

// at returns the local wall-clock time secs seconds after midnight. On the
// days the clocks change, times from 2:00 on are read in the new zone, so
// every time of a day falls between its midnight and the next day's.
func (d *day) at(secs int) time.Time {
	if d.after != nil && secs >= 2*3600 {
		y, m, dd := d.midnight.Date()
		return time.Date(y, m, dd, 0, 0, secs, 0, d.after)
	}
	return d.midnight.Add(time.Duration(secs) * time.Second)
}
