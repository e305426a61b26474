package evaluate

import (
	"context"
	"fmt"
	"time"

	"github.com/centinela-aml/centinela/internal/detect"
)

// Train runs the protocol of Evaluate and returns the first seed's chosen
// model as a scorer: its window scale's feature configuration, the model
// trained on the training days and the threshold chosen on the validation
// days. The report gives the validation and (once-scored) test metrics, an
// honest estimate of how the scorer will do on later data.
func Train(ctx context.Context, d *Dataset, o Options) (*detect.Scorer, *Report, error) {
	if len(o.Seeds) == 0 {
		o.Seeds = []uint64{1}
	}
	rep, err := Evaluate(ctx, d, o)
	if err != nil {
		return nil, nil, err
	}
	run := rep.Runs[0]
	fc, err := scaled(o.Engine, run.Scale).FeatureConfig()
	if err != nil {
		return nil, nil, err
	}
	s := &detect.Scorer{Model: run.Model, Features: fc, Threshold: run.Threshold, Trained: detect.TrainingNote{
		Data: d.Name, Transactions: len(d.Txs), Positives: d.Positives(),
		TrainDays: fmt.Sprintf("to %s", rep.Split.ValidFrom),
		ValidDays: fmt.Sprintf("%s to %s", rep.Split.ValidFrom, rep.Split.TestFrom),
		ValidF1:   round4(run.Valid.F1), ValidPRAUC: round4(run.Valid.PRAUC), Date: time.Now().UTC().Truncate(time.Second),
	}}
	return s, rep, nil
}
