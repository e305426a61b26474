package synth

import (
	"fmt"
	"math"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
)

// party is a party the generator made, with what its behaviour needs.
type party struct {
	m     model.Party
	name  personName // persons only
	home  *branch
	occ   occupation
	class model.OccupationClass
	// income is what the person or business really earns (annual USD); the
	// declared income in m may differ.
	income float64
	open   int // day index of onboarding (negative: before the history)

	chk, sav, card *account
	accounts       []*account

	pb *personBeh // ordinary behaviour of a person (nil: none)
	bb *bizBeh    // ordinary behaviour of a business (nil: none)

	spouse, parent *party // household links, when they are customers
	head           bool   // pays the household's bills
	employer       *party // an on-us business that employs the person
	look           LookAlike
	planted        bool // created for a planted case
	foreign        bool // a foreign national (immigrant, visa holder)
	country        string
}

// account is an account the generator made.
type account struct {
	m     model.Account
	owner *party
	open  int // day index of opening
}

// personOpts says what person to make.
type personOpts struct {
	comm    community
	sex     byte
	class   model.OccupationClass
	occ     *occupation // overrides class
	minAge  int
	maxAge  int
	home    *branch
	open    int // onboarding day; openSet says it is set
	openSet bool
	like    *personName // make a relative of this person
	spouse  bool
	foreign int // 0: draw; 1: force a foreign national; -1: force a US citizen
	country string
	group   string         // commOther: the country of the group to draw a name from
	address *model.Address // share this address (a household)
}

// drawAge returns an age in years for the class.
func (g *generator) drawAge(c model.OccupationClass, lo, hi int) int {
	r := g.pop
	if lo == 0 {
		switch c {
		case model.OccStudent:
			lo, hi = 18, 29
		case model.OccRetired:
			lo, hi = 62, 88
		case model.OccHomemaker:
			lo, hi = 24, 60
		default:
			lo, hi = 21, 66
		}
	}
	return r.intBetween(lo, hi)
}

// drawOpen draws an onboarding day: most customers have banked here for
// years, a few joined during the history.
func (g *generator) drawOpen() int {
	r := g.pop
	if r.chance(0.05) {
		return r.IntN(max(1, len(g.days)*4/5))
	}
	return -1 - min(int(r.ExpFloat64()*900), 4500)
}

// date returns the calendar date of day index d (negative: before the
// history).
func (g *generator) date(d int) model.Date {
	return model.DateOf(g.cfg.Start.AddDate(0, 0, d))
}

// newPerson makes a person customer with KYC and a checking account, and
// registers it. Behaviour is added by the caller.
func (g *generator) newPerson(o personOpts) *party {
	r := g.pop
	if o.sex == 0 {
		o.sex = "mf"[r.IntN(2)]
	}
	var n personName
	switch {
	case o.like != nil:
		n = g.names.relative(o.like, o.sex, o.spouse)
	case o.comm == commOther && o.group != "":
		n = g.names.ofGroup(o.group, o.sex)
	default:
		n = g.names.person(o.comm, o.sex)
	}
	occ := drawOccupation(r, o.class)
	if o.occ != nil {
		occ = *o.occ
	}
	if o.class == model.OccUnknown && o.occ == nil {
		occ = occupation{class: model.OccUnknown}
	}
	age := g.drawAge(occ.class, o.minAge, o.maxAge)
	birth := g.cfg.Start.AddDate(-age, 0, -r.IntN(365))
	home := o.home
	if home == nil {
		home = g.drawBranch(o.comm)
	}
	open := o.open
	if !o.openSet {
		open = g.drawOpen()
	}
	p := &party{name: n, home: home, occ: occ, class: occ.class, open: open}
	p.income = occ.income(r)
	p.m = model.Party{
		ID:         g.ids.customerID(),
		Kind:       model.Person,
		Names:      n.names,
		BirthDate:  model.DateOf(birth),
		Occupation: occ.text,
		Onboarded:  g.date(open),
	}
	if o.address != nil {
		p.m.Address = *o.address
	} else if occ.class == model.OccStudent || r.chance(0.35) {
		p.m.Address = g.ids.unitAddress(home)
	} else {
		p.m.Address = g.ids.address(home)
	}
	g.assignIdentity(p, o)
	g.assignContacts(p)
	p.m.OnboardedBy = g.banker(home)
	p.chk = g.newAccount(p, model.AcctChecking, open)
	return p
}

