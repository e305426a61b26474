package gbt

import (
	"math"
	"slices"
	"sync"
)

// cutSampleRows bounds the rows that quantile cuts are computed from; more
// rows move the cuts very little (LightGBM samples 200,000 by default,
// Ke et al. 2017).
const cutSampleRows = 200_000

// featureCuts are one feature's bin boundaries, ascending. Value bin b holds
// cuts[b-1] ≤ x < cuts[b] (no lower bound for b = 0, no upper bound for the
// last), so there are len(cuts)+1 value bins, and index len(cuts)+1 is the
// missing-value bin. A split "bin ≤ b goes left" is the rule x < cuts[b].
type featureCuts []float32

// bin returns x's bin index.
func (c featureCuts) bin(x float32) uint8 {
	if x != x {
		return uint8(len(c) + 1)
	}
	// Binary search for the number of cuts ≤ x.
	lo, hi := 0, len(c)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if c[m] <= x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return uint8(lo)
}

// clampInf maps ±Inf to the largest finite float32 of the same sign, so
// cuts and thresholds stay finite (JSON cannot hold infinities); the order
// of values, and so every split decision, is unchanged.
func clampInf(x float32) float32 {
	switch {
	case x > math.MaxFloat32:
		return math.MaxFloat32
	case x < -math.MaxFloat32:
		return -math.MaxFloat32
	}
	return x
}

// computeCuts chooses equal-frequency cuts for every feature from a
// systematic sample of rows. A feature with at most `bins` distinct values
// gets one bin per value, so small categorical codes are split exactly.
func computeCuts(d *Dataset, bins, workers int) []featureCuts {
	nf := len(d.Names)
	n := d.Rows()
	sample := make([]int, 0, min(n, cutSampleRows))
	if n <= cutSampleRows {
		for i := range n {
			sample = append(sample, i)
		}
	} else {
		for k := range cutSampleRows {
			sample = append(sample, int(int64(k)*int64(n)/cutSampleRows))
		}
	}
	cuts := make([]featureCuts, nf)
	parallelFor(nf, workers, func(lo, hi int) {
		vals := make([]float32, 0, len(sample))
		for f := lo; f < hi; f++ {
			vals = vals[:0]
			for _, r := range sample {
				if x := d.Features[r*nf+f]; x == x {
					vals = append(vals, clampInf(x))
				}
			}
			cuts[f] = quantileCuts(vals, bins)
		}
	})
	return cuts
}

// quantileCuts sorts vals and returns at most bins-1 distinct cuts.
func quantileCuts(vals []float32, bins int) featureCuts {
	if len(vals) == 0 {
		return featureCuts{}
	}
	slices.Sort(vals)
	distinct := 1
	for i := 1; i < len(vals); i++ {
		if vals[i] != vals[i-1] {
			distinct++
		}
	}
	var cuts featureCuts
	if distinct <= bins {
		for i := 1; i < len(vals); i++ {
			if vals[i] != vals[i-1] {
				cuts = append(cuts, vals[i])
			}
		}
		return cuts
	}
	last := vals[0]
	for b := 1; b < bins; b++ {
		q := vals[int(int64(b)*int64(len(vals))/int64(bins))]
		if q > last {
			cuts = append(cuts, q)
			last = q
		}
	}
	return cuts
}

// binMatrix maps every value to its bin, row after row like the features.
func binMatrix(d *Dataset, cuts []featureCuts, workers int) []uint8 {
	nf := len(d.Names)
	n := d.Rows()
	out := make([]uint8, n*nf)
	parallelFor(n, workers, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			row := d.Features[r*nf : (r+1)*nf]
			ob := out[r*nf : (r+1)*nf]
			for f, x := range row {
				ob[f] = cuts[f].bin(x)
			}
		}
	})
	return out
}

// parallelFor splits [0, n) into one contiguous range per worker. fn must
// write only to its own range, so the result does not depend on workers.
func parallelFor(n, workers int, fn func(lo, hi int)) {
	if workers <= 1 || n < 2*workers {
		fn(0, n)
		return
	}
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := n*w/workers, n*(w+1)/workers
		wg.Go(func() { fn(lo, hi) })
	}
	wg.Wait()
}
