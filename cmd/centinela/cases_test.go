package main

import (
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/audit"
	"github.com/centinela-aml/centinela/internal/cases"
	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/report"
	"github.com/centinela-aml/centinela/internal/report/schematest"
	"github.com/centinela-aml/centinela/internal/store"
	"github.com/centinela-aml/centinela/internal/store/sqlite"
)

// detectedBank is a small generated bank with its alerts.
func detectedBank(t *testing.T) string {
	t.Helper()
	db := smallBank(t)
	code, _, errOut := cli(t, "detect", "--db", db, "-q")
	require.Equal(t, 0, code, errOut)
	return db
}

func TestCasesSARAndAuditCommands(t *testing.T) {
	db := detectedBank(t)
	t.Setenv("USER", "ana")
	dir := t.TempDir()

	code, out, errOut := cli(t, "cases", "open", "--db", db, "--json")
	require.Equal(t, 0, code, errOut)
	var tri cases.TriageResult
	require.NoError(t, json.Unmarshal([]byte(out), &tri))
	require.NotEmpty(t, tri.Opened)
	require.Zero(t, tri.Skipped)
	code, out, _ = cli(t, "cases", "open", "--db", db, "--json")
	require.Equal(t, 0, code)
	var again cases.TriageResult
	require.NoError(t, json.Unmarshal([]byte(out), &again))
	require.Equal(t, cases.TriageResult{Skipped: tri.Added}, again, "triage is idempotent")

	code, out, errOut = cli(t, "cases", "list", "--db", db, "--json", "--state", "open")
	require.Equal(t, 0, code, errOut)
	var list []caseView
	require.NoError(t, json.Unmarshal([]byte(out), &list))
	require.Len(t, list, min(len(tri.Opened), 50))
	var id string
	for _, v := range list {
		want := 30
		if v.SubjectUnknown {
			want = 60
		}
		require.Equal(t, want, v.Deadlines.DaysLeft, "fresh cases are due in 30 days, 60 without a subject")
		if id == "" && len(v.Parties) == 1 {
			id = v.ID
		}
	}
	require.NotEmpty(t, id)

	code, out, _ = cli(t, "cases", "show", id, "--db", db)
	require.Equal(t, 0, code)
	require.Contains(t, out, "Case "+id)
	require.Contains(t, out, "31 CFR 1020.320(b)(3)")

	// A SAR cannot be recorded as filed on a case nobody reviewed.
	code, _, errOut = cli(t, "cases", "close", id, "--disposition", "sar_filed", "--db", db)
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "transition not allowed")

	for _, args := range [][]string{
		{"cases", "review", id},
		{"cases", "rfi", id, "refused", "--note", "would not say"},
		{"cases", "note", id, "cash", "at", "three", "branches"},
		{"cases", "assign", id, "carla"},
		{"cases", "escalate", id, "--note", "recommend a SAR"},
	} {
		code, _, errOut := cli(t, append(args, "--db", db)...)
		require.Equal(t, 0, code, "%v: %s", args, errOut)
	}
	sarPath, goamlPath := filepath.Join(dir, "sar.xml"), filepath.Join(dir, "goaml.xml")
	code, out, errOut = cli(t, "sar", id, "--db", db, "--out", sarPath, "--goaml", goamlPath, "--json", "--user", "bsa-officer")
	require.Equal(t, 0, code, errOut)
	var res sarResult
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	require.Equal(t, id, res.Summary.Activities[0].Case)
	schematest.ValidateSARX(t, sarPath)
	schematest.WellFormed(t, goamlPath)
	sum, err := fileSHA256(sarPath)
	require.NoError(t, err)
	require.Equal(t, sum, res.SHA256, "the recorded hash is the file's")

	code, out, errOut = cli(t, "cases", "close", id, "--disposition", "sar_filed", "--bsa-id", "31000000000001", "--db", db, "--user", "bsa-officer", "--json")
	require.Equal(t, 0, code, errOut)
	var closed caseView
	require.NoError(t, json.Unmarshal([]byte(out), &closed))
	require.Equal(t, model.DispositionSARFiled, closed.Disposition)
	require.Equal(t, "31000000000001", closed.SAR.BSAID)

	// The audit log has every step, and verifies.
	code, out, _ = cli(t, "audit", "show", "--db", db, "--case", id, "--json", "--limit", "0")
	require.Equal(t, 0, code)
	var acts []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var e audit.Entry
		require.NoError(t, json.Unmarshal([]byte(line), &e))
		acts = append(acts, e.Actor+" "+e.Action)
	}
	require.Equal(t, []string{"ana case.open", "ana case.read", "ana case.review", "ana case.rfi", "ana case.note", "ana case.assign",
		"ana case.escalate", "bsa-officer case.read", "bsa-officer case.export", "bsa-officer case.export", "bsa-officer case.close"}, acts)

	cp := filepath.Join(dir, "cp.txt")
	code, _, errOut = cli(t, "audit", "checkpoint", "--db", db, "--out", cp)
	require.Equal(t, 0, code, errOut)
	code, out, errOut = cli(t, "audit", "verify", "--db", db, "--checkpoint", cp)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "audit log OK")
	require.Contains(t, out, "2 checkpoints checked", "the saved one and the given one")

	// Edit one entry in the file behind the store's back: verify names it.
	raw, err := sql.Open("sqlite", db)
	require.NoError(t, err)
	_, err = raw.Exec("DROP TRIGGER audit_log_no_update")
	require.NoError(t, err)
	_, err = raw.Exec(`UPDATE audit_log SET data = CAST(replace(CAST(data AS TEXT), '"bsa-officer"', '"ana"') AS BLOB) WHERE idx = (SELECT MAX(idx) - 1 FROM audit_log)`)
	require.NoError(t, err)
	require.NoError(t, raw.Close())
	code, out, errOut = cli(t, "audit", "verify", "--db", db, "--checkpoint", cp)
	require.Equal(t, 1, code)
	require.Contains(t, out, "the entry was edited")
	require.Contains(t, errOut, "audit log: 1 problems")
}

