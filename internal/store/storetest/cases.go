package storetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/store"
)

// runCases runs the behaviour tests of store.CaseStore.
func runCases(t *testing.T, open Open) {
	t.Run("AlertsByID", func(t *testing.T) { testAlertsByID(t, open) })
	t.Run("CaseRoundTrip", func(t *testing.T) { testCaseRoundTrip(t, open) })
	t.Run("CaseVersions", func(t *testing.T) { testCaseVersions(t, open) })
	t.Run("CaseAlertsBelongToOneCase", func(t *testing.T) { testCaseAlerts(t, open) })
	t.Run("CaseFilters", func(t *testing.T) { testCaseFilters(t, open) })
	t.Run("CaseTxRollsBack", func(t *testing.T) { testCaseTxRollback(t, open) })
	t.Run("CaseNumbers", func(t *testing.T) { testCaseNumbers(t, open) })
	t.Run("RFIs", func(t *testing.T) { testRFIs(t, open) })
	t.Run("AuditAppend", func(t *testing.T) { testAuditAppend(t, open) })
	t.Run("AuditCheckpoints", func(t *testing.T) { testAuditCheckpoints(t, open) })
}

// newCase returns a plain open case about party p.
func newCase(id, party string, score float64, alerts ...string) model.Case {
	return model.Case{
		ID: id, Subject: model.Subject{Kind: model.SubjectParty, ID: party}, Title: "Name of " + party,
		State: model.CaseOpen, Parties: []string{party}, Alerts: alerts, Score: score, Severity: model.SeverityHigh,
		Detected: t0, Opened: t0, Updated: t0,
	}
}

func saveCase(t *testing.T, s store.Store, c model.Case) error {
	t.Helper()
	return s.CaseTx(t.Context(), func(tx store.CaseTx) error { return tx.SaveCase(t.Context(), c) })
}

func testCaseRoundTrip(t *testing.T, open Open) {
	s := open(t)
	c := newCase("C-1", "P1", 0.8, "AL-1", "AL-2")
	c.Accounts = []string{"A1"}
	c.Assignee = "ana"
	c.SubjectUnknown = true
	c.Notes = []model.CaseNote{{Time: t0.Add(time.Hour), Author: "ana", Text: "called the branch"}}
	c.Attachments = []model.Attachment{{Time: t0, Author: "ana", Name: "kyc.pdf", Ref: "dms://kyc/P1", SHA256: "ab12"}}
	c.RFIs = []model.RFI{{Case: "C-1", Party: "P1", Time: t0.Add(2 * time.Hour), Author: "ana", Outcome: model.RFILoanRepayment, Note: "says a friend repaid a loan"}}
	c.PriorSAR = &model.SARFiling{Filed: t0.Add(-100 * 24 * time.Hour), BSAID: "31000012345678", Case: "C-0"}
	require.NoError(t, saveCase(t, s, c))

	got, err := s.Case(t.Context(), "C-1")
	require.NoError(t, err)
	want := c
	want.Version = 1
	require.Equal(t, want, got, "every field comes back; the version counts the save")

	_, err = s.Case(t.Context(), "C-404")
	require.ErrorIs(t, err, store.ErrNotFound)
}

func testCaseVersions(t *testing.T, open Open) {
	s := open(t)
	c := newCase("C-1", "P1", 0.5)
	require.NoError(t, saveCase(t, s, c))
	require.ErrorIs(t, saveCase(t, s, c), store.ErrConflict, "a new case with a stored ID")

	c.Version = 1
	c.Assignee = "ana"
	require.NoError(t, saveCase(t, s, c))
	stale := c
	stale.Assignee = "bo"
	require.ErrorIs(t, saveCase(t, s, stale), store.ErrConflict, "saved from version 1, stored at 2")
	got, err := s.Case(t.Context(), "C-1")
	require.NoError(t, err)
	require.Equal(t, "ana", got.Assignee, "the stale save changed nothing")
	require.Equal(t, 2, got.Version)

	ghost := newCase("C-9", "P9", 0.5)
	ghost.Version = 3
	require.ErrorIs(t, saveCase(t, s, ghost), store.ErrNotFound)

	bad := newCase("", "P1", 0.5)
	require.ErrorIs(t, saveCase(t, s, bad), store.ErrInvalid)
	bad = newCase("C-2", "P1", 0.5)
	bad.State = "pending"
	require.ErrorIs(t, saveCase(t, s, bad), store.ErrInvalid)
}

