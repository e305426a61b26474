package synth

import (
	"fmt"
	"math"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
)

// payKind is a pay schedule.
type payKind uint8

const (
	payNone payKind = iota
	payWeekly
	payBiweeklyA
	payBiweeklyB
	paySemimonthly
	payMonthly
)

// paysToday reports whether schedule k pays on day d.
func (k payKind) paysToday(d *day) bool {
	switch k {
	case payWeekly:
		return d.payWeekly
	case payBiweeklyA:
		return d.payBiweekly[0]
	case payBiweeklyB:
		return d.payBiweekly[1]
	case paySemimonthly:
		return d.paySemimonthly
	case payMonthly:
		return d.payMonthly
	}
	return false
}

// perYear returns how many times a year schedule k pays.
func (k payKind) perYear() float64 {
	switch k {
	case payWeekly:
		return 52
	case payBiweeklyA, payBiweeklyB:
		return 26
	case paySemimonthly:
		return 24
	case payMonthly:
		return 12
	}
	return 0
}

// recurring is a monthly payment or receipt.
type recurring struct {
	dom    int
	amount float64
	spread float64 // relative standard deviation of the amount
	cp     *counterparty
	to     *account // on-us counterpart (a landlord, a parent's account)
	ch     model.Channel
	memo   string
	mcc    string // charged to a card when set
	fx     string // currency the counterparty receives
}

// personBeh is a person's ordinary behaviour.
type personBeh struct {
	pay         payKind
	payAmt      float64
	hourly      bool // pay varies a little from period to period
	employer    *counterparty
	employerOrg *party // an on-us employer pays the person (the employer's behaviour makes the transaction)
	payMemo     string

	ssaWeek int // Social Security: 2nd, 3rd or 4th Wednesday
	ssaAmt  float64
	edd     bool // unemployment insurance every other week
	eddAmt  float64

	credits []recurring // monthly receipts from off-us payers (pension, family abroad)
	support []recurring // monthly transfers from an on-us relative (to = relative's account)
	bills   []recurring // monthly payments

	cardRate    float64 // card purchases per day
	cardScale   float64 // multiplies purchase amounts
	creditShare float64 // share of purchases on the credit card
	cats        []float64
	cardBal     float64
	cardPayDom  int
	payFull     bool
	offUsCard   *counterparty // pays a card at another bank instead

	atmRate, atmMed   float64
	cashRate, cashMed float64 // cash deposits (tips, cash wages)
	checkRate         float64 // occasional checks received
	cashierRate       float64 // cashier's checks bought (a car, a deposit, a payment)
	p2pRate, p2pMed   float64
	p2pInRate         float64
	contacts          []*account
	friends           []*counterparty

	savDom int
	savAmt float64

	refundDay int // day index of a tax refund (-1: none)
	refundAmt float64

	tenants    []*counterparty // a landlord's tenants at other banks
	tenantRent []float64
	fav        int // offset of the favourite merchants
}

// bizBeh is a business's ordinary behaviour.
type bizBeh struct {
	kind      bizKind
	daily     float64 // average daily sales
	cashShare float64
	cardShare float64
	cash      float64 // cash on hand, not yet deposited
	cashEvery int     // deposits every n days at most
	cashMin   float64 // deposits when at least this much is on hand
	lastCash  int
	cardSales float64 // card sales waiting for settlement
	processor *counterparty

	receipts     []*counterparty // B2B customers paying invoices
	receiptRate  float64         // invoices paid per day
	receiptMed   float64
	marketplace  *counterparty
	marketShare  float64
	suppliers    []*counterparty
	supplierRate float64 // supplier payments per day
	supplierMed  float64
	foreign      bool // suppliers abroad (wires)

	pay       payKind
	staffOnUs []*party // employees banking here
	wages     []float64
	staffOff  []*counterparty
	wagesOff  []float64
	provider  *counterparty // payroll service; nil: direct deposit to each employee

	bills      []recurring
	owner      *party
	drawDom    int
	drawAmt    float64
	salesTax   bool
	cardRate   float64
	cardBal    float64
	cardPayDom int

	tenants    []*counterparty // a landlord's tenants at other banks
	tenantRent []float64
	escrowRate float64 // escrow: new deposits per day
	escrowMed  float64
	closings   []*counterparty
}

