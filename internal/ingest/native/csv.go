package native

import (
	"strconv"
	"strings"
	"time"

	"github.com/centinela-aml/centinela/internal/ingest"
	"github.com/centinela-aml/centinela/internal/ingest/csvscan"
	"github.com/centinela-aml/centinela/internal/model"
)

// csvKind is one kind of native CSV file.
type csvKind struct {
	name     string
	columns  []string
	required []string
	parse    func(r *csvReader) (ingest.Record, *ingest.RowError)
}

var txColumns = []string{"tx_id", "timestamp", "originator_account", "beneficiary_account", "amount", "currency",
	"amount_received", "currency_received", "channel", "memo", "counterparty_name", "counterparty_country",
	"counterparty_type", "counterparty_naics", "counterparty_bank", "counterparty_account", "branch", "mcc"}

var accountColumns = []string{"account_id", "institution", "owners", "type", "currency", "opened", "closed", "branch"}

var partyColumns = []string{"party_id", "kind", "name", "given_name", "family_name", "name_script", "aliases",
	"former_names", "birth_date", "nationalities", "citizenships", "documents", "occupation", "declared_income",
	"expected_monthly_count", "expected_monthly_amount", "expected_countries", "source_of_funds", "address_line",
	"city", "region", "postal_code", "country", "phones", "emails", "device_ids", "onboarded", "onboarded_by",
	"naics", "employees", "annual_revenue", "incorporated", "owners"}

var labelColumns = []string{"case_id", "typology", "entity_kind", "entity_id", "note"}

var (
	txCSV      = csvKind{"transactions", txColumns, []string{"tx_id", "timestamp", "amount", "currency", "channel"}, parseTxRow}
	accountCSV = csvKind{"accounts", accountColumns, []string{"account_id"}, parseAccountRow}
	partyCSV   = csvKind{"parties", partyColumns, []string{"party_id", "kind", "name"}, parsePartyRow}
	labelCSV   = csvKind{"labels", labelColumns, []string{"case_id", "typology", "entity_kind", "entity_id"}, parseLabelRow}
)

// csvReader reads one native CSV file.
type csvReader struct {
	sc   *csvscan.Scanner
	kind *csvKind
	pos  map[string]int // column name → position in the row
}

// BlankLines returns the number of blank lines skipped so far.
func (r *csvReader) BlankLines() int { return r.sc.Blank() }

// Next returns the next row's record (see ingest.Reader).
func (r *csvReader) Next() (ingest.Record, error) {
	if err := r.sc.Next(); err != nil {
		return ingest.Record{}, err
	}
	rec, rerr := r.kind.parse(r)
	rec.Line = r.sc.Line()
	if rerr != nil {
		return rec, rerr
	}
	return rec, nil
}

func (r *csvReader) cell(column string) []byte {
	i, ok := r.pos[column]
	if !ok {
		return nil
	}
	return r.sc.Field(i)
}

func (r *csvReader) str(column string) string { return string(r.cell(column)) }

func (r *csvReader) bad(column, msg, want string) *ingest.RowError {
	i, ok := r.pos[column]
	if !ok {
		i = -1
	}
	return r.sc.ErrorNamed(i, column, msg, want)
}

func (r *csvReader) report(p *problem) *ingest.RowError {
	if p == nil {
		return nil
	}
	return r.bad(p.column, p.msg, p.want)
}

// decimal parses an optional decimal cell; set is false when it is empty.
func (r *csvReader) decimal(column string) (v float64, set bool, rerr *ingest.RowError) {
	b := r.cell(column)
	if len(b) == 0 {
		return 0, false, nil
	}
	v, err := csvscan.Decimal(b, 8)
	switch err {
	case nil:
		return v, true, nil
	case csvscan.ErrNegative:
		return 0, false, r.bad(column, "negative amount "+csvscan.Quote(b), "an amount of 0 or more")
	case csvscan.ErrTooPrecise:
		return 0, false, r.bad(column, csvscan.Quote(b)+" has more than 8 decimals", "a decimal with at most 8 decimals")
	}
	return 0, false, r.bad(column, csvscan.Quote(b)+" is not a decimal number", "digits with an optional . and decimals, such as 123.45")
}

