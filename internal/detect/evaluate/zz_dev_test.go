package evaluate

import (
	"context"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"time"
	"testing"

	"github.com/centinela-aml/centinela/internal/detect"
	"github.com/centinela-aml/centinela/internal/detect/gbt"
	"github.com/centinela-aml/centinela/internal/detect/metrics"
)

func TestDevAMLSim(t *testing.T) {
	if os.Getenv("DEV") == "" {
		t.Skip()
	}
	d, err := LoadAMLSim("/work/shared/data/aml/amlsim_dev")
	if err != nil {
		t.Fatal(err)
	}
	cfg := detect.Config{}
	if v := os.Getenv("MEM"); v != "" {
		days, _ := strconv.Atoi(v)
		cfg.NoveltyMemory = time.Duration(days) * 24 * time.Hour
	}
	if v := os.Getenv("SCALE"); v != "" {
		k, _ := strconv.Atoi(v)
		sc := time.Duration(k)
		cfg.FeatureWindow = sc * detect.DefaultFeatureWindow
		cfg.ScatterWindow = sc * detect.DefaultScatterWindow
		cfg.CycleWindow = sc * detect.DefaultCycleWindow
		cfg.PatternWindow = sc * detect.DefaultPatternWindow
		cfg.FanIn.Window = cfg.PatternWindow
		cfg.FanOut.Window = cfg.PatternWindow
	}
	f, err := Extract(context.Background(), d, cfg, 2048)
	if err != nil {
		t.Fatal(err)
	}
	days := d.days()
	sp, _ := TemporalSplit(days, d.Labels)
	names := f.Schema.Names()
	// Forward-chained folds over the training and validation days (never
	// the test days): five blocks of equal size; fold k trains on the
	// blocks before k and validates on block k.
	n := sp.Train + sp.Valid
	block := n / 5
	p := DefaultGrid()[2] // depth 6, spw 1
	if os.Getenv("DEPTH") == "4" {
		p = DefaultGrid()[0]
	}
	var pooled []float64
	var pooledL []bool
	for k := 2; k < 5; k++ {
		tr, va := &gbt.Dataset{Names: names}, &gbt.Dataset{Names: names}
		for i := 0; i < k*block; i++ {
			tr.Features = append(tr.Features, f.Row(i)...)
			tr.Labels = append(tr.Labels, d.Labels[i])
		}
		hi := (k + 1) * block
		if k == 4 {
			hi = n
		}
		for i := k * block; i < hi; i++ {
			va.Features = append(va.Features, f.Row(i)...)
			va.Labels = append(va.Labels, d.Labels[i])
		}
		m, err := gbt.Train(context.Background(), tr, va, p)
		if err != nil {
			t.Fatal(err)
		}
		sc, _ := predict(m, va)
		ap, _ := metrics.AveragePrecision(sc, va.Labels)
		op, _ := metrics.BestF1(sc, va.Labels)
		pos := 0
		for _, l := range va.Labels {
			if l {
				pos++
			}
		}
		fmt.Printf("fold %d: %d positives, trees %d, AP %.3f, best F1 %.3f\n", k, pos, m.NumTrees(), ap, op.F1)
		pooled = append(pooled, sc...)
		pooledL = append(pooledL, va.Labels...)
		if k == 4 {
			imp := make([]float64, len(names))
			phi := make([]float64, len(names))
			for i, l := range va.Labels {
				if !l {
					continue
				}
				m.Contributions(va.Row(i), phi)
				for k := range phi {
					imp[k] += math.Abs(phi[k])
				}
			}
			idx := make([]int, len(names))
			for i := range idx {
				idx[i] = i
			}
			sort.Slice(idx, func(a, b int) bool { return imp[idx[a]] > imp[idx[b]] })
			for _, k := range idx[:15] {
				fmt.Printf("  %-28s %.3f\n", names[k], imp[k])
			}
		}
	}
	ap, _ := metrics.AveragePrecision(pooled, pooledL)
	op, _ := metrics.BestF1(pooled, pooledL)
	fmt.Printf("pooled: AP %.3f best F1 %.3f\n", ap, op.F1)
}
