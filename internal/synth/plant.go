package synth

import (
	"fmt"
	"math"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
)

// plantedCase is one planted laundering case: its typology, the parties and
// accounts it labels, and how many of its transactions were written.
type plantedCase struct {
	id       string
	typ      model.Typology
	variant  string
	note     string
	parties  []*party
	accounts []string // on-us and off-us account IDs
	planned  int
	txs      int
	dropped  int // transactions that fell outside the history (a planting bug)
}

// addParty labels p and, with accounts, all of p's accounts.
func (c *plantedCase) addParty(p *party, accounts bool) {
	for _, q := range c.parties {
		if q == p {
			return
		}
	}
	c.parties = append(c.parties, p)
	if accounts {
		for _, a := range p.accounts {
			c.addAccount(a.m.ID)
		}
	}
}

// addAccount labels an account (on-us or off-us) by its ID.
func (c *plantedCase) addAccount(id string) {
	for _, a := range c.accounts {
		if a == id {
			return
		}
	}
	c.accounts = append(c.accounts, id)
}

// entityLabels returns the case's party and account labels.
func (c *plantedCase) entityLabels() []model.Label {
	out := make([]model.Label, 0, len(c.parties)+len(c.accounts))
	for _, p := range c.parties {
		out = append(out, model.Label{CaseID: c.id, Typology: c.typ, EntityKind: model.EntityParty, EntityID: p.m.ID, Note: c.variant})
	}
	for _, a := range c.accounts {
		out = append(out, model.Label{CaseID: c.id, Typology: c.typ, EntityKind: model.EntityAccount, EntityID: a, Note: c.variant})
	}
	return out
}

// newCase registers a planted case of typology t.
func (g *generator) newCase(t model.Typology) *plantedCase {
	c := &plantedCase{id: fmt.Sprintf("CASE-%04d", len(g.cases)+1), typ: t}
	g.cases = append(g.cases, c)
	return c
}

// planters plant one case of each typology.
func (g *generator) planters() map[model.Typology]func(*plantedCase) {
	return map[model.Typology]func(*plantedCase){
		model.TypUnexplainedWealth: g.plantUnexplainedWealth,
		model.TypStructuring:       g.plantStructuring,
		model.TypSmurfing:          g.plantSmurfing,
		model.TypFunnel:            g.plantFunnel,
		model.TypPassThrough:       g.plantPassThrough,
		model.TypRealEstate:        g.plantRealEstate,
		model.TypTBML:              g.plantTBML,
		model.TypMirror:            g.plantMirror,
		model.TypSharedIdentifier:  g.plantSharedIdentifier,
		model.TypInsider:           g.plantInsider,
		model.TypFanOut:            g.plantGraph,
		model.TypFanIn:             g.plantGraph,
		model.TypCycle:             g.plantGraph,
		model.TypScatterGather:     g.plantGraph,
		model.TypGatherScatter:     g.plantGraph,
		model.TypBipartite:         g.plantGraph,
		model.TypStack:             g.plantGraph,
		model.TypRandom:            g.plantGraph,
		model.TypSanctions:         g.plantSanctions,
	}
}

// plantAll plants every configured case, typology by typology.
func (g *generator) plantAll() {
	fns := g.planters()
	for _, t := range PlantedTypologies {
		n := count(g.cfg.Rates[t], g.cfg.Customers)
		if t == model.TypSanctions {
			n = min(n, len(sdnVariants))
			g.sanctionOrder = g.sanctionsOrder()
		}
		for range n {
			fns[t](g.newCase(t))
		}
	}
}

// muleClasses are the occupations FIN-2025-A003 (p. 9) names for money
// mules, with the generator's shares.
var muleClasses = []struct {
	class  model.OccupationClass
	weight float64
}{
	{model.OccStudent, 0.35}, {model.OccHomemaker, 0.25}, {model.OccRetired, 0.15}, {model.OccLaborer, 0.25},
}

// muleOpts says what planted customer to make.
type muleOpts struct {
	class   model.OccupationClass // empty: one of the mule classes
	occ     *occupation
	comm    community
	commSet bool
	prc     int // 1: a PRC national with a Chinese passport; -1: not; 0: draw
	home    *branch
	before  int // onboarded before this day (the case's start)
	card    bool
}

