// Package xgboosttest runs the xgboost command-line tool (Debian package
// xgboost) for tests that cross-check this repository's gradient-boosted
// trees against it: the tool is found or the test skipped, data written in
// LibSVM text form, a model trained and data scored. It does not import
// package gbt, so that gbt's own tests can use it.
package xgboosttest

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// EnvRequire, when set to a non-empty value (CI sets it), makes a missing
// xgboost command a test failure instead of a skip.
const EnvRequire = "CENTINELA_REQUIRE_XGBOOST"

// Binary returns the path of the xgboost command, skipping the test or
// benchmark when it is not installed (failing it when EnvRequire is set).
func Binary(tb testing.TB) string {
	tb.Helper()
	path, err := exec.LookPath("xgboost")
	if err != nil {
		msg := "xgboost command not on PATH: install the Debian package xgboost (apt-get install -y xgboost) to cross-check against it"
		if os.Getenv(EnvRequire) != "" {
			tb.Fatalf("%s (%s is set)", msg, EnvRequire)
		}
		tb.Skip(msg)
	}
	return path
}

// WriteLibSVM writes rows (row-major, width features each) and their
// labels in LibSVM text form with 1-based feature indices; NaN values are
// left out, which is how xgboost reads them as missing.
func WriteLibSVM(tb testing.TB, path string, features []float32, width int, labels []bool) {
	tb.Helper()
	require.Len(tb, features, width*len(labels), "features must hold width values per label")
	f, err := os.Create(path)
	require.NoError(tb, err)
	w := bufio.NewWriterSize(f, 1<<20)
	var buf []byte
	for i, label := range labels {
		buf = buf[:0]
		if label {
			buf = append(buf, '1')
		} else {
			buf = append(buf, '0')
		}
		for j, x := range features[i*width : (i+1)*width] {
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

// Settings are the training parameters given to the tool, named as in
// xgboost's configuration.
type Settings struct {
	Eta, Lambda, Gamma, MinChildWeight, ScalePosWeight, Subsample, ColsampleByTree float64
	MaxDepth, MaxBin, Rounds, Threads                                              int
	Seed                                                                           uint64
	// BaseScore, when positive, is the starting probability; xgboost 1.x
	// otherwise starts from 0.5.
	BaseScore float64
}

// config is the configuration file for s.
func (s Settings) config() string {
	c := fmt.Sprintf("booster = gbtree\nobjective = binary:logistic\ntree_method = hist\n"+
		"eta = %g\nmax_depth = %d\nlambda = %g\ngamma = %g\nmin_child_weight = %g\nscale_pos_weight = %g\n"+
		"subsample = %g\ncolsample_bytree = %g\nmax_bin = %d\nnum_round = %d\nnthread = %d\nseed = %d\n",
		s.Eta, s.MaxDepth, s.Lambda, s.Gamma, s.MinChildWeight, s.ScalePosWeight,
		s.Subsample, s.ColsampleByTree, s.MaxBin, s.Rounds, max(s.Threads, 1), s.Seed)
	if s.BaseScore > 0 {
		c += fmt.Sprintf("base_score = %g\n", s.BaseScore)
	}
	return c
}

// Train trains on dir/train.libsvm with the tool, writing dir/train.conf
// and dir/model.bin, and returns the wall-clock and CPU (user + system)
// time it took, reading the text included.
func Train(tb testing.TB, bin, dir string, s Settings) (wall, cpu time.Duration) {
	tb.Helper()
	conf := filepath.Join(dir, "train.conf")
	require.NoError(tb, os.WriteFile(conf, []byte(s.config()), 0o644))
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

// Predict scores the LibSVM file data (a name in dir) with the model Train
// wrote and returns a probability per row.
func Predict(tb testing.TB, bin, dir, data string) []float64 {
	tb.Helper()
	pred := filepath.Join(dir, "pred.txt")
	cmd := exec.Command(bin, filepath.Join(dir, "train.conf"), "task=pred",
		"model_in="+filepath.Join(dir, "model.bin"),
		"test:data="+filepath.Join(dir, data)+"?format=libsvm",
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