func testCaseAlerts(t *testing.T, open Open) {
	s := open(t)
	require.NoError(t, saveCase(t, s, newCase("C-1", "P1", 0.5, "X", "Y")))
	err := saveCase(t, s, newCase("C-2", "P2", 0.5, "Z", "Y"))
	require.ErrorIs(t, err, store.ErrConflict, "Y belongs to C-1")
	_, err = s.Case(t.Context(), "C-2")
	require.ErrorIs(t, err, store.ErrNotFound, "nothing of the refused case was saved")

	m, err := s.CasesOfAlerts(t.Context(), []string{"X", "Y", "Z", "W"})
	require.NoError(t, err)
	require.Equal(t, map[string]string{"X": "C-1", "Y": "C-1"}, m, "Z was not claimed: the refused save left nothing")

	// More alerts join the case; the ones it has stay.
	c, err := s.Case(t.Context(), "C-1")
	require.NoError(t, err)
	c.Alerts = append(c.Alerts, "Z", "Z")
	require.NoError(t, saveCase(t, s, c))
	m, err = s.CasesOfAlerts(t.Context(), []string{"X", "Y", "Z"})
	require.NoError(t, err)
	require.Equal(t, map[string]string{"X": "C-1", "Y": "C-1", "Z": "C-1"}, m)

	// Long lists are answered whole.
	ids := make([]string, 12000)
	for i := range ids {
		ids[i] = fmt.Sprintf("N-%05d", i)
	}
	ids[11999] = "X"
	m, err = s.CasesOfAlerts(t.Context(), ids)
	require.NoError(t, err)
	require.Equal(t, map[string]string{"X": "C-1"}, m)
}

func testCaseFilters(t *testing.T, open Open) {
	s := open(t)
	a := newCase("C-a", "P1", 0.5)
	b := newCase("C-b", "P2", 0.9)
	b.Assignee = "ana"
	b.State = model.CaseEscalated
	c := newCase("C-c", "P3", 0.99)
	c.State = model.CaseClosed
	c.Disposition = model.DispositionNoAction
	d := newCase("C-d", "P1", 0.5)
	d.Subject = model.Subject{Kind: model.SubjectNetwork, ID: "N-7"}
	d.Parties = []string{"P4", "P1"}
	for _, x := range []model.Case{c, d, a, b} {
		require.NoError(t, saveCase(t, s, x))
	}
	for _, tc := range []struct {
		name string
		f    store.CaseFilter
		want []string
	}{
		{"all: open first, then score, then ID", store.CaseFilter{}, []string{"C-b", "C-a", "C-d", "C-c"}},
		{"states", store.CaseFilter{States: []model.CaseState{model.CaseOpen, model.CaseClosed}}, []string{"C-a", "C-d", "C-c"}},
		{"assignee", store.CaseFilter{Assignee: "ana"}, []string{"C-b"}},
		{"subject", store.CaseFilter{Subject: &model.Subject{Kind: model.SubjectNetwork, ID: "N-7"}}, []string{"C-d"}},
		{"party", store.CaseFilter{Party: "P1"}, []string{"C-a", "C-d"}},
		{"limit", store.CaseFilter{Limit: 2}, []string{"C-b", "C-a"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.Cases(t.Context(), tc.f)
			require.NoError(t, err)
			var ids []string
			for _, x := range got {
				ids = append(ids, x.ID)
			}
			require.Equal(t, tc.want, ids)
		})
	}
}

func testCaseTxRollback(t *testing.T, open Open) {
	s := open(t)
	boom := errors.New("boom")
	err := s.CaseTx(t.Context(), func(tx store.CaseTx) error {
		if _, err := tx.NextCaseNumber(t.Context()); err != nil {
			return err
		}
		if err := tx.SaveCase(t.Context(), newCase("C-1", "P1", 0.5, "X")); err != nil {
			return err
		}
		if err := appendRecord(t, tx, 0, "first"); err != nil {
			return err
		}
		got, err := tx.Case(t.Context(), "C-1")
		require.NoError(t, err, "the transaction sees its own writes")
		require.Equal(t, 1, got.Version)
		return boom
	})
	require.ErrorIs(t, err, boom)
	_, err = s.Case(t.Context(), "C-1")
	require.ErrorIs(t, err, store.ErrNotFound)
	m, err := s.CasesOfAlerts(t.Context(), []string{"X"})
	require.NoError(t, err)
	require.Empty(t, m)
	n, err := s.AuditSize(t.Context())
	require.NoError(t, err)
	require.Zero(t, n, "the audit record rolled back with the case")
	require.NoError(t, s.CaseTx(t.Context(), func(tx store.CaseTx) error {
		n, err := tx.NextCaseNumber(t.Context())
		require.NoError(t, err)
		require.Equal(t, int64(1), n, "the number taken by the rolled-back transaction is free again")
		return nil
	}))
}

