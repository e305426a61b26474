package synth

import (
	"fmt"
	"math"

	"github.com/centinela-aml/centinela/internal/model"
)

// The FIN-2025-A003 typologies (Chinese money-laundering networks serving
// Mexican cartels). Every amount, count, timing and counterparty is drawn,
// so no two cases look the same; see docs/generator.md for the ranges.

// plantUnexplainedWealth: a student, homemaker, retiree or laborer mule
// receives money far beyond the declared income, none of it payroll —
// wires memoed tuition or living expenses, P2P from unrelated people
// ("loan repayment"), cash, company payments — and passes most of it on
// within days to US-based Chinese nationals, by wire, ACH, P2P or cashier's
// check (red flags MM-1, MM-3, MM-4, MM-6, MM-7, MM-9).
func (g *generator) plantUnexplainedWealth(c *plantedCase) {
	r := g.plant
	start, length := g.startDay(25, 60)
	m := g.newMule(c, muleOpts{before: start})
	c.variant = string(m.class)
	payees := []*counterparty{g.usChinese(), g.usChinese()}
	for di := start; di < start+length; di += r.intBetween(2, 6) {
		var in float64
		inDay := di
		switch k := r.IntN(4); {
		case k == 0 || m.class == model.OccStudent && r.chance(0.5):
			src := g.personCP(commChineseCN, "CN")
			if r.chance(0.5) {
				src = g.hkShell()
			}
			in = r.between(9000, 45000)
			memo := pick(r, []string{"tuition", "living expenses", "family support", "学费", "生活费", ""})
			inDay = g.receive(c, di, src, m.chk, in, model.ChannelWire, memo)
		case k == 1:
			for range r.intBetween(3, 9) {
				a := r.between(800, 4500)
				in += a
				inDay = max(inDay, g.receive(c, di+r.IntN(2), g.unrelated(0.6), m.chk, math.Round(a), model.ChannelP2P, pick(r, []string{"loan repayment", "repay", "还款", "", "", "借款"})))
			}
		case k == 2:
			for range r.intBetween(1, 2) {
				a := math.Round(r.between(3000, 9500))
				in += a
				br := m.home
				if r.chance(0.4) {
					br = g.nearbyBranch(m.home)
				}
				inDay = max(inDay, g.cashIn(c, di, m.chk, a, br, ""))
			}
		default:
			co := g.newCP(g.ids.bizName(pick(r, []bizKind{bizAccounting, bizImporter, bizRealEstate})), "US", model.Organization, "")
			in = r.between(5000, 18000)
			inDay = g.receive(c, di, co, m.chk, in, model.ChannelACH, "PAYMENT")
		}
		di = inDay
		out := in * r.between(0.85, 0.98)
		parts := g.split(out, r.intBetween(1, 3))
		for _, a := range parts {
			when := di + r.intBetween(1, 3)
			switch u := r.Float64(); {
			case u < 0.25:
				g.cashiersCheck(c, when, m.chk, pick(r, payees), a, "")
			case u < 0.5:
				p := g.usChinese()
				payees = append(payees, p)
				g.send(c, when, m.chk, p, a, model.ChannelWire, "")
			case u < 0.75:
				g.send(c, when, m.chk, pick(r, payees), a, model.ChannelP2P, pick(r, []string{"", "loan", "还钱"}))
			default:
				g.send(c, when, m.chk, g.usChinese(), a, model.ChannelACH, "")
			}
		}
	}
}

