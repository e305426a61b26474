package detect

import (
	"math"

	"github.com/centinela-aml/centinela/internal/model"
)

// patternSG finds the scatter-gather patterns of at least minK
// intermediaries that edge seq belongs to, following only edges the filter
// keeps, and emits at most limit of them. The subject is the pattern's
// source.
func (s *searcher) patternSG(seq uint64, ed *edge, deg endpointDegrees, since int64, budget int, f edgeFilter, minK, limit int, emit func(match)) {
	u, v := ed.src, ed.dst
	s.start(budget)
	n := 0
	sink := func(source node) func(far node, k int, edges []uint64) {
		return func(far node, k int, edges []uint64) {
			if n == limit {
				return
			}
			n++
			subject := source
			if subject == 0 {
				subject = far
			}
			emit(match{typ: model.TypScatterGather, subject: subject, edges: edges, size: k})
		}
	}
	hub := false
	if deg.srcNewIn > 0 {
		if int(deg.dstIn+deg.srcIn) > budget {
			hub = true
		} else {
			s.leg(seq, ed, since, f, true, nil, minK, sink(0))
		}
	}
	if deg.dstNewOut > 0 && !s.limited {
		if int(deg.srcOut+deg.dstOut) > budget {
			hub = true
		} else {
			s.leg(seq, ed, since, f, false, nil, minK, sink(u))
		}
	}
	_ = v
	if s.limited || hub {
		s.bounded.Patterns++
	}
}

// distinctEnds collects the distinct far ends of the edges of a list
// (payers when in, payees otherwise) that the filter keeps, as of seq and
// after since, other than self, with one edge each, appending to ends and
// seqs. It stops at max ends or when the budget is spent.
func (s *searcher) distinctEnds(start, asOf uint64, since int64, in bool, self node, f edgeFilter, max int, ends []node, seqs []uint64) ([]node, []uint64) {
	e := s.e
	stamp := s.newStamp()
	for sq := start; e.log.retained(sq); {
		x := e.log.at(sq)
		if x.time <= since {
			break
		}
		next, o := x.prevOut, x.dst
		if in {
			next, o = x.prevIn, x.src
		}
		if sq <= asOf {
			if !s.spend() {
				break
			}
			if o != 0 && o != self && s.seen[o] != stamp && f.keep(x) {
				s.seen[o] = stamp
				ends = append(ends, o)
				seqs = append(seqs, sq)
				if len(ends) == max {
					break
				}
			}
		}
		sq = next
	}
	return ends, seqs
}

// layerCap bounds the accounts a layer search collects on each side.
const layerCap = 64

// layers finds BIPARTITE and STACK patterns around edge seq (u→v):
//
//   - BIPARTITE: a set of at least minSide senders (u among them) paying a
//     set of at least minSide receivers (v among them), all first payments
//     within the window, no account on both sides, and denser than a tree
//     (at least as many payments as accounts): a layer of many-to-many
//     payments (AMLSim's and AMLworld's bipartite pattern);
//   - STACK: v was paid by at least minSide intermediaries (u among them),
//     each of which had been paid, for the first time, an amount it passed
//     on (passesOn), by at least minSide distinct sources in all: two
//     stacked layers, sources → intermediaries → destination. With a single
//     source it is a scatter-gather instead.
func (s *searcher) layers(seq uint64, ed *edge, since int64, budget int, f edgeFilter, minSide int, emit func(match)) {
	e := s.e
	u, v := ed.src, ed.dst
	s.start(budget)
	var payers, payees []node
	var payerSeq, payeeSeq []uint64
	payers, payerSeq = s.distinctEnds(seq, seq, since, true, v, f, layerCap, payers, payerSeq)
	if len(payers) >= minSide && !s.limited {
		// STACK: the payers' own new payers.
		var edges []uint64
		sources := map[node]bool{}
		mids := 0
		for j, m := range payers {
			start := e.nodes.st[m].lastIn
			if m == u {
				start = ed.srcIn
			}
			var srcs []node
			var srcSeq []uint64
			srcs, srcSeq = s.distinctEnds(start, seq, since, true, m, f, layerCap, srcs, srcSeq)
			fed := false
			out := e.log.at(payerSeq[j])
			for k, o := range srcs {
				if o == v || !passesOn(e.log.at(srcSeq[k]), out) {
					continue
				}
				fed = true
				sources[o] = true
				edges = append(edges, srcSeq[k])
			}
			if fed {
				mids++
				edges = append(edges, payerSeq[j])
			}
			if s.limited {
				break
			}
		}
		if mids >= minSide && len(sources) >= minSide && !s.limited {
			emit(match{typ: model.TypStack, subject: v, edges: edges, size: min(mids, len(sources))})
		}
	}
	if s.limited {
		s.bounded.Patterns++
		return
	}
	payees, payeeSeq = s.distinctEnds(seq, seq, since, false, u, f, layerCap, payees, payeeSeq)
	if len(payers) < minSide || len(payees) < minSide || s.limited {
		if s.limited {
			s.bounded.Patterns++
		}
		return
	}
	// BIPARTITE: another payer of v paying another payee of u.
	target := s.newStamp()
	for _, d := range payees {
		if d != v {
			s.mark[d] = target
		}
	}
	var cross []uint64
	senders := map[node]bool{u: true}
	receivers := map[node]bool{v: true}
	for _, o := range payers {
		if o == u || s.mark[o] == target {
			continue // an account on both sides is layering, not a layer
		}
		for sq := e.nodes.st[o].lastOut; e.log.retained(sq); {
			x := e.log.at(sq)
			if x.time <= since {
				break
			}
			// Only edges as of the payment count against the budget:
			// how many later ones the batch holds must not matter.
			if sq < seq {
				if !s.spend() {
					break
				}
				if s.mark[x.dst] == target && f.keep(x) {
					cross = append(cross, sq)
					senders[o] = true
					receivers[x.dst] = true
				}
			}
			sq = x.prevOut
		}
		if s.limited {
			break
		}
	}
	if len(senders) >= minSide && len(receivers) >= minSide && 1+len(cross)+len(senders)-1+len(receivers)-1 >= len(senders)+len(receivers) {
		edges := append([]uint64{seq}, cross...)
		for j, o := range payers {
			if senders[o] && o != u {
				edges = append(edges, payerSeq[j])
			}
		}
		for j, d := range payees {
			if receivers[d] && d != v {
				edges = append(edges, payeeSeq[j])
			}
		}
		emit(match{typ: model.TypBipartite, subject: u, edges: edges, size: min(len(senders), len(receivers))})
	}
	if s.limited {
		s.bounded.Patterns++
	}
}

