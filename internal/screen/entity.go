package screen

import (
	"fmt"
	"strconv"
	"strings"
)

// EntityType is what a list entry designates.
type EntityType string

// Entity types. The empty type means "not stated" and is compatible with
// every query type.
const (
	TypePerson       EntityType = "person"
	TypeOrganization EntityType = "organization"
	TypeVessel       EntityType = "vessel"
	TypeAircraft     EntityType = "aircraft"
)

// ParseEntityType reads the type spellings used by the lists and the CLI:
// "individual"/"person", "entity"/"organization"/"business"/"company",
// "vessel", "aircraft". Unknown spellings give "" and false.
func ParseEntityType(s string) (EntityType, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "individual", "person", "people":
		return TypePerson, true
	case "entity", "organization", "organisation", "business", "company", "legalentity":
		return TypeOrganization, true
	case "vessel", "ship":
		return TypeVessel, true
	case "aircraft", "airplane":
		return TypeAircraft, true
	case "":
		return "", true
	}
	return "", false
}

// NameQuality says how much a list trusts a name.
type NameQuality string

// Name qualities. OFAC marks some aliases "weak" (low quality); a hit on a
// weak alias alone is not a strong match.
const (
	NamePrimary NameQuality = "primary"
	NameAlias   NameQuality = "aka"
	NameFormer  NameQuality = "fka"
	NameWeak    NameQuality = "weak"
)

// EntityName is one name of a list entry, verbatim.
type EntityName struct {
	Full    string      `json:"full"`
	Quality NameQuality `json:"quality"`
	// Script is the ISO 15924 code of an original-script name ("Arab",
	// "Hani"), empty for Latin.
	Script string `json:"script,omitempty"`
}

// IDType names an identifier found on a list entry or presented by a
// customer. The values follow the OFAC remarks' own labels, shortened.
type IDType string

// Identifier types parsed from OFAC remarks and other lists.
const (
	IDPassport       IDType = "passport"
	IDNationalID     IDType = "national_id"
	IDTaxID          IDType = "tax_id"
	IDRFC            IDType = "rfc"             // Mexico, Registro Federal de Contribuyentes
	IDCURP           IDType = "curp"            // Mexico, Clave Única de Registro de Población
	IDFolioMercantil IDType = "folio_mercantil" // Mexico, commercial registry folio
	IDCedula         IDType = "cedula"          // Cédula No. (Colombia and others)
	IDChineseCode    IDType = "chinese_commercial_code"
	IDCrypto         IDType = "crypto_address"
	IDRegistration   IDType = "registration"
	IDIMO            IDType = "imo" // vessel IMO number
	IDSWIFT          IDType = "swift_bic"
	IDEmail          IDType = "email"
	IDPhone          IDType = "phone"
	IDWebsite        IDType = "website"
	IDOther          IDType = "other"
)

// Identifier is an identity number of a list entry.
type Identifier struct {
	Type    IDType `json:"type"`
	Value   string `json:"value"`             // as written
	Country string `json:"country,omitempty"` // issuing country, as written
	Label   string `json:"label,omitempty"`   // the list's own label ("Passport", "NIT #", "Digital Currency Address - XBT")
	// Valid is false when the identifier has check characters (R.F.C.,
	// C.U.R.P.) and they do not verify; true otherwise.
	Valid bool `json:"valid"`
}

// Key returns the identifier in the form used to compare identifiers:
// upper case, letters and digits only (crypto addresses keep their case).
func (id Identifier) Key() string { return IDKey(id.Type, id.Value) }

// IDKey normalises an identifier value for comparison: letters and digits
// only, upper-cased, except crypto addresses, which are case-sensitive.
func IDKey(t IDType, v string) string {
	var b strings.Builder
	for _, r := range v {
		switch {
		case r >= '0' && r <= '9', r >= 'A' && r <= 'Z':
			b.WriteRune(r)
		case r >= 'a' && r <= 'z':
			if t == IDCrypto {
				b.WriteRune(r)
			} else {
				b.WriteRune(r - 'a' + 'A')
			}
		case r == 'Ñ' || r == 'ñ':
			b.WriteRune('Ñ')
		}
	}
	return b.String()
}

