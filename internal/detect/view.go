package detect

import (
	"math"
	"math/bits"
)

// view keeps windowed counters over the edge log for one window length W:
// at the engine's clock t it counts the edges with time in (t−W, t]. Each
// edge is added once when it arrives and removed once when it leaves the
// window, so the cost per transaction is O(1) whatever the window.
//
// Per account it counts edges (degree) and distinct counterparties (fan) in
// each direction. A view that serves a pattern miner also tracks novelty:
// which counterparties in the window had no earlier contact with the account
// (see knownSet), and a baseline of the account's activity before the window.
type view struct {
	window int64 // nanoseconds
	tail   uint64
	pairs  pairTable

	c []counts // per node

	// What runs right after each insertion, in this view's goroutine.
	groups []groupAt[insertFeatures]
	miners []*fanMiner

	// Per-account amount and time statistics and channel counts, when
	// stats is true (the feature view).
	stats    bool
	statsIn  []flowStats
	statsOut []flowStats
	chanIn   [][numChannels]uint32
	chanOut  [][numChannels]uint32
	bounded  int64 // stale minima and maxima refreshed from a bounded read

	// When degrees is set, degs[i] holds the degrees of the accounts of the
	// batch's transaction i right after it was counted, for the searches
	// of phase 4 to skip hubs whose lists exceed their budget.
	degrees bool
	degs    []endpointDegrees

	// Novelty and baseline, when novelty is true.
	novelty         bool
	slot            int   // this view's byte in edge.novel
	period          int64 // known-set generation length, ns
	tau             float64
	known           []knownSet
	histIn, histOut []float64 // decayed count of edges that left the window
	// Decayed count of new-counterparty runs that left the window: how
	// often the account usually takes on new counterparties.
	histNewIn, histNewOut []float64
	histT                 []int64
	// Decayed counts of counterparties new to the account (time constant
	// tau), counted when the pair's run begins.
	newIn, newOut []float64
	newT          []int64
	// The history features' surprise of each account's new counterparties,
	// computed when their number last changed (surpriseK).
	surpriseIn, surpriseOut   []float32
	surpriseInK, surpriseOutK []int32
}

// counts are one account's counters in a view, together so that updating
// them touches one cache line.
type counts struct {
	fanIn, fanOut, degIn, degOut int32
	novelIn, novelOut            int32 // counterparties in the window new to the account
}

// endpointDegrees are the degrees in a view of both accounts of a
// transaction right after it was counted (itself included).
type endpointDegrees struct {
	srcIn, srcOut, dstIn, dstOut int32
	// Counterparties new to each account in the window (novelty views).
	srcNewIn, srcNewOut, dstNewIn, dstNewOut int32
	// For the gather-scatter miner: −log10 of the chance of so many new
	// counterparties in and out at the account's usual rate, when it has
	// at least the miner's minimum on both sides and enough history; else
	// 0.
	srcGS, dstGS float32
	// Distinct counterparties each account has dealt with within the
	// novelty memory (knownSet.size), for the layer miners to pass hubs.
	srcKnown, dstKnown float32
}

// Pair flags: the pair's counterparty was new to the originator (out) or to
// the beneficiary (in) when the pair's current run of edges began.
const (
	pairNovelOut uint32 = 1 << iota
	pairNovelIn
)

func newView(window int64, nodes int) *view {
	v := &view{window: window, tail: 1}
	v.pairs.init(0)
	v.grow(nodes)
	return v
}

// maxNoveltyViews bounds the views that track novelty: the history view
// and one per fan miner whose window differs from it.
// Each writes its own byte of edge.novel, so views can be updated
// concurrently.
const maxNoveltyViews = 3

// Edge novelty flags, in the view's byte of edge.novel.
const (
	edgeNovelOut uint8 = 1 << iota // the beneficiary was new to the originator
	edgeNovelIn                    // the originator was new to the beneficiary
)

