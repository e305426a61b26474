package rules_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/rules"
	"github.com/stretchr/testify/require"
)

func named(id, full, family string, mutate ...func(*model.Party)) model.Party {
	return person(id, append([]func(*model.Party){func(p *model.Party) {
		p.Names = []model.Name{{Full: full, Family: family}}
	}}, mutate...)...)
}

// TestPartySubjectGathersTheCustomersAccounts: a party-subject rule raises
// one alert about the customer, whichever of its accounts moves, and
// several workers give the same alerts as one engine.
func TestPartySubjectGathersTheCustomersAccounts(t *testing.T) {
	lib := shipped(t, "SHARED-1")
	require.Equal(t, model.SubjectParty, lib.Rule("SHARED-1").Subject)
	passport := func(p *model.Party) {
		p.Documents = []model.IDDocument{{Type: model.DocPassport, Number: "E48213377", Country: "CN"}}
	}
	parties := []model.Party{
		named("P1", "Li Na", "Li", passport), named("P2", "Zhou Min", "Zhou", passport),
		named("P3", "Ana Ruiz", "Ruiz"),
	}
	accounts := []model.Account{
		{ID: "A1", Owners: []string{"P1"}}, {ID: "A2", Owners: []string{"P1"}},
		{ID: "B1", Owners: []string{"P2"}}, {ID: "C1", Owners: []string{"P3"}},
	}
	kyc := rules.NewDirectory(parties, accounts)
	var txs []model.Transaction
	for i, acct := range []string{"A1", "A2", "B1", "C1", "A2"} {
		txs = append(txs, cashDeposit(fmt.Sprintf("T%d", i+1), acct, day0.Add(time.Duration(i)*time.Hour), 500, "BR-1"))
	}

	one := rules.NewEngine(lib, kyc, rules.Options{})
	want := map[string]model.Alert{}
	for i := range txs {
		for _, a := range one.Observe(&txs[i]) {
			want[a.ID] = a
		}
	}
	require.Len(t, want, 2, "one alert per customer sharing the passport; P3 shares nothing")
	p1 := want["SHARED-1/P1/T1"]
	require.Equal(t, model.Subject{Kind: model.SubjectParty, ID: "P1"}, p1.Subject)
	require.Equal(t, []string{"A1", "A2"}, p1.Accounts)
	require.Contains(t, p1.Reason, "the same passport number as 1 other customer")
	require.Contains(t, want, "SHARED-1/P2/T3")

	for workers := 2; workers <= 3; workers++ {
		par := rules.NewParallel(lib, kyc, rules.Options{}, workers)
		got := map[string]model.Alert{}
		for _, a := range par.ObserveBatch(txs) {
			got[a.ID] = a
		}
		par.Close()
		require.Equal(t, want, got, "%d workers", workers)
	}
}

// customRule is a one-rule library with the given condition over a
// 30-day cash aggregate, requiring what requires lists ("[]", "[kyc]").
func customRule(t *testing.T, requires, when string) *rules.Library {
	t.Helper()
	text := strings.Replace(ruleWithWhen(when), "  cash: {window: 48h,", "  cash: {window: 30d,", 1)
	text = strings.Replace(text, "requires: [kyc]", "requires: "+requires, 1)
	text = strings.Replace(text, "params:\n", "params:\n  branches:\n    default: [BR-1, BR-2]\n    reason: test\n", 1)
	lib, err := loadOne(t, text)
	require.NoError(t, err)
	return lib
}

func TestStaticConditionsFollowKYCChanges(t *testing.T) {
	lib := customRule(t, "[kyc]", `kyc.has_occupation && kyc.occupation == "Student" && cash.count >= 1`)
	parties := []model.Party{person("P1", func(p *model.Party) { p.Occupation = "Nurse" })}
	kyc := rules.NewDirectory(parties, []model.Account{{ID: "A1", Owners: []string{"P1"}}})
	e := rules.NewEngine(lib, kyc, rules.Options{})
	tx := cashDeposit("T1", "A1", day0, 500, "BR-1")
	require.Empty(t, e.Observe(&tx), "a nurse")
	parties[0].Occupation = "Student"
	tx = cashDeposit("T2", "A1", day0.Add(time.Hour), 500, "BR-1")
	require.Empty(t, e.Observe(&tx), "the engine still has the nurse's KYC")
	e.Refresh("A1")
	tx = cashDeposit("T3", "A1", day0.Add(2*time.Hour), 500, "BR-1")
	require.NotEmpty(t, e.Observe(&tx), "after Refresh, the student")
}

func TestListParametersAreSetsForIn(t *testing.T) {
	for _, tc := range []struct {
		when, branch string
		fire         bool
	}{
		{`tx.branch in params.branches && cash.count >= 1`, "BR-2", true},
		{`tx.branch in params.branches && cash.count >= 1`, "BR-3", false},
		{`tx.branch not in params.branches && cash.count >= 1`, "BR-3", true},
		{`!(tx.branch in params.branches) && cash.count >= 1`, "BR-1", false},
	} {
		e := rules.NewEngine(customRule(t, "[]", tc.when), rules.NewDirectory(nil, []model.Account{{ID: "A1"}}), rules.Options{})
		tx := cashDeposit("T1", "A1", day0, 500, tc.branch)
		require.Equal(t, tc.fire, len(e.Observe(&tx)) > 0, "%s at %s", tc.when, tc.branch)
	}
}

func TestAccountOwnerKindAndWatchedTime(t *testing.T) {
	lib := customRule(t, "[]", `account.owner_kind == "person" && account.watched >= duration("48h") && cash.count >= 1`)
	kyc := rules.NewDirectory([]model.Party{person("P1")}, []model.Account{
		{ID: "A1", Owners: []string{"P1"}, Opened: model.DateOf(day0.Add(-365 * 24 * time.Hour))},
		{ID: "A2", Owners: []string{"P1"}, Opened: model.DateOf(day0.Add(24 * time.Hour))},
		{ID: "A3", Owners: []string{"NOBODY"}},
	})
	e := rules.NewEngine(lib, kyc, rules.Options{})
	observe := func(id, acct string, at time.Time) bool {
		tx := cashDeposit(id, acct, at, 500, "BR-1")
		return len(e.Observe(&tx)) > 0
	}
	require.False(t, observe("T1", "A1", day0), "watched since the stream began: not yet 48 hours")
	require.False(t, observe("T2", "A2", day0.Add(48*time.Hour)), "opened during the stream: watched since it opened, a day")
	require.False(t, observe("T3", "A3", day0.Add(72*time.Hour)), "owner unknown")
	require.True(t, observe("T4", "A1", day0.Add(72*time.Hour)))
	require.True(t, observe("T5", "A2", day0.Add(96*time.Hour)))
}
