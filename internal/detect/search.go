package detect

// searcher runs the bounded subgraph searches of one worker: scatter-gather
// and cycle enumeration around a transaction, over the graph as it was when
// the transaction arrived. Each worker has its own, so searches run in
// parallel; they only read the engine.
//
// Every search reads edges with a sequence number at most the
// transaction's own and a time after the search's horizon (see outEdges),
// and counts each edge it reads against a budget. A search that exhausts
// its budget stops; its counts are then lower bounds, and the search is
// counted as bounded (Stats.Bounded). The hot loops walk the adjacency
// lists by hand rather than through iterators, so that a search allocates
// nothing.
type searcher struct {
	e *Engine

	// Per-node scratch, valid while the node's stamp equals the current
	// one; stamps only grow, so nothing is ever cleared.
	mark   []uint32 // membership in a set being intersected
	seen   []uint32 // distinct-neighbour detection
	dist   []uint8  // backward hops to the cycle's target
	distAt []uint32 // stamp of dist
	onPath []uint32 // on the current path
	nbrIdx []int32  // index of a neighbour in the current expansion's list
	stamp  uint32

	queue, next []node
	levels      [][]hop // per depth: the distinct next hops
	path        []uint64
	cands       []node   // scatter-gather: candidate intermediates, grouped
	candSeq     []uint64 // the edges that reach them
	memberSeq   []uint64 // the edges of the far end's side
	groups      []group  // scatter-gather: one per source or destination

	budget, spent int
	limited       bool

	// The cycle search in progress.
	cyc      cycleSearch
	cycU     node
	cycAsOf  uint64
	cycKnown int
	cycAt    uint32
	cycPath  uint32
	cycHist  []float32
	cycClose *edge

	// What hit a budget, for Stats.
	bounded BoundCounts
}

// hop is one distinct next node of a path and the edge that reaches it.
type hop struct {
	n   node
	seq uint64
}

// group is a source (or destination) of a scatter-gather search, far,
// reached by edge own, and its candidate intermediates, cands[lo:hi].
type group struct {
	lo, hi int
	far    node
	own    uint64
}

// edgeFilter selects the edges a search may use. The zero filter keeps
// every edge; otherwise an edge is kept when its novelty flags in the
// given view slot share a bit with mask (the miners follow only
// counterparties new to each other).
type edgeFilter struct {
	mask uint8
	slot int
}

func (f edgeFilter) keep(ed *edge) bool { return f.mask == 0 || ed.novel[f.slot]&f.mask != 0 }

// BoundCounts counts the searches that stopped at their budget, by kind.
// A bounded search's counts are lower bounds.
type BoundCounts struct {
	ScatterGather int64 `json:"scatter_gather"`
	Cycles        int64 `json:"cycles"`
	MinMax        int64 `json:"min_max"`
	Patterns      int64 `json:"patterns"`
}

func (b *BoundCounts) add(o BoundCounts) {
	b.ScatterGather += o.ScatterGather
	b.Cycles += o.Cycles
	b.MinMax += o.MinMax
	b.Patterns += o.Patterns
}

// Total returns the number of bounded searches of every kind.
func (b BoundCounts) Total() int64 { return b.ScatterGather + b.Cycles + b.MinMax + b.Patterns }

func newSearcher(e *Engine) *searcher { return &searcher{e: e} }

// prepare sizes the scratch for the engine's nodes.
func (s *searcher) prepare() {
	n := s.e.nodes.len()
	if len(s.mark) < n {
		n = max(n, 2*len(s.mark))
		s.mark = growTo(s.mark, n)
		s.seen = growTo(s.seen, n)
		s.dist = growTo(s.dist, n)
		s.distAt = growTo(s.distAt, n)
		s.onPath = growTo(s.onPath, n)
		s.nbrIdx = growTo(s.nbrIdx, n)
	}
}

func growTo[T any](s []T, n int) []T {
	if len(s) >= n {
		return s
	}
	return append(s, make([]T, n-len(s))...)
}

// newStamp returns a stamp no scratch entry holds yet.
func (s *searcher) newStamp() uint32 {
	s.stamp++
	if s.stamp == 0 { // wrapped: clear everything once every 4 billion stamps
		clear(s.mark)
		clear(s.seen)
		clear(s.distAt)
		clear(s.onPath)
		s.stamp = 1
	}
	return s.stamp
}

// start begins a search with a budget of edge reads.
func (s *searcher) start(budget int) {
	s.budget, s.spent, s.limited = budget, 0, false
}

