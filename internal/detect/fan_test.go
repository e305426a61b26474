package detect_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/detect"
	"github.com/centinela-aml/centinela/internal/model"
)

const day = 24 * time.Hour

// quietHistory gives account acct a weekly salary for `weeks` weeks and a
// weekly rent payment, so that it has a long, quiet history.
func quietHistory(acct string, weeks int) []model.Transaction {
	var txs []model.Transaction
	for w := range weeks {
		at := time.Duration(w) * 7 * day
		txs = append(txs,
			tx(fmt.Sprintf("%s-sal-%d", acct, w), at, "EMPLOYER", acct, 1200),
			tx(fmt.Sprintf("%s-rent-%d", acct, w), at+hours(2), acct, "LANDLORD", 400))
	}
	return txs
}

// alertsOf returns the alerts of one rule, sorted by ID.
func alertsOf(alerts map[string]model.Alert, rule string) []model.Alert {
	var out []model.Alert
	for _, a := range alerts {
		if a.RuleID == rule {
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(a, b model.Alert) int { return strings.Compare(a.ID, b.ID) })
	return out
}

func TestFanInAlert(t *testing.T) {
	stream := quietHistory("MULE", 5)
	start := 5 * 7 * day
	var fan []string
	total := 0.0
	for i := range 14 {
		amt := 9000 + float64(i)*100 // 9,000 … 10,300
		total += amt
		x := tx(id("f", i), start+time.Duration(i)*100*time.Minute, id("S", i), "MULE", amt)
		stream = append(stream, x)
		fan = append(fan, x.ID)
	}
	// The money leaves the next morning.
	stream = append(stream, tx("out", start+30*time.Hour, "MULE", "OFFSHORE", 130000))

	for _, batch := range []int{1, 3, 2048} {
		t.Run(fmt.Sprintf("batch %d", batch), func(t *testing.T) {
			e := newEngine(t, detect.Config{})
			_, alerts := observeAll(t, e, stream, batch)
			in := alertsOf(alerts, detect.RuleFanIn)
			require.Len(t, in, 1, "the fan grows one alert, not one per transaction")
			a := in[0]
			require.Equal(t, model.TypFanIn, a.Typology)
			require.Equal(t, model.SourcePattern, a.Source)
			require.Equal(t, model.Subject{Kind: model.SubjectAccount, ID: "MULE"}, a.Subject)
			require.Equal(t, fan, a.Evidence)
			require.Equal(t, "MULE", a.Accounts[0])
			require.Len(t, a.Accounts, 15)
			require.Equal(t, t0.Add(start), a.WindowStart)
			require.Equal(t, t0.Add(start+13*100*time.Minute), a.WindowEnd)
			require.Equal(t, 135100.0, total)
			require.Contains(t, a.Reason, "account MULE received 14 transfers from 14 distinct senders within 21h 40m, total 135,100.00 USD")
			require.Contains(t, a.Reason, "14 senders in the last 4d were new to the account")
			require.Contains(t, a.Reason, "96% of the money left the account again")
			require.Greater(t, a.Score, 0.5)
			require.Less(t, a.Score, 1.0)
			require.Equal(t, model.SeverityHigh, a.Severity)
			require.Empty(t, alertsOf(alerts, detect.RuleFanOut), "salary and rent make no fan-out")
		})
	}
}

func TestFanOutAlert(t *testing.T) {
	stream := quietHistory("SRC", 5)
	start := 5*7*day + hours(5)
	stream = append(stream, tx("in", start-hours(3), "BOSS", "SRC", 50000))
	for i := range 8 {
		stream = append(stream, tx(id("o", i), start+time.Duration(i)*9*time.Hour, "SRC", id("R", i), 6000))
	}
	e := newEngine(t, detect.Config{})
	_, alerts := observeAll(t, e, stream, 4)
	out := alertsOf(alerts, detect.RuleFanOut)
	require.Len(t, out, 1)
	a := out[0]
	require.Equal(t, model.TypFanOut, a.Typology)
	require.Len(t, a.Evidence, 8)
	require.Contains(t, a.Reason, "account SRC sent 8 transfers to 8 distinct recipients within 2d 15h, total 48,000.00 USD")
	require.Contains(t, a.Reason, "100% of the money had come in during the window before")
	// SRC's history (a rent payment a week to the same landlord: one new
	// payee in five weeks) makes five new recipients in a window a chance
	// far below 1 in 10,000 at its usual rate of new payees: the fifth
	// opens the alert (MinCounterparties), which then cites the whole fan.
	require.Equal(t, detect.RuleFanOut+":SRC:o004", a.ID, "IDs are stable: rule, subject, opening transaction")
}

func TestSmallFanDoesNotAlert(t *testing.T) {
	stream := quietHistory("A", 5)
	for i := range 4 { // below MinCounterparties
		stream = append(stream, tx(id("f", i), 5*7*day+time.Duration(i)*time.Hour, id("S", i), "A", 5000))
	}
	e := newEngine(t, detect.Config{})
	_, alerts := observeAll(t, e, stream, 16)
	require.Empty(t, alerts)
}

// TestOrdinaryBusinessDoesNotAlert covers the usual false positives of
// fan rules: an employer paying the same staff twice a month, a landlord
// collecting rent from the same tenants, a shop with a steady stream of new
// customers. Each is observed for one full cycle first (the engine starts
// empty and its first contact with any counterparty is new), then must
// stay quiet.
func TestOrdinaryBusinessDoesNotAlert(t *testing.T) {
	var stream []model.Transaction
	staff := 40
	for m := range 4 { // four months
		for _, d := range []int{1, 15} {
			at := time.Duration(m*30+d) * day
			for i := range staff {
				stream = append(stream, tx(fmt.Sprintf("pay-%d-%d-%d", m, d, i), at+time.Duration(i)*time.Second, "EMPLOYER", id("EMP", i), 3000))
			}
		}
		staff += 2 // two hires a month
		for i := range 12 {
			stream = append(stream, tx(fmt.Sprintf("rent-%d-%d", m, i), time.Duration(m*30)*day+time.Duration(i)*time.Hour, id("TEN", i), "LANDLORD", 1500))
		}
	}
	for d := range 120 {
		for i := range 30 {
			stream = append(stream, tx(fmt.Sprintf("shop-%d-%d", d, i), time.Duration(d)*day+time.Duration(i)*17*time.Minute, fmt.Sprintf("CUST-%d-%d", d, i), "SHOP", 25))
		}
	}
	slices.SortStableFunc(stream, func(a, b model.Transaction) int { return a.Time.Compare(b.Time) })

	e := newEngine(t, detect.Config{})
	_, alerts := observeAll(t, e, stream, 256)
	firstCycle := t0.Add(32 * day)
	for _, a := range alerts {
		require.True(t, a.Created.Before(firstCycle), "alert after the first cycle: %s", a.Reason)
		require.NotEqual(t, "SHOP", a.Subject.ID, "a steady shop never alerts: %s", a.Reason)
	}
}

func TestFanMinersOff(t *testing.T) {
	stream := quietHistory("MULE", 5)
	for i := range 14 {
		stream = append(stream, tx(id("f", i), 5*7*day+time.Duration(i)*time.Hour, id("S", i), "MULE", 1000))
	}
	e := newEngine(t, detect.Config{FanIn: detect.FanConfig{Off: true}, FanOut: detect.FanConfig{Off: true}})
	_, alerts := observeAll(t, e, stream, 64)
	require.Empty(t, alerts)
}
