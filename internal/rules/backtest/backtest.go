// Package backtest replays history through typology rule libraries and
// measures them: per rule and overall, the alerts raised, alerts per 10,000
// customers per month, and — where ground-truth labels exist (the
// generator's labels.csv, AMLSim's SAR flags) — precision and recall. It
// can run two libraries over the same replay and say which alerts appear
// and which disappear from one version to the next.
//
// A backtest has no side effects: it reads records handed to it, keeps
// everything in memory and writes nothing, so it can run against a copy of
// production history without touching the store or the live engines.
//
// Definitions (docs/rules.md, "Backtesting"):
//
//   - An alert touches a case when its subject, one of its accounts or one
//     of its evidence transactions carries one of the case's labels (as
//     monitor.Compare).
//   - Precision is the share of alerts that touch some case.
//   - A rule's recall is the share of the cases of the rule's own typology
//     that its alerts touch; overall recall is the share of the cases of the
//     typologies the library targets that some alert touches.
//   - Customers are the parties owning at least one of the institution's
//     accounts; ordinary customers are those that no label names (neither
//     the party nor its accounts). Ordinary alerts are alerts that touch no
//     case: the false-positive volume an investigator would review.
//   - Months are the span of the replayed transactions in average months
//     (365.25/12 days).
package backtest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"maps"
	"slices"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/monitor"
	"github.com/centinela-aml/centinela/internal/rules"
)

// Data is what a backtest knows besides the transactions: the customers'
// records and the labels.
type Data struct {
	Parties  []model.Party
	Accounts []model.Account
	Labels   []model.Label
	// Institution is the bank whose accounts the rules watch. Empty: the
	// institution holding most accounts.
	Institution string
	// EvaluateUnknown runs the rules on accounts without an account record
	// (research data without customer records); see rules.Directory.
	EvaluateUnknown bool
}

// Options tune a backtest. The zero value gives the defaults.
type Options struct {
	// Rules are the engines' options. When Rules.Peers is nil, the peer
	// statistics are computed from the replayed history itself (a first
	// pass), as a bank computes them from its own recent history, unless
	// NoPeers is set.
	Rules   rules.Options
	NoPeers bool
	Workers int // rule engine workers per library; default 2
	Batch   int // transactions handed to the engines at once; default 4,096
}

// Replay returns the history's transactions in time order; it may be
// called more than once (peer statistics take a first pass).
type Replay func() iter.Seq2[model.Transaction, error]

// Result is what one library did over the replay.
type Result struct {
	Rules      []RuleResult     `json:"-"` // in the library's order; JSON: a map by rule ID
	Typologies []TypologyResult `json:"-"` // JSON: overall.typologies, a map by typology
	Overall    Overall          `json:"overall"`
	// Alerts are the final versions of every alert, sorted by ID.
	Alerts []model.Alert `json:"-"`
	// Cases maps an alert ID to the cases it touches.
	Cases map[string][]string `json:"-"`
}

// RuleResult is one rule's part of a backtest.
type RuleResult struct {
	Rule     string         `json:"-"`
	Version  string         `json:"version"`
	Typology model.Typology `json:"typology"`
	Alerts   int            `json:"alerts"`
	// Precision is OnCase/Alerts; nil without labels or alerts.
	Precision *float64 `json:"precision"`
	// Recall is Detected/Cases over the cases of the rule's typology; nil
	// when no case has that typology.
	Recall *float64 `json:"recall"`
	// NotEvaluable counts the subjects (accounts) on which the rule could
	// not run for lack of a required field; NotEvaluableTx the
	// transactions.
	NotEvaluable   int64 `json:"not_evaluable"`
	NotEvaluableTx int64 `json:"not_evaluable_transactions"`
	// Missing counts the subjects lacking each required field.
	Missing   map[string]int64 `json:"missing,omitempty"`
	Evaluated int64            `json:"evaluated"`
	Errors    int64            `json:"errors,omitempty"`
	OnCase    int              `json:"on_case"`
	Ordinary  int              `json:"ordinary_alerts"` // alerts touching no case
	Cases     int              `json:"cases"`           // cases of the rule's typology
	Detected  int              `json:"detected"`        // of those, touched by the rule
	// PerTenK is alerts per 10,000 customers per month; OrdinaryPerTenK
	// ordinary alerts per 10,000 ordinary customers per month.
	PerTenK         *float64 `json:"alerts_per_10k_customers_month"`
	OrdinaryPerTenK *float64 `json:"ordinary_alerts_per_10k_customers_month"`
}

