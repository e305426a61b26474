package synth

import (
	"fmt"
	"math"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
)

// The eight graph patterns of IBM AMLworld (Altman et al., NeurIPS 2023),
// with the shapes and sizes of its HI-Small answer key: fan-in and fan-out
// of degree 2–16, cycles of 2–12 hops, scatter-gather and gather-scatter
// through 2–16 intermediaries, bipartite and stacked layers, random walks
// of up to 11 hops, each unfolding within about four days (gather-scatter
// up to eight, bipartite one or two). The accounts are ordinary customers'
// accounts and accounts at other banks, as in AMLworld, where laundering
// accounts also carry ordinary activity.

// graphNode is an account taking part in a pattern.
type graphNode struct {
	acct string
	cp   *counterparty // off-us node; nil for on-us
}

// graphNodes picks n distinct accounts: ordinary customers' checking
// accounts (open before the history) and a share of accounts at other banks.
// The first node is always on-us.
func (g *generator) graphNodes(c *plantedCase, n int) []graphNode {
	r := g.plant
	out := make([]graphNode, 0, n)
	used := map[*party]bool{}
	for len(out) < n {
		if len(out) > 0 && r.chance(0.3) {
			var cp *counterparty
			if r.chance(0.7) {
				cp = g.personCP(g.randomCommunity(), "US")
			} else {
				cp = g.newCP(g.ids.bizName(pick(r, []bizKind{bizImporter, bizConstruction, bizTrucking, bizAutoRepair})), "US", model.Organization, "")
			}
			out = append(out, graphNode{acct: cp.acct, cp: cp})
			c.addAccount(cp.acct)
			continue
		}
		p := pick(r, g.customers)
		if used[p] || p.open > 0 || p.look != "" {
			continue
		}
		used[p] = true
		out = append(out, graphNode{acct: p.chk.m.ID})
		c.addParty(p, false)
		c.addAccount(p.chk.m.ID)
	}
	return out
}

// edgeChannel draws the rail of a pattern's transfer.
func (g *generator) edgeChannel(amt float64) model.Channel {
	switch u := g.plant.Float64(); {
	case u < 0.3:
		return model.ChannelWire
	case u < 0.5 && amt < 5000:
		return model.ChannelP2P
	}
	return model.ChannelACH
}

// edgeTx builds a pattern's transfer at time at.
func (g *generator) edgeTx(at time.Time, from, to graphNode, amt float64, ch model.Channel) model.Transaction {
	cp := from.cp
	if cp == nil {
		cp = to.cp
	}
	return tx(at, from.acct, to.acct, amt, ch, pick(g.plant, []string{"", "", "INVOICE", "PAYMENT", "LOAN", "CONSULTING"}), cp)
}

// edge plans one transfer of a pattern on day di (or the next day its rail
// works) and returns its time.
func (g *generator) edge(c *plantedCase, di int, from, to graphNode, amt float64) time.Time {
	ch := g.edgeChannel(amt)
	di = g.railDay(di, ch)
	t := g.edgeTx(g.railTime(di, ch), from, to, amt, ch)
	g.schedule(di, t, c)
	return t.Time
}

// edgeAfter plans a transfer that follows another: some time after after,
// at the first moment its rail allows. It returns the transfer's time.
func (g *generator) edgeAfter(c *plantedCase, after time.Time, from, to graphNode, amt float64) time.Time {
	after = after.Add(time.Duration(g.plant.intBetween(10, 12*60)) * time.Minute)
	ch := g.edgeChannel(amt)
	for di := g.dayOf(after); di < len(g.days); di++ {
		d := g.railDay(di, ch)
		at := g.railTime(d, ch)
		if at.After(after) {
			g.schedule(d, g.edgeTx(at, from, to, amt, ch), c)
			return at
		}
	}
	c.dropped++
	return after
}

