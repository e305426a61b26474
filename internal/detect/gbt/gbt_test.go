package gbt

import (
	"bytes"
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/detect/metrics"
)

func train(t *testing.T, d, valid *Dataset, p Params) *Model {
	t.Helper()
	m, err := Train(context.Background(), d, valid, p)
	require.NoError(t, err)
	return m
}

func predictAll(t *testing.T, m *Model, d *Dataset) []float64 {
	t.Helper()
	out := make([]float64, d.Rows())
	require.NoError(t, m.PredictBatch(d.Features, out))
	return out
}

func auc(t *testing.T, scores []float64, labels []bool) float64 {
	t.Helper()
	a, err := metrics.ROCAUC(scores, labels)
	require.NoError(t, err)
	return a
}

// xorData has a label that is the exclusive or of two features' signs,
// plus noise features: no single feature says anything about the label.
func xorData(n int, seed uint64) *Dataset {
	rng := rand.New(rand.NewPCG(seed, 1))
	d := &Dataset{Names: []string{"a", "b", "noise1", "noise2"}}
	for range n {
		a, b := rng.Float64()*2-1, rng.Float64()*2-1
		d.Features = append(d.Features, float32(a), float32(b), float32(rng.NormFloat64()), float32(rng.NormFloat64()))
		d.Labels = append(d.Labels, (a > 0) != (b > 0))
	}
	return d
}

func TestLearnsXORInteraction(t *testing.T) {
	tr, te := xorData(4000, 1), xorData(2000, 2)
	p := DefaultParams()
	p.Rounds = 30
	m := train(t, tr, nil, p)
	// Each feature alone is uninformative: a depth-1 model (stumps, no
	// interactions) must stay near chance, while depth-wise trees solve it.
	stumps := p
	stumps.MaxDepth = 1
	ms := train(t, tr, nil, stumps)
	require.Greater(t, auc(t, predictAll(t, m, te), te.Labels), 0.99)
	require.Less(t, auc(t, predictAll(t, ms, te), te.Labels), 0.6)
}

func TestLeafWiseGrowthBoundsLeaves(t *testing.T) {
	tr, te := xorData(4000, 3), xorData(2000, 4)
	p := DefaultParams()
	p.MaxDepth = 0
	p.MaxLeaves = 5
	p.Rounds = 30
	m := train(t, tr, nil, p)
	for _, tr := range m.trees {
		leaves := 0
		for _, f := range tr.Feature {
			if f < 0 {
				leaves++
			}
		}
		require.LessOrEqual(t, leaves, 5)
	}
	require.Greater(t, auc(t, predictAll(t, m, te), te.Labels), 0.99)
}

func TestScoreRisesWithAPositiveDriver(t *testing.T) {
	// P(y) = sigmoid(3x): the learned probability must climb with x.
	rng := rand.New(rand.NewPCG(5, 5))
	d := &Dataset{Names: []string{"x", "noise"}}
	for range 20000 {
		x := rng.Float64()*4 - 2
		d.Features = append(d.Features, float32(x), float32(rng.Float64()))
		d.Labels = append(d.Labels, rng.Float64() < 1/(1+math.Exp(-3*x)))
	}
	p := DefaultParams()
	p.Rounds = 50
	p.LearningRate = 0.1
	p.MaxDepth = 3
	m := train(t, d, nil, p)
	var prev float64
	drops := 0
	for k := range 41 {
		x := -2 + float32(k)*0.1
		pr, err := m.Predict([]float32{x, 0.5})
		require.NoError(t, err)
		if k > 0 && pr < prev-0.02 {
			drops++
		}
		prev = pr
	}
	lo, _ := m.Predict([]float32{-1.8, 0.5})
	hi, _ := m.Predict([]float32{1.8, 0.5})
	require.Less(t, lo, 0.1)
	require.Greater(t, hi, 0.9)
	require.Zero(t, drops, "probability must not fall noticeably as x rises")
}

