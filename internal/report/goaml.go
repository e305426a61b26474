package report

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/centinela-aml/centinela/internal/model"
)

// GoAMLSchemaVersion is the goAML schema whose element names and order
// WriteGoAML follows: UNODC's goAML Standard XML Reporting Schema 4.0
// (the "report" root with "transaction" nodes, bi-party from/to sides),
// base variant, without any country's extensions.
const GoAMLSchemaVersion = "4.0"

// ErrGoAML is wrapped by the errors about a goAML report that cannot be
// built or fails Centinela's checks.
var ErrGoAML = errors.New("invalid goAML report")

// goAMLReasonLimit is the length of the report's reason (the narrative).
const goAMLReasonLimit = 4000

// goAMLTime is goAML's dateTime layout, without a time zone.
const goAMLTime = "2006-01-02T15:04:05"

// goAMLDefaults are the lookup codes written when the filer configuration
// does not map them (GoAMLEntity.Lookups, keyed "group.value"). goAML
// leaves these lists to each FIU; the defaults are Centinela's own names,
// to be replaced by the FIU's codes.
var goAMLDefaults = map[string]string{
	"submission_code":      "E", // electronic
	"report_code":          "STR",
	"address_type.home":    "H",
	"address_type.office":  "B",
	"phone.contact_type":   "P",
	"phone.communication":  "L",
	"account_status.open":  "A",
	"account_status.close": "C",
	"signatory_role.owner": "A",
}

