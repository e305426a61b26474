package monitor

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/centinela-aml/centinela/internal/model"
)

var day = 24 * time.Hour

func ruleAlert(id, rule, account string, from, to time.Time, score float64, sev model.Severity, sar ...model.SARCode) model.Alert {
	return model.Alert{ID: id, RuleID: rule, Source: model.SourceRule, Typology: model.TypUnexplainedWealth,
		Subject: model.Subject{Kind: model.SubjectAccount, ID: account}, Score: score, Severity: sev,
		Reason: rule + " fired on " + account, WindowStart: from, WindowEnd: to, SAR: sar,
		Evidence: []string{id + "-tx1", "shared-tx"}, Created: to}
}

func owners(m map[string]string) func(string) string {
	return func(a string) string { return m[a] }
}

func TestAssembleMergesOneCustomersAlertsOfAPeriod(t *testing.T) {
	mm1 := ruleAlert("MM-1/A1/T9", "MM-1", "A1", t0, t0.Add(20*day), 0.7, model.SeverityMedium, model.SARCode{Type: 8, Subtype: 821})
	pass := ruleAlert("PASS-1/A2/T4", "PASS-1", "A2", t0.Add(10*day), t0.Add(12*day), 0.8, model.SeverityHigh,
		model.SARCode{Type: 8, Subtype: 805}, model.SARCode{Type: 9, Subtype: 928})
	pass.Advisories = []string{"FIN-2025-A003"}
	graph := model.Alert{ID: "FAN-OUT/A2/1", Source: model.SourcePattern, Typology: model.TypFanOut, Score: 0.5,
		Severity: model.SeverityMedium, Subject: model.Subject{Kind: model.SubjectAccount, ID: "A2"},
		Reason: "fan-out to 9 new counterparties", WindowStart: t0.Add(11 * day), WindowEnd: t0.Add(11 * day)}
	screen := model.Alert{ID: "SCREEN/P1/OFAC-1", Source: model.SourceScreen, Typology: model.TypSanctions, Score: 0.9,
		Severity: model.SeverityHigh, Subject: model.Subject{Kind: model.SubjectParty, ID: "P1"}, Reason: "name matches SDN entry 1"}
	input := []model.Alert{mm1, pass, graph, screen}
	before := slices.Clone(input)

	got := Assemble(input, AssembleOptions{Owner: owners(map[string]string{"A1": "P1", "A2": "P1"})})
	require.Equal(t, before, input, "the input is not modified")
	require.Len(t, got, 1)
	a := got[0]
	require.Equal(t, model.SourceAssembled, a.Source)
	require.Equal(t, model.Subject{Kind: model.SubjectParty, ID: "P1"}, a.Subject)
	require.Equal(t, []string{"FAN-OUT/A2/1", "MM-1/A1/T9", "PASS-1/A2/T4", "SCREEN/P1/OFAC-1"}, a.Constituents)
	require.Equal(t, "ASSEMBLED/party:P1/FAN-OUT/A2/1", a.ID)
	require.Equal(t, "MM-1+PASS-1+pattern+screen", a.RuleID)
	// Noisy-OR of four independent reasons: 1 − 0.3·0.2·0.5·0.1.
	require.InDelta(t, 1-0.3*0.2*0.5*0.1, a.Score, 1e-12)
	require.Equal(t, model.SeverityCritical, a.Severity, "three or more distinct reasons raise the highest severity")
	require.Equal(t, model.TypSanctions, a.Typology, "the typology of the highest-scored reason")
	require.Equal(t, t0, a.WindowStart)
	require.Equal(t, t0.Add(20*day), a.WindowEnd)
	require.Equal(t, []string{"A1", "A2"}, a.Accounts)
	require.Equal(t, []string{"MM-1/A1/T9-tx1", "shared-tx", "PASS-1/A2/T4-tx1"}, a.Evidence, "evidence deduplicated, in order")
	require.Equal(t, []model.SARCode{{Type: 8, Subtype: 805}, {Type: 8, Subtype: 821}, {Type: 9, Subtype: 925}, {Type: 9, Subtype: 928}}, a.SAR,
		"the union of the codes, with those the fan-out pattern implies")
	require.Equal(t, []string{"FIN-2025-A003"}, a.Advisories)
	for _, want := range []string{"4 alerts on party P1", "2025-03-03 to 2025-03-23", mm1.Reason, pass.Reason, graph.Reason, screen.Reason} {
		require.Contains(t, a.Reason, want)
	}
}