// fxBase are the exchange rates (units per USD) around which the history's
// rates move.
var fxBase = map[string]float64{
	"MXN": 19.1, "CNY": 7.21, "HKD": 7.81, "PHP": 57.3, "VND": 25350, "INR": 85.2, "GTQ": 7.72,
	"TWD": 31.9, "KRW": 1395, "AED": 3.6725, "USD": 1,
}

// countryCurrency maps a country to the currency its residents receive.
var countryCurrency = map[string]string{
	"MX": "MXN", "CN": "CNY", "HK": "HKD", "PH": "PHP", "VN": "VND", "IN": "INR", "GT": "GTQ", "SV": "USD", "HN": "USD",
	"TW": "TWD", "KR": "KRW", "AE": "AED", "US": "USD", "AM": "USD", "LB": "USD", "RU": "USD",
}

// fx returns the rate of currency cur on day di: a slow deterministic drift
// around the base rate.
func fx(cur string, di int) float64 {
	b, ok := fxBase[cur]
	if !ok {
		return 1
	}
	if cur == "HKD" || cur == "AED" || cur == "USD" {
		return b // pegged
	}
	return b * (1 + 0.018*math.Sin(float64(di)/23) + 0.006*math.Sin(float64(di)/5.3))
}

// Times of day, in seconds after midnight.
func (g *generator) achTime() int  { return g.act.intBetween(1*3600, 6*3600) }
func (g *generator) wireTime() int { return g.act.intBetween(8*3600+30*60, 15*3600) }
func (g *generator) cardTime() int { return int(g.act.logNormal(14*3600, 0.22)) % 86400 }
func (g *generator) p2pTime() int  { return g.act.intBetween(8*3600, 23*3600) }
func (g *generator) atmTime() int  { return g.act.intBetween(6*3600, 23*3600) }
func (g *generator) tellerTime(d *day) int {
	if d.wd == time.Saturday {
		return g.act.intBetween(9*3600, 13*3600)
	}
	return g.act.intBetween(9*3600, 17*3600)
}

// branchOpen reports whether branches have tellers on d (Monday to
// Saturday, not on holidays).
func branchOpen(d *day) bool { return d.wd != time.Sunday && (d.business || d.wd == time.Saturday) }

// tx builds a USD transaction.
func tx(at time.Time, from, to string, amount float64, ch model.Channel, memo string, cp *counterparty) model.Transaction {
	return model.Transaction{Time: at, Originator: from, Beneficiary: to, Amount: money(amount), Currency: "USD",
		Channel: ch, Memo: memo, Counterparty: cp.block()}
}

// withFX sets the received amount in currency cur at day di's rate.
func withFX(t model.Transaction, cur string, di int) model.Transaction {
	if cur == "" || cur == "USD" {
		return t
	}
	t.AmountReceived = money(t.Amount * fx(cur, di) * 0.985) // the bank's spread
	t.CurrencyReceived = cur
	return t
}

// add queues an ordinary transaction for today.
func (g *generator) add(t model.Transaction) { g.today = append(g.today, event{tx: t}) }

// active reports whether account a is open on day di.
func active(a *account, di int) bool { return a != nil && di >= a.open }

