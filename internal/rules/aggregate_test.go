package rules

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// aggregateRule declares aggregates with every kind of filter and reads
// every measure, so that the engine keeps them all.
const aggregateRule = `id: AGG-1
version: "1"
title: aggregates under test
description: reads every measure
typology: STRUCTURING
requires: []
params:
  high_risk: {default: [CN, HK], reason: test}
aggregates:
  all2d: {window: 48h}
  out7: {window: 7d, direction: out, exclude_channels: [card], self: false}
  near: {window: 30d, direction: in, channels: [cash_deposit], amount_at_least: 8000, amount_below: 10000}
  abroad: {window: 7d, direction: out, countries: params.high_risk, outside_expected_countries: true}
  credits: {window: 90d, direction: in, payroll: false, self: false}
  newin: {window: 3d, direction: in, new_counterparty: true}
when: tx.amount < 0
score: 0.5
sar: [{type: 1, subtype: 114}]
explain: >
  {{all2d.count}} {{all2d.sum}} {{all2d.branches}} {{all2d.counterparties}} {{all2d.new_counterparties}} {{all2d.countries}}
  {{out7.count}} {{out7.sum}} {{out7.new_counterparties}} {{out7.counterparties}}
  {{near.count}} {{near.sum}} {{near.branches}}
  {{abroad.count}} {{abroad.sum}} {{abroad.countries}}
  {{credits.count}} {{credits.sum}} {{credits.counterparties}}
  {{newin.count}} {{newin.counterparties}}
examples:
  - name: one deposit
    expect: no_fire
    transactions: [{timestamp: 2025-01-01T00:00:00Z, channel: cash_deposit, amount: 1}]
`

// oracleEvent is one side of a transaction as the brute-force oracle keeps it.
type oracleEvent struct {
	at                   int64
	dir                  direction
	ch                   int
	amount               float64
	branch, cp, country  string
	payroll, self, isNew bool
}