// TypologyResult compares the cases of one labelled typology with the
// alerts.
type TypologyResult struct {
	Typology model.Typology `json:"-"`
	Cases    int            `json:"cases"`
	// Detected counts the cases some alert touches; ByOwnRules those that
	// an alert of a rule of the same typology touches.
	Detected   int      `json:"detected"`
	ByOwnRules int      `json:"detected_by_own_rules"`
	Recall     *float64 `json:"recall"`
	Targeted   bool     `json:"targeted"` // some rule of the library has this typology
}

// Overall totals a backtest.
type Overall struct {
	Alerts    int      `json:"alerts"`
	OnCase    int      `json:"on_case"`
	Ordinary  int      `json:"ordinary_alerts"`
	Precision *float64 `json:"precision"`
	// Recall is over the cases of the typologies the library targets.
	Recall            *float64 `json:"recall"`
	Cases             int      `json:"cases"`
	Detected          int      `json:"detected"`
	Customers         int      `json:"customers"`
	OrdinaryCustomers int      `json:"ordinary_customers"`
	Months            float64  `json:"months"`
	Transactions      int64    `json:"transactions"`
	// OutOfOrder counts transactions earlier than one before them; the
	// engines treat them as arriving at the latest time seen.
	OutOfOrder      int64    `json:"out_of_order,omitempty"`
	PerTenK         *float64 `json:"alerts_per_10k_customers_month"`
	OrdinaryPerTenK *float64 `json:"ordinary_alerts_per_10k_customers_month"`
	// Assembled counts the alerts once merged per customer and period
	// (monitor.Assemble): what investigators review. AssembledOrdinary,
	// AssembledPrecision and the rates are as above, on those.
	Assembled                int       `json:"assembled_alerts"`
	AssembledOrdinary        int       `json:"assembled_ordinary_alerts"`
	AssembledPrecision       *float64  `json:"assembled_precision"`
	AssembledPerTenK         *float64  `json:"assembled_alerts_per_10k_customers_month"`
	AssembledOrdinaryPerTenK *float64  `json:"assembled_ordinary_alerts_per_10k_customers_month"`
	Institution              string    `json:"institution"`
	First                    time.Time `json:"first,omitzero"`
	Last                     time.Time `json:"last,omitzero"`
	Seconds                  float64   `json:"seconds"`
}

