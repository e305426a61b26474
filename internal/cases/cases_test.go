package cases_test

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/audit"
	"github.com/centinela-aml/centinela/internal/cases"
	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/store"
	"github.com/centinela-aml/centinela/internal/store/sqlite"
)

var (
	t0    = time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)
	ana   = cases.Actor{User: "ana", Origin: "cli@test"}
	boss  = cases.Actor{User: "bsa-officer", Origin: "cli@test"}
	alert = func(id string, subj model.Subject, score float64, sev model.Severity, created time.Time) model.Alert {
		return model.Alert{ID: id, Subject: subj, Typology: model.TypStructuring, RuleID: "STRUCT-1", Source: model.SourceRule,
			Score: score, Severity: sev, Reason: "cash below the CTR threshold", Created: created}
	}
	acct  = func(id string) model.Subject { return model.Subject{Kind: model.SubjectAccount, ID: id} }
	party = func(id string) model.Subject { return model.Subject{Kind: model.SubjectParty, ID: id} }
)

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// bank is a store with two customers: P1 owns A1 and A2, P2 owns A3; A9
// has no owner on record.
func bank(t *testing.T) store.Store {
	t.Helper()
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "cases.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	_, err = st.WriteBatch(t.Context(), store.Batch{
		Parties: []model.Party{
			{ID: "P1", Kind: model.Person, Names: []model.Name{{Full: "Wei Zhang", Given: "Wei", Family: "Zhang", Kind: model.NamePrimary}},
				Occupation: "Student", Documents: []model.IDDocument{{Type: model.DocPassport, Number: "E1", Country: "CN"}}},
			{ID: "P2", Kind: model.Person, Names: []model.Name{{Full: "Rosa Ortega", Kind: model.NamePrimary}}},
		},
		Accounts: []model.Account{
			{ID: "A1", Institution: "PFB-US", Owners: []string{"P1"}, Type: model.AcctChecking, Currency: "USD"},
			{ID: "A2", Institution: "PFB-US", Owners: []string{"P1"}, Type: model.AcctSavings, Currency: "USD"},
			{ID: "A3", Institution: "PFB-US", Owners: []string{"P2"}, Type: model.AcctChecking, Currency: "USD"},
			{ID: "A9", Institution: "PFB-US", Type: model.AcctChecking, Currency: "USD"},
		},
		Transactions: []model.Transaction{
			{ID: "T1", Time: t0.Add(-72 * time.Hour), Beneficiary: "A1", Amount: 9500, Currency: "USD", Channel: model.ChannelCashDeposit, Branch: "BR-1"},
			{ID: "T2", Time: t0.Add(-70 * time.Hour), Beneficiary: "A1", Amount: 9400, Currency: "USD", Channel: model.ChannelCashDeposit, Branch: "BR-2"},
			{ID: "T3", Time: t0.Add(-60 * time.Hour), Originator: "A1", Amount: 18000, Currency: "USD", Channel: model.ChannelWire,
				Counterparty: model.Counterparty{Name: "Golden River Trading Ltd", Country: "HK", Account: "HK-1"}},
		},
	})
	require.NoError(t, err)
	return st
}

func entries(t *testing.T, st store.Store) []audit.Entry {
	t.Helper()
	var out []audit.Entry
	for r, err := range st.AuditRecords(t.Context(), 0) {
		require.NoError(t, err)
		e, err := audit.Decode(r.Data)
		require.NoError(t, err)
		out = append(out, e)
	}
	return out
}

func actions(es []audit.Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Action+" "+e.Object.ID)
	}
	return out
}

