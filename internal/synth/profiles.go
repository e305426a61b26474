package synth

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/centinela-aml/centinela/internal/model"
)

// buildBankers makes the bank, its operating account and its employees:
// three bankers per branch who onboard that branch's customers.
func (g *generator) buildBankers() {
	r := g.pop
	g.bank = &party{home: &branches[0], open: -9000, class: model.OccBusiness}
	g.bank.m = model.Party{ID: "PFB", Kind: model.Organization,
		Names: []model.Name{{Full: bankName, Script: model.ScriptLatin, Kind: model.NamePrimary}},
		NAICS: "522110", Incorporated: model.DateOf(g.yearsAgo(31)),
		Address: model.Address{Line: "888 S Figueroa St", City: "Los Angeles", Region: "CA", PostalCode: "90017", Country: "US"}}
	g.bank.chk = g.newAccount(g.bank, model.AcctOther, -9000)
	g.bank.chk.m.Branch = "HQ"
	g.bankers = map[string][]*party{}
	// About one banker for every 400 customers, at least three a branch.
	perBranch := max(3, int(math.Round(float64(g.cfg.Customers)/float64(400*len(branches)))))
	for i := range branches {
		b := &branches[i]
		for k := range perBranch {
			comm := commAnglo
			switch u := r.Float64(); {
			case u < b.chinese:
				comm = commChineseCN + community(r.IntN(4))
			case u < b.chinese+b.hisp:
				comm = commHispanic
			}
			e := g.newPerson(personOpts{comm: comm, home: b, class: model.OccEmployee, open: -300 - r.IntN(3000), openSet: true, foreign: -1, minAge: 24, maxAge: 60})
			e.m.ID = g.ids.employeeID()
			e.chk.m.Owners = []string{e.m.ID}
			title := "Personal banker"
			switch {
			case k == 0:
				title = "Branch manager"
			case k%4 == 3:
				title = "Bank teller"
			}
			e.m.Occupation = title + " at " + bankName
			e.occ = occupation{text: e.m.Occupation, class: model.ClassifyOccupation(e.m.Occupation), median: 62000, sigma: 0.2}
			e.class = e.occ.class
			e.income = e.occ.income(r)
			g.bankers[b.id] = append(g.bankers[b.id], e)
			g.employees = append(g.employees, e)
		}
	}
	// Bankers were onboarded by their branch's manager.
	for _, e := range g.employees {
		e.m.OnboardedBy = g.bankers[e.home.id][0].m.ID
	}
}

// newCP makes an off-us counterparty.
func (g *generator) newCP(name, country string, kind model.PartyKind, naics string) *counterparty {
	bank := ""
	if country == "US" {
		bank = g.ids.routingNumber()
	} else {
		bank = foreignBank(g.pop, country)
	}
	return &counterparty{acct: g.ids.offUsID(), name: name, country: country, kind: kind, naics: naics, bank: bank}
}

// personCP makes an off-us person of community c living in country.
func (g *generator) personCP(c community, country string) *counterparty {
	n := g.names.person(c, "mf"[g.pop.IntN(2)])
	return g.newCP(n.primary(), country, model.Person, "")
}

// randomCommunity draws a community with the region's mix.
func (g *generator) randomCommunity() community {
	switch u := g.pop.Float64(); {
	case u < 0.40:
		return commHispanic
	case u < 0.68:
		return commAnglo
	case u < 0.78:
		return commChineseCN
	case u < 0.81:
		return commChineseHK
	case u < 0.83:
		return commChineseTW
	case u < 0.86:
		return commChineseUS
	}
	return commOther
}

