package amlworld_test

import (
	"bytes"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/centinela-aml/centinela/internal/ingest/amlworld"
	"github.com/centinela-aml/centinela/internal/ingest/readertest"
	"github.com/centinela-aml/centinela/internal/model"
)

// benchInput writes n AMLworld rows of varied content with the Writer:
// rows move forward in time over 18 days like HI-Small, most in US dollars,
// some in foreign currencies, with every payment format.
func benchInput(tb testing.TB, n int) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	currencies := []string{"USD", "USD", "USD", "EUR", "CNY", "JPY", "GBP", "INR", "SAR"}
	channels := []model.Channel{model.ChannelACH, model.ChannelCheck, model.ChannelCard, model.ChannelInternal, model.ChannelInternal, model.ChannelCash, model.ChannelWire}
	start := time.Date(2022, 9, 1, 0, 0, 0, 0, time.UTC)
	var buf bytes.Buffer
	w := amlworld.NewWriter(&buf)
	for i := range n {
		cur := currencies[rng.IntN(len(currencies))]
		tx := &model.Transaction{
			Time:        start.Add(time.Duration(i) * 18 * 24 * time.Hour / time.Duration(n)),
			Originator:  fmtAccount(rng),
			Beneficiary: fmtAccount(rng),
			Amount:      float64(rng.IntN(5_000_000)) / 100,
			Currency:    cur,
			Channel:     channels[rng.IntN(len(channels))],
		}
		if err := w.Write(tx, rng.IntN(1000) == 0); err != nil {
			tb.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func fmtAccount(rng *rand.Rand) string {
	const hex = "0123456789ABCDEF"
	b := []byte("000000:800000000")
	for i := 0; i < 6; i++ {
		b[i] = byte('0' + rng.IntN(10))
	}
	for i := 10; i < 16; i++ {
		b[i] = hex[rng.IntN(16)]
	}
	return string(b)
}

// BenchmarkAMLworldReader measures parsing and validating *_Trans.csv rows
// on one goroutine; one op is one row. Target: 1,000,000 rows/s (issue 2).
//
//	go test -run '^$' -bench AMLworldReader -benchtime 5000000x ./internal/ingest/amlworld/
func BenchmarkAMLworldReader(b *testing.B) {
	const rows = 200_000
	readertest.Bench(b, b.N, amlworld.Format{}, "bench_Trans.csv", benchInput(b, rows), rows)
}
