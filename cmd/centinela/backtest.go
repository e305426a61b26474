package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/centinela-aml/centinela/internal/ingest"
	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/rules"
	"github.com/centinela-aml/centinela/internal/rules/backtest"
)

// BacktestCmd replays history through a rule library and measures it.
type BacktestCmd struct {
	Rules       string   `help:"Folder of rule files (default: the built-in library)." type:"existingdir" placeholder:"DIR"`
	Compare     string   `help:"A second rule folder to run side by side: which alerts appear, which disappear." type:"existingdir" placeholder:"DIR2"`
	Format      string   `help:"Format of the data files: native, amlworld, amlsim or samld." default:"native"`
	Institution string   `help:"Institution ID of the bank's own accounts (default: the institution holding most accounts)."`
	Workers     int      `help:"Rule engine workers per library." default:"2"`
	Show        int      `help:"Appeared and disappeared alerts listed in the text output." default:"20"`
	NoPeers     bool     `help:"Do not compute peer statistics from the data (rules comparing customers with their peers fall back or are not evaluable)."`
	Alerts      string   `help:"Write every alert, with the labelled cases it touches, to this file as JSON lines." type:"path" placeholder:"FILE"`
	JSON        bool     `name:"json" help:"Print the result as JSON."`
	Data        []string `arg:"" name:"data" help:"A generated bank's folder, or data files. A folder stands for the data files in it that the format knows."`
}

// Help is the long help of "centinela backtest --help".
func (BacktestCmd) Help() string {
	return `Replays the transactions of DATA, in time order, through the rules and reports,
per rule and overall: alerts, alerts per 10,000 customers per month, and —
where the data carries labels (a generated bank's labels.csv, AMLSim's SAR
flags) — precision (alerts that touch a labelled case) and recall (labelled
cases touched). Ordinary alerts are alerts that touch no case, counted per
10,000 ordinary (unlabelled) customers per month. Rules that could not run
for lack of data are counted as not evaluable, per subject.

Nothing is written: the data are read into memory and the alerts kept there,
so a backtest has no side effect on any database.

With --compare DIR2 both libraries run over the same replay, and the output
lists the alerts that appear with DIR2 and those that disappear (the same
rule on the same subject with overlapping windows is the same alert).

Examples:
  centinela generate --out bank --seed 101 --customers 10000
  centinela backtest bank/
  centinela backtest --rules ./my-rules --compare ./my-rules-v2 bank/
  centinela backtest --json bank/ | jq '.rules["MM-1"]'

The JSON is {"rules":{"MM-1":{"alerts":…,"precision":…,"recall":…,
"not_evaluable":…,…},…},"overall":{…,"typologies":{…}}}; with --compare it
adds "compare":{"rules":…,"overall":…,"appeared":[…],"disappeared":[…],
"kept":…}. Rows the reader rejects are reported on standard error and left
out. Definitions: docs/rules.md, "Backtesting".`
}

// backtestJSON is what --json prints: the result's {"rules", "overall"},
// and "compare" with --compare.
type backtestJSON struct {
	*backtest.Result
	Compare *compareJSON `json:"compare,omitempty"`
}

type compareJSON struct {
	*backtest.Result
	backtest.Diff
}

// MarshalJSON merges the result's fields with the comparison's.
func (b backtestJSON) MarshalJSON() ([]byte, error) {
	return mergeJSON(b.Result, map[string]any{"compare": b.Compare})
}

// MarshalJSON merges the candidate's result with the diff.
func (c *compareJSON) MarshalJSON() ([]byte, error) {
	return mergeJSON(c.Result, map[string]any{"appeared": c.Appeared, "disappeared": c.Disappeared, "kept": c.Kept})
}

// mergeJSON adds extra's non-nil fields to v's JSON object.
func mergeJSON(v any, extra map[string]any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	for k, x := range extra {
		if isNil(x) {
			continue
		}
		raw, err := json.Marshal(x)
		if err != nil {
			return nil, err
		}
		m[k] = raw
	}
	return json.Marshal(m)
}

func isNil(x any) bool {
	switch v := x.(type) {
	case nil:
		return true
	case *compareJSON:
		return v == nil
	}
	return false
}