// codes returns data whose features take few distinct values, so that
// quantile cuts do not depend on how often each value occurs.
func codes(n int, seed uint64) *Dataset {
	rng := rand.New(rand.NewPCG(seed, 9))
	d := &Dataset{Names: []string{"a", "b", "c"}}
	for range n {
		a, b, c := rng.IntN(20), rng.IntN(7), rng.IntN(3)
		d.Features = append(d.Features, float32(a), float32(b), float32(c))
		z := -2 + 0.2*float64(a) - 0.5*float64(b)
		if c == 1 {
			z += 1
		}
		d.Labels = append(d.Labels, rng.Float64() < 1/(1+math.Exp(-z)))
	}
	return d
}

func TestWeightTwoEqualsDuplicatedRow(t *testing.T) {
	d := codes(3000, 1)
	weighted := &Dataset{Names: d.Names, Features: d.Features, Labels: d.Labels, Weights: make([]float32, d.Rows())}
	dup := &Dataset{Names: d.Names, Features: append([]float32(nil), d.Features...), Labels: append([]bool(nil), d.Labels...)}
	for i := range d.Rows() {
		weighted.Weights[i] = 1
		if i%3 == 0 {
			weighted.Weights[i] = 2
			dup.Features = append(dup.Features, d.Row(i)...)
			dup.Labels = append(dup.Labels, d.Labels[i])
		}
	}
	p := DefaultParams()
	p.Rounds = 20
	mw, md := train(t, weighted, nil, p), train(t, dup, nil, p)
	pw, pd := predictAll(t, mw, d), predictAll(t, md, d)
	for i := range pw {
		require.InDelta(t, pd[i], pw[i], 1e-6, "row %d", i)
	}
}

func TestZeroWeightRowsAreIgnored(t *testing.T) {
	d := codes(3000, 2)
	p := DefaultParams()
	p.Rounds = 20
	base := train(t, d, nil, p)
	// Append the same rows with flipped labels and weight 0.
	noisy := &Dataset{Names: d.Names, Features: append(append([]float32(nil), d.Features...), d.Features...)}
	noisy.Labels = append([]bool(nil), d.Labels...)
	noisy.Weights = make([]float32, 2*d.Rows())
	for i, y := range d.Labels {
		noisy.Labels = append(noisy.Labels, !y)
		noisy.Weights[i] = 1
	}
	m := train(t, noisy, nil, p)
	pb, pm := predictAll(t, base, d), predictAll(t, m, d)
	for i := range pb {
		require.InDelta(t, pb[i], pm[i], 1e-9)
	}
}

func TestScalePosWeightRaisesScores(t *testing.T) {
	d := synthetic(20000, 8, 3)
	p := DefaultParams()
	p.Rounds = 20
	plain := train(t, d, nil, p)
	p.ScalePosWeight = 10
	heavy := train(t, d, nil, p)
	mean := func(xs []float64) float64 {
		s := 0.0
		for _, x := range xs {
			s += x
		}
		return s / float64(len(xs))
	}
	mp, mh := mean(predictAll(t, plain, d)), mean(predictAll(t, heavy, d))
	// Weighting positives ten times raises their weighted share: the model's
	// mean probability must rise well above the unweighted one.
	require.Greater(t, mh, 3*mp)
	require.InDelta(t, math.Log(10)+plain.BaseScore(), heavy.BaseScore(), 1e-9)
}

func TestMissingValuesLearnTheirDirection(t *testing.T) {
	for _, missingLike := range []string{"high", "low"} {
		t.Run(missingLike, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(11, 11))
			d := &Dataset{Names: []string{"x", "noise"}}
			for range 10000 {
				x := rng.Float64()
				y := x > 0.7
				v := float32(x)
				if rng.Float64() < 0.25 {
					v = float32(math.NaN())
					// Missing rows behave like the high or the low values.
					y = (missingLike == "high") == (rng.Float64() < 0.9)
				}
				d.Features = append(d.Features, v, float32(rng.Float64()))
				d.Labels = append(d.Labels, y)
			}
			p := DefaultParams()
			p.Rounds = 20
			// Stumps: only the split's learned default side can place
			// missing values; deeper trees could split them off later.
			p.MaxDepth = 1
			m := train(t, d, nil, p)
			nan := float32(math.NaN())
			pm, err := m.Predict([]float32{nan, 0.5})
			require.NoError(t, err)
			if missingLike == "high" {
				require.Greater(t, pm, 0.8)
			} else {
				require.Less(t, pm, 0.2)
			}
			// A batch and a single prediction agree on missing values.
			out := make([]float64, 1)
			require.NoError(t, m.PredictBatch([]float32{nan, nan}, out))
			single, _ := m.Predict([]float32{nan, nan})
			require.Equal(t, single, out[0])
		})
	}
}