// newMule makes a planted customer: a person recruited or set up for a
// case, onboarded shortly before the case starts, with thin ordinary
// behaviour beside the case's transactions.
func (g *generator) newMule(c *plantedCase, o muleOpts) *party {
	r := g.plant
	class := o.class
	if class == "" && o.occ == nil {
		w := make([]float64, len(muleClasses))
		for i, m := range muleClasses {
			w[i] = m.weight
		}
		class = muleClasses[r.weighted(w)].class
	}
	prc := o.prc
	if prc == 0 {
		if r.chance(0.5) {
			prc = 1
		} else {
			prc = -1
		}
	}
	comm := o.comm
	if !o.commSet {
		switch {
		case prc > 0:
			comm = commChineseCN
		case r.chance(0.65):
			comm = commHispanic
		case r.chance(0.5):
			comm = commAnglo
		default:
			comm = commOther
		}
	}
	po := personOpts{comm: comm, class: class, occ: o.occ, home: o.home, openSet: true}
	po.open = o.before - r.intBetween(3, 150)
	if prc > 0 {
		po.foreign, po.country = 1, "CN"
	} else if comm == commHispanic && r.chance(0.5) {
		po.foreign, po.country = 1, "MX"
	}
	if class == model.OccStudent && comm == commChineseCN {
		po.foreign, po.country = 1, "CN"
	}
	p := g.newPerson(po)
	p.planted = true
	p.head = true
	g.planted = append(g.planted, p)
	g.personProfile(p)
	g.addFriends(p)
	p.pb.cardRate *= r.between(0.3, 0.8)
	p.pb.p2pRate *= 0.5
	if o.card && p.card == nil {
		p.card = g.newAccount(p, model.AcctCreditCard, p.open)
		p.pb.creditShare = 0.5
		p.pb.cardPayDom = r.intBetween(1, 28)
	}
	for _, a := range p.accounts { // a mule opens everything at once
		a.open, a.m.Opened = p.open, p.m.Onboarded
	}
	// What a mule declares at onboarding: a modest profile, often no stated
	// source of funds.
	g.setExpected(p)
	if p.m.ExpectedActivity == nil || r.chance(0.5) {
		p.m.ExpectedActivity = &model.ExpectedActivity{MonthlyCount: r.intBetween(8, 30), MonthlyAmount: float64(r.intBetween(5, 30) * 100)}
	}
	if p.m.DeclaredIncome == nil && r.chance(0.8) {
		inc := p.income
		p.m.DeclaredIncome = &inc
	}
	switch {
	case r.chance(0.4):
		p.m.SourceOfFunds = model.SourceOfFundsUndisclosed
	case class == model.OccStudent:
		p.m.SourceOfFunds = "Family support"
	default:
		p.m.SourceOfFunds = pick(r, []string{"Savings", "Family support", "Gift", "Loan from friend"})
	}
	if c != nil {
		c.addParty(p, true)
	}
	return p
}

// window draws a case's first day and length: the case starts on or after
// notBefore, and its window ends early enough to leave room for the
// outflows that follow its last inflows.
func (g *generator) window(notBefore, minLen, maxLen int) (int, int) {
	const tail = 10 // days after the window for the last outflows
	r := g.plant
	n := len(g.days)
	lo := max(notBefore, 1)
	length := r.intBetween(minLen, maxLen)
	if room := n - 1 - tail - lo; length > room {
		length = max(room, 2)
	}
	hi := n - 1 - tail - length
	if hi < lo {
		lo = max(1, hi)
		hi = lo
	}
	return r.intBetween(lo, hi), length
}

// startDay draws when a case with a new planted customer starts: late
// enough that the customer can be onboarded within the history or shortly
// before it.
func (g *generator) startDay(minLen, maxLen int) (int, int) {
	return g.window(len(g.days)/10, minLen, maxLen)
}

// openDay returns the first day ≥ di with tellers (Monday to Saturday, not
// a holiday), or the last day.
func (g *generator) openDay(di int) int {
	for di < len(g.days)-1 && !branchOpen(&g.days[di]) {
		di++
	}
	return min(di, len(g.days)-1)
}

