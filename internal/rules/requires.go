package rules

import (
	"strings"

	"github.com/centinela-aml/centinela/internal/model"
)

// requirement is a data field a rule may need. When the subject's data
// lacks it, the rule is "not evaluable" for that subject: counted, never a
// silent pass or fail.
type requirement struct {
	name    string
	doc     string
	present func(p *model.Party, a *model.Account, tx *model.Transaction) bool
}

// requirements is the closed list of names a rule's `requires` may use.
// Its order is the bit order of reqMask; party and account requirements
// come before transaction ones.
var requirements = [...]requirement{
	{"kyc", "the account's owner is known", func(p *model.Party, _ *model.Account, _ *model.Transaction) bool { return p != nil }},
	{"kyc.occupation", "the owner declared an occupation", func(p *model.Party, _ *model.Account, _ *model.Transaction) bool {
		return p != nil && strings.TrimSpace(p.Occupation) != ""
	}},
	{"kyc.declared_income", "the owner declared an annual income", func(p *model.Party, _ *model.Account, _ *model.Transaction) bool {
		return p != nil && p.DeclaredIncome != nil
	}},
	{"kyc.expected_activity", "the owner declared an expected-activity profile", func(p *model.Party, _ *model.Account, _ *model.Transaction) bool {
		return p != nil && p.ExpectedActivity != nil
	}},
	{"kyc.source_of_funds", "the owner's source of funds is recorded (possibly \"undisclosed\")", func(p *model.Party, _ *model.Account, _ *model.Transaction) bool {
		return p != nil && p.SourceOfFunds != ""
	}},
	{"kyc.nationality", "the owner's nationality or citizenship is recorded", func(p *model.Party, _ *model.Account, _ *model.Transaction) bool {
		return p != nil && len(p.Nationalities)+len(p.Citizenships) > 0
	}},
	{"kyc.documents", "the owner presented at least one identity document", func(p *model.Party, _ *model.Account, _ *model.Transaction) bool {
		return p != nil && len(p.Documents) > 0
	}},
	{"kyc.birth_date", "the owner's birth date is recorded", func(p *model.Party, _ *model.Account, _ *model.Transaction) bool {
		return p != nil && !p.BirthDate.IsZero()
	}},
	{"kyc.onboarded", "the onboarding date is recorded", func(p *model.Party, _ *model.Account, _ *model.Transaction) bool {
		return p != nil && !p.Onboarded.IsZero()
	}},
	{"kyc.onboarded_by", "the onboarding employee is recorded", func(p *model.Party, _ *model.Account, _ *model.Transaction) bool {
		return p != nil && p.OnboardedBy != ""
	}},
	{"kyc.naics", "the owner's industry (NAICS) is recorded", func(p *model.Party, _ *model.Account, _ *model.Transaction) bool {
		return p != nil && p.NAICS != ""
	}},
	{"kyc.employees", "the owner's head count is recorded", func(p *model.Party, _ *model.Account, _ *model.Transaction) bool {
		return p != nil && p.Employees != nil
	}},
	{"kyc.annual_revenue", "the owner's annual revenue is recorded", func(p *model.Party, _ *model.Account, _ *model.Transaction) bool {
		return p != nil && p.AnnualRevenue != nil
	}},
	{"kyc.incorporated", "the owner's incorporation date is recorded", func(p *model.Party, _ *model.Account, _ *model.Transaction) bool {
		return p != nil && !p.Incorporated.IsZero()
	}},
	{"account.opened", "the account's opening date is recorded", func(_ *model.Party, a *model.Account, _ *model.Transaction) bool {
		return a != nil && !a.Opened.IsZero()
	}},
	// Set by the engine, not from the records alone: see network.go and
	// peers.go.
	{"network", "the KYC knows the owner's links across customers (shared identifiers, onboarding employee)", func(*model.Party, *model.Account, *model.Transaction) bool { return false }},
	{"peers", "peer statistics exist for the owner's group (occupation class, or industry and size band)", func(*model.Party, *model.Account, *model.Transaction) bool { return false }},
	// Identity-verification images (passport and visa photos, or their
	// face embeddings) are not part of Centinela's records: rules that need
	// them are reported not evaluable everywhere until an IDV feed exists.
	{"kyc.document_photos", "identity-verification photos of the owner's documents (not in Centinela's records yet)", func(*model.Party, *model.Account, *model.Transaction) bool { return false }},
	// Transaction requirements: checked on the transaction being evaluated.
	{"tx.branch", "the transaction names its branch", func(_ *model.Party, _ *model.Account, tx *model.Transaction) bool { return tx.Branch != "" }},
	{"tx.memo", "the transaction carries a memo", func(_ *model.Party, _ *model.Account, tx *model.Transaction) bool { return tx.Memo != "" }},
	{"tx.mcc", "the transaction carries a merchant category code", func(_ *model.Party, _ *model.Account, tx *model.Transaction) bool { return tx.MCC != "" }},
	{"tx.counterparty_name", "the transaction names its off-us counterparty", func(_ *model.Party, _ *model.Account, tx *model.Transaction) bool {
		return tx.Counterparty.Name != ""
	}},
	{"tx.counterparty_country", "the transaction gives its off-us counterparty's country", func(_ *model.Party, _ *model.Account, tx *model.Transaction) bool {
		return tx.Counterparty.Country != ""
	}},
	{"tx.counterparty_naics", "the transaction gives its off-us counterparty's industry", func(_ *model.Party, _ *model.Account, tx *model.Transaction) bool {
		return tx.Counterparty.NAICS != ""
	}},
}

// firstTxRequirement is the index of the first transaction requirement.
const firstTxRequirement = 18

// Indices of the requirements the engine sets itself (a test checks them).
const (
	reqNetwork = 15
	reqPeers   = 16
)

// reqMask is a set of requirements, one bit per entry of requirements.
type reqMask uint32

func requirementIndex(name string) int {
	for i, r := range requirements {
		if r.name == name {
			return i
		}
	}
	return -1
}

// requirementNames lists the names a rule may require, for error messages
// and documentation.
func requirementNames() []string {
	names := make([]string, len(requirements))
	for i, r := range requirements {
		names[i] = r.name
	}
	return names
}

// satisfies reports whether requiring have makes a field that needs want
// safe to read: a more specific requirement implies the general one
// ("kyc.declared_income" implies "kyc").
func satisfies(have []string, want string) bool {
	for _, h := range have {
		if h == want || strings.HasPrefix(h, want+".") {
			return true
		}
	}
	return false
}

// subjectMask returns the party and account requirements present.
func subjectMask(p *model.Party, a *model.Account) reqMask {
	var m reqMask
	for i := range firstTxRequirement {
		if requirements[i].present(p, a, nil) {
			m |= 1 << i
		}
	}
	return m
}

// txMask returns the transaction requirements present in tx, limited to
// want (the bits some rule needs).
func txMask(tx *model.Transaction, want reqMask) reqMask {
	var m reqMask
	for i := firstTxRequirement; i < len(requirements); i++ {
		if want&(1<<i) != 0 && requirements[i].present(nil, nil, tx) {
			m |= 1 << i
		}
	}
	return m
}
