package detect_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/centinela-aml/centinela/internal/detect"
	"github.com/centinela-aml/centinela/internal/model"
)

// streamGen draws small adversarial streams: few accounts (so fans and
// self-loops are common), repeated IDs, zero, huge and invalid amounts,
// empty IDs and accounts, equal timestamps, gaps longer than the windows.
func streamGen() *rapid.Generator[[]model.Transaction] {
	return rapid.Custom(func(t *rapid.T) []model.Transaction {
		n := rapid.IntRange(1, 120).Draw(t, "n")
		accounts := []string{"", "A", "B", "C", "D", "E", "F", "G", "H"}
		amounts := []float64{0, 0.01, 9500, 12345.67, 1e12, -1, math.NaN()}
		at := t0
		txs := make([]model.Transaction, n)
		for i := range n {
			at = at.Add(time.Duration(rapid.IntRange(0, 40).Draw(t, "gap")) * 30 * time.Minute)
			idn := rapid.IntRange(0, 3*n).Draw(t, "id")
			id := fmt.Sprint(idn)
			if idn == 0 {
				id = ""
			}
			amt := rapid.SampledFrom(amounts).Draw(t, "amount")
			if rapid.Bool().Draw(t, "plain") {
				amt = float64(rapid.IntRange(1, 100000).Draw(t, "cents")) / 100
			}
			txs[i] = model.Transaction{
				ID: id, Time: at, Amount: amt, Currency: rapid.SampledFrom([]string{"USD", "EUR", ""}).Draw(t, "cur"),
				Originator:  rapid.SampledFrom(accounts).Draw(t, "from"),
				Beneficiary: rapid.SampledFrom(accounts).Draw(t, "to"),
				Channel:     model.ChannelWire,
			}
		}
		return txs
	})
}

// eagerConfig makes the miners alert on small fans so that the property
// covers them too.
func eagerConfig() detect.Config {
	fan := detect.FanConfig{Window: 12 * time.Hour, MinCounterparties: 2, Significance: 1, MinHistory: time.Nanosecond}
	patterns := detect.PatternConfig{MinHistory: time.Nanosecond, MinIntermediates: 2, MinLayer: 2, MinHops: 2, Significance: 1}
	return detect.Config{Rows: true, FeatureWindow: 6 * time.Hour, FanIn: fan, FanOut: fan, MaxEvidence: 1000,
		Patterns: patterns, PatternWindow: 12 * time.Hour}
}

type run struct {
	status []detect.Status
	rows   [][]float32
	alerts map[string]model.Alert
}

func observeInBatches(t *rapid.T, txs []model.Transaction, cuts []int) run {
	e, err := detect.New(eagerConfig())
	require.NoError(t, err)
	r := run{alerts: map[string]model.Alert{}}
	lo := 0
	for _, hi := range append(cuts, len(txs)) {
		if hi <= lo || hi > len(txs) {
			continue
		}
		res, err := e.Observe(txs[lo:hi])
		require.NoError(t, err)
		r.status = append(r.status, res.Status...)
		for i := range res.Status {
			r.rows = append(r.rows, append([]float32(nil), res.Rows.Row(i)...))
		}
		for _, a := range res.Alerts {
			r.alerts[a.ID] = a
		}
		lo = hi
	}
	return r
}

// TestBatchingAndCausality checks the engine's two promises about time:
// how the stream is cut into batches changes nothing (rows, statuses,
// alerts), and a transaction's features never depend on a later one (the
// rows of a prefix of the stream are the first rows of the whole stream).
func TestBatchingAndCausality(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		txs := streamGen().Draw(t, "stream")
		whole := observeInBatches(t, txs, nil)

		var cuts []int
		for i := 1; i < len(txs); i++ {
			if rapid.IntRange(0, 3).Draw(t, "cut") == 0 {
				cuts = append(cuts, i)
			}
		}
		cut := observeInBatches(t, txs, cuts)
		require.Equal(t, whole.status, cut.status)
		require.Equal(t, whole.rows, cut.rows)
		require.Equal(t, whole.alerts, cut.alerts)

		k := rapid.IntRange(1, len(txs)).Draw(t, "prefix")
		prefix := observeInBatches(t, txs[:k], nil)
		require.Equal(t, whole.rows[:k], prefix.rows)
		require.Equal(t, whole.status[:k], prefix.status)
	})
}

// TestEveryTransactionAccountedFor: each input gets exactly one status and
// the counts reconcile.
func TestEveryTransactionAccountedFor(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		txs := streamGen().Draw(t, "stream")
		e, err := detect.New(eagerConfig())
		require.NoError(t, err)
		res, err := e.Observe(txs)
		require.NoError(t, err)
		require.Len(t, res.Status, len(txs))
		require.Equal(t, len(txs), res.Accepted+res.Duplicates+res.Invalid)
		require.Len(t, res.Problems, res.Invalid)
		require.Equal(t, len(txs), res.Rows.Len())
	})
}