// plantStructuring: repeated cash deposits kept just under the $10,000
// currency transaction report threshold of 31 CFR 1010.311, sometimes two
// in a day that together exceed it, then moved on by wire or cashier's
// check. The depositor is a mule or a customer with an ordinary occupation,
// so occupation alone does not give it away.
func (g *generator) plantStructuring(c *plantedCase) {
	r := g.plant
	start, length := g.startDay(7, 35)
	o := muleOpts{before: start, prc: -1}
	if r.chance(0.4) {
		occ := drawOccupation(r, pick(r, []model.OccupationClass{model.OccEmployee, model.OccBusiness}))
		o.occ = &occ
		c.variant = "ordinary occupation"
	}
	m := g.newMule(c, o)
	if c.variant == "" {
		c.variant = string(m.class)
	}
	n := r.intBetween(4, 12)
	days := pickN(r, seq(start, start+length), n)
	sortInts(days)
	acc := 0.0
	for i, di := range days {
		amt := r.between(8500, 9990)
		if r.chance(0.2) {
			amt = r.between(7000, 8500)
		}
		if r.chance(0.5) {
			amt = math.Round(amt/50) * 50
		}
		br := m.home
		if r.chance(0.3) {
			br = g.nearbyBranch(m.home)
		}
		di = g.cashIn(c, di, m.chk, amt, br, "")
		acc += math.Round(amt)
		if r.chance(0.25) { // a second deposit the same day, elsewhere
			a2 := math.Round(r.between(3000, 9500))
			g.cashIn(c, di, m.chk, a2, g.nearbyBranch(m.home), "")
			acc += a2
		}
		if acc >= r.between(20000, 40000) || i == len(days)-1 {
			out := acc * r.between(0.9, 1)
			when := di + r.intBetween(1, 3)
			switch u := r.Float64(); {
			case u < 0.45:
				g.send(c, when, m.chk, g.mxRecipient(), out, model.ChannelWire, pick(r, []string{"", "pago", "family"}))
			case u < 0.7:
				g.send(c, when, m.chk, g.personCP(commChineseCN, "CN"), out, model.ChannelWire, "")
			default:
				g.cashiersCheck(c, when, m.chk, g.usChinese(), out, "")
			}
			acc = 0
		}
	}
}

// plantSmurfing: cash into one account at three or more branches within 48
// hours, each deposit under $10,000, by several people, then moved abroad
// or out by cashier's check (FinCEN's funnel-account subtype, SAR code 824).
func (g *generator) plantSmurfing(c *plantedCase) {
	r := g.plant
	start, length := g.startDay(5, 40)
	m := g.newMule(c, muleOpts{before: start})
	episodes := r.intBetween(1, 4)
	di := start
	for e := 0; e < episodes && di < start+length; e++ {
		k := r.intBetween(3, 7)
		regions := []region{regSGV, regLA}
		if r.chance(0.4) {
			regions = []region{regSD, regBorder}
		}
		brs := g.someBranches(k, regions...)
		names := g.depositorNames(k)
		total := 0.0
		last := di
		for i, br := range brs {
			amt := math.Round(r.between(2500, 9800))
			dep := names[i]
			if r.chance(0.4) {
				dep = ""
			}
			last = max(last, g.cashIn(c, di+r.IntN(2), m.chk, amt, br, dep))
			total += amt
		}
		out := total * r.between(0.85, 0.98)
		when := last + r.intBetween(1, 3)
		switch u := r.Float64(); {
		case u < 0.6:
			g.send(c, when, m.chk, g.foreignBeneficiary(), out, model.ChannelWire, "")
		case u < 0.85:
			g.cashiersCheck(c, when, m.chk, g.usChinese(), out, "")
		default:
			for _, a := range g.split(out, r.intBetween(2, 4)) {
				g.send(c, when, m.chk, g.usChinese(), a, model.ChannelP2P, "")
			}
		}
		di = last + r.intBetween(5, 15)
	}
	c.note = fmt.Sprintf("%d episodes", episodes)
}