// plantGraph plants one AMLworld pattern of the case's typology.
func (g *generator) plantGraph(c *plantedCase) {
	r := g.plant
	span := 4
	switch c.typ {
	case model.TypGatherScatter:
		span = 8
	case model.TypBipartite:
		span = 2
	}
	need := span // days the pattern may take, rails and waits included
	switch c.typ {
	case model.TypCycle, model.TypRandom:
		need += 14
	case model.TypScatterGather, model.TypStack:
		need += 4
	case model.TypGatherScatter:
		need += 6
	}
	start, _ := g.window(2, need, need)
	base := r.logNormal(9000, 0.7)
	amt := func() float64 { return money(r.logNormal(base, 0.5)) }
	day := func() int { return start + r.IntN(span) }
	switch c.typ {
	case model.TypFanOut, model.TypFanIn:
		k := g.degree()
		nodes := g.graphNodes(c, k+1)
		for _, other := range nodes[1:] {
			if c.typ == model.TypFanOut {
				g.edge(c, day(), nodes[0], other, amt())
			} else {
				g.edge(c, day(), other, nodes[0], amt())
			}
		}
		c.variant = fmt.Sprintf("Max %d-degree %s", k, map[model.Typology]string{model.TypFanOut: "Fan-Out", model.TypFanIn: "Fan-In"}[c.typ])
	case model.TypCycle:
		k := r.intBetween(2, 12)
		nodes := g.graphNodes(c, k)
		a := base
		t := g.edge(c, start, nodes[0], nodes[1], money(a))
		for i := 1; i < k; i++ {
			a *= r.between(0.9, 0.99)
			t = g.edgeAfter(c, t, nodes[i], nodes[(i+1)%k], money(a))
		}
		c.variant = fmt.Sprintf("Max %d hops", k)
	case model.TypScatterGather:
		k := g.degree()
		nodes := g.graphNodes(c, k+2)
		src, sink := nodes[0], nodes[1]
		for _, mid := range nodes[2:] {
			a := amt()
			t := g.edge(c, start+r.IntN(span/2), src, mid, a)
			g.edgeAfter(c, t, mid, sink, money(a*r.between(0.9, 0.99)))
		}
		c.variant = fmt.Sprintf("%d intermediaries", k)
	case model.TypGatherScatter:
		kin, kout := g.degree(), g.degree()
		nodes := g.graphNodes(c, 1+kin+kout)
		hub := nodes[0]
		total := 0.0
		var last time.Time
		for _, s := range nodes[1 : 1+kin] {
			a := amt()
			total += a
			if t := g.edge(c, start+r.IntN(span/2), s, hub, a); t.After(last) {
				last = t
			}
		}
		for i, a := range g.split(total*r.between(0.9, 0.99), kout) {
			g.edgeAfter(c, last.Add(time.Duration(r.IntN(3*24))*time.Hour), hub, nodes[1+kin+i], a)
		}
		c.variant = fmt.Sprintf("Max %d-degree Fan-In, %d-degree Fan-Out", kin, kout)
	case model.TypBipartite:
		na, nb := r.intBetween(2, 6), r.intBetween(2, 6)
		nodes := g.graphNodes(c, na+nb)
		a, b := nodes[:na], nodes[na:]
		for i := range max(na, nb) {
			g.edge(c, day(), a[i%na], b[i%nb], amt())
		}
		for range r.IntN(na * nb / 2) {
			g.edge(c, day(), pick(r, a), pick(r, b), amt())
		}
		c.variant = fmt.Sprintf("%d×%d", na, nb)
	case model.TypStack:
		na, nb, nc := r.intBetween(2, 5), r.intBetween(2, 5), r.intBetween(2, 5)
		nodes := g.graphNodes(c, na+nb+nc)
		a, b, l3 := nodes[:na], nodes[na:na+nb], nodes[na+nb:]
		var last time.Time
		for i := range max(na, nb) {
			if t := g.edge(c, start+r.IntN(2), a[i%na], b[i%nb], amt()); t.After(last) {
				last = t
			}
		}
		for i := range max(nb, nc) {
			g.edgeAfter(c, last, b[i%nb], l3[i%nc], amt())
		}
		c.variant = fmt.Sprintf("%d→%d→%d", na, nb, nc)
	default: // RANDOM: a walk that does not come back
		k := r.intBetween(2, 11)
		nodes := g.graphNodes(c, k+1)
		a := base
		t := g.edge(c, start, nodes[0], nodes[1], money(a))
		for i := 1; i < k; i++ {
			a *= r.between(0.85, 1)
			if r.chance(0.2) {
				a = math.Round(a)
			}
			t = g.edgeAfter(c, t, nodes[i], nodes[i+1], money(a))
		}
		c.variant = fmt.Sprintf("Max %d hops", k)
	}
}

// degree draws a fan degree as AMLworld's answer key spreads them: many
// small fans, some up to 16.
func (g *generator) degree() int {
	if g.plant.chance(0.4) {
		return g.plant.intBetween(2, 4)
	}
	return g.plant.intBetween(5, 16)
}
