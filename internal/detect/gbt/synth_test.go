package gbt

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// synthetic returns n rows of nf ≥ 8 features with a rare positive class
// (about 2–3 %) whose log-odds depend on interactions, thresholds, a
// categorical code and missingness; the other features are noise.
func synthetic(n, nf int, seed uint64) *Dataset {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	d := &Dataset{Features: make([]float32, n*nf), Labels: make([]bool, n)}
	for j := range nf {
		d.Names = append(d.Names, fmt.Sprintf("f%02d", j))
	}
	for i := range n {
		row := d.Features[i*nf : (i+1)*nf]
		for j := range row {
			switch j % 4 {
			case 0:
				row[j] = float32(rng.NormFloat64())
			case 1:
				row[j] = float32(rng.Float64())
			case 2:
				row[j] = float32(rng.IntN(6)) // categorical code
			default:
				row[j] = float32(math.Exp(rng.NormFloat64())) // skewed amount
			}
		}
		// Feature 5 is missing for 20 % of rows; missingness carries signal.
		missing := rng.Float64() < 0.2
		if missing {
			row[5] = float32(math.NaN())
		}
		x0, x1, x4 := float64(row[0]), float64(row[1]), float64(row[4])
		z := -7.3
		if (x0 > 0) != (x1 > 0.5) { // XOR interaction
			z += 2.2
		}
		if row[2] == 3 {
			z += 1.2
		}
		z += 0.9 * math.Log(float64(row[3]))
		z += 1.5 * x4 * x0
		if missing {
			z += 0.8
		} else {
			z += 1.0 * float64(row[5])
		}
		z += 0.6 * math.Sin(3*float64(row[6]))
		d.Labels[i] = rng.Float64() < 1/(1+math.Exp(-z))
	}
	return d
}

// subset returns the rows [lo, hi) of d.
func subset(d *Dataset, lo, hi int) *Dataset {
	nf := len(d.Names)
	s := &Dataset{Names: d.Names, Features: d.Features[lo*nf : hi*nf], Labels: d.Labels[lo:hi]}
	if d.Weights != nil {
		s.Weights = d.Weights[lo:hi]
	}
	return s
}
