package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/centinela-aml/centinela/internal/ingest"
	"github.com/centinela-aml/centinela/internal/ingest/native"
	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/monitor"
	"github.com/centinela-aml/centinela/internal/report"
	"github.com/centinela-aml/centinela/internal/store"
	"github.com/centinela-aml/centinela/internal/store/sqlite"
	"github.com/centinela-aml/centinela/internal/synth"
)

// DemoCmd runs the whole path on a generated bank.
type DemoCmd struct {
	Dir       string `help:"Working folder for the generated bank, the database and the report." default:"centinela-demo" type:"path"`
	Seed      uint64 `help:"Generator seed: the same seed gives the same bank." default:"1"`
	Customers int    `help:"Ordinary customers of the generated bank." default:"3000"`
	Days      int    `help:"Days of transaction history." default:"90"`
	Top       int    `help:"Alerts shown in the summary." default:"10"`
	Model     string `help:"Learned scorer (centinela train) to score every transaction with, instead of the built-in one; its alerts explain high scores in words, one per account and episode." type:"existingfile" placeholder:"FILE"`
	NoModel   bool   `name:"no-model" help:"Do not score transactions with a learned scorer (by default the built-in one, trained on a generated bank of another seed)."`
	JSON      bool   `help:"Print the summary as JSON."`
}

// Help explains the command.
func (DemoCmd) Help() string {
	return `Runs Centinela's main job end to end on built-in data, with the embedded store:

  1. generate  a synthetic bank with planted, labelled laundering
               (FIN-2025-A003 typologies, AMLworld graph patterns, SDN names)
               into DIR/bank/ (native CSV; see docs/generator.md);
  2. ingest    it into the SQLite database DIR/centinela.db;
  3. detect    with every engine: typology rules, graph pattern miners, and
               screening of every party and counterparty against the built-in
               OFAC SDN (with FTO tags) and UN lists;
  4. cases     triage the alerts into cases (one per subject) and work the
               top case through review, a request for information and
               escalation to a FinCEN SAR: DIR/sar-<case>.xml (SARX batch XML,
               checked against FinCEN's rules) and DIR/goaml-<case>.xml;
  5. report    DIR/report.html and DIR/report.md: each alert with its reason
               and evidence transactions, and the planted cases found.

The summary printed at the end lists the counts, the alerts by typology, the
planted cases found per typology, and the top alerts with their reasons.
Running the demo again starts afresh: it replaces the files it wrote before
(and only those) in DIR.

Examples, and what to do afterwards:
  centinela demo
  centinela demo --dir /tmp/bank --seed 7 --customers 10000 --days 120 --json
  centinela alerts --db centinela-demo/centinela.db
  centinela report --db centinela-demo/centinela.db --out my-report.md`
}

// demoStep is one step of the demo and how long it took.
type demoStep struct {
	Name    string  `json:"name"`
	Seconds float64 `json:"seconds"`
	Detail  string  `json:"detail"`
}

// demoResult is what the demo prints.
type demoResult struct {
	Dir        string                 `json:"dir"`
	Database   string                 `json:"database"`
	Report     string                 `json:"report"`
	ReportMD   string                 `json:"report_markdown"`
	Seed       uint64                 `json:"seed"`
	Seconds    float64                `json:"seconds"`
	Steps      []demoStep             `json:"steps"`
	Counts     store.Counts           `json:"counts"`
	Ingest     ingest.Counts          `json:"ingest"`
	ByTypology []report.TypologyCount `json:"alerts_by_typology"`
	Truth      monitor.Truth          `json:"planted_cases"`
	Top        []model.Alert          `json:"top_alerts"`
	Cases      *demoCaseResult        `json:"cases"`
}

