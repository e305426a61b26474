package ingest_test

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/ingest"
	"github.com/centinela-aml/centinela/internal/ingest/amlworld"
	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/store/sqlite"
)

// writeAMLworld writes n AMLworld rows over 100,000 accounts.
func writeAMLworld(b *testing.B, path string, n int) {
	f, err := os.Create(path)
	require.NoError(b, err)
	bw := bufio.NewWriter(f)
	w := amlworld.NewWriter(bw)
	rng := rand.New(rand.NewPCG(3, 4))
	start := time.Date(2022, 9, 1, 0, 0, 0, 0, time.UTC)
	curs := []string{"USD", "USD", "EUR", "CNY", "GBP"}
	chans := []model.Channel{model.ChannelCheck, model.ChannelCard, model.ChannelACH, model.ChannelCash, model.ChannelWire}
	for i := range n {
		cur := curs[rng.IntN(len(curs))]
		amt := float64(rng.IntN(1_000_000)) / 100
		tx := model.Transaction{
			Time:        start.Add(time.Duration(i) * time.Second / 4),
			Originator:  fmt.Sprintf("%03d:%09X", rng.IntN(900), 0x800000000+rng.IntN(100_000)),
			Beneficiary: fmt.Sprintf("%03d:%09X", rng.IntN(900), 0x800000000+rng.IntN(100_000)),
			Amount:      amt, Currency: cur, Channel: chans[rng.IntN(len(chans))],
		}
		require.NoError(b, w.Write(&tx, rng.IntN(1000) == 0))
	}
	require.NoError(b, w.Flush())
	require.NoError(b, bw.Flush())
	require.NoError(b, f.Close())
}

// BenchmarkPipelineAMLworld measures the whole ingest path: AMLworld rows
// parsed, batched and committed into a fresh SQLite store.
func BenchmarkPipelineAMLworld(b *testing.B) {
	const rows = 200_000
	dir := b.TempDir()
	file := filepath.Join(dir, "bench_Trans.csv")
	writeAMLworld(b, file, rows)
	i := 0
	for b.Loop() {
		i++
		st, err := sqlite.Open(b.Context(), filepath.Join(dir, fmt.Sprintf("p%d.db", i)))
		require.NoError(b, err)
		p := &ingest.Pipeline{Format: amlworld.Format{}, Sink: st, Runs: st, RejectDir: dir}
		res, err := p.Run(b.Context(), []ingest.Input{{Path: file}})
		require.NoError(b, err)
		require.Equal(b, int64(rows), res.Accepted)
		require.NoError(b, st.Close())
	}
	b.ReportMetric(float64(b.N*rows)/b.Elapsed().Seconds(), "rows/s")
}