// plantFunnel: many people deposit cash into one account at branches in
// several cities far from its home, and the money is withdrawn in cash at
// the border or wired to Mexico within days.
func (g *generator) plantFunnel(c *plantedCase) {
	r := g.plant
	start, length := g.startDay(10, 35)
	home := &branches[10+r.IntN(2)] // San Ysidro or Calexico
	m := g.newMule(c, muleOpts{before: start, home: home, prc: -1})
	m.chk.m.Branch = home.id
	places := g.someBranches(r.intBetween(3, 5), regOutside)
	names := g.depositorNames(r.intBetween(5, 20))
	n := r.intBetween(8, 30)
	acc := 0.0
	for i := range n {
		di := start + i*length/n + r.IntN(2)
		amt := math.Round(r.between(1500, 9500))
		di = g.cashIn(c, di, m.chk, amt, pick(r, places), pick(r, names))
		acc += amt
		if acc > r.between(12000, 30000) || i == n-1 {
			out := acc * r.between(0.85, 0.98)
			when := di + r.intBetween(1, 3)
			if r.chance(0.3) {
				g.send(c, when, m.chk, g.mxRecipient(), out, model.ChannelWire, "")
			} else {
				n := int(math.Ceil(out / 9000))
				for range n {
					g.cashOut(c, when, m.chk, out/float64(n)*r.between(0.95, 1.05), pick(r, []*branch{&branches[10], &branches[11]}))
					when += r.IntN(2)
				}
			}
			acc = 0
		}
	}
	c.variant = fmt.Sprintf("%d deposit branches, %d depositors", len(places), len(names))
}

// plantPassThrough: money comes in and goes straight out to CN, HK or MX
// within days (out/in at least 0.85), through a mule or a young shell
// company.
func (g *generator) plantPassThrough(c *plantedCase) {
	r := g.plant
	start, length := g.startDay(10, 40)
	var acct *account
	if r.chance(0.4) {
		owner := g.newMule(c, muleOpts{before: start, class: model.OccBusiness, occ: &occupation{text: "Business owner", class: model.OccBusiness, median: 60000, sigma: 0.3}})
		org := g.plantedOrg(c, owner, pick(r, []bizKind{bizImporter, bizAccounting}), owner.home, owner.open)
		org.m.Names[0].Full = g.ids.uniqueName("orgname", func(try int) string {
			return g.ids.shellWords(try) + " " + pick(r, []string{"Trading LLC", "Consulting LLC", "International Inc.", "Global Trade LLC"})
		})
		acct = org.chk
		c.variant = "shell company"
	} else {
		m := g.newMule(c, muleOpts{before: start})
		acct = m.chk
		c.variant = "person"
	}
	cycles := r.intBetween(2, 6)
	di := start
	for k := 0; k < cycles && di < start+length; k++ {
		in := 0.0
		inDay := di
		for range r.intBetween(1, 4) {
			amt := r.between(8000, 60000)
			in += amt
			switch u := r.Float64(); {
			case u < 0.35:
				inDay = max(inDay, g.receive(c, di, g.hkShell(), acct, amt, model.ChannelWire, pick(r, []string{"PAYMENT", "SERVICE FEE", "INVOICE"})))
			case u < 0.65:
				co := g.newCP(g.ids.bizName(pick(r, []bizKind{bizImporter, bizElectronics, bizConstruction})), "US", model.Organization, "")
				inDay = max(inDay, g.receive(c, di, co, acct, amt, pick(r, []model.Channel{model.ChannelWire, model.ChannelACH}), "PAYMENT"))
			case u < 0.85:
				a := math.Round(r.between(2000, 9000))
				inDay = max(inDay, g.receive(c, di, g.unrelated(0.5), acct, a, model.ChannelP2P, ""))
				in += a - amt
			default:
				a := math.Round(math.Min(amt, 9800))
				inDay = max(inDay, g.cashIn(c, di, acct, a, acct.owner.home, ""))
				in += a - amt
			}
		}
		out := in * r.between(0.85, 0.99)
		when := inDay + r.intBetween(1, 5)
		for _, a := range g.split(out, r.intBetween(1, 3)) {
			g.send(c, when, acct, g.foreignBeneficiary(), a, model.ChannelWire, pick(r, []string{"", "PAYMENT FOR GOODS", "INVOICE"}))
		}
		di = when + r.intBetween(1, max(1, length/cycles))
	}
}

