package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/centinela-aml/centinela/internal/detect"
	"github.com/centinela-aml/centinela/internal/detect/builtinscorer"
	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/monitor"
	"github.com/centinela-aml/centinela/internal/report"
	"github.com/centinela-aml/centinela/internal/rules"
	"github.com/centinela-aml/centinela/internal/screen"
	"github.com/centinela-aml/centinela/internal/screen/lists"
	"github.com/centinela-aml/centinela/internal/store"
	rulefiles "github.com/centinela-aml/centinela/rules"
)

// DetectCmd runs the detection engines over a database's transactions.
type DetectCmd struct {
	DB          string   `help:"Database to read transactions from and write alerts to." default:"centinela.db" type:"path"`
	Rules       string   `help:"Folder of rule files to run instead of the built-in library (rules/ in the repository)." type:"existingdir" placeholder:"DIR"`
	NoRules     bool     `help:"Do not run the typology rules."`
	NoGraph     bool     `help:"Do not run the temporal-graph engine (pattern miners)."`
	NoScreen    bool     `help:"Do not screen parties and counterparties against sanctions lists."`
	NoAssemble  bool     `help:"Store every engine's alerts as raised, instead of merging the alerts about one customer and period into one (see internal/monitor/assemble.go)."`
	List        []string `help:"Sanctions list to screen against, FORMAT:PATH (repeatable; default: the built-in OFAC SDN and UN lists). Formats: ofac-csv:DIR, ofac-json:FILE, ofac-cons:FILE, un-xml:FILE, ftm:FILE, csv:FILE." placeholder:"FORMAT:PATH"`
	Institution string   `help:"Institution ID of the bank's own accounts; the rules watch only those (default: the institution holding most accounts)."`
	Batch       int      `help:"Transactions handed to the engines at once." default:"2048"`
	Model       string   `help:"Learned scorer (centinela train) to score every transaction with, instead of the built-in one; an account's payments scoring at or above its threshold raise one explained alert per account and episode." type:"existingfile" placeholder:"FILE"`
	NoModel     bool     `name:"no-model" help:"Do not score transactions with a learned scorer (by default the built-in one, trained on a generated bank)."`
	JSON        bool     `help:"Print the result as JSON."`
}

// Help explains the command.
func (DetectCmd) Help() string {
	return `Reads every transaction of the database in time order and runs them through
the detection engines:

  * the temporal-graph engine (internal/detect): pattern miners for FAN-IN and
    FAN-OUT bursts of new counterparties, compared with each account's history;
  * the typology rules (rules/*.yaml): structuring, smurfing across branches,
    rapid pass-through, unexplained wealth (FIN-2025-A003 MM-1, MM-4), …
  * screening (internal/screen): every party and every off-us counterparty
    against the OFAC SDN list (with its FTO tags) and the UN list; a hit at or
    above the default threshold is an alert (an FTO hit is critical).

Alerts are stored in the database (an alert found again replaces its earlier
version, so re-running is harmless) and summarised here. List them with
"centinela alerts", write a report with "centinela report".

Examples:
  centinela detect --db bank.db
  centinela detect --db bank.db --rules ./my-rules --json
  centinela detect --db aml.db --no-rules        # research data without KYC`
}

// detectResult is what a detection run found.
type detectResult struct {
	Transactions int64             `json:"transactions"`
	Alerts       int               `json:"alerts"`
	RawAlerts    int               `json:"engine_alerts"`
	ByTypology   map[string]int    `json:"by_typology"`
	Institution  string            `json:"institution,omitempty"`
	Duplicates   int64             `json:"duplicates_ignored"`
	Invalid      int64             `json:"invalid"`
	Problems     []string          `json:"problems,omitempty"`
	Rules        []rules.RuleStats `json:"rules,omitempty"`
	Screened     int               `json:"parties_screened,omitempty"`
	Seconds      float64           `json:"seconds"`
	TxPerSecond  float64           `json:"transactions_per_second"`
	alerts       []model.Alert     `json:"-"`
	stats        monitor.Stats     `json:"-"`
}

