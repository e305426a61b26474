package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/centinela-aml/centinela/internal/detect/evaluate"
	"github.com/centinela-aml/centinela/internal/detect/gbt"
	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/store"
)

// TrainCmd trains the learned scorer on labelled transactions.
type TrainCmd struct {
	DB        string  `help:"Database whose transactions and transaction labels (confirmed cases) to train on." placeholder:"PATH" xor:"source"`
	Format    string  `help:"Instead of a database, read files of this format: amlsim (output folder) or amlworld (*_Trans.csv)." enum:",amlsim,amlworld" default:"" placeholder:"FORMAT"`
	Path      string  `arg:"" optional:"" name:"path" help:"AMLSim output folder or AMLworld *_Trans.csv file, with --format." type:"existingpath"`
	Out       string  `help:"Scorer file to write (versioned JSON: model, feature configuration, threshold)." required:"" placeholder:"FILE"`
	Seed      uint64  `help:"Training seed." default:"1"`
	Batch     int     `help:"Batch size for streams with timestamps finer than days." default:"2048"`
	Scales    []int   `help:"Window scales to choose from on the validation days (every window multiplied; 1 keeps the engine's default windows, which the pattern miners share with the scorer)." default:"1,7,30"`
	Depths    []int   `help:"Tree depths to choose from on the validation days." default:"4,6,8"`
	Rounds    int     `help:"Most trees (boosting rounds); early stopping on the validation days usually ends sooner." default:"400"`
	Precision float64 `help:"Set the alert threshold at the highest recall with at least this precision on the validation days (0: at the best F1)." default:"0" placeholder:"P"`
	JSON      bool    `help:"Print the training report as JSON."`
}

// Help explains the command.
func (TrainCmd) Help() string {
	return `Trains the learned scorer on a bank's own labelled data, so that confirmed
cases teach the model what laundering looks like in its own traffic.

The protocol is evaluation.md §1's: features computed causally in time order;
a temporal 60/20/20 split on whole days; gradient-boosted trees trained on the
first 60 % of days, with the window scale (×1, ×7, ×30) and tree depth chosen
on the next 20 %, where the alert threshold is also set; the last 20 % scored
once, to report how the model does on days it has not seen.

A transaction is laundering when a transaction label names it (native
labels.csv rows with entity_kind transaction, AMLSim's is_sar, AMLworld's
"Is Laundering").

The scorer built into centinela (used by demo and detect unless --model or
--no-model) was made this way on a generated bank; see docs/detection.md.

Examples:
  centinela train --db bank.db --out scorer.json
  centinela train --db bank.db --out scorer.json --scales 1 --depths 4,6 --rounds 150 --precision 0.95
  centinela train --format amlsim ../shared/data/aml/amlsim_dev/ --out amlsim.json
  centinela score --model scorer.json --db bank.db`
}

// trainReport is what the command prints.
type trainReport struct {
	Out         string           `json:"out"`
	Threshold   float64          `json:"threshold"`
	WindowScale int              `json:"window_scale"`
	MaxDepth    int              `json:"max_depth"`
	Trees       int              `json:"trees"`
	Validation  evaluate.Metrics `json:"validation"`
	Test        evaluate.Metrics `json:"test"`
	Split       evaluate.Split   `json:"split"`
	Features    int              `json:"features"`
}

