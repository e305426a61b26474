package detect

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
)

// RuleNewAccounts is the rule ID of the alerts on patterns among new
// accounts (see NewAccountConfig).
const RuleNewAccounts = "GRAPH-NEWACCOUNTS"

// NewAccountConfig parameterises the miner of patterns among new accounts.
//
// Accounts opened for the occasion are a classic of layering: mules open
// accounts, receive and pass the money on within days, and stop (FATF,
// Money Laundering Using New Payment Methods, 2010; FinCEN FIN-2014-A005 on
// funnel accounts). Such accounts deal with each other and with nobody
// else while they are new, and the shape of what they do names the
// typology: one paying many is a fan-out, a chain is a random walk, money
// coming back is a cycle, and several unrelated pairs paying each other at
// the same time are a bipartite layer (several two-payment chains a stack).
//
// The miner follows the payments between two new accounts. An account is
// new when the engine first saw it after watching the stream for Settle —
// before that it cannot tell a new account from one it merely had not seen
// yet — or, when Config.AccountOpened knows the account, when it was opened
// at most Young before the engine first saw it (an old account waking up
// is not new). It stays new for Young. The new accounts joined by such
// payments form groups; a group in which some account also dealt with an
// established account (or moved cash) while new is ordinary — a new
// customer paying the rent — and dropped. Once no account of a group is new
// any more its shape is final and judged. Groups that are a single payment
// or a two-payment chain are judged together: MinGroup or more within
// PatternWindow of each other are parallel transfers, a BIPARTITE (single
// payments) or STACK (chains) alert.
//
// The judgment waits until the group's accounts are no longer new (up to
// Young after the last joined), so that a payment is not named before it is
// known whether the money moved on. Engine.Flush judges what is still open
// at the end of a stream.
type NewAccountConfig struct {
	// Off disables the miner.
	Off bool
	// Settle is how long the engine must have watched the stream before
	// an account it sees for the first time counts as new. Default 28
	// days, as MinHistory: an account active at least monthly has been
	// seen by then.
	Settle time.Duration
	// Young is how long an account counts as new after the engine first
	// saw it. Default twice the pattern window (8 days): AMLworld's
	// gather-scatter attempts gather for up to four days and scatter for
	// four more (HI-Small_Patterns.txt).
	Young time.Duration
	// MinGroup is the smallest number of parallel transfers between new
	// accounts within PatternWindow of each other that makes a BIPARTITE
	// or STACK alert. Default 3.
	MinGroup int
	// MaxPayments bounds the payments a group of new accounts may hold; a
	// larger one is a community, not an attempt, and is dropped. Default
	// 1024.
	MaxPayments int
}

// Defaults of the new-account miner.
const (
	DefaultNewAccountMinGroup    = 3
	DefaultNewAccountMaxPayments = 1024
)

func (c NewAccountConfig) withDefaults(pattern, minHistory time.Duration) (NewAccountConfig, error) {
	if c.Settle == 0 {
		c.Settle = minHistory
	}
	if c.Young == 0 {
		c.Young = 2 * pattern
	}
	if c.MinGroup == 0 {
		c.MinGroup = DefaultNewAccountMinGroup
	}
	if c.MaxPayments == 0 {
		c.MaxPayments = DefaultNewAccountMaxPayments
	}
	switch {
	case c.Settle < 0:
		return c, fmt.Errorf("%w: NewAccounts.Settle is %v; it must not be negative", ErrConfig, c.Settle)
	case c.Young < time.Second:
		return c, fmt.Errorf("%w: NewAccounts.Young is %v; it must be at least 1s", ErrConfig, c.Young)
	case c.MinGroup < 1:
		return c, fmt.Errorf("%w: NewAccounts.MinGroup is %d; it must be positive", ErrConfig, c.MinGroup)
	case c.MaxPayments < 2:
		return c, fmt.Errorf("%w: NewAccounts.MaxPayments is %d; it must be at least 2", ErrConfig, c.MaxPayments)
	}
	return c, nil
}

