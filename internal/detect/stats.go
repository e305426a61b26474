package detect

import (
	"math"

	"github.com/centinela-aml/centinela/internal/model"
)

// numChannels is the number of channel slots an edge can have: unknown
// (0) and every channel of model.Channels (index + 1).
const numChannels = 13

var _ = [1]struct{}{}[len(model.Channels)+1-numChannels] // numChannels follows model.Channels

// flowStats accumulates one account's edges in one direction inside a
// window, so that their statistics come out in O(1) as edges arrive and
// leave (GFP's vertex statistics, Blanuša et al., ICAIF 2024):
//
//   - the sum of the amounts;
//   - the power sums of ln(1 + amount) up to the fourth, from which mean,
//     variance, skewness and kurtosis follow (Pébay 2008, "Formulas for
//     robust, one-pass parallel computation of covariances and
//     arbitrary-order statistical moments"). Logarithms keep the sums of
//     fourth powers within float64's exact range for amounts up to
//     MaxAmount, where raw fourth powers would lose every digit to
//     cancellation;
//   - the smallest and largest amount, kept exactly while edges arrive and
//     marked stale when the edge holding either leaves; a stale value is
//     recomputed from the account's adjacency when next read (boundedMinMax);
//   - the sum and the sum of squares of the edges' times, relative to an
//     origin that moves forward so that the values stay small: mean age and
//     spread of the activity in time.
type flowStats struct {
	n              float64 // edges
	sum            float64
	m1, m2, m3, m4 float64
	tsum, tsq      float64 // seconds since origin
	origin         int64   // ns
	min, max       float64
	stale          uint8 // staleMin | staleMax
}

const (
	staleMin uint8 = 1 << iota
	staleMax
)

// shiftOrigin moves the time origin to now when it has fallen more than a
// window behind, rewriting the time sums for the new origin (n edges).
func (f *flowStats) shiftOrigin(now int64, n float64, window int64) {
	if now-f.origin <= window {
		return
	}
	d := float64(now-f.origin) / 1e9
	f.tsq += -2*d*f.tsum + n*d*d
	f.tsum -= n * d
	f.origin = now
}

// add counts an edge of this amount at time t; n is the number of edges
// before it.
func (f *flowStats) add(amount float64, t int64, window int64) {
	n := f.n
	if n == 0 {
		*f = flowStats{origin: t, min: amount, max: amount}
	} else {
		f.shiftOrigin(t, n, window)
		if amount < f.min {
			f.min = amount
			f.stale &^= staleMin
		}
		if amount > f.max {
			f.max = amount
			f.stale &^= staleMax
		}
	}
	x := math.Log1p(amount)
	x2 := x * x
	f.sum += amount
	f.m1 += x
	f.m2 += x2
	f.m3 += x2 * x
	f.m4 += x2 * x2
	s := float64(t-f.origin) / 1e9
	f.tsum += s
	f.tsq += s * s
	f.n++
}

// remove uncounts an edge of this amount and time at time now.
func (f *flowStats) remove(amount float64, t int64, now int64, window int64) {
	if f.n <= 1 {
		*f = flowStats{}
		return
	}
	f.shiftOrigin(now, f.n, window)
	x := math.Log1p(amount)
	x2 := x * x
	f.sum -= amount
	f.m1 -= x
	f.m2 -= x2
	f.m3 -= x2 * x
	f.m4 -= x2 * x2
	s := float64(t-f.origin) / 1e9
	f.tsum -= s
	f.tsq -= s * s
	f.n--
	if amount <= f.min {
		f.stale |= staleMin
	}
	if amount >= f.max {
		f.stale |= staleMax
	}
}

// moments are the statistics of one account's edges in one direction.
type moments struct {
	n, sum, mean, min, max float64
	// Of ln(1 + amount): standard deviation, skewness, excess kurtosis.
	logStd, skew, kurt float64
	// Of the edges' times, in hours: mean age at the time asked, spread.
	ageMean, ageStd float64
}

// moments returns the statistics at time now (min and max as stored; the
// caller refreshes stale ones).
func (f *flowStats) moments(now int64) moments {
	n := f.n
	if n <= 0 {
		return moments{}
	}
	m := moments{n: n, sum: f.sum, mean: f.sum / n, min: f.min, max: f.max}
	mu := f.m1 / n
	e2, e3, e4 := f.m2/n, f.m3/n, f.m4/n
	c2 := max(0, e2-mu*mu)
	if c2 > 1e-12 {
		c3 := e3 - 3*mu*e2 + 2*mu*mu*mu
		c4 := e4 - 4*mu*e3 + 6*mu*mu*e2 - 3*mu*mu*mu*mu
		m.logStd = math.Sqrt(c2)
		m.skew = c3 / (c2 * m.logStd)
		m.kurt = c4/(c2*c2) - 3
	}
	tm := f.tsum / n
	m.ageMean = (float64(now-f.origin)/1e9 - tm) / 3600
	m.ageStd = math.Sqrt(max(0, f.tsq/n-tm*tm)) / 3600
	return m
}