func (v *view) enableNovelty(slot int, period int64, tau float64, nodes int) {
	v.novelty = true
	v.slot = slot
	v.period = period
	v.tau = tau
	v.grow(nodes)
}

// enableStats makes the view keep per-account amount and time statistics
// and channel counts.
func (v *view) enableStats(nodes int) {
	v.stats = true
	v.grow(nodes)
}

// grow extends the per-node arrays to n nodes.
func (v *view) grow(n int) {
	v.c = extend(v.c, n)
	if v.novelty {
		v.known = extend(v.known, n)
		v.histIn = extend(v.histIn, n)
		v.histOut = extend(v.histOut, n)
		v.histNewIn = extend(v.histNewIn, n)
		v.histNewOut = extend(v.histNewOut, n)
		v.histT = extend(v.histT, n)
		v.newIn = extend(v.newIn, n)
		v.newOut = extend(v.newOut, n)
		v.newT = extend(v.newT, n)
		v.surpriseIn = extend(v.surpriseIn, n)
		v.surpriseOut = extend(v.surpriseOut, n)
		v.surpriseInK = extend(v.surpriseInK, n)
		v.surpriseOutK = extend(v.surpriseOutK, n)
	}
	if v.stats {
		v.statsIn = extend(v.statsIn, n)
		v.statsOut = extend(v.statsOut, n)
		v.chanIn = extend(v.chanIn, n)
		v.chanOut = extend(v.chanOut, n)
	}
}

// extend returns s lengthened to at least n elements, the new ones zero.
// Its capacity at least doubles when it must grow, so that growing one
// element at a time costs amortised O(1) per element even for the largest
// arrays (append grows large slices by a quarter only).
func extend[T any](s []T, n int) []T {
	if n <= len(s) {
		return s
	}
	if n <= cap(s) {
		old := len(s)
		s = s[:n]
		clear(s[old:])
		return s
	}
	t := make([]T, n, max(n, 2*cap(s), 1024))
	copy(t, s)
	return t
}

// reset clears node n's history when the account is forgotten (idle for
// longer than the engine remembers) or its number reused. Its window
// counters are already zero: the account has had no edge in any window
// for at least the retention.
func (v *view) reset(n node) {
	if v.novelty {
		v.known[n] = knownSet{}
		v.histIn[n], v.histOut[n], v.histT[n] = 0, 0, 0
		v.histNewIn[n], v.histNewOut[n] = 0, 0
		v.newIn[n], v.newOut[n], v.newT[n] = 0, 0, 0
		v.surpriseIn[n], v.surpriseOut[n], v.surpriseInK[n], v.surpriseOutK[n] = 0, 0, 0, 0
	}
	if v.stats {
		v.statsIn[n], v.statsOut[n] = flowStats{}, flowStats{}
	}
}

// add counts edge e (sequence number seq is not needed: the view's tail
// follows the log) and sets its novelty flags.
func (v *view) add(e *edge, nodes *nodeTable) {
	src, dst := &v.c[e.src], &v.c[e.dst] // node 0's counts absorb the missing side
	src.degOut++
	dst.degIn++
	if v.stats {
		if e.src != 0 {
			v.statsOut[e.src].add(e.amount, e.time, v.window)
			v.chanOut[e.src][e.channel]++
		}
		if e.dst != 0 {
			v.statsIn[e.dst].add(e.received, e.time, v.window)
			v.chanIn[e.dst][e.channel]++
		}
	}
	if e.src == 0 || e.dst == 0 || e.src == e.dst {
		return
	}
	p, created := v.pairs.insert(pairKey(e.src, e.dst))
	p.count++
	if created {
		src.fanOut++
		dst.fanIn++
		if v.novelty {
			epoch := floorDiv(e.time, v.period)
			if !v.known[e.src].has(nodes.st[e.dst].hash, epoch) {
				p.flags |= pairNovelOut
				src.novelOut++
				v.decayNew(e.src, e.time)
				v.newOut[e.src]++
			}
			if !v.known[e.dst].has(nodes.st[e.src].hash, epoch) {
				p.flags |= pairNovelIn
				dst.novelIn++
				v.decayNew(e.dst, e.time)
				v.newIn[e.dst]++
			}
		}
	}
	if v.novelty {
		if p.flags&pairNovelOut != 0 {
			e.novel[v.slot] |= edgeNovelOut
		}
		if p.flags&pairNovelIn != 0 {
			e.novel[v.slot] |= edgeNovelIn
		}
	}
}

