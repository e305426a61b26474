package synth

import (
	"bytes"
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/model"
)

// testConfig is a small bank: one planted case of every typology.
func testConfig(seed uint64) Config {
	cfg := DefaultConfig()
	cfg.Seed = seed
	cfg.Customers = 800
	cfg.Days = 60
	return cfg
}

// generate makes a bank in memory.
func generate(t *testing.T, cfg Config) (*Memory, *Summary) {
	t.Helper()
	var m Memory
	s, err := Generate(context.Background(), cfg, &m, nil)
	require.NoError(t, err)
	return &m, s
}

// generateCSV makes a bank as the four CSV files.
func generateCSV(t *testing.T, cfg Config) [4][]byte {
	t.Helper()
	var p, a, tx, l bytes.Buffer
	out := NewCSV(Writers{Parties: &p, Accounts: &a, Transactions: &tx, Labels: &l})
	_, err := Generate(context.Background(), cfg, out, nil)
	require.NoError(t, err)
	require.NoError(t, out.Flush())
	return [4][]byte{p.Bytes(), a.Bytes(), tx.Bytes(), l.Bytes()}
}

func TestGenerateIsDeterministic(t *testing.T) {
	cfg := testConfig(7)
	first := generateCSV(t, cfg)
	second := generateCSV(t, cfg)
	for i := range first {
		require.Greater(t, len(first[i]), 100)
		require.True(t, bytes.Equal(first[i], second[i]), "file %d differs between two runs with the same seed", i)
	}
	cfg.Seed = 8
	other := generateCSV(t, cfg)
	require.False(t, bytes.Equal(first[2], other[2]), "a different seed must give different transactions")
}

func TestPlantedCasesAreWrittenAndLabelled(t *testing.T) {
	cfg := testConfig(11)
	m, s := generate(t, cfg)
	parties := map[string]bool{}
	for _, p := range m.Parties {
		parties[p.ID] = true
	}
	accounts := map[string]bool{}
	for _, a := range m.Accounts {
		accounts[a.ID] = true
	}
	txs := map[string]*model.Transaction{}
	seen := map[string]bool{} // every account ID that appears in a transaction
	for i := range m.Transactions {
		x := &m.Transactions[i]
		txs[x.ID] = x
		seen[x.Originator], seen[x.Beneficiary] = true, true
	}
	byCase := map[string][]model.Label{}
	for _, l := range m.Labels {
		require.NotEmpty(t, l.CaseID)
		byCase[l.CaseID] = append(byCase[l.CaseID], l)
		switch l.EntityKind {
		case model.EntityTransaction:
			require.NotNil(t, txs[l.EntityID], "label on unknown transaction %s", l.EntityID)
		case model.EntityParty:
			require.True(t, parties[l.EntityID], "label on unknown party %s", l.EntityID)
		case model.EntityAccount:
			require.True(t, accounts[l.EntityID] || seen[l.EntityID], "label on account %s that no record or transaction has", l.EntityID)
		default:
			t.Fatalf("bad entity kind %q", l.EntityKind)
		}
	}
	typologies := map[model.Typology]int{}
	for i, c := range s.Cases {
		typologies[c.Typology]++
		ls := byCase[c.ID]
		require.NotEmpty(t, ls, "case %s has no labels", c.ID)
		for _, l := range ls {
			require.Equal(t, c.Typology, l.Typology)
		}
		g := s.Cases[i]
		kinds := map[model.EntityKind]int{}
		for _, l := range ls {
			kinds[l.EntityKind]++
		}
		require.Equal(t, g.Transactions, kinds[model.EntityTransaction], "case %s", c.ID)
		customerSanction := c.Typology == model.TypSanctions && kinds[model.EntityParty] > 0
		if !customerSanction {
			require.Positive(t, kinds[model.EntityTransaction], "case %s (%s) wrote no transactions", c.ID, c.Typology)
		}
	}
	for _, typ := range PlantedTypologies {
		require.Positive(t, typologies[typ], "no case of %s", typ)
	}
}

