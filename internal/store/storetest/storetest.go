// Package storetest is the behaviour every store.Store implementation must
// have, as tests: an implementation's test calls Run with a function that
// opens a fresh, empty store.
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) store.Store {
//			s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "test.db"))
//			require.NoError(t, err)
//			t.Cleanup(func() { s.Close() })
//			return s
//		})
//	}
package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/store"
)

// Open returns a fresh, empty store, closed when t ends.
type Open func(t *testing.T) store.Store

// Run runs every behaviour test against stores made by open.
func Run(t *testing.T, open Open) {
	t.Run("TransactionDedup", func(t *testing.T) { testTransactionDedup(t, open) })
	t.Run("TransactionRepeatedInBatch", func(t *testing.T) { testTransactionRepeatedInBatch(t, open) })
	t.Run("TransactionRoundTrip", func(t *testing.T) { testTransactionRoundTrip(t, open) })
	t.Run("EveryFieldStored", func(t *testing.T) { testEveryField(t, open) })
	t.Run("TransactionOrder", func(t *testing.T) { testTransactionOrder(t, open) })
	t.Run("TransactionFilters", func(t *testing.T) { testTransactionFilters(t, open) })
	t.Run("PartyVersions", func(t *testing.T) { testPartyVersions(t, open) })
	t.Run("AccountVersions", func(t *testing.T) { testAccountVersions(t, open) })
	t.Run("NotFound", func(t *testing.T) { testNotFound(t, open) })
	t.Run("LabelsAreASet", func(t *testing.T) { testLabels(t, open) })
	t.Run("SharedIdentifiers", func(t *testing.T) { testSharedIdentifiers(t, open) })
	t.Run("Counts", func(t *testing.T) { testCounts(t, open) })
	t.Run("Alerts", func(t *testing.T) { testAlerts(t, open) })
	t.Run("Checkpoints", func(t *testing.T) { testCheckpoints(t, open) })
	t.Run("BatchAtomic", func(t *testing.T) { testBatchAtomic(t, open) })
	t.Run("Atomic", func(t *testing.T) { testAtomic(t, open) })
	t.Run("InvalidRecord", func(t *testing.T) { testInvalidRecord(t, open) })
	t.Run("OutcomesMatchModel", func(t *testing.T) { testOutcomesMatchModel(t, open) })
	runCases(t, open)
}

var t0 = time.Date(2025, 3, 1, 14, 5, 0, 0, time.UTC)

// tx returns a plain transaction: id, at minute m after t0, amount.
func tx(id string, m int, amount float64) model.Transaction {
	return model.Transaction{
		ID: id, Time: t0.Add(time.Duration(m) * time.Minute),
		Originator: "A1", Beneficiary: "A2",
		Amount: amount, Currency: "USD", Channel: model.ChannelWire,
	}
}

func write(t *testing.T, s store.Store, b store.Batch) store.BatchResult {
	t.Helper()
	res, err := s.WriteBatch(t.Context(), b)
	require.NoError(t, err)
	return res
}

