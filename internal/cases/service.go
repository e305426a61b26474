package cases

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/centinela-aml/centinela/internal/audit"
	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/store"
)

// Store is what the service needs from a database; a store.Store is one.
type Store interface {
	store.CaseStore
	Alerts(ctx context.Context, f store.AlertFilter) ([]model.Alert, error)
	Party(ctx context.Context, id string) (model.Party, error)
	Account(ctx context.Context, id string) (model.Account, error)
	Transactions(ctx context.Context, f store.TxFilter) iter.Seq2[model.Transaction, error]
}

// Actor is who acts and from where, as the audit log records them: a user
// name, and the origin ("cli@host", an API client's address).
type Actor struct {
	User   string
	Origin string
}

// Service works cases in a store. Its clock stamps every change and audit
// entry and is what deadlines are computed against.
type Service struct {
	st    Store
	clock func() time.Time
}

// New returns a service on st. A nil clock is time.Now.
func New(st Store, clock func() time.Time) *Service {
	if clock == nil {
		clock = time.Now
	}
	return &Service{st: st, clock: clock}
}

func (s *Service) now() time.Time { return s.clock().UTC() }

func (a Actor) check() error {
	if strings.TrimSpace(a.User) == "" {
		return fmt.Errorf("%w: no user: say who is acting", ErrInvalid)
	}
	return nil
}

func (a Actor) event(action string, obj audit.Object, before, after any, detail string) audit.Event {
	e := audit.Event{Actor: a.User, Origin: a.Origin, Action: action, Object: obj, Detail: detail}
	if before != nil {
		e.Before = audit.JSON(before)
	}
	if after != nil {
		e.After = audit.JSON(after)
	}
	return e
}

func caseObject(id string) audit.Object { return audit.Object{Kind: audit.KindCase, ID: id} }

// Get returns a case, and records that actor read it.
func (s *Service) Get(ctx context.Context, actor Actor, id string) (model.Case, error) {
	return s.readFor(ctx, actor, id, "")
}

// List returns the cases f selects, and records that actor read them.
func (s *Service) List(ctx context.Context, actor Actor, f store.CaseFilter) ([]model.Case, error) {
	if err := actor.check(); err != nil {
		return nil, err
	}
	var out []model.Case
	err := s.st.CaseTx(ctx, func(tx store.CaseTx) error {
		var err error
		if out, err = tx.Cases(ctx, f); err != nil {
			return err
		}
		ids := make([]string, len(out))
		for i, c := range out {
			ids[i] = c.ID
		}
		_, err = audit.Append(ctx, tx, s.now(), actor.event("case.list", audit.Object{Kind: audit.KindCase, ID: "*"},
			nil, map[string]any{"filter": f, "cases": ids}, fmt.Sprintf("%d cases", len(ids))))
		return err
	})
	return out, err
}

// update applies change to case id in one transaction with its audit
// entry; change returns the state before and after for the entry.
func (s *Service) update(ctx context.Context, actor Actor, id, action string, change func(c *model.Case, now time.Time) (before, after any, err error)) (model.Case, error) {
	if err := actor.check(); err != nil {
		return model.Case{}, err
	}
	var out model.Case
	err := s.st.CaseTx(ctx, func(tx store.CaseTx) error {
		c, err := tx.Case(ctx, id)
		if err != nil {
			return err
		}
		now := s.now()
		before, after, err := change(&c, now)
		if err != nil {
			return fmt.Errorf("case %s: %w", id, err)
		}
		c.Updated = now
		if err := tx.SaveCase(ctx, c); err != nil {
			return err
		}
		c.Version++
		out = c
		_, err = audit.Append(ctx, tx, now, actor.event(action, caseObject(id), before, after, ""))
		return err
	})
	return out, err
}

// transitions are the allowed moves between states. Closing needs a
// review; filing a SAR needs an escalation (see Close); a closed case is
// final — new alerts on its subject open a new case.
var transitions = map[model.CaseState][]model.CaseState{
	model.CaseOpen:      {model.CaseInReview},
	model.CaseInReview:  {model.CaseOpen, model.CaseEscalated, model.CaseClosed},
	model.CaseEscalated: {model.CaseInReview, model.CaseClosed},
}

// CanTransition reports whether a case may move from one state to another.
func CanTransition(from, to model.CaseState) bool {
	return slices.Contains(transitions[from], to)
}