// personDay makes a person's ordinary transactions of day di.
func (g *generator) personDay(p *party, di int) {
	b := p.pb
	if b == nil || di < p.open {
		return
	}
	d := &g.days[di]
	r := g.act
	chk := p.chk.m.ID

	if b.pay != payNone && b.employerOrg == nil && b.pay.paysToday(d) {
		amt := b.payAmt
		if b.hourly {
			amt *= r.between(0.9, 1.08)
		}
		g.add(tx(d.at(g.achTime()), b.employer.acct, chk, amt, model.ChannelACH, b.payMemo, b.employer))
	}
	if b.ssaWeek > 0 && d.ssaWednesday == b.ssaWeek {
		g.add(tx(d.at(g.achTime()), g.pools.ssa.acct, chk, b.ssaAmt, model.ChannelACH, "SSA TREAS 310 XXSOC SEC", g.pools.ssa))
	}
	if b.edd && d.payBiweekly[1] {
		g.add(tx(d.at(g.achTime()), g.pools.edd.acct, chk, b.eddAmt, model.ChannelACH, "EDD UI BENEFITS", g.pools.edd))
	}
	if di == b.refundDay && d.business {
		g.add(tx(d.at(g.achTime()), g.pools.irs.acct, chk, b.refundAmt, model.ChannelACH, "IRS TREAS 310 TAX REF", g.pools.irs))
	}
	for i := range b.credits {
		c := &b.credits[i]
		if d.due(c.dom) {
			amt := c.amount * (1 + c.spread*r.NormFloat64())
			t := tx(d.at(g.achTime()), c.cp.acct, chk, math.Max(amt, 10), c.ch, c.memo, c.cp)
			if c.ch == model.ChannelWire {
				t.Time = d.at(g.wireTime())
				t = inboundFX(t, c.fx, di)
			}
			g.add(t)
		}
	}
	for i := range b.support {
		c := &b.support[i]
		if d.due(c.dom) && active(c.to, di) {
			amt := c.amount * (1 + c.spread*r.NormFloat64())
			g.add(tx(d.at(g.p2pTime()), c.to.m.ID, chk, math.Max(amt, 20), c.ch, c.memo, nil))
		}
	}
	for i := range b.bills {
		c := &b.bills[i]
		if c.mcc != "" { // a subscription on the card
			if d.dom == min(c.dom, d.lastDom) {
				src := chk
				if active(p.card, di) {
					src = p.card.m.ID
					b.cardBal += c.amount
				}
				t := tx(d.at(g.achTime()), src, c.cp.acct, c.amount, model.ChannelCard, "", c.cp)
				t.MCC = c.mcc
				g.add(t)
			}
			continue
		}
		if !d.due(c.dom) {
			continue
		}
		amt := c.amount * (1 + c.spread*r.NormFloat64())
		amt = math.Max(amt, 5)
		switch {
		case c.to != nil:
			if active(c.to, di) {
				g.add(tx(d.at(g.p2pTime()), chk, c.to.m.ID, amt, c.ch, c.memo, nil))
			}
		case c.fx != "":
			t := tx(d.at(g.wireTime()), chk, c.cp.acct, amt, c.ch, c.memo, c.cp)
			g.add(withFX(t, c.fx, di))
		default:
			g.add(tx(d.at(g.achTime()), chk, c.cp.acct, amt, c.ch, c.memo, c.cp))
		}
	}
	if active(p.sav, di) && b.savDom > 0 && d.due(b.savDom) {
		g.add(tx(d.at(g.p2pTime()), chk, p.sav.m.ID, b.savAmt*r.between(0.8, 1.2), model.ChannelInternal, "TRANSFER TO SAVINGS", nil))
	}

	// Card purchases.
	wf := 1.0
	switch d.wd {
	case time.Saturday:
		wf = 1.25
	case time.Sunday:
		wf = 1.1
	case time.Friday:
		wf = 1.12
	case time.Monday:
		wf = 0.9
	}
	n := r.poisson(b.cardRate * d.season * wf)
	for range n {
		c := &spendCategories[r.weighted(b.cats)]
		pool := g.pools.merchants[c.mcc]
		if lux, ok := g.pools.merchants["lux"+c.mcc]; ok && b.cardScale > 1.3 && r.chance(0.4) {
			pool = lux // the well-off shop at the malls the daigou buyers use too
		}
		// Most purchases go to a few favourite merchants.
		var m *counterparty
		if r.chance(0.65) {
			m = pool[(b.fav+r.IntN(3)*7)%len(pool)]
		} else {
			m = pick(r, pool)
		}
		amt := r.logNormal(c.median*b.cardScale, c.sigma)
		src := chk
		if active(p.card, di) && r.chance(b.creditShare) {
			src = p.card.m.ID
			b.cardBal += money(amt)
		}
		t := tx(d.at(g.cardTime()), src, m.acct, amt, model.ChannelCard, "", m)
		t.MCC = c.mcc
		g.add(t)
	}
	if active(p.card, di) && d.due(b.cardPayDom) && b.cardBal > 1 {
		pay := b.cardBal
		if !b.payFull {
			pay = math.Max(b.cardBal*r.between(0.3, 0.7), math.Min(b.cardBal, 35))
		}
		g.add(tx(d.at(g.p2pTime()), chk, p.card.m.ID, pay, model.ChannelInternal, "CREDIT CARD PAYMENT", nil))
		b.cardBal -= money(pay)
	}
	if b.offUsCard != nil && d.due(b.cardPayDom) {
		g.add(tx(d.at(g.achTime()), chk, b.offUsCard.acct, r.logNormal(420*b.cardScale, 0.6), model.ChannelACH, "CARD PAYMENT", b.offUsCard))
	}

	// Cash.
	if r.chance(b.atmRate) {
		br := p.home
		if r.chance(0.25) {
			br = g.nearbyBranch(p.home)
		}
		amt := math.Max(20, math.Round(r.logNormal(b.atmMed, 0.6)/20)*20)
		t := tx(d.at(g.atmTime()), chk, "", amt, model.ChannelCashWithdrawal, "ATM WITHDRAWAL", nil)
		if branchOpen(d) && r.chance(0.15) { // at the counter: larger, no ATM memo
			t = tx(d.at(g.tellerTime(d)), chk, "", math.Round(r.logNormal(b.atmMed*5, 0.7)), model.ChannelCashWithdrawal, "", nil)
		}
		t.Branch = br.id
		g.add(t)
	}
	if b.cashRate > 0 && branchOpen(d) && r.chance(b.cashRate) {
		t := tx(d.at(g.tellerTime(d)), "", chk, math.Max(20, math.Round(r.logNormal(b.cashMed, 0.5))), model.ChannelCashDeposit, "", nil)
		t.Branch = p.home.id
		if r.chance(0.1) {
			t.Branch = g.nearbyBranch(p.home).id
		}
		if p.spouse != nil && r.chance(0.15) { // brought by the spouse
			t.Counterparty = model.Counterparty{Name: p.spouse.m.Names[0].Full, Type: model.Person, Country: "US"}
		}
		g.add(t)
	}
	if b.cashierRate > 0 && branchOpen(d) && r.chance(b.cashierRate) {
		payee, amt, memo := g.cashierPayee(p)
		t := tx(d.at(g.tellerTime(d)), chk, payee.acct, amt, model.ChannelCashiersCheck, memo, payee)
		t.Branch = p.home.id
		g.add(t)
	}
	if r.chance(b.checkRate) && d.business {
		f := g.randomPayer()
		g.add(tx(d.at(g.tellerTime(d)), f.acct, chk, r.logNormal(180, 0.9), model.ChannelCheck, "", f))
	}

	// P2P among friends and family.
	if r.chance(b.p2pRate) {
		amt := math.Max(5, math.Round(r.logNormal(b.p2pMed, 0.8)))
		if r.chance(0.3) { // splitting a bill
			amt = money(r.logNormal(b.p2pMed, 0.8))
		}
		if len(b.contacts) > 0 && r.chance(0.6) {
			to := pick(r, b.contacts)
			if active(to, di) {
				g.add(tx(d.at(g.p2pTime()), chk, to.m.ID, amt, model.ChannelP2P, pick(r, p2pMemos), nil))
			}
		} else if len(b.friends) > 0 {
			f := pick(r, b.friends)
			g.add(tx(d.at(g.p2pTime()), chk, f.acct, amt, model.ChannelP2P, pick(r, p2pMemos), f))
		}
	}
	for i, t := range b.tenants {
		if d.due(1 + i%5) {
			ch := pick(r, []model.Channel{model.ChannelACH, model.ChannelCheck, model.ChannelP2P})
			g.add(tx(d.at(g.p2pTime()), t.acct, chk, b.tenantRent[i], ch, "RENT", t))
		}
	}
	if len(b.friends) > 0 && r.chance(b.p2pInRate) {
		f := pick(r, b.friends)
		g.add(tx(d.at(g.p2pTime()), f.acct, chk, math.Max(5, math.Round(r.logNormal(b.p2pMed, 0.8))), model.ChannelP2P, pick(r, p2pMemos), f))
	}
}

