package detect

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
)

// Rule IDs of the structural pattern miners.
const (
	RuleCycle         = "GRAPH-CYCLE"
	RuleScatterGather = "GRAPH-SCATTERGATHER"
	RuleGatherScatter = "GRAPH-GATHERSCATTER"
	RuleBipartite     = "GRAPH-BIPARTITE"
	RuleStack         = "GRAPH-STACK"
	RuleRandom        = "GRAPH-RANDOM"
)

// PatternConfig parameterises the structural pattern miners: CYCLE,
// SCATTER-GATHER, GATHER-SCATTER, BIPARTITE, STACK and RANDOM, AMLworld's
// laundering patterns besides the fans (Altman et al., NeurIPS 2023). They
// watch Config.PatternWindow and follow only payments between accounts new
// to each other (the history view's novelty): laundering recruits
// counterparties for the occasion, and the known relationships of ordinary
// business (payroll, rent, suppliers) then never form a pattern.
type PatternConfig struct {
	// Off disables the structural miners.
	Off bool
	// MaxCycleLength is the longest cycle looked for, in payments.
	// Default 12 (AMLworld's cycles have up to 12 hops).
	MaxCycleLength int
	// MinIntermediates is the smallest number of intermediaries of a
	// scatter-gather. Default 3: two new intermediaries between the same
	// two accounts within four days happen by chance in busy traffic.
	MinIntermediates int
	// MinSide is the smallest number of accounts on each side of a
	// gather-scatter hub. Default 2.
	MinSide int
	// MinLayer is the smallest number of accounts on each side of a
	// bipartite layer and in each layer of a stack. Default 4: smaller
	// layers of first payments are common in ordinary traffic. Layers
	// around hubs (an account with more than 8 × MinLayer transactions in
	// the window at that side, or that many counterparties within the
	// novelty memory) are not looked for: the customers of popular
	// merchants form many-to-many layers of first payments by chance.
	MinLayer int
	// MinHops is the shortest chain of new relationships a RANDOM alert
	// needs. Default 4: shorter chains of first payments are common in
	// ordinary traffic.
	MinHops int
	// MaxMatches bounds the patterns one transaction may add to alerts.
	// Default 4.
	MaxMatches int
	// Significance is the largest chance, at the hub's usual rate, of so
	// many new counterparties in and out in one window for a
	// gather-scatter to alert. Default 0.001, as the fan miners.
	Significance float64
	// MinHistory is how long the engine must have watched both accounts
	// of a payment before it may start a pattern, and a gather-scatter hub
	// before the window. Default 28 days, as the fan miners: until then
	// every counterparty looks new.
	MinHistory time.Duration
}

// Pattern miner defaults.
const (
	DefaultPatternMaxCycle  = 12
	DefaultMinIntermediates = 3
	DefaultMinSide          = 2
	DefaultMinLayer         = 4
	DefaultMinHops          = 4
	DefaultMaxMatches       = 4
)

func (p PatternConfig) withDefaults() (PatternConfig, error) {
	def := func(v *int, d, lo int, name string) error {
		if *v == 0 {
			*v = d
		}
		if *v < lo {
			return fmt.Errorf("%w: Patterns.%s is %d; it must be at least %d", ErrConfig, name, *v, lo)
		}
		return nil
	}
	for _, x := range []struct {
		v       *int
		d, lo   int
		name    string
		atMost  int
		meaning string
	}{
		{&p.MaxCycleLength, DefaultPatternMaxCycle, 2, "MaxCycleLength", 30, "payments"},
		{&p.MinIntermediates, DefaultMinIntermediates, 2, "MinIntermediates", 0, ""},
		{&p.MinSide, DefaultMinSide, 2, "MinSide", 0, ""},
		{&p.MinLayer, DefaultMinLayer, 2, "MinLayer", 0, ""},
		{&p.MinHops, DefaultMinHops, 2, "MinHops", 30, "payments"},
		{&p.MaxMatches, DefaultMaxMatches, 1, "MaxMatches", 0, ""},
	} {
		if err := def(x.v, x.d, x.lo, x.name); err != nil {
			return p, err
		}
		if x.atMost > 0 && *x.v > x.atMost {
			return p, fmt.Errorf("%w: Patterns.%s is %d; it must be at most %d %s", ErrConfig, x.name, *x.v, x.atMost, x.meaning)
		}
	}
	if p.Significance == 0 {
		p.Significance = DefaultSignificance
	}
	if !(p.Significance > 0 && p.Significance <= 1) {
		return p, fmt.Errorf("%w: Patterns.Significance is %v; it must be in (0, 1]", ErrConfig, p.Significance)
	}
	if p.MinHistory == 0 {
		p.MinHistory = DefaultMinHistory
	}
	if p.MinHistory < 0 {
		return p, fmt.Errorf("%w: Patterns.MinHistory is %v; it must not be negative", ErrConfig, p.MinHistory)
	}
	return p, nil
}