func TestEveryPlannedCaseTransactionIsWritten(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		cfg := testConfig(seed)
		g := newGenerator(cfg)
		require.NoError(t, g.build(context.Background()))
		var m Memory
		require.NoError(t, g.writeRecords(&m))
		for di := range g.days {
			_, _, err := g.runDay(di, &m)
			require.NoError(t, err)
		}
		for _, c := range g.cases {
			require.Equal(t, c.planned, c.txs, "seed %d case %s (%s %s)", seed, c.id, c.typ, c.variant)
			require.Zero(t, c.dropped, "seed %d case %s (%s %s) planned transactions outside the history", seed, c.id, c.typ, c.variant)
		}
	}
}

func TestIDsAreUniqueAndReferencesResolve(t *testing.T) {
	m, _ := generate(t, testConfig(3))
	ids := map[string]bool{}
	for _, p := range m.Parties {
		require.False(t, ids[p.ID], "duplicate party %s", p.ID)
		ids[p.ID] = true
	}
	accts := map[string]*model.Account{}
	for i, a := range m.Accounts {
		require.Nil(t, accts[a.ID], "duplicate account %s", a.ID)
		accts[a.ID] = &m.Accounts[i]
		for _, o := range a.Owners {
			require.True(t, ids[o], "account %s owned by unknown party %s", a.ID, o)
		}
	}
	txIDs := map[string]bool{}
	var last time.Time
	for _, x := range m.Transactions {
		require.False(t, txIDs[x.ID], "duplicate transaction %s", x.ID)
		txIDs[x.ID] = true
		require.False(t, x.Time.Before(last), "transaction %s out of time order", x.ID)
		last = x.Time
		require.Positive(t, x.Amount)
		for _, id := range []string{x.Originator, x.Beneficiary} {
			if a, ok := accts[id]; ok {
				require.False(t, model.DateOf(x.Time).Before(a.Opened.Time),
					"transaction %s on %s uses account %s opened %s", x.ID, x.Time.Format(time.DateOnly), id, a.Opened)
			}
		}
	}
}

func TestPopulationStatisticsAreSane(t *testing.T) {
	cfg := testConfig(5)
	cfg.Customers = 2000
	cfg.Days = 90
	m, s := generate(t, cfg)
	months := float64(cfg.Days) / 30.4
	perCustomer := float64(s.Transactions) / float64(s.Customers) / months
	require.InDelta(t, 45, perCustomer, 25, "transactions per customer per month: %.1f", perCustomer)
	require.InDelta(t, 0.06, s.CashShare, 0.04, "share of cash transactions: %.3f", s.CashShare)

	classes := map[model.OccupationClass]int{}
	persons, orgs, prc, hani, compound := 0, 0, 0, 0, 0
	for _, p := range m.Parties {
		if !strings.HasPrefix(p.ID, "C") {
			continue
		}
		if p.Kind == model.Organization {
			orgs++
			continue
		}
		persons++
		classes[model.ClassifyOccupation(p.Occupation)]++
		if d, ok := p.Document(model.DocPassport); ok && d.Country == "CN" {
			prc++
		}
		for _, n := range p.Names {
			if n.Script == model.ScriptHan {
				hani++
				break
			}
		}
		if n := p.Names[0]; n.Script == model.ScriptLatin && len(strings.Fields(n.Family)) == 2 {
			compound++
		}
	}
	share := func(n int) float64 { return float64(n) / float64(persons) }
	require.InDelta(t, 0.10, float64(orgs)/float64(persons+orgs), 0.05, "organisations")
	for _, c := range []struct {
		class    model.OccupationClass
		lo, high float64
	}{
		{model.OccStudent, 0.05, 0.18}, {model.OccRetired, 0.07, 0.22}, {model.OccHomemaker, 0.03, 0.14},
		{model.OccLaborer, 0.05, 0.18}, {model.OccProfessional, 0.07, 0.22}, {model.OccEmployee, 0.25, 0.50},
	} {
		require.GreaterOrEqual(t, share(classes[c.class]), c.lo, "%s: %.3f", c.class, share(classes[c.class]))
		require.LessOrEqual(t, share(classes[c.class]), c.high, "%s: %.3f", c.class, share(classes[c.class]))
	}
	require.InDelta(t, 0.08, share(prc), 0.06, "customers with a PRC passport")
	require.Greater(t, share(hani), 0.05, "names in Han characters")
	require.Greater(t, share(compound), 0.08, "Hispanic compound surnames")
}

