package synth

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/model"
)

// caseView is a planted case with its records, for checking that every
// case shows its typology's defining behaviour.
type caseView struct {
	sum      CaseSum
	txs      []model.Transaction
	parties  []*model.Party
	accounts map[string]*model.Account
}

func caseViews(t *testing.T, seed uint64) []caseView {
	t.Helper()
	cfg := DefaultConfig()
	cfg.Seed = seed
	cfg.Customers = 1000
	cfg.Days = 90
	for k := range cfg.Rates {
		cfg.Rates[k] = 3
	}
	m, s := generate(t, cfg)
	parties := map[string]*model.Party{}
	for i := range m.Parties {
		parties[m.Parties[i].ID] = &m.Parties[i]
	}
	accounts := map[string]*model.Account{}
	for i := range m.Accounts {
		accounts[m.Accounts[i].ID] = &m.Accounts[i]
	}
	txs := map[string]*model.Transaction{}
	for i := range m.Transactions {
		txs[m.Transactions[i].ID] = &m.Transactions[i]
	}
	views := map[string]*caseView{}
	out := []caseView{}
	for _, c := range s.Cases {
		v := caseView{sum: c, accounts: map[string]*model.Account{}}
		for _, p := range c.Parties {
			v.parties = append(v.parties, parties[p])
		}
		for _, a := range c.Accounts {
			if acc, ok := accounts[a]; ok {
				v.accounts[a] = acc
			}
		}
		out = append(out, v)
	}
	for i := range out {
		views[out[i].sum.ID] = &out[i]
	}
	for _, l := range m.Labels {
		if l.EntityKind == model.EntityTransaction {
			views[l.CaseID].txs = append(views[l.CaseID].txs, *txs[l.EntityID])
		}
	}
	return out
}

// flows sums what the case's on-us accounts received and sent.
func (v *caseView) flows(onUs func(string) bool) (in, out float64) {
	for _, x := range v.txs {
		if onUs(x.Beneficiary) && !onUs(x.Originator) {
			r, _ := x.Received()
			if x.CurrencyReceived == "" || x.CurrencyReceived == "USD" {
				in += r
			}
		}
		if onUs(x.Originator) && !onUs(x.Beneficiary) && x.Currency == "USD" {
			out += x.Amount
		}
	}
	return in, out
}

