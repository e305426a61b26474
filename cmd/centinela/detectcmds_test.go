package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// writeAMLSim writes a small AMLSim output folder (current schema): 40
// days of ordinary payments among 60 accounts and, every day, a new
// account paid by six new senders — the laundering.
func writeAMLSim(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	var b, a strings.Builder
	b.WriteString("tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp,is_sar,alert_id\n")
	a.WriteString("alert_id,alert_type,is_sar,tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp\n")
	n := 0
	day0 := time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)
	for d := range 40 {
		ts := day0.AddDate(0, 0, d).Format(time.RFC3339)
		for i := range 60 {
			n++
			fmt.Fprintf(&b, "%d,%d,%d,TRANSFER,%d.50,%s,False,-1\n", n, i, (i*7+d)%60, 100+(i*13+d)%400, ts)
		}
		for k := range 6 {
			n++
			from, to := 1000+d*10+k, 5000+d
			fmt.Fprintf(&b, "%d,%d,%d,TRANSFER,%d.25,%s,True,-1\n", n, from, to, 100+(k*31+d)%400, ts)
			fmt.Fprintf(&a, "%d,fan_in,True,%d,%d,%d,TRANSFER,%d.25,%s\n", d, n, from, to, 100+(k*31+d)%400, ts)
		}
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "transactions.csv"), []byte(b.String()), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "alert_transactions.csv"), []byte(a.String()), 0o644))
	return dir
}

func TestEvalTrainScoreAMLSim(t *testing.T) {
	dir := writeAMLSim(t)
	code, out, errOut := cli(t, "eval", "--format", "amlsim", dir, "--seeds", "2", "--json", "-q")
	require.Equal(t, 0, code, errOut)
	var rep struct {
		Split struct {
			TrainDays int `json:"train_days"`
		} `json:"split"`
		Test *struct {
			F1        float64 `json:"f1"`
			Positives int     `json:"positives"`
		} `json:"test"`
		PerTypologyRecall map[string]float64 `json:"per_typology_recall"`
		Threshold         float64            `json:"threshold"`
		FeaturesTxPerS    float64            `json:"features_tx_per_s"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.Equal(t, 24, rep.Split.TrainDays)
	require.NotNil(t, rep.Test)
	require.Equal(t, 48, rep.Test.Positives)
	require.Greater(t, rep.Test.F1, 0.8)
	require.Contains(t, rep.PerTypologyRecall, "FAN-IN")
	require.Positive(t, rep.FeaturesTxPerS)

	code, out, _ = cli(t, "eval", "--format", "amlsim", dir, "--seeds", "1", "--no-test", "-q")
	require.Equal(t, 0, code)
	require.Contains(t, out, "test days not scored (--no-test)")

	scorer := filepath.Join(t.TempDir(), "scorer.json")
	code, out, errOut = cli(t, "train", "--format", "amlsim", dir, "--out", scorer, "-q")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "scorer written to "+scorer)

	// The grid and the threshold rule can be chosen; bad choices are refused.
	code, out, errOut = cli(t, "train", "--format", "amlsim", dir, "--out", scorer, "-q", "--json",
		"--scales", "1", "--depths", "4", "--rounds", "20", "--precision", "0.9")
	require.Equal(t, 0, code, errOut)
	var tr struct {
		Scale int `json:"window_scale"`
		Depth int `json:"max_depth"`
		Trees int `json:"trees"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &tr), out)
	require.Equal(t, 1, tr.Scale)
	require.Equal(t, 4, tr.Depth)
	require.LessOrEqual(t, tr.Trees, 20)
	for _, bad := range [][]string{{"--precision", "2"}, {"--depths", "0"}, {"--scales", "0"}, {"--rounds", "0"}} {
		code, _, errOut = cli(t, append([]string{"train", "--format", "amlsim", dir, "--out", scorer, "-q"}, bad...)...)
		require.Equal(t, 2, code, "%v: %s", bad, errOut)
		require.Contains(t, errOut, bad[0])
	}

	scores := filepath.Join(t.TempDir(), "scores.csv")
	code, out, errOut = cli(t, "score", "--model", scorer, "--format", "amlsim", dir, "--out", scores, "-q")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "transactions scored")
	b, err := os.ReadFile(scores)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	require.Equal(t, "id,score,alert", lines[0])
	require.Len(t, lines, 1+40*66)

	code, _, errOut = cli(t, "score", "--model", scorer, "-q")
	require.Equal(t, 2, code, "a database or a file to score is required")
	require.Contains(t, errOut, "--db")
}