// detectOptions choose the engines of a detection run.
type detectOptions struct {
	rulesDir    string
	noRules     bool
	noGraph     bool
	noScreen    bool
	noAssemble  bool
	lists       []string // FORMAT:PATH; none: the built-in lists
	institution string
	batch       int
	model       string // scorer file; "": the built-in scorer
	noModel     bool   // no learned scorer
}

// Run runs the detection.
func (c *DetectCmd) Run(g *Globals) error {
	if c.NoRules && c.NoGraph && c.NoScreen {
		return usageError(fmt.Errorf("--no-rules, --no-graph and --no-screen together leave nothing to run"))
	}
	if c.Batch <= 0 {
		return usageError(fmt.Errorf("--batch %d: expected a positive number of transactions", c.Batch))
	}
	st, err := openExistingStore(g.ctx, c.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := runDetection(g, st, detectOptions{rulesDir: c.Rules, noRules: c.NoRules, noGraph: c.NoGraph,
		noScreen: c.NoScreen, noAssemble: c.NoAssemble, lists: c.List, institution: c.Institution, batch: c.Batch, model: c.Model, noModel: c.NoModel})
	if err != nil {
		return err
	}
	if c.JSON {
		return json.NewEncoder(g.stdout).Encode(res)
	}
	return printDetectResult(g.stdout, res)
}

// runDetection replays the store's transactions through the engines and
// saves the alerts.
func runDetection(g *Globals, st store.Store, o detectOptions) (*detectResult, error) {
	start := time.Now()
	cfg := monitor.Config{}
	if !o.noGraph {
		cfg.Graph = &detect.Config{}
	}
	switch {
	case o.model != "":
		sc, err := detect.LoadScorer(o.model)
		if err != nil {
			return nil, usageError(err)
		}
		cfg.Scorer = sc
	case !o.noModel && !o.noGraph:
		sc, err := builtinscorer.Load()
		if err != nil {
			return nil, fmt.Errorf("built-in scorer: %w", err)
		}
		cfg.Scorer = sc
	}
	if !o.noRules {
		lib, err := loadRules(o.rulesDir)
		if err != nil {
			return nil, err
		}
		cfg.Rules = lib
	}
	kyc, inst, parties, err := loadKYC(g.ctx, st, o.institution)
	if err != nil {
		return nil, err
	}
	cfg.KYC = kyc
	if !o.noScreen {
		ix, err := lists.Index(o.lists)
		if err != nil {
			return nil, usageError(fmt.Errorf("sanctions lists: %w", err))
		}
		cfg.Screener = screen.NewScreener(ix)
	}
	m, err := monitor.New(cfg)
	if err != nil {
		return nil, err
	}
	defer m.Close()
	if cfg.Screener != nil {
		m.Add(monitor.ScreenParties(cfg.Screener, parties, time.Now().UTC())...)
	}

	counts, err := st.Counts(g.ctx)
	if err != nil {
		return nil, err
	}
	bar := g.newProgress(counts.Transactions, "detect", false)
	err = monitor.Run(g.ctx, m, st.Transactions(g.ctx, store.TxFilter{}), o.batch, func(n int) { bar.Add(int64(n)) })
	bar.Finish()
	if err != nil {
		return nil, fmt.Errorf("detect: %w", err)
	}
	alerts := m.Alerts()
	raw := len(alerts)
	if !o.noAssemble {
		alerts = monitor.Assemble(alerts, monitor.AssembleOptions{Owner: func(account string) string {
			if _, owner, ok := kyc.Lookup(account); ok && owner != nil {
				return owner.ID
			}
			return ""
		}})
	}
	now := time.Now().UTC()
	for i := range alerts {
		if alerts[i].Created.IsZero() {
			alerts[i].Created = now
		}
	}
	if err := st.SaveAlerts(g.ctx, alerts); err != nil {
		return nil, fmt.Errorf("detect: save alerts: %w", err)
	}
	stats := m.Stats()
	secs := time.Since(start).Seconds()
	res := &detectResult{
		Transactions: stats.Transactions, Alerts: len(alerts), RawAlerts: raw, ByTypology: map[string]int{},
		Institution: inst, Duplicates: stats.Duplicates, Invalid: stats.Invalid,
		Rules: stats.Rules, Seconds: secs, alerts: alerts, stats: stats,
	}
	if cfg.Screener != nil {
		res.Screened = len(parties)
	}
	for _, p := range stats.Problems {
		res.Problems = append(res.Problems, fmt.Sprintf("transaction %q: %v", p.ID, p.Err))
	}
	if secs > 0 {
		res.TxPerSecond = float64(stats.Transactions) / secs
	}
	for _, tc := range report.CountByTypology(alerts) {
		res.ByTypology[string(tc.Typology)] = tc.Alerts
	}
	return res, nil
}

// loadRules loads the rule library from dir, or the built-in one.
func loadRules(dir string) (*rules.Library, error) {
	if dir != "" {
		lib, err := rules.LoadDir(dir)
		if err != nil {
			return nil, usageError(err)
		}
		return lib, nil
	}
	lib, err := rules.Load(rulefiles.FS())
	if err != nil {
		return nil, fmt.Errorf("built-in rule library: %w", err)
	}
	return lib, nil
}

// loadKYC reads every party and account into a directory of the accounts of
// institution, or of the institution that holds most accounts, and returns
// the parties too.
func loadKYC(ctx context.Context, st store.Reader, institution string) (*rules.Directory, string, []model.Party, error) {
	var parties []model.Party
	for p, err := range st.Parties(ctx) {
		if err != nil {
			return nil, "", nil, fmt.Errorf("read parties: %w", err)
		}
		parties = append(parties, p)
	}
	var accounts []model.Account
	perInst := map[string]int{}
	for a, err := range st.Accounts(ctx) {
		if err != nil {
			return nil, "", nil, fmt.Errorf("read accounts: %w", err)
		}
		accounts = append(accounts, a)
		perInst[a.Institution]++
	}
	if institution == "" {
		institution = mostCommon(perInst)
	}
	dir := rules.NewDirectory(parties, accounts)
	dir.Institution = institution
	return dir, institution, parties, nil
}

// mostCommon returns the key with the largest count (ties: the smallest
// key), ignoring the empty key; "" for none.
func mostCommon(counts map[string]int) string {
	best := ""
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		if k != "" && (best == "" || counts[k] > counts[best]) {
			best = k
		}
	}
	return best
}

