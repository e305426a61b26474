package model

import (
	"slices"
	"strings"
)

// PartyKind says whether a party is a natural person or an organisation.
type PartyKind string

// Party kinds.
const (
	Person       PartyKind = "person"
	Organization PartyKind = "organization"
)

// Valid reports whether k is a known party kind.
func (k PartyKind) Valid() bool { return k == Person || k == Organization }

// NameKind says what role a name plays for its party.
type NameKind string

// Name kinds.
const (
	NamePrimary NameKind = "primary" // the name the party is known by
	NameAlias   NameKind = "alias"   // also known as
	NameFormer  NameKind = "former"  // formerly known as (maiden name, old company name)
)

// Valid reports whether k is a known name kind.
func (k NameKind) Valid() bool { return k == NamePrimary || k == NameAlias || k == NameFormer }

// Script is an ISO 15924 script code: "Latn", "Hani", "Cyrl", "Arab", …
// The empty Script means "not stated"; [DetectScript] fills it in.
type Script string

// Scripts that Centinela's readers and screening distinguish.
const (
	ScriptLatin    Script = "Latn"
	ScriptHan      Script = "Hani"
	ScriptCyrillic Script = "Cyrl"
	ScriptArabic   Script = "Arab"
	ScriptHangul   Script = "Hang"
	ScriptKana     Script = "Jpan"
	ScriptGreek    Script = "Grek"
	ScriptHebrew   Script = "Hebr"
	ScriptOther    Script = "Zyyy"
)

// Name is one name of a party. Full is always set; Given and Family are set
// when the source separates them (Family may be a compound Spanish surname
// such as "González Valencia").
type Name struct {
	Full   string   `json:"full"`
	Given  string   `json:"given,omitempty"`
	Family string   `json:"family,omitempty"`
	Script Script   `json:"script,omitempty"`
	Kind   NameKind `json:"kind,omitempty"`
}

// DocumentType is the type of an identity document.
type DocumentType string

// Identity document types.
const (
	DocPassport       DocumentType = "passport"
	DocNationalID     DocumentType = "national_id"
	DocDriversLicense DocumentType = "drivers_license"
	DocTaxID          DocumentType = "tax_id" // SSN/ITIN/EIN in the US
	DocRFC            DocumentType = "rfc"    // Mexican tax ID (Registro Federal de Contribuyentes)
	DocCURP           DocumentType = "curp"   // Mexican population registry key
	DocVisa           DocumentType = "visa"   // Class holds the visa class, e.g. "F-1"
	DocResidence      DocumentType = "residence_permit"
	DocOther          DocumentType = "other"
)

// Valid reports whether t is a known document type.
func (t DocumentType) Valid() bool {
	switch t {
	case DocPassport, DocNationalID, DocDriversLicense, DocTaxID, DocRFC, DocCURP, DocVisa, DocResidence, DocOther:
		return true
	}
	return false
}

// IDDocument is an identity document presented by a party.
type IDDocument struct {
	Type    DocumentType `json:"type"`
	Number  string       `json:"number"`
	Country string       `json:"country,omitempty"` // issuing country
	Issued  Date         `json:"issued,omitzero"`
	Expires Date         `json:"expires,omitzero"`
	Class   string       `json:"class,omitempty"` // visa class ("F-1", "J-1", "B-2") or licence class
}

// ExpectedActivity is what the customer declared at onboarding about the
// account's use (the KYC "expected activity profile").
type ExpectedActivity struct {
	MonthlyCount  int      `json:"monthly_count"`
	MonthlyAmount float64  `json:"monthly_amount"`
	Countries     []string `json:"countries,omitempty"`
}

// Address is a postal address.
type Address struct {
	Line       string `json:"line,omitempty"`
	City       string `json:"city,omitempty"`
	Region     string `json:"region,omitempty"` // state or province
	PostalCode string `json:"postal_code,omitempty"`
	Country    string `json:"country,omitempty"`
}

// IsZero reports whether no field of a is set.
func (a Address) IsZero() bool { return a == Address{} }

// String returns the address on one line, fields separated by ", ".
func (a Address) String() string {
	parts := make([]string, 0, 5)
	for _, s := range []string{a.Line, a.City, a.Region, a.PostalCode, a.Country} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

// SourceOfFundsUndisclosed is the value of Party.SourceOfFunds when the
// customer declined to state it.
const SourceOfFundsUndisclosed = "undisclosed"

// Party is a person or organisation: a customer with its KYC (know your
// customer) or KYB (know your business) data, or a counterparty.
type Party struct {
	ID    string    `json:"id"`
	Kind  PartyKind `json:"kind"`
	Names []Name    `json:"names"`

	BirthDate     Date         `json:"birth_date,omitzero"`
	Nationalities []string     `json:"nationalities,omitempty"`
	Citizenships  []string     `json:"citizenships,omitempty"`
	Documents     []IDDocument `json:"documents,omitempty"`

	Occupation       string            `json:"occupation,omitempty"`
	DeclaredIncome   *float64          `json:"declared_income,omitempty"` // annual, USD
	ExpectedActivity *ExpectedActivity `json:"expected_activity,omitempty"`
	SourceOfFunds    string            `json:"source_of_funds,omitempty"` // as declared, or SourceOfFundsUndisclosed

	Address   Address  `json:"address,omitzero"`
	Phones    []string `json:"phones,omitempty"`
	Emails    []string `json:"emails,omitempty"`
	DeviceIDs []string `json:"device_ids,omitempty"`

	Onboarded   Date   `json:"onboarded,omitzero"`
	OnboardedBy string `json:"onboarded_by,omitempty"` // employee ID

	// Business (KYB) fields, for organisations.
	NAICS         string   `json:"naics,omitempty"`
	Employees     *int     `json:"employees,omitempty"`
	AnnualRevenue *float64 `json:"annual_revenue,omitempty"` // USD
	Incorporated  Date     `json:"incorporated,omitzero"`
	Owners        []string `json:"owners,omitempty"` // party IDs of beneficial owners
}

// PrimaryName returns the party's primary name: the first name of kind
// NamePrimary, else the first name, else "".
func (p *Party) PrimaryName() string {
	for _, n := range p.Names {
		if n.Kind == NamePrimary || n.Kind == "" {
			return n.Full
		}
	}
	if len(p.Names) > 0 {
		return p.Names[0].Full
	}
	return ""
}

// Document returns the first document of type t, and whether there is one.
func (p *Party) Document(t DocumentType) (IDDocument, bool) {
	for _, d := range p.Documents {
		if d.Type == t {
			return d, true
		}
	}
	return IDDocument{}, false
}

// HasNationality reports whether country is among the party's nationalities
// or citizenships.
func (p *Party) HasNationality(country string) bool {
	return slices.Contains(p.Nationalities, country) || slices.Contains(p.Citizenships, country)
}