// hubSurprise returns −log10 of the chance of account n's new
// counterparties in and out in the window at time t, given its usual rate,
// when it has at least MinSide on each side and MinHistory of history;
// else 0. It runs in the view's goroutine, right after an insertion.
func (m *patternMiner) hubSurprise(n node, t int64) float32 {
	if n == 0 {
		return 0
	}
	c := &m.v.c[n]
	if int(c.novelIn) < m.cfg.MinSide || int(c.novelOut) < m.cfg.MinSide {
		return 0
	}
	first := m.e.nodes.st[n].firstSeen
	inEv, windows := m.v.noveltyBaseline(n, false, t, first)
	outEv, _ := m.v.noveltyBaseline(n, true, t, first)
	if t-m.v.window-first < int64(m.cfg.MinHistory) {
		return 0
	}
	return float32(-math.Log10(max(chance(int(c.novelIn+c.novelOut), inEv+outEv, windows), 1e-300)))
}

// match is one pattern found around a transaction: its typology, the
// account it is about and the payments that form it.
type match struct {
	index   int // the triggering transaction's position in the batch
	typ     model.Typology
	subject node
	edges   []uint64
	size    int // intermediaries, cycle length, hops, or accounts, by typology
}

// patternMiner finds the structural patterns. Searches run in parallel
// after the batch is in the graph (each as of its transaction), matches are
// merged into growing episodes in batch order, and episodes that changed
// are written out as alerts at the end of the batch.
type patternMiner struct {
	e    *Engine
	cfg  PatternConfig
	v    *view
	keep edgeFilter

	found    [][]match // per chunk of the batch
	episodes map[episodeKey]*patternEpisode
	dirty    []*patternEpisode
}

type episodeKey struct {
	typ     model.Typology
	subject node
}

// patternEpisode is one growing pattern around one subject.
type patternEpisode struct {
	id       string
	typ      model.Typology
	subject  node
	name     string
	opened   int64
	last     int64
	size     int
	evidence []uint64 // seqs, in order found
	have     map[uint64]bool
	ids      []string
	accounts []string
	acctSeen map[string]bool
	first    int64
	latest   int64
	totals   []currencyTotal
	route    string // the accounts of the latest cycle or chain, in payment order
	dirty    bool
	emitted  *model.Alert
}

func newPatternMiner(e *Engine, v *view) *patternMiner {
	return &patternMiner{e: e, cfg: e.cfg.Patterns, v: v, keep: edgeFilter{mask: edgeNovelOut | edgeNovelIn, slot: v.slot},
		episodes: map[episodeKey]*patternEpisode{}}
}

// search looks for patterns around batch transaction i (edge seq) and
// appends them to out, its chunk's list; it runs in a worker's goroutine
// with that worker's searcher and only reads the engine.
func (m *patternMiner) search(s *searcher, i int, seq uint64, ed *edge, out *[]match) {
	if ed.novel[m.v.slot] == 0 || ed.src == 0 || ed.dst == 0 || ed.src == ed.dst {
		return // a payment between accounts that knew each other starts nothing
	}
	e := m.e
	if watched := ed.time - int64(m.cfg.MinHistory); e.nodes.st[ed.src].firstSeen > watched || e.nodes.st[ed.dst].firstSeen > watched {
		return // novelty means nothing before the engine knows the accounts' usual counterparties
	}
	since := max(ed.time-m.v.window, e.horizon(seq))
	deg := m.v.degs[i]
	budget := e.cfg.SearchBudget
	add := func(x match) bool {
		x.index = i
		*out = append(*out, x)
		return true
	}
	limit := m.cfg.MaxMatches

	// CYCLE: the payment returns money to where a chain of new
	// relationships started, in time order.
	n := 0
	var hist [5]float32 // len(cycleBins)
	s.cycles(seq, ed, deg, cycleSearch{maxLen: m.cfg.MaxCycleLength, since: since, budget: budget, temporal: true, filter: m.keep, conserve: true,
		found: func(path []uint64) bool {
			edges := append(slices.Clone(path), seq)
			add(match{typ: model.TypCycle, subject: ed.dst, edges: edges, size: len(edges)})
			n++
			return n < limit
		}}, hist[:])

	// SCATTER-GATHER around the payment, as either leg.
	s.patternSG(seq, ed, deg, since, budget, m.keep, m.cfg.MinIntermediates, limit, func(x match) { add(x) })

	// STACK and BIPARTITE: layers of many-to-many first payments, away
	// from hubs: accounts that dealt with many within the window or the
	// memory (a merchant's customers pay it, and each other's shops, for
	// the first time all the time).
	hubCap := int32(8 * m.cfg.MinLayer)
	if deg.dstIn <= hubCap && deg.srcOut <= hubCap && deg.srcKnown <= float32(hubCap) && deg.dstKnown <= float32(hubCap) {
		s.layers(seq, ed, since, budget, m.keep, m.cfg.MinLayer, func(x match) { add(x) })
	}

	// GATHER-SCATTER: a hub paid by new accounts that pays new accounts,
	// far more than its history makes likely.
	minGS := float32(-math.Log10(m.cfg.Significance))
	if deg.srcGS >= minGS {
		if x, ok := s.hub(seq, ed.src, ed.srcIn, e.nodes.st[ed.src].lastOut, since, budget, m.keep); ok {
			add(x)
		}
	}
	if deg.dstGS >= minGS {
		if x, ok := s.hub(seq, ed.dst, ed.prevIn, ed.dstOut, since, budget, m.keep); ok {
			add(x)
		}
	}

	// RANDOM: a chain of first payments passing the money on.
	if x, ok := s.chain(seq, ed, since, budget, m.keep, m.cfg.MinHops); ok {
		add(x)
	}
}