// passOnRatio bounds how an amount passed on may compare with the amount
// received before it, in the same currency: at most 10 % more (rounding,
// a topped-up balance) and at least half (fees, a split).
var passOnLo, passOnHi = math.Log(0.5), math.Log(1.1)

// chain follows edge seq (u→v) backwards along first payments that passed
// the money on — each earlier payment into the account that paid the next,
// before it, in a comparable amount — and reports a RANDOM pattern when the
// chain has at least minHops payments and never returns to an account it
// visited (that would be a cycle). At each account it takes the latest
// payment that qualifies.
func (s *searcher) chain(seq uint64, ed *edge, since int64, budget int, f edgeFilter, minHops int) (match, bool) {
	e := s.e
	s.start(budget)
	visited := s.newStamp()
	s.onPath[ed.dst] = visited
	s.onPath[ed.src] = visited
	edges := []uint64{seq}
	cur, curSeq := ed, seq
	const maxHops = 30
	for len(edges) < maxHops {
		x := cur.src
		start := cur.srcIn
		var next *edge
		var nextSeq uint64
		for sq := start; e.log.retained(sq); {
			y := e.log.at(sq)
			if y.time <= since || !s.spend() {
				break
			}
			if sq < curSeq && f.keep(y) && y.src != 0 && y.src != x && passesOn(y, cur) {
				next, nextSeq = y, sq
				break
			}
			sq = y.prevIn
		}
		if next == nil || s.onPath[next.src] == visited {
			break
		}
		s.onPath[next.src] = visited
		edges = append(edges, nextSeq)
		cur, curSeq = next, nextSeq
	}
	if s.limited {
		s.bounded.Patterns++
	}
	if len(edges) < minHops {
		return match{}, false
	}
	// Oldest first.
	for i, j := 0, len(edges)-1; i < j; i, j = i+1, j-1 {
		edges[i], edges[j] = edges[j], edges[i]
	}
	head := e.log.at(edges[0]).src
	return match{typ: model.TypRandom, subject: head, edges: edges, size: len(edges)}, true
}

// passesOn reports whether payment out could pass on the money of payment
// in: in the same currency, out is between half of in and 10 % more. The
// engine has no exchange rates, so payments in different currencies never
// match.
func passesOn(in, out *edge) bool {
	if in.currencyRecv != out.currency || in.received <= 0 || out.amount <= 0 {
		return false
	}
	r := math.Log(out.amount / in.received)
	return r >= passOnLo && r <= passOnHi
}

// hub collects a gather-scatter around hub h as of edge seq: its payments
// from and to accounts new to it within the window (in-edges from inStart,
// out-edges from outStart, the hub's list heads as of the edge). It reports
// a match when some new payer paid before some new payee was paid: money
// gathered, then scattered.
func (s *searcher) hub(seq uint64, h node, inStart, outStart uint64, since int64, budget int, f edgeFilter) (match, bool) {
	e := s.e
	s.start(budget)
	var edges []uint64
	firstIn, lastOut := int64(math.MaxInt64), int64(math.MinInt64)
	ins, outs := 0, 0
	for sq := inStart; e.log.retained(sq); {
		x := e.log.at(sq)
		if x.time <= since {
			break
		}
		if sq <= seq {
			if !s.spend() {
				break
			}
			if x.src != h && x.src != 0 && x.novel[f.slot]&edgeNovelIn != 0 {
				edges = append(edges, sq)
				firstIn = min(firstIn, x.time)
				ins++
			}
		}
		sq = x.prevIn
	}
	for sq := outStart; e.log.retained(sq); {
		x := e.log.at(sq)
		if x.time <= since {
			break
		}
		if sq <= seq {
			if !s.spend() {
				break
			}
			if x.dst != h && x.dst != 0 && x.novel[f.slot]&edgeNovelOut != 0 {
				edges = append(edges, sq)
				lastOut = max(lastOut, x.time)
				outs++
			}
		}
		sq = x.prevOut
	}
	if s.limited {
		s.bounded.Patterns++
	}
	if ins == 0 || outs == 0 || firstIn > lastOut {
		return match{}, false
	}
	return match{typ: model.TypGatherScatter, subject: h, edges: edges, size: ins + outs}, true
}