// p2pMemos are what friends write on P2P payments.
var p2pMemos = []string{"", "", "", "", "", "", "dinner", "rent share", "thanks!", "groceries", "gas", "birthday", "utilities", "tickets",
	"loan", "paying you back", "repay", "还钱",
	"lunch", "comida", "para la renta", "gracias", "🍕", "uber", "concert", "gift", "房租", "饭钱"}

// nearbyBranch returns another branch of the same region, or b itself.
func (g *generator) nearbyBranch(b *branch) *branch {
	var same []*branch
	for i := range branches {
		if branches[i].region == b.region && branches[i].id != b.id {
			same = append(same, &branches[i])
		}
	}
	if b.region == regBorder || b.region == regSD {
		for i := range branches {
			if (branches[i].region == regBorder || branches[i].region == regSD) && branches[i].id != b.id {
				same = append(same, &branches[i])
			}
		}
	}
	if len(same) == 0 {
		return b
	}
	return pick(g.act, same)
}

// randomPayer returns an off-us payer of an occasional check.
func (g *generator) randomPayer() *counterparty {
	if g.act.chance(0.5) && len(g.pools.employers) > 0 {
		return pick(g.act, g.pools.employers)
	}
	return pick(g.act, g.pools.insurers)
}

// bizDay makes a business's ordinary transactions of day di.
func (g *generator) bizDay(p *party, di int) {
	b := p.bb
	if b == nil || di < p.open {
		return
	}
	d := &g.days[di]
	r := g.act
	chk := p.chk.m.ID

	// Sales: cash kept in the till, card sales settled by the acquirer on
	// the next business day.
	if b.daily > 0 {
		wf := 1.0
		switch d.wd {
		case time.Friday, time.Saturday:
			wf = 1.35
		case time.Sunday:
			wf = 1.15
			if b.kind == bizAutoRepair || b.kind == bizMedical || b.kind == bizElectronics {
				wf = 0.3
			}
		case time.Monday:
			wf = 0.85
		}
		sales := b.daily * wf * d.season * r.logNormal(1, 0.18)
		b.cash += sales * b.cashShare
		b.cardSales += sales * b.cardShare
		if d.business && b.cardSales > 0 {
			g.add(tx(d.at(g.achTime()), b.processor.acct, chk, b.cardSales*0.973, model.ChannelACH, "BANKCARD MERCH DEP", b.processor))
			b.cardSales = 0
		}
		if b.cash > b.cashMin && di-b.lastCash >= b.cashEvery && branchOpen(d) {
			amt := math.Round(b.cash/5) * 5
			t := tx(d.at(g.tellerTime(d)), "", chk, amt, model.ChannelCashDeposit, "", nil)
			t.Branch = p.home.id
			if by := g.conductor(p); by != "" { // an employee or the owner brings the bag
				t.Counterparty = model.Counterparty{Name: by, Type: model.Person, Country: "US"}
			}
			g.add(t)
			b.cash, b.lastCash = 0, di
		}
	}
	if d.business && len(b.receipts) > 0 {
		for range r.poisson(b.receiptRate) {
			c := pick(r, b.receipts)
			ch := model.ChannelACH
			if r.chance(0.25) {
				ch = model.ChannelCheck
			}
			if r.chance(0.15) {
				ch = model.ChannelWire
			}
			t := tx(d.at(g.wireTime()), c.acct, chk, r.logNormal(b.receiptMed, 0.6), ch, fmt.Sprintf("INV %d", r.intBetween(1000, 99999)), c)
			if c.country != "US" { // a customer abroad pays by wire, in its currency
				t.Channel = model.ChannelWire
				t = inboundFX(t, countryCurrency[c.country], di)
			}
			g.add(t)
		}
	}
	if d.business && b.marketplace != nil {
		g.add(tx(d.at(g.achTime()), b.marketplace.acct, chk, b.daily*b.marketShare*r.logNormal(1.4, 0.3), model.ChannelACH, "MARKETPLACE PAYOUT", b.marketplace))
	}
	if d.business && len(b.suppliers) > 0 {
		for range r.poisson(b.supplierRate) {
			s := pick(r, b.suppliers)
			amt := r.logNormal(b.supplierMed, 0.5)
			if b.foreign {
				t := tx(d.at(g.wireTime()), chk, s.acct, amt, model.ChannelWire, fmt.Sprintf("PAYMENT INV %s-%d", s.country, r.intBetween(10000, 99999)), s)
				if r.chance(0.3) {
					t = withFX(t, countryCurrency[s.country], di)
				}
				g.add(t)
				continue
			}
			ch := model.ChannelACH
			if r.chance(0.3) {
				ch = model.ChannelCheck
			}
			g.add(tx(d.at(g.achTime()), chk, s.acct, amt, ch, fmt.Sprintf("INV %d", r.intBetween(1000, 99999)), s))
		}
	}
	if b.pay != payNone && b.pay.paysToday(d) {
		g.payrollRun(p, di)
	}
	for i := range b.bills {
		c := &b.bills[i]
		if d.due(c.dom) {
			amt := math.Max(c.amount*(1+c.spread*r.NormFloat64()), 20)
			g.add(tx(d.at(g.achTime()), chk, c.cp.acct, amt, c.ch, c.memo, c.cp))
		}
	}
	if b.salesTax && d.due(20) && b.daily > 0 {
		g.add(tx(d.at(g.achTime()), chk, g.pools.stateTax.acct, b.daily*30*0.085*r.between(0.85, 1.15), model.ChannelACH, "CDTFA SALES TAX", g.pools.stateTax))
	}
	if b.owner != nil && b.drawDom > 0 && d.due(b.drawDom) && active(b.owner.chk, di) {
		g.add(tx(d.at(g.p2pTime()), chk, b.owner.chk.m.ID, b.drawAmt*r.between(0.8, 1.2), model.ChannelInternal, "OWNER DRAW", nil))
	}
	if active(p.card, di) && r.chance(b.cardRate) {
		c := &spendCategories[pick(r, []int{3, 7, 17, 0})]
		m := pick(r, g.pools.merchants[c.mcc])
		t := tx(d.at(g.cardTime()), p.card.m.ID, m.acct, r.logNormal(c.median*3, 0.7), model.ChannelCard, "", m)
		t.MCC = c.mcc
		b.cardBal += t.Amount
		g.add(t)
	}
	if active(p.card, di) && d.due(b.cardPayDom) && b.cardBal > 1 {
		g.add(tx(d.at(g.p2pTime()), chk, p.card.m.ID, b.cardBal, model.ChannelInternal, "CREDIT CARD PAYMENT", nil))
		b.cardBal = 0
	}
	for i, t := range b.tenants {
		if d.due(1 + i%5) {
			ch := pick(r, []model.Channel{model.ChannelACH, model.ChannelCheck, model.ChannelP2P})
			g.add(tx(d.at(g.p2pTime()), t.acct, chk, b.tenantRent[i], ch, "RENT", t))
		}
	}
	if b.escrowRate > 0 && d.business {
		for range r.poisson(b.escrowRate) {
			g.escrowDeposit(p, di, pick(r, g.pools.customersUS), r.logNormal(b.escrowMed, 0.7))
		}
	}
}

