package monitor

import (
	"cmp"
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

// Compare matches alerts with labels. An alert touches a case when its
// subject, one of its accounts or one of its evidence transactions carries
// one of the case's labels. Labels without a case ID are each their own
// case (research data labels transactions one by one).
func Compare(alerts []model.Alert, labels []model.Label) Truth {
	caseTyp := map[string]model.Typology{}
	byEntity := map[entityKey][]string{}
	for _, l := range labels {
		c := l.CaseID
		if c == "" {
			c = string(l.EntityKind) + ":" + l.EntityID
		}
		if _, ok := caseTyp[c]; !ok {
			caseTyp[c] = l.Typology
		}
		k := entityKey{l.EntityKind, l.EntityID}
		if !slices.Contains(byEntity[k], c) {
			byEntity[k] = append(byEntity[k], c)
		}
	}

	found := map[string]bool{}
	var t Truth
	t.Alerts = len(alerts)
	for _, a := range alerts {
		hit := false
		touch := func(kind model.EntityKind, id string) {
			for _, c := range byEntity[entityKey{kind, id}] {
				found[c] = true
				hit = true
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
		if hit {
			t.OnCase++
		}
	}

	rows := map[model.Typology]*report.TruthRow{}
	for c, typ := range caseTyp {
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
