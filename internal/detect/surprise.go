package detect

import "math"

// Prior of the account activity model: a rate of one transaction per
// window, weighing as much as a tenth of a window of observation, so that
// an account's own history dominates as soon as there is any.
const (
	priorEvents  = 0.1
	priorWindows = 0.1
)

// chance returns the probability that an account whose history shows
// `events` transactions over `windows` windows has at least k in the next
// window by chance.
//
// The model is Poisson counts with an uncertain rate: a Gamma prior (shape
// priorEvents, rate priorWindows) updated with the history gives a Gamma
// posterior (shape r = priorEvents+events, rate b = priorWindows+windows),
// under which the next window's count is negative binomial with r and
// success probability b/(b+1). The tail is summed from k upwards; beyond
// the mode its terms fall geometrically, so a few dozen terms reach full
// precision.
func chance(k int, events, windows float64) float64 {
	r := events + priorEvents
	b := windows + priorWindows
	q := 1 / (b + 1) // 1 - p
	mean := r / b
	if float64(k) <= mean {
		return 1
	}
	x := float64(k)
	lg := func(z float64) float64 { v, _ := math.Lgamma(z); return v }
	logTerm := lg(x+r) - lg(r) - lg(x+1) + r*math.Log1p(-q) + x*math.Log(q)
	term := math.Exp(logTerm)
	sum := 0.0
	for i := 0; i < 10_000 && term > 0; i++ {
		sum += term
		if term < sum*1e-9 {
			break
		}
		term *= (x + r) / (x + 1) * q
		x++
	}
	if math.IsNaN(sum) {
		return 1
	}
	return min(1, sum)
}