// freshMiner finds the patterns among new accounts. It sees every accepted
// payment in stream order (phase 2 of Observe) and judges groups at the
// end of each batch, in the order they became final, so its alerts do not
// depend on how the stream is cut into batches.
type freshMiner struct {
	e      *Engine
	cfg    NewAccountConfig
	young  int64
	window int64 // of parallel transfers: PatternWindow

	parent map[node]node        // union-find over new accounts that dealt with new accounts
	comps  map[node]*freshGroup // by root
	made   uint64               // groups made, for a stable order

	groups [2][]*parallelGroup // BIPARTITE, STACK being gathered
	out    []model.Alert
}

// freshPayment is a payment inside a group of new accounts, copied out of
// the edge log: a group can outlive the log's retention.
type freshPayment struct {
	src, dst node
	time     int64
	amount   float64
	currency uint16
	id       string
}

// freshGroup is a connected group of new accounts and the payments between
// them.
type freshGroup struct {
	order    uint64
	nodes    []node
	payments []freshPayment // the first is the earliest
	final    int64          // no payment can join after this time
	dropped  bool           // some account dealt with an established one, or too many payments
}

// parallelGroup gathers single payments (or two-payment chains) between new
// accounts that began within a window of the first.
type parallelGroup struct {
	typ      model.Typology
	id       string
	payments []freshPayment
	parts    int
	start    int64 // time of the first payment: a group gathers one window around it
	last     int64
}

func newFreshMiner(e *Engine) *freshMiner {
	return &freshMiner{e: e, cfg: e.cfg.NewAccounts, young: int64(e.cfg.NewAccounts.Young), window: int64(e.cfg.PatternWindow),
		parent: map[node]node{}, comps: map[node]*freshGroup{}}
}

// isYoung reports whether account n counts as new at time t.
func (m *freshMiner) isYoung(n node, t int64) bool {
	if n == 0 {
		return false
	}
	st := &m.e.nodes.st[n]
	return st.isNew && t-st.firstSeen <= m.young
}

// find returns the root of n's group, making a group for n when it has
// none.
func (m *freshMiner) find(n node) node {
	p, ok := m.parent[n]
	if !ok {
		m.parent[n] = n
		m.made++
		m.comps[n] = &freshGroup{order: m.made, nodes: []node{n}, final: m.e.nodes.st[n].firstSeen + m.young}
		return n
	}
	for p != n {
		gp := m.parent[p]
		m.parent[n] = gp
		n, p = p, gp
	}
	return n
}

// union joins the groups of a and b and returns the root.
func (m *freshMiner) union(a, b node) node {
	ra, rb := m.find(a), m.find(b)
	if ra == rb {
		return ra
	}
	ga, gb := m.comps[ra], m.comps[rb]
	if len(ga.nodes)+len(ga.payments) < len(gb.nodes)+len(gb.payments) {
		ra, rb, ga, gb = rb, ra, gb, ga
	}
	m.parent[rb] = ra
	ga.nodes = append(ga.nodes, gb.nodes...)
	// Each group's first payment is its earliest (settle reads it to
	// prune): keep it so.
	k := len(ga.payments)
	ga.payments = append(ga.payments, gb.payments...)
	if k > 0 && k < len(ga.payments) && ga.payments[k].time < ga.payments[0].time {
		ga.payments[0], ga.payments[k] = ga.payments[k], ga.payments[0]
	}
	ga.final = max(ga.final, gb.final)
	ga.dropped = ga.dropped || gb.dropped
	ga.order = min(ga.order, gb.order)
	delete(m.comps, rb)
	m.limit(ga)
	return ra
}

func (m *freshMiner) limit(g *freshGroup) {
	if g.dropped || len(g.payments) > m.cfg.MaxPayments {
		g.dropped = true
		g.payments = nil
	}
}

// observe follows an accepted payment; it runs in stream order.
func (m *freshMiner) observe(ed *edge) {
	t := ed.time
	yu, yv := m.isYoung(ed.src, t), m.isYoung(ed.dst, t)
	switch {
	case yu && yv:
		g := m.comps[m.union(ed.src, ed.dst)]
		if !g.dropped {
			g.payments = append(g.payments, freshPayment{src: ed.src, dst: ed.dst, time: t, amount: ed.amount,
				currency: ed.currency, id: m.e.txID(ed)})
			m.limit(g)
		}
	case yu:
		m.drop(ed.src)
	case yv:
		m.drop(ed.dst)
	}
}

