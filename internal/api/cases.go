package api

import (
	"context"
	"fmt"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/centinela-aml/centinela/internal/cases"
	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/store"
)

// CaseView is a case with its SAR deadlines as of the request.
type CaseView struct {
	model.Case
	Deadlines cases.Deadlines `json:"deadlines"`
}

// CaseDetail is a case with its deadlines and its alerts in full.
type CaseDetail struct {
	CaseView
	AlertDetails []model.Alert `json:"alert_details"`
}

// CaseList is the cases a filter selects, open ones first.
type CaseList struct {
	Cases []CaseView `json:"cases"`
}

// AssignRequest gives a case to a user.
type AssignRequest struct {
	Assignee string `json:"assignee" maxLength:"200" doc:"User to assign the case to; empty unassigns it."`
}

// NoteRequest adds a note.
type NoteRequest struct {
	Text string `json:"text" minLength:"1" maxLength:"20000"`
}

// AttachRequest records a document kept with the case, by reference.
type AttachRequest struct {
	Ref    string `json:"ref" minLength:"1" maxLength:"2000" doc:"Where the document is: a path or a document-management URI."`
	Name   string `json:"name,omitempty" maxLength:"500" doc:"What the document is (default: the reference)."`
	Note   string `json:"note,omitempty" maxLength:"5000"`
	SHA256 string `json:"sha256,omitempty" pattern:"^[0-9a-f]{64}$" doc:"The document's SHA-256, hex, when known."`
}

// RFIRequest records the outcome of a request for information.
type RFIRequest struct {
	Outcome model.RFIOutcome `json:"outcome" enum:"refused,evasive,loan_repayment,answered" doc:"What the customer answered; refused, evasive and loan_repayment are the adverse outcomes FIN-2025-A003 red flag MM-9 names."`
	Party   string           `json:"party,omitempty" maxLength:"200" doc:"The party asked (default: the case's only subject party)."`
	Note    string           `json:"note,omitempty" maxLength:"5000" doc:"What the customer said."`
}

// TransitionRequest moves a case (closing: see the close operation).
type TransitionRequest struct {
	To   model.CaseState `json:"to" enum:"open,in_review,escalated" doc:"The state to move to: in_review takes the case (assigning it to the caller when unassigned), escalated sends it to the BSA officer."`
	Note string          `json:"note,omitempty" maxLength:"20000" doc:"Why; added as a note."`
}

// CloseRequest closes a case with a decision.
type CloseRequest struct {
	Disposition model.Disposition `json:"disposition" enum:"no_action,sar_filed,sar_not_required,exited_customer" doc:"sar_filed needs permission cases.file_sar (supervisor) and an escalated case."`
	Reason      string            `json:"reason,omitempty" maxLength:"20000" doc:"Why; required for sar_not_required."`
	Filed       string            `json:"filed,omitempty" format:"date" doc:"With sar_filed: the filing date, YYYY-MM-DD (default: today)."`
	BSAID       string            `json:"bsa_id,omitempty" maxLength:"100" doc:"With sar_filed: the BSA ID from FinCEN's acknowledgement."`
}

type caseIDInput struct {
	ID string `path:"id" maxLength:"64" doc:"Case ID, e.g. C-000001."`
}

type casesInput struct {
	State    []string `query:"state" enum:"open,in_review,escalated,closed" doc:"Only cases in these states (comma-separated)."`
	Assignee string   `query:"assignee" doc:"Only cases assigned to this user."`
	Party    string   `query:"party" doc:"Only cases about this party."`
	Overdue  bool     `query:"overdue" doc:"Only cases whose SAR or continuing-activity review is overdue."`
	Limit    int      `query:"limit" minimum:"1" maximum:"10000" default:"50" doc:"At most this many cases."`
}

type casesOutput struct{ Body CaseList }
type caseDetailOutput struct{ Body CaseDetail }
type caseOutput struct{ Body CaseView }
type triageOutput struct{ Body cases.TriageResult }