// expire removes the edges that have left the window at time now.
func (v *view) expire(now int64, log *edgeLog, nodes *nodeTable) {
	limit := now - v.window
	for v.tail < log.next {
		e := log.at(v.tail)
		if e.time > limit {
			return
		}
		v.remove(e, e.time+v.window, nodes)
		v.tail++
	}
}

// remove uncounts edge e, which leaves the window at time at.
func (v *view) remove(e *edge, at int64, nodes *nodeTable) {
	src, dst := &v.c[e.src], &v.c[e.dst]
	src.degOut--
	dst.degIn--
	if v.stats {
		if e.src != 0 {
			v.statsOut[e.src].remove(e.amount, e.time, at, v.window)
			v.chanOut[e.src][e.channel]--
		}
		if e.dst != 0 {
			v.statsIn[e.dst].remove(e.received, e.time, at, v.window)
			v.chanIn[e.dst][e.channel]--
		}
	}
	if v.novelty {
		if e.src != 0 {
			v.decay(e.src, at)
			v.histOut[e.src]++
		}
		if e.dst != 0 {
			v.decay(e.dst, at)
			v.histIn[e.dst]++
		}
	}
	if e.src == 0 || e.dst == 0 || e.src == e.dst {
		return
	}
	i := v.pairs.find(pairKey(e.src, e.dst))
	if i < 0 {
		return // cannot happen: every counted pair is in the table
	}
	p := &v.pairs.slots[i]
	p.count--
	if v.novelty {
		// The run's first edge has left the window: from now on the
		// counterparties count as known to each other.
		if p.flags&pairNovelOut != 0 {
			src.novelOut--
			v.histNewOut[e.src]++ // decayed to `at` above
		}
		if p.flags&pairNovelIn != 0 {
			dst.novelIn--
			v.histNewIn[e.dst]++
		}
		p.flags = 0
		epoch := floorDiv(at, v.period)
		v.known[e.src].add(nodes.st[e.dst].hash, epoch)
		v.known[e.dst].add(nodes.st[e.src].hash, epoch)
	}
	if p.count == 0 {
		src.fanOut--
		dst.fanIn--
		v.pairs.removeAt(i)
	}
}

// decay brings node n's baseline counts forward to time t.
func (v *view) decay(n node, t int64) {
	dt := t - v.histT[n]
	if dt <= 0 {
		return
	}
	f := math.Exp(-float64(dt) / v.tau)
	v.histIn[n] *= f
	v.histOut[n] *= f
	v.histNewIn[n] *= f
	v.histNewOut[n] *= f
	v.histT[n] = t
}

// decayNew brings node n's decayed new-counterparty counts forward to t.
func (v *view) decayNew(n node, t int64) {
	dt := t - v.newT[n]
	if dt <= 0 {
		return
	}
	f := math.Exp(-float64(dt) / v.tau)
	v.newIn[n] *= f
	v.newOut[n] *= f
	v.newT[n] = t
}

// newCounterparties returns node n's decayed counts of new counterparties
// in and out at time t.
func (v *view) newCounterparties(n node, t int64) (in, out float64) {
	in, out = v.newIn[n], v.newOut[n]
	if dt := t - v.newT[n]; dt > 0 {
		f := math.Exp(-float64(dt) / v.tau)
		in, out = in*f, out*f
	}
	return in, out
}

