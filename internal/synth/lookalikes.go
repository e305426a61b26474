package synth

import (
	"fmt"
	"math"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
)

// buildLookAlikes makes the look-alike customers (counted among the
// ordinary customers) before the rest of the population; applyLookAlikes
// gives them their behaviour once everyone has an ordinary profile.
func (g *generator) buildLookAlikes() {
	r := g.pop
	for _, k := range LookAlikes {
		for range count(g.cfg.LookAlikes[k], g.cfg.Customers) {
			var p *party
			switch k {
			case LookIntlStudent:
				country := pick(r, []string{"CN", "CN", "CN", "CN", "HK", "TW", "KR", "IN", "IN", "MX"})
				comm := map[string]community{"CN": commChineseCN, "HK": commChineseHK, "TW": commChineseTW, "MX": commHispanic}[country]
				if country == "KR" || country == "IN" {
					comm = commOther
				}
				occ := drawOccupation(r, model.OccStudent)
				if occ.text == "Estudiante" {
					occ = occupations[model.OccStudent][2]
				}
				p = g.newPerson(personOpts{comm: comm, occ: &occ, foreign: 1, country: country, group: country, minAge: 18, maxAge: 30})
				p.income = 0
			case LookHomeBuyer:
				occ := drawOccupation(r, pick(r, []model.OccupationClass{model.OccProfessional, model.OccProfessional, model.OccBusiness}))
				p = g.newPerson(personOpts{comm: g.randomCommunity(), occ: &occ, minAge: 32, maxAge: 65})
				p.income = r.between(220000, 650000)
			case LookLandlord:
				occ := drawOccupation(r, pick(r, []model.OccupationClass{model.OccRetired, model.OccProfessional, model.OccBusiness}))
				p = g.newPerson(personOpts{comm: g.randomCommunity(), occ: &occ, minAge: 40, maxAge: 80})
			case LookFamilyP2P:
				comm := pick(r, []community{commChineseCN, commHispanic, commHispanic, commOther, commChineseHK})
				p = g.newPerson(personOpts{comm: comm, class: pick(r, []model.OccupationClass{model.OccEmployee, model.OccProfessional, model.OccRetired})})
			case LookRemitter:
				comm := pick(r, []community{commHispanic, commHispanic, commHispanic, commChineseCN, commOther})
				p = g.newPerson(personOpts{comm: comm, class: pick(r, []model.OccupationClass{model.OccEmployee, model.OccLaborer}), foreign: 1})
			case LookTanda:
				p = g.newPerson(personOpts{comm: commHispanic, class: pick(r, []model.OccupationClass{model.OccEmployee, model.OccHomemaker, model.OccBusiness})})
			case LookImporter:
				p, _ = g.makeBusiness(bizImporter)
			case LookCashRestaurant:
				p, _ = g.makeBusiness(pick(r, []bizKind{bizRestaurantMX, bizRestaurantMX, bizRestaurantCN}))
			case LookPayroll:
				p, _ = g.makeBusiness(pick(r, []bizKind{bizRestaurantMX, bizConstruction, bizMedical, bizTrucking, bizRestaurantCN}))
				staff := r.intBetween(12, 40)
				p.m.Employees = &staff
			case LookOnlineSeller:
				p, _ = g.makeBusiness(pick(r, []bizKind{bizBoutique, bizElectronics}))
			}
			if p.m.Kind == model.Person {
				p.head = true
				if p.open > 0 {
					p.open, p.m.Onboarded = -1-r.IntN(2000), model.Date{}
					p.m.Onboarded = g.date(p.open)
					p.chk.open, p.chk.m.Opened = p.open, p.m.Onboarded
				}
				g.registerPerson(p)
			} else if p.open > 0 {
				p.open = -1 - r.IntN(2000)
				p.m.Onboarded = g.date(p.open)
				p.chk.open, p.chk.m.Opened = p.open, p.m.Onboarded
			}
			p.look = k
			g.looks[k] = append(g.looks[k], p)
		}
	}
}