type assignInput struct {
	ID   string `path:"id" maxLength:"64" doc:"Case ID, e.g. C-000001."`
	Body AssignRequest
}
type noteInput struct {
	ID   string `path:"id" maxLength:"64" doc:"Case ID, e.g. C-000001."`
	Body NoteRequest
}
type attachInput struct {
	ID   string `path:"id" maxLength:"64" doc:"Case ID, e.g. C-000001."`
	Body AttachRequest
}
type rfiInput struct {
	ID   string `path:"id" maxLength:"64" doc:"Case ID, e.g. C-000001."`
	Body RFIRequest
}
type transitionInput struct {
	ID   string `path:"id" maxLength:"64" doc:"Case ID, e.g. C-000001."`
	Body TransitionRequest
}
type closeInput struct {
	ID   string `path:"id" maxLength:"64" doc:"Case ID, e.g. C-000001."`
	Body CloseRequest
}

func (s *Server) registerCases() {
	tags := []string{"Cases"}
	changeErrors := []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}
	register(s, huma.Operation{
		OperationID: "list-cases", Method: http.MethodGet, Path: "/v1/cases", Tags: tags,
		Summary: "List cases", Description: "Lists cases with their SAR deadlines, open ones first, then the highest score. The read is recorded in the audit log.",
		Errors: []int{http.StatusUnprocessableEntity},
	}, PermCasesRead, s.listCases)
	register(s, huma.Operation{
		OperationID: "get-case", Method: http.MethodGet, Path: "/v1/cases/{id}", Tags: tags,
		Summary: "Get a case", Description: "Returns a case with its deadlines, notes, attachments, RFI outcomes, decision and alerts. The read is recorded in the audit log.",
		Errors: []int{http.StatusNotFound},
	}, PermCasesRead, s.getCase)
	register(s, huma.Operation{
		OperationID: "triage", Method: http.MethodPost, Path: "/v1/cases/triage", Tags: tags,
		Summary: "Triage alerts into cases", Description: "Adds every stored alert that is in no case to the open case of its subject, or opens one. Running it again adds only new alerts.",
		Errors: []int{http.StatusConflict},
	}, PermCasesTriage, s.triage)
	register(s, huma.Operation{
		OperationID: "assign-case", Method: http.MethodPost, Path: "/v1/cases/{id}/assign", Tags: tags,
		Summary: "Assign a case", Errors: changeErrors,
	}, PermCasesAssign, s.assign)
	register(s, huma.Operation{
		OperationID: "add-note", Method: http.MethodPost, Path: "/v1/cases/{id}/notes", Tags: tags,
		Summary: "Add a note", Description: "Adds a note to a case; closed cases take notes too.", Errors: changeErrors,
	}, PermCasesWork, s.addNote)
	register(s, huma.Operation{
		OperationID: "attach", Method: http.MethodPost, Path: "/v1/cases/{id}/attachments", Tags: tags,
		Summary: "Attach a document", Description: "Records a document kept with the case, by reference.", Errors: changeErrors,
	}, PermCasesWork, s.attach)
	register(s, huma.Operation{
		OperationID: "record-rfi", Method: http.MethodPost, Path: "/v1/cases/{id}/rfis", Tags: tags,
		Summary: "Record an RFI outcome", Description: "Records the outcome of a request for information sent to one of the case's subject parties.", Errors: changeErrors,
	}, PermCasesWork, s.recordRFI)
	register(s, huma.Operation{
		OperationID: "transition-case", Method: http.MethodPost, Path: "/v1/cases/{id}/transition", Tags: tags,
		Summary: "Move a case", Description: "Moves a case open → in_review → escalated (or back). A move the case's state does not allow is 409 with type " + ProblemInvalidTransition + ".",
		Errors: changeErrors,
	}, PermCasesWork, s.transition)
	register(s, huma.Operation{
		OperationID: "close-case", Method: http.MethodPost, Path: "/v1/cases/{id}/close", Tags: tags,
		Summary: "Close a case", Description: "Closes a case with a disposition. Closing as sar_filed also needs permission cases.file_sar, and an escalated case.",
		Errors: changeErrors,
	}, PermCasesClose, s.closeCase)
}