// Run replays the history, in time order, through every library at once
// and returns one result per library. It reads data and the history and
// writes nothing.
func Run(ctx context.Context, libs []*rules.Library, data *Data, history Replay, opts Options) ([]*Result, error) {
	if len(libs) == 0 {
		return nil, errors.New("backtest: no rule library")
	}
	start := time.Now()
	workers := cmp.Or(opts.Workers, 2)
	batchSize := cmp.Or(opts.Batch, 4096)
	inst := data.Institution
	if inst == "" {
		inst = mostCommonInstitution(data.Accounts)
	}
	dir := rules.NewDirectory(data.Parties, data.Accounts)
	dir.Institution = inst
	dir.EvaluateUnknown = data.EvaluateUnknown
	if opts.Rules.Peers == nil && !opts.NoPeers {
		pb := rules.NewPeerBuilder(dir)
		for tx, err := range history() {
			if err != nil {
				return nil, fmt.Errorf("backtest: peer statistics: read transactions: %w", err)
			}
			pb.Observe(&tx)
		}
		opts.Rules.Peers = pb.Build()
	}

	engines := make([]*rules.Parallel, len(libs))
	alerts := make([]map[string]model.Alert, len(libs))
	for i, lib := range libs {
		engines[i] = rules.NewParallel(lib, dir, opts.Rules, workers)
		defer engines[i].Close()
		alerts[i] = map[string]model.Alert{}
	}

	var ov Overall
	batch := make([]model.Transaction, 0, batchSize)
	flush := func() {
		for i, e := range engines {
			for _, a := range e.ObserveBatch(batch) {
				alerts[i][a.ID] = a
			}
		}
		batch = batch[:0]
	}
	var latest time.Time
	for tx, err := range history() {
		if err != nil {
			return nil, fmt.Errorf("backtest: read transactions: %w", err)
		}
		if ov.Transactions == 0 || tx.Time.Before(ov.First) {
			ov.First = tx.Time
		}
		if tx.Time.Before(latest) {
			ov.OutOfOrder++
		} else {
			latest = tx.Time
		}
		ov.Transactions++
		batch = append(batch, tx)
		if len(batch) == batchSize {
			flush()
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
	}
	if len(batch) > 0 {
		flush()
	}
	ov.Last = latest
	ov.Institution = inst
	if !ov.Last.IsZero() {
		ov.Months = ov.Last.Sub(ov.First).Hours() / 24 / (365.25 / 12)
	}

	tr := monitor.NewLabelIndex(data.Labels)
	ov.Customers, ov.OrdinaryCustomers = countCustomers(data, inst, tr)
	owner := ownerOf(data)
	out := make([]*Result, len(libs))
	for i, lib := range libs {
		res := measure(lib, engines[i].Stats(), slices.Collect(maps.Values(alerts[i])), tr, ov)
		assembled := monitor.Assemble(res.Alerts, monitor.AssembleOptions{Owner: owner})
		o := &res.Overall
		o.Assembled = len(assembled)
		var scratch []string
		for k := range assembled {
			if len(tr.Cases(scratch[:0], &assembled[k])) == 0 {
				o.AssembledOrdinary++
			}
		}
		if !tr.Empty() && o.Assembled > 0 {
			o.AssembledPrecision = ratio(o.Assembled-o.AssembledOrdinary, o.Assembled)
		}
		o.AssembledPerTenK = perTenK(o.Assembled, o.Customers, o.Months)
		o.AssembledOrdinaryPerTenK = perTenK(o.AssembledOrdinary, o.OrdinaryCustomers, o.Months)
		res.Overall.Seconds = time.Since(start).Seconds()
		out[i] = res
	}
	return out, nil
}

// measure computes a library's result from its alerts and statistics.
func measure(lib *rules.Library, stats []rules.RuleStats, alerts []model.Alert, tr *monitor.LabelIndex, base Overall) *Result {
	slices.SortFunc(alerts, func(a, b model.Alert) int { return cmp.Compare(a.ID, b.ID) })
	res := &Result{Alerts: alerts, Cases: map[string][]string{}, Overall: base}
	ov := &res.Overall
	labelled := !tr.Empty()

	byRule := map[string]*RuleResult{}
	targeted := map[model.Typology]bool{}
	for k, r := range lib.Rules() {
		s := stats[k]
		rr := RuleResult{Rule: r.ID, Version: r.Version, Typology: r.Typology, NotEvaluable: s.NotEvaluableSubjects,
			NotEvaluableTx: s.NotEvaluable, Missing: s.Missing, Evaluated: s.Evaluated, Errors: s.Errors,
			Cases: tr.CasesPerTypology()[r.Typology]}
		res.Rules = append(res.Rules, rr)
		targeted[r.Typology] = true
	}
	for i := range res.Rules {
		byRule[res.Rules[i].Rule] = &res.Rules[i]
	}

	found := map[string]bool{}              // case → touched by some alert
	foundBy := map[string]map[string]bool{} // rule → cases of its typology touched
	foundOwn := map[string]bool{}           // case → touched by a rule of its typology
	var scratch []string
	for i := range alerts {
		a := &alerts[i]
		scratch = tr.Cases(scratch[:0], a)
		if len(scratch) > 0 {
			res.Cases[a.ID] = slices.Clone(scratch)
		}
		rr := byRule[a.RuleID]
		ov.Alerts++
		if rr != nil {
			rr.Alerts++
		}
		if len(scratch) == 0 {
			ov.Ordinary++
			if rr != nil {
				rr.Ordinary++
			}
			continue
		}
		ov.OnCase++
		if rr != nil {
			rr.OnCase++
		}
		for _, c := range scratch {
			found[c] = true
			if tr.Typology(c) == a.Typology {
				foundOwn[c] = true
			}
			if rr != nil && tr.Typology(c) == rr.Typology {
				if foundBy[rr.Rule] == nil {
					foundBy[rr.Rule] = map[string]bool{}
				}
				foundBy[rr.Rule][c] = true
			}
		}
	}

	for i := range res.Rules {
		rr := &res.Rules[i]
		rr.Detected = len(foundBy[rr.Rule])
		if labelled && rr.Alerts > 0 {
			rr.Precision = ratio(rr.OnCase, rr.Alerts)
		}
		if rr.Cases > 0 {
			rr.Recall = ratio(rr.Detected, rr.Cases)
		}
		rr.PerTenK = perTenK(rr.Alerts, ov.Customers, ov.Months)
		rr.OrdinaryPerTenK = perTenK(rr.Ordinary, ov.OrdinaryCustomers, ov.Months)
	}

	for typ, n := range tr.CasesPerTypology() {
		t := TypologyResult{Typology: typ, Cases: n, Targeted: targeted[typ]}
		res.Typologies = append(res.Typologies, t)
	}
	slices.SortFunc(res.Typologies, func(a, b TypologyResult) int { return cmp.Compare(a.Typology, b.Typology) })
	idx := map[model.Typology]*TypologyResult{}
	for i := range res.Typologies {
		idx[res.Typologies[i].Typology] = &res.Typologies[i]
	}
	for c, typ := range tr.All() {
		t := idx[typ]
		if found[c] {
			t.Detected++
		}
		if foundOwn[c] {
			t.ByOwnRules++
		}
	}
	for i := range res.Typologies {
		t := &res.Typologies[i]
		t.Recall = ratio(t.Detected, t.Cases)
		if t.Targeted {
			ov.Cases += t.Cases
			ov.Detected += t.Detected
		}
	}
	if labelled && ov.Alerts > 0 {
		ov.Precision = ratio(ov.OnCase, ov.Alerts)
	}
	if ov.Cases > 0 {
		ov.Recall = ratio(ov.Detected, ov.Cases)
	}
	ov.PerTenK = perTenK(ov.Alerts, ov.Customers, ov.Months)
	ov.OrdinaryPerTenK = perTenK(ov.Ordinary, ov.OrdinaryCustomers, ov.Months)
	return res
}

func ratio(a, b int) *float64 {
	if b == 0 {
		return nil
	}
	v := float64(a) / float64(b)
	return &v
}

// perTenK is n per 10,000 customers per month, nil when either is zero.
func perTenK(n, customers int, months float64) *float64 {
	if customers == 0 || months <= 0 {
		return nil
	}
	v := float64(n) / (float64(customers) / 10000) / months
	return &v
}

// countCustomers counts the parties owning an account of the institution,
// and those of them that no label names.
func countCustomers(data *Data, inst string, tr *monitor.LabelIndex) (int, int) {
	owned := map[string][]string{}
	for i := range data.Accounts {
		a := &data.Accounts[i]
		if inst != "" && a.Institution != "" && a.Institution != inst {
			continue
		}
		for _, o := range a.Owners {
			owned[o] = append(owned[o], a.ID)
		}
	}
	customers, ordinary := 0, 0
	for i := range data.Parties {
		p := &data.Parties[i]
		accts, ok := owned[p.ID]
		if !ok {
			continue
		}
		customers++
		if !tr.PartyLabelled(p.ID, accts) {
			ordinary++
		}
	}
	return customers, ordinary
}

// ownerOf returns a function giving an account's first owner that is a
// known party, for assembling alerts per customer.
func ownerOf(data *Data) func(string) string {
	known := make(map[string]bool, len(data.Parties))
	for i := range data.Parties {
		known[data.Parties[i].ID] = true
	}
	owner := make(map[string]string, len(data.Accounts))
	for i := range data.Accounts {
		for _, o := range data.Accounts[i].Owners {
			if known[o] {
				owner[data.Accounts[i].ID] = o
				break
			}
		}
	}
	return func(account string) string { return owner[account] }
}

// mostCommonInstitution returns the institution holding most accounts
// (ties: the smallest ID), ignoring accounts that name none.
func mostCommonInstitution(accounts []model.Account) string {
	counts := map[string]int{}
	for i := range accounts {
		if inst := accounts[i].Institution; inst != "" {
			counts[inst]++
		}
	}
	best := ""
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		if best == "" || counts[k] > counts[best] {
			best = k
		}
	}
	return best
}
