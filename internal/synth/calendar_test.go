package synth

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestCalendarDaysDoNotOverlapAcrossClockChanges(t *testing.T) {
	days := calendar(time.Date(2025, time.March, 1, 0, 0, 0, 0, time.UTC), 280)
	for i := range len(days) - 1 {
		first, last := days[i].at(0), days[i].at(86399)
		next := days[i+1].at(0)
		require.True(t, first.Before(last), "day %d", i)
		require.True(t, last.Before(next), "day %s ends after the next begins", first)
	}
	// 2025-03-09 and 2025-11-02 are the days the clocks change in the US.
	require.Equal(t, "2025-03-09T01:30:00-08:00", days[8].at(5400).Format(time.RFC3339))
	require.Equal(t, "2025-03-09T14:00:00-07:00", days[8].at(14*3600).Format(time.RFC3339))
	require.Equal(t, "2025-11-02T14:00:00-08:00", days[246].at(14*3600).Format(time.RFC3339))
}

func TestCalendarPaydaysAndHolidays(t *testing.T) {
	days := calendar(time.Date(2025, time.January, 1, 0, 0, 0, 0, time.UTC), 365)
	require.False(t, days[0].business, "New Year's Day")
	require.False(t, days[19].business, "Martin Luther King Jr. Day, 2025-01-20")
	// July 4, 2025 is a Friday: weekly pay moves to Thursday July 3.
	require.True(t, days[183].payWeekly)
	require.False(t, days[184].payWeekly)
	// May 31, 2025 is a Saturday: month-end pay moves to Friday May 30.
	require.True(t, days[149].payMonthly)
	// Every month pays semimonthly twice and monthly once.
	semi, monthly := 0, 0
	for _, d := range days {
		if d.paySemimonthly {
			semi++
		}
		if d.payMonthly {
			monthly++
		}
	}
	require.Equal(t, 24, semi)
	require.Equal(t, 12, monthly)
}