// drop marks n's group as ordinary: n dealt with an established account or
// with cash while new.
func (m *freshMiner) drop(n node) {
	g := m.comps[m.find(n)]
	g.dropped = true
	g.payments = nil
}

// settle judges the groups that can no longer grow at time now (all of
// them when now is the end of the stream) and appends the alerts that
// changed to out.
func (m *freshMiner) settle(now int64, out []model.Alert) []model.Alert {
	var done []node
	oldest := now
	for r, g := range m.comps {
		if g.final < now {
			done = append(done, r)
		} else if len(g.payments) > 0 {
			oldest = min(oldest, g.payments[0].time)
		}
	}
	slices.SortFunc(done, func(a, b node) int {
		ga, gb := m.comps[a], m.comps[b]
		return cmp.Or(cmp.Compare(ga.final, gb.final), cmp.Compare(ga.order, gb.order))
	})
	for _, r := range done {
		g := m.comps[r]
		for _, n := range g.nodes {
			delete(m.parent, n)
		}
		delete(m.comps, r)
		if !g.dropped && len(g.payments) > 0 {
			m.judge(g)
		}
	}
	m.prune(oldest)
	out = append(out, m.out...)
	clear(m.out)
	m.out = m.out[:0]
	return out
}

// finish closes the parallel groups: at the end of a stream.
func (m *freshMiner) finish() { m.groups = [2][]*parallelGroup{} }

// shape is what a group of new accounts, or a part of one, looks like.
type shape struct {
	typ     model.Typology // "" for a single payment or a two-payment chain (parallel)
	chain2  bool           // a two-payment chain
	subject node
	size    int
	route   []node // cycle or chain, in payment order
}

// pair is an ordered pair of distinct accounts that dealt with each other.
type pair struct{ a, b node }

// pairGraph is the distinct ordered pairs of a set of payments.
type pairGraph struct {
	pairs   map[pair]bool
	first   map[pair]int64
	in, out map[node]int
	nodes   []node // sorted
}

func newPairGraph(pairs []pair, first map[pair]int64) *pairGraph {
	g := &pairGraph{pairs: map[pair]bool{}, first: first, in: map[node]int{}, out: map[node]int{}}
	seen := map[node]bool{}
	for _, k := range pairs {
		if g.pairs[k] {
			continue
		}
		g.pairs[k] = true
		g.out[k.a]++
		g.in[k.b]++
		for _, n := range [2]node{k.a, k.b} {
			if !seen[n] {
				seen[n] = true
				g.nodes = append(g.nodes, n)
			}
		}
	}
	slices.Sort(g.nodes)
	return g
}