// buildPools makes the off-us counterparties ordinary customers deal with.
func (g *generator) buildPools() {
	r := g.pop
	n := g.cfg.Customers
	p := &g.pools
	naics := []string{"622110", "611110", "493110", "561612", "541511", "623110", "311812", "492110", "721110", "445110", "336390", "561720"}
	for range max(30, n/30) {
		p.employers = append(p.employers, g.newCP(strings.ToUpper(g.ids.bizName(bizEmployer)), "US", model.Organization, pick(r, naics)))
	}
	for range max(25, n/20) {
		if r.chance(0.6) {
			p.landlords = append(p.landlords, g.newCP(strings.ToUpper(g.ids.bizName(bizLandlord)), "US", model.Organization, "531110"))
		} else {
			p.landlords = append(p.landlords, g.personCP(g.randomCommunity(), "US"))
		}
	}
	org := func(name, naics string) *counterparty { return g.newCP(name, "US", model.Organization, naics) }
	p.utilities = []*counterparty{org("SOCAL POWER & LIGHT", "221122"), org("SOUTHLAND GAS CO", "221210"), org("CITY WATER & SEWER", "221310")}
	p.telecom = []*counterparty{org("HORIZON WIRELESS", "517112"), org("T-LINE MOBILE", "517112"), org("PACIFIC CABLE & INTERNET", "517111")}
	p.insurers = []*counterparty{org("GUARDIAN AUTO INSURANCE", "524126"), org("SUNSTATE INSURANCE CO", "524126"), org("PACIFIC MUTUAL LIFE", "524113")}
	p.autoLenders = []*counterparty{org("COASTAL AUTO FINANCE", "522220"), org("VALLEY MOTOR ACCEPTANCE", "522220"), org("SUMMIT CU AUTO LOANS", "522130")}
	p.mortgage = []*counterparty{org("GOLDEN GATE MORTGAGE SERVICING", "522292"), org("PACIFIC HOME LOANS", "522292"), org("HARBOR FEDERAL MORTGAGE", "522292")}
	p.cardIssuers = []*counterparty{org("SUMMIT CARD SERVICES", "522210"), org("BLUE HARBOR BANK CARD", "522210"), org("CAPSTONE CARD", "522210")}
	p.processors = []*counterparty{org("PACIFIC MERCHANT SERVICES", "522320"), org("SWIFTPAY MERCHANT SVCS", "522320"), org("CARDPOINT SETTLEMENT", "522320")}
	p.payrollSvc = []*counterparty{org("PAYWISE PAYROLL", "541214"), org("STAFFPAY SERVICES", "541214")}
	p.marketplace = []*counterparty{org("SHOPSTREAM MARKETPLACE", "454110"), org("BAZAARLY PAYOUTS", "454110"), org("CARTWAVE PAYMENTS", "522320")}
	p.universities = []*counterparty{org("PACIFIC CREST UNIVERSITY", "611310"), org("SAN GABRIEL VALLEY COLLEGE", "611310"),
		org("HARBOR CITY UNIVERSITY", "611310"), org("SOUTHLAND STATE UNIVERSITY", "611310"), org("CALIFORNIA COAST INSTITUTE OF TECHNOLOGY", "611310")}
	for range 6 {
		p.escrows = append(p.escrows, org(strings.ToUpper(g.ids.bizName(bizEscrow)), "531390"))
	}
	for range 3 {
		p.escrows = append(p.escrows, org(strings.ToUpper(g.ids.bizName(bizTitle)), "524127"))
	}
	p.brokerages = []*counterparty{org("SUMMIT SECURITIES LLC", "523150"), org("PACIFIC WEALTH BROKERAGE", "523150"), org("HARBORVIEW INVESTMENTS", "523940")}
	supFirst := []string{"Golden State", "Pacific", "Sunrise", "Valley", "Coastal", "Mission", "Evergreen", "Southwest", "Premier", "United"}
	supSecond := []string{"Foodservice", "Produce Wholesale", "Restaurant Supply", "Distributors", "Paper & Packaging", "Building Supply", "Beauty Supply", "Auto Parts", "Meat Co", "Seafood"}
	for range max(30, n/50) {
		name := g.ids.uniqueName("orgname", func(try int) string {
			return strings.ToUpper(pick(r, supFirst) + " " + qualify(r, try) + pick(r, supSecond) + " " + pick(r, usLegalForms))
		})
		p.suppliersUS = append(p.suppliersUS, org(name, pick(r, []string{"424410", "424490", "423310", "424130", "423120", "424460"})))
	}
	for range 20 {
		p.suppliersCN = append(p.suppliersCN, g.newCP(strings.ToUpper(g.ids.cnSupplierName()), "CN", model.Organization, "339999"))
	}
	for range 12 {
		p.suppliersCN = append(p.suppliersCN, g.newCP(strings.ToUpper(g.ids.hkSupplierName()), "HK", model.Organization, "424990"))
	}
	for range 4 { // real trading companies have shell-like names too
		p.suppliersCN = append(p.suppliersCN, g.newCP(g.ids.hkShellName(), "HK", model.Organization, "424990"))
	}
	dealers := []string{"Valley", "Pacific", "Freeway", "Sunset", "Border", "Rancho", "Golden State", "Metro"}
	for range 8 {
		name := g.ids.uniqueName("orgname", func(try int) string {
			return strings.ToUpper(pick(r, dealers) + " " + qualify(r, try) + pick(r, []string{"Auto Sales", "Motors", "Used Cars", "Auto Group"}))
		})
		p.autoDealers = append(p.autoDealers, org(name, "441120"))
	}
	retail := []bizKind{bizElectronics, bizGrocery, bizBoutique, bizJewelry, bizRestaurantCN, bizRestaurantMX, bizEmployer}
	for range max(40, n/40) {
		p.customersUS = append(p.customersUS, org(strings.ToUpper(g.ids.bizName(pick(r, retail))), "452319"))
	}
	p.irs = org("INTERNAL REVENUE SERVICE", "921130")
	p.ssa = org("SOCIAL SECURITY ADMINISTRATION", "923130")
	p.edd = org("EMPLOYMENT DEVELOPMENT DEPT", "926110")
	p.stateTax = org("CALIFORNIA DEPT OF TAX AND FEE ADMIN", "921130")
	p.pensions = []*counterparty{org("TEACHERS RETIREMENT FUND", "524292"), org("PUBLIC EMPLOYEES RETIREMENT FUND", "524292"), org("UNION PENSION TRUST", "525110")}
	p.remitters = []*counterparty{org("ENVIOS RAPIDOS LLC", "522390"), org("PACIFIC REMIT INC", "522390"), org("DRAGON EXPRESS REMITTANCE", "522390")}
	p.commercialLandlords = []*counterparty{}
	for range max(10, n/150) {
		p.commercialLandlords = append(p.commercialLandlords, org(strings.ToUpper(g.ids.bizName(bizLandlord)), "531120"))
	}
}