func printDetectResult(w io.Writer, r *detectResult) error {
	fmt.Fprintf(w, "%d transactions in %.1fs (%.0f/s): %d alerts", r.Transactions, r.Seconds, r.TxPerSecond, r.Alerts)
	if r.RawAlerts != r.Alerts {
		fmt.Fprintf(w, " (%d engine alerts merged per customer and period)", r.RawAlerts)
	}
	if r.Screened > 0 {
		fmt.Fprintf(w, "; %d parties screened", r.Screened)
	}
	if r.Institution != "" {
		fmt.Fprintf(w, "; rules watch institution %s", r.Institution)
	}
	fmt.Fprintln(w)
	if r.Invalid > 0 {
		fmt.Fprintf(w, "%d transactions were invalid for the graph engine, e.g. %s\n", r.Invalid, r.Problems[0])
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if len(r.ByTypology) > 0 {
		fmt.Fprintln(tw, "\ntypology\talerts")
		keys := slices.SortedFunc(maps.Keys(r.ByTypology), func(a, b string) int {
			return cmp.Or(cmp.Compare(r.ByTypology[b], r.ByTypology[a]), cmp.Compare(a, b))
		})
		for _, k := range keys {
			fmt.Fprintf(tw, "%s\t%d\n", k, r.ByTypology[k])
		}
	}
	if len(r.Rules) > 0 {
		fmt.Fprintln(tw, "\nrule\tevaluated\tfired\talerts\tnot evaluable")
		for _, s := range r.Rules {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\n", s.Rule, s.Evaluated, s.Fired, s.Alerts, s.NotEvaluable)
		}
	}
	return tw.Flush()
}