// Run runs the demo.
func (c *DemoCmd) Run(g *Globals) error {
	if c.Customers < synth.MinCustomers || c.Days < 1 || c.Top < 0 {
		return usageError(fmt.Errorf("--customers must be ≥ %d, --days ≥ 1 and --top ≥ 0", synth.MinCustomers))
	}
	start := time.Now()
	res := &demoResult{Dir: c.Dir, Seed: c.Seed,
		Database: filepath.Join(c.Dir, "centinela.db"),
		Report:   filepath.Join(c.Dir, "report.html"), ReportMD: filepath.Join(c.Dir, "report.md")}
	bankDir := filepath.Join(c.Dir, "bank")
	if err := c.clean(res, bankDir); err != nil {
		return err
	}
	step := func(name string, t0 time.Time, detail string) {
		res.Steps = append(res.Steps, demoStep{Name: name, Seconds: time.Since(t0).Seconds(), Detail: detail})
		if !c.JSON {
			fmt.Fprintf(g.stderr, "%-9s %5.1fs  %s\n", name, time.Since(t0).Seconds(), detail)
		}
	}

	// 1. Generate.
	t0 := time.Now()
	cfg := synth.DefaultConfig()
	cfg.Seed, cfg.Customers, cfg.Days = c.Seed, c.Customers, c.Days
	sum, paths, err := writeBank(g, cfg, bankDir, "csv")
	if err != nil {
		return err
	}
	step("generate", t0, fmt.Sprintf("%d parties, %d accounts, %d transactions, %d planted cases → %s",
		sum.Parties, sum.Accounts, sum.Transactions, len(sum.Cases), bankDir))

	// 2. Ingest.
	t0 = time.Now()
	st, err := sqlite.Open(g.ctx, res.Database)
	if err != nil {
		return err
	}
	defer st.Close()
	inputs := make([]ingest.Input, len(paths))
	for i, p := range paths {
		inputs[i] = ingest.Input{Path: p}
	}
	ing, err := ingestInputs(g, st, native.Format{}, inputs, res.Database+".rejects", ingestOptions{})
	if err != nil {
		return err
	}
	res.Ingest = ing.Counts
	if ing.Rejected > 0 {
		return fmt.Errorf("demo: %d generated rows were rejected (see %s): the generator and the reader disagree", ing.Rejected, ing.RejectFile)
	}
	step("ingest", t0, fmt.Sprintf("%d rows read, %d accepted, %d duplicates, %d rejected → %s",
		ing.Read, ing.Accepted, ing.Duplicates, ing.Rejected, res.Database))

	// 3. Detect.
	t0 = time.Now()
	det, err := runDetection(g, st, detectOptions{batch: monitor.DefaultBatchSize, model: c.Model, noModel: c.NoModel})
	if err != nil {
		return err
	}
	step("detect", t0, fmt.Sprintf("%d transactions, %d parties screened: %d alerts", det.Transactions, det.Screened, det.Alerts))

	// 4. Cases and a SAR.
	t0 = time.Now()
	worked, err := workDemoCase(g.ctx, st, c.Dir, time.Now().UTC())
	if err != nil {
		return fmt.Errorf("demo: cases: %w", err)
	}
	res.Cases = worked
	step("cases", t0, fmt.Sprintf("%d cases from %d alerts; case %s worked to a SAR → %s", worked.Cases, worked.Alerts, worked.Case, worked.SAR))

	// 5. Report.
	t0 = time.Now()
	rep, err := buildAlertReport(g.ctx, st, reportOptions{title: "Centinela demo: alerts on a generated bank", db: res.Database, limit: 0, evidence: 25, truth: true})
	if err != nil {
		return err
	}
	if err := writeReportFile(res.Report, "html", rep); err != nil {
		return err
	}
	if err := writeReportFile(res.ReportMD, "md", rep); err != nil {
		return err
	}
	step("report", t0, fmt.Sprintf("%d alerts → %s, %s", len(rep.Alerts), res.Report, res.ReportMD))

	if res.Counts, err = st.Counts(g.ctx); err != nil {
		return err
	}
	var labels []model.Label
	for l, err := range st.Labels(g.ctx) {
		if err != nil {
			return err
		}
		labels = append(labels, l)
	}
	res.Truth = monitor.Compare(det.alerts, labels)
	res.ByTypology = report.CountByTypology(det.alerts)
	res.Top = det.alerts[:min(c.Top, len(det.alerts))]
	res.Seconds = time.Since(start).Seconds()
	if c.JSON {
		e := json.NewEncoder(g.stdout)
		e.SetIndent("", "  ")
		return e.Encode(res)
	}
	return printDemo(g.stdout, res)
}