// merge adds the batch's matches to episodes, in batch order: chunk after
// chunk, each in the order its search found them.
func (m *patternMiner) merge() {
	for c := range m.found {
		for _, x := range m.found[c] {
			m.apply(x)
		}
		m.found[c] = m.found[c][:0]
	}
}

func (m *patternMiner) apply(x match) {
	e := m.e
	last := e.log.at(x.edges[len(x.edges)-1])
	now := e.log.at(e.seqs[x.index]).time
	key := episodeKey{x.typ, x.subject}
	ep := m.episodes[key]
	if ep == nil || ep.last <= now-m.v.window {
		name := e.nodes.name[x.subject]
		ep = &patternEpisode{id: patternRule(x.typ) + ":" + name + ":" + e.txID(last), typ: x.typ, subject: x.subject, name: name,
			opened: now, have: map[uint64]bool{}, acctSeen: map[string]bool{}}
		m.episodes[key] = ep
	}
	ep.last = now
	ep.size = max(ep.size, x.size)
	if x.typ == model.TypCycle || x.typ == model.TypRandom {
		ep.route = m.route(x.edges)
	}
	for _, sq := range x.edges {
		if ep.have[sq] {
			continue
		}
		ep.have[sq] = true
		ed := e.log.at(sq)
		if len(ep.ids) == 0 || ed.time < ep.first {
			ep.first = ed.time
		}
		ep.latest = max(ep.latest, ed.time)
		if len(ep.ids) < e.cfg.MaxEvidence {
			ep.ids = append(ep.ids, e.txID(ed))
		}
		ep.evidence = append(ep.evidence, sq)
		for _, n := range [2]node{ed.src, ed.dst} {
			if name := e.nodes.name[n]; n != 0 && !ep.acctSeen[name] && len(ep.accounts) < e.cfg.MaxEvidence {
				ep.acctSeen[name] = true
				ep.accounts = append(ep.accounts, name)
			}
		}
		j := slices.IndexFunc(ep.totals, func(c currencyTotal) bool { return c.currency == ed.currency })
		if j < 0 {
			ep.totals = append(ep.totals, currencyTotal{currency: ed.currency})
			j = len(ep.totals) - 1
		}
		ep.totals[j].total += ed.amount
	}
	if !ep.dirty {
		ep.dirty = true
		m.dirty = append(m.dirty, ep)
	}
}

// flush writes out the episodes that changed.
func (m *patternMiner) flush(out []model.Alert) []model.Alert {
	for _, ep := range m.dirty {
		a := m.alert(ep)
		if ep.emitted == nil || !sameAlert(ep.emitted, &a) {
			out = append(out, a)
			ep.emitted = &a
		}
		ep.dirty = false
	}
	m.dirty = m.dirty[:0]
	return out
}

// sweep forgets the episodes that can no longer grow.
func (m *patternMiner) sweep(now int64) {
	for k, ep := range m.episodes {
		if !ep.dirty && ep.last <= now-m.v.window {
			delete(m.episodes, k)
		}
	}
}

func patternRule(t model.Typology) string {
	switch t {
	case model.TypCycle:
		return RuleCycle
	case model.TypScatterGather:
		return RuleScatterGather
	case model.TypGatherScatter:
		return RuleGatherScatter
	case model.TypBipartite:
		return RuleBipartite
	case model.TypStack:
		return RuleStack
	}
	return RuleRandom
}

