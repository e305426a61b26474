package synth

import (
	"context"
	"io"
	"testing"
)

// BenchmarkGenerate measures generation into the native CSV format
// (written to io.Discard) of a demo-sized bank; it reports transactions
// per second. Target: at least 300,000 transactions/s on 2 cores.
func BenchmarkGenerate(b *testing.B) {
	cfg := DefaultConfig()
	cfg.Customers = 3000
	cfg.Days = 90
	var txs int
	for b.Loop() {
		out := NewCSV(Writers{Parties: io.Discard, Accounts: io.Discard, Transactions: io.Discard, Labels: io.Discard})
		s, err := Generate(context.Background(), cfg, out, nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := out.Flush(); err != nil {
			b.Fatal(err)
		}
		txs += s.Transactions
	}
	b.ReportMetric(float64(txs)/b.Elapsed().Seconds(), "tx/s")
}