func TestMissingUnseenInTrainingGoesSomewhere(t *testing.T) {
	d := codes(2000, 4)
	p := DefaultParams()
	p.Rounds = 5
	m := train(t, d, nil, p)
	nan := float32(math.NaN())
	pr, err := m.Predict([]float32{nan, nan, nan})
	require.NoError(t, err)
	require.False(t, math.IsNaN(pr))
}

func TestDeterministicPerSeed(t *testing.T) {
	// Enough rows that histograms and partitions are split across workers.
	d := synthetic(50000, 10, 5)
	tr, va := subset(d, 0, 40000), subset(d, 40000, 50000)
	p := DefaultParams()
	p.Rounds = 15
	p.Subsample = 0.9
	p.ColsampleByTree = 0.6
	p.Seed = 42
	var models []*Model
	for _, workers := range []int{1, 2, 3, 1} {
		p.Workers = workers
		models = append(models, train(t, tr, va, p))
	}
	for _, m := range models[1:] {
		require.Equal(t, models[0].trees, m.trees, "same seed, any worker count: same trees")
		require.Equal(t, models[0].training.History, m.training.History)
	}
	p.Seed = 43
	other := train(t, tr, va, p)
	require.NotEqual(t, models[0].trees, other.trees, "another seed samples other rows")
}

func TestJSONRoundTripPredictsIdentically(t *testing.T) {
	d := synthetic(20000, 10, 6)
	p := DefaultParams()
	p.Rounds = 25
	p.Subsample = 0.8
	m := train(t, d, subset(d, 15000, 20000), p)
	path := filepath.Join(t.TempDir(), "model.json")
	require.NoError(t, m.Save(path))
	back, err := Load(path)
	require.NoError(t, err)
	require.Equal(t, m.FeatureNames(), back.FeatureNames())
	require.Equal(t, m.Params().Rounds, back.Params().Rounds)
	require.Equal(t, m.Training().Rounds, back.Training().Rounds)
	require.Equal(t, predictAll(t, m, d), predictAll(t, back, d))
	phi1, phi2 := make([]float64, 10), make([]float64, 10)
	for i := range 50 {
		b1, err := m.Contributions(d.Row(i), phi1)
		require.NoError(t, err)
		b2, err := back.Contributions(d.Row(i), phi2)
		require.NoError(t, err)
		require.Equal(t, b1, b2)
		require.Equal(t, phi1, phi2)
	}
	// Saving the loaded model writes the same bytes.
	var a, b bytes.Buffer
	require.NoError(t, m.Write(&a))
	require.NoError(t, back.Write(&b))
	require.Equal(t, a.String(), b.String())
}

func TestEarlyStoppingStops(t *testing.T) {
	for _, metric := range []Metric{MetricLogLoss, MetricAUCPR} {
		t.Run(string(metric), func(t *testing.T) {
			// Few noisy rows and deep trees: validation loss soon worsens.
			d := synthetic(4000, 8, 8)
			p := DefaultParams()
			p.Rounds = 400
			p.MaxDepth = 8
			p.MinChildWeight = 0
			p.LearningRate = 0.5
			p.EarlyStoppingRounds = 10
			p.EvalMetric = metric
			m := train(t, subset(d, 0, 2000), subset(d, 2000, 4000), p)
			info := m.Training()
			require.True(t, info.EarlyStopped)
			require.Less(t, info.Rounds, 400)
			require.Equal(t, info.BestRound+10, info.Rounds)
			require.Equal(t, info.BestRound, m.NumTrees())
			for _, h := range info.History {
				if metric == MetricAUCPR {
					require.LessOrEqual(t, h.Valid, info.BestScore)
				} else {
					require.GreaterOrEqual(t, h.Valid, info.BestScore)
				}
			}
		})
	}
}

func TestTrainStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Train(ctx, codes(100, 1), nil, DefaultParams())
	require.ErrorIs(t, err, context.Canceled)
}

