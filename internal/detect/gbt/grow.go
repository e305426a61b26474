package gbt

import (
	"math"
	"sync"
)

// Histogram building splits a node's rows into blocks of histBlock rows and
// deals them round-robin to histLanes partial histograms that are summed in
// lane order. Both numbers are constants, never the worker count, so the
// floating-point sums (and so the model) are the same with 1 or 16 workers.
const (
	histBlock = 4096
	histLanes = 8
)

// minGain is the least gain a split must bring besides γ, so that splits
// produced by rounding noise are not made (xgboost's kRtEps).
const minGain = 1e-6

// gradPair is a row's first and second derivative of the loss.
type gradPair struct{ g, h float32 }

// binStat sums gradients and hessians of the rows in one histogram bin.
type binStat struct{ g, h float64 }

// split is the best split found for a node.
type split struct {
	gain        float64
	feature     int
	bin         int // value bins ≤ bin go left
	defaultLeft bool
	gl, hl      float64 // sums of the left child, missing rows included
}

// growNode is a node that may still be split.
type growNode struct {
	id         int32
	depth      int
	start, end int // the node's rows are rows[start:end]
	g, h       float64
	hist       []binStat
	best       split
}

// grower holds the binned training data and the buffers reused across
// trees.
type grower struct {
	p       Params
	nf      int
	cuts    []featureCuts
	nbins   []int // bins per feature, the missing bin included
	offs    []int // offset of each feature's bins in a histogram
	total   int   // histogram length
	bins    []uint8
	gh      []gradPair
	workers int

	rows     []int32 // rows of the current tree, grouped by node
	scratch  []int32
	sides    []bool
	cols     [][]uint8 // column-major bins, built per feature on demand
	features []int     // features the current tree may split on
	free     [][]binStat
	lanes    [][]binStat
}

func newGrower(p Params, nf int, cuts []featureCuts, bins []uint8, workers int) *grower {
	g := &grower{p: p, nf: nf, cuts: cuts, bins: bins, workers: workers}
	g.nbins = make([]int, nf)
	g.offs = make([]int, nf)
	for f, c := range cuts {
		g.offs[f] = g.total
		g.nbins[f] = len(c) + 2
		g.total += len(c) + 2
	}
	return g
}

func (g *grower) takeHist() []binStat {
	if n := len(g.free); n > 0 {
		h := g.free[n-1]
		g.free = g.free[:n-1]
		return h
	}
	return make([]binStat, g.total)
}

func (g *grower) putHist(h []binStat) {
	if h != nil {
		g.free = append(g.free, h)
	}
}

// accumulate adds the rows' gradient pairs to dst.
func (g *grower) accumulate(rows []int32, dst []binStat) {
	nf := g.nf
	bins := g.bins
	gh := g.gh
	offs := g.offs[:nf]
	for _, r := range rows {
		p := gh[r]
		gg, hh := float64(p.g), float64(p.h)
		rb := bins[int(r)*nf:][:nf]
		for f, b := range rb {
			s := &dst[offs[f]+int(b)]
			s.g += gg
			s.h += hh
		}
	}
}

// buildHist fills dst with the histogram of rows.
func (g *grower) buildHist(rows []int32, dst []binStat) {
	nblocks := (len(rows) + histBlock - 1) / histBlock
	clear(dst)
	if nblocks <= 1 {
		g.accumulate(rows, dst)
		return
	}
	lanes := min(histLanes, nblocks)
	for len(g.lanes) < lanes {
		g.lanes = append(g.lanes, make([]binStat, g.total))
	}
	lane := func(k int) []binStat {
		if k == 0 {
			return dst
		}
		return g.lanes[k]
	}
	run := func(k int) {
		buf := lane(k)
		if k > 0 {
			clear(buf)
		}
		for b := k; b < nblocks; b += lanes {
			g.accumulate(rows[b*histBlock:min((b+1)*histBlock, len(rows))], buf)
		}
	}
	workers := min(g.workers, lanes)
	if workers <= 1 {
		for k := range lanes {
			run(k)
		}
	} else {
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for k := w; k < lanes; k += workers {
					run(k)
				}
			})
		}
		wg.Wait()
	}
	parallelFor(len(dst), min(g.workers, 2), func(lo, hi int) {
		for k := 1; k < lanes; k++ {
			src := g.lanes[k][lo:hi]
			d := dst[lo:hi]
			for i := range d {
				d[i].g += src[i].g
				d[i].h += src[i].h
			}
		}
	})
}

