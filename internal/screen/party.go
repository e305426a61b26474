package screen

import (
	"fmt"
	"strings"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
)

// PartyQuery builds the query that screens a customer or counterparty:
// all its names (primary, aliases, former names, in any script), its
// birth date, nationalities and citizenships, and identity documents.
func PartyQuery(p *model.Party) Query {
	q := Query{}
	for _, n := range p.Names {
		if s := strings.TrimSpace(n.Full); s != "" {
			q.Names = append(q.Names, s)
		}
	}
	switch p.Kind {
	case model.Person:
		q.Type = TypePerson
	case model.Organization:
		q.Type = TypeOrganization
	}
	if !p.BirthDate.IsZero() {
		q.BirthDate = PartialDate{Year: p.BirthDate.Year(), Month: int(p.BirthDate.Month()), Day: p.BirthDate.Day()}
	}
	q.Nationalities = append(append(q.Nationalities, p.Nationalities...), p.Citizenships...)
	for _, d := range p.Documents {
		if d.Number == "" {
			continue
		}
		q.Identifiers = append(q.Identifiers, Identifier{Type: docType(d.Type), Value: d.Number, Country: d.Country})
	}
	return q
}

// CounterpartyQuery builds the query for an off-us counterparty known only
// by name and (optionally) country.
func CounterpartyQuery(name, country string) Query {
	q := Query{Names: []string{name}}
	if country != "" {
		q.Nationalities = []string{country}
	}
	return q
}

func docType(t model.DocumentType) IDType {
	switch t {
	case model.DocPassport:
		return IDPassport
	case model.DocNationalID:
		return IDNationalID
	case model.DocTaxID:
		return IDTaxID
	case model.DocRFC:
		return IDRFC
	case model.DocCURP:
		return IDCURP
	}
	return IDOther
}

// RuleID is the rule ID of screening alerts.
const RuleID = "screen.sanctions"

// Severity returns the alert severity of a hit: critical for an entry
// designated as a Foreign Terrorist Organization (program FTO), high for
// other hits at 0.9 or above, medium otherwise; a hit on a very common
// name that nothing confirms (CommonName) is one step lower — medium or
// low — except on an FTO designation, which is always critical.
func (h Hit) Severity() model.Severity {
	switch {
	case h.Entity.HasProgram(ProgramFTO):
		return model.SeverityCritical
	case h.Score >= 0.9 && !h.CommonName:
		return model.SeverityHigh
	case h.Score >= 0.9 || !h.CommonName:
		return model.SeverityMedium
	}
	return model.SeverityLow
}

// Alert turns a hit on subject into an alert: source screen, typology
// SANCTIONS, the explanation as reason and facts. The ID is derived from
// subject, list and entry, so re-screening gives the same ID.
func (h Hit) Alert(subject model.Subject, created time.Time) model.Alert {
	e := h.Entity
	reason := fmt.Sprintf("%s matches %s entry %s %q", h.Explanation.QueryName, e.List, e.ID, e.PrimaryName())
	if len(e.Programs) > 0 {
		reason += " (programs " + strings.Join(e.Programs, ", ") + ")"
	}
	reason += fmt.Sprintf(", score %.2f: %s", h.Score, h.Explanation)
	facts := []Fact{
		{Name: "score", Value: h.Score, Threshold: DefaultThreshold, Text: fmt.Sprintf("match score %.3f (threshold %.2f)", h.Score, DefaultThreshold)},
		{Name: "name_score", Value: h.NameScore, Text: fmt.Sprintf("name %q ~ listed %q: %.3f", h.Explanation.QueryName, h.Explanation.MatchedName, h.NameScore)},
	}
	for _, a := range h.Explanation.Adjustments {
		facts = append(facts, Fact{Name: a.Field, Value: a.Effect, Text: a.Text})
	}
	return model.Alert{
		ID:       "screen-" + subject.ID + "-" + e.List + "-" + e.ID,
		Subject:  subject,
		Typology: model.TypSanctions,
		RuleID:   RuleID,
		Source:   model.SourceScreen,
		Score:    h.Score,
		Severity: h.Severity(),
		Reason:   reason,
		Facts:    facts,
		Created:  created,
	}
}

// Fact is model.Fact, named here for brevity.
type Fact = model.Fact