func TestTriageGroupsAlertsBySubject(t *testing.T) {
	st := bank(t)
	clk := &clock{t0}
	svc := cases.New(st, clk.now)
	alerts := []model.Alert{
		alert("a-A1", acct("A1"), 0.6, model.SeverityMedium, t0.Add(-time.Hour)),
		alert("a-A2", acct("A2"), 0.9, model.SeverityHigh, t0.Add(-50*time.Minute)),
		alert("a-P1", party("P1"), 0.5, model.SeverityCritical, t0.Add(-40*time.Minute)),
		alert("a-A3", acct("A3"), 0.7, model.SeverityMedium, t0.Add(-30*time.Minute)),
		alert("a-A9", acct("A9"), 0.4, model.SeverityLow, t0.Add(-20*time.Minute)),
		{ID: "a-net", Subject: model.Subject{Kind: model.SubjectNetwork, ID: "N-1"}, Accounts: []string{"A1", "A3", "X-offus"},
			Typology: model.TypFanIn, Score: 0.8, Severity: model.SeverityHigh, Created: t0.Add(-10 * time.Minute)},
	}
	res, err := svc.Triage(t.Context(), ana, alerts)
	require.NoError(t, err)
	require.Equal(t, cases.TriageResult{Opened: []string{"C-000001", "C-000002", "C-000003", "C-000004"}, Added: 6}, res)

	all, err := st.Cases(t.Context(), store.CaseFilter{})
	require.NoError(t, err)
	byID := map[string]model.Case{}
	for _, c := range all {
		byID[c.ID] = c
	}
	p1 := byID["C-000001"]
	require.Equal(t, party("P1"), p1.Subject, "an account's alerts join its owner's case")
	require.Equal(t, []string{"a-A1", "a-A2", "a-P1"}, p1.Alerts)
	require.Equal(t, []string{"P1"}, p1.Parties)
	require.Equal(t, []string{"A1", "A2"}, p1.Accounts)
	require.Equal(t, 0.9, p1.Score)
	require.Equal(t, model.SeverityCritical, p1.Severity)
	require.Equal(t, "Wei Zhang", p1.Title)
	require.Equal(t, t0, p1.Detected, "initial detection is when the first alert joined")
	require.Equal(t, model.CaseOpen, p1.State)
	require.False(t, p1.SubjectUnknown)

	require.Equal(t, party("P2"), byID["C-000002"].Subject)
	unknown := byID["C-000003"]
	require.Equal(t, acct("A9"), unknown.Subject)
	require.True(t, unknown.SubjectUnknown, "nobody owns A9 on record")
	require.Equal(t, "unidentified (account A9)", unknown.Title)
	network := byID["C-000004"]
	require.Equal(t, []string{"P1", "P2"}, network.Parties, "the network's owners")
	require.Equal(t, "Wei Zhang, Rosa Ortega", network.Title)

	es := entries(t, st)
	require.Equal(t, []string{"case.open C-000001", "case.open C-000002", "case.open C-000003", "case.open C-000004"}, actions(es))
	require.Equal(t, "ana", es[0].Actor)
	require.Equal(t, "cli@test", es[0].Origin)
}

func TestTriageIsIdempotent(t *testing.T) {
	st := bank(t)
	clk := &clock{t0}
	svc := cases.New(st, clk.now)
	first := []model.Alert{alert("a1", acct("A1"), 0.6, model.SeverityMedium, t0), alert("a3", acct("A3"), 0.6, model.SeverityMedium, t0)}
	_, err := svc.Triage(t.Context(), ana, first)
	require.NoError(t, err)
	n := len(entries(t, st))

	clk.t = t0.Add(24 * time.Hour)
	res, err := svc.Triage(t.Context(), ana, append(first, first[0]))
	require.NoError(t, err)
	require.Equal(t, cases.TriageResult{Skipped: 3}, res, "the same alerts again: nothing added, nothing recorded")
	require.Len(t, entries(t, st), n)

	res, err = svc.Triage(t.Context(), ana, append(first, alert("a2", acct("A2"), 0.95, model.SeverityHigh, t0.Add(time.Hour))))
	require.NoError(t, err)
	require.Equal(t, cases.TriageResult{Updated: []string{"C-000001"}, Added: 1, Skipped: 2}, res)
	c, err := st.Case(t.Context(), "C-000001")
	require.NoError(t, err)
	require.Equal(t, []string{"a1", "a2"}, c.Alerts)
	require.Equal(t, 0.95, c.Score)
	require.Equal(t, t0, c.Detected, "detection stays the first alert's")
	require.Equal(t, "case.add_alerts C-000001", actions(entries(t, st))[n])
}