func TestAssembleSplitsPeriodsAndLeavesSinglesAlone(t *testing.T) {
	early := ruleAlert("MM-1/A1/T1", "MM-1", "A1", t0, t0.Add(2*day), 0.6, model.SeverityMedium)
	late := ruleAlert("MM-1/A1/T9", "MM-1", "A1", t0.Add(80*day), t0.Add(85*day), 0.7, model.SeverityMedium)
	other := ruleAlert("STRUCT-1/A3/T2", "STRUCT-1", "A3", t0, t0.Add(day), 0.9, model.SeverityHigh)
	network := model.Alert{ID: "CYCLE/1", Source: model.SourcePattern, Subject: model.Subject{Kind: model.SubjectNetwork, ID: "cycle-1"},
		WindowStart: t0, WindowEnd: t0.Add(day), Score: 0.5}
	got := Assemble([]model.Alert{early, late, other, network}, AssembleOptions{Owner: owners(map[string]string{"A1": "P1"})})
	require.Len(t, got, 4, "80 days apart is two periods; an alert alone stays as it is")
	byID := map[string]model.Alert{}
	for _, a := range got {
		byID[a.ID] = a
	}
	require.Equal(t, early, byID[early.ID])
	require.Equal(t, late, byID[late.ID])
	require.Equal(t, other, byID[other.ID], "an account without a known owner keeps its alert")
	require.Equal(t, network, byID[network.ID], "network alerts are not merged")
	require.Equal(t, other.ID, got[0].ID, "most severe first")
}

func TestAssembleCountsARuleOnce(t *testing.T) {
	a := ruleAlert("MM-1/A1/T1", "MM-1", "A1", t0, t0.Add(2*day), 0.6, model.SeverityMedium)
	b := ruleAlert("MM-1/A1/T5", "MM-1", "A1", t0.Add(5*day), t0.Add(9*day), 0.7, model.SeverityMedium)
	b.Reason = "MM-1 fired again, larger"
	got := Assemble([]model.Alert{a, b}, AssembleOptions{})
	require.Len(t, got, 1)
	require.InDelta(t, 0.7, got[0].Score, 1e-12, "one rule twice is one reason: its highest score")
	require.Equal(t, model.SeverityMedium, got[0].Severity)
	require.Equal(t, model.Subject{Kind: model.SubjectAccount, ID: "A1"}, got[0].Subject, "without owners the account is the subject")
	require.Contains(t, got[0].Reason, "MM-1 fired again, larger [2 alerts; the highest scored]")
	require.NotContains(t, got[0].Reason, a.Reason)
	require.Equal(t, []model.SARCode{{Type: 8, Subtype: 821}}, got[0].SAR, "implied by the typology when the alerts carry none")
}

// TestAssembleAccountsForEveryAlert checks, for random alerts, that each
// input alert is in exactly one output: as itself, or as a constituent.
func TestAssembleAccountsForEveryAlert(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 30).Draw(t, "n")
		alerts := make([]model.Alert, n)
		own := map[string]string{}
		for i := range alerts {
			acct := fmt.Sprintf("A%d", rapid.IntRange(0, 5).Draw(t, "account"))
			if rapid.Bool().Draw(t, "owned") {
				own[acct] = fmt.Sprintf("P%d", rapid.IntRange(0, 2).Draw(t, "owner"))
			}
			from := t0.Add(time.Duration(rapid.IntRange(0, 200).Draw(t, "day")) * day)
			a := ruleAlert(fmt.Sprintf("X%d", i), fmt.Sprintf("R-%d", rapid.IntRange(1, 4).Draw(t, "rule")), acct,
				from, from.Add(time.Duration(rapid.IntRange(0, 10).Draw(t, "len"))*day), rapid.Float64Range(0, 1).Draw(t, "score"), model.SeverityMedium)
			if rapid.IntRange(0, 9).Draw(t, "windowless") == 0 {
				a.WindowStart, a.WindowEnd = time.Time{}, time.Time{}
			}
			alerts[i] = a
		}
		got := Assemble(alerts, AssembleOptions{Owner: owners(own)})
		seen := map[string]int{}
		for _, a := range got {
			require.GreaterOrEqual(t, a.Score, 0.0)
			require.LessOrEqual(t, a.Score, 1.0)
			if a.Source != model.SourceAssembled {
				seen[a.ID]++
				continue
			}
			require.GreaterOrEqual(t, len(a.Constituents), 2)
			for _, c := range a.Constituents {
				seen[c]++
			}
		}
		require.Len(t, seen, n)
		for id, k := range seen {
			require.Equal(t, 1, k, "alert %s", id)
		}
	})
}
