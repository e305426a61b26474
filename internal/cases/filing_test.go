package cases_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/cases"
	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/report"
	"github.com/centinela-aml/centinela/internal/report/schematest"
)

func TestSARCaseGathersTheEvidence(t *testing.T) {
	st := bank(t)
	svc := cases.New(st, (&clock{t0}).now)
	smurf := alert("smurf", acct("A1"), 0.9, model.SeverityHigh, t0)
	smurf.Evidence = []string{"T1", "T2"}
	smurf.SAR = []model.SARCode{{Type: 8, Subtype: 824}, {Type: 1, Subtype: 114}}
	smurf.Advisories = []string{"FIN-2025-A003"}
	wire := alert("wire", acct("A1"), 0.7, model.SeverityMedium, t0.Add(time.Minute))
	wire.Evidence = []string{"T3", "T2"}
	wire.SAR = []model.SARCode{{Type: 9, Subtype: 928}}
	require.NoError(t, st.SaveAlerts(t.Context(), []model.Alert{wire, smurf}))
	_, err := svc.Triage(t.Context(), ana, []model.Alert{smurf, wire})
	require.NoError(t, err)

	sc, err := svc.SARCase(t.Context(), ana, "C-000001")
	require.NoError(t, err)
	require.Equal(t, "C-000001", sc.Case.ID)
	require.Len(t, sc.Alerts, 2)
	require.Equal(t, "smurf", sc.Alerts[0].ID, "alerts in the order they joined the case")
	require.Len(t, sc.Subjects, 1)
	require.Equal(t, "P1", sc.Subjects[0].Party.ID)
	var accts []string
	for _, a := range sc.Subjects[0].Accounts {
		accts = append(accts, a.ID)
	}
	require.Equal(t, []string{"A1"}, accts)
	var txs []string
	for _, x := range sc.Transactions {
		txs = append(txs, x.ID)
	}
	require.Equal(t, []string{"T1", "T2", "T3"}, txs, "each evidence transaction once")
	require.Equal(t, "case.read C-000001", actions(entries(t, st))[1])

	var buf bytes.Buffer
	sum, err := report.WriteSAR(&buf, report.Filing{Filer: report.DemoFiler(), Date: t0, Cases: []report.SARCase{sc}})
	require.NoError(t, err)
	require.Equal(t, "CMLN-2025-A003", sum.Activities[0].Note)
	require.Equal(t, int64(36900), sum.TotalAmount)
	path := filepath.Join(t.TempDir(), "sar.xml")
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
	schematest.ValidateSARX(t, path)
}
