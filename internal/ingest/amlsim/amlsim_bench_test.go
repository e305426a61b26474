package amlsim_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/centinela-aml/centinela/internal/ingest/amlsim"
	"github.com/centinela-aml/centinela/internal/ingest/readertest"
)

// BenchmarkAMLSimTransactions measures reading a current-schema
// transactions.csv; one op is one row.
//
//	go test -run '^$' -bench AMLSim -benchtime 2000000x ./internal/ingest/amlsim/
func BenchmarkAMLSimTransactions(b *testing.B) {
	const rows = 200_000
	rng := rand.New(rand.NewPCG(3, 4))
	var s strings.Builder
	s.WriteString("tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp,is_sar,alert_id\n")
	for i := range rows {
		fmt.Fprintf(&s, "%d,%d,%d,TRANSFER,%d.%02d,2017-%02d-%02dT00:00:00Z,%s,-1\n", i+1, rng.IntN(1500), rng.IntN(1500),
			rng.IntN(1000), rng.IntN(100), 1+i*12/rows, 1+rng.IntN(28), []string{"False", "True"}[min(1, rng.IntN(300))])
	}
	readertest.Bench(b, b.N, amlsim.Format{}, "transactions.csv", []byte(s.String()), rows)
}
