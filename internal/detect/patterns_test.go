package detect_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/detect"
	"github.com/centinela-aml/centinela/internal/model"
)

// watched makes every named account appear at t0 with a deposit, so that
// the engine has watched it for the miners' MinHistory by the time the
// pattern starts (day 30).
func watched(accounts ...string) []model.Transaction {
	var txs []model.Transaction
	for i, a := range accounts {
		d := tx(fmt.Sprintf("hello-%d", i), time.Duration(i)*time.Second, "", a, 50)
		d.Channel = model.ChannelCashDeposit
		txs = append(txs, d)
	}
	return txs
}

const patternDay = 30 * day

func TestCycleAlert(t *testing.T) {
	accounts := []string{"A", "B", "C", "D"}
	cycle := []model.Transaction{
		tx("c1", patternDay+hours(1), "A", "B", 10000),
		tx("c2", patternDay+hours(9), "B", "C", 9800),
		tx("c3", patternDay+hours(20), "C", "D", 9650),
		tx("c4", patternDay+hours(40), "D", "A", 9500),
	}
	for _, batch := range []int{1, 3, 64} {
		e := newEngine(t, detect.Config{})
		_, alerts := observeAll(t, e, append(watched(accounts...), cycle...), batch)
		got := alertsOf(alerts, detect.RuleCycle)
		require.Len(t, got, 1, "batch %d", batch)
		a := got[0]
		require.Equal(t, model.TypCycle, a.Typology)
		require.Equal(t, model.SourcePattern, a.Source)
		require.Equal(t, "A", a.Subject.ID)
		require.ElementsMatch(t, []string{"c1", "c2", "c3", "c4"}, a.Evidence)
		require.ElementsMatch(t, accounts, a.Accounts)
		require.Contains(t, a.Reason, "money left account A and came back to it through 3 other accounts within 1d 15h: A → B → C → D → A")
		require.Equal(t, detect.SARCodes(model.TypCycle), a.SAR)
	}
}

func TestCycleNeedsTheMoneyToComeBack(t *testing.T) {
	tests := []struct {
		name string
		last model.Transaction
	}{
		{"a token amount does not close a laundering cycle", tx("c4", patternDay+hours(40), "D", "A", 20)},
		{"too late: the window has passed", tx("c4", patternDay+hours(120), "D", "A", 9500)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stream := append(watched("A", "B", "C", "D"),
				tx("c1", patternDay+hours(1), "A", "B", 10000),
				tx("c2", patternDay+hours(9), "B", "C", 9800),
				tx("c3", patternDay+hours(20), "C", "D", 9650),
				tc.last)
			e := newEngine(t, detect.Config{})
			_, alerts := observeAll(t, e, stream, 16)
			require.Empty(t, alertsOf(alerts, detect.RuleCycle))
		})
	}
}

func TestKnownRelationshipsFormNoPattern(t *testing.T) {
	// The same cycle, between accounts that have paid each other for
	// months: a family or a business group, not a pattern.
	var stream []model.Transaction
	for m := range 3 {
		at := time.Duration(m) * 10 * day
		stream = append(stream,
			tx(fmt.Sprintf("h%d-1", m), at, "A", "B", 100), tx(fmt.Sprintf("h%d-2", m), at+hours(1), "B", "C", 100),
			tx(fmt.Sprintf("h%d-3", m), at+hours(2), "C", "D", 100), tx(fmt.Sprintf("h%d-4", m), at+hours(3), "D", "A", 100))
	}
	stream = append(stream,
		tx("c1", patternDay+hours(1), "A", "B", 10000),
		tx("c2", patternDay+hours(9), "B", "C", 9800),
		tx("c3", patternDay+hours(20), "C", "D", 9650),
		tx("c4", patternDay+hours(40), "D", "A", 9500))
	e := newEngine(t, detect.Config{})
	_, alerts := observeAll(t, e, stream, 8)
	for _, a := range alerts {
		require.NotContains(t, a.Evidence, "c4", "%s: %s", a.RuleID, a.Reason)
	}
}

func TestScatterGatherAlert(t *testing.T) {
	stream := watched("S", "W1", "W2", "W3", "D")
	for i := range 3 {
		w := fmt.Sprintf("W%d", i+1)
		stream = append(stream, tx(fmt.Sprintf("s%d", i), patternDay+hours(float64(i)), "S", w, 9000))
	}
	for i := range 3 {
		w := fmt.Sprintf("W%d", i+1)
		stream = append(stream, tx(fmt.Sprintf("g%d", i), patternDay+hours(10+float64(i)), w, "D", 8800))
	}
	e := newEngine(t, detect.Config{})
	_, alerts := observeAll(t, e, stream, 2)
	got := alertsOf(alerts, detect.RuleScatterGather)
	require.Len(t, got, 1)
	a := got[0]
	require.Equal(t, model.TypScatterGather, a.Typology)
	require.Equal(t, "S", a.Subject.ID)
	require.ElementsMatch(t, []string{"s0", "s1", "s2", "g0", "g1", "g2"}, a.Evidence)
	require.Contains(t, a.Reason, "account S paid 3 intermediaries new to it, who each paid the same destination")
}

func TestNoPatternsBeforeTheAccountsAreKnown(t *testing.T) {
	// The engine has just started: every counterparty is new, so novelty
	// means nothing yet and the miners wait (MinHistory).
	stream := []model.Transaction{
		tx("c1", hours(1), "A", "B", 10000),
		tx("c2", hours(9), "B", "C", 9800),
		tx("c3", hours(20), "C", "A", 9650),
	}
	e := newEngine(t, detect.Config{})
	_, alerts := observeAll(t, e, stream, 1)
	require.Empty(t, alerts)
}

func TestWinner(t *testing.T) {
	tests := []struct {
		typs []model.Typology
		want model.Typology
	}{
		{[]model.Typology{model.TypFanIn, model.TypGatherScatter}, model.TypGatherScatter},
		{[]model.Typology{model.TypFanOut, model.TypScatterGather, model.TypRandom}, model.TypScatterGather},
		{[]model.Typology{model.TypRandom, model.TypCycle}, model.TypCycle},
		{[]model.Typology{model.TypModelScore, model.TypFanIn}, model.TypFanIn},
		{[]model.Typology{model.TypModelScore}, model.TypModelScore},
		{nil, ""},
	}
	for _, tc := range tests {
		require.Equal(t, tc.want, detect.Winner(tc.typs), "%v", tc.typs)
	}
	for _, typ := range detect.Precedence {
		require.NotEmpty(t, detect.SARCodes(typ), typ)
	}
}

func TestPatternConfigErrors(t *testing.T) {
	_, err := detect.New(detect.Config{Patterns: detect.PatternConfig{MinIntermediates: 1}})
	require.ErrorIs(t, err, detect.ErrConfig)
	require.Contains(t, err.Error(), "MinIntermediates")
	_, err = detect.New(detect.Config{Patterns: detect.PatternConfig{MaxCycleLength: 40}})
	require.ErrorIs(t, err, detect.ErrConfig)
}