// escrowDeposit records a buyer's deposit into an escrow customer's
// account and schedules the disbursement at closing, 20–45 days later.
func (g *generator) escrowDeposit(esc *party, di int, from *counterparty, amt float64) {
	r := g.act
	d := &g.days[di]
	g.add(tx(d.at(g.wireTime()), from.acct, esc.chk.m.ID, amt, model.ChannelWire, fmt.Sprintf("ESCROW %d-%s", r.intBetween(10, 99), r.digits(4)), from))
	close := di + r.intBetween(20, 45)
	if close < len(g.days) && len(esc.bb.closings) > 0 {
		to := pick(r, esc.bb.closings)
		cd := &g.days[close]
		for !cd.business && close+1 < len(g.days) {
			close++
			cd = &g.days[close]
		}
		g.schedule(close, tx(cd.at(g.wireTime()), esc.chk.m.ID, to.acct, amt*r.between(0.97, 0.995), model.ChannelWire, "ESCROW CLOSING DISBURSEMENT", to), nil)
	}
}

// payrollRun pays a business's employees: each by direct deposit (a
// fan-out of ACH credits), or through a payroll service in one debit.
func (g *generator) payrollRun(p *party, di int) {
	b := p.bb
	d := &g.days[di]
	r := g.act
	chk := p.chk.m.ID
	memo := payrollMemo(p.m.Names[0].Full)
	total := 0.0
	for i, e := range b.staffOnUs {
		if !active(e.chk, di) {
			continue
		}
		amt := b.wages[i] * r.between(0.93, 1.07)
		total += amt
		if b.provider == nil {
			g.add(tx(d.at(g.achTime()), chk, e.chk.m.ID, amt, model.ChannelACH, memo, nil))
		} else {
			g.add(tx(d.at(g.achTime()), b.provider.acct, e.chk.m.ID, amt, model.ChannelACH, memo, b.provider))
		}
	}
	for i, e := range b.staffOff {
		amt := b.wagesOff[i] * r.between(0.93, 1.07)
		total += amt
		if b.provider == nil {
			g.add(tx(d.at(g.achTime()), chk, e.acct, amt, model.ChannelACH, memo, e))
		}
	}
	if b.provider != nil && total > 0 {
		g.add(tx(d.at(g.achTime()), chk, b.provider.acct, total*1.01, model.ChannelACH, "PAYROLL SERVICE", b.provider))
	}
	if total > 0 {
		g.add(tx(d.at(g.achTime()), chk, g.pools.irs.acct, total*0.24, model.ChannelACH, "IRS USATAXPYMT EFTPS", g.pools.irs))
	}
}