// Run runs the backtest.
func (c *BacktestCmd) Run(g *Globals) error {
	format, ok := formats[c.Format]
	if !ok {
		return usageError(fmt.Errorf("unknown format %q: expected one of %s", c.Format, formatNames()))
	}
	if c.Workers < 1 {
		return usageError(fmt.Errorf("--workers %d: expected at least 1", c.Workers))
	}
	libs := []*rules.Library{}
	lib, err := loadLibrary(c.Rules)
	if err != nil {
		return err
	}
	libs = append(libs, lib)
	if c.Compare != "" {
		lib2, err := loadLibrary(c.Compare)
		if err != nil {
			return err
		}
		libs = append(libs, lib2)
	}
	inputs, _, err := expandInputs(format, c.Data, "")
	if err != nil {
		return usageError(err)
	}
	data, txFiles, rejects, err := readBacktestData(format, inputs)
	if err != nil {
		return err
	}
	data.Institution = c.Institution
	data.EvaluateUnknown = len(data.Accounts) == 0 // research data without customer records

	bar := g.newProgress(-1, "backtest", false)
	history := func() iter.Seq2[model.Transaction, error] {
		return streamTransactions(format, txFiles, func(n int) { bar.Add(int64(n)) })
	}
	results, err := backtest.Run(g.ctx, libs, data, history, backtest.Options{Workers: c.Workers, NoPeers: c.NoPeers})
	bar.Finish()
	if err != nil {
		return err
	}
	for _, r := range rejects {
		fmt.Fprintln(g.stderr, "centinela backtest: rejected row:", r)
	}
	out := backtestJSON{Result: results[0]}
	if len(results) > 1 {
		out.Compare = &compareJSON{Result: results[1], Diff: backtest.Compare(results[0], results[1])}
	}
	if c.Alerts != "" {
		if err := writeBacktestAlerts(c.Alerts, results); err != nil {
			return err
		}
	}
	if c.JSON {
		e := json.NewEncoder(g.stdout)
		e.SetIndent("", "  ")
		return e.Encode(out)
	}
	return printBacktest(g.stdout, out, c.Show)
}

// backtestAlert is one line of --alerts.
type backtestAlert struct {
	Library string `json:"library"` // "rules" or "compare"
	model.Alert
	Cases []string `json:"cases"`
}

// writeBacktestAlerts writes every alert of every library as JSON lines.
func writeBacktestAlerts(path string, results []*backtest.Result) error {
	f, err := os.Create(path)
	if err != nil {
		return usageError(err)
	}
	e := json.NewEncoder(f)
	for i, r := range results {
		lib := "rules"
		if i > 0 {
			lib = "compare"
		}
		for _, a := range r.Alerts {
			if err := e.Encode(backtestAlert{Library: lib, Alert: a, Cases: r.Cases[a.ID]}); err != nil {
				f.Close()
				return err
			}
		}
	}
	return f.Close()
}

// readBacktestData reads the parties, accounts and labels of every input,
// and returns the inputs that hold transactions, to be streamed after.
// Rejected rows are counted and the first few reported, not fatal.
func readBacktestData(format ingest.Format, inputs []ingest.Input) (*backtest.Data, []ingest.Input, []string, error) {
	data := &backtest.Data{}
	var txFiles []ingest.Input
	var rejects []string
	rejected := 0
	for _, in := range inputs {
		hasTx := false
		err := eachRecord(format, in, func(r ingest.Record) bool {
			switch {
			case r.Tx != nil:
				hasTx = true
			default:
				if r.Party != nil {
					data.Parties = append(data.Parties, *r.Party)
				}
				if r.Account != nil {
					data.Accounts = append(data.Accounts, *r.Account)
				}
			}
			data.Labels = append(data.Labels, r.Labels...)
			return true
		}, func(re *ingest.RowError) {
			rejected++
			if len(rejects) < 10 {
				rejects = append(rejects, re.Error())
			}
		})
		if err != nil {
			return nil, nil, nil, err
		}
		if hasTx {
			txFiles = append(txFiles, in)
		}
	}
	if rejected > len(rejects) {
		rejects = append(rejects, fmt.Sprintf("… %d rejected rows in all", rejected))
	}
	return data, txFiles, rejects, nil
}

// eachRecord reads one input, calling rec for every record until it
// returns false, and bad for every rejected row.
func eachRecord(format ingest.Format, in ingest.Input, rec func(ingest.Record) bool, bad func(*ingest.RowError)) error {
	f, err := os.Open(in.Path)
	if err != nil {
		return usageError(err)
	}
	defer f.Close()
	rd, err := format.Open(ingest.Source{Path: in.Path, ID: in.Source, R: f})
	if err != nil {
		return usageError(fmt.Errorf("%s: %w", in.Path, err))
	}
	for {
		r, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		var re *ingest.RowError
		if errors.As(err, &re) {
			bad(re)
			continue
		}
		if err != nil {
			return fmt.Errorf("%s: %w", in.Path, err)
		}
		if !rec(r) {
			return nil
		}
	}
}