func testCaseNumbers(t *testing.T, open Open) {
	s := open(t)
	var got []int64
	for range 3 {
		require.NoError(t, s.CaseTx(t.Context(), func(tx store.CaseTx) error {
			n, err := tx.NextCaseNumber(t.Context())
			got = append(got, n)
			return err
		}))
	}
	require.Equal(t, []int64{1, 2, 3}, got)
}

func testRFIs(t *testing.T, open Open) {
	s := open(t)
	a := newCase("C-1", "P1", 0.5)
	a.RFIs = []model.RFI{
		{Party: "P1", Time: t0.Add(3 * time.Hour), Author: "ana", Outcome: model.RFIEvasive},
		{Party: "P2", Time: t0.Add(time.Hour), Author: "ana", Outcome: model.RFIAnswered, Note: "payroll from a new employer"},
	}
	b := newCase("C-2", "P1", 0.5)
	b.RFIs = []model.RFI{{Party: "P1", Time: t0.Add(2 * time.Hour), Author: "bo", Outcome: model.RFIRefused}}
	require.NoError(t, saveCase(t, s, a))
	require.NoError(t, saveCase(t, s, b))

	got, err := s.RFIs(t.Context(), store.RFIFilter{Party: "P1"})
	require.NoError(t, err)
	require.Equal(t, []model.RFI{
		{Case: "C-2", Party: "P1", Time: t0.Add(2 * time.Hour), Author: "bo", Outcome: model.RFIRefused},
		{Case: "C-1", Party: "P1", Time: t0.Add(3 * time.Hour), Author: "ana", Outcome: model.RFIEvasive},
	}, got, "oldest first, with the case they were recorded on")
	all, err := s.RFIs(t.Context(), store.RFIFilter{})
	require.NoError(t, err)
	require.Len(t, all, 3)

	// Saving the case again replaces its RFIs, not adds to them.
	a.Version = 1
	a.RFIs = a.RFIs[:1]
	require.NoError(t, saveCase(t, s, a))
	all, err = s.RFIs(t.Context(), store.RFIFilter{})
	require.NoError(t, err)
	require.Len(t, all, 2)
}

// appendRecord appends data as record n with its tree hashes.
func appendRecord(t *testing.T, tx store.CaseTx, n int64, data string) error {
	t.Helper()
	hashes, err := tlog.StoredHashes(n, []byte(data), hashReader(t, tx))
	if err != nil {
		return err
	}
	out := make([][32]byte, len(hashes))
	for i, h := range hashes {
		out[i] = h
	}
	return tx.AppendAudit(t.Context(), store.AuditRecord{Index: n, Data: []byte(data)}, out)
}

func hashReader(t *testing.T, r store.AuditReader) tlog.HashReaderFunc {
	return func(indexes []int64) ([]tlog.Hash, error) {
		hs, err := r.AuditHashes(t.Context(), indexes)
		if err != nil {
			return nil, err
		}
		out := make([]tlog.Hash, len(hs))
		for i, h := range hs {
			out[i] = h
		}
		return out, nil
	}
}

