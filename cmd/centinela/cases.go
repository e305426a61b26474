package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/centinela-aml/centinela/internal/cases"
	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/store"
)

// CasesCmd groups the commands that work cases. Its flags apply to every
// case command.
type CasesCmd struct {
	DB   string `help:"Database holding the alerts and cases." default:"centinela.db" type:"path"`
	User string `help:"Who is acting, as the audit log records it (default: $USER)." env:"USER"`
	JSON bool   `help:"Print JSON."`

	Open     CasesOpenCmd     `cmd:"" aliases:"triage" help:"Triage the database's alerts into cases: one case per subject; alerts already in a case are skipped."`
	List     CasesListCmd     `cmd:"" help:"List cases with their SAR deadlines, open ones first."`
	Show     CasesShowCmd     `cmd:"" help:"Show a case: subject, alerts, deadlines, notes, attachments, RFIs, decision."`
	Assign   CasesAssignCmd   `cmd:"" help:"Assign a case to a user (\"\" to unassign)."`
	Review   CasesReviewCmd   `cmd:"" help:"Take a case into review (assigns it to you when unassigned)."`
	Note     CasesNoteCmd     `cmd:"" help:"Add a note to a case."`
	Attach   CasesAttachCmd   `cmd:"" help:"Attach a document to a case by reference (a path or a document URI)."`
	RFI      CasesRFICmd      `cmd:"" name:"rfi" help:"Record the outcome of a request for information: refused, evasive, loan_repayment or answered."`
	Escalate CasesEscalateCmd `cmd:"" help:"Escalate a case in review to the BSA officer for the filing decision."`
	Close    CasesCloseCmd    `cmd:"" help:"Close a case with a disposition: no_action, sar_filed, sar_not_required (with --reason) or exited_customer."`
}

// Help explains the case commands.
func (CasesCmd) Help() string {
	return `Cases gather the alerts about one subject for one review. "cases open"
triages the database's alerts: an account's alerts join its owner's case, a
network's alerts the network's case; running it again adds only new alerts.

A case moves open → in_review → escalated → closed, and closes with a
disposition. The SAR is due 30 calendar days after detection (60 when no
subject is identified; 31 CFR 1020.320(b)(3)); a case that follows a filed
SAR is reviewed within 90 and filed within 120 days of it. "cases list"
flags overdue cases.

Every command, reads included, is recorded in the audit log with --user and
this host ("centinela audit show"). See docs/cases.md.

Examples:
  centinela cases open --db bank.db
  centinela cases list --db bank.db --state open,in_review
  centinela cases review C-000001 --db bank.db
  centinela cases rfi C-000001 loan_repayment --note "says a friend repaid a loan"
  centinela cases escalate C-000001 --note "three branches in two days"
  centinela sar C-000001 --db bank.db --out sar.xml
  centinela cases close C-000001 --disposition sar_filed --user bsa-officer`
}

// cliOrigin is where command-line actions come from, for the audit log.
func cliOrigin() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "unknown-host"
	}
	return "cli@" + host
}

// session opens the case commands' database and service.
func (c *CasesCmd) session(g *Globals) (*cases.Service, store.Store, cases.Actor, error) {
	actor, err := actorOf(c.User)
	if err != nil {
		return nil, nil, actor, err
	}
	st, err := openExistingStore(g.ctx, c.DB)
	if err != nil {
		return nil, nil, actor, err
	}
	return cases.New(st, time.Now), st, actor, nil
}

func actorOf(user string) (cases.Actor, error) {
	if strings.TrimSpace(user) == "" {
		return cases.Actor{}, usageError(errors.New("--user: say who is acting (the audit log records it); $USER is not set"))
	}
	return cases.Actor{User: strings.TrimSpace(user), Origin: cliOrigin()}, nil
}

// caseError makes the domain errors a user can fix usage errors.
func caseError(err error) error {
	if errors.Is(err, cases.ErrNotFound) || errors.Is(err, cases.ErrInvalid) || errors.Is(err, cases.ErrInvalidTransition) {
		return usageError(err)
	}
	return err
}

// caseView is a case as the commands print it in JSON: the case and its
// deadlines today.
type caseView struct {
	model.Case
	Deadlines cases.Deadlines `json:"deadlines"`
}