// bizDayFrom returns the first business day ≥ di, or the last day.
func (g *generator) bizDayFrom(di int) int {
	for di < len(g.days)-1 && !g.days[di].business {
		di++
	}
	return min(di, len(g.days)-1)
}

// at returns a time on day di between hours lo and hi (local).
func (g *generator) at(di int, lo, hi float64) time.Time {
	di = max(0, min(di, len(g.days)-1))
	return g.days[di].at(int(lo*3600) + g.plant.IntN(max(1, int((hi-lo)*3600))))
}

// teller returns a teller time on day di (which must be an open day).
func (g *generator) teller(di int) time.Time {
	if g.days[di].wd == time.Saturday {
		return g.at(di, 9, 13)
	}
	return g.at(di, 9, 17)
}

// cashIn plans a cash deposit at branch br; depositor names a third party
// who brought the cash (empty: the owner). Like the other planning helpers
// it returns the day the transaction lands on, after moving it to a day its
// channel works.
func (g *generator) cashIn(c *plantedCase, di int, a *account, amt float64, br *branch, depositor string) int {
	di = g.openDay(di)
	t := tx(g.teller(di), "", a.m.ID, math.Round(amt), model.ChannelCashDeposit, "", nil)
	t.Branch = br.id
	if depositor != "" {
		t.Counterparty = model.Counterparty{Name: depositor, Type: model.Person, Country: "US"}
	}
	g.schedule(di, t, c)
	return di
}

// cashOut plans a cash withdrawal at branch br.
func (g *generator) cashOut(c *plantedCase, di int, a *account, amt float64, br *branch) int {
	di = g.openDay(di)
	t := tx(g.teller(di), a.m.ID, "", math.Round(amt), model.ChannelCashWithdrawal, "", nil)
	t.Branch = br.id
	g.schedule(di, t, c)
	return di
}

// send plans a payment from on-us account a to off-us counterparty cp.
func (g *generator) send(c *plantedCase, di int, a *account, cp *counterparty, amt float64, ch model.Channel, memo string) int {
	if ch == model.ChannelP2P && g.plant.chance(0.7) {
		amt = math.Round(amt)
	}
	di = g.railDay(di, ch)
	t := tx(g.railTime(di, ch), a.m.ID, cp.acct, amt, ch, memo, cp)
	if ch == model.ChannelWire && cp.country != "US" && cp.country != "" && g.plant.chance(0.6) {
		t = withFX(t, countryCurrency[cp.country], di)
	}
	g.schedule(di, t, c)
	return di
}

// receive plans a payment from off-us counterparty cp to on-us account a.
// Wires from abroad are paid in the sender's currency.
func (g *generator) receive(c *plantedCase, di int, cp *counterparty, a *account, amt float64, ch model.Channel, memo string) int {
	di = g.railDay(di, ch)
	t := tx(g.railTime(di, ch), cp.acct, a.m.ID, amt, ch, memo, cp)
	if ch == model.ChannelWire && cp.country != "US" && cp.country != "" {
		t = inboundFX(t, countryCurrency[cp.country], di)
	}
	g.schedule(di, t, c)
	return di
}

// move plans a transfer between two on-us accounts.
func (g *generator) move(c *plantedCase, di int, from, to *account, amt float64, ch model.Channel, memo string) int {
	di = g.railDay(di, ch)
	g.schedule(di, tx(g.railTime(di, ch), from.m.ID, to.m.ID, amt, ch, memo, nil), c)
	return di
}

// cashiersCheck plans a cashier's check bought at the account's branch,
// payable to cp.
func (g *generator) cashiersCheck(c *plantedCase, di int, a *account, cp *counterparty, amt float64, memo string) int {
	di = g.openDay(di)
	t := tx(g.teller(di), a.m.ID, cp.acct, amt, model.ChannelCashiersCheck, memo, cp)
	t.Branch = a.m.Branch
	g.schedule(di, t, c)
	return di
}

// dayOf returns the index of the day that contains t (clamped to the
// history).
func (g *generator) dayOf(t time.Time) int {
	lo, hi := 0, len(g.days)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if g.days[mid].midnight.After(t) {
			hi = mid - 1
		} else {
			lo = mid
		}
	}
	return lo
}

