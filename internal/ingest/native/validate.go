package native

import (
	"math"
	"strconv"

	"github.com/centinela-aml/centinela/internal/ingest/csvscan"
	"github.com/centinela-aml/centinela/internal/model"
)

// Limits of docs/formats.md, "Types".
const (
	maxText = 1000
	maxID   = 128
)

// problem is one rule a record breaks: the CSV column and the JSON path of
// the value at fault, what was wrong and what was expected.
type problem struct {
	column string   // CSV column name
	path   []string // JSON path ("counterparty", "country"); nil: the column name
	msg    string
	want   string
}

func (p *problem) jsonPath() []string {
	if p.path != nil {
		return p.path
	}
	return []string{p.column}
}

// checker collects the first problem of a record.
type checker struct{ p *problem }

func (c *checker) fail(column string, path []string, msg, want string) {
	if c.p == nil {
		c.p = &problem{column: column, path: path, msg: msg, want: want}
	}
}

func quote(s string) string { return csvscan.Quote([]byte(s)) }

// text checks free text; multiline allows tabs and line feeds (memo).
func (c *checker) text(column string, path []string, s string, multiline bool) {
	if p := csvscan.TextProblem([]byte(s), maxText, multiline); p != "" {
		c.fail(column, path, p, "text of at most 1000 characters without control characters")
	}
}

// id checks an identifier; required says whether it may be empty.
func (c *checker) id(column string, path []string, s string, required bool) {
	if s == "" {
		if required {
			c.fail(column, path, "empty", "an identifier")
		}
		return
	}
	if p := csvscan.TextProblem([]byte(s), maxID, false); p != "" {
		c.fail(column, path, p, "an identifier of at most 128 characters without control characters")
	}
}

func (c *checker) country(column string, path []string, s string) {
	if s != "" && !model.ValidCountry(s) {
		c.fail(column, path, "unknown country "+quote(s), "an ISO 3166-1 alpha-2 code in upper case such as MX")
	}
}

func (c *checker) countries(column string, list []string) {
	for i, s := range list {
		c.country(column, []string{column, strconv.Itoa(i)}, s)
	}
}

func (c *checker) currency(column string, s string, required bool) {
	switch {
	case s == "" && required:
		c.fail(column, nil, "empty", "an ISO 4217 code such as USD")
	case s != "" && !model.ValidCurrency(s):
		c.fail(column, nil, "unknown currency "+quote(s), "an ISO 4217 code in upper case such as USD (or BTC)")
	}
}

func (c *checker) amount(column string, path []string, v float64) {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		c.fail(column, path, "not a number", "a decimal such as 123.45")
	case v < 0:
		c.fail(column, path, "negative amount "+strconv.FormatFloat(v, 'f', -1, 64), "an amount of 0 or more")
	}
}

func (c *checker) digits(column string, path []string, s string, lo, hi int, want string) {
	if s == "" {
		return
	}
	ok := len(s) >= lo && len(s) <= hi
	for i := 0; ok && i < len(s); i++ {
		ok = s[i] >= '0' && s[i] <= '9'
	}
	if !ok {
		c.fail(column, path, quote(s)+" is not "+want, want)
	}
}

func (c *checker) texts(column string, list []string) {
	for i, s := range list {
		if s == "" {
			c.fail(column, []string{column, strconv.Itoa(i)}, "empty list item", "non-empty values separated by ;")
		}
		c.text(column, []string{column, strconv.Itoa(i)}, s, false)
	}
}

func (c *checker) ids(column string, list []string) {
	for i, s := range list {
		c.id(column, []string{column, strconv.Itoa(i)}, s, true)
	}
}

const channelList = "wire, ach, p2p, card, cash_deposit, cash_withdrawal, cashiers_check, check, crypto, internal, cash, transfer"