// spend counts one edge read; false once the budget is exhausted.
func (s *searcher) spend() bool {
	if s.spent >= s.budget {
		s.limited = true
		return false
	}
	s.spent++
	return true
}

// sgBins bins scatter-gather patterns by their number of intermediates:
// 2, 3–4, 5–9, 10–29, 30 or more (GFP bins them from 2 to ≥ 30).
var sgBins = []int{2, 3, 5, 10, 30}

// binOf returns the bin of value k among bins (lower bounds, ascending), or
// -1 below the first.
func binOf(bins []int, k int) int {
	b := -1
	for i, lo := range bins {
		if k >= lo {
			b = i
		}
	}
	return b
}

// scatterGather counts the scatter-gather patterns that edge seq (u→v)
// belongs to within (since, its time], binned by their number of
// intermediates into hist (len(sgBins)). A scatter-gather pattern is a
// source s and a destination d with k ≥ 2 distinct intermediates w, each
// paid by s and paying d (s→w→d), in any time order (GFP's definition). The
// edge is a gather leg (u = w, v = d) of the patterns of every source that
// paid u, and a scatter leg (u = s, v = w) of those of every destination v
// paid. Only edges the filter keeps count.
//
// deg holds the degrees of u and v within the window when the edge
// arrived: a leg whose lists are longer than the budget is not searched
// (the search counts as bounded), so that hubs do not cost a whole budget
// on every payment they make or receive.
func (s *searcher) scatterGather(seq uint64, ed *edge, deg endpointDegrees, since int64, budget int, f edgeFilter, hist []float32) {
	clear(hist[:len(sgBins)])
	u, v := ed.src, ed.dst
	if u == 0 || v == 0 || u == v {
		return
	}
	s.start(budget)
	hub := false
	if deg.srcIn > 0 { // someone paid u: u may be an intermediate
		if int(deg.dstIn+deg.srcIn) > budget {
			hub = true
		} else {
			s.leg(seq, ed, since, f, true, hist, 0, nil)
		}
	}
	if deg.dstOut > 0 && !s.limited { // v paid anyone: v may be an intermediate
		if int(deg.srcOut+deg.dstOut) > budget {
			hub = true
		} else {
			s.leg(seq, ed, since, f, false, hist, 0, nil)
		}
	}
	if s.limited || hub {
		s.bounded.ScatterGather++
	}
}

// leg counts the patterns in which edge seq (u→v) is a gather leg
// (gather: u is an intermediate, v the destination; the sources are u's
// payers) or a scatter leg (u the source, v an intermediate; the
// destinations are v's payees). It first lists, per source (destination),
// the other intermediates it could share with the edge, and only then reads
// the destination's payers (source's payees), the longest list, when there
// is any candidate at all.
//
// With sink set, every pattern of at least minK intermediaries is also
// passed to it with its far end (the source of a gather leg, the
// destination of a scatter leg) and all its payments.
func (s *searcher) leg(seq uint64, ed *edge, since int64, f edgeFilter, gather bool, hist []float32, minK int, sink func(far node, k int, edges []uint64)) {
	e := s.e
	u, v := ed.src, ed.dst
	mid, end := u, v // the edge's intermediate and the pattern's far end
	first := ed.srcIn
	if !gather {
		mid, end = v, u
		first = ed.dstOut
	}
	record := sink != nil
	s.cands = s.cands[:0]
	s.candSeq = s.candSeq[:0]
	s.groups = s.groups[:0]
	others := s.newStamp()
	// The ends on the far side of mid: u's payers (gather) or v's payees.
	for sq := first; e.log.retained(sq); {
		x := e.log.at(sq)
		if x.time <= since || !s.spend() {
			break
		}
		next := x.prevIn
		o := x.src
		if !gather {
			next, o = x.prevOut, x.dst
		}
		if sq <= seq && o != 0 && o != u && o != v && s.seen[o] != others && f.keep(x) {
			s.seen[o] = others
			// o's other counterparties on mid's side: its payees (gather)
			// or payers (scatter), other than mid.
			lo := len(s.cands)
			mine := s.newStamp()
			var start uint64
			if gather {
				start = e.nodes.st[o].lastOut
			} else {
				start = e.nodes.st[o].lastIn
			}
			for t := start; e.log.retained(t); {
				y := e.log.at(t)
				if y.time <= since {
					break
				}
				nt, w := y.prevOut, y.dst
				if !gather {
					nt, w = y.prevIn, y.src
				}
				if t <= seq {
					if !s.spend() {
						break
					}
					if w != 0 && w != o && w != mid && w != end && s.onPath[w] != mine && f.keep(y) {
						s.onPath[w] = mine
						s.cands = append(s.cands, w)
						if record {
							s.candSeq = append(s.candSeq, t)
						}
					}
				}
				t = nt
			}
			s.groups = append(s.groups, group{lo: lo, hi: len(s.cands), far: o, own: sq})
			if s.limited {
				break
			}
		}
		sq = next
	}
	if len(s.cands) == 0 || s.limited {
		return
	}
	// The accounts on the edge's side of end: end's payers (gather) or
	// payees (scatter), as of the edge, the edge itself included.
	members := s.newStamp()
	s.memberSeq = s.memberSeq[:0]
	for sq := seq; e.log.retained(sq); {
		x := e.log.at(sq)
		if x.time <= since || !s.spend() {
			break
		}
		w, next := x.src, x.prevIn
		if !gather {
			w, next = x.dst, x.prevOut
		}
		if w != 0 && f.keep(x) && s.mark[w] != members {
			s.mark[w] = members
			if record {
				s.nbrIdx[w] = int32(len(s.memberSeq))
				s.memberSeq = append(s.memberSeq, sq)
			}
		}
		sq = next
	}
	if s.limited {
		return
	}
	for _, g := range s.groups {
		k := 1 // mid itself
		for _, w := range s.cands[g.lo:g.hi] {
			if s.mark[w] == members {
				k++
			}
		}
		if b := binOf(sgBins, k); b >= 0 && hist != nil {
			hist[b]++
		}
		if record && k >= minK {
			edges := []uint64{seq, g.own}
			for j, w := range s.cands[g.lo:g.hi] {
				if s.mark[w] == members {
					edges = append(edges, s.candSeq[g.lo+j], s.memberSeq[s.nbrIdx[w]])
				}
			}
			sink(g.far, k, edges)
		}
	}
}

