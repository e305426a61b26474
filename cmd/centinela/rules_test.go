package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRulesTestBuiltInLibraryPasses(t *testing.T) {
	code, out, errOut := cli(t, "rules", "test")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "PASS  STRUCT-1")
	require.Contains(t, out, " 0 failed")
}

func TestRulesListJSON(t *testing.T) {
	code, out, errOut := cli(t, "rules", "list", "--json")
	require.Equal(t, 0, code, errOut)
	var list []ruleJSON
	require.NoError(t, json.Unmarshal([]byte(out), &list))
	ids := map[string]ruleJSON{}
	for _, r := range list {
		ids[r.ID] = r
	}
	for _, id := range []string{"STRUCT-1", "SMURF-1", "PASS-1", "MM-1", "MM-4"} {
		require.Contains(t, ids, id)
	}
	require.Equal(t, []sarJSON{{Type: 1, Subtype: 114, Description: "Transaction(s) below CTR threshold"}}, ids["STRUCT-1"].SAR)
}

func TestRulesTestFailsOnBrokenExamplesAndBadFiles(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "rules", "struct-1.yaml"))
	require.NoError(t, err)

	wrong := t.TempDir()
	text := strings.Replace(string(src), "  min_deposits:\n    default: 3\n", "  min_deposits:\n    default: 5\n", 1)
	require.NotEqual(t, string(src), text)
	require.NoError(t, os.WriteFile(filepath.Join(wrong, "s.yaml"), []byte(text), 0o644))
	code, out, _ := cli(t, "rules", "test", wrong)
	require.Equal(t, 1, code)
	require.Contains(t, out, "FAIL  STRUCT-1")

	bad := t.TempDir()
	text = strings.Replace(string(src), "when: |\n", "when: |\n  \"CN\" in kyc.nationalities ||\n", 1)
	require.NoError(t, os.WriteFile(filepath.Join(bad, "s.yaml"), []byte(text), 0o644))
	code, _, errOut := cli(t, "rules", "test", bad)
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "s.yaml:")
	require.Contains(t, errOut, "nationality")
}
