package cases

import (
	"context"
	"errors"
	"slices"

	"github.com/centinela-aml/centinela/internal/audit"
	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/report"
	"github.com/centinela-aml/centinela/internal/store"
)

// SARCase gathers what a SAR about the case is drafted from — the case,
// its subject parties with their accounts, its alerts and their evidence
// transactions — and records that actor read the case for it.
func (s *Service) SARCase(ctx context.Context, actor Actor, id string) (report.SARCase, error) {
	c, err := s.readFor(ctx, actor, id, "evidence for a SAR")
	if err != nil {
		return report.SARCase{}, err
	}
	sc := report.SARCase{Case: c}
	if len(c.Alerts) > 0 {
		if sc.Alerts, err = s.st.Alerts(ctx, store.AlertFilter{IDs: c.Alerts}); err != nil {
			return report.SARCase{}, err
		}
	}
	// The alerts in the order they joined the case.
	slices.SortStableFunc(sc.Alerts, func(a, b model.Alert) int {
		return slices.Index(c.Alerts, a.ID) - slices.Index(c.Alerts, b.ID)
	})

	accounts := slices.Clone(c.Accounts)
	var evidence []string
	for _, a := range sc.Alerts {
		if a.Subject.Kind == model.SubjectAccount {
			accounts = union(accounts, []string{a.Subject.ID})
		}
		accounts = union(accounts, a.Accounts)
		evidence = union(evidence, a.Evidence)
	}
	for _, p := range c.Parties {
		party, err := s.st.Party(ctx, p)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return report.SARCase{}, err
		}
		sc.Subjects = append(sc.Subjects, report.SARSubject{Party: party})
	}
	for _, id := range accounts {
		a, err := s.st.Account(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return report.SARCase{}, err
		}
		for i := range sc.Subjects {
			if slices.Contains(a.Owners, sc.Subjects[i].Party.ID) {
				sc.Subjects[i].Accounts = append(sc.Subjects[i].Accounts, a)
			}
		}
	}
	if len(evidence) > 0 {
		for t, err := range s.st.Transactions(ctx, store.TxFilter{IDs: evidence}) {
			if err != nil {
				return report.SARCase{}, err
			}
			sc.Transactions = append(sc.Transactions, t)
		}
	}
	return sc, nil
}

// readFor reads a case and records the read with its purpose.
func (s *Service) readFor(ctx context.Context, actor Actor, id, purpose string) (model.Case, error) {
	if err := actor.check(); err != nil {
		return model.Case{}, err
	}
	var c model.Case
	err := s.st.CaseTx(ctx, func(tx store.CaseTx) error {
		var err error
		if c, err = tx.Case(ctx, id); err != nil {
			return err
		}
		_, err = audit.Append(ctx, tx, s.now(), actor.event("case.read", caseObject(id), nil, nil, purpose))
		return err
	})
	return c, err
}
