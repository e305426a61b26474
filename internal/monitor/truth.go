package monitor

import (
	"cmp"
	"iter"
	"maps"
	"slices"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/report"
)

// Truth compares alerts with ground-truth labels: how many labelled cases
// of each typology some alert touched, and how many alerts touched some
// case.
type Truth struct {
	// ByTypology has one row per labelled typology, in typology order.
	ByTypology []report.TruthRow `json:"by_typology"`
	// Cases and Detected total the rows.
	Cases    int `json:"cases"`
	Detected int `json:"detected"`
	// Alerts is the number of alerts compared; OnCase those that touch a
	// labelled case (a precision numerator).
	Alerts int `json:"alerts"`
	OnCase int `json:"on_case"`
}

// Precision returns OnCase/Alerts, or 0 without alerts.
func (t Truth) Precision() float64 {
	if t.Alerts == 0 {
		return 0
	}
	return float64(t.OnCase) / float64(t.Alerts)
}

// Recall returns Detected/Cases, or 0 without cases.
func (t Truth) Recall() float64 {
	if t.Cases == 0 {
		return 0
	}
	return float64(t.Detected) / float64(t.Cases)
}

type entityKey struct {
	kind model.EntityKind
	id   string
}

// LabelIndex indexes ground-truth labels: which cases each labelled party,
// account and transaction belongs to, and each case's typology. Labels
// without a case ID are each their own case (research data labels
// transactions one by one). Compare and the rule backtest both match
// alerts with labels through it.
type LabelIndex struct {
	typology map[string]model.Typology // case → typology
	byEntity map[entityKey][]string    // entity → cases
	byType   map[model.Typology]int    // cases per typology
}

// NewLabelIndex indexes labels.
func NewLabelIndex(labels []model.Label) *LabelIndex {
	x := &LabelIndex{typology: map[string]model.Typology{}, byEntity: map[entityKey][]string{}, byType: map[model.Typology]int{}}
	for _, l := range labels {
		c := l.CaseID
		if c == "" {
			c = string(l.EntityKind) + ":" + l.EntityID
		}
		if _, ok := x.typology[c]; !ok {
			x.typology[c] = l.Typology
			x.byType[l.Typology]++
		}
		k := entityKey{l.EntityKind, l.EntityID}
		if !slices.Contains(x.byEntity[k], c) {
			x.byEntity[k] = append(x.byEntity[k], c)
		}
	}
	return x
}

// Empty reports whether there are no labels.
func (x *LabelIndex) Empty() bool { return len(x.typology) == 0 }

// Typology returns the typology of a case.
func (x *LabelIndex) Typology(caseID string) model.Typology { return x.typology[caseID] }

// All yields every case with its typology.
func (x *LabelIndex) All() iter.Seq2[string, model.Typology] { return maps.All(x.typology) }

// CasesPerTypology returns the number of cases of each typology.
func (x *LabelIndex) CasesPerTypology() map[model.Typology]int { return x.byType }

// Cases appends to dst, without duplicates, the cases alert a touches: its
// subject, one of its accounts or one of its evidence transactions carries
// one of the case's labels.
func (x *LabelIndex) Cases(dst []string, a *model.Alert) []string {
	touch := func(kind model.EntityKind, id string) {
		for _, c := range x.byEntity[entityKey{kind, id}] {
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

// PartyLabelled reports whether a party, or one of the given accounts it
// owns, belongs to a case.
func (x *LabelIndex) PartyLabelled(party string, accounts []string) bool {
	if len(x.byEntity[entityKey{model.EntityParty, party}]) > 0 {
		return true
	}
	for _, a := range accounts {
		if len(x.byEntity[entityKey{model.EntityAccount, a}]) > 0 {
			return true
		}
	}
	return false
}

// Compare matches alerts with labels (see LabelIndex.Cases).
func Compare(alerts []model.Alert, labels []model.Label) Truth {
	x := NewLabelIndex(labels)
	found := map[string]bool{}
	var t Truth
	t.Alerts = len(alerts)
	var scratch []string
	for i := range alerts {
		scratch = x.Cases(scratch[:0], &alerts[i])
		for _, c := range scratch {
			found[c] = true
		}
		if len(scratch) > 0 {
			t.OnCase++
		}
	}
	rows := map[model.Typology]*report.TruthRow{}
	for c, typ := range x.typology {
		r := rows[typ]
		if r == nil {
			r = &report.TruthRow{Typology: typ}
			rows[typ] = r
		}
		r.Cases++
		if found[c] {
			r.Detected++
		}
	}
	for _, r := range rows {
		t.ByTypology = append(t.ByTypology, *r)
		t.Cases += r.Cases
		t.Detected += r.Detected
	}
	slices.SortFunc(t.ByTypology, func(a, b report.TruthRow) int { return cmp.Compare(a.Typology, b.Typology) })
	return t
}
