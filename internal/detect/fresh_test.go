package detect_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/detect"
	"github.com/centinela-aml/centinela/internal/model"
)

// The streams below start at t0 with two established accounts, OLD1 and
// OLD2, dealing with each other: that starts the engine's watch. With the
// defaults an account first seen after 28 days of watching (Settle) is new
// and stays new for 8 days (Young, twice the 96h pattern window).

// freshDay is when the new accounts of the streams appear: after Settle.
const freshDay = 30 * day

// freshLater is a time when every account first seen on freshDay's first
// days is no longer new, so that their groups have been judged.
const freshLater = freshDay + 20*day

// on returns the time h hours into freshDay.
func on(h float64) time.Duration { return freshDay + hours(h) }

// freshOpen starts the engine's watch at t0.
func freshOpen() []model.Transaction { return []model.Transaction{tx("open", 0, "OLD1", "OLD2", 100)} }

// tick moves the engine's clock to at with a payment between the
// established accounts.
func tick(id string, at time.Duration) model.Transaction { return tx(id, at, "OLD1", "OLD2", 100) }

// cash makes a cash deposit into acct (from == "") or a cash withdrawal
// from it (to == "").
func cash(id string, at time.Duration, from, to string) model.Transaction {
	x := tx(id, at, from, to, 2000)
	x.Channel = model.ChannelCashDeposit
	if to == "" {
		x.Channel = model.ChannelCashWithdrawal
	}
	return x
}

// fanOut is N0 paying four accounts new to the bank, an hour apart.
func fanOut() []model.Transaction {
	return []model.Transaction{
		tx("f1", on(1), "N0", "N1", 3000),
		tx("f2", on(2), "N0", "N2", 3100),
		tx("f3", on(3), "N0", "N3", 3200),
		tx("f4", on(4), "N0", "N4", 3300),
	}
}

