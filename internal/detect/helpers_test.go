package detect_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/detect"
	"github.com/centinela-aml/centinela/internal/model"
)

// t0 is the start of the hand-made streams.
var t0 = time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)

// tx makes a USD transfer at t0 + at.
func tx(id string, at time.Duration, from, to string, amount float64) model.Transaction {
	return model.Transaction{ID: id, Time: t0.Add(at), Originator: from, Beneficiary: to, Amount: amount, Currency: "USD", Channel: model.ChannelACH}
}

// newEngine makes an engine that returns feature rows.
func newEngine(t testing.TB, cfg detect.Config) *detect.Engine {
	t.Helper()
	cfg.Rows = true
	e, err := detect.New(cfg)
	require.NoError(t, err)
	return e
}

// feature returns the named feature of row i.
func feature(t testing.TB, res detect.Result, i int, name string) float32 {
	t.Helper()
	col, ok := res.Rows.Schema.Index(name)
	require.True(t, ok, "no feature %q", name)
	return res.Rows.Row(i)[col]
}

// observeAll feeds txs in batches of size b and returns every row (copied)
// and the latest state of every alert.
func observeAll(t testing.TB, e *detect.Engine, txs []model.Transaction, b int) ([][]float32, map[string]model.Alert) {
	t.Helper()
	var rows [][]float32
	alerts := map[string]model.Alert{}
	for lo := 0; lo < len(txs); lo += b {
		res, err := e.Observe(txs[lo:min(len(txs), lo+b)])
		require.NoError(t, err)
		for i := range res.Status {
			rows = append(rows, append([]float32(nil), res.Rows.Row(i)...))
		}
		for _, a := range res.Alerts {
			alerts[a.ID] = a
		}
	}
	return rows, alerts
}

func hours(h float64) time.Duration { return time.Duration(h * float64(time.Hour)) }

func id(prefix string, i int) string { return fmt.Sprintf("%s%03d", prefix, i) }
