package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"time"

	"github.com/centinela-aml/centinela/internal/detect"
	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/report"
	"github.com/centinela-aml/centinela/internal/store"
)

// ScoreCmd scores transactions with a trained scorer.
type ScoreCmd struct {
	Model  string `help:"Scorer file written by centinela train." required:"" type:"existingfile" placeholder:"FILE"`
	DB     string `help:"Score this database's transactions and store an alert for each at or above the scorer's threshold." placeholder:"PATH"`
	Format string `help:"Instead of a database, score a file of this format: amlsim (output folder) or amlworld (*_Trans.csv)." enum:",amlsim,amlworld" default:"" placeholder:"FORMAT"`
	Path   string `arg:"" optional:"" name:"path" help:"AMLSim output folder or AMLworld *_Trans.csv file, with --format." type:"existingpath"`
	Out    string `help:"With --format: write every transaction's score as CSV (id,score,alert) to this file ('-': standard output)." placeholder:"FILE"`
	Batch  int    `help:"Transactions scored at once." default:"2048"`
	Top    int    `help:"Alerts shown in the summary." default:"5"`
	JSON   bool   `help:"Print the summary as JSON."`
}

// Help explains the command.
func (ScoreCmd) Help() string {
	return `Scores transactions with a scorer trained by "centinela train": the detection
engine computes, in time order, the features the model was trained on (the
scorer file records its windows), the model gives each transaction a
probability, and each at or above the scorer's threshold becomes an alert
that names the features that drove its score, in words, with the payment's
neighbourhood as evidence.

Examples:
  centinela score --model scorer.json --db bank.db
  centinela score --model amlsim.json --format amlsim other_run/ --out scores.csv`
}

// scoreSummary is what the command prints.
type scoreSummary struct {
	Transactions int           `json:"transactions"`
	Scored       int           `json:"scored"`
	Alerts       int           `json:"alerts"`
	Threshold    float64       `json:"threshold"`
	Seconds      float64       `json:"seconds"`
	TxPerSecond  float64       `json:"tx_per_s"`
	Top          []model.Alert `json:"top_alerts,omitempty"`
}

// Run scores.
func (c *ScoreCmd) Run(g *Globals) error {
	if c.Batch <= 0 {
		return usageError(fmt.Errorf("--batch %d: expected a positive number", c.Batch))
	}
	sc, err := detect.LoadScorer(c.Model)
	if err != nil {
		return usageError(err)
	}
	cfg := sc.Features.Apply(detect.Config{})
	cfg.Scorer = sc
	cfg.FanIn.Off, cfg.FanOut.Off, cfg.Patterns.Off = true, true, true
	e, err := detect.New(cfg)
	if err != nil {
		return err
	}
	var out *csv.Writer
	if c.Out != "" {
		if c.DB != "" {
			return usageError(errors.New("--out is for --format: a database gets alerts"))
		}
		var w io.Writer = g.stdout
		if c.Out != "-" {
			f, err := os.Create(c.Out)
			if err != nil {
				return err
			}
			defer f.Close()
			bw := bufio.NewWriter(f)
			defer bw.Flush()
			w = bw
		}
		out = csv.NewWriter(w)
		if err := out.Write([]string{"id", "score", "alert"}); err != nil {
			return err
		}
	}
	start := time.Now()
	sum := scoreSummary{Threshold: sc.Threshold}
	alerts := map[string]model.Alert{}
	observe := func(batch []model.Transaction) error {
		res, err := e.Observe(batch)
		if err != nil {
			return err
		}
		sum.Transactions += len(batch)
		for i, p := range res.Scores {
			if math.IsNaN(p) {
				continue
			}
			sum.Scored++
			if out != nil {
				flag := "0"
				if p >= sc.Threshold {
					flag = "1"
				}
				if err := out.Write([]string{batch[i].ID, strconv.FormatFloat(p, 'f', 6, 64), flag}); err != nil {
					return err
				}
			}
		}
		for _, a := range res.Alerts {
			alerts[a.ID] = a
		}
		return nil
	}

	switch {
	case c.DB != "" && c.Format != "":
		return usageError(errors.New("give --db or --format with a path, not both"))
	case c.DB != "":
		st, err := openExistingStore(g.ctx, c.DB)
		if err != nil {
			return err
		}
		defer st.Close()
		batch := make([]model.Transaction, 0, c.Batch)
		for tx, err := range st.Transactions(g.ctx, store.TxFilter{}) {
			if err != nil {
				return fmt.Errorf("read transactions: %w", err)
			}
			batch = append(batch, tx)
			if len(batch) == c.Batch {
				if err := observe(batch); err != nil {
					return err
				}
				batch = batch[:0]
			}
		}
		if len(batch) > 0 {
			if err := observe(batch); err != nil {
				return err
			}
		}
		list := make([]model.Alert, 0, len(alerts))
		for _, a := range alerts {
			list = append(list, a)
		}
		if err := st.SaveAlerts(g.ctx, list); err != nil {
			return fmt.Errorf("save alerts: %w", err)
		}
	case c.Format != "" && c.Path != "":
		d, err := loadLabelled(g.ctx, "", c.Format, c.Path)
		if err != nil {
			return err
		}
		for lo := 0; lo < len(d.Txs); lo += c.Batch {
			if err := observe(d.Txs[lo:min(len(d.Txs), lo+c.Batch)]); err != nil {
				return err
			}
		}
	default:
		return usageError(errors.New("give --db DB, or --format amlsim|amlworld with a path"))
	}
	if out != nil {
		out.Flush()
		if err := out.Error(); err != nil {
			return err
		}
	}
	sum.Seconds = time.Since(start).Seconds()
	if sum.Seconds > 0 {
		sum.TxPerSecond = math.Round(float64(sum.Transactions) / sum.Seconds)
	}
	list := make([]model.Alert, 0, len(alerts))
	for _, a := range alerts {
		list = append(list, a)
	}
	report.SortAlerts(list)
	sum.Alerts = len(list)
	sum.Top = list[:min(c.Top, len(list))]
	if c.JSON {
		enc := json.NewEncoder(g.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(sum)
	}
	if c.Out == "-" {
		return nil
	}
	fmt.Fprintf(g.stdout, "%d transactions scored in %.1fs (%.0f/s): %d at or above %.3f\n", sum.Scored, sum.Seconds, sum.TxPerSecond, sum.Alerts, sum.Threshold)
	for i, a := range sum.Top {
		fmt.Fprintf(g.stdout, "%2d. [%s %.2f] %s\n", i+1, a.Severity, a.Score, a.Reason)
	}
	return nil
}