// applyLookAlikes gives the look-alikes what makes them look like
// launderers. Their one-off transactions are planned from a stream of their
// own, so that they do not move when the planted cases change.
func (g *generator) applyLookAlikes() {
	saved := g.plant
	g.plant = newRNG(g.cfg.Seed, 6)
	defer func() { g.plant = saved }()
	for _, k := range LookAlikes {
		for _, p := range g.looks[k] {
			switch k {
			case LookIntlStudent:
				g.lookIntlStudent(p)
			case LookImporter:
				g.lookImporter(p)
			case LookCashRestaurant:
				b := p.bb
				b.cashShare = g.plant.between(0.45, 0.6)
				b.cardShare = 0.98 - b.cashShare
				b.daily *= 1.25
				b.cashMin, b.cashEvery = 5500, 2
			case LookHomeBuyer:
				g.lookHomeBuyer(p)
			case LookLandlord:
				g.lookLandlord(p)
			case LookPayroll:
				p.bb.provider = nil
				if p.bb.pay == payNone {
					p.bb.pay = payBiweeklyA
				}
			case LookFamilyP2P:
				g.lookFamilyP2P(p)
			case LookRemitter:
				g.lookRemitter(p)
			case LookOnlineSeller:
				b := p.bb
				b.marketplace = pick(g.plant, g.pools.marketplace)
				b.marketShare = g.plant.between(0.6, 0.8)
				b.cashShare, b.cardShare = 0.02, 0.2
				b.suppliers = pickN(g.plant, g.pools.suppliersCN, g.plant.intBetween(2, 4))
				b.foreign = true
				b.supplierMed = p.income * 0.5 / 12 / 3
				b.supplierRate = 3.0 / 21
			case LookTanda:
				g.lookTanda(p)
			}
		}
	}
}

// lookIntlStudent: parents abroad wire living expenses every month and
// tuition before the term; the student pays the university, rent and the
// usual bills. Parents in mainland China bank at the Chinese correspondent
// half the time, so their wires come from accounts the bank can see.
func (g *generator) lookIntlStudent(p *party) {
	r := g.plant
	b := p.pb
	b.pay, b.credits, b.support = payNone, nil, nil
	parentName := g.names.relative(&p.name, "mf"[r.IntN(2)], false)
	var parent *counterparty
	cur := countryCurrency[p.country]
	if p.country == "CN" && r.chance(0.5) && parentName.han != nil {
		cp := g.corrParty("CN", false)
		g.corrChineseName(cp, &parentName)
		a := g.corrAccount(cp, corrCNInstitution, "CNY")
		g.corrCN = append(g.corrCN, cp)
		parent = &counterparty{acct: a.m.ID, name: cp.m.Names[1].Full, country: "CN", kind: model.Person, bank: corrCNName}
	} else {
		parent = g.newCP(parentName.primary(), p.country, model.Person, "")
	}
	b.credits = append(b.credits, recurring{dom: r.intBetween(1, 10), amount: r.between(2000, 5000), spread: 0.1, cp: parent, ch: model.ChannelWire,
		memo: pick(r, []string{"living expenses", "生活费", "LIVING EXPENSES", "allowance"}), fx: cur})
	uni := pick(r, g.pools.universities)
	terms := []int{r.intBetween(len(g.days)/8, len(g.days)/2)}
	if len(g.days) > 150 {
		terms = append(terms, terms[0]+r.intBetween(110, 140))
	}
	for _, due := range terms {
		if due >= len(g.days) {
			continue
		}
		amt := r.between(15000, 40000)
		wd := g.bizDayFrom(max(0, due-r.intBetween(3, 10)))
		t := inboundFX(tx(g.at(wd, 8.5, 15), parent.acct, p.chk.m.ID, amt, model.ChannelWire, pick(r, []string{"tuition", "学费", "TUITION FALL", "tuition spring semester"}), parent), cur, wd)
		g.schedule(wd, t, nil)
		pd := g.bizDayFrom(due)
		ch := pick(r, []model.Channel{model.ChannelACH, model.ChannelWire})
		g.schedule(pd, tx(g.railTime(pd, ch), p.chk.m.ID, uni.acct, amt*r.between(0.9, 1), ch, "TUITION "+g.days[pd].midnight.Format("2006-01"), uni), nil)
	}
}

// lookImporter: an importer with more and larger supplier wires to China
// and Hong Kong.
func (g *generator) lookImporter(p *party) {
	b := p.bb
	b.suppliers = pickN(g.plant, g.pools.suppliersCN, g.plant.intBetween(3, 6))
	b.foreign = true
	b.supplierRate = 6.0 / 21
	b.supplierMed = p.income * 0.7 / 12 / 6
	if g.plant.chance(0.5) { // also exports: customers in Mexico, the Gulf, Hong Kong
		for range g.plant.intBetween(2, 4) {
			var c *counterparty
			switch g.plant.IntN(3) {
			case 0:
				c = g.newCP(g.ids.mxCompanyName(), "MX", model.Organization, "")
			case 1:
				c = g.newCP(g.ids.aeTraderName(), "AE", model.Organization, "")
			default:
				c = g.newCP(g.ids.hkSupplierName(), "HK", model.Organization, "")
			}
			b.receipts = append(b.receipts, c)
		}
	}
}