// payrollMemo is the ACH company entry description of an employer's payroll.
func payrollMemo(employer string) string {
	s := []rune(employer)
	if len(s) > 16 {
		s = s[:16]
	}
	return "PAYROLL " + string(s)
}

// corrDay makes the ordinary transactions of a correspondent bank's
// customer: local transfers in MXN or CNY.
func (g *generator) corrDay(p *party, di int) {
	r := g.act
	if !r.chance(0.18) {
		return
	}
	d := &g.days[di]
	a := p.chk
	cur := a.m.Currency
	peers := g.corrMX
	if cur == "CNY" {
		peers = g.corrCN
	}
	med := 4000.0
	if cur == "CNY" {
		med = 1800
	}
	sigma := 0.9
	if p.m.Kind == model.Organization {
		med, sigma = med*15, 1.1
	}
	amt := money(r.logNormal(med, sigma))
	q := pick(r, peers)
	if q == p || q.chk.m.Currency != cur {
		return
	}
	t := model.Transaction{Time: d.at(r.intBetween(8*3600, 20*3600)), Currency: cur, Amount: amt, Channel: model.ChannelWire, Memo: corrMemo(cur)}
	if r.chance(0.5) {
		t.Originator, t.Beneficiary = a.m.ID, q.chk.m.ID
	} else {
		t.Originator, t.Beneficiary = q.chk.m.ID, a.m.ID
	}
	g.add(t)
}

