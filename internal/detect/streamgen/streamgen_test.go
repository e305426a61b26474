package streamgen

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/model"
)

func TestStream(t *testing.T) {
	cfg := Config{Seed: 3, Accounts: 5000, Transactions: 60000}
	draw := func() []model.Transaction {
		g := New(cfg)
		out := make([]model.Transaction, 0, cfg.Transactions)
		buf := make([]model.Transaction, 7000)
		for g.Remaining() > 0 {
			n := g.Fill(buf)
			out = append(out, buf[:n]...)
		}
		require.Zero(t, g.Fill(buf), "nothing after the end")
		return out
	}
	a := draw()
	require.Len(t, a, cfg.Transactions)
	require.Equal(t, a, draw(), "deterministic per seed")

	ids := map[string]bool{}
	sent := map[string]int{}
	paid := map[string]int{}
	self := 0
	for i, x := range a {
		require.False(t, ids[x.ID], "unique IDs")
		ids[x.ID] = true
		if i > 0 {
			require.False(t, x.Time.Before(a[i-1].Time), "time order")
		}
		require.Zero(t, x.Time.Second(), "minute resolution, as AMLworld")
		require.Positive(t, x.Amount)
		sent[x.Originator]++
		paid[x.Beneficiary]++
		if x.Originator == x.Beneficiary {
			self++
		}
	}
	require.InDelta(t, 0.08, float64(self)/float64(len(a)), 0.01, "self transfers")
	// Heavy tails: the busiest payee is paid far more often than the
	// median one.
	counts := make([]int, 0, len(paid))
	for _, c := range paid {
		counts = append(counts, c)
	}
	slices.Sort(counts)
	require.Greater(t, counts[len(counts)-1], 50*counts[len(counts)/2])
}

func TestAccountsOpenDuringTheStream(t *testing.T) {
	cfg := Config{Seed: 4, Accounts: 4000, Transactions: 40000, OpenShare: 0.2}
	g := New(cfg)
	txs := make([]model.Transaction, cfg.Transactions)
	g.Fill(txs)
	opens := map[string]time.Time{}
	late := 0
	for i := range cfg.Accounts {
		opens[g.AccountName(i)] = g.OpensAt(i)
		if g.OpensAt(i).After(g.Config().Start) {
			late++
		}
	}
	require.InDelta(t, 0.2, float64(late)/float64(cfg.Accounts), 0.03, "share opened during the stream")
	firstSeen := map[string]time.Time{}
	for _, x := range txs {
		for _, a := range []string{x.Originator, x.Beneficiary} {
			require.False(t, x.Time.Before(opens[a].Truncate(time.Minute)), "account %s transacts before it opens", a)
			if _, ok := firstSeen[a]; !ok {
				firstSeen[a] = x.Time
			}
		}
	}
	// Accounts opened in the second half are first seen in it.
	mid := g.Config().Start.Add(g.Config().Span / 2)
	for a, f := range firstSeen {
		if opens[a].After(mid) {
			require.False(t, f.Before(mid), a)
		}
	}
}
