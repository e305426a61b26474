package rules_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/rules"
	rulefiles "github.com/centinela-aml/centinela/rules"
	"github.com/stretchr/testify/require"
)

func shipped(t *testing.T, ids ...string) *rules.Library {
	t.Helper()
	lib, err := rules.Load(rulefiles.FS())
	require.NoError(t, err)
	if len(ids) == 0 {
		return lib
	}
	sel, err := lib.Select(ids...)
	require.NoError(t, err)
	return sel
}

var day0 = time.Date(2025, 3, 3, 10, 0, 0, 0, time.UTC)

func cashDeposit(id, account string, at time.Time, amount float64, branch string) model.Transaction {
	return model.Transaction{ID: id, Time: at, Beneficiary: account, Amount: amount, Currency: "USD", Channel: model.ChannelCashDeposit, Branch: branch}
}

func person(id string, mutate ...func(*model.Party)) model.Party {
	p := model.Party{ID: id, Kind: model.Person, Names: []model.Name{{Full: "Test " + id}}}
	for _, m := range mutate {
		m(&p)
	}
	return p
}

// alertsByID keeps the last version of every alert.
func alertsByID(all []model.Alert) map[string]model.Alert {
	out := map[string]model.Alert{}
	for _, a := range all {
		out[a.ID] = a
	}
	return out
}

func TestOnePatternMakesOneAlertWhoseEvidenceGrows(t *testing.T) {
	lib := shipped(t, "STRUCT-1")
	kyc := rules.NewDirectory([]model.Party{person("P1")}, []model.Account{{ID: "A1", Owners: []string{"P1"}}})
	e := rules.NewEngine(lib, kyc, rules.Options{})
	var updates []model.Alert
	for i := range 6 {
		tx := cashDeposit(fmt.Sprintf("T%d", i+1), "A1", day0.Add(time.Duration(i)*48*time.Hour), 9000+float64(i)*100, "BR-1")
		updates = append(updates, e.Observe(&tx)...)
	}
	require.Len(t, updates, 4, "the third to sixth deposits fire")
	for i, u := range updates {
		require.Equal(t, "STRUCT-1/A1/T3", u.ID, "one ongoing pattern keeps one alert ID")
		require.Len(t, u.Evidence, 3+i, "the evidence grows with the pattern")
	}
	final := updates[len(updates)-1]
	require.Equal(t, []string{"T1", "T2", "T3", "T4", "T5", "T6"}, final.Evidence)
	require.Equal(t, day0, final.WindowStart)
	require.Equal(t, day0.Add(10*24*time.Hour), final.WindowEnd)
	require.Equal(t, model.SourceRule, final.Source)
	require.Equal(t, "STRUCT-1", final.RuleID)
	require.Equal(t, lib.Rule("STRUCT-1").Version, final.RuleVersion)
	require.Equal(t, model.TypStructuring, final.Typology)
	require.Equal(t, model.Subject{Kind: model.SubjectAccount, ID: "A1"}, final.Subject)
	require.Equal(t, []model.SARCode{{Type: 1, Subtype: 114}}, final.SAR)
	require.Equal(t, model.SeverityHigh, final.Severity)
	require.InDelta(t, 1.0, final.Score, 1e-9)
	require.Equal(t, model.Fact{Name: "cash deposits just below the CTR threshold", Value: 6, Threshold: 3,
		Text: "cash deposits just below the CTR threshold: 6 (threshold 3)"}, final.Facts[0])
	for _, want := range []string{"STRUCT-1", "6 cash deposits", "$55,500", "30 days", "2025-03-03 10:00 UTC", "2025-03-13 10:00 UTC", "6 transactions: T1, T2, T3, T4, T5, T6"} {
		require.Contains(t, final.Reason, want)
	}

	st := e.Stats()[0]
	require.Equal(t, int64(6), st.Evaluated)
	require.Equal(t, int64(4), st.Fired)
	require.Equal(t, int64(1), st.Alerts)
	require.Equal(t, int64(1), st.Subjects)
}

