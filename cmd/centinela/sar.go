package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/centinela-aml/centinela/internal/cases"
	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/report"
	"github.com/centinela-aml/centinela/internal/store"
)

// SARCmd writes a case as a FinCEN SAR (and optionally goAML) XML file.
type SARCmd struct {
	Case          string `arg:"" optional:"" help:"Case ID (C-000001)."`
	DB            string `help:"Database holding the case." default:"centinela.db" type:"path"`
	Out           string `help:"SAR file to write (FinCEN SARX batch XML)." type:"path"`
	GoAML         string `name:"goaml" help:"Also write the case as a goAML report to this file." type:"path"`
	Filer         string `help:"Filer configuration (YAML: transmitter, institution, contact office, branches, goAML entity); default: the demo bank's." type:"existingfile"`
	Date          string `help:"Filing date, YYYY-MM-DD (default: today)." placeholder:"DATE"`
	User          string `help:"Who is acting, as the audit log records it (default: $USER)." env:"USER"`
	FilerTemplate bool   `help:"Print the demo filer configuration, to start your own from, and exit."`
	JSON          bool   `help:"Print what was written as JSON."`
}

// Help explains the command.
func (SARCmd) Help() string {
	return `Writes one case as a FinCEN Suspicious Activity Report batch (EFilingBatchXML,
form type SARX): transmitter, transmitter contact, filing institution, contact
office, the institution where the activity occurred with its branches, each
subject with names, address, identifiers and accounts, the activity's dates
and dollar total, the classification codes of the alerts' rules, the key term
of any FinCEN advisory whose red flags raised an alert (FIN-2025-A003:
CMLN-2025-A003 in the note to FinCEN and the narrative), and a narrative
drafted from the evidence. Counts, totals and sequence numbers are computed.

The file is checked before it is written (report.CheckSAR: the rules the
schema cannot express); validate it against FinCEN's schema with
  xmllint --noout --schema EFL_SARXBatchSchema.xsd FILE.xml

The export is recorded in the audit log with the file's SHA-256. Writing a SAR
does not file it: close the case with --disposition sar_filed once filed.

Examples:
  centinela sar C-000001 --db bank.db --out sar.xml
  centinela sar C-000001 --db bank.db --out sar.xml --goaml goaml.xml --filer filer.yaml
  centinela sar --filer-template > filer.yaml`
}

// sarResult is what "sar --json" prints.
type sarResult struct {
	Case    string            `json:"case"`
	SAR     string            `json:"sar"`
	SHA256  string            `json:"sha256"`
	GoAML   string            `json:"goaml,omitempty"`
	Summary report.SARSummary `json:"summary"`
}