// findSplit returns the best split of a node over the tree's features, by
// the second-order gain of Chen & Guestrin (2016), trying missing values on
// both sides (their sparsity-aware split finding). best.feature is -1 when
// no split satisfies min_child_weight.
func (g *grower) findSplit(nd *growNode) split {
	best := split{feature: -1, gain: math.Inf(-1)}
	lam, mcw := g.p.Lambda, g.p.MinChildWeight
	G, H := nd.g, nd.h
	parent := G * G / (H + lam)
	ok := func(hl, hr float64) bool { return hl >= mcw && hr >= mcw && hl > 0 && hr > 0 }
	for _, f := range g.features {
		nb := g.nbins[f] - 1 // value bins
		h := nd.hist[g.offs[f] : g.offs[f]+nb+1]
		miss := h[nb]
		hasMiss := miss.h > 0
		var gl, hl float64
		for b := range nb {
			gl += h[b].g
			hl += h[b].h
			if b == nb-1 && !hasMiss {
				break
			}
			// Missing values right (they are in the right-hand sums).
			if gr, hr := G-gl, H-hl; ok(hl, hr) {
				gain := gl*gl/(hl+lam) + gr*gr/(hr+lam) - parent
				if gain > best.gain {
					best = split{gain: gain, feature: f, bin: b, defaultLeft: !hasMiss && hl >= hr, gl: gl, hl: hl}
				}
			}
			if !hasMiss || b == nb-1 {
				continue
			}
			// Missing values left.
			gl2, hl2 := gl+miss.g, hl+miss.h
			if gr, hr := G-gl2, H-hl2; ok(hl2, hr) {
				gain := gl2*gl2/(hl2+lam) + gr*gr/(hr+lam) - parent
				if gain > best.gain {
					best = split{gain: gain, feature: f, bin: b, defaultLeft: true, gl: gl2, hl: hl2}
				}
			}
		}
	}
	return best
}

// threshold returns the split value of "value bins ≤ bin": x < threshold.
func (g *grower) threshold(f, bin int) float32 {
	if bin < len(g.cuts[f]) {
		return g.cuts[f][bin]
	}
	// All values left, missing right: no cut above the last bin.
	return math.MaxFloat32
}

// goesLeft tells where binned row r goes at a split; col is the split
// feature's column of bins.
func goesLeft(col []uint8, r int32, s *split, missing int) bool {
	b := int(col[r])
	if b == missing {
		return s.defaultLeft
	}
	return b <= s.bin
}

// column returns feature f's bins, one per row, transposing the row-major
// bins on first use: partitioning reads one feature of rows in ascending
// order, which a column serves from cache.
func (g *grower) column(f int) []uint8 {
	if g.cols == nil {
		g.cols = make([][]uint8, g.nf)
	}
	if g.cols[f] == nil {
		n := len(g.bins) / g.nf
		col := make([]uint8, n)
		for r := range col {
			col[r] = g.bins[r*g.nf+f]
		}
		g.cols[f] = col
	}
	return g.cols[f]
}

// partitionChunk is the least number of rows a goroutine partitions.
const partitionChunk = 16384

// partition reorders rows[start:end] so the left child's rows come first,
// keeping the ascending order inside each side; it returns the boundary.
// The result is unique, so splitting the work across goroutines cannot
// change it.
func (g *grower) partition(nd *growNode) int {
	seg := g.rows[nd.start:nd.end]
	col := g.column(nd.best.feature)
	missing := g.nbins[nd.best.feature] - 1
	workers := min(g.workers, len(seg)/partitionChunk)
	if workers <= 1 {
		right := g.scratch[:0]
		nl := 0
		for _, r := range seg {
			if goesLeft(col, r, &nd.best, missing) {
				seg[nl] = r
				nl++
			} else {
				right = append(right, r)
			}
		}
		copy(seg[nl:], right)
		return nd.start + nl
	}
	// Pass 1: each chunk marks its rows and counts its left ones.
	if cap(g.sides) < len(seg) {
		g.sides = make([]bool, len(seg))
	}
	sides := g.sides[:len(seg)]
	lefts := make([]int, workers)
	bound := func(w int) (int, int) { return len(seg) * w / workers, len(seg) * (w + 1) / workers }
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			lo, hi := bound(w)
			n := 0
			for i := lo; i < hi; i++ {
				left := goesLeft(col, seg[i], &nd.best, missing)
				sides[i] = left
				if left {
					n++
				}
			}
			lefts[w] = n
		})
	}
	wg.Wait()
	nl := 0
	for _, n := range lefts {
		nl += n
	}
	// Pass 2: each chunk copies its rows to their places in scratch.
	out := g.scratch[:len(seg)]
	leftAt, rightAt := 0, nl
	for w := range workers {
		lo, hi := bound(w)
		l, r := leftAt, rightAt
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				if sides[i] {
					out[l] = seg[i]
					l++
				} else {
					out[r] = seg[i]
					r++
				}
			}
		})
		leftAt += lefts[w]
		rightAt += (hi - lo) - lefts[w]
	}
	wg.Wait()
	copy(seg, out)
	return nd.start + nl
}

// builtTree is a tree as grown, with the bin of every split so training
// rows can be routed without their raw values.
type builtTree struct {
	t        tree
	splitBin []int32
	leaves   []*growNode // for routing the tree's own rows by segment
}

func (bt *builtTree) addNode() int32 {
	t := &bt.t
	t.Feature = append(t.Feature, -1)
	t.Threshold = append(t.Threshold, 0)
	t.Left = append(t.Left, -1)
	t.Right = append(t.Right, -1)
	t.DefaultLeft = append(t.DefaultLeft, false)
	t.Value = append(t.Value, 0)
	t.Cover = append(t.Cover, 0)
	t.Gain = append(t.Gain, 0)
	bt.splitBin = append(bt.splitBin, -1)
	return int32(len(t.Feature) - 1)
}