func TestSubjectWithAFiledSAROpensAContinuingCase(t *testing.T) {
	st := bank(t)
	clk := &clock{t0}
	svc := cases.New(st, clk.now)
	_, err := svc.Triage(t.Context(), ana, []model.Alert{alert("a1", acct("A1"), 0.6, model.SeverityMedium, t0)})
	require.NoError(t, err)
	for _, to := range []model.CaseState{model.CaseInReview, model.CaseEscalated} {
		_, err = svc.Transition(t.Context(), ana, "C-000001", to, "")
		require.NoError(t, err)
	}
	filed := t0.Add(10 * 24 * time.Hour)
	_, err = svc.Close(t.Context(), boss, "C-000001", cases.Decision{Disposition: model.DispositionSARFiled, Filed: filed, BSAID: "31000000000042"})
	require.NoError(t, err)

	clk.t = t0.Add(60 * 24 * time.Hour)
	res, err := svc.Triage(t.Context(), ana, []model.Alert{alert("a2", acct("A2"), 0.6, model.SeverityMedium, clk.t)})
	require.NoError(t, err)
	require.Equal(t, []string{"C-000002"}, res.Opened, "the closed case takes no new alerts")
	c, err := st.Case(t.Context(), "C-000002")
	require.NoError(t, err)
	require.Equal(t, &model.SARFiling{Filed: filed, BSAID: "31000000000042", Case: "C-000001"}, c.PriorSAR)

	d := cases.DeadlinesOf(c, clk.t)
	require.Equal(t, model.NewDate(2025, 9, 10), d.ReviewBy, "90 days after the SAR of 2025-06-12")
	require.Equal(t, model.NewDate(2025, 10, 10), d.FileBy, "120 days after it")
	require.Equal(t, 70, d.DaysLeft)
}

func TestTransitions(t *testing.T) {
	states := []model.CaseState{model.CaseOpen, model.CaseInReview, model.CaseEscalated, model.CaseClosed}
	allowed := map[[2]model.CaseState]bool{
		{model.CaseOpen, model.CaseInReview}:      true,
		{model.CaseInReview, model.CaseOpen}:      true,
		{model.CaseInReview, model.CaseEscalated}: true,
		{model.CaseInReview, model.CaseClosed}:    true,
		{model.CaseEscalated, model.CaseInReview}: true,
		{model.CaseEscalated, model.CaseClosed}:   true,
	}
	for _, from := range states {
		for _, to := range states {
			require.Equal(t, allowed[[2]model.CaseState{from, to}], cases.CanTransition(from, to), "%s → %s", from, to)
		}
	}

	// Through the service, a refused move changes nothing and records nothing.
	st := bank(t)
	svc := cases.New(st, (&clock{t0}).now)
	_, err := svc.Triage(t.Context(), ana, []model.Alert{alert("a1", acct("A1"), 0.6, model.SeverityMedium, t0)})
	require.NoError(t, err)
	n := len(entries(t, st))
	_, err = svc.Transition(t.Context(), ana, "C-000001", model.CaseEscalated, "")
	require.ErrorIs(t, err, cases.ErrInvalidTransition, "escalating a case nobody reviewed")
	_, err = svc.Close(t.Context(), ana, "C-000001", cases.Decision{Disposition: model.DispositionNoAction})
	require.ErrorIs(t, err, cases.ErrInvalidTransition, "closing a case nobody reviewed")
	_, err = svc.Transition(t.Context(), ana, "C-000001", model.CaseClosed, "")
	require.ErrorIs(t, err, cases.ErrInvalid, "closing needs a decision")
	_, err = svc.Transition(t.Context(), ana, "C-404", model.CaseInReview, "")
	require.ErrorIs(t, err, cases.ErrNotFound)
	require.Len(t, entries(t, st), n)
	c, err := st.Case(t.Context(), "C-000001")
	require.NoError(t, err)
	require.Equal(t, model.CaseOpen, c.State)
}