func TestTrainRejectsBadInput(t *testing.T) {
	good := codes(100, 1)
	oneClass := &Dataset{Names: []string{"a"}, Features: []float32{1, 2}, Labels: []bool{false, false}}
	cases := []struct {
		name  string
		d     *Dataset
		p     func(*Params)
		valid *Dataset
		want  error
	}{
		{"zero params", good, func(p *Params) { *p = Params{} }, nil, ErrParams},
		{"learning rate", good, func(p *Params) { p.LearningRate = 2 }, nil, ErrParams},
		{"depth", good, func(p *Params) { p.MaxDepth = 65 }, nil, ErrParams},
		{"depth 0 without leaves", good, func(p *Params) { p.MaxDepth = 0 }, nil, ErrParams},
		{"bins", good, func(p *Params) { p.Bins = 256 }, nil, ErrParams},
		{"subsample", good, func(p *Params) { p.Subsample = 0 }, nil, ErrParams},
		{"lambda NaN", good, func(p *Params) { p.Lambda = math.NaN() }, nil, ErrParams},
		{"metric", good, func(p *Params) { p.EvalMetric = "auc" }, nil, ErrParams},
		{"one class", oneClass, nil, nil, ErrData},
		{"ragged", &Dataset{Names: []string{"a", "b"}, Features: []float32{1, 2, 3}, Labels: []bool{true, false}}, nil, nil, ErrData},
		{"duplicate names", &Dataset{Names: []string{"a", "a"}, Features: []float32{1, 2, 3, 4}, Labels: []bool{true, false}}, nil, nil, ErrData},
		{"negative weight", &Dataset{Names: []string{"a"}, Features: []float32{1, 2}, Labels: []bool{true, false}, Weights: []float32{1, -1}}, nil, nil, ErrData},
		{"valid names differ", good, nil, &Dataset{Names: []string{"x", "b", "c"}, Features: []float32{1, 2, 3}, Labels: []bool{true}}, ErrData},
		{"aucpr valid one class", good, func(p *Params) { p.EvalMetric = MetricAUCPR }, &Dataset{Names: good.Names, Features: []float32{1, 2, 3}, Labels: []bool{true}}, ErrData},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := DefaultParams()
			if c.p != nil {
				c.p(&p)
			}
			_, err := Train(context.Background(), c.d, c.valid, p)
			require.ErrorIs(t, err, c.want)
		})
	}
}

func TestScoringRejectsWrongWidth(t *testing.T) {
	m := train(t, codes(500, 1), nil, DefaultParams())
	_, err := m.Predict([]float32{1, 2})
	require.ErrorIs(t, err, ErrFeatures)
	require.ErrorIs(t, m.PredictBatch(make([]float32, 7), make([]float64, 2)), ErrFeatures)
	_, err = m.Contributions([]float32{1, 2, 3}, make([]float64, 2))
	require.ErrorIs(t, err, ErrFeatures)
	require.NoError(t, m.CheckFeatures([]string{"a", "b", "c"}))
	require.ErrorIs(t, m.CheckFeatures([]string{"a", "c", "b"}), ErrFeatures)
}

func TestInfinitiesAreOrdinaryExtremes(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	d := &Dataset{Names: []string{"x"}}
	for range 4000 {
		x := rng.Float64()*2 - 1
		v := float32(x)
		switch rng.IntN(20) {
		case 0:
			v = float32(math.Inf(1))
			x = 1
		case 1:
			v = float32(math.Inf(-1))
			x = -1
		}
		d.Features = append(d.Features, v)
		d.Labels = append(d.Labels, x > 0)
	}
	p := DefaultParams()
	p.Rounds = 10
	m := train(t, d, nil, p)
	var buf bytes.Buffer
	require.NoError(t, m.Write(&buf), "thresholds must stay finite for JSON")
	hi, _ := m.Predict([]float32{float32(math.Inf(1))})
	lo, _ := m.Predict([]float32{float32(math.Inf(-1))})
	require.Greater(t, hi, 0.9)
	require.Less(t, lo, 0.1)
	ex, err := m.Explain([]float32{float32(math.Inf(1))}, 3)
	require.NoError(t, err)
	require.Len(t, ex.Top, 1)
}

func TestErrorsAreSentinels(t *testing.T) {
	_, err := Read(bytes.NewReader([]byte(`{"format":"centinela-gbt","format_version":2}`)))
	require.True(t, errors.Is(err, ErrVersion))
}