func validateTransaction(t *model.Transaction) *problem {
	var c checker
	c.id("tx_id", []string{"id"}, t.ID, true)
	if t.Time.IsZero() {
		c.fail("timestamp", nil, "empty", "an RFC 3339 timestamp with a zone such as 2025-03-01T14:05:00Z")
	}
	if t.Channel == "" {
		c.fail("channel", nil, "empty", "one of "+channelList)
	} else if !t.Channel.Valid() {
		c.fail("channel", nil, "unknown channel "+quote(string(t.Channel)), "one of "+channelList)
	}
	if t.Originator == "" && t.Channel != model.ChannelCashDeposit {
		c.fail("originator_account", nil, "empty", "the account debited (required unless channel is cash_deposit)")
	}
	c.id("originator_account", nil, t.Originator, false)
	if t.Beneficiary == "" && t.Channel != model.ChannelCashWithdrawal {
		c.fail("beneficiary_account", nil, "empty", "the account credited (required unless channel is cash_withdrawal)")
	}
	c.id("beneficiary_account", nil, t.Beneficiary, false)
	c.amount("amount", nil, t.Amount)
	c.currency("currency", t.Currency, true)
	c.amount("amount_received", nil, t.AmountReceived)
	c.currency("currency_received", t.CurrencyReceived, false)
	switch {
	case t.AmountReceived != 0 && t.CurrencyReceived == "":
		c.fail("currency_received", nil, "empty while amount_received is given", "the currency of amount_received")
	case t.CurrencyReceived != "" && t.AmountReceived == 0:
		c.fail("amount_received", nil, "empty or 0 while currency_received is given", "the amount credited")
	}
	c.text("memo", nil, t.Memo, true)
	cp := t.Counterparty
	c.text("counterparty_name", []string{"counterparty", "name"}, cp.Name, false)
	c.country("counterparty_country", []string{"counterparty", "country"}, cp.Country)
	if cp.Type != "" && !cp.Type.Valid() {
		c.fail("counterparty_type", []string{"counterparty", "type"}, "unknown party kind "+quote(string(cp.Type)), "person or organization")
	}
	c.digits("counterparty_naics", []string{"counterparty", "naics"}, cp.NAICS, 2, 6, "2 to 6 digits (NAICS)")
	c.text("counterparty_bank", []string{"counterparty", "bank"}, cp.Bank, false)
	c.text("counterparty_account", []string{"counterparty", "account"}, cp.Account, false)
	c.text("branch", nil, t.Branch, false)
	c.digits("mcc", nil, t.MCC, 4, 4, "4 digits (ISO 18245 merchant category code)")
	return c.p
}

const accountTypeList = "checking, savings, credit_card, loan, investment, prepaid, escrow, crypto_wallet, other"

func validateAccount(a *model.Account) *problem {
	var c checker
	c.id("account_id", []string{"id"}, a.ID, true)
	c.text("institution", nil, a.Institution, false)
	c.ids("owners", a.Owners)
	if a.Type != "" && !a.Type.Valid() {
		c.fail("type", nil, "unknown account type "+quote(string(a.Type)), "one of "+accountTypeList)
	}
	c.currency("currency", a.Currency, false)
	if !a.Closed.IsZero() && !a.Opened.IsZero() && a.Closed.Before(a.Opened.Time) {
		c.fail("closed", nil, "closed "+a.Closed.String()+" before opened "+a.Opened.String(), "a date not before opened")
	}
	c.text("branch", nil, a.Branch, false)
	return c.p
}

const documentTypeList = "passport, national_id, drivers_license, tax_id, rfc, curp, visa, residence_permit, other"