// Run writes the files.
func (c *SARCmd) Run(g *Globals) error {
	if c.FilerTemplate {
		text, err := report.DemoFiler().Text()
		if err != nil {
			return err
		}
		_, err = g.stdout.Write(text)
		return err
	}
	if c.Case == "" || c.Out == "" {
		return usageError(errors.New("give a case ID and --out FILE.xml"))
	}
	filer, err := loadFiler(c.Filer)
	if err != nil {
		return err
	}
	date := time.Now().UTC()
	if c.Date != "" {
		d, err := model.ParseDate(c.Date)
		if err != nil {
			return usageError(fmt.Errorf("--date %q: want YYYY-MM-DD", c.Date))
		}
		date = d.Time
	}
	actor, err := actorOf(c.User)
	if err != nil {
		return err
	}
	st, err := openExistingStore(g.ctx, c.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := writeCaseReports(g.ctx, cases.New(st, time.Now), actor, c.Case, filer, date, c.Out, c.GoAML)
	if err != nil {
		return err
	}
	if c.JSON {
		e := json.NewEncoder(g.stdout)
		e.SetIndent("", "  ")
		return e.Encode(res)
	}
	a := res.Summary.Activities[0]
	fmt.Fprintf(g.stdout, "wrote %s: SAR for case %s, %d subject(s), $%d from %s to %s, codes %s",
		res.SAR, res.Case, a.Subjects, a.Total, a.From, cmpOr(a.To, a.From), codeList(a.Codes))
	if a.Note != "" {
		fmt.Fprintf(g.stdout, ", note to FinCEN %q", a.Note)
	}
	fmt.Fprintf(g.stdout, "\n  narrative: %d characters; sha256 %s\n", len([]rune(a.Narrative)), res.SHA256)
	if res.GoAML != "" {
		fmt.Fprintf(g.stdout, "wrote %s: goAML report (schema %s)\n", res.GoAML, report.GoAMLSchemaVersion)
	}
	return nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func codeList(codes []model.SARCode) string {
	parts := make([]string, len(codes))
	for i, c := range codes {
		parts[i] = fmt.Sprintf("%d/%d", c.Type, c.Subtype)
	}
	return strings.Join(parts, " ")
}

// loadFiler reads a filer configuration, or returns the demo bank's.
func loadFiler(path string) (report.Filer, error) {
	if path == "" {
		return report.DemoFiler(), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return report.Filer{}, usageError(err)
	}
	defer f.Close()
	filer, err := report.LoadFiler(f)
	if err != nil {
		return report.Filer{}, usageError(fmt.Errorf("%s: %w", path, err))
	}
	return filer, nil
}

// writeCaseReports writes a case's SAR (and goAML report when goamlPath is
// set) and records each export in the audit log.
func writeCaseReports(ctx context.Context, svc *cases.Service, actor cases.Actor, caseID string, filer report.Filer, date time.Time,
	sarPath, goamlPath string) (*sarResult, error) {
	sc, err := svc.SARCase(ctx, actor, caseID)
	if err != nil {
		return nil, caseError(err)
	}
	var buf bytes.Buffer
	sum, err := report.WriteSAR(&buf, report.Filing{Filer: filer, Date: date, Cases: []report.SARCase{sc}})
	if err != nil {
		return nil, err
	}
	res := &sarResult{Case: caseID, SAR: sarPath, Summary: sum}
	if res.SHA256, err = writeExport(ctx, svc, actor, caseID, "fincen-sarx", sarPath, buf.Bytes()); err != nil {
		return nil, err
	}
	if goamlPath != "" {
		buf.Reset()
		if err := report.WriteGoAML(&buf, filer, date, sc); err != nil {
			return nil, err
		}
		if _, err := writeExport(ctx, svc, actor, caseID, "goaml-"+report.GoAMLSchemaVersion, goamlPath, buf.Bytes()); err != nil {
			return nil, err
		}
		res.GoAML = goamlPath
	}
	return res, nil
}

// writeExport writes data to path atomically and records the export.
func writeExport(ctx context.Context, svc *cases.Service, actor cases.Actor, caseID, format, path string, data []byte) (string, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".export-*")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	hexSum := hex.EncodeToString(sum[:])
	err = svc.RecordExport(ctx, actor, cases.Export{Case: caseID, Format: format, File: path, SHA256: hexSum, Bytes: int64(len(data))})
	return hexSum, err
}

// demoCaseResult is what the demo's case step did.
type demoCaseResult struct {
	Cases   int               `json:"cases"`
	Alerts  int               `json:"alerts_in_cases"`
	Overdue int               `json:"overdue"`
	Case    string            `json:"worked_case"`
	Title   string            `json:"subject"`
	SAR     string            `json:"sar"`
	GoAML   string            `json:"goaml"`
	Summary report.SARSummary `json:"sar_summary"`
}

// demoUser and demoSupervisor act in the demo's case step.
var (
	demoUser       = cases.Actor{User: "demo-analyst", Origin: "centinela demo"}
	demoSupervisor = cases.Actor{User: "demo-bsa-officer", Origin: "centinela demo"}
)

// workDemoCase triages a store's alerts into cases and works one case to a
// SAR, as an analyst and a BSA officer would: the most severe case whose
// alerts carry SAR codes (one an advisory rule raised, when there is one)
// is taken into review, its customer's answer to a request for information
// recorded, escalated, written as a SAR and a goAML report into dir
// (sar-CASE.xml, goaml-CASE.xml), and closed as filed. Every step is in the
// audit log.
func workDemoCase(ctx context.Context, st store.Store, dir string, now time.Time) (*demoCaseResult, error) {
	svc := cases.New(st, func() time.Time { return now })
	alerts, err := st.Alerts(ctx, store.AlertFilter{})
	if err != nil {
		return nil, err
	}
	if _, err := svc.Triage(ctx, demoUser, alerts); err != nil {
		return nil, err
	}
	all, err := svc.List(ctx, demoUser, store.CaseFilter{})
	if err != nil {
		return nil, err
	}
	res := &demoCaseResult{Cases: len(all)}
	byID := make(map[string]model.Alert, len(alerts))
	for _, a := range alerts {
		byID[a.ID] = a
	}
	// The demo works the strongest case: of the cases with a SAR-coded
	// alert (preferring those an advisory rule contributed to), the one
	// whose best alert is most severe, then highest scored.
	var pick, fallback *model.Case
	var pickRank, fallbackRank [2]float64
	better := func(r, than [2]float64, have *model.Case) bool {
		return have == nil || r[0] > than[0] || (r[0] == than[0] && r[1] > than[1])
	}
	for i := range all {
		k := &all[i]
		res.Alerts += len(k.Alerts)
		if d := cases.DeadlinesOf(*k, now); d.Overdue || d.ReviewOverdue {
			res.Overdue++
		}
		if k.State == model.CaseClosed || len(k.Parties) == 0 {
			continue
		}
		coded, advisory := false, false
		var rank [2]float64
		for _, id := range k.Alerts {
			a := byID[id]
			coded = coded || len(a.SAR) > 0
			advisory = advisory || len(a.Advisories) > 0
			rank[0] = max(rank[0], float64(a.Severity.Rank()))
			rank[1] = max(rank[1], a.Score)
		}
		if coded && advisory && better(rank, pickRank, pick) {
			pick, pickRank = k, rank
		}
		if coded && better(rank, fallbackRank, fallback) {
			fallback, fallbackRank = k, rank
		}
	}
	if pick == nil {
		pick = fallback
	}
	if pick == nil {
		return nil, errors.New("demo: no case has an alert with a SAR code to work to a SAR")
	}
	id := pick.ID
	res.Case, res.Title = id, pick.Title
	steps := []func() (model.Case, error){
		func() (model.Case, error) {
			return svc.Transition(ctx, demoUser, id, model.CaseInReview, "Reviewing the alerts and the customer's KYC file.")
		},
		func() (model.Case, error) {
			return svc.RecordRFI(ctx, demoUser, id, pick.Parties[0], model.RFIEvasive, "Asked about the source of the deposits; no documents provided.")
		},
		func() (model.Case, error) {
			return svc.Transition(ctx, demoUser, id, model.CaseEscalated, "Activity unexplained after outreach; recommend filing a SAR.")
		},
	}
	for _, step := range steps {
		if _, err := step(); err != nil {
			return nil, fmt.Errorf("demo: case %s: %w", id, err)
		}
	}
	res.SAR = filepath.Join(dir, "sar-"+id+".xml")
	res.GoAML = filepath.Join(dir, "goaml-"+id+".xml")
	out, err := writeCaseReports(ctx, svc, demoSupervisor, id, report.DemoFiler(), now, res.SAR, res.GoAML)
	if err != nil {
		return nil, fmt.Errorf("demo: case %s: %w", id, err)
	}
	res.Summary = out.Summary
	if _, err := svc.Close(ctx, demoSupervisor, id, cases.Decision{Disposition: model.DispositionSARFiled, Filed: now}); err != nil {
		return nil, fmt.Errorf("demo: case %s: %w", id, err)
	}
	return res, nil
}
