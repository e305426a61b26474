package synth

import (
	"math"
	"math/rand/v2"
)

// rng wraps a seeded PCG generator with the draws the generator needs. Every
// stream of the generator (population, plants, daily behaviour) has its own
// rng derived from the seed, so that changing one part of the configuration
// does not reshuffle the others.
type rng struct {
	*rand.Rand
}

// newRNG returns the stream named by stream for seed.
func newRNG(seed uint64, stream uint64) *rng {
	return &rng{rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15^stream))}
}

// chance reports true with probability p.
func (r *rng) chance(p float64) bool { return r.Float64() < p }

// between returns a uniform float in [lo, hi).
func (r *rng) between(lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }

// intBetween returns a uniform integer in [lo, hi].
func (r *rng) intBetween(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + r.IntN(hi-lo+1)
}

// logNormal returns a draw whose median is median and whose logarithm has
// standard deviation sigma.
func (r *rng) logNormal(median, sigma float64) float64 {
	return median * math.Exp(sigma*r.NormFloat64())
}

// poisson returns a Poisson draw with mean lambda (Knuth's method; lambda is
// small wherever the generator calls it).
func (r *rng) poisson(lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	if lambda > 30 {
		n := int(math.Round(lambda + math.Sqrt(lambda)*r.NormFloat64()))
		return max(n, 0)
	}
	l := math.Exp(-lambda)
	k, p := 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// pick returns a uniformly chosen element of s.
func pick[T any](r *rng, s []T) T { return s[r.IntN(len(s))] }

// weighted returns an index drawn with probability proportional to w.
func (r *rng) weighted(w []float64) int {
	total := 0.0
	for _, x := range w {
		total += x
	}
	u := r.Float64() * total
	for i, x := range w {
		u -= x
		if u < 0 {
			return i
		}
	}
	return len(w) - 1
}

// digits returns n random decimal digits.
func (r *rng) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}

// letters returns n random upper-case ASCII letters.
func (r *rng) letters(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('A' + r.IntN(26))
	}
	return string(b)
}

// hex returns n random lower-case hexadecimal digits.
func (r *rng) hex(n int) string {
	const h = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = h[r.IntN(16)]
	}
	return string(b)
}

// money rounds an amount to cents, never below one cent.
func money(x float64) float64 {
	v := math.Round(x*100) / 100
	if v < 0.01 {
		return 0.01
	}
	return v
}
