package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/report"
	"github.com/centinela-aml/centinela/internal/store"
)

// AlertsCmd lists the alerts of a database.
type AlertsCmd struct {
	DB       string   `help:"Database to read." default:"centinela.db" type:"path"`
	Rule     []string `help:"Only alerts of these rule IDs (repeatable, or comma-separated)." placeholder:"ID"`
	Typology []string `help:"Only alerts of these typologies (repeatable, or comma-separated), e.g. STRUCTURING." placeholder:"TYPOLOGY"`
	Account  string   `help:"Only alerts about this account."`
	Party    string   `help:"Only alerts about this party."`
	MinScore float64  `help:"Only alerts scoring at least this (0–1)." default:"0"`
	Limit    int      `help:"At most this many alerts (0: all)." default:"50"`
	JSON     bool     `help:"Print the alerts as JSON lines, one alert per line, all fields."`
}

// Help explains the command.
func (AlertsCmd) Help() string {
	return `Lists stored alerts, most severe and highest scored first, with their reasons.

Examples:
  centinela alerts --db bank.db
  centinela alerts --db bank.db --typology STRUCTURING,SMURFING --limit 0
  centinela alerts --db bank.db --account A150205118 --json`
}

// Run lists the alerts.
func (c *AlertsCmd) Run(g *Globals) error {
	if c.Account != "" && c.Party != "" {
		return usageError(fmt.Errorf("--account and --party: give one subject"))
	}
	if c.Limit < 0 || c.MinScore < 0 || c.MinScore > 1 {
		return usageError(fmt.Errorf("--limit must be ≥ 0 and --min-score between 0 and 1"))
	}
	st, err := openExistingStore(g.ctx, c.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	f := store.AlertFilter{RuleIDs: splitList(c.Rule), MinScore: c.MinScore}
	switch {
	case c.Account != "":
		f.Subject = &model.Subject{Kind: model.SubjectAccount, ID: c.Account}
	case c.Party != "":
		f.Subject = &model.Subject{Kind: model.SubjectParty, ID: c.Party}
	}
	alerts, err := st.Alerts(g.ctx, f)
	if err != nil {
		return err
	}
	if typs := splitList(c.Typology); len(typs) > 0 {
		keep := alerts[:0]
		for _, a := range alerts {
			for _, t := range typs {
				if strings.EqualFold(string(a.Typology), t) {
					keep = append(keep, a)
					break
				}
			}
		}
		alerts = keep
	}
	report.SortAlerts(alerts)
	total := len(alerts)
	if c.Limit > 0 && len(alerts) > c.Limit {
		alerts = alerts[:c.Limit]
	}
	if c.JSON {
		enc := json.NewEncoder(g.stdout)
		for _, a := range alerts {
			if err := enc.Encode(a); err != nil {
				return err
			}
		}
		return nil
	}
	if total == 0 {
		_, err := fmt.Fprintln(g.stdout, "no alerts")
		return err
	}
	tw := tabwriter.NewWriter(g.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "severity\tscore\trule\ttypology\tsubject\treason")
	for _, a := range alerts {
		fmt.Fprintf(tw, "%s\t%.2f\t%s\t%s\t%s %s\t%s\n", a.Severity, a.Score, a.RuleID, a.Typology, a.Subject.Kind, a.Subject.ID, shorten(a.Reason, 120))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(alerts) < total {
		fmt.Fprintf(g.stdout, "(%d of %d alerts; --limit 0 for all)\n", len(alerts), total)
	}
	return nil
}

// splitList flattens repeatable, comma-separated flag values.
func splitList(vals []string) []string {
	var out []string
	for _, v := range vals {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// shorten cuts s to at most n runes, marking the cut with "…".
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
