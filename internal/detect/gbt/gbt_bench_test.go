package gbt

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/detect/gbt/xgboosttest"
)

// benchData caches generated data across benchmark runs.
var benchData = struct {
	sync.Mutex
	sets map[[2]int]*Dataset
}{sets: map[[2]int]*Dataset{}}

func benchSet(rows, features int) *Dataset {
	benchData.Lock()
	defer benchData.Unlock()
	k := [2]int{rows, features}
	if d, ok := benchData.sets[k]; ok {
		return d
	}
	d := synthetic(rows, features, 99)
	benchData.sets[k] = d
	return d
}

// BenchmarkTrain measures training on 1 M rows × 40 features, depth 6,
// 20 rounds, binning included; row-rounds/s is rows × rounds / seconds.
func BenchmarkTrain(b *testing.B) {
	d := benchSet(1_000_000, 40)
	p := DefaultParams()
	p.Rounds = 20
	p.LearningRate = 0.1
	b.ResetTimer()
	cpu := cpuSeconds()
	for b.Loop() {
		_, err := Train(context.Background(), d, nil, p)
		require.NoError(b, err)
	}
	cpu = cpuSeconds() - cpu
	b.ReportMetric(float64(d.Rows()*p.Rounds)*float64(b.N)/b.Elapsed().Seconds(), "row-rounds/s")
	if cpu > 0 {
		b.ReportMetric(cpu/float64(b.N), "cpu-s/op")
	}
}

// scoringModel trains ~100 depth-6 trees on 40 features.
func scoringModel(b *testing.B) (*Model, *Dataset) {
	d := benchSet(200_000, 40)
	p := DefaultParams()
	p.Rounds = 100
	p.LearningRate = 0.1
	m, err := Train(context.Background(), subset(d, 0, 100_000), nil, p)
	require.NoError(b, err)
	return m, subset(d, 100_000, 200_000)
}

// BenchmarkPredictBatch measures batch scoring with 100 trees of depth 6
// over 40 features on all cores (GOMAXPROCS).
func BenchmarkPredictBatch(b *testing.B) {
	m, test := scoringModel(b)
	out := make([]float64, test.Rows())
	b.ResetTimer()
	cpu := cpuSeconds()
	for b.Loop() {
		require.NoError(b, m.PredictBatch(test.Features, out))
	}
	cpu = cpuSeconds() - cpu
	b.ReportMetric(float64(test.Rows())*float64(b.N)/b.Elapsed().Seconds(), "predictions/s")
	if cpu > 0 {
		b.ReportMetric(float64(test.Rows())*float64(b.N)/cpu, "predictions/cpu-s")
	}
}

// BenchmarkMarginOneCore scores on one goroutine: the per-core rate.
func BenchmarkMarginOneCore(b *testing.B) {
	m, test := scoringModel(b)
	out := make([]float64, test.Rows())
	b.ResetTimer()
	for b.Loop() {
		m.marginRange(test.Features, out, 0, len(out))
	}
	b.ReportMetric(float64(test.Rows())*float64(b.N)/b.Elapsed().Seconds(), "predictions/s")
}

// BenchmarkPredictBatch2048 scores the pipeline's batch size.
func BenchmarkPredictBatch2048(b *testing.B) {
	m, test := scoringModel(b)
	const n = 2048
	out := make([]float64, n)
	feats := test.Features[:n*len(test.Names)]
	b.ResetTimer()
	for b.Loop() {
		require.NoError(b, m.PredictBatch(feats, out))
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "predictions/s")
}

// BenchmarkContributions measures TreeSHAP for one row.
func BenchmarkContributions(b *testing.B) {
	m, test := scoringModel(b)
	phi := make([]float64, m.NumFeatures())
	i := 0
	b.ResetTimer()
	for b.Loop() {
		_, err := m.Contributions(test.Row(i%test.Rows()), phi)
		require.NoError(b, err)
		i++
	}
}

// BenchmarkTrainVsXGBoost trains both implementations on the same
// 200,000 × 40 rows, 100 rounds, depth 6, and reports wall-clock and CPU
// seconds of each; ratio is ours / xgboost's wall time (target ≤ 2).
// xgboost's times include parsing its LibSVM input, which the CLI cannot
// skip; xgboost-load-s is that part, measured with a single round.
// Sub-benchmarks run with 1 and 2 threads.
func BenchmarkTrainVsXGBoost(b *testing.B) {
	bin := xgboosttest.Binary(b)
	d := benchSet(200_000, 40)
	dir := b.TempDir()
	writeLibSVM(b, filepath.Join(dir, "train.libsvm"), d)
	for _, threads := range []int{1, 2} {
		b.Run(fmt.Sprintf("threads=%d", threads), func(b *testing.B) {
			p := crossCheckParams()
			p.Workers = threads
			one := p
			one.Rounds = 1
			load, _ := xgboosttest.Train(b, bin, dir, xgboostSettings(one, threads))
			var ours, oursCPU, theirs, theirsCPU time.Duration
			for b.Loop() {
				w, c := xgboosttest.Train(b, bin, dir, xgboostSettings(p, threads))
				theirs += w
				theirsCPU += c
				start, cpu := time.Now(), cpuSeconds()
				_, err := Train(context.Background(), d, nil, p)
				require.NoError(b, err)
				ours += time.Since(start)
				oursCPU += time.Duration((cpuSeconds() - cpu) * float64(time.Second))
			}
			n := float64(b.N)
			b.ReportMetric(ours.Seconds()/n, "ours-s")
			b.ReportMetric(oursCPU.Seconds()/n, "ours-cpu-s")
			b.ReportMetric(theirs.Seconds()/n, "xgboost-s")
			b.ReportMetric(theirsCPU.Seconds()/n, "xgboost-cpu-s")
			b.ReportMetric(load.Seconds(), "xgboost-load-s")
			b.ReportMetric(ours.Seconds()/theirs.Seconds(), "ratio")
		})
	}
}