// plantedOrg makes a business customer for a planted case.
func (g *generator) plantedOrg(c *plantedCase, owner *party, k bizKind, home *branch, open int) *party {
	r := g.plant
	o := g.newOrg(k, owner, home, open)
	emp := r.intBetween(1, 3)
	o.m.Employees = &emp
	rev := float64(r.intBetween(15, 45) * 10000)
	o.m.AnnualRevenue = &rev
	o.m.Incorporated = g.date(open - r.intBetween(20, 300))
	o.planted = true
	g.planted = append(g.planted, o)
	// A front keeps a little real business going: some sales, some bills.
	o.income = rev * r.between(0.1, 0.3)
	o.bb = &bizBeh{kind: k, owner: owner}
	g.bizProfile(o)
	g.setKYC(o, float64(r.intBetween(10, 40)), rev/12, nil)
	c.addParty(o, true)
	return o
}

// escrowCustomer returns an escrow company banking here, making one for
// the case when there is none.
func (g *generator) escrowCustomer(c *plantedCase) *party {
	for _, o := range g.orgs {
		if o.bb.kind == bizEscrow && o.open <= 0 {
			return o
		}
	}
	owner := g.newMule(nil, muleOpts{occ: &occupation{text: "Business owner", class: model.OccBusiness, median: 120000, sigma: 0.2}, prc: -1})
	return g.plantedOrg(c, owner, bizEscrow, owner.home, owner.open-400)
}

// plantRealEstate: mule money ends in a home purchase. Either a mule
// accumulates money from many sources and buys cashier's checks payable to
// an escrow or title company (MM-5), or a Hong Kong "… Trading Limited"
// with no link to the deal wires the price to an escrow company banking
// here (MM-10, TB-8).
func (g *generator) plantRealEstate(c *plantedCase) {
	r := g.plant
	start, length := g.startDay(14, 40)
	if r.chance(0.35) {
		esc := g.escrowCustomer(c)
		c.addAccount(esc.chk.m.ID)
		c.variant = "foreign shell to escrow"
		shell := g.hkShell()
		c.addAccount(shell.acct)
		buyer := g.newMule(c, muleOpts{before: start, prc: 1, class: model.OccStudent})
		addr := fmt.Sprintf("%d %s", r.intBetween(100, 9999), pick(r, streetNames))
		total := r.between(200000, 900000)
		di := start
		for _, a := range g.split(total, r.intBetween(1, 3)) {
			g.receive(c, di, shell, esc.chk, a, model.ChannelWire, fmt.Sprintf("PURCHASE %s FOR %s ESCROW %d-%s", addr, buyer.m.Names[0].Full, r.intBetween(10, 99), r.digits(4)))
			di += r.intBetween(1, 6)
		}
		seller := g.personCP(g.randomCommunity(), "US")
		g.send(c, start+length, esc.chk, seller, total*r.between(0.93, 0.97), model.ChannelWire, "ESCROW CLOSING "+addr)
		return
	}
	c.variant = "cashier's check to escrow"
	m := g.newMule(c, muleOpts{before: start})
	target := r.between(150000, 600000)
	got := 0.0
	di := start
	end := start + length*2/3
	last := di
	for got < target {
		var amt float64
		switch u := r.Float64(); {
		case u < 0.3:
			amt = math.Round(r.between(2000, 9000))
			last = max(last, g.receive(c, di, g.unrelated(0.6), m.chk, amt, model.ChannelP2P, pick(r, []string{"", "loan", "repay"})))
		case u < 0.55:
			amt = math.Round(r.between(3000, 9500))
			last = max(last, g.cashIn(c, di, m.chk, amt, m.home, ""))
		default:
			amt = r.between(20000, 120000)
			last = max(last, g.receive(c, di, g.hkShell(), m.chk, amt, model.ChannelWire, pick(r, []string{"", "investment", "gift", "family support"})))
		}
		got += amt
		di = min(di+r.intBetween(0, 3), end)
	}
	end = last
	escrow := pick(r, g.pools.escrows)
	addr := fmt.Sprintf("%d %s", r.intBetween(100, 9999), pick(r, streetNames))
	when := end + r.intBetween(1, 4)
	parts := g.split(got*r.between(0.9, 0.99), r.intBetween(1, 3))
	gap := max(1, (start+length-when)/len(parts))
	for i, a := range parts {
		memo := fmt.Sprintf("ESCROW %d-%s %s", r.intBetween(10, 99), r.digits(4), addr)
		if i == 0 && len(parts) > 1 {
			memo = "EMD " + addr
		}
		if r.chance(0.3) {
			memo += "; buyer accompanied by agent"
		}
		g.cashiersCheck(c, when, m.chk, escrow, a, memo)
		when += r.intBetween(1, gap)
	}
}