// makeHousehold makes one household of persons (at most room of them).
func (g *generator) makeHousehold(room int) []*party {
	r := g.pop
	comm := g.randomCommunity()
	head := g.newPerson(personOpts{comm: comm, class: g.drawClass(false)})
	head.head = true
	g.registerPerson(head)
	members := []*party{head}
	addr := head.m.Address
	u := r.Float64()
	if room < 2 || u < 0.42 { // single
		return members
	}
	if head.class == model.OccStudent {
		return members
	}
	spClass := g.drawClass(true)
	if head.class == model.OccRetired {
		spClass = model.OccRetired
	} else if r.chance(0.3) {
		spClass = model.OccHomemaker
	}
	sp := g.newPerson(personOpts{comm: comm, class: spClass, home: head.home, like: &head.name, spouse: true, address: &addr,
		sex: other(head.name.sex), foreign: g.sameStatus(head), country: head.country, minAge: max(21, g.age(head)-6), maxAge: g.age(head) + 6})
	g.registerPerson(sp)
	head.spouse, sp.spouse = head, sp
	if r.chance(0.15) { // a shared landline
		sp.m.Phones = append(sp.m.Phones, head.m.Phones[0])
	}
	if r.chance(0.1) && len(head.m.DeviceIDs) > 0 { // a shared tablet
		sp.m.DeviceIDs = append(sp.m.DeviceIDs, head.m.DeviceIDs[0])
	}
	if r.chance(0.3) { // a joint checking account
		head.chk.m.Owners = append(head.chk.m.Owners, sp.m.ID)
	}
	members = append(members, sp)
	if head.class == model.OccRetired || room < 3 || u < 0.75 {
		return members
	}
	kids := 1
	if r.chance(0.3) && room >= 4 {
		kids = 2
	}
	for k := range kids {
		cls := model.OccStudent
		if k == 1 {
			cls = model.OccEmployee
		}
		c := g.newPerson(personOpts{comm: comm, class: cls, home: head.home, like: &head.name, address: &addr, foreign: g.sameStatus(head), country: head.country, minAge: 18, maxAge: 24})
		g.registerPerson(c)
		c.parent = head
		members = append(members, c)
	}
	return members
}

// sameStatus makes a relative share the head's immigration status.
func (g *generator) sameStatus(head *party) int {
	if head.foreign {
		return 1
	}
	return -1
}

func (g *generator) age(p *party) int { return p.m.BirthDate.YearsBetween(g.cfg.Start) }

func other(sex byte) byte {
	if sex == 'm' {
		return 'f'
	}
	return 'm'
}

// drawClass draws an occupation class for an adult (a spouse is never a
// student).
func (g *generator) drawClass(spouse bool) model.OccupationClass {
	w := make([]float64, len(classWeights))
	for i, c := range classWeights {
		w[i] = c.weight
		if spouse && c.class == model.OccStudent {
			w[i] = 0
		}
	}
	return classWeights[g.pop.weighted(w)].class
}

// registerPerson adds an ordinary person to the customers.
func (g *generator) registerPerson(p *party) {
	g.customers = append(g.customers, p)
	g.persons = append(g.persons, p)
	g.byBranch[p.home.id] = append(g.byBranch[p.home.id], p)
}

// orgKinds are the businesses among ordinary customers, with their shares.
var orgKinds = []struct {
	kind   bizKind
	weight float64
}{
	{bizRestaurantMX, 0.1}, {bizRestaurantCN, 0.08}, {bizRestaurantUS, 0.05}, {bizGrocery, 0.07}, {bizElectronics, 0.04},
	{bizJewelry, 0.02}, {bizBoutique, 0.03}, {bizImporter, 0.04}, {bizConstruction, 0.1}, {bizRealEstate, 0.05},
	{bizLandlord, 0.05}, {bizAutoRepair, 0.08}, {bizSalon, 0.08}, {bizTrucking, 0.07}, {bizMedical, 0.06},
	{bizAccounting, 0.05}, {bizEscrow, 0.01},
}

// makeBusiness makes a business customer of kind k and its owner.
func (g *generator) makeBusiness(k bizKind) (*party, *party) {
	r := g.pop
	comm := g.randomCommunity()
	switch k {
	case bizRestaurantMX:
		comm = commHispanic
	case bizRestaurantCN, bizImporter:
		if r.chance(0.8) {
			comm = commChineseCN + community(r.IntN(3))
		}
	}
	info := bizInfos[k]
	occ := occupation{text: info.occupier, class: model.ClassifyOccupation(info.occupier), median: 90000, sigma: 0.4}
	owner := g.newPerson(personOpts{comm: comm, occ: &occ, minAge: 28, maxAge: 68})
	owner.head = true
	g.registerPerson(owner)
	org := g.newOrg(k, owner, owner.home, owner.open+r.IntN(200))
	g.customers = append(g.customers, org)
	g.orgs = append(g.orgs, org)
	org.bb = &bizBeh{kind: k, owner: owner}
	return org, owner
}

