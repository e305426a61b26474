package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/ingest"
	"github.com/centinela-aml/centinela/internal/store"
	"github.com/centinela-aml/centinela/internal/store/sqlite"
)

const txHeader = "tx_id,timestamp,originator_account,beneficiary_account,amount,currency,channel\n"

// goodTx has three valid native transactions.
const goodTx = txHeader +
	"T1,2025-03-01T14:05:00Z,A1,A2,9400,USD,wire\n" +
	"T2,2025-03-01T15:05:00Z,A2,A3,100.50,USD,ach\n" +
	"T3,2025-03-02T09:00:00Z,,A1,9000,USD,cash_deposit\n"

// badTx has two valid rows and two bad ones.
const badTx = txHeader +
	"T4,2025-03-03T10:00:00Z,A1,A2,10,USD,wire\n" +
	"T5,2025-03-03T11:00:00Z,A1,A2,-3,USD,wire\n" +
	"T6,yesterday,A1,A2,10,USD,wire\n" +
	"T7,2025-03-03T12:00:00Z,A1,A2,10,USD,p2p\n"

// cli runs the command line in-process.
func cli(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	return p
}

// ingestJSON is the part of the --json output the tests check.
type ingestJSON struct {
	Read         int64  `json:"read"`
	Accepted     int64  `json:"accepted"`
	Duplicates   int64  `json:"duplicates"`
	Rejected     int64  `json:"rejected"`
	RejectFile   string `json:"reject_file"`
	SkippedBlank int64  `json:"skipped_blank"`
}

func ingestOK(t *testing.T, args ...string) ingestJSON {
	t.Helper()
	code, out, errOut := cli(t, append([]string{"ingest", "--json", "-q"}, args...)...)
	require.Equal(t, 0, code, "stderr: %s", errOut)
	var r ingestJSON
	require.NoError(t, json.Unmarshal([]byte(out), &r), out)
	return r
}

func dbCounts(t *testing.T, db string) store.Counts {
	t.Helper()
	st, err := sqlite.Open(t.Context(), db)
	require.NoError(t, err)
	defer st.Close()
	c, err := st.Counts(t.Context())
	require.NoError(t, err)
	return c
}

func TestIngestJSONCountsAndReingest(t *testing.T) {
	dir := t.TempDir()
	file := write(t, dir, "transactions.csv", goodTx)
	db := filepath.Join(dir, "bank.db")

	code, out, _ := cli(t, "ingest", "--db", db, "--format", "native", "--json", file)
	require.Equal(t, 0, code)
	require.True(t, strings.HasPrefix(out, `{"read":3,"accepted":3,"duplicates":0,"rejected":0,"reject_file":"",`), out)

	again := ingestOK(t, "--db", db, "--format", "native", file)
	require.Equal(t, ingestJSON{Read: 3, Duplicates: 3}, again, "re-ingesting adds nothing")
	require.Equal(t, int64(3), dbCounts(t, db).Transactions)
}

func TestIngestBadRowsGoToTheRejectFile(t *testing.T) {
	dir := t.TempDir()
	file := write(t, dir, "transactions.csv", badTx)
	db := filepath.Join(dir, "bank.db")
	r := ingestOK(t, "--db", db, "--format", "native", file)
	require.Equal(t, int64(4), r.Read)
	require.Equal(t, int64(2), r.Accepted)
	require.Equal(t, int64(2), r.Rejected)
	require.Equal(t, filepath.Join(dir, "bank.db.rejects"), filepath.Dir(r.RejectFile))

	f, err := os.Open(r.RejectFile)
	require.NoError(t, err)
	defer f.Close()
	var rejects []ingest.Reject
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var rj ingest.Reject
		require.NoError(t, json.Unmarshal(sc.Bytes(), &rj))
		rejects = append(rejects, rj)
	}
	require.Len(t, rejects, 2)
	require.Equal(t, 3, rejects[0].Line)
	require.Equal(t, "amount", rejects[0].Field)
	require.Equal(t, "T5,2025-03-03T11:00:00Z,A1,A2,-3,USD,wire", rejects[0].Raw)
	require.True(t, strings.HasPrefix(rejects[0].Error, file+":3:"), rejects[0].Error)
	require.Equal(t, 4, rejects[1].Line)
	require.Equal(t, "timestamp", rejects[1].Field)
	require.Equal(t, "T6,yesterday,A1,A2,10,USD,wire", rejects[1].Raw)

	// The human report names the reject file and the first reasons.
	code, out, _ := cli(t, "ingest", "-q", "--db", filepath.Join(dir, "other.db"), "--format", "native", file)
	require.Equal(t, 0, code)
	require.Contains(t, out, "rejected rows: ")
	require.Contains(t, out, file+":3:")
	require.Contains(t, out, file+":4:")
}

func TestIngestRefusesBadInputBeforeWriting(t *testing.T) {
	dir := t.TempDir()
	good := write(t, dir, "transactions.csv", goodTx)
	badHeader := write(t, dir, "other.csv", "tx_id,when,amount\nT9,2025-03-01T00:00:00Z,1\n")
	for name, c := range map[string]struct {
		args []string
		msg  string
	}{
		"missing file":    {[]string{"--format", "native", good, filepath.Join(dir, "nope.csv")}, "nope.csv"},
		"unknown format":  {[]string{"--format", "excel", good}, `unknown format "excel"`},
		"header mismatch": {[]string{"--format", "native", good, badHeader}, "other.csv"},
		"wrong format":    {[]string{"--format", "samld", good}, "transactions.csv"},
		"no file":         {[]string{"--format", "native"}, "file"},
	} {
		t.Run(name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "bank.db")
			code, out, errOut := cli(t, append([]string{"ingest", "--db", db}, c.args...)...)
			require.Equal(t, 2, code, "stdout: %s\nstderr: %s", out, errOut)
			require.Contains(t, errOut, c.msg)
			require.NoFileExists(t, db, "nothing is written, not even an empty database")
		})
	}
}