func testAuditAppend(t *testing.T, open Open) {
	s := open(t)
	records := []string{"zero", "one", "two", "three", "four"}
	for i, r := range records {
		require.NoError(t, s.CaseTx(t.Context(), func(tx store.CaseTx) error { return appendRecord(t, tx, int64(i), r) }))
	}
	n, err := s.AuditSize(t.Context())
	require.NoError(t, err)
	require.Equal(t, int64(5), n)
	hc, err := s.AuditHashCount(t.Context())
	require.NoError(t, err)
	require.Equal(t, tlog.StoredHashCount(5), hc)

	var got []string
	for r, err := range s.AuditRecords(t.Context(), 2) {
		require.NoError(t, err)
		got = append(got, fmt.Sprintf("%d:%s", r.Index, r.Data))
	}
	require.Equal(t, []string{"2:two", "3:three", "4:four"}, got)

	// The stored hashes are the tree tlog computes from the records.
	th, err := tlog.TreeHash(5, hashReader(t, s))
	require.NoError(t, err)
	var mem []tlog.Hash
	memReader := tlog.HashReaderFunc(func(ix []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(ix))
		for i, x := range ix {
			out[i] = mem[x]
		}
		return out, nil
	})
	for i, r := range records {
		hs, err := tlog.StoredHashes(int64(i), []byte(r), memReader)
		require.NoError(t, err)
		mem = append(mem, hs...)
	}
	want, err := tlog.TreeHash(5, memReader)
	require.NoError(t, err)
	require.Equal(t, want, th)

	err = s.CaseTx(t.Context(), func(tx store.CaseTx) error { return appendRecord(t, tx, 3, "again") })
	require.ErrorIs(t, err, store.ErrConflict, "position 3 is taken")
	err = s.CaseTx(t.Context(), func(tx store.CaseTx) error {
		return tx.AppendAudit(t.Context(), store.AuditRecord{Index: 5, Data: []byte("five")}, nil)
	})
	require.ErrorIs(t, err, store.ErrInvalid, "a record without its hashes")
	n, err = s.AuditSize(t.Context())
	require.NoError(t, err)
	require.Equal(t, int64(5), n)

	_, err = s.AuditHashes(t.Context(), []int64{0, 1000})
	require.ErrorIs(t, err, store.ErrNotFound)
}

func testAuditCheckpoints(t *testing.T, open Open) {
	s := open(t)
	save := func(c store.AuditCheckpoint) {
		require.NoError(t, s.CaseTx(t.Context(), func(tx store.CaseTx) error { return tx.SaveAuditCheckpoint(t.Context(), c) }))
	}
	c7 := store.AuditCheckpoint{Size: 7, Hash: [32]byte{7}, Time: t0, Note: "seven"}
	c3 := store.AuditCheckpoint{Size: 3, Hash: [32]byte{3}, Time: t0.Add(time.Hour), Note: "three"}
	save(c7)
	save(c3)
	got, err := s.AuditCheckpoints(t.Context())
	require.NoError(t, err)
	require.Equal(t, []store.AuditCheckpoint{c3, c7}, got, "smallest first")

	c3.Note = "three, again"
	save(c3)
	got, err = s.AuditCheckpoints(t.Context())
	require.NoError(t, err)
	require.Equal(t, []store.AuditCheckpoint{c3, c7}, got, "a checkpoint of the same size replaces the earlier one")
}

func testAlertsByID(t *testing.T, open Open) {
	s := open(t)
	var alerts []model.Alert
	for i := range 12000 {
		alerts = append(alerts, alert(fmt.Sprintf("AL-%05d", i), float64(i%10)/10))
	}
	require.NoError(t, s.SaveAlerts(t.Context(), alerts))
	for _, tc := range []struct {
		name string
		f    store.AlertFilter
		want []string
	}{
		{"some", store.AlertFilter{IDs: []string{"AL-00003", "AL-00011", "nope"}}, []string{"AL-00003", "AL-00011"}},
		{"with another filter", store.AlertFilter{IDs: []string{"AL-00003", "AL-00011"}, MinScore: 0.2}, []string{"AL-00003"}},
		{"a long list, ordered and limited like a short one", store.AlertFilter{IDs: []string{"AL-11999", "AL-00009", "AL-00001", "AL-05009"}, Limit: 3},
			[]string{"AL-00009", "AL-05009", "AL-11999"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.f
			if len(f.IDs) == 4 {
				// Pad the list past the store's IN-list size with IDs that match nothing.
				for i := range 9000 {
					f.IDs = append(f.IDs, fmt.Sprintf("none-%d", i))
				}
			}
			got, err := s.Alerts(t.Context(), f)
			require.NoError(t, err)
			var ids []string
			for _, a := range got {
				ids = append(ids, a.ID)
			}
			require.Equal(t, tc.want, ids)
		})
	}
}