// buildOrdinary fills the bank with ordinary households and businesses up
// to the configured number of customers, and gives every one behaviour.
func (g *generator) buildOrdinary(ctx context.Context) error {
	r := g.pop
	n := g.cfg.Customers
	w := make([]float64, len(orgKinds))
	for i, k := range orgKinds {
		w[i] = k.weight
	}
	escrows := 0
	for i := 0; len(g.customers) < n; i++ {
		if i%1024 == 0 && ctx.Err() != nil {
			return fmt.Errorf("generate: %w", ctx.Err())
		}
		room := n - len(g.customers)
		if room >= 2 && r.chance(0.15) {
			k := orgKinds[r.weighted(w)].kind
			if escrows == 0 && len(g.orgs) >= 3 {
				k = bizEscrow // every bank of this kind has at least one escrow customer
			}
			if k == bizEscrow {
				escrows++
			}
			g.makeBusiness(k)
			continue
		}
		g.makeHousehold(room)
	}
	return nil
}

// hire gives on-us businesses some of their staff among the customers.
func (g *generator) hire() {
	r := g.pop
	for _, o := range g.orgs {
		b := o.bb
		staff := *o.m.Employees
		onUs := int(float64(staff) * r.between(0.1, 0.35))
		cands := g.byBranch[o.home.id]
		for tries := 0; len(b.staffOnUs) < onUs && tries < 40; tries++ {
			p := pick(r, cands)
			if p.look != "" || p.employer != nil || (p.class != model.OccEmployee && p.class != model.OccLaborer) {
				continue
			}
			g.employ(o, p)
		}
		for len(b.staffOnUs)+len(b.staffOff) < staff {
			b.staffOff = append(b.staffOff, g.personCP(g.randomCommunity(), "US"))
			b.wagesOff = append(b.wagesOff, g.wage(b.kind))
		}
	}
}

// employ makes org the employer of p.
func (g *generator) employ(org, p *party) {
	b := org.bb
	b.staffOnUs = append(b.staffOnUs, p)
	b.wages = append(b.wages, g.wage(b.kind))
	p.employer = org
}

// wage draws an employee's net biweekly pay at a business of kind k.
func (g *generator) wage(k bizKind) float64 {
	switch k {
	case bizRestaurantMX, bizRestaurantCN, bizRestaurantUS, bizGrocery, bizSalon:
		return g.pop.logNormal(1250, 0.2)
	case bizMedical, bizAccounting, bizRealEstate, bizEscrow:
		return g.pop.logNormal(2300, 0.3)
	}
	return g.pop.logNormal(1750, 0.25)
}