func collect[T any](t *testing.T, seq func(yield func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

func txIDs(t *testing.T, s store.Store, f store.TxFilter) []string {
	t.Helper()
	var ids []string
	for _, x := range collect(t, s.Transactions(t.Context(), f)) {
		ids = append(ids, x.ID)
	}
	return ids
}

func testTransactionDedup(t *testing.T, open Open) {
	s := open(t)
	first := []model.Transaction{tx("T1", 0, 100), tx("T2", 1, 200)}
	res := write(t, s, store.Batch{Transactions: first})
	require.Equal(t, []store.Outcome{store.Inserted, store.Inserted}, res.Transactions)

	// The same transactions again: duplicates. T1 with another amount: a
	// conflict, and the stored T1 keeps its amount. T3 is new.
	changed := tx("T1", 0, 101)
	res = write(t, s, store.Batch{Transactions: []model.Transaction{first[0], changed, first[1], tx("T3", 2, 300)}})
	require.Equal(t, []store.Outcome{store.Duplicate, store.Conflict, store.Duplicate, store.Inserted}, res.Transactions)

	got := collect(t, s.Transactions(t.Context(), store.TxFilter{IDs: []string{"T1"}}))
	require.Len(t, got, 1)
	require.Equal(t, 100.0, got[0].Amount)

	// Every field takes part in "same content".
	for _, mod := range []func(*model.Transaction){
		func(x *model.Transaction) { x.Time = x.Time.Add(time.Nanosecond) },
		func(x *model.Transaction) { x.Originator = "A9" },
		func(x *model.Transaction) { x.Beneficiary = "" },
		func(x *model.Transaction) { x.Currency = "MXN" },
		func(x *model.Transaction) { x.AmountReceived, x.CurrencyReceived = 100, "USD" },
		func(x *model.Transaction) { x.Channel = model.ChannelACH },
		func(x *model.Transaction) { x.Memo = "rent" },
		func(x *model.Transaction) { x.Counterparty.Name = "GOLDEN RIVER TRADING" },
		func(x *model.Transaction) { x.Counterparty.Country = "HK" },
		func(x *model.Transaction) { x.Counterparty.Type = model.Organization },
		func(x *model.Transaction) { x.Counterparty.NAICS = "531390" },
		func(x *model.Transaction) { x.Counterparty.Bank = "HSBCHKHH" },
		func(x *model.Transaction) { x.Counterparty.Account = "88" },
		func(x *model.Transaction) { x.Branch = "B7" },
		func(x *model.Transaction) { x.MCC = "5411" },
	} {
		x := first[1]
		mod(&x)
		res := write(t, s, store.Batch{Transactions: []model.Transaction{x}})
		require.Equal(t, []store.Outcome{store.Conflict}, res.Transactions, "changed %+v", x)
	}
}

func testTransactionRepeatedInBatch(t *testing.T, open Open) {
	s := open(t)
	write(t, s, store.Batch{Transactions: []model.Transaction{tx("OLD", 0, 5)}})
	a, b := tx("N", 1, 10), tx("N", 1, 11)
	old, oldChanged := tx("OLD", 0, 5), tx("OLD", 0, 6)
	res := write(t, s, store.Batch{Transactions: []model.Transaction{a, a, b, old, oldChanged, oldChanged}})
	require.Equal(t, []store.Outcome{
		store.Inserted, store.Duplicate, store.Conflict, // a new ID repeated: the first one is stored
		store.Duplicate, store.Conflict, store.Conflict, // a stored ID repeated: compared with the stored one
	}, res.Transactions)
	got := collect(t, s.Transactions(t.Context(), store.TxFilter{}))
	require.Len(t, got, 2)
	require.Equal(t, "OLD", got[0].ID)
	require.Equal(t, 5.0, got[0].Amount, "the stored transaction keeps its content")
	require.Equal(t, 10.0, got[1].Amount, "the first occurrence of a new ID is the one stored")
}

func testTransactionRoundTrip(t *testing.T, open Open) {
	s := open(t)
	full := model.Transaction{
		ID: "T-full", Time: time.Date(2025, 3, 1, 8, 5, 0, 123456789, time.FixedZone("CST", -6*3600)),
		Originator: "A1001", Beneficiary: "EXT-HK-88",
		Amount: 9400.25, Currency: "USD", AmountReceived: 73210.5, CurrencyReceived: "HKD",
		Channel: model.ChannelWire, Memo: "invoice 4411\tpaid",
		Counterparty: model.Counterparty{Name: "GOLDEN RIVER TRADING LIMITED", Country: "HK", Type: model.Organization,
			NAICS: "423690", Bank: "HSBCHKHH", Account: "88-1"},
		Branch: "Flushing", MCC: "5999",
	}
	cash := model.Transaction{ID: "T-cash", Time: t0, Beneficiary: "A1001", Amount: 9000, Currency: "USD",
		Channel: model.ChannelCashDeposit, Branch: "Queens"}
	write(t, s, store.Batch{Transactions: []model.Transaction{full, cash}})
	got := collect(t, s.Transactions(t.Context(), store.TxFilter{}))
	require.Len(t, got, 2)
	require.Equal(t, cash, got[0])
	require.True(t, full.Time.Equal(got[1].Time))
	require.Equal(t, time.UTC, got[1].Time.Location(), "times come back in UTC")
	want := full
	want.Time = full.Time.UTC()
	require.Equal(t, want, got[1])
	// Re-writing what was read back is a duplicate.
	res := write(t, s, store.Batch{Transactions: got})
	require.Equal(t, []store.Outcome{store.Duplicate, store.Duplicate}, res.Transactions)
}

func testTransactionOrder(t *testing.T, open Open) {
	s := open(t)
	write(t, s, store.Batch{Transactions: []model.Transaction{tx("c", 5, 1), tx("b", 5, 1), tx("z", 1, 1)}})
	write(t, s, store.Batch{Transactions: []model.Transaction{tx("a", 9, 1), tx("y", 0, 1), tx("a5", 5, 1)}})
	require.Equal(t, []string{"y", "z", "a5", "b", "c", "a"}, txIDs(t, s, store.TxFilter{}))
}

func testTransactionFilters(t *testing.T, open Open) {
	s := open(t)
	mk := func(id string, m int, orig, bene string) model.Transaction {
		x := tx(id, m, 1)
		x.Originator, x.Beneficiary = orig, bene
		return x
	}
	write(t, s, store.Batch{Transactions: []model.Transaction{
		mk("t1", 0, "A", "B"), mk("t2", 10, "B", "C"), mk("t3", 20, "C", "D"), mk("t4", 30, "", "A"),
	}})
	for _, c := range []struct {
		name string
		f    store.TxFilter
		want []string
	}{
		{"all", store.TxFilter{}, []string{"t1", "t2", "t3", "t4"}},
		{"from inclusive", store.TxFilter{From: t0.Add(10 * time.Minute)}, []string{"t2", "t3", "t4"}},
		{"to exclusive", store.TxFilter{To: t0.Add(20 * time.Minute)}, []string{"t1", "t2"}},
		{"window", store.TxFilter{From: t0.Add(5 * time.Minute), To: t0.Add(25 * time.Minute)}, []string{"t2", "t3"}},
		{"account either side", store.TxFilter{Accounts: []string{"A"}}, []string{"t1", "t4"}},
		{"accounts", store.TxFilter{Accounts: []string{"C", "D"}}, []string{"t2", "t3"}},
		{"ids", store.TxFilter{IDs: []string{"t3", "t1", "nope"}}, []string{"t1", "t3"}},
		{"ids and window", store.TxFilter{IDs: []string{"t3", "t1"}, From: t0.Add(time.Minute)}, []string{"t3"}},
		{"unknown account", store.TxFilter{Accounts: []string{"Q"}}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			require.Equal(t, c.want, txIDs(t, s, c.f))
		})
	}

	// Long ID lists work and keep the order.
	var many []model.Transaction
	var ids []string
	for i := range 12000 {
		id := fmt.Sprintf("m%05d", i)
		many = append(many, tx(id, 100+(12000-i)/3, 1))
		ids = append(ids, id)
	}
	write(t, s, store.Batch{Transactions: many})
	got := txIDs(t, s, store.TxFilter{IDs: append(ids, "t1")})
	require.Len(t, got, 12001)
	require.Equal(t, "t1", got[0])
	require.Equal(t, "m11998", got[1], "earliest minute first, ties by ID")
	require.Equal(t, "m11999", got[2])

	// Breaking out of the loop early stops cleanly.
	n := 0
	for _, err := range s.Transactions(t.Context(), store.TxFilter{}) {
		require.NoError(t, err)
		if n++; n == 3 {
			break
		}
	}
	require.Equal(t, 3, n)
}

func person(id, name string) model.Party {
	return model.Party{ID: id, Kind: model.Person, Names: []model.Name{{Full: name, Kind: model.NamePrimary}}}
}

func testPartyVersions(t *testing.T, open Open) {
	s := open(t)
	income := 18000.0
	p := person("P1", "Wei Zhang")
	p.Names = append(p.Names, model.Name{Full: "张伟", Script: model.ScriptHan, Kind: model.NameAlias})
	p.BirthDate = model.NewDate(2001, 5, 4)
	p.Nationalities = []string{"CN"}
	p.Documents = []model.IDDocument{{Type: model.DocPassport, Number: "E12345678", Country: "CN",
		Issued: model.NewDate(2019, 1, 2), Expires: model.NewDate(2029, 1, 1)}}
	p.Occupation = "Graduate student"
	p.DeclaredIncome = &income
	p.ExpectedActivity = &model.ExpectedActivity{MonthlyCount: 20, MonthlyAmount: 1500, Countries: []string{"US", "CN"}}
	p.Address = model.Address{Line: "1 Main St", City: "Flushing", Region: "NY", PostalCode: "11354", Country: "US"}
	p.Phones, p.Emails, p.DeviceIDs = []string{"+1 718 555 0101"}, []string{"wei@example.com"}, []string{"dev-1"}
	p.Onboarded, p.OnboardedBy = model.NewDate(2024, 8, 30), "E042"
	p.SourceOfFunds = model.SourceOfFundsUndisclosed

	res := write(t, s, store.Batch{Parties: []model.Party{p}})
	require.Equal(t, []store.Outcome{store.Inserted}, res.Parties)
	got, err := s.Party(t.Context(), "P1")
	require.NoError(t, err)
	require.Equal(t, p, got)

	res = write(t, s, store.Batch{Parties: []model.Party{p}})
	require.Equal(t, []store.Outcome{store.Duplicate}, res.Parties, "same content: duplicate")

	// New KYC: the new version replaces the old one and counts as inserted.
	p2 := p
	p2.Occupation = "Unemployed"
	p2.Phones = []string{"+1 718 555 0199"}
	res = write(t, s, store.Batch{Parties: []model.Party{p2, p2, p}})
	require.Equal(t, []store.Outcome{store.Inserted, store.Duplicate, store.Inserted}, res.Parties,
		"versions in one batch are applied in order")
	got, err = s.Party(t.Context(), "P1")
	require.NoError(t, err)
	require.Equal(t, p, got)

	all := collect(t, s.Parties(t.Context()))
	require.Equal(t, []model.Party{p}, all)
}

func testAccountVersions(t *testing.T, open Open) {
	s := open(t)
	a := model.Account{ID: "A1", Institution: "021000021", Owners: []string{"P2", "P1"}, Type: model.AcctChecking,
		Currency: "USD", Opened: model.NewDate(2024, 9, 1), Branch: "Flushing"}
	b := model.Account{ID: "A0"}
	res := write(t, s, store.Batch{Accounts: []model.Account{a, b}})
	require.Equal(t, []store.Outcome{store.Inserted, store.Inserted}, res.Accounts)
	got, err := s.Account(t.Context(), "A1")
	require.NoError(t, err)
	require.Equal(t, a, got, "owners keep their order")

	res = write(t, s, store.Batch{Accounts: []model.Account{a}})
	require.Equal(t, []store.Outcome{store.Duplicate}, res.Accounts)

	a2 := a
	a2.Owners = []string{"P1"}
	a2.Closed = model.NewDate(2025, 2, 1)
	res = write(t, s, store.Batch{Accounts: []model.Account{a2}})
	require.Equal(t, []store.Outcome{store.Inserted}, res.Accounts)
	got, err = s.Account(t.Context(), "A1")
	require.NoError(t, err)
	require.Equal(t, a2, got)

	require.Equal(t, []model.Account{b, a2}, collect(t, s.Accounts(t.Context())), "in ID order")
}

func testNotFound(t *testing.T, open Open) {
	s := open(t)
	_, err := s.Party(t.Context(), "nobody")
	require.ErrorIs(t, err, store.ErrNotFound)
	_, err = s.Account(t.Context(), "nothing")
	require.ErrorIs(t, err, store.ErrNotFound)
	_, err = s.Checkpoint(t.Context(), "run", "src")
	require.ErrorIs(t, err, store.ErrNotFound)
	require.Empty(t, collect(t, s.Transactions(t.Context(), store.TxFilter{})))
	alerts, err := s.Alerts(t.Context(), store.AlertFilter{})
	require.NoError(t, err)
	require.Empty(t, alerts)
}

func testLabels(t *testing.T, open Open) {
	s := open(t)
	l1 := model.Label{CaseID: "C1", Typology: model.TypFanIn, EntityKind: model.EntityTransaction, EntityID: "T1",
		Note: "Max 16-degree Fan-In"}
	l2 := model.Label{CaseID: "C1", Typology: model.TypFanIn, EntityKind: model.EntityAccount, EntityID: "A1"}
	l3 := model.Label{EntityKind: model.EntityTransaction, EntityID: "T1"} // no case, no typology
	res := write(t, s, store.Batch{Labels: []model.Label{l1, l2, l1, l3}})
	require.Equal(t, []store.Outcome{store.Inserted, store.Inserted, store.Duplicate, store.Inserted}, res.Labels)
	l1renoted := l1
	l1renoted.Note = "another note"
	res = write(t, s, store.Batch{Labels: []model.Label{l3, l2, l1renoted}})
	require.Equal(t, []store.Outcome{store.Duplicate, store.Duplicate, store.Duplicate}, res.Labels,
		"the note is not part of a label's identity")
	require.ElementsMatch(t, []model.Label{l1, l2, l3}, collect(t, s.Labels(t.Context())))
}

func testSharedIdentifiers(t *testing.T, open Open) {
	s := open(t)
	a, b, c := person("P1", "Ana"), person("P2", "Bea"), person("P3", "Cai")
	a.Documents = []model.IDDocument{{Type: model.DocPassport, Number: "E1234-5678", Country: "CN"}}
	b.Documents = []model.IDDocument{{Type: model.DocPassport, Number: "e 12345678", Country: "CN"}}
	c.Documents = []model.IDDocument{{Type: model.DocNationalID, Number: "E12345678"}} // another kind of document
	a.Phones = []string{"+1 (718) 555-0101"}
	c.Phones = []string{"+17185550101"}
	b.Emails = []string{"Bea@Example.com"}
	write(t, s, store.Batch{Parties: []model.Party{a, b, c}})
	got := collect(t, s.SharedIdentifiers(t.Context()))
	require.Equal(t, []store.SharedIdentifier{
		{Identifier: store.Identifier{Kind: "passport", Value: "E12345678", Country: "CN"}, Parties: []string{"P1", "P2"}},
		{Identifier: store.Identifier{Kind: "phone", Value: "+17185550101"}, Parties: []string{"P1", "P3"}},
	}, got)

	// A new version without the phone takes P3 out of the sharing.
	c.Phones = nil
	write(t, s, store.Batch{Parties: []model.Party{c}})
	got = collect(t, s.SharedIdentifiers(t.Context()))
	require.Len(t, got, 1)
	require.Equal(t, "passport", got[0].Kind)
}

func testCounts(t *testing.T, open Open) {
	s := open(t)
	c, err := s.Counts(t.Context())
	require.NoError(t, err)
	require.Equal(t, store.Counts{}, c)
	write(t, s, store.Batch{
		Parties:      []model.Party{person("P1", "A"), person("P2", "B")},
		Accounts:     []model.Account{{ID: "A1"}},
		Transactions: []model.Transaction{tx("T1", 0, 1), tx("T2", 0, 1), tx("T2", 0, 1)},
		Labels:       []model.Label{{EntityKind: model.EntityParty, EntityID: "P1"}},
	})
	require.NoError(t, s.SaveAlerts(t.Context(), []model.Alert{alert("X", 0.5)}))
	c, err = s.Counts(t.Context())
	require.NoError(t, err)
	require.Equal(t, store.Counts{Parties: 2, Accounts: 1, Transactions: 2, Labels: 1, Alerts: 1}, c)
}

func alert(id string, score float64) model.Alert {
	return model.Alert{ID: id, Subject: model.Subject{Kind: model.SubjectAccount, ID: "A1"}, Typology: model.TypStructuring,
		RuleID: "structuring", Source: model.SourceRule, Score: score, Severity: model.SeverityMedium,
		Reason: "4 cash deposits below $10,000 in 48h"}
}

func testAlerts(t *testing.T, open Open) {
	s := open(t)
	full := alert("A-full", 0.9)
	full.RuleVersion = "1.2.0"
	full.Facts = []model.Fact{{Name: "deposits", Value: 4, Threshold: 3, Text: "4 deposits (threshold 3)"}}
	full.Evidence = []string{"T1", "T2"}
	full.Accounts = []string{"A1", "A2"}
	full.WindowStart, full.WindowEnd = t0, t0.Add(48*time.Hour)
	full.SAR = []model.SARCode{{Type: 9, Subtype: 909}}
	full.Created = t0.Add(72 * time.Hour)
	other := alert("A-other", 0.4)
	other.RuleID = "fan-in"
	other.Subject = model.Subject{Kind: model.SubjectParty, ID: "P1"}
	tie := alert("A-tie", 0.4)
	require.NoError(t, s.SaveAlerts(t.Context(), []model.Alert{other, full, tie}))

	all, err := s.Alerts(t.Context(), store.AlertFilter{})
	require.NoError(t, err)
	require.Equal(t, []model.Alert{full, other, tie}, all, "highest score first, ties by ID")

	for _, c := range []struct {
		name string
		f    store.AlertFilter
		want []string
	}{
		{"rule", store.AlertFilter{RuleIDs: []string{"fan-in"}}, []string{"A-other"}},
		{"rules", store.AlertFilter{RuleIDs: []string{"fan-in", "structuring"}}, []string{"A-full", "A-other", "A-tie"}},
		{"subject", store.AlertFilter{Subject: &model.Subject{Kind: model.SubjectParty, ID: "P1"}}, []string{"A-other"}},
		{"min score", store.AlertFilter{MinScore: 0.5}, []string{"A-full"}},
		{"limit", store.AlertFilter{Limit: 2}, []string{"A-full", "A-other"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := s.Alerts(t.Context(), c.f)
			require.NoError(t, err)
			var ids []string
			for _, a := range got {
				ids = append(ids, a.ID)
			}
			require.Equal(t, c.want, ids)
		})
	}

	// Saving an alert with a stored ID replaces it.
	full.Score, full.Reason = 0.1, "re-scored"
	require.NoError(t, s.SaveAlerts(t.Context(), []model.Alert{full}))
	all, err = s.Alerts(t.Context(), store.AlertFilter{})
	require.NoError(t, err)
	require.Len(t, all, 3)
	require.Equal(t, full, all[2])
}

func testCheckpoints(t *testing.T, open Open) {
	s := open(t)
	cp := store.Checkpoint{RunID: "R1", Source: "a.csv", Path: "/data/a.csv", Format: "native", Line: 100,
		Read: 99, Accepted: 90, Duplicates: 5, Rejected: 4, SkippedBlank: 3, RunKey: "k1", Fingerprint: "f1", RejectOffset: 1234,
		Updated: t0}
	res := write(t, s, store.Batch{Transactions: []model.Transaction{tx("T1", 0, 1)}, Checkpoint: &cp})
	require.Equal(t, []store.Outcome{store.Inserted}, res.Transactions)
	got, err := s.Checkpoint(t.Context(), "R1", "a.csv")
	require.NoError(t, err)
	require.Equal(t, cp, got)

	// A later batch moves the checkpoint on; a checkpoint may come alone.
	cp.Line, cp.Read, cp.Accepted, cp.Done, cp.Updated = 200, 199, 190, true, t0.Add(time.Minute)
	write(t, s, store.Batch{Checkpoint: &cp})
	got, err = s.Checkpoint(t.Context(), "R1", "a.csv")
	require.NoError(t, err)
	require.Equal(t, cp, got)

	other := store.Checkpoint{RunID: "R2", Source: "b.csv", Path: "b.csv", Format: "amlworld", RunKey: "k2",
		Updated: t0.Add(2 * time.Minute)}
	write(t, s, store.Batch{Checkpoint: &other})
	all, err := s.Checkpoints(t.Context())
	require.NoError(t, err)
	require.Equal(t, []store.Checkpoint{other, cp}, all, "most recently updated first")

	// Without an Updated time the store stamps one.
	stamped := store.Checkpoint{RunID: "R3", Source: "c.csv"}
	write(t, s, store.Batch{Checkpoint: &stamped})
	got, err = s.Checkpoint(t.Context(), "R3", "c.csv")
	require.NoError(t, err)
	require.False(t, got.Updated.IsZero())
}

// failAfter is a context that is cancelled after its Done or Err method
// has been called n times: a way to make a store fail part-way through a
// batch without knowing how it works inside.
type failAfter struct {
	context.Context
	n    int
	done chan struct{}
}

func newFailAfter(parent context.Context, n int) *failAfter {
	return &failAfter{Context: parent, n: n, done: make(chan struct{})}
}

func (c *failAfter) tick() {
	if c.n == 0 {
		return
	}
	c.n--
	if c.n == 0 {
		close(c.done)
	}
}

func (c *failAfter) Done() <-chan struct{} {
	c.tick()
	return c.done
}

func (c *failAfter) Err() error {
	c.tick()
	select {
	case <-c.done:
		return context.Canceled
	default:
		return nil
	}
}

func testBatchAtomic(t *testing.T, open Open) {
	// A batch that fails part-way leaves nothing behind: not its
	// transactions, parties, labels, nor its checkpoint. The batch is
	// cancelled after more and more context checks, until one succeeds.
	var b store.Batch
	for i := range 1500 {
		b.Transactions = append(b.Transactions, tx("T"+strconv.Itoa(i), i, float64(i)))
	}
	b.Parties = []model.Party{person("P1", "Ana"), person("P2", "Bea")}
	b.Accounts = []model.Account{{ID: "A1", Owners: []string{"P1"}}}
	b.Labels = []model.Label{{EntityKind: model.EntityTransaction, EntityID: "T1"}}
	b.Checkpoint = &store.Checkpoint{RunID: "R", Source: "s", Line: 1501}
	failures := 0
	for n := 1; ; n += 1 + n/16 {
		s := open(t)
		// Something stored before must survive a failed batch.
		write(t, s, store.Batch{Transactions: []model.Transaction{tx("before", 0, 1)}})
		res, err := s.WriteBatch(newFailAfter(t.Context(), n), b)
		c, cerr := s.Counts(t.Context())
		require.NoError(t, cerr)
		if err == nil {
			require.Len(t, res.Transactions, 1500)
			require.Equal(t, store.Counts{Parties: 2, Accounts: 1, Transactions: 1501, Labels: 1}, c)
			_, err := s.Checkpoint(t.Context(), "R", "s")
			require.NoError(t, err)
			break
		}
		failures++
		require.Equal(t, store.Counts{Transactions: 1}, c, "a batch that failed after %d context checks left records", n)
		_, err = s.Checkpoint(t.Context(), "R", "s")
		require.ErrorIs(t, err, store.ErrNotFound)
		require.Less(t, n, 10000, "the batch never succeeded")
	}
	require.Positive(t, failures, "the batch never failed: the test proves nothing")
}

func testAtomic(t *testing.T, open Open) {
	s := open(t)
	boom := errors.New("boom")
	err := s.Atomic(t.Context(), func(w store.Writer) error {
		for i := range 3 {
			res, err := w.WriteBatch(t.Context(), store.Batch{Transactions: []model.Transaction{tx("T"+strconv.Itoa(i), i, 1)},
				Checkpoint: &store.Checkpoint{RunID: "R", Source: "s", Line: i + 1}})
			require.NoError(t, err)
			require.Equal(t, []store.Outcome{store.Inserted}, res.Transactions)
		}
		// Within the unit, later batches see earlier ones.
		res, err := w.WriteBatch(t.Context(), store.Batch{Transactions: []model.Transaction{tx("T0", 0, 1)}})
		require.NoError(t, err)
		require.Equal(t, []store.Outcome{store.Duplicate}, res.Transactions)
		return boom
	})
	require.ErrorIs(t, err, boom)
	c, err := s.Counts(t.Context())
	require.NoError(t, err)
	require.Equal(t, store.Counts{}, c, "nothing of a failed unit is stored")
	_, err = s.Checkpoint(t.Context(), "R", "s")
	require.ErrorIs(t, err, store.ErrNotFound)

	// A batch that fails inside the unit is undone alone.
	err = s.Atomic(t.Context(), func(w store.Writer) error {
		_, err := w.WriteBatch(t.Context(), store.Batch{Transactions: []model.Transaction{tx("T1", 1, 1)}})
		require.NoError(t, err)
		_, err = w.WriteBatch(t.Context(), store.Batch{Transactions: []model.Transaction{tx("T2", 2, 1), {}}})
		require.Error(t, err)
		return nil
	})
	require.NoError(t, err)
	require.Equal(t, []string{"T1"}, txIDs(t, s, store.TxFilter{}))
}

func testInvalidRecord(t *testing.T, open Open) {
	s := open(t)
	for name, b := range map[string]store.Batch{
		"transaction without ID": {Transactions: []model.Transaction{tx("ok", 0, 1), {Amount: 1}}},
		"time out of range":      {Transactions: []model.Transaction{tx("ok", 0, 1), {ID: "far", Time: store.MaxTime.Add(time.Hour)}}},
		"party without ID":       {Transactions: []model.Transaction{tx("ok", 0, 1)}, Parties: []model.Party{{}}},
		"account without ID":     {Transactions: []model.Transaction{tx("ok", 0, 1)}, Accounts: []model.Account{{}}},
		"label without entity":   {Transactions: []model.Transaction{tx("ok", 0, 1)}, Labels: []model.Label{{CaseID: "C"}}},
	} {
		_, err := s.WriteBatch(t.Context(), b)
		require.ErrorIs(t, err, store.ErrInvalid, name)
	}
	c, err := s.Counts(t.Context())
	require.NoError(t, err)
	require.Equal(t, store.Counts{}, c)
}

// testOutcomesMatchModel checks random sequences of batches against a
// map: a transaction ID, once stored, keeps its first content; each write
// is Inserted, Duplicate or Conflict accordingly; and reading back gives
// exactly the map, in time order.
func testOutcomesMatchModel(t *testing.T, open Open) {
	// One store for every case; each case has IDs of its own and reads
	// back only those.
	s := open(t)
	round := 0
	rapid.Check(t, func(rt *rapid.T) {
		round++
		prefix := "R" + strconv.Itoa(round) + "-T"
		stored := map[string]model.Transaction{}
		nBatches := rapid.IntRange(1, 4).Draw(rt, "batches")
		for range nBatches {
			n := rapid.IntRange(0, 250).Draw(rt, "size")
			batch := make([]model.Transaction, n)
			for i := range batch {
				id := prefix + strconv.Itoa(rapid.IntRange(0, 60).Draw(rt, "id"))
				batch[i] = tx(id, rapid.IntRange(0, 3).Draw(rt, "minute"), float64(rapid.IntRange(1, 2).Draw(rt, "amount")))
				if rapid.Bool().Draw(rt, "memo") {
					batch[i].Memo = "m"
				}
			}
			res, err := s.WriteBatch(t.Context(), store.Batch{Transactions: batch})
			if err != nil {
				rt.Fatalf("write: %v", err)
			}
			for i, x := range batch {
				want := store.Inserted
				if old, ok := stored[x.ID]; ok {
					want = store.Conflict
					if old == x {
						want = store.Duplicate
					}
				} else {
					stored[x.ID] = x
				}
				if res.Transactions[i] != want {
					rt.Fatalf("row %d (%s): outcome %d, want %d", i, x.ID, res.Transactions[i], want)
				}
			}
		}
		var want []model.Transaction
		var ids []string
		for id, x := range stored {
			want = append(want, x)
			ids = append(ids, id)
		}
		slices.SortFunc(want, func(a, b model.Transaction) int {
			if c := a.Time.Compare(b.Time); c != 0 {
				return c
			}
			return cmpString(a.ID, b.ID)
		})
		var got []model.Transaction
		if len(ids) == 0 {
			return
		}
		for x, err := range s.Transactions(t.Context(), store.TxFilter{IDs: ids}) {
			if err != nil {
				rt.Fatalf("read: %v", err)
			}
			got = append(got, x)
		}
		if !slices.Equal(want, got) {
			rt.Fatalf("stored %d transactions, read back %d, or in another order", len(want), len(got))
		}
	})
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// leaves returns the paths (field indices) of the settable leaf fields of
// a struct type: strings, numbers, times, dates and string slices.
func leaves(t reflect.Type, prefix []int) [][]int {
	var out [][]int
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		path := append(slices.Clone(prefix), i)
		if f.Type.Kind() == reflect.Struct && f.Type != reflect.TypeFor[time.Time]() && f.Type != reflect.TypeFor[model.Date]() {
			out = append(out, leaves(f.Type, path)...)
			continue
		}
		out = append(out, path)
	}
	return out
}

// setLeaf gives the leaf field at path a value derived from n (n > 0).
func setLeaf(v reflect.Value, path []int, n int) {
	f := v.FieldByIndex(path)
	switch {
	case f.Type() == reflect.TypeFor[time.Time]():
		f.Set(reflect.ValueOf(t0.Add(time.Duration(n) * time.Minute)))
	case f.Type() == reflect.TypeFor[model.Date]():
		f.Set(reflect.ValueOf(model.NewDate(2020, 1, n)))
	case f.Kind() == reflect.String:
		f.SetString("v" + strconv.Itoa(n))
	case f.Kind() == reflect.Float64:
		f.SetFloat(float64(n) + 0.25)
	case f.Kind() == reflect.Int:
		f.SetInt(int64(n))
	case f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.String:
		f.Set(reflect.ValueOf([]string{"v" + strconv.Itoa(n), "w"}))
	default:
		panic(fmt.Sprintf("storetest: no value for field %v of type %s", path, f.Type()))
	}
}

// full returns a T with every leaf field set from n.
func full[T any](n int) T {
	var x T
	v := reflect.ValueOf(&x).Elem()
	for _, p := range leaves(v.Type(), nil) {
		setLeaf(v, p, n)
	}
	return x
}

// testEveryField guards against a field added to the model but not
// stored: every field of a transaction, an account and a label must come
// back, and a change to any field of a stored transaction is a conflict,
// of an account a new version.
func testEveryField(t *testing.T, open Open) {
	s := open(t)
	x := full[model.Transaction](1)
	x.ID = "T-every"
	a := full[model.Account](1)
	a.ID = "A-every"
	l := full[model.Label](1)
	write(t, s, store.Batch{Transactions: []model.Transaction{x}, Accounts: []model.Account{a}, Labels: []model.Label{l}})

	got := collect(t, s.Transactions(t.Context(), store.TxFilter{}))
	require.Equal(t, []model.Transaction{x}, got)
	gotA, err := s.Account(t.Context(), a.ID)
	require.NoError(t, err)
	require.Equal(t, a, gotA)
	require.Equal(t, []model.Label{l}, collect(t, s.Labels(t.Context())))

	for i, p := range leaves(reflect.TypeFor[model.Transaction](), nil) {
		if reflect.TypeFor[model.Transaction]().FieldByIndex(p).Name == "ID" {
			continue
		}
		y := x
		setLeaf(reflect.ValueOf(&y).Elem(), p, 2+i)
		res := write(t, s, store.Batch{Transactions: []model.Transaction{y}})
		require.Equal(t, []store.Outcome{store.Conflict}, res.Transactions,
			"changing transaction field %s is not seen", reflect.TypeFor[model.Transaction]().FieldByIndex(p).Name)
	}
	for i, p := range leaves(reflect.TypeFor[model.Account](), nil) {
		if reflect.TypeFor[model.Account]().FieldByIndex(p).Name == "ID" {
			continue
		}
		b := a
		setLeaf(reflect.ValueOf(&b).Elem(), p, 2+i)
		res := write(t, s, store.Batch{Accounts: []model.Account{b}})
		require.Equal(t, []store.Outcome{store.Inserted}, res.Accounts,
			"changing account field %s is not seen", reflect.TypeFor[model.Account]().FieldByIndex(p).Name)
		gotA, err := s.Account(t.Context(), a.ID)
		require.NoError(t, err)
		require.Equal(t, b, gotA)
	}
}