// corrMemo is the memo of a local transfer at a correspondent bank.
func corrMemo(cur string) string {
	if cur == "MXN" {
		return "SPEI"
	}
	return "转账"
}

// conductor names who brings a business's cash to the branch, when the
// teller records it: the owner or an employee.
func (g *generator) conductor(p *party) string {
	r := g.act
	b := p.bb
	switch u := r.Float64(); {
	case u < 0.3 && b.owner != nil:
		return b.owner.m.Names[0].Full
	case u < 0.45 && len(b.staffOnUs) > 0:
		return pick(r, b.staffOnUs).m.Names[0].Full
	case u < 0.6 && len(b.staffOff) > 0:
		return pick(r, b.staffOff).name
	}
	return ""
}

// cashierPayee draws what an ordinary customer buys a cashier's check for:
// a used car, a rental deposit, a payment to a person.
func (g *generator) cashierPayee(p *party) (*counterparty, float64, string) {
	r := g.act
	switch u := r.Float64(); {
	case u < 0.45:
		return pick(r, g.pools.autoDealers), money(r.logNormal(9000, 0.6)), "VEHICLE PURCHASE"
	case u < 0.75:
		return pick(r, g.pools.landlords), money(r.logNormal(2600, 0.4)), "SECURITY DEPOSIT"
	}
	if len(p.pb.friends) == 0 {
		return pick(r, g.pools.autoDealers), money(r.logNormal(9000, 0.6)), "VEHICLE PURCHASE"
	}
	return pick(r, p.pb.friends), money(r.logNormal(1500, 0.8)), ""
}
