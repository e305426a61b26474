package cases

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/centinela-aml/centinela/internal/audit"
	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/store"
)

// TriageResult says what Triage did.
type TriageResult struct {
	Opened  []string `json:"opened"`  // new cases
	Updated []string `json:"updated"` // existing cases that took new alerts
	Added   int      `json:"alerts_added"`
	Skipped int      `json:"alerts_skipped"` // already in a case
}

// subjectOf is where an alert's case is: the subject, the parties behind
// it and the accounts the alert is about.
type subjectOf struct {
	subject  model.Subject
	parties  []string
	accounts []string
	unknown  bool // no party identified
}

// Triage adds alerts to cases: each alert not yet in a case joins the open
// case of its subject, or opens one. Subjects are resolved to parties
// through account owners, so an account's alerts join its owner's case;
// network alerts join the network's case. When the subject's last case
// ended with a SAR, the new case follows up that SAR (continuing
// activity). Running Triage again on the same alerts changes nothing.
func (s *Service) Triage(ctx context.Context, actor Actor, alerts []model.Alert) (TriageResult, error) {
	var res TriageResult
	if err := actor.check(); err != nil {
		return res, err
	}
	ids := make([]string, len(alerts))
	for i, a := range alerts {
		if a.ID == "" {
			return res, fmt.Errorf("%w: alert %d has no ID", ErrInvalid, i+1)
		}
		ids[i] = a.ID
	}
	owned, err := s.st.CasesOfAlerts(ctx, ids)
	if err != nil {
		return res, err
	}
	fresh := make([]model.Alert, 0, len(alerts))
	seen := map[string]bool{}
	for _, a := range alerts {
		if _, ok := owned[a.ID]; ok || seen[a.ID] {
			res.Skipped++
			continue
		}
		seen[a.ID] = true
		fresh = append(fresh, a)
	}
	if len(fresh) == 0 {
		return res, nil
	}
	slices.SortFunc(fresh, func(a, b model.Alert) int {
		return cmp.Or(a.Created.Compare(b.Created), strings.Compare(a.ID, b.ID))
	})

	// Resolve subjects outside the transaction: they read parties and
	// accounts, which triage does not change.
	r := resolver{ctx: ctx, st: s.st, owners: map[string][]string{}, names: map[string]string{}}
	type group struct {
		key    subjectOf
		alerts []model.Alert
	}
	var groups []*group
	byKey := map[model.Subject]*group{}
	for _, a := range fresh {
		so, err := r.subject(a)
		if err != nil {
			return res, err
		}
		g := byKey[so.subject]
		if g == nil {
			g = &group{key: so}
			byKey[so.subject] = g
			groups = append(groups, g)
		} else {
			g.key.parties = union(g.key.parties, so.parties)
			g.key.accounts = union(g.key.accounts, so.accounts)
		}
		g.alerts = append(g.alerts, a)
	}

	err = s.st.CaseTx(ctx, func(tx store.CaseTx) error {
		now := s.now()
		for _, g := range groups {
			c, isNew, err := s.caseFor(ctx, tx, g.key, now)
			if err != nil {
				return err
			}
			added := make([]string, 0, len(g.alerts))
			for _, a := range g.alerts {
				c.Alerts = append(c.Alerts, a.ID)
				added = append(added, a.ID)
				if a.Score > c.Score {
					c.Score = a.Score
				}
				if a.Severity.Rank() > c.Severity.Rank() {
					c.Severity = a.Severity
				}
			}
			c.Parties = union(c.Parties, g.key.parties)
			c.Accounts = union(c.Accounts, g.key.accounts)
			c.Title = r.title(c)
			c.Updated = now
			if err := tx.SaveCase(ctx, c); err != nil {
				return err
			}
			action, after := "case.add_alerts", map[string]any{"alerts": added}
			if isNew {
				action = "case.open"
				after = map[string]any{"subject": c.Subject, "parties": c.Parties, "alerts": added, "prior_sar": c.PriorSAR}
				res.Opened = append(res.Opened, c.ID)
			} else {
				res.Updated = append(res.Updated, c.ID)
			}
			res.Added += len(added)
			if _, err := audit.Append(ctx, tx, now, actor.event(action, caseObject(c.ID), nil, after, "triage")); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return TriageResult{}, err
	}
	return res, nil
}

// caseFor returns the subject's open case, or a new one.
func (s *Service) caseFor(ctx context.Context, tx store.CaseTx, so subjectOf, now time.Time) (model.Case, bool, error) {
	subj := so.subject
	open, err := tx.Cases(ctx, store.CaseFilter{Subject: &subj,
		States: []model.CaseState{model.CaseOpen, model.CaseInReview, model.CaseEscalated}, Limit: 1})
	if err != nil {
		return model.Case{}, false, err
	}
	if len(open) > 0 {
		return open[0], false, nil
	}
	n, err := tx.NextCaseNumber(ctx)
	if err != nil {
		return model.Case{}, false, err
	}
	c := model.Case{ID: fmt.Sprintf("C-%06d", n), Subject: subj, State: model.CaseOpen, SubjectUnknown: so.unknown,
		Detected: now, Opened: now}
	closed, err := tx.Cases(ctx, store.CaseFilter{Subject: &subj, States: []model.CaseState{model.CaseClosed}})
	if err != nil {
		return model.Case{}, false, err
	}
	for _, p := range closed {
		if p.SAR != nil && (c.PriorSAR == nil || p.SAR.Filed.After(c.PriorSAR.Filed)) {
			c.PriorSAR = p.SAR
		}
	}
	return c, true, nil
}

// resolver finds the parties behind alert subjects, reading each account
// and party once.
type resolver struct {
	ctx    context.Context
	st     Store
	owners map[string][]string // account → owners
	names  map[string]string   // party → primary name
}

func (r *resolver) accountOwners(id string) ([]string, error) {
	if o, ok := r.owners[id]; ok {
		return o, nil
	}
	a, err := r.st.Account(r.ctx, id)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	r.owners[id] = a.Owners
	return a.Owners, nil
}

func (r *resolver) subject(a model.Alert) (subjectOf, error) {
	switch a.Subject.Kind {
	case model.SubjectParty:
		return subjectOf{subject: a.Subject, parties: []string{a.Subject.ID}, accounts: a.Accounts}, nil
	case model.SubjectAccount:
		owners, err := r.accountOwners(a.Subject.ID)
		if err != nil {
			return subjectOf{}, err
		}
		accounts := union([]string{a.Subject.ID}, a.Accounts)
		if len(owners) == 0 {
			return subjectOf{subject: a.Subject, accounts: accounts, unknown: true}, nil
		}
		return subjectOf{subject: model.Subject{Kind: model.SubjectParty, ID: owners[0]}, parties: owners, accounts: accounts}, nil
	case model.SubjectNetwork:
		so := subjectOf{subject: a.Subject, accounts: a.Accounts}
		for _, acct := range a.Accounts {
			owners, err := r.accountOwners(acct)
			if err != nil {
				return subjectOf{}, err
			}
			so.parties = union(so.parties, owners)
		}
		so.unknown = len(so.parties) == 0
		return so, nil
	}
	return subjectOf{}, fmt.Errorf("%w: alert %s: subject kind %q", ErrInvalid, a.ID, a.Subject.Kind)
}

// title names a case's subject parties, for lists.
func (r *resolver) title(c model.Case) string {
	var names []string
	for i, p := range c.Parties {
		if i == 3 {
			names = append(names, fmt.Sprintf("and %d more", len(c.Parties)-3))
			break
		}
		name, ok := r.names[p]
		if !ok {
			if party, err := r.st.Party(r.ctx, p); err == nil {
				name = party.PrimaryName()
			}
			r.names[p] = name
		}
		names = append(names, cmp.Or(name, p))
	}
	if len(names) == 0 {
		return "unidentified (" + string(c.Subject.Kind) + " " + c.Subject.ID + ")"
	}
	return strings.Join(names, ", ")
}

// union returns a with the elements of b it lacks appended, in order.
func union(a, b []string) []string {
	for _, x := range b {
		if !slices.Contains(a, x) {
			a = append(a, x)
		}
	}
	return a
}