// plantTBML: trade-based laundering. A daigou straw buyer receives P2P
// from many unrelated people, pays off a credit card used for electronics
// and luxury goods (TB-4, TB-5); or a small electronics or luxury front
// receives wires from MX, HK or AE companies, buys no inventory and pays
// the credit cards of unrelated people (TB-2, TB-3, TB-6, TB-7).
func (g *generator) plantTBML(c *plantedCase) {
	r := g.plant
	start, length := g.startDay(14, 40)
	if r.chance(0.65) {
		c.variant = "daigou card payoff"
		m := g.newMule(c, muleOpts{before: start, prc: 1, class: pick(r, []model.OccupationClass{model.OccStudent, model.OccHomemaker}), card: true})
		for wk := start; wk < start+length; wk += 7 {
			sum := 0.0
			for range r.intBetween(6, 20) {
				a := math.Round(r.logNormal(1100, 0.6))
				a = math.Min(math.Max(a, 200), 3000)
				sum += a
				g.receive(c, wk+r.IntN(3), g.unrelated(0.7), m.chk, a, model.ChannelP2P, pick(r, []string{"", "", "代购", "bag", "iphone", "for the watch", "thanks"}))
			}
			spent := 0.0
			for spent < sum*r.between(0.8, 1.05) {
				l := pick(r, luxuryMCCs)
				merch := pick(r, g.pools.merchants["lux"+l.mcc])
				a := money(r.logNormal(l.median, 0.4))
				spent += a
				d := wk + r.IntN(7)
				t := tx(g.at(d, 10, 21), m.card.m.ID, merch.acct, a, model.ChannelCard, "", merch)
				t.MCC = l.mcc
				g.schedule(d, t, c)
			}
			g.move(c, wk+r.intBetween(3, 6), m.chk, m.card, sum*r.between(0.7, 1), model.ChannelInternal, "CREDIT CARD PAYMENT")
		}
		return
	}
	c.variant = "electronics front"
	owner := g.newMule(c, muleOpts{before: start, class: model.OccBusiness, occ: &occupation{text: "Business owner", class: model.OccBusiness, median: 70000, sigma: 0.3}, prc: 1})
	k := pick(r, []bizKind{bizElectronics, bizJewelry, bizBoutique})
	org := g.plantedOrg(c, owner, k, owner.home, owner.open)
	holders := make([]*counterparty, r.intBetween(4, 10))
	for i := range holders {
		h := g.unrelated(0.6)
		issuer := pick(r, g.pools.cardIssuers)
		holders[i] = &counterparty{acct: g.ids.offUsID(), name: h.name, country: "US", kind: model.Person, bank: issuer.name, naics: "522210"}
	}
	for di := start; di < start+length; di += r.intBetween(3, 8) {
		var src *counterparty
		switch r.IntN(3) {
		case 0:
			src = g.newCP(g.ids.mxCompanyName(), "MX", model.Organization, "")
		case 1:
			src = g.newCP(g.ids.hkSupplierName(), "HK", model.Organization, "")
		default:
			src = g.newCP(g.ids.aeTraderName(), "AE", model.Organization, "")
		}
		in := r.between(20000, 150000)
		inDay := g.receive(c, di, src, org.chk, in, model.ChannelWire, pick(r, []string{"EXPORT INV ", "PAYMENT FOR GOODS INV ", "PO "})+r.digits(5))
		out := in * r.between(0.7, 0.95)
		for _, a := range g.split(out, max(2, int(math.Ceil(out/12000)))) {
			h := pick(r, holders)
			g.send(c, inDay+r.intBetween(1, 4), org.chk, h, a, model.ChannelACH, "CARD PAYMENT")
		}
		di = inDay
	}
}