// personProfile gives an ordinary person behaviour.
func (g *generator) personProfile(p *party) {
	r := g.pop
	b := &personBeh{refundDay: -1, fav: r.IntN(1 << 20)}
	p.pb = b
	inc := p.income
	head := p.head
	switch p.class {
	case model.OccEmployee, model.OccProfessional, model.OccLaborer:
		switch u := r.Float64(); {
		case p.class == model.OccProfessional && u < 0.55, p.class != model.OccProfessional && u < 0.5:
			b.pay = payBiweeklyA + payKind(r.IntN(2))
		case p.class == model.OccLaborer && u < 0.85:
			b.pay = payWeekly
		case u < 0.85:
			b.pay = paySemimonthly
		default:
			b.pay = payMonthly
		}
		if p.class == model.OccLaborer && r.chance(0.12) {
			b.pay = payNone // paid in cash
			b.cashRate, b.cashMed = 0.2, inc*0.78/52*1.2
		}
		b.hourly = p.class != model.OccProfessional
		if p.employer != nil {
			b.employerOrg = p.employer
			b.pay = payBiweeklyA
		} else if b.pay != payNone {
			b.employer = pick(r, g.pools.employers)
			b.payMemo = payrollMemo(b.employer.name)
			if r.chance(0.3) {
				b.employer = pick(r, g.pools.payrollSvc)
			}
			b.payAmt = inc * 0.78 / b.pay.perYear()
		}
	case model.OccRetired:
		b.ssaWeek = 2 + (p.m.BirthDate.Day()-1)/10
		if b.ssaWeek > 4 {
			b.ssaWeek = 4
		}
		b.ssaAmt = money(math.Min(inc*0.6/12, 4800) + 400)
		if r.chance(0.4) {
			b.credits = append(b.credits, recurring{dom: 1, amount: inc * 0.35 / 12, cp: pick(r, g.pools.pensions), ch: model.ChannelACH, memo: "PENSION PAYMENT"})
		}
	case model.OccStudent:
		if p.parent != nil && r.chance(0.8) {
			b.support = append(b.support, recurring{dom: r.intBetween(1, 28), amount: r.logNormal(500, 0.4), spread: 0.15, to: p.parent.chk, ch: model.ChannelP2P, memo: pick(r, []string{"allowance", "books", "", "rent"})})
		} else {
			cp := g.personCP(p.name.comm, "US")
			b.credits = append(b.credits, recurring{dom: r.intBetween(1, 28), amount: r.logNormal(450, 0.5), spread: 0.2, cp: cp, ch: model.ChannelP2P, memo: ""})
		}
		if r.chance(0.4) {
			b.pay = payBiweeklyA + payKind(r.IntN(2))
			b.employer = pick(r, g.pools.employers)
			b.payMemo = payrollMemo(b.employer.name)
			b.payAmt = math.Max(inc, 6000) * 0.85 / 26
			b.hourly = true
		}
	case model.OccHomemaker:
		if p.spouse != nil {
			b.support = append(b.support, recurring{dom: r.intBetween(1, 28), amount: r.logNormal(1200, 0.4), spread: 0.2, to: p.spouse.chk, ch: model.ChannelInternal, memo: "household"})
		}
	case model.OccUnemployed:
		if r.chance(0.6) {
			b.edd, b.eddAmt = true, money(r.between(450, 900))
		}
	case model.OccBusiness:
		// paid by the business's owner draw
	default:
		if r.chance(0.5) {
			b.pay = payBiweeklyA + payKind(r.IntN(2))
			b.employer = pick(r, g.pools.employers)
			b.payMemo = payrollMemo(b.employer.name)
			b.payAmt = r.logNormal(1500, 0.3)
			b.hourly = true
		}
	}
	// Spending power: the household's income.
	hh := inc
	if p.spouse != nil {
		hh += p.spouse.income
	}
	if p.class == model.OccStudent {
		hh = math.Max(inc, 14000)
	}
	scale := math.Min(math.Max(math.Pow(math.Max(hh, 12000)/60000, 0.35), 0.6), 2.2)
	b.cardScale = scale
	rate := map[model.OccupationClass]float64{model.OccProfessional: 1.2, model.OccEmployee: 0.95, model.OccLaborer: 0.75,
		model.OccStudent: 0.75, model.OccHomemaker: 1.05, model.OccRetired: 0.6, model.OccUnemployed: 0.45, model.OccBusiness: 1.1}[p.class]
	if rate == 0 {
		rate = 0.7
	}
	b.cardRate = rate * r.logNormal(1, 0.35)
	b.cats = make([]float64, len(spendCategories))
	for i, c := range spendCategories {
		w := c.weight * r.logNormal(1, 0.4)
		switch {
		case p.class == model.OccStudent && (c.mcc == "5814" || c.mcc == "5942" || c.mcc == "4121"):
			w *= 2
		case p.class == model.OccRetired && (c.mcc == "5912" || c.mcc == "8011"):
			w *= 2.5
		case hh > 220000 && (c.mcc == "5944" || c.mcc == "5621" || c.mcc == "7011" || c.mcc == "4511" || c.mcc == "5732"):
			w *= 3
		}
		b.cats[i] = w
	}
	g.addSecondaryAccounts(p, 0.45, 0.55)
	if p.card != nil {
		b.creditShare = r.between(0.45, 0.9)
		b.cardPayDom = r.intBetween(1, 28)
		b.payFull = r.chance(0.65)
	} else if r.chance(0.35) {
		b.offUsCard = pick(r, g.pools.cardIssuers)
		b.cardPayDom = r.intBetween(1, 28)
	}
	switch p.class {
	case model.OccLaborer:
		b.atmRate, b.atmMed = 0.11, 140
	case model.OccProfessional:
		b.atmRate, b.atmMed = 0.035, 180
	case model.OccRetired:
		b.atmRate, b.atmMed = 0.08, 120
	default:
		b.atmRate, b.atmMed = 0.06, 100
	}
	if b.cashRate == 0 {
		if strings.Contains(p.occ.text, "Waiter") || strings.Contains(p.occ.text, "Hairdresser") || strings.Contains(p.occ.text, "Cook") {
			b.cashRate, b.cashMed = 0.08, 260
		} else if p.class == model.OccLaborer {
			b.cashRate, b.cashMed = 0.02, 300
		} else {
			b.cashRate, b.cashMed = 0.006, 220
		}
	}
	b.checkRate = 0.012
	b.cashierRate = 0.0008
	b.p2pRate = r.between(0.06, 0.2)
	b.p2pMed = r.logNormal(45, 0.4)
	b.p2pInRate = r.between(0.02, 0.07)
	if p.sav != nil && r.chance(0.6) {
		b.savDom = r.intBetween(1, 28)
		b.savAmt = math.Max(50, hh*r.between(0.01, 0.05)/12)
	}
	if b.pay != payNone && r.chance(0.6) {
		b.refundDay = g.seasonDay(2, 4)
		b.refundAmt = money(r.logNormal(1400, 0.7))
	}
	// Household bills, paid by the head.
	if head {
		if p.class != model.OccStudent || r.chance(0.5) {
			own := hh > 90000 && r.chance(0.55) || p.class == model.OccRetired && r.chance(0.6)
			if own {
				b.bills = append(b.bills, recurring{dom: 1, amount: r.logNormal(math.Min(hh*0.28/12, 6500), 0.25), cp: pick(r, g.pools.mortgage), ch: model.ChannelACH, memo: "MORTGAGE PMT"})
			} else {
				rent := r.logNormal(math.Min(math.Max(hh*0.33/12, 1200), 4200), 0.2)
				if p.class == model.OccStudent {
					rent = r.logNormal(950, 0.3)
				}
				l := pick(r, g.pools.landlords)
				ch := model.ChannelACH
				switch u := r.Float64(); {
				case u < 0.35:
					ch = model.ChannelCheck
				case u < 0.55 && l.kind == model.Person:
					ch = model.ChannelP2P
				}
				b.bills = append(b.bills, recurring{dom: r.intBetween(1, 5), amount: math.Round(rent), cp: l, ch: ch, memo: "RENT"})
			}
			b.bills = append(b.bills,
				recurring{dom: r.intBetween(3, 28), amount: r.logNormal(120*scale, 0.3), spread: 0.25, cp: g.pools.utilities[0], ch: model.ChannelACH, memo: "ELECTRIC BILL"},
				recurring{dom: r.intBetween(3, 28), amount: r.logNormal(45, 0.3), spread: 0.3, cp: g.pools.utilities[1], ch: model.ChannelACH, memo: "GAS BILL"},
				recurring{dom: r.intBetween(3, 28), amount: r.logNormal(70, 0.3), spread: 0.2, cp: g.pools.utilities[2], ch: model.ChannelACH, memo: "WATER BILL"},
				recurring{dom: r.intBetween(3, 28), amount: r.logNormal(70, 0.2), cp: g.pools.telecom[2], ch: model.ChannelACH, memo: "INTERNET"})
		}
	}
	b.bills = append(b.bills, recurring{dom: r.intBetween(1, 28), amount: r.logNormal(75, 0.35), cp: pick(r, g.pools.telecom[:2]), ch: model.ChannelACH, memo: "WIRELESS BILL"})
	if p.class != model.OccStudent && r.chance(0.7) {
		b.bills = append(b.bills, recurring{dom: r.intBetween(1, 28), amount: r.logNormal(150, 0.35), cp: pick(r, g.pools.insurers[:2]), ch: model.ChannelACH, memo: "AUTO INSURANCE"})
	}
	if p.class != model.OccStudent && p.class != model.OccRetired && r.chance(0.35) {
		b.bills = append(b.bills, recurring{dom: r.intBetween(1, 28), amount: math.Round(r.logNormal(480, 0.3)), cp: pick(r, g.pools.autoLenders), ch: model.ChannelACH, memo: "AUTO LOAN PMT"})
	}
	for range r.IntN(3) {
		m := pick(r, g.pools.merchants["4899"])
		b.bills = append(b.bills, recurring{dom: r.intBetween(1, 28), amount: pick(r, []float64{9.99, 12.99, 15.49, 17.99, 22.99, 6.99}), cp: m, mcc: "4899"})
	}
	// Remittances to family abroad.
	if p.foreign || p.name.comm == commHispanic && r.chance(0.2) {
		prob := map[string]float64{"MX": 0.4, "GT": 0.6, "SV": 0.6, "HN": 0.6, "CN": 0.2, "PH": 0.5, "VN": 0.4, "IN": 0.25}[p.countryOfOrigin()]
		if r.chance(prob) && p.class != model.OccStudent {
			g.addRemittance(p, r.logNormal(300, 0.45))
		}
	}
}