func TestAPatternAfterTheCooldownIsANewAlert(t *testing.T) {
	lib := shipped(t, "STRUCT-1")
	kyc := rules.NewDirectory([]model.Party{person("P1")}, []model.Account{{ID: "A1", Owners: []string{"P1"}}})
	e := rules.NewEngine(lib, kyc, rules.Options{})
	var updates []model.Alert
	for i, at := range []time.Duration{0, 24, 48, 24 * 70, 24 * 71, 24 * 72} {
		tx := cashDeposit(fmt.Sprintf("T%d", i+1), "A1", day0.Add(at*time.Hour), 9500, "BR-1")
		updates = append(updates, e.Observe(&tx)...)
	}
	byID := alertsByID(updates)
	require.Len(t, byID, 2)
	require.Equal(t, []string{"T1", "T2", "T3"}, byID["STRUCT-1/A1/T3"].Evidence)
	require.Equal(t, []string{"T4", "T5", "T6"}, byID["STRUCT-1/A1/T6"].Evidence)
	require.Equal(t, int64(2), e.Stats()[0].Alerts)
}

func TestRuleWithoutItsDataIsNotEvaluableAndCounted(t *testing.T) {
	lib := shipped(t, "MM-1", "STRUCT-1")
	noIncome := person("P1", func(p *model.Party) { p.Occupation = "Student" })
	income := 30000.0
	withIncome := person("P2", func(p *model.Party) { p.DeclaredIncome = &income })
	kyc := rules.NewDirectory([]model.Party{noIncome, withIncome}, []model.Account{
		{ID: "A1", Owners: []string{"P1"}}, {ID: "A2", Owners: []string{"P2"}}, {ID: "A3"},
	})
	e := rules.NewEngine(lib, kyc, rules.Options{})
	for i, a := range []string{"A1", "A1", "A2", "A3"} {
		tx := cashDeposit(fmt.Sprintf("T%d", i), a, day0.Add(time.Duration(i)*time.Hour), 500, "BR-1")
		require.Empty(t, e.Observe(&tx))
	}
	stats := e.Stats()
	mm1, st1 := stats[0], stats[1]
	require.Equal(t, "MM-1", mm1.Rule)
	require.Equal(t, int64(3), mm1.NotEvaluable, "A1 twice, A3 (no owner) once")
	require.Equal(t, int64(2), mm1.NotEvaluableSubjects)
	require.Equal(t, map[string]int64{"kyc": 1, "kyc.declared_income": 2}, mm1.Missing)
	require.Equal(t, int64(1), mm1.Evaluated, "only A2 has an income on file")
	require.Equal(t, int64(1), mm1.Subjects)
	require.Equal(t, int64(4), st1.Evaluated, "STRUCT-1 needs no KYC")
	require.Zero(t, st1.NotEvaluable)
}

func TestOffUsAccountsKeepNoStateUnlessAsked(t *testing.T) {
	lib := shipped(t, "STRUCT-1")
	var txs []model.Transaction
	for i := range 3 {
		txs = append(txs, cashDeposit(fmt.Sprintf("T%d", i), "EXT-9", day0.Add(time.Duration(i)*time.Hour), 9500, ""))
	}
	dir := rules.NewDirectory(nil, nil)
	e := rules.NewEngine(lib, dir, rules.Options{})
	for i := range txs {
		require.Empty(t, e.Observe(&txs[i]))
	}
	require.Zero(t, e.Stats()[0].Evaluated)

	dir.EvaluateUnknown = true
	e = rules.NewEngine(lib, dir, rules.Options{})
	var got []model.Alert
	for i := range txs {
		got = append(got, e.Observe(&txs[i])...)
	}
	require.Len(t, got, 1, "research data without KYC: rules that need none still run")
}

func TestRefreshSeesChangedKYC(t *testing.T) {
	lib := shipped(t, "MM-1")
	parties := []model.Party{person("P1")}
	kyc := rules.NewDirectory(parties, []model.Account{{ID: "A1", Owners: []string{"P1"}}})
	e := rules.NewEngine(lib, kyc, rules.Options{})
	tx := cashDeposit("T1", "A1", day0, 500, "BR-1")
	e.Observe(&tx)
	require.Equal(t, int64(1), e.Stats()[0].NotEvaluable)

	income := 10000.0
	parties[0].DeclaredIncome = &income // the directory holds a pointer into parties
	e.Refresh("A1")
	tx = cashDeposit("T2", "A1", day0.Add(time.Hour), 500, "BR-1")
	e.Observe(&tx)
	require.Equal(t, int64(1), e.Stats()[0].Evaluated)
}