// lookHomeBuyer: a well-paid customer moves money from a brokerage and
// buys cashier's checks payable to escrow for a home.
func (g *generator) lookHomeBuyer(p *party) {
	r := g.plant
	if p.sav == nil {
		p.sav = g.newAccount(p, model.AcctSavings, p.open)
	}
	p.sav.open, p.sav.m.Opened = p.open, p.m.Onboarded
	di := r.intBetween(len(g.days)/10, len(g.days)*3/4)
	w := r.between(80000, 400000)
	broker := pick(r, g.pools.brokerages)
	wd := g.bizDayFrom(di)
	g.schedule(wd, tx(g.at(wd, 8.5, 15), broker.acct, p.sav.m.ID, w, model.ChannelWire, "WIRE FROM "+broker.name, broker), nil)
	md := g.bizDayFrom(wd + r.intBetween(1, 4))
	g.schedule(md, tx(g.at(md, 8, 20), p.sav.m.ID, p.chk.m.ID, w, model.ChannelInternal, "TRANSFER FROM SAVINGS", nil), nil)
	esc := pick(r, g.pools.escrows)
	addr := fmt.Sprintf("%d %s", r.intBetween(100, 9999), pick(r, streetNames))
	cd := g.openDay(md + r.intBetween(1, 8))
	emd := math.Round(w * r.between(0.05, 0.15))
	t := tx(g.teller(cd), p.chk.m.ID, esc.acct, emd, model.ChannelCashiersCheck, "EMD "+addr, esc)
	t.Branch = p.home.id
	g.schedule(cd, t, nil)
	fd := g.openDay(cd + r.intBetween(10, 30))
	t = tx(g.teller(fd), p.chk.m.ID, esc.acct, w*r.between(0.85, 1.1)-emd, model.ChannelCashiersCheck, fmt.Sprintf("ESCROW %d-%s %s", r.intBetween(10, 99), r.digits(4), addr), esc)
	t.Branch = p.home.id
	g.schedule(fd, t, nil)
}

// lookLandlord: a landlord collecting rent from tenants here and at other
// banks, and paying the mortgages.
func (g *generator) lookLandlord(p *party) {
	r := g.plant
	b := p.pb
	for range r.intBetween(4, 12) {
		b.tenants = append(b.tenants, g.personCP(g.randomCommunity(), "US"))
		b.tenantRent = append(b.tenantRent, math.Round(r.logNormal(1800, 0.2)))
		p.income += 12 * b.tenantRent[len(b.tenantRent)-1] // rent is declared income
	}
	moved := 0
	for _, q := range g.byBranch[p.home.id] {
		if moved >= 4 || q == p || q.pb == nil || q.look != "" {
			continue
		}
		for i := range q.pb.bills {
			bl := &q.pb.bills[i]
			if bl.memo == "RENT" && bl.cp != nil && bl.cp.kind == model.Person {
				bl.to, bl.cp, bl.ch = p.chk, nil, pick(r, []model.Channel{model.ChannelP2P, model.ChannelP2P, model.ChannelInternal})
				moved++
				break
			}
		}
	}
	b.bills = append(b.bills, recurring{dom: 1, amount: math.Round(r.between(2500, 7000)), cp: pick(r, g.pools.mortgage), ch: model.ChannelACH, memo: "MORTGAGE PMT"})
}

// holidays of the communities' calendars that bring a round of gifts.
var giftDays = []struct {
	month time.Month
	day   int
	memo  string
	comm  community
}{
	{time.January, 29, "红包", commChineseCN}, {time.February, 17, "红包", commChineseCN}, {time.February, 10, "红包", commChineseCN},
	{time.May, 10, "Feliz Día de las Madres", commHispanic}, {time.December, 24, "Feliz Navidad", commHispanic},
	{time.December, 24, "Merry Christmas", commOther}, {time.November, 27, "Thanksgiving", commOther},
}