// countryOfOrigin returns where a person's family lives.
func (p *party) countryOfOrigin() string {
	if p.foreign {
		return p.country
	}
	switch p.name.comm {
	case commHispanic:
		return "MX"
	case commChineseCN:
		return "CN"
	case commOther:
		return p.name.other.country
	}
	return ""
}

// addRemittance makes p send amt a month to a relative abroad, by wire or
// through a money transmitter.
func (g *generator) addRemittance(p *party, amt float64) {
	r := g.pop
	country := p.countryOfOrigin()
	if country == "" {
		return
	}
	rel := g.names.relative(&p.name, "mf"[r.IntN(2)], false)
	cp := g.newCP(rel.primary(), country, model.Person, "")
	if r.chance(0.55) {
		p.pb.bills = append(p.pb.bills, recurring{dom: r.intBetween(1, 28), amount: math.Round(amt), spread: 0.15, cp: cp, ch: model.ChannelWire,
			memo: pick(r, []string{"FAMILY SUPPORT", "APOYO FAMILIAR", "para mamá", "family", ""}), fx: countryCurrency[country]})
	} else {
		p.pb.bills = append(p.pb.bills, recurring{dom: r.intBetween(1, 28), amount: math.Round(amt), spread: 0.15, cp: pick(r, g.pools.remitters), ch: model.ChannelACH, memo: "REMITTANCE " + country})
	}
}

// seasonDay returns a day index between months lo and hi of the history's
// first year, or -1 when the history has no such day.
func (g *generator) seasonDay(lo, hi int) int {
	var cands []int
	for i := range g.days {
		if int(g.days[i].month) >= lo && int(g.days[i].month) <= hi && g.days[i].business {
			cands = append(cands, i)
		}
	}
	if len(cands) == 0 {
		return -1
	}
	return pick(g.pop, cands)
}

