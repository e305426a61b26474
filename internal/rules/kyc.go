package rules

import "github.com/centinela-aml/centinela/internal/model"

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
