package gbt

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

	"github.com/centinela-aml/centinela/internal/detect/metrics"
)

// envRequireXGBoost, when set to a non-empty value (CI sets it), makes a
// missing xgboost command a test failure instead of a skip.
const envRequireXGBoost = "CENTINELA_REQUIRE_XGBOOST"

// xgboostBinary returns the xgboost command-line tool (Debian package
// "xgboost"), skipping the test or benchmark when it is not installed.
func xgboostBinary(tb testing.TB) string {
	tb.Helper()
	path, err := exec.LookPath("xgboost")
	if err != nil {
		msg := "xgboost command not on PATH: install the Debian package xgboost (apt-get install -y xgboost) to cross-check against it"
		if os.Getenv(envRequireXGBoost) != "" {
			tb.Fatalf("%s (%s is set)", msg, envRequireXGBoost)
		}
		tb.Skip(msg)
	}
	return path
}

// writeLibSVM writes d in LibSVM text form with 1-based feature indices;
// missing values are left out, which is how xgboost reads them as missing.
func writeLibSVM(tb testing.TB, path string, d *Dataset) {
	tb.Helper()
	f, err := os.Create(path)
	require.NoError(tb, err)
	w := bufio.NewWriterSize(f, 1<<20)
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
		require.NoError(tb, err)
	}
	require.NoError(tb, w.Flush())
	require.NoError(tb, f.Close())
}

// xgboostConfig is the CLI configuration matching p.
func xgboostConfig(p Params, threads int) string {
	return fmt.Sprintf(`booster = gbtree
objective = binary:logistic
tree_method = hist
eta = %g
max_depth = %d
lambda = %g
gamma = %g
min_child_weight = %g
scale_pos_weight = %g
subsample = %g
colsample_bytree = %g
max_bin = %d
num_round = %d
nthread = %d
seed = %d
`, p.LearningRate, p.MaxDepth, p.Lambda, p.Gamma, p.MinChildWeight, p.ScalePosWeight,
		p.Subsample, p.ColsampleByTree, p.Bins, p.Rounds, threads, p.Seed)
}

// xgboostTrain trains with the CLI in dir (holding train.libsvm) and
// returns the wall-clock and CPU (user + system) time it took.
func xgboostTrain(tb testing.TB, bin, dir string, p Params, threads int) (wall, cpu time.Duration) {
	tb.Helper()
	conf := filepath.Join(dir, "train.conf")
	require.NoError(tb, os.WriteFile(conf, []byte(xgboostConfig(p, threads)), 0o644))
	cmd := exec.Command(bin, conf,
		"data="+filepath.Join(dir, "train.libsvm")+"?format=libsvm",
		"model_out="+filepath.Join(dir, "model.bin"))
	cmd.Dir = dir
	start := time.Now()
	out, err := cmd.CombinedOutput()
	elapsed := time.Since(start)
	require.NoError(tb, err, "xgboost train: %s", out)
	return elapsed, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
}

// xgboostPredict scores test.libsvm in dir with the trained model.
func xgboostPredict(tb testing.TB, bin, dir string, p Params, threads int) []float64 {
	tb.Helper()
	pred := filepath.Join(dir, "pred.txt")
	cmd := exec.Command(bin, filepath.Join(dir, "train.conf"), "task=pred",
		"model_in="+filepath.Join(dir, "model.bin"),
		"test:data="+filepath.Join(dir, "test.libsvm")+"?format=libsvm",
		"name_pred="+pred)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(tb, err, "xgboost predict: %s", out)
	b, err := os.ReadFile(pred)
	require.NoError(tb, err)
	var scores []float64
	for line := range strings.FieldsSeq(string(b)) {
		v, err := strconv.ParseFloat(line, 64)
		require.NoError(tb, err)
		scores = append(scores, v)
	}
	return scores
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
	bin := xgboostBinary(t)
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
			xgbTime, _ := xgboostTrain(t, bin, dir, c.p, 1)
			xgbScores := xgboostPredict(t, bin, dir, c.p, 1)
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
