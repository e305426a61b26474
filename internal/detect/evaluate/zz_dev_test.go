package evaluate

import (
	"context"
	"fmt"
	"math"
	"os"
	"sort"
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
	f, err := Extract(context.Background(), d, detect.Config{}, 2048)
	if err != nil {
		t.Fatal(err)
	}
	days := d.days()
	sp, _ := TemporalSplit(days, d.Labels)
	names := f.Schema.Names()
	tr, va := &gbt.Dataset{Names: names}, &gbt.Dataset{Names: names}
	for i := range d.Txs {
		switch sp.part(days[i]) {
		case 0:
			tr.Features = append(tr.Features, f.Row(i)...)
			tr.Labels = append(tr.Labels, d.Labels[i])
		case 1:
			va.Features = append(va.Features, f.Row(i)...)
			va.Labels = append(va.Labels, d.Labels[i])
		}
	}
	for _, p := range DefaultGrid() {
		m, err := gbt.Train(context.Background(), tr, va, p)
		if err != nil {
			t.Fatal(err)
		}
		sc, _ := predict(m, va)
		op, _ := metrics.BestF1(sc, va.Labels)
		fmt.Printf("depth %d spw %g trees %d validAP %.3f F1 %.3f\n", p.MaxDepth, p.ScalePosWeight, m.NumTrees(), m.Training().BestScore, op.F1)
		if p.MaxDepth == 6 && p.ScalePosWeight == 1 {
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
			for _, k := range idx[:25] {
				fmt.Printf("  %-28s %.3f\n", names[k], imp[k])
			}
		}
	}
}
