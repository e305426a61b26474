package sqlite_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/store"
	"github.com/centinela-aml/centinela/internal/store/sqlite"
)

// benchTransactions returns n AMLworld-like transactions with position IDs
// starting at line first: minute timestamps in order, 500,000 accounts.
func benchTransactions(rng *rand.Rand, first, n int) []model.Transaction {
	base := time.Date(2022, 9, 1, 0, 0, 0, 0, time.UTC)
	currencies := []string{"USD", "USD", "USD", "EUR", "EUR", "CNY", "GBP", "JPY", "MXN", "BTC"}
	channels := []model.Channel{model.ChannelACH, model.ChannelCheck, model.ChannelCard, model.ChannelCash, model.ChannelWire, model.ChannelCrypto}
	txs := make([]model.Transaction, n)
	for i := range txs {
		line := first + i
		cur := currencies[rng.IntN(len(currencies))]
		amt := float64(int(rng.ExpFloat64()*500000)) / 100
		txs[i] = model.Transaction{
			ID:          "HI-Small_Trans.csv:" + strconv.Itoa(line),
			Time:        base.Add(time.Duration(line/3) * time.Second).Truncate(time.Minute),
			Originator:  fmt.Sprintf("%03d:%09X", rng.IntN(3000), rng.IntN(500000)),
			Beneficiary: fmt.Sprintf("%03d:%09X", rng.IntN(3000), rng.IntN(500000)),
			Amount:      amt, Currency: cur, AmountReceived: amt, CurrencyReceived: cur,
			Channel: channels[rng.IntN(len(channels))],
		}
	}
	return txs
}

// BenchmarkWriteBatch measures the write path of fresh transactions into
// the store, in batches of 8,192 (the ingest pipeline's default), and of a
// re-ingest where every transaction is a duplicate. cpu-ns/row is the
// process's CPU time per row, steadier than rows/s on a shared machine.
func BenchmarkWriteBatch(b *testing.B) {
	const batch = 8192
	ctx := context.Background()
	b.Run("fresh", func(b *testing.B) {
		st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
		require.NoError(b, err)
		defer st.Close()
		rng := rand.New(rand.NewPCG(1, 2))
		line := 2
		var cpu time.Duration
		b.ResetTimer()
		for b.Loop() {
			b.StopTimer()
			txs := benchTransactions(rng, line, batch)
			line += batch
			b.StartTimer()
			c0 := cpuTime()
			_, err := st.WriteBatch(ctx, store.Batch{Transactions: txs})
			cpu += cpuTime() - c0
			require.NoError(b, err)
		}
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N*batch), "cpu-ns/row")
		b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "rows/s")
	})
	b.Run("duplicates", func(b *testing.B) {
		st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
		require.NoError(b, err)
		defer st.Close()
		txs := benchTransactions(rand.New(rand.NewPCG(1, 2)), 2, batch)
		_, err = st.WriteBatch(ctx, store.Batch{Transactions: txs})
		require.NoError(b, err)
		b.ResetTimer()
		for b.Loop() {
			res, err := st.WriteBatch(ctx, store.Batch{Transactions: txs})
			require.NoError(b, err)
			require.Equal(b, store.Duplicate, res.Transactions[0])
		}
		b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "rows/s")
	})
}