// TestAggregatesMatchBruteForce checks the incremental aggregates against
// a recomputation from the whole history after every transaction.
func TestAggregatesMatchBruteForce(t *testing.T) {
	lib, err := Load(fstest.MapFS{"a.yaml": {Data: []byte(aggregateRule)}})
	require.NoError(t, err)
	channels := []model.Channel{model.ChannelWire, model.ChannelACH, model.ChannelP2P, model.ChannelCard, model.ChannelCashDeposit, model.ChannelCashWithdrawal, model.ChannelInternal}

	rapid.Check(t, func(rt *rapid.T) {
		income := 50000.0
		parties := []model.Party{
			{ID: "P1", Kind: model.Person, DeclaredIncome: &income, ExpectedActivity: &model.ExpectedActivity{Countries: []string{"HK"}}},
			{ID: "P2", Kind: model.Person},
		}
		opened := rapid.SampledFrom([]model.Date{{}, model.NewDate(2024, 1, 1), model.NewDate(2024, 12, 29), model.NewDate(2025, 1, 2), model.NewDate(2025, 1, 9)}).Draw(rt, "opened")
		accounts := []model.Account{
			{ID: "A1", Owners: []string{"P1"}, Opened: opened},
			{ID: "A2", Owners: []string{"P1"}},
			{ID: "A3", Owners: []string{"P2"}},
		}
		opts := Options{FirstSeenWarmUp: time.Duration(rapid.IntRange(1, 20).Draw(rt, "warmup")) * 24 * time.Hour,
			CounterpartyMemory: time.Duration(rapid.IntRange(1, 60).Draw(rt, "memory")) * 24 * time.Hour,
			SweepEvery:         rapid.IntRange(1, 50).Draw(rt, "sweep")}
		e := NewEngine(lib, NewDirectory(parties, accounts), opts)
		history := map[string][]oracleEvent{}
		start := int64(-1)
		now := time.Date(2025, 1, 2, 9, 0, 0, 0, time.UTC)
		n := rapid.IntRange(1, 120).Draw(rt, "n")
		for k := range n {
			now = now.Add(time.Duration(rapid.IntRange(0, 72*60).Draw(rt, "gap")) * time.Minute)
			ch := rapid.SampledFrom(channels).Draw(rt, "channel")
			tx := model.Transaction{
				ID: fmt.Sprintf("T%d", k), Time: now, Currency: "USD", Channel: ch,
				Amount: rapid.SampledFrom([]float64{50, 900, 8000, 8500, 9999, 10000, 15000}).Draw(rt, "amount"),
				Branch: rapid.SampledFrom([]string{"", "B1", "B2", "B3"}).Draw(rt, "branch"),
				Memo:   rapid.SampledFrom([]string{"", "PAYROLL ACME", "gift"}).Draw(rt, "memo"),
			}
			on := rapid.SampledFrom([]string{"A1", "A2", "A3"}).Draw(rt, "account")
			other := rapid.SampledFrom([]string{"", "A1", "A2", "A3", "X1", "X2", "X3"}).Draw(rt, "other")
			if strings.HasPrefix(other, "X") {
				tx.Counterparty = model.Counterparty{Account: other, Country: rapid.SampledFrom([]string{"", "CN", "HK", "US"}).Draw(rt, "country")}
				other = ""
			}
			if other == on {
				other = ""
			}
			if rapid.Bool().Draw(rt, "in") {
				tx.Beneficiary, tx.Originator = on, other
			} else {
				tx.Originator, tx.Beneficiary = on, other
			}
			e.Observe(&tx)
			if start < 0 {
				start = now.UnixNano() - now.UnixNano()%int64(24*time.Hour)
			}

			// The oracle: append the sides, then recompute.
			self := tx.Originator != "" && tx.Beneficiary != "" && sameOwner(acct(accounts, tx.Originator), acct(accounts, tx.Beneficiary))
			for _, side := range []struct {
				id, other string
				dir       direction
			}{{tx.Originator, tx.Beneficiary, dirOut}, {tx.Beneficiary, tx.Originator, dirIn}} {
				if side.id == "" {
					continue
				}
				cp := side.other
				if cp == "" {
					cp = tx.Counterparty.Account
				}
				ev := oracleEvent{at: now.UnixNano(), dir: side.dir, ch: ch.Index(), amount: tx.Amount, branch: tx.Branch,
					cp: cp, country: tx.Counterparty.Country, self: self, payroll: side.dir == dirIn && IsPayroll(&tx)}
				if cp != "" && e.trackNew[side.dir][ch.Index()+1] {
					seen := false
					for _, old := range history[side.id] {
						if old.cp == cp && e.trackNew[old.dir][old.ch+1] && ev.at-old.at <= int64(opts.CounterpartyMemory) {
							seen = true
						}
					}
					a := acct(accounts, side.id)
					warm := int64(opts.FirstSeenWarmUp)
					if !a.Opened.IsZero() {
						missed := max(start-a.Opened.UnixNano(), 0) // history before the stream
						warm = min(warm, missed)
					}
					ev.isNew = !seen && ev.at-start >= warm
				}
				history[side.id] = append(history[side.id], ev)

				st := e.accounts[side.id].st
				e.gen++
				for i, spec := range lib.aggs {
					e.fillView(st, i)
					got := *e.env.aggs[i]
					want := oracle(spec, history[side.id], ev.at, parties[0].ExpectedActivity.Countries, side.id != "A3")
					require.Equal(rt, want.Count, got.Count, "aggregate %d count after %s", i, tx.ID)
					require.InDelta(rt, want.Sum, got.Sum, 1e-6, "aggregate %d sum after %s", i, tx.ID)
					if spec.needBranches {
						require.Equal(rt, want.Branches, got.Branches, "aggregate %d branches after %s", i, tx.ID)
					}
					if spec.needCounterparties {
						require.Equal(rt, want.Counterparties, got.Counterparties, "aggregate %d counterparties after %s", i, tx.ID)
						require.InDelta(rt, want.TopShare, got.TopShare, 1e-9, "aggregate %d top share after %s", i, tx.ID)
					}
					if spec.needNew {
						require.Equal(rt, want.NewCounterparties, got.NewCounterparties, "aggregate %d new counterparties after %s", i, tx.ID)
					}
					if spec.needCountries {
						require.Equal(rt, want.Countries, got.Countries, "aggregate %d countries after %s", i, tx.ID)
					}
				}
				// Memory: nothing older than the longest window stays.
				if len(st.win.ev) > 0 {
					require.Greater(rt, st.win.ev[0].at, ev.at-int64(90*24*time.Hour)-1, "events beyond the longest window are dropped")
				}
			}
		}
	})
}

