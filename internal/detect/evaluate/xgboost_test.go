package evaluate

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/detect"
	"github.com/centinela-aml/centinela/internal/detect/gbt"
	"github.com/centinela-aml/centinela/internal/detect/gbt/xgboosttest"
	"github.com/centinela-aml/centinela/internal/detect/metrics"
	"github.com/centinela-aml/centinela/internal/sharedata"
)

// TestAgreesWithXGBoostOnEngineFeatures trains this repository's trees and
// the xgboost command-line tool (Debian package xgboost) with the same
// parameters on the engine's features of the AMLSim development set's
// training days, and compares ROC-AUC on its validation days (never the
// test days): within 0.01. Training times are logged (one thread each:
// OpenMP threads fare badly on a busy shared machine). Skipped without
// xgboost unless CENTINELA_REQUIRE_XGBOOST is set.
func TestAgreesWithXGBoostOnEngineFeatures(t *testing.T) {
	if testing.Short() {
		t.Skip("trains two models on 74,000 rows")
	}
	bin := xgboosttest.Binary(t)
	d, err := LoadAMLSim(sharedata.Dir(t, "aml", "amlsim_dev"))
	require.NoError(t, err)
	f, err := Extract(context.Background(), d, WindowScale(detect.Config{}, 7), 2048)
	require.NoError(t, err)
	days := d.days()
	sp, err := TemporalSplit(days, d.Labels)
	require.NoError(t, err)
	ps := split(f, d, days, sp, 7)
	train, valid := ps.parts[0], ps.parts[1]

	dir := t.TempDir()
	xgboosttest.WriteLibSVM(t, filepath.Join(dir, "train.libsvm"), train.Features, f.Width, train.Labels)
	xgboosttest.WriteLibSVM(t, filepath.Join(dir, "valid.libsvm"), valid.Features, f.Width, valid.Labels)
	p := gbt.DefaultParams()
	p.Rounds, p.LearningRate, p.MaxDepth, p.Workers = 100, 0.1, 6, 1
	// Our trees start from the training prior's log-odds; xgboost 1.x
	// starts from 0.5 unless told, so it is told the prior.
	pos := 0
	for _, l := range train.Labels {
		if l {
			pos++
		}
	}
	_, xgbCPU := xgboosttest.Train(t, bin, dir, xgboosttest.Settings{Eta: p.LearningRate, MaxDepth: p.MaxDepth,
		Lambda: p.Lambda, MinChildWeight: p.MinChildWeight, ScalePosWeight: p.ScalePosWeight, Subsample: p.Subsample,
		ColsampleByTree: p.ColsampleByTree, MaxBin: p.Bins, Rounds: p.Rounds, Threads: 1,
		BaseScore: float64(pos) / float64(train.Rows())})
	xgb := xgboosttest.Predict(t, bin, dir, "valid.libsvm")
	require.Len(t, xgb, valid.Rows())

	cpu0 := cpuNow()
	start := time.Now()
	m, err := gbt.Train(context.Background(), train, nil, p)
	require.NoError(t, err)
	ourWall, ourCPU := time.Since(start), cpuNow()-cpu0
	ours := make([]float64, valid.Rows())
	require.NoError(t, m.PredictBatch(valid.Features, ours))
	ourAUC, err := metrics.ROCAUC(ours, valid.Labels)
	require.NoError(t, err)
	xgbAUC, err := metrics.ROCAUC(xgb, valid.Labels)
	require.NoError(t, err)
	ourAP, _ := metrics.AveragePrecision(ours, valid.Labels)
	xgbAP, _ := metrics.AveragePrecision(xgb, valid.Labels)
	t.Logf("validation ROC-AUC ours %.4f xgboost %.4f; PR-AUC ours %.4f xgboost %.4f; %d features, %d training rows",
		ourAUC, xgbAUC, ourAP, xgbAP, f.Width, train.Rows())
	t.Logf("training CPU: ours %v (wall %v), xgboost CLI %v (includes reading LibSVM text)", ourCPU, ourWall, xgbCPU)
	require.InDelta(t, xgbAUC, ourAUC, 0.01)
}
