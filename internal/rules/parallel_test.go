package rules_test

import (
	"testing"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/rules"
	"github.com/stretchr/testify/require"
)

// TestParallelMatchesOneEngine: sharding accounts over workers changes
// nothing in the alerts or the statistics.
func TestParallelMatchesOneEngine(t *testing.T) {
	lib := shipped(t)
	bank := newSyntheticBank(7, 2000, 60000)
	kyc := rules.NewDirectory(bank.parties, bank.accounts)

	one := rules.NewEngine(lib, kyc, rules.Options{})
	want := map[string]model.Alert{}
	for i := range bank.txs {
		for _, a := range one.Observe(&bank.txs[i]) {
			want[a.ID] = a
		}
	}
	require.NotEmpty(t, want)

	par := rules.NewParallel(lib, kyc, rules.Options{}, 3)
	defer par.Close()
	got := map[string]model.Alert{}
	for start := 0; start < len(bank.txs); start += 1000 {
		for _, a := range par.ObserveBatch(bank.txs[start:min(start+1000, len(bank.txs))]) {
			got[a.ID] = a
		}
	}
	require.Equal(t, want, got)
	require.Equal(t, one.Stats(), par.Stats())
}