// bizProfile gives an ordinary business behaviour.
func (g *generator) bizProfile(o *party) {
	r := g.pop
	b := o.bb
	info := bizInfos[b.kind]
	rev := o.income
	b.daily = rev / 365
	b.cashShare, b.cardShare = info.cash, info.card
	b.processor = pick(r, g.pools.processors)
	b.cashEvery = r.intBetween(1, 3)
	b.cashMin = r.between(1500, 4000)
	b.lastCash = -10
	switch b.kind {
	case bizImporter:
		b.daily = 0
		b.receipts = pickN(r, g.pools.customersUS, r.intBetween(8, 30))
		b.receiptMed = rev / 12 / 20
		b.receiptRate = 1
		b.suppliers = pickN(r, g.pools.suppliersCN, r.intBetween(2, 5))
		b.foreign = true
		b.supplierMed = rev * 0.65 / 12 / 4
		b.supplierRate = 4.0 / 21
	case bizConstruction, bizAccounting, bizTrucking, bizRealEstate, bizMedical:
		b.receipts = pickN(r, g.pools.customersUS, r.intBetween(5, 20))
		b.receiptRate = 0.6
		b.receiptMed = rev * (1 - b.cashShare - b.cardShare) / 12 / 13
		b.daily = rev * (b.cashShare + b.cardShare) / 365
		b.cashShare, b.cardShare = b.cashShare/(b.cashShare+b.cardShare+1e-9), b.cardShare/(b.cashShare+b.cardShare+1e-9)
		b.suppliers = pickN(r, g.pools.suppliersUS, r.intBetween(2, 6))
		b.supplierMed = rev * 0.35 / 12 / 6
		b.supplierRate = 6.0 / 21
	case bizLandlord:
		b.daily = 0
		for range r.intBetween(4, 12) {
			b.tenants = append(b.tenants, g.personCP(g.randomCommunity(), "US"))
			b.tenantRent = append(b.tenantRent, math.Round(r.logNormal(1900, 0.2)))
		}
		b.bills = append(b.bills, recurring{dom: 1, amount: rev * 0.4 / 12, cp: pick(r, g.pools.mortgage), ch: model.ChannelACH, memo: "MORTGAGE PMT"})
	case bizEscrow:
		b.daily = 0
		b.escrowRate = r.between(0.3, 0.8)
		b.escrowMed = 45000
		b.closings = pickN(r, g.pools.customersUS, 6)
	default:
		b.suppliers = pickN(r, g.pools.suppliersUS, r.intBetween(2, 5))
		b.supplierMed = rev * 0.35 / 12 / 6
		b.supplierRate = 6.0 / 21
		b.salesTax = true
	}
	if b.kind == bizElectronics || b.kind == bizBoutique {
		if r.chance(0.3) {
			b.marketplace = pick(r, g.pools.marketplace)
			b.marketShare = 0.2
		}
	}
	if *o.m.Employees > 1 || len(b.staffOnUs) > 0 {
		b.pay = payBiweeklyA + payKind(r.IntN(2))
		if r.chance(0.5) {
			b.provider = pick(r, g.pools.payrollSvc)
		}
	}
	b.bills = append(b.bills,
		recurring{dom: 1, amount: math.Round(r.logNormal(math.Max(rev*0.06/12, 1500), 0.3)), cp: pick(r, g.pools.commercialLandlords), ch: model.ChannelACH, memo: "COMMERCIAL RENT"},
		recurring{dom: r.intBetween(5, 25), amount: r.logNormal(math.Max(rev*0.012/12, 150), 0.3), spread: 0.2, cp: g.pools.utilities[0], ch: model.ChannelACH, memo: "ELECTRIC BILL"},
		recurring{dom: r.intBetween(5, 25), amount: r.logNormal(180, 0.3), cp: g.pools.telecom[2], ch: model.ChannelACH, memo: "BUSINESS INTERNET"},
		recurring{dom: r.intBetween(5, 25), amount: r.logNormal(math.Max(rev*0.01/12, 200), 0.3), cp: pick(r, g.pools.insurers), ch: model.ChannelACH, memo: "BUSINESS INSURANCE"})
	if b.kind == bizEscrow || b.kind == bizLandlord {
		b.bills = b.bills[1:]
	}
	if b.owner != nil {
		b.drawDom = r.intBetween(1, 28)
		b.drawAmt = b.owner.income * 0.78 / 12
	}
	g.addSecondaryAccounts(o, 0.3, 0.45)
	if o.card != nil {
		b.cardRate = r.between(0.1, 0.4)
		b.cardPayDom = r.intBetween(1, 28)
	}
}

// pickN returns n distinct elements of s (all of s when n ≥ len(s)).
func pickN[T any](r *rng, s []T, n int) []T {
	if n >= len(s) {
		return append([]T(nil), s...)
	}
	idx := r.Perm(len(s))[:n]
	out := make([]T, n)
	for i, k := range idx {
		out[i] = s[k]
	}
	return out
}

// buildSocial gives persons their P2P contacts: relatives, friends who bank
// here (mostly at the same branch) and friends at other banks.
func (g *generator) buildSocial() {
	r := g.pop
	for _, p := range g.persons {
		b := p.pb
		if b == nil {
			continue
		}
		if p.spouse != nil {
			b.contacts = append(b.contacts, p.spouse.chk)
		}
		if p.parent != nil {
			b.contacts = append(b.contacts, p.parent.chk)
		}
		same := g.byBranch[p.home.id]
		for range r.intBetween(1, 5) {
			q := pick(r, same)
			if q != p && q.chk != nil {
				b.contacts = append(b.contacts, q.chk)
			}
		}
		g.addFriends(p)
	}
}

// addFriends gives p one to three friends who bank elsewhere.
func (g *generator) addFriends(p *party) {
	r := g.pop
	for range r.intBetween(1, 3) {
		c := p.name.comm
		if r.chance(0.3) {
			c = g.randomCommunity()
		}
		p.pb.friends = append(p.pb.friends, g.personCP(c, "US"))
	}
}