func TestLookAlikesArePresentAndUnlabelled(t *testing.T) {
	m, s := generate(t, testConfig(9))
	labelled := map[string]bool{}
	for _, l := range m.Labels {
		if l.EntityKind == model.EntityParty {
			labelled[l.EntityID] = true
		}
	}
	total := 0
	for _, k := range LookAlikes {
		ids := s.LookAlikes[k]
		require.NotEmpty(t, ids, "no %s look-alike", k)
		for _, id := range ids {
			require.False(t, labelled[id], "look-alike %s (%s) is labelled", id, k)
		}
		total += len(ids)
	}
	require.GreaterOrEqual(t, float64(total), 0.5*float64(len(s.Cases)), "look-alikes should be about as many as planted cases")
}

func TestPRCNationalsAreMostlyOrdinary(t *testing.T) {
	m, _ := generate(t, testConfig(4))
	labelled := map[string]bool{}
	for _, l := range m.Labels {
		if l.EntityKind == model.EntityParty {
			labelled[l.EntityID] = true
		}
	}
	ordinary, planted := 0, 0
	for _, p := range m.Parties {
		if d, ok := p.Document(model.DocPassport); ok && d.Country == "CN" {
			if labelled[p.ID] {
				planted++
			} else {
				ordinary++
			}
		}
	}
	require.Greater(t, ordinary, 2*planted, "PRC passport holders: %d ordinary, %d planted", ordinary, planted)
}

func TestConfigValidation(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(*Config)
		want string
	}{
		{"too few customers", func(c *Config) { c.Customers = 10 }, "customers 10"},
		{"too few days", func(c *Config) { c.Days = 3 }, "days 3"},
		{"no start", func(c *Config) { c.Start = time.Time{} }, "start date"},
		{"unknown typology", func(c *Config) { c.Rates["MODEL-SCORE"] = 1 }, `"MODEL-SCORE"`},
		{"negative rate", func(c *Config) { c.Rates[model.TypFunnel] = -1 }, "FUNNEL"},
		{"unknown look-alike", func(c *Config) { c.LookAlikes["dentist"] = 1 }, `"dentist"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := DefaultConfig()
			c.edit(&cfg)
			_, err := Generate(context.Background(), cfg, &Memory{}, nil)
			require.ErrorIs(t, err, ErrConfig)
			require.Contains(t, err.Error(), c.want)
		})
	}
}

func TestRatesControlWhatIsPlanted(t *testing.T) {
	cfg := testConfig(2)
	cfg.Rates = map[model.Typology]float64{model.TypStructuring: 5}
	cfg.LookAlikes = nil
	_, s := generate(t, cfg)
	require.Equal(t, map[model.Typology]int{model.TypStructuring: 4}, s.ByTypology)
	require.Empty(t, s.LookAlikes)
}

func TestGenerateStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Generate(ctx, testConfig(1), &Memory{}, nil)
	require.ErrorIs(t, err, context.Canceled)
}

func TestAmountsHaveCents(t *testing.T) {
	m, _ := generate(t, testConfig(6))
	for _, x := range m.Transactions {
		require.InDelta(t, x.Amount, math.Round(x.Amount*100)/100, 1e-9, "transaction %s amount %v", x.ID, x.Amount)
		if x.Channel == model.ChannelCashDeposit || x.Channel == model.ChannelCashWithdrawal {
			require.Equal(t, math.Round(x.Amount), x.Amount, "cash moves in whole dollars: %s", x.ID)
		}
	}
}
