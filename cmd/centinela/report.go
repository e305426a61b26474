package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/monitor"
	"github.com/centinela-aml/centinela/internal/report"
	"github.com/centinela-aml/centinela/internal/store"
)

// ReportCmd writes the alert report of a database.
type ReportCmd struct {
	DB       string `help:"Database to read." default:"centinela.db" type:"path"`
	Out      string `help:"File to write; .html or .md chooses the format unless --format says." required:"" type:"path"`
	Format   string `help:"html or md (default: from the file name)." enum:",html,md" default:""`
	Limit    int    `help:"At most this many alerts, most severe first (0: all)." default:"200"`
	Evidence int    `help:"Evidence transactions listed per alert." default:"25"`
	NoTruth  bool   `help:"Leave out the comparison with labelled cases even when the database has labels."`
	Title    string `help:"Title of the report." default:"Centinela alert report"`
}

// Help explains the command.
func (ReportCmd) Help() string {
	return `Writes the stored alerts as a page a person can read: counts, alerts by
typology, and each alert with its rule, score, reason, facts, window and its
evidence transactions (time, accounts, amount, channel, counterparty, branch).
When the database holds labels (the ground truth of a generated bank), the
report also says how many labelled cases some alert found.

Examples:
  centinela report --db bank.db --out report.html
  centinela report --db bank.db --out report.md --limit 0`
}

// Run writes the report.
func (c *ReportCmd) Run(g *Globals) error {
	format := c.Format
	if format == "" {
		switch strings.ToLower(filepath.Ext(c.Out)) {
		case ".html", ".htm":
			format = "html"
		case ".md", ".markdown":
			format = "md"
		default:
			return usageError(fmt.Errorf("--out %s: cannot tell the format from the name; use --format html or md", c.Out))
		}
	}
	if c.Limit < 0 || c.Evidence < 0 {
		return usageError(fmt.Errorf("--limit and --evidence must be ≥ 0"))
	}
	st, err := openExistingStore(g.ctx, c.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	rep, err := buildAlertReport(g.ctx, st, reportOptions{title: c.Title, db: c.DB, limit: c.Limit, evidence: c.Evidence, truth: !c.NoTruth})
	if err != nil {
		return err
	}
	if err := writeReportFile(c.Out, format, rep); err != nil {
		return err
	}
	_, err = fmt.Fprintf(g.stdout, "wrote %s: %d alerts\n", c.Out, len(rep.Alerts))
	return err
}

// reportOptions shape an alert report.
type reportOptions struct {
	title    string
	db       string
	limit    int // alerts listed; 0: all
	evidence int // evidence transactions per alert
	truth    bool
}

// buildAlertReport reads what an alert report shows from a store.
func buildAlertReport(ctx context.Context, st store.Store, o reportOptions) (report.AlertReport, error) {
	rep := report.AlertReport{Title: o.title, Generated: time.Now().UTC(), Database: o.db}
	counts, err := st.Counts(ctx)
	if err != nil {
		return rep, err
	}
	alerts, err := st.Alerts(ctx, store.AlertFilter{})
	if err != nil {
		return rep, err
	}
	report.SortAlerts(alerts)
	rep.Counts = report.Counts{Parties: counts.Parties, Accounts: counts.Accounts, Transactions: counts.Transactions, Alerts: int64(len(alerts))}
	rep.Typology = report.CountByTypology(alerts)

	if o.truth && counts.Labels > 0 {
		var labels []model.Label
		for l, err := range st.Labels(ctx) {
			if err != nil {
				return rep, err
			}
			labels = append(labels, l)
		}
		rep.Truth = monitor.Compare(alerts, labels).ByTypology
	}

	listed := alerts
	if o.limit > 0 && len(listed) > o.limit {
		listed = listed[:o.limit]
	}
	names := subjectNamer{ctx: ctx, st: st, cache: map[model.Subject]string{}}
	for _, a := range listed {
		d := report.AlertDetail{Alert: a, SubjectName: names.name(a.Subject)}
		ids := a.Evidence
		if len(ids) > o.evidence {
			d.MoreEvidence = len(ids) - o.evidence
			ids = ids[:o.evidence]
		}
		if len(ids) > 0 {
			for tx, err := range st.Transactions(ctx, store.TxFilter{IDs: ids}) {
				if err != nil {
					return rep, err
				}
				d.Evidence = append(d.Evidence, tx)
			}
		}
		rep.Alerts = append(rep.Alerts, d)
	}
	return rep, nil
}

// subjectNamer finds the names behind alert subjects: a party's primary
// name, or the names of an account's owners.
type subjectNamer struct {
	ctx   context.Context
	st    store.Reader
	cache map[model.Subject]string
}

func (n subjectNamer) name(s model.Subject) string {
	if v, ok := n.cache[s]; ok {
		return v
	}
	var name string
	switch s.Kind {
	case model.SubjectParty:
		if p, err := n.st.Party(n.ctx, s.ID); err == nil {
			name = p.PrimaryName()
		}
	case model.SubjectAccount:
		if a, err := n.st.Account(n.ctx, s.ID); err == nil {
			var owners []string
			for _, id := range a.Owners {
				if p, err := n.st.Party(n.ctx, id); err == nil {
					owners = append(owners, p.PrimaryName())
				}
			}
			name = strings.Join(owners, ", ")
		}
	}
	n.cache[s] = name
	return name
}

// writeReportFile writes rep to path as "html" or "md", atomically: the
// file appears whole or not at all.
func writeReportFile(path, format string, rep report.AlertReport) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".report-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if format == "md" {
		err = report.WriteMarkdown(tmp, rep)
	} else {
		err = report.WriteHTML(tmp, rep)
	}
	if err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