func TestCaseCommandsNeedAUser(t *testing.T) {
	db := detectedBank(t)
	t.Setenv("USER", "")
	code, _, errOut := cli(t, "cases", "list", "--db", db)
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "--user")
	code, _, errOut = cli(t, "cases", "show", "C-999999", "--db", db, "--user", "ana")
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "not found")
}

// TestEveryCaseOfAGeneratedBankGivesAValidSAR writes a SAR for every case
// triaged from a generated bank's alerts and validates each with xmllint.
func TestEveryCaseOfAGeneratedBankGivesAValidSAR(t *testing.T) {
	db := detectedBank(t)
	st, err := sqlite.Open(t.Context(), db)
	require.NoError(t, err)
	defer st.Close()
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	svc := cases.New(st, func() time.Time { return now })
	alerts, err := st.Alerts(t.Context(), store.AlertFilter{})
	require.NoError(t, err)
	_, err = svc.Triage(t.Context(), demoUser, alerts)
	require.NoError(t, err)
	all, err := st.Cases(t.Context(), store.CaseFilter{})
	require.NoError(t, err)
	require.NotEmpty(t, all)
	dir := t.TempDir()
	var paths []string
	for _, k := range all {
		p := filepath.Join(dir, "sar-"+k.ID+".xml")
		_, err := writeCaseReports(t.Context(), svc, demoUser, k.ID, report.DemoFiler(), now, p, filepath.Join(dir, "goaml-"+k.ID+".xml"))
		require.NoError(t, err, k.ID)
		paths = append(paths, p)
	}
	schematest.ValidateSARX(t, paths...)
	t.Logf("%d SARs validate", len(paths))
}

func TestWorkDemoCase(t *testing.T) {
	db := detectedBank(t)
	st, err := sqlite.Open(t.Context(), db)
	require.NoError(t, err)
	defer st.Close()
	dir := t.TempDir()
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	res, err := workDemoCase(t.Context(), st, dir, now)
	require.NoError(t, err)
	require.Positive(t, res.Cases)
	require.Equal(t, filepath.Join(dir, "sar-"+res.Case+".xml"), res.SAR)
	schematest.ValidateSARX(t, res.SAR)
	schematest.WellFormed(t, res.GoAML)
	k, err := st.Case(t.Context(), res.Case)
	require.NoError(t, err)
	require.Equal(t, model.DispositionSARFiled, k.Disposition)
	require.Len(t, k.RFIs, 1)
	rep, err := audit.Verify(t.Context(), st)
	require.NoError(t, err)
	require.True(t, rep.OK(), "%v", rep.Problems)
	_, err = os.Stat(res.GoAML)
	require.NoError(t, err)
}