// The goAML report, as encoding/xml writes it. Field order is the schema's
// sequence order.
type (
	gReport struct {
		XMLName           xml.Name        `xml:"report"`
		RentityID         int             `xml:"rentity_id"`
		RentityBranch     string          `xml:"rentity_branch,omitempty"`
		SubmissionCode    string          `xml:"submission_code"`
		ReportCode        string          `xml:"report_code"`
		EntityReference   string          `xml:"entity_reference,omitempty"`
		SubmissionDate    string          `xml:"submission_date"`
		CurrencyCodeLocal string          `xml:"currency_code_local"`
		ReportingPerson   *gPerson        `xml:"reporting_person"`
		Location          *gAddress       `xml:"location"`
		Reason            string          `xml:"reason,omitempty"`
		Action            string          `xml:"action,omitempty"`
		Transaction       []*gTransaction `xml:"transaction"`
		Activity          *gActivity      `xml:"activity"`
		ReportIndicators  gIndicators     `xml:"report_indicators"`
	}
	// gActivity is the schema's alternative to transactions: a report
	// about parties (a sanctions hit on a customer who moved no money, say).
	gActivity struct {
		ReportParties struct {
			ReportParty []*gReportParty `xml:"report_party"`
		} `xml:"report_parties"`
	}
	gReportParty struct {
		Person       *gPerson  `xml:"person"`
		Account      *gAccount `xml:"account"`
		Entity       *gEntity  `xml:"entity"`
		Significance int       `xml:"significance"`
		Reason       string    `xml:"reason,omitempty"`
		Comments     string    `xml:"comments,omitempty"`
	}
	gIndicators struct {
		Indicator []string `xml:"indicator"`
	}
	gTransaction struct {
		Number        string `xml:"transactionnumber"`
		InternalRef   string `xml:"internal_ref_number,omitempty"`
		Location      string `xml:"transaction_location,omitempty"`
		Description   string `xml:"transaction_description,omitempty"`
		Date          string `xml:"date_transaction"`
		TransmodeCode string `xml:"transmode_code"`
		AmountLocal   string `xml:"amount_local"`
		FromMyClient  *gFrom `xml:"t_from_my_client"`
		From          *gFrom `xml:"t_from"`
		ToMyClient    *gTo   `xml:"t_to_my_client"`
		To            *gTo   `xml:"t_to"`
		Comments      string `xml:"comments,omitempty"`
	}
	gFrom struct {
		FundsCode       string            `xml:"from_funds_code"`
		ForeignCurrency *gForeignCurrency `xml:"from_foreign_currency"`
		Account         *gAccount         `xml:"from_account"`
		Person          *gPerson          `xml:"from_person"`
		Entity          *gEntity          `xml:"from_entity"`
		Country         string            `xml:"from_country"`
	}
	gTo struct {
		FundsCode       string            `xml:"to_funds_code"`
		ForeignCurrency *gForeignCurrency `xml:"to_foreign_currency"`
		Account         *gAccount         `xml:"to_account"`
		Person          *gPerson          `xml:"to_person"`
		Entity          *gEntity          `xml:"to_entity"`
		Country         string            `xml:"to_country"`
	}
	gForeignCurrency struct {
		Code   string `xml:"foreign_currency_code"`
		Amount string `xml:"foreign_amount"`
	}
	gAccount struct {
		InstitutionName     string        `xml:"institution_name"`
		InstitutionCode     string        `xml:"institution_code,omitempty"`
		Swift               string        `xml:"swift,omitempty"`
		NonBankInstitution  string        `xml:"non_bank_institution,omitempty"`
		Branch              string        `xml:"branch,omitempty"`
		Account             string        `xml:"account"`
		CurrencyCode        string        `xml:"currency_code,omitempty"`
		AccountName         string        `xml:"account_name,omitempty"`
		ClientNumber        string        `xml:"client_number,omitempty"`
		PersonalAccountType string        `xml:"personal_account_type,omitempty"`
		Entity              *gEntity      `xml:"t_entity"`
		Signatory           []*gSignatory `xml:"signatory"`
		Opened              string        `xml:"opened,omitempty"`
		Closed              string        `xml:"closed,omitempty"`
		StatusCode          string        `xml:"status_code,omitempty"`
	}
	gSignatory struct {
		IsPrimary string   `xml:"is_primary,omitempty"`
		Person    *gPerson `xml:"t_person"`
		Role      string   `xml:"role"`
	}
	gPerson struct {
		Title           string             `xml:"title,omitempty"`
		FirstName       string             `xml:"first_name"`
		LastName        string             `xml:"last_name"`
		Birthdate       string             `xml:"birthdate,omitempty"`
		Alias           string             `xml:"alias,omitempty"`
		SSN             string             `xml:"ssn,omitempty"`
		PassportNumber  string             `xml:"passport_number,omitempty"`
		PassportCountry string             `xml:"passport_country,omitempty"`
		Nationality1    string             `xml:"nationality1,omitempty"`
		Nationality2    string             `xml:"nationality2,omitempty"`
		Nationality3    string             `xml:"nationality3,omitempty"`
		Residence       string             `xml:"residence,omitempty"`
		Phones          *gPhones           `xml:"phones"`
		Addresses       *gAddresses        `xml:"addresses"`
		Email           string             `xml:"email,omitempty"`
		Occupation      string             `xml:"occupation,omitempty"`
		Identification  []*gIdentification `xml:"identification"`
		SourceOfWealth  string             `xml:"source_of_wealth,omitempty"`
		Comments        string             `xml:"comments,omitempty"`
	}
	gEntity struct {
		Name                     string      `xml:"name"`
		Business                 string      `xml:"business,omitempty"`
		Phones                   *gPhones    `xml:"phones"`
		Addresses                *gAddresses `xml:"addresses"`
		IncorporationCountryCode string      `xml:"incorporation_country_code,omitempty"`
		IncorporationDate        string      `xml:"incorporation_date,omitempty"`
		TaxNumber                string      `xml:"tax_number,omitempty"`
		Comments                 string      `xml:"comments,omitempty"`
	}
	gPhones struct {
		Phone []*gPhone `xml:"phone"`
	}
	gPhone struct {
		ContactType       string `xml:"tph_contact_type"`
		CommunicationType string `xml:"tph_communication_type"`
		Number            string `xml:"tph_number"`
	}
	gAddresses struct {
		Address []*gAddress `xml:"address"`
	}
	gAddress struct {
		AddressType string `xml:"address_type"`
		Address     string `xml:"address"`
		City        string `xml:"city"`
		Zip         string `xml:"zip,omitempty"`
		CountryCode string `xml:"country_code"`
		State       string `xml:"state,omitempty"`
	}
	gIdentification struct {
		Type         string `xml:"type"`
		Number       string `xml:"number"`
		IssueDate    string `xml:"issue_date,omitempty"`
		ExpiryDate   string `xml:"expiry_date,omitempty"`
		IssueCountry string `xml:"issue_country"`
	}
)