func TestClose(t *testing.T) {
	for _, tc := range []struct {
		name    string
		path    []model.CaseState
		d       cases.Decision
		wantErr error
	}{
		{"no action after review", []model.CaseState{model.CaseInReview}, cases.Decision{Disposition: model.DispositionNoAction}, nil},
		{"exited customer", []model.CaseState{model.CaseInReview}, cases.Decision{Disposition: model.DispositionExitedCustomer}, nil},
		{"SAR not required, with a reason", []model.CaseState{model.CaseInReview, model.CaseEscalated},
			cases.Decision{Disposition: model.DispositionSARNotRequired, Reason: "tuition from parents, documented"}, nil},
		{"SAR not required needs a reason", []model.CaseState{model.CaseInReview}, cases.Decision{Disposition: model.DispositionSARNotRequired}, cases.ErrInvalid},
		{"SAR filed from an escalated case", []model.CaseState{model.CaseInReview, model.CaseEscalated}, cases.Decision{Disposition: model.DispositionSARFiled}, nil},
		{"SAR filed needs an escalation", []model.CaseState{model.CaseInReview}, cases.Decision{Disposition: model.DispositionSARFiled}, cases.ErrInvalidTransition},
		{"unknown disposition", []model.CaseState{model.CaseInReview}, cases.Decision{Disposition: "archived"}, cases.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := bank(t)
			clk := &clock{t0}
			svc := cases.New(st, clk.now)
			_, err := svc.Triage(t.Context(), ana, []model.Alert{alert("a1", acct("A1"), 0.6, model.SeverityMedium, t0)})
			require.NoError(t, err)
			for _, s := range tc.path {
				_, err := svc.Transition(t.Context(), ana, "C-000001", s, "")
				require.NoError(t, err)
			}
			clk.t = t0.Add(48 * time.Hour)
			c, err := svc.Close(t.Context(), boss, "C-000001", tc.d)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, model.CaseClosed, c.State)
			require.Equal(t, tc.d.Disposition, c.Disposition)
			require.Equal(t, clk.t, c.Closed)
			stored, err := st.Case(t.Context(), "C-000001")
			require.NoError(t, err)
			require.Equal(t, c, stored, "the returned case is the stored one")
			if tc.d.Disposition == model.DispositionSARFiled {
				require.Equal(t, &model.SARFiling{Filed: clk.t, Case: "C-000001"}, c.SAR)
			}
			_, err = svc.Assign(t.Context(), ana, "C-000001", "bo")
			require.ErrorIs(t, err, cases.ErrInvalidTransition, "a closed case is final")
			_, err = svc.AddNote(t.Context(), ana, "C-000001", "post-closure: the customer was exited")
			require.NoError(t, err, "but takes notes")
		})
	}
}