// plantMirror: a mirror transfer, the informal value transfer of
// FIN-2025-A003 typology 1. A broker's account here takes in USD cash
// (large deposits, regardless of CTRs); within hours a linked account at
// the Mexican correspondent pays the same value in pesos, less a fee, to
// Mexican recipients; days later the broker pays the USD out to Chinese
// nationals in the US, who pay the broker's account at the Chinese
// correspondent in RMB, plus a fee. The broker's US and Mexican parties
// share a phone and a device, and its Chinese account is in the broker's
// name in characters: that is how a detector ties the legs together.
func (g *generator) plantMirror(c *plantedCase) {
	r := g.plant
	start, length := g.startDay(20, 60)
	broker := g.newMule(c, muleOpts{before: start, prc: 1, class: model.OccBusiness, occ: &occupation{text: "Import/export business owner", class: model.OccBusiness, median: 80000, sigma: 0.3}})
	acct := broker.chk
	if r.chance(0.5) {
		org := g.plantedOrg(c, broker, bizImporter, broker.home, broker.open)
		acct = org.chk
		c.variant = "broker company"
	} else {
		c.variant = "broker person"
	}
	// The Mexican counterpart, linked to the broker by phone and device.
	mxp := g.corrParty("MX", r.chance(0.5))
	mxp.planted = true
	digits := onlyDigits(broker.m.Phones[0])
	mxp.m.Phones = append(mxp.m.Phones, fmt.Sprintf("(%s) %s-%s", digits[1:4], digits[4:7], digits[7:]))
	if len(broker.m.DeviceIDs) == 0 {
		broker.m.DeviceIDs = []string{g.ids.deviceID()}
	}
	mxp.m.DeviceIDs = []string{broker.m.DeviceIDs[0]}
	mxAcct := g.corrAccount(mxp, corrMXInstitution, "MXN")
	g.corrMX = append(g.corrMX, mxp)
	c.addParty(mxp, true)
	// The broker's account in China, in its name in characters.
	cnp := g.corrParty("CN", false)
	cnp.planted = true
	if broker.name.han != nil {
		g.corrChineseName(cnp, &broker.name)
		cnp.m.BirthDate = broker.m.BirthDate
	}
	cnAcct := g.corrAccount(cnp, corrCNInstitution, "CNY")
	g.corrCN = append(g.corrCN, cnp)
	c.addParty(cnp, true)
	// The buyers of dollars: Chinese nationals here, with accounts at home.
	type buyer struct {
		us   *account
		usCP *counterparty
		cn   *account
	}
	buyers := make([]buyer, r.intBetween(2, 5))
	for i := range buyers {
		cb := g.corrParty("CN", false)
		cb.planted = true
		bc := g.corrAccount(cb, corrCNInstitution, "CNY")
		g.corrCN = append(g.corrCN, cb)
		c.addParty(cb, true)
		if r.chance(0.5) {
			bu := g.newMule(c, muleOpts{before: start, prc: 1, class: model.OccStudent})
			g.corrChineseName(cb, &bu.name)
			buyers[i] = buyer{us: bu.chk, cn: bc}
		} else {
			n := cb.name
			buyers[i] = buyer{usCP: g.newCP(n.han.pinyin+" "+joinPinyin(n.hanGiven), "US", model.Person, ""), cn: bc}
		}
	}
	mxRecipients := []*account{}
	for range r.intBetween(1, 4) {
		mxRecipients = append(mxRecipients, pick(r, g.corrMX).chk)
	}
	episodes := r.intBetween(3, 8)
	di := start
	for e := 0; e < episodes && di < start+length; e++ {
		total := 0.0
		last := g.openDay(di)
		for range r.intBetween(2, 6) {
			amt := math.Round(r.between(4000, 25000))
			br := pick(r, []*branch{&branches[0], &branches[5], &branches[10], &branches[11], acct.owner.home})
			g.cashIn(c, last, acct, amt, br, "")
			total += amt
		}
		// The peso leg, hours later: after the branches close.
		mxn := total * fx("MXN", last) * r.between(0.96, 0.99)
		for _, a := range g.split(mxn, len(mxRecipients)) {
			to := pick(r, mxRecipients)
			if to == mxAcct {
				continue
			}
			t := model.Transaction{Time: g.at(last, 17.5, 23.5), Originator: mxAcct.m.ID, Beneficiary: to.m.ID, Amount: a, Currency: "MXN", Channel: model.ChannelWire, Memo: "SPEI"}
			g.schedule(last, t, c)
		}
		// The dollar leg to the buyers and the RMB leg from them.
		pay := last + r.intBetween(1, 5)
		usd := total * r.between(0.9, 0.99)
		for _, a := range g.split(usd, len(buyers)) {
			b := pick(r, buyers)
			ch := pick(r, []model.Channel{model.ChannelWire, model.ChannelP2P, model.ChannelCashiersCheck})
			switch {
			case b.us != nil && ch == model.ChannelCashiersCheck:
				g.cashiersCheck(c, pay, acct, &counterparty{acct: b.us.m.ID, name: b.us.owner.m.Names[0].Full, country: "US", kind: model.Person}, a, "")
			case b.us != nil:
				g.move(c, pay, acct, b.us, a, ch, pick(r, []string{"", "loan repayment", "repay"}))
			case ch == model.ChannelCashiersCheck:
				g.cashiersCheck(c, pay, acct, b.usCP, a, "")
			default:
				g.send(c, pay, acct, b.usCP, a, ch, pick(r, []string{"", "loan repayment"}))
			}
			cd := max(0, pay+r.intBetween(-1, 1))
			t := model.Transaction{Time: g.at(cd, 8, 22), Originator: b.cn.m.ID, Beneficiary: cnAcct.m.ID,
				Amount: money(a * fx("CNY", cd) * r.between(1.01, 1.04)), Currency: "CNY", Channel: model.ChannelWire, Memo: pick(r, []string{"转账", "货款", ""})}
			g.schedule(cd, t, c)
		}
		di = pay + r.intBetween(2, 8)
	}
	c.note = fmt.Sprintf("%d episodes, MXN leg via %s account %s, CNY leg via %s account %s", episodes, corrMXName, mxAcct.m.ID, corrCNName, cnAcct.m.ID)
}