// printCase prints the case after a change.
func (c *CasesCmd) printCase(g *Globals, k model.Case, what string) error {
	if c.JSON {
		return json.NewEncoder(g.stdout).Encode(caseView{Case: k, Deadlines: cases.DeadlinesOf(k, time.Now())})
	}
	_, err := fmt.Fprintf(g.stdout, "%s: %s (%s, assignee %s)\n", k.ID, what, k.State, orNone(k.Assignee))
	return err
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// CasesOpenCmd triages alerts into cases.
type CasesOpenCmd struct{}

// Run triages every alert of the database.
func (CasesOpenCmd) Run(g *Globals, c *CasesCmd) error {
	svc, st, actor, err := c.session(g)
	if err != nil {
		return err
	}
	defer st.Close()
	alerts, err := st.Alerts(g.ctx, store.AlertFilter{})
	if err != nil {
		return err
	}
	res, err := svc.Triage(g.ctx, actor, alerts)
	if err != nil {
		return caseError(err)
	}
	if c.JSON {
		return json.NewEncoder(g.stdout).Encode(res)
	}
	_, err = fmt.Fprintf(g.stdout, "%d alerts: %d added to cases (%d cases opened, %d open cases updated), %d already in a case\n",
		len(alerts), res.Added, len(res.Opened), len(res.Updated), res.Skipped)
	return err
}

// CasesListCmd lists cases.
type CasesListCmd struct {
	State    []string `help:"Only cases in these states (open, in_review, escalated, closed; repeatable or comma-separated)." placeholder:"STATE"`
	Assignee string   `help:"Only cases assigned to this user."`
	Party    string   `help:"Only cases about this party."`
	Overdue  bool     `help:"Only cases whose SAR or continuing-activity review is overdue."`
	Limit    int      `help:"At most this many cases (0: all)." default:"50"`
}

// Run lists the cases.
func (l *CasesListCmd) Run(g *Globals, c *CasesCmd) error {
	if l.Limit < 0 {
		return usageError(errors.New("--limit must be ≥ 0"))
	}
	f := store.CaseFilter{Assignee: l.Assignee, Party: l.Party}
	for _, s := range splitList(l.State) {
		st := model.CaseState(s)
		if !st.Valid() {
			return usageError(fmt.Errorf("--state %q: want open, in_review, escalated or closed", s))
		}
		f.States = append(f.States, st)
	}
	if !l.Overdue {
		f.Limit = l.Limit
	}
	svc, st, actor, err := c.session(g)
	if err != nil {
		return err
	}
	defer st.Close()
	list, err := svc.List(g.ctx, actor, f)
	if err != nil {
		return caseError(err)
	}
	now := time.Now()
	views := make([]caseView, 0, len(list))
	for _, k := range list {
		d := cases.DeadlinesOf(k, now)
		if l.Overdue && !d.Overdue && !d.ReviewOverdue {
			continue
		}
		views = append(views, caseView{Case: k, Deadlines: d})
		if l.Overdue && l.Limit > 0 && len(views) == l.Limit {
			break
		}
	}
	if c.JSON {
		if views == nil {
			views = []caseView{}
		}
		e := json.NewEncoder(g.stdout)
		e.SetIndent("", "  ")
		return e.Encode(views)
	}
	if len(views) == 0 {
		_, err := fmt.Fprintln(g.stdout, "no cases")
		return err
	}
	tw := tabwriter.NewWriter(g.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "case\tstate\tseverity\tscore\talerts\tassignee\tSAR due\tsubject")
	for _, v := range views {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.2f\t%d\t%s\t%s\t%s\n", v.ID, stateText(v.Case), v.Severity, v.Score, len(v.Alerts),
			orNone(v.Assignee), dueText(v.Deadlines), shorten(v.Title, 60))
	}
	return tw.Flush()
}

func stateText(k model.Case) string {
	if k.State == model.CaseClosed && k.Disposition != "" {
		return "closed: " + string(k.Disposition)
	}
	return string(k.State)
}

// dueText renders a deadline for a table: "2025-07-02 (12 days)",
// "OVERDUE 2025-07-02", "-".
func dueText(d cases.Deadlines) string {
	switch {
	case d.FileBy.IsZero():
		return "-"
	case d.Overdue:
		return fmt.Sprintf("OVERDUE %s (%d days)", d.FileBy, -d.DaysLeft)
	case d.ReviewOverdue:
		return fmt.Sprintf("%s, REVIEW OVERDUE since %s", d.FileBy, d.ReviewBy)
	case d.DaysLeft == 1:
		return fmt.Sprintf("%s (1 day)", d.FileBy)
	}
	return fmt.Sprintf("%s (%d days)", d.FileBy, d.DaysLeft)
}

// CasesShowCmd shows one case.
type CasesShowCmd struct {
	ID string `arg:"" help:"Case ID (C-000001)."`
}