func (s *Server) listCases(ctx context.Context, in *casesInput) (*casesOutput, error) {
	f := store.CaseFilter{Assignee: in.Assignee, Party: in.Party}
	for _, st := range nonEmpty(in.State) {
		f.States = append(f.States, model.CaseState(st))
	}
	if !in.Overdue {
		f.Limit = in.Limit
	}
	list, err := s.cases.List(ctx, actorOf(ctx), f)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	views := make([]CaseView, 0, len(list))
	for _, k := range list {
		d := cases.DeadlinesOf(k, now)
		if in.Overdue && !d.Overdue && !d.ReviewOverdue {
			continue
		}
		views = append(views, CaseView{Case: k, Deadlines: d})
		if len(views) == in.Limit {
			break
		}
	}
	return &casesOutput{Body: CaseList{Cases: views}}, nil
}

func (s *Server) getCase(ctx context.Context, in *caseIDInput) (*caseDetailOutput, error) {
	k, err := s.cases.Get(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	alerts := []model.Alert{}
	if len(k.Alerts) > 0 {
		if alerts, err = s.cfg.Store.Alerts(ctx, store.AlertFilter{IDs: k.Alerts}); err != nil {
			return nil, err
		}
	}
	return &caseDetailOutput{Body: CaseDetail{CaseView: s.view(k), AlertDetails: alerts}}, nil
}

func (s *Server) triage(ctx context.Context, _ *struct{}) (*triageOutput, error) {
	alerts, err := s.cfg.Store.Alerts(ctx, store.AlertFilter{})
	if err != nil {
		return nil, err
	}
	res, err := s.cases.Triage(ctx, actorOf(ctx), alerts)
	if err != nil {
		return nil, err
	}
	if res.Opened == nil {
		res.Opened = []string{}
	}
	if res.Updated == nil {
		res.Updated = []string{}
	}
	return &triageOutput{Body: res}, nil
}

func (s *Server) assign(ctx context.Context, in *assignInput) (*caseOutput, error) {
	return s.change(s.cases.Assign(ctx, actorOf(ctx), in.ID, in.Body.Assignee))
}

func (s *Server) addNote(ctx context.Context, in *noteInput) (*caseOutput, error) {
	return s.change(s.cases.AddNote(ctx, actorOf(ctx), in.ID, in.Body.Text))
}

func (s *Server) attach(ctx context.Context, in *attachInput) (*caseOutput, error) {
	a := model.Attachment{Name: in.Body.Name, Ref: in.Body.Ref, Note: in.Body.Note, SHA256: in.Body.SHA256}
	return s.change(s.cases.Attach(ctx, actorOf(ctx), in.ID, a))
}

func (s *Server) recordRFI(ctx context.Context, in *rfiInput) (*caseOutput, error) {
	return s.change(s.cases.RecordRFI(ctx, actorOf(ctx), in.ID, in.Body.Party, in.Body.Outcome, in.Body.Note))
}

func (s *Server) transition(ctx context.Context, in *transitionInput) (*caseOutput, error) {
	return s.change(s.cases.Transition(ctx, actorOf(ctx), in.ID, in.Body.To, in.Body.Note))
}

func (s *Server) closeCase(ctx context.Context, in *closeInput) (*caseOutput, error) {
	b := in.Body
	if b.Disposition == model.DispositionSARFiled && !principalOf(ctx).Can(PermCasesFileSAR) {
		return nil, fmt.Errorf("%w: closing a case as sar_filed needs permission %s (roles %v)", ErrForbidden,
			PermCasesFileSAR, PermCasesFileSAR.Roles())
	}
	d := cases.Decision{Disposition: b.Disposition, Reason: b.Reason, BSAID: b.BSAID}
	if b.Filed != "" {
		day, err := model.ParseDate(b.Filed)
		if err != nil {
			return nil, fmt.Errorf("%w: filed %q: want YYYY-MM-DD", ErrInvalidRequest, b.Filed)
		}
		d.Filed = day.Time
	}
	return s.change(s.cases.Close(ctx, actorOf(ctx), in.ID, d))
}

// change answers a case change with the case as it now is.
func (s *Server) change(k model.Case, err error) (*caseOutput, error) {
	if err != nil {
		return nil, err
	}
	return &caseOutput{Body: s.view(k)}, nil
}

func (s *Server) view(k model.Case) CaseView {
	return CaseView{Case: k, Deadlines: cases.DeadlinesOf(k, s.clock())}
}
