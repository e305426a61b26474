package samld_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/centinela-aml/centinela/internal/ingest/readertest"
	"github.com/centinela-aml/centinela/internal/ingest/samld"
)

// BenchmarkSAMLD measures reading SAML-D rows; one op is one row.
//
//	go test -run '^$' -bench SAMLD -benchtime 2000000x ./internal/ingest/samld/
func BenchmarkSAMLD(b *testing.B) {
	const rows = 200_000
	rng := rand.New(rand.NewPCG(5, 6))
	currencies := []string{"UK pounds", "UK pounds", "UK pounds", "Euro", "Dirham", "Indian rupee"}
	places := []string{"UK", "UK", "UK", "France", "UAE", "India"}
	types := []string{"Cash Deposit", "Cross-border", "Cheque", "ACH", "Credit card", "Debit card", "Cash Withdrawal"}
	var s strings.Builder
	s.WriteString(header)
	for i := range rows {
		c := rng.IntN(len(currencies))
		fmt.Fprintf(&s, "%02d:%02d:%02d,2022-10-%02d,%d,%d,%d.%02d,UK pounds,%s,UK,%s,%s,0,Normal_Fan_Out\n",
			rng.IntN(24), rng.IntN(60), rng.IntN(60), 7+i*20/rows, rng.Int64N(1e10), rng.Int64N(1e10),
			rng.IntN(20000), rng.IntN(100), currencies[c], places[c], types[rng.IntN(len(types))])
	}
	readertest.Bench(b, b.N, samld.Format{}, "SAML-D.csv", []byte(s.String()), rows)
}