// plantSharedIdentifier: two to five otherwise unrelated customers onboarded
// with the same passport number (a counterfeit), phone, device or address,
// each receiving money from strangers and forwarding it to one collector.
func (g *generator) plantSharedIdentifier(c *plantedCase) {
	r := g.plant
	start, length := g.startDay(14, 35)
	k := r.intBetween(2, 5)
	kinds := []string{}
	for len(kinds) == 0 {
		for _, s := range []struct {
			name string
			p    float64
		}{{"passport", 0.6}, {"phone", 0.5}, {"device", 0.4}, {"address", 0.4}} {
			if r.chance(s.p) {
				kinds = append(kinds, s.name)
			}
		}
	}
	c.variant = fmt.Sprint(kinds)
	mules := make([]*party, k)
	for i := range mules {
		mules[i] = g.newMule(c, muleOpts{before: start, prc: 1})
	}
	first := mules[0]
	pass, _ := first.m.Document(model.DocPassport)
	digits := onlyDigits(first.m.Phones[0])
	for i, m := range mules[1:] {
		for _, kind := range kinds {
			switch kind {
			case "passport":
				for j := range m.m.Documents {
					if m.m.Documents[j].Type == model.DocPassport {
						m.m.Documents[j].Number = pass.Number
					}
				}
			case "phone":
				forms := []string{first.m.Phones[0], fmt.Sprintf("(%s) %s-%s", digits[1:4], digits[4:7], digits[7:]), digits[1:], "+" + digits}
				m.m.Phones[0] = forms[(i+1)%len(forms)]
			case "device":
				if len(first.m.DeviceIDs) == 0 {
					first.m.DeviceIDs = []string{g.ids.deviceID()}
				}
				m.m.DeviceIDs = []string{first.m.DeviceIDs[0]}
			case "address":
				m.m.Address = first.m.Address
			}
		}
	}
	collector := g.usChinese()
	if r.chance(0.4) {
		collector = g.hkShell()
	}
	c.addAccount(collector.acct)
	for _, m := range mules {
		for range r.intBetween(3, 8) {
			di := start + r.IntN(length)
			amt := math.Round(r.between(1000, 5000))
			if r.chance(0.6) {
				di = g.receive(c, di, g.unrelated(0.5), m.chk, amt, model.ChannelP2P, "")
			} else {
				di = g.cashIn(c, di, m.chk, amt, m.home, "")
			}
			g.send(c, di+r.intBetween(1, 3), m.chk, collector, amt*r.between(0.85, 0.95), pick(r, []model.Channel{model.ChannelWire, model.ChannelP2P}), "")
		}
	}
}

