package synth

import (
	"fmt"
	"math"

	"github.com/centinela-aml/centinela/internal/model"
)

// sanctionsOrder returns the order in which sdnVariants are planted: the
// FTO designation and the name in Han characters first, then the others in
// a seeded order.
func (g *generator) sanctionsOrder() []int {
	rest := make([]int, 0, len(sdnVariants))
	for i := 2; i < len(sdnVariants); i++ {
		rest = append(rest, i)
	}
	g.plant.Shuffle(len(rest), func(i, j int) { rest[i], rest[j] = rest[j], rest[i] })
	return append([]int{0, 1}, rest...)
}

// plantSanctions plants the next sanctioned name: a customer whose KYC
// carries the name, or an off-us counterparty in a few transactions with
// an ordinary customer. A customer is labelled with its accounts; a
// counterparty with its transactions and its account ID.
func (g *generator) plantSanctions(c *plantedCase) {
	r := g.plant
	k := g.sanctionOrder[g.sanctionsDone%len(g.sanctionOrder)]
	g.sanctionsDone++
	v := &sdnVariants[k]
	c.variant = fmt.Sprintf("SDN uid %d", v.uid)
	c.note = fmt.Sprintf("%s (%v): %s", v.listed, v.programs, v.how)
	if v.linkedTo != "" {
		c.note += "; linked to " + v.linkedTo
	}
	if v.role == sdnCustomer {
		g.sanctionedCustomer(c, v)
		return
	}
	cp := g.newCP(v.names[0].Full, v.country, v.kind, "")
	c.addAccount(cp.acct)
	cust := g.sanctionsPartner(v)
	start, length := g.window(2, 10, 60)
	n := r.intBetween(1, 3)
	for i := range n {
		di := start + i*length/n
		amt := r.logNormal(12000, 0.6)
		if v.kind == model.Person {
			amt = r.logNormal(3000, 0.5)
		}
		if r.chance(0.5) || v.uid == 41380 {
			memo := pick(r, []string{"PAYMENT", "INV " + r.digits(5), "", "pago factura"})
			if v.uid == 41380 {
				memo = "PAYMENT INV HK-" + r.digits(5)
			}
			g.send(c, di, cust.chk, cp, amt, model.ChannelWire, memo)
		} else {
			g.receive(c, di, cp, cust.chk, amt, model.ChannelWire, pick(r, []string{"PAGO", "PAYMENT", "", "pago factura"}))
		}
	}
}

// sanctionsPartner picks the ordinary customer who deals with a sanctioned
// counterparty: a business or person of a fitting background.
func (g *generator) sanctionsPartner(v *sdnVariant) *party {
	r := g.plant
	want := func(p *party) bool {
		if p.open > 0 || p.look != "" {
			return false
		}
		switch v.uid {
		case 41380: // an electronics supplier
			return p.bb != nil && (p.bb.kind == bizImporter || p.bb.kind == bizElectronics)
		case 39376: // a Mexican company
			return p.bb != nil && (p.bb.kind == bizRestaurantMX || p.bb.kind == bizGrocery || p.bb.kind == bizTrucking)
		case 54729:
			return p.m.Kind == model.Person && p.name.comm == commHispanic
		}
		return p.m.Kind == model.Person && p.name.comm.chinese()
	}
	for range 2000 {
		p := pick(r, g.customers)
		if want(p) {
			return p
		}
	}
	for {
		p := pick(r, g.customers)
		if p.open <= 0 {
			return p
		}
	}
}

// sanctionedCustomer makes a customer carrying a sanctioned name.
func (g *generator) sanctionedCustomer(c *plantedCase, v *sdnVariant) {
	r := g.plant
	comm := commHispanic
	country := "MX"
	switch v.country {
	case "HK":
		comm, country = commChineseHK, "HK"
	case "US":
		if v.names[0].Script == model.ScriptHan || v.uid == 41301 {
			comm, country = commChineseHK, "HK"
		}
	}
	occ := occupation{text: v.occup, class: model.ClassifyOccupation(v.occup), median: math.Max(v.income, 1), sigma: 0.01}
	p := g.newPerson(personOpts{comm: comm, occ: &occ, foreign: 1, country: country, open: -r.intBetween(30, 2000), openSet: true})
	p.planted = true
	p.head = true
	p.income = v.income
	p.m.Names = v.names
	if !v.birth.IsZero() {
		p.m.BirthDate = v.birth
	}
	if len(p.m.Emails) > 0 {
		for _, n := range v.names {
			if n.Script == model.ScriptLatin && n.Family != "" {
				p.m.Emails = []string{g.ids.email(n.Given, n.Family, comm.chinese())}
				break
			}
		}
	}
	if len(v.docs) > 0 { // the listed identifiers replace drawn ones of the same types
		listed := map[model.DocumentType]bool{}
		for _, d := range v.docs {
			listed[d.Type] = true
		}
		docs := p.m.Documents[:0]
		for _, d := range p.m.Documents {
			if !listed[d.Type] {
				docs = append(docs, d)
			}
		}
		p.m.Documents = append(docs, v.docs...)
	}
	g.planted = append(g.planted, p)
	g.personProfile(p)
	g.addFriends(p)
	if v.income > 0 && p.pb.pay == payNone {
		p.pb.pay = paySemimonthly
		p.pb.employer = g.newCP(g.ids.mxCompanyName(), "US", model.Organization, "")
		p.pb.payMemo = payrollMemo(p.pb.employer.name)
		p.pb.payAmt = v.income * 0.8 / 24
	}
	if country == "MX" {
		g.addRemittance(p, r.logNormal(900, 0.4))
	}
	g.setExpected(p)
	c.addParty(p, true)
}
