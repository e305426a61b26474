package rules_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/rules"
	"github.com/stretchr/testify/require"
)

func TestPeerStatisticsPerOccupationAndIndustry(t *testing.T) {
	var parties []model.Party
	var accounts []model.Account
	var txs []model.Transaction
	at := day0
	add := func(p model.Party, monthly float64) {
		parties = append(parties, p)
		acct := "A-" + p.ID
		accounts = append(accounts, model.Account{ID: acct, Owners: []string{p.ID}})
		for m := range 3 { // three months: the same credit each month
			txs = append(txs, model.Transaction{ID: fmt.Sprintf("%s-%d", acct, m), Time: day0.Add(time.Duration(m) * 30 * 24 * time.Hour),
				Originator: "X", Beneficiary: acct, Amount: monthly, Currency: "USD", Channel: model.ChannelP2P})
		}
		// Payroll and an own-account transfer do not count.
		txs = append(txs, model.Transaction{ID: acct + "-pay", Time: at, Originator: "EMP", Beneficiary: acct, Amount: 99999,
			Currency: "USD", Channel: model.ChannelACH, Memo: "PAYROLL"})
	}
	for i := range 100 {
		add(person(fmt.Sprintf("S%03d", i), func(p *model.Party) { p.Occupation = "Student" }), float64(100*(i+1)))
	}
	staff := 3
	for i := range 30 {
		add(model.Party{ID: fmt.Sprintf("B%02d", i), Kind: model.Organization, NAICS: "449210", Employees: &staff,
			Names: []model.Name{{Full: "Shop"}}}, float64(1000*(i+1)))
	}
	dir := rules.NewDirectory(parties, accounts)
	b := rules.NewPeerBuilder(dir)
	for i := range txs {
		b.Observe(&txs[i])
	}
	peers := b.Build()

	student := parties[0]
	g := peers.For(&student)
	require.NotNil(t, g)
	require.Equal(t, "occupation:student", g.Key)
	require.Equal(t, 100, g.Members)
	// 60 days of history are two months: monthly credits are 3×k×100/2.
	require.InDelta(t, 1.5*100*50, g.P50, 1e-6)
	require.InDelta(t, 1.5*100*90, g.P90, 1e-6)
	require.InDelta(t, 1.5*100*99, g.P99, 1e-6)

	shop := parties[100]
	g = peers.For(&shop)
	require.NotNil(t, g)
	require.Equal(t, "industry:4492:1-4", g.Key)
	require.Equal(t, 30, g.Members)

	// A shop of another size has no peers in its band and falls back to
	// the whole sector, all sizes.
	big := 40
	other := model.Party{ID: "Z", Kind: model.Organization, NAICS: "449210", Employees: &big}
	require.Equal(t, "industry:44", peers.For(&other).Key)
	peers.MinMembers = 31
	require.Nil(t, peers.For(&other), "no group is large enough")
	require.Nil(t, peers.For(&shop))

	unknown := person("U")
	require.Nil(t, peers.For(&unknown), "no occupation, no group")
}

func TestPeersMakeARuleEvaluableAndShapeItsThreshold(t *testing.T) {
	lib := shipped(t, "MM-4")
	p := person("P1", func(p *model.Party) { p.Occupation = "Homemaker" })
	kyc := rules.NewDirectory([]model.Party{p}, []model.Account{{ID: "A1", Owners: []string{"P1"}, Opened: model.DateOf(day0)}})
	run := func(opts rules.Options) []model.Alert {
		e := rules.NewEngine(lib, kyc, opts)
		var all []model.Alert
		for i := range 8 {
			tx := model.Transaction{ID: fmt.Sprintf("T%d", i), Time: day0.Add(time.Duration(i) * 5 * 24 * time.Hour), Originator: fmt.Sprintf("X%d", i),
				Beneficiary: "A1", Amount: 3000, Currency: "USD", Channel: model.ChannelP2P}
			all = append(all, e.Observe(&tx)...)
		}
		return all
	}
	// $24,000 from eight senders: above the homemaker cap ($25,000)? No.
	require.Empty(t, run(rules.Options{}))
	low := rules.NewPeers([]rules.PeerGroup{{Key: "occupation:homemaker", Members: 500, P90: 700}}, 1)
	got := run(rules.Options{Peers: low})
	require.NotEmpty(t, got, "above max($20,000, 3 × 3 × $700)")
	require.Contains(t, got[len(got)-1].Reason, "500 homemaker peers")
	high := rules.NewPeers([]rules.PeerGroup{{Key: "occupation:homemaker", Members: 500, P90: 3000}}, 1)
	require.Empty(t, run(rules.Options{Peers: high}), "below 3 × 3 × $3,000")
}