// setExpected sets a customer's declared KYC from its behaviour.
func (g *generator) setExpected(p *party) {
	var count, amount float64
	var countries []string
	if b := p.pb; b != nil {
		count = 30*(b.cardRate+b.atmRate+b.cashRate+b.p2pRate+b.p2pInRate) + float64(len(b.bills)+len(b.credits)+len(b.support)) + b.pay.perYear()/12
		amount = p.income / 12
		if amount == 0 {
			amount = 30 * b.cardRate * 40 * b.cardScale
		}
		for _, c := range b.bills {
			if c.cp != nil && c.cp.country != "US" && c.cp.country != "" {
				countries = appendUnique(countries, c.cp.country)
			}
		}
		for _, c := range b.credits {
			if c.cp != nil && c.cp.country != "US" && c.cp.country != "" {
				countries = appendUnique(countries, c.cp.country)
			}
		}
	}
	if b := p.bb; b != nil {
		count = float64(30) + float64(len(b.staffOnUs)+len(b.staffOff))*2.2 + 30*(b.receiptRate+b.supplierRate)
		amount = p.income / 12
		for _, s := range b.suppliers {
			if s.country != "US" {
				countries = appendUnique(countries, s.country)
			}
		}
	}
	g.setKYC(p, count, amount, countries)
}

func appendUnique(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

// buildCorrespondents makes the customers of the two correspondent banks
// whose account data the bank sees: Mexican persons and companies with MXN
// accounts at Banco Fronterizo del Norte, Chinese persons and companies with
// CNY accounts at Jinhai Commercial Bank.
func (g *generator) buildCorrespondents() {
	r := g.pop
	n := max(20, g.cfg.Customers/60)
	for i := range 2 * n {
		mx := i < n
		country, cur, inst := "MX", "MXN", corrMXInstitution
		if !mx {
			country, cur, inst = "CN", "CNY", corrCNInstitution
		}
		p := g.corrParty(country, r.chance(0.25))
		g.corrAccount(p, inst, cur)
		if mx {
			g.corrMX = append(g.corrMX, p)
		} else {
			g.corrCN = append(g.corrCN, p)
		}
	}
}

// corrParty makes a customer of a correspondent bank.
func (g *generator) corrParty(country string, org bool) *party {
	r := g.pop
	p := &party{open: -1 - r.IntN(3000), foreign: true, country: country}
	p.m = model.Party{ID: g.ids.corrPartyID(country), Kind: model.Person}
	city := pick(r, mxCities)
	if country == "MX" {
		p.m.Address = model.Address{Line: fmt.Sprintf("Calle %s %d", pick(r, hispanicSurnames), r.intBetween(1, 3000)), City: city.city, Region: city.state, Country: "MX"}
		p.m.Phones = []string{g.ids.phoneMX(city.area)}
	} else {
		p.m.Address = model.Address{City: pick(r, cnCities), Country: "CN"}
		p.m.Phones = []string{g.ids.phoneCN()}
	}
	if org {
		p.m.Kind = model.Organization
		name := g.ids.mxCompanyName()
		if country == "CN" {
			name = g.ids.cnSupplierName()
		}
		p.m.Names = []model.Name{{Full: name, Script: model.ScriptLatin, Kind: model.NamePrimary}}
		return p
	}
	if country == "MX" {
		n := g.names.person(commHispanic, "mf"[r.IntN(2)])
		p.name = n
		p.m.Names = n.names
		p.m.Nationalities = []string{"MX"}
		birth := g.cfg.Start.AddDate(-r.intBetween(22, 70), 0, -r.IntN(365))
		p.m.BirthDate = model.DateOf(birth)
		if n.paternal != "" {
			p.m.Documents = []model.IDDocument{{Type: model.DocCURP, Number: g.ids.curp(n.paternal, n.maternal, n.given, birth, n.sex, city.state), Country: "MX"}}
		}
		return p
	}
	// A Chinese bank records the name in characters, with pinyin beside.
	n := g.names.person(commChineseCN, "mf"[r.IntN(2)])
	g.corrChineseName(p, &n)
	return p
}

// corrChineseName writes a mainland name as a Chinese bank records it.
func (g *generator) corrChineseName(p *party, n *personName) {
	simp := n.han.simp
	for _, s := range n.hanGiven {
		simp += s.simp
	}
	py := n.han.pinyin + " " + joinPinyin(n.hanGiven)
	p.name = *n
	p.m.Names = []model.Name{{Full: simp, Script: model.ScriptHan, Kind: model.NamePrimary},
		{Full: py, Given: joinPinyin(n.hanGiven), Family: n.han.pinyin, Script: model.ScriptLatin, Kind: model.NameAlias}}
	p.m.Nationalities = []string{"CN"}
	p.m.BirthDate = model.DateOf(g.cfg.Start.AddDate(-g.pop.intBetween(40, 65), 0, -g.pop.IntN(365)))
	p.m.Documents = []model.IDDocument{{Type: model.DocNationalID, Number: g.ids.unique("cnid", func() string { return g.pop.digits(17) + string("0123456789X"[g.pop.IntN(11)]) }), Country: "CN"}}
}

// corrAccount opens an account at a correspondent bank.
func (g *generator) corrAccount(p *party, inst, cur string) *account {
	country := "MX"
	if cur == "CNY" {
		country = "CN"
	}
	a := &account{owner: p, open: p.open}
	a.m = model.Account{ID: g.ids.corrAccountID(country), Institution: inst, Owners: []string{p.m.ID}, Type: model.AcctChecking, Currency: cur, Opened: g.date(p.open)}
	p.chk = a
	p.accounts = append(p.accounts, a)
	g.accounts = append(g.accounts, a)
	return a
}