func checkTransition(c *model.Case, to model.CaseState) error {
	if !CanTransition(c.State, to) {
		return fmt.Errorf("%w: %s → %s", ErrInvalidTransition, c.State, to)
	}
	return nil
}

func checkNotClosed(c *model.Case) error {
	if c.State == model.CaseClosed {
		return fmt.Errorf("%w: the case is closed", ErrInvalidTransition)
	}
	return nil
}

type stateChange struct {
	State    model.CaseState `json:"state"`
	Assignee string          `json:"assignee,omitempty"`
}

// Transition moves a case to another state (not closed: see Close), with
// an optional note saying why. Taking an unassigned case into review
// assigns it to the actor.
func (s *Service) Transition(ctx context.Context, actor Actor, id string, to model.CaseState, note string) (model.Case, error) {
	if to == model.CaseClosed {
		return model.Case{}, fmt.Errorf("%w: close a case with a disposition", ErrInvalid)
	}
	return s.update(ctx, actor, id, "case."+actionOf(to), func(c *model.Case, now time.Time) (any, any, error) {
		if err := checkTransition(c, to); err != nil {
			return nil, nil, err
		}
		before := stateChange{State: c.State, Assignee: c.Assignee}
		c.State = to
		if to == model.CaseInReview && c.Assignee == "" {
			c.Assignee = actor.User
		}
		if note = strings.TrimSpace(note); note != "" {
			c.Notes = append(c.Notes, model.CaseNote{Time: now, Author: actor.User, Text: note})
		}
		return before, stateChange{State: c.State, Assignee: c.Assignee}, nil
	})
}

func actionOf(s model.CaseState) string {
	switch s {
	case model.CaseInReview:
		return "review"
	case model.CaseEscalated:
		return "escalate"
	case model.CaseOpen:
		return "return"
	}
	return string(s)
}

// Decision is how a case is closed.
type Decision struct {
	Disposition model.Disposition
	// Reason says why; required for DispositionSARNotRequired.
	Reason string
	// Filed is when the SAR was filed (DispositionSARFiled); zero: now.
	Filed time.Time
	// BSAID is FinCEN's BSA identifier of the filed SAR, when known.
	BSAID string
}

type closeChange struct {
	State       model.CaseState   `json:"state"`
	Disposition model.Disposition `json:"disposition,omitempty"`
	Reason      string            `json:"reason,omitempty"`
	SAR         *model.SARFiling  `json:"sar,omitempty"`
}

// Close closes a case with a decision. A SAR can be recorded as filed only
// on an escalated case: the filing decision is the BSA officer's.
func (s *Service) Close(ctx context.Context, actor Actor, id string, d Decision) (model.Case, error) {
	if !d.Disposition.Valid() {
		return model.Case{}, fmt.Errorf("%w: disposition %q: want no_action, sar_filed, sar_not_required or exited_customer", ErrInvalid, d.Disposition)
	}
	if d.Disposition == model.DispositionSARNotRequired && strings.TrimSpace(d.Reason) == "" {
		return model.Case{}, fmt.Errorf("%w: a SAR-not-required decision needs its reason", ErrInvalid)
	}
	return s.update(ctx, actor, id, "case.close", func(c *model.Case, now time.Time) (any, any, error) {
		if err := checkTransition(c, model.CaseClosed); err != nil {
			return nil, nil, err
		}
		if d.Disposition == model.DispositionSARFiled && c.State != model.CaseEscalated {
			return nil, nil, fmt.Errorf("%w: a SAR is filed from an escalated case, this one is %s", ErrInvalidTransition, c.State)
		}
		before := closeChange{State: c.State}
		c.State, c.Disposition, c.Reason, c.Closed = model.CaseClosed, d.Disposition, strings.TrimSpace(d.Reason), now
		if d.Disposition == model.DispositionSARFiled {
			filed := d.Filed
			if filed.IsZero() {
				filed = now
			}
			c.SAR = &model.SARFiling{Filed: filed.UTC(), BSAID: d.BSAID, Case: c.ID}
		}
		return before, closeChange{State: c.State, Disposition: c.Disposition, Reason: c.Reason, SAR: c.SAR}, nil
	})
}