// alert writes an episode out.
func (m *patternMiner) alert(ep *patternEpisode) model.Alert {
	n := len(ep.evidence)
	span := formatSpan(ep.latest - ep.first)
	total := m.formatTotals(ep.totals)
	var reason, what string
	switch ep.typ {
	case model.TypCycle:
		what = fmt.Sprintf("a cycle of %d payments", ep.size)
		reason = fmt.Sprintf("money left account %s and came back to it through %d other accounts within %s: %s (%d transfers, %s)",
			ep.name, ep.size-1, span, ep.route, n, total)
	case model.TypScatterGather:
		what = fmt.Sprintf("a scatter-gather through %d intermediaries", ep.size)
		reason = fmt.Sprintf("account %s paid %d intermediaries new to it, who each paid the same destination, within %s (%d transfers, %s)",
			ep.name, ep.size, span, n, total)
	case model.TypGatherScatter:
		what = fmt.Sprintf("a gather-scatter hub with %d new counterparties", ep.size)
		reason = fmt.Sprintf("account %s was paid by accounts new to it and paid accounts new to it, %d in all, within %s — far more than its usual activity (%d transfers, %s)",
			ep.name, ep.size, span, n, total)
	case model.TypStack:
		what = fmt.Sprintf("a stack of two layers of %d or more accounts", ep.size)
		reason = fmt.Sprintf("money moved from several accounts through several intermediaries to several destinations, all new to each other, within %s, around account %s (%d transfers, %s)",
			span, ep.name, n, total)
	case model.TypBipartite:
		what = fmt.Sprintf("a bipartite layer of %d or more accounts on each side", ep.size)
		reason = fmt.Sprintf("several accounts, including %s, paid several others, all for the first time, within %s (%d transfers, %s)",
			ep.name, span, n, total)
	default:
		what = fmt.Sprintf("a chain of %d first payments", ep.size)
		reason = fmt.Sprintf("money passed from account %s along a chain of %d accounts new to each other within %s: %s (%s)",
			ep.name, ep.size, span, ep.route, total)
	}
	score := m.score(ep)
	facts := []model.Fact{
		{Name: "size", Value: float64(ep.size), Text: what},
		{Name: "transactions", Value: float64(n), Text: fmt.Sprintf("%d transfers within %s", n, windowLabel(time.Duration(m.v.window)))},
	}
	if len(ep.ids) < n {
		reason += fmt.Sprintf(" (evidence lists the first %d of %d transactions)", len(ep.ids), n)
	}
	return model.Alert{
		ID:          ep.id,
		Subject:     model.Subject{Kind: model.SubjectAccount, ID: ep.name},
		Typology:    ep.typ,
		RuleID:      patternRule(ep.typ),
		RuleVersion: ruleVersion,
		Source:      model.SourcePattern,
		Score:       round2(score),
		Severity:    severity(score),
		Reason:      reason,
		Facts:       facts,
		Evidence:    slices.Clone(ep.ids),
		Accounts:    slices.Clone(ep.accounts),
		SAR:         SARCodes(ep.typ),
		WindowStart: time.Unix(0, ep.first).UTC(),
		WindowEnd:   time.Unix(0, ep.latest).UTC(),
		Created:     time.Unix(0, ep.opened).UTC(),
	}
}

// route writes the accounts of a cycle or chain in payment order. It reads
// the edges, so it runs while they are retained (when a match is applied).
func (m *patternMiner) route(path []uint64) string {
	e := m.e
	seqs := slices.Clone(path)
	slices.Sort(seqs)
	var parts []string
	for i, sq := range seqs {
		ed := e.log.at(sq)
		if i == 0 {
			parts = append(parts, e.nodes.name[ed.src])
		}
		parts = append(parts, e.nodes.name[ed.dst])
		if i == 11 {
			parts = append(parts, "…")
			break
		}
	}
	return strings.Join(parts, " → ")
}

// score ranks an episode in [0, 1): larger patterns rank higher. A ranking
// for triage, not a probability.
func (m *patternMiner) score(ep *patternEpisode) float64 {
	base := map[model.Typology]float64{
		model.TypCycle: 0.6, model.TypScatterGather: 0.55, model.TypGatherScatter: 0.5, model.TypStack: 0.5,
		model.TypBipartite: 0.45, model.TypRandom: 0.4,
	}[ep.typ]
	k := float64(ep.size)
	return base + (0.99-base)*(k/(k+8))
}

func (m *patternMiner) formatTotals(totals []currencyTotal) string { return m.e.formatTotals(totals) }

// formatTotals writes amounts per currency, the largest first: "total
// 12,000.00 USD and 900.00 EUR".
func (e *Engine) formatTotals(totals []currencyTotal) string {
	t := slices.Clone(totals)
	slices.SortFunc(t, func(a, b currencyTotal) int { return cmp.Compare(b.total, a.total) })
	parts := make([]string, 0, 3)
	for i, c := range t {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("%d more currencies", len(t)-3))
			break
		}
		code := e.currencyName[c.currency]
		if code == "" {
			code = "(no currency)"
		}
		parts = append(parts, formatMoney(c.total)+" "+code)
	}
	return "total " + strings.Join(parts, " and ")
}