// TestNationalityWeightsTheScoreOnly: the same behaviour fires for both
// customers; the Chinese passport only raises the score (FIN-2025-A003's
// design rule).
func TestNationalityWeightsTheScoreOnly(t *testing.T) {
	lib := shipped(t, "MM-1")
	income := 12000.0
	plain := person("P1", func(p *model.Party) { p.DeclaredIncome = &income })
	passport := person("P2", func(p *model.Party) {
		p.DeclaredIncome = &income
		p.Documents = []model.IDDocument{{Type: model.DocPassport, Number: "E1", Country: "CN"}}
	})
	kyc := rules.NewDirectory([]model.Party{plain, passport}, []model.Account{
		{ID: "A1", Owners: []string{"P1"}}, {ID: "A2", Owners: []string{"P2"}},
	})
	e := rules.NewEngine(lib, kyc, rules.Options{})
	var all []model.Alert
	for _, acct := range []string{"A1", "A2"} {
		for i := range 6 {
			tx := cashDeposit(fmt.Sprintf("%s-T%d", acct, i), acct, day0.Add(time.Duration(i)*72*time.Hour), 4000, "BR-1")
			all = append(all, e.Observe(&tx)...)
		}
	}
	byID := alertsByID(all)
	require.Len(t, byID, 2, "both customers alert on the same behaviour")
	a1, a2 := byID["MM-1/A1/A1-T5"], byID["MM-1/A2/A2-T5"]
	require.InDelta(t, 0.1, a2.Score-a1.Score, 1e-9, "the passport adds the weight")
}

func TestRunTimeErrorsAreCountedNotFatal(t *testing.T) {
	text := strings.Replace(ruleWithWhen(`kyc.documents[0].type == "passport" && cash.count > 0`), "T-1", "T-2", 1)
	lib, err := loadOne(t, text)
	require.NoError(t, err)
	kyc := rules.NewDirectory([]model.Party{person("P1")}, []model.Account{{ID: "A1", Owners: []string{"P1"}}})
	e := rules.NewEngine(lib, kyc, rules.Options{})
	tx := cashDeposit("T1", "A1", day0, 500, "")
	require.Empty(t, e.Observe(&tx))
	st := e.Stats()[0]
	require.Equal(t, int64(1), st.Errors)
	require.Contains(t, st.LastError, "T1")
	require.Contains(t, st.LastError, "out of range")
}

func TestConditionalSARCodes(t *testing.T) {
	lib := shipped(t, "MM-6")
	kyc := rules.NewDirectory([]model.Party{person("P1")}, []model.Account{{ID: "A1", Owners: []string{"P1"}, Opened: model.DateOf(day0)}})
	run := func(channel model.Channel) model.Alert {
		e := rules.NewEngine(lib, kyc, rules.Options{})
		var last []model.Alert
		in := cashDeposit("T1", "A1", day0, 12000, "BR-1")
		e.Observe(&in)
		for i := range 3 {
			out := model.Transaction{ID: fmt.Sprintf("T%d", i+2), Time: day0.Add(time.Duration(i+1) * time.Hour), Originator: "A1",
				Amount: 3500, Currency: "USD", Channel: channel,
				Counterparty: model.Counterparty{Account: fmt.Sprintf("X%d", i), Type: model.Person}}
			if got := e.Observe(&out); len(got) > 0 {
				last = got
			}
		}
		require.Len(t, last, 1)
		return last[0]
	}
	checks := run(model.ChannelCashiersCheck)
	require.Contains(t, checks.SAR, model.SARCode{Type: 8, Subtype: 808})
	wires := run(model.ChannelWire)
	require.NotContains(t, wires.SAR, model.SARCode{Type: 8, Subtype: 808}, "no cashier's check involved")
	require.Contains(t, wires.SAR, model.SARCode{Type: 9, Subtype: 925})
}

func TestEveryShippedRuleHasExamplesBothWays(t *testing.T) {
	for _, r := range shipped(t).Rules() {
		var fire, quiet, notEvaluable bool
		for _, ex := range r.Examples {
			fire = fire || ex.Expect == rules.ExpectFire
			quiet = quiet || ex.Expect == rules.ExpectNoFire
			notEvaluable = notEvaluable || ex.Expect == rules.ExpectNotEvaluable
		}
		if slices.Contains(r.Requires, "kyc.document_photos") {
			// No record carries identity-verification photos yet, so such a
			// rule can neither fire nor stay quiet: it must say so.
			require.True(t, notEvaluable, "%s needs a not-evaluable example", r.ID)
			continue
		}
		require.True(t, fire && quiet, "%s needs must-fire and must-not-fire examples", r.ID)
		for _, p := range r.Params {
			require.NotEmpty(t, p.Reason, "%s.%s", r.ID, p.Name)
		}
	}
}