func TestWorkingACaseIsAudited(t *testing.T) {
	st := bank(t)
	clk := &clock{t0}
	svc := cases.New(st, clk.now)
	_, err := svc.Triage(t.Context(), ana, []model.Alert{alert("a1", acct("A1"), 0.6, model.SeverityMedium, t0)})
	require.NoError(t, err)

	step := func(c model.Case, err error) model.Case {
		t.Helper()
		require.NoError(t, err)
		clk.t = clk.t.Add(time.Hour)
		return c
	}
	c := step(svc.Get(t.Context(), ana, "C-000001"))
	require.Equal(t, 1, c.Version)
	c = step(svc.Transition(t.Context(), ana, "C-000001", model.CaseInReview, "starting"))
	require.Equal(t, "ana", c.Assignee, "taking an unassigned case into review assigns it")
	c = step(svc.Assign(t.Context(), ana, "C-000001", "carla"))
	c = step(svc.AddNote(t.Context(), ana, "C-000001", "three branches in two days"))
	c = step(svc.Attach(t.Context(), ana, "C-000001", model.Attachment{Name: "teller notes", Ref: "dms://branch/BR-1/2025-05-30", SHA256: "ab"}))
	c = step(svc.RecordRFI(t.Context(), ana, "C-000001", "", model.RFILoanRepayment, "friends repaying loans"))
	c = step(svc.Transition(t.Context(), ana, "C-000001", model.CaseEscalated, "refer to the BSA officer"))
	c = step(svc.Close(t.Context(), boss, "C-000001", cases.Decision{Disposition: model.DispositionSARFiled}))
	require.NoError(t, svc.RecordExport(t.Context(), boss, cases.Export{Case: "C-000001", Format: "fincen-sarx", File: "sar.xml", SHA256: "cd", Bytes: 100}))

	require.Equal(t, 8, c.Version, "opened, then seven changes; reads change nothing")
	require.Equal(t, "carla", c.Assignee)
	require.Len(t, c.Notes, 3, "review note, note, escalation note")
	require.Equal(t, model.Attachment{Time: t0.Add(4 * time.Hour), Author: "ana", Name: "teller notes", Ref: "dms://branch/BR-1/2025-05-30", SHA256: "ab"}, c.Attachments[0])
	require.Equal(t, []model.RFI{{Case: "C-000001", Party: "P1", Time: t0.Add(5 * time.Hour), Author: "ana", Outcome: model.RFILoanRepayment, Note: "friends repaying loans"}}, c.RFIs)

	es := entries(t, st)
	require.Equal(t, []string{
		"case.open C-000001", "case.read C-000001", "case.review C-000001", "case.assign C-000001", "case.note C-000001",
		"case.attach C-000001", "case.rfi C-000001", "case.escalate C-000001", "case.close C-000001", "case.export sar.xml",
	}, actions(es))
	assign := es[3]
	require.JSONEq(t, `{"assignee":"ana"}`, string(assign.Before))
	require.JSONEq(t, `{"assignee":"carla"}`, string(assign.After))
	require.Equal(t, t0.Add(2*time.Hour), assign.Time)
	var closed struct {
		State, Disposition string
	}
	require.NoError(t, json.Unmarshal(es[8].After, &closed))
	require.Equal(t, "closed", closed.State)
	require.Equal(t, "bsa-officer", es[8].Actor)

	rep, err := audit.Verify(t.Context(), st)
	require.NoError(t, err)
	require.True(t, rep.OK(), "%v", rep.Problems)

	outcomes, err := cases.RFIOutcomes(t.Context(), st)
	require.NoError(t, err)
	require.Equal(t, model.RFILoanRepayment, outcomes["P1"].Outcome)
	require.True(t, outcomes["P1"].Outcome.Adverse(), "what MM-9 fires on")
}