// cycleBins bins cycles by their length in edges: 2, 3, 4, 5–6, 7 or more.
var cycleBins = []int{2, 3, 4, 5, 7}

// cycleSearch describes one cycle enumeration.
type cycleSearch struct {
	maxLen   int   // longest cycle, in edges
	since    int64 // horizon (exclusive)
	budget   int   // edge reads
	temporal bool  // path edges in time order, all before the closing edge
	filter   edgeFilter
	// conserve requires each payment of a temporal path to pass on the
	// money of the one before it (conserves), and the closing payment to
	// pass on the last.
	conserve bool
	// found, when set, is called with the path's edges (oldest first,
	// closing edge excluded) for every cycle found; it may stop the
	// search by returning false.
	found func(path []uint64) bool
}

// cycles counts the simple cycles that edge seq (u→v) closes: node-distinct
// paths v→…→u of at most maxLen−1 edges within the horizon, read as of seq,
// binned by cycle length into hist (len(cycleBins)). Temporal cycles are
// those whose path can be walked in time order before the closing edge
// (each edge after the previous one); for each sequence of nodes the
// earliest possible edges are used, so every temporal node sequence is
// found and counted once.
//
// A backward breadth-first search from u first records how many hops each
// nearby account is from u, level by level while half the budget allows
// whole levels; the depth-first search from v then only follows accounts
// that can still reach u within the remaining length, which prunes almost
// every branch in sparse graphs.
//
// deg holds the degrees of u and v within the window when the edge
// arrived: when nobody paid u or v paid nobody there is no cycle; when v
// paid more accounts than the budget allows reading, the search is not run
// and counts as bounded.
func (s *searcher) cycles(seq uint64, ed *edge, deg endpointDegrees, c cycleSearch, hist []float32) {
	clear(hist[:len(cycleBins)])
	u, v := ed.src, ed.dst
	if u == 0 || v == 0 || u == v || c.maxLen < 2 || ed.srcIn == 0 || ed.dstOut == 0 || deg.srcIn == 0 || deg.dstOut == 0 {
		return
	}
	if int(deg.dstOut) > c.budget {
		s.bounded.Cycles++
		return
	}
	e := s.e
	asOf := seq - 1

	// Backward levels from u: dist[x] = hops from x to u, exact for the
	// levels completed.
	s.start(c.budget / 2)
	at := s.newStamp()
	s.dist[u], s.distAt[u] = 0, at
	s.queue = append(s.queue[:0], u)
	known := 0
	maxDepth := c.maxLen - 1
	for level := 1; level < maxDepth && len(s.queue) > 0; level++ {
		s.next = s.next[:0]
		complete := true
		for _, x := range s.queue {
			sq := e.nodes.st[x].lastIn
			if x == u {
				sq = ed.srcIn
			}
			for e.log.retained(sq) {
				y := e.log.at(sq)
				if y.time <= c.since {
					break
				}
				if sq <= asOf {
					if !s.spend() {
						complete = false
						break
					}
					if p := y.src; p != 0 && s.distAt[p] != at && c.filter.keep(y) {
						s.distAt[p], s.dist[p] = at, uint8(level)
						s.next = append(s.next, p)
					}
				}
				sq = y.prevIn
			}
			if !complete {
				break
			}
		}
		if !complete {
			for _, p := range s.next { // only whole levels prune exactly
				s.distAt[p] = 0
			}
			break
		}
		known = level
		s.queue, s.next = s.next, s.queue
	}

	// Depth-first from v on the rest of the budget.
	s.start(c.budget - s.spent)
	if len(s.levels) < c.maxLen {
		s.levels = append(s.levels, make([][]hop, c.maxLen-len(s.levels))...)
	}
	s.cyc, s.cycU, s.cycAsOf, s.cycKnown, s.cycAt, s.cycHist, s.cycClose = c, u, asOf, known, at, hist, ed
	s.cycPath = s.newStamp()
	s.onPath[v] = s.cycPath
	s.path = s.path[:0]
	s.walk(v, ed.dstOut, 0, 0)
	s.onPath[v] = 0
	s.cyc.found = nil
	if s.limited {
		s.bounded.Cycles++
	}
}