// classify names the shape of a connected set of pairs by AMLworld's
// definitions (Altman et al., NeurIPS 2023). clean is false when the shape
// is none of them and the name only says what stands out.
func classify(g *pairGraph) (sh shape, clean bool) {
	n := len(g.nodes)
	in, out, pairs := g.in, g.out, g.pairs
	allAtMostOne := true
	for _, x := range g.nodes {
		allAtMostOne = allAtMostOne && in[x] <= 1 && out[x] <= 1
	}
	// The earliest payment starts cycles and chains.
	var start pair
	startT := int64(0)
	for k := range pairs {
		t := g.first[k]
		if startT == 0 || t < startT || (t == startT && (k.a < start.a || (k.a == start.a && k.b < start.b))) {
			start, startT = k, t
		}
	}
	next := map[node]node{}
	for k := range pairs {
		next[k.a] = k.b
	}
	if allAtMostOne && len(pairs) == n {
		route := []node{start.a}
		for x := start.b; x != start.a && len(route) <= n; x = next[x] {
			route = append(route, x)
		}
		if len(route) == n {
			return shape{typ: model.TypCycle, subject: start.a, size: n, route: append(route, start.a)}, true
		}
	}
	if allAtMostOne && len(pairs) == n-1 {
		head := g.nodes[0]
		for _, x := range g.nodes {
			if in[x] == 0 {
				head = x
			}
		}
		route := []node{head}
		for x, ok := next[head]; ok && len(route) <= n; x, ok = next[x] {
			route = append(route, x)
		}
		switch n - 1 {
		case 1:
			return shape{subject: head, size: 1, route: route}, true
		case 2:
			return shape{chain2: true, subject: head, size: 2, route: route}, true
		}
		return shape{typ: model.TypRandom, subject: head, size: n - 1, route: route}, true
	}
	// A star: one account and its counterparties, each dealing with it
	// once.
	for _, h := range g.nodes {
		leaves := true
		for _, x := range g.nodes {
			if x != h && !(in[x]+out[x] == 1 && (pairs[pair{x, h}] || pairs[pair{h, x}])) {
				leaves = false
				break
			}
		}
		if !leaves {
			continue
		}
		switch {
		case in[h] == 0:
			return shape{typ: model.TypFanOut, subject: h, size: out[h]}, true
		case out[h] == 0:
			return shape{typ: model.TypFanIn, subject: h, size: in[h]}, true
		}
		return shape{typ: model.TypGatherScatter, subject: h, size: in[h] + out[h]}, true
	}
	// Scatter-gather: one source, one destination, intermediaries each
	// paid by the source and paying the destination.
	var srcs, sinks []node
	for _, x := range g.nodes {
		if in[x] == 0 {
			srcs = append(srcs, x)
		}
		if out[x] == 0 {
			sinks = append(sinks, x)
		}
	}
	if len(srcs) == 1 && len(sinks) == 1 {
		s, d := srcs[0], sinks[0]
		mids := 0
		ok := true
		for _, x := range g.nodes {
			if x == s || x == d {
				continue
			}
			mids++
			ok = ok && in[x] == 1 && out[x] == 1 && pairs[pair{s, x}] && pairs[pair{x, d}]
		}
		if ok && mids >= 2 {
			return shape{typ: model.TypScatterGather, subject: s, size: mids}, true
		}
	}
	// Senders and receivers only, denser than a forest of stars: a
	// bipartite layer.
	if len(srcs)+len(sinks) == n && len(srcs) >= 2 && len(sinks) >= 2 {
		return shape{typ: model.TypBipartite, subject: srcs[0], size: min(len(srcs), len(sinks))}, true
	}
	// Anything else: named by its most prominent feature.
	hub, hubDeg := g.nodes[0], -1
	for _, x := range g.nodes {
		if d := in[x] + out[x]; d > hubDeg {
			hub, hubDeg = x, d
		}
	}
	switch {
	case in[hub] >= 2 && out[hub] >= 2:
		return shape{typ: model.TypGatherScatter, subject: hub, size: in[hub] + out[hub]}, false
	case out[hub] >= 2*in[hub]:
		return shape{typ: model.TypFanOut, subject: hub, size: out[hub]}, false
	case in[hub] >= 2*out[hub]:
		return shape{typ: model.TypFanIn, subject: hub, size: in[hub]}, false
	}
	return shape{typ: model.TypRandom, subject: start.a, size: len(pairs)}, false
}

// part is a shape and the pairs that make it.
type part struct {
	shape
	pairs map[pair]bool
}

// maxDecompose bounds the accounts of a group that decompose splits; a
// larger group is named as a whole.
const maxDecompose = 256