// Run shows the case.
func (s *CasesShowCmd) Run(g *Globals, c *CasesCmd) error {
	svc, st, actor, err := c.session(g)
	if err != nil {
		return err
	}
	defer st.Close()
	k, err := svc.Get(g.ctx, actor, s.ID)
	if err != nil {
		return caseError(err)
	}
	alerts, err := st.Alerts(g.ctx, store.AlertFilter{IDs: k.Alerts})
	if err != nil {
		return err
	}
	d := cases.DeadlinesOf(k, time.Now())
	if c.JSON {
		e := json.NewEncoder(g.stdout)
		e.SetIndent("", "  ")
		return e.Encode(struct {
			caseView
			AlertDetails []model.Alert `json:"alert_details"`
		}{caseView{Case: k, Deadlines: d}, alerts})
	}
	return printCaseDetail(g.stdout, k, d, alerts)
}

func printCaseDetail(w io.Writer, k model.Case, d cases.Deadlines, alerts []model.Alert) error {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	p("Case %s — %s\n", k.ID, k.Title)
	p("  subject     %s %s\n", k.Subject.Kind, k.Subject.ID)
	p("  state       %s\n", stateText(k))
	if k.Reason != "" {
		p("  reason      %s\n", k.Reason)
	}
	p("  assignee    %s\n", orNone(k.Assignee))
	p("  severity    %s (score %.2f)\n", k.Severity, k.Score)
	p("  detected    %s; opened %s; updated %s\n", k.Detected.Format(time.RFC3339), k.Opened.Format(time.RFC3339), k.Updated.Format(time.RFC3339))
	if len(k.Parties) > 0 {
		p("  parties     %s\n", strings.Join(k.Parties, ", "))
	}
	if len(k.Accounts) > 0 {
		p("  accounts    %s\n", evidenceList(k.Accounts, 10))
	}
	if !d.FileBy.IsZero() {
		p("  SAR due     %s — %s\n", dueText(d), d.Rule)
	}
	if k.PriorSAR != nil {
		p("  prior SAR   filed %s from %s %s\n", k.PriorSAR.Filed.Format(time.DateOnly), k.PriorSAR.Case, k.PriorSAR.BSAID)
	}
	if k.SAR != nil {
		p("  SAR filed   %s %s\n", k.SAR.Filed.Format(time.DateOnly), k.SAR.BSAID)
	}
	p("\nAlerts (%d)\n", len(alerts))
	for _, a := range alerts {
		p("  [%s %.2f] %s %s on %s %s\n    %s\n", a.Severity, a.Score, a.RuleID, a.Typology, a.Subject.Kind, a.Subject.ID, wrap(a.Reason, 100, "    "))
	}
	if len(k.RFIs) > 0 {
		p("\nRequests for information\n")
		for _, r := range k.RFIs {
			p("  %s %s asked %s: %s %s\n", r.Time.Format(time.DateOnly), r.Author, r.Party, r.Outcome, r.Note)
		}
	}
	if len(k.Notes) > 0 {
		p("\nNotes\n")
		for _, n := range k.Notes {
			p("  %s %s: %s\n", n.Time.Format("2006-01-02 15:04"), n.Author, wrap(n.Text, 100, "    "))
		}
	}
	if len(k.Attachments) > 0 {
		p("\nAttachments\n")
		for _, a := range k.Attachments {
			p("  %s %s (%s) sha256 %s\n", a.Time.Format(time.DateOnly), a.Name, a.Ref, orNone(a.SHA256))
		}
	}
	return nil
}

// CasesAssignCmd assigns a case.
type CasesAssignCmd struct {
	ID       string `arg:"" help:"Case ID."`
	Assignee string `arg:"" help:"User to assign the case to (\"\" to unassign)."`
}

// Run assigns the case.
func (a *CasesAssignCmd) Run(g *Globals, c *CasesCmd) error {
	return c.change(g, "assigned", func(svc *cases.Service, actor cases.Actor) (model.Case, error) {
		return svc.Assign(g.ctx, actor, a.ID, a.Assignee)
	})
}

// change runs one change through the service and prints the case.
func (c *CasesCmd) change(g *Globals, what string, fn func(*cases.Service, cases.Actor) (model.Case, error)) error {
	svc, st, actor, err := c.session(g)
	if err != nil {
		return err
	}
	defer st.Close()
	k, err := fn(svc, actor)
	if err != nil {
		return caseError(err)
	}
	return c.printCase(g, k, what)
}

