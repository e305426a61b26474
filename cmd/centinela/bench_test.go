package main

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestBenchIngestPrintsItsMeasurements(t *testing.T) {
	db := filepath.Join(t.TempDir(), "bench.db")
	code, out, errOut := cli(t, "bench", "ingest", "--rows", "3000", "--runs", "1", "--db", db)
	require.Equal(t, 0, code, errOut)
	var rep benchReport
	require.NoError(t, json.Unmarshal([]byte(out), &rep), out)
	require.True(t, rep.Generated)
	require.Equal(t, int64(3000), rep.Rows)
	require.Zero(t, rep.Parse.Rejected, "the synthetic file is valid AMLworld")
	require.Zero(t, rep.Store.Rejected)
	require.Positive(t, rep.Parse.RowsPerSec)
	require.Positive(t, rep.Store.RowsPerSec)
	require.FileExists(t, db, "the database named by --db is kept")

	code, _, errOut = cli(t, "bench", "ingest", "--rows", "10", "--db", db)
	require.Equal(t, 2, code, "an existing database is not overwritten")
	require.Contains(t, errOut, "exists")
}