// decompose splits a group of new accounts into the shapes it is made of.
// A group is one attempt when its accounts dealt with nobody else; when
// attempts share an account they join into one group, and each is named
// by its own part: scatter-gathers first (two accounts joined through
// intermediaries that deal only with them), then hubs, the busiest first,
// each taking its payments (a fan-out, a fan-in or a gather-scatter), and
// what is left as chains, cycles and single payments.
func decompose(g *pairGraph) []part {
	if sh, clean := classify(g); clean || len(g.nodes) > maxDecompose {
		return []part{{shape: sh, pairs: g.pairs}}
	}
	left := map[pair]bool{}
	for k := range g.pairs {
		left[k] = true
	}
	var parts []part
	take := func(sh shape, ks []pair) {
		p := part{shape: sh, pairs: map[pair]bool{}}
		for _, k := range ks {
			p.pairs[k] = true
			delete(left, k)
		}
		parts = append(parts, p)
	}
	degrees := func() (in, out map[node]int) {
		in, out = map[node]int{}, map[node]int{}
		for k := range left {
			out[k.a]++
			in[k.b]++
		}
		return in, out
	}
	// Scatter-gathers.
	in, out := degrees()
	for _, s := range g.nodes {
		for _, d := range g.nodes {
			if s == d || out[s] < 2 || in[d] < 2 {
				continue
			}
			var ks []pair
			mids := 0
			for _, x := range g.nodes {
				if x != s && x != d && left[pair{s, x}] && left[pair{x, d}] && in[x] == 1 && out[x] == 1 {
					ks = append(ks, pair{s, x}, pair{x, d})
					mids++
				}
			}
			if mids >= 2 {
				take(shape{typ: model.TypScatterGather, subject: s, size: mids}, ks)
				in, out = degrees()
			}
		}
	}
	// Hubs, the busiest first.
	for {
		in, out = degrees()
		hub, best := node(0), 0
		for _, x := range g.nodes {
			if d := in[x] + out[x]; (in[x] >= 2 || out[x] >= 2) && d > best {
				hub, best = x, d
			}
		}
		if best == 0 {
			break
		}
		var ks []pair
		for k := range left {
			if k.a == hub || k.b == hub {
				ks = append(ks, k)
			}
		}
		slices.SortFunc(ks, func(x, y pair) int { return cmp.Or(cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b)) })
		sh := shape{typ: model.TypGatherScatter, subject: hub, size: in[hub] + out[hub]}
		switch {
		case in[hub] == 0:
			sh = shape{typ: model.TypFanOut, subject: hub, size: out[hub]}
		case out[hub] == 0:
			sh = shape{typ: model.TypFanIn, subject: hub, size: in[hub]}
		}
		take(sh, ks)
	}
	// What is left: connected pieces, each a chain, a cycle or a single
	// payment.
	for len(left) > 0 {
		var seed pair
		for k := range left {
			if seed == (pair{}) || k.a < seed.a || (k.a == seed.a && k.b < seed.b) {
				seed = k
			}
		}
		piece := []pair{seed}
		reach := map[node]bool{seed.a: true, seed.b: true}
		delete(left, seed)
		for grown := true; grown; {
			grown = false
			for k := range left {
				if reach[k.a] || reach[k.b] {
					reach[k.a], reach[k.b] = true, true
					piece = append(piece, k)
					delete(left, k)
					grown = true
				}
			}
		}
		sub := newPairGraph(piece, g.first)
		sh, _ := classify(sub)
		p := part{shape: sh, pairs: sub.pairs}
		parts = append(parts, p)
	}
	return parts
}

// judge names a final group and raises its alerts, or adds its pieces to
// the parallel transfers being gathered.
func (m *freshMiner) judge(g *freshGroup) {
	slices.SortStableFunc(g.payments, func(a, b freshPayment) int { return cmp.Compare(a.time, b.time) })
	var ks []pair
	first := map[pair]int64{}
	for _, p := range g.payments {
		if p.src == p.dst {
			continue
		}
		k := pair{p.src, p.dst}
		if _, ok := first[k]; !ok {
			first[k] = p.time
			ks = append(ks, k)
		}
	}
	if len(ks) == 0 {
		return
	}
	parts := decompose(newPairGraph(ks, first))
	for _, pt := range parts {
		// The part's payments, self-transfers of its subject included.
		var ps []freshPayment
		for _, p := range g.payments {
			if pt.pairs[pair{p.src, p.dst}] || (p.src == p.dst && p.src == pt.subject) {
				ps = append(ps, p)
			}
		}
		if len(ps) == 0 {
			continue
		}
		if pt.typ == "" {
			m.parallel(pt.shape, ps)
			continue
		}
		m.out = append(m.out, m.groupAlert(ps, pt.shape))
	}
}

