package gbt

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"time"

	"github.com/centinela-aml/centinela/internal/detect/metrics"
)

// RoundScore is the validation metric after one boosting round.
type RoundScore struct {
	Round int     `json:"round"` // 1-based
	Valid float64 `json:"valid"` // validation metric after the round
}

// TrainingInfo records how a model was trained.
type TrainingInfo struct {
	// Rows and Positives count the training rows; ValidRows the
	// validation rows (0 without a validation set).
	Rows      int `json:"rows"`
	Positives int `json:"positives"`
	ValidRows int `json:"valid_rows,omitempty"`
	// Rounds is the number of rounds run.
	Rounds int `json:"rounds"`
	// BestRound is the 1-based round with the best validation score and
	// BestScore that score; with early stopping the model keeps the trees
	// up to BestRound.
	BestRound int     `json:"best_round,omitempty"`
	BestScore float64 `json:"best_score,omitempty"`
	// Metric is the validation metric of History and BestScore.
	Metric Metric `json:"metric,omitempty"`
	// EarlyStopped is true when training stopped before Params.Rounds.
	EarlyStopped bool `json:"early_stopped,omitempty"`
	// History holds the validation score after every round.
	History []RoundScore `json:"history,omitempty"`
	// Seconds is the wall-clock training time.
	Seconds float64 `json:"seconds"`
	// BinsPerFeature is the number of value bins each feature got.
	BinsPerFeature []int `json:"bins_per_feature"`
}

// Train fits a gradient-boosted tree ensemble with logistic loss to train
// (Friedman 2001, with the second-order, regularised trees of Chen &
// Guestrin 2016 and the histogram method of Ke et al. 2017). valid may be
// nil; when given, the validation metric is recorded every round and, with
// EarlyStoppingRounds, decides when to stop. Training stops with ctx's
// error when ctx is cancelled.
func Train(ctx context.Context, train *Dataset, valid *Dataset, p Params) (*Model, error) {
	start := time.Now()
	if p.EvalMetric == "" {
		p.EvalMetric = MetricLogLoss
	}
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	if err := train.validate("training"); err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	if valid != nil {
		if err := valid.validate("validation"); err != nil {
			return nil, fmt.Errorf("train: %w", err)
		}
		if !slices.Equal(valid.Names, train.Names) {
			return nil, fmt.Errorf("train: validation features differ from training features: %w", ErrData)
		}
	}
	workers := p.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	nf := len(train.Names)
	n := train.Rows()

	// Initial margin: the log-odds of the weighted positive share, the
	// constant that minimises the weighted logistic loss (Friedman 2001 §4.5).
	var wpos, wneg float64
	positives := 0
	for i, y := range train.Labels {
		if y {
			wpos += train.weight(i) * p.ScalePosWeight
			positives++
		} else {
			wneg += train.weight(i)
		}
	}
	if wpos == 0 || wneg == 0 {
		return nil, fmt.Errorf("train: training set has %d positives of %d rows (weighted %g vs %g); both classes are needed: %w",
			positives, n, wpos, wneg, ErrData)
	}
	base := math.Log(wpos / wneg)
	if valid != nil && p.EvalMetric == MetricAUCPR {
		if vp := countTrue(valid.Labels); vp == 0 || vp == valid.Rows() {
			return nil, fmt.Errorf("train: validation set needs both classes for aucpr (%d positives of %d): %w",
				vp, valid.Rows(), ErrData)
		}
	}

	cuts := computeCuts(train, p.Bins, workers)
	g := newGrower(p, nf, cuts, binMatrix(train, cuts, workers), workers)
	g.gh = make([]gradPair, n)
	margin := make([]float64, n)
	for i := range margin {
		margin[i] = base
	}
	var vmargin, vprob []float64
	if valid != nil {
		vmargin = make([]float64, valid.Rows())
		vprob = make([]float64, valid.Rows())
		for i := range vmargin {
			vmargin[i] = base
		}
	}

	m := &Model{names: slices.Clone(train.Names), params: p, base: base}
	info := TrainingInfo{Rows: n, Positives: positives, Metric: p.EvalMetric}
	if valid != nil {
		info.ValidRows = valid.Rows()
	}
	for _, c := range cuts {
		info.BinsPerFeature = append(info.BinsPerFeature, len(c)+1)
	}
	bestRound, bestScore := -1, math.NaN()
	allRows := make([]int32, n)
	for i := range allRows {
		allRows[i] = int32(i)
	}
	g.rows = make([]int32, 0, n)
	for round := range p.Rounds {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("train: round %d: %w", round+1, err)
		}
		g.gradients(train, margin, workers)
		rng := rand.New(rand.NewPCG(p.Seed, uint64(round)))
		g.rows = g.rows[:0]
		if p.Subsample < 1 {
			for i := range n {
				if rng.Float64() < p.Subsample {
					g.rows = append(g.rows, int32(i))
				}
			}
		} else {
			g.rows = append(g.rows, allRows...)
		}
		g.features = sampleFeatures(rng, nf, p.ColsampleByTree)
		var bt *builtTree
		if len(g.rows) == 0 {
			bt = &builtTree{}
			bt.addNode()
		} else {
			bt = g.grow()
		}
		m.trees = append(m.trees, bt.t)

		// Move every training row's margin by its leaf's value.
		if p.Subsample < 1 {
			parallelFor(n, workers, func(lo, hi int) {
				for r := lo; r < hi; r++ {
					margin[r] += bt.t.Value[g.route(bt, r)]
				}
			})
		} else {
			for _, lf := range bt.leaves {
				v := bt.t.Value[lf.id]
				for _, r := range g.rows[lf.start:lf.end] {
					margin[r] += v
				}
			}
		}
		info.Rounds = round + 1
		if valid == nil {
			continue
		}
		score, err := validScore(valid, &bt.t, vmargin, vprob, p.EvalMetric, workers)
		if err != nil {
			return nil, fmt.Errorf("train: round %d: %w", round+1, err)
		}
		info.History = append(info.History, RoundScore{Round: round + 1, Valid: score})
		if bestRound < 0 || better(p.EvalMetric, score, bestScore) {
			bestRound, bestScore = round, score
		}
		if p.EarlyStoppingRounds > 0 && round-bestRound >= p.EarlyStoppingRounds {
			info.EarlyStopped = true
			break
		}
	}
	if valid != nil {
		info.BestScore = bestScore
		info.BestRound = bestRound + 1
		if p.EarlyStoppingRounds > 0 {
			m.trees = m.trees[:bestRound+1]
		}
	}
	info.Seconds = time.Since(start).Seconds()
	m.training = info
	m.compile()
	return m, nil
}

