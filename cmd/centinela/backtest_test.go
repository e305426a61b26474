package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// copyRules copies the shipped rule files to a folder, replacing old with
// new in file.
func copyRules(t *testing.T, file, old, new string) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join("..", "..", "rules")
	entries, err := os.ReadDir(src)
	require.NoError(t, err)
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		require.NoError(t, err)
		if e.Name() == file {
			require.Contains(t, string(b), old)
			b = []byte(strings.Replace(string(b), old, new, 1))
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644))
	}
	return dir
}

func TestBacktestOnAGeneratedBank(t *testing.T) {
	bank := t.TempDir()
	code, _, stderr := cli(t, "generate", "--out", bank, "--customers", "300", "--days", "45", "--seed", "11", "--quiet",
		"--rate", "STRUCTURING=10", "--rate", "SMURFING=10")
	require.Equal(t, 0, code, stderr)
	before, err := os.ReadDir(bank)
	require.NoError(t, err)

	code, stdout, stderr := cli(t, "backtest", "--json", bank)
	require.Equal(t, 0, code, stderr)
	var out struct {
		Rules map[string]struct {
			Alerts       int      `json:"alerts"`
			Precision    *float64 `json:"precision"`
			Recall       *float64 `json:"recall"`
			NotEvaluable int64    `json:"not_evaluable"`
		} `json:"rules"`
		Overall struct {
			Alerts       int      `json:"alerts"`
			Precision    *float64 `json:"precision"`
			Recall       *float64 `json:"recall"`
			Transactions int64    `json:"transactions"`
			PerTenK      *float64 `json:"alerts_per_10k_customers_month"`
		} `json:"overall"`
		Compare json.RawMessage `json:"compare"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &out))
	require.Positive(t, out.Overall.Transactions)
	require.Positive(t, out.Overall.Alerts)
	require.NotNil(t, out.Overall.Precision)
	require.NotNil(t, out.Overall.PerTenK)
	require.Positive(t, out.Rules["STRUCT-1"].Alerts)
	require.NotNil(t, out.Rules["STRUCT-1"].Recall)
	require.Positive(t, out.Rules["MM-2"].NotEvaluable)
	require.Nil(t, out.Compare, "no comparison asked")

	after, err := os.ReadDir(bank)
	require.NoError(t, err)
	require.Equal(t, before, after, "a backtest writes nothing next to its data")

	// Text output and a comparison with a stricter structuring rule.
	strict := copyRules(t, "struct-1.yaml", "  min_deposits:\n    default: 3\n", "  min_deposits:\n    default: 30\n")
	code, stdout, stderr = cli(t, "backtest", "--compare", strict, bank)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, "STRUCT-1")
	require.Contains(t, stdout, "Compared library")
	require.Contains(t, stdout, "Disappear:")
	require.NotContains(t, stdout, "Appear:\n")

	code, stdout, stderr = cli(t, "backtest", "--json", "--compare", strict, bank)
	require.Equal(t, 0, code, stderr)
	var cmp struct {
		Compare struct {
			Rules       map[string]json.RawMessage `json:"rules"`
			Appeared    []struct{ Rule string }    `json:"appeared"`
			Disappeared []struct{ Rule string }    `json:"disappeared"`
		} `json:"compare"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &cmp))
	require.Contains(t, cmp.Compare.Rules, "STRUCT-1")
	require.Empty(t, cmp.Compare.Appeared)
	require.NotEmpty(t, cmp.Compare.Disappeared)
	for _, d := range cmp.Compare.Disappeared {
		require.Equal(t, "STRUCT-1", d.Rule)
	}
}

func TestBacktestRejectsBadInput(t *testing.T) {
	code, _, stderr := cli(t, "backtest", filepath.Join(t.TempDir(), "missing"))
	require.Equal(t, 2, code, stderr)

	bad := copyRules(t, "struct-1.yaml", "when: |\n", "when: |\n  \"CN\" in kyc.nationalities ||\n")
	code, _, stderr = cli(t, "backtest", "--rules", bad, t.TempDir())
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "struct-1.yaml:")
}