// parallel adds a single payment or a two-payment chain to the parallel
// transfers that began nearest to it, within a window, or starts a new one.
func (m *freshMiner) parallel(sh shape, ps []freshPayment) {
	k, typ := 0, model.TypBipartite
	if sh.chain2 {
		k, typ = 1, model.TypStack
	}
	t := ps[0].time
	var pg *parallelGroup
	for _, x := range m.groups[k] {
		if d := abs64(t - x.start); d <= m.window && (pg == nil || d < abs64(t-pg.start)) {
			pg = x
		}
	}
	if pg == nil {
		pg = &parallelGroup{typ: typ, id: patternRule(typ) + "-NEW:" + ps[0].id, start: t}
		m.groups[k] = append(m.groups[k], pg)
	}
	pg.payments = append(pg.payments, ps...)
	pg.parts++
	pg.last = max(pg.last, ps[len(ps)-1].time)
	if pg.parts >= m.cfg.MinGroup {
		m.out = append(m.out, m.parallelAlert(pg))
	}
}

// prune forgets the parallel transfers that no payment can join any more:
// those that began more than a window before every payment still to be
// judged.
func (m *freshMiner) prune(oldest int64) {
	for k := range m.groups {
		m.groups[k] = slices.DeleteFunc(m.groups[k], func(x *parallelGroup) bool { return x.start+m.window < oldest })
	}
}

// accountNames returns the names of the accounts of payments, in order of
// appearance.
func (m *freshMiner) accountNames(ps []freshPayment, first node) []string {
	seen := map[node]bool{}
	var names []string
	add := func(n node) {
		if n != 0 && !seen[n] && len(names) < m.e.cfg.MaxEvidence {
			seen[n] = true
			names = append(names, m.e.nodes.name[n])
		}
	}
	add(first)
	for _, p := range ps {
		add(p.src)
		add(p.dst)
	}
	return names
}

func (m *freshMiner) evidence(ps []freshPayment) (ids []string, totals []currencyTotal) {
	for _, p := range ps {
		if len(ids) < m.e.cfg.MaxEvidence {
			ids = append(ids, p.id)
		}
		j := slices.IndexFunc(totals, func(c currencyTotal) bool { return c.currency == p.currency })
		if j < 0 {
			totals = append(totals, currencyTotal{currency: p.currency})
			j = len(totals) - 1
		}
		totals[j].total += p.amount
	}
	return ids, totals
}

// groupAlert writes out a group of new accounts with a typology.
func (m *freshMiner) groupAlert(ps []freshPayment, sh shape) model.Alert {
	e := m.e
	ids, totals := m.evidence(ps)
	accounts := m.accountNames(ps, sh.subject)
	name := e.nodes.name[sh.subject]
	span := formatSpan(ps[len(ps)-1].time - ps[0].time)
	total := e.formatTotals(totals)
	young := windowLabel(time.Duration(m.young))
	var what string
	switch sh.typ {
	case model.TypCycle:
		what = fmt.Sprintf("money left account %s and came back to it through %d other accounts: %s", name, sh.size-1, m.route(sh.route))
	case model.TypRandom:
		what = fmt.Sprintf("money passed from account %s along a chain of %d payments: %s", name, sh.size, m.route(sh.route))
	case model.TypFanOut:
		what = fmt.Sprintf("account %s paid %d of them", name, sh.size)
	case model.TypFanIn:
		what = fmt.Sprintf("account %s was paid by %d of them", name, sh.size)
	case model.TypGatherScatter:
		what = fmt.Sprintf("account %s gathered money from some of them and paid it on to others, %d in all", name, sh.size)
	case model.TypScatterGather:
		what = fmt.Sprintf("account %s paid %d of them, who each paid the same destination", name, sh.size)
	default:
		what = fmt.Sprintf("%d of them paid %d others", sh.size, sh.size)
	}
	reason := fmt.Sprintf("%d accounts, each new to the bank (first seen less than %s before), dealt only with each other: %s; %d transfers within %s, %s",
		len(accounts), young, what, len(ps), span, total)
	if len(ids) < len(ps) {
		reason += fmt.Sprintf(" (evidence lists the first %d of %d transactions)", len(ids), len(ps))
	}
	base := map[model.Typology]float64{model.TypCycle: 0.6, model.TypScatterGather: 0.55, model.TypGatherScatter: 0.5,
		model.TypBipartite: 0.45, model.TypFanIn: 0.45, model.TypFanOut: 0.45, model.TypRandom: 0.45}[sh.typ]
	k := float64(len(accounts))
	score := base + (0.99-base)*(k/(k+8))
	return model.Alert{
		ID:          RuleNewAccounts + ":" + string(sh.typ) + ":" + ps[0].id,
		Subject:     model.Subject{Kind: model.SubjectAccount, ID: name},
		Typology:    sh.typ,
		RuleID:      RuleNewAccounts,
		RuleVersion: ruleVersion,
		Source:      model.SourcePattern,
		Score:       round2(score),
		Severity:    severity(score),
		Reason:      reason,
		Facts: []model.Fact{
			{Name: "new_accounts", Value: k, Text: fmt.Sprintf("%d accounts first seen within %s, dealing only with each other", len(accounts), young)},
			{Name: "size", Value: float64(sh.size), Text: what},
			{Name: "transactions", Value: float64(len(ps)), Text: fmt.Sprintf("%d transfers within %s", len(ps), span)},
		},
		Evidence:    ids,
		Accounts:    accounts,
		SAR:         SARCodes(sh.typ),
		WindowStart: time.Unix(0, ps[0].time).UTC(),
		WindowEnd:   time.Unix(0, ps[len(ps)-1].time).UTC(),
		Created:     time.Unix(0, ps[len(ps)-1].time).UTC(),
	}
}