func validScript(s model.Script) bool {
	if len(s) != 4 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 1; i < 4; i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

// validateParty checks a party and fills in the scripts of its names.
func validateParty(p *model.Party) *problem {
	var c checker
	c.id("party_id", []string{"id"}, p.ID, true)
	if p.Kind == "" {
		c.fail("kind", nil, "empty", "person or organization")
	} else if !p.Kind.Valid() {
		c.fail("kind", nil, "unknown party kind "+quote(string(p.Kind)), "person or organization")
	}
	if len(p.Names) == 0 {
		c.fail("name", []string{"names"}, "no name", "the party's name")
	}
	for i := range p.Names {
		n := &p.Names[i]
		path := func(f string) []string { return []string{"names", strconv.Itoa(i), f} }
		column := "name"
		switch n.Kind {
		case model.NameAlias:
			column = "aliases"
		case model.NameFormer:
			column = "former_names"
		}
		if n.Full == "" {
			c.fail(column, path("full"), "empty name", "the name as written")
		}
		c.text(column, path("full"), n.Full, false)
		c.text("given_name", path("given"), n.Given, false)
		c.text("family_name", path("family"), n.Family, false)
		if n.Kind != "" && !n.Kind.Valid() {
			c.fail("name", path("kind"), "unknown name kind "+quote(string(n.Kind)), "primary, alias or former")
		}
		if n.Script == "" {
			n.Script = model.DetectScript(n.Full)
		} else if !validScript(n.Script) {
			c.fail("name_script", path("script"), quote(string(n.Script))+" is not a script code", "an ISO 15924 code such as Latn, Hani, Cyrl, Arab")
		}
	}
	c.countries("nationalities", p.Nationalities)
	c.countries("citizenships", p.Citizenships)
	for i, d := range p.Documents {
		path := func(f string) []string { return []string{"documents", strconv.Itoa(i), f} }
		if !d.Type.Valid() {
			c.fail("documents", path("type"), "unknown document type "+quote(string(d.Type)), "one of "+documentTypeList)
		}
		if d.Number == "" {
			c.fail("documents", path("number"), "document without a number", "type:number[:country:issued:expires:class]")
		}
		c.id("documents", path("number"), d.Number, false)
		c.country("documents", path("country"), d.Country)
		c.text("documents", path("class"), d.Class, false)
	}
	c.text("occupation", nil, p.Occupation, false)
	if p.DeclaredIncome != nil {
		c.amount("declared_income", nil, *p.DeclaredIncome)
	}
	if ea := p.ExpectedActivity; ea != nil {
		if ea.MonthlyCount < 0 {
			c.fail("expected_monthly_count", []string{"expected_activity", "monthly_count"}, "negative count", "an integer of 0 or more")
		}
		c.amount("expected_monthly_amount", []string{"expected_activity", "monthly_amount"}, ea.MonthlyAmount)
		for i, s := range ea.Countries {
			c.country("expected_countries", []string{"expected_activity", "countries", strconv.Itoa(i)}, s)
		}
	}
	c.text("source_of_funds", nil, p.SourceOfFunds, false)
	c.text("address_line", []string{"address", "line"}, p.Address.Line, false)
	c.text("city", []string{"address", "city"}, p.Address.City, false)
	c.text("region", []string{"address", "region"}, p.Address.Region, false)
	c.text("postal_code", []string{"address", "postal_code"}, p.Address.PostalCode, false)
	c.country("country", []string{"address", "country"}, p.Address.Country)
	c.texts("phones", p.Phones)
	c.texts("emails", p.Emails)
	c.texts("device_ids", p.DeviceIDs)
	c.text("onboarded_by", nil, p.OnboardedBy, false)
	c.digits("naics", nil, p.NAICS, 2, 6, "2 to 6 digits (NAICS)")
	if p.Employees != nil && *p.Employees < 0 {
		c.fail("employees", nil, "negative head count", "an integer of 0 or more")
	}
	if p.AnnualRevenue != nil {
		c.amount("annual_revenue", nil, *p.AnnualRevenue)
	}
	c.ids("owners", p.Owners)
	return c.p
}

func validTypology(s model.Typology) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || (c == '-' || c == '_') && i > 0) {
			return false
		}
	}
	return true
}

func validateLabel(l *model.Label) *problem {
	var c checker
	c.id("case_id", nil, l.CaseID, true)
	if !validTypology(l.Typology) {
		c.fail("typology", nil, "typology "+quote(string(l.Typology))+" is not an upper-case name", "a typology such as FAN-IN or STRUCTURING")
	}
	if !l.EntityKind.Valid() {
		c.fail("entity_kind", nil, "unknown entity kind "+quote(string(l.EntityKind)), "transaction, party or account")
	}
	c.id("entity_id", nil, l.EntityID, true)
	c.text("note", nil, l.Note, false)
	return c.p
}