// Assign gives a case to a user ("" unassigns it).
func (s *Service) Assign(ctx context.Context, actor Actor, id, assignee string) (model.Case, error) {
	return s.update(ctx, actor, id, "case.assign", func(c *model.Case, _ time.Time) (any, any, error) {
		if err := checkNotClosed(c); err != nil {
			return nil, nil, err
		}
		before := map[string]string{"assignee": c.Assignee}
		c.Assignee = strings.TrimSpace(assignee)
		return before, map[string]string{"assignee": c.Assignee}, nil
	})
}

// AddNote adds a note to a case; closed cases take notes too.
func (s *Service) AddNote(ctx context.Context, actor Actor, id, text string) (model.Case, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return model.Case{}, fmt.Errorf("%w: an empty note", ErrInvalid)
	}
	return s.update(ctx, actor, id, "case.note", func(c *model.Case, now time.Time) (any, any, error) {
		n := model.CaseNote{Time: now, Author: actor.User, Text: text}
		c.Notes = append(c.Notes, n)
		return nil, n, nil
	})
}

// Attach records a document kept with the case, by reference.
func (s *Service) Attach(ctx context.Context, actor Actor, id string, a model.Attachment) (model.Case, error) {
	if strings.TrimSpace(a.Ref) == "" {
		return model.Case{}, fmt.Errorf("%w: an attachment needs a reference (a path or a document URI)", ErrInvalid)
	}
	return s.update(ctx, actor, id, "case.attach", func(c *model.Case, now time.Time) (any, any, error) {
		a.Time, a.Author = now, actor.User
		if a.Name == "" {
			a.Name = a.Ref
		}
		c.Attachments = append(c.Attachments, a)
		return nil, a, nil
	})
}

// RecordRFI records the outcome of a request for information to one of
// the case's subject parties (party "" names the only one).
func (s *Service) RecordRFI(ctx context.Context, actor Actor, id, party string, outcome model.RFIOutcome, note string) (model.Case, error) {
	if !outcome.Valid() {
		return model.Case{}, fmt.Errorf("%w: RFI outcome %q: want refused, evasive, loan_repayment or answered", ErrInvalid, outcome)
	}
	return s.update(ctx, actor, id, "case.rfi", func(c *model.Case, now time.Time) (any, any, error) {
		if err := checkNotClosed(c); err != nil {
			return nil, nil, err
		}
		p := party
		switch {
		case p == "" && len(c.Parties) == 1:
			p = c.Parties[0]
		case p == "":
			return nil, nil, fmt.Errorf("%w: the case has %d subject parties: name the one asked", ErrInvalid, len(c.Parties))
		case !slices.Contains(c.Parties, p):
			return nil, nil, fmt.Errorf("party %q is not a subject of the case: %w", p, ErrNotFound)
		}
		r := model.RFI{Case: c.ID, Party: p, Time: now, Author: actor.User, Outcome: outcome, Note: strings.TrimSpace(note)}
		c.RFIs = append(c.RFIs, r)
		return nil, r, nil
	})
}

// Export describes a file written from a case (a SAR or goAML report).
type Export struct {
	Case   string `json:"case"`
	Format string `json:"format"` // "fincen-sarx", "goaml"
	File   string `json:"file"`
	SHA256 string `json:"sha256"` // of the file's bytes, hex
	Bytes  int64  `json:"bytes"`
}

// RecordExport records that actor wrote a file from a case, with the
// file's hash, so that the filed document can be matched to the log.
func (s *Service) RecordExport(ctx context.Context, actor Actor, e Export) error {
	if err := actor.check(); err != nil {
		return err
	}
	return s.st.CaseTx(ctx, func(tx store.CaseTx) error {
		if _, err := tx.Case(ctx, e.Case); err != nil {
			return err
		}
		_, err := audit.Append(ctx, tx, s.now(), actor.event("case.export", audit.Object{Kind: audit.KindExport, ID: e.File}, nil, e,
			fmt.Sprintf("%s of case %s", e.Format, e.Case)))
		return err
	})
}

// RFIOutcomes returns, for each party with a recorded request for
// information, the latest outcome — what rules such as FIN-2025-A003 MM-9
// read (model.RFIOutcome.Adverse).
func RFIOutcomes(ctx context.Context, r store.CaseReader) (map[string]model.RFI, error) {
	all, err := r.RFIs(ctx, store.RFIFilter{})
	if err != nil {
		return nil, err
	}
	out := make(map[string]model.RFI, len(all))
	for _, x := range all { // oldest first: the last one wins
		out[x.Party] = x
	}
	return out, nil
}