func acct(accounts []model.Account, id string) *model.Account {
	for i := range accounts {
		if accounts[i].ID == id {
			return &accounts[i]
		}
	}
	return nil
}

// oracle recomputes an aggregate from the history, by its definition.
func oracle(s *aggSpec, hist []oracleEvent, now int64, expected []string, ownerHasProfile bool) AggView {
	var v AggView
	branches, cps, newCps, countries := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	bySender := map[string]float64{}
	for _, e := range hist {
		if e.at <= now-int64(s.window) {
			continue
		}
		if s.dir != dirAny && s.dir != e.dir {
			continue
		}
		if s.channels != 0 && !s.channels.has(e.ch) || s.exclude != 0 && s.exclude.has(e.ch) {
			continue
		}
		if s.hasAtLeast && e.amount < s.atLeast || s.hasBelow && e.amount >= s.below {
			continue
		}
		if len(s.countries) > 0 && !slices.Contains(s.countries, toCountry(e.country)) {
			continue
		}
		exp := expected
		if !ownerHasProfile {
			exp = nil
		}
		outside := e.country != "" && !slices.Contains(exp, e.country)
		if !s.outsideExpected.admits(outside) || !s.payroll.admits(e.payroll) || !s.self.admits(e.self) || !s.newCounterparty.admits(e.isNew) {
			continue
		}
		v.Count++
		v.Sum += e.amount
		if e.branch != "" {
			branches[e.branch] = true
		}
		if e.cp != "" {
			cps[e.cp] = true
			bySender[e.cp] += e.amount
			if e.isNew {
				newCps[e.cp] = true
			}
		}
		if e.country != "" {
			countries[e.country] = true
		}
	}
	v.Branches, v.Counterparties, v.NewCounterparties, v.Countries = len(branches), len(cps), len(newCps), len(countries)
	for _, sum := range bySender {
		if v.Sum > 0 {
			v.TopShare = max(v.TopShare, sum/v.Sum)
		}
	}
	return v
}

func TestAggregateFiltersOnTransactionFields(t *testing.T) {
	tx := model.Transaction{Memo: "TUITION spring 学费", MCC: "5732", Branch: "BR-2",
		Counterparty: model.Counterparty{NAICS: "531390", Type: model.Organization, Country: "HK"}}
	ev := event{dir: dirOut, channel: int8(model.ChannelWire.Index()), amount: 9000, country: toCountry("HK")}
	for _, tc := range []struct {
		name string
		spec aggSpec
		want bool
	}{
		{"memo word, any case", aggSpec{memoWords: []string{"living", "tuition"}}, true},
		{"memo word in Chinese", aggSpec{memoWords: []string{"学费"}}, true},
		{"memo word absent", aggSpec{memoWords: []string{"loan"}}, false},
		{"MCC among", aggSpec{mccs: []string{"5732", "5944"}}, true},
		{"MCC not among", aggSpec{mccs: []string{"5944"}}, false},
		{"NAICS prefix", aggSpec{naics: []string{"5313", "524127"}}, true},
		{"NAICS other", aggSpec{naics: []string{"5312"}}, false},
		{"counterparty type", aggSpec{cpType: "organization"}, true},
		{"counterparty type other", aggSpec{cpType: "person"}, false},
		{"outside expected countries", aggSpec{outsideExpected: triTrue}, true},
		{"inside expected countries", aggSpec{outsideExpected: triFalse}, false},
		{"amount band", aggSpec{hasAtLeast: true, atLeast: 8000, hasBelow: true, below: 10000}, true},
		{"amount at the ceiling is out", aggSpec{hasBelow: true, below: 9000}, false},
		{"direction", aggSpec{dir: dirIn}, false},
		{"channel excluded", aggSpec{exclude: 1 << model.ChannelWire.Index()}, false},
		{"NAICS excluded", aggSpec{excludeNAICS: []string{"5313"}}, false},
		{"NAICS not excluded", aggSpec{excludeNAICS: []string{"52"}}, true},
		{"away from the home branch", aggSpec{awayFromHome: triTrue}, true},
		{"not away from the home branch", aggSpec{awayFromHome: triFalse}, false},
	} {
		require.Equal(t, tc.want, tc.spec.match(&ev, &tx, []string{"CN"}, "BR-1"), tc.name)
	}
}
