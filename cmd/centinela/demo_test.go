package main

import (
	"encoding/json"
	stdhtml "html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/report/schematest"
)

func TestDemoRunsTheWholePath(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	code, out, errOut := cli(t, "demo", "--dir", dir, "--customers", "400", "--days", "45", "--json")
	require.Equal(t, 0, code, "stderr: %s", errOut)

	var res demoResult
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	require.Equal(t, []string{"generate", "ingest", "detect", "cases", "report"}, stepNames(res.Steps))
	require.NotNil(t, res.Cases)
	require.Positive(t, res.Cases.Cases)
	sar, err := os.ReadFile(res.Cases.SAR)
	require.NoError(t, err, "the demo works a case to a SAR file")
	require.Contains(t, string(sar), "<FormTypeCode>SARX</FormTypeCode>")
	require.Equal(t, dir, filepath.Dir(res.Cases.SAR), "the SAR is written into the demo folder")
	schematest.ValidateSARX(t, res.Cases.SAR)
	schematest.WellFormed(t, res.Cases.GoAML)
	require.Positive(t, res.Counts.Transactions)
	require.Equal(t, res.Ingest.Read, res.Ingest.Accepted, "every generated row is accepted")
	require.Positive(t, res.Counts.Alerts)
	require.NotEmpty(t, res.Top)
	for _, a := range res.Top {
		require.NotEmpty(t, a.RuleID)
		require.NotEmpty(t, a.Reason, "every alert says why")
	}
	require.Positive(t, res.Truth.Cases)
	require.Positive(t, res.Truth.Detected, "some planted case is found")

	page, err := os.ReadFile(filepath.Join(dir, "report.html"))
	require.NoError(t, err)
	require.Contains(t, stdhtml.UnescapeString(string(page)), res.Top[0].RuleID)
	require.Contains(t, string(page), "Evidence total")
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	require.NoError(t, err)
	require.Contains(t, string(md), "## Alerts by typology")

	// The summary for people names the steps, the typologies and the report.
	code, out, _ = cli(t, "demo", "--dir", dir, "--customers", "400", "--days", "45", "--quiet")
	require.Equal(t, 0, code)
	for _, want := range []string{"Alerts by typology", "Planted cases found", "Top ", "report.html"} {
		require.Contains(t, out, want)
	}
	require.False(t, strings.Contains(out, "\r"), "no progress bar when the output is not a terminal")

	// Running it again replaced the database instead of adding duplicates.
	var again demoResult
	code, out, _ = cli(t, "demo", "--dir", dir, "--customers", "400", "--days", "45", "--json")
	require.Equal(t, 0, code)
	require.NoError(t, json.Unmarshal([]byte(out), &again))
	require.Equal(t, res.Counts, again.Counts, "a second run starts afresh and finds the same")
}

func TestDemoRefusesBadFlags(t *testing.T) {
	code, _, errOut := cli(t, "demo", "--dir", t.TempDir(), "--customers", "5")
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "--customers")

	file := filepath.Join(t.TempDir(), "f")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	code, _, errOut = cli(t, "demo", "--dir", file)
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "is a file")
}

func stepNames(steps []demoStep) []string {
	var out []string
	for _, s := range steps {
		out = append(out, s.Name)
	}
	return out
}