// drawBranch draws a home branch for a person of community c.
func (g *generator) drawBranch(c community) *branch {
	w := make([]float64, len(branches))
	for i, b := range branches {
		switch {
		case c.chinese():
			w[i] = b.weight * b.chinese
		case c == commHispanic:
			w[i] = b.weight * b.hisp
		default:
			w[i] = b.weight * math.Max(0.05, 1-b.chinese-b.hisp)
		}
	}
	return &branches[g.pop.weighted(w)]
}

// assignIdentity sets nationality, citizenship and identity documents.
func (g *generator) assignIdentity(p *party, o personOpts) {
	r := g.pop
	n := &p.name
	foreign := false
	country := "US"
	switch n.comm {
	case commHispanic:
		if r.chance(0.42) {
			foreign, country = true, "MX"
			if r.chance(0.1) {
				country = pick(r, []string{"GT", "SV", "HN"})
			}
		}
	case commChineseCN:
		if r.chance(0.55) {
			foreign, country = true, "CN"
		}
	case commChineseHK:
		if r.chance(0.45) {
			foreign, country = true, "HK"
		}
	case commChineseTW:
		if r.chance(0.45) {
			foreign, country = true, "TW"
		}
	case commOther:
		if r.chance(0.4) {
			foreign, country = true, n.other.country
		}
	}
	switch {
	case o.foreign > 0:
		foreign = true
		if o.country != "" {
			country = o.country
		} else if country == "US" {
			country = communityCountry(n)
		}
	case o.foreign < 0:
		foreign, country = false, "US"
	}
	p.foreign, p.country = foreign, country
	birth := p.m.BirthDate.Time
	issued := func(maxYears int) model.Date { // an issue date up to maxYears ago
		return model.DateOf(g.cfg.Start.AddDate(0, 0, -r.IntN(maxYears*365)-30))
	}
	docs := []model.IDDocument{}
	if !foreign {
		p.m.Nationalities = []string{"US"}
		p.m.Citizenships = []string{"US"}
		st := p.home.state
		is := issued(5)
		docs = append(docs, model.IDDocument{Type: model.DocDriversLicense, Number: g.ids.driversLicense(st), Country: "US",
			Issued: is, Expires: model.DateOf(is.AddDate(5, 0, 0))})
		docs = append(docs, model.IDDocument{Type: model.DocTaxID, Number: g.ids.ssn(), Country: "US"})
		p.m.Documents = docs
		return
	}
	nat := country
	if country == "HK" {
		nat = "CN" // HKSAR passport holders are Chinese nationals
	}
	p.m.Nationalities = []string{nat}
	p.m.Citizenships = []string{nat}
	is := issued(9)
	docs = append(docs, model.IDDocument{Type: model.DocPassport, Number: g.ids.passportNumber(country), Country: country,
		Issued: is, Expires: model.DateOf(is.AddDate(10, 0, 0))})
	switch {
	case p.class == model.OccStudent:
		vis := issued(3)
		class := "F-1"
		if r.chance(0.2) {
			class = "J-1"
		}
		docs = append(docs, model.IDDocument{Type: model.DocVisa, Number: g.ids.visaNumber(), Country: "US",
			Issued: vis, Expires: model.DateOf(vis.AddDate(4, 0, 0)), Class: class})
	case r.chance(0.65):
		gc := issued(9)
		docs = append(docs, model.IDDocument{Type: model.DocResidence, Number: g.ids.greenCard(), Country: "US",
			Issued: gc, Expires: model.DateOf(gc.AddDate(10, 0, 0))})
		docs = append(docs, model.IDDocument{Type: model.DocTaxID, Number: g.ids.ssn(), Country: "US"})
	case country == "MX" || country == "GT" || country == "SV" || country == "HN":
		docs = append(docs, model.IDDocument{Type: model.DocTaxID, Number: g.ids.itin(), Country: "US"})
	default:
		vis := issued(3)
		class := pick(r, []string{"H-1B", "H-1B", "L-1", "E-2", "H-4"})
		docs = append(docs, model.IDDocument{Type: model.DocVisa, Number: g.ids.visaNumber(), Country: "US",
			Issued: vis, Expires: model.DateOf(vis.AddDate(3, 0, 0)), Class: class})
		if class != "H-4" {
			docs = append(docs, model.IDDocument{Type: model.DocTaxID, Number: g.ids.ssn(), Country: "US"})
		}
	}
	if country == "MX" && n.paternal != "" && r.chance(0.45) {
		state := pick(r, mxCities).state
		docs = append(docs, model.IDDocument{Type: model.DocCURP, Number: g.ids.curp(n.paternal, n.maternal, n.given, birth, n.sex, state), Country: "MX"})
		if r.chance(0.4) {
			docs = append(docs, model.IDDocument{Type: model.DocRFC, Number: g.ids.rfc(n.paternal, n.maternal, n.given, birth), Country: "MX"})
		}
	}
	p.m.Documents = docs
}