func TestEvalPatternsAndIngestWithAnswerKey(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "X_Patterns.txt")
	require.NoError(t, os.WriteFile(key, []byte(`BEGIN LAUNDERING ATTEMPT - CYCLE:  Max 3 hops
2022/09/02 00:03,001,A1,002,B1,1000.00,US Dollar,1000.00,US Dollar,ACH,1
2022/09/02 05:00,002,B1,003,C1,980.00,US Dollar,980.00,US Dollar,ACH,1
2022/09/03 07:00,003,C1,001,A1,960.00,US Dollar,960.00,US Dollar,ACH,1
END LAUNDERING ATTEMPT - CYCLE
`), 0o644))
	code, out, errOut := cli(t, "eval", "patterns", key, "--background", "20000", "--json", "-q")
	require.Equal(t, 0, code, errOut)
	var rep struct {
		Attempts   int `json:"attempts"`
		ByTypology map[string]struct {
			Attempts      int `json:"attempts"`
			LabelledRight int `json:"labelled_right"`
		} `json:"by_typology"`
		Rate float64 `json:"background_false_alarm_rate"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.Equal(t, 1, rep.Attempts)
	require.Equal(t, 1, rep.ByTypology["CYCLE"].LabelledRight)
	var how struct {
		Mapped bool `json:"mapped_accounts"`
		Detail []struct {
			Attempt  int    `json:"attempt"`
			Typology string `json:"typology"`
			Txs      int    `json:"transactions"`
			Right    int    `json:"labelled_right"`
		} `json:"attempts_detail"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &how))
	require.True(t, how.Mapped, "the key's accounts are mapped onto background accounts by default")
	require.Empty(t, how.Detail)

	code, out, errOut = cli(t, "eval", "patterns", key, "--background", "20000", "--json", "-q", "--own-accounts", "--open-share", "0", "--detail")
	require.Equal(t, 0, code, errOut)
	how.Mapped = true
	require.NoError(t, json.Unmarshal([]byte(out), &how))
	require.False(t, how.Mapped)
	require.Len(t, how.Detail, 1)
	require.Equal(t, "CYCLE", how.Detail[0].Typology)
	require.Equal(t, 3, how.Detail[0].Txs)
	require.Equal(t, 3, how.Detail[0].Right)
	for _, share := range []string{"-0.1", "1"} {
		code, _, errOut = cli(t, "eval", "patterns", key, "--background", "20000", "-q", "--open-share="+share)
		require.Equal(t, 2, code, errOut)
		require.Contains(t, errOut, "--open-share")
	}

	// Ingesting the Trans file with its key labels the rows instead of
	// storing the key's lines as more transactions.
	trans := filepath.Join(dir, "X_Trans.csv")
	require.NoError(t, os.WriteFile(trans, []byte(`Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving Currency,Amount Paid,Payment Currency,Payment Format,Is Laundering
2022/09/02 00:03,001,A1,002,B1,1000.00,US Dollar,1000.00,US Dollar,ACH,1
2022/09/02 04:00,001,A1,004,D1,50.00,US Dollar,50.00,US Dollar,ACH,0
2022/09/02 05:00,002,B1,003,C1,980.00,US Dollar,980.00,US Dollar,ACH,1
2022/09/03 07:00,003,C1,001,A1,960.00,US Dollar,960.00,US Dollar,ACH,1
`), 0o644))
	db := filepath.Join(dir, "x.db")
	code, out, errOut = cli(t, "ingest", "--db", db, "--format", "amlworld", "--json", trans, key)
	require.Equal(t, 0, code, errOut)
	var ing struct {
		Read      int64 `json:"read"`
		Accepted  int64 `json:"accepted"`
		AnswerKey *struct {
			Lines, Matched, Unmatched, Attempts int
		} `json:"answer_key"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &ing))
	require.Equal(t, int64(4), ing.Read, "only the Trans rows are transactions")
	require.NotNil(t, ing.AnswerKey)
	require.Equal(t, 3, ing.AnswerKey.Lines)
	require.Equal(t, 3, ing.AnswerKey.Matched)
	require.Equal(t, 0, ing.AnswerKey.Unmatched)
}

func TestBenchDetect(t *testing.T) {
	code, out, errOut := cli(t, "bench", "detect", "--transactions", "30000", "--accounts", "5000", "--days", "1", "--batch", "512", "-q")
	require.Equal(t, 0, code, errOut)
	var rep struct {
		Transactions int64   `json:"transactions"`
		TxPerSecond  float64 `json:"tx_per_s"`
		P50          float64 `json:"p50_batch_ms"`
		P99          float64 `json:"p99_batch_ms"`
		PeakRSS      float64 `json:"peak_rss_mb"`
		Trees        int     `json:"trees"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.Equal(t, int64(30000), rep.Transactions)
	require.Positive(t, rep.TxPerSecond)
	require.LessOrEqual(t, rep.P50, rep.P99)
	require.Equal(t, 100, rep.Trees)
}