// plantInsider: one banker onboarded many of the planted mules (moved to
// the banker's branch) and receives kickbacks from them.
func (g *generator) plantInsider(c *plantedCase) {
	r := g.plant
	var pool []*party
	for _, p := range g.planted {
		if p.m.Kind == model.Person && p.class.LowIncome() && !g.insiderTaken[p] && p.pb != nil {
			pool = append(pool, p)
		}
	}
	m := r.intBetween(5, 12)
	for len(pool) < m {
		start, _ := g.startDay(10, 20)
		p := g.newMule(nil, muleOpts{before: start})
		pool = append(pool, p)
		// A little unexplained money, so the account is worth a look.
		for range r.intBetween(2, 5) {
			amt := math.Round(r.between(2000, 9000))
			di := start + r.IntN(20)
			g.receive(c, di, g.unrelated(0.6), p.chk, amt, model.ChannelP2P, "")
			g.send(c, di+r.intBetween(1, 3), p.chk, g.usChinese(), amt*0.92, model.ChannelP2P, "")
		}
	}
	pool = pickN(r, pool, m)
	if g.insiderTaken == nil {
		g.insiderTaken = map[*party]bool{}
	}
	b := &branches[r.IntN(len(branches))]
	banker := g.bankers[b.id][1+r.IntN(len(g.bankers[b.id])-1)]
	c.addParty(banker, false)
	for _, p := range pool {
		g.insiderTaken[p] = true
		p.m.OnboardedBy = banker.m.ID
		p.home = b
		for _, a := range p.accounts {
			a.m.Branch = b.id
		}
		c.addParty(p, true)
	}
	c.variant = fmt.Sprintf("%d accounts", len(pool))
	for range r.intBetween(1, 4) {
		p := pick(r, pool)
		di := max(p.open+1, r.intBetween(len(g.days)/4, len(g.days)-2))
		amt := math.Round(r.between(300, 1500))
		if r.chance(0.6) {
			g.move(c, di, p.chk, banker.chk, amt, model.ChannelP2P, pick(r, []string{"", "thanks", "dinner"}))
		} else {
			g.cashIn(c, di, banker.chk, amt, b, "")
		}
		c.addAccount(banker.chk.m.ID)
	}
}

// onlyDigits keeps the digits of s.
func onlyDigits(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b = append(b, s[i])
		}
	}
	return string(b)
}

// seq returns lo, lo+1, …, hi-1.
func seq(lo, hi int) []int {
	out := make([]int, 0, max(0, hi-lo))
	for i := lo; i < hi; i++ {
		out = append(out, i)
	}
	return out
}

func sortInts(s []int) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