// CasesReviewCmd takes a case into review.
type CasesReviewCmd struct {
	ID   string `arg:"" help:"Case ID."`
	Note string `help:"A note to add."`
}

// Run takes the case into review.
func (r *CasesReviewCmd) Run(g *Globals, c *CasesCmd) error {
	return c.change(g, "in review", func(svc *cases.Service, actor cases.Actor) (model.Case, error) {
		return svc.Transition(g.ctx, actor, r.ID, model.CaseInReview, r.Note)
	})
}

// CasesNoteCmd adds a note.
type CasesNoteCmd struct {
	ID   string   `arg:"" help:"Case ID."`
	Text []string `arg:"" help:"The note."`
}

// Run adds the note.
func (n *CasesNoteCmd) Run(g *Globals, c *CasesCmd) error {
	return c.change(g, "note added", func(svc *cases.Service, actor cases.Actor) (model.Case, error) {
		return svc.AddNote(g.ctx, actor, n.ID, strings.Join(n.Text, " "))
	})
}

// CasesAttachCmd attaches a document by reference.
type CasesAttachCmd struct {
	ID   string `arg:"" help:"Case ID."`
	Ref  string `arg:"" help:"Where the document is: a path or a document-management URI. A local file's SHA-256 is recorded."`
	Name string `help:"What the document is (default: the reference)."`
	Note string `help:"A note about the document."`
}

// Run attaches the document.
func (a *CasesAttachCmd) Run(g *Globals, c *CasesCmd) error {
	att := model.Attachment{Name: a.Name, Ref: a.Ref, Note: a.Note}
	if sum, err := fileSHA256(a.Ref); err == nil {
		att.SHA256 = sum
	}
	return c.change(g, "document attached", func(svc *cases.Service, actor cases.Actor) (model.Case, error) {
		return svc.Attach(g.ctx, actor, a.ID, att)
	})
}

// fileSHA256 returns the hex SHA-256 of a regular file's content.
func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return "", errors.New("not a regular file")
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// CasesRFICmd records a request for information's outcome.
type CasesRFICmd struct {
	ID      string `arg:"" help:"Case ID."`
	Outcome string `arg:"" help:"refused, evasive, loan_repayment or answered." enum:"refused,evasive,loan_repayment,answered"`
	Party   string `help:"The party asked (default: the case's only subject party)."`
	Note    string `help:"What the customer said."`
}

// Run records the outcome.
func (r *CasesRFICmd) Run(g *Globals, c *CasesCmd) error {
	return c.change(g, "RFI outcome "+r.Outcome+" recorded", func(svc *cases.Service, actor cases.Actor) (model.Case, error) {
		return svc.RecordRFI(g.ctx, actor, r.ID, r.Party, model.RFIOutcome(r.Outcome), r.Note)
	})
}

// CasesEscalateCmd escalates a case.
type CasesEscalateCmd struct {
	ID   string `arg:"" help:"Case ID."`
	Note string `help:"Why (added as a note)."`
}

// Run escalates the case.
func (e *CasesEscalateCmd) Run(g *Globals, c *CasesCmd) error {
	return c.change(g, "escalated", func(svc *cases.Service, actor cases.Actor) (model.Case, error) {
		return svc.Transition(g.ctx, actor, e.ID, model.CaseEscalated, e.Note)
	})
}

// CasesCloseCmd closes a case.
type CasesCloseCmd struct {
	ID          string `arg:"" help:"Case ID."`
	Disposition string `help:"no_action, sar_filed, sar_not_required or exited_customer." required:"" enum:"no_action,sar_filed,sar_not_required,exited_customer"`
	Reason      string `help:"Why (required for sar_not_required)."`
	Filed       string `help:"With sar_filed: the filing date, YYYY-MM-DD (default: today)." placeholder:"DATE"`
	BSAID       string `name:"bsa-id" help:"With sar_filed: the BSA ID from FinCEN's acknowledgement."`
}

// Run closes the case.
func (cl *CasesCloseCmd) Run(g *Globals, c *CasesCmd) error {
	d := cases.Decision{Disposition: model.Disposition(cl.Disposition), Reason: cl.Reason, BSAID: cl.BSAID}
	if cl.Filed != "" {
		day, err := model.ParseDate(cl.Filed)
		if err != nil {
			return usageError(fmt.Errorf("--filed %q: want YYYY-MM-DD", cl.Filed))
		}
		d.Filed = day.Time
	}
	return c.change(g, "closed: "+cl.Disposition, func(svc *cases.Service, actor cases.Actor) (model.Case, error) {
		return svc.Close(g.ctx, actor, cl.ID, d)
	})
}