// parallelAlert writes out parallel transfers between new accounts.
func (m *freshMiner) parallelAlert(pg *parallelGroup) model.Alert {
	e := m.e
	ps := pg.payments
	ids, totals := m.evidence(ps)
	accounts := m.accountNames(ps, 0)
	// Pieces join in the order they are judged, not in time order.
	first := ps[0].time
	for _, p := range ps {
		first = min(first, p.time)
	}
	span := formatSpan(pg.last - first)
	young := windowLabel(time.Duration(m.young))
	what := fmt.Sprintf("%d pairs of accounts, each account new to the bank (first seen less than %s before) and dealing with nobody else, paid each other once", pg.parts, young)
	if pg.typ == model.TypStack {
		what = fmt.Sprintf("%d chains of two payments through accounts new to the bank (first seen less than %s before) and dealing with nobody else: money passed on through one intermediary each", pg.parts, young)
	}
	reason := fmt.Sprintf("%s, within %s of each other: parallel transfers (%d transfers, %s)", what, span, len(ps), e.formatTotals(totals))
	if len(ids) < len(ps) {
		reason += fmt.Sprintf(" (evidence lists the first %d of %d transactions)", len(ids), len(ps))
	}
	k := float64(pg.parts)
	score := 0.45 + 0.54*(k/(k+8))
	return model.Alert{
		ID:          pg.id,
		Subject:     model.Subject{Kind: model.SubjectAccount, ID: accounts[0]},
		Typology:    pg.typ,
		RuleID:      RuleNewAccounts,
		RuleVersion: ruleVersion,
		Source:      model.SourcePattern,
		Score:       round2(score),
		Severity:    severity(score),
		Reason:      reason,
		Facts: []model.Fact{
			{Name: "parallel_transfers", Value: k, Threshold: float64(m.cfg.MinGroup), Text: what},
			{Name: "transactions", Value: float64(len(ps)), Text: fmt.Sprintf("%d transfers within %s", len(ps), span)},
		},
		Evidence:    ids,
		Accounts:    accounts,
		SAR:         SARCodes(pg.typ),
		WindowStart: time.Unix(0, first).UTC(),
		WindowEnd:   time.Unix(0, pg.last).UTC(),
		Created:     time.Unix(0, pg.last).UTC(),
	}
}

// route writes accounts in payment order.
func (m *freshMiner) route(r []node) string {
	parts := make([]string, 0, min(len(r), 13))
	for i, n := range r {
		if i == 12 {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, m.e.nodes.name[n])
	}
	return strings.Join(parts, " → ")
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}
