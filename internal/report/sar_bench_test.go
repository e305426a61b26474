package report_test

import (
	"io"
	"testing"

	"github.com/centinela-aml/centinela/internal/report"
)

// BenchmarkWriteSAR measures drafting, encoding and checking the SAR of a
// case with 3,000 evidence transactions (a narrative at its limit).
func BenchmarkWriteSAR(b *testing.B) {
	f := demoFiling(bigCase(3000))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := report.WriteSAR(io.Discard, f); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteGoAML measures the goAML report of the same case: one
// transaction node per evidence transaction.
func BenchmarkWriteGoAML(b *testing.B) {
	c := bigCase(3000)
	b.ReportAllocs()
	for b.Loop() {
		if err := report.WriteGoAML(io.Discard, report.DemoFiler(), filed, c); err != nil {
			b.Fatal(err)
		}
	}
}
