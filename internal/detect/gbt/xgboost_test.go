package gbt

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/detect/gbt/xgboosttest"
	"github.com/centinela-aml/centinela/internal/detect/metrics"
)

// writeLibSVM writes d for the xgboost tool.
func writeLibSVM(tb testing.TB, path string, d *Dataset) {
	tb.Helper()
	xgboosttest.WriteLibSVM(tb, path, d.Features, len(d.Names), d.Labels)
}

// xgboostSettings are the tool's settings matching p.
func xgboostSettings(p Params, threads int) xgboosttest.Settings {
	return xgboosttest.Settings{Eta: p.LearningRate, Lambda: p.Lambda, Gamma: p.Gamma, MinChildWeight: p.MinChildWeight,
		ScalePosWeight: p.ScalePosWeight, Subsample: p.Subsample, ColsampleByTree: p.ColsampleByTree,
		MaxDepth: p.MaxDepth, MaxBin: p.Bins, Rounds: p.Rounds, Threads: threads, Seed: p.Seed}
}

// crossCheckParams are the settings both implementations train with.
func crossCheckParams() Params {
	p := DefaultParams()
	p.Rounds = 100
	p.LearningRate = 0.1
	p.MaxDepth = 6
	p.Lambda = 1
	p.MinChildWeight = 1
	p.ScalePosWeight = 5
	return p
}

// TestAgreesWithXGBoost trains this package and the xgboost CLI with the
// same hyper-parameters on the same data with interactions, missing values
// and about 3 % positives, and requires held-out ROC-AUC within 0.01.
func TestAgreesWithXGBoost(t *testing.T) {
	bin := xgboosttest.Binary(t)
	d := synthetic(110_000, 16, 7)
	train, test := subset(d, 0, 80_000), subset(d, 80_000, 110_000)
	dir := t.TempDir()
	writeLibSVM(t, filepath.Join(dir, "train.libsvm"), train)
	writeLibSVM(t, filepath.Join(dir, "test.libsvm"), test)

	regularised := crossCheckParams()
	regularised.Rounds = 60
	regularised.MaxDepth = 4
	regularised.LearningRate = 0.3
	regularised.Lambda = 5
	regularised.MinChildWeight = 5
	regularised.Gamma = 0.5
	regularised.ScalePosWeight = 1
	for _, c := range []struct {
		name string
		p    Params
	}{
		{"depth 6, eta 0.1, 100 rounds, scale_pos_weight 5", crossCheckParams()},
		{"depth 4, eta 0.3, 60 rounds, lambda 5, min_child_weight 5, gamma 0.5", regularised},
	} {
		t.Run(c.name, func(t *testing.T) {
			// One thread: OpenMP threads fare badly on a busy shared machine.
			xgbTime, _ := xgboosttest.Train(t, bin, dir, xgboostSettings(c.p, 1))
			xgbScores := xgboosttest.Predict(t, bin, dir, "test.libsvm")
			require.Len(t, xgbScores, test.Rows())

			start := time.Now()
			m, err := Train(context.Background(), train, nil, c.p)
			require.NoError(t, err)
			ourTime := time.Since(start)
			ours := make([]float64, test.Rows())
			require.NoError(t, m.PredictBatch(test.Features, ours))

			xgbAUC, err := metrics.ROCAUC(xgbScores, test.Labels)
			require.NoError(t, err)
			ourAUC, err := metrics.ROCAUC(ours, test.Labels)
			require.NoError(t, err)
			xgbAP, _ := metrics.AveragePrecision(xgbScores, test.Labels)
			ourAP, _ := metrics.AveragePrecision(ours, test.Labels)
			t.Logf("held-out ROC-AUC: ours %.4f, xgboost %.4f; PR-AUC: ours %.4f, xgboost %.4f; positives %d of %d",
				ourAUC, xgbAUC, ourAP, xgbAP, countTrue(test.Labels), test.Rows())
			t.Logf("training time (informative only): ours %v, xgboost CLI %v (includes reading LibSVM text)", ourTime, xgbTime)
			require.Greater(t, xgbAUC, 0.75, "the data must be learnable for the comparison to mean anything")
			require.InDelta(t, xgbAUC, ourAUC, 0.01)
		})
	}
}