// communityCountry returns the country a foreign national of the name's
// community comes from.
func communityCountry(n *personName) string {
	switch n.comm {
	case commHispanic:
		return "MX"
	case commChineseCN, commChineseUS:
		return "CN"
	case commChineseHK:
		return "HK"
	case commChineseTW:
		return "TW"
	case commOther:
		return n.other.country
	}
	return "CA"
}

// assignContacts sets phones, e-mails and devices.
func (g *generator) assignContacts(p *party) {
	r := g.pop
	n := &p.name
	p.m.Phones = []string{g.ids.phoneUS(pick(r, p.home.areas))}
	if p.foreign && r.chance(0.3) {
		switch p.country {
		case "MX":
			p.m.Phones = append(p.m.Phones, g.ids.phoneMX(pick(r, mxCities).area))
		case "CN":
			p.m.Phones = append(p.m.Phones, g.ids.phoneCN())
		}
	}
	if r.chance(0.93) {
		given, family := n.given, n.family
		if n.han != nil {
			family = n.han.pinyin
		}
		p.m.Emails = []string{g.ids.email(given, family, n.comm.chinese())}
	}
	if r.chance(0.8) {
		p.m.DeviceIDs = []string{g.ids.deviceID()}
		if r.chance(0.25) {
			p.m.DeviceIDs = append(p.m.DeviceIDs, g.ids.deviceID())
		}
	}
}

// banker returns the employee ID of a banker at branch b.
func (g *generator) banker(b *branch) string {
	bs := g.bankers[b.id]
	if len(bs) == 0 {
		return ""
	}
	// Senior bankers open more accounts than junior ones.
	w := make([]float64, len(bs))
	for i := range w {
		w[i] = 1 / float64(i+2)
	}
	return bs[g.pop.weighted(w)].m.ID
}

// newAccount opens an account of type t for p on day open.
func (g *generator) newAccount(p *party, t model.AccountType, open int) *account {
	a := &account{owner: p, open: open}
	a.m = model.Account{
		ID:          g.ids.accountID(),
		Institution: bankInstitution,
		Owners:      []string{p.m.ID},
		Type:        t,
		Currency:    "USD",
		Opened:      g.date(open),
		Branch:      p.home.id,
	}
	p.accounts = append(p.accounts, a)
	g.accounts = append(g.accounts, a)
	return a
}

// addSecondaryAccounts opens savings and credit-card accounts for some.
func (g *generator) addSecondaryAccounts(p *party, savings, card float64) {
	r := g.pop
	if r.chance(savings) {
		p.sav = g.newAccount(p, model.AcctSavings, p.open+r.IntN(400))
	}
	if r.chance(card) {
		p.card = g.newAccount(p, model.AcctCreditCard, p.open+r.IntN(300))
	}
}

