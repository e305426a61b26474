package native_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/centinela-aml/centinela/internal/ingest/native"
	"github.com/centinela-aml/centinela/internal/ingest/readertest"
	"github.com/centinela-aml/centinela/internal/model"
)

const benchRows = 100_000

func benchTransactions() []model.Transaction {
	rng := rand.New(rand.NewPCG(7, 8))
	channels := []model.Channel{model.ChannelACH, model.ChannelCard, model.ChannelWire, model.ChannelP2P}
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	txs := make([]model.Transaction, benchRows)
	for i := range txs {
		txs[i] = model.Transaction{ID: fmt.Sprintf("T%08d", i), Time: start.Add(time.Duration(i) * time.Minute),
			Originator: fmt.Sprintf("A%05d", rng.IntN(20000)), Beneficiary: fmt.Sprintf("A%05d", rng.IntN(20000)),
			Amount: float64(rng.IntN(1_000_000)) / 100, Currency: "USD", Channel: channels[rng.IntN(len(channels))],
			Memo: "invoice " + fmt.Sprint(rng.IntN(10000))}
	}
	return txs
}

// BenchmarkNativeCSV measures reading a native transactions.csv; one op is
// one row.
//
//	go test -run '^$' -bench Native -benchtime 1000000x ./internal/ingest/native/
func BenchmarkNativeCSV(b *testing.B) {
	var s strings.Builder
	s.WriteString("tx_id,timestamp,originator_account,beneficiary_account,amount,currency,channel,memo\n")
	for _, t := range benchTransactions() {
		fmt.Fprintf(&s, "%s,%s,%s,%s,%.2f,%s,%s,%s\n", t.ID, t.Time.Format(time.RFC3339), t.Originator, t.Beneficiary,
			t.Amount, t.Currency, t.Channel, t.Memo)
	}
	readertest.Bench(b, b.N, native.Format{}, "transactions.csv", []byte(s.String()), benchRows)
}

// BenchmarkNativeJSONL measures reading native transaction lines.
func BenchmarkNativeJSONL(b *testing.B) {
	var s strings.Builder
	for _, t := range benchTransactions() {
		line, err := json.Marshal(t)
		if err != nil {
			b.Fatal(err)
		}
		s.Write(line)
		s.WriteByte('\n')
	}
	readertest.Bench(b, b.N, native.Format{}, "transactions.jsonl", []byte(s.String()), benchRows)
}
