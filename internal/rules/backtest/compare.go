package backtest

import (
	"cmp"
	"encoding/json"
	"slices"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
)

// MarshalJSON writes the result as
// {"rules":{"MM-1":{…},…},"overall":{…,"typologies":{"STRUCTURING":{…},…}}}.
func (r *Result) MarshalJSON() ([]byte, error) {
	rulesByID := make(map[string]RuleResult, len(r.Rules))
	for _, rr := range r.Rules {
		rulesByID[rr.Rule] = rr
	}
	typs := make(map[model.Typology]TypologyResult, len(r.Typologies))
	for _, t := range r.Typologies {
		typs[t.Typology] = t
	}
	return json.Marshal(struct {
		Rules   map[string]RuleResult `json:"rules"`
		Overall struct {
			Overall
			Typologies map[model.Typology]TypologyResult `json:"typologies"`
		} `json:"overall"`
	}{Rules: rulesByID, Overall: struct {
		Overall
		Typologies map[model.Typology]TypologyResult `json:"typologies"`
	}{r.Overall, typs}})
}

// AlertRef names an alert in a comparison.
type AlertRef struct {
	ID          string        `json:"id"`
	Rule        string        `json:"rule"`
	Version     string        `json:"version"`
	Subject     model.Subject `json:"subject"`
	WindowStart time.Time     `json:"window_start,omitzero"`
	WindowEnd   time.Time     `json:"window_end,omitzero"`
	Score       float64       `json:"score"`
	// Cases are the labelled cases the alert touches; empty for an
	// ordinary customer.
	Cases  []string `json:"cases,omitempty"`
	Reason string   `json:"reason"`
}

// Diff says which alerts a candidate library raises that a base library
// does not (Appeared), and the reverse (Disappeared). Two alerts are the
// same when they come from the same rule ID on the same subject with
// overlapping windows: a changed threshold that moves an alert's first
// transaction does not make it new.
type Diff struct {
	Appeared    []AlertRef `json:"appeared"`
	Disappeared []AlertRef `json:"disappeared"`
	// Kept counts the candidate's alerts that match one of the base's.
	Kept int `json:"kept"`
}

// Compare returns what changes from base to candidate.
func Compare(base, candidate *Result) Diff {
	d := Diff{Appeared: []AlertRef{}, Disappeared: []AlertRef{}}
	baseIdx, candIdx := bySubject(base.Alerts), bySubject(candidate.Alerts)
	for _, a := range candidate.Alerts {
		if matches(&a, baseIdx) {
			d.Kept++
		} else {
			d.Appeared = append(d.Appeared, ref(&a, candidate.Cases[a.ID]))
		}
	}
	for _, a := range base.Alerts {
		if !matches(&a, candIdx) {
			d.Disappeared = append(d.Disappeared, ref(&a, base.Cases[a.ID]))
		}
	}
	order := func(x, y AlertRef) int {
		return cmp.Or(cmp.Compare(x.Rule, y.Rule), cmp.Compare(x.Subject.ID, y.Subject.ID), x.WindowStart.Compare(y.WindowStart), cmp.Compare(x.ID, y.ID))
	}
	slices.SortFunc(d.Appeared, order)
	slices.SortFunc(d.Disappeared, order)
	return d
}

type ruleSubject struct {
	rule    string
	subject model.Subject
}

func bySubject(alerts []model.Alert) map[ruleSubject][]*model.Alert {
	m := map[ruleSubject][]*model.Alert{}
	for i := range alerts {
		k := ruleSubject{alerts[i].RuleID, alerts[i].Subject}
		m[k] = append(m[k], &alerts[i])
	}
	return m
}

func matches(a *model.Alert, idx map[ruleSubject][]*model.Alert) bool {
	for _, b := range idx[ruleSubject{a.RuleID, a.Subject}] {
		if !a.WindowStart.After(b.WindowEnd) && !b.WindowStart.After(a.WindowEnd) {
			return true
		}
	}
	return false
}

func ref(a *model.Alert, cases []string) AlertRef {
	return AlertRef{ID: a.ID, Rule: a.RuleID, Version: a.RuleVersion, Subject: a.Subject,
		WindowStart: a.WindowStart, WindowEnd: a.WindowEnd, Score: a.Score, Cases: cases, Reason: a.Reason}
}
