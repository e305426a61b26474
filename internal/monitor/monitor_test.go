package monitor

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/detect"
	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/rules"
	rulefiles "github.com/centinela-aml/centinela/rules"
)

var t0 = time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)

// structuringBank is one customer depositing cash just below the CTR
// threshold, plus ordinary card spending by another.
func structuringBank() ([]model.Party, []model.Account, []model.Transaction) {
	income := 30000.0
	parties := []model.Party{
		{ID: "P1", Kind: model.Person, Names: []model.Name{{Full: "Ana Ruiz"}}, Occupation: "Cashier", DeclaredIncome: &income, Onboarded: model.NewDate(2023, 1, 5)},
		{ID: "P2", Kind: model.Person, Names: []model.Name{{Full: "Bo Li"}}, Occupation: "Engineer", DeclaredIncome: &income, Onboarded: model.NewDate(2023, 1, 5)},
	}
	accounts := []model.Account{
		{ID: "A1", Institution: "BANK", Owners: []string{"P1"}, Type: model.AcctChecking, Currency: "USD", Opened: model.NewDate(2023, 1, 5)},
		{ID: "A2", Institution: "BANK", Owners: []string{"P2"}, Type: model.AcctChecking, Currency: "USD", Opened: model.NewDate(2023, 1, 5)},
	}
	var txs []model.Transaction
	for i := range 40 {
		txs = append(txs, model.Transaction{
			ID: fmt.Sprintf("C%02d", i), Time: t0.Add(time.Duration(i) * 6 * time.Hour),
			Originator: "A2", Beneficiary: "M1", Amount: 20 + float64(i), Currency: "USD", Channel: model.ChannelCard, MCC: "5411",
		})
	}
	for i, amt := range []float64{9500, 9200, 9800, 9400} {
		txs = append(txs, model.Transaction{
			ID: fmt.Sprintf("S%d", i), Time: t0.Add(time.Duration(i*48+1) * time.Hour),
			Beneficiary: "A1", Amount: amt, Currency: "USD", Channel: model.ChannelCashDeposit, Branch: "BR-1",
		})
	}
	sortByTime(txs)
	return parties, accounts, txs
}

func sortByTime(txs []model.Transaction) {
	for i := 1; i < len(txs); i++ {
		for j := i; j > 0 && txs[j].Time.Before(txs[j-1].Time); j-- {
			txs[j], txs[j-1] = txs[j-1], txs[j]
		}
	}
}

func seq(txs []model.Transaction) iter.Seq2[model.Transaction, error] {
	return func(yield func(model.Transaction, error) bool) {
		for _, tx := range txs {
			if !yield(tx, nil) {
				return
			}
		}
	}
}

func newMonitor(t *testing.T, parties []model.Party, accounts []model.Account) *Monitor {
	t.Helper()
	lib, err := rules.Load(rulefiles.FS())
	require.NoError(t, err)
	m, err := New(Config{Graph: &detect.Config{}, Rules: lib, KYC: rules.NewDirectory(parties, accounts)})
	require.NoError(t, err)
	t.Cleanup(m.Close)
	return m
}

func TestMonitorRaisesExplainedRuleAlert(t *testing.T) {
	parties, accounts, txs := structuringBank()
	for _, batch := range []int{1, 7, 2048} {
		t.Run(fmt.Sprintf("batch %d", batch), func(t *testing.T) {
			m := newMonitor(t, parties, accounts)
			var seen int
			require.NoError(t, Run(context.Background(), m, seq(txs), batch, func(n int) { seen += n }))
			require.Equal(t, len(txs), seen, "progress reports every transaction")

			alerts := m.Alerts()
			require.Len(t, alerts, 1, "one growing alert, not one per deposit")
			a := alerts[0]
			require.Equal(t, "STRUCT-1", a.RuleID)
			require.Equal(t, model.TypStructuring, a.Typology)
			require.Equal(t, model.Subject{Kind: model.SubjectAccount, ID: "A1"}, a.Subject)
			require.ElementsMatch(t, []string{"S0", "S1", "S2", "S3"}, a.Evidence, "the latest version carries all four deposits")
			require.Contains(t, a.Reason, "4 cash deposits")

			st := m.Stats()
			require.EqualValues(t, len(txs), st.Transactions)
			require.Equal(t, 1, st.Alerts)
			require.NotEmpty(t, st.Rules)
		})
	}
}