// Run trains and saves the scorer.
func (c *TrainCmd) Run(g *Globals) error {
	d, err := loadLabelled(g.ctx, c.DB, c.Format, c.Path)
	if err != nil {
		return err
	}
	if d.Positives() == 0 {
		return usageError(errors.New("train: no transaction is labelled as laundering; label confirmed cases first (labels.csv, entity_kind transaction)"))
	}
	if c.Precision < 0 || c.Precision > 1 {
		return usageError(fmt.Errorf("train: --precision %v: expected 0 to 1", c.Precision))
	}
	if c.Rounds < 1 || len(c.Scales) == 0 || len(c.Depths) == 0 {
		return usageError(errors.New("train: --rounds must be positive, --scales and --depths not empty"))
	}
	var grid []gbt.Params
	base := evaluate.DefaultGrid()[0]
	for _, d := range c.Depths {
		if d < 1 || d > gbt.MaxTreeDepth {
			return usageError(fmt.Errorf("train: --depths %d: expected 1 to %d", d, gbt.MaxTreeDepth))
		}
		p := base
		p.MaxDepth, p.Rounds = d, c.Rounds
		grid = append(grid, p)
	}
	for _, k := range c.Scales {
		if k < 1 {
			return usageError(fmt.Errorf("train: --scales %d: expected a positive multiple", k))
		}
	}
	o := evaluate.Options{Batch: c.Batch, Seeds: []uint64{c.Seed}, Scales: c.Scales, Grid: grid, MinPrecision: c.Precision, Progress: func(s string) { g.log.Info(s) }}
	s, rep, err := evaluate.Train(g.ctx, d, o)
	if err != nil {
		return err
	}
	if err := s.Save(c.Out); err != nil {
		return err
	}
	run := rep.Runs[0]
	out := trainReport{Out: c.Out, Threshold: s.Threshold, WindowScale: run.Scale, MaxDepth: run.Params.MaxDepth,
		Trees: run.Rounds, Validation: run.Valid, Test: run.Test, Split: rep.Split, Features: rep.Features}
	if c.JSON {
		enc := json.NewEncoder(g.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	return printTrain(g.stdout, &out)
}

func printTrain(w io.Writer, r *trainReport) error {
	fmt.Fprintf(w, "scorer written to %s: %d trees of depth %d on %d features (windows ×%d), alert threshold %.3f\n",
		r.Out, r.Trees, r.MaxDepth, r.Features, r.WindowScale, r.Threshold)
	fmt.Fprintf(w, "trained on %d transactions (%d laundering) before %s; threshold chosen on %d (%d) before %s\n",
		r.Split.Train, r.Split.TrainPositives, r.Split.ValidFrom, r.Split.Valid, r.Split.ValidPositives, r.Split.TestFrom)
	fmt.Fprintf(w, "validation: F1 %.3f, precision %.3f, recall %.3f, PR-AUC %.3f\n", r.Validation.F1, r.Validation.Precision, r.Validation.Recall, r.Validation.PRAUC)
	_, err := fmt.Fprintf(w, "held-out test (%d transactions, %d laundering): F1 %.3f, precision %.3f, recall %.3f, PR-AUC %.3f\n",
		r.Split.Test, r.Split.TestPositives, r.Test.F1, r.Test.Precision, r.Test.Recall, r.Test.PRAUC)
	return err
}

// loadLabelled reads labelled transactions from a database or from files.
func loadLabelled(ctx context.Context, db, format, path string) (*evaluate.Dataset, error) {
	switch {
	case db != "" && format != "":
		return nil, usageError(errors.New("give --db or --format with a path, not both"))
	case db != "":
		st, err := openExistingStore(ctx, db)
		if err != nil {
			return nil, err
		}
		defer st.Close()
		var txs []model.Transaction
		for tx, err := range st.Transactions(ctx, store.TxFilter{}) {
			if err != nil {
				return nil, fmt.Errorf("read transactions: %w", err)
			}
			txs = append(txs, tx)
		}
		var labels []model.Label
		for l, err := range st.Labels(ctx) {
			if err != nil {
				return nil, fmt.Errorf("read labels: %w", err)
			}
			labels = append(labels, l)
		}
		if len(txs) == 0 {
			return nil, usageError(fmt.Errorf("%s holds no transactions", db))
		}
		return evaluate.FromTransactions(db, txs, labels), nil
	case format == "amlsim" && path != "":
		d, err := evaluate.LoadAMLSim(path)
		if err != nil {
			return nil, usageError(err)
		}
		return d, nil
	case format == "amlworld" && path != "":
		d, _, err := evaluate.LoadAMLworld(path, siblingPatterns(path))
		if err != nil {
			return nil, usageError(err)
		}
		return d, nil
	}
	return nil, usageError(errors.New("give --db DB, or --format amlsim|amlworld with a path"))
}
