package synth

import (
	"context"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/centinela-aml/centinela/internal/model"
)

// TestInvariantsHoldForAnyConfiguration: whatever the seed, size, start
// and rates, every planned case transaction is written and labelled,
// transactions come in time order with unique IDs, accounts are used only
// once open, and every label points at a record.
func TestInvariantsHoldForAnyConfiguration(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		cfg := DefaultConfig()
		cfg.Seed = rapid.Uint64().Draw(rt, "seed")
		cfg.Customers = rapid.IntRange(MinCustomers, 160).Draw(rt, "customers")
		cfg.Days = rapid.IntRange(MinDays, 40).Draw(rt, "days")
		cfg.Start = time.Date(rapid.IntRange(2019, 2030).Draw(rt, "year"), time.Month(rapid.IntRange(1, 12).Draw(rt, "month")), rapid.IntRange(1, 28).Draw(rt, "day"), 0, 0, 0, 0, time.UTC)
		cfg.Rates = map[model.Typology]float64{}
		for _, typ := range PlantedTypologies {
			if rapid.Bool().Draw(rt, "plant "+string(typ)) {
				cfg.Rates[typ] = rapid.Float64Range(0.1, 20).Draw(rt, "rate "+string(typ))
			}
		}
		g := newGenerator(cfg)
		if err := g.build(context.Background()); err != nil {
			rt.Fatal(err)
		}
		var m Memory
		if err := g.writeRecords(&m); err != nil {
			rt.Fatal(err)
		}
		for di := range g.days {
			if _, _, err := g.runDay(di, &m); err != nil {
				rt.Fatal(err)
			}
		}
		for _, c := range g.cases {
			if c.planned != c.txs || c.dropped > 0 {
				rt.Fatalf("case %s %s %s: planned %d transactions, wrote %d, dropped %d", c.id, c.typ, c.variant, c.planned, c.txs, c.dropped)
			}
		}
		opened := map[string]model.Date{}
		for _, a := range m.Accounts {
			opened[a.ID] = a.Opened
		}
		ids := map[string]bool{}
		var last time.Time
		for _, x := range m.Transactions {
			if ids[x.ID] || x.Time.Before(last) {
				rt.Fatalf("transaction %s duplicated or out of order", x.ID)
			}
			ids[x.ID], last = true, x.Time
			for _, a := range []string{x.Originator, x.Beneficiary} {
				if d, ok := opened[a]; ok && model.DateOf(x.Time).Before(d.Time) {
					rt.Fatalf("transaction %s uses account %s before it opened (%s)", x.ID, a, d)
				}
			}
		}
		parties := map[string]bool{}
		for _, p := range m.Parties {
			parties[p.ID] = true
		}
		for _, l := range m.Labels {
			switch l.EntityKind {
			case model.EntityTransaction:
				if !ids[l.EntityID] {
					rt.Fatalf("label on missing transaction %s", l.EntityID)
				}
			case model.EntityParty:
				if !parties[l.EntityID] {
					rt.Fatalf("label on missing party %s", l.EntityID)
				}
			}
		}
	})
}