func TestMonitorGraphOnly(t *testing.T) {
	m, err := New(Config{Graph: &detect.Config{}})
	require.NoError(t, err)
	defer m.Close()
	_, _, txs := structuringBank()
	txs = append(txs, txs[len(txs)-1]) // the same transaction twice
	require.NoError(t, m.Observe(txs))
	st := m.Stats()
	require.EqualValues(t, 1, st.Duplicates)
	require.Nil(t, st.Rules)
}

func TestMonitorErrors(t *testing.T) {
	_, err := New(Config{})
	require.ErrorContains(t, err, "no engine")

	lib, err := rules.Load(rulefiles.FS())
	require.NoError(t, err)
	_, err = New(Config{Rules: lib})
	require.ErrorContains(t, err, "KYC")

	m, err := New(Config{Graph: &detect.Config{}})
	require.NoError(t, err)
	defer m.Close()
	boom := errors.New("disk on fire")
	bad := func(yield func(model.Transaction, error) bool) {
		yield(model.Transaction{}, boom)
	}
	require.ErrorIs(t, Run(context.Background(), m, bad, 10, nil), boom)

	outOfOrder := []model.Transaction{
		{ID: "1", Time: t0.Add(time.Hour), Originator: "A", Beneficiary: "B", Amount: 1, Currency: "USD", Channel: model.ChannelWire},
		{ID: "2", Time: t0, Originator: "A", Beneficiary: "B", Amount: 1, Currency: "USD", Channel: model.ChannelWire},
	}
	require.ErrorIs(t, Run(context.Background(), m, seq(outOfOrder), 1, nil), detect.ErrOutOfOrder)
}

func TestRunStopsOnCancel(t *testing.T) {
	_, _, txs := structuringBank()
	m, err := New(Config{Graph: &detect.Config{}})
	require.NoError(t, err)
	defer m.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var batches int
	err = Run(ctx, m, seq(txs), 5, func(int) {
		batches++
		cancel()
	})
	require.ErrorIs(t, err, context.Canceled)
	require.Equal(t, 1, batches, "stops after the batch during which it was cancelled")
}

func TestCompare(t *testing.T) {
	labels := []model.Label{
		{CaseID: "C1", Typology: model.TypSmurfing, EntityKind: model.EntityAccount, EntityID: "A1"},
		{CaseID: "C1", Typology: model.TypSmurfing, EntityKind: model.EntityTransaction, EntityID: "T1"},
		{CaseID: "C2", Typology: model.TypSmurfing, EntityKind: model.EntityAccount, EntityID: "A2"},
		{CaseID: "C3", Typology: model.TypSanctions, EntityKind: model.EntityParty, EntityID: "P9"},
		{CaseID: "C4", Typology: model.TypFanIn, EntityKind: model.EntityTransaction, EntityID: "T7"},
		// research data: labels without a case are each their own case
		{Typology: model.TypCycle, EntityKind: model.EntityTransaction, EntityID: "T8"},
		{Typology: model.TypCycle, EntityKind: model.EntityTransaction, EntityID: "T9"},
	}
	alerts := []model.Alert{
		{ID: "a", Subject: model.Subject{Kind: model.SubjectAccount, ID: "A1"}},                                // C1 by subject
		{ID: "b", Subject: model.Subject{Kind: model.SubjectParty, ID: "P9"}},                                  // C3 by party
		{ID: "c", Subject: model.Subject{Kind: model.SubjectAccount, ID: "Z"}, Evidence: []string{"T7", "T8"}}, // C4 and one cycle label by evidence
		{ID: "d", Subject: model.Subject{Kind: model.SubjectAccount, ID: "Q"}, Accounts: []string{"nobody"}},   // false alarm
		{ID: "e", Subject: model.Subject{Kind: model.SubjectAccount, ID: "Y"}, Accounts: []string{"A1"}},       // C1 again, through the subgraph
	}
	tr := Compare(alerts, labels)
	require.Equal(t, 6, tr.Cases)
	require.Equal(t, 4, tr.Detected)
	require.Equal(t, 5, tr.Alerts)
	require.Equal(t, 4, tr.OnCase)
	require.InDelta(t, 0.8, tr.Precision(), 1e-9)
	require.InDelta(t, 4.0/6, tr.Recall(), 1e-9)

	rows := map[model.Typology][2]int{}
	for _, r := range tr.ByTypology {
		rows[r.Typology] = [2]int{r.Cases, r.Detected}
	}
	require.Equal(t, map[model.Typology][2]int{
		model.TypSmurfing:  {2, 1},
		model.TypSanctions: {1, 1},
		model.TypFanIn:     {1, 1},
		model.TypCycle:     {2, 1},
	}, rows)

	empty := Compare(nil, nil)
	require.Zero(t, empty.Precision())
	require.Zero(t, empty.Recall())
}
