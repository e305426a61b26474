package rules

import (
	"strings"
	"sync"

	"github.com/centinela-aml/centinela/internal/model"
)

// KYC is what the engine asks the caller about accounts: the account
// record and its owner's KYC. The engine calls it for both sides of every
// transaction, so it should be a map lookup, not a query.
type KYC interface {
	// Lookup returns the account and its owner. owner is nil when the
	// owner is not known. ok is false for accounts the institution does
	// not hold (other banks' accounts): the engine keeps no state for them
	// and evaluates no rule on them.
	Lookup(accountID string) (account *model.Account, owner *model.Party, ok bool)
}

// Directory is a KYC held in memory: accounts and parties by ID. The
// owner of an account is its first owner that the directory knows.
type Directory struct {
	accounts map[string]*model.Account
	parties  map[string]*model.Party
	// Institution, when set, limits the accounts held to those of this
	// institution (or of none stated): a data set that also describes
	// correspondent banks' accounts keeps them out of the rules.
	Institution string
	// EvaluateUnknown makes accounts the directory does not hold count as
	// the institution's own, with no account record and no owner: rules
	// that need no KYC still run on them. Research data sets without
	// customer records (AMLworld, SAML-D) need it.
	EvaluateUnknown bool

	netOnce sync.Once
	net     networkIndex
}

// NewDirectory returns a directory of the given parties and accounts. It
// keeps pointers into the slices.
func NewDirectory(parties []model.Party, accounts []model.Account) *Directory {
	d := &Directory{
		accounts: make(map[string]*model.Account, len(accounts)),
		parties:  make(map[string]*model.Party, len(parties)),
	}
	for i := range parties {
		d.parties[parties[i].ID] = &parties[i]
	}
	for i := range accounts {
		d.accounts[accounts[i].ID] = &accounts[i]
	}
	return d
}

// Lookup implements KYC.
func (d *Directory) Lookup(id string) (*model.Account, *model.Party, bool) {
	a, ok := d.accounts[id]
	if !ok {
		return nil, nil, d.EvaluateUnknown && id != ""
	}
	if d.Institution != "" && a.Institution != "" && a.Institution != d.Institution {
		return nil, nil, false
	}
	for _, o := range a.Owners {
		if p, ok := d.parties[o]; ok {
			return a, p, true
		}
	}
	return a, nil, true
}

// usualSources lists, per occupation class, words of a declared source of
// funds that the occupation explains: a student's scholarship or family,
// a homemaker's spouse, a retiree's pension. A source of funds that is
// undisclosed, or unusual for the occupation, is a customer risk factor of
// the FFIEC BSA/AML examination manual (customer due diligence: "the
// source of funds … is not consistent with the customer's profile"); the
// insider detector counts such customers per onboarding employee.
var usualSources = map[model.OccupationClass][]string{
	model.OccStudent:      {"scholarship", "family", "parent", "part-time", "employment", "student loan", "financial aid", "stipend"},
	model.OccHomemaker:    {"spouse", "husband", "wife", "partner"},
	model.OccRetired:      {"pension", "social security", "retirement", "annuity", "savings", "investment", "rental"},
	model.OccLaborer:      {"employment", "wages", "salary", "part-time"},
	model.OccUnemployed:   {"unemployment", "benefit", "spouse", "savings", "severance"},
	model.OccEmployee:     {"employment", "salary", "wages", "part-time", "business", "investment", "rental"},
	model.OccProfessional: {"employment", "salary", "business", "investment", "practice", "rental"},
	model.OccBusiness:     {"business", "employment", "investment", "rental"},
}

// sourceUnexplained reports whether the party's declared source of funds is
// missing, undisclosed, or unusual for its occupation class. Organisations
// are judged only on a missing or undisclosed source.
func sourceUnexplained(p *model.Party) bool {
	src := strings.ToLower(strings.TrimSpace(p.SourceOfFunds))
	if src == "" || src == model.SourceOfFundsUndisclosed {
		return true
	}
	if p.Kind == model.Organization {
		return false
	}
	usual, ok := usualSources[model.ClassifyOccupation(p.Occupation)]
	if !ok {
		return false // no occupation stated: nothing to compare with
	}
	for _, w := range usual {
		if strings.Contains(src, w) {
			return false
		}
	}
	return true
}