func TestIngestStrictLeavesTheDatabaseAsItWas(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "bank.db")
	good := write(t, dir, "transactions.csv", goodTx)
	bad := write(t, dir, "more.csv", badTx)
	ingestOK(t, "--db", db, "--format", "native", good)
	before := dbCounts(t, db)

	code, out, errOut := cli(t, "ingest", "--db", db, "--format", "native", "--strict", "--batch", "1", bad)
	require.Equal(t, 1, code, "stdout: %s", out)
	require.Contains(t, errOut, "more.csv:3:")
	require.Contains(t, errOut, "nothing was written")
	require.Equal(t, before, dbCounts(t, db))

	r := ingestOK(t, "--db", db, "--format", "native", "--strict", good)
	require.Equal(t, ingestJSON{Read: 3, Duplicates: 3}, r, "a strict run without bad rows works as usual")

	fresh := filepath.Join(dir, "fresh.db")
	code, _, _ = cli(t, "ingest", "--db", fresh, "--format", "native", "--strict", bad)
	require.Equal(t, 1, code)
	_, err := os.Stat(fresh)
	require.ErrorIs(t, err, fs.ErrNotExist, "a failed strict run into a new database leaves no database behind")
}

func TestIngestDirectoryAndSourceNames(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "bank")
	require.NoError(t, os.Mkdir(data, 0o755))
	write(t, data, "transactions.csv", goodTx)
	write(t, data, "accounts.csv", "account_id,owners\nA1,P1\nA2,P2\n")
	write(t, data, "notes.txt", "not data\n")
	db := filepath.Join(dir, "bank.db")
	code, out, errOut := cli(t, "ingest", "-q", "--db", db, "--format", "native", data)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "skipped "+filepath.Join(data, "notes.txt"))
	require.Equal(t, store.Counts{Accounts: 2, Transactions: 3}, dbCounts(t, db))

	// AMLworld rows get position IDs from the source name.
	aml := write(t, dir, "HI_Trans.csv", "Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving Currency,Amount Paid,Payment Currency,Payment Format,Is Laundering\n"+
		"2022/09/01 00:20,010,8000EBD30,010,8000EBD30,3697.34,US Dollar,3697.34,US Dollar,Reinvestment,0\n")
	ingestOK(t, "--db", db, "--format", "amlworld", "--source", "hi-small", aml)
	st, err := sqlite.Open(t.Context(), db)
	require.NoError(t, err)
	defer st.Close()
	var ids []string
	for x, err := range st.Transactions(t.Context(), store.TxFilter{Accounts: []string{"010:8000EBD30"}}) {
		require.NoError(t, err)
		ids = append(ids, x.ID)
	}
	require.Equal(t, []string{"hi-small:2"}, ids)
}

func TestIngestHelpTeaches(t *testing.T) {
	code, out, _ := cli(t, "ingest", "--help")
	require.Equal(t, 0, code)
	for _, s := range []string{"Examples:", "reject file", "<db>.rejects/", "docs/formats.md", "--strict", "resumes"} {
		require.Contains(t, out, s)
	}
}

// TestIngestDetectScoresWhatItLoads loads a generated bank with --detect:
// the detectors run over what was loaded, including the built-in learned
// scorer, and the alerts are stored; loading the same files again adds no
// transaction and leaves as many alerts.
func TestIngestDetectScoresWhatItLoads(t *testing.T) {
	dir := t.TempDir()
	bank := filepath.Join(dir, "bank")
	code, _, errOut := cli(t, "generate", "--out", bank, "--customers", "300", "--days", "40", "--seed", "3", "--quiet")
	require.Equal(t, 0, code, errOut)
	db := filepath.Join(dir, "bank.db")

	type withDetection struct {
		Accepted   int64         `json:"accepted"`
		Duplicates int64         `json:"duplicates"`
		Detection  *detectResult `json:"detection"`
	}
	load := func() withDetection {
		code, out, errOut := cli(t, "ingest", "--json", "-q", "--detect", "--db", db, "--format", "native", bank)
		require.Equal(t, 0, code, errOut)
		var r withDetection
		require.NoError(t, json.Unmarshal([]byte(out), &r), out)
		require.NotNil(t, r.Detection, "--detect reports the detection")
		return r
	}
	first := load()
	require.Positive(t, first.Accepted)
	require.Equal(t, first.Detection.Transactions, dbCounts(t, db).Transactions, "every stored transaction went through the detectors")
	require.Positive(t, first.Detection.Alerts)
	require.Positive(t, first.Detection.ByTypology["MODEL-SCORE"], "the built-in scorer scored the transactions")
	require.Equal(t, int64(first.Detection.Alerts), dbCounts(t, db).Alerts)

	again := load()
	require.Zero(t, again.Accepted)
	require.Equal(t, first.Accepted, again.Duplicates)
	require.Equal(t, first.Detection.Alerts, again.Detection.Alerts)
	require.Equal(t, int64(first.Detection.Alerts), dbCounts(t, db).Alerts, "alerts are replaced, not added")

	// Without --detect nothing is detected.
	code, out, _ := cli(t, "ingest", "--json", "-q", "--db", filepath.Join(dir, "other.db"), "--format", "native", bank)
	require.Equal(t, 0, code)
	require.NotContains(t, out, `"detection"`)
}
