package evaluate

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/detect"
	"github.com/centinela-aml/centinela/internal/detect/gbt"
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
	bin, err := exec.LookPath("xgboost")
	if err != nil {
		if os.Getenv("CENTINELA_REQUIRE_XGBOOST") != "" {
			t.Fatal("xgboost not on PATH")
		}
		t.Skip("xgboost command not on PATH (apt-get install -y xgboost)")
	}
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
	writeLibSVM(t, filepath.Join(dir, "train.libsvm"), train)
	writeLibSVM(t, filepath.Join(dir, "valid.libsvm"), valid)
	p := gbt.DefaultParams()
	p.Rounds, p.LearningRate, p.MaxDepth, p.Workers = 100, 0.1, 6, 1
	// Our trees start from the training prior's log-odds; xgboost 1.x
	// starts from base_score 0.5 unless told, so it is told the prior.
	pos := 0
	for _, l := range train.Labels {
		if l {
			pos++
		}
	}
	prior := float64(pos) / float64(train.Rows())
	conf := fmt.Sprintf("booster = gbtree\nobjective = binary:logistic\ntree_method = hist\neta = %g\nmax_depth = %d\nlambda = %g\nmin_child_weight = %g\nmax_bin = %d\nnum_round = %d\nbase_score = %g\nnthread = 1\nseed = 0\n",
		p.LearningRate, p.MaxDepth, p.Lambda, p.MinChildWeight, p.Bins, p.Rounds, prior)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "train.conf"), []byte(conf), 0o644))
	cmd := exec.Command(bin, "train.conf", "data=train.libsvm?format=libsvm", "model_out=model.bin")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	xgbCPU := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	cmd = exec.Command(bin, "train.conf", "task=pred", "model_in=model.bin", "test:data=valid.libsvm?format=libsvm", "name_pred=pred.txt")
	cmd.Dir = dir
	out, err = cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	b, err := os.ReadFile(filepath.Join(dir, "pred.txt"))
	require.NoError(t, err)
	var xgb []float64
	for s := range strings.FieldsSeq(string(b)) {
		v, err := strconv.ParseFloat(s, 64)
		require.NoError(t, err)
		xgb = append(xgb, v)
	}
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

func writeLibSVM(t *testing.T, path string, d *gbt.Dataset) {
	t.Helper()
	f, err := os.Create(path)
	require.NoError(t, err)
	w := bufio.NewWriter(f)
	var buf []byte
	for i := range d.Rows() {
		buf = buf[:0]
		if d.Labels[i] {
			buf = append(buf, '1')
		} else {
			buf = append(buf, '0')
		}
		for j, x := range d.Row(i) {
			if x != x {
				continue
			}
			buf = append(buf, ' ')
			buf = strconv.AppendInt(buf, int64(j+1), 10)
			buf = append(buf, ':')
			buf = strconv.AppendFloat(buf, float64(x), 'g', -1, 32)
		}
		buf = append(buf, '\n')
		_, err := w.Write(buf)
		require.NoError(t, err)
	}
	require.NoError(t, w.Flush())
	require.NoError(t, f.Close())
}