// lookFamilyP2P: on the community's gift days (or on a few weekends) the
// customer sends P2P to several relatives within an hour.
func (g *generator) lookFamilyP2P(p *party) {
	r := g.plant
	var rel []*counterparty
	for range r.intBetween(4, 8) {
		n := g.names.relative(&p.name, "mf"[r.IntN(2)], false)
		rel = append(rel, g.newCP(n.primary(), "US", model.Person, ""))
	}
	var when []int
	var memos []string
	for i := range g.days {
		for _, h := range giftDays {
			c := p.name.comm
			if c == commChineseHK || c == commChineseTW || c == commChineseUS {
				c = commChineseCN
			}
			if g.days[i].month == h.month && g.days[i].dom == h.day && h.comm == c {
				when, memos = append(when, i), append(memos, h.memo)
			}
		}
	}
	for len(when) < 2 {
		when, memos = append(when, r.IntN(len(g.days))), append(memos, pick(r, []string{"happy birthday", "for you", "gift", ""}))
	}
	for i, di := range when {
		base := g.at(di, 9, 20)
		for j, c := range rel {
			if r.chance(0.15) {
				continue
			}
			t := tx(base.Add(time.Duration(j*r.intBetween(30, 300))*time.Second), p.chk.m.ID, c.acct, math.Round(r.logNormal(150, 0.6)), model.ChannelP2P, memos[i], c)
			g.schedule(di, t, nil)
		}
	}
}

// lookRemitter: an immigrant who sends half of the pay home.
func (g *generator) lookRemitter(p *party) {
	r := g.plant
	b := p.pb
	if b.pay == payNone || b.employerOrg != nil {
		b.employerOrg = nil
		b.employer = pick(r, g.pools.employers)
		b.payMemo = payrollMemo(b.employer.name)
		b.pay = payBiweeklyA
		b.payAmt = math.Max(p.income, 30000) * 0.78 / 26
	}
	monthly := b.payAmt * b.pay.perYear() / 12 * r.between(0.4, 0.7)
	country := p.countryOfOrigin()
	if country == "" {
		country = "MX"
	}
	for i := range 2 {
		n := g.names.relative(&p.name, "mf"[r.IntN(2)], false)
		cp := g.newCP(n.primary(), country, model.Person, "")
		b.bills = append(b.bills, recurring{dom: 1 + 14*i + r.IntN(5), amount: math.Round(monthly / 2), spread: 0.1, cp: cp, ch: model.ChannelWire,
			memo: pick(r, []string{"APOYO FAMILIAR", "family support", "para la casa", ""}), fx: countryCurrency[country]})
	}
}

// lookTanda: the organiser of a tanda collects a fixed contribution from
// every member each period and pays the pot to one member in turn.
func (g *generator) lookTanda(p *party) {
	r := g.plant
	n := r.intBetween(8, 14)
	type member struct {
		acct *account
		cp   *counterparty
	}
	members := make([]member, 0, n)
	for tries := 0; len(members) < n*2/5 && tries < 200; tries++ {
		q := pick(r, g.byBranch[p.home.id])
		if q != p && q.name.comm == commHispanic && q.open < 0 && q.chk != nil {
			members = append(members, member{acct: q.chk})
		}
	}
	for len(members) < n {
		members = append(members, member{cp: g.personCP(commHispanic, "US")})
	}
	contrib := float64(r.intBetween(2, 10) * 50)
	period := pick(r, []int{14, 30})
	memo := pick(r, []string{"tanda", "cundina", "tanda semana", ""})
	turn := 0
	for start := r.IntN(period); start < len(g.days)-4; start += period {
		for _, m := range members {
			di := start + r.IntN(3)
			at := g.at(di, 8, 22)
			if m.acct != nil {
				g.schedule(di, tx(at, m.acct.m.ID, p.chk.m.ID, contrib, model.ChannelP2P, memo, nil), nil)
			} else {
				g.schedule(di, tx(at, m.cp.acct, p.chk.m.ID, contrib, model.ChannelP2P, memo, m.cp), nil)
			}
		}
		pay := start + r.intBetween(3, 4)
		w := members[turn%len(members)]
		pot := contrib * float64(len(members))
		if w.acct != nil {
			g.schedule(pay, tx(g.at(pay, 9, 21), p.chk.m.ID, w.acct.m.ID, pot, model.ChannelP2P, memo, nil), nil)
		} else {
			g.schedule(pay, tx(g.at(pay, 9, 21), p.chk.m.ID, w.cp.acct, pot, model.ChannelP2P, memo, w.cp), nil)
		}
		turn++
	}
}