// streamTransactions yields the transactions of the inputs, file after
// file; rejected rows are skipped (readBacktestData reported them).
func streamTransactions(format ingest.Format, inputs []ingest.Input, progress func(n int)) iter.Seq2[model.Transaction, error] {
	const every = 1 << 16
	return func(yield func(model.Transaction, error) bool) {
		n, stopped := 0, false
		for _, in := range inputs {
			err := eachRecord(format, in, func(r ingest.Record) bool {
				if r.Tx == nil {
					return true
				}
				if n++; n%every == 0 {
					progress(every)
				}
				stopped = !yield(*r.Tx, nil)
				return !stopped
			}, func(*ingest.RowError) {})
			if stopped {
				return
			}
			if err != nil {
				yield(model.Transaction{}, err)
				return
			}
		}
	}
}

// printBacktest writes the result for people.
func printBacktest(w io.Writer, b backtestJSON, show int) error {
	printBacktestResult(w, "", b.Result)
	if b.Compare != nil {
		printBacktestResult(w, "Compared library: ", b.Compare.Result)
		d := b.Compare.Diff
		fmt.Fprintf(w, "\n%d alerts kept, %d appear, %d disappear\n", d.Kept, len(d.Appeared), len(d.Disappeared))
		for _, l := range []struct {
			name string
			refs []backtest.AlertRef
		}{{"Appear", d.Appeared}, {"Disappear", d.Disappeared}} {
			if len(l.refs) == 0 {
				continue
			}
			fmt.Fprintf(w, "\n%s:\n", l.name)
			for i, r := range l.refs {
				if i == show {
					fmt.Fprintf(w, "  … and %d more (--show, --json)\n", len(l.refs)-show)
					break
				}
				on := "ordinary customer"
				if len(r.Cases) > 0 {
					on = "case " + strings.Join(r.Cases, ", ")
				}
				fmt.Fprintf(w, "  %s %s %s %s–%s (%s)\n", r.Rule, r.Subject.Kind, r.Subject.ID,
					r.WindowStart.Format("2006-01-02"), r.WindowEnd.Format("2006-01-02"), on)
			}
		}
	}
	return nil
}

func printBacktestResult(w io.Writer, title string, r *backtest.Result) {
	o := r.Overall
	fmt.Fprintf(w, "\n%s%d transactions, %d customers (%d ordinary), %.1f months, institution %s; %.1fs\n",
		title, o.Transactions, o.Customers, o.OrdinaryCustomers, o.Months, o.Institution, o.Seconds)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "rule\tversion\talerts\tper 10k/month\tordinary\tordinary per 10k/month\tprecision\trecall\tnot evaluable\t")
	for _, rr := range r.Rules {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%d\t%s\t%s\t%s\t%d\t\n", rr.Rule, rr.Version, rr.Alerts, optNum(rr.PerTenK), rr.Ordinary,
			optNum(rr.OrdinaryPerTenK), optPct(rr.Precision), optPct(rr.Recall), rr.NotEvaluable)
	}
	fmt.Fprintf(tw, "all\t\t%d\t%s\t%d\t%s\t%s\t%s\t\t\n", o.Alerts, optNum(o.PerTenK), o.Ordinary, optNum(o.OrdinaryPerTenK),
		optPct(o.Precision), optPct(o.Recall))
	fmt.Fprintf(tw, "assembled\t\t%d\t%s\t%d\t%s\t%s\t\t\t\n", o.Assembled, optNum(o.AssembledPerTenK), o.AssembledOrdinary,
		optNum(o.AssembledOrdinaryPerTenK), optPct(o.AssembledPrecision))
	tw.Flush()
	if len(r.Typologies) > 0 {
		fmt.Fprintln(w)
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "labelled typology\tcases\tdetected\tby its own rules\trecall\ttargeted\t")
		for _, t := range r.Typologies {
			tgt := ""
			if t.Targeted {
				tgt = "yes"
			}
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\t%s\t\n", t.Typology, t.Cases, t.Detected, t.ByOwnRules, optPct(t.Recall), tgt)
		}
		tw.Flush()
	}
}

func optNum(v *float64) string {
	if v == nil {
		return "–"
	}
	return fmt.Sprintf("%.2f", *v)
}

func optPct(v *float64) string {
	if v == nil {
		return "–"
	}
	return fmt.Sprintf("%.1f%%", 100**v)
}
