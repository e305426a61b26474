package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// ErrFiler is wrapped by every error about a filer configuration.
var ErrFiler = errors.New("invalid filer configuration")

// Address is a postal address as the SAR and goAML forms take it.
type Address struct {
	Street  string `yaml:"street"`
	City    string `yaml:"city"`
	State   string `yaml:"state"` // US state, Canadian province or Mexican state code
	ZIP     string `yaml:"zip"`
	Country string `yaml:"country"` // ISO 3166-1 alpha-2
}

// Transmitter is whoever sends the batch file to FinCEN (SAR items for
// the transmitter): often the filing institution itself.
type Transmitter struct {
	Name    string  `yaml:"name"`
	TIN     string  `yaml:"tin"`
	TCC     string  `yaml:"tcc"` // Transmitter Control Code FinCEN assigned
	Phone   string  `yaml:"phone"`
	Address Address `yaml:"address"`
}

// Institution is a financial institution on the SAR: the filer, or the
// institution where the activity occurred.
type Institution struct {
	Name string `yaml:"name"`
	DBA  string `yaml:"dba,omitempty"`
	TIN  string `yaml:"tin"` // EIN, digits only
	RSSD string `yaml:"rssd"`
	// Regulator is the primary federal regulator: FRB, FDIC, IRS, NCUA,
	// OCC, SEC, CFTC, FHFA, or none.
	Regulator string `yaml:"regulator"`
	// Type is the kind of institution: depository, msb, casino,
	// insurance, securities, loan, housing_gse or other.
	Type string `yaml:"type"`
	// ID is the institution's identifier in the account data
	// (model.Account.Institution): accounts with this ID are held here.
	ID      string  `yaml:"id"`
	Address Address `yaml:"address"`
}

// ContactOffice is the office FinCEN and law enforcement call about the
// SAR.
type ContactOffice struct {
	Name     string `yaml:"name"`
	Phone    string `yaml:"phone"`
	PhoneExt string `yaml:"phone_ext,omitempty"`
}

// Branch is a branch where activity occurred: its address, and its RSSD
// number when it has one.
type Branch struct {
	Address `yaml:",inline"`
	RSSD    string `yaml:"rssd"`
}

// GoAMLEntity is what a goAML report says about the reporting entity.
type GoAMLEntity struct {
	// EntityID is the reporting entity's ID in the FIU's goAML
	// registration (rentity_id).
	EntityID int    `yaml:"rentity_id"`
	Branch   string `yaml:"rentity_branch"`
	// Currency is the local currency (currency_code_local).
	Currency        string      `yaml:"currency"`
	ReportingPerson GoAMLPerson `yaml:"reporting_person"`
	// Lookups overrides the lookup codes Centinela writes (see
	// docs/cases.md): funds types, transaction modes, account types and
	// statuses are lists each FIU publishes for its country.
	Lookups map[string]string `yaml:"lookups,omitempty"`
}

// GoAMLPerson is the reporting person of a goAML report (the MLRO).
type GoAMLPerson struct {
	FirstName  string `yaml:"first_name"`
	LastName   string `yaml:"last_name"`
	Title      string `yaml:"title"`
	Email      string `yaml:"email"`
	Phone      string `yaml:"phone"`
	Occupation string `yaml:"occupation"`
}

// Filer is everything about the filing institution that a SAR or a goAML
// report needs, read from a configuration file (LoadFiler) or taken from
// DemoFiler.
type Filer struct {
	Transmitter        Transmitter   `yaml:"transmitter"`
	TransmitterContact string        `yaml:"transmitter_contact"`
	Institution        Institution   `yaml:"institution"`
	ContactOffice      ContactOffice `yaml:"contact_office"`
	// ActivityInstitution is where the activity occurred, when it is not
	// the filing institution.
	ActivityInstitution *Institution `yaml:"activity_institution,omitempty"`
	// Branches describes the branches by the IDs the transactions carry
	// (model.Transaction.Branch).
	Branches map[string]Branch `yaml:"branches,omitempty"`
	GoAML    GoAMLEntity       `yaml:"goaml"`
}

// DemoFiler returns the filer of the generated demo bank, Pacific Frontera
// Bank. Its identifiers are placeholders, not those of any institution.
func DemoFiler() Filer {
	hq := Address{Street: "1200 Wilshire Blvd", City: "Los Angeles", State: "CA", ZIP: "90017", Country: "US"}
	bank := Institution{
		Name: "Pacific Frontera Bank", TIN: "990000001", RSSD: "9900001",
		Regulator: "OCC", Type: "depository", ID: "PFB-US", Address: hq,
	}
	return Filer{
		Transmitter:        Transmitter{Name: "Pacific Frontera Bank", TIN: "990000001", TCC: "PFBDEMO1", Phone: "2135550100", Address: hq},
		TransmitterContact: "BSA Operations, Pacific Frontera Bank",
		Institution:        bank,
		ContactOffice:      ContactOffice{Name: "BSA/AML Compliance Office", Phone: "2135550199"},
		GoAML: GoAMLEntity{
			EntityID: 9901, Branch: "Head office", Currency: "USD",
			ReportingPerson: GoAMLPerson{FirstName: "Dana", LastName: "Whitfield", Title: "BSA Officer",
				Email: "bsa.officer@pacificfrontera.example", Phone: "2135550199", Occupation: "BSA/AML Officer"},
		},
	}
}

