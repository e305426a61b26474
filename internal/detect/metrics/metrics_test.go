package metrics

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func TestROCAUC(t *testing.T) {
	cases := []struct {
		name   string
		scores []float64
		labels []bool
		want   float64
	}{
		{"perfect", []float64{0.9, 0.8, 0.2, 0.1}, []bool{true, true, false, false}, 1},
		{"reversed", []float64{0.1, 0.2, 0.8, 0.9}, []bool{true, true, false, false}, 0},
		{"all tied", []float64{0.5, 0.5, 0.5, 0.5}, []bool{true, false, true, false}, 0.5},
		// Pairs (pos, neg): (0.8, 0.7) ✓, (0.8, 0.3) ✓, (0.4, 0.7) ✗, (0.4, 0.3) ✓ → 3/4.
		{"one inversion", []float64{0.8, 0.7, 0.4, 0.3}, []bool{true, false, true, false}, 0.75},
		// The tie at 0.5 between a positive and a negative counts one half: (1 + 0.5)/2.
		{"half tie", []float64{0.9, 0.5, 0.5}, []bool{true, true, false}, 0.75},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ROCAUC(c.scores, c.labels)
			require.NoError(t, err)
			require.InDelta(t, c.want, got, 1e-12)
		})
	}
	_, err := ROCAUC([]float64{1, 2}, []bool{true, true})
	require.ErrorIs(t, err, ErrOneClass)
	_, err = ROCAUC([]float64{1}, []bool{true, false})
	require.ErrorIs(t, err, ErrLength)
	_, err = ROCAUC([]float64{math.NaN(), 1}, []bool{true, false})
	require.ErrorIs(t, err, ErrNaNScore)
}

func TestAveragePrecision(t *testing.T) {
	cases := []struct {
		name   string
		scores []float64
		labels []bool
		want   float64
	}{
		{"perfect", []float64{0.9, 0.8, 0.2}, []bool{true, true, false}, 1},
		// Ranked: pos (P=1, R=½), neg, pos (P=⅔, R=1): ½·1 + ½·⅔.
		{"one negative in between", []float64{0.9, 0.8, 0.7}, []bool{true, false, true}, 0.5 + 1.0/3},
		// scikit-learn's example: y=[0,0,1,1], s=[0.1,0.4,0.35,0.8] → 0.8333….
		{"sklearn doc example", []float64{0.1, 0.4, 0.35, 0.8}, []bool{false, false, true, true}, 0.8333333333333333},
		// One tie group holding everything: precision is the positive share.
		{"all tied", []float64{1, 1, 1, 1}, []bool{true, false, false, false}, 0.25},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := AveragePrecision(c.scores, c.labels)
			require.NoError(t, err)
			require.InDelta(t, c.want, got, 1e-12)
		})
	}
}

func TestConfusionAndF1(t *testing.T) {
	scores := []float64{0.9, 0.8, 0.6, 0.4, 0.2}
	labels := []bool{true, false, true, true, false}
	c, err := ConfusionAt(scores, labels, 0.5)
	require.NoError(t, err)
	require.Equal(t, Confusion{TP: 2, FP: 1, TN: 1, FN: 1}, c)
	require.InDelta(t, 2.0/3, c.Precision(), 1e-12)
	require.InDelta(t, 2.0/3, c.Recall(), 1e-12)
	require.InDelta(t, 2.0/3, c.F1(), 1e-12)
	require.Zero(t, Confusion{}.F1())
	require.Zero(t, Confusion{TN: 3}.Precision())
	// The threshold itself counts as positive.
	c, _ = ConfusionAt(scores, labels, 0.6)
	require.Equal(t, 2, c.TP)
}

func TestBestF1(t *testing.T) {
	scores := []float64{0.95, 0.9, 0.7, 0.6, 0.3, 0.1}
	labels := []bool{true, true, false, true, false, false}
	// Cut after 0.9: P=1, R=⅔, F1=0.8. After 0.6: P=¾, R=1, F1=6/7≈0.857.
	op, err := BestF1(scores, labels)
	require.NoError(t, err)
	require.InDelta(t, 6.0/7, op.F1, 1e-12)
	require.InDelta(t, 0.45, op.Threshold, 1e-12, "halfway between 0.6 and 0.3")
	at, err := At(scores, labels, op.Threshold)
	require.NoError(t, err)
	require.Equal(t, op, at)
}

func TestBestF1MatchesExhaustiveSearch(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(2, 60).Draw(rt, "n")
		seed := rapid.Uint64().Draw(rt, "seed")
		rng := rand.New(rand.NewPCG(seed, 0))
		scores := make([]float64, n)
		labels := make([]bool, n)
		for i := range n {
			scores[i] = float64(rng.IntN(8)) / 8 // many ties
			labels[i] = rng.IntN(3) == 0
		}
		labels[0], labels[1] = true, false
		op, err := BestF1(scores, labels)
		require.NoError(rt, err)
		best := 0.0
		for _, thr := range scores {
			c, _ := ConfusionAt(scores, labels, thr)
			best = max(best, c.F1())
		}
		require.InDelta(rt, best, op.F1, 1e-12)
		at, _ := At(scores, labels, op.Threshold)
		require.InDelta(rt, op.F1, at.F1, 1e-12, "the returned threshold reproduces the F1")
	})
}

func TestROCAUCMatchesPairCounting(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(2, 50).Draw(rt, "n")
		seed := rapid.Uint64().Draw(rt, "seed")
		rng := rand.New(rand.NewPCG(seed, 1))
		scores := make([]float64, n)
		labels := make([]bool, n)
		for i := range n {
			scores[i] = float64(rng.IntN(5))
			labels[i] = rng.IntN(2) == 0
		}
		labels[0], labels[1] = true, false
		var wins float64
		var pairs int
		for i := range n {
			for j := range n {
				if labels[i] && !labels[j] {
					pairs++
					switch {
					case scores[i] > scores[j]:
						wins++
					case scores[i] == scores[j]:
						wins += 0.5
					}
				}
			}
		}
		got, err := ROCAUC(scores, labels)
		require.NoError(rt, err)
		require.InDelta(rt, wins/float64(pairs), got, 1e-12)
	})
}

func TestLogLoss(t *testing.T) {
	got, err := LogLoss([]float64{0.8, 0.1}, []bool{true, false})
	require.NoError(t, err)
	require.InDelta(t, -(math.Log(0.8)+math.Log(0.9))/2, got, 1e-12)
	got, err = LogLoss([]float64{0}, []bool{true})
	require.NoError(t, err)
	require.InDelta(t, -math.Log(1e-15), got, 1e-9, "clipped, not infinite")
}

func TestAtPrecision(t *testing.T) {
	scores := []float64{0.9, 0.8, 0.7, 0.6, 0.5, 0.4}
	labels := []bool{true, true, false, true, false, false}
	op, ok, err := AtPrecision(scores, labels, 1)
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, 2.0/3, op.Recall, "the two top scores, all positive")
	require.Equal(t, 1.0, op.Precision)
	require.InDelta(t, 0.75, op.Threshold, 1e-12, "halfway to the next score")
	op, ok, err = AtPrecision(scores, labels, 0.75)
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, 1.0, op.Recall, "3 of 4 above 0.6 are positive")
	_, ok, err = AtPrecision([]float64{0.9, 0.1}, []bool{false, true}, 0.6)
	require.NoError(t, err)
	require.False(t, ok, "no threshold reaches the precision")
}