// baseline returns node n's activity in the given direction before the
// current window at time t: events is the exponentially weighted count
// (time constant tau) of the edges that left the window, windows the
// equally weighted time it was observed over, in window lengths. Both are
// zero for an account first seen less than a window ago.
func (v *view) baseline(n node, out bool, t, firstSeen int64) (events, windows float64) {
	observed := float64(t - v.window - firstSeen)
	if observed <= 0 {
		return 0, 0
	}
	h := v.histIn[n]
	if out {
		h = v.histOut[n]
	}
	if dt := t - v.histT[n]; dt > 0 {
		h *= math.Exp(-float64(dt) / v.tau)
	}
	return h, v.tau * -math.Expm1(-observed/v.tau) / float64(v.window)
}

// noveltyBaseline is baseline for new counterparties: events counts the
// new-counterparty runs that left the window (exponentially weighted), so
// that a burst of new counterparties is judged against how often the
// account usually takes on new ones, not against its traffic with known
// ones.
func (v *view) noveltyBaseline(n node, out bool, t, firstSeen int64) (events, windows float64) {
	observed := float64(t - v.window - firstSeen)
	if observed <= 0 {
		return 0, 0
	}
	h := v.histNewIn[n]
	if out {
		h = v.histNewOut[n]
	}
	if dt := t - v.histT[n]; dt > 0 {
		h *= math.Exp(-float64(dt) / v.tau)
	}
	return h, v.tau * -math.Expm1(-observed/v.tau) / float64(v.window)
}

// knownSet remembers, approximately and in bounded memory, the
// counterparties an account has dealt with before: a 512-bit Bloom filter
// with two hash functions per generation, two generations. A counterparty
// is known when its bits are set in the current or the previous
// generation, so contacts are remembered for one to two generation periods
// and then forgotten. A false "known" answer has a chance of about
// (1 − e^(−2n/512))² for n counterparties in a generation: 0.15 % for 10,
// 3 % for 50, 11 % for 100. False answers make the miners more
// conservative on accounts with many counterparties (merchants, employers),
// never less.
type knownSet struct {
	cur, prev [knownWords]uint64
	epoch     int64
}

const (
	knownWords = 8
	knownBitsN = 64 * knownWords
)

func (k *knownSet) roll(epoch int64) {
	switch {
	case epoch <= k.epoch:
		return
	case k.epoch+1 == epoch:
		k.prev = k.cur
	default:
		k.prev = [knownWords]uint64{}
	}
	k.cur = [knownWords]uint64{}
	k.epoch = epoch
}

// knownBits returns the two bit positions (0..511) of a hashed counterparty.
func knownBits(h uint64) (a, b uint64) {
	x := h * 0xD6E8FEB86659FD93
	return x >> 55, (x >> 46) & (knownBitsN - 1)
}

func (k *knownSet) has(h uint64, epoch int64) bool {
	k.roll(epoch)
	a, b := knownBits(h)
	in := func(i uint64) bool { return (k.cur[i>>6]|k.prev[i>>6])&(1<<(i&63)) != 0 }
	return in(a) && in(b)
}

func (k *knownSet) add(h uint64, epoch int64) {
	k.roll(epoch)
	a, b := knownBits(h)
	k.cur[a>>6] |= 1 << (a & 63)
	k.cur[b>>6] |= 1 << (b & 63)
}

// size estimates how many distinct counterparties the set remembers at
// epoch, by linear counting (Whang, Vander-Zanden & Taylor 1990) over the
// union of both generations, two bits per counterparty.
func (k *knownSet) size(epoch int64) float64 {
	var cur, prev [knownWords]uint64
	switch {
	case epoch == k.epoch:
		cur, prev = k.cur, k.prev
	case epoch == k.epoch+1:
		prev = k.cur
	case epoch < k.epoch:
		cur, prev = k.cur, k.prev
	}
	set := 0
	for i := range cur {
		set += bits.OnesCount64(cur[i] | prev[i])
	}
	if set >= knownBitsN {
		set = knownBitsN - 1
	}
	return -float64(knownBitsN) / 2 * math.Log(1-float64(set)/knownBitsN)
}

// floorDiv is a/b rounded towards minus infinity.
func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