func TestEveryCaseShowsItsTypology(t *testing.T) {
	for _, seed := range []uint64{21, 22} {
		for _, v := range caseViews(t, seed) {
			v := v
			name := v.sum.ID + " " + string(v.sum.Typology) + " " + v.sum.Variant
			onUs := func(id string) bool { _, ok := v.accounts[id]; return ok }
			cash := func(ch model.Channel) []model.Transaction {
				var out []model.Transaction
				for _, x := range v.txs {
					if x.Channel == ch {
						out = append(out, x)
					}
				}
				return out
			}
			switch v.sum.Typology {
			case model.TypUnexplainedWealth:
				in, out := v.flows(onUs)
				require.Greater(t, in, 25000.0, name)
				require.GreaterOrEqual(t, out/in, 0.8, name)
				m := v.parties[0]
				require.True(t, model.ClassifyOccupation(m.Occupation).LowIncome(), name)
				if m.DeclaredIncome != nil {
					require.Greater(t, in, 3*(*m.DeclaredIncome)/4, name)
				}
			case model.TypStructuring:
				deps := cash(model.ChannelCashDeposit)
				near := 0
				for _, x := range deps {
					require.Less(t, x.Amount, 10000.0, name)
					if x.Amount >= 7000 {
						near++
					}
				}
				require.GreaterOrEqual(t, near, 3, name)
			case model.TypSmurfing:
				deps := cash(model.ChannelCashDeposit)
				require.True(t, branchesWithin(deps, 48*time.Hour) >= 3, name)
				for _, x := range deps {
					require.Less(t, x.Amount, 10000.0, name)
				}
			case model.TypFunnel:
				deps := cash(model.ChannelCashDeposit)
				br := map[string]bool{}
				depositors := map[string]bool{}
				for _, x := range deps {
					br[x.Branch] = true
					depositors[x.Counterparty.Name] = true
				}
				require.GreaterOrEqual(t, len(br), 3, name)
				require.GreaterOrEqual(t, len(depositors), 3, name)
				in, out := v.flows(onUs)
				require.GreaterOrEqual(t, out/in, 0.8, name)
			case model.TypPassThrough:
				in, out := v.flows(onUs)
				require.GreaterOrEqual(t, out/in, 0.8, name)
				for _, x := range v.txs {
					if onUs(x.Originator) {
						require.Contains(t, []string{"CN", "HK", "MX"}, x.Counterparty.Country, name)
					}
				}
			case model.TypRealEstate:
				found := false
				for _, x := range v.txs {
					if x.Channel == model.ChannelCashiersCheck && (x.Counterparty.NAICS == "531390" || x.Counterparty.NAICS == "524127") {
						found = true
					}
					if a := v.accounts[x.Beneficiary]; a != nil && a.Type == model.AcctEscrow {
						found = true
					}
				}
				require.True(t, found, name)
			case model.TypTBML:
				if v.sum.Variant == "daigou card payoff" {
					require.GreaterOrEqual(t, sendersWithin(cash(model.ChannelP2P), 7*24*time.Hour), 6, name)
					lux := 0
					for _, x := range cash(model.ChannelCard) {
						if slices.Contains([]string{"5732", "5045", "5944", "5094", "5611", "5621", "5631", "5651", "5699", "5948"}, x.MCC) {
							lux++
						}
					}
					require.Positive(t, lux, name)
					require.NotEmpty(t, cash(model.ChannelInternal), name)
				} else {
					holders := map[string]bool{}
					for _, x := range cash(model.ChannelACH) {
						holders[x.Counterparty.Name] = true
					}
					require.GreaterOrEqual(t, len(holders), 2, name)
				}
			case model.TypMirror:
				cur := map[string]bool{}
				for _, x := range v.txs {
					cur[x.Currency] = true
				}
				require.True(t, cur["MXN"] && cur["CNY"] && cur["USD"], name)
				require.NotEmpty(t, cash(model.ChannelCashDeposit), name)
			case model.TypSharedIdentifier:
				require.GreaterOrEqual(t, len(v.parties), 2, name)
				require.True(t, shareAnIdentifier(v.parties), name)
			case model.TypInsider:
				var banker string
				for _, p := range v.parties {
					if p.ID[0] == 'E' {
						banker = p.ID
					}
				}
				require.NotEmpty(t, banker, name)
				n := 0
				for _, p := range v.parties {
					if p.OnboardedBy == banker {
						n++
					}
				}
				require.GreaterOrEqual(t, n, 5, name)
			case model.TypFanOut:
				for _, x := range v.txs {
					require.Equal(t, v.txs[0].Originator, x.Originator, name)
				}
			case model.TypFanIn:
				for _, x := range v.txs {
					require.Equal(t, v.txs[0].Beneficiary, x.Beneficiary, name)
				}
			case model.TypCycle:
				in, out := map[string]int{}, map[string]int{}
				for _, x := range v.txs {
					out[x.Originator]++
					in[x.Beneficiary]++
				}
				for a, n := range out {
					require.Equal(t, 1, n, name)
					require.Equal(t, 1, in[a], name)
				}
				// Each hop follows the previous one.
				for i := 1; i < len(v.txs); i++ {
					require.Equal(t, v.txs[i-1].Beneficiary, v.txs[i].Originator, name)
				}
			case model.TypRandom:
				seen := map[string]bool{v.txs[0].Originator: true}
				for i, x := range v.txs {
					require.False(t, seen[x.Beneficiary], name)
					seen[x.Beneficiary] = true
					if i > 0 {
						require.Equal(t, v.txs[i-1].Beneficiary, x.Originator, name)
					}
				}
			case model.TypGatherScatter:
				hub := v.sum.Accounts[0]
				var lastIn, firstOut time.Time
				for _, x := range v.txs {
					if x.Beneficiary == hub && x.Time.After(lastIn) {
						lastIn = x.Time
					}
					if x.Originator == hub && (firstOut.IsZero() || x.Time.Before(firstOut)) {
						firstOut = x.Time
					}
				}
				require.True(t, firstOut.After(lastIn), name)
			case model.TypSanctions:
				require.True(t, len(v.parties) > 0 || len(v.txs) > 0, name)
			}
		}
	}
}

// branchesWithin returns the most distinct branches among deposits that
// fall in one window of length w.
func branchesWithin(deps []model.Transaction, w time.Duration) int {
	best := 0
	for _, a := range deps {
		br := map[string]bool{}
		for _, b := range deps {
			if !b.Time.Before(a.Time) && b.Time.Sub(a.Time) <= w {
				br[b.Branch] = true
			}
		}
		best = max(best, len(br))
	}
	return best
}

// sendersWithin returns the most distinct senders within one window.
func sendersWithin(p2p []model.Transaction, w time.Duration) int {
	best := 0
	for _, a := range p2p {
		s := map[string]bool{}
		for _, b := range p2p {
			if b.Originator[0] == 'X' && !b.Time.Before(a.Time) && b.Time.Sub(a.Time) <= w {
				s[b.Originator] = true
			}
		}
		best = max(best, len(s))
	}
	return best
}

// shareAnIdentifier reports whether all parties share a passport number,
// a phone (by its digits), a device or an address line.
func shareAnIdentifier(ps []*model.Party) bool {
	key := func(p *model.Party) []string {
		var k []string
		if d, ok := p.Document(model.DocPassport); ok {
			k = append(k, "passport:"+d.Number)
		}
		for _, ph := range p.Phones {
			d := onlyDigits(ph)
			k = append(k, "phone:"+d[len(d)-10:])
		}
		for _, dv := range p.DeviceIDs {
			k = append(k, "device:"+dv)
		}
		k = append(k, "address:"+p.Address.Line)
		return k
	}
	common := key(ps[0])
	for _, p := range ps[1:] {
		k := key(p)
		common = slices.DeleteFunc(common, func(s string) bool { return !slices.Contains(k, s) })
	}
	return len(common) > 0
}