// canSplit tells whether a node could still be split at all.
func (g *grower) canSplit(depth int, h float64, rows int) bool {
	return depth < g.p.depthLimit() && rows >= 2 && h >= 2*g.p.MinChildWeight
}

// grow builds one tree on rows (g.rows must hold them) with the current
// gradients: depth-wise (nodes split in creation order, level by level)
// or, with MaxLeaves, leaf-wise (the pending node of largest gain first).
func (g *grower) grow() *builtTree {
	bt := &builtTree{}
	p := g.p
	if cap(g.scratch) < len(g.rows) {
		g.scratch = make([]int32, 0, len(g.rows))
	}
	root := &growNode{id: bt.addNode(), start: 0, end: len(g.rows)}
	for _, r := range g.rows {
		root.g += float64(g.gh[r].g)
		root.h += float64(g.gh[r].h)
	}
	var pending []*growNode
	leaves := 1
	consider := func(nd *growNode) {
		bt.t.Cover[nd.id] = float64(float32(nd.h)) // saved with float32 precision (json.go)
		if nd.hist != nil {
			nd.best = g.findSplit(nd)
			if nd.best.feature >= 0 && nd.best.gain > p.Gamma && nd.best.gain > minGain {
				pending = append(pending, nd)
				return
			}
		}
		g.putHist(nd.hist)
		nd.hist = nil
		bt.leaves = append(bt.leaves, nd)
	}
	if g.canSplit(0, root.h, len(g.rows)) {
		root.hist = g.takeHist()
		g.buildHist(g.rows, root.hist)
	}
	consider(root)
	for len(pending) > 0 {
		if p.MaxLeaves > 0 && leaves >= p.MaxLeaves {
			break
		}
		k := 0
		if p.MaxLeaves > 0 {
			for i, nd := range pending {
				if nd.best.gain > pending[k].best.gain {
					k = i
				}
			}
		}
		nd := pending[k]
		pending = append(pending[:k], pending[k+1:]...)
		leaves++

		mid := g.partition(nd)
		s := nd.best
		t := &bt.t
		t.Feature[nd.id] = int32(s.feature)
		t.Threshold[nd.id] = g.threshold(s.feature, s.bin)
		t.DefaultLeft[nd.id] = s.defaultLeft
		t.Gain[nd.id] = float64(float32(s.gain))
		bt.splitBin[nd.id] = int32(s.bin)
		l := &growNode{id: bt.addNode(), depth: nd.depth + 1, start: nd.start, end: mid, g: s.gl, h: s.hl}
		r := &growNode{id: bt.addNode(), depth: nd.depth + 1, start: mid, end: nd.end, g: nd.g - s.gl, h: nd.h - s.hl}
		t.Left[nd.id], t.Right[nd.id] = l.id, r.id

		more := p.MaxLeaves == 0 || leaves < p.MaxLeaves
		needL := more && g.canSplit(l.depth, l.h, l.end-l.start)
		needR := more && g.canSplit(r.depth, r.h, r.end-r.start)
		if needL || needR {
			small, large := l, r
			needLarge := needR
			if r.end-r.start < l.end-l.start {
				small, large, needLarge = r, l, needL
			}
			small.hist = g.takeHist()
			g.buildHist(g.rows[small.start:small.end], small.hist)
			if needLarge {
				// The larger child's histogram is the parent's less the
				// smaller child's (Ke et al. 2017, histogram subtraction).
				ph := nd.hist
				sh := small.hist
				for i := range ph {
					ph[i].g -= sh[i].g
					ph[i].h -= sh[i].h
				}
				large.hist, nd.hist = ph, nil
			}
			if !(small == l && needL) && !(small == r && needR) {
				g.putHist(small.hist)
				small.hist = nil
			}
		}
		g.putHist(nd.hist)
		nd.hist = nil
		consider(l)
		consider(r)
	}
	for _, nd := range pending {
		g.putHist(nd.hist)
		nd.hist = nil
		bt.leaves = append(bt.leaves, nd)
	}
	for _, nd := range bt.leaves {
		w := -nd.g / (nd.h + p.Lambda) * p.LearningRate
		// Leaves are stored as float32, the precision scoring uses.
		bt.t.Value[nd.id] = float64(float32(w))
	}
	return bt
}

// route returns the leaf a binned training row falls in.
func (g *grower) route(bt *builtTree, r int) int32 {
	t := &bt.t
	rb := g.bins[r*g.nf : (r+1)*g.nf]
	i := int32(0)
	for t.Feature[i] >= 0 {
		f := t.Feature[i]
		b := int(rb[f])
		var left bool
		if b == g.nbins[f]-1 {
			left = t.DefaultLeft[i]
		} else {
			left = b <= int(bt.splitBin[i])
		}
		if left {
			i = t.Left[i]
		} else {
			i = t.Right[i]
		}
	}
	return i
}