// railDay moves day di to one on which the channel settles.
func (g *generator) railDay(di int, ch model.Channel) int {
	switch ch {
	case model.ChannelWire, model.ChannelACH:
		return g.bizDayFrom(di)
	case model.ChannelCashDeposit, model.ChannelCashWithdrawal, model.ChannelCashiersCheck, model.ChannelCheck:
		return g.openDay(di)
	}
	return min(di, len(g.days)-1)
}

// railTime draws a time of day for the channel.
func (g *generator) railTime(di int, ch model.Channel) time.Time {
	switch ch {
	case model.ChannelWire:
		return g.at(di, 8.5, 15)
	case model.ChannelACH:
		return g.at(di, 1, 6)
	case model.ChannelCashDeposit, model.ChannelCashWithdrawal, model.ChannelCashiersCheck, model.ChannelCheck:
		return g.teller(di)
	}
	return g.at(di, 7, 23.5)
}

// inboundFX makes an incoming wire paid in currency cur: the sender pays
// cur, the beneficiary receives the USD amount.
func inboundFX(t model.Transaction, cur string, di int) model.Transaction {
	if cur == "" || cur == "USD" {
		return t
	}
	usd := t.Amount
	t.Amount = money(usd * fx(cur, di) * 1.012)
	t.Currency = cur
	t.AmountReceived = usd
	t.CurrencyReceived = "USD"
	return t
}

// Planted counterparties.

// usChinese makes a Chinese national living in the US, banking elsewhere.
func (g *generator) usChinese() *counterparty {
	return g.personCP(commChineseCN, "US")
}

// hkShell makes a shell-like Hong Kong "… Trading Limited".
func (g *generator) hkShell() *counterparty {
	return g.newCP(g.ids.hkShellName(), "HK", model.Organization, "")
}

// mxRecipient makes a Mexican person or company banking in Mexico.
func (g *generator) mxRecipient() *counterparty {
	if g.plant.chance(0.5) {
		return g.newCP(g.ids.mxCompanyName(), "MX", model.Organization, "")
	}
	return g.personCP(commHispanic, "MX")
}

// foreignBeneficiary makes a recipient in CN, HK or MX.
func (g *generator) foreignBeneficiary() *counterparty {
	switch u := g.plant.Float64(); {
	case u < 0.35:
		return g.personCP(commChineseCN, "CN")
	case u < 0.65:
		if g.plant.chance(0.5) {
			return g.hkShell()
		}
		return g.newCP(g.ids.hkSupplierName(), "HK", model.Organization, "")
	case u < 0.85:
		return g.mxRecipient()
	}
	return g.newCP(g.ids.cnSupplierName(), "CN", model.Organization, "")
}

// unrelated makes an unrelated person at another US bank (a P2P sender).
func (g *generator) unrelated(chineseShare float64) *counterparty {
	if g.plant.chance(chineseShare) {
		return g.personCP(commChineseCN, "US")
	}
	return g.personCP(g.randomCommunity(), "US")
}

// split divides total into n positive parts that vary.
func (g *generator) split(total float64, n int) []float64 {
	w := make([]float64, n)
	s := 0.0
	for i := range w {
		w[i] = g.plant.between(0.5, 1.5)
		s += w[i]
	}
	for i := range w {
		w[i] = money(total * w[i] / s)
	}
	return w
}

// someBranches returns n distinct branches, preferring region set.
func (g *generator) someBranches(n int, regions ...region) []*branch {
	var in, out []*branch
	for i := range branches {
		b := &branches[i]
		match := false
		for _, rg := range regions {
			if b.region == rg {
				match = true
			}
		}
		if match {
			in = append(in, b)
		} else {
			out = append(out, b)
		}
	}
	r := g.plant
	r.Shuffle(len(in), func(i, j int) { in[i], in[j] = in[j], in[i] })
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	all := append(in, out...)
	return all[:min(n, len(all))]
}

// depositorNames draws n names of people who bring cash to a branch.
func (g *generator) depositorNames(n int) []string {
	out := make([]string, n)
	for i := range out {
		c := commHispanic
		if g.plant.chance(0.4) {
			c = commChineseCN
		}
		nm := g.names.person(c, "mf"[g.plant.IntN(2)])
		out[i] = nm.primary()
	}
	return out
}