// clean removes what an earlier demo wrote in the working folder, and
// nothing else.
func (c *DemoCmd) clean(res *demoResult, bankDir string) error {
	if fi, err := os.Stat(c.Dir); err == nil && !fi.IsDir() {
		return usageError(fmt.Errorf("--dir %s is a file, not a folder", c.Dir))
	}
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		return err
	}
	var errs []error
	for _, p := range []string{res.Database, res.Database + "-wal", res.Database + "-shm", res.Report, res.ReportMD} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	for _, p := range []string{res.Database + ".rejects", bankDir} {
		if err := os.RemoveAll(p); err != nil {
			errs = append(errs, err)
		}
	}
	for _, pattern := range []string{"sar-*.xml", "goaml-*.xml"} {
		old, _ := filepath.Glob(filepath.Join(c.Dir, pattern))
		for _, p := range old {
			if err := os.Remove(p); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// printDemo writes the demo's summary for people.
func printDemo(w io.Writer, r *demoResult) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	p := func(format string, args ...any) { fmt.Fprintf(tw, format, args...) }
	p("\nCentinela demo — seed %d, %.1f s\n\n", r.Seed, r.Seconds)
	p("parties\t%d\n", r.Counts.Parties)
	p("accounts\t%d\n", r.Counts.Accounts)
	p("transactions\t%d\n", r.Counts.Transactions)
	p("alerts\t%d\n", r.Counts.Alerts)

	p("\nAlerts by typology\talerts\tsubjects\n")
	for _, t := range r.ByTypology {
		p("  %s\t%d\t%d\n", t.Typology, t.Alerts, t.Subjects)
	}
	p("\nPlanted cases found\tplanted\tfound\n")
	for _, t := range r.Truth.ByTypology {
		p("  %s\t%d\t%d\n", t.Typology, t.Cases, t.Detected)
	}
	p("  all\t%d\t%d\t(%.0f%%); %d of %d alerts touch a planted case\n", r.Truth.Cases, r.Truth.Detected, 100*r.Truth.Recall(), r.Truth.OnCase, r.Truth.Alerts)
	if err := tw.Flush(); err != nil {
		return err
	}

	if len(r.Top) > 0 {
		fmt.Fprintf(w, "\nTop %d alerts\n", len(r.Top))
		for i, a := range r.Top {
			fmt.Fprintf(w, "%2d. [%s %.2f] %s %s on %s %s\n    %s\n", i+1, a.Severity, a.Score, a.RuleID, a.Typology,
				a.Subject.Kind, a.Subject.ID, wrap(a.Reason, 100, "    "))
			if n := len(a.Evidence); n > 0 {
				fmt.Fprintf(w, "    evidence: %s\n", evidenceList(a.Evidence, 6))
			}
		}
	}
	if c := r.Cases; c != nil {
		fmt.Fprintf(w, "\nCases: %d (from %d alerts), %d overdue. Case %s (%s) worked to a SAR:\n  %s\n  %s (goAML)\n",
			c.Cases, c.Alerts, c.Overdue, c.Case, c.Title, c.SAR, c.GoAML)
	}
	_, err := fmt.Fprintf(w, "\nReport: %s (also %s)\nDatabase: %s — try: centinela alerts --db %s\n", r.Report, r.ReportMD, r.Database, r.Database)
	return err
}

// evidenceList writes up to n IDs and how many more there are.
func evidenceList(ids []string, n int) string {
	if len(ids) <= n {
		return strings.Join(ids, ", ")
	}
	return strings.Join(ids[:n], ", ") + fmt.Sprintf(" and %d more", len(ids)-n)
}

// wrap folds s at width runes, indenting continuation lines.
func wrap(s string, width int, indent string) string {
	words := strings.Fields(s)
	var b strings.Builder
	line := 0
	for _, w := range words {
		n := len([]rune(w))
		if line > 0 && line+1+n > width {
			b.WriteString("\n" + indent)
			line = 0
		} else if line > 0 {
			b.WriteByte(' ')
			line++
		}
		b.WriteString(w)
		line += n
	}
	return b.String()
}