func (r *csvReader) integer(column string) (v int, set bool, rerr *ingest.RowError) {
	b := r.cell(column)
	if len(b) == 0 {
		return 0, false, nil
	}
	n, err := csvscan.Uint(b)
	if err != nil || n > 1<<31 {
		return 0, false, r.bad(column, csvscan.Quote(b)+" is not a whole number", "an integer of 0 or more such as 12")
	}
	return int(n), true, nil
}

func (r *csvReader) date(column string) (model.Date, *ingest.RowError) {
	b := r.cell(column)
	d, err := csvscan.Date(b)
	if err != nil && err != csvscan.ErrEmpty {
		return model.Date{}, r.bad(column, csvscan.Quote(b)+" is not a date", "YYYY-MM-DD")
	}
	return d, nil
}

// list splits a list cell at ';', trimming spaces around each value.
func (r *csvReader) list(column string) []string {
	return splitList(r.str(column))
}

func splitList(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	parts := strings.Split(s, ";")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

const timestampWant = "an RFC 3339 timestamp with a zone such as 2025-03-01T14:05:00Z"

func parseTimestamp(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}

func parseTxRow(r *csvReader) (ingest.Record, *ingest.RowError) {
	tx := &model.Transaction{
		ID:               r.str("tx_id"),
		Originator:       r.str("originator_account"),
		Beneficiary:      r.str("beneficiary_account"),
		Currency:         r.str("currency"),
		CurrencyReceived: r.str("currency_received"),
		Channel:          model.Channel(r.str("channel")),
		Memo:             r.str("memo"),
		Branch:           r.str("branch"),
		MCC:              r.str("mcc"),
		Counterparty: model.Counterparty{
			Name:    r.str("counterparty_name"),
			Country: r.str("counterparty_country"),
			Type:    model.PartyKind(r.str("counterparty_type")),
			NAICS:   r.str("counterparty_naics"),
			Bank:    r.str("counterparty_bank"),
			Account: r.str("counterparty_account"),
		},
	}
	if ts := r.str("timestamp"); ts != "" {
		t, ok := parseTimestamp(ts)
		if !ok {
			return ingest.Record{}, r.bad("timestamp", quote(ts)+" is not a timestamp", timestampWant)
		}
		tx.Time = t
	}
	amt, set, rerr := r.decimal("amount")
	if rerr != nil {
		return ingest.Record{}, rerr
	}
	if !set {
		return ingest.Record{}, r.bad("amount", "empty", "the amount paid, such as 123.45")
	}
	tx.Amount = amt
	if tx.AmountReceived, _, rerr = r.decimal("amount_received"); rerr != nil {
		return ingest.Record{}, rerr
	}
	if rerr := r.report(validateTransaction(tx)); rerr != nil {
		return ingest.Record{}, rerr
	}
	return ingest.Record{Tx: tx}, nil
}

func parseAccountRow(r *csvReader) (ingest.Record, *ingest.RowError) {
	a := &model.Account{
		ID:          r.str("account_id"),
		Institution: r.str("institution"),
		Owners:      r.list("owners"),
		Type:        model.AccountType(r.str("type")),
		Currency:    r.str("currency"),
		Branch:      r.str("branch"),
	}
	var rerr *ingest.RowError
	if a.Opened, rerr = r.date("opened"); rerr != nil {
		return ingest.Record{}, rerr
	}
	if a.Closed, rerr = r.date("closed"); rerr != nil {
		return ingest.Record{}, rerr
	}
	if rerr := r.report(validateAccount(a)); rerr != nil {
		return ingest.Record{}, rerr
	}
	return ingest.Record{Account: a}, nil
}

func parsePartyRow(r *csvReader) (ingest.Record, *ingest.RowError) {
	p := &model.Party{
		ID:            r.str("party_id"),
		Kind:          model.PartyKind(r.str("kind")),
		Nationalities: r.list("nationalities"),
		Citizenships:  r.list("citizenships"),
		Occupation:    r.str("occupation"),
		SourceOfFunds: r.str("source_of_funds"),
		Address: model.Address{
			Line: r.str("address_line"), City: r.str("city"), Region: r.str("region"),
			PostalCode: r.str("postal_code"), Country: r.str("country"),
		},
		Phones:      r.list("phones"),
		Emails:      r.list("emails"),
		DeviceIDs:   r.list("device_ids"),
		OnboardedBy: r.str("onboarded_by"),
		NAICS:       r.str("naics"),
		Owners:      r.list("owners"),
	}
	if name := r.str("name"); name != "" {
		p.Names = append(p.Names, model.Name{Full: name, Given: r.str("given_name"), Family: r.str("family_name"),
			Script: model.Script(r.str("name_script")), Kind: model.NamePrimary})
	} else if r.str("given_name") != "" || r.str("family_name") != "" {
		return ingest.Record{}, r.bad("name", "empty while given_name or family_name is given", "the primary name as written")
	}
	for _, a := range r.list("aliases") {
		p.Names = append(p.Names, model.Name{Full: a, Kind: model.NameAlias})
	}
	for _, a := range r.list("former_names") {
		p.Names = append(p.Names, model.Name{Full: a, Kind: model.NameFormer})
	}
	var rerr *ingest.RowError
	if p.Documents, rerr = r.documents(); rerr != nil {
		return ingest.Record{}, rerr
	}
	dates := []struct {
		column string
		dst    *model.Date
	}{{"birth_date", &p.BirthDate}, {"onboarded", &p.Onboarded}, {"incorporated", &p.Incorporated}}
	for _, d := range dates {
		if *d.dst, rerr = r.date(d.column); rerr != nil {
			return ingest.Record{}, rerr
		}
	}
	for _, d := range []struct {
		column string
		dst    **float64
	}{{"declared_income", &p.DeclaredIncome}, {"annual_revenue", &p.AnnualRevenue}} {
		v, set, rerr := r.decimal(d.column)
		if rerr != nil {
			return ingest.Record{}, rerr
		}
		if set {
			*d.dst = &v
		}
	}
	employees, set, rerr := r.integer("employees")
	if rerr != nil {
		return ingest.Record{}, rerr
	}
	if set {
		p.Employees = &employees
	}
	count, setCount, rerr := r.integer("expected_monthly_count")
	if rerr != nil {
		return ingest.Record{}, rerr
	}
	amount, setAmount, rerr := r.decimal("expected_monthly_amount")
	if rerr != nil {
		return ingest.Record{}, rerr
	}
	countries := r.list("expected_countries")
	if setCount || setAmount || countries != nil {
		p.ExpectedActivity = &model.ExpectedActivity{MonthlyCount: count, MonthlyAmount: amount, Countries: countries}
	}
	if rerr := r.report(validateParty(p)); rerr != nil {
		return ingest.Record{}, rerr
	}
	return ingest.Record{Party: p}, nil
}

// documents parses the documents cell: "type:number:country:issued:expires:class"
// items separated by ';', trailing parts optional.
func (r *csvReader) documents() ([]model.IDDocument, *ingest.RowError) {
	const want = "type:number[:country[:issued[:expires[:class]]]] such as passport:E12345678:CN"
	var docs []model.IDDocument
	for i, item := range r.list("documents") {
		parts := strings.Split(item, ":")
		n := "document " + strconv.Itoa(i+1)
		if len(parts) < 2 || len(parts) > 6 {
			return nil, r.bad("documents", n+" "+quote(item)+" has "+strconv.Itoa(len(parts))+" parts", want)
		}
		for len(parts) < 6 {
			parts = append(parts, "")
		}
		d := model.IDDocument{Type: model.DocumentType(parts[0]), Number: parts[1], Country: parts[2], Class: parts[5]}
		for _, pd := range []struct {
			s, what string
			dst     *model.Date
		}{{parts[3], "issued", &d.Issued}, {parts[4], "expires", &d.Expires}} {
			v, err := csvscan.Date([]byte(pd.s))
			if err != nil && err != csvscan.ErrEmpty {
				return nil, r.bad("documents", n+": "+pd.what+" "+quote(pd.s)+" is not a date", "YYYY-MM-DD")
			}
			*pd.dst = v
		}
		docs = append(docs, d)
	}
	return docs, nil
}

func parseLabelRow(r *csvReader) (ingest.Record, *ingest.RowError) {
	l := model.Label{
		CaseID:     r.str("case_id"),
		Typology:   model.Typology(r.str("typology")),
		EntityKind: model.EntityKind(r.str("entity_kind")),
		EntityID:   r.str("entity_id"),
		Note:       r.str("note"),
	}
	if rerr := r.report(validateLabel(&l)); rerr != nil {
		return ingest.Record{}, rerr
	}
	return ingest.Record{Labels: []model.Label{l}}, nil
}
