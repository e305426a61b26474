package backtest

import (
	"slices"

	"github.com/centinela-aml/centinela/internal/model"
)

// truth indexes ground-truth labels: which cases each labelled party,
// account and transaction belongs to, and each case's typology. An alert
// touches a case when its subject, one of its accounts or one of its
// evidence transactions carries one of the case's labels — the matching of
// monitor.Compare, which a test keeps in step with this one.
type truth struct {
	typology map[string]model.Typology // case → typology
	byEntity map[entityKey][]string    // entity → cases
	byType   map[model.Typology]int    // cases per typology
}

type entityKey struct {
	kind model.EntityKind
	id   string
}

func newTruth(labels []model.Label) *truth {
	t := &truth{typology: map[string]model.Typology{}, byEntity: map[entityKey][]string{}, byType: map[model.Typology]int{}}
	for _, l := range labels {
		c := l.CaseID
		if c == "" {
			c = string(l.EntityKind) + ":" + l.EntityID // research data labels rows one by one
		}
		if _, ok := t.typology[c]; !ok {
			t.typology[c] = l.Typology
			t.byType[l.Typology]++
		}
		k := entityKey{l.EntityKind, l.EntityID}
		if !slices.Contains(t.byEntity[k], c) {
			t.byEntity[k] = append(t.byEntity[k], c)
		}
	}
	return t
}

// empty reports whether there are no labels.
func (t *truth) empty() bool { return len(t.typology) == 0 }

// cases returns the cases alert a touches, appended to dst without
// duplicates.
func (t *truth) cases(dst []string, a *model.Alert) []string {
	touch := func(kind model.EntityKind, id string) {
		for _, c := range t.byEntity[entityKey{kind, id}] {
			if !slices.Contains(dst, c) {
				dst = append(dst, c)
			}
		}
	}
	switch a.Subject.Kind {
	case model.SubjectAccount:
		touch(model.EntityAccount, a.Subject.ID)
	case model.SubjectParty:
		touch(model.EntityParty, a.Subject.ID)
	}
	for _, acc := range a.Accounts {
		touch(model.EntityAccount, acc)
	}
	for _, tx := range a.Evidence {
		touch(model.EntityTransaction, tx)
	}
	return dst
}

// partyLabelled reports whether a party, or one of the given accounts it
// owns, belongs to a case.
func (t *truth) partyLabelled(party string, accounts []string) bool {
	if len(t.byEntity[entityKey{model.EntityParty, party}]) > 0 {
		return true
	}
	for _, a := range accounts {
		if len(t.byEntity[entityKey{model.EntityAccount, a}]) > 0 {
			return true
		}
	}
	return false
}
