package gbt

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestBatchScoringMatchesSingleRows checks the batch layouts (perfect trees
// with mirrored splits, linked trees beyond perfectDepth) against the plain
// walk, on rows holding missing values, infinities and values equal to
// split thresholds, where a mirrored comparison could go wrong.
func TestBatchScoringMatchesSingleRows(t *testing.T) {
	for _, depth := range []int{1, 3, 8, perfectDepth + 4} {
		p := DefaultParams()
		p.Rounds = 12
		p.MaxDepth = depth
		p.MinChildWeight = 0
		p.Lambda = 0.1
		d := synthetic(6000, 8, uint64(depth))
		m, err := Train(context.Background(), d, nil, p)
		require.NoError(t, err)
		if depth > perfectDepth {
			linked := 0
			for _, bt := range m.batch.trees {
				if !bt.perfect {
					linked++
				}
			}
			require.Positive(t, linked, "some trees must be deeper than the perfect layout")
		}
		var thresholds []float32
		for _, tr := range m.trees {
			for i, f := range tr.Feature {
				if f >= 0 {
					thresholds = append(thresholds, tr.Threshold[i])
				}
			}
		}
		rng := rand.New(rand.NewPCG(uint64(depth), 2))
		nf := m.NumFeatures()
		n := 3000
		rows := make([]float32, n*nf)
		specials := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), 0, float32(math.Copysign(0, -1)), math.MaxFloat32}
		for i := range rows {
			switch r := rng.IntN(10); {
			case r < 3:
				rows[i] = thresholds[rng.IntN(len(thresholds))]
			case r < 5:
				rows[i] = specials[rng.IntN(len(specials))]
			default:
				rows[i] = d.Features[rng.IntN(len(d.Features))]
			}
		}
		out := make([]float64, n)
		require.NoError(t, m.MarginBatch(rows, out))
		for i := range n {
			row := rows[i*nf : (i+1)*nf]
			want := m.base
			for ti := range m.trees {
				want += float64(float32(m.trees[ti].Value[m.trees[ti].leaf(row)]))
			}
			require.InDelta(t, want, out[i], 1e-9, "depth %d row %d %v", depth, i, row)
		}
	}
}