// LoadFiler reads a filer configuration in YAML. Unknown keys are errors,
// so that a misspelt key is not silently ignored.
func LoadFiler(r io.Reader) (Filer, error) {
	var f Filer
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return Filer{}, fmt.Errorf("%w: the file is empty", ErrFiler)
		}
		return Filer{}, fmt.Errorf("%w: %v", ErrFiler, err)
	}
	if err := f.Validate(); err != nil {
		return Filer{}, err
	}
	return f, nil
}

// Text returns the filer as a YAML document that LoadFiler reads back.
func (f Filer) Text() ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	return b.Bytes(), enc.Close()
}

// regulatorCodes are FinCEN's PrimaryRegulatorTypeCode values
// (ValidateFederalRegulatorCodeType in the SARX schema).
var regulatorCodes = map[string]string{
	"CFTC": "9", "FRB": "1", "FDIC": "2", "IRS": "7", "NCUA": "3", "OCC": "4", "SEC": "6", "FHFA": "13", "NONE": "99",
}

// institutionTypes are FinCEN's OrganizationTypeID values
// (ValidateOrganizationCodeType).
var institutionTypes = map[string]int{
	"casino": 1, "depository": 2, "insurance": 3, "msb": 4, "securities": 5, "loan": 11, "housing_gse": 12, "other": 999,
}

// Validate reports the first problem of a filer configuration, naming the
// key.
func (f Filer) Validate() error {
	var errs []error
	need := func(key, v string, max int) {
		switch {
		case strings.TrimSpace(v) == "":
			errs = append(errs, fmt.Errorf("%s: required", key))
		case utf8.RuneCountInString(v) > max:
			errs = append(errs, fmt.Errorf("%s: %q is longer than %d characters", key, v, max))
		}
	}
	digits := func(key, v string, max int) {
		need(key, v, max)
		if strings.Trim(v, "0123456789") != "" {
			errs = append(errs, fmt.Errorf("%s: %q: digits only", key, v))
		}
	}
	address := func(key string, a Address) {
		need(key+".street", a.Street, 100)
		need(key+".city", a.City, 50)
		need(key+".country", a.Country, 2)
		if len(a.State) > 3 {
			errs = append(errs, fmt.Errorf("%s.state: %q is longer than 3 characters", key, a.State))
		}
		if len(a.ZIP) > 9 {
			errs = append(errs, fmt.Errorf("%s.zip: %q is longer than 9 characters", key, a.ZIP))
		}
	}
	institution := func(key string, in Institution) {
		need(key+".name", in.Name, 150)
		digits(key+".tin", in.TIN, 25)
		if _, ok := regulatorCodes[strings.ToUpper(in.Regulator)]; !ok {
			errs = append(errs, fmt.Errorf("%s.regulator: %q: want one of FRB, FDIC, IRS, NCUA, OCC, SEC, CFTC, FHFA, none", key, in.Regulator))
		}
		if _, ok := institutionTypes[in.Type]; !ok {
			errs = append(errs, fmt.Errorf("%s.type: %q: want depository, msb, casino, insurance, securities, loan, housing_gse or other", key, in.Type))
		}
		address(key+".address", in.Address)
	}
	need("transmitter.name", f.Transmitter.Name, 150)
	digits("transmitter.tin", f.Transmitter.TIN, 25)
	need("transmitter.tcc", f.Transmitter.TCC, 25)
	digits("transmitter.phone", f.Transmitter.Phone, 16)
	address("transmitter.address", f.Transmitter.Address)
	need("transmitter_contact", f.TransmitterContact, 150)
	institution("institution", f.Institution)
	if f.ActivityInstitution != nil {
		institution("activity_institution", *f.ActivityInstitution)
	}
	need("contact_office.name", f.ContactOffice.Name, 150)
	digits("contact_office.phone", f.ContactOffice.Phone, 16)
	for _, id := range slices.Sorted(maps.Keys(f.Branches)) {
		address("branches."+id, f.Branches[id].Address)
	}
	if len(errs) > 0 {
		return fmt.Errorf("%w: %w", ErrFiler, errors.Join(errs...))
	}
	return nil
}