// stream joins transactions into one stream.
func stream(parts ...[]model.Transaction) []model.Transaction {
	var out []model.Transaction
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// newAccountAlerts returns the GRAPH-NEWACCOUNTS alerts among alerts,
// latest state by ID, sorted by ID.
func newAccountAlerts(alerts []model.Alert) []model.Alert {
	byID := map[string]model.Alert{}
	for _, a := range alerts {
		byID[a.ID] = a
	}
	return alertsOf(byID, detect.RuleNewAccounts)
}

// freshRun feeds stream to a new engine in batches of size b and flushes
// it. It returns the new-account alerts Observe raised and those Flush
// raised, and checks that a second Flush raises nothing.
func freshRun(t *testing.T, cfg detect.Config, txs []model.Transaction, b int) (observed, flushed []model.Alert) {
	t.Helper()
	e, err := detect.New(cfg)
	require.NoError(t, err)
	var all []model.Alert
	for lo := 0; lo < len(txs); lo += b {
		res, err := e.Observe(txs[lo:min(len(txs), lo+b)])
		require.NoError(t, err)
		require.Zero(t, res.Invalid, "%v", res.Problems)
		all = append(all, res.Alerts...)
	}
	observed = newAccountAlerts(all)
	flushed = newAccountAlerts(e.Flush())
	require.Empty(t, e.Flush(), "a second Flush raises nothing new")
	return observed, flushed
}

var freshBatches = []int{1, 3, 64}

func TestNewAccountFanOut(t *testing.T) {
	txs := stream(freshOpen(), fanOut(), []model.Transaction{tick("later", freshLater)})
	for _, b := range freshBatches {
		t.Run(fmt.Sprintf("batch %d", b), func(t *testing.T) {
			observed, flushed := freshRun(t, detect.Config{}, txs, b)
			require.Empty(t, flushed, "judged once the accounts stopped being new, before the end of the stream")
			require.Len(t, observed, 1)
			a := observed[0]
			require.Equal(t, detect.RuleNewAccounts, a.RuleID)
			require.Equal(t, model.TypFanOut, a.Typology)
			require.Equal(t, model.SourcePattern, a.Source)
			require.Equal(t, model.Subject{Kind: model.SubjectAccount, ID: "N0"}, a.Subject)
			require.Equal(t, []string{"f1", "f2", "f3", "f4"}, a.Evidence)
			require.Equal(t, []string{"N0", "N1", "N2", "N3", "N4"}, a.Accounts)
			require.Equal(t, detect.SARCodes(model.TypFanOut), a.SAR)
			require.Contains(t, a.Reason, "5 accounts, each new to the bank (first seen less than 8d before), dealt only with each other: account N0 paid 4 of them; 4 transfers within 3h")
			require.Equal(t, t0.Add(on(1)), a.WindowStart)
			require.Equal(t, t0.Add(on(4)), a.WindowEnd)
			require.Greater(t, a.Score, 0.0)
		})
	}
}

func TestNewAccountShapes(t *testing.T) {
	tests := []struct {
		name     string
		payments []model.Transaction
		typ      model.Typology
		subject  string
		reason   string
	}{
		{"a chain of first payments is a random walk", []model.Transaction{
			tx("c1", on(1), "N1", "N2", 5000),
			tx("c2", on(5), "N2", "N3", 4900),
			tx("c3", on(9), "N3", "N4", 4800),
		}, model.TypRandom, "N1", "money passed from account N1 along a chain of 3 payments: N1 → N2 → N3 → N4"},
		{"money coming back is a cycle", []model.Transaction{
			tx("c1", on(1), "N1", "N2", 5000),
			tx("c2", on(5), "N2", "N3", 4900),
			tx("c3", on(9), "N3", "N1", 4800),
		}, model.TypCycle, "N1", "money left account N1 and came back to it through 2 other accounts: N1 → N2 → N3 → N1"},
		{"money coming straight back is a cycle of two", []model.Transaction{
			tx("c1", on(1), "N1", "N2", 5000),
			tx("c2", on(30), "N2", "N1", 4900),
		}, model.TypCycle, "N1", "money left account N1 and came back to it through 1 other accounts: N1 → N2 → N1"},
		{"many paying one is a fan-in", []model.Transaction{
			tx("c1", on(1), "N1", "N0", 900),
			tx("c2", on(2), "N2", "N0", 900),
			tx("c3", on(3), "N3", "N0", 900),
		}, model.TypFanIn, "N0", "account N0 was paid by 3 of them"},
		{"paid through intermediaries to one destination is a scatter-gather", []model.Transaction{
			tx("c1", on(1), "S", "M1", 900),
			tx("c2", on(2), "S", "M2", 900),
			tx("c3", on(8), "M1", "D", 880),
			tx("c4", on(9), "M2", "D", 880),
		}, model.TypScatterGather, "S", "account S paid 2 of them, who each paid the same destination"},
		{"gathered and paid on is a gather-scatter", []model.Transaction{
			tx("c1", on(1), "N1", "H", 900),
			tx("c2", on(2), "N2", "H", 900),
			tx("c3", on(8), "H", "N3", 880),
			tx("c4", on(9), "H", "N4", 880),
		}, model.TypGatherScatter, "H", "account H gathered money from some of them and paid it on to others, 4 in all"},
	}
	for _, tc := range tests {
		for _, b := range freshBatches {
			t.Run(fmt.Sprintf("%s/batch %d", tc.name, b), func(t *testing.T) {
				txs := stream(freshOpen(), tc.payments, []model.Transaction{tick("later", freshLater)})
				observed, flushed := freshRun(t, detect.Config{}, txs, b)
				require.Empty(t, flushed)
				require.Len(t, observed, 1)
				a := observed[0]
				require.Equal(t, tc.typ, a.Typology)
				require.Equal(t, tc.subject, a.Subject.ID)
				require.Contains(t, a.Reason, tc.reason)
				var want []string
				for _, p := range tc.payments {
					want = append(want, p.ID)
				}
				require.Equal(t, want, a.Evidence)
				require.Equal(t, detect.SARCodes(tc.typ), a.SAR)
			})
		}
	}
}

// pairs makes n single payments between distinct pairs of new accounts,
// every gap apart from start.
func pairs(prefix string, n int, start, gap time.Duration) []model.Transaction {
	var txs []model.Transaction
	for i := range n {
		at := start + time.Duration(i)*gap
		txs = append(txs, tx(fmt.Sprintf("%s%d", prefix, i), at, fmt.Sprintf("%sA%d", prefix, i), fmt.Sprintf("%sB%d", prefix, i), 7000))
	}
	return txs
}

// chains makes n two-payment chains through distinct new accounts, every
// gap apart from start; the money moves on an hour after it arrives.
func chains(prefix string, n int, start, gap time.Duration) []model.Transaction {
	var txs []model.Transaction
	for i := range n {
		at := start + time.Duration(i)*gap
		a, m, b := fmt.Sprintf("%sA%d", prefix, i), fmt.Sprintf("%sM%d", prefix, i), fmt.Sprintf("%sB%d", prefix, i)
		txs = append(txs,
			tx(fmt.Sprintf("%s%d-in", prefix, i), at, a, m, 7000),
			tx(fmt.Sprintf("%s%d-on", prefix, i), at+time.Hour, m, b, 6900))
	}
	return txs
}

func ids(txs []model.Transaction) []string {
	var out []string
	for _, x := range txs {
		out = append(out, x.ID)
	}
	return out
}

func TestNewAccountParallelTransfers(t *testing.T) {
	tests := []struct {
		name     string
		cfg      detect.Config
		payments []model.Transaction
		typ      model.Typology // "" for no alert
		reason   string
	}{
		{"three single payments between distinct new pairs are a bipartite layer",
			detect.Config{}, pairs("p", 3, on(1), 5*time.Hour), model.TypBipartite, "3 pairs of accounts"},
		{"three two-payment chains are a stack",
			detect.Config{}, chains("s", 3, on(1), 5*time.Hour), model.TypStack, "3 chains of two payments"},
		{"spread over three days, still within the pattern window",
			detect.Config{}, pairs("p", 3, on(1), 36*time.Hour), model.TypBipartite, "3 pairs of accounts"},
		{"two pairs are fewer than MinGroup",
			detect.Config{}, pairs("p", 2, on(1), 5*time.Hour), "", ""},
		{"two chains are fewer than MinGroup",
			detect.Config{}, chains("s", 2, on(1), 5*time.Hour), "", ""},
		{"two pairs with MinGroup 2",
			detect.Config{NewAccounts: detect.NewAccountConfig{MinGroup: 2}}, pairs("p", 2, on(1), 5*time.Hour), model.TypBipartite, "2 pairs of accounts"},
		{"single payments and chains are not counted together",
			detect.Config{}, stream(pairs("p", 2, on(1), 5*time.Hour), chains("s", 1, on(3), 0)), "", ""},
		{"the third pair comes more than a pattern window after the first",
			detect.Config{}, stream(pairs("p", 2, on(1), 5*time.Hour), pairs("q", 1, on(1)+5*day, 0)), "", ""},
	}
	for _, tc := range tests {
		for _, b := range freshBatches {
			t.Run(fmt.Sprintf("%s/batch %d", tc.name, b), func(t *testing.T) {
				payments := sortedByTime(tc.payments)
				txs := stream(freshOpen(), payments, []model.Transaction{tick("later", freshLater)})
				observed, flushed := freshRun(t, tc.cfg, txs, b)
				require.Empty(t, flushed)
				if tc.typ == "" {
					require.Empty(t, observed)
					return
				}
				require.Len(t, observed, 1)
				a := observed[0]
				require.Equal(t, tc.typ, a.Typology)
				require.Equal(t, detect.RuleNewAccounts, a.RuleID)
				require.Equal(t, ids(payments), a.Evidence)
				require.Equal(t, payments[0].Originator, a.Subject.ID)
				require.Contains(t, a.Reason, tc.reason)
				require.Equal(t, detect.SARCodes(tc.typ), a.SAR)
			})
		}
	}
}

// sortedByTime returns txs in time order (stable).
func sortedByTime(txs []model.Transaction) []model.Transaction {
	out := append([]model.Transaction(nil), txs...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Time.Before(out[j-1].Time); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func TestNewAccountGroupDealingWithOthersIsOrdinary(t *testing.T) {
	tests := []struct {
		name  string
		cfg   detect.Config
		extra []model.Transaction
		alert bool
	}{
		{"a receiver pays an established account", detect.Config{},
			[]model.Transaction{tx("x", on(6), "N2", "OLD1", 500)}, false},
		{"an established account paid the payer first", detect.Config{},
			[]model.Transaction{tx("x", on(0.5), "OLD1", "N0", 20000)}, false},
		{"a receiver paid an established account before the fan-out", detect.Config{},
			[]model.Transaction{tx("x", on(0.5), "N3", "OLD2", 50)}, false},
		{"the payer was funded with cash", detect.Config{},
			[]model.Transaction{cash("x", on(0.5), "", "N0")}, false},
		{"a receiver withdraws the money in cash", detect.Config{},
			[]model.Transaction{cash("x", on(8), "N4", "")}, false},
		{"a receiver pays an established account days later, while still new", detect.Config{},
			[]model.Transaction{tx("x", on(7*24), "N1", "OLD1", 500)}, false},
		{"a receiver pays an established account exactly Young after it was first seen", detect.Config{},
			[]model.Transaction{tx("x", on(1)+8*day, "N1", "OLD1", 500)}, false},
		{"more payments than MaxPayments", detect.Config{NewAccounts: detect.NewAccountConfig{MaxPayments: 3}}, nil, false},
		{"as many payments as MaxPayments", detect.Config{NewAccounts: detect.NewAccountConfig{MaxPayments: 4}}, nil, true},
		{"dealing with an established account once no longer new does not matter", detect.Config{},
			[]model.Transaction{tx("x", on(9*24), "N2", "OLD1", 500)}, true},
	}
	for _, tc := range tests {
		for _, b := range freshBatches {
			t.Run(fmt.Sprintf("%s/batch %d", tc.name, b), func(t *testing.T) {
				txs := stream(freshOpen(), sortedByTime(append(fanOut(), tc.extra...)), []model.Transaction{tick("later", freshLater)})
				observed, flushed := freshRun(t, tc.cfg, txs, b)
				require.Empty(t, flushed)
				if !tc.alert {
					require.Empty(t, observed)
					return
				}
				require.Len(t, observed, 1)
				require.Equal(t, model.TypFanOut, observed[0].Typology)
				require.Equal(t, []string{"f1", "f2", "f3", "f4"}, observed[0].Evidence)
			})
		}
	}
}

// shift moves txs by d.
func shift(txs []model.Transaction, d time.Duration) []model.Transaction {
	out := append([]model.Transaction(nil), txs...)
	for i := range out {
		out[i].Time = out[i].Time.Add(d)
	}
	return out
}

func TestWhichAccountsAreNew(t *testing.T) {
	early := shift(fanOut(), 10*day-freshDay) // on day 10, before Settle
	opened := func(at time.Time) func(string) (time.Time, bool) {
		return func(account string) (time.Time, bool) {
			if account == "OLD1" || account == "OLD2" {
				return t0.AddDate(-3, 0, 0), true
			}
			return at, true
		}
	}
	unknown := func(string) (time.Time, bool) { return time.Time{}, false }
	tests := []struct {
		name    string
		cfg     detect.Config
		payment []model.Transaction
		alert   bool
	}{
		{"first seen after Settle", detect.Config{}, fanOut(), true},
		{"first seen before Settle: the engine cannot tell", detect.Config{}, early, false},
		{"a shorter Settle", detect.Config{NewAccounts: detect.NewAccountConfig{Settle: 5 * day}}, early, true},
		{"opened years ago: an old account seen for the first time",
			detect.Config{AccountOpened: opened(t0.AddDate(-1, 0, 0))}, fanOut(), false},
		{"opened more than Young before it was first seen",
			detect.Config{AccountOpened: opened(t0.Add(freshDay - 9*day))}, fanOut(), false},
		{"opened the day before it was first seen, even before Settle",
			detect.Config{AccountOpened: opened(t0.Add(9 * day))}, early, true},
		{"opened the day before it was first seen",
			detect.Config{AccountOpened: opened(t0.Add(freshDay - day))}, fanOut(), true},
		{"opening date unknown: Settle decides", detect.Config{AccountOpened: unknown}, fanOut(), true},
		{"opening date unknown, before Settle", detect.Config{AccountOpened: unknown}, early, false},
	}
	for _, tc := range tests {
		for _, b := range freshBatches {
			t.Run(fmt.Sprintf("%s/batch %d", tc.name, b), func(t *testing.T) {
				txs := stream(freshOpen(), tc.payment, []model.Transaction{tick("later", freshLater)})
				observed, flushed := freshRun(t, tc.cfg, txs, b)
				require.Empty(t, flushed)
				if !tc.alert {
					require.Empty(t, observed)
					return
				}
				require.Len(t, observed, 1)
				require.Equal(t, model.TypFanOut, observed[0].Typology)
				require.Equal(t, []string{"f1", "f2", "f3", "f4"}, observed[0].Evidence)
			})
		}
	}
}

func TestNewAccountAlertsWaitUntilTheAccountsAreNoLongerNew(t *testing.T) {
	// N4, the last account of the fan-out, is first seen at on(4): the
	// group is new until 8 days later.
	tests := []struct {
		name  string
		at    time.Duration
		alert bool
	}{
		{"a day later", on(24), false},
		{"just before the last account stops being new", on(4) + 8*day - time.Hour, false},
		{"exactly when it stops being new", on(4) + 8*day, false},
		{"just after", on(4) + 8*day + time.Hour, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, err := detect.New(detect.Config{})
			require.NoError(t, err)
			res, err := e.Observe(stream(freshOpen(), fanOut()))
			require.NoError(t, err)
			require.Empty(t, newAccountAlerts(res.Alerts), "the money may still move on")
			res, err = e.Observe([]model.Transaction{tick("tick", tc.at)})
			require.NoError(t, err)
			got := newAccountAlerts(res.Alerts)
			flushed := newAccountAlerts(e.Flush())
			if tc.alert {
				require.Len(t, got, 1)
				require.Equal(t, model.TypFanOut, got[0].Typology)
				require.Empty(t, flushed, "already raised")
				return
			}
			require.Empty(t, got)
			require.Len(t, flushed, 1, "Flush judges the group still open")
			require.Equal(t, model.TypFanOut, flushed[0].Typology)
			require.Equal(t, []string{"f1", "f2", "f3", "f4"}, flushed[0].Evidence)
			require.Empty(t, e.Flush(), "a second Flush raises nothing new")
		})
	}
}

func TestNewAccountChainGrowsWhileItsAccountsAreNew(t *testing.T) {
	// The money moves on every three days, each time to an account first
	// seen then: judged at once, the first payment alone would be a single
	// payment; it is one chain.
	payments := []model.Transaction{
		tx("c1", on(1), "N1", "N2", 5000),
		tx("c2", on(1)+3*day, "N2", "N3", 4900),
		tx("c3", on(1)+6*day, "N3", "N4", 4800),
		tx("c4", on(1)+9*day, "N4", "N5", 4700),
	}
	var txs []model.Transaction
	txs = append(txs, freshOpen()...)
	for i, p := range payments {
		txs = append(txs, p, tick(fmt.Sprintf("t%d", i), p.Time.Sub(t0)+day))
	}
	txs = append(txs, tick("later", on(1)+30*day))
	for _, b := range freshBatches {
		t.Run(fmt.Sprintf("batch %d", b), func(t *testing.T) {
			observed, flushed := freshRun(t, detect.Config{}, txs, b)
			require.Empty(t, flushed)
			require.Len(t, observed, 1)
			require.Equal(t, model.TypRandom, observed[0].Typology)
			require.Equal(t, []string{"c1", "c2", "c3", "c4"}, observed[0].Evidence)
			require.Contains(t, observed[0].Reason, "N1 → N2 → N3 → N4 → N5")
		})
	}
}

func TestNewAccountFlushAtTheEndOfTheStream(t *testing.T) {
	for _, b := range freshBatches {
		t.Run(fmt.Sprintf("batch %d", b), func(t *testing.T) {
			observed, flushed := freshRun(t, detect.Config{}, stream(freshOpen(), pairs("p", 3, on(1), time.Hour)), b)
			require.Empty(t, observed, "the accounts are still new at the end of the stream")
			require.Len(t, flushed, 1)
			require.Equal(t, model.TypBipartite, flushed[0].Typology)
			require.Equal(t, []string{"p0", "p1", "p2"}, flushed[0].Evidence)
		})
	}
}

func TestNewAccountsOff(t *testing.T) {
	txs := stream(freshOpen(), sortedByTime(stream(fanOut(), pairs("p", 3, on(1), time.Hour))), []model.Transaction{tick("later", freshLater)})
	observed, flushed := freshRun(t, detect.Config{NewAccounts: detect.NewAccountConfig{Off: true}}, txs, 64)
	require.Empty(t, observed)
	require.Empty(t, flushed)
	// The same stream with the miner on alerts: the test can fail.
	observed, _ = freshRun(t, detect.Config{}, txs, 64)
	require.Len(t, observed, 2)
}

func TestNewAccountConfigErrors(t *testing.T) {
	tests := []struct {
		cfg  detect.NewAccountConfig
		want string
	}{
		{detect.NewAccountConfig{Settle: -time.Hour}, "NewAccounts.Settle"},
		{detect.NewAccountConfig{Young: -time.Hour}, "NewAccounts.Young"},
		{detect.NewAccountConfig{Young: time.Millisecond}, "NewAccounts.Young"},
		{detect.NewAccountConfig{MinGroup: -1}, "NewAccounts.MinGroup"},
		{detect.NewAccountConfig{MaxPayments: 1}, "NewAccounts.MaxPayments"},
		{detect.NewAccountConfig{MaxPayments: -5}, "NewAccounts.MaxPayments"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			_, err := detect.New(detect.Config{NewAccounts: tc.cfg})
			require.ErrorIs(t, err, detect.ErrConfig)
			require.Contains(t, err.Error(), tc.want)
		})
	}
	_, err := detect.New(detect.Config{NewAccounts: detect.NewAccountConfig{Settle: time.Hour, Young: time.Second, MinGroup: 1, MaxPayments: 2}})
	require.NoError(t, err, "the smallest valid values")
}

func TestNewAccountParallelTransfersDoNotDependOnBatches(t *testing.T) {
	// Two single payments start a bipartite layer on freshDay. On day 3
	// X1 pays Y, a third single payment within the pattern window of the
	// first. On day 5 H, new too, pays X2 and X3, and on day 6 X1: X1's
	// payment to Y is now part of H's group, which stays open until day
	// 13, long after the two pairs were judged (day 8). It still counts
	// as the layer's third parallel transfer, whichever way the stream is
	// cut into batches.
	payments := []model.Transaction{
		tx("p0", on(1), "PA0", "PB0", 7000),
		tx("p1", on(2), "PA1", "PB1", 7000),
		tx("x1", on(3*24), "X1", "Y", 7000),
		tx("h2", on(5*24), "H", "X2", 3000),
		tx("h3", on(5*24+1), "H", "X3", 3000),
		tx("h1", on(6*24), "H", "X1", 3000),
		tick("t9", on(9*24)),
		tick("t10", on(10*24)),
	}
	txs := stream(freshOpen(), payments, []model.Transaction{tick("later", freshLater)})
	for _, b := range freshBatches {
		t.Run(fmt.Sprintf("batch %d", b), func(t *testing.T) {
			observed, flushed := freshRun(t, detect.Config{}, txs, b)
			require.Empty(t, flushed)
			var typs []model.Typology
			for _, a := range observed {
				typs = append(typs, a.Typology)
				if a.Typology == model.TypBipartite {
					require.Equal(t, []string{"p0", "p1", "x1"}, a.Evidence)
				}
			}
			require.ElementsMatch(t, []model.Typology{model.TypBipartite, model.TypFanOut}, typs)
		})
	}
}

func TestNewAccountParallelTransfersWindowCoversTheirPayments(t *testing.T) {
	// As above, but X1's payment to Y comes before the two pairs: it is
	// judged last (with H's group) and still the earliest of the layer.
	payments := []model.Transaction{
		tx("x1", on(3), "X1", "Y", 7000),
		tx("p0", on(24), "PA0", "PB0", 7000),
		tx("p1", on(26), "PA1", "PB1", 7000),
		tx("h2", on(5*24), "H", "X2", 3000),
		tx("h3", on(5*24+1), "H", "X3", 3000),
		tx("h1", on(6*24), "H", "X1", 3000),
		tick("t9", on(9*24)),
		tick("t10", on(10*24)),
	}
	txs := stream(freshOpen(), payments, []model.Transaction{tick("later", freshLater)})
	for _, b := range freshBatches {
		t.Run(fmt.Sprintf("batch %d", b), func(t *testing.T) {
			observed, _ := freshRun(t, detect.Config{}, txs, b)
			var layer []model.Alert
			for _, a := range observed {
				if a.Typology == model.TypBipartite {
					layer = append(layer, a)
				}
			}
			require.Len(t, layer, 1)
			a := layer[0]
			require.ElementsMatch(t, []string{"x1", "p0", "p1"}, a.Evidence)
			require.Equal(t, t0.Add(on(3)), a.WindowStart)
			require.Equal(t, t0.Add(on(26)), a.WindowEnd)
			require.Contains(t, a.Reason, "within 23h of each other")
		})
	}
}