// walk extends the current cycle path from x, reached by `length` edges
// from the start, the last at sequence number after; start is x's first
// out-edge to read. It returns false to stop the whole search.
func (s *searcher) walk(x node, start uint64, length int, after uint64) bool {
	var prev *edge
	if s.cyc.conserve && after != 0 {
		prev = s.e.log.at(after)
	}
	e, c, u := s.e, &s.cyc, s.cycU
	remain := c.maxLen - 1 - length // edges still allowed before reaching u
	if remain <= 0 {
		return true
	}
	hops := s.levels[length][:0]
	expansion := s.newStamp()
	for sq := start; e.log.retained(sq); {
		y := e.log.at(sq)
		if y.time <= c.since || (c.temporal && sq <= after) {
			break // newest first: the rest are older still
		}
		if sq <= s.cycAsOf {
			if !s.spend() {
				break
			}
			n := y.dst
			if n != 0 && n != x && c.filter.keep(y) && s.reachable(n, remain) && (prev == nil || conserves(prev, y)) &&
				(n != u || !c.conserve || conserves(y, s.cycClose)) {
				if s.seen[n] == expansion {
					hops[s.nbrIdx[n]].seq = sq // keep the earliest edge to each neighbour
				} else {
					s.seen[n] = expansion
					s.nbrIdx[n] = int32(len(hops))
					hops = append(hops, hop{n: n, seq: sq})
				}
			}
		}
		sq = y.prevOut
	}
	s.levels[length] = hops
	for _, h := range hops {
		s.path = append(s.path, h.seq)
		if h.n == u {
			if b := binOf(cycleBins, length+2); b >= 0 {
				s.cycHist[b]++
			}
			if c.found != nil && !c.found(s.path) {
				return false
			}
		} else {
			s.onPath[h.n] = s.cycPath
			cont := s.walk(h.n, e.nodes.st[h.n].lastOut, length+1, h.seq)
			s.onPath[h.n] = 0
			if !cont {
				return false
			}
		}
		s.path = s.path[:len(s.path)-1]
		if s.limited {
			return false
		}
	}
	return true
}

// conserves reports whether payment out could pass on the money of
// payment in: in the same currency, between half of it and 10 % more; in
// different currencies the engine has no exchange rate and cannot tell, so
// it does not object.
func conserves(in, out *edge) bool {
	if in.currencyRecv != out.currency {
		return true
	}
	return passesOn(in, out)
}

// reachable reports whether the cycle's target can be reached from n in at
// most remain−1 more edges, as far as the backward levels know, and n is
// not on the path already.
func (s *searcher) reachable(n node, remain int) bool {
	if n == s.cycU {
		return true
	}
	if s.onPath[n] == s.cycPath {
		return false
	}
	if s.distAt[n] == s.cycAt {
		return int(s.dist[n]) <= remain-1
	}
	return remain-1 > s.cycKnown
}