func countTrue(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

// better tells whether score a improves on b for metric.
func better(metric Metric, a, b float64) bool {
	if metric == MetricAUCPR {
		return a > b
	}
	return a < b
}

// gradients fills g.gh with the logistic loss's derivatives at margin:
// g = (p − y)·w, h = p(1 − p)·w, with w the row weight times
// ScalePosWeight for positives.
func (g *grower) gradients(d *Dataset, margin []float64, workers int) {
	spw := g.p.ScalePosWeight
	parallelFor(len(margin), workers, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			p := Sigmoid(margin[i])
			w := d.weight(i)
			y := 0.0
			if d.Labels[i] {
				y = 1
				w *= spw
			}
			h := max(p*(1-p), 1e-16)
			g.gh[i] = gradPair{g: float32((p - y) * w), h: float32(h * w)}
		}
	})
}

// sampleFeatures picks the features a tree may split on, in ascending order.
func sampleFeatures(rng *rand.Rand, nf int, share float64) []int {
	all := make([]int, nf)
	for i := range all {
		all[i] = i
	}
	if share >= 1 {
		return all
	}
	k := max(1, int(math.Round(share*float64(nf))))
	rng.Shuffle(nf, func(i, j int) { all[i], all[j] = all[j], all[i] })
	all = all[:k]
	slices.Sort(all)
	return all
}

// validScore adds tree t to the validation margins and returns the metric.
func validScore(valid *Dataset, t *tree, vmargin, vprob []float64, metric Metric, workers int) (float64, error) {
	nf := len(valid.Names)
	parallelFor(len(vmargin), workers, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			vmargin[i] += t.Value[t.leaf(valid.Features[i*nf:(i+1)*nf])]
			vprob[i] = Sigmoid(vmargin[i])
		}
	})
	if metric == MetricAUCPR {
		return metrics.AveragePrecision(vprob, valid.Labels)
	}
	const eps = 1e-15
	var s, ws float64
	for i, p := range vprob {
		w := valid.weight(i)
		p = min(max(p, eps), 1-eps)
		if valid.Labels[i] {
			s -= w * math.Log(p)
		} else {
			s -= w * math.Log1p(-p)
		}
		ws += w
	}
	if ws == 0 {
		return 0, nil
	}
	return s / ws, nil
}

// leaf walks the saved form of a tree (used during training, before the
// model is compiled).
func (t *tree) leaf(row []float32) int32 {
	i := int32(0)
	for t.Feature[i] >= 0 {
		x := row[t.Feature[i]]
		if x < t.Threshold[i] || (t.DefaultLeft[i] && x != x) {
			i = t.Left[i]
		} else {
			i = t.Right[i]
		}
	}
	return i
}
