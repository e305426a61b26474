package gbt

import (
	"errors"
	"fmt"
	"math"
)

// Metric names the validation metric that early stopping watches.
type Metric string

// Validation metrics.
const (
	// MetricLogLoss is the mean logistic loss (lower is better).
	MetricLogLoss Metric = "logloss"
	// MetricAUCPR is average precision, the area under the
	// precision–recall curve (higher is better); it suits rare positives.
	MetricAUCPR Metric = "aucpr"
)

// MaxTreeDepth bounds the depth of every tree, trained or loaded, so that
// scoring and TreeSHAP work with bounded stacks.
const MaxTreeDepth = 64

// MaxBins is the largest number of histogram bins per feature: bin indices
// are bytes and one index is kept for missing values.
const MaxBins = 255

// ErrParams reports an invalid hyper-parameter.
var ErrParams = errors.New("invalid parameter")

// Params are the hyper-parameters of training. Start from DefaultParams:
// the zero value is not valid (a learning rate of 0 learns nothing).
// The names follow xgboost's so that settings carry over.
type Params struct {
	// Rounds is the number of boosting rounds (trees), at most.
	Rounds int `json:"rounds"`
	// LearningRate (eta) shrinks every tree's contribution (Friedman 2001).
	LearningRate float64 `json:"learning_rate"`
	// MaxDepth bounds the depth of each tree (1…MaxTreeDepth); 0 means
	// MaxTreeDepth and is allowed only with MaxLeaves.
	MaxDepth int `json:"max_depth"`
	// MaxLeaves, when positive, grows trees leaf-wise (best-first: always
	// split the leaf with the largest gain, as LightGBM does) up to this
	// many leaves. When 0, trees grow depth-wise (every leaf of a level
	// that gains is split, as xgboost's default does).
	MaxLeaves int `json:"max_leaves"`
	// Lambda is the L2 penalty on leaf weights (Chen & Guestrin 2016 λ).
	Lambda float64 `json:"lambda"`
	// Gamma is the least loss reduction a split must bring (γ), on
	// xgboost's scale: gain = G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ).
	Gamma float64 `json:"gamma"`
	// MinChildWeight is the least hessian sum in each child of a split.
	MinChildWeight float64 `json:"min_child_weight"`
	// ScalePosWeight multiplies the weight of every positive row, to
	// balance rare positives (a common choice is negatives/positives).
	ScalePosWeight float64 `json:"scale_pos_weight"`
	// Subsample is the share of rows each tree is trained on, drawn
	// anew per tree (0 < Subsample ≤ 1).
	Subsample float64 `json:"subsample"`
	// ColsampleByTree is the share of features each tree may split on.
	ColsampleByTree float64 `json:"colsample_bytree"`
	// Bins is the number of quantile bins per feature (2…MaxBins).
	Bins int `json:"max_bins"`
	// Seed drives row and column sampling; equal seeds, data and
	// parameters give identical models, whatever the number of workers.
	Seed uint64 `json:"seed"`
	// EarlyStoppingRounds, when positive and a validation set is given,
	// stops training after this many rounds without improvement of
	// EvalMetric on the validation set, and keeps the best round's trees.
	EarlyStoppingRounds int `json:"early_stopping_rounds"`
	// EvalMetric is the validation metric (default MetricLogLoss).
	EvalMetric Metric `json:"eval_metric"`
	// Workers is the number of goroutines building histograms; 0 means
	// GOMAXPROCS. It does not change the model, so it is not saved.
	Workers int `json:"-"`
}

// DefaultParams returns xgboost's defaults for binary:logistic with the
// histogram method (eta 0.3, depth 6, λ 1, 256 bins less one for missing
// values) and 100 rounds.
func DefaultParams() Params {
	return Params{
		Rounds:          100,
		LearningRate:    0.3,
		MaxDepth:        6,
		Lambda:          1,
		MinChildWeight:  1,
		ScalePosWeight:  1,
		Subsample:       1,
		ColsampleByTree: 1,
		Bins:            MaxBins,
		EvalMetric:      MetricLogLoss,
	}
}

// Validate reports the first invalid parameter.
func (p Params) Validate() error {
	bad := func(name string, v any, want string) error {
		return fmt.Errorf("%s = %v, want %s: %w", name, v, want, ErrParams)
	}
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	switch {
	case p.Rounds < 1:
		return bad("rounds", p.Rounds, "≥ 1")
	case !finite(p.LearningRate) || p.LearningRate <= 0 || p.LearningRate > 1:
		return bad("learning_rate", p.LearningRate, "in (0, 1]")
	case p.MaxDepth < 0 || p.MaxDepth > MaxTreeDepth:
		return bad("max_depth", p.MaxDepth, fmt.Sprintf("in [0, %d]", MaxTreeDepth))
	case p.MaxDepth == 0 && p.MaxLeaves == 0:
		return bad("max_depth", p.MaxDepth, "≥ 1 unless max_leaves is set")
	case p.MaxLeaves < 0 || p.MaxLeaves == 1:
		return bad("max_leaves", p.MaxLeaves, "0 (depth-wise) or ≥ 2")
	case !finite(p.Lambda) || p.Lambda < 0:
		return bad("lambda", p.Lambda, "≥ 0")
	case !finite(p.Gamma) || p.Gamma < 0:
		return bad("gamma", p.Gamma, "≥ 0")
	case !finite(p.MinChildWeight) || p.MinChildWeight < 0:
		return bad("min_child_weight", p.MinChildWeight, "≥ 0")
	case !finite(p.ScalePosWeight) || p.ScalePosWeight <= 0:
		return bad("scale_pos_weight", p.ScalePosWeight, "> 0")
	case !finite(p.Subsample) || p.Subsample <= 0 || p.Subsample > 1:
		return bad("subsample", p.Subsample, "in (0, 1]")
	case !finite(p.ColsampleByTree) || p.ColsampleByTree <= 0 || p.ColsampleByTree > 1:
		return bad("colsample_bytree", p.ColsampleByTree, "in (0, 1]")
	case p.Bins < 2 || p.Bins > MaxBins:
		return bad("max_bins", p.Bins, fmt.Sprintf("in [2, %d]", MaxBins))
	case p.EarlyStoppingRounds < 0:
		return bad("early_stopping_rounds", p.EarlyStoppingRounds, "≥ 0")
	case p.EvalMetric != "" && p.EvalMetric != MetricLogLoss && p.EvalMetric != MetricAUCPR:
		return bad("eval_metric", p.EvalMetric, `"logloss" or "aucpr"`)
	case p.Workers < 0:
		return bad("workers", p.Workers, "≥ 0")
	}
	return nil
}

// depthLimit is the effective depth bound.
func (p Params) depthLimit() int {
	if p.MaxDepth == 0 {
		return MaxTreeDepth
	}
	return p.MaxDepth
}
