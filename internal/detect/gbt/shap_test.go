package gbt

import (
	"context"
	"math"
	"math/bits"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// condExpect is the path-dependent expectation of a saved tree when only
// the features in set (a bit mask) are known: at a split on a known
// feature follow the row, otherwise average both sides by cover
// (Lundberg et al. 2018, Algorithm 1). It is independent of the compiled
// form and of TreeSHAP.
func condExpect(t *tree, i int32, row []float32, set uint) float64 {
	f := t.Feature[i]
	if f < 0 {
		return float64(float32(t.Value[i]))
	}
	l, r := t.Left[i], t.Right[i]
	if set&(1<<uint(f)) != 0 {
		x := row[f]
		if x < t.Threshold[i] || (t.DefaultLeft[i] && x != x) {
			return condExpect(t, l, row, set)
		}
		return condExpect(t, r, row, set)
	}
	c := t.Cover[i]
	return (t.Cover[l]*condExpect(t, l, row, set) + t.Cover[r]*condExpect(t, r, row, set)) / c
}

// bruteShapley computes Shapley values by enumerating every subset of the
// features: φᵢ = Σ_S |S|!(M−|S|−1)!/M! · (v(S∪{i}) − v(S)).
func bruteShapley(m *Model, row []float32) []float64 {
	nf := m.NumFeatures()
	v := make([]float64, 1<<nf)
	for s := range v {
		v[s] = m.BaseScore()
		for ti := range m.trees {
			v[s] += condExpect(&m.trees[ti], 0, row, uint(s))
		}
	}
	fact := func(k int) float64 { return math.Gamma(float64(k + 1)) }
	phi := make([]float64, nf)
	for i := range nf {
		for s := range v {
			if s&(1<<i) != 0 {
				continue
			}
			k := bits.OnesCount(uint(s))
			w := fact(k) * fact(nf-k-1) / fact(nf)
			phi[i] += w * (v[s|1<<i] - v[s])
		}
	}
	return phi
}

func TestContributionsAreExactShapleyValues(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		nf := rapid.IntRange(1, 6).Draw(rt, "features")
		n := rapid.IntRange(50, 600).Draw(rt, "rows")
		seed := rapid.Uint64().Draw(rt, "seed")
		missing := rapid.Float64Range(0, 0.4).Draw(rt, "missing")
		rng := rand.New(rand.NewPCG(seed, 1))
		d := &Dataset{}
		for j := range nf {
			d.Names = append(d.Names, string(rune('a'+j)))
		}
		for range n {
			z := 0.0
			for j := range nf {
				x := rng.NormFloat64()
				if j%2 == 1 {
					x = float64(rng.IntN(4))
				}
				if rng.Float64() < missing {
					d.Features = append(d.Features, float32(math.NaN()))
					z += 0.5
					continue
				}
				d.Features = append(d.Features, float32(x))
				z += x * float64(j%3-1)
			}
			if nf > 1 {
				z += float64(d.Features[len(d.Features)-nf]) * float64(d.Features[len(d.Features)-1])
			}
			d.Labels = append(d.Labels, rng.Float64() < 1/(1+math.Exp(-z)))
		}
		if c := countTrue(d.Labels); c == 0 || c == n {
			d.Labels[0] = !d.Labels[0]
		}
		p := DefaultParams()
		p.Rounds = rapid.IntRange(1, 8).Draw(rt, "rounds")
		p.MaxDepth = rapid.IntRange(1, 6).Draw(rt, "depth")
		p.MinChildWeight = rapid.Float64Range(0, 2).Draw(rt, "mcw")
		if rapid.Bool().Draw(rt, "leafwise") {
			p.MaxLeaves = rapid.IntRange(2, 12).Draw(rt, "leaves")
		}
		m, err := Train(context.Background(), d, nil, p)
		require.NoError(rt, err)
		phi := make([]float64, nf)
		for k := range 5 {
			row := d.Row((k * 97) % n)
			if k == 4 {
				row = make([]float32, nf)
				for j := range row {
					row[j] = float32(math.NaN())
				}
			}
			bias, err := m.Contributions(row, phi)
			require.NoError(rt, err)
			margin, err := m.Margin(row)
			require.NoError(rt, err)
			sum := bias
			for _, v := range phi {
				sum += v
			}
			require.InDelta(rt, margin, sum, 1e-6, "margin = bias + Σ contributions")
			want := bruteShapley(m, row)
			for j := range phi {
				require.InDelta(rt, want[j], phi[j], 1e-6, "feature %d", j)
			}
			require.InDelta(rt, bruteExpected(m), bias, 1e-6)
		}
	})
}

// bruteExpected is the margin with no feature known.
func bruteExpected(m *Model) float64 {
	s := m.BaseScore()
	for ti := range m.trees {
		s += condExpect(&m.trees[ti], 0, nil, 0)
	}
	return s
}

func TestContributionsAddUpOnALargeModel(t *testing.T) {
	d := synthetic(30000, 16, 12)
	p := DefaultParams()
	p.Rounds = 60
	p.MaxDepth = 8
	m, err := Train(context.Background(), d, nil, p)
	require.NoError(t, err)
	phi := make([]float64, 16)
	for i := range 500 {
		row := d.Row(i)
		bias, err := m.Contributions(row, phi)
		require.NoError(t, err)
		margin, _ := m.Margin(row)
		sum := bias
		for _, v := range phi {
			sum += v
		}
		require.InDelta(t, margin, sum, 1e-6)
	}
}

func TestExplainListsTheDrivingFeatureWithItsSign(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	d := &Dataset{Names: []string{"noise", "senders_24h", "amount_log"}}
	for range 8000 {
		s := float64(rng.IntN(20))
		a := rng.NormFloat64()
		d.Features = append(d.Features, float32(rng.Float64()), float32(s), float32(a))
		d.Labels = append(d.Labels, rng.Float64() < 1/(1+math.Exp(-(s-12)-0.3*a)))
	}
	p := DefaultParams()
	p.Rounds = 30
	m, err := Train(context.Background(), d, nil, p)
	require.NoError(t, err)

	ex, err := m.Explain([]float32{0.5, 19, 0}, 2)
	require.NoError(t, err)
	require.Len(t, ex.Top, 2)
	require.Equal(t, "senders_24h", ex.Top[0].Feature)
	require.Equal(t, 1, ex.Top[0].Index)
	require.Equal(t, 19.0, ex.Top[0].Value)
	require.Positive(t, ex.Top[0].SHAP, "many senders push towards laundering")
	require.GreaterOrEqual(t, math.Abs(ex.Top[0].SHAP), math.Abs(ex.Top[1].SHAP))
	require.InDelta(t, Sigmoid(ex.Margin), ex.Probability, 1e-12)

	low, err := m.Explain([]float32{0.5, 1, 0}, 1)
	require.NoError(t, err)
	require.Equal(t, "senders_24h", low.Top[0].Feature)
	require.Negative(t, low.Top[0].SHAP, "few senders push away from laundering")

	all, err := m.Explain([]float32{0.5, float32(math.NaN()), 0}, -1)
	require.NoError(t, err)
	for _, c := range all.Top {
		if c.Feature == "senders_24h" {
			require.True(t, c.Missing)
		}
	}
}