// setKYC sets the declared income, expected activity and source of funds
// from what the customer really does, with the noise of self-declaration.
func (g *generator) setKYC(p *party, monthlyCount, monthlyAmount float64, countries []string) {
	r := g.pop
	if p.m.Kind == model.Person && r.chance(0.96) {
		inc := p.income
		if inc > 0 {
			inc = float64(int(inc*r.between(0.85, 1.15)/1000) * 1000)
		}
		p.m.DeclaredIncome = &inc
	}
	if r.chance(0.9) {
		p.m.ExpectedActivity = &model.ExpectedActivity{
			MonthlyCount:  max(1, int(monthlyCount*r.between(0.6, 1.5))),
			MonthlyAmount: float64(int(monthlyAmount*r.between(0.6, 1.6)/100) * 100),
			Countries:     countries,
		}
	}
	switch {
	case p.look == LookLandlord:
		p.m.SourceOfFunds = "Rental income"
	case p.look == LookIntlStudent:
		p.m.SourceOfFunds = "Family support"
	case p.look == LookHomeBuyer:
		p.m.SourceOfFunds = "Employment income and investments"
	case p.m.Kind == model.Organization:
		p.m.SourceOfFunds = "Business revenue"
	case p.class == model.OccRetired:
		p.m.SourceOfFunds = pick(r, []string{"Pension", "Social Security", "Retirement savings"})
	case p.class == model.OccStudent:
		p.m.SourceOfFunds = pick(r, []string{"Family support", "Scholarship", "Part-time employment"})
	case p.class == model.OccHomemaker:
		p.m.SourceOfFunds = "Spouse income"
	case p.class == model.OccUnemployed:
		p.m.SourceOfFunds = pick(r, []string{"Savings", "Unemployment benefits"})
	case p.class == model.OccBusiness:
		p.m.SourceOfFunds = "Business income"
	case p.class == model.OccUnknown:
		if r.chance(0.5) {
			p.m.SourceOfFunds = model.SourceOfFundsUndisclosed
		}
	default:
		p.m.SourceOfFunds = "Employment income"
	}
}

// newOrg makes a business customer owned by owner.
func (g *generator) newOrg(k bizKind, owner *party, home *branch, open int) *party {
	r := g.pop
	info := bizInfos[k]
	rev := r.logNormal(info.revenue, 0.45)
	staff := max(1, int(math.Round(r.logNormal(float64(info.staff), 0.5))))
	o := &party{home: home, open: open, class: model.OccBusiness, income: rev}
	emp := staff
	ann := float64(int(rev*r.between(0.8, 1.2)/1000) * 1000)
	inc := model.DateOf(g.cfg.Start.AddDate(0, 0, min(open, 0)-r.IntN(3000)-30))
	o.m = model.Party{
		ID:            g.ids.customerID(),
		Kind:          model.Organization,
		Names:         []model.Name{{Full: g.ids.bizName(k), Script: model.ScriptLatin, Kind: model.NamePrimary}},
		NAICS:         info.naics,
		Employees:     &emp,
		AnnualRevenue: &ann,
		Incorporated:  inc,
		Onboarded:     g.date(open),
		OnboardedBy:   g.banker(home),
		Address: model.Address{Line: fmt.Sprintf("%d %s", r.intBetween(100, 19999), pick(r, streetNames)), City: home.city,
			Region: home.state, PostalCode: pick(r, home.zips), Country: "US"},
		Phones: []string{g.ids.phoneUS(pick(r, home.areas))},
	}
	if r.chance(0.6) {
		slug := asciiLower(o.m.Names[0].Full)
		slug = slug[:min(len(slug), 18)]
		o.m.Emails = []string{g.ids.uniqueName("email", func(try int) string {
			if try > 0 {
				slug += string(rune('0' + r.IntN(10)))
			}
			return pick(r, []string{"info", "office", "billing", "contact"}) + "@" + slug + ".com"
		})}
	}
	o.m.Documents = []model.IDDocument{{Type: model.DocTaxID, Number: g.ids.unique("ein", func() string {
		return fmt.Sprintf("%02d-%s", r.intBetween(10, 99), r.digits(7))
	}), Country: "US"}}
	if owner != nil {
		o.m.Owners = []string{owner.m.ID}
	}
	o.chk = g.newAccount(o, model.AcctChecking, open)
	if k == bizEscrow {
		o.chk.m.Type = model.AcctEscrow
	}
	return o
}

// yearsAgo returns a date n years before the history's start.
func (g *generator) yearsAgo(n float64) time.Time {
	return g.cfg.Start.AddDate(0, 0, -int(n*365))
}
