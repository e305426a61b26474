package main

import (
	"bufio"
	"encoding/json"
	stdhtml "html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/model"
)

// smallBank generates and ingests a small bank, returning the database.
func smallBank(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	bank := filepath.Join(dir, "bank")
	code, _, errOut := cli(t, "generate", "--out", bank, "--customers", "300", "--days", "40", "--seed", "3")
	require.Equal(t, 0, code, errOut)
	db := filepath.Join(dir, "bank.db")
	ingestOK(t, "--db", db, "--format", "native", bank)
	return db
}

func TestDetectAlertsReport(t *testing.T) {
	db := smallBank(t)

	code, out, errOut := cli(t, "detect", "--db", db, "--json")
	require.Equal(t, 0, code, errOut)
	var res detectResult
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	require.Positive(t, res.Transactions)
	require.Positive(t, res.Alerts)
	require.Positive(t, res.Screened, "parties are screened")
	require.NotEmpty(t, res.Rules, "rule statistics are reported")

	code, out, _ = cli(t, "alerts", "--db", db, "--json", "--limit", "0")
	require.Equal(t, 0, code)
	var alerts []model.Alert
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var a model.Alert
		require.NoError(t, json.Unmarshal(sc.Bytes(), &a))
		alerts = append(alerts, a)
	}
	require.Len(t, alerts, res.Alerts, "every alert detect found is stored")

	// Detecting again replaces alerts instead of adding them.
	code, _, _ = cli(t, "detect", "--db", db, "--json")
	require.Equal(t, 0, code)
	code, out, _ = cli(t, "alerts", "--db", db, "--json", "--limit", "0")
	require.Equal(t, 0, code)
	require.Equal(t, res.Alerts, strings.Count(out, "\n"))

	// Filters.
	rule := alerts[0].RuleID
	code, out, _ = cli(t, "alerts", "--db", db, "--rule", rule, "--limit", "0")
	require.Equal(t, 0, code)
	require.Contains(t, out, rule)
	code, out, _ = cli(t, "alerts", "--db", db, "--typology", "NO-SUCH-TYPOLOGY")
	require.Equal(t, 0, code)
	require.Equal(t, "no alerts\n", out)

	// Reports in both formats.
	html := filepath.Join(t.TempDir(), "r.html")
	code, _, errOut = cli(t, "report", "--db", db, "--out", html)
	require.Equal(t, 0, code, errOut)
	b, err := os.ReadFile(html)
	require.NoError(t, err)
	require.Contains(t, stdhtml.UnescapeString(string(b)), alerts[0].RuleID)
	md := filepath.Join(t.TempDir(), "r.md")
	code, _, _ = cli(t, "report", "--db", db, "--out", md, "--limit", "3")
	require.Equal(t, 0, code)
	b, err = os.ReadFile(md)
	require.NoError(t, err)
	require.Equal(t, 3, strings.Count(string(b), "\n### "), "--limit caps the alerts listed")
}

func TestCommandsRefuseAMissingDatabase(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "typo.db")
	for _, args := range [][]string{
		{"detect", "--db", missing},
		{"alerts", "--db", missing},
		{"report", "--db", missing, "--out", filepath.Join(t.TempDir(), "r.html")},
	} {
		code, _, errOut := cli(t, args...)
		require.Equal(t, 2, code, args)
		require.Contains(t, errOut, "does not exist")
		_, err := os.Stat(missing)
		require.True(t, os.IsNotExist(err), "%v must not create the database", args)
	}
	code, _, errOut := cli(t, "report", "--db", missing, "--out", "report.pdf")
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "--format")
}