// PartialDate is a date that lists often know only in part: a year, a
// month and year, or a year range ("DOB 1958 to 1960", "circa 1970").
type PartialDate struct {
	Year   int  `json:"year"`
	Month  int  `json:"month,omitempty"`
	Day    int  `json:"day,omitempty"`
	YearTo int  `json:"year_to,omitempty"` // last year of a range; 0 when not a range
	Circa  bool `json:"circa,omitempty"`
}

// IsZero reports whether nothing of the date is known.
func (d PartialDate) IsZero() bool { return d.Year == 0 }

// String returns "1953-09-29", "1953-09", "1953", "1958/1960" or "~1970".
func (d PartialDate) String() string {
	switch {
	case d.Year == 0:
		return ""
	case d.YearTo != 0:
		return fmt.Sprintf("%04d/%04d", d.Year, d.YearTo)
	case d.Circa:
		return fmt.Sprintf("~%04d", d.Year)
	case d.Day != 0:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	case d.Month != 0:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	return strconv.Itoa(d.Year)
}

// ParsePartialDate reads "YYYY", "YYYY-MM" or "YYYY-MM-DD".
func ParsePartialDate(s string) (PartialDate, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return PartialDate{}, nil
	}
	parts := strings.Split(s, "-")
	if len(parts) > 3 {
		return PartialDate{}, fmt.Errorf("date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	var v [3]int
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || (i == 0 && len(p) != 4) || (i > 0 && len(p) != 2) {
			return PartialDate{}, fmt.Errorf("date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
		}
		v[i] = n
	}
	d := PartialDate{Year: v[0], Month: v[1], Day: v[2]}
	if d.Month > 12 || d.Day > 31 || (len(parts) > 1 && d.Month == 0) || (len(parts) > 2 && d.Day == 0) {
		return PartialDate{}, fmt.Errorf("date %q: month or day out of range", s)
	}
	return d, nil
}

// Entity is one entry of a sanctions or watch list.
type Entity struct {
	// ID is the entry's identifier within its list: the OFAC uid ("11440"),
	// "UN-<DATAID>", the FollowTheMoney id, or the custom list's id.
	ID       string       `json:"id"`
	List     string       `json:"list"` // "ofac-sdn", "ofac-cons", "un", or the custom list's name
	Type     EntityType   `json:"type,omitempty"`
	Names    []EntityName `json:"names"`
	Programs []string     `json:"programs,omitempty"` // SDNTK, FTO, SDGT, …

	BirthDates    []PartialDate `json:"birth_dates,omitempty"`
	BirthPlaces   []string      `json:"birth_places,omitempty"`
	Nationalities []string      `json:"nationalities,omitempty"` // as written by the list
	Identifiers   []Identifier  `json:"identifiers,omitempty"`
	Addresses     []string      `json:"addresses,omitempty"`
	LinkedTo      []string      `json:"linked_to,omitempty"` // names of linked entries ("Linked To:")
	Remarks       string        `json:"remarks,omitempty"`
}

// HasProgram reports whether the entity is designated under program p
// (compared case-insensitively).
func (e *Entity) HasProgram(p string) bool {
	for _, q := range e.Programs {
		if strings.EqualFold(q, p) {
			return true
		}
	}
	return false
}

// PrimaryName returns the first primary name, else the first name.
func (e *Entity) PrimaryName() string {
	for _, n := range e.Names {
		if n.Quality == NamePrimary {
			return n.Full
		}
	}
	if len(e.Names) > 0 {
		return e.Names[0].Full
	}
	return ""
}

// ProgramFTO is OFAC's program tag for Foreign Terrorist Organizations.
const ProgramFTO = "FTO"
