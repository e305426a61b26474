package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestGenerateWritesTheNativeFilesAndASummary(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := cli(t, "generate", "--out", dir, "--customers", "150", "--days", "30", "--seed", "4", "--json")
	require.Equal(t, 0, code, stderr)
	var s struct {
		Customers    int            `json:"customers"`
		Transactions int            `json:"transactions"`
		ByTypology   map[string]int `json:"by_typology"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &s))
	require.Equal(t, 150, s.Customers)
	require.Positive(t, s.Transactions)
	require.Equal(t, 1, s.ByTypology["STRUCTURING"])
	for _, f := range generatedFiles {
		st, err := os.Stat(filepath.Join(dir, f+".csv"))
		require.NoError(t, err)
		require.Positive(t, st.Size())
	}

	// The same flags write the same bytes.
	again := t.TempDir()
	code, _, stderr = cli(t, "generate", "--out", again, "--customers", "150", "--days", "30", "--seed", "4", "--quiet")
	require.Equal(t, 0, code, stderr)
	for _, f := range generatedFiles {
		a, err := os.ReadFile(filepath.Join(dir, f+".csv"))
		require.NoError(t, err)
		b, err := os.ReadFile(filepath.Join(again, f+".csv"))
		require.NoError(t, err)
		require.Equal(t, a, b, f)
	}

	// What generate writes, ingest accepts in full.
	code, stdout, stderr = cli(t, "ingest", "--db", filepath.Join(t.TempDir(), "bank.db"), "--format", "native", "--json", dir)
	require.Equal(t, 0, code, stderr)
	var in struct {
		Read     int `json:"read"`
		Accepted int `json:"accepted"`
		Rejected int `json:"rejected"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &in))
	require.Zero(t, in.Rejected, stdout)
	require.Equal(t, in.Read, in.Accepted, stdout)
}

func TestGenerateRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"generate", "--out", t.TempDir(), "--customers", "5"},
		{"generate", "--out", t.TempDir(), "--start", "2025-13-01"},
		{"generate", "--out", t.TempDir(), "--rate", "NOT-A-TYPOLOGY=1"},
		{"generate", "--out", t.TempDir(), "--look-alike", "astronaut=2"},
		{"generate", "--out", t.TempDir(), "--format", "xml"},
	} {
		code, _, stderr := cli(t, args...)
		require.Equal(t, 2, code, "%v: %s", args, stderr)
	}
}
