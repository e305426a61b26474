package backtest_test

import (
	"context"
	"sync"
	"testing"

	"github.com/centinela-aml/centinela/internal/rules"
	"github.com/centinela-aml/centinela/internal/synth"
	rulefiles "github.com/centinela-aml/centinela/rules"
)

// generatedBank is the generator's default bank (seed 1, 3,000 customers,
// 90 days, about 430,000 transactions), built once per test binary.
var generatedBank = sync.OnceValue(func() *synth.Memory {
	var m synth.Memory
	if _, err := synth.Generate(context.Background(), synth.DefaultConfig(), &m, nil); err != nil {
		panic(err)
	}
	return &m
})

// BenchmarkShippedLibrary runs the whole shipped library, aggregates,
// network view and peer statistics included, over the generator's default
// bank on two workers (issue 5's target: 200,000 transactions per second
// on two cores). Reports tx/s.
func BenchmarkShippedLibrary(b *testing.B) {
	lib, err := rules.Load(rulefiles.FS())
	if err != nil {
		b.Fatal(err)
	}
	bank := generatedBank()
	dir := rules.NewDirectory(bank.Parties, bank.Accounts)
	dir.Institution = "PFB-US"
	pb := rules.NewPeerBuilder(dir)
	for i := range bank.Transactions {
		pb.Observe(&bank.Transactions[i])
	}
	opts := rules.Options{Peers: pb.Build()}
	const batch = 4096
	b.ResetTimer()
	cpu := cpuTime()
	done := 0
	for b.Loop() {
		par := rules.NewParallel(lib, dir, opts, 2)
		for start := 0; start < len(bank.Transactions); start += batch {
			par.ObserveBatch(bank.Transactions[start:min(start+batch, len(bank.Transactions))])
		}
		par.Close()
		done += len(bank.Transactions)
	}
	b.ReportMetric(float64(done)/b.Elapsed().Seconds(), "tx/s")
	if used := cpuTime() - cpu; used > 0 && done > 0 {
		b.ReportMetric(float64(used.Nanoseconds())/float64(done), "cpu-ns/tx")
	}
}
