package audit_test

import (
	"testing"
	"time"

	"github.com/centinela-aml/centinela/internal/audit"
)

// BenchmarkAppend measures appending one entry (hashing it into the chain
// and the Merkle tree) to a log of 10,000, without a database.
func BenchmarkAppend(b *testing.B) {
	m := newMemLog()
	for i := range 10000 {
		if _, err := audit.Append(b.Context(), m, t0, event(i)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if _, err := audit.Append(b.Context(), m, t0.Add(time.Duration(i)), event(i)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify measures verifying a log of 10,000 entries; entries/s
// is the figure docs/benchmarks.md quotes.
func BenchmarkVerify(b *testing.B) {
	const n = 10000
	m := newMemLog()
	for i := range n {
		if _, err := audit.Append(b.Context(), m, t0, event(i)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		rep, err := audit.Verify(b.Context(), m)
		if err != nil || !rep.OK() {
			b.Fatal(err, rep.Problems)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
}