func TestRequestsThatLackSomething(t *testing.T) {
	st := bank(t)
	svc := cases.New(st, (&clock{t0}).now)
	_, err := svc.Triage(t.Context(), ana, []model.Alert{
		alert("a1", acct("A1"), 0.6, model.SeverityMedium, t0),
		{ID: "n1", Subject: model.Subject{Kind: model.SubjectNetwork, ID: "N"}, Accounts: []string{"A1", "A3"}, Created: t0},
	})
	require.NoError(t, err)
	for name, call := range map[string]func() error{
		"no user": func() error { _, err := svc.Get(t.Context(), cases.Actor{}, "C-000001"); return err },
		"no user for triage": func() error {
			_, err := svc.Triage(t.Context(), cases.Actor{User: " "}, nil)
			return err
		},
		"empty note": func() error { _, err := svc.AddNote(t.Context(), ana, "C-000001", " "); return err },
		"attachment ref": func() error {
			_, err := svc.Attach(t.Context(), ana, "C-000001", model.Attachment{Name: "x"})
			return err
		},
		"RFI outcome": func() error {
			_, err := svc.RecordRFI(t.Context(), ana, "C-000001", "", "angry", "")
			return err
		},
		"RFI party of a network case": func() error {
			_, err := svc.RecordRFI(t.Context(), ana, "C-000002", "", model.RFIRefused, "")
			return err
		},
		"alert without ID": func() error { _, err := svc.Triage(t.Context(), ana, []model.Alert{{}}); return err },
	} {
		t.Run(name, func(t *testing.T) { require.ErrorIs(t, call(), cases.ErrInvalid) })
	}
	_, err = svc.RecordRFI(t.Context(), ana, "C-000001", "P2", model.RFIRefused, "")
	require.ErrorIs(t, err, cases.ErrNotFound, "P2 is not a subject of C-000001")
	c, err := svc.RecordRFI(t.Context(), ana, "C-000002", "P2", model.RFIEvasive, "")
	require.NoError(t, err, "a network case's RFI names its party")
	require.Equal(t, "P2", c.RFIs[0].Party)
}

func TestDeadlines(t *testing.T) {
	detected := time.Date(2025, 6, 2, 23, 30, 0, 0, time.UTC)
	day := func(m time.Month, d, h int) time.Time { return time.Date(2025, m, d, h, 0, 0, 0, time.UTC) }
	prior := &model.SARFiling{Filed: day(3, 1, 12)}
	for _, tc := range []struct {
		name string
		c    model.Case
		now  time.Time
		want cases.Deadlines
	}{
		{"30 days from detection", model.Case{State: model.CaseOpen, Detected: detected}, day(6, 20, 10),
			cases.Deadlines{FileBy: model.NewDate(2025, 7, 2), Rule: "30 calendar days after initial detection (31 CFR 1020.320(b)(3))", DaysLeft: 12}},
		{"the last day is not overdue", model.Case{State: model.CaseInReview, Detected: detected}, day(7, 2, 23),
			cases.Deadlines{FileBy: model.NewDate(2025, 7, 2), Rule: "30 calendar days after initial detection (31 CFR 1020.320(b)(3))", DaysLeft: 0}},
		{"the day after is", model.Case{State: model.CaseEscalated, Detected: detected}, day(7, 3, 0),
			cases.Deadlines{FileBy: model.NewDate(2025, 7, 2), Rule: "30 calendar days after initial detection (31 CFR 1020.320(b)(3))", DaysLeft: -1, Overdue: true}},
		{"60 days without a subject", model.Case{State: model.CaseOpen, Detected: detected, SubjectUnknown: true}, day(7, 3, 0),
			cases.Deadlines{FileBy: model.NewDate(2025, 8, 1), Rule: "60 calendar days after initial detection, no subject identified (31 CFR 1020.320(b)(3))", DaysLeft: 29}},
		{"continuing activity, review overdue", model.Case{State: model.CaseOpen, Detected: detected, PriorSAR: prior}, day(6, 20, 0),
			cases.Deadlines{FileBy: model.NewDate(2025, 6, 29), ReviewBy: model.NewDate(2025, 5, 30), ReviewOverdue: true, DaysLeft: 9,
				Rule: "continuing activity: review 90 days and file within 120 days after the prior SAR (FinCEN SAR FAQ)"}},
		{"continuing activity under review", model.Case{State: model.CaseInReview, Detected: detected, PriorSAR: prior}, day(7, 1, 0),
			cases.Deadlines{FileBy: model.NewDate(2025, 6, 29), ReviewBy: model.NewDate(2025, 5, 30), DaysLeft: -2, Overdue: true,
				Rule: "continuing activity: review 90 days and file within 120 days after the prior SAR (FinCEN SAR FAQ)"}},
		{"closed", model.Case{State: model.CaseClosed, Detected: detected}, day(12, 1, 0), cases.Deadlines{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, cases.DeadlinesOf(tc.c, tc.now))
		})
	}
}
