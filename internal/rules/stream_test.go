package rules_test

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
)

// syntheticBank is a deterministic stream of ordinary banking with a few
// patterns mixed in, for benchmarks and whole-library tests: payroll,
// bills, card spend, P2P among customers, cash deposits at branches, wires
// abroad.
type syntheticBank struct {
	parties  []model.Party
	accounts []model.Account
	txs      []model.Transaction
}

func newSyntheticBank(seed uint64, customers, n int) *syntheticBank {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	occupations := []string{"Software engineer", "Nurse", "Student", "Retired", "Ama de casa", "Construction laborer", "Accountant", "Driver", "Teacher", "Owner"}
	b := &syntheticBank{}
	for i := range customers {
		income := float64(20000 + r.IntN(150000))
		p := model.Party{
			ID: fmt.Sprintf("P%06d", i), Kind: model.Person,
			Names:          []model.Name{{Full: fmt.Sprintf("Customer %d", i)}},
			Occupation:     occupations[r.IntN(len(occupations))],
			DeclaredIncome: &income,
		}
		if r.IntN(10) == 0 {
			p.Documents = []model.IDDocument{{Type: model.DocPassport, Number: fmt.Sprintf("E%08d", i), Country: "CN"}}
		}
		b.parties = append(b.parties, p)
		b.accounts = append(b.accounts, model.Account{
			ID: fmt.Sprintf("A%06d", i), Owners: []string{p.ID}, Type: model.AcctChecking,
			Opened: model.NewDate(2020, 1, 1), Branch: fmt.Sprintf("BR-%02d", r.IntN(40)),
		})
	}
	t := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	step := 180 * 24 * time.Hour / time.Duration(n)
	countries := []string{"US", "US", "US", "MX", "CN", "HK", "GB", "AE"}
	for i := range n {
		t = t.Add(step)
		a := b.accounts[r.IntN(customers)].ID
		tx := model.Transaction{ID: fmt.Sprintf("T%08d", i), Time: t, Currency: "USD"}
		switch k := r.IntN(100); {
		case k < 35: // card spend
			tx.Channel, tx.Originator, tx.Amount, tx.MCC = model.ChannelCard, a, float64(5+r.IntN(300)), "5411"
			tx.Counterparty = model.Counterparty{Name: "Grocery", Account: fmt.Sprintf("M%d", r.IntN(500))}
		case k < 45: // payroll
			tx.Channel, tx.Beneficiary, tx.Amount, tx.Memo = model.ChannelACH, a, float64(1500+r.IntN(4000)), "PAYROLL"
			tx.Counterparty = model.Counterparty{Name: "Employer", Account: fmt.Sprintf("E%d", r.IntN(200))}
		case k < 55: // bills
			tx.Channel, tx.Originator, tx.Amount = model.ChannelACH, a, float64(50+r.IntN(2000))
			tx.Counterparty = model.Counterparty{Name: "Utility", Account: fmt.Sprintf("U%d", r.IntN(50))}
		case k < 72: // P2P between customers
			tx.Channel, tx.Originator, tx.Beneficiary, tx.Amount = model.ChannelP2P, a, b.accounts[r.IntN(customers)].ID, float64(10+r.IntN(800))
		case k < 84: // cash deposit
			tx.Channel, tx.Beneficiary, tx.Amount = model.ChannelCashDeposit, a, float64(100+r.IntN(9900))
			tx.Branch = fmt.Sprintf("BR-%02d", r.IntN(40))
		case k < 90: // cash withdrawal
			tx.Channel, tx.Originator, tx.Amount = model.ChannelCashWithdrawal, a, float64(20+r.IntN(1000))
			tx.Branch = fmt.Sprintf("BR-%02d", r.IntN(40))
		case k < 95: // wire out
			tx.Channel, tx.Originator, tx.Amount = model.ChannelWire, a, float64(500+r.IntN(20000))
			tx.Counterparty = model.Counterparty{Name: "Beneficiary", Country: countries[r.IntN(len(countries))], Account: fmt.Sprintf("W%d", r.IntN(5000))}
		default: // wire in
			tx.Channel, tx.Beneficiary, tx.Amount = model.ChannelWire, a, float64(200+r.IntN(4800))
			tx.Counterparty = model.Counterparty{Name: "Sender", Country: countries[r.IntN(len(countries))], Account: fmt.Sprintf("S%d", r.IntN(5000))}
		}
		b.txs = append(b.txs, tx)
	}
	return b
}