// WriteGoAML writes one case as a goAML suspicious transaction report
// (report code STR unless the configuration maps it): the reporting
// entity, the reporting person, the drafted narrative as the reason, one
// transaction node per evidence transaction with its from and to sides
// (the subjects' accounts as "my client" sides), and the rules that
// raised the alerts as report indicators. It is checked with CheckGoAML
// before a byte is written.
func WriteGoAML(w io.Writer, f Filer, submitted time.Time, c SARCase) error {
	if err := f.Validate(); err != nil {
		return err
	}
	if f.GoAML.EntityID <= 0 {
		return fmt.Errorf("%w: goaml.rentity_id: required (the reporting entity's ID at the FIU)", ErrFiler)
	}
	g := goAMLBuilder{f: f, c: c, subjects: map[string]model.Party{}, accounts: map[string]model.Account{}}
	for _, s := range c.Subjects {
		g.subjects[s.Party.ID] = s.Party
		for _, a := range s.Accounts {
			g.accounts[a.ID] = a
		}
	}
	for _, id := range c.Case.Accounts {
		if _, ok := g.accounts[id]; !ok {
			g.accounts[id] = model.Account{ID: id}
		}
	}
	rep := g.report(submitted)
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(rep); err != nil {
		return fmt.Errorf("goaml: encode: %w", err)
	}
	buf.WriteByte('\n')
	if err := CheckGoAML(bytes.NewReader(buf.Bytes())); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

type goAMLBuilder struct {
	f        Filer
	c        SARCase
	subjects map[string]model.Party
	accounts map[string]model.Account // the subjects' accounts
}

// lookup returns the FIU's code for key, or the default.
func (g *goAMLBuilder) lookup(key, fallback string) string {
	if v, ok := g.f.GoAML.Lookups[key]; ok {
		return v
	}
	if v, ok := goAMLDefaults[key]; ok {
		return v
	}
	return fallback
}

func (g *goAMLBuilder) report(submitted time.Time) *gReport {
	f, c := g.f, g.c
	in := f.Institution
	rp := f.GoAML.ReportingPerson
	rep := &gReport{
		RentityID: f.GoAML.EntityID, RentityBranch: f.GoAML.Branch,
		SubmissionCode:    g.lookup("submission_code", "E"),
		ReportCode:        g.lookup("report_code", "STR"),
		EntityReference:   c.Case.ID,
		SubmissionDate:    submitted.UTC().Format(goAMLTime),
		CurrencyCodeLocal: cmp.Or(f.GoAML.Currency, "USD"),
		Location:          g.address(Address{Street: in.Address.Street, City: in.Address.City, State: in.Address.State, ZIP: in.Address.ZIP, Country: in.Address.Country}, "office"),
		Action:            goAMLAction(c.Case),
	}
	if rp.LastName != "" {
		p := &gPerson{Title: rp.Title, FirstName: rp.FirstName, LastName: rp.LastName, Email: rp.Email, Occupation: rp.Occupation}
		if d := digitsOnly(rp.Phone); d != "" {
			p.Phones = &gPhones{Phone: []*gPhone{g.phone(d)}}
		}
		rep.ReportingPerson = p
	}
	reason := DraftNarrative(f, c, submitted)
	if utf8.RuneCountInString(reason) > goAMLReasonLimit {
		reason = string([]rune(reason)[:goAMLReasonLimit-1]) + "…"
	}
	rep.Reason = reason

	txs := slices.Clone(c.Transactions)
	slices.SortFunc(txs, func(a, b model.Transaction) int { return cmp.Or(a.Time.Compare(b.Time), strings.Compare(a.ID, b.ID)) })
	for _, t := range txs {
		rep.Transaction = append(rep.Transaction, g.transaction(t, rep.CurrencyCodeLocal))
	}
	if len(rep.Transaction) == 0 {
		rep.Activity = g.activity()
	}
	var ind []string
	add := func(key, fallback string) {
		if v := g.lookup(key, fallback); v != "" && !slices.Contains(ind, v) {
			ind = append(ind, v)
		}
	}
	for _, a := range c.Alerts {
		add("indicator."+a.RuleID, a.RuleID)
	}
	for _, t := range keyTerms(c.Alerts) {
		add("indicator."+t, t)
	}
	rep.ReportIndicators.Indicator = ind
	return rep
}

// activity reports the case's subjects as report parties, for a case
// without transactions. Significance (0–10) is the highest alert score on
// the case, scaled.
func (g *goAMLBuilder) activity() *gActivity {
	best := 0.0
	var rules []string
	for _, a := range g.c.Alerts {
		best = max(best, a.Score)
		if !slices.Contains(rules, a.RuleID) {
			rules = append(rules, a.RuleID)
		}
	}
	reason := "subject of alerts " + strings.Join(rules, ", ")
	act := &gActivity{}
	for _, s := range g.c.Subjects {
		rp := &gReportParty{Significance: min(10, max(0, int(best*10+0.5))), Reason: reason}
		if s.Party.Kind == model.Organization {
			rp.Entity = g.entity(s.Party)
		} else {
			rp.Person = g.person(s.Party)
		}
		act.ReportParties.ReportParty = append(act.ReportParties.ReportParty, rp)
	}
	return act
}

func goAMLAction(c model.Case) string {
	s := fmt.Sprintf("Reviewed in case %s (%s).", c.ID, strings.ReplaceAll(string(c.State), "_", " "))
	if c.Disposition != "" {
		s += " Decision: " + strings.ReplaceAll(string(c.Disposition), "_", " ") + "."
	}
	return s
}

// transaction maps one transaction to its bi-party node.
func (g *goAMLBuilder) transaction(t model.Transaction, local string) *gTransaction {
	gt := &gTransaction{
		Number:        clean(t.ID, 50),
		InternalRef:   g.c.Case.ID,
		Location:      t.Branch,
		Description:   clean(cmp.Or(t.Memo, strings.ReplaceAll(string(t.Channel), "_", " ")), 4000),
		Date:          t.Time.UTC().Format(goAMLTime),
		TransmodeCode: g.lookup("transmode."+string(t.Channel), strings.ToUpper(string(t.Channel))),
	}
	amount, cur := t.Amount, t.Currency
	var foreign *gForeignCurrency
	if cur != local {
		if r, rc := t.Received(); rc == local {
			amount = r
		}
		foreign = &gForeignCurrency{Code: t.Currency, Amount: goAMLAmount(t.Amount)}
		if amount == t.Amount {
			gt.Comments = fmt.Sprintf("Amount in %s; no %s equivalent on record.", t.Currency, local)
		}
	}
	gt.AmountLocal = goAMLAmount(amount)
	funds := g.lookup("funds."+string(t.Channel), strings.ToUpper(string(t.Channel)))
	country := cmp.Or(g.f.Institution.Address.Country, "US")

	// From side.
	switch {
	case t.Originator != "" && g.isSubjectAccount(t.Originator):
		gt.FromMyClient = &gFrom{FundsCode: funds, ForeignCurrency: foreign, Account: g.myAccount(t.Originator), Country: country}
	case t.Originator == "" && t.Channel.IsCash():
		gt.From = &gFrom{FundsCode: funds, ForeignCurrency: foreign, Person: unknownConductor(t), Country: country}
	default:
		gt.From = &gFrom{FundsCode: funds, ForeignCurrency: foreign, Country: cmp.Or(t.Counterparty.Country, country)}
		gt.From.Account, gt.From.Person, gt.From.Entity = g.counterparty(t, t.Originator)
	}
	// To side.
	switch {
	case t.Beneficiary != "" && g.isSubjectAccount(t.Beneficiary):
		gt.ToMyClient = &gTo{FundsCode: funds, Account: g.myAccount(t.Beneficiary), Country: country}
	case t.Beneficiary == "" && t.Channel.IsCash():
		gt.To = &gTo{FundsCode: funds, Person: unknownConductor(t), Country: country}
	default:
		gt.To = &gTo{FundsCode: funds, Country: cmp.Or(t.Counterparty.Country, country)}
		gt.To.Account, gt.To.Person, gt.To.Entity = g.counterparty(t, t.Beneficiary)
	}
	return gt
}

func (g *goAMLBuilder) isSubjectAccount(id string) bool {
	_, ok := g.accounts[id]
	return ok
}

// unknownConductor is the person who handed over or took the cash, whom
// the data does not name.
func unknownConductor(t model.Transaction) *gPerson {
	s := "Cash handled at the counter; the conductor is not recorded"
	if t.Branch != "" {
		s += " (branch " + t.Branch + ")"
	}
	return &gPerson{FirstName: "UNKNOWN", LastName: "UNKNOWN", Comments: s + "."}
}

// myAccount is one of the subjects' accounts, with its owners as
// signatories (or as the account's entity).
func (g *goAMLBuilder) myAccount(id string) *gAccount {
	a := g.accounts[id]
	in := g.f.Institution
	ga := &gAccount{
		InstitutionName: in.Name, InstitutionCode: cmp.Or(in.RSSD, in.TIN), NonBankInstitution: "false",
		Branch: a.Branch, Account: a.ID, CurrencyCode: a.Currency,
		PersonalAccountType: g.lookup("account_type."+string(a.Type), strings.ToUpper(string(a.Type))),
		StatusCode:          g.lookup("account_status.open", "A"),
	}
	if !a.Opened.IsZero() {
		ga.Opened = a.Opened.Format(goAMLTime)
	}
	if !a.Closed.IsZero() {
		ga.Closed = a.Closed.Format(goAMLTime)
		ga.StatusCode = g.lookup("account_status.close", "C")
	}
	var names []string
	for i, owner := range a.Owners {
		p, ok := g.subjects[owner]
		if !ok {
			continue
		}
		names = append(names, p.PrimaryName())
		if ga.ClientNumber == "" {
			ga.ClientNumber = p.ID
		}
		if p.Kind == model.Organization {
			if ga.Entity == nil {
				ga.Entity = g.entity(p)
			}
			continue
		}
		sig := &gSignatory{Person: g.person(p), Role: g.lookup("signatory_role.owner", "A")}
		if i == 0 {
			sig.IsPrimary = "true"
		}
		ga.Signatory = append(ga.Signatory, sig)
	}
	ga.AccountName = clean(strings.Join(names, ", "), 255)
	return ga
}

// counterparty is the off-us side of a transaction: an account when the
// payment names one, else the person or business.
func (g *goAMLBuilder) counterparty(t model.Transaction, account string) (*gAccount, *gPerson, *gEntity) {
	cp := t.Counterparty
	acct := cmp.Or(cp.Account, account)
	name := cmp.Or(cp.Name, "UNKNOWN")
	if acct != "" {
		ga := &gAccount{InstitutionName: cmp.Or(cp.Bank, "UNKNOWN"), Account: acct, AccountName: clean(name, 255)}
		if isBIC(cp.Bank) {
			ga.Swift = cp.Bank
		} else {
			ga.InstitutionCode = cmp.Or(cp.Bank, "UNKNOWN")
		}
		return ga, nil, nil
	}
	if cp.Type == model.Organization {
		return nil, nil, &gEntity{Name: clean(name, 255), IncorporationCountryCode: cp.Country}
	}
	first, last := splitName(name)
	return nil, &gPerson{FirstName: first, LastName: last}, nil
}

// isBIC reports whether s looks like a SWIFT BIC: 8 or 11 letters and
// digits, the first six letters.
func isBIC(s string) bool {
	if len(s) != 8 && len(s) != 11 {
		return false
	}
	for i, r := range s {
		letter := r >= 'A' && r <= 'Z'
		digit := r >= '0' && r <= '9'
		if (i < 6 && !letter) || (!letter && !digit) {
			return false
		}
	}
	return true
}

func (g *goAMLBuilder) person(p model.Party) *gPerson {
	gp := &gPerson{Occupation: clean(p.Occupation, 255)}
	n := model.Name{Full: p.PrimaryName()}
	for _, x := range p.Names {
		if x.Full == n.Full {
			n = x
			break
		}
	}
	if n.Given != "" || n.Family != "" {
		gp.FirstName, gp.LastName = n.Given, n.Family
	} else {
		gp.FirstName, gp.LastName = splitName(n.Full)
	}
	var aliases []string
	for _, x := range p.Names {
		if x.Full != n.Full {
			aliases = append(aliases, x.Full)
		}
	}
	gp.Alias = clean(strings.Join(aliases, "; "), 255)
	if !p.BirthDate.IsZero() {
		gp.Birthdate = p.BirthDate.Format(goAMLTime)
	}
	var nat []string
	for _, c := range append(slices.Clone(p.Nationalities), p.Citizenships...) {
		if !slices.Contains(nat, c) {
			nat = append(nat, c)
		}
	}
	for i, c := range nat {
		switch i {
		case 0:
			gp.Nationality1 = c
		case 1:
			gp.Nationality2 = c
		case 2:
			gp.Nationality3 = c
		}
	}
	gp.Residence = p.Address.Country
	for _, d := range p.Documents {
		switch {
		case d.Type == model.DocPassport && gp.PassportNumber == "":
			gp.PassportNumber, gp.PassportCountry = d.Number, d.Country
		case d.Type == model.DocTaxID && (d.Country == "" || d.Country == "US") && gp.SSN == "":
			gp.SSN = d.Number
		}
		id := &gIdentification{Type: g.lookup("identification."+string(d.Type), strings.ToUpper(string(d.Type))),
			Number: d.Number, IssueCountry: cmp.Or(d.Country, "UNK")}
		if !d.Issued.IsZero() {
			id.IssueDate = d.Issued.Format(goAMLTime)
		}
		if !d.Expires.IsZero() {
			id.ExpiryDate = d.Expires.Format(goAMLTime)
		}
		gp.Identification = append(gp.Identification, id)
	}
	gp.Phones = g.phones(p.Phones)
	if !p.Address.IsZero() {
		a := p.Address
		gp.Addresses = &gAddresses{Address: []*gAddress{g.address(Address{Street: a.Line, City: a.City, State: a.Region, ZIP: a.PostalCode, Country: a.Country}, "home")}}
	}
	if len(p.Emails) > 0 {
		gp.Email = p.Emails[0]
	}
	if p.SourceOfFunds != "" {
		gp.SourceOfWealth = clean(p.SourceOfFunds, 255)
	}
	return gp
}

func (g *goAMLBuilder) entity(p model.Party) *gEntity {
	e := &gEntity{Name: clean(p.PrimaryName(), 255), Business: clean(cmp.Or(p.Occupation, p.NAICS), 255), Phones: g.phones(p.Phones)}
	if !p.Address.IsZero() {
		a := p.Address
		e.Addresses = &gAddresses{Address: []*gAddress{g.address(Address{Street: a.Line, City: a.City, State: a.Region, ZIP: a.PostalCode, Country: a.Country}, "office")}}
		e.IncorporationCountryCode = a.Country
	}
	if !p.Incorporated.IsZero() {
		e.IncorporationDate = p.Incorporated.Format(goAMLTime)
	}
	if d, ok := p.Document(model.DocTaxID); ok {
		e.TaxNumber = d.Number
	}
	return e
}

func (g *goAMLBuilder) phones(list []string) *gPhones {
	var out []*gPhone
	for _, ph := range list {
		if d := digitsOnly(ph); d != "" {
			out = append(out, g.phone(d))
		}
	}
	if len(out) == 0 {
		return nil
	}
	return &gPhones{Phone: out}
}

func (g *goAMLBuilder) phone(number string) *gPhone {
	return &gPhone{ContactType: g.lookup("phone.contact_type", "P"), CommunicationType: g.lookup("phone.communication", "L"), Number: number}
}

func (g *goAMLBuilder) address(a Address, kind string) *gAddress {
	return &gAddress{AddressType: g.lookup("address_type."+kind, kind), Address: clean(cmp.Or(a.Street, "UNKNOWN"), 100),
		City: clean(cmp.Or(a.City, "UNKNOWN"), 255), Zip: clean(a.ZIP, 10), CountryCode: cmp.Or(a.Country, "UNK"), State: clean(a.State, 255)}
}

// splitName splits a full name into first and last names at the last
// space; a single word is the last name.
func splitName(full string) (first, last string) {
	full = strings.TrimSpace(full)
	i := strings.LastIndex(full, " ")
	if i < 0 {
		return "UNKNOWN", cmp.Or(full, "UNKNOWN")
	}
	return full[:i], full[i+1:]
}

func goAMLAmount(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// CheckGoAML checks a goAML report against the structure WriteGoAML
// follows, for want of the FIU's schema: the root "report" with its
// mandatory elements in the schema's order; each transaction with its
// number, date, mode and a positive local amount, exactly one from side
// (t_from_my_client or t_from) and one to side, each holding exactly one
// of an account, a person or an entity and a country; and at least one
// report indicator.
func CheckGoAML(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	var root xmlNode
	if err := xml.Unmarshal(data, &root); err != nil {
		return fmt.Errorf("%w: not well-formed XML: %v", ErrGoAML, err)
	}
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if root.XMLName.Local != "report" {
		bad("root element %q, want report", root.XMLName.Local)
	}
	order := []string{"rentity_id", "rentity_branch", "submission_code", "report_code", "entity_reference", "fiu_ref_number",
		"submission_date", "currency_code_local", "reporting_person", "location", "reason", "action", "transaction", "activity", "report_indicators"}
	if err := root.inOrder(order); err != nil {
		bad("report: %v", err)
	}
	for _, name := range []string{"rentity_id", "submission_code", "report_code", "submission_date", "currency_code_local"} {
		if root.text(name) == "" {
			bad("report: no %s", name)
		}
	}
	if _, err := strconv.Atoi(root.text("rentity_id")); err != nil {
		bad("report: rentity_id %q: want a number", root.text("rentity_id"))
	}
	if _, err := time.Parse(goAMLTime, root.text("submission_date")); err != nil {
		bad("report: submission_date %q: want %s", root.text("submission_date"), goAMLTime)
	}
	txs := root.all("transaction")
	acts := root.all("activity")
	switch {
	case len(txs) == 0 && len(acts) == 0:
		bad("report: neither transactions nor an activity")
	case len(txs) > 0 && len(acts) > 0:
		bad("report: both transactions and an activity, want one of them")
	case len(acts) > 1:
		bad("report: %d activities, want 1", len(acts))
	case len(acts) == 1:
		parties := acts[0].get("report_parties").all("report_party")
		if len(parties) == 0 {
			bad("activity: no report_party")
		}
		for i, p := range parties {
			if n := len(p.all("person")) + len(p.all("account")) + len(p.all("entity")); n != 1 {
				bad("activity: report_party %d holds %d of person, account and entity, want exactly 1", i+1, n)
			}
			if v, err := strconv.Atoi(p.text("significance")); err != nil || v < 0 || v > 10 {
				bad("activity: report_party %d: significance %q, want 0–10", i+1, p.text("significance"))
			}
		}
	}
	txOrder := []string{"transactionnumber", "internal_ref_number", "transaction_location", "transaction_description", "date_transaction",
		"teller", "authorized", "late_deposit", "date_posting", "value_date", "transmode_code", "transmode_comment", "amount_local",
		"t_from_my_client", "t_from", "t_to_my_client", "t_to", "goods_services", "comments"}
	for i, t := range txs {
		at := fmt.Sprintf("transaction %d (%s)", i+1, t.text("transactionnumber"))
		if err := t.inOrder(txOrder); err != nil {
			bad("%s: %v", at, err)
		}
		if t.text("transactionnumber") == "" || t.text("transmode_code") == "" {
			bad("%s: no transactionnumber or transmode_code", at)
		}
		if _, err := time.Parse(goAMLTime, t.text("date_transaction")); err != nil {
			bad("%s: date_transaction %q: want %s", at, t.text("date_transaction"), goAMLTime)
		}
		if v, err := strconv.ParseFloat(t.text("amount_local"), 64); err != nil || v <= 0 {
			bad("%s: amount_local %q: want a positive amount", at, t.text("amount_local"))
		}
		for _, side := range []struct{ prefix, mine, other string }{{"from", "t_from_my_client", "t_from"}, {"to", "t_to_my_client", "t_to"}} {
			nodes := append(t.all(side.mine), t.all(side.other)...)
			if len(nodes) != 1 {
				bad("%s: %d %s sides, want exactly 1 (%s or %s)", at, len(nodes), side.prefix, side.mine, side.other)
				continue
			}
			s := nodes[0]
			parties := len(s.all(side.prefix+"_account")) + len(s.all(side.prefix+"_person")) + len(s.all(side.prefix+"_entity"))
			if parties != 1 {
				bad("%s: %s side holds %d of account, person and entity, want exactly 1", at, side.prefix, parties)
			}
			if s.text(side.prefix+"_funds_code") == "" || s.text(side.prefix+"_country") == "" {
				bad("%s: %s side lacks its funds code or country", at, side.prefix)
			}
		}
	}
	if len(root.get("report_indicators").all("indicator")) == 0 {
		bad("report: no report indicator")
	}
	if len(errs) > 0 {
		return fmt.Errorf("%w: %w", ErrGoAML, errors.Join(errs...))
	}
	return nil
}

// xmlNode is any element, for CheckGoAML.
type xmlNode struct {
	XMLName  xml.Name
	Text     string    `xml:",chardata"`
	Children []xmlNode `xml:",any"`
}

func (n xmlNode) all(name string) []xmlNode {
	var out []xmlNode
	for _, c := range n.Children {
		if c.XMLName.Local == name {
			out = append(out, c)
		}
	}
	return out
}

func (n xmlNode) get(name string) xmlNode {
	if c := n.all(name); len(c) > 0 {
		return c[0]
	}
	return xmlNode{}
}

func (n xmlNode) text(name string) string { return strings.TrimSpace(n.get(name).Text) }

// inOrder reports a child element that is unknown or out of the order
// given (repeats of one element are allowed).
func (n xmlNode) inOrder(order []string) error {
	pos := -1
	for _, c := range n.Children {
		i := slices.Index(order, c.XMLName.Local)
		switch {
		case i < 0:
			return fmt.Errorf("unexpected element %s", c.XMLName.Local)
		case i < pos:
			return fmt.Errorf("element %s after %s", c.XMLName.Local, order[pos])
		}
		pos = i
	}
	return nil
}
